"""The six other kinds (kinds.md): every example rendered and read back with python-docx —
the printed lines of expected.json, and the formats of the title block, the quyết
định's authority, căn cứ and `QUYẾT ĐỊNH:`, the Điều, the headings and the giấy mời
lines. Paragraphs are found by the style the template gives them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from drafter.kinds import load_kind
from drafter.layout import DEFAULT as L
from drafter.metrics import text_width
from drafter.model import Letter
from drafter.render import render_docx
from tests.conftest import KIND_EXAMPLE_NAMES, expected_lines, load_example
from tests.docx_reading import (
    all_text,
    border,
    effective,
    length_tw,
    open_docx,
    paragraph_format,
    texts,
)

EXPECTED = expected_lines()
YEAR = 2026  # the year expected.json prints for undated drafts
BODY_STYLES = ("ND30Body", "ND30BodyCentre", "ND30BodyLast")


@dataclass
class KindParts:
    """A rendered letter of another kind, cut into its parts by style."""

    doc: Document
    paragraphs: list[Paragraph]

    def styled(self, *styles: str) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.style.style_id in styles]

    @property
    def cells(self) -> list[list[Paragraph]]:
        header = self.doc.tables[0]
        return [cell.paragraphs for row in header.rows for cell in row.cells]


_docs: dict[str, KindParts] = {}


def rendered(name: str) -> KindParts:
    if name not in _docs:
        data = render_docx(Letter.from_dict(load_example(name)), year=YEAR)
        doc = open_docx(data)
        _docs[name] = KindParts(doc, list(doc.paragraphs))
    return _docs[name]


def assert_font(paras: list[Paragraph], size: float, *, bold: bool, italic: bool = False) -> None:
    runs = [(r, p) for p in paras for r in p.runs if r.text.strip()]
    assert runs
    for run, para in runs:
        assert effective(run, para, "size") == Pt(size), run.text
        assert bool(effective(run, para, "bold")) is bold, run.text
        assert bool(effective(run, para, "italic")) is italic, run.text


def centred(para: Paragraph) -> bool:
    return paragraph_format(para, "alignment") == WD_ALIGN_PARAGRAPH.CENTER


# --- The words: expected.json ------------------------------------------------------------


@pytest.mark.parametrize("name", KIND_EXAMPLE_NAMES)
def test_expected_lines(name: str) -> None:
    want = EXPECTED[name]
    got = rendered(name)
    closing = got.doc.tables[-1].rows[0].cells
    assert got.cells[2][0].text == want["so_line"]
    assert got.cells[3][0].text == want["date_line"]
    title = [*got.styled("ND30TitleName"), *got.styled("ND30TitleSubject")]
    subject = load_example(name)["trich_yeu"]
    assert texts(title)[0] == want["title_lines"][0]
    # wrapped lines of one typed line are one string in expected.json
    assert " ".join(texts(title)[1:]) == " ".join(want["title_lines"][1:])
    assert "V/v" not in all_text(got.doc) or "V/v" in subject
    body = got.styled(*BODY_STYLES)
    if "giay_moi_lines" in want:
        n = len(want["giay_moi_lines"])
        assert texts(body[:n]) == want["giay_moi_lines"]
        body = body[n:]
    if "body_lines" in want:
        assert texts(body) == want["body_lines"]
    if "tham_quyen_line" in want:
        assert texts(got.styled("ND30Authority")) == [want["tham_quyen_line"]]
        assert texts(got.styled("ND30CanCu")) == want["can_cu_lines"]
        assert texts(got.styled("ND30Decision")) == [want["quyet_dinh_line"]]
    kinh_gui = [p for p in got.paragraphs if p.style.style_id.startswith("ND30KinhGui")]
    assert texts(kinh_gui) == want.get("kinh_gui_lines", [])
    for key in ("dieu_first_lines", "heading_lines", "diem_lines"):
        if key in want:
            assert set(want[key]) <= set(texts(body)), key
    assert texts(closing[0].paragraphs) == want["noi_nhan_lines"]
    assert texts(closing[1].paragraphs) == want["signature_lines"]


@pytest.mark.parametrize("name", KIND_EXAMPLE_NAMES)
def test_no_vv_line_and_the_kinds_code(name: str) -> None:
    """K4: no V/v line in the header; the Số line's code is the kind's."""
    got = rendered(name)
    left = got.cells[2]
    assert [p.style.style_id for p in left[:1]] == ["ND30So"]
    assert not any(p.style.style_id == "ND30Vv" for p in got.doc.tables[0]._cells[2].paragraphs)
    code = load_kind(load_example(name)["kind"]).info["code"]
    assert f"/{code}-" in left[0].text


# --- The formats ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", KIND_EXAMPLE_NAMES)
def test_title_block(name: str) -> None:
    """kinds.md §2, K1–K3: tên loại 14 B centred with 12 pt before, the trích yếu 14 B
    centred, a top-border rule of 0.40 × the longest printed line, centred on the text."""
    got = rendered(name)
    (title,) = got.styled("ND30TitleName")
    subject = got.styled("ND30TitleSubject")
    (rule,) = got.styled("ND30TitleRule")
    order = got.paragraphs
    assert order.index(title) + 1 == order.index(subject[0])
    assert order.index(subject[-1]) + 1 == order.index(rule)
    assert_font([title, *subject], 14, bold=True)
    assert all(centred(p) for p in (title, *subject, rule))
    assert paragraph_format(title, "space_before") == Pt(12)
    assert title.text == title.text.upper()
    assert not subject[-1].text.endswith(".")
    edge = border(rule, "top")
    assert edge is not None and edge["val"] == "single"
    widest = max(text_width(p.text, Pt(14), bold=True) for p in subject)
    left = length_tw(paragraph_format(rule, "left_indent"))
    right = length_tw(paragraph_format(rule, "right_indent"))
    assert left == right
    length_mm = (L.text_width.twips - 2 * left) / 56.7
    assert length_mm / widest.mm == pytest.approx(L.title_rule_ratio, abs=0.02)
    for line in subject:  # each printed line fits with room to spare: nothing wraps again
        assert text_width(line.text, Pt(14), bold=True) <= L.text_width * L.line_fill


def test_long_subject_is_wrapped_by_the_renderer() -> None:
    """A trích yếu longer than a line, typed without `\\n`: the renderer decides the lines."""
    got = rendered("kinds/kh-so-y-te-da-nang-kiem-tra-an-toan-thuc-pham.json")
    assert len(got.styled("ND30TitleSubject")) == 2


def test_quyet_dinh_parts() -> None:
    """K6: authority UPPER 14 B centred, 12 before 6 after; căn cứ 14 italic justified,
    first line 1.27 cm, 6 after; `QUYẾT ĐỊNH:` 14 B centred, 6 before and after."""
    got = rendered("kinds/qd-ubnd-daklak-to-cong-tac-chuyen-doi-so.json")
    (authority,) = got.styled("ND30Authority")
    grounds = got.styled("ND30CanCu")
    (decision,) = got.styled("ND30Decision")
    assert_font([authority], 14, bold=True)
    assert centred(authority) and authority.text == authority.text.upper()
    assert paragraph_format(authority, "space_before") == Pt(12)
    assert paragraph_format(authority, "space_after") == Pt(6)
    assert_font(grounds, 14, bold=False, italic=True)
    for para in grounds:
        assert paragraph_format(para, "alignment") == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert length_tw(paragraph_format(para, "first_line_indent")) == 720
        assert paragraph_format(para, "space_after") == Pt(6)
    assert [p.text[-1] for p in grounds] == [";", ";", ";", "."]
    assert_font([decision], 14, bold=True)
    assert centred(decision)
    assert paragraph_format(decision, "space_before") == Pt(6)
    assert paragraph_format(decision, "space_after") == Pt(6)
    order = got.paragraphs
    body = got.styled(*BODY_STYLES)
    assert order.index(grounds[-1]) < order.index(decision) < order.index(body[0])


def test_dieu_untitled_and_titled() -> None:
    """K7: `Điều N.` bold at the start, the rest regular; a titled Điều is all bold and its
    text follows as a paragraph; first line 1.27 cm."""
    plain = rendered("kinds/qd-ubnd-daklak-to-cong-tac-chuyen-doi-so.json")
    first = plain.styled(*BODY_STYLES)[0]
    runs = [r for r in first.runs if r.text]
    assert runs[0].text == "Điều 1." and effective(runs[0], first, "bold")
    assert not effective(runs[-1], first, "bold")
    assert length_tw(paragraph_format(first, "first_line_indent")) == 720
    titled = rendered("kinds/qd-so-noi-vu-dong-thap-cu-cong-chuc-boi-duong.json")
    body = titled.styled(*BODY_STYLES)
    head = next(p for p in body if p.text.startswith("Điều 2."))
    assert_font([head], 14, bold=True)
    follow = body[body.index(head) + 1]
    assert_font([follow], 14, bold=False)


def test_headings_phan_muc_and_diem() -> None:
    """K8: Phần and its title centred bold; mục `I. TITLE` bold upper, indented like the body."""
    got = rendered("kinds/bc-ubnd-xa-hoa-vang-kinh-te-xa-hoi-quy-i.json")
    body = got.styled(*BODY_STYLES)
    phan, title = body[0], body[1]
    assert (phan.text, title.text) == ("Phần I", "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ QUÝ I NĂM 2026")
    for para in (phan, title):
        assert centred(para) and para.style.style_id == "ND30BodyCentre"
        assert_font([para], 14, bold=True)
        assert not length_tw(paragraph_format(para, "first_line_indent"))
    muc = body[2]
    assert muc.text == "I. VỀ KINH TẾ"
    assert_font([muc], 14, bold=True)
    assert paragraph_format(muc, "alignment") == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert length_tw(paragraph_format(muc, "first_line_indent")) == 720
    diem = rendered("kinds/qd-ubnd-xa-an-phu-phuong-an-so-tan.json").styled(*BODY_STYLES)
    letters = [p.text.split(")")[0] for p in diem if p.text[:2] in ("a)", "b)", "c)", "d)", "đ)")]
    assert letters == ["a", "b", "c", "d", "đ"]


def test_giay_moi_lines_are_body_paragraphs_with_regular_labels() -> None:
    got = rendered("kinds/gm-ubnd-daklak-doi-thoai-doanh-nghiep.json")
    body = got.styled(*BODY_STYLES)
    for para in body[:8]:
        assert_font([para], 14, bold=False)
        assert paragraph_format(para, "alignment") == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert length_tw(paragraph_format(para, "first_line_indent")) == 720
        assert paragraph_format(para, "space_after") == Pt(6)
    weekday = dt.date(2026, 11, 19).weekday()
    assert weekday == 3 and "thứ Năm" in body[6].text


def test_giay_moi_without_notes_closes_the_dia_diem_line() -> None:
    got = rendered("kinds/gm-so-vhttdl-khanh-hoa-khai-mac-le-hoi.json")
    body = got.styled(*BODY_STYLES)
    assert body[-1].text.startswith("Địa điểm:") and body[-1].text.endswith("./.")
    assert body[-1].style.style_id == "ND30BodyLast"


@pytest.mark.parametrize("name", KIND_EXAMPLE_NAMES)
def test_page_and_margins_as_the_cong_van(name: str) -> None:
    section = rendered(name).doc.sections[0]
    assert (section.page_width, section.page_height) == (L.page_width, L.page_height)
    assert (section.left_margin, section.right_margin) == (L.margin_left, L.margin_right)
    assert section.different_first_page_header_footer
