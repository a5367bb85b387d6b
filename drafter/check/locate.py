"""Finding the parts of a công văn by content first, then position (docs/checker.md).

The Quốc hiệu and tiêu ngữ anchor the header table; the issuer is the nearest filled
cell to their left, the Số, V/v and stamps are in the left column below it, the date in
the right one. Kính gửi is the first line after the header that starts with it; the body
runs from its last item to the closing table around `Nơi nhận`, whose other cell holds
the signature. A part that is not found stays None: the check that owns it says so and
the checks that depend on it are skipped.
"""

from __future__ import annotations

import re
from typing import Any

from drafter.check.context import CheckContext
from drafter.check.kind import DocKind, by_code, by_title
from drafter.check.text import (
    CAN_CU_START,
    CENTRE_HEAD_LOOSE,
    CENTRE_HEAD_RE,
    DIEM_RE,
    DIEU_LOOSE,
    DIEU_RE,
    INVITE_RE,
    KHOAN_RE,
    LUU_RE,
    MUC_RE,
    clean,
    is_char_rule,
    is_date,
    is_so,
    is_upper_text,
    is_vv,
    key,
    no_lower,
    starts_dash,
    starts_key,
)
from drafter.docx.document import Cell, Line, Para, Table

TITLE_SEARCH_PARAS = 15  # non-empty paragraphs after the header searched for a tên loại
TITLE_SUBJECT_PARAS = 4  # paragraphs a trích yếu may take
SUBJECT_MAX_BEFORE_TW = 120  # a paragraph with 6 pt before starts a new block
DECISION_SEARCH_PARAS = 80  # paragraphs searched for `QUYẾT ĐỊNH:`


