"""Layout checks on the printed page: a LibreOffice PDF of a công văn, read with pdfplumber.

The .docx checker (`drafter.check`) reasons about formatting; this module measures what
actually came out of the typesetter, where a Quốc hiệu can wrap, a rule can be too short
or the signature can land alone on a page. Checks carry the "P" ids of
docs/spec/nd30-layout.md §7 (C1, C3, C6–C10, C12–C14, C24, C27, C29, C30); every number
comes from `drafter.layout.DEFAULT`.

Elements are found by content and position, as a reader finds them: the two-column rows
of the header (issuer | Quốc hiệu, Số | date) and of the closing block (Nơi nhận |
signature) are split at the column boundary, 6.5 cm right of the left text edge.
"""

from __future__ import annotations

import io
import itertools
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import pdfplumber
from docx.shared import Length
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.pdftypes import resolve1
from pdfplumber.utils.exceptions import PdfminerException

from drafter.check.findings import ERROR, WARNING
from drafter.check.text import DATE_DRAFT_RE, DATE_RE, quoc_hieu_re
from drafter.layout import DEFAULT, Layout, Range

__all__ = ["PdfCheckError", "PdfFinding", "PdfReport", "check_pdf"]

MM = 72 / 25.4  # points per millimetre
ELEMENTS = {
    "C1": "Khổ giấy",
    "C3": "Phông chữ",
    "C6": "Số trang",
    "C7": "Vị trí phần đầu",
    "C8": "Quốc hiệu",
    "C9": "Tiêu ngữ",
    "C10": "Đường kẻ dưới Tiêu ngữ",
    "C12": "Tên cơ quan ban hành",
    "C13": "Số, ký hiệu",
    "C14": "Địa danh, ngày tháng năm",
    "C24": "Nơi nhận, chữ ký",
    "C27": "Khoảng ký",
    "C29": "Địa chỉ (ô 13)",
    "C30": "Trình bày trên trang",
}


def _pt(length: Length) -> float:
    """A layout length in PDF points, computed as `MM` is, so tolerances compare exactly."""
    return length.mm * MM


def _n(value: float, digits: int | None = None, *, sign: bool = False) -> str:
    """A number the Vietnamese way: decimal comma (1,5 mm)."""
    text = f"{value:{'+' if sign else ''}.{digits}f}" if digits is not None else f"{value:g}"
    return text.replace(".", ",")


def _range(r: Range) -> str:
    """An accepted range as the messages print it: `13–14`, `0,25–1,5`."""
    return f"{_n(r.low)}–{_n(r.high)}"


class PdfCheckError(ValueError):
    """The data is not a PDF that can be read; the message is Vietnamese."""


@dataclass(frozen=True)
class PdfFinding:
    """One defect on the page, citing the spec's check id; shaped like check.Finding."""

    check: str  # "C8"
    severity: str  # "error" | "warning"
    element: str  # what it is about, in Vietnamese ("Quốc hiệu")
    message: str  # a whole Vietnamese sentence for the person who drafted the letter
    page: int | None = None  # 1-based

    @property
    def location(self) -> str:
        return f"trang {self.page}" if self.page else ""

    @property
    def text(self) -> str:
        return f"Trang {self.page}: {self.message}" if self.page else self.message

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "text": self.text, "location": self.location}


