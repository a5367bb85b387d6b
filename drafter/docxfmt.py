"""Read a .docx into paragraphs and tables with their EFFECTIVE formatting and geometry.

A hand-typed letter rarely carries its formatting on the runs: the size comes from the
Normal style, the bold from a character style, the font from a theme, the spacing from
a table style. So every run and paragraph here is resolved the way Word does it:
docDefaults → table style (with its conditional parts) → numbering level → paragraph
style (`basedOn` chain) → character style (chain) → direct formatting, with the toggle
properties (bold, italic, caps…) XOR-ed across style levels and theme fonts and colours
looked up in the theme. Positions are worked out from section margins, table grids,
cell margins and indents, in twips from the left edge of the text area, so the checker
can approximate geometry without a layout engine.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from docx.shared import Pt
from lxml import etree

from drafter.docxpkg import Package
from drafter.metrics import text_width

__all__ = [
    "Border",
    "Cell",
    "Doc",
    "FieldInfo",
    "Line",
    "Para",
    "RunFmt",
    "Section",
    "Seg",
    "Shape",
    "Table",
    "read_document",
    "seg_width",
]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
V_NS = "urn:schemas-microsoft-com:vml"
O_NS = "urn:schemas-microsoft-com:office:office"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _wa(attr: str) -> str:
    return f"{{{W_NS}}}{attr}"


W_P, W_R, W_T, W_TBL, W_TR, W_TC = _w("p"), _w("r"), _w("t"), _w("tbl"), _w("tr"), _w("tc")
W_PPR, W_RPR, W_TBLPR, W_TRPR, W_TCPR = _w("pPr"), _w("rPr"), _w("tblPr"), _w("trPr"), _w("tcPr")
W_SDT, W_SDTCONTENT = _w("sdt"), _w("sdtContent")
W_VAL = _wa("val")
MC_ALT = f"{{{MC_NS}}}AlternateContent"
MC_CHOICE = f"{{{MC_NS}}}Choice"
MC_FALLBACK = f"{{{MC_NS}}}Fallback"
W_TXBX = _w("txbxContent")
_CONTAINERS = {_w(t) for t in ("hyperlink", "ins", "smartTag", "customXml", "moveTo", "dir", "bdo")}
_BLOCK_CONTAINERS = {_w("customXml"), _w("ins"), _w("moveTo")}

EMU_PER_TW = 635
AUTO_LINE = 240  # w:line units per line for lineRule auto (OOXML)
TNR_LINE_EM = 1.15  # Times New Roman's single line height in ems (hhea/OS/2 metrics)
DEFAULT_CELL_MARGIN = 108  # Word's Normal Table style, used when nothing says otherwise
DEFAULT_SIZE = 10.0  # pt, OOXML default when no sz is given anywhere
DEFAULT_TAB = 720

_TOGGLES = ("b", "i", "caps", "smallCaps", "vanish", "strike")
_FALSE = {"0", "false", "off", "none"}
_UNITS = {"mm": 56.6929, "cm": 566.929, "in": 1440.0, "pt": 20.0, "pc": 240.0, "pi": 240.0}


# --- small parsers ------------------------------------------------------------------------


def _on(el: etree._Element | None) -> bool | None:
    """An ST_OnOff element: None when absent, else its value (no val means on)."""
    if el is None:
        return None
    val = el.get(W_VAL)
    return val is None or val.strip().lower() not in _FALSE


def _num(value: str | None, scale: float = 1.0) -> float | None:
    """A number, or a universal measure ("2.5cm", "12pt") converted to twips × scale."""
    if value is None:
        return None
    value = value.strip()
    try:
        return float(value)
    except ValueError:
        pass
    m = re.fullmatch(r"(-?[0-9.]+)\s*(mm|cm|in|pt|pc|pi)", value)
    if not m:
        return None
    try:
        return float(m.group(1)) * _UNITS[m.group(2)] * scale
    except ValueError:
        return None


def _tw(value: str | None) -> int | None:
    n = _num(value)
    if n is None or not math.isfinite(n):
        return None
    return int(max(-(10**7), min(10**7, round(n))))


def _emu(value: str | None) -> int | None:
    try:
        n = int(value) if value is not None else None
    except ValueError:
        return None
    return None if n is None else max(-(10**12), min(10**12, n))


@dataclass(frozen=True, slots=True)
class Border:
    """One side of a paragraph or cell border."""

    val: str
    sz: int  # eighths of a point
    space: int  # points
    color: str

    @property
    def visible(self) -> bool:
        return self.val not in ("none", "nil", "") and self.sz > 0

    @property
    def width_pt(self) -> float:
        return self.sz / 8


_NO_BORDER = Border("none", 0, 0, "auto")


def _border(el: etree._Element) -> Border:
    val = el.get(W_VAL, "none") or "none"
    sz = _tw(el.get(_wa("sz")))
    # sz omitted on a visible border: Word draws its thinnest line (2 = 0.25 pt)
    size = 2 if sz is None and val not in ("none", "nil") else max(0, sz or 0)
    return Border(val, size, max(0, _tw(el.get(_wa("space"))) or 0), el.get(_wa("color"), "auto"))


_SIDES = {
    "top": "top",
    "bottom": "bottom",
    "left": "left",
    "right": "right",
    "start": "left",
    "end": "right",
}


def _borders(el: etree._Element | None, prefix: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if el is None:
        return out
    for child in el:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        side = _SIDES.get(name) or (name if name in ("insideH", "insideV", "between") else None)
        if side:
            out[f"{prefix}{side}"] = _border(child)
    return out


# --- theme and settings ------------------------------------------------------------------


@dataclass
class Theme:
    """Theme fonts (major/minor × latin/ea/cs) and colours (dk1, accent1 …)."""

    fonts: dict[str, str] = field(default_factory=dict)
    colors: dict[str, str] = field(default_factory=dict)
    color_map: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, root: etree._Element | None) -> Theme:
        theme = cls()
        if root is None:
            return theme
        a = f"{{{A_NS}}}"
        for kind in ("major", "minor"):
            font = root.find(f".//{a}fontScheme/{a}{kind}Font")
            if font is None:
                continue
            for slot in ("latin", "ea", "cs"):
                el = font.find(f"{a}{slot}")
                if el is not None and el.get("typeface"):
                    theme.fonts[f"{kind}.{slot}"] = el.get("typeface", "")
        scheme = root.find(f".//{a}clrScheme")
        if scheme is not None:
            for child in scheme:
                if not isinstance(child.tag, str):
                    continue
                name = etree.QName(child).localname
                for sub in child:
                    val = sub.get("lastClr") or sub.get("val")
                    if val:
                        theme.colors[name] = val.upper()
        return theme

    def font(self, ref: str) -> str | None:
        """`minorHAnsi` → the theme's minor latin typeface."""
        kind = "major" if ref.startswith("major") else "minor"
        rest = ref[len(kind) :].lower()
        slot = {"ascii": "latin", "hansi": "latin", "eastasia": "ea", "bidi": "cs"}.get(rest)
        return self.fonts.get(f"{kind}.{slot}") if slot else None

    def color(self, name: str) -> str | None:
        mapped = {
            "text1": "t1",
            "text2": "t2",
            "background1": "bg1",
            "background2": "bg2",
        }.get(name)
        if mapped:
            name = self.color_map.get(mapped, {"t1": "dark1", "t2": "dark2"}.get(mapped, "light1"))
        short = {
            "dark1": "dk1",
            "light1": "lt1",
            "dark2": "dk2",
            "light2": "lt2",
            "hyperlink": "hlink",
            "followedHyperlink": "folHlink",
        }.get(name, name)
        return self.colors.get(short)


