"""PDF in the web app: "Tải PDF", and the print preview's page images and page checks.

The PDF comes from the warm LibreOffice pool of `drafter.pdf`, which starts on the first
PDF request and never when the app is built: a worker boots in milliseconds even when
LibreOffice is slow or missing, and pages that need no PDF never wait for it. Page images
travel inside the response as `data:` URLs, so nothing is kept between requests and any
instance behind a load balancer can answer any request (the CSP allows `img-src data:`).
"""

from __future__ import annotations

import base64
import io
import logging
from dataclasses import dataclass, field

from flask import current_app

from drafter.check import Finding
from drafter.context import estimate_pages
from drafter.layout import MAX_PRINT_PAGES
from drafter.model import Letter
from drafter.pdf import PdfConverter, PdfError, default_converter, pdf_page_count, pdf_pages_png
from drafter.web.rendering import render_letter

log = logging.getLogger(__name__)

PDF_TYPE = "application/pdf"
DPI = 110  # 910 × 1287 px for A4: sharp in a ~600 px pane, readable when zoomed
MAX_PAGES = 10  # a response stays small; a longer letter says how many are left out
PALETTE = 64  # colours kept: text greys and a red stamp survive, PNGs shrink about 4×
# The page checks read every page with pdfplumber, about 0.5 s and 6 MB a page here: past
# this many pages they are not run (the pages still show), so a print preview costs a
# worker at most some 100 MB and 8 s of checks (docs/performance.md).
MAX_CHECKED_PAGES = 15


class TooLongToPrint(PdfError):
    """A letter longer than the server prints (layout.MAX_PRINT_PAGES): refused before
    LibreOffice sees it. Not a failure to retry (413, not 503); the .docx still works."""

    def __init__(self, pages: int) -> None:
        super().__init__(
            f"Văn bản dài ít nhất {pages} trang, quá giới hạn tối đa {MAX_PRINT_PAGES} trang "
            "mà máy chủ tạo bản PDF và bản in. Hãy bấm “Tải .docx” rồi in hoặc xuất PDF bằng "
            "Word; nội dung đang soạn vẫn được giữ nguyên.",
            detail=f"estimated {pages} pages > MAX_PRINT_PAGES {MAX_PRINT_PAGES}",
        )
        self.pages = pages


@dataclass(frozen=True)
class PageImage:
    """One page of the PDF as the browser shows it."""

    number: int
    src: str  # data:image/png;base64,…
    width: int
    height: int


@dataclass
class PrintView:
    """What "Xem bản in" shows: the real pages and what the page checks found on them."""

    pages: list[PageImage]
    page_count: int
    findings: list[Finding] | None = None  # None when the page checker did not run
    unchecked: str = ""  # why the page checks did not run, when they were not asked to
    errors: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self.errors = sum(1 for f in self.findings or [] if f.severity == "error")

    @property
    def hidden_pages(self) -> int:
        return self.page_count - len(self.pages)


def converter() -> PdfConverter:
    """`PDF_CONVERTER` from the app config (tests, embedding), else the process-wide pool."""
    configured = current_app.config.get("PDF_CONVERTER")
    return configured if configured is not None else default_converter()


def letter_pdf(letter: Letter) -> bytes:
    """The letter as LibreOffice prints it (from its agency's template, if it has one);
    raises `drafter.pdf.PdfError`, whose message
    is for the user and whose detail (paths, LibreOffice's output) goes to the log here.

    Every PDF of the web app is made here, so here a letter longer than the server prints
    (`estimate_pages` over `MAX_PRINT_PAGES`) is refused before LibreOffice: TooLongToPrint.
    """
    pages = estimate_pages(letter)
    if pages > MAX_PRINT_PAGES:
        raise TooLongToPrint(pages)
    try:
        return converter().convert(render_letter(letter))
    except PdfError as err:
        log.warning("PDF failed: %s (%s)", err, err.detail or "no detail")
        raise


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which a PNG always starts with."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def compact_png(png: bytes, colours: int = PALETTE) -> bytes:
    """The page as a palette PNG: a quarter of the bytes, indistinguishable on screen.

    Octree keeps rare saturated colours (a red HỎA TỐC stamp) that median cut turns brown.
    """
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        reduced = image.convert("RGB").quantize(colors=colours, method=Image.Quantize.FASTOCTREE)
    out = io.BytesIO()
    reduced.save(out, format="PNG")
    return out.getvalue() if out.tell() < len(png) else png


def page_findings(pdf: bytes) -> tuple[list[Finding] | None, int | None]:
    """The page checks (drafter.check.pdf) as the findings panel lists them, and the page count.

    Advisory, like the .docx checker on the preview: if it fails, the pages still show.
    """
    from drafter.check.pdf import check_pdf  # pdfplumber: imported on the first preview

    try:
        report = check_pdf(pdf)
    except Exception:
        log.exception("page checker failed on a print preview")
        return None, None
    return list(report.findings), report.pages


def print_view(
    pdf: bytes,
    *,
    dpi: float = DPI,
    max_pages: int = MAX_PAGES,
    max_checked: int = MAX_CHECKED_PAGES,
) -> PrintView:
    """Page images (inline, nothing stored) and page-check findings for a letter's PDF:
    images of the first `max_pages`, checks only for a PDF of at most `max_checked`."""
    pages = []
    for number, png in enumerate(pdf_pages_png(pdf, dpi, pages=max_pages), start=1):
        small = compact_png(png)
        width, height = _png_size(small)
        src = "data:image/png;base64," + base64.b64encode(small).decode("ascii")
        pages.append(PageImage(number, src, width, height))
    count = pdf_page_count(pdf)
    if count > max_checked:
        why = (
            f"Văn bản có {count} trang: bước kiểm tra trên trang in chỉ chạy với văn bản đến "
            f"{max_checked} trang. Các điểm kiểm tra trên tệp .docx (bản xem trước) vẫn áp dụng."
        )
        return PrintView(pages, count, None, unchecked=why)
    findings, checked = page_findings(pdf)
    return PrintView(pages, max(checked or 0, count, len(pages)), findings)


__all__ = [
    "DPI",
    "MAX_CHECKED_PAGES",
    "MAX_PAGES",
    "PDF_TYPE",
    "PageImage",
    "PrintView",
    "TooLongToPrint",
    "letter_pdf",
    "print_view",
]
