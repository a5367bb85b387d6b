"""The suite's own policies (tests/conftest.py) do what they say: a missing tool fails
unless allowed, and a test that starts a heavy process without the slow marker fails
(shown on a small test run in a subprocess with tests/conftest.py as its only plugin)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import heavy_program, missing

ROOT = Path(__file__).resolve().parents[2]


def run(pytester: pytest.Pytester, source: str, **env: str) -> pytest.RunResult:
    pytester.makepyfile(test_sample=source)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PYTHONPATH", str(ROOT))
        mp.delenv("DRAFTER_TEST_ALLOW_MISSING", raising=False)
        for key, value in env.items():
            mp.setenv(key, value)
        return pytester.runpytest_subprocess(
            "-p", "tests.conftest", "-p", "no:cacheprovider", "-rs"
        )


def test_heavy_programs_are_recognised() -> None:
    assert heavy_program(["/usr/bin/soffice", "--headless"]) == "LibreOffice"
    assert heavy_program([".venv-uno/bin/unoserver", "--port", "2003"]) == "LibreOffice (unoserver)"
    assert (
        heavy_program(["runuser", "-u", "postgres", "--", "/usr/lib/x/bin/initdb"]) == "PostgreSQL"
    )
    assert heavy_program(["/venv/lib/playwright/driver/node", "cli.js", "run-driver"])
    assert heavy_program(["/venv/bin/python", "-m", "drafter.cli", "serve", "--port", "1"])
    assert heavy_program(["/venv/bin/drafter", "serve", "--production"])
    assert heavy_program("soffice --headless --convert-to pdf x.docx") == "LibreOffice"
    assert heavy_program(["/venv/bin/drafter", "render", "letter.json"]) is None
    assert heavy_program(["pdffonts", "x.pdf"]) is None


def test_a_test_that_starts_libreoffice_must_be_marked_slow(pytester: pytest.Pytester) -> None:
    fake = pytester.path / "soffice"  # a stand-in: the guard goes by the program's name
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    result = run(
        pytester,
        f"""
import subprocess
import pytest

def test_unmarked():
    subprocess.run([{str(fake)!r}, "--headless"], check=True)

@pytest.mark.slow
def test_marked():
    subprocess.run([{str(fake)!r}, "--headless"], check=True)

def test_light():
    subprocess.run(["true"], check=True)
""",
    )
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(
        ["*test_unmarked starts LibreOffice but is not marked slow: add @pytest.mark.slow*"]
    )


def test_what_make_test_installs_fails_when_missing_unless_allowed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DRAFTER_TEST_ALLOW_MISSING", raising=False)
    with pytest.raises(pytest.fail.Exception, match=r"Chromium is missing \(Debian package"):
        missing("Chromium", "Debian package chromium")
    monkeypatch.setenv("DRAFTER_TEST_ALLOW_MISSING", "1")
    with pytest.raises(pytest.skip.Exception, match="Chromium is missing"):
        missing("Chromium", "Debian package chromium")
