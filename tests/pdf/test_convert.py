"""Every example through real LibreOffice: converts, and the printed page passes its checks."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

from drafter.check.pdf import check_pdf, summary
from drafter.pdf import PdfConverter, pdf_pages_png
from tests.conftest import EXAMPLE_NAMES, load_example
from tests.pdf.conftest import letter_docx

pytestmark = pytest.mark.slow


def _text(pdf: bytes) -> str:
    import io

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


@pytest.mark.parametrize(
    "name",
    EXAMPLE_NAMES,
)
def test_example_converts_and_passes_page_checks(
    name: str, example_pdf: Callable[[str], bytes]
) -> None:
    pdf = example_pdf(name)
    assert pdf.startswith(b"%PDF")
    report = check_pdf(pdf)
    assert report.findings == [], "\n".join(summary(report))
    # the measured page agrees with the spec's worked numbers, not just its tolerances
    assert report.measures["tieu_ngu_rule_ratio"] == pytest.approx(1.0, abs=0.02)
    assert report.measures["signature_gap_mm"] == pytest.approx(30.0, abs=2.0)
    numbers = report.measures["page_numbers"]
    assert numbers == {k: ("" if k == 1 else str(k)) for k in range(1, report.pages + 1)}


def test_pdf_embeds_a_tnr_metric_serif_with_vietnamese(
    example_pdf: Callable[[str], bytes],
) -> None:
    pdf = example_pdf("daklak-1691-ubnd-kgvx.json")
    report = check_pdf(pdf)
    fonts = report.measures["fonts"]
    assert fonts, "no fonts found"
    assert all(embedded for embedded in fonts.values()), fonts
    assert {"LiberationSerif", "LiberationSerif-Bold"} <= set(fonts), fonts
    text = _text(pdf)
    # letters with stacked marks come back out: the glyphs are in the embedded font
    for phrase in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Đắk Lắk"):
        assert phrase in text


@pytest.mark.usefixtures("poppler")
def test_pdffonts_agrees_that_fonts_are_embedded(
    example_pdf: Callable[[str], bytes], tmp_path: Path
) -> None:
    """A second opinion from poppler: every font row says emb=yes. (From a file: not every
    poppler reads a PDF from standard input.)"""
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(example_pdf("quangngai-2116-ubnd-nc.json"))
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True)
    rows = out.stdout.decode().splitlines()[2:]
    assert rows and all(re.search(r"\byes\b\s+yes\b", row) for row in rows), rows
    assert all("LiberationSerif" in row for row in rows), rows


def _doubled(name: str) -> bytes:
    data = load_example(name)
    data["noi_dung"] = data["noi_dung"] + data["noi_dung"]
    return letter_docx(data)


def _longest_example() -> str:
    return max(
        EXAMPLE_NAMES, key=lambda n: sum(len(b["text"]) for b in load_example(n)["noi_dung"])
    )


def test_long_letter_numbers_pages_from_two(converter: PdfConverter) -> None:
    """The longest example with its body doubled: several pages, numbered from page 2."""
    report = check_pdf(converter.convert(_doubled(_longest_example())))
    assert report.pages >= 2
    assert report.errors == [], report.errors
    assert report.measures["page_numbers"][1] == ""
    for k in range(2, report.pages + 1):
        assert report.measures["page_numbers"][k] == str(k)


def test_two_page_letter_has_the_number_only_on_page_two(converter: PdfConverter) -> None:
    """A one-page example with its body doubled fills exactly two pages."""
    one_page = "bo-gddt-bao-cao-so-lieu-thong-ke.json"
    assert check_pdf(converter.convert(letter_docx(load_example(one_page)))).pages == 1
    report = check_pdf(converter.convert(_doubled(one_page)))
    assert report.pages == 2
    assert report.measures["page_numbers"] == {1: "", 2: "2"}
    assert report.findings == [], report.findings


def test_eight_concurrent_conversions_succeed(converter: PdfConverter) -> None:
    names = EXAMPLE_NAMES[:8]
    docs = {name: letter_docx(load_example(name)) for name in names}
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = dict(zip(names, pool.map(converter.convert, docs.values()), strict=True))
    for name, pdf in results.items():
        assert pdf.startswith(b"%PDF"), name
        # each caller got its own letter back, not a neighbour's
        so = load_example(name)["so"]
        if so:
            assert f"Số: {int(so):02d}/" in _text(pdf), name


@pytest.mark.parametrize(
    "name", ["daklak-1691-ubnd-kgvx.json", "so-gddt-ninh-binh-thong-bao-lich-thi.json"]
)
def test_page_one_as_png_for_a_person_to_look_at(
    name: str, example_pdf: Callable[[str], bytes], artifacts: Path
) -> None:
    pdf = example_pdf(name)
    pages = pdf_pages_png(pdf, dpi=110)
    assert len(pages) == check_pdf(pdf).pages
    target = artifacts / f"pdf-page1-{Path(name).stem}.png"
    target.write_bytes(pages[0])
    with Image.open(target) as image:
        width, height = image.size
    assert height / width == pytest.approx(297 / 210, rel=0.01)
    assert target.stat().st_size > 10_000
