"""`drafter pdf FILE.docx [-o OUT.pdf]`: a real conversion, atomic output, clear failures."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.check.pdf import check_pdf
from drafter.cli import main
from tests.conftest import load_example
from tests.pdf.conftest import letter_docx

pytestmark = pytest.mark.slow


def test_pdf_command_writes_the_pdf_next_to_the_docx(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "công văn.docx"
    source.write_bytes(letter_docx(load_example("quangngai-2116-ubnd-nc.json")))
    assert main(["pdf", str(source)]) == 0
    target = tmp_path / "công văn.pdf"
    assert capsys.readouterr().out.strip() == str(target)
    assert check_pdf(target.read_bytes()).ok
    assert sorted(p.name for p in tmp_path.iterdir()) == ["công văn.docx", "công văn.pdf"]


def test_pdf_command_output_option_and_failures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "a.docx"
    source.write_bytes(b"not a word file")
    out = tmp_path / "out.pdf"
    assert main(["pdf", str(source), "-o", str(out)]) == 1
    assert "không phải là tệp .docx" in capsys.readouterr().err
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["a.docx"]

    assert main(["pdf", str(tmp_path / "missing.docx")]) == 2
    assert "không có tệp" in capsys.readouterr().err
    assert main(["pdf", str(source), "-o", str(tmp_path / "no" / "x.pdf")]) == 2


def test_render_pdf_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`drafter render letter.json --pdf`: the letter as a checked PDF, named from its số."""
    monkeypatch.chdir(tmp_path)
    source = (
        Path(__file__).resolve().parents[1]
        / "fixtures/examples/bo-gddt-bao-cao-so-lieu-thong-ke.json"
    )
    assert main(["render", str(source), "--pdf"]) == 0
    (made,) = tmp_path.glob("*.pdf")
    assert made.name.startswith("6873-BGDDT-GDPT-bao-cao")
    report = check_pdf(made.read_bytes())
    assert report.ok and report.pages == 1
