"""The state every check reads, and the tools several checks share.

`CheckContext` holds the document, the layout profile, the parts of the letter (found by
`drafter.check.locate`) and the findings so far. Its helpers word a finding and its
place (`add`), measure a line at its accepted size (`width`), read the rule under an
element (`rule_under`, `check_rule`: C10, C12), the white space between two lines
(`vgap`: C9, C15, C27), and run the property checks every element has (size, bold,
upright, centred). The check areas (page, header, recipients_body, closing) are
subclasses of it that the checker combines.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from drafter.check.findings import ERROR, MAX_PER_CHECK, Finding
from drafter.check.kind import DocKind, cong_van
from drafter.check.text import clamp, excerpt, is_char_rule, jc_name, main_size, mm, pt, rng, tw_of
from drafter.docx.document import Cell, Container, Doc, Line, Para, Row, Table, seg_width
from drafter.layout import Layout, Range


@dataclass
class Rule:
    """A rule under an element: how it is drawn, and its measures when it is a line."""

    kind: str  # border | shape | chars | underline | none
    length: int = 0
    centre: float | None = None
    weight_pt: float | None = None
    val: str = "single"
    para: Para | None = None


class CheckContext:
    """The document, its parts and the findings; the helpers the checks share."""

    def __init__(self, doc: Doc, layout: Layout) -> None:
        self.doc = doc
        self.L = layout
        self.findings: list[Finding] = []
        self.counts: dict[str, int] = {}
        sec = doc.sections[0]
        self.tw = sec.text_width
        self.centre_x = self.tw / 2
        self.body_lines: list[Line] = []
        self.pos: dict[int, int] = {}
        for p in doc.paras:
            for ln in p.lines:
                self.pos[id(ln)] = len(self.body_lines)
                self.body_lines.append(ln)
        # the parts of the letter, filled by drafter.check.locate.Locator (None or empty
        # when not found: the check that owns the part says so, the others skip it)
        self.qh: Line | None = None
        self.qh_extra: Line | None = None
        self.tn: Line | None = None
        self.tn_adjacent = True
        self.htable: Table | None = None
        self.issuer_cell: Cell | None = None
        self.left_lines: list[Line] = []
        self.right_lines: list[Line] = []
        self.chu_quan: list[Line] = []
        self.issuer: list[Line] = []
        self.so: Line | None = None
        self.date: Line | None = None
        self.vv: Line | None = None
        self.stamps: list[Line] = []
        self.kg: Line | None = None
        self.kg_items: list[Line] = []
        self.body: list[Para] = []
        self.nn: Line | None = None
        self.nn_items: list[Line] = []
        self.sig_cell: Cell | None = None
        self.titles: list[Line] = []
        self.name: Line | None = None
        self.closing_row: Row | None = None
        self.header_end = 0  # index in body.blocks after the header block
        # the kind (drafter.check.kind) and its parts, filled by Locator._find_title and
        # _find_decision: the title block (tên loại, trích yếu, rule) and a quyết định's
        # authority, căn cứ and `QUYẾT ĐỊNH:` line
        self.kind: DocKind = cong_van()
        self.kind_by = ""  # "title" or "code": what the kind was recognised from
        self.title: Line | None = None
        self.title_before: Para | None = None  # body text printed before the tên loại
        self.title_in_header = False  # the tên loại sits inside the header table
        self.subject: list[Line] = []
        self.title_rule: Rule | None = None
        self.title_end = 0  # index in body.blocks after the title block
        self.authority: Line | None = None
        self.can_cu: list[Para] = []
        self.decision: Line | None = None
        self.decision_misplaced = ""  # why `QUYẾT ĐỊNH:` is out of its place, if it is
        # body paragraphs that are not plain text: `Phần I`/`Chương I` lines and the
        # titles under them (K8 owns their alignment, not C21), and Điều paragraphs
        self.centre_heads: dict[int, str] = {}  # id(para) → "line" | "title"
        self.dieu_paras: list[Para] = []

    def add(
        self,
        check: str,
        element: str,
        message: str,
        where: Line | Para | str | None = None,
        *,
        severity: str = ERROR,
        approx: bool = False,
        suggestion: tuple[str, str] | None = None,
    ) -> None:
        """Record a finding, placed by the line or paragraph it is about (with an excerpt);
        past MAX_PER_CHECK findings of one check only the count is kept (see run)."""
        n = self.counts.get(check, 0) + 1
        self.counts[check] = n
        if n > MAX_PER_CHECK:
            return
        if isinstance(where, Line):
            loc = (
                f"{where.para.where}: “{excerpt(where.text)}”"
                if where.text.strip()
                else where.para.where
            )
        elif isinstance(where, Para):
            loc = f"{where.where}: “{excerpt(where.text)}”" if where.text.strip() else where.where
        else:
            loc = where or ""
        found, suggested = suggestion or ("", "")
        self.findings.append(
            Finding(
                check, severity, element, message, loc, approx, found=found, suggestion=suggested
            )
        )

    # reading containers ------------------------------------------------------------------
    def _container_lines(self, cont: Container) -> list[Line]:
        if cont.kind == "body":
            return [ln for b in cont.blocks if isinstance(b, Para) for ln in b.lines]
        return [ln for p in cont.paras() for ln in p.lines]

    def _after(self, line: Line, lines: list[Line]) -> list[Line]:
        for i, ln in enumerate(lines):
            if ln is line:
                return lines[i + 1 :]
        return []

    def _cell_lines(self, cells: Iterable[Cell]) -> list[Line]:
        return [ln for c in cells for p in c.paras() for ln in p.lines]

    def _all_paras(self) -> list[Para]:
        out = list(self.doc.paras)
        for paras in self.doc.part_paras.values():
            out.extend(paras)
        return out

    def _field_paras(self, cont: Container | None, name: str) -> list[Para]:
        if cont is None:
            return []
        return [p for p in cont.paras() if any(f.name == name for f in p.fields)]

    def _visible_text(self, cont: Container | None) -> str:
        if cont is None:
            return ""
        return "".join(s.text for p in cont.paras() for s in p.segs if s.field is None).strip()

    # geometry and rules ------------------------------------------------------------------
    def width(
        self, line: Line, sizes: Range, *, bold: bool | None = None, italic: bool | None = None
    ) -> int:
        """The line's width at its size clamped into the accepted range, so that a wrong size
        fires the size rule only (one defect, one check: see drafter.check)."""
        size = main_size(line)
        return line.width(clamp(size, sizes) if size else sizes.high, bold=bold, italic=italic)

    def wrapped_widths(self, line: Line, sizes: Range, *, bold: bool) -> list[int]:
        """The widths of the printed lines `line` wraps to in its box (greedy, between
        words, TNR metrics), at its size clamped into `sizes`."""
        size = main_size(line)
        size = clamp(size, sizes) if size else sizes.high
        left, right = line.avail()
        space = seg_width(" ", size, bold, False)
        widths: list[float] = []
        current = 0.0
        for word in line.text.split():
            w = seg_width(word, size, bold, False)
            if current and current + space + w > right - left:
                widths.append(current)
                current = w
            else:
                current = current + space + w if current else w
        return [round(w) for w in [*widths, current] if w]

    def rule_under(self, anchor: list[Line], cont_lines: list[Line]) -> Rule:
        """How the rule under the last anchor line is drawn (spec §2, Rules)."""
        if not anchor:
            return Rule("none")
        last = anchor[-1]
        if any(ln.any_underline() for ln in anchor):
            return Rule("underline", para=last.para)
        paras = {id(ln.para): ln.para for ln in anchor}
        for p in paras.values():
            for sh in p.shapes:
                return Rule("shape", sh.length, sh.centre, sh.weight_pt, para=p)
        if "bottom" in last.para.fmt.borders and last is last.para.lines[-1]:
            return self._border_rule(last.para, "bottom")
        seen = 0
        last_para = last.para
        for ln in self._after(last, cont_lines):
            p = ln.para
            if p is last_para:
                continue
            last_para = p
            if "top" in p.fmt.borders:
                return self._border_rule(p, "top")
            if p.empty and "bottom" in p.fmt.borders:
                return self._border_rule(p, "bottom")
            for sh in p.shapes:
                return Rule("shape", sh.length, sh.centre, sh.weight_pt, para=p)
            if is_char_rule(ln):
                return Rule("chars", para=p)
            if not p.empty:
                break
            seen += 1
            if seen > 3:
                break
        return Rule("none")

    def _border_rule(self, p: Para, side: str) -> Rule:
        b = p.fmt.borders[side]
        length = p.box_w - p.fmt.left - p.fmt.right
        return Rule("border", length, p.box_x + p.fmt.left + length / 2, b.width_pt, b.val, p)

    def check_rule(
        self,
        check: str,
        element: str,
        rule: Rule,
        expected: tuple[float, float] | None,
        centre: float | None,
        where: Line,
        ratio_of: int | None = None,
        *,
        ratios: Range | None = None,
        ratio_what: str = "dòng tên dài nhất",
        centre_tolerance: int | None = None,
    ) -> None:
        """The common part of C10, C12 and K3: drawn, single, thin, long enough, centred.

        `ratio_of` measures the length as a share (`ratios`, default the issuer rule's) of
        a line (`ratio_what` names it); `centre_tolerance` is in twips (default 1 mm)."""
        if rule.kind == "underline":
            self.add(
                check,
                element,
                "dùng gạch chân (underline) làm đường kẻ; cần một nét vẽ "
                "(viền trên/dưới của đoạn hoặc đường thẳng), không gạch chân chữ",
                where,
            )
            return
        if rule.kind == "chars":
            self.add(
                check,
                element,
                "đường kẻ được gõ bằng ký tự (“___”, “---”); cần một nét vẽ "
                "(viền đoạn hoặc đường thẳng)",
                rule.para or where,
            )
            return
        if rule.kind == "none":
            self.add(check, element, "không có đường kẻ bên dưới", where)
            return
        lo, hi = self.L.rule_widths_pt.low, self.L.rule_widths_pt.high
        if rule.weight_pt is not None and not lo <= rule.weight_pt <= hi:
            self.add(
                check, element, f"nét dày {pt(rule.weight_pt)} pt, cần {pt(lo)}–{pt(hi)} pt", where
            )
        if rule.kind == "border" and rule.val != "single":
            self.add(check, element, f"kiểu nét “{rule.val}”, cần nét đơn (single)", where)
        if ratio_of:
            r = rule.length / ratio_of
            rr = ratios or self.L.issuer_rule_ratios
            if r not in rr:
                self.add(
                    check,
                    element,
                    f"dài {mm(rule.length)} = {pt(r * 100)}% {ratio_what} ({mm(ratio_of)}); "
                    f"cần {pt(rr.low * 100)}–{pt(rr.high * 100)}%",
                    where,
                    approx=True,
                )
        elif expected is not None and not expected[0] <= rule.length <= expected[1]:
            self.add(
                check,
                element,
                f"dài {mm(rule.length)}, cần {mm(expected[0])}–{mm(expected[1])} (bằng độ dài dòng chữ ± 10%)",
                where,
                approx=True,
            )
        tol = (
            centre_tolerance
            if centre_tolerance is not None
            else tw_of(self.L.rule_centre_tolerance)
        )
        if centre is not None and rule.centre is not None and abs(rule.centre - centre) > tol:
            self.add(
                check,
                element,
                f"lệch tâm {mm(abs(rule.centre - centre))} so với dòng chữ phía trên (tối đa {mm(tol)})",
                where,
                approx=True,
            )

    def vgap(self, a: Line, b: Line) -> int:
        """Vertical white space between the bottom of line a and the top of line b (twips)."""
        if a.para is b.para:
            between = b.idx - a.idx - 1
            return max(0, between) * a.para.line_height()
        gap = (
            sum(1 for ln in a.para.lines[a.idx + 1 :] if not ln.text.strip()) * a.para.line_height()
        )
        ctx_same = a.para.fmt.ctx and a.para.fmt.style == b.para.fmt.style
        gap += 0 if ctx_same else a.para.space_after()
        paras = a.para.container.flow()
        try:
            ia, ib = paras.index(a.para), paras.index(b.para)
        except ValueError:
            return gap
        for p in paras[ia + 1 : ib]:
            gap += p.height()
        gap += 0 if ctx_same else b.para.space_before()
        gap += sum(1 for ln in b.para.lines[: b.idx] if not ln.text.strip()) * b.para.line_height()
        return gap

    # common property checks --------------------------------------------------------------
    def check_size(self, check: str, element: str, lines: list[Line], sizes: Range) -> bool:
        ok = True
        for ln in lines:
            bad = sorted(s for s in ln.sizes() if s not in sizes)
            if bad:
                ok = False
                shown = ", ".join(pt(s) for s in bad)
                self.add(check, element, f"cỡ chữ {shown} pt, cần {rng(sizes)} pt", ln)
        return ok

    def check_bold(self, check: str, element: str, lines: list[Line], want: bool) -> None:
        for ln in lines:
            if want and not ln.all_bold() and ln.visible:
                self.add(check, element, "chưa in đậm (cần chữ đậm)", ln)
            if not want and ln.any_bold():
                self.add(check, element, "đang in đậm (cần chữ thường, không đậm)", ln)

    def check_upright(self, check: str, element: str, lines: list[Line]) -> None:
        for ln in lines:
            if ln.any_italic():
                self.add(check, element, "đang in nghiêng (cần chữ đứng)", ln)

    def check_centred(self, check: str, element: str, lines: list[Line]) -> None:
        done: set[int] = set()
        for ln in lines:
            if id(ln.para) in done:
                continue
            done.add(id(ln.para))
            if ln.para.fmt.jc != "center":
                self.add(check, element, f"căn lề “{jc_name(ln.para.fmt.jc)}”, cần căn giữa", ln)
