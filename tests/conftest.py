"""Shared fixtures and the suite's two policies.

- Example letters (copies of ../shared/examples) and an artefacts folder.
- What `make test` installs is never silently skipped: Chromium, LibreOffice (and
  .venv-uno's unoserver), poppler and PostgreSQL come through the fixtures below, and a
  missing one FAILS the tests that need it, saying what is missing and how to get it.
  A contributor without them sets DRAFTER_TEST_ALLOW_MISSING=1 to turn those failures
  into skips (never CI: `make test` installs everything).
- `make test-fast` stays fast: a test that starts LibreOffice, Chromium, PostgreSQL or a
  `drafter serve` process must carry the `slow` marker. An audit hook sees every process
  the tests start, and a test that starts one of those without the marker fails.
- One PostgreSQL server for the whole run (`pg_server`), started the first time a test
  asks for it; each suite or test makes its own database on it (`pg_url` gives a test a
  fresh empty one).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import shlex
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

from tests.pg import PostgresServer, PostgresUnavailable, start_postgres

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES_DIR = FIXTURES / "examples"
EXAMPLE_NAMES = sorted(p.name for p in EXAMPLES_DIR.glob("*.json") if p.name != "expected.json")
# The other kinds (kinds.md), named by their path under examples/: `kinds/qd-….json`.
KIND_EXAMPLE_NAMES = sorted(
    f"kinds/{p.name}" for p in (EXAMPLES_DIR / "kinds").glob("*.json") if p.name != "expected.json"
)
ALL_EXAMPLE_NAMES = EXAMPLE_NAMES + KIND_EXAMPLE_NAMES
ARTIFACTS = Path(__file__).parent.parent / "test-artifacts"
ALLOW_MISSING = "DRAFTER_TEST_ALLOW_MISSING"


def load_example(name: str) -> dict[str, Any]:
    """One example letter as parsed JSON (a fresh dict each call)."""
    return json.loads((EXAMPLES_DIR / name).read_text(encoding="utf-8"))


def expected_lines() -> dict[str, dict[str, Any]]:
    """The lines a correct renderer prints, keyed by example file name (`kinds/…` for
    the other kinds)."""
    lines = json.loads((EXAMPLES_DIR / "expected.json").read_text(encoding="utf-8"))
    kinds = json.loads((EXAMPLES_DIR / "kinds" / "expected.json").read_text(encoding="utf-8"))
    return {**lines, **{f"kinds/{name}": value for name, value in kinds.items()}}


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


# --- one PostgreSQL server for the run ------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """The run's PostgreSQL server (tests/pg.py), started when a test first asks for it and
    stopped at the end; DRAFTER_TEST_PG_URL points it at an existing server instead. Make a
    database of your own on it: `pg_server.create_database(name)` for a suite (a name no
    other suite uses), or the `pg_url` fixture for one test."""
    with contextlib.ExitStack() as stack:
        try:
            server = stack.enter_context(start_postgres())
        except PostgresUnavailable as err:
            reason = str(err)
        else:
            yield server
            return
    missing("PostgreSQL", reason)  # outside the except block: one clear message, no chain


_databases = itertools.count(1)


@pytest.fixture
def pg_url(pg_server: PostgresServer, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for this test alone; dropped after it."""
    name = "t_" + re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:40]
    name = f"{name}_{next(_databases)}"
    url = pg_server.create_database(name)
    yield url
    pg_server.drop_database(name)


# --- make test-fast stays fast: heavy processes only in tests marked slow -------------------


HEAVY_PROGRAMS = {
    "soffice": "LibreOffice",
    "soffice.bin": "LibreOffice",
    "libreoffice": "LibreOffice",
    "unoserver": "LibreOffice (unoserver)",
    "chromium": "Chromium",
    "initdb": "PostgreSQL",
    "pg_ctl": "PostgreSQL",
    "postgres": "PostgreSQL",
}


def heavy_program(args: Any) -> str | None:
    """What a process started with `args` (as given to subprocess.Popen) is, if heavy."""
    if isinstance(args, str | bytes | os.PathLike):
        words = shlex.split(os.fsdecode(args))
    else:
        words = [os.fsdecode(word) for word in args]
    names = [os.path.basename(word) for word in words]
    for name in names:
        if name in HEAVY_PROGRAMS:
            return HEAVY_PROGRAMS[name]
    if any("playwright" in word for word in words):
        return "Chromium (Playwright's driver)"
    if "serve" in names and {"drafter", "drafter.cli"} & set(names):
        return "a drafter server (drafter serve)"
    return None


_started: list[str] = []  # what the run started, in order; a test looks at its own slice


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event == "subprocess.Popen":
        with contextlib.suppress(Exception):  # an audit hook must never break the process
            what = heavy_program(args[1] if args[1] is not None else args[0])
            if what:
                _started.append(what)


sys.addaudithook(_audit)
_first: dict[str, int] = {}


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    _first[item.nodeid] = len(_started)  # before the fixtures of this test are set up


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    result = yield
    started = sorted(set(_started[_first.get(item.nodeid, len(_started)) :]))
    if started and item.get_closest_marker("slow") is None:
        pytest.fail(
            f"{item.nodeid} starts {', '.join(started)} but is not marked slow: add "
            "@pytest.mark.slow (or pytestmark = pytest.mark.slow) so make test-fast leaves it out",
            pytrace=False,
        )
    return result