@dataclass
class PdfReport:
    """What the page checks found, plus the measurements behind them (pt, mm, ratios)."""

    pages: int
    findings: list[PdfFinding] = field(default_factory=list)
    measures: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> list[PdfFinding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[PdfFinding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {
            "pages": self.pages,
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "findings": [f.to_dict() for f in self.findings],
            "measures": self.measures,
        }


# --- Reading the page -----------------------------------------------------------------


@dataclass(frozen=True)
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    baseline: float
    size: float
    font: str  # base font name without the subset tag

    @property
    def bold(self) -> bool:
        return "bold" in self.font.lower()

    @property
    def italic(self) -> bool:
        name = self.font.lower()
        return "italic" in name or "oblique" in name

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Run:
    """Glyphs on one baseline, in one column (or a whole row when not split)."""

    glyphs: tuple[Glyph, ...]

    @property
    def inked(self) -> list[Glyph]:
        return [g for g in self.glyphs if not g.blank] or list(self.glyphs)

    @property
    def text(self) -> str:
        out: list[str] = []
        prev: Glyph | None = None
        for g in self.glyphs:
            gap = g.x0 - prev.x1 if prev is not None else 0.0
            if prev is not None and not prev.blank and not g.blank and gap > 0.2 * g.size:
                out.append(" ")
            out.append(g.text)
            prev = g
        text = unicodedata.normalize("NFC", "".join(out))
        return text.strip()

    @property
    def x0(self) -> float:
        return min(g.x0 for g in self.inked)

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.inked)

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def top(self) -> float:
        return min(g.top for g in self.inked)

    @property
    def baseline(self) -> float:
        inked = self.inked
        return sum(g.baseline for g in inked) / len(inked)

    @property
    def baseline_spread(self) -> float:
        values = [g.baseline for g in self.inked]
        return max(values) - min(values)

    @property
    def size(self) -> float:
        return max(g.size for g in self.inked)

    @property
    def sizes(self) -> set[float]:
        return {round(g.size, 1) for g in self.inked}

    @property
    def bold(self) -> bool:
        return all(g.bold for g in self.inked)

    @property
    def italic(self) -> bool:
        return any(g.italic for g in self.inked)


@dataclass(frozen=True)
class HRule:
    """A drawn horizontal line (a stroked line or a thin filled rectangle)."""

    x0: float
    x1: float
    y: float
    weight: float

    @property
    def length(self) -> float:
        return self.x1 - self.x0

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Page:
    number: int
    width: float
    height: float
    glyphs: list[Glyph]
    rules: list[HRule]
    rows: list[list[Glyph]] = field(default_factory=list)


def _base_font(name: str) -> str:
    return name.split("+", 1)[1] if re.match(r"^[A-Z]{6}\+", name) else name


def _glyphs(page: Any) -> list[Glyph]:
    out = []
    for ch in page.chars:
        matrix = ch.get("matrix")
        upright = matrix is not None and abs(matrix[1]) < 1e-6 and abs(matrix[2]) < 1e-6
        baseline = page.height - matrix[5] if upright else ch["bottom"]
        out.append(
            Glyph(
                text=ch["text"],
                x0=float(ch["x0"]),
                x1=float(ch["x1"]),
                top=float(ch["top"]),
                baseline=float(baseline),
                size=float(ch["size"]),
                font=_base_font(str(ch.get("fontname", ""))),
            )
        )
    return out


def _rules(page: Any) -> list[HRule]:
    found: dict[tuple[float, float, float], HRule] = {}
    for obj in list(page.lines) + list(page.curves):
        if abs(obj["bottom"] - obj["top"]) < 0.5 and obj["x1"] - obj["x0"] > 3:
            weight = float(obj.get("linewidth") or 0)
            rule = HRule(obj["x0"], obj["x1"], (obj["top"] + obj["bottom"]) / 2, weight)
            found[(round(rule.x0, 1), round(rule.x1, 1), round(rule.y, 1))] = rule
    for obj in page.rects:
        height = obj["bottom"] - obj["top"]
        if height <= 2.0 and obj["x1"] - obj["x0"] > 3 and obj.get("fill"):
            rule = HRule(obj["x0"], obj["x1"], (obj["top"] + obj["bottom"]) / 2, height)
            found[(round(rule.x0, 1), round(rule.x1, 1), round(rule.y, 1))] = rule
    return sorted(found.values(), key=lambda r: (r.y, r.x0))


def _rows(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped by baseline (± 1 pt), top to bottom, each row left to right."""
    rows: list[list[Glyph]] = []
    for g in sorted(glyphs, key=lambda g: g.baseline):
        if rows and g.baseline - rows[-1][0].baseline <= 1.0:
            rows[-1].append(g)
        else:
            rows.append([g])
    return [sorted(row, key=lambda g: g.x0) for row in rows]


def _split_columns(row: list[Glyph], boundary: float) -> tuple[Run | None, Run | None]:
    left = [g for g in row if (g.x0 + g.x1) / 2 < boundary]
    right = [g for g in row if (g.x0 + g.x1) / 2 >= boundary]

    def run(glyphs: list[Glyph]) -> Run | None:
        return Run(tuple(glyphs)) if any(not g.blank for g in glyphs) else None

    return run(left), run(right)


def _whole(row: list[Glyph]) -> Run:
    return Run(tuple(row))


@cache
def _serif_codepoints() -> frozenset[int]:
    """Code points Liberation Serif (= TNR metrics) has glyphs for."""
    raw = json.loads(resources.files("drafter").joinpath("data/serif_widths.json").read_text())
    points: set[int] = set()
    for face in ("regular", "bold", "italic", "bold_italic"):
        points.update(int(cp) for cp in raw[face])
    return frozenset(points)


def _font_key(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def _accepted_font(name: str, accepted: Iterable[str]) -> bool:
    """Whether a PDF font name (`LiberationSerif-Bold`) is one of the accepted faces."""
    key = _font_key(name)
    return any(key.startswith(_font_key(ok)) for ok in accepted)


def _embedded_fonts(pdf: Any) -> dict[str, bool]:
    """Each font the pages use (base name) → whether its program is embedded."""
    fonts: dict[str, bool] = {}
    for page in pdf.pages:
        resources_ = resolve1(page.page_obj.resources) or {}
        for ref in (resolve1(resources_.get("Font")) or {}).values():
            font = resolve1(ref) or {}
            name = str(resolve1(font.get("BaseFont", b"?")))
            name = _base_font(name.lstrip("/").strip("'"))
            if name.startswith("/"):
                name = name[1:]
            subtype = str(resolve1(font.get("Subtype")))
            if "Type3" in subtype:
                fonts[name] = True
                continue
            if "Type0" in subtype:
                descendants = resolve1(font.get("DescendantFonts")) or [{}]
                font = resolve1(descendants[0]) or {}
            descriptor = resolve1(font.get("FontDescriptor")) or {}
            embedded = any(k in descriptor for k in ("FontFile", "FontFile2", "FontFile3"))
            fonts[name] = fonts.get(name, False) or embedded
    return fonts


# --- The checks -----------------------------------------------------------------------


class _Checker:
    def __init__(self, pages: list[Page], fonts: dict[str, bool], layout: Layout) -> None:
        self.pages = pages
        self.fonts = fonts
        self.L = layout
        self.report = PdfReport(pages=len(pages))
        self.tol_margin = 1 * MM
        # the smallest accepted margins bound where text may go
        self.min_left = layout.margin_left_tw.low / 20
        self.min_right = layout.margin_right_tw.low / 20
        self.min_top = layout.margin_top_tw.low / 20
        self.min_bottom = layout.margin_bottom_tw.low / 20
        for page in pages:
            page.rows = _rows(page.glyphs)
        self.text_left, self.text_right = self._text_edges()
        self.text_centre = (self.text_left + self.text_right) / 2
        self.boundary = self.text_left + layout.left_column.pt
        self.measures = self.report.measures
        self.measures["text_left_mm"] = round(self.text_left / MM, 2)
        self.measures["text_right_mm"] = round(self.text_right / MM, 2)

    def add(self, check: str, severity: str, message: str, page: int | None = None) -> None:
        self.report.findings.append(PdfFinding(check, severity, ELEMENTS[check], message, page))

    # -- zones

    def _header_rows(self, page: Page) -> list[list[Glyph]]:
        """Rows in the top margin: the page number's place."""
        return [row for row in page.rows if max(g.baseline for g in row) < self.min_top]

    def _footer_rows(self, page: Page) -> list[list[Glyph]]:
        limit = page.height - self.min_bottom
        return [row for row in page.rows if min(g.top for g in row) > limit]

    def _body_rows(self, page: Page) -> list[list[Glyph]]:
        skip = {id(r) for r in self._header_rows(page) + self._footer_rows(page)}
        return [row for row in page.rows if id(row) not in skip]

    def _text_edges(self) -> tuple[float, float]:
        """The text area's left and right edges as printed, if they are plausible."""
        page_width = self.pages[0].width if self.pages else self.L.page_width.pt
        default_left = self.L.margin_left.pt
        default_right = page_width - self.L.margin_right.pt
        lefts, rights = [], []
        for page in self.pages:
            for row in self._body_rows(page):
                inked = [g for g in row if not g.blank]
                if inked:
                    lefts.append(min(g.x0 for g in inked))
                    rights.append(max(g.x1 for g in inked))
        left = min(lefts, default=default_left)
        right = max(rights, default=default_right)
        slack = self.tol_margin
        if not (self.min_left - slack <= left <= self.L.margin_left_tw.high / 20 + slack):
            left = default_left
        right_margin = page_width - right
        if not (self.min_right - slack <= right_margin <= self.L.margin_right_tw.high / 20 + slack):
            right = default_right
        return left, right

    # -- C1 paper, C3 fonts, C30 margins, C6 page numbers, C29 footer

    def paper(self) -> None:
        width, height = self.L.page_width.pt, self.L.page_height.pt
        tol = 1 * MM
        for page in self.pages:
            size = f"{_n(page.width / MM, 1)} × {_n(page.height / MM, 1)} mm"
            if abs(page.width - width) <= tol and abs(page.height - height) <= tol:
                continue
            if abs(page.width - height) <= tol and abs(page.height - width) <= tol:
                msg = f"Trang nằm ngang ({size}); chỉ dùng khi có bảng rộng."
                self.add("C1", WARNING, msg, page.number)
            else:
                self.add(
                    "C1", ERROR, f"Khổ giấy {size}, không phải A4 (210 × 297 mm).", page.number
                )

    def fonts_used(self) -> None:
        serif = _serif_codepoints()
        self.measures["fonts"] = dict(sorted(self.fonts.items()))
        for name, embedded in sorted(self.fonts.items()):
            if not embedded:
                self.add("C3", ERROR, f"Phông chữ {name} không được nhúng vào tệp PDF.")
        for page in self.pages:
            wrong: dict[str, list[Glyph]] = {}
            missing = ""
            for g in page.glyphs:
                if _accepted_font(g.font, self.L.accepted_fonts):
                    # a character the serif lacks, with no fallback font: it prints blank
                    if (
                        any(
                            ord(ch) not in serif and unicodedata.category(ch)[0] not in "CZ"
                            for ch in g.text
                        )
                        and len(missing) < 20
                    ):
                        missing += g.text
                    continue
                if any(
                    ord(ch) in serif and unicodedata.category(ch)[0] not in "CZ" for ch in g.text
                ):
                    wrong.setdefault(g.font, []).append(g)
            for name, glyphs in wrong.items():
                sample = Run(tuple(glyphs[:30])).text
                if not sample:
                    continue
                self.add(
                    "C3",
                    ERROR,
                    f"Chữ “{sample}” in bằng phông {name}, không phải Times New Roman "
                    "(hoặc Liberation Serif cùng cỡ chữ).",
                    page.number,
                )
            if missing:
                self.add(
                    "C3",
                    WARNING,
                    f"Ký tự “{missing}” không có trong phông Times New Roman/Liberation Serif "
                    "và máy chuyển PDF không có phông thay thế: bản in sẽ để trống chỗ đó.",
                    page.number,
                )

    def margins(self) -> None:
        tol = self.tol_margin
        for page in self.pages:
            header = {id(g) for row in self._header_rows(page) for g in row}
            footer = (
                {id(g) for row in self._footer_rows(page) for g in row}
                if page.number == 1
                else set()
            )
            left_limit = self.min_left - tol
            right_limit = page.width - self.min_right + tol
            top_limit = self.min_top - tol
            bottom_limit = page.height - self.min_bottom + tol
            outside: dict[str, str] = {}
            for row in page.rows:
                for g in row:
                    if g.blank:
                        continue
                    sides = []
                    if g.x0 < left_limit:
                        sides.append("trái")
                    if g.x1 > right_limit:
                        sides.append("phải")
                    if g.top < top_limit and id(g) not in header:
                        sides.append("trên")
                    if g.baseline > bottom_limit and id(g) not in footer:
                        sides.append("dưới")
                    for side in sides:
                        outside.setdefault(side, _whole(row).text[-40:])
            for side, sample in outside.items():
                self.add(
                    "C30",
                    WARNING,
                    f"Chữ nằm ngoài lề {side} (quá 1 mm): “{sample}”.",
                    page.number,
                )

    def page_numbers(self) -> None:
        numbers: dict[int, str] = {}
        for page in self.pages:
            runs = [_whole(row) for row in self._header_rows(page)]
            text = " ".join(run.text for run in runs).strip()
            numbers[page.number] = text
            if page.number == 1:
                if text:
                    self.add("C6", ERROR, f"Trang 1 không được đánh số trang (thấy “{text}”).", 1)
                continue
            if not runs:
                self.add("C6", ERROR, f"Trang {page.number} thiếu số trang ở lề trên.", page.number)
                continue
            if text != str(page.number):
                self.add(
                    "C6",
                    ERROR,
                    f"Lề trên trang {page.number} ghi “{text}”, cần đúng số trang {page.number}.",
                    page.number,
                )
                continue
            run = runs[0]
            offset = run.centre - self.text_centre
            if abs(offset) > 2 * MM:
                self.add(
                    "C6",
                    ERROR,
                    f"Số trang {page.number} lệch {_n(offset / MM, 1, sign=True)} mm so với giữa vùng chữ "
                    "(cho phép ± 2 mm).",
                    page.number,
                )
            if run.size < self.L.page_number_sizes.low - 0.1 or run.size > (
                self.L.page_number_sizes.high + 0.1
            ):
                self.add(
                    "C6",
                    ERROR,
                    f"Số trang cỡ {_n(run.size)}, cần cỡ {_range(self.L.page_number_sizes)}.",
                    page.number,
                )
            if run.italic:
                self.add("C6", ERROR, "Số trang phải in đứng, không in nghiêng.", page.number)
        self.measures["page_numbers"] = numbers

    def footer(self) -> None:
        for page in self.pages:
            rows = self._footer_rows(page)
            if not rows:
                continue
            if page.number > 1:
                text = " ".join(_whole(r).text for r in rows)[:40]
                self.add(
                    "C29",
                    ERROR,
                    f"Chân trang {page.number} có chữ (“{text}”); thông tin ô 13 chỉ ở trang đầu.",
                    page.number,
                )
                continue
            runs = [_whole(r) for r in rows]
            sizes = self.L.dia_chi_sizes
            if any(not (sizes.low - 0.1 <= r.size <= sizes.high + 0.1) for r in runs):
                self.add("C29", ERROR, f"Địa chỉ ở chân trang phải cỡ chữ {_range(sizes)}.", 1)
            if any(r.italic for r in runs):
                self.add("C29", ERROR, "Địa chỉ ở chân trang phải in đứng.", 1)
            first_top = min(r.top for r in runs)
            above = [r for r in page.rules if first_top - 6 * MM <= r.y <= first_top + 1]
            width = self.text_right - self.text_left
            tol = self.L.dia_chi_rule_tolerance
            if not above:
                self.add("C29", ERROR, "Thiếu đường kẻ liền phía trên địa chỉ ở chân trang.", 1)
            elif abs(above[-1].length - width) > _pt(tol):
                self.add(
                    "C29",
                    ERROR,
                    f"Đường kẻ trên địa chỉ dài {_n(above[-1].length / MM, 0)} mm, cần bằng "
                    f"chiều rộng vùng chữ ({_n(width / MM, 0)} mm ± {_n(tol.mm)} mm).",
                    1,
                )

    # -- header (page 1)

    def header(self) -> None:
        page = self.pages[0]
        rows = self._body_rows(page)
        so_index = next(
            (i for i, row in enumerate(rows) if re.match(r"^Số\s*:", _whole(row).text)), None
        )
        if so_index is None:
            self.add("C13", ERROR, "Không tìm thấy dòng “Số:” ở phần đầu trang 1.", 1)
            last = next(
                (i for i, row in enumerate(rows) if re.match(r"^(V/v|Kính gửi)", _whole(row).text)),
                min(len(rows), 6),
            )
            header_rows = date_rows = rows[:last]
            so = None
        else:
            so_row = rows[so_index]
            so_line = so_row[0].baseline
            header_rows = [r for r in rows if r[0].baseline <= so_line + 6]
            # a date pushed down is still found, so that C14 can say how far
            date_rows = [r for r in rows if r[0].baseline <= so_line + 12 * MM]
            so, _ = _split_columns(so_row, self.boundary)
        lefts: list[Run] = []
        rights: list[Run] = []
        for row in header_rows:
            left, right = _split_columns(row, self.boundary)
            if left is not None and (so is None or left.baseline < so.baseline - 1):
                lefts.append(left)
            if right is not None:
                rights.append(right)
        qh = self._quoc_hieu(rights)
        tn = self._tieu_ngu(rights, qh)
        if tn is not None:
            self._tieu_ngu_rule(page, tn)
        name = self._issuer(page, lefts, so)
        if so is not None and name is not None:
            offset = so.centre - name.centre
            self.measures["so_offset_mm"] = round(offset / MM, 2)
            tol = self.L.so_centre_tolerance
            if abs(offset) > _pt(tol):
                self.add(
                    "C13",
                    ERROR,
                    f"Dòng số, ký hiệu lệch {_n(offset / MM, 1, sign=True)} mm so với giữa tên cơ quan "
                    f"(cho phép ± {_n(tol.mm)} mm).",
                    1,
                )
        dates = [
            right
            for row in date_rows
            for _, right in [_split_columns(row, self.boundary)]
            if right is not None and (tn is None or right.baseline > tn.baseline + 1)
        ]
        self._date(dates, so, tn)
        if name is not None and qh is not None and not (name.centre < self.text_centre < qh.centre):
            self.add(
                "C7",
                ERROR,
                "Tên cơ quan phải ở bên trái, Quốc hiệu ở bên phải của giữa trang.",
                1,
            )

    def _quoc_hieu(self, rights: list[Run]) -> Run | None:
        qh_re = quoc_hieu_re(self.L.quoc_hieu)
        for i, run in enumerate(rights):
            text = run.text
            if qh_re.match(text):
                self.measures["quoc_hieu_spread_pt"] = round(run.baseline_spread, 2)
                if run.baseline_spread > 0.5:
                    self.add("C8", ERROR, "Quốc hiệu không nằm trên một dòng.", 1)
                if not run.bold or run.italic:
                    self.add("C8", ERROR, "Quốc hiệu phải in đậm, đứng.", 1)
                sizes = self.L.quoc_hieu_sizes
                if not (sizes.low - 0.1 <= run.size <= sizes.high + 0.1):
                    self.add(
                        "C8", ERROR, f"Quốc hiệu cỡ {_n(run.size)}, cần cỡ {_range(sizes)}.", 1
                    )
                return run
            if text.startswith("CỘNG H"):
                rest = " ".join(r.text for r in rights[i + 1 : i + 3])
                if qh_re.match(f"{text} {rest}".split(" Độc lập")[0].strip()) or len(text) < 30:
                    self.add(
                        "C8",
                        ERROR,
                        "Quốc hiệu bị xuống dòng; phải nằm trọn trên một dòng.",
                        1,
                    )
                else:
                    self.add("C8", ERROR, f"Quốc hiệu sai: “{text}”.", 1)
                return run
        self.add("C8", ERROR, f"Không tìm thấy Quốc hiệu “{self.L.quoc_hieu}”.", 1)
        return None

    def _tieu_ngu(self, rights: list[Run], qh: Run | None) -> Run | None:
        candidates = [r for r in rights if r.text.replace("  ", " ") == self.L.tieu_ngu]
        if not candidates:
            self.add("C9", ERROR, f"Không tìm thấy Tiêu ngữ “{self.L.tieu_ngu}”.", 1)
            return None
        tn = candidates[0]
        if qh is not None:
            if tn.baseline < qh.baseline:
                self.add("C9", ERROR, "Tiêu ngữ phải nằm ngay dưới Quốc hiệu.", 1)
            offset = tn.centre - qh.centre
            self.measures["tieu_ngu_offset_mm"] = round(offset / MM, 2)
            tol = self.L.tieu_ngu_centre_tolerance
            if abs(offset) > _pt(tol):
                self.add(
                    "C9",
                    ERROR,
                    f"Tiêu ngữ lệch {_n(offset / MM, 1, sign=True)} mm so với giữa Quốc hiệu "
                    f"(cho phép ± {_n(tol.mm)} mm).",
                    1,
                )
        if not tn.bold or tn.italic:
            self.add("C9", ERROR, "Tiêu ngữ phải in đậm, đứng.", 1)
        return tn

    def _tieu_ngu_rule(self, page: Page, tn: Run) -> None:
        below = [
            r
            for r in page.rules
            if tn.baseline + 0.5 * MM <= r.y <= tn.baseline + 6 * MM
            and r.centre >= self.boundary
            and r.x0 < tn.x1
            and r.x1 > tn.x0
        ]
        if not below:
            self.add(
                "C10",
                ERROR,
                "Thiếu đường kẻ ngang dưới Tiêu ngữ (phải là nét kẻ, không dùng gạch chân "
                "hay ký tự).",
                1,
            )
            return
        rule = below[0]
        ratio = rule.length / tn.width
        offset = rule.centre - tn.centre
        self.measures["tieu_ngu_rule_mm"] = round(rule.length / MM, 2)
        self.measures["tieu_ngu_width_mm"] = round(tn.width / MM, 2)
        self.measures["tieu_ngu_rule_ratio"] = round(ratio, 3)
        self.measures["tieu_ngu_rule_offset_mm"] = round(offset / MM, 2)
        tol = self.L.tieu_ngu_rule_tolerance
        if abs(ratio - 1) > tol:
            self.add(
                "C10",
                ERROR,
                f"Đường kẻ dưới Tiêu ngữ dài {_n(rule.length / MM, 0)} mm, cần bằng độ dài "
                f"Tiêu ngữ ({_n(tn.width / MM, 0)} mm ± {tol:.0%}).",
                1,
            )
        self._rule_centred("C10", "dưới Tiêu ngữ", "Tiêu ngữ", offset)
        self._rule_weight("C10", "dưới Tiêu ngữ", rule)

    def _rule_centred(self, check: str, where: str, text: str, offset: float) -> None:
        """C10/C12: a rule centred on its text (offset in pt) within the layout's tolerance."""
        centre_tol = self.L.rule_centre_tolerance
        if abs(offset) > centre_tol.pt:
            self.add(
                check,
                ERROR,
                f"Đường kẻ {where} lệch {_n(offset / MM, 1, sign=True)} mm so với giữa {text} "
                f"(cho phép ± {_n(centre_tol.mm)} mm).",
                1,
            )

    def _rule_weight(self, check: str, where: str, rule: HRule) -> None:
        weights = self.L.rule_widths_pt
        if rule.weight and not (weights.low - 0.05 <= rule.weight <= weights.high + 0.05):
            self.add(
                check,
                ERROR,
                f"Đường kẻ {where} dày {_n(rule.weight)} pt, cần {_range(weights)} pt.",
                1,
            )

    def _issuer(self, page: Page, lefts: list[Run], so: Run | None) -> Run | None:
        names = [r for r in lefts if r.bold]
        if not names:
            self.add("C12", ERROR, "Không tìm thấy tên cơ quan ban hành (chữ in đậm, bên trái).", 1)
            return None
        top = names[0].baseline
        bottom = so.top if so is not None else names[-1].baseline + 10 * MM
        rules = [
            r
            for r in page.rules
            if top < r.y < bottom and r.centre < self.boundary and r.y > names[0].baseline
        ]
        if not rules:
            self.add(
                "C12",
                ERROR,
                "Thiếu đường kẻ ngang dưới tên cơ quan ban hành (phải là nét kẻ, không dùng "
                "gạch chân hay ký tự).",
                1,
            )
            return max(names, key=lambda r: r.width)
        rule = rules[0]
        name_lines = [r for r in names if r.baseline < rule.y]
        widest = max(name_lines or names, key=lambda r: r.width)
        ratio = rule.length / widest.width
        offset = rule.centre - widest.centre
        self.measures["issuer_rule_mm"] = round(rule.length / MM, 2)
        self.measures["issuer_width_mm"] = round(widest.width / MM, 2)
        self.measures["issuer_rule_ratio"] = round(ratio, 3)
        self.measures["issuer_rule_offset_mm"] = round(offset / MM, 2)
        ratios = self.L.issuer_rule_ratios
        if ratio not in ratios:
            self.add(
                "C12",
                ERROR,
                f"Đường kẻ dưới tên cơ quan dài {_n(rule.length / MM, 0)} mm, bằng {ratio:.0%} "
                f"dòng tên dài nhất; cần từ 1/3 đến 1/2 ({ratios.low:.0%}–{ratios.high:.0%}).",
                1,
            )
        self._rule_centred("C12", "dưới tên cơ quan", "tên", offset)
        self._rule_weight("C12", "dưới tên cơ quan", rule)
        return widest

    def _date(self, rights: list[Run], so: Run | None, tn: Run | None) -> None:
        dated = [r for r in rights if "ngày" in r.text]
        if not dated:
            self.add("C14", ERROR, "Không tìm thấy dòng địa danh, ngày tháng năm.", 1)
            return
        date = dated[0]
        if not (DATE_RE.match(date.text) or DATE_DRAFT_RE.match(date.text)):
            self.add(
                "C14",
                ERROR,
                f"Dòng địa danh, ngày tháng năm phải trọn một dòng theo mẫu "
                f"“Đắk Lắk, ngày 05 tháng 3 năm 2019” (thấy “{date.text}”).",
                1,
            )
        if so is not None:
            delta = date.baseline - so.baseline
            self.measures["so_date_baseline_delta_pt"] = round(delta, 2)
            if abs(delta) > 2:
                self.add(
                    "C14",
                    ERROR,
                    f"Dòng ngày tháng lệch {_n(delta, 1, sign=True)} pt so với dòng “Số:”; hai dòng phải "
                    "cùng hàng (± 2 pt).",
                    1,
                )
        if tn is not None:
            offset = date.centre - tn.centre
            self.measures["date_offset_mm"] = round(offset / MM, 2)
            tol = self.L.date_centre_tolerance
            if abs(offset) > _pt(tol):
                self.add(
                    "C14",
                    ERROR,
                    f"Dòng ngày tháng lệch {_n(offset / MM, 1, sign=True)} mm so với giữa Tiêu ngữ "
                    f"(cho phép ± {_n(tol.mm)} mm).",
                    1,
                )

    # -- closing block

    def closing(self) -> None:
        found = None
        for page in self.pages:
            for row in self._body_rows(page):
                left, _ = _split_columns(row, self.boundary)
                if left is not None and left.text.startswith(self.L.noi_nhan_label[:8]):
                    found = (page, row, left)
                    break
            if found:
                break
        if found is None:
            self.add("C24", ERROR, "Không tìm thấy “Nơi nhận:” ở khối cuối văn bản.")
            return
        page, nn_row, nn = found
        self.measures["closing_page"] = page.number
        if abs(nn.x0 - self.text_left) > _pt(self.L.left_edge_tolerance):
            self.add(
                "C24",
                ERROR,
                f"“Nơi nhận:” lệch {_n((nn.x0 - self.text_left) / MM, 1, sign=True)} mm so với lề trái.",
                page.number,
            )
        rows = self._body_rows(page)
        start = rows.index(nn_row)
        signature = [
            right
            for row in rows
            if row[0].baseline >= nn_row[0].baseline - 6
            for _, right in [_split_columns(row, self.boundary)]
            if right is not None
        ]
        if not signature:
            self.add(
                "C24",
                ERROR,
                "Không thấy khối chữ ký bên phải, ngang hàng với “Nơi nhận:”.",
                page.number,
            )
        else:
            first = signature[0]
            delta = first.top - nn.top
            self.measures["noi_nhan_signature_delta_pt"] = round(delta, 2)
            if abs(delta) > 2:
                self.add(
                    "C24",
                    ERROR,
                    f"Dòng đầu của khối chữ ký lệch {_n(delta, 1, sign=True)} pt so với “Nơi nhận:”; phải "
                    "ngang hàng (± 2 pt).",
                    page.number,
                )
            centre = sum(r.centre for r in signature) / len(signature)
            if centre <= self.text_centre:
                self.add(
                    "C24",
                    ERROR,
                    "Khối chữ ký phải nằm ở bên phải của giữa trang.",
                    page.number,
                )
            self._signature_gap(page, signature)
        if page.number > 1:
            above = [row for row in rows[:start] if any(not g.blank for g in row)]
            if not above:
                self.add(
                    "C30",
                    WARNING,
                    f"Khối chữ ký nằm một mình ở trang {page.number}, không kèm đoạn nội "
                    "dung nào; nên kéo ít nhất một đoạn cuối sang cùng trang.",
                    page.number,
                )

    def _signature_gap(self, page: Page, signature: list[Run]) -> None:
        if len(signature) < 2:
            self.add("C27", ERROR, "Khối chữ ký thiếu dòng họ tên người ký.", page.number)
            return
        gap = max(b.top - a.baseline for a, b in itertools.pairwise(signature))
        self.measures["signature_gap_mm"] = round(gap / MM, 2)
        limits = self.L.signature_gap_range
        if not (limits.low <= gap / MM <= limits.high):
            self.add(
                "C27",
                ERROR,
                f"Khoảng trống để ký và đóng dấu cao {_n(gap / MM / 10, 1)} cm, cần "
                f"{_n(limits.low / 10)}–{_n(limits.high / 10)} cm.",
                page.number,
            )

    def run(self) -> PdfReport:
        if not self.pages:
            self.add("C1", ERROR, "Tệp PDF không có trang nào.")
            return self.report
        self.paper()
        self.fonts_used()
        self.margins()
        self.page_numbers()
        self.footer()
        self.header()
        self.closing()
        self.report.findings.sort(key=lambda f: (f.page or 0, int(f.check[1:])))
        return self.report


def _read(data: bytes) -> tuple[list[Page], dict[str, bool]]:
    if not data.startswith(b"%PDF"):
        raise PdfCheckError("Tệp không phải là PDF.")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [
                Page(
                    number=i + 1,
                    width=float(p.width),
                    height=float(p.height),
                    glyphs=_glyphs(p),
                    rules=_rules(p),
                )
                for i, p in enumerate(pdf.pages)
            ]
            fonts = _embedded_fonts(pdf)
    except (PDFSyntaxError, PdfminerException, ValueError, KeyError, TypeError) as exc:
        raise PdfCheckError(f"Không đọc được tệp PDF (tệp hỏng?): {exc}") from exc
    return pages, fonts


def check_pdf(data: bytes, layout: Layout = DEFAULT) -> PdfReport:
    """Page-level layout checks on a PDF of a công văn (e.g. from `drafter.pdf`)."""
    pages, fonts = _read(data)
    return _Checker(pages, fonts, layout).run()


def summary(report: PdfReport) -> Iterable[str]:
    """One line per finding, for the command line."""
    for f in report.findings:
        yield f"{f.check} {'lỗi' if f.severity == ERROR else 'cảnh báo'}: {f.text}"
