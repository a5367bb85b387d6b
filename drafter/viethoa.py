"""Write it right: the viết hoa checks V1–V9 of docs/spec/viet-hoa.md, with corrections.

Plain text in, findings out. Each finding names its rule, the field path and the exact
span of the words found, and carries the replacement for exactly that span, so a form can
offer a one-click fix (`apply_suggestion`). The rules are narrow on purpose: a reviewer
who sees one false alarm stops reading, so each flags only what Phụ lục II of NĐ 30/2020
says outright and lists its exceptions (docs/viethoa.md). Word lists are data
(data/viethoa.toml). Every finding is a warning (lưu ý): the letter still renders.

Texts are read as NFC; offsets index the NFC text. Matching folds case and both tone
placements (`Uỷ` = `Ủy`, `hoà` = `hòa`) on a copy of the same length, so an offset in
the copy is an offset in the text.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from typing import Any

from drafter.model import kind_of
from drafter.tone import FIRST, SECOND, Tone, lower, nfc, swap_tone

SEVERITY = "warning"  # shown as “lưu ý”; never an error

# -- which fields of a letter are user text -----------------------------------------------
# The kinds' declarations say it (`review = true` in forms/*.toml): the trích yếu, Kính
# gửi, căn cứ, the giấy mời's lines, the body's texts and titles, Nơi nhận. Not reviewed:
# the header and authority lines and signature titles (printed upper case, not typed
# prose), `ho_ten` (a person's name is spelled as its owner spells it), `dia_chi`
# (addresses may abbreviate). The field marked `review = "place"` (`dia_danh`) goes to V9.
# Headings printed upper case: casing cannot show there, so only V8 and V9 look at them.
UPPER_HEADING_LEVELS = frozenset({"phan", "chuong", "muc"})
PLACE_FIELD = "dia_danh"


# -- findings ------------------------------------------------------------------------------
@dataclass(frozen=True)
class TextFinding:
    """One fault in one user text: `found` at [start, end) should read `suggestion`."""

    rule: str
    path: str
    start: int
    end: int
    found: str
    suggestion: str
    message: str

    @property
    def severity(self) -> str:
        """Always a warning (lưu ý): the checks advise, they never block a letter."""
        return SEVERITY

    @property
    def key(self) -> str:
        """What names this finding in a form's “Sửa thành …” button: rule, path, offset and
        words; a text changed since no longer matches it."""
        return f"{self.rule}|{self.path}|{self.start}|{self.found}"

    def __str__(self) -> str:
        return f"{self.rule} {self.path}: “{self.found}” → “{self.suggestion}”. {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "path": self.path,
            "start": self.start,
            "end": self.end,
            "found": self.found,
            "suggestion": self.suggestion,
            "message": self.message,
        }


class StaleFinding(ValueError):
    """The text no longer holds the words a finding was made for."""


def apply_suggestion(text: str, finding: TextFinding) -> str:
    """The one-click fix: `finding.suggestion` in place of `finding.found`.

    Refuses (StaleFinding) when the text changed at the finding's offsets, so a fix is
    never applied to words it was not made for. After a fix, review again: the offsets of
    the other findings may have moved.
    """
    text = nfc(text)
    if text[finding.start : finding.end] != finding.found:
        raise StaleFinding(
            f"Nội dung tại {finding.path} đã thay đổi, không còn “{finding.found}” ở vị trí "
            "này; hãy kiểm tra lại."
        )
    return text[: finding.start] + finding.suggestion + text[finding.end :]


# -- entry points ---------------------------------------------------------------------------
def review(
    texts: Iterable[tuple[str, str]],
    *,
    upper_paths: Collection[str] = (),
    dia_danh: str | None = None,
    dia_danh_path: str = PLACE_FIELD,
) -> list[TextFinding]:
    """Every finding of V1–V9 in `texts` (`(path, text)` pairs, in print order).

    Texts whose path is in `upper_paths` are printed upper case: only V8 (tone placement)
    and V9 (abbreviations) apply to them. `dia_danh`, when given, is checked by V9 alone.
    Findings come in text order, then by offset.
    """
    items = [_Text(path, text, upper=path in upper_paths) for path, text in texts]
    hits: list[tuple[int, int, TextFinding]] = []
    if dia_danh is not None:
        hits += [(-1, f.start, f) for f in _place_findings(dia_danh, dia_danh_path)]
    for index, item in enumerate(items):
        rules = _ABBREVIATION_RULES if item.upper else _TEXT_RULES
        for rule, check in rules:
            hits += [(index, h.start, _finding(rule, item, h)) for h in check(item)]
    order = {id(item): index for index, item in enumerate(items)}
    for item, hit in v8_tone_placement(items):
        hits.append((order[id(item)], hit.start, _finding("V8", item, hit)))
    hits.sort(key=lambda h: (h[0], h[1], h[2].rule))
    return [finding for _, _, finding in hits]


def prepare() -> None:
    """Read the word lists and compile the patterns now (about 30 ms, once per process),
    e.g. when a web worker starts, rather than in the first preview."""
    _patterns()


def review_letter(letter: Mapping[str, Any]) -> list[TextFinding]:
    """The findings of a letter dict of any kind (the JSON format; need not be valid)."""
    texts, upper = letter_texts(letter)
    place_path = next(
        (f.key for f in kind_of(letter).top() if f.extra.get("review") == "place"), PLACE_FIELD
    )
    place = letter.get(place_path)
    return review(
        texts,
        upper_paths=upper,
        dia_danh=place if isinstance(place, str) else None,
        dia_danh_path=place_path,
    )


def letter_texts(letter: Mapping[str, Any]) -> tuple[list[tuple[str, str]], set[str]]:
    """The user texts of a letter as `(path, text)` pairs, and the paths printed upper case,
    as its kind's declaration marks them (`review = true`)."""
    kind = kind_of(letter)
    texts: list[tuple[str, str]] = []
    upper: set[str] = set()
    for fdef in kind.top():
        if fdef.extra.get("review") is not True:
            continue
        value = letter.get(fdef.key)
        if fdef.type == "blocks" and isinstance(value, list):
            keys = [f.key for f in kind.children(fdef.name) if f.extra.get("review") is True]
            for i, block in enumerate(value):
                if isinstance(block, Mapping):
                    texts += _block_texts(f"{fdef.key}[{i}]", block, keys, upper)
        elif fdef.type == "list" and isinstance(value, list):
            texts += [(f"{fdef.key}[{i}]", v) for i, v in enumerate(value) if isinstance(v, str)]
        elif isinstance(value, str):
            texts.append((fdef.key, value))
    return [(path, text) for path, text in texts if text.strip()], upper


