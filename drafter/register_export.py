"""The Sổ đăng ký văn bản đi as files: .xlsx (openpyxl) and a printable .docx, A4
landscape with the register's cover page, that LibreOffice turns into the PDF to print
and bind (NĐ 30/2020 Điều 16.2.b: a register kept in the system is printed with every
field of the Phụ lục IV form).

The ten columns are Phụ lục IV's first table (I.2, “tối thiểu gồm 10 nội dung”), in its
order and with its headings; the cover is its I.1 (“Bìa và trang đầu”). Plain Python:
the rows come in as lists of cell values (drafter.store's `IssuedRecord.register_row()`).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

COLUMNS = (
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
)
# Column widths: characters in the spreadsheet, millimetres on the landscape page (the
# page is 297 mm wide, 20 + 15 mm margins leave 262 mm).
XLSX_WIDTHS = (16, 12, 48, 20, 36, 18, 9, 12, 12, 20)
PAGE_WIDTHS_MM = (27, 22, 60, 26, 42, 24, 14, 22, 13, 12)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"


@dataclass(frozen=True)
class Cover:
    """What the cover page says (Phụ lục IV, I.1)."""

    co_quan_chu_quan: str  # TÊN CƠ QUAN CHỦ QUẢN TRỰC TIẾP (may be empty)
    co_quan: str  # TÊN CƠ QUAN/ĐƠN VỊ
    year: int
    series: str = ""  # which series the register holds, when not all
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    first_number: str = ""
    last_number: str = ""
    volume: str = "01"

    def lines(self) -> list[tuple[str, str]]:
        """(style, text) of the cover, top to bottom."""

        def day(value: dt.date | None) -> str:
            return value.strftime("%d/%m/%Y") if value else "……………"

        out = []
        if self.co_quan_chu_quan.strip():
            out.append(("agency", " ".join(self.co_quan_chu_quan.upper().split())))
        out.append(("agency-bold", " ".join(self.co_quan.upper().split())))
        out.append(("title", "SỔ ĐĂNG KÝ VĂN BẢN ĐI"))
        if self.series:
            out.append(("line", f"({self.series})"))
        out.append(("line", f"Năm: {self.year}"))
        out.append(("line", f"Từ ngày {day(self.first_date)} đến ngày {day(self.last_date)}"))
        first = self.first_number or "……………"
        last = self.last_number or "……………"
        out.append(("line", f"Từ số {first} đến số {last}"))
        out.append(("line", f"Quyển số: {self.volume}"))
        return out


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def to_xlsx(cover: Cover, rows: Sequence[Sequence[Any]]) -> bytes:
    """The register as a spreadsheet: sheet “Sổ đăng ký văn bản đi” with the ten columns
    (headings in row 1, their numbers (1)…(10) in row 2, one document a row from row 3),
    set up to print on A4 landscape; sheet “Bìa” with the cover's lines."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sổ đăng ký văn bản đi"
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_font = Font(name=FONT, bold=True, size=12)
    body_font = Font(name=FONT, size=12)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrapped = Alignment(vertical="top", wrap_text=True)
    sheet.append(list(COLUMNS))
    sheet.append([f"({i})" for i in range(1, len(COLUMNS) + 1)])
    for row in rows:
        values = [_text(v) if not isinstance(v, int) else v for v in row]
        sheet.append(values)
    for r, cells in enumerate(sheet.iter_rows(), start=1):
        for cell in cells:
            cell.border = box
            cell.font = head_font if r <= 2 else body_font
            cell.alignment = centred if r <= 2 else wrapped
    for i, width in enumerate(XLSX_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "1:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    front = book.create_sheet("Bìa")
    for _style, line in cover.lines():
        front.append([line])
    front.column_dimensions["A"].width = 80
    for cells in front.iter_rows():
        for cell in cells:
            cell.font = Font(name=FONT, size=14, bold=True)
            cell.alignment = Alignment(horizontal="center")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_docx(cover: Cover, rows: Sequence[Sequence[Any]]) -> bytes:
    """The register to print: A4 landscape, the cover page, then the table with its
    heading rows repeated on every page."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(0)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(20), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)

    sizes = {"agency": 14, "agency-bold": 14, "title": 26, "line": 16}
    spacing = {"agency": 0, "agency-bold": 0, "title": 96, "line": 12}
    for style, line in cover.lines():
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(spacing[style])
        run = paragraph.add_run(line)
        run.font.size = Pt(sizes[style])
        run.bold = style in ("agency-bold", "title")

    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    table = document.add_table(rows=2, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False

    def fill(cell: Any, text: str, *, bold: bool = False, centre: bool = False) -> None:
        lines = text.split("\n") if text else [""]
        paragraph = cell.paragraphs[0]
        for i, line in enumerate(lines):
            if i:
                paragraph = cell.add_paragraph()
            if centre:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(line)
            run.bold = bold
            run.font.size = Pt(11)

    for i, heading in enumerate(COLUMNS):
        fill(table.rows[0].cells[i], heading, bold=True, centre=True)
        fill(table.rows[1].cells[i], f"({i + 1})", centre=True)
    for header in table.rows[:2]:
        properties = header._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        properties.append(repeat)
    for row in rows:
        cells = table.add_row().cells
        for i, value in enumerate(row):
            fill(cells[i], _text(value), centre=i in (1, 6, 7))
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    total = table._tbl.tblPr.find(qn("w:tblW"))
    if total is None:
        total = OxmlElement("w:tblW")
        table._tbl.tblPr.append(total)
    total.set(qn("w:w"), str(int(sum(PAGE_WIDTHS_MM) * 1440 / 25.4)))
    total.set(qn("w:type"), "dxa")
    for i, width in enumerate(PAGE_WIDTHS_MM):
        table.columns[i].width = Mm(width)
        for cell in table.columns[i].cells:
            cell.width = Mm(width)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def cover_for(
    co_quan_chu_quan: str,
    co_quan: str,
    year: int,
    records: Sequence[Any],
    *,
    series: str = "",
) -> Cover:
    """The cover of a register holding `records` (IssuedRecord-like: ngay, so_text,
    series), in issuing order: first and last day, and the numbers when one series."""
    dates = [r.ngay for r in records]
    numbers = [r.so for r in records]
    one_series = len({r.series for r in records}) == 1
    return Cover(
        co_quan_chu_quan=co_quan_chu_quan,
        co_quan=co_quan,
        year=year,
        series=series,
        first_date=min(dates) if dates else None,
        last_date=max(dates) if dates else None,
        first_number=f"{min(numbers):02d}" if numbers and one_series else "",
        last_number=f"{max(numbers):02d}" if numbers and one_series else "",
    )


FORMATS = ("json", "xlsx", "pdf")
MEDIA_TYPES = {"json": "application/json", "xlsx": XLSX_TYPE, "pdf": "application/pdf"}


def build(
    fmt: str,
    cover: Cover,
    records: Sequence[Any],
    convert: Callable[[bytes], bytes] | None = None,
) -> bytes:
    """The register in `fmt`: json (cover and rows as objects), xlsx, or pdf (the .docx
    through `convert`, a .docx → PDF function: LibreOffice)."""
    rows = [r.register_row() for r in records]
    if fmt == "xlsx":
        return to_xlsx(cover, rows)
    if fmt == "pdf":
        assert convert is not None
        return convert(to_docx(cover, rows))
    if fmt == "json":
        body = {
            "year": cover.year,
            "columns": list(COLUMNS),
            "documents": [r.to_dict() for r in records],
            "rows": rows,
        }
        return (json.dumps(body, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    raise ValueError(f"unknown register format {fmt!r}")


def filename(year: int, fmt: str, series: str = "") -> tuple[str, str]:
    """(Vietnamese name, ASCII name) of an export: `Sổ đăng ký văn bản đi 2026.xlsx`."""
    tail = f" - {series}" if series else ""
    return f"Sổ đăng ký văn bản đi {year}{tail}.{fmt}", f"so-di-{year}.{fmt}"


__all__ = [
    "COLUMNS",
    "DOCX_TYPE",
    "FORMATS",
    "MEDIA_TYPES",
    "XLSX_TYPE",
    "Cover",
    "build",
    "cover_for",
    "filename",
    "to_docx",
    "to_xlsx",
]
