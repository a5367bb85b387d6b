"""What a PDF failure tells the user and what it leaves for the log (issue 17, item 11).

A user reads Vietnamese without server paths or LibreOffice's English; the detail (the
executable, the OS error, LibreOffice's output) travels in `PdfError.detail` for the log
and the command line. No LibreOffice is needed: these programs fail on purpose.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from drafter.cli import main
from drafter.pdf import PdfConfig, PdfConverter, PdfError, cold_convert

# The stand-ins are programs called soffice: the suite's process watch counts them as
# LibreOffice, so these tests run with the slow ones (make test), not in make test-fast.
pytestmark = pytest.mark.slow

DOCX = b"PK\x03\x04 a .docx as far as the converter checks"
MISSING = "/nonexistent/drafter/soffice"


def assert_for_a_user(message: str) -> None:
    assert "/" not in message and "\\" not in message, message
    for english in ("No such file", "Permission denied", "Error", "error", "soffice"):
        assert english not in message, message


def test_a_missing_libreoffice() -> None:
    with pytest.raises(PdfError) as err:
        cold_convert(DOCX, soffice=MISSING)
    assert str(err.value).startswith("Không chạy được LibreOffice")
    assert_for_a_user(str(err.value))
    assert MISSING in err.value.detail and "No such file" in err.value.detail


def test_a_libreoffice_that_fails(tmp_path: Path) -> None:
    fake = tmp_path / "soffice"
    fake.write_text(
        "#!/bin/sh\necho 'Error: source file could not be loaded /srv/secret/x'\nexit 1\n"
    )
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    with pytest.raises(PdfError) as err:
        cold_convert(DOCX, soffice=str(fake))
    assert_for_a_user(str(err.value))
    assert "/srv/secret/x" in err.value.detail


def test_the_pool_falls_back_and_says_the_same(tmp_path: Path) -> None:
    config = PdfConfig(pool_size=1, unoserver=str(tmp_path / "no-unoserver"), soffice=MISSING)
    with PdfConverter(config) as conv, pytest.raises(PdfError) as err:
        conv.convert(DOCX)
    assert str(err.value).startswith("Không chạy được LibreOffice")
    assert_for_a_user(str(err.value))


def test_the_command_line_shows_the_detail_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An operator at the terminal needs the path: the detail follows the message."""
    source = tmp_path / "a.docx"
    source.write_bytes(DOCX)
    monkeypatch.setenv("DRAFTER_SOFFICE", MISSING)
    assert main(["pdf", str(source)]) == 1
    err = capsys.readouterr().err
    assert "Lỗi: Không chạy được LibreOffice" in err and MISSING in err
    assert not os.path.exists(tmp_path / "a.pdf")
