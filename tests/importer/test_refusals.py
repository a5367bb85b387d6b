"""What `drafter import` refuses, and why (in Vietnamese); the command line; notes on
letters with parts missing; random and mangled documents never crash it."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings

from drafter import cli
from drafter.importer import NotACongVan, NotADocxError, import_docx, import_path
from drafter.model import Letter
from drafter.render import render_docx
from tests.check.builders import read_parts, write_parts
from tests.check.conftest import typed
from tests.check.test_robustness import _lying_bomb, mangled, random_docx
from tests.conftest import KIND_EXAMPLE_NAMES, load_example
from tests.importer.foreign import EXPECTED, Spec, foreign_letter

DAKLAK = "daklak-1691-ubnd-kgvx.json"


def rendered(name: str = DAKLAK) -> bytes:
    return render_docx(Letter.from_dict(load_example(name)), year=2026)


def refusal(data: bytes) -> str:
    with pytest.raises((NotADocxError, NotACongVan)) as info:
        import_docx(data)
    return str(info.value)


def docm(data: bytes) -> bytes:
    """The letter saved as a macro-enabled document (a VBA project inside)."""
    parts = read_parts(data)
    ct = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = ct.replace(
        "wordprocessingml.document.main+xml", "ms-word.document.macroEnabled.main+xml"
    ).encode()
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0" + bytes(500)
    return write_parts(parts)


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"%PDF-1.7\n", "PDF"),
        (b"\xd0\xcf\x11\xe0" + bytes(100), ".doc"),
        (b"", "rỗng"),
        (b"hello, world", "không phải văn bản Word"),
    ],
    ids=["pdf", "doc", "empty", "text"],
)
def test_not_a_docx(data: bytes, why: str) -> None:
    assert why in refusal(data)


def test_macro_enabled_document_is_refused() -> None:
    message = refusal(docm(rendered()))
    assert "macro" in message and ".docm" in message
    # also a .docx that merely carries a VBA project
    parts = read_parts(rendered())
    parts["word/vbaProject.bin"] = b"x"
    assert "macro" in refusal(write_parts(parts))


def test_zip_bomb_is_refused_with_bounded_memory() -> None:
    bomb = _lying_bomb(real=60_000_000, declared=1000)
    tracemalloc.start()
    try:
        message = refusal(bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "hỏng" in message or "bom zip" in message
    assert peak < 40_000_000


def test_100_mb_file_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.docx"
    with big.open("wb") as fh:
        fh.write(b"PK\x03\x04")
        fh.truncate(100 * 1024 * 1024 + 1)
    tracemalloc.start()
    try:
        with pytest.raises(NotADocxError, match="quá lớn") as info:
            import_path(str(big))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "tối đa 100 MB" in str(info.value)
    assert peak < 5_000_000


@pytest.mark.parametrize("name", [n for n in KIND_EXAMPLE_NAMES if "/qd-" in n or "/tb-" in n])
def test_other_kinds_are_refused_naming_them(name: str) -> None:
    message = refusal(rendered(name))
    assert "không phải công văn" in message
    assert "QUYẾT ĐỊNH" in message or "THÔNG BÁO" in message or "QĐ" in message


def test_a_document_that_is_no_letter_is_refused() -> None:
    doc = Document()
    doc.add_paragraph("Danh sách học sinh lớp 10A")
    doc.add_paragraph("1. Nguyễn Văn A")
    out = io.BytesIO()
    doc.save(out)
    assert "không giống một công văn" in refusal(out.getvalue())


def test_missing_parts_are_listed() -> None:
    """A letter without its signature and Nơi nhận: the rest comes back, the gaps are noted."""
    parts = read_parts(foreign_letter(Spec()))
    xml = parts["word/document.xml"].decode()
    closing = xml.rindex("<w:tbl>")
    parts["word/document.xml"] = (xml[:closing] + xml[xml.rindex("</w:tbl>") + 8 :]).encode()
    result = import_docx(write_parts(parts))
    assert result.letter["kinh_gui"] == EXPECTED["kinh_gui"]
    assert result.letter["noi_dung"] == EXPECTED["noi_dung"]
    missing = {n.path for n in result.missing}
    assert {"noi_nhan", "luu", "ky.chuc_vu", "ky.ho_ten"} <= missing
    assert not result.valid


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_docx())
def test_random_word_documents_never_crash(data: bytes) -> None:
    with contextlib.suppress(NotADocxError, NotACongVan):
        result = import_docx(data)
        assert result.letter["kind"] == "cong_van"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mangled())
def test_mangled_letters_never_crash(data: bytes) -> None:
    with contextlib.suppress(NotADocxError, NotACongVan):
        import_docx(data)


def test_typed_letter_of_the_checker_tests_imports() -> None:
    result = import_docx(typed())
    assert result.letter["so"] == "1691" and result.letter["ky_hieu"] == "UBND-KGVX"
    assert result.letter["ky"]["ho_ten"] == "Võ Văn Cảnh"


# --- the command line -----------------------------------------------------------------------


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_prints_the_letter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cv.docx"
    path.write_bytes(rendered())
    code, out, err = run(["import", str(path)], capsys)
    assert code == 0
    assert json.loads(out) == Letter.from_dict(load_example(DAKLAK)).to_dict()
    assert "lấy được mọi trường" in err


def test_cli_writes_a_file_and_lists_notes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cu.docx"
    path.write_bytes(foreign_letter(Spec(legacy="tcvn3")))
    target = tmp_path / "cu.json"
    code, out, err = run(["import", str(path), "-o", str(target)], capsys)
    assert code == 0 and out.strip() == str(target)
    data: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
    assert data["co_quan_ban_hanh"] == "SỞ NỘI VỤ"
    assert "Phải đoán" in err and ".VnTime" in err


def test_cli_refuses_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "qd.docx"
    path.write_bytes(rendered("kinds/qd-ubnd-daklak-to-cong-tac-chuyen-doi-so.json"))
    target = tmp_path / "qd.json"
    code, out, err = run(["import", str(path), "-o", str(target)], capsys)
    assert code == 2 and out == "" and not target.exists()
    assert err.startswith("Không nhập được") and "không phải công văn" in err
    macro = tmp_path / "m.docm"
    macro.write_bytes(docm(rendered()))
    code, _, err = run(["import", str(macro)], capsys)
    assert code == 2 and "macro" in err


def test_console_script(tmp_path: Path) -> None:
    path = tmp_path / "cv.docx"
    path.write_bytes(rendered())
    exe = Path(sys.executable).with_name("drafter")
    out = subprocess.run([str(exe), "import", str(path)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["so"] == "1691"
