"""Property-based: any valid letter renders to a .docx that reopens with every text verbatim;
any invalid letter is refused with exit 2 and a message, never a traceback (C31, R1)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import string
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from drafter import cli, vntext
from drafter.model import KY_HIEU_RE, Letter, LetterError
from drafter.render import render_docx
from tests.docx_reading import all_text, open_docx

# Text as a user may type it: any Unicode XML can hold, including emoji, quotes, markup
# lookalikes and template syntax. Newlines are tested separately (they change structure).
XML_TEXT = st.characters(
    blacklist_categories=("Cs", "Cc"),
    blacklist_characters="\ufffe\uffff",
)
HOSTILE = st.sampled_from(
    ["&", "<", ">", '"', "'", "{{ 7*7 }}", "{% if x %}", "{%p endfor %}", "{#", "]]>",
     "<w:t>", "&amp;", "🇻🇳", "👨‍👩‍👧", "Đắk Lắk", "\t", "\\", "$", "{{r x }}"]
)  # fmt: skip


def words(*, min_size: int = 1, max_size: int = 60, stars: bool = False) -> st.SearchStrategy[str]:
    piece = st.one_of(st.text(XML_TEXT, min_size=1, max_size=12), HOSTILE)
    text = st.lists(piece, min_size=min_size, max_size=max(min_size, max_size // 6)).map("".join)
    if not stars:
        text = text.map(lambda s: s.replace("*", "x"))
    return text.map(vntext.clean_input).filter(lambda s: s.strip(" \t-–—•+;.,\\") != "")


def one_line(**kw: Any) -> st.SearchStrategy[str]:
    return words(**kw).map(lambda s: s.replace("\n", " "))


ky_hieu = st.from_regex(KY_HIEU_RE, fullmatch=True).filter(lambda s: len(s) <= 60)
# forms/_common.toml accepts years 1945–2100 (a year outside is a typo, and the model says so)
dates = st.dates(dt.date(1945, 1, 1), dt.date(2100, 12, 31)).map(lambda d: d.isoformat())
block = st.fixed_dictionaries(
    {"type": st.sampled_from(["paragraph", "task", "bullet"]), "text": one_line(max_size=200)}
)
long_block = st.just(
    {"type": "paragraph", "text": ("Văn bản rất dài & <dài> {{ x }} " * 200)[:5000]}
)


@st.composite
def letters(draw: st.DrawFn) -> dict[str, Any]:
    body = draw(st.lists(block, min_size=1, max_size=8))
    if draw(st.booleans()):
        body.insert(draw(st.integers(0, len(body))), draw(long_block))
    return {
        "format": 1,
        "kind": "cong_van",
        "co_quan_chu_quan": draw(st.one_of(st.just(""), one_line(max_size=40))),
        "co_quan_ban_hanh": draw(one_line(max_size=60)),
        "so": draw(st.one_of(st.just(""), st.integers(1, 99999).map(str))),
        "ky_hieu": draw(ky_hieu),
        "dia_danh": draw(one_line(max_size=30)).replace(",", " "),
        "ngay": draw(st.one_of(st.just(""), dates)),
        "trich_yeu": draw(one_line(max_size=200)),
        "muc_do_khan": draw(st.sampled_from(["", "khan", "thuong_khan", "hoa_toc"])),
        "do_mat": draw(st.sampled_from(["", "mat", "toi_mat", "tuyet_mat"])),
        "kinh_gui": draw(st.lists(one_line(max_size=60), min_size=1, max_size=50)),
        "noi_dung": body,
        "noi_nhan": draw(st.lists(one_line(max_size=60), min_size=0, max_size=50)),
        "luu": draw(one_line(max_size=40)),
        "ky_hieu_nguoi_soan": draw(st.one_of(st.just(""), one_line(max_size=20))),
        "ky": {
            "tham_quyen": draw(
                st.lists(
                    st.tuples(
                        st.sampled_from(["TM.", "KT.", "TL.", "TUQ.", "Q."]), one_line(max_size=30)
                    ).map(lambda t: f"{t[0]} {t[1].strip()}"),
                    max_size=3,
                )
            ),
            "chuc_vu": draw(one_line(max_size=40)),
            "ho_ten": draw(one_line(max_size=40)),
        },
        "dia_chi": draw(st.one_of(st.just(""), one_line(max_size=120))),
    }


def squash(text: str) -> str:
    """Compare texts regardless of how lines were cut into paragraphs and spaces collapsed."""
    return re.sub(r"\s+", " ", text).strip()


def expected_texts(letter: Letter) -> list[str]:
    """Each user string as the rules R1–R9 print it."""
    out = [vntext.upper(x) for x in vntext.issuer_lines(letter.co_quan_ban_hanh)]
    out += vntext.issuer_lines(letter.co_quan_chu_quan)
    out += [letter.ky_hieu, vntext.strip_vv(letter.trich_yeu), letter.dia_danh.strip()]
    out += [vntext.clean_entry(e) for e in (*letter.kinh_gui, *letter.noi_nhan)]
    for block in letter.noi_dung:
        text = vntext.strip_bullet(block.text) if block.type == "bullet" else block.text
        out.append(text.strip())
    last = out.pop()  # R7: the last text is closed with ./.
    out.append(vntext.plain_text(vntext.close_body(vntext.parse_inline(last))))
    out += vntext.signature_lines(letter.ky.tham_quyen, letter.ky.chuc_vu)
    out += [vntext.name_case(letter.ky.ho_ten), letter.dia_chi.strip()]
    out += [vntext.luu_line(letter.luu, letter.ky_hieu_nguoi_soan)]
    return [t for t in out if t.strip()]


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(letters())
def test_valid_letters_render_verbatim(data: dict[str, Any]) -> None:
    letter = Letter.from_dict(data)
    docx_bytes = render_docx(letter, year=2026)
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as package:
        for name in package.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                etree.fromstring(package.read(name))  # every part is well-formed XML
    doc = open_docx(docx_bytes)
    text = squash(all_text(doc))
    for typed in expected_texts(letter):
        assert squash(typed) in text, typed
    # No template tag survives: remove what the user typed, then look for Jinja delimiters.
    leftover = text
    for typed in sorted(
        expected_texts(letter) + [b.text for b in letter.noi_dung], key=len, reverse=True
    ):
        leftover = leftover.replace(squash(typed), "")
    assert not re.search(r"\{[{%#]|[}%#]\}", leftover), leftover[:300]
    assert "None" not in leftover


@SETTINGS
@given(
    st.lists(st.sampled_from(["**a**", "*b*", "\\*", "*", "**", "x", " ", "{{", "}}"]), min_size=1)
)
def test_inline_marks_never_lose_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    runs = vntext.parse_inline(text)
    plain = vntext.plain_text(runs)
    assert plain.replace("*", "") == text.replace("\\*", "*").replace("*", "").replace("\\", "")
    assert all(run.text for run in runs)


def _mutations() -> st.SearchStrategy[tuple[str, Any]]:
    junk = st.one_of(st.none(), st.integers(), st.floats(allow_nan=True), st.booleans(),
                     st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
                     st.text(max_size=5))  # fmt: skip
    keys = st.sampled_from(["format", "kind", "co_quan_ban_hanh", "so", "ky_hieu", "dia_danh", "ngay",
                            "trich_yeu", "muc_do_khan", "do_mat", "kinh_gui", "noi_dung", "noi_nhan",
                            "luu", "ky", "dia_chi", "extra_key"])  # fmt: skip
    return st.tuples(keys, junk)


@SETTINGS
@given(letters(), st.lists(_mutations(), min_size=1, max_size=4))
def test_invalid_letters_exit_2_without_traceback(
    data: dict[str, Any], changes: list[tuple[str, Any]]
) -> None:
    for key, value in changes:
        data[key] = value
    try:
        Letter.from_dict(data)
        valid = True
    except LetterError as err:
        valid = False
        assert err.problems and all(p.message for p in err.problems)
    stdin = io.BytesIO(json.dumps(data, allow_nan=True).encode())
    out, errs = io.StringIO(), io.StringIO()

    class FakeStdin:
        buffer = stdin

    import sys

    real = sys.stdin
    sys.stdin = FakeStdin()  # type: ignore[assignment]
    try:
        with redirect_stdout(out), redirect_stderr(errs):
            code = cli.main(["validate", "-"])
    finally:
        sys.stdin = real
    assert code == (0 if valid else 2)
    assert "Traceback" not in errs.getvalue()
    if not valid:
        assert "không hợp lệ" in errs.getvalue()


def test_alphabet_covers_hostile_characters() -> None:
    """The strategies above do reach the characters the renderer must escape."""
    for ch in "&<>\"'":
        assert ch in string.printable
