"""Shared fixtures, and the suite's skip policy.

- Example letters (copies of ../shared/examples) and an artefacts folder.
- What `make test` installs is never silently skipped: Chromium, LibreOffice (and
  .venv-uno's unoserver) and poppler come through the fixtures below, and a missing one
  FAILS the tests that need it, saying what is missing and how to get it. A contributor
  without them sets DRAFTER_TEST_ALLOW_MISSING=1 to turn those failures into skips
  (never CI: `make test` installs everything).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any, NoReturn

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES_DIR = FIXTURES / "examples"
EXAMPLE_NAMES = sorted(p.name for p in EXAMPLES_DIR.glob("*.json") if p.name != "expected.json")
ARTIFACTS = Path(__file__).parent.parent / "test-artifacts"
ALLOW_MISSING = "DRAFTER_TEST_ALLOW_MISSING"


def load_example(name: str) -> dict[str, Any]:
    """One example letter as parsed JSON (a fresh dict each call)."""
    return json.loads((EXAMPLES_DIR / name).read_text(encoding="utf-8"))


def expected_lines() -> dict[str, dict[str, Any]]:
    """The lines a correct renderer prints, keyed by example file name."""
    return json.loads((EXAMPLES_DIR / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(params=EXAMPLE_NAMES)
def example_name(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where tests leave files for a person to look at (screenshots, PNG pages)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# --- what make test installs: present, or a failure that says so ----------------------------


def missing(what: str, how: str) -> NoReturn:
    """`what` is not on this machine: fail (skip only when DRAFTER_TEST_ALLOW_MISSING=1)."""
    message = (
        f"{what} is missing ({how.rstrip('.')}): `make test` installs it; "
        f"set {ALLOW_MISSING}=1 to skip the tests that need it instead"
    )
    if os.environ.get(ALLOW_MISSING) == "1":
        pytest.skip(message)
    pytest.fail(message, pytrace=False)


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's Chromium, which Playwright drives (it never downloads a browser here)."""
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        missing("Chromium", "Debian package chromium, /usr/bin/chromium")
    return path


@pytest.fixture(scope="session")
def libreoffice() -> str:
    """The soffice that drafter.pdf runs (DRAFTER_SOFFICE, else the one on PATH)."""
    path = os.environ.get("DRAFTER_SOFFICE") or shutil.which("soffice")
    if not path or not Path(path).exists():
        missing("LibreOffice", "Debian package libreoffice-writer-nogui, soffice")
    return path


@pytest.fixture(scope="session")
def unoserver(libreoffice: str) -> str:
    """The unoserver of the warm PDF path (.venv-uno/bin/unoserver in a checkout)."""
    from drafter.pdf import PdfConfig

    path = PdfConfig.from_env().unoserver
    if not path:
        missing("unoserver", ".venv-uno/bin/unoserver, made from requirements-uno.lock")
    return path


@pytest.fixture(scope="session")
def poppler() -> None:
    """poppler-utils' command-line tools, a second opinion on the PDFs."""
    absent = [tool for tool in ("pdffonts", "pdftoppm") if shutil.which(tool) is None]
    if absent:
        missing("poppler", f"Debian package poppler-utils, {' and '.join(absent)}")
