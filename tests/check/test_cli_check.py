"""`drafter check FILE.docx [--json]`: exit 0 / 1 / 2, readable or JSON, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from drafter import cli
from drafter.cli.check import run_check
from tests.check.conftest import rendered, typed
from tests.check.test_corpus import CASES


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    good = typed(False)
    broken, _ = CASES["thang-03"]
    out = {
        "good": tmp_path / "good.docx",
        "broken": tmp_path / "broken.docx",
        "text": tmp_path / "note.docx",
        "missing": tmp_path / "missing.docx",
    }
    out["good"].write_bytes(good)
    out["broken"].write_bytes(broken(good))
    out["text"].write_text("không phải Word")
    return out


def test_exit_codes_through_main(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["check", str(files["good"])]) == 0
    out = capsys.readouterr().out
    assert "Kết quả: ĐÚNG thể thức" in out
    assert cli.main(["check", str(files["broken"])]) == 1
    out = capsys.readouterr().out
    assert "[C14]" in out and "tháng 3 không viết số 0 ở đầu" in out and "Vị trí:" in out
    assert "CHƯA đúng thể thức: 1 lỗi" in out
    for name in ("text", "missing"):
        assert cli.main(["check", str(files[name])]) == 2
        err = capsys.readouterr().err
        assert "Không kiểm tra được" in err and "Traceback" not in err


def test_json_output(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert run_check(str(files["broken"]), as_json=True) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["errors"] == 1
    (finding,) = [f for f in data["findings"] if f["severity"] == "error"]
    assert finding["check"] == "C14" and finding["element"] == "Ngày ban hành"
    assert "“tháng 03” → “tháng 3”" in finding["message"]
    assert "tháng 03" in finding["location"]
    assert run_check(str(files["good"]), as_json=True) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
    assert run_check(str(files["text"]), as_json=True) == 2
    captured = capsys.readouterr()
    assert json.loads(captured.out)["ok"] is False and "Word" in captured.err


def test_console_script_subprocess(files: dict[str, Path], tmp_path: Path) -> None:
    drafter_exe = Path(sys.executable).parent / "drafter"
    cmd = [str(drafter_exe)] if drafter_exe.exists() else [sys.executable, "-m", "drafter.cli"]
    for name, code in (("good", 0), ("broken", 1), ("text", 2), ("missing", 2)):
        run = subprocess.run([*cmd, "check", str(files[name])], capture_output=True, text=True)
        assert run.returncode == code, (name, run.stdout, run.stderr)
        assert "Traceback" not in run.stderr
    own = tmp_path / "own.docx"
    own.write_bytes(rendered("quangngai-2116-ubnd-nc.json"))
    run = subprocess.run([*cmd, "check", "--json", str(own)], capture_output=True, text=True)
    assert run.returncode == 0 and json.loads(run.stdout)["errors"] == 0


def test_big_file_and_bomb_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.check.test_robustness import _lying_bomb

    big = tmp_path / "big.docx"
    with big.open("wb") as fh:
        fh.truncate(101 * 1000 * 1000)
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(_lying_bomb(real=50_000_000, declared=5_000_000))
    for path, words in ((big, "quá lớn"), (bomb, "hỏng")):
        assert cli.main(["check", str(path)]) == 2
        err = capsys.readouterr().err
        assert words in err and "Traceback" not in err


def test_the_viet_hoa_notes_are_warnings_with_their_suggestion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """V1–V9 on any .docx: a lưu ý (exit 0 stays 0), `check` = the rule id, and the JSON
    carries the words found and the suggestion."""
    path = tmp_path / "quang-ngai.docx"
    path.write_bytes(rendered("quangngai-2116-ubnd-nc.json"))
    assert cli.main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "! Lưu ý [V3] Nội dung: “nhân dân” → “Nhân dân”" in out
    assert "Kết quả: ĐÚNG thể thức (1 lưu ý)." in out
    assert cli.main(["check", "--json", str(path)]) == 0
    (note,) = [f for f in json.loads(capsys.readouterr().out)["findings"] if f["check"] == "V3"]
    assert (note["severity"], note["found"], note["suggestion"]) == (
        "warning",
        "nhân dân",
        "Nhân dân",
    )
    assert "Phụ lục II, mục V.1" in note["message"]