# --- properties --------------------------------------------------------------------------


def parse_rpr(el: etree._Element | None, theme: Theme) -> dict[str, Any]:
    """Run properties as a flat dict; only what is written (absent keys inherit)."""
    out: dict[str, Any] = {}
    if el is None:
        return out
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or not tag.startswith(f"{{{W_NS}}}"):
            continue
        name = tag[len(W_NS) + 2 :]
        if name == "rFonts":
            for slot, plain, themed in (
                ("ascii", "ascii", "asciiTheme"),
                ("hAnsi", "hAnsi", "hAnsiTheme"),
                ("eastAsia", "eastAsia", "eastAsiaTheme"),
                ("cs", "cs", "cstheme"),
            ):
                ref = child.get(_wa(themed))
                if ref:  # the theme attribute wins; an empty theme face means "not set"
                    out[f"font.{slot}"] = theme.font(ref) or None
                elif child.get(_wa(plain)):
                    out[f"font.{slot}"] = child.get(_wa(plain))
            hint = child.get(_wa("hint"))
            if hint:
                out["hint"] = hint
        elif name in _TOGGLES:
            out[name] = _on(child)
        elif name == "sz":
            n = _num(child.get(W_VAL), 1 / 10)  # universal measure: twips/10 = half-points
            if n is not None and math.isfinite(n) and 0 < n < 10000:
                out["sz"] = n / 2
        elif name == "u":
            val = child.get(W_VAL, "single")
            out["u"] = None if val in ("none", "0", "false") else val
        elif name == "color":
            val = (child.get(W_VAL) or "auto").upper()
            themed = child.get(_wa("themeColor"))
            if themed:
                resolved = theme.color(themed)
                has_tint = child.get(_wa("themeTint")) or child.get(_wa("themeShade"))
                if resolved and not has_tint:
                    val = resolved
            out["color"] = "AUTO" if val in ("AUTO", "") else val
        elif name == "highlight":
            val = child.get(W_VAL, "none")
            out["highlight"] = None if val == "none" else val
        elif name == "vertAlign":
            out["vert"] = child.get(W_VAL, "baseline")
        elif name in ("rtl", "cs"):
            out["csflag"] = bool(_on(child))
    return out


def parse_ppr(el: etree._Element | None) -> dict[str, Any]:
    """Paragraph properties as a flat dict (indents, spacing, borders, keeps …)."""
    out: dict[str, Any] = {}
    if el is None:
        return out
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or not tag.startswith(f"{{{W_NS}}}"):
            continue
        name = tag[len(W_NS) + 2 :]
        if name == "jc":
            val = child.get(W_VAL, "left")
            out["jc"] = {"start": "left", "end": "right", "distribute": "both"}.get(val, val)
        elif name == "ind":
            for key, attrs in (("left", ("left", "start")), ("right", ("right", "end"))):
                for attr in attrs:
                    v = _tw(child.get(_wa(attr)))
                    if v is not None:
                        out[key] = v
            first, hanging = _tw(child.get(_wa("firstLine"))), _tw(child.get(_wa("hanging")))
            if hanging is not None:
                out["first"] = -hanging
            elif first is not None:
                out["first"] = first
        elif name == "spacing":
            for key, attr in (("before", "before"), ("after", "after"), ("line", "line")):
                v = _tw(child.get(_wa(attr)))
                if v is not None:
                    out[key] = v
            rule = child.get(_wa("lineRule"))
            if rule:
                out["lineRule"] = rule
            for key in ("beforeAutospacing", "afterAutospacing"):
                val = child.get(_wa(key))
                if val is not None:
                    out[key] = val.lower() not in _FALSE
        elif name in ("contextualSpacing", "keepNext", "keepLines", "pageBreakBefore"):
            out[name] = _on(child)
        elif name == "pBdr":
            out.update(_borders(child, "bdr."))
        elif name == "numPr":
            ilvl, num = child.find(_w("ilvl")), child.find(_w("numId"))
            if num is not None:
                out["numId"] = num.get(W_VAL, "0")
            if ilvl is not None:
                out["ilvl"] = _tw(ilvl.get(W_VAL)) or 0
        elif name == "tabs":
            stops = []
            for tab in child:
                pos = _tw(tab.get(_wa("pos")))
                if pos is not None and tab.get(W_VAL) != "clear":
                    stops.append(pos)
            out["tabs"] = tuple(sorted(stops))
    return out


def _tbl_props(el: etree._Element | None) -> dict[str, Any]:
    """Table-level properties of tblPr (also inside a table style)."""
    out: dict[str, Any] = {}
    if el is None:
        return out
    for child in el:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        if name == "tblStyle":
            out["style"] = child.get(W_VAL)
        elif name == "jc":
            val = child.get(W_VAL, "left")
            out["jc"] = {"start": "left", "end": "right"}.get(val, val)
        elif name == "tblInd":
            if child.get(_wa("type"), "dxa") == "dxa":
                out["ind"] = _tw(child.get(_wa("w"))) or 0
        elif name == "tblW":
            out["w"] = (child.get(_wa("type"), "dxa"), child.get(_wa("w")))
        elif name == "tblCellMar":
            for sub in child:
                if not isinstance(sub.tag, str):
                    continue
                side = _SIDES.get(etree.QName(sub).localname)
                if side and sub.get(_wa("type"), "dxa") == "dxa":
                    out[f"mar.{side}"] = _tw(sub.get(_wa("w"))) or 0
        elif name == "tblBorders":
            out.update(_borders(child, "bdr."))
        elif name == "tblLook":
            look = set()
            hexval = child.get(W_VAL)
            bits = int(hexval, 16) if hexval and re.fullmatch(r"[0-9A-Fa-f]{1,4}", hexval) else 0
            for flag, bit in (
                ("firstRow", 0x20),
                ("lastRow", 0x40),
                ("firstColumn", 0x80),
                ("lastColumn", 0x100),
            ):
                attr = child.get(_wa(flag))
                if (attr is not None and attr.lower() not in _FALSE) or (
                    attr is None and bits & bit
                ):
                    look.add(flag)
            out["look"] = frozenset(look)
    return out


