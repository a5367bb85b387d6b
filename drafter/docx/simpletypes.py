"""OOXML simple types read leniently: on/off switches, measures, twips, EMUs.

A hand-made or damaged file may write "2.5cm" where a number is due, or a number no page
could hold: every parser returns None for what it cannot read and clamps what it can, so
the checker never fails on a value.
"""

from __future__ import annotations

import math
import re

from lxml import etree

from drafter.docx.namespaces import W_VAL

EMU_PER_TW = 635  # English Metric Units per twip
FALSE_VALUES = {"0", "false", "off", "none"}
_UNITS = {"mm": 56.6929, "cm": 566.929, "in": 1440.0, "pt": 20.0, "pc": 240.0, "pi": 240.0}


def on_off(el: etree._Element | None) -> bool | None:
    """An ST_OnOff element: None when absent, else its value (no val means on)."""
    if el is None:
        return None
    val = el.get(W_VAL)
    return val is None or val.strip().lower() not in FALSE_VALUES


def measure(value: str | None, scale: float = 1.0) -> float | None:
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


def twips(value: str | None) -> int | None:
    n = measure(value)
    if n is None or not math.isfinite(n):
        return None
    return int(max(-(10**7), min(10**7, round(n))))


def emu(value: str | None) -> int | None:
    try:
        n = int(value) if value is not None else None
    except ValueError:
        return None
    return None if n is None else max(-(10**12), min(10**12, n))
