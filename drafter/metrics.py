"""Text widths in Times New Roman, from the advance widths of Liberation Serif.

Liberation Serif is metric-compatible with Times New Roman, so a line's width here is its
width in Word and in LibreOffice. The renderer uses it to size rules and to step a font
size down when a line would not fit its column; the checker uses it to approximate
geometry. The table (data/serif_widths.json) is made by tools/make_metrics.py.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from docx.shared import Length, Pt

_FACES = {(False, False): "regular", (True, False): "bold", (False, True): "italic"}
_FACES[(True, True)] = "bold_italic"


@cache
def _table() -> dict[str, object]:
    raw = json.loads(resources.files("drafter").joinpath("data/serif_widths.json").read_text())
    for key, value in raw.items():
        if isinstance(value, dict):
            raw[key] = {int(cp): width for cp, width in value.items()}
    return raw


def text_units(text: str, *, bold: bool = False, italic: bool = False) -> int:
    """Width of `text` in font units (units_per_em to the em); glyphs the font lacks
    count one em. Units add up exactly, so a line's width is the sum of its words'."""
    table = _table()
    upem = table["units_per_em"]
    widths = table[_FACES[(bold, italic)]]
    assert isinstance(upem, int) and isinstance(widths, dict)
    return sum(widths.get(ord(ch), upem) for ch in text)


def units_per_em() -> int:
    """Font units to the em of the width table (2048 for Liberation Serif)."""
    upem = _table()["units_per_em"]
    assert isinstance(upem, int)
    return upem


def units_width(units: int, size: Length) -> Length:
    """A width in font units as a length at `size`."""
    upem = _table()["units_per_em"]
    assert isinstance(upem, int)
    return Length(round(units * size / upem))


def text_width(text: str, size: Length, *, bold: bool = False, italic: bool = False) -> Length:
    """Width of `text` on one line at `size`; glyphs the font lacks count one em."""
    return units_width(text_units(text, bold=bold, italic=italic), size)


def fits(
    text: str, size: Length, width: Length, *, bold: bool = False, italic: bool = False
) -> bool:
    """Whether `text` fits on one line of `width` at `size`."""
    return text_width(text, size, bold=bold, italic=italic) <= width


def largest_fitting_size(
    lines: list[str],
    sizes: list[Length],
    width: Length,
    *,
    bold: bool = False,
    italic: bool = False,
) -> Length:
    """The first size of `sizes` at which every line fits `width`; else the last size."""
    for size in sizes:
        if all(fits(line, size, width, bold=bold, italic=italic) for line in lines):
            return size
    return sizes[-1]


__all__ = [
    "Pt",
    "fits",
    "largest_fitting_size",
    "text_units",
    "text_width",
    "units_per_em",
    "units_width",
]
