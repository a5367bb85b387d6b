"""The letter's tasks as a list to track: CSV for a spreadsheet, .ics for a calendar.

A công văn that assigns tasks with deadlines is followed up by the sending office; these
exports put the tasks (text, đơn vị chủ trì, hạn) where the follow-up happens. Plain
domain code: the CLI (`drafter tasks`), the web app and the API call the same functions.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io

from icalendar import Alarm, Calendar, Event

from drafter.context import task_rows
from drafter.model import Letter
from drafter.vntext import clean_entry, so_line, strip_vv

CSV_HEADER = ("STT", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn hoàn thành", "Văn bản")
FORMATS = ("csv", "ics")
_SUMMARY_LIMIT = 120
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def letter_reference(letter: Letter) -> str:
    """`Công văn số 1691/UBND-KGVX ngày 05/03/2019`: how a task points back to its letter
    (`Quyết định số 125/QĐ-UBND …` for another kind)."""
    ref = so_line(letter.so, letter.ky_hieu).replace("Số:", "số").replace("  ", " ")
    ref = " ".join(ref.split())
    if letter.ngay is not None:
        ref += f" ngày {letter.ngay:%d/%m/%Y}"
    return f"{letter.definition.title} {ref}"


def _vn_date(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else ""


def csv_cell(text: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (OWASP, CSV injection).

    Excel and LibreOffice Calc evaluate a cell starting with `=`, `+`, `-`, `@`, a tab or
    a carriage return (`=HYPERLINK(…)` opens a link, DDE runs a program); a leading `'`
    makes it text. The rest of the text is kept as it is; the csv module quotes it.
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def tasks_csv(letter: Letter) -> bytes:
    """The tasks as CSV, UTF-8 with a BOM so that Excel shows the Vietnamese correctly.
    Every cell goes through `csv_cell`: the text comes from whoever wrote the letter."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    ref = letter_reference(letter)
    for row in task_rows(letter):
        cells = (
            row["number"].rstrip("."),
            row["text"],
            row["assignee"],
            _vn_date(row["deadline"]),
            ref,
        )
        writer.writerow([csv_cell(cell) for cell in cells])
    return out.getvalue().encode("utf-8-sig")


def _summary(number: str, text: str) -> str:
    text = " ".join(text.split())
    if len(text) > _SUMMARY_LIMIT:
        text = text[:_SUMMARY_LIMIT].rsplit(" ", 1)[0] + "…"
    return f"{number} {text}".strip()


def tasks_ics(letter: Letter, *, now: dt.datetime | None = None) -> bytes:
    """An iCalendar file: one all-day event per task with a deadline, reminder a day ahead.

    Tasks without a deadline have no date to put on a calendar; they are in the CSV.
    UIDs derive from the letter and the task, so importing the file twice updates the
    events instead of duplicating them.
    """
    stamp = now or dt.datetime.now(dt.UTC)
    cal = Calendar()
    cal.add("prodid", "-//drafter//Cong van ND30//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Nhiệm vụ: {strip_vv(letter.trich_yeu)}"[:200])
    ref = letter_reference(letter)
    key = f"{letter.ky_hieu}|{letter.so}|{letter.ngay}|{letter.trich_yeu}"
    for row in task_rows(letter):
        if not row["deadline"]:
            continue
        due = dt.date.fromisoformat(row["deadline"])
        digest = hashlib.sha256(f"{key}|{row['number']}|{row['text']}".encode()).hexdigest()
        event = Event()
        event.add("uid", f"{digest[:32]}@drafter")
        event.add("dtstamp", stamp)
        event.add("dtstart", due)
        event.add("dtend", due + dt.timedelta(days=1))
        event.add("summary", _summary(row["number"], row["text"]))
        lines = [row["text"]]
        if row["assignee"]:
            lines.append(f"Đơn vị chủ trì: {row['assignee']}")
        lines.append(f"Hạn hoàn thành: {due:%d/%m/%Y}")
        lines.append(ref)
        event.add("description", "\n".join(lines))
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Sắp đến hạn: {_summary(row['number'], row['text'])}")
        alarm.add("trigger", dt.timedelta(days=-1))
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()


VN_ZONE = "Asia/Ho_Chi_Minh"


def event_ics(letter: Letter, *, now: dt.datetime | None = None) -> bytes:
    """A giấy mời's event as iCalendar (kinds.md §2): one VEVENT, summary `toi_du`,
    location `dia_diem`, start (and end, if given) in Asia/Ho_Chi_Minh."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(VN_ZONE)
    start = letter.thoi_gian.replace(tzinfo=zone)
    cal = Calendar()
    cal.add("prodid", "-//drafter//Giay moi ND30//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    summary = clean_entry(" ".join(letter.toi_du.split()))
    event = Event()
    key = f"{letter.ky_hieu}|{letter.so}|{letter.ngay}|{letter.thoi_gian}|{summary}"
    event.add("uid", f"{hashlib.sha256(key.encode()).hexdigest()[:32]}@drafter")
    event.add("dtstamp", now or dt.datetime.now(dt.UTC))
    event.add("dtstart", start)
    if letter.thoi_gian_ket_thuc:
        end = dt.time.fromisoformat(letter.thoi_gian_ket_thuc)
        event.add("dtend", dt.datetime.combine(start.date(), end, tzinfo=zone))
    event.add("summary", summary)
    event.add("location", clean_entry(" ".join(letter.dia_diem.split())))
    lines = [f"Chủ trì: {clean_entry(letter.chu_tri)}"] if letter.chu_tri.strip() else []
    lines.append(letter_reference(letter))
    event.add("description", "\n".join(lines))
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def export_tasks(letter: Letter, fmt: str) -> bytes:
    """The tasks in `fmt` (`csv` or `ics`)."""
    if fmt == "csv":
        return tasks_csv(letter)
    if fmt == "ics":
        return tasks_ics(letter)
    raise ValueError(f"unknown task-list format: {fmt!r}")


MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "ics": "text/calendar; charset=utf-8"}

__all__ = [
    "CSV_HEADER",
    "FORMATS",
    "MEDIA_TYPES",
    "csv_cell",
    "event_ics",
    "export_tasks",
    "tasks_csv",
    "tasks_ics",
]
