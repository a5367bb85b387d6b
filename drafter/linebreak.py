"""Line breaking of agency names and the V/v line, by the rules a văn thư uses.

An agency name typed on one line (`ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI`) is wider than the
6.5 cm column. Left to Word or LibreOffice it wraps wherever the column ends
(`… TỈNH ĐẮK / LẮK`), and the rule under it, sized for a line that was never printed,
fails C12. drafter decides the lines itself, so the printed page has exactly the lines
the renderer measured. The rules, cited by the tests (docs/layout-notes.md explains them):

- **L1 Fit.** A line fits when its Times New Roman width (drafter.metrics) is at most
  `1 - SLACK` of the column. LibreOffice prints a line at its metric width (measured
  0.1 % narrower) and wraps only past 100 %; the 2 % slack covers what was not measured:
  Word's rounding of glyph positions, another build of Times New Roman.
- **L2 Fits, not broken.** A name whose typed lines fit at 13 pt prints as typed.
- **L3 Typed lines.** A line break the user typed is kept. Typed lines are sized as the
  spec says (13 pt, 12 pt if a line is wider than the column at 13); only a typed line
  too wide even at 12 pt is broken further, by L4–L7.
- **L4 Phrase boundaries.** drafter breaks first where a văn thư does: before an
  administrative level that introduces a name (`ỦY BAN NHÂN DÂN / TỈNH QUẢNG NGÃI`),
  before the name of a body (`VĂN PHÒNG / ỦY BAN NHÂN DÂN TỈNH`), before `VÀ` or `&`
  (`BỘ TÀI NGUYÊN / VÀ MÔI TRƯỜNG`), after a comma. A line holds whole phrases, or a part
  of one phrase only.
- **L5 Never split** a place name (the data list, and whatever follows a level word up to
  the next phrase boundary), a level word (`THÀNH PHỐ`, `THỊ XÃ`, `THỊ TRẤN`) or the name
  of a body (`ỦY BAN NHÂN DÂN`), nor end a line with `VÀ`; between a level and its name
  (`THÀNH PHỐ / BUÔN MA THUỘT`) or inside a common word (`TRUNG / TÂM`) only when nothing
  else fits, and after `CÁC`, `CỦA` … reluctantly. Every break has a class, 0 (phrase
  boundary) to 5 (inside a place name); see `_classes`.
- **L6 Breaking before shrinking.** The layouts tried, in order: phrase boundaries at
  13 pt, phrase boundaries at 12 pt, then other word breaks at 13 then 12 pt, each
  allowing one more class of break. So the size steps down only when a phrase that
  cannot be broken at the allowed points is wider than the column at 13 pt
  (`SỞ NÔNG NGHIỆP / VÀ PHÁT TRIỂN NÔNG THÔN` at 12 pt).
- **L7 Fewest lines, best breaks, balanced.** Among the layouts allowed, the one with the
  fewest lines, then the best-placed breaks (levels before bodies before `VÀ` before
  commas before plain word breaks), then the most even line widths.
- **L8 V/v.** The V/v line (12 pt, left column) is broken by the renderer too: a typed
  `\\n` stays a break, each typed line is broken between words where needed, into the
  fewest lines of even width, with L5 protecting names. Spaces at a break become the
  break; nothing else in the text changes.
- **L9 Too wide for any break.** A single word wider than the column (a long code or web
  address) gets a line of its own and prints as it is; nothing else can be done.

The word lists (levels, bodies, common words, place names) are data:
drafter/data/header_names.toml.
"""

from __future__ import annotations

import itertools
import re
import tomllib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from docx.shared import Length

from drafter.layout import DEFAULT
from drafter.metrics import text_units, units_per_em, units_width

__all__ = [
    "SLACK",
    "Layout",
    "break_name",
    "break_text",
    "break_vv",
    "fits",
    "name_key",
    "place_spans",
]

SLACK = round(1 - DEFAULT.line_fill, 4)  # L1: a line may use 98 % of its column

