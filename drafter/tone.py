"""Where the tone mark sits on an open vowel pair: hòa or hoà, khỏe or khoẻ, thủy or thuỷ.

Both placements are correct Vietnamese; a document should use one (Phụ lục II has no
rule, so drafter's viết hoa check V8 asks for consistency). Plain text functions of the
same length as their input, so positions found in the folded text are positions in the
original. The pairs themselves are data (drafter/data/viethoa.toml, [tone]).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from typing import Any

TONE_MARKS = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền sắc hỏi ngã nặng
FIRST, SECOND = "first", "second"  # which vowel of the pair carries the tone


class Tone:
    """The open vowel pairs that take the tone on either vowel (hòa/hoà, khỏe/khoẻ,
    thủy/thuỷ), generated from data/viethoa.toml [tone] and the five tone marks."""

    def __init__(self, spec: Mapping[str, Any]) -> None:
        self.preferred: str = spec["preferred"]
        self.spellings: dict[str, tuple[str, str]] = {}  # `oà` → (`òa`, SECOND)
        for a, b in spec["pairs"]:
            for mark in TONE_MARKS:
                first = nfc(a + mark) + b
                self.spellings[first] = (first, FIRST)
                self.spellings[a + nfc(b + mark)] = (first, SECOND)
        self._to_first = {k: v[0] for k, v in self.spellings.items() if v[1] == SECOND}
        self._not_after = frozenset(spec["not_after"])
        firsts = "".join(sorted({s[0] for s in self.spellings}))
        seconds = "".join(sorted({s[1] for s in self.spellings}))
        # Two vowels ending a word (lower-case text); `spellings` says which are a pair.
        # A character class first lets `re` skip ahead fast (no lookbehind in front).
        self._pair = re.compile(rf"[{firsts}][{seconds}](?![^\W\d_])")

    def pairs(self, low: str) -> Iterator[re.Match[str]]:
        """The toned pairs ending a word of lower-case `low` (`oà` of `hoà`, not of `quà`)."""
        for m in self._pair.finditer(low):
            if m.group() in self.spellings and (
                m.start() == 0 or low[m.start() - 1] not in self._not_after
            ):
                yield m

    def canon(self, low: str) -> str:
        """Lower-case text with every pair toned on its first vowel; same length."""
        out, pos = [], 0
        for m in self.pairs(low):
            if m.group() in self._to_first:
                out += [low[pos : m.start()], self._to_first[m.group()]]
                pos = m.end()
        return "".join(out) + low[pos:] if out else low

    def placement(self, low_word: str) -> str:
        return self.spellings[low_word[-2:]][1]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def lower(text: str) -> str:
    """Lower case of the same length (a few non-Vietnamese letters grow when lowered)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def swap_tone(word: str) -> str:
    """`Uỷ` → `Ủy`, `hòa` → `hoà`: the tone of the final vowel pair moved to the other
    vowel, each letter keeping its case."""
    a, b = unicodedata.normalize("NFD", word[-2]), unicodedata.normalize("NFD", word[-1])
    mark_a = "".join(c for c in a if c in TONE_MARKS)
    mark_b = "".join(c for c in b if c in TONE_MARKS)
    base_a = "".join(c for c in a if c not in TONE_MARKS)
    base_b = "".join(c for c in b if c not in TONE_MARKS)
    return word[:-2] + nfc(base_a + mark_b) + nfc(base_b + mark_a)
