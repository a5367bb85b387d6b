"""Rules of the house that a refactor could silently break."""

from __future__ import annotations

import ast
import filecmp
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "drafter"
SHARED = ROOT.parent / "shared"
WEB_LAYERS = {"web", "store"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_domain_never_imports_flask() -> None:
    """design.md: drafter/ outside web/ and store/ knows nothing of Flask."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in PACKAGE.rglob("*.py")
        if not WEB_LAYERS & set(path.relative_to(PACKAGE).parts[:1])
        and {"flask", "flask_wtf", "wtforms", "werkzeug"} & _imports(path)
    ]
    assert offenders == []


def test_the_import_check_sees_flask(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text("from flask import Flask\n")
    assert "flask" in _imports(sample)


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not beside this clone")
@pytest.mark.parametrize(
    ("copy", "original"),
    [
        ("tests/fixtures/examples", "examples"),
        ("tests/fixtures/examples/kinds", "examples/kinds"),
        ("docs/spec", "spec"),
    ],
)
def test_copies_equal_shared_originals(copy: str, original: str) -> None:
    """The repo stands alone with copies of ../shared; they must not drift."""
    theirs = SHARED / original
    ours = ROOT / copy
    names = sorted(p.name for p in theirs.iterdir() if p.is_file())
    assert sorted(p.name for p in ours.iterdir() if p.is_file()) == names
    _match, mismatch, errors = filecmp.cmpfiles(theirs, ours, names, shallow=False)
    assert (mismatch, errors) == ([], [])
