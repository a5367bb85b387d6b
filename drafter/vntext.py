"""Vietnamese text rules of a công văn (docs/spec/nd30-layout.md §6, R1–R9).

Each rule is one small function of plain strings, so the renderer, the web preview and
the checker print exactly the same words. Rule numbers in the docstrings cite the spec.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

CLOSING_MARK = "./."
LIST_MARKS = "-–—•+"  # R6: a pasted list item may start with one; the checker's dashes
SO_BLANK = " " * 6  # R3: the văn thư writes the number in by hand
DATE_BLANK = " " * 5  # R4: one blank for the day, one for the month


def nfc(text: str) -> str:
    """R1: every string drafter reads or prints is NFC."""
    return unicodedata.normalize("NFC", text)


# Characters XML 1.0 cannot hold: a .docx with one of them does not open.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean_input(text: str) -> str:
    """R1 on input: NFC, line ends as `\n`, Word's manual line break (VT) as `\n`, and the
    control characters XML cannot store dropped, so any pasted text gives a valid .docx."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    return nfc(_XML_ILLEGAL.sub("", text))


def upper(text: str) -> str:
    """R2: upper case for names and titles, then NFC again (`ủy ban` → `ỦY BAN`)."""
    return nfc(nfc(text).upper())


def so_line(so: str, ky_hieu: str) -> str:
    """R3 (PL I, II.3): `Số: 05/UBND-VP`; an unregistered draft keeps six blanks."""
    number = f"{int(so):02d}" if so.strip() else SO_BLANK
    return f"Số: {number}/{ky_hieu}" if so.strip() else f"Số:{number}/{ky_hieu}"


def date_phrase(day: dt.date | None, year: int | None = None) -> str:
    """R4 (PL I, II.4): `ngày 05 tháng 3 năm 2019`; months 1 and 2 keep their zero.

    An undated draft prints blanks for day and month and the current year (or `year`).
    """
    if day is None:
        year = year if year is not None else dt.date.today().year
        return f"ngày{DATE_BLANK}tháng{DATE_BLANK}năm {year}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def date_line(dia_danh: str, day: dt.date | None, year: int | None = None) -> str:
    """R4: `Đắk Lắk, ngày 05 tháng 3 năm 2019`."""
    return f"{dia_danh.strip()}, {date_phrase(day, year)}"


_VV_PREFIX = re.compile(r"^(v/v|về việc)\s*:?\s*", re.IGNORECASE)


def strip_vv(trich_yeu: str) -> str:
    """R5: the subject without a pasted `V/v`, `V/v:` or `Về việc` prefix and final periods."""
    text = _VV_PREFIX.sub("", trich_yeu.strip(), count=1)
    return text.rstrip(".").rstrip()


def vv_line(trich_yeu: str) -> str:
    """R5 (PL I, II.5.b): `V/v ` + the subject; `\\n` stays a preferred line break."""
    return "V/v " + strip_vv(trich_yeu)


_LEADING_MARK = re.compile(rf"^[{re.escape(LIST_MARKS)}]\s*")


def clean_entry(entry: str) -> str:
    """R6: one recipient, without a pasted leading dash or bullet and final `;` `.` `,`."""
    text = _LEADING_MARK.sub("", entry.strip(), count=1)
    return text.rstrip(";.,").rstrip()


def kinh_gui_lines(entries: Sequence[str]) -> list[str]:
    """R6 (PL I, II.9.b): one recipient on the `Kính gửi:` line; several as a dash list."""
    cleaned = [clean_entry(e) for e in entries]
    if not cleaned:  # a kind without Kính gửi, or a báo cáo that needs none
        return []
    if len(cleaned) == 1:
        return [f"Kính gửi: {cleaned[0]}."]
    items = [f"- {e};" for e in cleaned[:-1]] + [f"- {cleaned[-1]}."]
    return ["Kính gửi:", *items]


def luu_line(luu: str, ky_hieu_nguoi_soan: str = "") -> str:
    """R8 (PL I, II.9.d): `- Lưu: VT, KGVX (N- 47b).`; the code in brackets if given."""
    text = luu.strip().rstrip(".").rstrip()
    code = ky_hieu_nguoi_soan.strip()
    return f"- Lưu: {text} ({code})." if code else f"- Lưu: {text}."


def noi_nhan_lines(entries: Iterable[str], luu: str, ky_hieu_nguoi_soan: str = "") -> list[str]:
    """R8: `Nơi nhận:`, the entries in order as `- …;`, then the Lưu line."""
    items = [f"- {clean_entry(e)};" for e in entries]
    return ["Nơi nhận:", *items, luu_line(luu, ky_hieu_nguoi_soan)]


_NAME_WORD = re.compile(r"[^\s'\-]+")


def name_case(ho_ten: str) -> str:
    """R9: spaces collapsed; title case only when typed all upper or all lower.

    Each word and each part after `'` or `-` is capitalised: `H'HEN NIÊ` → `H'Hen Niê`.
    """
    name = " ".join(nfc(ho_ten).split())
    if name != name.upper() and name != name.lower():
        return name
    return nfc(_NAME_WORD.sub(lambda m: m.group(0)[:1].upper() + m.group(0)[1:].lower(), name))


