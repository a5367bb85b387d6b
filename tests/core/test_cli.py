"""`drafter render` and `drafter validate` as a user runs them: exit codes, files, stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES_DIR, load_example
from tests.docx_reading import parts

DAKLAK = EXAMPLES_DIR / "daklak-1691-ubnd-kgvx.json"


def drafter(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "drafter.cli", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        timeout=60,
    )


def test_render_to_file(tmp_path: Path) -> None:
    out = tmp_path / "cv.docx"
    result = drafter("render", str(DAKLAK), "-o", str(out))
    assert result.returncode == 0, result.stderr.decode()
    assert parts(out.read_bytes()).so.text == "Số: 1691/UBND-KGVX"


def test_render_stdin_to_stdout() -> None:
    result = drafter("render", "-", "-o", "-", stdin=DAKLAK.read_bytes())
    assert result.returncode == 0
    assert parts(result.stdout).date.text == "Đắk Lắk, ngày 05 tháng 3 năm 2019"


def test_default_file_name_is_ascii(tmp_path: Path) -> None:
    result = drafter("render", str(DAKLAK), cwd=tmp_path)
    assert result.returncode == 0
    (made,) = tmp_path.glob("*.docx")
    assert made.name == "1691-UBND-KGVX-phoi-hop-thuc-hien-Nam-dan-van-chinh-quyen-2019.docx"
    assert made.name.isascii()


def test_invalid_letter_exit_2_every_problem_nothing_written(tmp_path: Path) -> None:
    data = load_example("daklak-1691-ubnd-kgvx.json")
    data["ky_hieu"] = "UBND KGVX"
    data["ngay"] = "2019-13-01"
    data["ky"]["ho_ten"] = ""
    src = tmp_path / "bad.json"
    src.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.docx"
    out.write_bytes(b"previous letter")
    result = drafter("render", str(src), "-o", str(out))
    assert result.returncode == 2
    err = result.stderr.decode()
    assert "3 lỗi" in err and "ky_hieu" in err and "ngay" in err and "ky.ho_ten" in err
    assert "Traceback" not in err
    assert out.read_bytes() == b"previous letter"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "out.docx"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "không phải JSON UTF-8 hợp lệ (dòng 1, cột 2)"),
        (b"\xff\xfe\x00", "UTF-8"),
        (b"[]", "đối tượng JSON"),
        # issue 17, item 5: each was a traceback
        (b"[" * 100_000 + b"]" * 100_000, "lồng nhau quá"),
        (b'{"so": ' + b"1" * 5000 + b"}", "chữ số"),
        (b'{"trich_yeu": "\\ud800"}', "ký tự không hợp lệ"),
    ],
)
def test_not_json(tmp_path: Path, content: bytes, message: str) -> None:
    src = tmp_path / "x.json"
    src.write_bytes(content)
    result = drafter("validate", str(src))
    assert result.returncode == 2
    assert message in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()


def test_missing_file() -> None:
    result = drafter("render", "/nonexistent/letter.json")
    assert result.returncode == 2 and "Không đọc được" in result.stderr.decode()


def test_validate_ok() -> None:
    result = drafter("validate", str(DAKLAK))
    assert result.returncode == 0 and "Hợp lệ" in result.stdout.decode()


def test_validate_prints_the_viet_hoa_notes_and_keeps_the_status() -> None:
    """V1–V9 are lưu ý: printed with rule, field, words and suggestion; exit 0 stays 0."""
    result = drafter("validate", str(EXAMPLES_DIR / "quangngai-2116-ubnd-nc.json"))
    out = result.stdout.decode()
    assert result.returncode == 0 and "Hợp lệ" in out
    assert "Lưu ý viết hoa theo Phụ lục II (1):" in out
    assert "  - V3 noi_dung[0].text: “nhân dân” → “Nhân dân”." in out


def test_render_examples(tmp_path: Path) -> None:
    result = drafter("render-examples", str(EXAMPLES_DIR), "-o", str(tmp_path))
    assert result.returncode == 0
    made = sorted(p.name for p in tmp_path.glob("*.docx"))
    assert len(made) == 10 and "hostile-text.docx" in made


def test_atomic_write_keeps_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from drafter.cli.common import write_atomic

    target = tmp_path / "cv.docx"
    target.write_bytes(b"old")

    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["cv.docx"]
