"""The page checks fire: each test breaks one thing in a rendered letter, prints it with
LibreOffice and expects the check that guards that thing (and only checks it may cause)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest

from drafter.check.pdf import PdfCheckError, check_pdf, summary
from drafter.pdf import PdfConverter
from tests.conftest import KIND_EXAMPLE_NAMES, expected_lines, load_example
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


# --- the other kinds: the title block on the page (kinds.md §2, K1 and K3) -------------------

QD = "kinds/qd-ubnd-daklak-to-cong-tac-chuyen-doi-so.json"


@pytest.mark.parametrize("name", KIND_EXAMPLE_NAMES)
def test_every_kind_example_passes_the_page_checks(
    name: str, example_pdf: Callable[[str], bytes]
) -> None:
    report = check_pdf(example_pdf(name))
    assert report.findings == [], "\n".join(summary(report))
    # the title block was found and its rule measured as the renderer drew it: 0.40 of the
    # longest trích yếu line, to the mm, centred on it
    assert report.measures["title"] == expected_lines()[name]["title_lines"][0]
    assert report.measures["title_rule_ratio"] == pytest.approx(0.40, abs=0.01)
    assert abs(report.measures["title_rule_offset_mm"]) < 0.2
    # the header is read above the title block, as for a công văn
    assert report.measures["issuer_rule_ratio"] == pytest.approx(0.40, abs=0.03)
    assert report.measures["so_date_baseline_delta_pt"] == pytest.approx(0, abs=2)


def _title_rule_indents(left: int, right: int) -> Callable[[str], str]:
    return _sub(
        r'(<w:pStyle w:val="ND30TitleRule"/><w:ind) w:left="\d+" w:right="\d+"',
        rf'\1 w:left="{left}" w:right="{right}"',
    )


KIND_BREAKS: dict[str, tuple[Callable[[str], str], str]] = {
    # name: (edit of the quyết định's document.xml, the one check expected)
    "title rule too long": (_title_rule_indents(1500, 1500), "K3"),
    "title rule off centre": (_title_rule_indents(4015, 3015), "K3"),
    "title rule missing": (
        _style("ND30TitleRule", '<w:pBdr><w:top w:val="nil"/></w:pBdr>'),
        "K3",
    ),
    "tên loại missing": (
        _sub(r'<w:p><w:pPr><w:pStyle w:val="ND30TitleName"/></w:pPr>.*?</w:p>', ""),
        "K1",
    ),
    # the title block is not the header: without Số or date, only their checks fire
    "Số line missing": (
        _sub(r'<w:p><w:pPr><w:pStyle w:val="ND30So"/></w:pPr>.*?</w:p>', "<w:p/>"),
        "C13",
    ),
    "date missing": (
        _sub(r'<w:t xml:space="preserve">Đắk Lắk, ngày[^<]*</w:t>', "<w:t></w:t>"),
        "C14",
    ),
}


@pytest.mark.parametrize("what", list(KIND_BREAKS))
def test_a_broken_title_block_fails_exactly_its_check(what: str, converter: PdfConverter) -> None:
    edit, check = KIND_BREAKS[what]
    docx = edit_document_xml(letter_docx(load_example(QD)), edit)
    report = check_pdf(converter.convert(docx))
    assert {f.check for f in report.findings} == {check}, "\n".join(summary(report))
    assert all(re.search(r"[À-ỹ]", f.message) for f in report.findings), "messages are Vietnamese"


def test_a_cong_van_quoting_a_title_line_has_no_title_block(converter: PdfConverter) -> None:
    """A V/v line says công văn: a bold centred `THÔNG BÁO` in its body is not a title
    whose rule would be missing."""
    quoted = (
        '<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>'
        "<w:t>THÔNG BÁO</w:t></w:r></w:p>"
        '<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>'
        "<w:t>Lịch trực Tết Nguyên đán</w:t></w:r></w:p>"
    )
    edit = _sub(r'(<w:p><w:pPr><w:pStyle w:val="ND30Body"/>)', quoted + r"\1")
    report = check_pdf(converter.convert(edit_document_xml(letter_docx(load_example(BASE)), edit)))
    assert report.findings == [], "\n".join(summary(report))
    assert "title" not in report.measures
