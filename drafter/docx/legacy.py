"""Text typed in the legacy Vietnamese 8-bit fonts, converted to Unicode as it is read.

Old letters (and many newer ones, copied from old ones) are typed in the ABC fonts of
TCVN 5712:1993 (“TCVN3”: `.VnTime`, `.VnTimeH` …) or in the VNI fonts (`VNI-Times` …).
A .docx keeps their text as the Windows-1252 characters of the bytes typed
(`Bé Néi vô`), which read as Vietnamese only in that font (`Bộ Nội vụ`). The walker
(drafter.docx.walker) passes the text of every run through `convert`, so the checker
and the importer read Unicode, and records the legacy fonts it met.

The tables are data, `drafter/data/legacy_fonts.toml` (what each font draws at each
place), tested against glibc's TCVN 5712 converter and by round trips.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "legacy_fonts.toml"

__all__ = ["Encoding", "convert", "decode_tcvn3", "decode_vni", "encoding_of", "tables"]


@dataclass(frozen=True)
class Encoding:
    """The legacy encoding of a font: `tcvn3` or `vni`; `upper` for `.VnTimeH` and kin."""

    name: str
    upper: bool = False

    @property
    def label(self) -> str:
        return "TCVN3 (ABC)" if self.name == "tcvn3" else "VNI"


@functools.cache
def tables() -> dict[str, dict[str, object]]:
    """The two tables as read from the data file (parsed once)."""
    with DATA.open("rb") as fh:
        return tomllib.load(fh)


@functools.cache
def encoding_of(font: str | None) -> Encoding | None:
    """The legacy encoding a font name stands for, or None for a Unicode font."""
    if not font:
        return None
    data = tables()
    tcvn3, vni = data["tcvn3"], data["vni"]
    name = font.strip()
    if name.lower().startswith(str(tcvn3["prefix"]).lower()):
        return Encoding("tcvn3", upper=name.endswith(str(tcvn3["upper_suffix"])))
    if name.lower().startswith(str(vni["prefix"]).lower()):
        return Encoding("vni")
    return None


def _byte(ch: str) -> int:
    """The byte a Windows-1252 character stands for (a few bytes have no character there:
    Word keeps them as the Latin-1 control character of the same number)."""
    try:
        return ch.encode("cp1252")[0]
    except UnicodeEncodeError:
        return ord(ch)


@functools.cache
def _tcvn3_table() -> dict[int, str]:
    mapping = {str(k): str(v) for k, v in dict(tables()["tcvn3"]["map"]).items()}  # type: ignore[arg-type]
    table = {ord(k): v for k, v in mapping.items()}
    # A run of a symbol-charset font keeps the byte in the private-use area (U+F000 + byte).
    table.update({0xF000 + _byte(k): v for k, v in mapping.items()})
    return table


@functools.cache
def _vni_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    mapping = {str(k): str(v) for k, v in dict(tables()["vni"]["map"]).items()}  # type: ignore[arg-type]
    keys = sorted(mapping, key=len, reverse=True)  # the longest match wins
    return re.compile("|".join(re.escape(k) for k in keys)), mapping


def decode_tcvn3(text: str, *, upper: bool = False) -> str:
    """TCVN3 text as Unicode (NFC); `upper` for the capitals fonts (`.VnTimeH`)."""
    out = unicodedata.normalize("NFC", text.translate(_tcvn3_table()))
    return unicodedata.normalize("NFC", out.upper()) if upper else out


def decode_vni(text: str) -> str:
    """VNI Windows text as Unicode (NFC)."""
    pattern, mapping = _vni_pattern()
    return unicodedata.normalize("NFC", pattern.sub(lambda m: mapping[m.group(0)], text))


def convert(text: str, encoding: Encoding) -> str:
    """`text` typed in a font of `encoding`, as Unicode."""
    if encoding.name == "vni":
        return decode_vni(text)
    return decode_tcvn3(text, upper=encoding.upper)
