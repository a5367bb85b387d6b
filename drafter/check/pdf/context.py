"""What the page checks share: the element names, number wording, and `PdfContext`.

`PdfContext` holds the pages as read (drafter.check.pdf.reading), the layout they are
held to, the report being filled, and where the text area and the header's column
boundary lie as printed. The checks (page.py, header.py, closing.py) are mixins of it.
"""

from __future__ import annotations

from docx.shared import Length

from drafter.check.findings import Finding, Report
from drafter.check.pdf.reading import MM, Glyph, Page, rows_of
from drafter.layout import Layout, Range

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
    "K1": "Tên loại văn bản",
    "K3": "Đường kẻ dưới trích yếu",
}


def layout_pt(length: Length) -> float:
    """A layout length in PDF points, computed as `MM` is, so tolerances compare exactly."""
    return length.mm * MM


def vn_num(value: float, digits: int | None = None, *, sign: bool = False) -> str:
    """A number the Vietnamese way: decimal comma (1,5 mm)."""
    text = f"{value:{'+' if sign else ''}.{digits}f}" if digits is not None else f"{value:g}"
    return text.replace(".", ",")


def range_text(r: Range) -> str:
    """An accepted range as the messages print it: `13–14`, `0,25–1,5`."""
    return f"{vn_num(r.low)}–{vn_num(r.high)}"


class PdfContext:
    """The pages, their text area and column boundary, the report being filled, and the
    zones of a page (top margin, bottom margin, body) that the checks share."""

    def __init__(self, pages: list[Page], fonts: dict[str, bool], layout: Layout) -> None:
        self.pages = pages
        self.fonts = fonts
        self.L = layout
        self.report = Report(pages=len(pages))
        self.tol_margin = 1 * MM
        # the smallest accepted margins bound where text may go
        self.min_left = layout.margin_left_tw.low / 20
        self.min_right = layout.margin_right_tw.low / 20
        self.min_top = layout.margin_top_tw.low / 20
        self.min_bottom = layout.margin_bottom_tw.low / 20
        for page in pages:
            page.rows = rows_of(page.glyphs)
        self.text_left, self.text_right = self._text_edges()
        self.text_centre = (self.text_left + self.text_right) / 2
        self.boundary = self.text_left + layout.left_column.pt
        self.measures = self.report.measures
        self.measures["text_left_mm"] = round(self.text_left / MM, 2)
        self.measures["text_right_mm"] = round(self.text_right / MM, 2)
        # the tên loại's baseline on page 1 (drafter.check.pdf.title): the header ends above
        self.title_baseline: float | None = None

    def add(self, check: str, severity: str, message: str, page: int | None = None) -> None:
        self.report.findings.append(
            Finding.of_page(check, severity, ELEMENTS[check], message, page)
        )

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
