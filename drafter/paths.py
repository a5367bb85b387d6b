"""Where drafter finds its document templates and form definitions.

Both live at the top of the repository (`templates_docx/`, `forms/`) and ship inside the
wheel as the packages `drafter.templates_docx` and `drafter.forms` (pyproject maps them),
so a source checkout and an installed drafter find them the same way. The environment
variables DRAFTER_TEMPLATES_DIR and DRAFTER_FORMS_DIR point elsewhere.
"""

from __future__ import annotations

import importlib
import os
from functools import cache
from pathlib import Path


def _resolve(env: str, package: str) -> Path:
    return _resolved(env, package, os.environ.get(env) or "")


@cache
def _resolved(env: str, package: str, override: str) -> Path:
    """The folder for `package`, found once per override (a hot path: every letter asks)."""
    if override:
        return Path(override)
    checkout = Path(__file__).resolve().parent.parent / package.rpartition(".")[2]
    if checkout.is_dir():
        return checkout
    # The shipped folders are namespace packages (no __init__.py): take their one path.
    return Path(next(iter(importlib.import_module(package).__path__)))


def templates_dir() -> Path:
    """The folder of the docxtpl .docx templates."""
    return _resolve("DRAFTER_TEMPLATES_DIR", "drafter.templates_docx")


def forms_dir() -> Path:
    """The folder of the document-kind definitions (TOML)."""
    return _resolve("DRAFTER_FORMS_DIR", "drafter.forms")