# Break classes (L5). A layout of tier k may use breaks of class ≤ k; GLUED never breaks.
PHRASE, WORD, WEAK, LEVEL_NAME, IN_WORD, NEVER, GLUED = range(7)
# L7: what each break costs when layouts with the same number of lines are compared.
_PHRASE_COST = {"level": 0.0, "body": 0.1, "joiner": 0.2, "comma": 0.3}
_CLASS_COST = {WORD: 1.0, WEAK: 2.0, LEVEL_NAME: 4.0, IN_WORD: 8.0, NEVER: 16.0, GLUED: 0.0}
_OVERFLOW_COST = 1000.0
_MAX_SPAN = 6  # L5: at most this many words after a level word are taken as its name


@dataclass(frozen=True)
class Layout:
    """Lines decided by the renderer and the size they print at."""

    lines: list[str]
    size: Length


# --- Words and names --------------------------------------------------------------------

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
_OLD_TONE = re.compile(rf"([ou])([{_TONES}])([aey])(?![a-zđ])")
_DASHES = str.maketrans({"–": "-", "—": "-", "‑": "-"})
_EDGE_PUNCT = "“”\"'‘’()[]{}«»,;:.!?"


@lru_cache(maxsize=16384)
def name_key(word: str) -> str:
    """A word as the lists match it: lower case, either tone placement (`hoà` = `hòa`,
    `uỷ` = `ủy`), dashes as `-`, quotes and end punctuation dropped (`LẮK,` = `lắk`)."""
    text = unicodedata.normalize("NFD", word.translate(_DASHES).lower())
    if len(text) > 1:
        text = text.strip(_EDGE_PUNCT) or text
    text = _OLD_TONE.sub(r"\1\3\2", text)
    return unicodedata.normalize("NFC", text)


def _keys(phrase: str) -> tuple[str, ...]:
    return tuple(name_key(w) for w in phrase.split())


class _Table:
    """Entries of a word list, found by their first word."""

    def __init__(self, entries: set[tuple[str, ...]]) -> None:
        self.entries = frozenset(entries)
        lengths: dict[str, set[int]] = {}
        for entry in entries:
            lengths.setdefault(entry[0], set()).add(len(entry))
        self.lengths = {first: sorted(ns, reverse=True) for first, ns in lengths.items()}

    def match(self, keys: Sequence[str], i: int) -> int:
        """Length of the longest entry starting at word i, 0 if none."""
        for n in self.lengths.get(keys[i], ()):
            if i + n <= len(keys) and tuple(keys[i : i + n]) in self.entries:
                return n
        return 0


@dataclass(frozen=True)
class _Lexicon:
    levels: _Table
    not_before: frozenset[str]
    not_after: frozenset[str]
    bodies: _Table
    joiners: frozenset[str]
    binds_forward: frozenset[str]
    compounds: _Table
    places: _Table


@cache
def _lexicon() -> _Lexicon:
    raw = tomllib.loads(
        resources.files("drafter").joinpath("data/header_names.toml").read_text("utf-8")
    )
    return _Lexicon(
        levels=_Table({_keys(w) for w in raw["levels"]["words"]}),
        not_before=frozenset(name_key(w) for w in raw["levels"]["not_before"]),
        not_after=frozenset(name_key(w) for w in raw["levels"]["not_after"]),
        bodies=_Table({_keys(w) for w in raw["phrases"]["institutions"]}),
        joiners=frozenset(name_key(w) for w in raw["phrases"]["joiners"]),
        binds_forward=frozenset(name_key(w) for w in raw["phrases"]["binds_forward"]),
        compounds=_Table({_keys(w) for w in raw["phrases"]["compounds"]}),
        places=_Table({_keys(p) for group in raw["places"].values() for p in group}),
    )


def _is_name_word(word: str, upper: bool) -> bool:
    """In normal-case text a name word starts with a capital or a digit (`tỉnh Đắk Lắk`)."""
    if upper:
        return True
    head = word.lstrip(_EDGE_PUNCT)[:1]
    return bool(head) and (head.isdigit() or (head.isalpha() and head == head.upper()))


def _ends_phrase(word: str) -> bool:
    return word.endswith((",", ";"))


@dataclass(frozen=True)
class _Analysis:
    """Per break i (between word i-1 and word i, i = 1 … n-1): its class and cost, and
    the phrase each word belongs to (L4)."""

    classes: list[int]
    costs: list[float]
    phrase_of: list[int]
    places: list[tuple[int, int]]  # (start, end) word spans kept whole as names