# --- styles ------------------------------------------------------------------------------


@dataclass
class _Style:
    type: str
    based_on: str | None
    p: dict[str, Any]
    r: dict[str, Any]
    tbl: dict[str, Any]
    cond: dict[str, tuple[dict[str, Any], dict[str, Any], dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class RunFmt:
    """A run's effective character formatting."""

    ascii: str | None
    hansi: str | None
    east_asia: str | None
    cs: str | None
    size: float
    bold: bool
    italic: bool
    underline: str | None
    color: str
    highlight: str | None
    caps: bool
    hidden: bool
    vert: str
    strike: bool
    hint: str | None
    csflag: bool


class Styles:
    """styles.xml resolved: flattened `basedOn` chains, cached, cycle-safe."""

    def __init__(self, root: etree._Element | None, theme: Theme) -> None:
        self.theme = theme
        self.styles: dict[str, _Style] = {}
        self.defaults: dict[str, str] = {}
        self.doc_r: dict[str, Any] = {}
        self.doc_p: dict[str, Any] = {}
        self._flat_cache: dict[str, _Style] = {}
        self._run_cache: dict[tuple[Any, ...], RunFmt] = {}
        self._elements: dict[str, etree._Element] = {}
        self._types: dict[str, str] = {}
        if root is None:
            return
        dd = root.find(_w("docDefaults"))
        if dd is not None:
            self.doc_r = parse_rpr(dd.find(f"{_w('rPrDefault')}/{W_RPR}"), theme)
            self.doc_p = parse_ppr(dd.find(f"{_w('pPrDefault')}/{W_PPR}"))
        for st in root.iter(_w("style")):
            sid = st.get(_wa("styleId"))
            if not sid:
                continue
            stype = st.get(_wa("type"), "paragraph")
            self._elements[sid] = st
            self._types[sid] = stype
            if st.get(_wa("default")) in ("1", "true", "on"):
                self.defaults.setdefault(stype, sid)

    def style(self, sid: str) -> _Style | None:
        """One style as written (parsed on first use: a template holds hundreds)."""
        if sid in self.styles:
            return self.styles[sid]
        st = self._elements.get(sid)
        if st is None:
            return None
        theme = self.theme
        based = st.find(_w("basedOn"))
        cond: dict[str, tuple[dict[str, Any], dict[str, Any], dict[str, Any]]] = {}
        for tsp in st.findall(_w("tblStylePr")):
            tcpr = tsp.find(W_TCPR)
            tcb = _borders(tcpr.find(_w("tcBorders")) if tcpr is not None else None, "bdr.")
            cond[tsp.get(_wa("type"), "")] = (
                parse_ppr(tsp.find(W_PPR)),
                parse_rpr(tsp.find(W_RPR), theme),
                tcb,
            )
        style = _Style(
            self._types[sid],
            based.get(W_VAL) if based is not None else None,
            parse_ppr(st.find(W_PPR)),
            parse_rpr(st.find(W_RPR), theme),
            _tbl_props(st.find(W_TBLPR)),
            cond,
        )
        self.styles[sid] = style
        return style

    def flat(self, sid: str | None, stype: str) -> _Style | None:
        """The style with its `basedOn` ancestors merged in (nearest definition wins)."""
        if sid is None or self._types.get(sid) != stype:
            sid = self.defaults.get(stype)
            if sid is None or sid not in self._types:
                return None
        cached = self._flat_cache.get(sid)
        if cached is not None:
            return cached
        chain: list[_Style] = []
        seen: set[str] = set()
        cur: str | None = sid
        while cur and cur not in seen and len(chain) < 30:
            st = self.style(cur)
            if st is None or st.type != stype:
                break
            seen.add(cur)
            chain.append(st)
            cur = st.based_on
        p: dict[str, Any] = {}
        r: dict[str, Any] = {}
        tbl: dict[str, Any] = {}
        cond: dict[str, Any] = {}
        for st in reversed(chain):
            p.update(st.p)
            r.update(st.r)
            tbl.update(st.tbl)
            for key, (cp, cr, cb) in st.cond.items():
                old = cond.get(key, ({}, {}, {}))
                cond[key] = ({**old[0], **cp}, {**old[1], **cr}, {**old[2], **cb})
        flat = _Style(stype, None, p, r, tbl, cond)
        self._flat_cache[sid] = flat
        return flat

    def run_fmt(
        self,
        pstyle: str | None,
        rstyle: str | None,
        table_r: dict[str, Any] | None,
        table_key: Any,
        direct: dict[str, Any],
    ) -> RunFmt:
        """Effective run formatting (cached on the inputs that decide it)."""
        key = (pstyle, rstyle, table_key, tuple(sorted(direct.items(), key=lambda kv: kv[0])))
        hit = self._run_cache.get(key)
        if hit is not None:
            return hit
        pflat = self.flat(pstyle, "paragraph")
        cflat = self.flat(rstyle, "character") if rstyle else None
        levels = [table_r or {}, pflat.r if pflat else {}, cflat.r if cflat else {}]
        merged: dict[str, Any] = dict(self.doc_r)
        for level in levels:
            merged.update({k: v for k, v in level.items() if k not in _TOGGLES})
        for tog in _TOGGLES:
            set_levels = [lv[tog] for lv in levels if lv.get(tog) is not None]
            if set_levels:
                val = False
                for v in set_levels:
                    if v:
                        val = not val
                merged[tog] = val
        merged.update(direct)
        fmt = RunFmt(
            ascii=merged.get("font.ascii"),
            hansi=merged.get("font.hAnsi"),
            east_asia=merged.get("font.eastAsia"),
            cs=merged.get("font.cs"),
            size=float(merged.get("sz", DEFAULT_SIZE)),
            bold=bool(merged.get("b")),
            italic=bool(merged.get("i")),
            underline=merged.get("u"),
            color=str(merged.get("color", "AUTO")),
            highlight=merged.get("highlight"),
            caps=bool(merged.get("caps")) or bool(merged.get("smallCaps")),
            hidden=bool(merged.get("vanish")),
            vert=str(merged.get("vert", "baseline")),
            strike=bool(merged.get("strike")),
            hint=merged.get("hint"),
            csflag=bool(merged.get("csflag")),
        )
        if len(self._run_cache) < 20000:
            self._run_cache[key] = fmt
        return fmt


# --- numbering ---------------------------------------------------------------------------


@dataclass
class _Level:
    fmt: str
    text: str
    start: int
    suffix: str
    p: dict[str, Any]


class Numbering:
    """numbering.xml: the label and indents of a numbered or bulleted paragraph."""

    def __init__(self, load: Callable[[], etree._Element | None]) -> None:
        self._load: Callable[[], etree._Element | None] | None = load
        self.nums: dict[str, dict[int, _Level]] = {}
        self.counters: dict[str, list[int]] = {}

    def _parse(self) -> None:
        """Read numbering.xml on first use: most letters number nothing."""
        load, self._load = self._load, None
        root = load() if load is not None else None
        if root is None:
            return
        abstract: dict[str, dict[int, _Level]] = {}
        for an in root.findall(_w("abstractNum")):
            abstract[an.get(_wa("abstractNumId"), "")] = self._levels(an)
        for num in root.findall(_w("num")):
            nid = num.get(_wa("numId"), "")
            ref = num.find(_w("abstractNumId"))
            levels = dict(abstract.get(ref.get(W_VAL, "") if ref is not None else "", {}))
            for ov in num.findall(_w("lvlOverride")):
                lvl = ov.find(_w("lvl"))
                if lvl is not None:
                    levels.update(self._levels_of([lvl]))
            self.nums[nid] = levels

    def _levels(self, an: etree._Element) -> dict[int, _Level]:
        return self._levels_of(an.findall(_w("lvl")))

    @staticmethod
    def _levels_of(lvls: list[etree._Element]) -> dict[int, _Level]:
        out: dict[int, _Level] = {}
        for lvl in lvls:
            ilvl = _tw(lvl.get(_wa("ilvl"))) or 0
            fmt_el, text_el = lvl.find(_w("numFmt")), lvl.find(_w("lvlText"))
            start_el, suff_el = lvl.find(_w("start")), lvl.find(_w("suff"))
            out[ilvl] = _Level(
                fmt_el.get(W_VAL, "decimal") if fmt_el is not None else "decimal",
                text_el.get(W_VAL, "") if text_el is not None else "",
                (_tw(start_el.get(W_VAL)) or 1) if start_el is not None else 1,
                suff_el.get(W_VAL, "tab") if suff_el is not None else "tab",
                parse_ppr(lvl.find(W_PPR)),
            )
        return out

    def level(self, num_id: str, ilvl: int) -> _Level | None:
        if self._load is not None:
            self._parse()
        return self.nums.get(num_id, {}).get(ilvl)

    def label(self, num_id: str, ilvl: int) -> str:
        """The next label of that list, as Word prints it (`1.`, `a)`, `-`)."""
        levels = self.nums.get(num_id, {})
        lvl = levels.get(ilvl)
        if lvl is None or not 0 <= ilvl < 9:
            return ""
        counts = self.counters.setdefault(num_id, [0] * 9)
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        if lvl.fmt == "bullet":
            text = "".join(
                chr(ord(c) - 0xF000) if 0xF020 <= ord(c) <= 0xF0FF else c for c in lvl.text
            )
        else:

            def sub(m: re.Match[str]) -> str:
                k = int(m.group(1)) - 1
                other = levels.get(k)
                n = counts[k] + ((other.start if other else 1) - 1) if 0 <= k < 9 else 0
                return _format_number(n, other.fmt if other else "decimal")

            text = re.sub(r"%([1-9])", sub, lvl.text)
        return text + ("" if lvl.suffix == "nothing" else " ")


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter") and n > 0:
        s = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman") and 0 < n < 4000:
        vals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc")]
        vals += [(50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
        out = ""
        for v, s in vals:
            while n >= v:
                out += s
                n -= v
        return out.upper() if fmt == "upperRoman" else out
    return str(n)


# --- the document model -------------------------------------------------------------------


@dataclass(slots=True)
class Seg:
    """A piece of a paragraph's visible text with one effective formatting."""

    text: str
    fmt: RunFmt
    field: str | None = None  # instruction word of the field this text is the result of
    label: bool = False  # a numbering label, not a run


@dataclass(slots=True)
class FieldInfo:
    """A field in a paragraph (`PAGE`, `NUMPAGES` …) and its run formatting."""

    name: str
    fmt: RunFmt | None


@dataclass(slots=True)
class Shape:
    """A drawn straight horizontal line (DrawingML or VML) anchored in a paragraph."""

    length: int  # twips
    centre: float | None  # twips from the text-area left, when the position is known
    weight_pt: float | None


@dataclass(slots=True)
class ParaFmt:
    """A paragraph's effective layout properties (twips)."""

    jc: str
    left: int
    right: int
    first: int
    before: int
    after: int
    line: int
    rule: str
    before_auto: bool
    after_auto: bool
    ctx: bool
    keep_next: bool
    page_break_before: bool
    borders: dict[str, Border]
    tabs: tuple[int, ...]
    style: str | None


class Container:
    """Where paragraphs flow one after another: a cell, a text box, a part's body."""

    def __init__(self, kind: str, where: str) -> None:
        self.kind = kind
        self.where = where
        self.blocks: list[Para | Table] = []

    def paras(self) -> Iterator[Para]:
        """Every paragraph inside, in order, nested tables included."""
        for block in self.blocks:
            if isinstance(block, Para):
                yield block
            else:
                for row in block.rows:
                    for cell in row.cells:
                        yield from cell.paras()


@dataclass(eq=False)
class Para:
    """One paragraph with its effective formatting, text, lines and position."""

    segs: list[Seg]
    fmt: ParaFmt
    mark: RunFmt
    box_x: int
    box_w: int
    where: str
    part: str
    container: Container
    raw_texts: list[str] = field(default_factory=list)
    fields: list[FieldInfo] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)
    textboxes: list[Container] = field(default_factory=list)
    drawing_height: int = 0
    page_breaks: int = 0
    cell: Cell | None = None
    order: int = 0
    _lines: list[Line] | None = None

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segs)

    @property
    def lines(self) -> list[Line]:
        """The paragraph cut at its manual line breaks."""
        if self._lines is None:
            lines: list[Line] = []
            cur: list[Seg] = []
            for seg in self.segs:
                parts = seg.text.split("\n")
                for i, part in enumerate(parts):
                    if i:
                        lines.append(Line(self, len(lines), cur))
                        cur = []
                    if part:
                        cur.append(Seg(part, seg.fmt, seg.field, seg.label))
            lines.append(Line(self, len(lines), cur))
            self._lines = lines
        return self._lines

    @property
    def empty(self) -> bool:
        return not self.text.strip()

    def line_height(self, size: float | None = None) -> int:
        """Height of one line in twips, from the line rule and the font size."""
        if size is None:
            sizes = [s.fmt.size for s in self.segs if s.text.strip()] or [self.mark.size]
            size = max(sizes)
        natural = size * 20 * TNR_LINE_EM
        f = self.fmt
        if f.rule == "exact":
            return f.line
        if f.rule == "atLeast":
            return max(f.line, round(natural))
        return round(natural * (f.line / AUTO_LINE if f.line > 0 else 1))

    def height(self) -> int:
        """Approximate height of the paragraph, its spacing included (twips)."""
        lines = max(1, sum(ln.wrapped_count() for ln in self.lines))
        body = max(lines * self.line_height(), self.drawing_height)
        return self.space_before() + body + self.space_after()

    def space_before(self) -> int:
        return 280 if self.fmt.before_auto else max(0, self.fmt.before)

    def space_after(self) -> int:
        return 280 if self.fmt.after_auto else max(0, self.fmt.after)


def _norm_ws(text: str) -> str:
    return " ".join(text.split())


@dataclass(eq=False)
class Line:
    """One printed line of a paragraph (between manual breaks)."""

    para: Para
    idx: int
    segs: list[Seg]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segs)

    @property
    def clean(self) -> str:
        """NFC, spaces collapsed, trimmed: what the eye reads."""
        return _norm_ws(unicodedata.normalize("NFC", self.text))

    @property
    def visible(self) -> list[Seg]:
        """Segments that carry visible text (not spaces, not a numbering label)."""
        return [s for s in self.segs if s.text.strip() and not s.label and s.fmt.vert == "baseline"]

    def sizes(self) -> set[float]:
        return {s.fmt.size for s in self.visible}

    def all_bold(self) -> bool:
        vis = self.visible
        return bool(vis) and all(s.fmt.bold for s in vis)

    def any_bold(self) -> bool:
        return any(s.fmt.bold for s in self.visible)

    def any_italic(self) -> bool:
        return any(s.fmt.italic for s in self.visible)

    def all_italic(self) -> bool:
        vis = self.visible
        return bool(vis) and all(s.fmt.italic for s in vis)

    def any_underline(self) -> bool:
        return any(s.fmt.underline for s in self.visible)

    def width(
        self, size: float | None = None, *, bold: bool | None = None, italic: bool | None = None
    ) -> int:
        """Printed width in twips (TNR metrics); size/bold/italic override the runs'."""
        total = 0.0
        text_segs = self.segs
        # trailing spaces do not count in a centred or right-aligned line
        last = len(text_segs)
        while last and not text_segs[last - 1].text.strip():
            last -= 1
        for i, seg in enumerate(text_segs[:last]):
            text = seg.text.rstrip() if i == last - 1 else seg.text
            if "\t" in text:
                text = text.replace("\t", " ")
            total += seg_width(
                text,
                size if size is not None else seg.fmt.size,
                seg.fmt.bold if bold is None else bold,
                seg.fmt.italic if italic is None else italic,
            )
        return round(total)

    def avail(self) -> tuple[int, int]:
        """Left and right x of the room this line has (indents applied)."""
        p, f = self.para, self.para.fmt
        left = p.box_x + f.left + (f.first if self.idx == 0 else 0)
        right = p.box_x + p.box_w - f.right
        return left, right

    def start_x(self, width: int | None = None) -> float:
        """Where the first glyph sits, from the paragraph's alignment."""
        left, right = self.avail()
        jc = self.para.fmt.jc
        if jc in ("center", "right"):
            w = self.width() if width is None else width
            return (left + right - w) / 2 if jc == "center" else right - w
        lead = len(self.text) - len(self.text.lstrip(" "))
        if lead and self.segs:
            return left + seg_width(" " * lead, self.segs[0].fmt.size, False, False)
        return left

    def centre(self, width: int | None = None) -> float:
        w = self.width() if width is None else width
        left, right = self.avail()
        if self.para.fmt.jc == "center":
            return (left + right) / 2
        return self.start_x(w) + w / 2

    def fits(self, width: int) -> bool:
        left, right = self.avail()
        return width <= right - left

    def wrapped_count(self) -> int:
        """How many printed lines this line takes once wrapped (approximate)."""
        if not self.segs:
            return 1
        left, right = self.avail()
        room = max(right - left, 567)
        total = sum(seg_width(s.text, s.fmt.size, s.fmt.bold, s.fmt.italic) for s in self.segs)
        return max(1, math.ceil(total / room))


@lru_cache(maxsize=4096)
def seg_width(text: str, size: float, bold: bool, italic: bool) -> float:
    """Width of `text` in twips (TNR metrics), cached: headers repeat across documents."""
    return text_width(text, Pt(size), bold=bold, italic=italic) / EMU_PER_TW


class Cell(Container):
    """A table cell: its grid position, its content box and its borders."""

    def __init__(self, table: Table, row: int, col: int, where: str) -> None:
        super().__init__("cell", where)
        self.table = table
        self.row = row
        self.col = col
        self.grid_start = 0
        self.span = 1
        self.x = 0
        self.w = 0
        self.borders: dict[str, Border] = {}
        self.width_tw: int = 0


@dataclass(eq=False)
class Row:
    cells: list[Cell]
    cant_split: bool
    height: int | None
    height_rule: str


@dataclass(eq=False)
class Table:
    """A table with its rows, its width and its position in its container."""

    where: str
    x: int = 0
    w: int = 0
    rows: list[Row] = field(default_factory=list)
    parent: Cell | None = None
    order: int = 0

    def top(self) -> Table:
        t = self
        while t.parent is not None:
            t = t.parent.table
        return t

    def paras(self) -> Iterator[Para]:
        for row in self.rows:
            for cell in row.cells:
                yield from cell.paras()


@dataclass
class Section:
    """A section's page: size, margins, and which header/footer parts it shows."""

    width: int | None
    height: int | None
    orient: str
    top: int | None
    bottom: int | None
    left: int | None
    right: int | None
    header: int | None
    footer: int | None
    title_pg: bool
    headers: dict[str, str]
    footers: dict[str, str]

    @property
    def text_width(self) -> int:
        w = (self.width or 11906) - abs(self.left or 0) - abs(self.right or 0)
        return w if w > 567 else 9355

    @property
    def text_height(self) -> int:
        h = (self.height or 16838) - abs(self.top or 0) - abs(self.bottom or 0)
        return h if h > 567 else 14570


@dataclass
class Doc:
    """Everything the checker needs from a .docx, resolved."""

    sections: list[Section]
    body: Container
    parts: dict[str, Container]
    even_odd: bool
    paras: list[Para]
    part_paras: dict[str, list[Para]]

    def header_part(self, kind: str, index: int = 0) -> Container | None:
        name = self.sections[index].headers.get(kind) if self.sections else None
        return self.parts.get(name) if name else None

    def footer_part(self, kind: str, index: int = 0) -> Container | None:
        name = self.sections[index].footers.get(kind) if self.sections else None
        return self.parts.get(name) if name else None


# --- the walker ---------------------------------------------------------------------------


@dataclass
class _TableCtx:
    p: dict[str, Any]
    r: dict[str, Any]
    key: Any


class _Walker:
    """Walks one part (document, header, footer) into containers of paragraphs."""

    def __init__(self, doc_reader: _Reader, part: str) -> None:
        self.rd = doc_reader
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
            elif tag in _BLOCK_CONTAINERS:
                self.blocks(child, box, tctx, container, where, cell)
            elif tag == _w("sectPr") and self.part == "body":
                pass

    def table(
        self,
        el: etree._Element,
        box: tuple[int, int],
        container: Container,
        where: str,
        parent: Cell | None,
    ) -> None:
        self.depth += 1
        if self.depth > 40:
            self.depth -= 1
            return
        rd = self.rd
        st = rd.styles
        direct = _tbl_props(el.find(W_TBLPR))
        sflat = st.flat(direct.get("style"), "table")
        props = {**(sflat.tbl if sflat else {}), **direct}
        look = props.get("look", frozenset())
        rd.table_count += 1
        number = rd.table_count
        name = f"bảng {number}" if parent is None else f"{where} › bảng con"
        table = Table(name, parent=parent, order=rd.next_order())
        grid = [(_tw(g.get(_wa("w"))) or 0) for g in el.findall(f"{_w('tblGrid')}/{_w('gridCol')}")]
        grid = [max(0, g) for g in grid]
        bx, bw = box
        wtype, wval = props.get("w", ("auto", None))
        if wtype == "dxa" and _tw(wval):
            tw = _tw(wval) or 0
        elif wtype == "pct" and wval:
            pct = _num(wval.rstrip("%"))
            tw = round(bw * (pct / 100 if wval.endswith("%") else pct / 5000)) if pct else 0
        else:
            tw = sum(grid)
        if tw <= 0:
            tw = sum(grid) or bw
        if not grid:
            grid = [tw]
        jc = props.get("jc", "left")
        if jc == "center":
            tx = bx + (bw - tw) / 2
        elif jc == "right":
            tx = bx + bw - tw
        else:
            tx = bx + props.get("ind", 0)
        table.x, table.w = round(tx), tw
        container.blocks.append(table)
        rows = [tr for tr in el if tr.tag == W_TR] + [
            tr for sdt in el.findall(W_SDT) for tr in sdt.iterfind(f"{W_SDTCONTENT}/{W_TR}")
        ]
        for ri, tr in enumerate(rows):
            trpr = tr.find(W_TRPR)
            cant = _on(trpr.find(_w("cantSplit"))) if trpr is not None else None
            hel = trpr.find(_w("trHeight")) if trpr is not None else None
            height = _tw(hel.get(W_VAL)) if hel is not None else None
            hrule = hel.get(_wa("hRule"), "atLeast") if hel is not None else ""
            row = Row([], bool(cant), height, hrule)
            table.rows.append(row)
            gb = trpr.find(_w("gridBefore")) if trpr is not None else None
            gpos = (_tw(gb.get(W_VAL)) or 0) if gb is not None else 0
            tcs = [tc for tc in tr if tc.tag == W_TC] + [
                tc for sdt in tr.findall(W_SDT) for tc in sdt.iterfind(f"{W_SDTCONTENT}/{W_TC}")
            ]
            for ci, tc in enumerate(tcs):
                tcpr = tc.find(W_TCPR)
                span = 1
                tcmar: dict[str, Any] = {}
                tcb: dict[str, Any] = {}
                width_tw = 0
                if tcpr is not None:
                    gs = tcpr.find(_w("gridSpan"))
                    if gs is not None:
                        span = max(1, min(64, _tw(gs.get(W_VAL)) or 1))
                    mar = tcpr.find(_w("tcMar"))
                    if mar is not None:
                        for sub in mar:
                            if isinstance(sub.tag, str):
                                side = _SIDES.get(etree.QName(sub).localname)
                                if side:
                                    tcmar[side] = _tw(sub.get(_wa("w"))) or 0
                    tcb = _borders(tcpr.find(_w("tcBorders")), "bdr.")
                    tcw = tcpr.find(_w("tcW"))
                    if tcw is not None and tcw.get(_wa("type"), "dxa") == "dxa":
                        width_tw = _tw(tcw.get(_wa("w"))) or 0
                cell = Cell(table, ri, ci, f"{name}, hàng {ri + 1}, ô {ci + 1}")
                cell.grid_start, cell.span = gpos, span
                if gpos + span <= len(grid):
                    cx = sum(grid[:gpos])
                    cw = sum(grid[gpos : gpos + span])
                else:
                    cx = round(tw * gpos / max(len(grid), gpos + span))
                    cw = width_tw or round(tw * span / max(len(grid), gpos + span))
                gpos += span
                # conditional table-style parts that apply to this cell
                types = ["wholeTable"]
                if "firstColumn" in look and ci == 0:
                    types.append("firstCol")
                if "lastColumn" in look and ci == len(tcs) - 1:
                    types.append("lastCol")
                if "firstRow" in look and ri == 0:
                    types.append("firstRow")
                if "lastRow" in look and ri == len(rows) - 1:
                    types.append("lastRow")
                cp: dict[str, Any] = dict(sflat.p) if sflat else {}
                cr: dict[str, Any] = dict(sflat.r) if sflat else {}
                cb: dict[str, Any] = {}
                if sflat:
                    for t in types:
                        if t in sflat.cond:
                            cp.update(sflat.cond[t][0])
                            cr.update(sflat.cond[t][1])
                            cb.update(sflat.cond[t][2])
                tctx = _TableCtx(cp, cr, (direct.get("style"), tuple(types)))
                ml = tcmar.get("left", props.get("mar.left", DEFAULT_CELL_MARGIN))
                mr = tcmar.get("right", props.get("mar.right", DEFAULT_CELL_MARGIN))
                cell.x = round(tx + cx + ml)
                cell.w = max(0, cw - ml - mr)
                cell.width_tw = cw
                borders: dict[str, Border] = {}
                for side, inner in (
                    ("top", ri > 0),
                    ("bottom", ri < len(rows) - 1),
                    ("left", ci > 0),
                    ("right", ci < len(tcs) - 1),
                ):
                    own = f"bdr.{side}"
                    tkey = (
                        f"bdr.inside{'H' if side in ('top', 'bottom') else 'V'}" if inner else own
                    )
                    found = tcb.get(own) or cb.get(own) or props.get(tkey)
                    if isinstance(found, Border):
                        borders[side] = found
                cell.borders = borders
                row.cells.append(cell)
                self.blocks(tc, (cell.x, cell.w), tctx, cell, cell.where, cell)
        self.depth -= 1

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
        rd, st = self.rd, self.rd.styles
        ppr = el.find(W_PPR)
        direct = parse_ppr(ppr)
        ps = ppr.find(_w("pStyle")) if ppr is not None else None
        pstyle = ps.get(W_VAL) if ps is not None else None
        pflat = st.flat(pstyle, "paragraph")
        base = {**st.doc_p, **(tctx.p if tctx else {})}
        merged = {**base, **(pflat.p if pflat else {}), **direct}
        label = ""
        num_id, ilvl = str(merged.get("numId", "0")), int(merged.get("ilvl", 0) or 0)
        if num_id not in ("0", ""):
            lvl = rd.numbering.level(num_id, ilvl)
            if lvl is not None:
                merged = {**base, **lvl.p, **(pflat.p if pflat else {}), **direct}
                label = rd.numbering.label(num_id, ilvl)
        borders = {
            k[4:]: v for k, v in merged.items() if k.startswith("bdr.") and isinstance(v, Border)
        }
        fmt = ParaFmt(
            jc=str(merged.get("jc", "left")),
            left=int(merged.get("left", 0)),
            right=int(merged.get("right", 0)),
            first=int(merged.get("first", 0)),
            before=int(merged.get("before", 0)),
            after=int(merged.get("after", 0)),
            line=int(merged.get("line", AUTO_LINE)),
            rule=str(merged.get("lineRule", "auto")),
            before_auto=bool(merged.get("beforeAutospacing")),
            after_auto=bool(merged.get("afterAutospacing")),
            ctx=bool(merged.get("contextualSpacing")),
            keep_next=bool(merged.get("keepNext")),
            page_break_before=bool(merged.get("pageBreakBefore")),
            borders={k: v for k, v in borders.items() if v.visible},
            tabs=tuple(merged.get("tabs", ())),
            style=pstyle or st.defaults.get("paragraph"),
        )
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
            order=rd.next_order(),
        )
        if label:
            para.segs.append(Seg(label, mark, label=True))
        self.content(el, para, pstyle, tctx)
        container.blocks.append(para)
        return para

    def content(
        self, el: etree._Element, para: Para, pstyle: str | None, tctx: _TableCtx | None
    ) -> None:
        for child in el:
            tag = child.tag
            if tag == W_R:
                self.run(child, para, pstyle, tctx)
            elif tag in _CONTAINERS:
                self.content(child, para, pstyle, tctx)
            elif tag == W_SDT:
                sc = child.find(W_SDTCONTENT)
                if sc is not None:
                    self.content(sc, para, pstyle, tctx)
            elif tag == _w("fldSimple"):
                instr = (child.get(_wa("instr")) or "").strip().split()
                name = instr[0].upper() if instr else ""
                first = child.find(W_R)
                fmt = None
                if first is not None:
                    rpr = first.find(W_RPR)
                    fmt = self.rd.styles.run_fmt(
                        pstyle,
                        _rstyle(rpr),
                        tctx.r if tctx else None,
                        tctx.key if tctx else None,
                        parse_rpr(rpr, self.rd.styles.theme),
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
        st = self.rd.styles
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
            elif tag in (_w("tab"), _w("ptab")):
                self.add(para, "\t", fmt)
            elif tag == _w("br"):
                kind = c.get(_wa("type"), "textWrapping")
                if kind == "page":
                    para.page_breaks += 1
                self.add(para, "\n", fmt)
            elif tag == _w("cr"):
                self.add(para, "\n", fmt)
            elif tag == _w("noBreakHyphen"):
                self.add(para, "-", fmt)
            elif tag == _w("sym"):
                self.add(para, "\u25a1", fmt)
            elif tag == _w("fldChar"):
                kind = c.get(_wa("fldCharType"))
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
            elif tag == _w("instrText"):
                if self.fields and self.fields[-1][1] == "instr":
                    self.fields[-1][0] += c.text or ""
            elif tag == _w("drawing"):
                self.drawing(c, para)
            elif tag == _w("pict") or tag == _w("object"):
                self.vml(c, para)
            elif tag == MC_ALT:
                pick = child_pick(c)
                if pick is not None:
                    for sub in pick:
                        if sub.tag == _w("drawing"):
                            self.drawing(sub, para)
                        elif sub.tag in (_w("pict"), _w("object")):
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
        if fmt.caps:
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
            cx = _emu(ext.get("cx")) if ext is not None else None
            cy = _emu(ext.get("cy")) if ext is not None else None
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
                weight = _emu(ln.get("w")) if ln is not None else None
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
            (para.box_x, para.box_w) if in_cell or rel == "column" else (0, self.rd.text_width)
        )
        align = pos.find(f"{wp}align")
        off = pos.find(f"{wp}posOffset")
        if align is not None and (align.text or "").strip() == "center":
            return base_x + base_w / 2
        if off is not None:
            val = _emu(off.text)
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
        if self.depth > 40 or len(self.rd.textboxes) > 500:
            return
        self.depth += 1
        box = Container("textbox", "khung chữ (text box)")
        w = width if width > 567 else self.rd.text_width
        saved = self.fields
        self.fields = []
        self.blocks(txbx, (para.box_x, w), None, box, box.where, None)
        self.fields = saved
        para.textboxes.append(box)
        self.rd.textboxes.append(box)
        self.depth -= 1


