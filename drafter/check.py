"""The thể thức checker: any .docx → findings citing checks C1…C30 of the layout spec.

`check_docx(data)` reads the package safely (drafter.docxpkg), resolves effective
formatting and geometry (drafter.docxfmt), finds the parts of a công văn by their
content and position, and runs the checks of docs/spec/nd30-layout.md §7. Every number
comes from drafter.layout; what is measured geometrically (widths, centres, gaps) uses
Times New Roman metrics and is flagged `approximate`. One defect fires one check: each
check owns one property of one element, and geometry uses each element's accepted size,
so a wrong size is reported by the size check only. Messages are Vietnamese: the
element, what was found, what the decree expects, and where.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from docx.shared import Length

from drafter.docxfmt import (
    AUTO_LINE,
    TNR_LINE_EM,
    Cell,
    Container,
    Doc,
    Line,
    Para,
    Row,
    Table,
    read_document,
    seg_width,
)
from drafter.docxpkg import NotADocxError, open_package
from drafter.layout import DEFAULT, Layout, Range, twips
from drafter.model import KY_HIEU_RE
from drafter.vntext import LIST_MARKS

__all__ = ["Finding", "NotADocxError", "Report", "check_docx", "check_path"]

ERROR, WARNING = "error", "warning"
MM_PER_CM = 10  # C27's range is in mm (layout), its message in cm
MAX_PER_CHECK = 25  # findings of one check before the rest are summed up


def unanchored(pattern: re.Pattern[str]) -> str:
    """A whole-string regex without its `^…$`, to build a larger rule from it."""
    return pattern.pattern.removeprefix("^").removesuffix("$")


# Text rules of spec §7 (regexes) and PL III type codes (C13). The ký hiệu after `/` is
# the one the letter format accepts (drafter.model), so a letter drafter takes is a Số
# line the checker takes.
SO_RE = re.compile(rf"^Số:( (0[1-9]|[1-9]\d+)| {{2,}})/{unanchored(KY_HIEU_RE)}$")
DATE_RE = re.compile(r"^[^,]+, ngày (0[1-9]|[12]\d|3[01]) tháng (0[12]|[3-9]|1[0-2]) năm \d{4}$")
DATE_DRAFT_RE = re.compile(r"^[^,]+, ngày {2,}tháng {2,}năm \d{4}$")
DATE_LOOSE = re.compile(
    r"^(?P<place>[^,]*),\s*ngày\s*(?P<d>\d+)\s*tháng\s*(?P<m>\d+)\s*năm\s*(?P<y>\d+)\s*\.?$", re.I
)
# Spec C28 is `^- Lưu: VT(, [^;]+)?\.$`; R8 also prints `- Lưu: VT (N- 47b).` when `luu`
# is just "VT" and a drafter code is given, so the bracketed code alone is accepted too.
LUU_RE = re.compile(r"^- Lưu: VT(, [^;]+| \([^;()]+\))?\.$")
NAME_TITLES = ("GS.", "PGS.", "TS.", "TSKH.", "ThS.")
TYPE_CODES_ERROR = {
    *("NQ", "QĐ", "CT", "QC", "QYĐ", "TC", "TB", "HD", "CTR", "KH", "PA", "ĐA", "DA", "BC"),
    *("BB", "TTR", "HĐ", "CĐ", "GUQ", "GM", "GGT", "GNP", "PG", "PC", "PB"),
}
TYPE_CODES_WARN = ("GN", "TTH", "UQ", "NP")
DASHES = LIST_MARKS  # a Kính gửi or Nơi nhận item starts with one
CHAR_RULE = re.compile(r"^[\s_\-–—.=~*·…]{3,}$")


# --- findings -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One defect: which check, how bad, which element, what is wrong, where."""

    check: str
    severity: str
    element: str
    message: str
    location: str = ""
    approximate: bool = False

    @property
    def text(self) -> str:
        """The sentence a văn thư reads: `Ngày ban hành: tháng 3 không viết số 0 …`."""
        tail = " (ước lượng theo cỡ chữ và độ rộng cột)" if self.approximate else ""
        return f"{self.element}: {self.message}{tail}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "severity": self.severity,
            "element": self.element,
            "message": self.message,
            "text": self.text,
            "location": self.location,
            "approximate": self.approximate,
        }


@dataclass
class Report:
    """Findings of one check run; `ok` when there is no error."""

    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def ids(self, severity: str | None = ERROR) -> set[str]:
        """The check ids that fired (errors by default; None for all)."""
        return {f.check for f in self.findings if severity is None or f.severity == severity}

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "findings": [f.to_dict() for f in self.findings],
        }


def check_docx(data: bytes, layout: Layout = DEFAULT) -> Report:
    """Check a .docx (bytes) against the công văn layout; NotADocxError if it is not one."""
    pkg = open_package(data)
    try:
        doc = read_document(pkg)
    except RecursionError as err:
        raise NotADocxError("Cấu trúc tệp lồng nhau quá sâu: không kiểm tra.") from err
    return _Checker(doc, layout).run()


def check_path(path: str, layout: Layout = DEFAULT) -> Report:
    """Check a file on disk; its size is checked before it is read."""
    import os

    from drafter.docxpkg import MAX_FILE_BYTES, _mb

    try:
        size = os.path.getsize(path)
    except OSError as err:
        raise NotADocxError(f"Không mở được tệp “{path}”: {err.strerror or err}.") from err
    if size > MAX_FILE_BYTES:
        raise NotADocxError(
            f"Tệp quá lớn ({_mb(size)}; tối đa {_mb(MAX_FILE_BYTES)}): không kiểm tra. "
            "Một công văn thường nhỏ hơn 1 MB."
        )
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise NotADocxError(f"Không đọc được tệp “{path}”: {err.strerror or err}.") from err
    return check_docx(data, layout)


