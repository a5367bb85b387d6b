"""Công văn made the way people make them in Word, with python-docx, not drafter's template.

`foreign_letter(Spec(...))` lays out the same letter (`EXPECTED`, in the letter format)
in one of the constructions `drafter import` must read:

- header: a borderless 2-column table, a 3-row table with merged cells, or tab stops and
  no table at all;
- rules: paragraph borders, drawn line shapes (DrawingML), or a run of underscores;
- numbering typed by hand, or Word's automatic numbering (List Number / List Bullet);
- text cut into odd runs, with bookmarks, proofing marks and fields inside lines;
- Nơi nhận as separate paragraphs or one paragraph with line breaks; the closing in a
  table, laid out with tabs, or the signature typed above Nơi nhận;
- `V/v:` with a colon, extra spaces in the date, fonts from styles rather than runs;
- the legacy fonts: everything typed in `.VnTime` (capitals in `.VnTimeH`), or VNI-Times.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, Twips

from drafter.docx import legacy
from tests.check.builders import set_border, set_indent, stamp_table

TNR = "Times New Roman"
QH = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TN = "Độc lập - Tự do - Hạnh phúc"

EXPECTED: dict[str, Any] = {
    "format": 1,
    "kind": "cong_van",
    "co_quan_chu_quan": "UBND TỈNH ĐẮK LẮK",
    "co_quan_ban_hanh": "SỞ NỘI VỤ",
    "so": "47",
    "ky_hieu": "SNV-VP",
    "dia_danh": "Đắk Lắk",
    "ngay": "2024-03-05",
    "trich_yeu": "tổ chức tập huấn nghiệp vụ văn thư, lưu trữ năm 2024",
    "muc_do_khan": "khan",
    "do_mat": "",
    "kinh_gui": ["UBND các huyện, thị xã, thành phố", "Các sở, ban, ngành tỉnh"],
    "noi_dung": [
        {
            "type": "paragraph",
            "text": "Thực hiện Kế hoạch số 12/KH-UBND ngày 10/01/2024 của UBND tỉnh, "
            "Sở Nội vụ đề nghị các cơ quan, đơn vị:",
        },
        {
            "type": "task",
            "text": "Cử công chức làm công tác văn thư tham dự tập huấn, gửi danh sách về "
            "Sở Nội vụ **trước ngày 15/3/2024**.",
        },
        {"type": "task", "text": "Sở Nội vụ chủ trì, phối hợp với các đơn vị liên quan:"},
        {"type": "bullet", "text": "Chuẩn bị tài liệu tập huấn *theo Nghị định số 30/2020/NĐ-CP*;"},
        {"type": "bullet", "text": "Bố trí địa điểm và giảng viên."},
        {"type": "paragraph", "text": "Đề nghị các cơ quan, đơn vị phối hợp thực hiện./."},
    ],
    "noi_nhan": ["Như trên", "Giám đốc Sở (để báo cáo)", "Trang thông tin điện tử Sở"],
    "luu": "VT, VP",
    "ky_hieu_nguoi_soan": "NVA.05",
    "ky": {"tham_quyen": ["KT. GIÁM ĐỐC"], "chuc_vu": "PHÓ GIÁM ĐỐC", "ho_ten": "Nguyễn Văn An"},
    "dia_chi": "Địa chỉ: 01 Lê Duẩn, phường Buôn Ma Thuột\nĐiện thoại: 0262 3852 000",
}


@dataclass(frozen=True)
class Spec:
    header: str = "table2"  # table2 | table3 | tabs
    rules: str = "border"  # border | shape | underscores
    numbering: str = "typed"  # typed | auto
    noi_nhan: str = "paras"  # paras | breaks
    closing: str = "table"  # table | tabs | above
    vv_colon: bool = False
    date_spaces: bool = False
    odd_runs: bool = False
    styles: bool = False
    legacy: str = ""  # "" | tcvn3 | vni

    @property
    def id(self) -> str:
        parts = [self.header, self.rules, self.numbering, self.noi_nhan, self.closing]
        flags = ["vv_colon", "date_spaces", "odd_runs", "styles"]
        parts += [f for f in flags if getattr(self, f)]
        return "-".join(parts + ([self.legacy] if self.legacy else []))


# --- legacy encodings (the inverse of drafter.docx.legacy's tables) -------------------------


def _tcvn3_inverse() -> dict[str, str]:
    table = {str(k): str(v) for k, v in dict(legacy.tables()["tcvn3"]["map"]).items()}  # type: ignore[arg-type]
    return {
        v: k
        for k, v in table.items()
        if not unicodedata.combining(v) and (v.islower() or v in "ĂÂÊÔƠƯĐ")
    }


def _vni_inverse() -> dict[str, str]:
    table = {str(k): str(v) for k, v in dict(legacy.tables()["vni"]["map"]).items()}  # type: ignore[arg-type]
    return {v: k for k, v in table.items()}


class Typist:
    """Types text in one of the encodings: Unicode, TCVN3 (.VnTime/.VnTimeH) or VNI."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self.tcvn3 = _tcvn3_inverse()
        self.vni = _vni_inverse()

    def font_and_text(self, text: str) -> tuple[str, str]:
        if self.encoding == "tcvn3":
            if text == text.upper() and any(c.isalpha() for c in text):
                return ".VnTimeH", "".join(self.tcvn3.get(c, c) for c in text.lower())
            return ".VnTime", "".join(self.tcvn3.get(c, c) for c in text)
        if self.encoding == "vni":
            return "VNI-Times", "".join(self.vni.get(c, c) for c in text)
        return TNR, text


