"""Build templates_docx/<kind>.docx, the docxtpl template of each document kind, with python-docx.

The templates are generated so that every byte of them is reproducible and reviewable: each
number comes from drafter.layout, each Jinja tag from this file, and which parts a kind's
page has from its declaration (forms/<kind>.toml): a title block where it has a tên loại
(else the V/v line), the quyết định's authority and căn cứ where it has them, Kính gửi
where it may have one. A văn thư can still open the result in Word and adjust it (styles
carry the formatting; the tags are plain text).

Usage: python tools/build_templates.py     (writes templates_docx/<kind>.docx for every kind)

Conventions the renderer relies on (drafter/render.py):
- Styles whose id starts with `ND30` hold the formats of docs/spec/nd30-layout.md.
- The rule under the issuer is a paragraph of style `ND30IssuerRule`; its left/right
  indents are set per letter (the rule's length depends on the name).
- Stamp boxes are one-cell tables of style `ND30Stamp`; their width is set per stamp.
- The rule under a title block's trích yếu is a paragraph of style `ND30TitleRule`, its
  indents set per letter like the issuer rule's.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Pt, RGBColor, Twips
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter.kinds import Kind, all_kinds  # noqa: E402
from drafter.layout import DEFAULT as L  # noqa: E402
from drafter.layout import twips  # noqa: E402
from drafter.metrics import text_width  # noqa: E402

OUT = ROOT / "templates_docx"
FIXED_TIME = (2020, 1, 1, 0, 0, 0)  # zip timestamps, so the file is byte-for-byte stable
FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")
THEME_SLOTS = ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme")


# --- XML helpers --------------------------------------------------------------------------


def _set_fonts(rpr) -> None:  # type: ignore[no-untyped-def]
    """Times New Roman in all four slots, no theme font (C3)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in THEME_SLOTS:
        fonts.attrib.pop(qn(slot), None)
    for slot in FONT_SLOTS:
        fonts.set(qn(slot), L.font_name)


def _border(ppr, side: str, sz: int, *, space: int = 0) -> None:  # type: ignore[no-untyped-def]
    """A single paragraph border: the decree's rules are drawn, never typed (R10)."""
    pbdr = ppr.find(qn("w:pBdr"))
    if pbdr is None:
        pbdr = OxmlElement("w:pBdr")
        ppr.append(pbdr)
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(sz))
    edge.set(qn("w:space"), str(space))
    edge.set(qn("w:color"), "auto")
    pbdr.append(edge)


def _no_borders(tbl_pr, tag: str = "w:tblBorders") -> None:  # type: ignore[no-untyped-def]
    borders = OxmlElement(tag)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    tbl_pr.append(borders)