def _block_texts(
    prefix: str, block: Mapping[str, Any], keys: Sequence[str], upper: set[str]
) -> list[tuple[str, str]]:
    level = block.get("level")
    shouted = (
        block.get("type") == "heading" and isinstance(level, str) and level in UPPER_HEADING_LEVELS
    )
    out = []
    for key in keys:
        value = block.get(key)
        if isinstance(value, str):
            out.append((f"{prefix}.{key}", value))
            if shouted:
                upper.add(f"{prefix}.{key}")
    return out


# -- word lists -------------------------------------------------------------------------------
@cache
def words() -> Mapping[str, Any]:
    """data/viethoa.toml, read once per process."""
    text = resources.files("drafter").joinpath("data/viethoa.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def _tone() -> Tone:
    return Tone(words()["tone"])


# -- text, folding, sentence starts ------------------------------------------------------------
def fold(text: str) -> str:
    """Lower case with one tone placement (`Uỷ ban` → `ủy ban`), as long as `text` (NFC)."""
    return _tone().canon(lower(nfc(text)))


# The word after which a sentence starts (viet-hoa.md, last paragraph): the start of the
# text, a line break, `.`/`?`/`!` (or `…`) and a space, a list dash, a label `a)` / `(1)`
# (`1.` ends with a full stop already). Also an opening quote: a quoted name or title
# starts with a capital of its own. Bold/italic marks and opening quotes are skipped.
_START = re.compile(
    r"(?:\A|\n|[.?!…][”’\"')\]]*[^\S\n]+|(?<!\S)[-–—•+][^\S\n]+"
    r"|(?<!\S)\(?[0-9a-zđA-ZĐ]{1,3}\)[^\S\n]+|[“‘\"])"
    r"[\s*“‘\"(\[]*\Z"
)
_SP = r"[^\S\n]+"  # spaces within a line
_WORD_AT = re.compile(r"[^\W\d_]+")
_NEXT_WORD = re.compile(_SP + r"([^\W\d_]+)")
_NEXT_TOKEN = re.compile(_SP + r"(\d+|[^\W\d_]+)")
_PREV_TOKEN = re.compile(r"([^\W_]+)" + _SP + r"\Z")


class _Text:
    """One user text (NFC) with its lower-case and folded copies, all of one length."""

    def __init__(self, path: str, text: str, *, upper: bool = False) -> None:
        self.path = path
        self.text = nfc(text)
        self.upper = upper
        self.lower = lower(self.text)
        self.folded = _tone().canon(self.lower)

    def at_start(self, pos: int) -> bool:
        """Does a sentence start at `pos`? (Searched back from `pos`; only asked at a find.)"""
        return _START.search(self.text, max(0, pos - 200), pos) is not None

    def prev_token(self, pos: int) -> str:
        """The folded word or number just before `pos` on the same line, or ''."""
        m = _PREV_TOKEN.search(self.folded, max(0, pos - 40), pos)
        return m.group(1) if m else ""

    def name_run(self, pos: int, *, at: bool = False) -> tuple[int, int] | None:
        """The span of the capitalised words after the spaces at `pos` (or starting right
        at `pos` with `at`), with spaces only between them."""
        start = end = -1
        if at:
            m = _WORD_AT.match(self.text, pos)
            if m is None or not _is_title(m.group()):
                return None
            start, end = m.span()
            pos = end
        while (m := _NEXT_WORD.match(self.text, pos)) and _is_title(m.group(1)):
            start = m.start(1) if start < 0 else start
            end = pos = m.end()
        return (start, end) if start >= 0 else None

    def words_in(self, span: tuple[int, int]) -> str:
        """The folded words of `span`, one space apart (for comparing with word lists)."""
        return " ".join(self.folded[span[0] : span[1]].split())

    @cached_property
    def persons(self) -> list[tuple[int, int]]:
        """Spans of personal names (after `Ông`, `Bà`, `đồng chí` …), kept out of V8."""
        runs = (self.name_run(m.end()) for m in _at_words(_patterns().person, self.folded))
        return [run for run in runs if run]


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    found: str
    suggestion: str
    message: str


def _finding(rule: str, item: _Text, hit: _Hit) -> TextFinding:
    return TextFinding(rule, item.path, hit.start, hit.end, hit.found, hit.suggestion, hit.message)


def _is_title(word: str) -> bool:
    """`Quảng`, `M`: a capital then lower case (a name's syllable); not `UBND`."""
    return word[0].isupper() and (len(word) == 1 or word[1:].islower())


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _shape(text: str, *styles: str) -> str:
    """`text` re-cased word by word: "l" lower, "c" capitalised; the last style repeats.

    The spaces between the words stay as typed, so the result replaces `text` exactly.
    """
    parts = re.split(r"(\s+)", text)
    out = []
    for i, part in enumerate(parts):
        style = styles[min(i // 2, len(styles) - 1)]
        if i % 2:
            out.append(part)
        elif style == "l":
            out.append(part.lower())
        else:
            out.append(part[:1].upper() + part[1:].lower())
    return "".join(out)


def _sentence_case(item: _Text, start: int, found: str, expected: str) -> str:
    """At a sentence start a lower-case form may open with a capital (Phụ lục II, I), and
    lower case there is not these rules' concern: the first letter stays as typed."""
    if expected[:1].islower() and item.at_start(start):
        return found[:1] + expected[1:]
    return expected


def _cite(item: str) -> str:
    return f"Phụ lục II, mục {item}"


# -- compiled patterns ----------------------------------------------------------------------
def _alternation(entries: Iterable[str]) -> str:
    """Word-list entries, folded, as one regex alternation: longest first, any spaces."""
    ordered = sorted({fold(e) for e in entries}, key=len, reverse=True)
    return "|".join(_SP.join(map(re.escape, e.split())) for e in ordered)


def _folded(entries: Iterable[str]) -> frozenset[str]:
    return frozenset(" ".join(fold(e).split()) for e in entries)


def _word_re(entries: Iterable[str]) -> str:
    """Whole words of a list. No lookbehind in front: see `_at_words`."""
    return rf"(?:{_alternation(entries)})(?![^\W_])"


def _at_words(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    r"""Matches of `pattern` that start a word, as a leading `(?<![^\W_])` would give.

    The check is made here, not in the pattern: a pattern that opens with literal text
    lets `re` jump to the places where its first letters occur instead of trying every
    position, which makes the checks several times faster.
    """
    pos = 0
    while m := pattern.search(text, pos):
        start = m.start()
        if start and text[start - 1].isalnum():
            pos = start + 1
            continue
        yield m
        pos = max(m.end(), start + 1)


class _Patterns:
    """The regexes and folded word sets of the rules, built once from the word lists."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._units(data["units"])
        self._bodies(data["bodies"])
        self._documents(data["documents"])
        self._citations(data["citations"])
        self._weekdays(data["weekdays"])
        self._tet(data["tet"])
        self._abbreviations(data["abbreviations"])
        titles = _alternation(data["tone"]["person_titles"])
        self.person = re.compile(rf"(?:{titles})\.?(?={_SP})")

    def _units(self, units: Mapping[str, Any]) -> None:
        self.unit_generic = _folded(units["generic"])
        self.unit_numbered = _folded(units["numbered"])
        self.unit_body_suffixes = _folded(units["body_suffixes"])
        self.unit_street = _folded(units["street_words"])
        # generic word → the one name before which it is written capitalised (III.1.c)
        self.unit_special = {fold(g): " ".join(fold(n).split()) for g, n in units["special"]}
        self.unit_named_after = _folded(units["named_after"])
        self.unit = re.compile(_word_re([*units["generic"], *(g for g, _ in units["special"])]))
        followers = _alternation(units["number_followers"])
        self.unit_number_follower = re.compile(rf"{_SP}(?:{followers})(?![^\W_])")

    def _bodies(self, bodies: Mapping[str, Any]) -> None:
        after = _alternation(bodies["attributive_after"])
        self.nhan_dan = re.compile(rf"nhân{_SP}dân(?![^\W_])(?!{_SP}(?:{after})(?![^\W_]))")
        # Searched backwards from a `nhân dân`, in a window that ends there.
        agencies, attributive = (
            _alternation(bodies["agencies"]),
            _alternation(bodies["attributive"]),
        )
        self.agency_before = re.compile(rf"(?<![^\W_])(?:{agencies}){_SP}\Z")
        self.attributive_before = re.compile(rf"(?<![^\W_])(?:{attributive}){_SP}\Z")

    def _documents(self, docs: Mapping[str, Any]) -> None:
        # `số 12/QĐ-UBND` first (rare, literal), then the type name just before it.
        self.document_number = re.compile(rf"số{_SP}(?P<num>\d+[a-zđ]?(?:[/-][\w.&]+)+)")
        self.document_type = re.compile(rf"(?<![^\W_])(?:{_alternation(docs['types'])}){_SP}\Z")
        self.plural_markers = _folded(docs["plural_markers"])

    def _citations(self, cit: Mapping[str, Any]) -> None:
        self.cite_capital = _folded(cit["capital"])
        self.cite_roman_only = _folded(cit["roman_only"])
        self.cite_compounds = _folded(cit["compounds"])
        self.citation = re.compile(_word_re([*cit["capital"], *cit["lower"]]))
        self.cite_number = re.compile(
            _SP + r"(?:(?P<arabic>\d+[a-zđ]?)|(?P<roman>[IVXL]+)|(?P<letter>[a-zđ]))"
            r"(?![^\W_])(?![.,]\d|[/%])"
        )

    def _weekdays(self, days: Mapping[str, Any]) -> None:
        self.sunday = fold(days["sunday"]).split()[0]
        self.weekday = re.compile(
            rf"(?:thứ{_SP}(?:{_alternation(days['days'])})|{_alternation([days['sunday']])})"
            r"(?![^\W_])"
        )
        gap = int(days["date_within_words"]) - 1
        self.date_ahead = re.compile(
            rf"(?:[\s,;:()–-]+[^\s,;:()]+){{0,{gap}}}?[\s,;:()–-]+"
            r"(?:ngày[^\S\n]*\d|\d{1,2}/\d{1,2}(?!\d))"
        )
        self.ordinal_nouns = _folded(days["ordinal_nouns"])

    def _tet(self, tet: Mapping[str, Any]) -> None:
        names = _alternation(tet["names"])
        self.tet = re.compile(rf"tết(?:{_SP}(?P<name>{names}))?(?![^\W_])")
        self.tet_alone_before = _folded(tet["alone_before"])
        self.year = re.compile(
            rf"{_SP}(?:{_alternation(tet['year_stems'])}){_SP}"
            rf"(?:{_alternation(tet['year_branches'])})(?![^\W_])"
        )
        generic = _alternation(tet["generic_before"])
        self.tet_generic = re.compile(
            rf"(?<![^\W_])(?:{generic})(?:[^\S\n]*[,/]|{_SP}(?:và|hoặc))?{_SP}\Z"
        )

    def _abbreviations(self, abbr: Mapping[str, Any]) -> None:
        city = "|".join(
            re.escape(a[:-1]) + r"(?=\.)" if a.endswith(".") else re.escape(a)
            for a in sorted(abbr["city"], key=len, reverse=True)
        )
        self.city = re.compile(rf"(?:{city})(?P<sep>\.?[^\S\n]*)")
        self.hcm = re.compile(rf"(?:{_alternation(abbr['hcm'])})(?![^\W_])")
        self.hcm_place = _folded([*abbr["hcm"], *abbr["hcm_words"]])
        self.one_syllable_cities = _folded(abbr["one_syllable_cities"])
        self.place_generic = dict(abbr["dia_danh"])
        keys = "|".join(map(re.escape, sorted(self.place_generic, key=len, reverse=True)))
        self.place_abbr = re.compile(rf"(?P<abbr>{keys})\.[^\S\n]*(?P<rest>\S.*)\Z", re.DOTALL)
        self.place_city = re.compile(rf"(?:{city})(?:\.[^\S\n]*|{_SP})(?P<rest>\S.*)\Z", re.DOTALL)


@cache
def _patterns() -> _Patterns:
    return _Patterns(words())


# -- V1 ------------------------------------------------------------------------------------
def v1_units(item: _Text) -> Iterator[_Hit]:
    """Phụ lục II, III.1.a–c: a unit's generic word is lower case before its proper name
    (`tỉnh Quảng Ngãi`), capitalised before a number or a person's or event's name (`Quận
    1`, `Phường Điện Biên Phủ`); `Thành phố Hồ Chí Minh`, `Thủ đô Hà Nội` as written.

    Not flagged: a sentence start; bodies (`Tỉnh ủy`, `Tỉnh đoàn`, `xã hội`); a generic word
    before a lower-case word (`các tỉnh thành`), in an address (`phố Xã Đàn`, `12 Xã Đàn`)
    or before a count (`toàn tỉnh 64 chỉ tiêu`, `phường 2 lần`).
    """
    p = _patterns()
    for m in _at_words(p.unit, item.folded):
        start, end = m.span()
        nxt = _NEXT_TOKEN.match(item.text, end)
        if nxt is None or nxt.group(1)[0].islower():
            continue  # most of them: `UBND tỉnh chỉ đạo`, `các tỉnh thành`, `Tỉnh ủy`
        generic = item.text[start:end]
        if _all_caps(generic) or item.folded[nxt.start(1) : nxt.end(1)] in p.unit_body_suffixes:
            continue
        before = item.prev_token(start)
        if before in p.unit_street or before.isdigit():
            continue
        right = _unit_form(item, " ".join(m.group().split()), generic, nxt)
        if right is None:
            continue
        form = _sentence_case(item, start, generic, right[0])
        if generic != form:
            yield _Hit(start, end, generic, form, right[1])


def _unit_form(item: _Text, key: str, generic: str, nxt: re.Match[str]) -> tuple[str, str] | None:
    """How the generic word (`key` folded, `generic` as typed) before `nxt` is written, and
    why; None: no opinion. The forms re-case the typed words (their spaces stay)."""
    p = _patterns()
    run = item.name_run(nxt.start())
    name = item.text[run[0] : run[1]] if run else ""
    capital, lower = _shape(generic, "c", "l"), generic.lower()
    if run and item.words_in(run) == p.unit_special.get(key):
        return capital, f"Viết hoa đặc biệt: “{capital} {name}” ({_cite('III.1.c')})."
    if key not in p.unit_generic:
        return None  # `thủ đô` before any other name
    if nxt.group(1).isdigit():
        if key not in p.unit_numbered or not _number_is_name(item, nxt.end()):
            return None
        return capital, (
            "Đơn vị hành chính đặt tên bằng chữ số: viết hoa cả danh từ chung, "
            f"“{capital} {nxt.group(1)}” ({_cite('III.1.b')})."
        )
    if not run:
        return None
    if item.words_in(run) in p.unit_named_after:
        return capital, (
            "Đơn vị hành chính đặt theo tên người, tên sự kiện lịch sử: viết hoa cả danh từ "
            f"chung, “{capital} {name}” ({_cite('III.1.b')})."
        )
    return lower, (
        "Tên đơn vị hành chính: danh từ chung viết thường, chỉ viết hoa tên riêng, "
        f"“{lower} {name}” ({_cite('III.1.a')})."
    )


_NUMBER_NOT_NAME = re.compile(r"[/%]|[.,]\d|[^\W_]")


def _number_is_name(item: _Text, pos: int) -> bool:
    """After `quận 1`: the number names the unit unless a count reads on (`phường 2 lần`,
    `phường 25%`); a name, punctuation or a word like `quận`, `thuộc` may follow."""
    if _NUMBER_NOT_NAME.match(item.text, pos):
        return False
    nxt = _NEXT_TOKEN.match(item.text, pos)
    if nxt is None:
        return True
    word = nxt.group(1)
    if word.isdigit():
        return False
    return _is_title(word) or _patterns().unit_number_follower.match(item.folded, pos) is not None


# -- V2 ------------------------------------------------------------------------------------
def v2_agencies(item: _Text) -> Iterator[_Hit]:
    """Phụ lục II, IV.1.a: in an agency's type only the first letter is capital: `Ủy ban
    nhân dân`, `Hội đồng nhân dân`, not `Ủy Ban Nhân Dân`, `Hội đồng Nhân dân`. All lower
    case (`các ủy ban nhân dân`) and ALL CAPS are left alone."""
    p = _patterns()
    for m in _at_words(p.nhan_dan, item.folded):
        agency = p.agency_before.search(item.folded, max(0, m.start() - 40), m.start())
        if agency is None:
            continue
        start, end = agency.start(), m.end()
        found = item.text[start:end]
        if _all_caps(found) or found[1:] == found[1:].lower():
            continue
        right = found[:1].upper() + found[1:].lower()
        yield _Hit(
            start,
            end,
            found,
            right,
            "Tên cơ quan: chỉ viết hoa chữ cái đầu của từ chỉ loại hình cơ quan, "
            f"“{right}” ({_cite('IV.1.a')}).",
        )


# -- V3 ------------------------------------------------------------------------------------
def v3_nhan_dan(item: _Text) -> Iterator[_Hit]:
    """Phụ lục II, V.1: `Nhân dân` as the special noun is capitalised (`phục vụ Nhân dân`).
    Not flagged: `nhân dân` as part of a name or term (`Ủy ban nhân dân`, `Tòa án nhân
    dân`, `Công an nhân dân`, `lực lượng vũ trang nhân dân`, `chiến tranh nhân dân`,
    `nhân dân tệ` …, data/viethoa.toml [bodies])."""
    p = _patterns()
    for m in _at_words(p.nhan_dan, item.folded):
        start, end = m.span()
        found = item.text[start:end]
        if not found[:1].islower() or p.attributive_before.search(
            item.folded, max(0, start - 40), start
        ):
            continue
        yield _Hit(
            start,
            end,
            found,
            _shape(found, "c", "l"),
            f"“Nhân dân” là danh từ đặc biệt, viết hoa ({_cite('V.1')}).",
        )


# -- V4 ------------------------------------------------------------------------------------
def v4_document_types(item: _Text) -> Iterator[_Hit]:
    """Phụ lục II, V.6: the type of one specific document is capitalised: `Quyết định số
    12/QĐ-UBND`, `Nghị định số 30/2020/NĐ-CP`. Specific means `số` and a document number
    (with `/` or `-` and a letter). Not flagged: the type without a number (`các quyết định
    của tỉnh`), an item number (`dự án số 3`), a plural (`các quyết định số …`)."""
    p = _patterns()
    for m in _at_words(p.document_number, item.folded):
        kind = p.document_type.search(item.folded, max(0, m.start() - 40), m.start())
        if kind is None:
            continue
        start, end = kind.start(), kind.start() + len(kind.group().rstrip())
        found = item.text[start:end]
        number = item.text[m.start("num") : m.end("num")]
        if not found[:1].islower() or number.lower() == number:
            continue
        if item.prev_token(start) in p.plural_markers:
            continue
        right = found[:1].upper() + found[1:]
        yield _Hit(
            start,
            end,
            found,
            right,
            "Nói đến một văn bản cụ thể: viết hoa chữ cái đầu của tên loại văn bản, "
            f"“{right} số {number}” ({_cite('V.6')}).",
        )


# -- V5 ------------------------------------------------------------------------------------
def v5_citations(item: _Text) -> Iterator[_Hit]:
    """Phụ lục II, V.7: citing a document's parts, `Phần`, `Chương`, `Mục`, `Tiểu mục`,
    `Điều` are capitalised and `khoản`, `điểm` lower case, when their number or letter
    follows: `điểm a khoản 2 Điều 5`. Not flagged: a sentence start (`Khoản 2 Điều 5 …`),
    the words without a number (`các điều kiện`), compounds (`danh mục 1`, `học phần 2`),
    `phần` with an Arabic number (often a test's part)."""
    p = _patterns()
    for m in _at_words(p.citation, item.folded):
        start, end = m.span()
        key = " ".join(m.group().split())
        number = p.cite_number.match(item.text, end)
        if number is None or not _cites(key, number):
            continue
        if f"{item.prev_token(start)} {key}" in p.cite_compounds:
            continue
        found = item.text[start:end]
        if _all_caps(found):
            continue
        capital = key in p.cite_capital
        right = _shape(found, "c", "l") if capital else found.lower()
        right = _sentence_case(item, start, found, right)
        if found != right:
            cited = f"{right} {number.group().strip()}"
            how = "viết hoa chữ cái đầu" if capital else "viết thường"
            yield _Hit(
                start,
                end,
                found,
                right,
                f"Viện dẫn phần, chương, mục, tiểu mục, điều, khoản, điểm của văn bản: {how} "
                f"“{cited}” ({_cite('V.7')}).",
            )


def _cites(key: str, number: re.Match[str]) -> bool:
    """Is the number or letter after `key` one that part is cited with?"""
    if key == "điểm":
        return number.group("letter") is not None
    if key in _patterns().cite_roman_only:
        return number.group("roman") is not None
    if key in ("khoản", "điều"):
        return number.group("arabic") is not None
    return number.group("letter") is None


# -- V6 ------------------------------------------------------------------------------------
def v6_weekdays(item: _Text) -> Iterator[_Hit]:
    """Phụ lục II, V.8.c: weekdays in words capitalise the day: `thứ Hai` … `thứ Bảy`,
    `Chủ nhật`; flagged only when a date (`ngày` + a number, or dd/mm) follows within three
    words. Not flagged: ordinals (`lần thứ hai`, `Đại hội lần thứ ba`, `Kỳ họp thứ năm`)."""
    p = _patterns()
    for m in _at_words(p.weekday, item.folded):
        start, end = m.span()
        found = item.text[start:end]
        if _all_caps(found) or not p.date_ahead.match(item.folded, end):
            continue
        if m.group().startswith(p.sunday):
            right = _shape(found, "c", "l")
        elif item.prev_token(start) in p.ordinal_nouns:
            continue
        else:
            right = _sentence_case(item, start, found, _shape(found, "l", "c"))
        if found != right:
            yield _Hit(
                start,
                end,
                found,
                right,
                "Ngày trong tuần viết bằng chữ: viết hoa chữ cái đầu của âm tiết chỉ ngày, "
                f"“{right}” ({_cite('V.8.c')}).",
            )


# -- V7 ------------------------------------------------------------------------------------
def v7_tet(item: _Text) -> Iterator[_Hit]:
    """Phụ lục II, V.8.b: a tết's name capitalises its first syllable only: `tết Nguyên
    đán`, `tết Trung thu`; `Tết` alone (for tết Nguyên đán) is capitalised. Not flagged:
    `Tết`, `Tết` + a year name (`Tết Mậu Tuất`), generic uses (`lễ, tết`, `các ngày tết`),
    a lower-case `tết` before a word that may make it another tết or the verb (`tết dương
    lịch`, `tết tóc`)."""
    p = _patterns()
    for m in _at_words(p.tet, item.folded):
        start, end = m.span()
        found = item.text[start:end]
        if _all_caps(found):
            continue
        if m.group("name"):
            right = _sentence_case(item, start, found, _shape(found, "l", "c", "l"))
            why = "Tên ngày tết: viết hoa chữ cái đầu của âm tiết thứ nhất tạo thành tên gọi"
        elif found == "tết" and _tet_alone(item, start, end):
            right, why = "Tết", "Viết hoa chữ “Tết” khi dùng thay cho tết Nguyên đán"
        else:
            continue
        if found != right:
            yield _Hit(start, end, found, right, f"{why}, “{right}” ({_cite('V.8.b')}).")


def _tet_alone(item: _Text, start: int, end: int) -> bool:
    """Is this lower-case `tết` the Tết (nghỉ tết, dịp tết năm 2026, tết Bính Ngọ)?"""
    p = _patterns()
    if p.tet_generic.search(item.folded, max(0, start - 20), start):
        return False
    nxt = _NEXT_TOKEN.match(item.text, end)
    if nxt is None or nxt.group(1).isdigit():
        return True
    word = item.folded[nxt.start(1) : nxt.end(1)]
    return word in p.tet_alone_before or bool(p.year.match(item.folded, end))


# -- V8 ------------------------------------------------------------------------------------
def v8_tone_placement(items: Sequence[_Text]) -> Iterator[tuple[_Text, _Hit]]:
    """Consistency (not a Phụ lục II item): one tone placement per word in a document. A
    word written both ways (`Uỷ`/`Ủy`, `hoà`/`hòa`, `thuỷ`/`thủy`, `khoẻ`/`khỏe`, compared
    without case) has its less frequent spelling flagged; on a tie the suggestion is the
    decree's own placement (`Ủy ban`, `Cộng hòa`: [tone] preferred). Not compared:
    personal names after `Ông`, `Bà`, `đồng chí` … (a name keeps its owner's spelling)."""
    tone = _tone()
    seen: list[tuple[_Text, int, int, str, str]] = []
    for item in items:
        for m in tone.pairs(item.lower):
            start, end = _word_start(item.lower, m.start()), m.end()
            if not any(s <= start < e for s, e in item.persons):
                word = item.lower[start:end]
                seen.append((item, start, end, tone.canon(word), tone.placement(word)))
    counts: dict[str, Counter[str]] = {}
    for _, _, _, key, placement in seen:
        counts.setdefault(key, Counter())[placement] += 1
    for item, start, end, key, placement in seen:
        count = counts[key]
        if len(count) < 2 or placement == _majority(count, tone.preferred):
            continue
        found = item.text[start:end]
        right = swap_tone(found)
        yield item, _Hit(start, end, found, right, _v8_message(found, right, count, placement))


def _word_start(text: str, pos: int) -> int:
    while pos and text[pos - 1].isalpha():
        pos -= 1
    return pos


def _majority(count: Counter[str], preferred: str) -> str:
    other = SECOND if preferred == FIRST else FIRST
    return other if count[other] > count[preferred] else preferred


def _v8_message(found: str, right: str, count: Counter[str], placement: str) -> str:
    mine, theirs = count[placement], sum(count.values()) - count[placement]
    return (
        f"Văn bản viết từ này theo hai cách đặt dấu thanh: “{right}” ({theirs} lần) và "
        f"“{found}” ({mine} lần); nên thống nhất một cách, “{right}” (nhất quán chính tả "
        "trong một văn bản)."
    )


# -- V9 ------------------------------------------------------------------------------------
HCM = "Thành phố Hồ Chí Minh"


def v9_abbreviations(item: _Text) -> Iterator[_Hit]:
    """Phụ lục II, III.1.c and Phụ lục I, II.4: official place names are not abbreviated:
    `TP. HCM`, `TP.HCM`, `Tp. Hồ Chí Minh`, `TP Hà Nội` → `Thành phố Hồ Chí Minh`,
    `thành phố Hà Nội`. Not flagged: `TP` before anything but a place's name (`TP, PTP`,
    `TP Kế hoạch` are trưởng phòng); addresses (`dia_chi` is not reviewed)."""
    p = _patterns()
    for m in _at_words(p.city, item.text):
        start, end = m.start(), _city_end(item, m)
        if end is None:
            continue
        found = item.text[start:end]
        name = found[m.end() - start :]
        if p.hcm.fullmatch(fold(name)):
            right = HCM
        else:
            right = _sentence_case(item, start, found, f"thành phố {name}")
        yield _Hit(
            start,
            end,
            found,
            right,
            f"Không viết tắt tên đơn vị hành chính: “{right}” ({_cite('III.1.c')}; "
            "Phụ lục I, mục II.4).",
        )


def _city_end(item: _Text, m: re.Match[str]) -> int | None:
    """Where the place's name after an abbreviation `TP` ends, or None if none follows."""
    p = _patterns()
    hcm = p.hcm.match(item.folded, m.end())
    if hcm:
        return hcm.end()
    run = item.name_run(m.end(), at=True) if m.group("sep") else None
    if run is None:
        return None
    names = item.words_in(run).split()
    if len(names) < 2 and names[0] not in p.one_syllable_cities:
        return None
    return run[1]


def _place_findings(dia_danh: str, path: str) -> list[TextFinding]:
    """Phụ lục I, II.4.a; Phụ lục II, III.1.c: `dia_danh` is the unit's official name, in
    full: `Thành phố Hồ Chí Minh`, not `TP. HCM`; `Quận 1`, not `Q.1`."""
    text = nfc(dia_danh)
    stripped = text.strip()
    if not stripped:
        return []
    start = text.index(stripped)
    right = _place_form(stripped)
    if right is None or right == stripped:
        return []
    message = (
        f"Địa danh ghi tên gọi chính thức, đầy đủ, không viết tắt: “{right}” "
        f"(Phụ lục I, mục II.4.a; {_cite('III.1.c')})."
    )
    return [TextFinding("V9", path, start, start + len(stripped), stripped, right, message)]


def _place_form(place: str) -> str | None:
    p = _patterns()
    folded = " ".join(fold(place).split())
    if folded in p.hcm_place or folded == fold(HCM):
        return HCM
    city = p.place_city.match(place)
    if city:
        rest = city.group("rest")
        return HCM if p.hcm.fullmatch(fold(rest)) else f"Thành phố {rest}"
    generic = p.place_abbr.match(place)
    if generic:
        return f"{p.place_generic[generic.group('abbr')]} {generic.group('rest')}"
    return None


_TEXT_RULES: tuple[tuple[str, Callable[[_Text], Iterator[_Hit]]], ...] = (
    ("V1", v1_units),
    ("V2", v2_agencies),
    ("V3", v3_nhan_dan),
    ("V4", v4_document_types),
    ("V5", v5_citations),
    ("V6", v6_weekdays),
    ("V7", v7_tet),
    ("V9", v9_abbreviations),
)
_ABBREVIATION_RULES = (("V9", v9_abbreviations),)