def signature_lines(tham_quyen: Sequence[str], chuc_vu: str) -> list[str]:
    """R9/R2: authority lines then the signer's own title, each upper case on its own line."""
    return [" ".join(upper(line).split()) for line in [*tham_quyen, chuc_vu]]


def issuer_lines(name: str) -> list[str]:
    """R2: an issuer name, upper case, one entry per `\\n` the drafter typed."""
    return [" ".join(upper(part).split()) for part in name.split("\n") if part.strip()]


# --- Body (R7) -------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A piece of text with one formatting: what a `w:r` will hold."""

    text: str
    bold: bool = False
    italic: bool = False


# Inside a mark, `\*` is an escaped star and a backslash never closes the mark.
_MARKED = r"(?:\\\*|\\(?!\*)|[^*\\])+?"
_INLINE = re.compile(rf"\\\*|\*\*(?P<bold>{_MARKED})\*\*|\*(?P<italic>{_MARKED})\*")


def parse_inline(text: str) -> list[Run]:
    """R1: `**bold**`, `*italic*` and `\\*` (a literal asterisk) into runs.

    Nothing else is markup, and an unmatched `*` prints as typed. Adjacent runs with the
    same formatting are merged so the .docx stays small.
    """
    runs: list[Run] = []

    def add(piece: str, bold: bool = False, italic: bool = False) -> None:
        if not piece:
            return
        if runs and (runs[-1].bold, runs[-1].italic) == (bold, italic):
            runs[-1] = Run(runs[-1].text + piece, bold, italic)
        else:
            runs.append(Run(piece, bold, italic))

    pos = 0
    for match in _INLINE.finditer(text):
        add(text[pos : match.start()])
        if match.group("bold") is not None:
            add(match.group("bold").replace("\\*", "*"), bold=True)
        elif match.group("italic") is not None:
            add(match.group("italic").replace("\\*", "*"), italic=True)
        else:
            add("*")
        pos = match.end()
    add(text[pos:])
    return runs


def plain_text(runs: Iterable[Run]) -> str:
    """The text a reader sees, without formatting."""
    return "".join(run.text for run in runs)


def task_labels(blocks: Sequence[tuple[str, str]]) -> list[str]:
    """R7: the label of each block, given (type, explicit number) pairs (no headings)."""
    return block_labels([(kind, "", number) for kind, number in blocks])


_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip
# kinds.md §1: điểm count with the Vietnamese alphabet (no f, j, w, z; đ after d).
DIEM_LETTERS = "abcdđeghiklmnopqrstuvxy"
HEADING_WORDS = {"phan": "Phần", "chuong": "Chương"}


def roman(n: int) -> str:
    """`I`, `II`, … `XIV`: the numerals of phần, chương and mục."""
    out = []
    for value, numeral in _ROMAN:
        count, n = divmod(n, value)
        out.append(numeral * count)
    return "".join(out)


