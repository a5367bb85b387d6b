"""The geometry walker: one part's XML into containers of paragraphs and tables.

`Walker` goes through the body (or a header, a footer, a text box) block by block,
resolving each paragraph's formatting through the styles and each table's geometry:
grid, width, alignment, cell margins, spans, conditional table-style parts and borders.
Positions are in twips from the left edge of the text area. `WalkState` is what every
walker of one document shares: styles, numbering, the counters that name and order
tables and paragraphs, the text boxes found so far.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from drafter.docx import legacy
from drafter.docx.document import Cell, Container, FieldInfo, Para, Row, Seg, Shape, Table
from drafter.docx.namespaces import (
    A_NS,
    BLOCK_CONTAINERS,
    MC_ALT,
    MC_CHOICE,
    MC_FALLBACK,
    O_NS,
    RUN_CONTAINERS,
    V_NS,
    W_P,
    W_PPR,
    W_R,
    W_RPR,
    W_SDT,
    W_SDTCONTENT,
    W_T,
    W_TBL,
    W_TBLPR,
    W_TC,
    W_TCPR,
    W_TR,
    W_TRPR,
    W_TXBX,
    W_VAL,
    WP_NS,
    WPS_NS,
    w_attr,
    w_tag,
)
from drafter.docx.properties import (
    SIDES,
    Border,
    RunFmt,
    effective_para,
    parse_borders,
    parse_ppr,
    parse_rpr,
    parse_tblpr,
)
from drafter.docx.simpletypes import EMU_PER_TW, emu, measure, on_off, twips
from drafter.docx.styles import Numbering, Style, Styles

DEFAULT_CELL_MARGIN = 108  # Word's Normal Table style, used when nothing says otherwise
MAX_DEPTH = 40  # tables and text boxes nested deeper than this are not read


class WalkState:
    """What the walkers of one document share."""

    def __init__(self, styles: Styles, numbering: Numbering, text_width: int) -> None:
        self.styles = styles
        self.numbering = numbering
        self.text_width = text_width
        self.table_count = 0
        self.order = 0
        self.textboxes: list[Container] = []
        self.legacy_fonts: set[str] = set()  # legacy Vietnamese fonts decoded (names)

    def next_order(self) -> int:
        self.order += 1
        return self.order


@dataclass
class _TableCtx:
    """What a cell's paragraphs inherit from the table style (its conditional parts
    included), and the key their run formatting is cached under."""

    p: dict[str, Any]
    r: dict[str, Any]
    key: Any


@dataclass
class _TableGeometry:
    """One table as its cells need it: properties, style, grid, position, size."""

    table: Table
    direct: dict[str, Any]  # the table's own tblPr
    props: dict[str, Any]  # the table style's tblPr, then the table's own
    style: Style | None  # the table style, flattened
    grid: list[int]  # column widths, twips
    x: float  # left edge, unrounded: cells are placed from it
    w: int
    n_rows: int


@dataclass
class _CellProps:
    """What a cell's tcPr says."""

    span: int = 1
    margins: dict[str, int] = field(default_factory=dict)
    borders: dict[str, Any] = field(default_factory=dict)
    width: int = 0  # tcW in twips, when given as such


