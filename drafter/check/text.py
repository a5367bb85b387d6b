"""Text rules and small helpers the checks share: regexes of spec §7, loose keys for
finding elements, and numbers worded the Vietnamese way (12,5 pt; 3,0 mm).

Each rule is written once: the ký hiệu is drafter.model's, the authority words are
drafter.layout's, the list marks drafter.vntext's. The page checks (drafter.check.pdf) use
the Quốc hiệu and date regexes from here too.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from docx.shared import Length

from drafter.docx.document import Line
from drafter.layout import Range, twips
from drafter.model import KY_HIEU_RE
from drafter.vntext import HEADING_WORDS, LIST_MARKS, WEEKDAYS, roman


def unanchored(pattern: re.Pattern[str]) -> str:
    """A whole-string regex without its `^…$`, to build a larger rule from it."""
    return pattern.pattern.removeprefix("^").removesuffix("$")


# Text rules of spec §7 (regexes) and PL III type codes (C13). The ký hiệu after `/` is
# the one the letter format accepts (drafter.model), so a letter drafter takes is a Số
# line the checker takes.
SO_RE = re.compile(rf"^Số:( (0[1-9]|[1-9]\d+)| {{2,}})/{unanchored(KY_HIEU_RE)}$")
DATE_RE = re.compile(r"^[^,]+, ngày (0[1-9]|[12]\d|3[01]) tháng (0[12]|[3-9]|1[0-2]) năm \d{4}$")
DATE_DRAFT_RE = re.compile(r"^[^,]+, ngày {2,}tháng {2,}năm \d{4}$")
DATE_LOOSE = re.compile(
    r"^(?P<place>[^,]*),\s*ngày\s*(?P<d>\d+)\s*tháng\s*(?P<m>\d+)\s*năm\s*(?P<y>\d+)\s*\.?$", re.I
)
# Spec C28 is `^- Lưu: VT(, [^;]+)?\.$`; R8 also prints `- Lưu: VT (N- 47b).` when `luu`
# is just "VT" and a drafter code is given, so the bracketed code alone is accepted too.
LUU_RE = re.compile(r"^- Lưu: VT(, [^;]+| \([^;()]+\))?\.$")
NAME_TITLES = ("GS.", "PGS.", "TS.", "TSKH.", "ThS.")
TYPE_CODES_ERROR = {
    *("NQ", "QĐ", "CT", "QC", "QYĐ", "TC", "TB", "HD", "CTR", "KH", "PA", "ĐA", "DA", "BC"),
    *("BB", "TTR", "HĐ", "CĐ", "GUQ", "GM", "GGT", "GNP", "PG", "PC", "PB"),
}
TYPE_CODES_WARN = ("GN", "TTH", "UQ", "NP")
DASHES = LIST_MARKS  # a Kính gửi or Nơi nhận item starts with one
CHAR_RULE = re.compile(r"^[\s_\-–—.=~*·…]{3,}$")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def key(text: str) -> str:
    """Letters and digits only, no diacritics, upper case: for finding elements loosely."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return re.sub(
        r"[^A-Z0-9]", "", "".join(c for c in text if not unicodedata.combining(c)).upper()
    )


def starts_key(text: str, prefix: str) -> bool:
    """Whether `key(text)` starts with `prefix` (`KINHGUI`), reading only the start of a
    long paragraph."""
    return key(text.lstrip()[: 2 * len(prefix) + 8]).startswith(prefix)


def clean(text: str) -> str:
    return " ".join(nfc(text).split())


def excerpt(text: str, n: int = 70) -> str:
    text = clean(text)
    return text if len(text) <= n else text[: n - 1] + "…"


def pt(x: float) -> str:
    """A point size the Vietnamese way: 12, 12,5."""
    s = f"{x:.1f}".rstrip("0").rstrip(".")
    return s.replace(".", ",")


def mm(tw: float) -> str:
    return f"{tw / 56.6929:.1f}".replace(".", ",") + " mm"


def rng(r: Range) -> str:
    return pt(r.low) if r.low == r.high else f"{pt(r.low)}–{pt(r.high)}"


def tw_of(length: Length) -> int:
    return twips(length)


def pt_of(length: Length) -> float:
    return length / 12700


def clamp(x: float, r: Range) -> float:
    return min(max(x, r.low), r.high)


def main_size(line: Line) -> float | None:
    sizes = [s.fmt.size for s in line.visible]
    return max(set(sizes), key=sizes.count) if sizes else None


def is_so(line: Line) -> bool:
    text = nfc(line.text)
    return bool(re.match(r"^\s*S[ốỐ]\s*(:|\.|\d|/)", text)) or (
        key(text[:4]) == "SO" and ":" in text[:5]
    )


