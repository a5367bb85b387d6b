"""The broken corpus: one change to a good letter is caught by exactly the check it breaks.

Each case edits the XML of a correct document (drafter's rendering of the Đắk Lắk letter,
and the same letter typed in Word with direct formatting or with styles) in one place,
then asserts that the set of checks reporting an error is exactly the expected one.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from lxml import etree

from drafter.check import check_docx
from tests.check.builders import (
    W,
    clone_para_after,
    find_para,
    mutate,
    read_parts,
    replace_text,
    text_of,
    word_decision,
    write_parts,
)
from tests.conftest import load_example

DOC = "word/document.xml"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _rpr(run: etree._Element) -> etree._Element:
    rpr = run.find(w("rPr"))
    if rpr is None:
        rpr = etree.SubElement(run, w("rPr"))
        run.remove(rpr)
        run.insert(0, rpr)
    return rpr


def set_run(run: etree._Element, tag: str, **attrs: str) -> None:
    """Set one run property, replacing what was there."""
    rpr = _rpr(run)
    for old in rpr.findall(w(tag)):
        rpr.remove(old)
    el = etree.SubElement(rpr, w(tag))
    for k, v in attrs.items():
        el.set(w(k), v)


def _ppr(p: etree._Element) -> etree._Element:
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        p.insert(0, ppr)
    return ppr


def set_para(p: etree._Element, tag: str, **attrs: str) -> etree._Element:
    ppr = _ppr(p)
    for old in ppr.findall(w(tag)):
        ppr.remove(old)
    el = etree.SubElement(ppr, w(tag))
    for k, v in attrs.items():
        el.set(w(k), v)
    return el


def text_runs(p: etree._Element) -> list[etree._Element]:
    return [r for r in p.iter(w("r")) if any((t.text or "").strip() for t in r.iter(w("t")))]


def set_text(p: etree._Element, text: str) -> None:
    ts = list(p.iter(w("t")))
    for t in ts:
        t.text = ""
    ts[0].text = text


def next_para(p: etree._Element) -> etree._Element:
    nxt = p.getnext()
    while nxt is not None and nxt.tag != w("p"):
        nxt = nxt.getnext()
    assert nxt is not None
    return nxt


def no_border(p: etree._Element) -> None:
    bdr = set_para(p, "pBdr")
    for side in ("top", "bottom"):
        etree.SubElement(bdr, w(side)).set(w("val"), "nil")


def body_paras(root: etree._Element) -> list[etree._Element]:
    kids = list(root.find(w("body")))
    start = next(
        i for i, k in enumerate(kids) if k.tag == w("p") and text_of(k).startswith("Kính gửi")
    )
    i = start + 1
    while kids[i].tag == w("p") and text_of(kids[i]).startswith("- "):
        i += 1
    end = next(j for j in range(i, len(kids)) if kids[j].tag == w("tbl"))
    return [k for k in kids[i:end] if k.tag == w("p")]


def on_doc(fn: Callable[[etree._Element], None]) -> Callable[[bytes], bytes]:
    return lambda data: mutate(data, DOC, fn)


# --- the mutations ------------------------------------------------------------------------


def calibri_run(root: etree._Element) -> None:
    run = text_runs(body_paras(root)[0])[0]
    set_run(run, "rFonts", ascii="Calibri", hAnsi="Calibri")


def body_12pt(root: etree._Element) -> None:
    for p in body_paras(root):
        for run in p.iter(w("r")):
            set_run(run, "sz", val="24")
            set_run(run, "szCs", val="24")


def month_03(root: etree._Element) -> None:
    replace_text(root, "tháng 3 năm 2019", "tháng 03 năm 2019")


def day_5(root: etree._Element) -> None:
    replace_text(root, "ngày 05 tháng", "ngày 5 tháng")


def tieu_ngu(root: etree._Element) -> etree._Element:
    return find_para(root, lambda t: t.startswith("Độc lập"))


def issuer_last(root: etree._Element) -> etree._Element:
    return find_para(root, lambda t: t == "TỈNH ĐẮK LẮK")


def underline_tieu_ngu_rule(root: etree._Element) -> None:
    tn = tieu_ngu(root)
    no_border(next_para(tn))
    for run in text_runs(tn):
        set_run(run, "u", val="single")


def underscores_tieu_ngu_rule(root: etree._Element) -> None:
    rule = next_para(tieu_ngu(root))
    no_border(rule)
    etree.SubElement(etree.SubElement(rule, w("r")), w("t")).text = "_" * 22


def underline_issuer_rule(root: etree._Element) -> None:
    last = issuer_last(root)
    no_border(next_para(last))
    for run in text_runs(last):
        set_run(run, "u", val="single")


def underscores_issuer_rule(root: etree._Element) -> None:
    rule = next_para(issuer_last(root))
    no_border(rule)
    etree.SubElement(etree.SubElement(rule, w("r")), w("t")).text = "_" * 8


def sect(root: etree._Element) -> etree._Element:
    return root.find(f"{w('body')}/{w('sectPr')}")


def no_title_pg(root: etree._Element) -> None:
    for el in sect(root).findall(w("titlePg")):
        sect(root).remove(el)


def margins_25(root: etree._Element) -> None:
    mar = sect(root).find(w("pgMar"))
    for side in ("top", "bottom", "left", "right"):
        mar.set(w(side), "1417")


def a5(root: etree._Element) -> None:
    sz = sect(root).find(w("pgSz"))
    sz.set(w("w"), "8391")
    sz.set(w("h"), "11906")


def title_cong_van(root: etree._Element) -> None:
    body = root.find(w("body"))
    head = body.find(w("tbl"))
    p = etree.Element(w("p"))
    set_para(p, "jc", val="center")
    r = etree.SubElement(p, w("r"))
    set_run(r, "b")
    set_run(r, "sz", val="28")
    etree.SubElement(r, w("t")).text = "CÔNG VĂN"
    head.addnext(p)


def kinh_gui_no_semicolon(root: etree._Element) -> None:
    for t in root.iter(w("t")):
        if t.text == "- Các sở, ngành của tỉnh;":
            t.text = "- Các sở, ngành của tỉnh"
            return
    raise AssertionError


def no_luu(root: etree._Element) -> None:
    p = find_para(root, lambda t: t.startswith("- Lưu:"))
    p.getparent().remove(p)


def name_not_bold(root: etree._Element) -> None:
    p = find_para(root, lambda t: t == "Võ Văn Cảnh")
    for run in text_runs(p):
        set_run(run, "b", val="0")


def kt_one_line(root: etree._Element) -> None:
    kt = find_para(root, lambda t: t == "KT. CHỦ TỊCH")
    title = next_para(kt)
    set_text(kt, "KT. PHÓ CHỦ TỊCH")
    title.getparent().remove(title)


def _part_of(data: bytes, kind: str, typ: str) -> str:
    parts = read_parts(data)
    root = etree.fromstring(parts[DOC])
    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    ref = next(r for r in sect(root).findall(w(f"{kind}Reference")) if r.get(w("type")) == typ)
    rid = ref.get(f"{{{R_NS}}}id")
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return "word/" + target.lstrip("/").removeprefix("word/")


def page_number_on_first(data: bytes) -> bytes:
    name = _part_of(data, "header", "first")

    def fn(root: etree._Element) -> None:
        p = root.find(w("p"))
        fld = etree.SubElement(p, w("fldSimple"))
        fld.set(w("instr"), " PAGE ")
        r = etree.SubElement(fld, w("r"))
        set_run(r, "sz", val="28")
        etree.SubElement(r, w("t")).text = "1"

    return mutate(data, name, fn)


def even_pages_unnumbered(data: bytes) -> bytes:
    def fn(root: etree._Element) -> None:
        root.insert(0, etree.Element(w("evenAndOddHeaders")))

    return mutate(data, "word/settings.xml", fn)


# Beyond the list: one case per remaining check.


def date_upright(root: etree._Element) -> None:
    p = find_para(root, lambda t: ", ngày" in t)
    for run in text_runs(p):
        set_run(run, "i", val="0")


def quoc_hieu_two_lines(root: etree._Element) -> None:
    p = find_para(root, lambda t: t.startswith("CỘNG HÒA"))
    run = text_runs(p)[0]
    t = run.find(w("t"))
    t.text = "CỘNG HÒA XÃ HỘI"
    br = etree.SubElement(run, w("br"))
    t2 = etree.SubElement(run, w("t"))
    t2.text = "CHỦ NGHĨA VIỆT NAM"
    del br


def tieu_ngu_en_dash(root: etree._Element) -> None:
    replace_text(root, "Độc lập - Tự do - Hạnh phúc", "Độc lập – Tự do – Hạnh phúc")


def nfd_text(root: etree._Element) -> None:
    import unicodedata

    run = text_runs(body_paras(root)[0])[-1]
    t = next(t for t in run.iter(w("t")) if (t.text or "").strip())
    t.text = unicodedata.normalize("NFD", t.text)


def red_body(root: etree._Element) -> None:
    set_run(text_runs(body_paras(root)[0])[0], "color", val="FF0000")


def so_unpadded(root: etree._Element) -> None:
    replace_text(root, "Số: 1691/", "Số: 1691 /")


def vv_bold(root: etree._Element) -> None:
    p = find_para(root, lambda t: t.startswith("V/v "))
    for run in text_runs(p):
        set_run(run, "b")


def issuer_lower(root: etree._Element) -> None:
    replace_text(root, "TỈNH ĐẮK LẮK", "Tỉnh Đắk Lắk")


def body_left(root: etree._Element) -> None:
    set_para(body_paras(root)[1], "jc", val="left")


def body_contextual(root: etree._Element) -> None:
    for p in body_paras(root):
        set_para(p, "contextualSpacing")


def gap_small(root: etree._Element) -> None:
    p = find_para(root, lambda t: t == "Võ Văn Cảnh")
    set_para(p, "spacing", before="300", after="0")


def noi_nhan_upright(root: etree._Element) -> None:
    p = find_para(root, lambda t: t == "Nơi nhận:")
    for run in text_runs(p):
        set_run(run, "i", val="0")


def kinh_gui_dash_shift(root: etree._Element) -> None:
    p = find_para(root, lambda t: t.startswith("- UBND các huyện"))
    set_para(p, "ind", left="1200", firstLine="0")


def signature_left(root: etree._Element) -> None:
    tables = list(root.find(w("body")).iter(w("tbl")))
    closing = tables[-1]
    cells = list(closing.iter(w("tc")))
    left, right = cells[0], cells[1]
    left_ps = [c for c in left if c.tag == w("p")]
    right_ps = [c for c in right if c.tag == w("p")]
    for p in left_ps:
        left.remove(p)
    for p in right_ps:
        right.remove(p)
    for p in right_ps:
        left.append(p)
    for p in left_ps:
        right.append(p)


def footer_every_page(data: bytes) -> bytes:
    name = _part_of(data, "footer", "default")

    def fn(root: etree._Element) -> None:
        p = root.find(w("p"))
        if p is None:
            p = etree.SubElement(root, w("p"))
        r = etree.SubElement(p, w("r"))
        set_run(r, "sz", val="22")
        etree.SubElement(r, w("t")).text = "Địa chỉ: 01 Lê Duẩn"

    return mutate(data, name, fn)


def sign_title_twice(root: etree._Element) -> None:
    kt = find_para(root, lambda t: t == "KT. CHỦ TỊCH")
    set_text(kt, "KT.  CHỦ TỊCH")


def title_not_upper(root: etree._Element) -> None:
    replace_text(root, "PHÓ CHỦ TỊCH", "Phó Chủ tịch")


def stamp_unboxed(data: bytes) -> bytes:
    def fn(root: etree._Element) -> None:
        p = find_para(root, lambda t: t == "KHẨN")
        tbl = p.getparent().getparent().getparent()
        assert tbl.tag == w("tbl")
        cell = tbl.getparent()
        cell.replace(tbl, p)

    return mutate(data, DOC, fn)


CASES: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    # the list
    "calibri-run": (on_doc(calibri_run), "C3"),
    "body-12pt": (on_doc(body_12pt), "C20"),
    "thang-03": (on_doc(month_03), "C14"),
    "ngay-5": (on_doc(day_5), "C14"),
    "underline-tieu-ngu-rule": (on_doc(underline_tieu_ngu_rule), "C10"),
    "underscores-tieu-ngu-rule": (on_doc(underscores_tieu_ngu_rule), "C10"),
    "underline-issuer-rule": (on_doc(underline_issuer_rule), "C12"),
    "underscores-issuer-rule": (on_doc(underscores_issuer_rule), "C12"),
    "no-different-first-page": (on_doc(no_title_pg), "C6"),
    "page-number-on-page-1": (page_number_on_first, "C6"),
    "margins-25": (on_doc(margins_25), "C2"),
    "title-cong-van": (on_doc(title_cong_van), "C16"),
    "kinh-gui-no-semicolon": (on_doc(kinh_gui_no_semicolon), "C18"),
    "no-luu-line": (on_doc(no_luu), "C28"),
    "name-not-bold": (on_doc(name_not_bold), "C26"),
    "kt-and-title-one-line": (on_doc(kt_one_line), "C25"),
    "a5-paper": (on_doc(a5), "C1"),
    # one more per remaining check
    "date-upright": (on_doc(date_upright), "C14"),
    "quoc-hieu-two-lines": (on_doc(quoc_hieu_two_lines), "C8"),
    "tieu-ngu-en-dash": (on_doc(tieu_ngu_en_dash), "C9"),
    "nfd-text": (on_doc(nfd_text), "C5"),
    "red-body-run": (on_doc(red_body), "C4"),
    "so-space": (on_doc(so_unpadded), "C13"),
    "vv-bold": (on_doc(vv_bold), "C15"),
    "issuer-not-upper": (on_doc(issuer_lower), "C11"),
    "body-left-aligned": (on_doc(body_left), "C21"),
    "body-contextual-spacing": (on_doc(body_contextual), "C22"),
    "signature-gap-small": (on_doc(gap_small), "C27"),
    "noi-nhan-upright": (on_doc(noi_nhan_upright), "C28"),
    "kinh-gui-dash-shifted": (on_doc(kinh_gui_dash_shift), "C19"),
    "signature-on-left": (on_doc(signature_left), "C24"),
    "footer-on-every-page": (footer_every_page, "C29"),
    "prefix-two-spaces": (on_doc(sign_title_twice), "C25"),
    "title-not-upper": (on_doc(title_not_upper), "C25"),
    "odd-even-headers-no-even-number": (even_pages_unnumbered, "C6"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_one_defect_fires_one_check(good: bytes, case: str) -> None:
    mutation, expected = CASES[case]
    assert check_docx(good).ok, "the base document must be clean"
    report = check_docx(mutation(good))
    shown = "\n".join(f"{f.check} {f.text} | {f.location}" for f in report.errors)
    assert report.ids() == {expected}, shown


def test_stamp_without_box_is_c17() -> None:
    from tests.check.conftest import typed

    good = typed(False)
    report = check_docx(stamp_unboxed(good))
    assert report.ids() == {"C17"}, [f.text for f in report.errors]


def test_messages_name_what_and_expected() -> None:
    from tests.check.conftest import typed

    report = check_docx(on_doc(month_03)(typed(False)))
    (finding,) = report.errors
    assert finding.text == "Ngày ban hành: tháng 3 không viết số 0 ở đầu (“tháng 03” → “tháng 3”)"
    assert "Đắk Lắk, ngày 05 tháng 03 năm 2019" in finding.location
    report = check_docx(on_doc(day_5)(typed(False)))
    assert re.search(r"“ngày 5” → “ngày 05”", report.errors[0].text)


def test_write_parts_round_trip() -> None:
    from tests.check.conftest import typed

    data = typed(False)
    assert check_docx(write_parts(read_parts(data))).ok


# --- the other kinds (kinds.md K1–K9): single edits of drafter's own renderings ------------

QD = "kinds/qd-ubnd-daklak-to-cong-tac-chuyen-doi-so.json"
GM = "kinds/gm-ubnd-daklak-doi-thoai-doanh-nghiep.json"
BC = "kinds/bc-ubnd-xa-hoa-vang-kinh-te-xa-hoi-quy-i.json"
TB = "kinds/tb-so-gddt-ninh-binh-lich-nghi-tet.json"
KH = "kinds/kh-so-y-te-da-nang-kiem-tra-an-toan-thuc-pham.json"
TTR = "kinds/ttr-ubnd-xa-cat-tien-nha-van-hoa-thon.json"


def styled(root: etree._Element, style: str) -> list[etree._Element]:
    """The paragraphs of one template style (`ND30TitleName`), in order."""
    return [
        p for p in root.iter(w("p")) if any(s.get(w("val")) == style for s in p.iter(w("pStyle")))
    ]


def ten_loai_lower(root: etree._Element) -> None:
    replace_text(find_para(root, lambda t: t == "QUYẾT ĐỊNH"), "QUYẾT ĐỊNH", "Quyết định")


def ten_loai_deleted(root: etree._Element) -> None:
    title = find_para(root, lambda t: t == "QUYẾT ĐỊNH")
    title.getparent().remove(title)


def ten_loai_not_bold(root: etree._Element) -> None:
    for run in text_runs(styled(root, "ND30TitleName")[0]):
        set_run(run, "b", val="0")


def trich_yeu_period(root: etree._Element) -> None:
    t = list(styled(root, "ND30TitleSubject")[-1].iter(w("t")))[-1]
    t.text = t.text + "."


def trich_yeu_vv(root: etree._Element) -> None:
    t = next(styled(root, "ND30TitleSubject")[0].iter(w("t")))
    t.text = "V/v " + t.text


def trich_yeu_left(root: etree._Element) -> None:
    for p in styled(root, "ND30TitleSubject"):
        set_para(p, "jc", val="left")


def title_rule_long(root: etree._Element) -> None:
    set_para(styled(root, "ND30TitleRule")[0], "ind", left="600", right="600")


def title_rule_underline(root: etree._Element) -> None:
    subject = next_para(find_para(root, lambda t: t == "QUYẾT ĐỊNH"))
    no_border(next_para(subject))
    for run in text_runs(subject):
        set_run(run, "u", val="single")


def title_rule_off_centre(root: etree._Element) -> None:
    rule = styled(root, "ND30TitleRule")[0]
    ind = rule.find(f"{w('pPr')}/{w('ind')}")
    left, right = int(ind.get(w("left"))), int(ind.get(w("right")))
    set_para(rule, "ind", left=str(left + 300), right=str(right - 300))


def code_tb_on_qd(root: etree._Element) -> None:
    replace_text(root, "/QĐ-UBND", "/TB-UBND")


def code_case(root: etree._Element) -> None:
    replace_text(root, "/TTr-UBND", "/TTR-UBND")


def vv_line_in_header(root: etree._Element) -> None:
    so = find_para(root, lambda t: t.startswith("Số:"))
    vv = clone_para_after(so, "V/v lịch nghỉ Tết Nguyên đán Bính Ngọ năm 2026")
    set_para(vv, "spacing", before="120", after="0")
    for run in text_runs(vv):
        set_run(run, "sz", val="24")


def kinh_gui_on_qd(root: etree._Element) -> None:
    rule = next_para(next_para(find_para(root, lambda t: t == "QUYẾT ĐỊNH")))
    p = etree.Element(w("p"))
    set_para(p, "spacing", before="240", after="240")
    set_para(p, "jc", val="center")
    r = etree.SubElement(p, w("r"))
    set_run(r, "sz", val="28")
    etree.SubElement(r, w("t")).text = "Kính gửi: Sở Nội vụ."
    rule.addnext(p)


def to_trinh_without_kinh_gui(root: etree._Element) -> None:
    for style in ("ND30KinhGui", "ND30KinhGuiItem", "ND30KinhGuiLast", "ND30KinhGuiSingle"):
        for p in styled(root, style):
            p.getparent().remove(p)


def can_cu_last_semicolon(root: etree._Element) -> None:
    t = list(find_para(root, lambda t: t.startswith("Theo đề nghị")).iter(w("t")))[-1]
    t.text = t.text[:-1] + ";"


def can_cu_upright(root: etree._Element) -> None:
    for run in text_runs(find_para(root, lambda t: t.startswith("Căn cứ Nghị định"))):
        set_run(run, "i", val="0")


def decision_not_bold(root: etree._Element) -> None:
    for run in text_runs(find_para(root, lambda t: t == "QUYẾT ĐỊNH:")):
        set_run(run, "b", val="0")


def authority_left(root: etree._Element) -> None:
    set_para(find_para(root, lambda t: t.startswith("CHỦ TỊCH ỦY BAN")), "jc", val="left")


def dieu_gap(root: etree._Element) -> None:
    replace_text(root, "Điều 3.", "Điều 4.")


def dieu_not_bold(root: etree._Element) -> None:
    p = find_para(root, lambda t: t.startswith("Điều 2."))
    for run in text_runs(p):
        set_run(run, "b", val="0")


def dieu_indent(root: etree._Element) -> None:
    p = find_para(root, lambda t: t.startswith("Điều 2."))
    set_para(p, "ind", firstLine="1134")


def diem_latin_order(root: etree._Element) -> None:
    p = find_para(root, lambda t: t.startswith("đ) "))
    replace_text(p, "đ)", "e)")


def phan_not_centred(root: etree._Element) -> None:
    set_para(find_para(root, lambda t: t == "Phần II"), "jc", val="both")


def muc_lower(root: etree._Element) -> None:
    replace_text(root, "MỤC ĐÍCH, YÊU CẦU", "Mục đích, yêu cầu")


def khoan_skipped(root: etree._Element) -> None:
    p = find_para(root, lambda t: t.startswith("2. Trạm Y tế"))
    replace_text(p, "2. ", "3. ")


def weekday_wrong(root: etree._Element) -> None:
    replace_text(root, "thứ Năm, ngày 19", "thứ Tư, ngày 19")


def hour_one_digit(root: etree._Element) -> None:
    replace_text(root, "từ 08 giờ 30", "từ 8 giờ 30")


def place_before_time(root: etree._Element) -> None:
    time = find_para(root, lambda t: t.startswith("Thời gian:"))
    place = find_para(root, lambda t: t.startswith("Địa điểm:"))
    place.getparent().remove(place)
    time.addprevious(place)


# Edits found by text, so that they apply to drafter's quyết định and to the ones typed in
# Word (direct formatting, or styles): the Mẫu 1.2 parts and the Điều.
DECISION_CASES: dict[str, tuple[Callable[[etree._Element], None], str]] = {
    "ten-loai-lower-case": (ten_loai_lower, "K1"),
    "ten-loai-deleted": (ten_loai_deleted, "K1"),
    "title-rule-underline": (title_rule_underline, "K3"),
    "code-tb-on-quyet-dinh": (code_tb_on_qd, "K4"),
    "kinh-gui-on-quyet-dinh": (kinh_gui_on_qd, "K5"),
    "can-cu-last-semicolon": (can_cu_last_semicolon, "K6"),
    "can-cu-upright": (can_cu_upright, "K6"),
    "quyet-dinh-line-not-bold": (decision_not_bold, "K6"),
    "authority-left-aligned": (authority_left, "K6"),
    "dieu-number-gap": (dieu_gap, "K7"),
    "dieu-not-bold": (dieu_not_bold, "K7"),
    "dieu-indent-2cm": (dieu_indent, "K7"),
}

# Edits of drafter's renderings of the other kinds (by their template styles or text).
KIND_CASES: dict[str, tuple[str, Callable[[etree._Element], None], str]] = {
    # name: (the rendered example, the edit of document.xml, the one check expected)
    "ten-loai-not-bold": (TB, ten_loai_not_bold, "K1"),
    "trich-yeu-final-period": (GM, trich_yeu_period, "K2"),
    "trich-yeu-with-vv": (TB, trich_yeu_vv, "K2"),
    "trich-yeu-left-aligned": (KH, trich_yeu_left, "K2"),
    "title-rule-too-long": (KH, title_rule_long, "K3"),
    "title-rule-off-centre": (BC, title_rule_off_centre, "K3"),
    "code-ttr-upper-case": (TTR, code_case, "K4"),
    "vv-line-on-thong-bao": (TB, vv_line_in_header, "K4"),
    "to-trinh-without-kinh-gui": (TTR, to_trinh_without_kinh_gui, "K5"),
    "diem-latin-order": (TB, diem_latin_order, "K8"),
    "phan-not-centred": (BC, phan_not_centred, "K8"),
    "muc-lower-case": (KH, muc_lower, "K8"),
    "khoan-skipped": (KH, khoan_skipped, "K8"),
    "weekday-wrong": (GM, weekday_wrong, "K9"),
    "hour-one-digit": (GM, hour_one_digit, "K9"),
    "place-before-time": (GM, place_before_time, "K9"),
}

DECISIONS = {
    "drafter": lambda: _rendered(QD),
    "word": lambda: word_decision(),
    "word-styles": lambda: word_decision(via_styles=True),
}


def _rendered(name: str) -> bytes:
    from tests.check.conftest import rendered

    return rendered(name)


def assert_only(data: bytes, expected: str) -> None:
    report = check_docx(data)
    shown = "\n".join(f"{f.check} {f.text} | {f.location}" for f in report.errors)
    assert report.ids() == {expected}, shown


@pytest.mark.parametrize("base", sorted(DECISIONS))
@pytest.mark.parametrize("case", sorted(DECISION_CASES))
def test_one_defect_of_a_quyet_dinh_fires_one_check(base: str, case: str) -> None:
    edit, expected = DECISION_CASES[case]
    good = DECISIONS[base]()
    assert check_docx(good).layout == [], "the base document must be clean"
    assert_only(on_doc(edit)(good), expected)
    assert check_docx(on_doc(edit)(good)).kind == "quyet_dinh"


@pytest.mark.parametrize("case", sorted(KIND_CASES))
def test_one_defect_of_a_kind_fires_one_check(case: str) -> None:
    name, edit, expected = KIND_CASES[case]
    good = _rendered(name)
    assert check_docx(good).layout == [], "the base document must be clean"
    assert_only(on_doc(edit)(good), expected)
    assert check_docx(on_doc(edit)(good)).kind == load_example(name)["kind"]


def test_every_new_check_has_a_mutant() -> None:
    fired = {expected for _, _, expected in KIND_CASES.values()}
    fired |= {expected for _, expected in DECISION_CASES.values()}
    assert fired == {f"K{i}" for i in range(1, 10)}
