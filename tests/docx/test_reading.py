"""Effective formatting and geometry, as Word resolves them, read back by drafter.docx."""

from __future__ import annotations

from drafter.docx.document import Para, Table
from drafter.docx.package import open_package
from drafter.docx.reader import read_document
from tests.check.minidocx import make_docx, p, theme_xml

STYLES = """
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>
  <w:rPr><w:sz w:val="26"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Base"><w:basedOn w:val="Normal"/>
  <w:pPr><w:spacing w:after="120"/><w:ind w:firstLine="720"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Child"><w:basedOn w:val="Base"/>
  <w:pPr><w:jc w:val="center"/><w:ind w:hanging="360"/></w:pPr><w:rPr><w:i/><w:sz w:val="24"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Loop1"><w:basedOn w:val="Loop2"/><w:rPr><w:sz w:val="30"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Loop2"><w:basedOn w:val="Loop1"/></w:style>
<w:style w:type="character" w:styleId="Strong"><w:rPr><w:b/><w:caps/></w:rPr></w:style>
<w:style w:type="table" w:styleId="Grid"><w:pPr><w:jc w:val="right"/></w:pPr>
  <w:rPr><w:sz w:val="22"/></w:rPr>
  <w:tblPr><w:tblCellMar><w:left w:w="100" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar>
  <w:tblBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/>
  <w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/></w:tblBorders></w:tblPr>
  <w:tblStylePr w:type="firstRow"><w:rPr><w:b/></w:rPr></w:tblStylePr></w:style>
"""


def read(body: str, **kw: object) -> list[Para]:
    data = make_docx(body, STYLES, **kw)  # type: ignore[arg-type]
    return read_document(open_package(data)).paras


def test_style_chain_then_direct() -> None:
    (para,) = read(p("x", '<w:pStyle w:val="Child"/>'))
    seg = para.segs[0]
    assert seg.fmt.size == 12  # Child overrides Base/Normal
    assert seg.fmt.bold and seg.fmt.italic  # bold from Base, italic from Child
    assert para.fmt.jc == "center" and para.fmt.after == 120
    assert para.fmt.first == -360  # hanging in Child replaces Base's first line
    (para,) = read(p("x", '<w:pStyle w:val="Child"/>', '<w:sz w:val="30"/><w:b w:val="0"/>'))
    assert para.segs[0].fmt.size == 15 and not para.segs[0].fmt.bold


def test_default_paragraph_style_applies_without_pstyle() -> None:
    (para,) = read(p("x"))
    assert para.segs[0].fmt.size == 13


def test_doc_defaults_and_ooxml_default_size() -> None:
    body = p("x")
    paras = read_document(open_package(make_docx(body, "", doc_rpr=""))).paras
    assert paras[0].segs[0].fmt.size == 10  # nothing anywhere: OOXML says 10 pt
    assert paras[0].segs[0].fmt.ascii is None


def test_toggle_properties_xor_across_style_levels() -> None:
    body = '<w:p><w:pPr><w:pStyle w:val="Base"/></w:pPr><w:r><w:rPr><w:rStyle w:val="Strong"/></w:rPr><w:t>hoa</w:t></w:r></w:p>'
    (para,) = read(body)
    fmt = para.segs[0].fmt
    assert not fmt.bold  # bold paragraph style XOR bold character style
    assert para.segs[0].text == "HOA"  # caps from the character style, as printed


def test_based_on_cycle_is_harmless() -> None:
    (para,) = read(p("x", '<w:pStyle w:val="Loop1"/>'))
    assert para.segs[0].fmt.size == 15


