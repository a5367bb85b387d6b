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
from drafter.model import Letter
from drafter.pdf import PdfConverter, default_converter, pdf_pages_png
from drafter.web.rendering import render_letter

log = logging.getLogger(__name__)

PDF_TYPE = "application/pdf"
DPI = 110  # 910 × 1287 px for A4: sharp in a ~600 px pane, readable when zoomed
MAX_PAGES = 10  # a response stays small; a longer letter says how many are left out
PALETTE = 64  # colours kept: text greys and a red stamp survive, PNGs shrink about 4×


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
    findings: list[Finding] | None = None  # None when the page checker could not run
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
    raises `drafter.pdf.PdfError` (Vietnamese)."""
    return converter().convert(render_letter(letter))


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


def print_view(pdf: bytes, *, dpi: float = DPI, max_pages: int = MAX_PAGES) -> PrintView:
    """Page images (inline, nothing stored) and page-check findings for a letter's PDF."""
    pages = []
    for number, png in enumerate(pdf_pages_png(pdf, dpi, pages=max_pages), start=1):
        small = compact_png(png)
        width, height = _png_size(small)
        src = "data:image/png;base64," + base64.b64encode(small).decode("ascii")
        pages.append(PageImage(number, src, width, height))
    findings, count = page_findings(pdf)
    return PrintView(pages, max(count or 0, len(pages)), findings)


__all__ = ["DPI", "MAX_PAGES", "PDF_TYPE", "PageImage", "PrintView", "letter_pdf", "print_view"]
