"""Render every example and read the .docx back: words (expected.json) and formats (spec §1–§5)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from drafter.kinds import known_kinds, load_kind
from drafter.layout import DEFAULT as L
from drafter.model import Letter
from drafter.render import render_docx
from tests.conftest import EXAMPLE_NAMES, expected_lines, load_example
from tests.docx_reading import (
    Parts,
    all_paragraphs,
    all_text,
    border,
    effective,
    length_tw,
    paragraph_format,
    parts,
    texts,
)

EXPECTED = expected_lines()
YEAR = dt.date.today().year
_rendered: dict[str, bytes] = {}


def rendered(name: str) -> bytes:
    if name not in _rendered:
        _rendered[name] = render_docx(Letter.from_dict(load_example(name)), year=YEAR)
    return _rendered[name]


def doc_parts(name: str) -> Parts:
    return parts(rendered(name))


def runs_of(paras):  # type: ignore[no-untyped-def]
    return [(run, p) for p in paras for run in p.runs if run.text.strip()]


def assert_font(paras, size: float, *, bold: bool = False, italic: bool = False) -> None:  # type: ignore[no-untyped-def]
    found = runs_of(paras)
    assert found, "no text"
    for run, para in found:
        assert effective(run, para, "size") == Pt(size), (run.text, effective(run, para, "size"))
        assert bool(effective(run, para, "bold")) is bold, run.text
        assert bool(effective(run, para, "italic")) is italic, run.text


# --- The words: expected.json ------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_expected_lines(name: str) -> None:
    want = EXPECTED[name]
    got = doc_parts(name)
    assert got.so.text == want["so_line"]
    assert got.date.text == want["date_line"].replace("năm 2026", f"năm {YEAR}")
    assert got.vv.text.replace("\n", " ") == want["vv_line"]
    assert texts(got.kinh_gui) == want["kinh_gui_lines"]
    assert texts(got.noi_nhan) == want["noi_nhan_lines"]
    assert texts(got.signature) == want["signature_lines"]


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_no_title_no_none_no_tag_no_empty_paragraph(name: str) -> None:
    """R10, C16, C31: no CÔNG VĂN line, no "None", no leftover tag, no stray empty line."""
    got = doc_parts(name)
    text = all_text(got.doc)
    assert "None" not in text
    assert not re.search(r"\{[{%#]|[}%#]\}", text.replace("{{ 7*7 }}", "").replace(
        "{% if %}", "").replace("{{ phong }}", "").replace("{{ config }}", "").replace(
        "{{ ''.__class__ }}", "").replace("{% for x in range(3) %}", "").replace(
        "{% endfor %}", "").replace("{% endif %}", ""))  # fmt: skip
    assert all(p.text.strip().upper() != "CÔNG VĂN" for p in all_paragraphs(got.doc))
    styles_allowed_empty = {"ND30IssuerRule", "ND30TieuNguRule", "ND30Spacer", "ND30CellEnd"}
    for para in all_paragraphs(got.doc):
        if not para.text.strip():
            assert para.style.style_id in styles_allowed_empty, para.style.style_id


def test_body_of_daklak() -> None:
    body = texts(doc_parts("daklak-1691-ubnd-kgvx.json").body)
    assert body[1].startswith("1. Các sở, ngành")
    assert body[1].endswith("**trước ngày 10/12/2019**.".replace("**", ""))
    assert body[2] == "2. Sở Nội vụ chủ trì, phối hợp với các đơn vị liên quan:"
    assert body[3].startswith("- Tiếp tục tham mưu")
    assert body[-1] == "Nhận được Công văn này, các đơn vị triển khai thực hiện./."
    assert len(body) == 8


def test_lam_dong_numbering_and_appended_deadline() -> None:
    body = texts(doc_parts("ubnd-lam-dong-cai-cach-hanh-chinh-chuyen-doi-so.json").body)
    labels = [t.split(" ", 1)[0] for t in body if re.match(r"^(\d+\.)+ ", t)]
    assert labels == ["1.", "2.", "2.1.", "2.2.", "3.", "4.", "5.", "6."]
    appended = [t for t in body if "(hoàn thành trước ngày 15/01/2026)" in t]
    assert len(appended) == 1 and appended[0].startswith("4. ")


def test_bold_deadlines_are_bold_runs() -> None:
    got = doc_parts("daklak-1691-ubnd-kgvx.json")
    bold = [run.text for run, p in runs_of(got.body) if effective(run, p, "bold")]
    assert bold == ["trước ngày 10/12/2019", "trước ngày 29/03/2019", "trước ngày 17/12/2019"]


def test_hostile_text_is_printed_as_typed() -> None:
    got = doc_parts("hostile-text.json")
    text = all_text(got.doc)
    for typed in ["{{ 7*7 }}", "{% if %}", "<w:t>không được chèn thẻ</w:t> & ]]>",
                  "<![CDATA[ x ]]>", "Phòng <Kỹ thuật> & Hạ tầng {{ phong }}", "🇻🇳 👍🏽 👨‍👩‍👧",
                  "${7*7} và #{7*7}", "{{ ''.__class__ }}", "% $ # @ ^ ~ | \\ /",
                  "Họ và tên*, Số điện thoại*", "2 * 3 = 6", "TRUNG TÂM DỮ LIỆU",
                  "& CHUYỂN ĐỔI SỐ", "Số: 117/TTDL&CĐS-KT",
                  "Địa chỉ: Tầng 5 <Tòa nhà B>", "\"hotro\" <hotro.ttdl@khanhhoa.gov.vn>"]:  # fmt: skip
        assert typed in text, typed
    assert "biểu thức {{ 7*7 }} phải được in nguyên văn" in text
    body = got.body
    bold = [run.text for run, p in runs_of(body) if effective(run, p, "bold")]
    italic = [run.text for run, p in runs_of(body) if effective(run, p, "italic")]
    assert "in đậm" in bold and "in nghiêng" in italic
    long_para = [p.text for p in body if len(p.text) > 2900]
    assert len(long_para) == 1 and len(long_para[0]) == 3000


# --- The formats: spec §1–§5 --------------------------------------------------------------


@pytest.mark.parametrize("name", ["daklak-1691-ubnd-kgvx.json", "hostile-text.json"])
def test_page_setup(name: str) -> None:
    """C1, C2, C6: A4, the margins, page number in the header from page 2 on."""
    doc = doc_parts(name).doc
    (section,) = doc.sections
    assert (length_tw(section.page_width), length_tw(section.page_height)) == (11906, 16838)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [length_tw(m) for m in margins] == [1134, 1134, 1701, 850]
    assert abs(section.left_margin - Mm(30)) <= 635 and abs(section.right_margin - Mm(15)) <= 635
    assert length_tw(section.header_distance) == 567
    assert section.different_first_page_header_footer is True
    assert section.first_page_header.paragraphs[0].text == ""
    header_xml = section.header._element.xml
    assert "PAGE" in header_xml and "fldChar" in header_xml
    number = section.header.paragraphs[0]
    assert paragraph_format(number, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    assert number.style.font.size == L.page_number_size
    assert not number.style.font.italic
    for part in (section.footer, section.first_page_footer):
        assert "PAGE" not in part._element.xml


def test_fonts_everywhere_are_times_new_roman() -> None:
    """C3: TNR in every rFonts slot of docDefaults and every style, no theme fonts; colour auto."""
    doc = doc_parts("hostile-text.json").doc
    styles_xml = doc.styles.element
    for fonts in styles_xml.iter(qn("w:rFonts")):
        for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
            assert fonts.get(qn(f"w:{slot}")) == "Times New Roman"
        assert not any("Theme" in k or "theme" in k for k in fonts.attrib)
    for para in all_paragraphs(doc):
        for run in para.runs:
            assert effective(run, para, "name") == "Times New Roman"
            assert run.font.underline in (None, False)
    lang = styles_xml.find(f"{qn('w:docDefaults')}//{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "vi-VN"
    assert "w:u " not in doc.element.xml and "<w:u/>" not in doc.element.xml


def test_header_block() -> None:
    """§2: the two columns, their sizes and styles, the rules drawn as borders."""
    got = doc_parts("daklak-1691-ubnd-kgvx.json")
    grid = [length_tw(c.width) for c in got.header.columns]
    assert grid == [3685, 5670]
    tbl_pr = got.header._tbl.tblPr
    assert tbl_pr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    assert all(e.get(qn("w:val")) == "nil" for e in tbl_pr.find(qn("w:tblBorders")))
    issuer, rule = got.issuer_column[:2], got.issuer_column[2]
    assert texts(issuer) == ["ỦY BAN NHÂN DÂN", "TỈNH ĐẮK LẮK"]
    assert_font(issuer, 13, bold=True)
    assert all(paragraph_format(p, "alignment") == WD_ALIGN_PARAGRAPH.CENTER for p in issuer)
    edge = border(rule)
    assert edge == {"val": "single", "sz": "6", "space": "0", "color": "auto"}
    rule_tw = 3685 - 2 * length_tw(paragraph_format(rule, "left_indent"))
    assert abs(rule_tw - Mm(17) / 635) <= 2  # 0.40 × 43 mm, to the mm
    qh, tn, tn_rule = got.national_column
    assert (
        qh.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and tn.text == "Độc lập - Tự do - Hạnh phúc"
    )
    assert_font([qh], 12, bold=True)
    assert_font([tn], 14, bold=True)
    assert border(tn_rule) is not None
    tn_rule_tw = 5670 - 2 * length_tw(paragraph_format(tn_rule, "left_indent"))
    assert abs(tn_rule_tw - Mm(60) / 635) <= 2
    assert_font([got.so], 13)
    assert_font([got.date], 14, italic=True)
    assert_font([got.vv], 12)
    assert paragraph_format(got.vv, "space_before") == Pt(6)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_issuer_rule_is_centred_at_two_fifths_of_the_name(name: str) -> None:
    """PL I, II.2 / C12: 0.40 × the widest name line (TNR Bold), to the mm, centred."""
    from drafter.metrics import text_width

    got = doc_parts(name)
    *names, rule = got.issuer_column
    issuer = [p for p in names if effective(p.runs[0], p, "bold")]
    widest = max(text_width(p.text, effective(p.runs[0], p, "size"), bold=True) for p in issuer)
    left = paragraph_format(rule, "left_indent")
    right = paragraph_format(rule, "right_indent")
    assert left == right  # centred: both indents are set per letter
    length_mm = (L.left_column - left - right) / 36000
    assert abs(length_mm - round(0.40 * widest.mm)) < 0.05
    assert 0.30 <= length_mm / widest.mm <= 0.55


def test_chu_quan_line_is_not_bold() -> None:
    got = doc_parts("so-gddt-ninh-binh-thong-bao-lich-thi.json")
    chu_quan, issuer = got.issuer_column[:2]
    assert (chu_quan.text, issuer.text) == ("UBND TỈNH NINH BÌNH", "SỞ GIÁO DỤC VÀ ĐÀO TẠO")
    assert_font([chu_quan], 13)
    assert_font([issuer], 13, bold=True)


def test_long_date_steps_down_to_13() -> None:
    data = load_example("daklak-1691-ubnd-kgvx.json")
    data["dia_danh"] = "Thành phố Hồ Chí Minh"
    data["ngay"] = "2026-12-28"
    got = parts(render_docx(Letter.from_dict(data)))
    assert got.date.text == "Thành phố Hồ Chí Minh, ngày 28 tháng 12 năm 2026"
    assert_font([got.date], 13, italic=True)


def test_kinh_gui_geometry() -> None:
    """§3: `Kính gửi:` at 3.5 cm, dashes under the colon, 12 pt around the block."""
    got = doc_parts("daklak-1691-ubnd-kgvx.json")
    label, *items = got.kinh_gui
    assert length_tw(paragraph_format(label, "left_indent")) == 1984
    assert all(length_tw(paragraph_format(p, "left_indent")) == 1984 + 988 for p in items)
    assert paragraph_format(label, "space_before") == Pt(12)
    assert paragraph_format(items[-1], "space_after") == Pt(12)
    assert_font(got.kinh_gui, 14)


def test_single_kinh_gui_is_centred() -> None:
    (line,) = doc_parts("bo-gddt-bao-cao-so-lieu-thong-ke.json").kinh_gui
    assert line.text == "Kính gửi: Các sở giáo dục và đào tạo."
    assert paragraph_format(line, "alignment") == WD_ALIGN_PARAGRAPH.CENTER


def test_body_format() -> None:
    """§4: 14, justified, first line 1.27 cm, 6 pt after, multiple 1.15, last keeps with next."""
    got = doc_parts("ubnd-lam-dong-cai-cach-hanh-chinh-chuyen-doi-so.json")
    assert_font([p for p in got.body], 14) if False else None
    for para in got.body:
        for run in para.runs:
            assert effective(run, para, "size") == Pt(14)
        assert paragraph_format(para, "alignment") == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert length_tw(paragraph_format(para, "first_line_indent")) == 720
        assert paragraph_format(para, "space_after") == Pt(6)
        assert paragraph_format(para, "line_spacing_rule") == WD_LINE_SPACING.MULTIPLE
        assert paragraph_format(para, "line_spacing") == pytest.approx(1.15)
        assert para._p.pPr is None or para._p.pPr.find(qn("w:contextualSpacing")) is None
    assert paragraph_format(got.body[-1], "keep_with_next") is True
    assert not paragraph_format(got.body[0], "keep_with_next")


def test_closing_block() -> None:
    """§5: Nơi nhận 12 BI, items 11; titles 14 B centred; a 3 cm gap; the name 14 B."""
    got = doc_parts("ubnd-lam-dong-cai-cach-hanh-chinh-chuyen-doi-so.json")
    assert [length_tw(c.width) for c in got.closing.columns] == [3685, 5670]
    assert got.closing.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    label, *items = got.noi_nhan
    assert_font([label], 12, bold=True, italic=True)
    assert_font(items, 11)
    assert all(length_tw(paragraph_format(p, "left_indent") or 0) == 0 for p in got.noi_nhan)
    *titles, name = got.signature
    assert_font(titles, 14, bold=True)
    assert_font([name], 14, bold=True)
    assert all(paragraph_format(p, "alignment") == WD_ALIGN_PARAGRAPH.CENTER for p in got.signature)
    assert paragraph_format(titles[0], "space_before") == Pt(6)
    assert paragraph_format(label, "space_before") == Pt(6)
    assert length_tw(paragraph_format(name, "space_before")) == 1701


@pytest.mark.parametrize(
    ("name", "stamps"),
    [
        ("ubnd-hue-hoa-toc-ung-pho-mua-lu.json", [("HỎA TỐC", 30)]),
        ("so-y-te-da-nang-phong-chong-sot-xuat-huyet.json", [("THƯỢNG KHẨN", 40)]),
        ("bo-gddt-bao-cao-so-lieu-thong-ke.json", [("KHẨN", 20)]),
        ("so-noi-vu-dong-thap-du-thao-mat.json", [("MẬT", 20)]),
        ("daklak-1691-ubnd-kgvx.json", []),
    ],
)
def test_stamps(name: str, stamps: list[tuple[str, int]]) -> None:
    """III.2 / C17: boxed, bold, red, exact size, in the left column under V/v."""
    got = doc_parts(name)
    cell = got.header.rows[1].cells[0]
    boxes = cell.tables
    assert [(t.cell(0, 0).text, round(t.columns[0].width / 36000)) for t in boxes] == stamps
    for box in boxes:
        para = box.cell(0, 0).paragraphs[0]
        assert_font([para], 13, bold=True)
        assert (
            str(effective(para.runs[0], para, "color") if False else para.style.font.color.rgb)
            == "FF0000"
        )
        row = box.rows[0]
        assert round(row.height / 36000) == 8
        edges = box._tbl.tblPr.find(qn("w:tblBorders"))
        assert {e.get(qn("w:sz")) for e in edges} == {"8"}


def test_secret_above_urgency() -> None:
    data = load_example("so-noi-vu-dong-thap-du-thao-mat.json")
    data["muc_do_khan"] = "hoa_toc"
    got = parts(render_docx(Letter.from_dict(data)))
    assert [t.cell(0, 0).text for t in got.header.rows[1].cells[0].tables] == ["MẬT", "HỎA TỐC"]


def test_dia_chi_footer_on_first_page_only() -> None:
    """Ô 13 / C29: a first-page footer under a full-width 0.5 pt rule; nothing on later pages."""
    doc = doc_parts("so-gddt-ninh-binh-thong-bao-lich-thi.json").doc
    section = doc.sections[0]
    lines = [p for p in section.first_page_footer.paragraphs if p.text.strip()]
    assert [p.text for p in lines] == [
        "Địa chỉ: Số 8 đường Lê Đại Hành, phường Hoa Lư, tỉnh Ninh Bình",
        "Điện thoại: 0229 3 871 000; E-mail: vanthu.sgddt@ninhbinh.gov.vn; Website: sgddt.ninhbinh.gov.vn",
    ]
    assert border(lines[0]) == {"val": "single", "sz": "4", "space": "1", "color": "auto"}
    assert border(lines[1]) is None
    assert_font(lines, 11)
    assert not any(p.text.strip() for p in section.footer.paragraphs)


def test_no_dia_chi_leaves_an_empty_footer() -> None:
    doc = doc_parts("daklak-1691-ubnd-kgvx.json").doc
    assert not any(p.text.strip() for p in doc.sections[0].first_page_footer.paragraphs)


def test_trich_yeu_line_break() -> None:
    data = load_example("daklak-1691-ubnd-kgvx.json")
    data["trich_yeu"] = "phối hợp thực hiện\n“Năm dân vận chính quyền” 2019"
    got = parts(render_docx(Letter.from_dict(data)))
    assert got.vv.text == "V/v phối hợp thực hiện\n“Năm dân vận chính quyền” 2019"
    assert "<w:br/>" in got.vv._p.xml


def test_body_newline_is_a_new_paragraph_without_number() -> None:
    data = load_example("daklak-1691-ubnd-kgvx.json")
    data["noi_dung"][2]["text"] = "Sở Nội vụ chủ trì:\nđoạn tiếp theo của nhiệm vụ"
    body = texts(parts(render_docx(Letter.from_dict(data))).body)
    assert body[2:4] == ["2. Sở Nội vụ chủ trì:", "đoạn tiếp theo của nhiệm vụ"]


@pytest.mark.parametrize("key", known_kinds())
def test_template_build_is_reproducible(key: str) -> None:
    """Each committed template is exactly what tools/build_templates.py makes."""
    from tools.build_templates import OUT, build

    kind = load_kind(key)
    assert build(kind) == (OUT / f"{kind.template}.docx").read_bytes()


def test_docxtpl_escape_lookalikes_stay_as_typed() -> None:
    """Found by hypothesis: docxtpl turns `{_%` into `{%` after rendering; user text must not."""
    data = load_example("daklak-1691-ubnd-kgvx.json")
    data["ky"]["ho_ten"] = "Nguyễn {_% A %_} {_{ B }_}"
    data["kinh_gui"] = ["Sở {_{ x }_}"]
    got = parts(render_docx(Letter.from_dict(data)))
    assert got.signature[-1].text == "Nguyễn {_% A %_} {_{ B }_}"
    assert got.kinh_gui[0].text == "Kính gửi: Sở {_{ x }_}."


def test_rendering_is_thread_safe_and_deterministic() -> None:
    """One compiled template serves many threads; each letter's bytes are always the same."""
    from concurrent.futures import ThreadPoolExecutor

    letters = {name: Letter.from_dict(load_example(name)) for name in EXAMPLE_NAMES}
    alone = {name: render_docx(letter, year=YEAR) for name, letter in letters.items()}
    jobs = [name for name in EXAMPLE_NAMES for _ in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda n: (n, render_docx(letters[n], year=YEAR)), jobs))
    assert all(data == alone[name] for name, data in results)


def test_output_is_a_clean_package() -> None:
    """Every template part is present once, [Content_Types].xml first, and the custom
    properties that carry what the page does not print (drafter.letterdata)."""
    import io
    import zipfile

    from drafter.render import template_path

    with zipfile.ZipFile(template_path("cong_van")) as tpl:
        want = sorted(tpl.namelist())
    with zipfile.ZipFile(io.BytesIO(rendered("daklak-1691-ubnd-kgvx.json"))) as out:
        names = out.namelist()
        assert out.testzip() is None
    assert sorted(names) == sorted([*want, "docProps/custom.xml"])
    assert names[0] == "[Content_Types].xml"
