"""Where the .docx and the page could disagree: a machine without Times New Roman or
Liberation Serif. `drafter check --pdf` says so in Vietnamese (issue 14, one verdict)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from drafter import pdf
from drafter.cli import check as check_cli
from drafter.cli import main
from tests.conftest import load_example
from tests.pdf.conftest import letter_docx

EXAMPLE = "quangngai-2116-ubnd-nc.json"
# Like every test in tests/pdf, these need the Debian packages (fontconfig, the fonts) and
# the warm path (tests/pdf/conftest.py): make test runs them, make test-fast leaves them out.
pytestmark = pytest.mark.slow


def empty_fontconfig(tmp_path: Path) -> Path:
    """A fontconfig setup that finds no font at all."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>'
        f"<dir>{tmp_path / 'none'}</dir><cachedir>{tmp_path / 'cache'}</cachedir>"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return conf


def test_this_machine_has_the_fonts() -> None:
    assert pdf.serif_font_problem() == ""


def test_no_serif_font_is_said_plainly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FONTCONFIG_FILE", str(empty_fontconfig(tmp_path)))
    note = pdf.serif_font_problem()
    assert note == pdf.FONTS_MISSING
    assert "Times New Roman" in note and "Liberation Serif" in note
    assert "có thể khác kết quả trên tệp .docx" in note and "fonts-liberation" in note


def test_no_fc_list_says_nothing(tmp_path: Path) -> None:
    assert pdf.serif_font_problem(str(tmp_path / "no-such-fc-list")) == ""


def test_check_pdf_prints_the_note(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    example_pdf: Callable[[str], bytes],
) -> None:
    """The report (text and JSON) carries the note; the verdict is still the checks'."""
    path = tmp_path / "công văn.docx"
    path.write_bytes(letter_docx(load_example(EXAMPLE)))
    monkeypatch.setattr(pdf, "serif_font_problem", lambda: pdf.FONTS_MISSING)
    monkeypatch.setattr(check_cli, "_convert", lambda _path: example_pdf(EXAMPLE))
    assert main(["check", "--pdf", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"! Lưu ý: {pdf.FONTS_MISSING}" in out
    assert out.index("Trên trang PDF") < out.index("! Lưu ý:") < out.index("Kết quả:")
    assert main(["check", "--pdf", "--json", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["note"] == pdf.FONTS_MISSING
