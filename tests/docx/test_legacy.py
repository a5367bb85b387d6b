"""The legacy Vietnamese fonts (TCVN3/ABC, VNI): the tables, and letters read through them.

The TCVN3 table is checked entry by entry against glibc's own TCVN 5712 converter
(`iconv -f TCVN5712-1`); the VNI table is checked to hold every Vietnamese letter once,
built from its base letter and marks. Round trips (Unicode → legacy → Unicode) run on
random Vietnamese text, and a document typed in `.VnTime`, `.VnTimeH` and `VNI-Times`
reads as Unicode.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata

import pytest
from docx import Document
from docx.oxml.ns import qn
from hypothesis import given
from hypothesis import strategies as st

from drafter.docx import legacy
from drafter.docx.package import open_package
from drafter.docx.reader import read_document
from tests.conftest import missing

VOWELS = "AĂÂEÊIOÔƠUƯY"
TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
LETTERS = [unicodedata.normalize("NFC", base + tone) for base in VOWELS for tone in TONES] + ["Đ"]
LETTERS += [letter.lower() for letter in LETTERS]


def _tcvn3_map() -> dict[str, str]:
    return {str(k): str(v) for k, v in dict(legacy.tables()["tcvn3"]["map"]).items()}  # type: ignore[arg-type]


def _vni_map() -> dict[str, str]:
    return {str(k): str(v) for k, v in dict(legacy.tables()["vni"]["map"]).items()}  # type: ignore[arg-type]


def encode_tcvn3(text: str) -> str:
    """What Word holds for `text` typed in `.VnTime` (small letters and the seven capitals
    of VN3; any other capital stays as it is)."""
    inverse = {v: k for k, v in _tcvn3_map().items() if not unicodedata.combining(v)}
    vn3 = {k: v for k, v in inverse.items() if ord(v) >= 0xA1 and (k.islower() or k in "ĂÂÊÔƠƯĐ")}
    return "".join(vn3.get(c, c) for c in text)


def encode_vni(text: str) -> str:
    inverse = {v: k for k, v in _vni_map().items()}
    return "".join(inverse.get(c, c) for c in text)


def test_tcvn3_table_is_glibcs_tcvn5712() -> None:
    if shutil.which("iconv") is None:  # glibc's, in every Debian (libc-bin)
        missing("iconv", "apt-get install libc-bin")
    table = _tcvn3_map()
    assert len(table) == 95  # 0xA1-0xFF: small letters, capitals, the five tone marks
    for held, drawn in table.items():
        byte = legacy._byte(held)
        assert 0xA0 <= byte <= 0xFF, held  # 0x80-0x9F stay punctuation (curly quotes …)
        out = subprocess.run(
            ["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=bytes([byte]), capture_output=True
        )
        assert out.stdout.decode() == drawn, f"0x{byte:02X}"


def test_tcvn3_has_every_small_letter_and_vn3_capital() -> None:
    drawn = set(_tcvn3_map().values())
    small = {c for c in LETTERS if c.islower() and c not in "aeiouy"}
    assert small <= drawn
    assert set("ĂÂÊÔƠƯĐ") <= drawn


def test_vni_table_holds_every_letter_once_and_builds_it_from_its_marks() -> None:
    table = _vni_map()
    assert sorted(table.values()) == sorted(c for c in LETTERS if c not in "AEIOUYaeiouy")
    marks: dict[str, set[str]] = {}
    for held, drawn in table.items():
        assert 1 <= len(held) <= 2, held
        if len(held) == 1:  # ơ, ư, đ, the i's and ỵ are one character
            continue
        base = table.get(held[0], held[0])  # `a`, or `ô` for ơ, `ö` for ư
        whole, start = unicodedata.normalize("NFD", drawn), unicodedata.normalize("NFD", base)
        assert whole.startswith(start), (held, drawn)
        # the second character always stands for the same marks, whatever the letter
        marks.setdefault(held[1].lower(), set()).add(whole[len(start) :])
    assert all(len(found) == 1 for found in marks.values()), marks
    assert len(marks) == 17  # 5 tones; circumflex and breve, each alone and with a tone


@pytest.mark.parametrize(
    ("held", "unicode", "upper"),
    [
        ("Céng hßa x· héi chñ nghÜa ViÖt Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam", False),
        ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc", False),
        ("Bé Néi vô", "Bộ Nội vụ", False),
        ("ñy ban nh©n d©n tØnh ®¾k l¾k", "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK", True),
        ("“Năm” – n¨m", "“Năm” – năm", False),  # curly quotes and dashes stay themselves
    ],
)
def test_tcvn3_known_text(held: str, unicode: str, upper: bool) -> None:
    assert legacy.decode_tcvn3(held, upper=upper) == unicode


@pytest.mark.parametrize(
    ("held", "unicode"),
    [
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
        ("UÛY BAN NHAÂN DAÂN TÆNH ÑAÉK LAÉK", "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK"),
        ("Sôû Y teá ñaõ tieáp nhaän", "Sở Y tế đã tiếp nhận"),
        ("YÕ vaø Î", "Ỹ và Ỵ"),
    ],
)
def test_vni_known_text(held: str, unicode: str) -> None:
    assert legacy.decode_vni(held) == unicode


VIETNAMESE = st.text(alphabet=st.sampled_from([*LETTERS, *"bcdghklmnpqrstvx ,.-"]), max_size=60)


@given(VIETNAMESE)
def test_round_trips(text: str) -> None:
    assert legacy.decode_vni(encode_vni(text)) == text
    small = text.lower()
    assert legacy.decode_tcvn3(encode_tcvn3(small)) == small
    assert legacy.decode_tcvn3(encode_tcvn3(small), upper=True) == unicodedata.normalize(
        "NFC", small.upper()
    )


def test_font_names() -> None:
    assert legacy.encoding_of(".VnTime") == legacy.Encoding("tcvn3")
    assert legacy.encoding_of(".VnTimeH") == legacy.Encoding("tcvn3", upper=True)
    assert legacy.encoding_of(".VnArialH") == legacy.Encoding("tcvn3", upper=True)
    assert legacy.encoding_of("VNI-Times") == legacy.Encoding("vni")
    assert legacy.encoding_of("vni-helve") == legacy.Encoding("vni")
    for unicode_font in ("Times New Roman", "Arial", "VnTime", "", None):
        assert legacy.encoding_of(unicode_font) is None


def _run(p, text: str, font: str, *, caps: bool = False) -> None:
    r = p.add_run(text)
    r.font.name = font
    rfonts = r._r.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:hAnsi"), font)
    if caps:
        r.font.all_caps = True


def test_a_document_in_legacy_fonts_reads_as_unicode() -> None:
    doc = Document()
    p = doc.add_paragraph()
    _run(p, "ñy ban nh©n d©n", ".VnTimeH")
    p = doc.add_paragraph()
    _run(p, "Coä", "VNI-Times")  # a VNI letter split between two runs (Word's rsid split)
    _run(p, "ng hoøa", "VNI-Times")
    p = doc.add_paragraph()
    _run(p, "Bé Néi vô", ".VnTime", caps=True)
    p = doc.add_paragraph()
    _run(p, "Sở Nội vụ ¸", "Times New Roman")  # a Unicode font: untouched
    buf = io.BytesIO()
    doc.save(buf)
    read = read_document(open_package(buf.getvalue()))
    texts = [para.text for para in read.paras]
    assert texts == ["ỦY BAN NHÂN DÂN", "Cộng hòa", "BỘ NỘI VỤ", "Sở Nội vụ ¸"]
    assert read.legacy_fonts == [".VnTime", ".VnTimeH", "VNI-Times"]
