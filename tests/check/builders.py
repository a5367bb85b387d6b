"""Documents for the checker tests, built with python-docx the way a văn thư types them.

`word_letter()` makes a correct công văn independently of drafter's renderer: formatting
is direct on runs or in styles (`via_styles=True`: sizes, bold and alignment come from a
paragraph style chain and a character style), the Normal style keeps Word's theme font
in its East Asian slot, and the rules are paragraph borders. `mutate()` edits the XML
parts of any .docx so that a test changes exactly one thing.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from copy import deepcopy

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor, Twips
from lxml import etree

from drafter.layout import DEFAULT, twips
from drafter.metrics import text_width

L = DEFAULT
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
TNR = "Times New Roman"


def _el(tag: str, **attrs: str) -> OxmlElement:
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), v)
    return el


def _ppr(p) -> etree._Element:
    return p._p.get_or_add_pPr()


def set_border(p, side: str, sz: int, val: str = "single") -> None:
    ppr = _ppr(p)
    bdr = ppr.find(qn("w:pBdr"))
    if bdr is None:
        bdr = _el("w:pBdr")
        ppr.append(bdr)
    bdr.append(_el(f"w:{side}", val=val, sz=str(sz), space="0", color="auto"))


def set_indent(p, left: int = 0, right: int = 0, first: int = 0) -> None:
    pf = p.paragraph_format
    pf.left_indent = Twips(left)
    pf.right_indent = Twips(right)
    pf.first_line_indent = Twips(first)


def spacing(p, before: float = 0, after: float = 0, line: int | None = None) -> None:
    pf = p.paragraph_format
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    if line is not None:
        sp = _ppr(p).find(qn("w:spacing"))
        sp.set(qn("w:line"), str(line))
        sp.set(qn("w:lineRule"), "auto")
    else:
        pf.line_spacing = 1.0


def add_run(p, text: str, size: float | None = None, bold=None, italic=None, style=None):
    r = p.add_run(text, style=style)
    if size is not None:
        r.font.size = Pt(size)
    if bold is not None:
        r.font.bold = bold
    if italic is not None:
        r.font.italic = italic
    return r


def para(
    container,
    text: str = "",
    size: float | None = 14,
    *,
    bold=None,
    italic=None,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    before: float = 0,
    after: float = 0,
    style: str | None = None,
    first: bool = False,
):
    p = container.paragraphs[0] if first else container.add_paragraph(style=style)
    if style and first:
        p.style = style
    if align is not None:
        p.alignment = align
    spacing(p, before, after)
    if text:
        add_run(p, text, size, bold, italic)
    elif size is not None:
        rpr = _ppr(p).find(qn("w:rPr"))
        if rpr is None:
            rpr = _el("w:rPr")
            _ppr(p).append(rpr)
        rpr.append(_el("w:sz", val=str(int(size * 2))))
    return p


def _fonts_tnr(rpr: etree._Element, east_asia_theme: bool) -> None:
    old = rpr.find(qn("w:rFonts"))
    if old is not None:
        rpr.remove(old)
    f = _el("w:rFonts", ascii=TNR, hAnsi=TNR, cs=TNR)
    if east_asia_theme:
        f.set(qn("w:eastAsiaTheme"), "minorHAnsi")
    else:
        f.set(qn("w:eastAsia"), TNR)
    rpr.insert(0, f)


def _table(doc, rows: int, widths: list[int]):
    t = doc.add_table(rows=rows, cols=len(widths))
    t.autofit = False
    tblpr = t._tbl.tblPr
    for child in list(tblpr):
        if child.tag in (qn("w:tblW"), qn("w:tblLook")):
            tblpr.remove(child)
    tblpr.append(_el("w:tblW", w=str(sum(widths)), type="dxa"))
    tblpr.append(_el("w:tblInd", w="0", type="dxa"))
    borders = _el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_el(f"w:{side}", val="nil"))
    tblpr.append(borders)
    tblpr.append(_el("w:tblLayout", type="fixed"))
    mar = _el("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        mar.append(_el(f"w:{side}", w="0", type="dxa"))
    tblpr.append(mar)
    for col, w in zip(t.columns, widths, strict=True):
        col.width = Twips(w)
        for cell in col.cells:
            cell.width = Twips(w)
    for row in t.rows:
        row._tr.get_or_add_trPr().append(_el("w:cantSplit"))
    return t


def _page_field(p, size: float) -> None:
    for kind, text in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "2"),
        ("end", None),
    ):
        r = p.add_run()
        r.font.size = Pt(size)
        if kind:
            r._r.append(_el("w:fldChar", fldCharType=kind))
        elif text.strip() == "PAGE":
            it = _el("w:instrText")
            it.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            it.text = text
            r._r.append(it)
        else:
            r.text = text


def stamp_table(cell, text: str, width_mm_tw: int, colour: str = "FF0000"):
    """A one-cell bordered table inside `cell`: an urgency or secrecy stamp."""
    t = cell.add_table(rows=1, cols=1)
    tblpr = t._tbl.tblPr
    tblpr.append(_el("w:tblW", w=str(width_mm_tw), type="dxa"))
    tblpr.append(_el("w:jc", val="center"))
    borders = _el("w:tblBorders")
    for side in ("top", "left", "bottom", "right"):
        borders.append(_el(f"w:{side}", val="single", sz="8", space="0", color=colour))
    tblpr.append(borders)
    mar = _el("w:tblCellMar")
    for side in ("left", "right"):
        mar.append(_el(f"w:{side}", w="0", type="dxa"))
    tblpr.append(mar)
    t.columns[0].width = Twips(width_mm_tw)
    t.cell(0, 0).width = Twips(width_mm_tw)
    trpr = t.rows[0]._tr.get_or_add_trPr()
    trpr.append(_el("w:trHeight", val=str(twips(L.urgency_stamps["khan"].height)), hRule="exact"))
    p = para(t.cell(0, 0), first=True, size=None)
    r = add_run(p, text, 13, bold=True)
    r.font.color.rgb = RGBColor.from_string(colour)
    return t


def _word_document(*, via_styles: bool, dia_chi: bool):
    """A new Word document with the page, fonts, page numbers and (optionally) ô 13 set
    up; with `via_styles`, a body paragraph style chain and a bold character style."""
    doc = Document()
    styles = doc.styles
    dd_rpr = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts_tnr(dd_rpr, east_asia_theme=True)
    normal = styles["Normal"]
    _fonts_tnr(normal.element.get_or_add_rPr(), east_asia_theme=True)
    normal.font.size = Pt(14)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = L.page_width, L.page_height
    sec.top_margin, sec.bottom_margin = L.margin_top, L.margin_bottom
    sec.left_margin, sec.right_margin = L.margin_left, L.margin_right
    sec.header_distance, sec.footer_distance = L.header_distance, L.footer_distance
    sec.different_first_page_header_footer = True
    hp = sec.header.paragraphs[0]
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(hp, 14)
    sec.first_page_header.paragraphs[0].text = ""
    sec.footer.paragraphs[0].text = ""  # an empty default footer, as Word writes one
    if dia_chi:
        fp = para(
            sec.first_page_footer, "Địa chỉ: 01 Lê Duẩn, thành phố Buôn Ma Thuột", 11, first=True
        )
        set_border(fp, "top", L.dia_chi_rule_sz)
        para(sec.first_page_footer, "Điện thoại: 0262.3852.xxx; Email: vp@daklak.gov.vn", 11)
    body_style = None
    bold_style = None
    if via_styles:
        base = styles.add_style("ND Base", WD_STYLE_TYPE.PARAGRAPH)
        base.base_style = normal
        base.font.size = Pt(14)
        base.paragraph_format.space_after = Pt(6)
        body = styles.add_style("ND Body", WD_STYLE_TYPE.PARAGRAPH)
        body.base_style = base
        body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        body.paragraph_format.first_line_indent = L.body_first_line
        body.paragraph_format.line_spacing = L.body_line / 240
        body_style = "ND Body"
        strong = styles.add_style("ND Strong", WD_STYLE_TYPE.CHARACTER)
        strong.font.bold = True
        bold_style = "ND Strong"
    return doc, body_style, bold_style


def _word_header(doc, so: str, vv: str | None, stamp: str | None) -> None:
    """The header table: issuer and its rule | Quốc hiệu, tiêu ngữ and its rule; Số (and
    V/v, a stamp) | the date."""
    left_w, right_w = twips(L.left_column), twips(L.right_column)
    head = _table(doc, 2, [left_w, right_w])
    c00, c01, c10, c11 = head.cell(0, 0), head.cell(0, 1), head.cell(1, 0), head.cell(1, 1)
    issuer = ["ỦY BAN NHÂN DÂN", "TỈNH ĐẮK LẮK"]
    para(c00, issuer[0], 13, bold=True, first=True)
    para(c00, issuer[1], 13, bold=True)
    widest = max(text_width(x, L.issuer_size, bold=True) for x in issuer)
    rule = round(twips(widest) * L.issuer_rule_ratio / 56.7) * 56.7  # to the mm
    ind = round((left_w - rule) / 2)
    r = para(c00, "", 13)
    set_border(r, "top", L.rule_border_sz)
    set_indent(r, ind, ind)
    para(c01, L.quoc_hieu, 12, bold=True, first=True)
    para(c01, L.tieu_ngu, 14, bold=True)
    tn_w = twips(text_width(L.tieu_ngu, L.tieu_ngu_size, bold=True))
    r = para(c01, "", 14)
    set_border(r, "top", L.rule_border_sz)
    ind = round((right_w - tn_w) / 2)
    set_indent(r, ind, ind)
    para(c10, so, 13, first=True)
    if vv:
        para(c10, vv, 12, before=6)
    if stamp:
        para(c10, "", 6, before=0)
        box = next(
            s for s in [*L.urgency_stamps.values(), *L.secrecy_stamps.values()] if s.text == stamp
        )
        stamp_table(c10, stamp, twips(box.width))
        para(c10, "", 6)
    para(c11, "Đắk Lắk, ngày 05 tháng 3 năm 2019", 14, italic=True, first=True)


def _word_closing(doc, items: list[str], titles: list[str], name_text: str) -> bytes:
    """The closing table (Nơi nhận | signature), then the document's bytes."""
    left_w, right_w = twips(L.left_column), twips(L.right_column)
    close = _table(doc, 1, [left_w, right_w])
    left, right = close.cell(0, 0), close.cell(0, 1)
    para(
        left,
        "Nơi nhận:",
        12,
        bold=True,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        before=6,
        first=True,
    )
    for line in items:
        para(left, line, 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    for i, title in enumerate(titles):
        para(right, title, 14, bold=True, before=6 if i == 0 else 0, first=i == 0)
    name = para(right, name_text, 14, bold=True)
    name.paragraph_format.space_before = L.signature_gap
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def word_letter(
    *,
    via_styles: bool = False,
    dia_chi: bool = True,
    stamp: str | None = "KHẨN",
    many_recipients: bool = True,
) -> bytes:
    """A correct công văn typed in Word (python-docx), independent of drafter.render."""
    doc, body_style, bold_style = _word_document(via_styles=via_styles, dia_chi=dia_chi)
    vv = "V/v phối hợp thực hiện “Năm dân vận chính quyền” 2019"
    _word_header(doc, "Số: 1691/UBND-KGVX", vv, stamp)

    if many_recipients:
        k = para(doc, "Kính gửi:", 14, align=WD_ALIGN_PARAGRAPH.LEFT, before=12)
        set_indent(k, twips(L.kinh_gui_indent))
        items = ["- Các sở, ngành của tỉnh;", "- UBND các huyện, thị xã, thành phố."]
        for i, text in enumerate(items):
            it = para(
                doc, text, 14, align=WD_ALIGN_PARAGRAPH.LEFT, after=12 if i == len(items) - 1 else 0
            )
            set_indent(it, twips(L.kinh_gui_indent) + twips(L.kinh_gui_label_width))
    else:
        para(doc, "Kính gửi: Sở Nội vụ.", 14, before=12, after=12)

    bodies = [
        "Thực hiện Kế hoạch số 88-KH/BDVTU-BCSĐUBND ngày 25/02/2019 của Ban Dân vận Tỉnh ủy, UBND tỉnh chỉ đạo:",
        "1. Các sở, ngành căn cứ chức năng, nhiệm vụ được giao, phối hợp thực hiện; báo cáo kết quả ",
        "- Tiếp tục tham mưu UBND tỉnh thực hiện có hiệu quả các nội dung của Chương trình phối hợp.",
        "Nhận được Công văn này, các đơn vị triển khai thực hiện./.",
    ]
    for i, text in enumerate(bodies):
        if via_styles:
            bp = doc.add_paragraph(style=body_style)
            bp.add_run(text)
            if i == 1:
                bp.add_run("trước ngày 10/12/2019", style=bold_style)
                bp.add_run(".")
        else:
            bp = para(doc, text, 14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6)
            set_indent(bp, first=twips(L.body_first_line))
            spacing(bp, 0, 6, L.body_line)
            if i == 1:
                add_run(bp, "trước ngày 10/12/2019", 14, bold=True)
                add_run(bp, ".", 14)
        if i == len(bodies) - 1:
            bp.paragraph_format.keep_with_next = True

    items = ["- Như trên;", "- CT, các PCT UBND tỉnh;", "- Lưu: VT, KGVX (N- 47b)."]
    return _word_closing(doc, items, ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Võ Văn Cảnh")


# a trích yếu wider than the text width at 14 pt bold: Word wraps it (K3 measures the
# longest line as wrapped)
WORD_DECISION_SUBJECT = (
    "Về việc thành lập Tổ công tác chuyển đổi số tỉnh Đắk Lắk và ban hành Quy chế "
    "hoạt động của Tổ công tác"
)


def word_decision(*, via_styles: bool = False) -> bytes:
    """A correct quyết định typed in Word (python-docx), independent of drafter.render: the
    trích yếu one paragraph that wraps, its rule a bottom border of an empty paragraph."""
    doc, body_style, _ = _word_document(via_styles=via_styles, dia_chi=False)
    _word_header(doc, "Số: 125/QĐ-UBND", None, None)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    para(doc, "QUYẾT ĐỊNH", 14, bold=True, align=centre, before=12)
    para(doc, WORD_DECISION_SUBJECT, 14, bold=True, align=centre)
    width = subject_rule_width(WORD_DECISION_SUBJECT)
    rule = para(doc, "", 6, align=centre)
    set_border(rule, "bottom", L.rule_border_sz)
    ind = round((twips(L.text_width) - width) / 2)
    set_indent(rule, ind, ind)
    para(doc, "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK", 14, bold=True, before=12, after=6)
    grounds = [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ;",
        "Theo đề nghị của Giám đốc Sở Khoa học và Công nghệ.",
    ]
    for text in grounds:
        g = para(doc, text, 14, italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6)
        set_indent(g, first=twips(L.body_first_line))
    para(doc, "QUYẾT ĐỊNH:", 14, bold=True, before=6, after=6)
    articles = [
        ("Điều 1.", " Thành lập Tổ công tác chuyển đổi số tỉnh Đắk Lắk, gồm:"),
        ("", "1. Ông Trương Công Thái, Phó Chủ tịch UBND tỉnh, Tổ trưởng;"),
        ("", "a) Chỉ đạo chung;"),
        ("", "b) Phân công nhiệm vụ các thành viên."),
        ("", "2. Ông Lê Hoàng Minh, Giám đốc Sở Khoa học và Công nghệ, Tổ phó."),
        ("Điều 2.", " Quy chế hoạt động của Tổ công tác ban hành kèm theo Quyết định này."),
        ("Điều 3.", " Quyết định này có hiệu lực kể từ ngày ký./."),
    ]
    for i, (head, text) in enumerate(articles):
        if via_styles:
            bp = doc.add_paragraph(style=body_style)
            if head:
                bp.add_run(head, style="ND Strong")
            bp.add_run(text)
        else:
            bp = para(doc, "", None, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6)
            if head:
                add_run(bp, head, 14, bold=True)
            add_run(bp, text.lstrip() if not head else text, 14)
            set_indent(bp, first=twips(L.body_first_line))
            spacing(bp, 0, 6, L.body_line)
        if i == len(articles) - 1:
            bp.paragraph_format.keep_with_next = True
    items = ["- Như Điều 3;", "- CT, các PCT UBND tỉnh;", "- Lưu: VT, KGVX."]
    return _word_closing(doc, items, ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Trương Công Thái")


def subject_rule_width(subject: str) -> int:
    """0.40 of the longest line `subject` wraps to on the text width at 14 pt bold (tw)."""
    words, lines, current = subject.split(), [], ""
    room = twips(L.text_width)
    for word in words:
        candidate = f"{current} {word}".strip()
        if current and twips(text_width(candidate, L.title_size, bold=True)) > room:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    widest = max(twips(text_width(line, L.title_size, bold=True)) for line in lines)
    return round(widest * L.title_rule_ratio)


# --- editing a .docx --------------------------------------------------------------------


def read_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def write_parts(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return out.getvalue()


def part_names(data: bytes, pattern: str) -> list[str]:
    return [n for n in read_parts(data) if re.fullmatch(pattern, n)]


def mutate(data: bytes, part: str, fn: Callable[[etree._Element], None]) -> bytes:
    """Apply `fn` to the parsed XML of one part (e.g. word/document.xml) and repack."""
    parts = read_parts(data)
    root = etree.fromstring(parts[part])
    fn(root)
    parts[part] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return write_parts(parts)


def text_of(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{{{W}}}t"))


def find_para(root: etree._Element, pred: Callable[[str], bool]) -> etree._Element:
    for p in root.iter(f"{{{W}}}p"):
        if pred(text_of(p)):
            return p
    raise AssertionError("no paragraph matches")


def replace_text(root: etree._Element, old: str, new: str) -> None:
    """Replace `old` by `new` in the one w:t that holds it."""
    for t in root.iter(f"{{{W}}}t"):
        if t.text and old in t.text:
            t.text = t.text.replace(old, new)
            return
    raise AssertionError(f"text not found: {old}")


def clone_para_after(p: etree._Element, text: str) -> etree._Element:
    """A copy of paragraph `p` with text `text`, inserted after it."""
    new = deepcopy(p)
    ts = list(new.iter(f"{{{W}}}t"))
    for t in ts:
        t.text = ""
    if ts:
        ts[0].text = text
    p.addnext(new)
    return new
