"""Shared fixtures: the example letters (copies of ../shared/examples) and an artefacts folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES_DIR = FIXTURES / "examples"
EXAMPLE_NAMES = sorted(p.name for p in EXAMPLES_DIR.glob("*.json") if p.name != "expected.json")
# The other kinds (kinds.md), named by their path under examples/: `kinds/qd-….json`.
KIND_EXAMPLE_NAMES = sorted(
    f"kinds/{p.name}" for p in (EXAMPLES_DIR / "kinds").glob("*.json") if p.name != "expected.json"
)
ALL_EXAMPLE_NAMES = EXAMPLE_NAMES + KIND_EXAMPLE_NAMES
ARTIFACTS = Path(__file__).parent.parent / "test-artifacts"


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
