"""The page checks fire: each test breaks one thing in a rendered letter, prints it with
LibreOffice and expects the check that guards that thing (and only checks it may cause)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest

from drafter.check.pdf import PdfCheckError, check_pdf
from drafter.pdf import PdfConverter
from tests.conftest import load_example
from tests.pdf.conftest import edit_document_xml, letter_docx

pytestmark = pytest.mark.slow

BASE = "daklak-1691-ubnd-kgvx.json"


def _style(name: str, extra: str) -> Callable[[str], str]:
    """Insert pPr children into every paragraph of style `name`."""
    tag = f'<w:pStyle w:val="{name}"/>'
    return lambda xml: xml.replace(tag, tag + extra)


def _run_size(text: str, half_points: int) -> Callable[[str], str]:
    return lambda xml: xml.replace(
        f"<w:r><w:t>{text}</w:t></w:r>",
        f'<w:r><w:rPr><w:sz w:val="{half_points}"/></w:rPr><w:t>{text}</w:t></w:r>',
    )


def _page_break_before_closing(xml: str) -> str:
    closing = xml.rindex("<w:tbl>")
    brk = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
    return xml[:closing] + brk + xml[closing:]


def _sans_run(xml: str) -> str:
    """The body's first words in DejaVu Sans instead of Times New Roman."""
    sans = '<w:rPr><w:rFonts w:ascii="DejaVu Sans" w:hAnsi="DejaVu Sans"/></w:rPr>'
    start = '<w:t xml:space="preserve">Thực hiện'
    return xml.replace(start, f'<w:t xml:space="preserve"></w:t></w:r><w:r>{sans}{start}', 1)


def _sub(pattern: str, repl: str) -> Callable[[str], str]:
    return lambda xml: re.sub(pattern, repl, xml, count=1)


BREAKS: dict[str, tuple[Callable[[str], str], str, str]] = {
    # name: (edit of document.xml, check expected, severity)
    "letter paper": (
        _sub(r'<w:pgSz w:w="\d+" w:h="\d+"', '<w:pgSz w:w="12240" w:h="15840"'),
        "C1",
        "error",
    ),
    "Quốc hiệu too big to fit one line": (
        _run_size("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 36),
        "C8",
        "error",
    ),
    "Tiêu ngữ rule too short": (
        _sub(
            r'(<w:pStyle w:val="ND30TieuNguRule"/><w:ind) w:left="\d+" w:right="\d+"',
            r'\1 w:left="1834" w:right="1834"',
        ),
        "C10",
        "error",
    ),
    "issuer rule nearly the column": (
        _sub(
            r'(<w:pStyle w:val="ND30IssuerRule"/><w:ind) w:left="\d+" w:right="\d+"',
            r'\1 w:left="300" w:right="300"',
        ),
        "C12",
        "error",
    ),
    "date below the Số line": (
        _style("ND30Date", '<w:spacing w:before="160"/>'),
        "C14",
        "error",
    ),
    "signature lower than Nơi nhận": (
        _style("ND30SignTitleFirst", '<w:spacing w:before="280"/>'),
        "C24",
        "error",
    ),
    "page 1 numbered": (lambda xml: xml.replace("<w:titlePg/>", ""), "C6", "error"),
    "text into the right margin": (
        _style("ND30Body", '<w:ind w:right="-567"/>'),
        "C30",
        "warning",
    ),
    "signature alone on its page": (_page_break_before_closing, "C30", "warning"),
    "name too close to the titles": (
        _style("ND30SignName", '<w:spacing w:before="200"/>'),
        "C27",
        "error",
    ),
    "a sans-serif run": (_sans_run, "C3", "error"),
}


@pytest.mark.parametrize("what", list(BREAKS))
def test_a_broken_letter_fails_the_check_that_guards_it(what: str, converter: PdfConverter) -> None:
    edit, check, severity = BREAKS[what]
    docx = edit_document_xml(letter_docx(load_example(BASE)), edit)
    report = check_pdf(converter.convert(docx))
    hits = [f for f in report.findings if f.check == check]
    assert hits, f"{what}: expected {check}, got {report.findings}"
    assert {f.severity for f in hits} == {severity}
    assert all(re.search(r"[À-ỹ]", f.message) for f in hits), "messages are Vietnamese"


def test_report_is_json_ready(example_pdf: Callable[[str], bytes]) -> None:
    report = check_pdf(example_pdf(BASE))
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data["ok"] is True and data["pages"] == report.pages
    assert data["findings"] == []
    assert report.errors == [] and report.warnings == []


def test_not_a_pdf_is_refused_in_vietnamese() -> None:
    with pytest.raises(PdfCheckError, match="không phải là PDF"):
        check_pdf(b"PK\x03\x04 a docx, not a pdf")


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4 garbage",
        b"%PDF-1.7\n1 0 obj <<>> endobj trailer <<>>",
        b"%PDF" + bytes(range(256)),
    ],
)
def test_damaged_pdf_is_refused_with_a_message(data: bytes) -> None:
    """A damaged file raises the module's own error (Vietnamese), never pdfminer's."""
    from drafter.check.pdf import PdfCheckError

    with pytest.raises(PdfCheckError, match="Không đọc được tệp PDF"):
        check_pdf(data)
