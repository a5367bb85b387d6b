"""Styles and numbering: what a paragraph or run inherits before its own formatting.

`Styles` holds docDefaults and styles.xml, flattens `basedOn` chains (paragraph,
character and table styles, with a table style's conditional parts: first row, last
column …) and resolves a run's effective formatting through them. `Numbering` gives a
numbered paragraph its label (`1.`, `a)`, `-`) and the indents of its level.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lxml import etree

from drafter.docx.namespaces import W_PPR, W_RPR, W_TBLPR, W_TCPR, W_VAL, w_attr, w_tag
from drafter.docx.properties import (
    RunFmt,
    effective_run,
    parse_borders,
    parse_ppr,
    parse_rpr,
    parse_tblpr,
)
from drafter.docx.simpletypes import twips
from drafter.docx.theme import Theme


@dataclass
class Style:
    """A style as written, or flattened with its `basedOn` ancestors (`based_on` None):
    paragraph, run and table properties, and a table style's conditional parts."""

    type: str
    based_on: str | None
    p: dict[str, Any]
    r: dict[str, Any]
    tbl: dict[str, Any]
    cond: dict[str, tuple[dict[str, Any], dict[str, Any], dict[str, Any]]]


class Styles:
    """styles.xml resolved: flattened `basedOn` chains, cached, cycle-safe."""

    def __init__(self, root: etree._Element | None, theme: Theme) -> None:
        self.theme = theme
        self.styles: dict[str, Style] = {}
        self.defaults: dict[str, str] = {}
        self.doc_r: dict[str, Any] = {}
        self.doc_p: dict[str, Any] = {}
        self._flat_cache: dict[str, Style] = {}
        self._run_cache: dict[tuple[Any, ...], RunFmt] = {}
        self._elements: dict[str, etree._Element] = {}
        self._types: dict[str, str] = {}
        if root is None:
            return
        dd = root.find(w_tag("docDefaults"))
        if dd is not None:
            self.doc_r = parse_rpr(dd.find(f"{w_tag('rPrDefault')}/{W_RPR}"), theme)
            self.doc_p = parse_ppr(dd.find(f"{w_tag('pPrDefault')}/{W_PPR}"))
        for st in root.iter(w_tag("style")):
            sid = st.get(w_attr("styleId"))
            if not sid:
                continue
            stype = st.get(w_attr("type"), "paragraph")
            self._elements[sid] = st
            self._types[sid] = stype
            if st.get(w_attr("default")) in ("1", "true", "on"):
                self.defaults.setdefault(stype, sid)

    def style(self, sid: str) -> Style | None:
        """One style as written (parsed on first use: a template holds hundreds)."""
        if sid in self.styles:
            return self.styles[sid]
        st = self._elements.get(sid)
        if st is None:
            return None
        theme = self.theme
        based = st.find(w_tag("basedOn"))
        cond: dict[str, tuple[dict[str, Any], dict[str, Any], dict[str, Any]]] = {}
        for tsp in st.findall(w_tag("tblStylePr")):
            tcpr = tsp.find(W_TCPR)
            tcb = parse_borders(tcpr.find(w_tag("tcBorders")) if tcpr is not None else None, "bdr.")
            cond[tsp.get(w_attr("type"), "")] = (
                parse_ppr(tsp.find(W_PPR)),
                parse_rpr(tsp.find(W_RPR), theme),
                tcb,
            )
        style = Style(
            self._types[sid],
            based.get(W_VAL) if based is not None else None,
            parse_ppr(st.find(W_PPR)),
            parse_rpr(st.find(W_RPR), theme),
            parse_tblpr(st.find(W_TBLPR)),
            cond,
        )
        self.styles[sid] = style
        return style

    def flat(self, sid: str | None, stype: str) -> Style | None:
        """The style with its `basedOn` ancestors merged in (nearest definition wins)."""
        if sid is None or self._types.get(sid) != stype:
            sid = self.defaults.get(stype)
            if sid is None or sid not in self._types:
                return None
        cached = self._flat_cache.get(sid)
        if cached is not None:
            return cached
        chain: list[Style] = []
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
        flat = Style(stype, None, p, r, tbl, cond)
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
        fmt = effective_run(self.doc_r, levels, direct)
        if len(self._run_cache) < 20000:
            self._run_cache[key] = fmt
        return fmt


# --- numbering -----------------------------------------------------------------------------


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
        for an in root.findall(w_tag("abstractNum")):
            abstract[an.get(w_attr("abstractNumId"), "")] = self._levels(an)
        for num in root.findall(w_tag("num")):
            nid = num.get(w_attr("numId"), "")
            ref = num.find(w_tag("abstractNumId"))
            levels = dict(abstract.get(ref.get(W_VAL, "") if ref is not None else "", {}))
            for ov in num.findall(w_tag("lvlOverride")):
                lvl = ov.find(w_tag("lvl"))
                if lvl is not None:
                    levels.update(self._levels_of([lvl]))
            self.nums[nid] = levels

    def _levels(self, an: etree._Element) -> dict[int, _Level]:
        return self._levels_of(an.findall(w_tag("lvl")))

    @staticmethod
    def _levels_of(lvls: list[etree._Element]) -> dict[int, _Level]:
        out: dict[int, _Level] = {}
        for lvl in lvls:
            ilvl = twips(lvl.get(w_attr("ilvl"))) or 0
            fmt_el, text_el = lvl.find(w_tag("numFmt")), lvl.find(w_tag("lvlText"))
            start_el, suff_el = lvl.find(w_tag("start")), lvl.find(w_tag("suff"))
            out[ilvl] = _Level(
                fmt_el.get(W_VAL, "decimal") if fmt_el is not None else "decimal",
                text_el.get(W_VAL, "") if text_el is not None else "",
                (twips(start_el.get(W_VAL)) or 1) if start_el is not None else 1,
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