class Locator(CheckContext):
    """Fills the parts of `CheckContext` (qh, tn, issuer, so, date, vv, kg, body, …)."""

    def _find_header(self) -> None:
        qh_key = key(self.L.quoc_hieu)
        lines = self.body_lines
        for ln in lines:
            k = key(ln.text)
            if qh_key in k or (k.startswith(qh_key[:12]) and len(k) < len(qh_key) + 4):
                self.qh = ln
                break
        anchor = self.qh
        if self.qh is not None:
            cont_lines = self._container_lines(self.qh.para.container)
            rest = self._after(self.qh, cont_lines)
            if qh_key not in key(self.qh.text) and rest:
                nxt = next((ln for ln in rest if ln.text.strip()), None)
                if nxt is not None and qh_key in key(self.qh.text + nxt.text):
                    self.qh_extra = nxt
                    rest = self._after(nxt, cont_lines)
            skipped_empty = False
            for ln in rest[:6]:
                if not ln.text.strip():
                    skipped_empty = True
                    continue
                if self._is_tn(ln):
                    self.tn = ln
                    self.tn_adjacent = not skipped_empty
                break
            if self.tn is None:
                self.tn = next((ln for ln in rest if self._is_tn(ln)), None)
                self.tn_adjacent = False
        if self.tn is None:
            self.tn = next((ln for ln in lines if self._is_tn(ln)), None)
            self.tn_adjacent = self.qh is None
        if anchor is None:
            anchor = self.tn
        if anchor is None:
            self._header_linear(None)
            return
        cell = anchor.para.cell
        if cell is not None:
            table = cell.table
            self.htable = table
            row = table.rows[cell.row]
            left = [c for c in row.cells if c.grid_start < cell.grid_start]
            filled = [c for c in left if any(not p.empty for p in c.paras())]
            self.issuer_cell = (filled or left or [None])[-1]
            rows = table.rows[cell.row :]

            def overlap(c: Cell, ref: Cell) -> bool:
                return (
                    c.grid_start < ref.grid_start + ref.span
                    and ref.grid_start < c.grid_start + c.span
                )

            right = [c for r in rows for c in r.cells if overlap(c, cell)]
            self.right_lines = self._cell_lines(right)
            if self.issuer_cell is not None:
                ic = self.issuer_cell
                lcells = [
                    c for r in rows for c in r.cells if overlap(c, ic) and not overlap(c, cell)
                ]
                self.left_lines = self._cell_lines(lcells)
                self.issuer = self._issuer_lines(self._cell_lines([ic]))
            top = table.top()
            self.header_end = next(
                (i + 1 for i, b in enumerate(self.doc.body.blocks) if b is top), 0
            )
        else:
            self._header_linear(anchor)
        self._split_chu_quan()
        self._find_so_date_vv()

    def _is_tn(self, line: Line) -> bool:
        k = key(line.text)
        return "DOCLAP" in k or "HANHPHUC" in k or ("TUDO" in k and len(k) < 40)

    def _header_linear(self, anchor: Line | None) -> None:
        """No header table: the header is the run of body lines before Kính gửi."""
        blocks = self.doc.body.blocks
        end = len(blocks)
        for i, b in enumerate(blocks):
            if isinstance(b, Para) and starts_key(b.text, "KINHGUI"):
                end = i
                break
        region = [ln for b in blocks[: min(end, 40)] if isinstance(b, Para) for ln in b.lines]
        self.left_lines = self.right_lines = region
        if anchor is not None and anchor.para.container.kind == "body":
            before = []
            for ln in reversed(region[: region.index(anchor)] if anchor in region else []):
                if not ln.text.strip():
                    if before:
                        break
                    continue
                before.insert(0, ln)
                if len(before) >= 4:
                    break
            self.issuer = self._issuer_lines(before)
        if anchor is not None:
            idx = next((i for i, b in enumerate(blocks) if b is anchor.para), -1)
            self.header_end = idx + 1 if idx >= 0 else 0

    def _issuer_lines(self, lines: list[Line]) -> list[Line]:
        out: list[Line] = []
        first_para = lines[0].para if lines else None
        for ln in lines:
            if not ln.text.strip():
                if out and ln.para is not out[-1].para:
                    break
                if out and ln.para is out[-1].para:
                    break
                continue
            if is_so(ln) or is_vv(ln) or is_char_rule(ln) or self._stamp_text(ln) or is_date(ln):
                break
            if (
                ln.para.cell is not None
                and first_para is not None
                and ln.para.cell is not first_para.cell
            ):
                break
            if out and "top" in ln.para.fmt.borders and ln.para is not out[-1].para:
                break
            out.append(ln)
            if len(out) >= 6:
                break
            if "bottom" in ln.para.fmt.borders and ln is ln.para.lines[-1]:
                break
        return out

    def _split_chu_quan(self) -> None:
        lines = self.issuer
        if any(ln.all_bold() for ln in lines):
            i = next(i for i, ln in enumerate(lines) if ln.all_bold())
            self.chu_quan, self.issuer = lines[:i], lines[i:]

    def _find_so_date_vv(self) -> None:
        after_issuer = self.left_lines
        if self.issuer:
            rest = self._after(self.issuer[-1], self.left_lines)
            after_issuer = rest if rest else self.left_lines
        self.so = next((ln for ln in after_issuer if is_so(ln)), None)
        right = self.right_lines
        if self.tn is not None and self.tn in right:
            right = self._after(self.tn, right)
        self.date = next((ln for ln in right if is_date(ln)), None)
        if self.date is None:
            self.date = next((ln for ln in self.left_lines if is_date(ln)), None)
        start = self._after(self.so, after_issuer) if self.so is not None else after_issuer
        for ln in start:
            if not ln.text.strip() or is_char_rule(ln):
                continue
            if is_vv(ln):
                self.vv = ln
            break
        if self.vv is None:
            self.vv = next((ln for ln in start if is_vv(ln)), None)
        stamp_zone = self.left_lines + [ln for ln in self.right_lines if ln not in self.left_lines]
        blocks = self.doc.body.blocks
        for b in blocks[self.header_end :]:
            if isinstance(b, Para):
                if starts_key(b.text, "KINHGUI") or (
                    not b.empty and not self._stamp_text(b.lines[0])
                ):
                    break
                stamp_zone.extend(b.lines)
            else:
                break
        for tb_line in self.body_lines:
            if tb_line.para.container.kind == "textbox" and self._stamp_text(tb_line):
                stamp_zone.append(tb_line)
        seen: set[int] = set()
        for ln in stamp_zone:
            if id(ln) not in seen and self._stamp_text(ln):
                seen.add(id(ln))
                self.stamps.append(ln)

    def _stamp_text(self, line: Line) -> str | None:
        t = clean(line.text).upper()
        names = {s.text for s in self.L.urgency_stamps.values()} | {
            s.text for s in self.L.secrecy_stamps.values()
        }
        names |= {n.replace("HỎA", "HOẢ") for n in names}
        return t if t in names else None

    # the kind and its title block (kinds.md §2) -------------------------------------------
    def _find_title(self) -> None:
        """The tên loại line and, from it or else from the Số code, the kind; then the
        trích yếu under it and the rule under that (the title block)."""
        found = self._title_line()
        if found is not None and self.vv is not None and self.title_before is not None:
            # a công văn (it has its V/v) whose body holds a line like `THÔNG BÁO`
            found, self.title_before = None, None
        if found is not None:
            self.title, self.kind = found
            self.kind_by = "title"
        elif self.vv is None and (code_kind := by_code(self.so_code())) is not None:
            self.kind, self.kind_by = code_kind, "code"
        if not self.kind.titled:
            return
        if self.vv is not None and self.vv.para.container.kind == "body":
            # a header laid out without a table: a `Về việc …` trích yếu is not a V/v line
            title_at = self._block_index(self.title.para) if self.title else self.header_end
            if self._block_index(self.vv.para) >= title_at:
                self.vv = None
        self.subject = self._subject_lines()
        anchor = self.subject or ([self.title] if self.title else [])
        if not anchor:
            self.title_end = self.header_end
            return
        cont = self._container_lines(anchor[-1].para.container)
        self.title_rule = self.rule_under(anchor, cont)
        last = anchor[-1].para
        rule_para = self.title_rule.para
        if self.title_rule.kind in ("border", "shape", "chars") and rule_para is not None:
            last = rule_para
        if last.container.kind == "body":
            self.title_end = max(self.header_end, self._block_index(last) + 1)
        else:
            self.title_end = self.header_end

    def so_code(self) -> str:
        """The type code of the Số line's ký hiệu (`QĐ` in `Số: 15/QĐ-UBND`), or ""."""
        if self.so is None:
            return ""
        m = re.match(r"^\s*S[ốỐ]\s*:?[^/]*/\s*([^-/\s]+)", clean(self.so.text))
        return m.group(1) if m else ""

    def _title_line(self) -> tuple[Line, DocKind] | None:
        """The first line reading as a tên loại among the first paragraphs after the
        header (else inside the header table); notes body text printed before it."""
        before: Para | None = None
        seen = 0
        for b in self.doc.body.blocks[self.header_end :]:
            if not isinstance(b, Para) or b.empty:
                continue
            for ln in b.lines:
                kind = by_title(clean(ln.text))
                if kind is not None:
                    self.title_before = before
                    return ln, kind
            if before is None and not self._header_like(b):
                before = b
            seen += 1
            if seen >= TITLE_SEARCH_PARAS:
                break
        if self.htable is not None:
            for p in self.htable.paras():
                for ln in p.lines:
                    kind = by_title(clean(ln.text))
                    if kind is not None:
                        self.title_in_header = True
                        return ln, kind
        return None

    def _header_like(self, p: Para) -> bool:
        """A paragraph of the header laid out without a table (Số, date, stamps, rules)."""
        header = {id(ln) for ln in (*self.issuer, *self.chu_quan, self.qh, self.tn) if ln}
        return any(
            id(ln) in header
            or is_so(ln)
            or is_date(ln)
            or is_vv(ln)
            or is_char_rule(ln)
            or self._stamp_text(ln)
            for ln in p.lines
        )

    def _subject_lines(self) -> list[Line]:
        """The trích yếu: the paragraphs right under the tên loại (no empty line between),
        the first unless it reads as something else, the next ones while they continue it
        (aligned as the first, no space before, not upper case). Without a tên loại: a
        centred paragraph right after the header."""
        if self.title is not None:
            out = [ln for ln in self.title.para.lines[self.title.idx + 1 :] if ln.text.strip()]
            paras = self._paras_after(self.title.para)
        else:
            paras = [b for b in self.doc.body.blocks[self.header_end :] if isinstance(b, Para)]
            paras = [p for p in paras if not p.empty][:1]
            if not paras or paras[0].fmt.jc != "center":
                return []
            out = []
        # the centred lines above the title's rule are the trích yếu, in capitals or not
        rule_at = next(
            (i for i, p in enumerate(paras[: TITLE_SUBJECT_PARAS + 1]) if "top" in p.fmt.borders),
            -1,
        )
        for i, p in enumerate(paras[:TITLE_SUBJECT_PARAS]):
            ruled = i < rule_at and p.fmt.jc == "center"
            if p.empty or not (self._subject_like(p, out[0].para if out else None) or ruled):
                break
            out.extend(ln for ln in p.lines if ln.text.strip())
            if "bottom" in p.fmt.borders:
                break
        return out

    def _subject_like(self, p: Para, first: Para | None) -> bool:
        """Whether `p` reads as (the start of, or after `first` the rest of) a trích yếu."""
        text = clean(p.text)
        if (
            starts_key(text, "KINHGUI")
            or CAN_CU_START.match(text)
            or DIEU_LOOSE.match(text)
            or CENTRE_HEAD_LOOSE.match(text)
            or INVITE_RE.search(text)
            or MUC_RE.match(text)
            or KHOAN_RE.match(text)
            or DIEM_RE.match(text)
            or by_title(text)
            or "top" in p.fmt.borders
            or p.shapes
            or is_char_rule(p.lines[0])
        ):
            return False
        if p.fmt.jc == "both" and p.fmt.first > 0:
            return False  # a body paragraph (justified, indented)
        if first is None:  # nor, in a quyết định, the upper-case authority line
            return not (self.kind.decision and is_upper_text(text))
        return (
            p.fmt.jc == first.fmt.jc
            and p.space_before() < SUBJECT_MAX_BEFORE_TW
            and not is_upper_text(text)
        )

    def _paras_after(self, para: Para) -> list[Para]:
        """The paragraphs after `para` in its container (top-level ones in the body)."""
        paras = para.container.flow()
        for i, p in enumerate(paras):
            if p is para:
                return paras[i + 1 :]
        return []

    # a quyết định's authority, căn cứ and `QUYẾT ĐỊNH:` (Mẫu 1.2) ---------------------------
    def _find_decision(self, start: int) -> int:
        """The authority line, the căn cứ and the `QUYẾT ĐỊNH:` line from block `start`;
        returns the block where the Điều (the body) begin."""
        blocks = self.doc.body.blocks
        paras: list[tuple[int, Para]] = []
        first_dieu = None
        for i, b in enumerate(blocks[start:], start):
            if isinstance(b, Table):  # the closing table, or one in the body: the Điều began
                break
            if b.empty:
                continue
            text = clean(b.text)
            if DIEU_LOOSE.match(text) and first_dieu is None:
                first_dieu = len(paras)
            if key(text) == key(self.kind.ten_loai) and text.endswith(":"):
                self.decision = b.lines[0]
                if first_dieu is not None:
                    self.decision_misplaced = "sau Điều 1"
                break
            paras.append((i, b))
            if len(paras) >= DECISION_SEARCH_PARAS:
                break
        if self.decision is None:
            # without the line: the căn cứ are the paragraphs that read as căn cứ
            lead = paras[:1] if paras and not CAN_CU_START.match(clean(paras[0][1].text)) else []
            rest = paras[len(lead) :]
            cut = next((n for n, (_, p) in enumerate(rest) if not self._can_cu_like(p)), len(rest))
            paras = lead + rest[:cut]
        elif first_dieu is not None:
            paras = paras[:first_dieu]
        if paras and not CAN_CU_START.match(clean(paras[0][1].text)):
            self.authority = paras[0][1].lines[0]
            paras = paras[1:]
        self.can_cu = [p for _, p in paras]
        if self.decision is not None and not self.decision_misplaced:
            after = self._paras_after(self.decision.para)
            nxt = next((p for p in after if not p.empty), None)
            if nxt is not None and CAN_CU_START.match(clean(nxt.text)):
                self.decision_misplaced = "trước các căn cứ"
        if self.decision is not None and not self.decision_misplaced:
            return self._block_index(self.decision.para) + 1
        if paras:
            return paras[-1][0] + 1
        if self.authority is not None:
            return self._block_index(self.authority.para) + 1
        return start

    def _can_cu_like(self, p: Para) -> bool:
        return bool(CAN_CU_START.match(clean(p.text))) or (
            any(ln.all_italic() for ln in p.lines) and not DIEU_LOOSE.match(clean(p.text))
        )

    def _classify_body(self) -> None:
        """Mark the body's `Phần I`/`Chương I` lines with the titles under them, and its
        Điều paragraphs."""
        body = [p for p in self.body if not p.empty]
        for i, p in enumerate(body):
            text = clean(p.text)
            if DIEU_RE.match(text):
                self.dieu_paras.append(p)
            if id(p) in self.centre_heads:
                continue
            centred = p.fmt.jc == "center"
            if CENTRE_HEAD_RE.match(text) or (centred and CENTRE_HEAD_LOOSE.match(text)):
                self.centre_heads[id(p)] = "line"
                nxt = body[i + 1] if i + 1 < len(body) else None
                title = clean(nxt.text) if nxt is not None else ""
                if nxt is not None and no_lower(title) and not MUC_RE.match(title):
                    self.centre_heads[id(nxt)] = "title"

    def _find_closing(self) -> None:
        """Kính gửi and its items, a quyết định's căn cứ, the body, Nơi nhận and its items,
        the signature."""
        body_start = max(self._find_kinh_gui(), self.title_end)
        if self.kind.decision:
            body_start = self._find_decision(body_start)
        self._find_noi_nhan(body_start)
        body_end = self._find_closing_table(body_start)
        blocks = self.doc.body.blocks
        decision = self.decision.para if self.decision is not None else None
        self.body = [
            b for b in blocks[body_start:body_end] if isinstance(b, Para) and b is not decision
        ]
        self._classify_body()
        self._find_noi_nhan_items()
        self._find_signature()

    def _find_kinh_gui(self) -> int:
        """Kính gửi and its list of items; returns the block where the body starts."""
        start = self.header_end
        kg_pos = self._kinh_gui_line(start)
        if self.kg is None:
            return start
        cont = self._container_lines(self.kg.para.container)
        self.kg_items = self._kg_items(self.kg, self._after(self.kg, cont))
        last = self.kg_items[-1] if self.kg_items else self.kg
        blocks = self.doc.body.blocks
        if last.para.container.kind == "body":
            return next((i + 1 for i, b in enumerate(blocks) if b is last.para), start)
        if kg_pos is not None:
            return kg_pos + 1
        return start

    def _kinh_gui_line(self, start: int) -> int | None:
        """The first line after the header block that starts with Kính gửi (else one in
        the header table or a text box); returns its block, if it is after the header."""
        blocks = self.doc.body.blocks
        for i, b in enumerate(blocks[start:], start):
            paras = [b] if isinstance(b, Para) else list(b.paras())
            for p in paras:
                for ln in p.lines:
                    if starts_key(ln.text, "KINHGUI"):
                        self.kg = ln
                        return i
        self.kg = next((ln for ln in self.body_lines if starts_key(ln.text, "KINHGUI")), None)
        return None

    def _find_noi_nhan(self, body_start: int) -> None:
        """The first `Nơi nhận` line at or after the body's start."""
        for ln in self.body_lines:
            if starts_key(ln.text, "NOINHAN") and self._block_index(ln.para) >= body_start:
                self.nn = ln
                break

    def _find_closing_table(self, body_start: int) -> int:
        """The closing table (around Nơi nhận, else the first two-column one after the
        body's start), its row and signature cell; returns the block where the body ends."""
        blocks = self.doc.body.blocks
        closing = self._closing_table(body_start)
        if closing is None:
            if self.nn is not None and self.nn.para.container.kind == "body":
                return self._block_index(self.nn.para)
            return len(blocks)
        top = closing.top()
        body_end = next((i for i, b in enumerate(blocks) if b is top), len(blocks))
        nn_cell = self.nn.para.cell if self.nn is not None else None
        row = closing.rows[nn_cell.row] if nn_cell is not None else next(iter(closing.rows), None)
        if row is not None:
            self.closing_row = row
            cands = [
                c for c in row.cells if c is not nn_cell and any(not p.empty for p in c.paras())
            ]
            if cands:
                self.sig_cell = cands[-1]
        return body_end

    def _closing_table(self, body_start: int) -> Table | None:
        if self.nn is not None and self.nn.para.cell is not None:
            return self.nn.para.cell.table
        for b in self.doc.body.blocks[body_start:]:
            if isinstance(b, Table) and any(len(r.cells) >= 2 for r in b.rows):
                return b
        return None

    def _find_noi_nhan_items(self) -> None:
        """The lines under Nơi nhận: in a cell, all of them; in the body, the dashed items
        up to the Lưu line."""
        if self.nn is None:
            return
        cont = self._container_lines(self.nn.para.container)
        self.nn_items = [ln for ln in self._after(self.nn, cont) if ln.text.strip()]
        if self.nn.para.container.kind != "body":
            return
        items: list[Line] = []
        for ln in self.nn_items:
            if starts_dash(ln.text) or (items and LUU_RE.match(clean(items[-1].text))):
                items.append(ln)
                if not starts_dash(ln.text):
                    break
            else:
                break
        self.nn_items = items

    def _find_signature(self) -> None:
        """The signer's titles and name: the signature's lines, the last one the name."""
        sig_lines = [
            ln for ln in self._signature_lines() if not re.fullmatch(r"\(.*\)", clean(ln.text))
        ]
        if sig_lines:
            self.name = sig_lines[-1] if len(sig_lines) > 1 else None
            self.titles = sig_lines[:-1] if len(sig_lines) > 1 else sig_lines

    def _signature_lines(self) -> list[Line]:
        """The signature cell's lines, or without a closing table the lines after Nơi nhận's
        items."""
        if self.sig_cell is not None:
            return [ln for p in self.sig_cell.paras() for ln in p.lines if ln.text.strip()]
        if self.nn is None or self.nn.para.container.kind != "body":
            return []
        idx = self._block_index(self.nn.para)
        after_items = self._block_index(self.nn_items[-1].para) + 1 if self.nn_items else idx + 1
        tail = [b for b in self.doc.body.blocks[after_items:] if isinstance(b, Para)]
        return [ln for p in tail for ln in p.lines if ln.text.strip()]

    def _block_index(self, para: Para) -> int:
        blocks = self.doc.body.blocks
        target: Any = para
        while isinstance(target, Para) and target.cell is not None:
            target = target.cell.table.top()
        for i, b in enumerate(blocks):
            if b is target:
                return i
        return -1

    def _kg_items(self, kg: Line, rest: list[Line]) -> list[Line]:
        label = clean(kg.text)
        after = re.sub(r"^k[^:]*:?", "", label, count=1, flags=re.I).strip()
        if after and not after.endswith((";", ",")):
            return []
        items: list[Line] = []
        for ln in rest:
            if not ln.text.strip():
                if items:
                    break
                continue
            if not starts_dash(ln.text):
                break
            items.append(ln)
            if clean(ln.text).endswith(".") or len(items) > 80:
                break
        return items