def child_pick(alt: etree._Element) -> etree._Element | None:
    pick = alt.find(MC_CHOICE)
    return pick if pick is not None else alt.find(MC_FALLBACK)


def _rstyle(rpr: etree._Element | None) -> str | None:
    if rpr is None:
        return None
    el = rpr.find(_w("rStyle"))
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
        n = _num(value[:-2])
        return n * 15 if n is not None else None
    if re.fullmatch(r"-?[0-9.]+", value):
        n = _num(value)
        return n * 20 if n is not None else None
    return _num(value)


def _vml_point(value: str) -> tuple[float, float] | None:
    parts = value.split(",")
    if len(parts) != 2:
        return None
    x, y = _vml_len(parts[0] or "0"), _vml_len(parts[1] or "0")
    return (x, y) if x is not None and y is not None else None


# --- the reader ---------------------------------------------------------------------------


class _Reader:
    def __init__(self, pkg: Package) -> None:
        self.pkg = pkg
        main = pkg.main
        rels = pkg.rels(main)
        by_type: dict[str, str] = {}
        for rtype, target in rels.values():
            by_type.setdefault(rtype, target)
        theme = Theme.parse(pkg.xml(by_type.get("theme")))
        settings = pkg.xml(by_type.get("settings"))
        self.even_odd = False
        self.default_tab = DEFAULT_TAB
        if settings is not None:
            self.even_odd = bool(_on(settings.find(_w("evenAndOddHeaders"))))
            dts = settings.find(_w("defaultTabStop"))
            if dts is not None:
                self.default_tab = max(1, _tw(dts.get(W_VAL)) or DEFAULT_TAB)
            csm = settings.find(_w("clrSchemeMapping"))
            if csm is not None:
                theme.color_map = {etree.QName(k).localname: v for k, v in csm.attrib.items()}
        self.styles = Styles(pkg.xml(by_type.get("styles")), theme)
        self.numbering = Numbering(lambda: pkg.xml(by_type.get("numbering")))
        self.rels = rels
        self.table_count = 0
        self.order = 0
        self.textboxes: list[Container] = []
        self.text_width = 9355

    def next_order(self) -> int:
        self.order += 1
        return self.order

    def section(self, sp: etree._Element, prev: Section | None) -> Section:
        pgsz, pgmar = sp.find(_w("pgSz")), sp.find(_w("pgMar"))

        def a(el: etree._Element | None, name: str) -> int | None:
            return _tw(el.get(_wa(name))) if el is not None else None

        headers = dict(prev.headers) if prev else {}
        footers = dict(prev.footers) if prev else {}
        for ref in sp.findall(_w("headerReference")):
            rid = ref.get(f"{{{R_NS}}}id")
            if rid in self.rels:
                headers[ref.get(_wa("type"), "default")] = self.rels[rid][1]
        for ref in sp.findall(_w("footerReference")):
            rid = ref.get(f"{{{R_NS}}}id")
            if rid in self.rels:
                footers[ref.get(_wa("type"), "default")] = self.rels[rid][1]
        return Section(
            width=a(pgsz, "w"),
            height=a(pgsz, "h"),
            orient=(pgsz.get(_wa("orient"), "portrait") if pgsz is not None else "portrait"),
            top=a(pgmar, "top"),
            bottom=a(pgmar, "bottom"),
            left=a(pgmar, "left"),
            right=a(pgmar, "right"),
            header=a(pgmar, "header"),
            footer=a(pgmar, "footer"),
            title_pg=bool(_on(sp.find(_w("titlePg")))),
            headers=headers,
            footers=footers,
        )

    def read(self) -> Doc:
        root = self.pkg.xml(self.pkg.main, required=True)
        assert root is not None
        body_el = root.find(_w("body"))
        sect_els: list[etree._Element] = []
        if body_el is not None:
            for p in body_el.iterfind(f"{W_P}/{W_PPR}/{_w('sectPr')}"):
                sect_els.append(p)
            final = body_el.find(_w("sectPr"))
            if final is not None:
                sect_els.append(final)
        sections: list[Section] = []
        for sp in sect_els:
            sections.append(self.section(sp, sections[-1] if sections else None))
        if not sections:
            sections.append(
                Section(None, None, "portrait", None, None, None, None, None, None, False, {}, {})
            )
        self.text_width = sections[0].text_width
        body = Container("body", "thân văn bản")
        if body_el is not None:
            _Walker(self, "body").blocks(body_el, (0, self.text_width), None, body, "thân văn bản")
        parts: dict[str, Container] = {}
        names = {
            ("header", "first"): "đầu trang (trang đầu)",
            ("header", "default"): "đầu trang",
            ("header", "even"): "đầu trang (trang chẵn)",
            ("footer", "first"): "chân trang (trang đầu)",
            ("footer", "default"): "chân trang",
            ("footer", "even"): "chân trang (trang chẵn)",
        }
        for sec in sections:
            for kind, refs in (("header", sec.headers), ("footer", sec.footers)):
                for typ, name in refs.items():
                    if name in parts:
                        continue
                    proot = self.pkg.xml(name)
                    label = names.get((kind, typ), kind)
                    cont = Container(kind, label)
                    if proot is not None:
                        _Walker(self, name).blocks(proot, (0, self.text_width), None, cont, label)
                    parts[name] = cont
        paras: list[Para] = []
        self._collect(body, paras)
        part_paras: dict[str, list[Para]] = {}
        for name, cont in parts.items():
            part_paras[name] = []
            self._collect(cont, part_paras[name])
        return Doc(sections, body, parts, self.even_odd, paras, part_paras)

    def _collect(self, cont: Container, out: list[Para], depth: int = 0) -> None:
        if depth > 60:
            return
        for block in cont.blocks:
            if isinstance(block, Para):
                out.append(block)
                for tb in block.textboxes:
                    self._collect(tb, out, depth + 1)
            else:
                for row in block.rows:
                    for cell in row.cells:
                        self._collect(cell, out, depth + 1)


def read_document(pkg: Package) -> Doc:
    """The document with effective formatting resolved (see the module docstring)."""
    return _Reader(pkg).read()
