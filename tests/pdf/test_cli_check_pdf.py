"""`drafter check --pdf FILE.docx` and `drafter check FILE.pdf`: both reports, real LibreOffice.

A letter whose page layout is broken (A5 paper, Calibri) is built from a rendered example
with python-docx, so the .docx checks and the page checks must both see the defect.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.run import Run

from drafter.cli import main
from tests.conftest import load_example
from tests.pdf.conftest import letter_docx

pytestmark = pytest.mark.slow

EXAMPLE = "bo-gddt-bao-cao-so-lieu-thong-ke.json"  # its words raise no viết hoa lưu ý


def edited(data: bytes, edit: Callable[[docx.document.Document], None]) -> bytes:
    """A copy of a .docx changed through python-docx."""
    document = docx.Document(io.BytesIO(data))
    edit(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def a5_paper(document: docx.document.Document) -> None:
    for section in document.sections:
        section.page_width, section.page_height = Mm(148), Mm(210)


def calibri(document: docx.document.Document) -> None:
    """Every run of the body, tables included, in Calibri (as a Word default would)."""
    document.styles["Normal"].font.name = "Calibri"
    for r in document.element.body.iter(qn("w:r")):
        Run(r, None).font.name = "Calibri"  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def good_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("check-pdf") / "công văn.docx"
    path.write_bytes(letter_docx(load_example(EXAMPLE)))
    return path


def test_a_rendered_example_passes_on_the_docx_and_on_the_page(
    good_docx: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--pdf", str(good_docx)]) == 0
    out = capsys.readouterr().out
    docx_at, pdf_at = out.index("Trên tệp .docx: không có lỗi"), out.index("Trên trang PDF (")
    assert docx_at < pdf_at
    assert "Kết quả: ĐÚNG thể thức" in out


@pytest.mark.parametrize(("edit", "check"), [(a5_paper, "C1"), (calibri, "C3")])
def test_a_broken_page_layout_fails_in_both_reports(
    edit: Callable[[docx.document.Document], None],
    check: str,
    good_docx: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(edited(good_docx.read_bytes(), edit))
    assert main(["check", "--pdf", "--json", str(broken)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False
    for part in ("docx", "pdf"):
        errors = {f["check"] for f in data[part]["findings"] if f["severity"] == "error"}
        assert check in errors, (part, data[part]["findings"])

    assert main(["check", "--pdf", str(broken)]) == 1
    out = capsys.readouterr().out
    page_part = out[out.index("Trên trang PDF") :]
    assert f"✗ Lỗi [{check}]" in page_part and "Vị trí: trang 1" in page_part
    assert "CHƯA đúng thể thức" in out


def test_json_has_both_reports(good_docx: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--pdf", "--json", str(good_docx)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"file", "ok", "errors", "warnings", "docx", "pdf"}
    assert (data["ok"], data["errors"]) == (True, 0)
    assert data["docx"]["ok"] is True and data["docx"]["findings"] == []
    assert data["pdf"]["ok"] is True and data["pdf"]["pages"] >= 1
    assert {"findings", "measures", "errors", "warnings"} <= set(data["pdf"])
    assert data["warnings"] == data["docx"]["warnings"] + data["pdf"]["warnings"]


def test_a_pdf_gets_the_page_checks_only(
    good_docx: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "công văn.pdf"
    assert main(["pdf", str(good_docx), "-o", str(pdf)]) == 0
    capsys.readouterr()
    assert main(["check", str(pdf)]) == 0
    out = capsys.readouterr().out
    assert "Trên trang PDF (" in out and "Trên tệp .docx" not in out
    assert main(["check", "--json", str(pdf)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True and "pdf" in data and "docx" not in data

    a5 = tmp_path / "a5.docx"
    a5.write_bytes(edited(good_docx.read_bytes(), a5_paper))
    assert main(["pdf", str(a5), "-o", str(tmp_path / "a5.pdf")]) == 0
    capsys.readouterr()
    assert main(["check", str(tmp_path / "a5.pdf")]) == 1
    assert "✗ Lỗi [C1]" in capsys.readouterr().out


def test_libreoffice_failing_is_exit_1_with_a_clear_message(
    good_docx: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DRAFTER_SOFFICE", "/bin/false")
    assert main(["check", "--pdf", str(good_docx)]) == 1
    captured = capsys.readouterr()
    assert "Trên tệp .docx: không có lỗi" in captured.out  # the .docx report still shows
    assert "Không chuyển được" in captured.err and "sang PDF" in captured.err
    assert "Traceback" not in captured.err

    monkeypatch.setenv("DRAFTER_SOFFICE", "/nonexistent/soffice")
    assert main(["check", "--pdf", "--json", str(good_docx)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["pdf"] is None and "LibreOffice" in data["error"]
    assert data["docx"]["ok"] is True


def test_refusals_are_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "note.docx"
    text.write_text("không phải Word")
    assert main(["check", "--pdf", str(text)]) == 2  # refused before any conversion
    assert "Không kiểm tra được" in capsys.readouterr().err
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.4\nnot really")
    assert main(["check", str(damaged)]) == 2
    err = capsys.readouterr().err
    assert "Không kiểm tra được" in err and "Traceback" not in err
    assert main(["check", str(tmp_path / "missing.pdf")]) == 2


def test_a_quyet_dinh_with_a_broken_title_rule_fails_k3_in_both_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The cold `--pdf` path on another kind: clean, then its title rule as long as the
    trích yếu (K3 on the .docx and on the page)."""
    good = tmp_path / "quyết định.docx"
    good.write_bytes(
        letter_docx(load_example("kinds/qd-ubnd-daklak-to-cong-tac-chuyen-doi-so.json"))
    )
    assert main(["check", "--pdf", "--json", str(good)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["docx"]["kind"] == "quyet_dinh"
    assert data["docx"]["findings"] == [] and data["pdf"]["findings"] == []
    assert data["pdf"]["measures"]["title"] == "QUYẾT ĐỊNH"

    def long_rule(document: docx.document.Document) -> None:
        rule = next(p for p in document.paragraphs if p.style.style_id == "ND30TitleRule")
        rule.paragraph_format.left_indent = rule.paragraph_format.right_indent = Mm(5)

    broken = tmp_path / "broken.docx"
    broken.write_bytes(edited(good.read_bytes(), long_rule))
    assert main(["check", "--pdf", "--json", str(broken)]) == 1
    data = json.loads(capsys.readouterr().out)
    for part in ("docx", "pdf"):
        assert {f["check"] for f in data[part]["findings"]} == {"K3"}, data[part]["findings"]