# --- text helpers -------------------------------------------------------------------------


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def key(text: str) -> str:
    """Letters and digits only, no diacritics, upper case: for finding elements loosely."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return re.sub(
        r"[^A-Z0-9]", "", "".join(c for c in text if not unicodedata.combining(c)).upper()
    )


def clean(text: str) -> str:
    return " ".join(nfc(text).split())


def excerpt(text: str, n: int = 70) -> str:
    text = clean(text)
    return text if len(text) <= n else text[: n - 1] + "…"


def pt(x: float) -> str:
    """A point size the Vietnamese way: 12, 12,5."""
    s = f"{x:.1f}".rstrip("0").rstrip(".")
    return s.replace(".", ",")


def mm(tw: float) -> str:
    return f"{tw / 56.6929:.1f}".replace(".", ",") + " mm"


def rng(r: Range) -> str:
    return pt(r.low) if r.low == r.high else f"{pt(r.low)}–{pt(r.high)}"


def tw_of(length: Length) -> int:
    return twips(length)


def pt_of(length: Length) -> float:
    return length / 12700


def clamp(x: float, r: Range) -> float:
    return min(max(x, r.low), r.high)


def main_size(line: Line) -> float | None:
    sizes = [s.fmt.size for s in line.visible]
    return max(set(sizes), key=sizes.count) if sizes else None


def is_so(line: Line) -> bool:
    text = nfc(line.text)
    return bool(re.match(r"^\s*S[ốỐ]\s*(:|\.|\d|/)", text)) or (
        key(text[:4]) == "SO" and ":" in text[:5]
    )


def is_vv(line: Line) -> bool:
    k = key(line.text[:12])
    return k.startswith("VV") or k.startswith("VEVIEC")


def is_date(line: Line) -> bool:
    return bool(re.match(r"^[^,]{1,80},\s*ngày", nfc(line.text).strip(), re.I))


def is_char_rule(line: Line) -> bool:
    return bool(CHAR_RULE.match(line.text)) and bool(line.text.strip(" \t"))


def starts_dash(text: str) -> bool:
    t = text.lstrip()
    return bool(t) and t[0] in DASHES


@dataclass
class _Rule:
    """A rule under an element: how it is drawn, and its measures when it is a line."""

    kind: str  # border | shape | chars | underline | none
    length: int = 0
    centre: float | None = None
    weight_pt: float | None = None
    val: str = "single"
    para: Para | None = None


# --- the checker --------------------------------------------------------------------------


class _Checker:
    """Finds the elements, then runs every check; a failing check never stops the others."""

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
        # elements, filled by _find_*
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

    # findings ----------------------------------------------------------------------------
    def add(
        self,
        check: str,
        element: str,
        message: str,
        where: Line | Para | str | None = None,
        *,
        severity: str = ERROR,
        approx: bool = False,
    ) -> None:
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
        self.findings.append(Finding(check, severity, element, message, loc, approx))

    def run(self) -> Report:
        steps: list[tuple[str, Callable[[], None]]] = [
            ("", self._find_header),
            ("", self._find_closing),
            ("C1", self.c1_paper),
            ("C2", self.c2_margins),
            ("C3", self.c3_font),
            ("C4", self.c4_colour),
            ("C5", self.c5_nfc),
            ("C6", self.c6_page_number),
            ("C7", self.c7_sides),
            ("C8", self.c8_quoc_hieu),
            ("C9", self.c9_tieu_ngu),
            ("C10", self.c10_tieu_ngu_rule),
            ("C11", self.c11_issuer),
            ("C12", self.c12_issuer_rule),
            ("C13", self.c13_so),
            ("C14", self.c14_date),
            ("C15", self.c15_vv),
            ("C16", self.c16_no_title),
            ("C17", self.c17_stamps),
            ("C18", self.c18_kinh_gui),
            ("C19", self.c19_dashes),
            ("C20", self.c20_body_size),
            ("C21", self.c21_body_alignment),
            ("C22", self.c22_body_spacing),
            ("C23", self.c23_closing_mark),
            ("C24", self.c24_closing_sides),
            ("C25", self.c25_titles),
            ("C26", self.c26_name),
            ("C27", self.c27_gap),
            ("C28", self.c28_noi_nhan),
            ("C29", self.c29_footer),
            ("C30", self.c30_together),
        ]
        for check, step in steps:
            try:
                step()
            except RecursionError:
                raise
            except Exception as err:  # a checker bug must not hide the other checks
                self.findings.append(
                    Finding(
                        check or "C0",
                        WARNING,
                        "Trình kiểm tra",
                        f"không kiểm tra được ({type(err).__name__}: {err})",
                    )
                )
        for check, n in self.counts.items():
            if n > MAX_PER_CHECK:
                sev = next((f.severity for f in self.findings if f.check == check), ERROR)
                self.findings.append(
                    Finding(
                        check,
                        sev,
                        "Tổng hợp",
                        f"còn {n - MAX_PER_CHECK} lỗi cùng loại không liệt kê",
                    )
                )
        order = {f"C{i}": i for i in range(0, 40)}
        self.findings.sort(key=lambda f: order.get(f.check, 99))
        return Report(self.findings)

    # element finding ---------------------------------------------------------------------
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
            if isinstance(b, Para) and key(b.text).startswith("KINHGUI"):
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
                if key(b.text).startswith("KINHGUI") or (
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

    def _find_closing(self) -> None:
        blocks = self.doc.body.blocks
        start = self.header_end
        # Kính gửi: the first line after the header block that starts with it
        kg_pos = None
        for i, b in enumerate(blocks[start:], start):
            paras = [b] if isinstance(b, Para) else list(b.paras())
            for p in paras:
                for ln in p.lines:
                    if key(ln.text).startswith("KINHGUI"):
                        self.kg, kg_pos = ln, i
                        break
                if self.kg:
                    break
            if self.kg:
                break
        if self.kg is None:  # Kính gửi inside the header table or a text box
            for ln in self.body_lines:
                if key(ln.text).startswith("KINHGUI"):
                    self.kg = ln
                    break
        body_start = start
        if self.kg is not None:
            cont = self._container_lines(self.kg.para.container)
            self.kg_items = self._kg_items(self.kg, self._after(self.kg, cont))
            last = self.kg_items[-1] if self.kg_items else self.kg
            if last.para.container.kind == "body":
                body_start = next((i + 1 for i, b in enumerate(blocks) if b is last.para), start)
            elif kg_pos is not None:
                body_start = kg_pos + 1
        # Nơi nhận, and the closing table around it
        for ln in self.body_lines:
            if key(ln.text).startswith("NOINHAN") and self._block_index(ln.para) >= body_start:
                self.nn = ln
                break
        body_end = len(blocks)
        closing: Table | None = None
        if self.nn is not None and self.nn.para.cell is not None:
            closing = self.nn.para.cell.table
        else:
            for b in blocks[body_start:]:
                if isinstance(b, Table) and any(len(r.cells) >= 2 for r in b.rows):
                    closing = b
                    break
        if closing is not None:
            top = closing.top()
            body_end = next((i for i, b in enumerate(blocks) if b is top), body_end)
            row = None
            if self.nn is not None and self.nn.para.cell is not None:
                row = closing.rows[self.nn.para.cell.row]
            elif closing.rows:
                row = closing.rows[0]
            if row is not None:
                self.closing_row = row
                nn_cell = self.nn.para.cell if self.nn is not None else None
                cands = [
                    c for c in row.cells if c is not nn_cell and any(not p.empty for p in c.paras())
                ]
                if cands:
                    self.sig_cell = cands[-1]
        elif self.nn is not None and self.nn.para.container.kind == "body":
            body_end = self._block_index(self.nn.para)
        self.body = [b for b in blocks[body_start:body_end] if isinstance(b, Para)]
        if self.nn is not None:
            cont = self._container_lines(self.nn.para.container)
            self.nn_items = [ln for ln in self._after(self.nn, cont) if ln.text.strip()]
            if self.nn.para.container.kind == "body":
                items = []
                for ln in self.nn_items:
                    if starts_dash(ln.text) or (items and LUU_RE.match(clean(items[-1].text))):
                        items.append(ln)
                        if not starts_dash(ln.text):
                            break
                    else:
                        break
                self.nn_items = items
        sig_lines: list[Line] = []
        if self.sig_cell is not None:
            sig_lines = [ln for p in self.sig_cell.paras() for ln in p.lines if ln.text.strip()]
        elif self.nn is not None and self.nn.para.container.kind == "body":
            idx = self._block_index(self.nn.para)
            after_items = (
                self._block_index(self.nn_items[-1].para) + 1 if self.nn_items else idx + 1
            )
            tail = [b for b in blocks[after_items:] if isinstance(b, Para)]
            sig_lines = [ln for p in tail for ln in p.lines if ln.text.strip()]
        sig_lines = [ln for ln in sig_lines if not re.fullmatch(r"\(.*\)", clean(ln.text))]
        if sig_lines:
            self.name = sig_lines[-1] if len(sig_lines) > 1 else None
            self.titles = sig_lines[:-1] if len(sig_lines) > 1 else sig_lines

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

    # geometry helpers --------------------------------------------------------------------
    def width(
        self, line: Line, sizes: Range, *, bold: bool | None = None, italic: bool | None = None
    ) -> int:
        """The line's width at its size clamped into the accepted range (see module doc)."""
        size = main_size(line)
        return line.width(clamp(size, sizes) if size else sizes.high, bold=bold, italic=italic)

    def rule_under(self, anchor: list[Line], cont_lines: list[Line]) -> _Rule:
        """How the rule under the last anchor line is drawn (spec §2, Rules)."""
        if not anchor:
            return _Rule("none")
        last = anchor[-1]
        if any(ln.any_underline() for ln in anchor):
            return _Rule("underline", para=last.para)
        paras = {id(ln.para): ln.para for ln in anchor}
        for p in paras.values():
            for sh in p.shapes:
                return _Rule("shape", sh.length, sh.centre, sh.weight_pt, para=p)
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
                return _Rule("shape", sh.length, sh.centre, sh.weight_pt, para=p)
            if is_char_rule(ln):
                return _Rule("chars", para=p)
            if not p.empty:
                break
            seen += 1
            if seen > 3:
                break
        return _Rule("none")

    def _border_rule(self, p: Para, side: str) -> _Rule:
        b = p.fmt.borders[side]
        length = p.box_w - p.fmt.left - p.fmt.right
        return _Rule("border", length, p.box_x + p.fmt.left + length / 2, b.width_pt, b.val, p)

    def check_rule(
        self,
        check: str,
        element: str,
        rule: _Rule,
        expected: tuple[float, float] | None,
        centre: float | None,
        where: Line,
        ratio_of: int | None = None,
    ) -> None:
        """The common part of C10, C12: drawn, single, thin, long enough, centred."""
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
            rr = self.L.issuer_rule_ratios
            if r not in rr:
                self.add(
                    check,
                    element,
                    f"dài {mm(rule.length)} = {pt(r * 100)}% dòng tên dài nhất ({mm(ratio_of)}); "
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
        tol = tw_of(self.L.rule_centre_tolerance)
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
        cont = a.para.container
        paras = (
            list(cont.paras())
            if cont.kind != "body"
            else [x for x in cont.blocks if isinstance(x, Para)]
        )
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
                self.add(check, element, f"căn lề “{_jc(ln.para.fmt.jc)}”, cần căn giữa", ln)

    # C1, C2 ------------------------------------------------------------------------------
    def c1_paper(self) -> None:
        L = self.L
        w0, h0, tol = tw_of(L.page_width), tw_of(L.page_height), tw_of(L.page_tolerance)
        for i, s in enumerate(self.doc.sections):
            where = f"phần (section) {i + 1}"
            if s.width is None or s.height is None:
                self.add("C1", "Khổ giấy", "không khai báo khổ giấy; cần A4 (210 × 297 mm)", where)
                continue
            if abs(s.width - w0) <= tol and abs(s.height - h0) <= tol:
                continue
            if abs(s.width - h0) <= tol and abs(s.height - w0) <= tol:
                self.add(
                    "C1",
                    "Khổ giấy",
                    "khổ A4 nằm ngang; chỉ dùng khi có bảng rộng",
                    where,
                    severity=WARNING,
                )
                continue
            self.add(
                "C1",
                "Khổ giấy",
                f"{mm(s.width)} × {mm(s.height)}, cần A4 dọc 210 × 297 mm",
                where,
            )

    def c2_margins(self) -> None:
        L = self.L
        slack = L.margin_slack_tw
        names = (
            ("top", "trên", L.margin_top_tw),
            ("bottom", "dưới", L.margin_bottom_tw),
            ("left", "trái", L.margin_left_tw),
            ("right", "phải", L.margin_right_tw),
        )
        for i, s in enumerate(self.doc.sections):
            for attr, label, r in names:
                v = getattr(s, attr)
                where = f"phần (section) {i + 1}"
                if v is None:
                    self.add("C2", "Lề trang", f"không khai báo lề {label}", where)
                    continue
                v = abs(v)
                if not r.low - slack <= v <= r.high + slack:
                    self.add(
                        "C2",
                        "Lề trang",
                        f"lề {label} {mm(v)}, cần {mm(r.low)}–{mm(r.high)}",
                        where,
                    )

    # C3–C5 ---------------------------------------------------------------------------------
    def _all_paras(self) -> list[Para]:
        out = list(self.doc.paras)
        for paras in self.doc.part_paras.values():
            out.extend(paras)
        return out

    def c3_font(self) -> None:
        ok = set(self.L.accepted_fonts)
        for p in self._all_paras():
            bad: list[str] = []
            for s in p.segs:
                if s.label or not s.text.strip():
                    continue
                f = s.fmt
                slots = [f.ascii, f.hansi]
                if f.hint == "eastAsia" or _CJK.search(s.text):
                    slots.append(f.east_asia)
                if f.csflag or _COMPLEX.search(s.text):
                    slots.append(f.cs)
                for name in slots:
                    if name is not None and name not in ok and name not in bad:
                        bad.append(name)
            if bad:
                shown = ", ".join(f"“{b}”" for b in bad)
                self.add("C3", "Phông chữ", f"dùng phông {shown}; cần Times New Roman", p)

    def c4_colour(self) -> None:
        stamp_paras = {id(ln.para) for ln in self.stamps}
        allowed = {"AUTO", "000000"}
        for p in self._all_paras():
            colours: set[str] = set()
            marks: set[str] = set()
            for s in p.segs:
                if s.label or not s.text.strip():
                    continue
                c = s.fmt.color.upper()
                if c not in allowed and not (id(p) in stamp_paras and c == self.L.stamp_colour):
                    colours.add(c)
                if s.fmt.highlight:
                    marks.add(s.fmt.highlight)
            if colours:
                self.add(
                    "C4", "Màu chữ", f"chữ màu {', '.join(sorted(colours))}; cần màu đen (auto)", p
                )
            if marks:
                self.add(
                    "C4", "Màu chữ", f"có tô nền (highlight {', '.join(sorted(marks))}); cần bỏ", p
                )

    def c5_nfc(self) -> None:
        for p in self._all_paras():
            bad = [t for t in p.raw_texts if t != nfc(t)]
            if bad:
                self.add(
                    "C5",
                    "Mã Unicode",
                    f"chữ “{excerpt(bad[0], 30)}” gõ dạng tổ hợp (NFD); cần dựng sẵn (NFC, bảng mã Unicode dựng sẵn)",
                    p,
                )

    # C6 ------------------------------------------------------------------------------------
    def _field_paras(self, cont: Container | None, name: str) -> list[Para]:
        if cont is None:
            return []
        return [p for p in cont.paras() if any(f.name == name for f in p.fields)]

    def _visible_text(self, cont: Container | None) -> str:
        if cont is None:
            return ""
        return "".join(s.text for p in cont.paras() for s in p.segs if s.field is None).strip()

    def c6_page_number(self) -> None:
        doc = self.doc
        if not doc.sections:
            return
        s0 = doc.sections[0]
        el = "Số trang"
        first_h = doc.header_part("first") if s0.title_pg else None
        default_h = doc.header_part("default")
        page_paras = self._field_paras(default_h, "PAGE")
        for cont in doc.parts.values():
            if cont.kind == "footer" and self._field_paras(cont, "PAGE"):
                self.add(
                    "C6",
                    el,
                    "số trang đặt ở chân trang; cần đặt ở đầu trang (lề trên), căn giữa",
                    cont.where,
                )
        if s0.title_pg:
            if first_h is not None and (
                self._field_paras(first_h, "PAGE") or self._visible_text(first_h)
            ):
                self.add(
                    "C6",
                    el,
                    "đầu trang của trang 1 không trống (trang 1 không đánh số trang)",
                    first_h.where,
                )
        elif page_paras:
            self.add(
                "C6",
                el,
                "trang 1 đang hiện số trang: cần bật “Different First Page” (titlePg) "
                "với đầu trang trang 1 để trống",
                "đầu trang",
            )
        if not page_paras:
            pages = self._estimated_pages()
            if pages > 1:
                self.add(
                    "C6",
                    el,
                    f"văn bản khoảng {pages} trang nhưng không có trường số trang (PAGE) ở đầu trang; "
                    "cần đánh số từ trang 2, căn giữa lề trên",
                    "đầu trang",
                    approx=True,
                )
            return
        if doc.even_odd:
            even_h = doc.header_part("even")
            even_paras = self._field_paras(even_h, "PAGE")
            if not even_paras:
                self.add(
                    "C6",
                    el,
                    "đầu trang các trang chẵn không có số trang (PAGE)",
                    "đầu trang (trang chẵn)",
                )
            page_paras = page_paras + even_paras
        r = self.L.page_number_sizes
        for p in page_paras:
            if p.fmt.jc != "center":
                self.add("C6", el, f"số trang căn “{_jc(p.fmt.jc)}”, cần căn giữa", p)
            fmts = [f.fmt for f in p.fields if f.name == "PAGE" and f.fmt is not None]
            fmts += [s.fmt for s in p.segs if s.field == "PAGE" and s.text.strip()]
            sizes = sorted({f.size for f in fmts if f.size not in r})
            if sizes:
                self.add(
                    "C6",
                    el,
                    f"cỡ chữ số trang {', '.join(pt(x) for x in sizes)} pt, cần {rng(r)} pt",
                    p,
                )
            if any(f.italic for f in fmts):
                self.add("C6", el, "số trang in nghiêng, cần chữ đứng", p)

    def _estimated_pages(self) -> int:
        forced = max(0, len(self.doc.sections) - 1)
        height = 0
        for b in self.doc.body.blocks:
            if isinstance(b, Para):
                forced += b.page_breaks + (1 if b.fmt.page_break_before else 0)
                height += b.height()
            else:
                height += _table_height(b)
        room = self.doc.sections[0].text_height
        return 1 + forced + int(height // max(room, 1))

    # C7–C17: header block ----------------------------------------------------------------
    def c7_sides(self) -> None:
        if not self.issuer or self.qh is None:
            return
        iw = max(self.issuer, key=lambda ln: self.width(ln, self.L.issuer_sizes, bold=True))
        ic = iw.centre(self.width(iw, self.L.issuer_sizes, bold=True))
        qc = self.qh.centre(self.width(self.qh, self.L.quoc_hieu_sizes, bold=True))
        if ic >= self.centre_x:
            self.add(
                "C7",
                "Vị trí phần đầu",
                f"tên cơ quan ban hành nằm bên phải giữa trang (tâm cách lề trái {mm(ic)}); "
                "cần ở bên trái, Quốc hiệu bên phải",
                iw,
                approx=True,
            )
        if qc <= self.centre_x:
            self.add(
                "C7",
                "Vị trí phần đầu",
                f"Quốc hiệu nằm bên trái giữa trang (tâm cách lề trái {mm(qc)}); cần ở bên phải",
                self.qh,
                approx=True,
            )

    def c8_quoc_hieu(self) -> None:
        el = "Quốc hiệu"
        qh = self.qh
        L = self.L
        if qh is None:
            self.add(
                "C8",
                el,
                f"không tìm thấy; cần dòng “{L.quoc_hieu}” ở góc trên bên phải",
                "đầu văn bản",
            )
            return
        text = clean(qh.text)
        pattern = quoc_hieu_re(L.quoc_hieu)
        if self.qh_extra is not None or (
            len([x for x in qh.para.lines if x.text.strip()]) > 1 and not pattern.match(text)
        ):
            self.add("C8", el, "bị ngắt thành hai dòng; cần viết trên một dòng", qh)
        elif not pattern.match(text):
            if key(text) == key(L.quoc_hieu) and text.upper() == text:
                self.add("C8", el, f"“{text}” sai chữ hoặc dấu cách; cần đúng “{L.quoc_hieu}”", qh)
            elif key(text) == key(L.quoc_hieu):
                self.add("C8", el, f"“{text}” chưa viết in hoa; cần “{L.quoc_hieu}”", qh)
            else:
                self.add(
                    "C8",
                    el,
                    f"“{excerpt(text, 60)}”: Quốc hiệu phải là một đoạn riêng, đúng "
                    f"“{L.quoc_hieu}”",
                    qh,
                )
        self.check_bold("C8", el, [qh], True)
        self.check_upright("C8", el, [qh])
        self.check_size("C8", el, [qh], L.quoc_hieu_sizes)
        self.check_centred("C8", el, [qh])
        if self.qh_extra is None:
            w = self.width(qh, L.quoc_hieu_sizes, bold=True)
            if not qh.fits(w):
                left, right = qh.avail()
                self.add(
                    "C8",
                    el,
                    f"không vừa một dòng: dài {mm(w)}, cột chỉ rộng {mm(right - left)}",
                    qh,
                    approx=True,
                )

    def c9_tieu_ngu(self) -> None:
        el = "Tiêu ngữ"
        tn = self.tn
        L = self.L
        if tn is None:
            self.add(
                "C9",
                el,
                f"không tìm thấy; cần “{L.tieu_ngu}” ngay dưới Quốc hiệu",
                self.qh or "đầu văn bản",
            )
            return
        text = clean(tn.text)
        if text != L.tieu_ngu:
            if key(text) == key(L.tieu_ngu) and re.sub(r"\s*[-–—]\s*", " - ", text) == L.tieu_ngu:
                self.add(
                    "C9",
                    el,
                    f"“{text}”: dùng dấu gạch nối “-” có dấu cách hai bên; cần “{L.tieu_ngu}”",
                    tn,
                )
            else:
                self.add("C9", el, f"“{excerpt(text, 60)}”, cần đúng “{L.tieu_ngu}”", tn)
        self.check_bold("C9", el, [tn], True)
        self.check_upright("C9", el, [tn])
        self.check_size("C9", el, [tn], L.tieu_ngu_sizes)
        self.check_centred("C9", el, [tn])
        qh = self.qh_extra or self.qh
        if qh is None:
            return
        if not self.tn_adjacent:
            self.add(
                "C9", el, "không nằm ngay dưới Quốc hiệu (có dòng trống hoặc đoạn khác ở giữa)", tn
            )
        elif qh.para is not tn.para:
            gap = self.vgap(qh, tn) / 20
            if gap > L.tieu_ngu_max_gap_pt:
                self.add(
                    "C9",
                    el,
                    f"cách Quốc hiệu {pt(gap)} pt, tối đa {pt(L.tieu_ngu_max_gap_pt)} pt",
                    tn,
                )
        if tn.para.fmt.jc == "center" and self.qh.para.fmt.jc == "center":
            qc = self.qh.centre(self.width(self.qh, L.quoc_hieu_sizes, bold=True))
            tc = tn.centre(self.width(tn, L.tieu_ngu_sizes, bold=True))
            tol = tw_of(L.tieu_ngu_centre_tolerance)
            if abs(qc - tc) > tol:
                self.add(
                    "C9",
                    el,
                    f"lệch tâm {mm(abs(qc - tc))} so với Quốc hiệu (tối đa {mm(tol)})",
                    tn,
                    approx=True,
                )

    def c10_tieu_ngu_rule(self) -> None:
        tn = self.tn
        if tn is None:
            return
        cont = self._container_lines(tn.para.container)
        rule = self.rule_under([tn], cont)
        w = self.width(tn, self.L.tieu_ngu_sizes, bold=True)
        t = self.L.tieu_ngu_rule_tolerance
        centre = tn.centre(w) if tn.para.fmt.jc == "center" else None
        self.check_rule(
            "C10", "Đường kẻ dưới tiêu ngữ", rule, (w * (1 - t), w * (1 + t)), centre, tn
        )

    def c11_issuer(self) -> None:
        el = "Tên cơ quan ban hành"
        L = self.L
        if not self.issuer:
            where = self.issuer_cell.where if self.issuer_cell else "đầu văn bản"
            self.add("C11", el, "không tìm thấy ở góc trên bên trái, ngang hàng Quốc hiệu", where)
            return
        for ln in self.issuer:
            t = clean(ln.text)
            if t != nfc(t.upper()):
                self.add("C11", el, f"“{excerpt(t, 50)}” chưa viết in hoa", ln)
        self.check_bold("C11", el, self.issuer, True)
        self.check_upright("C11", el, self.issuer + self.chu_quan)
        self.check_size("C11", el, self.issuer, L.issuer_sizes)
        self.check_centred("C11", el, self.issuer)
        el2 = "Tên cơ quan chủ quản"
        for ln in self.chu_quan:
            t = clean(ln.text)
            if t != nfc(t.upper()):
                self.add("C11", el2, f"“{excerpt(t, 50)}” chưa viết in hoa", ln)
        self.check_bold("C11", el2, self.chu_quan, False)
        self.check_size("C11", el2, self.chu_quan, L.issuer_sizes)

    def c12_issuer_rule(self) -> None:
        if not self.issuer:
            return
        widest = max(self.issuer, key=lambda ln: self.width(ln, self.L.issuer_sizes, bold=True))
        w = self.width(widest, self.L.issuer_sizes, bold=True)
        cont = self._container_lines(self.issuer[-1].para.container)
        rule = self.rule_under(self.issuer, cont)
        centre = widest.centre(w)
        self.check_rule(
            "C12",
            "Đường kẻ dưới tên cơ quan",
            rule,
            None,
            centre,
            self.issuer[-1],
            ratio_of=max(w, 1),
        )

    def c13_so(self) -> None:
        el = "Số, ký hiệu"
        L = self.L
        so = self.so
        if so is None:
            self.add(
                "C13", el, "không tìm thấy dòng “Số: …/…” dưới tên cơ quan ban hành", "đầu văn bản"
            )
            return
        text = nfc(so.text).strip()
        if not SO_RE.match(text):
            m = re.match(r"^Số:\s*(\d+)\s*/", text)
            if m and len(m.group(1)) == 1:
                self.add(
                    "C13",
                    el,
                    f"số dưới 10 phải có số 0 ở đầu (“Số: {m.group(1)}/” → “Số: 0{m.group(1)}/”)",
                    so,
                )
            elif re.match(r"^Số:\S", text):
                self.add("C13", el, f"“{excerpt(text, 40)}”: cần một dấu cách sau “Số:”", so)
            elif re.search(r"\s/|/\s|-\s|\s-", text):
                self.add(
                    "C13", el, f"“{excerpt(text, 40)}”: không để dấu cách quanh “/” và “-”", so
                )
            else:
                self.add("C13", el, f"“{excerpt(text, 40)}” sai dạng; cần “Số: 05/UBND-VP”", so)
        else:
            code = text.split("/", 1)[1].split("-")[0]
            if code.upper() in TYPE_CODES_ERROR:
                self.add(
                    "C13",
                    el,
                    f"ký hiệu bắt đầu bằng “{code}” là mã tên loại văn bản; công văn "
                    "không có mã tên loại (ví dụ “UBND-VP”)",
                    so,
                )
            elif code.upper() in TYPE_CODES_WARN:
                self.add(
                    "C13",
                    el,
                    f"ký hiệu bắt đầu bằng “{code}” giống mã tên loại văn bản",
                    so,
                    severity=WARNING,
                )
        self.check_size("C13", el, [so], L.so_sizes)
        self.check_upright("C13", el, [so])
        self.check_bold("C13", el, [so], False)
        if self.issuer:
            widest = max(self.issuer, key=lambda ln: self.width(ln, L.issuer_sizes, bold=True))
            ic = widest.centre(self.width(widest, L.issuer_sizes, bold=True))
            sc = so.centre(self.width(so, L.so_sizes, bold=False))
            tol = tw_of(L.so_centre_tolerance)
            if abs(ic - sc) > tol:
                self.add(
                    "C13",
                    el,
                    f"lệch {mm(abs(ic - sc))} so với tâm tên cơ quan (tối đa {mm(tol)}); "
                    "cần căn giữa dưới tên cơ quan",
                    so,
                    approx=True,
                )

    def c14_date(self) -> None:
        el = "Ngày ban hành"
        L = self.L
        d = self.date
        if d is None:
            self.add(
                "C14",
                el,
                "không tìm thấy dòng “Địa danh, ngày … tháng … năm …” dưới tiêu ngữ",
                "đầu văn bản",
            )
            return
        text = nfc(d.text).strip()
        full = " ".join(clean(x.text) for x in d.para.lines if x.text.strip())
        if not (DATE_RE.match(text) or DATE_DRAFT_RE.match(text)):
            if DATE_RE.match(full) or DATE_DRAFT_RE.match(full):
                self.add("C14", el, "bị ngắt dòng; cần viết trên một dòng", d)
            else:
                self.add("C14", el, self._date_problem(text), d)
        else:
            m = DATE_LOOSE.match(text)
            if m:
                try:
                    dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
                except ValueError:
                    self.add(
                        "C14",
                        el,
                        f"ngày {m.group('d')}/{m.group('m')}/{m.group('y')} không có thật",
                        d,
                    )
        if not d.all_italic() and d.visible:
            self.add("C14", el, "chưa in nghiêng (cần chữ nghiêng)", d)
        self.check_bold("C14", el, [d], False)
        self.check_size("C14", el, [d], L.date_sizes)
        w = self.width(d, L.date_sizes, italic=True)
        if not d.fits(w):
            left, right = d.avail()
            self.add(
                "C14",
                el,
                f"không vừa một dòng: dài {mm(w)}, cột rộng {mm(right - left)}; "
                f"có thể giảm xuống {pt(L.date_sizes.low)} pt",
                d,
                approx=True,
            )
        if self.tn is not None:
            tc = self.tn.centre(self.width(self.tn, L.tieu_ngu_sizes, bold=True))
            dc = d.centre(w)
            tol = tw_of(L.date_centre_tolerance)
            if abs(tc - dc) > tol:
                self.add(
                    "C14",
                    el,
                    f"lệch {mm(abs(tc - dc))} so với tâm tiêu ngữ (tối đa {mm(tol)}); "
                    "cần căn giữa dưới tiêu ngữ",
                    d,
                    approx=True,
                )

    def _date_problem(self, text: str) -> str:
        m = DATE_LOOSE.match(text)
        if not m:
            if re.search(r"\d{1,2}/\d{1,2}/\d{4}", text):
                return f"“{excerpt(text, 50)}”: viết ngày bằng chữ “ngày … tháng … năm …”, không viết dạng số"
            return f"“{excerpt(text, 50)}” sai dạng; cần “Địa danh, ngày 05 tháng 3 năm 2019”"
        d, mo, y = m.group("d"), m.group("m"), m.group("y")
        if len(d) == 1:
            return f"ngày dưới 10 phải có số 0 ở đầu (“ngày {d}” → “ngày 0{d}”)"
        if mo.startswith("0") and len(mo) == 2 and int(mo) >= 3:
            return f"tháng {int(mo)} không viết số 0 ở đầu (“tháng {mo}” → “tháng {int(mo)}”)"
        if mo in ("1", "2"):
            return f"tháng 1 và 2 viết có số 0 ở đầu (“tháng {mo}” → “tháng 0{mo}”)"
        if len(y) != 4:
            return f"năm “{y}” phải viết đủ bốn chữ số"
        try:
            dt.date(int(y), int(mo), int(d))
        except ValueError:
            return f"ngày {d}/{mo}/{y} không có thật"
        if not m.group("place").strip():
            return "thiếu địa danh trước “ngày”"
        return f"“{excerpt(text, 50)}”: sai chữ hoặc dấu cách; cần “Địa danh, ngày 05 tháng 3 năm 2019”"

    def c15_vv(self) -> None:
        el = "Trích yếu (V/v)"
        L = self.L
        vv = self.vv
        if vv is None:
            self.add(
                "C15", el, "không tìm thấy dòng “V/v …” dưới số, ký hiệu", self.so or "đầu văn bản"
            )
            return
        text = clean(vv.text)
        if not text.startswith("V/v "):
            self.add(
                "C15",
                el,
                f"“{excerpt(text, 30)}”: cần bắt đầu bằng “V/v ” (chữ V hoa, v thường, một dấu cách)",
                vv,
            )
        lines = [ln for ln in vv.para.lines if ln.text.strip()]
        self.check_size("C15", el, lines[:1], L.vv_sizes)
        self.check_upright("C15", el, lines[:1])
        self.check_bold("C15", el, lines[:1], False)
        self.check_centred("C15", el, [vv])
        cont = self._container_lines(vv.para.container)
        rule = self.rule_under([ln for ln in vv.para.lines if ln.text.strip()], cont)
        if rule.kind != "none":
            self.add(
                "C15",
                el,
                "có đường kẻ hoặc gạch chân dưới trích yếu; công văn không kẻ dưới V/v",
                vv,
            )
        if self.so is not None:
            gap = self.vgap(self.so, vv)
            want, tol = tw_of(L.vv_space_before), tw_of(L.vv_space_tolerance)
            if abs(gap - want) > tol:
                self.add(
                    "C15",
                    el,
                    f"cách dòng Số {pt(gap / 20)} pt, cần {pt(want / 20)} ± {pt(tol / 20)} pt",
                    vv,
                    approx=True,
                )

    def c16_no_title(self) -> None:
        for p in self._all_paras():
            for ln in p.lines:
                if clean(ln.text).upper() == "CÔNG VĂN":
                    self.add(
                        "C16",
                        "Tên loại",
                        "công văn không có dòng tên loại “CÔNG VĂN”; cần xóa dòng này",
                        ln,
                    )

    def c17_stamps(self) -> None:
        el = "Dấu mức độ khẩn, mật"
        L = self.L
        urgency = {s.text for s in L.urgency_stamps.values()}
        urgency |= {t.replace("HỎA", "HOẢ") for t in urgency}
        boxes = {s.text: s for s in [*L.urgency_stamps.values(), *L.secrecy_stamps.values()]}
        first_secret = first_urgent = None
        for i, ln in enumerate(self.stamps):
            text = clean(ln.text).upper()
            is_urgent = text in urgency
            if is_urgent and first_urgent is None:
                first_urgent = i
            if not is_urgent and first_secret is None:
                first_secret = i
            self.check_bold("C17", el, [ln], True)
            self.check_size("C17", el, [ln], L.stamp_sizes)
            boxed, width, height, approx = self._stamp_box(ln)
            if not boxed:
                self.add("C17", el, f"“{text}” chưa đóng khung; cần khung viền nét đơn 1 pt", ln)
            elif is_urgent:
                box = boxes.get(text.replace("HOẢ", "HỎA"))
                tol = tw_of(L.stamp_box_tolerance)
                if box is not None and width is not None:
                    want = tw_of(box.width)
                    if abs(width - want) > tol:
                        self.add(
                            "C17",
                            el,
                            f"khung “{text}” rộng {mm(width)}, cần {mm(want)} ± {mm(tol)}",
                            ln,
                        )
                if box is not None and height is not None:
                    want = tw_of(box.height)
                    if abs(height - want) > tol:
                        self.add(
                            "C17",
                            el,
                            f"khung “{text}” cao {mm(height)}, cần {mm(want)} ± {mm(tol)}",
                            ln,
                            approx=approx,
                        )
            if self.vv is not None and self.left_lines and self.vv in self.left_lines:
                after = self._after(self.vv, self.left_lines)
                if ln not in after and ln.para.container.kind != "textbox":
                    self.add("C17", el, f"“{text}” cần đặt dưới trích yếu (V/v), bên trái", ln)
        if first_secret is not None and first_urgent is not None and first_urgent < first_secret:
            self.add(
                "C17", el, "dấu mức độ mật phải đặt trên dấu mức độ khẩn", self.stamps[first_urgent]
            )

    def _stamp_box(self, ln: Line) -> tuple[bool, int | None, int | None, bool]:
        p = ln.para
        cell = p.cell
        if cell is not None and len(cell.table.rows) == 1 and len(cell.table.rows[0].cells) == 1:
            sides = [cell.borders.get(s) for s in ("top", "bottom", "left", "right")]
            if all(b is not None and b.visible for b in sides):
                row = cell.table.rows[0]
                height = (
                    row.height if row.height and row.height_rule in ("exact", "atLeast") else None
                )
                approx = height is None
                if height is None:
                    height = sum(x.height() for x in cell.paras())
                return True, cell.width_tw or cell.table.w, height, approx
        if all(s in p.fmt.borders for s in ("top", "bottom", "left", "right")):
            return True, p.box_w - p.fmt.left - p.fmt.right, p.height(), True
        if p.container.kind == "textbox":
            return True, None, None, True
        return False, None, None, True

    # C18–C23: Kính gửi and body ----------------------------------------------------------
    def c18_kinh_gui(self) -> None:
        el = "Kính gửi"
        L = self.L
        kg = self.kg
        if kg is None:
            self.add("C18", el, "không tìm thấy dòng “Kính gửi:”", "sau phần đầu")
            return
        text = clean(kg.text)
        lines = [kg, *self.kg_items]
        if not text.startswith("Kính gửi:"):
            self.add(
                "C18",
                el,
                f"“{excerpt(text, 30)}”: cần bắt đầu đúng “Kính gửi:” (có dấu hai chấm)",
                kg,
            )
        self.check_size("C18", el, lines, L.kinh_gui_sizes)
        self.check_upright("C18", el, lines)
        self.check_bold("C18", el, lines, False)
        rest = text.split(":", 1)[1].strip() if ":" in text else ""
        items = self.kg_items
        if rest and items:
            self.add(
                "C18",
                el,
                "có nhiều nơi nhận: “Kính gửi:” đứng riêng một dòng, mỗi nơi một dòng bắt đầu “- ”",
                kg,
            )
        elif not rest and not items:
            self.add("C18", el, "không có nơi nhận sau “Kính gửi:”", kg)
        elif not rest and len(items) == 1:
            self.add("C18", el, "chỉ một nơi nhận: viết cùng dòng “Kính gửi: …”", items[0])
        for i, ln in enumerate(items):
            t = clean(ln.text)
            last = i == len(items) - 1
            if not t.startswith("- "):
                self.add(
                    "C18",
                    el,
                    f"“{excerpt(t, 40)}”: mỗi nơi nhận bắt đầu bằng “- ” (gạch ngang và dấu cách)",
                    ln,
                )
            elif last and not re.match(r"^- .+\.$", t):
                self.add(
                    "C18",
                    el,
                    f"“{excerpt(t, 40)}”: nơi nhận cuối cùng kết thúc bằng dấu chấm “.”",
                    ln,
                )
            elif not last and not re.match(r"^- .+;$", t):
                self.add(
                    "C18",
                    el,
                    f"“{excerpt(t, 40)}”: mỗi nơi nhận (trừ nơi cuối) kết thúc bằng dấu chấm phẩy “;”",
                    ln,
                )

    def c19_dashes(self) -> None:
        kg, items = self.kg, self.kg_items
        if kg is None or len(items) < 2 or ":" not in kg.text:
            return
        el = "Kính gửi (gạch đầu dòng)"
        xs = [ln.start_x() for ln in items]
        tol_a, tol_c = tw_of(self.L.kinh_gui_dash_tolerance), tw_of(self.L.kinh_gui_colon_tolerance)
        if max(xs) - min(xs) > tol_a:
            worst = items[max(range(len(xs)), key=lambda i: abs(xs[i] - xs[0]))]
            self.add(
                "C19",
                el,
                f"các gạch đầu dòng không thẳng hàng (lệch {mm(max(xs) - min(xs))}, tối đa {mm(tol_a)})",
                worst,
                approx=True,
            )
        label = kg.text.split(":", 1)[0]
        size = clamp(main_size(kg) or pt_of(self.L.kinh_gui_size), self.L.kinh_gui_sizes)
        colon = kg.start_x() + seg_width(label.rstrip(), size, False, False)
        if abs(xs[0] - colon) > tol_c:
            self.add(
                "C19",
                el,
                f"gạch đầu dòng cách vị trí dấu hai chấm của “Kính gửi:” {mm(abs(xs[0] - colon))} "
                f"(tối đa {mm(tol_c)}); cần thẳng dưới dấu hai chấm",
                items[0],
                approx=True,
            )

    def _body_lines(self) -> list[Line]:
        return [ln for p in self.body for ln in p.lines]

    def c20_body_size(self) -> None:
        if not self.body:
            if self.kg is not None:
                self.add(
                    "C20", "Nội dung", "không tìm thấy đoạn nội dung nào sau Kính gửi", self.kg
                )
            return
        r = self.L.body_sizes
        sizes: dict[float, list[Para]] = {}
        for p in self.body:
            for s in p.segs:
                if s.text.strip() and not s.label and s.fmt.vert == "baseline":
                    sizes.setdefault(s.fmt.size, [])
                    if not sizes[s.fmt.size] or sizes[s.fmt.size][-1] is not p:
                        sizes[s.fmt.size].append(p)
        bad = {s: ps for s, ps in sizes.items() if s not in r}
        el = "Nội dung (cỡ chữ)"
        for s, ps in sorted(bad.items()):
            more = f" (và {len(ps) - 1} đoạn khác)" if len(ps) > 1 else ""
            self.add("C20", el, f"cỡ chữ {pt(s)} pt, cần {rng(r)} pt{more}", ps[0])
        good = sorted(s for s in sizes if s in r)
        if not bad and len(good) > 1:
            minority = min(good, key=lambda s: len(sizes[s]))
            self.add(
                "C20",
                el,
                f"dùng lẫn cỡ {', '.join(pt(s) for s in good)} pt; cần một cỡ chữ thống nhất",
                sizes[minority][0],
            )

    def c21_body_alignment(self) -> None:
        L = self.L
        el = "Nội dung (căn lề)"
        tol = L.body_indent_tolerance_tw
        groups: dict[str, list[Para]] = {}
        for p in self.body:
            if p.empty:
                continue
            f = p.fmt
            if f.jc != "both":
                groups.setdefault(
                    f"căn lề “{_jc(f.jc)}”, cần căn đều hai bên (justify)", []
                ).append(p)
            if not any(abs(f.first - v) <= tol for v in L.body_first_lines_tw):
                shown = " hoặc ".join(mm(v) for v in L.body_first_lines_tw)
                groups.setdefault(f"thụt đầu dòng {mm(f.first)}, cần {shown}", []).append(p)
            if abs(f.left) > tol or abs(f.right) > tol:
                groups.setdefault(
                    f"lề đoạn trái {mm(f.left)}, phải {mm(f.right)}; cần 0", []
                ).append(p)
        for msg, ps in groups.items():
            more = f" (và {len(ps) - 1} đoạn khác)" if len(ps) > 1 else ""
            self.add("C21", el, msg + more, ps[0])

    def c22_body_spacing(self) -> None:
        L = self.L
        el = "Nội dung (khoảng cách)"
        groups: dict[str, list[Para]] = {}
        body = self.body
        size = max(
            (s for p in body for s in [main_size(p.lines[0])] if s), default=pt_of(L.body_size)
        )
        size = clamp(size, L.body_sizes)
        min_gap = tw_of(L.body_min_gap)
        for a, b in itertools.pairwise(body):
            if a.empty or b.empty:
                continue
            if a.fmt.ctx or b.fmt.ctx:
                groups.setdefault(
                    "bật “không thêm khoảng cách giữa các đoạn cùng kiểu” (contextualSpacing); cần tắt",
                    [],
                ).append(b)
                continue
            gap = a.space_after() + b.space_before()
            if gap < min_gap:
                groups.setdefault(
                    f"khoảng cách giữa hai đoạn {pt(gap / 20)} pt, cần ít nhất {pt(min_gap / 20)} pt",
                    [],
                ).append(b)
        lo, hi = L.body_lines_auto.low, L.body_lines_auto.high
        for p in body:
            if p.empty:
                continue
            f = p.fmt
            if f.rule == "auto":
                if not lo <= f.line <= hi:
                    groups.setdefault(
                        f"giãn dòng {pt(f.line / 240)} lần, cần {pt(lo / 240)}–{pt(hi / 240)} lần",
                        [],
                    ).append(p)
            else:
                exact_lo = size * lo / AUTO_LINE * TNR_LINE_EM - 0.5
                exact_hi = size * hi / AUTO_LINE * TNR_LINE_EM + 0.5
                if not exact_lo <= f.line / 20 <= exact_hi:
                    groups.setdefault(
                        f"giãn dòng {pt(f.line / 20)} pt, cần {pt(exact_lo + 0.5)}–{pt(exact_hi - 0.5)} pt",
                        [],
                    ).append(p)
        for msg, ps in groups.items():
            more = f" (và {len(ps) - 1} đoạn khác)" if len(ps) > 1 else ""
            self.add("C22", el, msg + more, ps[0])

    def c23_closing_mark(self) -> None:
        paras = [p for p in self.body if not p.empty]
        if not paras:
            return
        mark = self.L.closing_mark
        el = "Kết thúc nội dung"
        if not clean(paras[-1].text).endswith(mark):
            self.add(
                "C23", el, f"đoạn cuối chưa kết thúc bằng “{mark}”", paras[-1], severity=WARNING
            )
        for p in paras[:-1]:
            if clean(p.text).endswith(mark):
                self.add("C23", el, f"“{mark}” chỉ đặt ở cuối đoạn cuối cùng", p, severity=WARNING)

    # C24–C30: closing block --------------------------------------------------------------
    def c24_closing_sides(self) -> None:
        el = "Vị trí phần ký"
        first = self.titles[0] if self.titles else self.name
        if first is not None:
            c = first.centre(self.width(first, self.L.signature_sizes, bold=True))
            if c <= self.centre_x:
                self.add(
                    "C24",
                    el,
                    f"khối chữ ký nằm bên trái giữa trang (tâm cách lề trái {mm(c)}); cần bên phải",
                    first,
                    approx=True,
                )
        if self.nn is not None:
            x = self.nn.start_x()
            tol = tw_of(self.L.left_edge_tolerance)
            if abs(x) > tol:
                self.add(
                    "C24",
                    el,
                    f"“Nơi nhận:” cách lề trái {mm(x)}; cần sát lề trái (± {mm(tol)})",
                    self.nn,
                    approx=True,
                )

    def c25_titles(self) -> None:
        el = "Chức vụ người ký"
        L = self.L
        if not self.titles:
            self.add(
                "C25",
                el,
                "không tìm thấy khối chữ ký (chức vụ, họ tên) bên phải, dưới nội dung",
                self.nn or "cuối văn bản",
            )
            return
        for ln in self.titles:
            t = clean(ln.text)
            if t != nfc(t.upper()):
                self.add("C25", el, f"“{excerpt(t, 50)}” chưa viết in hoa", ln)
        self.check_bold("C25", el, self.titles, True)
        self.check_upright("C25", el, self.titles)
        self.check_size("C25", el, self.titles, L.signature_sizes)
        self.check_centred("C25", el, self.titles)
        prefixes = L.authority_prefixes
        for ln in self.titles:
            t = clean(ln.text)
            words = t.split(" ")
            for j, w in enumerate(words):
                if w.upper() in prefixes and j > 0:
                    self.add(
                        "C25", el, f"“{w}” chỉ đứng ở đầu dòng; mỗi thẩm quyền một dòng riêng", ln
                    )
            m = authority_re(prefixes).match(nfc(ln.text).strip())
            if m and m.group(2) != " ":
                self.add("C25", el, f"sau “{m.group(1)}.” cần đúng một dấu cách", ln)
        last = clean(self.titles[-1].text)
        head = last.split(" ", 1)[0].upper()
        if head in [p for p in prefixes if p != "Q."]:
            self.add(
                "C25",
                el,
                f"dòng “{excerpt(last, 40)}” là dòng thẩm quyền ({head}) nhưng là dòng cuối: chức vụ của "
                "người ký phải viết thành dòng riêng bên dưới (ví dụ “KT. CHỦ TỊCH” / “PHÓ CHỦ TỊCH”)",
                self.titles[-1],
            )

    def c26_name(self) -> None:
        el = "Họ tên người ký"
        L = self.L
        name = self.name
        if name is None:
            if self.titles:
                self.add("C26", el, "không tìm thấy họ tên người ký dưới chức vụ", self.titles[-1])
            return
        t = clean(name.text)
        self.check_bold("C26", el, [name], True)
        self.check_upright("C26", el, [name])
        self.check_size("C26", el, [name], L.signature_sizes)
        self.check_centred("C26", el, [name])
        letters = [c for c in t if c.isalpha()]
        if letters and t == t.upper() and any(sum(c.isalpha() for c in w) > 1 for w in t.split()):
            self.add(
                "C26",
                el,
                f"“{t}” viết toàn chữ hoa; cần viết hoa chữ cái đầu mỗi tiếng (“Võ Văn Cảnh”)",
                name,
            )
        elif any(w[:1].isalpha() and not w[:1].isupper() for w in t.split(" ")):
            self.add("C26", el, f"“{t}”: mỗi tiếng của họ tên viết hoa chữ cái đầu", name)
        if any(t.startswith(p) for p in NAME_TITLES):
            self.add(
                "C26", el, f"“{t}”: không ghi học hàm, học vị trước họ tên", name, severity=WARNING
            )

    def c27_gap(self) -> None:
        if self.name is None or not self.titles:
            return
        gap = self.vgap(self.titles[-1], self.name)
        r = self.L.signature_gap_range
        cm = gap / 567
        if not r.low / MM_PER_CM <= cm <= r.high / MM_PER_CM:
            self.add(
                "C27",
                "Khoảng ký",
                f"khoảng trống giữa chức vụ và họ tên {pt(round(cm, 1))} cm, cần "
                f"{pt(r.low / MM_PER_CM)}–{pt(r.high / MM_PER_CM)} cm để ký và đóng dấu",
                self.name,
                approx=True,
            )

    def c28_noi_nhan(self) -> None:
        el = "Nơi nhận"
        L = self.L
        nn = self.nn
        if nn is None:
            self.add(
                "C28",
                el,
                f"không tìm thấy “{L.noi_nhan_label}” ở góc dưới bên trái",
                "cuối văn bản",
            )
            return
        label_text = clean(nn.text)
        if label_text != L.noi_nhan_label:
            self.add(
                "C28",
                el,
                f"“{excerpt(label_text, 30)}”: cần đúng “{L.noi_nhan_label}” trên một dòng riêng",
                nn,
            )
        want = pt_of(L.noi_nhan_label_size)
        sizes = sorted(s for s in nn.sizes() if s != want)
        if sizes:
            self.add(
                "C28",
                el,
                f"“{L.noi_nhan_label}” cỡ {', '.join(pt(s) for s in sizes)} pt, cần {pt(want)} pt",
                nn,
            )
        if not (nn.all_bold() and nn.all_italic()):
            self.add("C28", el, f"“{L.noi_nhan_label}” cần in đậm và nghiêng", nn)
        items = self.nn_items
        if not items:
            self.add("C28", el, "không có nơi nhận nào, thiếu dòng “- Lưu: VT, …”", nn)
            return
        item_size = pt_of(L.noi_nhan_item_size)
        dash_items = items
        tail: list[Line] = []
        last_dash = max((i for i, ln in enumerate(items) if starts_dash(ln.text)), default=-1)
        if last_dash >= 0:
            dash_items, tail = items[: last_dash + 1], items[last_dash + 1 :]
        label_x = nn.start_x()
        tol = tw_of(self.L.left_edge_tolerance)
        for i, ln in enumerate(dash_items):
            t = clean(ln.text)
            sizes = sorted(s for s in ln.sizes() if s != item_size)
            if sizes:
                self.add(
                    "C28",
                    el,
                    f"cỡ chữ {', '.join(pt(s) for s in sizes)} pt, cần {pt(item_size)} pt",
                    ln,
                )
            if ln.any_bold():
                self.add("C28", el, "nơi nhận không in đậm", ln)
            if ln.any_italic():
                self.add("C28", el, "nơi nhận không in nghiêng (chữ đứng)", ln)
            if not t.startswith("- "):
                self.add("C28", el, f"“{excerpt(t, 40)}”: cần bắt đầu bằng “- ”", ln)
            elif abs(ln.start_x() - label_x) > tol:
                self.add(
                    "C28",
                    el,
                    f"gạch đầu dòng lệch {mm(abs(ln.start_x() - label_x))} so với “Nơi nhận:”; "
                    "cần sát lề trái, không thụt",
                    ln,
                    approx=True,
                )
            if i < len(dash_items) - 1 and not t.endswith(";"):
                self.add("C28", el, f"“{excerpt(t, 40)}”: cần kết thúc bằng dấu chấm phẩy “;”", ln)
        last = clean(dash_items[-1].text)
        if not LUU_RE.match(last):
            self.add(
                "C28",
                el,
                f"dòng cuối “{excerpt(last, 40)}” phải là “- Lưu: VT, …” kết thúc bằng dấu chấm",
                dash_items[-1],
            )
        if len(tail) > 1:
            self.add(
                "C28",
                el,
                "sau dòng “- Lưu: …” chỉ có thể có một dòng ký hiệu người soạn, số lượng bản",
                tail[1],
            )
        first = clean(dash_items[0].text)
        if first not in ("- Như trên;", "- Như kính gửi;"):
            self.add(
                "C28",
                el,
                f"nơi nhận đầu tiên là “{excerpt(first, 40)}”; công văn thường bắt đầu "
                "“- Như trên;”",
                dash_items[0],
                severity=WARNING,
            )

    def c29_footer(self) -> None:
        doc = self.doc
        if not doc.sections:
            return
        s0 = doc.sections[0]
        L = self.L
        el = "Chân trang (ô 13)"
        if s0.title_pg:
            first = doc.footer_part("first")
            if first is not None and self._visible_text(first):
                paras = [p for p in first.paras() if p.text.strip()]
                lines = [ln for p in paras for ln in p.lines if ln.text.strip()]
                self.check_size("C29", el, lines, L.dia_chi_sizes)
                self.check_upright("C29", el, lines)
                all_paras = list(first.paras())
                rule = None
                for p in all_paras:
                    if "top" in p.fmt.borders:
                        b = p.fmt.borders["top"]
                        rule = (p.box_w - p.fmt.left - p.fmt.right, b)
                        break
                    if p.empty and "bottom" in p.fmt.borders:
                        b = p.fmt.borders["bottom"]
                        rule = (p.box_w - p.fmt.left - p.fmt.right, b)
                        break
                    if p.shapes:
                        rule = (p.shapes[0].length, None)
                        break
                    if not p.empty:
                        break
                if rule is None:
                    self.add("C29", el, "thiếu đường kẻ liền phía trên địa chỉ", paras[0])
                else:
                    length, b = rule
                    tol = tw_of(L.dia_chi_rule_tolerance)
                    if b is not None and b.val not in ("single", "thick"):
                        self.add("C29", el, f"đường kẻ kiểu “{b.val}”, cần nét liền", paras[0])
                    if abs(length - self.tw) > tol:
                        self.add(
                            "C29",
                            el,
                            f"đường kẻ dài {mm(length)}, cần bằng chiều rộng vùng chữ "
                            f"{mm(self.tw)} ± {mm(tol)}",
                            paras[0],
                            approx=True,
                        )
        for kind in ("default", "even") if doc.even_odd else ("default",):
            cont = doc.footer_part(kind)
            if cont is not None and self._visible_text(cont):
                p = next(
                    p
                    for p in cont.paras()
                    if any(s.field is None and s.text.strip() for s in p.segs)
                )
                self.add(
                    "C29",
                    el,
                    "chân trang các trang sau có nội dung; địa chỉ, điện thoại chỉ in ở trang 1",
                    p,
                )

    def c30_together(self) -> None:
        el = "Giữ liền khối ký"
        if self.closing_row is not None and not self.closing_row.cant_split:
            self.add(
                "C30",
                el,
                "hàng bảng Nơi nhận / chữ ký chưa bật “không cho ngắt sang trang” (cantSplit)",
                self.nn or self.titles[0] if (self.nn or self.titles) else "khối ký",
                severity=WARNING,
            )
        paras = [p for p in self.body if not p.empty]
        if paras and not paras[-1].fmt.keep_next:
            self.add(
                "C30",
                el,
                "đoạn nội dung cuối chưa bật “giữ cùng trang với đoạn sau” (keepNext)",
                paras[-1],
                severity=WARNING,
            )


@functools.cache
def authority_re(prefixes: tuple[str, ...]) -> re.Pattern[str]:
    """An authority word (`KT.`) at a line start and the spaces after it (C25)."""
    words = "|".join(re.escape(p.removesuffix(".")) for p in prefixes)
    return re.compile(rf"^({words})\.(\s*)", re.I)


@functools.cache
def quoc_hieu_re(quoc_hieu: str) -> re.Pattern[str]:
    """The exact Quốc hiệu, with `HÒA` or the old-style `HOÀ` (spec C8)."""
    return re.compile("^" + re.escape(quoc_hieu).replace("HÒA", "H(?:ÒA|OÀ)") + "$")


def _jc(jc: str) -> str:
    return {"left": "trái", "right": "phải", "center": "giữa", "both": "đều hai bên"}.get(jc, jc)


# Text drawn with the East Asian or the complex-script font slot (C3 checks those slots
# only where the text uses them).
_CJK = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002ffff]")
_COMPLEX = re.compile("[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\ufb1d-\ufdff]")


def _table_height(t: Table) -> int:
    total = 0
    for row in t.rows:
        if row.height and row.height_rule == "exact":
            total += row.height
            continue
        best = 0
        for cell in row.cells:
            h = 0
            for b in cell.blocks:
                h += b.height() if isinstance(b, Para) else _table_height(b)
            best = max(best, h)
        total += max(best, row.height or 0)
    return total