def test_theme_fonts_resolve() -> None:
    body = p("x", rpr="") + p(
        "y", rpr='<w:rFonts w:asciiTheme="majorHAnsi" w:hAnsiTheme="majorHAnsi"/>'
    )
    doc_rpr = '<w:rFonts w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi" w:eastAsiaTheme="minorEastAsia"/>'
    data = make_docx(body, "", doc_rpr=doc_rpr, theme=theme_xml("Calibri", "Cambria"))
    a, b = read_document(open_package(data)).paras
    assert a.segs[0].fmt.ascii == "Calibri" and a.segs[0].fmt.hansi == "Calibri"
    assert a.segs[0].fmt.east_asia is None  # the theme's East Asian face is empty
    assert b.segs[0].fmt.ascii == "Cambria"


def test_theme_colour_resolves() -> None:
    body = p("x", rpr='<w:color w:val="1F1F1F" w:themeColor="text1"/>') + p(
        "y", rpr='<w:color w:val="4F81BD" w:themeColor="accent1"/>'
    )
    data = make_docx(body, "", theme=theme_xml())
    a, b = read_document(open_package(data)).paras
    assert a.segs[0].fmt.color == "000000"
    assert b.segs[0].fmt.color == "4F81BD"


def test_table_style_props_conditional_rows_and_geometry() -> None:
    child = p("b", '<w:pStyle w:val="Child"/>')
    tbl = (
        '<w:tbl><w:tblPr><w:tblStyle w:val="Grid"/><w:tblW w:w="6000" w:type="dxa"/>'
        '<w:jc w:val="center"/><w:tblLook w:val="0020"/></w:tblPr>'
        '<w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="4000"/></w:tblGrid>'
        f"<w:tr><w:tc>{p('a')}</w:tc><w:tc>{child}</w:tc></w:tr>"
        f'<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/><w:tcMar><w:left w:w="0" w:type="dxa"/></w:tcMar>'
        f"</w:tcPr>{p('c')}</w:tc></w:tr></w:tbl>"
    )
    doc = read_document(open_package(make_docx(tbl, STYLES)))
    a, b, c = doc.paras
    assert a.segs[0].fmt.size == 13  # Normal (paragraph style) beats the table style
    assert a.fmt.jc == "right"  # table style pPr, no paragraph style value
    assert a.segs[0].fmt.bold  # firstRow conditional formatting (tblLook 0x0020)
    assert not c.segs[0].fmt.bold  # second row: no conditional bold
    assert b.fmt.jc == "center"
    table = doc.body.blocks[0]
    assert isinstance(table, Table)
    text_width = 11906 - 1701 - 850
    assert table.x == (text_width - 6000) // 2 or abs(table.x - (text_width - 6000) / 2) <= 1
    assert a.box_x == table.x + 100 and a.box_w == 2000 - 200
    assert b.box_x == table.x + 2000 + 100
    assert c.box_x == table.x and c.box_w == 6000 - 100
    assert a.cell is not None and a.cell.borders["top"].visible


def test_nested_tables_text_boxes_headers_and_fields() -> None:
    inner = (
        f'<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="1000"/></w:tblGrid><w:tr><w:tc>{p("inner")}'
        "</w:tc></w:tr></w:tbl>"
    )
    textbox = (
        '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
        '<wp:extent cx="1800000" cy="400000"/><a:graphic><a:graphicData><wps:wsp><wps:txbx>'
        f"<w:txbxContent>{p('in a box')}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData>"
        "</a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape>"
        f"<v:textbox><w:txbxContent>{p('in a box')}</w:txbxContent></v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    field = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText>'
        '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>9</w:t>'
        "</w:r></w:fldSimple></w:p>"
    )
    body = (
        f'<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="3000"/></w:tblGrid><w:tr><w:tc>{inner}{p("")}'
        f"</w:tc></w:tr></w:tbl>{textbox}{field}"
    )
    doc = read_document(open_package(make_docx(body, STYLES)))
    texts = [x.text for x in doc.paras]
    assert texts == ["inner", "", "", "in a box", "79"]  # the box once, not twice
    fld = doc.paras[-1]
    assert [f.name for f in fld.fields] == ["PAGE", "NUMPAGES"]
    assert [s.field for s in fld.segs] == ["PAGE", "NUMPAGES"]
    assert doc.paras[3].container.kind == "textbox"