def is_vv(line: Line) -> bool:
    k = key(line.text[:12])
    return k.startswith("VV") or k.startswith("VEVIEC")


def is_date(line: Line) -> bool:
    return bool(re.match(r"^[^,]{1,80},\s*ngày", nfc(line.text).strip(), re.I))


def is_char_rule(line: Line) -> bool:
    return bool(CHAR_RULE.match(line.text)) and bool(line.text.strip(" \t"))


def starts_dash(text: str) -> bool:
    t = text.lstrip()
    return bool(t) and t[0] in DASHES


@functools.cache
def authority_re(prefixes: tuple[str, ...]) -> re.Pattern[str]:
    """An authority word (`KT.`) at a line start and the spaces after it (C25)."""
    words = "|".join(re.escape(p.removesuffix(".")) for p in prefixes)
    return re.compile(rf"^({words})\.(\s*)", re.I)


@functools.cache
def quoc_hieu_re(quoc_hieu: str) -> re.Pattern[str]:
    """The exact Quốc hiệu, with `HÒA` or the old-style `HOÀ` (spec C8)."""
    return re.compile("^" + re.escape(quoc_hieu).replace("HÒA", "H(?:ÒA|OÀ)") + "$")


def jc_name(jc: str) -> str:
    """A paragraph alignment (`both`) as the messages say it (`đều hai bên`)."""
    return {"left": "trái", "right": "phải", "center": "giữa", "both": "đều hai bên"}.get(jc, jc)


# --- the kinds of kinds.md: title block, quyết định, body numbering, giấy mời -------------
# The spec's forms, written once here; the numerals and the điểm alphabet are drafter's
# own (drafter.vntext), the weekday names too.
CAN_CU_START = re.compile(r"^(Căn cứ|Theo đề nghị|Xét đề nghị|Xét)\b", re.I)
DIEU_RE = re.compile(r"^Điều\s+(\d+)\s*\.(?:\s|$)")
DIEU_LOOSE = re.compile(r"^Điều\s+\d+\b")
# `Phần I`, `Chương II`: a Roman or Arabic numeral, or (centred) a short explicit one
CENTRE_HEAD_RE = re.compile(rf"^({'|'.join(HEADING_WORDS.values())})\s+([IVXLCDM]+|\d+)$")
CENTRE_HEAD_LOOSE = re.compile(rf"^({'|'.join(HEADING_WORDS.values())})\s+\S+(\s\S+){{0,2}}$")
MUC_RE = re.compile(r"^(?=[IVX])(X{0,3}(?:IX|IV|V?I{0,3}))\.\s+(\S.*)$")
KHOAN_RE = re.compile(r"^(\d{1,3})\.\s")
KHOAN_EXPLICIT_RE = re.compile(r"^\d+(\.\d+)+\.?\s")  # `2.1.`: typed, not counted
DIEM_RE = re.compile(r"^([a-zđ]{1,2})\)\s")  # any letter: K8 says which one is wrong
INVITE_RE = re.compile(r"trân trọng kính mời\s*:", re.I)
TOI_DU_RE = re.compile(r"^Tới dự\b")
CHU_TRI_RE = re.compile(r"^Chủ trì\s*:")
THOI_GIAN_RE = re.compile(r"^Thời gian\s*:")
DIA_DIEM_RE = re.compile(r"^Địa điểm\s*:")
# `Thời gian: từ 08 giờ 30 đến 11 giờ 30, thứ Năm, ngày 19 tháng 11 năm 2026.`
_CLOCK = r"(\d{1,2})\s*giờ\s*(\d{1,2})"
_WEEKDAY = "|".join(WEEKDAYS)
EVENT_TIME_RE = re.compile(
    rf"^Thời gian:\s*(?:từ\s+)?{_CLOCK}(?:\s+đến\s+{_CLOCK})?\s*,\s*(?P<wd>{_WEEKDAY})\s*,"
    rf"\s*(?P<date>ngày .+?)\.?$",
    re.I,
)


def roman_value(numeral: str) -> int | None:
    """`IV` → 4 (as drafter.vntext.roman writes it), else None."""
    for n in range(1, 40):
        if roman(n) == numeral:
            return n
    return None


def no_lower(text: str) -> bool:
    """No lower-case letter that has a capital (a heading in capitals; `&`, `2026` too;
    `ĸ`, a lower-case letter with no capital, is as upper case as it can be)."""
    return not any(c.islower() and c.upper() != c for c in text)


def is_upper_text(text: str) -> bool:
    """Letters present and none of them lower case (`I. MỤC ĐÍCH, YÊU CẦU`)."""
    return any(c.isalpha() for c in text) and nfc(text.upper()) == nfc(text)