class Walker:
    """Walks one part (document, header, footer) into containers of paragraphs."""

    def __init__(self, state: WalkState, part: str) -> None:
        self.state = state
        self.part = part
        self.fields: list[list[Any]] = []  # [instr, phase, fmt] while inside complex fields
        self.depth = 0

    # blocks -------------------------------------------------------------------------------
    def blocks(
        self,
        parent: etree._Element,
        box: tuple[int, int],
        tctx: _TableCtx | None,
        container: Container,
        where: str,
        cell: Cell | None = None,
    ) -> None:
        for child in parent:
            tag = child.tag
            if tag == W_P:
                self.para(child, box, tctx, container, where, cell)
            elif tag == W_TBL:
                self.table(child, box, container, where, cell)
            elif tag == W_SDT:
                content = child.find(W_SDTCONTENT)
                if content is not None:
                    self.blocks(content, box, tctx, container, where, cell)
            elif tag in BLOCK_CONTAINERS:
                self.blocks(child, box, tctx, container, where, cell)
            elif tag == w_tag("sectPr") and self.part == "body":
                pass

    # tables -------------------------------------------------------------------------------
    def table(
        self,
        el: etree._Element,
        box: tuple[int, int],
        container: Container,
        where: str,
        parent: Cell | None,
    ) -> None:
        """A table, placed in its box, then its rows and their cells' content."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.depth -= 1
            return
        rows = _children(el, W_TR)
        geo = self._table_geometry(el, box, where, parent, len(rows))
        container.blocks.append(geo.table)
        for ri, tr in enumerate(rows):
            self._row(tr, ri, geo)
        self.depth -= 1

    def _table_geometry(
        self,
        el: etree._Element,
        box: tuple[int, int],
        where: str,
        parent: Cell | None,
        n_rows: int,
    ) -> _TableGeometry:
        """The table's style, name, grid, width and left edge in its box."""
        state = self.state
        direct = parse_tblpr(el.find(W_TBLPR))
        style = state.styles.flat(direct.get("style"), "table")
        props = {**(style.tbl if style else {}), **direct}
        state.table_count += 1
        name = f"bảng {state.table_count}" if parent is None else f"{where} › bảng con"
        table = Table(name, parent=parent, order=state.next_order())
        grid = _grid(el)
        width = _table_width(props, grid, box[1])
        x = _table_x(props, box, width)
        table.x, table.w = round(x), width
        return _TableGeometry(table, direct, props, style, grid or [width], x, width, n_rows)

    def _row(self, tr: etree._Element, ri: int, geo: _TableGeometry) -> None:
        """One row: its own properties, then each cell from the grid column it starts at."""
        trpr = tr.find(W_TRPR)
        row, gpos = _row_props(trpr)
        geo.table.rows.append(row)
        tcs = _children(tr, W_TC)
        for ci, tc in enumerate(tcs):
            gpos = self._cell(tc, row, ri, ci, len(tcs), gpos, geo)

    def _cell(
        self,
        tc: etree._Element,
        row: Row,
        ri: int,
        ci: int,
        n_cells: int,
        gpos: int,
        geo: _TableGeometry,
    ) -> int:
        """One cell: its box, its borders, what it inherits, then its content. Returns
        the grid column the next cell starts at."""
        table = geo.table
        own = _cell_props(tc.find(W_TCPR))
        cell = Cell(table, ri, ci, f"{table.where}, hàng {ri + 1}, ô {ci + 1}")
        cell.grid_start, cell.span = gpos, own.span
        cx, cw = _cell_span(geo.grid, gpos, own.span, geo.w, own.width)
        types = _conditional_types(geo.props.get("look", frozenset()), ri, ci, geo.n_rows, n_cells)
        tctx, cond_borders = _conditional_formatting(geo.style, geo.direct.get("style"), types)
        ml = own.margins.get("left", geo.props.get("mar.left", DEFAULT_CELL_MARGIN))
        mr = own.margins.get("right", geo.props.get("mar.right", DEFAULT_CELL_MARGIN))
        cell.x = round(geo.x + cx + ml)
        cell.w = max(0, cw - ml - mr)
        cell.width_tw = cw
        inner = {
            "top": ri > 0,
            "bottom": ri < geo.n_rows - 1,
            "left": ci > 0,
            "right": ci < n_cells - 1,
        }
        cell.borders = _cell_borders(own.borders, cond_borders, geo.props, inner)
        row.cells.append(cell)
        self.blocks(tc, (cell.x, cell.w), tctx, cell, cell.where, cell)
        return gpos + own.span

    # paragraphs ---------------------------------------------------------------------------
    def para(
        self,
        el: etree._Element,
        box: tuple[int, int],
        tctx: _TableCtx | None,
        container: Container,
        where: str,
        cell: Cell | None,
    ) -> Para:
        state, st = self.state, self.state.styles
        ppr = el.find(W_PPR)
        direct = parse_ppr(ppr)
        ps = ppr.find(w_tag("pStyle")) if ppr is not None else None
        pstyle = ps.get(W_VAL) if ps is not None else None
        pflat = st.flat(pstyle, "paragraph")
        base = {**st.doc_p, **(tctx.p if tctx else {})}
        merged = {**base, **(pflat.p if pflat else {}), **direct}
        label = ""
        num_id, ilvl = str(merged.get("numId", "0")), int(merged.get("ilvl", 0) or 0)
        if num_id not in ("0", ""):
            lvl = state.numbering.level(num_id, ilvl)
            if lvl is not None:
                merged = {**base, **lvl.p, **(pflat.p if pflat else {}), **direct}
                label = state.numbering.label(num_id, ilvl)
        fmt = effective_para(merged, pstyle or st.defaults.get("paragraph"))
        mark_direct = parse_rpr(ppr.find(W_RPR) if ppr is not None else None, st.theme)
        tr = tctx.r if tctx else None
        tkey = tctx.key if tctx else None
        mark = st.run_fmt(pstyle, None, tr, tkey, mark_direct)
        para = Para(
            [],
            fmt,
            mark,
            box[0],
            box[1],
            where,
            self.part,
            container,
            cell=cell,
            order=state.next_order(),
        )
        if label:
            para.segs.append(Seg(label, mark, label=True))
        self.content(el, para, pstyle, tctx)
        self._decode_legacy(para)
        container.blocks.append(para)
        return para

    def _decode_legacy(self, para: Para) -> None:
        """Runs in a legacy Vietnamese font (drafter.docx.legacy) as Unicode: decoded per
        segment, after Word's run splits are merged, so a VNI letter split between two
        runs still decodes."""
        for seg in para.segs:
            enc = legacy_encoding(seg.fmt)
            if enc is None or seg.label:
                continue
            if seg.text.strip():
                self.state.legacy_fonts.add(seg.fmt.hansi or seg.fmt.ascii or "")
            seg.text = legacy.convert(seg.text, enc)
            if seg.fmt.caps:
                seg.text = seg.text.upper()

    def content(
        self, el: etree._Element, para: Para, pstyle: str | None, tctx: _TableCtx | None
    ) -> None:
        for child in el:
            tag = child.tag
            if tag == W_R:
                self.run(child, para, pstyle, tctx)
            elif tag in RUN_CONTAINERS:
                self.content(child, para, pstyle, tctx)
            elif tag == W_SDT:
                sc = child.find(W_SDTCONTENT)
                if sc is not None:
                    self.content(sc, para, pstyle, tctx)
            elif tag == w_tag("fldSimple"):
                instr = (child.get(w_attr("instr")) or "").strip().split()
                name = instr[0].upper() if instr else ""
                first = child.find(W_R)
                fmt = None
                if first is not None:
                    rpr = first.find(W_RPR)
                    fmt = self.state.styles.run_fmt(
                        pstyle,
                        _rstyle(rpr),
                        tctx.r if tctx else None,
                        tctx.key if tctx else None,
                        parse_rpr(rpr, self.state.styles.theme),
                    )
                para.fields.append(FieldInfo(name, fmt or para.mark))
                self.fields.append([name, "result", fmt])
                self.content(child, para, pstyle, tctx)
                self.fields.pop()
            elif tag == MC_ALT:
                pick = child.find(MC_CHOICE)
                if pick is None:
                    pick = child.find(MC_FALLBACK)
                if pick is not None:
                    self.content(pick, para, pstyle, tctx)

    def run(
        self, r: etree._Element, para: Para, pstyle: str | None, tctx: _TableCtx | None
    ) -> None:
        st = self.state.styles
        rpr = r.find(W_RPR)
        fmt = st.run_fmt(
            pstyle,
            _rstyle(rpr),
            tctx.r if tctx else None,
            tctx.key if tctx else None,
            parse_rpr(rpr, st.theme),
        )
        for c in r:
            tag = c.tag
            if tag == W_T:
                text = c.text or ""
                para.raw_texts.append(text)
                self.add(para, text, fmt)
            elif tag in (w_tag("tab"), w_tag("ptab")):
                self.add(para, "\t", fmt)
            elif tag == w_tag("br"):
                kind = c.get(w_attr("type"), "textWrapping")
                if kind == "page":
                    para.page_breaks += 1
                self.add(para, "\n", fmt)
            elif tag == w_tag("cr"):
                self.add(para, "\n", fmt)
            elif tag == w_tag("noBreakHyphen"):
                self.add(para, "-", fmt)
            elif tag == w_tag("sym"):
                self.add(para, "\u25a1", fmt)
            elif tag == w_tag("fldChar"):
                kind = c.get(w_attr("fldCharType"))
                if kind == "begin":
                    if len(self.fields) < 50:
                        self.fields.append(["", "instr", fmt])
                elif kind == "separate" and self.fields:
                    self.fields[-1][1] = "result"
                    self._record_field(para)
                elif kind == "end" and self.fields:
                    if self.fields[-1][1] == "instr":
                        self._record_field(para)
                    self.fields.pop()
            elif tag == w_tag("instrText"):
                if self.fields and self.fields[-1][1] == "instr":
                    self.fields[-1][0] += c.text or ""
            elif tag == w_tag("drawing"):
                self.drawing(c, para)
            elif tag == w_tag("pict") or tag == w_tag("object"):
                self.vml(c, para)
            elif tag == MC_ALT:
                pick = child_pick(c)
                if pick is not None:
                    for sub in pick:
                        if sub.tag == w_tag("drawing"):
                            self.drawing(sub, para)
                        elif sub.tag in (w_tag("pict"), w_tag("object")):
                            self.vml(sub, para)

    def _record_field(self, para: Para) -> None:
        instr = str(self.fields[-1][0]).strip().split()
        name = instr[0].upper() if instr else ""
        self.fields[-1][0] = name
        para.fields.append(FieldInfo(name, self.fields[-1][2]))

    def add(self, para: Para, text: str, fmt: RunFmt) -> None:
        if not text or fmt.hidden:
            return
        if any(f[1] == "instr" for f in self.fields):
            return
        if fmt.caps and legacy_encoding(fmt) is None:  # legacy text: upper-cased once decoded
            text = text.upper()
        fld = self.fields[-1][0] if self.fields else None
        segs = para.segs
        if segs and segs[-1].fmt is fmt and segs[-1].field == fld and not segs[-1].label:
            segs[-1].text += text
        else:
            segs.append(Seg(text, fmt, fld))

    # drawings -----------------------------------------------------------------------------
    def drawing(self, d: etree._Element, para: Para) -> None:
        wp = f"{{{WP_NS}}}"
        for holder in d:
            if holder.tag not in (f"{wp}inline", f"{wp}anchor"):
                continue
            ext = holder.find(f"{wp}extent")
            cx = emu(ext.get("cx")) if ext is not None else None
            cy = emu(ext.get("cy")) if ext is not None else None
            inline = holder.tag == f"{wp}inline"
            if inline and cy:
                para.drawing_height = max(para.drawing_height, cy // EMU_PER_TW)
            for txbx in holder.iter(W_TXBX):
                self.textbox(txbx, para, (cx or 0) // EMU_PER_TW)
            for wsp in holder.iter(f"{{{WPS_NS}}}wsp"):
                geom = wsp.find(f".//{{{A_NS}}}prstGeom")
                prst = geom.get("prst") if geom is not None else None
                if wsp.find(f"{{{WPS_NS}}}txbx") is not None:
                    continue
                if prst not in ("line", "straightConnector1") and not (
                    prst == "rect" and cx and cy is not None and cy * 20 < cx
                ):
                    continue
                ln = wsp.find(f".//{{{A_NS}}}ln")
                if ln is not None and ln.find(f"{{{A_NS}}}noFill") is not None:
                    continue
                if cx is None or cx <= 0 or (cy or 0) > cx // 10:
                    continue
                weight = emu(ln.get("w")) if ln is not None else None
                length = cx // EMU_PER_TW
                para.shapes.append(
                    Shape(
                        length,
                        self._anchor_centre(holder, para, length),
                        weight / 12700 if weight else None,
                    )
                )

    def _anchor_centre(self, holder: etree._Element, para: Para, length: int) -> float | None:
        wp = f"{{{WP_NS}}}"
        if holder.tag == f"{wp}inline":
            if para.fmt.jc == "center":
                return (
                    para.box_x + para.fmt.left + (para.box_w - para.fmt.left - para.fmt.right) / 2
                )
            return None
        pos = holder.find(f"{wp}positionH")
        if pos is None:
            return None
        rel = pos.get("relativeFrom", "column")
        if rel not in ("column", "margin"):
            return None
        in_cell = para.cell is not None
        base_x, base_w = (
            (para.box_x, para.box_w) if in_cell or rel == "column" else (0, self.state.text_width)
        )
        align = pos.find(f"{wp}align")
        off = pos.find(f"{wp}posOffset")
        if align is not None and (align.text or "").strip() == "center":
            return base_x + base_w / 2
        if off is not None:
            val = emu(off.text)
            if val is not None:
                return base_x + val / EMU_PER_TW + length / 2
        return None

    def vml(self, pict: etree._Element, para: Para) -> None:
        v = f"{{{V_NS}}}"
        for txbx in pict.iter(W_TXBX):
            self.textbox(txbx, para, 0)
        for shape in pict.iter(f"{v}line", f"{v}shape", f"{v}rect"):
            style = _vml_style(shape.get("style", ""))
            if shape.tag == f"{v}line":
                a, b = _vml_point(shape.get("from", "0,0")), _vml_point(shape.get("to", "0,0"))
                if a is None or b is None or abs(b[1] - a[1]) > abs(b[0] - a[0]) / 10:
                    continue
                length = round(abs(b[0] - a[0]))
            else:
                connector = shape.get(f"{{{O_NS}}}connectortype") or shape.get("type", "").endswith(
                    "_t32"
                )
                w, h = _vml_len(style.get("width")), _vml_len(style.get("height"))
                if shape.find(f"{v}textbox") is not None or w is None:
                    continue
                if not connector and not (h is not None and h * 20 < w):
                    continue
                if h is not None and h > w / 10:
                    continue
                length = round(w)
            if length <= 0:
                continue
            centre = None
            if style.get("mso-position-horizontal") == "center":
                centre = para.box_x + para.box_w / 2
            elif style.get("margin-left") is not None:
                ml = _vml_len(style.get("margin-left"))
                if ml is not None:
                    centre = para.box_x + ml + length / 2
            weight = _vml_len(shape.get("strokeweight"))
            para.shapes.append(Shape(length, centre, weight / 20 if weight else 0.75))

    def textbox(self, txbx: etree._Element, para: Para, width: int) -> None:
        if self.depth > MAX_DEPTH or len(self.state.textboxes) > 500:
            return
        self.depth += 1
        box = Container("textbox", "khung chữ (text box)")
        w = width if width > 567 else self.state.text_width
        saved = self.fields
        self.fields = []
        self.blocks(txbx, (para.box_x, w), None, box, box.where, None)
        self.fields = saved
        para.textboxes.append(box)
        self.state.textboxes.append(box)
        self.depth -= 1


@functools.lru_cache(maxsize=1024)
def legacy_encoding(fmt: RunFmt) -> legacy.Encoding | None:
    """The legacy Vietnamese encoding of a run's font (its hAnsi face, which Word uses for
    the accented letters, else its ascii face), or None."""
    return legacy.encoding_of(fmt.hansi) or legacy.encoding_of(fmt.ascii)


def child_pick(alt: etree._Element) -> etree._Element | None:
    pick = alt.find(MC_CHOICE)
    return pick if pick is not None else alt.find(MC_FALLBACK)


def _rstyle(rpr: etree._Element | None) -> str | None:
    if rpr is None:
        return None
    el = rpr.find(w_tag("rStyle"))
    return el.get(W_VAL) if el is not None else None


def _vml_style(style: str) -> dict[str, str]:
    out = {}
    for item in style.split(";"):
        if ":" in item:
            k, _, v = item.partition(":")
            out[k.strip().lower()] = v.strip()
    return out


def _vml_len(value: str | None) -> float | None:
    """A VML length in twips (pt by default; px at 96 dpi)."""
    if not value:
        return None
    value = value.strip().lower()
    if value.endswith("px"):
        n = measure(value[:-2])
        return n * 15 if n is not None else None
    if re.fullmatch(r"-?[0-9.]+", value):
        n = measure(value)
        return n * 20 if n is not None else None
    return measure(value)


def _vml_point(value: str) -> tuple[float, float] | None:
    parts = value.split(",")
    if len(parts) != 2:
        return None
    x, y = _vml_len(parts[0] or "0"), _vml_len(parts[1] or "0")
    return (x, y) if x is not None and y is not None else None


# --- table geometry, one question each ------------------------------------------------------


def _children(el: etree._Element, tag: str) -> list[etree._Element]:
    """Rows of a table (or cells of a row): direct ones, then those in content controls."""
    direct = [child for child in el if child.tag == tag]
    return direct + [c for sdt in el.findall(W_SDT) for c in sdt.iterfind(f"{W_SDTCONTENT}/{tag}")]


def _grid(el: etree._Element) -> list[int]:
    """The column widths of tblGrid (twips, never negative)."""
    cols = el.findall(f"{w_tag('tblGrid')}/{w_tag('gridCol')}")
    return [max(0, twips(g.get(w_attr("w"))) or 0) for g in cols]


def _table_width(props: dict[str, Any], grid: list[int], room: int) -> int:
    """tblW in twips or as a share of the room; else the grid's sum; else the room."""
    wtype, wval = props.get("w", ("auto", None))
    if wtype == "dxa" and twips(wval):
        width = twips(wval) or 0
    elif wtype == "pct" and wval:
        pct = measure(wval.rstrip("%"))
        width = round(room * (pct / 100 if wval.endswith("%") else pct / 5000)) if pct else 0
    else:
        width = sum(grid)
    return width if width > 0 else sum(grid) or room


def _table_x(props: dict[str, Any], box: tuple[int, int], width: int) -> float:
    """The table's left edge: centred or right-aligned in its box, else indented."""
    bx, bw = box
    jc = props.get("jc", "left")
    if jc == "center":
        return bx + (bw - width) / 2
    if jc == "right":
        return bx + bw - width
    return bx + props.get("ind", 0)


def _row_props(trpr: etree._Element | None) -> tuple[Row, int]:
    """An empty row with its trPr (can't split, height) and the grid columns it skips."""
    if trpr is None:
        return Row([], False, None, ""), 0
    cant = on_off(trpr.find(w_tag("cantSplit")))
    hel = trpr.find(w_tag("trHeight"))
    height = twips(hel.get(W_VAL)) if hel is not None else None
    hrule = hel.get(w_attr("hRule"), "atLeast") if hel is not None else ""
    gb = trpr.find(w_tag("gridBefore"))
    skipped = (twips(gb.get(W_VAL)) or 0) if gb is not None else 0
    return Row([], bool(cant), height, hrule), skipped


def _cell_props(tcpr: etree._Element | None) -> _CellProps:
    """Span, margins, borders and width as the cell's tcPr writes them."""
    own = _CellProps()
    if tcpr is None:
        return own
    gs = tcpr.find(w_tag("gridSpan"))
    if gs is not None:
        own.span = max(1, min(64, twips(gs.get(W_VAL)) or 1))
    mar = tcpr.find(w_tag("tcMar"))
    if mar is not None:
        for sub in mar:
            if isinstance(sub.tag, str):
                side = SIDES.get(etree.QName(sub).localname)
                if side:
                    own.margins[side] = twips(sub.get(w_attr("w"))) or 0
    own.borders = parse_borders(tcpr.find(w_tag("tcBorders")), "bdr.")
    tcw = tcpr.find(w_tag("tcW"))
    if tcw is not None and tcw.get(w_attr("type"), "dxa") == "dxa":
        own.width = twips(tcw.get(w_attr("w"))) or 0
    return own


def _cell_span(grid: list[int], start: int, span: int, table_w: int, own_w: int) -> tuple[int, int]:
    """Where a cell starts in its table and how wide it is (twips), from the grid; when
    the grid is too short for it, from the table's width shared out (or the cell's own)."""
    if start + span <= len(grid):
        return sum(grid[:start]), sum(grid[start : start + span])
    columns = max(len(grid), start + span)
    return round(table_w * start / columns), own_w or round(table_w * span / columns)


def _conditional_types(
    look: frozenset[str], ri: int, ci: int, n_rows: int, n_cells: int
) -> list[str]:
    """The table-style parts that apply to a cell, in the order they apply."""
    types = ["wholeTable"]
    if "firstColumn" in look and ci == 0:
        types.append("firstCol")
    if "lastColumn" in look and ci == n_cells - 1:
        types.append("lastCol")
    if "firstRow" in look and ri == 0:
        types.append("firstRow")
    if "lastRow" in look and ri == n_rows - 1:
        types.append("lastRow")
    return types


def _conditional_formatting(
    style: Style | None, style_id: str | None, types: list[str]
) -> tuple[_TableCtx, dict[str, Any]]:
    """What a cell inherits from the table style: paragraph and run properties (with the
    cache key), and the borders of the conditional parts that apply."""
    cp: dict[str, Any] = dict(style.p) if style else {}
    cr: dict[str, Any] = dict(style.r) if style else {}
    cb: dict[str, Any] = {}
    if style:
        for t in types:
            if t in style.cond:
                cp.update(style.cond[t][0])
                cr.update(style.cond[t][1])
                cb.update(style.cond[t][2])
    return _TableCtx(cp, cr, (style_id, tuple(types))), cb


def _cell_borders(
    own: dict[str, Any], conditional: dict[str, Any], props: dict[str, Any], inner: dict[str, bool]
) -> dict[str, Border]:
    """Each side's border: the cell's own, else the style part's, else the table's (its
    inside borders for a side that faces another cell)."""
    borders: dict[str, Border] = {}
    for side, inside in inner.items():
        key = f"bdr.{side}"
        table_key = f"bdr.inside{'H' if side in ('top', 'bottom') else 'V'}" if inside else key
        found = own.get(key) or conditional.get(key) or props.get(table_key)
        if isinstance(found, Border):
            borders[side] = found
    return borders