def diem_letter(n: int) -> str:
    """The n-th điểm letter (1 → `a`, 5 → `đ`, 6 → `e`, 7 → `g`); after `y`, `aa`, `bb` …"""
    letters = len(DIEM_LETTERS)
    return DIEM_LETTERS[(n - 1) % letters] * ((n - 1) // letters + 1)


class _Counters:
    """The automatic numbers of kinds.md §1, with the restart rules of each counter."""

    def __init__(self) -> None:
        self.phan = self.chuong = self.muc = self.khoan = self.diem = self.dieu = 0

    def next(self, name: str) -> int:
        value = getattr(self, name) + 1
        setattr(self, name, value)
        return value

    def restart(self, *names: str) -> None:
        for name in names:
            setattr(self, name, 0)


def block_labels(blocks: Sequence[tuple[str, str, str]]) -> list[str]:
    """R7 and kinds.md §1: the label of each block, given (type, level, explicit number).

    - `phan`/`chuong` headings: `Phần I`, `Chương I` (each its own count, never restarting);
    - `muc` headings: `I.`, `II.` …, restarting after a phần or chương;
    - tasks and `khoan` headings share `1.`, `2.` …, restarting after a phần, chương, mục
      or Điều;
    - điểm: `a)`, `b)` … in the Vietnamese alphabet, restarting after every task, heading
      or Điều (paragraphs and bullets do not restart it);
    - Điều: `Điều 1.`, `Điều 2.` … through the whole document;
    - bullets `-`, paragraphs none.
    An explicit number replaces the automatic numeral with its punctuation (`2.1.`, `đ)`,
    `Phần {number}`) and does not move a counter; the block still restarts the ones below.
    """
    labels: list[str] = []
    c = _Counters()
    for kind, level, number in blocks:
        number = number.strip()
        if kind == "heading" and level in HEADING_WORDS:
            word = HEADING_WORDS[level]
            labels.append(f"{word} {number or roman(c.next(level))}")
            c.restart("muc", "khoan", "diem")
        elif kind == "heading" and level == "muc":
            labels.append(number or f"{roman(c.next('muc'))}.")
            c.restart("khoan", "diem")
        elif kind in ("task", "heading"):  # a task, or a khoản heading
            labels.append(number or f"{c.next('khoan')}.")
            c.restart("diem")
        elif kind == "diem":
            labels.append(number or f"{diem_letter(c.next('diem'))})")
        elif kind == "dieu":
            labels.append(f"Điều {c.next('dieu')}.")
            c.restart("khoan", "diem")
        elif kind == "bullet":
            labels.append("-")
        else:
            labels.append("")
    return labels


def strip_bullet(text: str) -> str:
    """A pasted leading `-` or `–` of a bullet text; the renderer prints its own dash."""
    return re.sub(r"^\s*[-–]\s*", "", text, count=1)


WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def weekday(day: dt.date) -> str:
    """PL II, V.8.c: `thứ Hai` … `thứ Bảy`, `Chủ nhật`."""
    return WEEKDAYS[day.weekday()]


def clock(hour: int, minute: int) -> str:
    """kinds.md §2 (giấy mời): `08 giờ 00`, hours and minutes with two digits."""
    return f"{hour:02d} giờ {minute:02d}"


def event_time(start: dt.datetime, end: str = "") -> str:
    """`08 giờ 00, thứ Ba, ngày 15 tháng 12 năm 2026`; with an end time (`HH:MM`, same
    day) `từ 08 giờ 00 đến 11 giờ 30, thứ Ba, …`."""
    when = clock(start.hour, start.minute)
    if end:
        hour, minute = (int(part) for part in end.split(":"))
        when = f"từ {when} đến {clock(hour, minute)}"
    return f"{when}, {weekday(start.date())}, {date_phrase(start.date())}"


def invitation_lines(ben_moi: str, invitees: Sequence[str]) -> list[str]:
    """kinds.md §2 (giấy mời): `{ben_moi} trân trọng kính mời: {invitee}.`; with several
    invitees the line ends at `kính mời:` and each follows as `- …;`, the last `- ….`."""
    who = clean_entry(ben_moi)
    cleaned = [clean_entry(e) for e in invitees]
    if len(cleaned) == 1:
        return [f"{who} trân trọng kính mời: {cleaned[0]}."]
    items = [f"- {e};" for e in cleaned[:-1]] + [f"- {cleaned[-1]}."]
    return [f"{who} trân trọng kính mời:", *items]


def first_upper(text: str) -> str:
    """The text with its first letter upper case (a title's trích yếu), NFC."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            return nfc(text[:i] + ch.upper() + text[i + 1 :])
    return text


def title_subject(trich_yeu: str) -> list[str]:
    """kinds.md §1: the trích yếu under a tên loại, a line per `\n`: a pasted `V/v`
    prefix and final periods removed, `Về việc` kept, the first letter upper case."""
    text = re.sub(r"^v/v\s*:?\s*", "", trich_yeu.strip(), count=1, flags=re.IGNORECASE)
    lines = [" ".join(part.split()) for part in text.rstrip(".").rstrip().split("\n")]
    lines = [line for line in lines if line]
    return [first_upper(lines[0]), *lines[1:]] if lines else []


def grounds_lines(entries: Sequence[str]) -> list[str]:
    """kinds.md §2 (quyết định): each căn cứ cleaned as R6, `;` on each but the last, `.`."""
    cleaned = [clean_entry(e) for e in entries]
    return [f"{e};" for e in cleaned[:-1]] + [f"{cleaned[-1]}."] if cleaned else []


def deadline_text(day: dt.date) -> str:
    """A task deadline as written in the body: `dd/mm/yyyy`."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def mentions_date(text: str, day: dt.date) -> bool:
    """Whether a text already names `day` as d/m/yyyy (with or without leading zeros)."""
    pattern = rf"(?<!\d)0?{day.day}/0?{day.month}/{day.year}(?!\d)"
    return re.search(pattern, text) is not None


def deadline_runs(text: str, day: dt.date | None) -> list[Run]:
    """R7/letter format: append ` (hoàn thành trước ngày dd/mm/yyyy)`, the date phrase bold.

    Nothing is appended when there is no deadline or the text already names the date.
    """
    if day is None or mentions_date(text, day):
        return []
    return [Run(" ("), Run(f"hoàn thành trước ngày {deadline_text(day)}", bold=True), Run(")")]


def close_body(runs: list[Run]) -> list[Run]:
    """R7: the last body text ends `./.` (PL I, II.6; *practice*).

    Unless it already does: drop trailing `;` `,` `:`, then append `/.` after a final
    `.`, else `./.`. The mark is a plain run of its own.
    """
    runs = list(runs)
    while runs and not runs[-1].text.strip():
        runs.pop()
    if not runs:
        return [Run(CLOSING_MARK)]
    last = runs[-1]
    text = last.text.rstrip()
    if text.endswith(CLOSING_MARK):
        runs[-1] = Run(text, last.bold, last.italic)
        return runs
    text = text.rstrip(";,:").rstrip()
    runs[-1] = Run(text, last.bold, last.italic)
    if text.endswith("."):
        return [*runs, Run("/.")]
    return [*runs, Run(CLOSING_MARK)]