def _classes(words: Sequence[str], *, glue_first: bool = False) -> _Analysis:
    """L4/L5: the class of every break point of `words`."""
    lex = _lexicon()
    n = len(words)
    keys = [name_key(w) for w in words]
    upper = all(w == w.upper() for w in words)
    cls = [WORD] * (n + 1)  # cls[i]: break before word i; 0 and n unused
    kind: list[str | None] = [None] * (n + 1)

    def protect(start: int, end: int, level: int) -> None:
        for i in range(start + 1, end):
            cls[i] = max(cls[i], level)

    place_at = [lex.places.match(keys, i) for i in range(n)]
    level_at = [lex.levels.match(keys, i) for i in range(n)]
    body_at = [lex.bodies.match(keys, i) for i in range(n)]
    places: list[tuple[int, int]] = []
    i = 0
    while i < n:
        size = place_at[i]
        if size > 1:
            protect(i, i + size, NEVER)
            places.append((i, i + size))
        i += max(size, 1)
    for i in range(n):
        for size, level in ((body_at[i], NEVER), (level_at[i], NEVER)):
            if size > 1:
                protect(i, i + size, level)
        size = lex.compounds.match(keys, i)
        if size > 1:
            protect(i, i + size, IN_WORD)
    # levels introducing a name: break before (L4), name kept whole (L5)
    i = 0
    while i < n:
        size = level_at[i]
        start = i + size
        if (
            size
            and start < n
            and keys[start] not in lex.not_before
            and (i == 0 or keys[i - 1] not in lex.not_after)
            and _is_name_word(words[start], upper)
        ):
            listed = place_at[start]
            end = start + (listed or 1)
            while (
                not listed
                and end < n
                and end - start < _MAX_SPAN
                and not _ends_phrase(words[end - 1])
                and keys[end] not in lex.joiners
                and not level_at[end]
                and not body_at[end]
                and _is_name_word(words[end], upper)
            ):
                end += 1
            if i > 0:
                kind[i] = "level"
            cls[start] = max(cls[start], LEVEL_NAME)
            protect(start, end, NEVER)
            if end - start > 1:
                places.append((start, end))
            i = end
        else:
            i += max(size, 1)
    # a quotation (“Năm dân vận chính quyền”) stays on one line if it can
    opened = None
    for i, word in enumerate(words):
        if opened is None and word[:1] in '“"' and not word.endswith(("”", '"')):
            opened = i
        elif opened is not None and word.rstrip(_EDGE_PUNCT.replace("”", "")).endswith("”"):
            protect(opened, i + 1, WEAK)
            opened = None
    for i in range(1, n):
        if keys[i - 1] in lex.joiners:
            cls[i] = max(cls[i], IN_WORD)  # never end a line with VÀ
        elif keys[i - 1] in lex.binds_forward or words[i - 1] in ("-", "–", "—"):
            cls[i] = max(cls[i], WEAK)
        if words[i] in ("-", "–", "—") or not words[i].strip(_EDGE_PUNCT + "-–—/"):
            cls[i] = NEVER  # a line never starts with a dash or lone punctuation
        if kind[i] is None:
            if body_at[i]:
                kind[i] = "body"
            elif keys[i] in lex.joiners and i < n - 1:
                kind[i] = "joiner"
            elif _ends_phrase(words[i - 1]):
                kind[i] = "comma"
    if glue_first and n > 1:
        cls[1] = GLUED  # `V/v` stays with the first word of the subject
    costs = [0.0] * (n + 1)
    for i in range(1, n):
        if cls[i] == WORD and kind[i] is not None:
            cls[i] = PHRASE
            costs[i] = _PHRASE_COST[kind[i]]
        else:
            costs[i] = _CLASS_COST[cls[i]]
    phrase_of = [0] * n
    for i in range(1, n):
        phrase_of[i] = phrase_of[i - 1] + (1 if cls[i] == PHRASE else 0)
    return _Analysis(cls[: n + 1], costs, phrase_of, places)