# --- building blocks -------------------------------------------------------------------------


class Builder:
    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.doc = Document()
        self.typist = Typist(spec.legacy)
        self.bookmark = 0
        self._setup()

    def _setup(self) -> None:
        doc = self.doc
        styles = doc.styles
        normal = styles["Normal"]
        normal.font.name = TNR
        normal.font.size = Pt(14)
        rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            rfonts.set(qn(slot), TNR)
        sec = doc.sections[0]
        sec.page_width, sec.page_height = Twips(11906), Twips(16838)
        sec.top_margin = sec.bottom_margin = Twips(1134)
        sec.left_margin, sec.right_margin = Twips(1701), Twips(850)
        sec.different_first_page_header_footer = True
        footer = sec.first_page_footer
        lines = EXPECTED["dia_chi"].split("\n")
        first = footer.paragraphs[0]
        self.run(first, lines[0], size=11)
        set_border(first, "top", 4)
        self.run(footer.add_paragraph(), lines[1], size=11)
        if self.spec.styles:
            head = styles.add_style("Tiêu đề cơ quan", WD_STYLE_TYPE.PARAGRAPH)
            head.base_style = normal
            head.font.size = Pt(13)
            head.font.bold = True
            head.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            body = styles.add_style("Nội dung", WD_STYLE_TYPE.PARAGRAPH)
            body.base_style = normal
            body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            body.paragraph_format.first_line_indent = Twips(720)
            body.paragraph_format.space_after = Pt(6)
            strong = styles.add_style("Nhấn mạnh", WD_STYLE_TYPE.CHARACTER)
            strong.font.bold = True
            emph = styles.add_style("Nghiêng", WD_STYLE_TYPE.CHARACTER)
            emph.font.italic = True
            title = styles.add_style("Chức danh ký", WD_STYLE_TYPE.PARAGRAPH)
            title.base_style = normal
            title.font.bold = True
            title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    # runs ------------------------------------------------------------------------------
    def run(
        self,
        p: Any,
        text: str,
        *,
        size: float | None = None,
        bold: bool | None = None,
        italic: bool | None = None,
        style: str | None = None,
    ) -> None:
        """`text` into paragraph `p`: one run, or (odd_runs) many, with bookmarks and proofing
        marks between them; bold/italic directly, or through a character style."""
        if self.spec.styles and style is None:
            if bold:
                style, bold = "Nhấn mạnh", None
            elif italic:
                style, italic = "Nghiêng", None
        pieces = _odd_pieces(text) if self.spec.odd_runs else [text]
        for i, piece in enumerate(pieces):
            if i and self.spec.odd_runs and i % 2:
                self.bookmark += 1
                mark = parse_xml(
                    f'<w:bookmarkStart {nsdecls("w")} w:id="{self.bookmark}" '
                    f'w:name="_GoBack{self.bookmark}"/>'
                )
                p._p.append(mark)
                p._p.append(parse_xml(f'<w:proofErr {nsdecls("w")} w:type="spellStart"/>'))
            font, typed = self.typist.font_and_text(piece)
            r = p.add_run(typed, style=style)
            if font != TNR or self.spec.legacy:
                r.font.name = font
                r._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:hAnsi"), font)
            if size is not None:
                r.font.size = Pt(size)
            if bold is not None:
                r.font.bold = bold
            if italic is not None:
                r.font.italic = italic
            if i and self.spec.odd_runs and i % 2:
                p._p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{self.bookmark}"/>'))

    def field(self, p: Any, instr: str, result: str, size: float | None = None) -> None:
        """A complex field (begin, instruction, separate, result, end) inside a line."""
        for kind, text in (("begin", None), (None, instr), ("separate", None), (None, result)):
            r = p.add_run()
            if size is not None:
                r.font.size = Pt(size)
            if kind:
                fc = OxmlElement("w:fldChar")
                fc.set(qn("w:fldCharType"), kind)
                r._r.append(fc)
            elif text == instr:
                it = OxmlElement("w:instrText")
                it.set(qn("xml:space"), "preserve")
                it.text = instr
                r._r.append(it)
            else:
                font, typed = self.typist.font_and_text(text or "")
                r.text = typed
                if self.spec.legacy:
                    r.font.name = font
        r = p.add_run()
        fc = OxmlElement("w:fldChar")
        fc.set(qn("w:fldCharType"), "end")
        r._r.append(fc)

    def para(
        self,
        container: Any,
        text: str = "",
        *,
        size: float = 14,
        bold: bool | None = None,
        italic: bool | None = None,
        align: Any = WD_ALIGN_PARAGRAPH.CENTER,
        first: bool = False,
        style: str | None = None,
    ) -> Any:
        p = container.paragraphs[0] if first else container.add_paragraph(style=style)
        if style and first:
            p.style = style
        if align is not None and not (style and self.spec.styles):
            p.alignment = align
        p.paragraph_format.space_after = Pt(0)
        if text:
            self.run(p, text, size=size, bold=bold, italic=italic)
        return p

    def rule(self, container: Any, width_tw: int, box_tw: int) -> None:
        """A short rule under a header line: a border, a drawn line, or underscores."""
        kind = self.spec.rules
        if kind == "border":
            p = self.para(container)
            set_border(p, "top", 6)
            ind = max(0, (box_tw - width_tw) // 2)
            set_indent(p, ind, ind)
        elif kind == "shape":
            p = self.para(container)
            p._p.append(_drawn_line(width_tw))
        else:
            self.para(container, "_" * max(6, width_tw // 160), size=13)

    # the letter ------------------------------------------------------------------------
    def header(self) -> None:
        kind = self.spec.header
        if kind == "tabs":
            self._header_tabs()
            return
        left_w, right_w = 3685, 5670
        rows = 3 if kind == "table3" else 2
        table = self.doc.add_table(rows=rows, cols=2)
        _borderless(table, [left_w, right_w])
        c = table.cell
        if kind == "table3":
            issuer_cell = c(0, 0).merge(c(1, 0))  # the left column's two rows merged
            qh_cell, tn_cell, left, right = c(0, 1), c(1, 1), c(2, 0), c(2, 1)
        else:
            issuer_cell, qh_cell, left, right = c(0, 0), c(0, 1), c(1, 0), c(1, 1)
            tn_cell = qh_cell
        style = "Tiêu đề cơ quan" if self.spec.styles else None
        self.para(issuer_cell, EXPECTED["co_quan_chu_quan"], size=13, bold=False, first=True)
        p = self.para(issuer_cell, style=style)
        self.run(
            p,
            EXPECTED["co_quan_ban_hanh"],
            size=None if style else 13,
            bold=None if style else True,
        )
        self.rule(issuer_cell, 1000, left_w)
        self.para(qh_cell, QH, size=12, bold=True, first=True)
        self.para(tn_cell, TN, size=14, bold=True, first=tn_cell is not qh_cell)
        self.rule(tn_cell, 3400, right_w)
        self._so_vv(left, first=True)
        stamp_table(left, "KHẨN", 1134)
        self.para(left, "", size=6)
        self._date(right, first=True)

    def _so_vv(self, container: Any, *, first: bool) -> None:
        p = self.para(container, first=first, size=13)
        if self.spec.odd_runs:
            self.run(p, "Số: ", size=13)
            self.field(p, " MERGEFIELD so ", "47", size=13)
            self.run(p, "/SNV-VP", size=13)
        else:
            self.run(p, "Số: 47/SNV-VP", size=13)
        vv = "V/v: " if self.spec.vv_colon else "V/v "
        self.para(container, vv + EXPECTED["trich_yeu"], size=12)

    def _date(self, container: Any, *, first: bool, p: Any = None) -> None:
        gap = "  " if self.spec.date_spaces else " "
        p = p if p is not None else self.para(container, first=first)
        self.run(p, f"Đắk Lắk, ngày{gap}05{gap}tháng 3 năm ", size=14, italic=True)
        if self.spec.odd_runs:
            self.field(p, ' DATE \\@ "yyyy" ', "2024", size=14)
        else:
            self.run(p, "2024", size=14, italic=True)

    def _header_tabs(self) -> None:
        """No table: each header line holds the left side, a tab, then the right side."""
        doc = self.doc

        def line(left: str, right: str, *, lbold: bool, rbold: bool, lsize=13, rsize=13):
            p = doc.add_paragraph()
            p.paragraph_format.tab_stops.add_tab_stop(Twips(6400), WD_TAB_ALIGNMENT.CENTER)
            p.paragraph_format.space_after = Pt(0)
            if left:
                self.run(p, left, size=lsize, bold=lbold)
            self.run(p, "\t", size=rsize)
            if right:
                self.run(p, right, size=rsize, bold=rbold)
            return p

        line(EXPECTED["co_quan_chu_quan"], QH, lbold=False, rbold=True, rsize=12)
        line(EXPECTED["co_quan_ban_hanh"], TN, lbold=True, rbold=True, rsize=14)
        if self.spec.rules == "underscores":
            line("_______", "______________________", lbold=False, rbold=False)
        elif self.spec.rules == "shape":
            p = doc.add_paragraph()
            p._p.append(_drawn_line(1000))
            p._p.append(_drawn_line(3400))
        else:
            p = doc.add_paragraph()
            set_border(p, "top", 6)
            set_indent(p, 6400 - 1700, 9355 - (6400 + 1700))
        p = line("Số: 47/SNV-VP", "", lbold=False, rbold=False)
        self._date(None, first=False, p=p)
        vv = "V/v: " if self.spec.vv_colon else "V/v "
        p = self.para(doc, vv + EXPECTED["trich_yeu"], size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
        stamp = self.para(doc, "KHẨN", size=13, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        for side in ("top", "left", "bottom", "right"):
            set_border(stamp, side, 8)

    def kinh_gui(self) -> None:
        doc = self.doc
        self.para(
            doc, "Kính gửi:", align=WD_ALIGN_PARAGRAPH.LEFT
        ).paragraph_format.left_indent = Twips(1984)
        items = EXPECTED["kinh_gui"]
        for i, item in enumerate(items):
            end = "." if i == len(items) - 1 else ";"
            if self.spec.numbering == "auto":
                p = self.para(doc, style="List Bullet", align=None)
                self.run(p, item + end)
            else:
                p = self.para(doc, f"- {item}{end}", align=WD_ALIGN_PARAGRAPH.LEFT)
            p.paragraph_format.left_indent = Twips(2972)

    def body(self) -> None:
        doc = self.doc
        auto = self.spec.numbering == "auto"
        style = "Nội dung" if self.spec.styles else None
        for block in EXPECTED["noi_dung"]:
            kind = block["type"]
            if auto and kind in ("task", "bullet"):
                p = self.para(
                    doc, style="List Number" if kind == "task" else "List Bullet", align=None
                )
            else:
                p = self.para(doc, style=style, align=None if style else WD_ALIGN_PARAGRAPH.JUSTIFY)
                if not style:
                    p.paragraph_format.first_line_indent = Twips(720)
                if kind == "task":
                    n = 1 + [b for b in EXPECTED["noi_dung"] if b["type"] == "task"].index(block)
                    self.run(p, f"{n}. ")
                elif kind == "bullet":
                    self.run(p, "- ")
            for text, bold, italic in _marks(block["text"]):
                self.run(p, text, bold=bold or None, italic=italic or None)

    def closing(self) -> None:
        kind = self.spec.closing
        if kind == "table":
            table = self.doc.add_table(rows=1, cols=2)
            _borderless(table, [3685, 5670])
            self._noi_nhan(table.cell(0, 0), first=True)
            self._signature(table.cell(0, 1), first=True)
        elif kind == "above":
            self._signature(self.doc, first=False)
            self._noi_nhan(self.doc, first=False)
        else:
            self._closing_tabs()

    def _noi_nhan_lines(self) -> list[str]:
        items = [f"- {x};" for x in EXPECTED["noi_nhan"]]
        return [*items, f"- Lưu: {EXPECTED['luu']} ({EXPECTED['ky_hieu_nguoi_soan']})."]

    def _noi_nhan(self, container: Any, *, first: bool) -> None:
        left = WD_ALIGN_PARAGRAPH.LEFT
        if self.spec.noi_nhan == "breaks":
            p = self.para(container, first=first, align=left)
            self.run(p, "Nơi nhận:", size=12, bold=True, italic=True)
            for line in self._noi_nhan_lines():
                p.add_run().add_break()
                self.run(p, line, size=11)
            return
        self.para(container, "Nơi nhận:", size=12, bold=True, italic=True, first=first, align=left)
        for line in self._noi_nhan_lines():
            self.para(container, line, size=11, align=left)

    def _signature(self, container: Any, *, first: bool) -> None:
        ky = EXPECTED["ky"]
        style = "Chức danh ký" if self.spec.styles else None
        for i, title in enumerate([*ky["tham_quyen"], ky["chuc_vu"]]):
            p = self.para(container, first=first and i == 0, style=style)
            self.run(p, title, size=14, bold=None if style else True)
        self.para(container, "(Đã ký)", size=14, italic=True)
        for _ in range(2):
            self.para(container, "")
        self.para(container, ky["ho_ten"], size=14, bold=True)

    def _closing_tabs(self) -> None:
        """`Nơi nhận:` ⇥ ⇥ `KT. GIÁM ĐỐC`: the two blocks side by side on the same lines."""
        ky = EXPECTED["ky"]
        right = [*ky["tham_quyen"], ky["chuc_vu"]]
        left = ["Nơi nhận:", *self._noi_nhan_lines()]
        rows = max(len(left), len(right)) + 2
        for i in range(rows + 1):
            p = self.doc.add_paragraph()
            p.paragraph_format.tab_stops.add_tab_stop(Twips(6400), WD_TAB_ALIGNMENT.CENTER)
            p.paragraph_format.space_after = Pt(0)
            if i < len(left):
                self.run(p, left[i], size=12 if i == 0 else 11, bold=i == 0, italic=i == 0)
            if i < len(right):
                self.run(p, "\t" + right[i], size=14, bold=True)
            if i == rows:
                self.run(p, "\t" + ky["ho_ten"], size=14, bold=True)

    def build(self) -> bytes:
        self.header()
        self.kinh_gui()
        self.body()
        self.closing()
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def foreign_letter(spec: Spec) -> bytes:
    return Builder(spec).build()


def _odd_pieces(text: str) -> list[str]:
    """`text` cut where Word cuts runs after edits: mid-word, at odd places."""
    out, i, step = [], 0, 3
    while i < len(text):
        out.append(text[i : i + step])
        i += step
        step = 5 if step == 3 else 3
    return out


def _marks(text: str) -> list[tuple[str, bool, bool]]:
    from drafter.vntext import parse_inline

    return [(r.text, r.bold, r.italic) for r in parse_inline(text)]


def _borderless(table: Any, widths: list[int]) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)
    for col, w in zip(table.columns, widths, strict=True):
        col.width = Twips(w)
        for cell in col.cells:
            cell.width = Twips(w)


def _drawn_line(width_tw: int) -> Any:
    """A DrawingML straight line anchored in a run, centred in its column."""
    emu = width_tw * 635
    return parse_xml(
        f"<w:r {nsdecls('w', 'wp', 'a')} "
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        'relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:align>center'
        '</wp:align></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0'
        f'</wp:posOffset></wp:positionV><wp:extent cx="{emu}" cy="0"/><wp:wrapNone/>'
        '<wp:docPr id="1" name="Line"/><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{emu}" cy="0"/></a:xfrm>'
        '<a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w="9525"><a:solidFill>'
        '<a:srgbClr val="000000"/></a:solidFill></a:ln></wps:spPr><wps:bodyPr/></wps:wsp>'
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
    )
