"""Formatting properties: what rPr, pPr and tblPr say, and what a run or paragraph gets.

`parse_rpr`, `parse_ppr` and `parse_tblpr` read one property element into a flat dict
holding only what is written there (an absent key inherits). `effective_run` and
`effective_para` merge such dicts, level after level, into the formatting Word applies:
`RunFmt` and `ParaFmt`. Which levels there are, and in which order, is for the styles
(drafter.docx.styles) and the walker to say.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree

from drafter.docx.namespaces import W_NS, W_VAL, w_attr, w_tag
from drafter.docx.simpletypes import FALSE_VALUES, measure, on_off, twips
from drafter.docx.theme import Theme

AUTO_LINE = 240  # w:line units per line for lineRule auto (OOXML)
DEFAULT_SIZE = 10.0  # pt, OOXML default when no sz is given anywhere
TOGGLES = ("b", "i", "caps", "smallCaps", "vanish", "strike")


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


def _border(el: etree._Element) -> Border:
    val = el.get(W_VAL, "none") or "none"
    sz = twips(el.get(w_attr("sz")))
    # sz omitted on a visible border: Word draws its thinnest line (2 = 0.25 pt)
    size = 2 if sz is None and val not in ("none", "nil") else max(0, sz or 0)
    return Border(
        val, size, max(0, twips(el.get(w_attr("space"))) or 0), el.get(w_attr("color"), "auto")
    )


SIDES = {
    "top": "top",
    "bottom": "bottom",
    "left": "left",
    "right": "right",
    "start": "left",
    "end": "right",
}


def parse_borders(el: etree._Element | None, prefix: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if el is None:
        return out
    for child in el:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        side = SIDES.get(name) or (name if name in ("insideH", "insideV", "between") else None)
        if side:
            out[f"{prefix}{side}"] = _border(child)
    return out


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
                ref = child.get(w_attr(themed))
                if ref:  # the theme attribute wins; an empty theme face means "not set"
                    out[f"font.{slot}"] = theme.font(ref) or None
                elif child.get(w_attr(plain)):
                    out[f"font.{slot}"] = child.get(w_attr(plain))
            hint = child.get(w_attr("hint"))
            if hint:
                out["hint"] = hint
        elif name in TOGGLES:
            out[name] = on_off(child)
        elif name == "sz":
            n = measure(child.get(W_VAL), 1 / 10)  # universal measure: twips/10 = half-points
            if n is not None and math.isfinite(n) and 0 < n < 10000:
                out["sz"] = n / 2
        elif name == "u":
            val = child.get(W_VAL, "single")
            out["u"] = None if val in ("none", "0", "false") else val
        elif name == "color":
            val = (child.get(W_VAL) or "auto").upper()
            themed = child.get(w_attr("themeColor"))
            if themed:
                resolved = theme.color(themed)
                has_tint = child.get(w_attr("themeTint")) or child.get(w_attr("themeShade"))
                if resolved and not has_tint:
                    val = resolved
            out["color"] = "AUTO" if val in ("AUTO", "") else val
        elif name == "highlight":
            val = child.get(W_VAL, "none")
            out["highlight"] = None if val == "none" else val
        elif name == "vertAlign":
            out["vert"] = child.get(W_VAL, "baseline")
        elif name in ("rtl", "cs"):
            out["csflag"] = bool(on_off(child))
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
                    v = twips(child.get(w_attr(attr)))
                    if v is not None:
                        out[key] = v
            first, hanging = (
                twips(child.get(w_attr("firstLine"))),
                twips(child.get(w_attr("hanging"))),
            )
            if hanging is not None:
                out["first"] = -hanging
            elif first is not None:
                out["first"] = first
        elif name == "spacing":
            for key, attr in (("before", "before"), ("after", "after"), ("line", "line")):
                v = twips(child.get(w_attr(attr)))
                if v is not None:
                    out[key] = v
            rule = child.get(w_attr("lineRule"))
            if rule:
                out["lineRule"] = rule
            for key in ("beforeAutospacing", "afterAutospacing"):
                val = child.get(w_attr(key))
                if val is not None:
                    out[key] = val.lower() not in FALSE_VALUES
        elif name in ("contextualSpacing", "keepNext", "keepLines", "pageBreakBefore"):
            out[name] = on_off(child)
        elif name == "pBdr":
            out.update(parse_borders(child, "bdr."))
        elif name == "numPr":
            ilvl, num = child.find(w_tag("ilvl")), child.find(w_tag("numId"))
            if num is not None:
                out["numId"] = num.get(W_VAL, "0")
            if ilvl is not None:
                out["ilvl"] = twips(ilvl.get(W_VAL)) or 0
        elif name == "tabs":
            stops = []
            for tab in child:
                pos = twips(tab.get(w_attr("pos")))
                if pos is not None and tab.get(W_VAL) != "clear":
                    stops.append(pos)
            out["tabs"] = tuple(sorted(stops))
    return out


def parse_tblpr(el: etree._Element | None) -> dict[str, Any]:
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
            if child.get(w_attr("type"), "dxa") == "dxa":
                out["ind"] = twips(child.get(w_attr("w"))) or 0
        elif name == "tblW":
            out["w"] = (child.get(w_attr("type"), "dxa"), child.get(w_attr("w")))
        elif name == "tblCellMar":
            for sub in child:
                if not isinstance(sub.tag, str):
                    continue
                side = SIDES.get(etree.QName(sub).localname)
                if side and sub.get(w_attr("type"), "dxa") == "dxa":
                    out[f"mar.{side}"] = twips(sub.get(w_attr("w"))) or 0
        elif name == "tblBorders":
            out.update(parse_borders(child, "bdr."))
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
                attr = child.get(w_attr(flag))
                if (attr is not None and attr.lower() not in FALSE_VALUES) or (
                    attr is None and bits & bit
                ):
                    look.add(flag)
            out["look"] = frozenset(look)
    return out


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


def effective_run(
    defaults: dict[str, Any], levels: Sequence[dict[str, Any]], direct: dict[str, Any]
) -> RunFmt:
    """A run's formatting: docDefaults, then each style level in order (table, paragraph,
    character), the toggles XOR-ed across the levels that set them, then direct formatting."""
    merged: dict[str, Any] = dict(defaults)
    for level in levels:
        merged.update({k: v for k, v in level.items() if k not in TOGGLES})
    for tog in TOGGLES:
        set_levels = [lv[tog] for lv in levels if lv.get(tog) is not None]
        if set_levels:
            val = False
            for v in set_levels:
                if v:
                    val = not val
            merged[tog] = val
    merged.update(direct)
    return RunFmt(
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


def effective_para(merged: dict[str, Any], style: str | None) -> ParaFmt:
    """A paragraph's formatting from its properties merged level by level (docDefaults,
    table style, numbering level, paragraph style, direct); only visible borders kept."""
    borders = {
        k[4:]: v for k, v in merged.items() if k.startswith("bdr.") and isinstance(v, Border)
    }
    return ParaFmt(
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
        style=style,
    )
