"""`drafter template check` (exit 0 accepted, 1 layout, 2 unsafe or invalid) and
`drafter render --template FILE`."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from drafter import cli
from tests.usertemplate.builders import builtin, with_font, with_logo, with_remote_image, with_tag

DAKLAK = str(
    Path(__file__).resolve().parents[1] / "fixtures" / "examples" / "daklak-1691-ubnd-kgvx.json"
)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "logo.docx", with_logo(builtin()))
    code, out, err = run(["template", "check", path, "--no-pdf"], capsys)
    assert code == 0 and out.startswith("Nhận mẫu công văn") and err == ""


def test_layout_findings_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "arial.docx", with_font(builtin(), "Arial"))
    code, out, err = run(["template", "check", path, "--no-pdf"], capsys)
    assert code == 1 and out == ""
    assert "chưa đúng thể thức" in err and "[C3]" in err


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (with_tag(builtin(), "{{ ''.__class__.__mro__ }}"), "“__mro__”"),
        (with_remote_image(builtin()), "ảnh lấy từ Internet"),
        (b"not a docx", "không phải văn bản Word"),
    ],
    ids=["ssti", "remote-image", "not-docx"],
)
def test_unsafe_or_invalid_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, why: str
) -> None:
    path = write(tmp_path, "t.docx", data)
    code, out, err = run(["template", "check", path, "--no-pdf"], capsys)
    assert code == 2 and out == ""
    assert "Không nhận mẫu" in err and why in err


def test_json_and_kind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "qd.docx", builtin("quyet_dinh"))
    code, out, _ = run(
        ["template", "check", path, "--kind", "quyet_dinh", "--no-pdf", "--json"], capsys
    )
    data = json.loads(out)
    assert code == 0 and data["status"] == "accepted" and data["kind"] == "quyet_dinh"
    assert data["examples"] == 3 and data["pages_checked"] is False
    code, _, err = run(["template", "check", str(tmp_path / "none.docx"), "--no-pdf"], capsys)
    assert code == 2 and "Không đọc được" in err


def test_render_with_a_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path, "logo.docx", with_logo(builtin()))
    out_path = tmp_path / "out.docx"
    code, _, _ = run(["render", DAKLAK, "--template", good, "-o", str(out_path)], capsys)
    assert code == 0
    assert any(
        n.startswith("word/media/")
        for n in zipfile.ZipFile(io.BytesIO(out_path.read_bytes())).namelist()
    )
    bad = write(tmp_path, "bad.docx", with_tag(builtin(), "{{ x }}"))
    target = tmp_path / "never.docx"
    code, _, err = run(["render", DAKLAK, "--template", bad, "-o", str(target)], capsys)
    assert code == 2 and not target.exists() and "Biến “x”" in err


@pytest.mark.slow
def test_page_checks_with_libreoffice(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    unoserver: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The full acceptance: every example through LibreOffice and the page checks."""
    monkeypatch.setenv("DRAFTER_UNOSERVER", unoserver)
    path = write(tmp_path, "logo.docx", with_logo(builtin()))
    code, out, err = run(["template", "check", path], capsys)
    assert code == 0, err
    assert "trên trang in (PDF)" in out