def place_spans(text: str) -> list[str]:
    """The word groups L5 keeps on one line: listed place names, and the name after a
    level word (for tests and for people wondering why a name broke where it did)."""
    words = text.split()
    return [" ".join(words[a:b]) for a, b in sorted(set(_classes(words).places))]


# --- Measuring -------------------------------------------------------------------------


def fits(text: str, size: Length, column: Length, *, bold: bool = False) -> bool:
    """L1: whether `text` fits on one line of `column` at `size`, with the slack."""
    return text_units(text.strip(), bold=bold) <= _room_units(size, column)


@cache
def _room_units(size: Length, column: Length) -> int:
    """L1 in font units: the most a line may measure at `size` in `column`."""
    limit = column * (1 - SLACK)
    units = int(limit * units_per_em() / size)
    while units_width(units + 1, size) <= limit:
        units += 1
    while units and units_width(units, size) > limit:
        units -= 1
    return units


@lru_cache(maxsize=16384)
def _word_units(word: str, bold: bool) -> int:
    return text_units(word, bold=bold)


class _Measure:
    """Widths of runs of words, from per-word font units (the sum is exact)."""

    def __init__(self, words: Sequence[str], bold: bool) -> None:
        self.units = [_word_units(w, bold) for w in words]
        self.space = _word_units(" ", bold)
        self.prefix = [0]
        for u in self.units:
            self.prefix.append(self.prefix[-1] + u)

    def units_of(self, i: int, j: int) -> int:
        return self.prefix[j] - self.prefix[i] + self.space * (j - i - 1)


def _best(
    words: Sequence[str],
    info: _Analysis,
    measure: _Measure,
    size: Length,
    column: Length,
    tier: int,
    *,
    phrases: bool,
    overflow: bool = False,
    balance_first: bool = False,
) -> list[int] | None:
    """The break positions of the best layout (L7) using breaks of class ≤ `tier`, or None.

    With `phrases`, a line holds whole phrases or lies inside one phrase (L4). With
    `overflow`, a line that no allowed break can shorten may be wider than the column
    (L9). Costs are compared as (lines, break cost, raggedness), or (lines, raggedness +
    break cost / 10) when `balance_first` (the V/v line, where almost every break is a
    word break anyway). Raggedness is the sum over lines of the squared share of the
    column left empty. A dynamic programme over break positions: exact, O(words²).
    """
    n = len(words)
    # font units, not lengths: a line fits when its units are at most `room` (L1)
    room = _room_units(size, column)
    classes = info.classes
    none = (float("inf"), 0.0, 0.0)
    best: list[tuple[float, float, float]] = [none] * (n + 1)
    back = [0] * (n + 1)
    best[0] = (0.0, 0.0, 0.0)

    def open_at(i: int) -> bool:
        """A line may start before word i."""
        return i == 0 or (classes[i] <= tier and best[i] is not none)

    for j in range(1, n + 1):
        if j < n and classes[j] > tier:
            continue
        for i in range(j - 1, -1, -1):  # the line words[i:j], longer each step
            width = measure.units_of(i, j)
            too_wide = width > room
            if too_wide and not (overflow and all(classes[k] > tier for k in range(i + 1, j))):
                break
            if not open_at(i):
                continue
            if phrases and not (
                ((i == 0 or classes[i] == PHRASE) and (j == n or classes[j] == PHRASE))
                or info.phrase_of[i] == info.phrase_of[j - 1]
            ):
                continue
            empty = max(0.0, (room - width) / room)
            cost = (info.costs[i] if i else 0.0) + (_OVERFLOW_COST if too_wide else 0.0)
            lines, pen, rag = best[i]
            if balance_first:
                cand = (lines + 1, 0.0, rag + empty * empty + cost / 10)
            else:
                cand = (lines + 1, pen + cost, rag + empty * empty)
            if cand < best[j]:
                best[j] = cand
                back[j] = i
    if best[n] is none:
        return None
    cuts = []
    j = back[n]
    while j > 0:
        cuts.append(j)
        j = back[j]
    return sorted(cuts)


def _join(words: Sequence[str], cuts: Sequence[int]) -> list[str]:
    bounds = [0, *cuts, len(words)]
    return [" ".join(words[a:b]) for a, b in itertools.pairwise(bounds)]