def _cell_margins_zero(tbl_pr) -> None:  # type: ignore[no-untyped-def]
    mar = OxmlElement("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), "0")
        edge.set(qn("w:type"), "dxa")
        mar.append(edge)
    tbl_pr.append(mar)


def _layout_table(table: Table, widths: list[Length], *, borders: bool = False) -> None:
    """Fixed layout, exact column widths, indent 0, zero cell margins, rows never split."""
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    for child in list(tbl_pr):
        if child.tag in (qn("w:tblStyle"), qn("w:tblW"), qn("w:tblLook")):
            tbl_pr.remove(child)
    tbl_w = OxmlElement("w:tblW")
    tbl_w.set(qn("w:w"), str(sum(twips(w) for w in widths)))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_pr.append(tbl_w)
    ind = OxmlElement("w:tblInd")
    ind.set(qn("w:w"), "0")
    ind.set(qn("w:type"), "dxa")
    tbl_pr.append(ind)
    if not borders:
        _no_borders(tbl_pr)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    _cell_margins_zero(tbl_pr)
    table.autofit = False
    for col, width in zip(tbl.tblGrid.gridCol_lst, widths, strict=True):
        col.w = width
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    _sort_tbl_pr(tbl_pr)


_TBL_PR_ORDER = [
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
    "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
    "tblLayout", "tblCellMar", "tblLook",
]  # fmt: skip


def _sort_tbl_pr(tbl_pr) -> None:  # type: ignore[no-untyped-def]
    """Children of w:tblPr in schema order, or Word calls the file corrupt."""
    children = sorted(tbl_pr, key=lambda el: _TBL_PR_ORDER.index(el.tag.split("}")[1]))
    for child in children:
        tbl_pr.remove(child)
        tbl_pr.append(child)


def _para(cell_or_doc, text: str, style: str, *, first: bool = False) -> Paragraph:  # type: ignore[no-untyped-def]
    """Add a paragraph (or reuse the empty first one of a new cell)."""
    if first and isinstance(cell_or_doc, _Cell):
        para = cell_or_doc.paragraphs[0]
        para.style = style
        if text:
            para.add_run(text)
        return para
    return cell_or_doc.add_paragraph(text, style=style)


# --- Styles -------------------------------------------------------------------------------


def _style(doc, style_id: str, name: str, *, size: Length, bold: bool = False,  # type: ignore[no-untyped-def]
           italic: bool = False, align=WD_ALIGN_PARAGRAPH.CENTER, before: Length = Pt(0),
           after: Length = Pt(0), base: str | None = None) -> ParagraphStyle:  # fmt: skip
    """A paragraph style with its run format; single spacing unless changed."""
    style = doc.styles.add_style(style_id, WD_STYLE_TYPE.PARAGRAPH)
    aliases = OxmlElement("w:aliases")  # the Vietnamese name a văn thư sees in Word
    aliases.set(qn("w:val"), name)
    style.element.insert(1, aliases)
    style.base_style = doc.styles[base] if base else doc.styles["Normal"]
    style.quick_style = True
    font = style.font
    font.name = L.font_name
    font.size = size
    font.bold = bold
    font.italic = italic
    fmt = style.paragraph_format
    fmt.alignment = align
    fmt.space_before = before
    fmt.space_after = after
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.first_line_indent = Twips(0)
    _set_fonts(style.element.get_or_add_rPr())
    return style


def _define_styles(doc) -> None:  # type: ignore[no-untyped-def]
    styles = doc.styles
    # docDefaults: TNR everywhere, colour auto, Vietnamese, the body size.
    rpr_default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    _set_fonts(rpr)
    for tag in ("w:sz", "w:szCs", "w:lang", "w:color"):
        el = rpr.find(qn(tag))
        if el is not None:
            rpr.remove(el)
    for tag, attrs in (
        ("w:color", {"w:val": "auto"}),
        ("w:sz", {"w:val": str(int(L.body_size.pt * 2))}),
        ("w:szCs", {"w:val": str(int(L.body_size.pt * 2))}),
        ("w:lang", {"w:val": L.language, "w:eastAsia": L.language, "w:bidi": "ar-SA"}),
    ):
        el = OxmlElement(tag)
        for key, value in attrs.items():
            el.set(qn(key), value)
        rpr.append(el)
    ppr_default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:pPrDefault"))
    if ppr_default is not None:
        doc.styles.element.find(qn("w:docDefaults")).remove(ppr_default)
    # Keep only the default styles of python-docx's sample (Word needs them); the rest
    # (headings, lists, coloured table styles) carry theme fonts and colours.
    for style in styles.element.findall(qn("w:style")):
        if style.get(qn("w:default")) != "1":
            styles.element.remove(style)
        else:
            _set_fonts(style.get_or_add_rPr())
            for color in style.findall(f"{qn('w:rPr')}/{qn('w:color')}"):
                color.getparent().remove(color)
    normal = styles["Normal"]
    normal.font.size = L.body_size
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE

    left = WD_ALIGN_PARAGRAPH.LEFT
    _style(doc, "ND30ChuQuan", "ND30 Chủ quản", size=L.chu_quan_size)
    _style(doc, "ND30Issuer", "ND30 Cơ quan ban hành", size=L.issuer_size, bold=True)
    rule = _style(doc, "ND30IssuerRule", "ND30 Đường kẻ dưới tên cơ quan", size=L.issuer_size)
    _border(rule.element.get_or_add_pPr(), "top", L.rule_border_sz)
    _style(doc, "ND30QuocHieu", "ND30 Quốc hiệu", size=L.quoc_hieu_size, bold=True)
    _style(doc, "ND30TieuNgu", "ND30 Tiêu ngữ", size=L.tieu_ngu_size, bold=True)
    rule = _style(doc, "ND30TieuNguRule", "ND30 Đường kẻ dưới tiêu ngữ", size=L.tieu_ngu_size)
    _border(rule.element.get_or_add_pPr(), "top", L.rule_border_sz)
    _style(doc, "ND30So", "ND30 Số, ký hiệu", size=L.so_size)
    _style(doc, "ND30Date", "ND30 Địa danh, ngày tháng", size=L.date_size, italic=True)
    _style(doc, "ND30Vv", "ND30 Trích yếu V/v", size=L.vv_size, before=L.vv_space_before)
    stamp = _style(doc, "ND30StampText", "ND30 Dấu mức độ", size=L.stamp_size, bold=True)
    stamp.font.color.rgb = RGBColor.from_string(L.stamp_colour)
    _style(doc, "ND30Spacer", "ND30 Khoảng cách dấu", size=Pt(1), before=L.stamp_space_before)
    _style(doc, "ND30CellEnd", "ND30 Cuối ô", size=Pt(1))
    _style(doc, "ND30KinhGuiOne", "ND30 Kính gửi (một nơi)", size=L.kinh_gui_size,
           before=L.kinh_gui_space, after=L.kinh_gui_space)  # fmt: skip
    label = _style(doc, "ND30KinhGui", "ND30 Kính gửi", size=L.kinh_gui_size, align=left,
                   before=L.kinh_gui_space)  # fmt: skip
    label.paragraph_format.left_indent = L.kinh_gui_indent
    item = _style(doc, "ND30KinhGuiItem", "ND30 Kính gửi, nơi nhận", size=L.kinh_gui_size,
                  align=left)  # fmt: skip
    item.paragraph_format.left_indent = Length(L.kinh_gui_indent + L.kinh_gui_label_width)
    last = _style(doc, "ND30KinhGuiLast", "ND30 Kính gửi, nơi cuối", size=L.kinh_gui_size,
                  align=left, after=L.kinh_gui_space, base="ND30KinhGuiItem")  # fmt: skip
    last.paragraph_format.left_indent = Length(L.kinh_gui_indent + L.kinh_gui_label_width)
    body = _style(doc, "ND30Body", "ND30 Nội dung", size=L.body_size,
                  align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=L.body_space_after)  # fmt: skip
    body.paragraph_format.first_line_indent = L.body_first_line
    body.paragraph_format.line_spacing = L.body_line / 240  # multiple: w:line 276, auto
    last_body = _style(doc, "ND30BodyLast", "ND30 Nội dung, đoạn cuối", size=L.body_size,
                       align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=L.body_space_after,
                       base="ND30Body")  # fmt: skip
    last_body.paragraph_format.first_line_indent = L.body_first_line
    last_body.paragraph_format.line_spacing = L.body_line / 240
    last_body.paragraph_format.keep_with_next = True  # C30: never a signature alone
    _style(doc, "ND30NoiNhanLabel", "ND30 Nơi nhận", size=L.noi_nhan_label_size, bold=True,
           italic=True, align=left, before=L.closing_space_before)  # fmt: skip
    _style(doc, "ND30NoiNhanItem", "ND30 Nơi nhận, dòng", size=L.noi_nhan_item_size, align=left)
    _style(doc, "ND30SignTitleFirst", "ND30 Chữ ký, dòng đầu", size=L.signature_size, bold=True,
           before=L.closing_space_before)  # fmt: skip
    _style(doc, "ND30SignTitle", "ND30 Chữ ký, chức vụ", size=L.signature_size, bold=True)
    _style(doc, "ND30SignName", "ND30 Chữ ký, họ tên", size=L.signature_size, bold=True,
           before=L.signature_gap)  # fmt: skip
    _style(doc, "ND30PageNumber", "ND30 Số trang", size=L.page_number_size)
    address = _style(doc, "ND30Address", "ND30 Địa chỉ (ô 13)", size=L.dia_chi_size)
    first_address = _style(doc, "ND30AddressFirst", "ND30 Địa chỉ, dòng đầu",
                           size=L.dia_chi_size, base="ND30Address")  # fmt: skip
    _border(first_address.element.get_or_add_pPr(), "top", L.dia_chi_rule_sz, space=1)
    del address
    centre = _style(doc, "ND30BodyCentre", "ND30 Nội dung, dòng giữa (Phần, Chương)",
                    size=L.body_size, after=L.body_space_after, base="ND30Body")  # fmt: skip
    centre.paragraph_format.line_spacing = L.body_line / 240


def _title_styles(doc) -> None:  # type: ignore[no-untyped-def]
    """The title block's styles (kinds with a tên loại)."""
    _style(doc, "ND30TitleName", "ND30 Tên loại văn bản", size=L.title_size, bold=True,
           before=L.title_space_before)  # fmt: skip
    _style(doc, "ND30TitleSubject", "ND30 Trích yếu dưới tên loại", size=L.title_size, bold=True)
    rule = _style(doc, "ND30TitleRule", "ND30 Đường kẻ dưới trích yếu", size=L.title_size)
    _border(rule.element.get_or_add_pPr(), "top", L.rule_border_sz)


def _decision_styles(doc) -> None:  # type: ignore[no-untyped-def]
    """The quyết định's own styles: authority, căn cứ, `QUYẾT ĐỊNH:`."""
    _style(doc, "ND30Authority", "ND30 Thẩm quyền ban hành", size=L.authority_size, bold=True,
           before=L.authority_space_before, after=L.authority_space_after)  # fmt: skip
    grounds = _style(doc, "ND30CanCu", "ND30 Căn cứ", size=L.can_cu_size, italic=True,
                     align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=L.can_cu_space_after)  # fmt: skip
    grounds.paragraph_format.first_line_indent = L.body_first_line
    _style(doc, "ND30Decision", "ND30 QUYẾT ĐỊNH:", size=L.decision_size, bold=True,
           before=L.decision_space, after=L.decision_space)  # fmt: skip


# --- Document parts -----------------------------------------------------------------------


def _rule_indent(column: Length, rule: Length) -> Twips:
    return Twips(max(0, (twips(column) - twips(rule)) // 2))


def _header_table(doc, *, vv: bool) -> None:  # type: ignore[no-untyped-def]
    widths = [L.left_column, L.right_column]
    table = doc.add_table(rows=2, cols=2)
    _layout_table(table, widths)
    left, right = table.rows[0].cells
    _para(left, "{%p for line in chu_quan.lines %}", "ND30ChuQuan", first=True)
    _para(left, "{{r line }}", "ND30ChuQuan")
    _para(left, "{%p endfor %}", "ND30ChuQuan")
    _para(left, "{%p for line in issuer.lines %}", "ND30Issuer")
    _para(left, "{{r line }}", "ND30Issuer")
    _para(left, "{%p endfor %}", "ND30Issuer")
    rule = _para(left, "", "ND30IssuerRule")
    sample = L.issuer_rule_ratio * text_width("ỦY BAN NHÂN DÂN", L.issuer_size, bold=True)
    indent = _rule_indent(L.left_column, Length(int(sample)))
    rule.paragraph_format.left_indent = indent
    rule.paragraph_format.right_indent = indent
    _para(right, L.quoc_hieu, "ND30QuocHieu", first=True)
    _para(right, L.tieu_ngu, "ND30TieuNgu")
    rule = _para(right, "", "ND30TieuNguRule")
    indent = _rule_indent(L.right_column, L.tieu_ngu_rule)
    rule.paragraph_format.left_indent = indent
    rule.paragraph_format.right_indent = indent

    left, right = table.rows[1].cells
    _para(left, "{{ so_line }}", "ND30So", first=True)
    if vv:  # a công văn; a kind with a tên loại prints its trích yếu in the title block
        _para(left, "{{ vv_line }}", "ND30Vv")
    _para(left, "{%p for stamp in stamps %}", "ND30Spacer")
    _para(left, "", "ND30Spacer")
    box = left.add_table(rows=1, cols=1)
    _stamp_box(box)
    # A cell must end with a paragraph, so python-docx adds one after the box: make it a
    # 1 pt empty line.
    left.paragraphs[-1].style = "ND30CellEnd"
    _para(left, "{%p endfor %}", "ND30Spacer")
    _para(right, "{{r date }}", "ND30Date", first=True)


def _stamp_box(table: Table) -> None:
    """One stamp: a one-cell box, 1 pt border, exact size (ô 10a/10b; PL I, III.2)."""
    box = L.urgency_stamps["khan"]
    _layout_table(table, [box.width], borders=True)
    tbl_pr = table._tbl.tblPr
    style = OxmlElement("w:tblStyle")
    style.set(qn("w:val"), "ND30Stamp")
    tbl_pr.insert(0, style)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(L.stamp_border_sz))
        edge.set(qn("w:space"), "0")
        edge.set(qn("w:color"), L.stamp_colour)
        borders.append(edge)
    tbl_pr.append(borders)
    _sort_tbl_pr(tbl_pr)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _sort_tbl_pr(tbl_pr)
    row = table.rows[0]
    row.height = box.height
    row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
    cell = row.cells[0]
    tc_pr = cell._tc.get_or_add_tcPr()
    valign = OxmlElement("w:vAlign")
    valign.set(qn("w:val"), "center")
    tc_pr.append(valign)
    _para(cell, "{{ stamp.text }}", "ND30StampText", first=True)


def _stamp_table_style(doc) -> None:  # type: ignore[no-untyped-def]
    style = doc.styles.add_style("ND30Stamp", WD_STYLE_TYPE.TABLE)
    style.base_style = doc.styles["Normal Table"]


def _title(doc) -> None:  # type: ignore[no-untyped-def]
    """ô 5a: the tên loại, the trích yếu lines the renderer decided, the rule under them."""
    doc.add_paragraph("{{ title.name }}", style="ND30TitleName")
    doc.add_paragraph("{%p for line in title.lines %}", style="ND30TitleSubject")
    doc.add_paragraph("{{ line }}", style="ND30TitleSubject")
    doc.add_paragraph("{%p endfor %}", style="ND30TitleSubject")
    rule = doc.add_paragraph("", style="ND30TitleRule")
    sample = L.title_rule_ratio * text_width("Về việc thành lập Tổ công tác", L.title_size, bold=True)
    indent = _rule_indent(L.text_width, Length(int(sample)))
    rule.paragraph_format.left_indent = indent
    rule.paragraph_format.right_indent = indent


def _decision(doc) -> None:  # type: ignore[no-untyped-def]
    """Mẫu 1.2: the issuing authority, the căn cứ, `QUYẾT ĐỊNH:`."""
    doc.add_paragraph("{{ decision.authority }}", style="ND30Authority")
    doc.add_paragraph("{%p for line in decision.grounds %}", style="ND30CanCu")
    doc.add_paragraph("{{ line }}", style="ND30CanCu")
    doc.add_paragraph("{%p endfor %}", style="ND30CanCu")
    doc.add_paragraph("{{ decision.heading }}", style="ND30Decision")


def _kinh_gui(doc, *, optional: bool) -> None:  # type: ignore[no-untyped-def]
    if optional:  # a báo cáo has one only when it goes to a superior
        doc.add_paragraph("{%p if kinh_gui.lines %}", style="ND30KinhGuiOne")
    doc.add_paragraph("{%p if kinh_gui.single %}", style="ND30KinhGuiOne")
    doc.add_paragraph("{{ kinh_gui.lines[0] }}", style="ND30KinhGuiOne")
    doc.add_paragraph("{%p else %}", style="ND30KinhGui")
    doc.add_paragraph("{{ kinh_gui.lines[0] }}", style="ND30KinhGui")
    doc.add_paragraph("{%p for line in kinh_gui.lines[1:-1] %}", style="ND30KinhGuiItem")
    doc.add_paragraph("{{ line }}", style="ND30KinhGuiItem")
    doc.add_paragraph("{%p endfor %}", style="ND30KinhGuiItem")
    doc.add_paragraph("{{ kinh_gui.lines[-1] }}", style="ND30KinhGuiLast")
    doc.add_paragraph("{%p endif %}", style="ND30KinhGuiLast")
    if optional:
        doc.add_paragraph("{%p endif %}", style="ND30KinhGuiLast")


def _body(doc) -> None:  # type: ignore[no-untyped-def]
    """The body paragraphs: justified, or centred (a Phần or Chương line); the last one
    kept with the signature."""
    doc.add_paragraph("{%p for para in body[:-1] %}", style="ND30Body")
    doc.add_paragraph("{%p if para.centred %}", style="ND30BodyCentre")
    doc.add_paragraph("{{r para.rich }}", style="ND30BodyCentre")
    doc.add_paragraph("{%p else %}", style="ND30Body")
    doc.add_paragraph("{{r para.rich }}", style="ND30Body")
    doc.add_paragraph("{%p endif %}", style="ND30Body")
    doc.add_paragraph("{%p endfor %}", style="ND30Body")
    doc.add_paragraph("{{r body[-1].rich }}", style="ND30BodyLast")


def _closing_table(doc) -> None:  # type: ignore[no-untyped-def]
    table = doc.add_table(rows=1, cols=2)
    _layout_table(table, [L.left_column, L.right_column])
    left, right = table.rows[0].cells
    _para(left, "{{ noi_nhan[0] }}", "ND30NoiNhanLabel", first=True)
    _para(left, "{%p for line in noi_nhan[1:] %}", "ND30NoiNhanItem")
    _para(left, "{{ line }}", "ND30NoiNhanItem")
    _para(left, "{%p endfor %}", "ND30NoiNhanItem")
    _para(right, "{{ signature.titles[0] }}", "ND30SignTitleFirst", first=True)
    _para(right, "{%p for line in signature.titles[1:] %}", "ND30SignTitle")
    _para(right, "{{ line }}", "ND30SignTitle")
    _para(right, "{%p endfor %}", "ND30SignTitle")
    _para(right, "{{ signature.name }}", "ND30SignName")


def _page_number_field(paragraph: Paragraph) -> None:
    """A PAGE field: begin, instruction, separate, a shown number, end."""
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"),
                       ("end", None)):  # fmt: skip
        run = paragraph.add_run()
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text


def _section(doc) -> None:  # type: ignore[no-untyped-def]
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = L.page_width
    section.page_height = L.page_height
    section.top_margin = L.margin_top
    section.bottom_margin = L.margin_bottom
    section.left_margin = L.margin_left
    section.right_margin = L.margin_right
    section.header_distance = L.header_distance
    section.footer_distance = L.footer_distance
    section.gutter = Twips(0)
    section.different_first_page_header_footer = True  # C6: no number on page 1
    header = section.header
    header.is_linked_to_previous = False
    para = header.paragraphs[0]
    para.style = doc.styles["ND30PageNumber"]
    _page_number_field(para)
    first_header = section.first_page_header
    first_header.is_linked_to_previous = False
    first_header.paragraphs[0].style = doc.styles["ND30PageNumber"]
    footer = section.footer
    footer.is_linked_to_previous = False
    footer.paragraphs[0].style = doc.styles["ND30Address"]
    first_footer = section.first_page_footer
    first_footer.is_linked_to_previous = False
    paras = first_footer.paragraphs
    paras[0].style = doc.styles["ND30AddressFirst"]
    paras[0].add_run("{%p if dia_chi %}")
    first_footer.add_paragraph("{{ dia_chi[0] }}", style="ND30AddressFirst")
    first_footer.add_paragraph("{%p for line in dia_chi[1:] %}", style="ND30Address")
    first_footer.add_paragraph("{{ line }}", style="ND30Address")
    first_footer.add_paragraph("{%p endfor %}", style="ND30Address")
    first_footer.add_paragraph("{%p else %}", style="ND30Address")
    first_footer.add_paragraph("", style="ND30Address")
    first_footer.add_paragraph("{%p endif %}", style="ND30Address")


def build(kind: Kind) -> bytes:
    """The template of `kind` as bytes, identical on every run."""
    doc = Document()
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _define_styles(doc)
    _stamp_table_style(doc)
    _section(doc)
    has_title = bool(kind.info.get("ten_loai"))
    decides = "can_cu" in kind.fields and kind["can_cu"].allowed
    if has_title:
        _title_styles(doc)
    if decides:
        _decision_styles(doc)
    _header_table(doc, vv=not has_title)
    if has_title:
        _title(doc)
    if decides:
        _decision(doc)
    if kind["kinh_gui"].allowed:
        _kinh_gui(doc, optional=not kind["kinh_gui"].required)
    _body(doc)
    _closing_table(doc)
    core = doc.core_properties
    core.author = "drafter"
    core.title = f"{kind.title} (mẫu NĐ 30/2020/NĐ-CP)"
    core.comments = "Built by tools/build_templates.py; do not edit by hand."
    core.last_modified_by = "drafter"
    core.revision = 1
    import datetime as dt

    stamp = dt.datetime(*FIXED_TIME)
    core.created = stamp
    core.modified = stamp
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):  # python-docx's sample picture of a page
            del package.rels[rid]
    raw = io.BytesIO()
    doc.save(raw)
    return _restamp(raw.getvalue())


def _restamp(data: bytes) -> bytes:
    """Rewrite the zip with fixed timestamps and order, so builds are byte-identical."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for kind in all_kinds():
        path = OUT / f"{kind.template}.docx"
        path.write_bytes(build(kind))
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