def test_numbering_labels_are_printed_text() -> None:
    numbering = (
        '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="bullet"/><w:lvlText w:val="\uf02d"/><w:suff w:val="space"/>'
        '<w:pPr><w:ind w:left="2972" w:hanging="0"/></w:pPr></w:lvl></w:abstractNum>'
        '<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>'
    )
    num = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{}"/></w:numPr>'
    body = p("Sở Nội vụ;", num.format(1)) + p("một", num.format(2)) + p("hai", num.format(2))
    paras = read(body, numbering=numbering)
    assert paras[0].text == "- Sở Nội vụ;" and paras[0].fmt.left == 2972
    assert paras[1].text.startswith("1. ") and paras[2].text.startswith("2. ")
    assert paras[0].segs[0].label


def test_hidden_text_and_deleted_runs_are_not_printed() -> None:
    body = (
        "<w:p><w:r><w:t>A</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>B</w:t></w:r>"
        "<w:del><w:r><w:delText>C</w:delText></w:r></w:del><w:ins><w:r><w:t>D</w:t></w:r></w:ins>"
        "<w:hyperlink><w:r><w:t>E</w:t></w:r></w:hyperlink><w:r><w:br/><w:t>F</w:t></w:r></w:p>"
    )
    (para,) = read(body)
    assert para.text == "ADE\nF"
    assert [ln.text for ln in para.lines] == ["ADE", "F"]


def test_line_shapes_are_found_with_length_and_centre() -> None:
    line = (
        '<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:drawing><wp:anchor>'
        '<wp:positionH relativeFrom="column"><wp:align>center</wp:align></wp:positionH>'
        '<wp:extent cx="2160000" cy="0"/><a:graphic><a:graphicData><wps:wsp><wps:spPr>'
        '<a:prstGeom prst="line"/><a:ln w="9525"/></wps:spPr></wps:wsp></a:graphicData></a:graphic>'
        "</wp:anchor></w:drawing></w:r></w:p>"
        '<w:p><w:r><w:pict><v:line from="10pt,0" to="180pt,0" style="position:absolute;'
        'mso-position-horizontal:center" strokeweight=".5pt"/></w:pict></w:r></w:p>'
    )
    a, b = read(line)
    assert a.shapes[0].length == 2160000 // 635 and a.shapes[0].weight_pt == 0.75
    assert a.shapes[0].centre == (11906 - 1701 - 850) / 2
    assert b.shapes[0].length == 170 * 20 and b.shapes[0].weight_pt == 0.5


def test_sections_headers_and_title_page() -> None:
    sect = (
        '<w:sectPr><w:headerReference w:type="default" r:id="rH"/><w:titlePg/>'
        '<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>'
        '<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/></w:sectPr>'
    )
    hdr = (
        '<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:p><w:fldSimple w:instr="PAGE"><w:r><w:t>2</w:t></w:r></w:fldSimple></w:p></w:hdr>'
    )
    rel = (
        '<Relationship Id="rH" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/header" Target="header1.xml"/>'
    )
    data = make_docx(p("x"), sect=sect, extra_parts={"word/header1.xml": hdr}, extra_rels=rel)
    doc = read_document(open_package(data))
    s = doc.sections[0]
    assert s.title_pg and s.text_width == 9355 and s.headers == {"default": "word/header1.xml"}
    header = doc.header_part("default")
    assert header is not None
    (hp,) = list(header.paras())
    assert hp.fields[0].name == "PAGE"


def test_universal_measures_and_garbage_numbers() -> None:
    body = p("x", '<w:ind w:left="2.5cm" w:right="abc"/><w:spacing w:after="6pt"/>')
    (para,) = read(body)
    assert abs(para.fmt.left - 1417) <= 1 and para.fmt.right == 0 and para.fmt.after == 120