# --- Names (L2–L7) ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    """A typed line, analysed once for every size and tier tried."""

    words: list[str]
    info: _Analysis
    measure: _Measure

    @classmethod
    def of(cls, line: str, bold: bool) -> _Line:
        words = line.split()
        return cls(words, _classes(words), _Measure(words, bold))

    def lay_out(
        self, size: Length, column: Length, tier: int, *, overflow: bool = False
    ) -> list[str] | None:
        if not self.words:
            return []
        cuts = _best(
            self.words, self.info, self.measure, size, column, tier, phrases=True,
            overflow=overflow,
        )  # fmt: skip
        return None if cuts is None else _join(self.words, cuts)


def break_name(
    lines: Sequence[str], column: Length, sizes: Sequence[Length], *, bold: bool
) -> Layout:
    """L2–L7, L9: the printed lines of an agency name and their size.

    `lines` are the name's typed lines, already upper case with spaces collapsed
    (vntext.issuer_lines); `sizes` the sizes allowed, largest first (13, 12 pt).
    Pure, so remembered: a form preview lays out the same name again and again.
    """
    found = _break_name(tuple(lines), column, tuple(sizes), bold)
    return Layout(list(found.lines), found.size)


@lru_cache(maxsize=1024)
def _break_name(
    lines: tuple[str, ...], column: Length, sizes: tuple[Length, ...], bold: bool
) -> Layout:
    lines = tuple(line for line in lines if line)
    if not lines:
        return Layout([], sizes[0])
    if len(lines) > 1:  # L3: the user's lines, at the first size where all fit
        for size in sizes:
            if all(fits(line, size, column, bold=bold) for line in lines):
                return Layout(list(lines), size)
    typed = [_Line.of(line, bold) for line in lines]
    for tier in range(PHRASE, NEVER + 1):  # L6
        for size in sizes:
            out: list[str] = []
            for line in typed:
                broken = line.lay_out(size, column, tier)
                if broken is None:
                    break
                out += broken
            else:
                return Layout(out, size)
    size = sizes[-1]  # L9: a word wider than the column at the smallest size
    out = []
    for line in typed:
        out += line.lay_out(size, column, NEVER, overflow=True) or [" ".join(line.words)]
    return Layout(out, size)


# --- V/v (L8) ---------------------------------------------------------------------------

_SPACES = re.compile(r"( +)")


def _break_segment(segment: str, size: Length, column: Length, *, bold: bool, first: bool) -> str:
    """One typed line: the chosen runs of spaces become `\\n`, the rest stays."""
    core = segment.strip(" ")
    if not core or fits(core, size, column, bold=bold):
        return segment
    lead = segment[: len(segment) - len(segment.lstrip(" "))]
    trail = segment[len(lead) + len(core) :]
    parts = _SPACES.split(core)
    words, seps = parts[0::2], parts[1::2]
    if len(words) < 2:
        return segment  # L9
    info = _classes(words, glue_first=first and name_key(words[0]) == "v/v")
    measure = _Measure(words, bold)
    cuts = None
    for tier in range(WORD, NEVER + 1):
        cuts = _best(words, info, measure, size, column, tier, phrases=False, balance_first=True)
        if cuts is not None:
            break
    else:
        cuts = _best(
            words, info, measure, size, column, NEVER, phrases=False, overflow=True,
            balance_first=True,
        )  # fmt: skip
    out = [words[0]]
    for k, word in enumerate(words[1:], start=1):
        out += ["\n" if k in (cuts or ()) else seps[k - 1], word]
    return lead + "".join(out) + trail


@lru_cache(maxsize=1024)
def break_text(text: str, column: Length, size: Length, *, bold: bool = False) -> str:
    """L8 for a centred text of a fixed size: `text` with `\\n` where it must break to fit
    `column` (typed `\\n` kept). The V/v line; also fit for a trích yếu under a tên loại."""
    segments = text.split("\n")
    return "\n".join(
        _break_segment(seg, size, column, bold=bold, first=k == 0) for k, seg in enumerate(segments)
    )


def break_vv(vv_line: str, column: Length, size: Length) -> str:
    """L8: the V/v line with `\\n` where it must break to fit its column at `size`."""
    return break_text(vv_line, column, size)
