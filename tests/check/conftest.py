"""Good documents for the checker tests: drafter's own rendering and a Word-typed one."""

from __future__ import annotations

import functools

import pytest

from tests.check.builders import word_letter
from tests.conftest import load_example


@functools.cache
def rendered(name: str) -> bytes:
    """An example letter rendered by drafter (cached: rendering is the slow part)."""
    from drafter.model import Letter
    from drafter.render import render_docx

    return render_docx(Letter.from_dict(load_example(name)))


@functools.cache
def typed(via_styles: bool = False) -> bytes:
    return word_letter(via_styles=via_styles)


BASES = {
    "drafter": lambda: rendered("daklak-1691-ubnd-kgvx.json"),
    "word": lambda: typed(False),
    "word-styles": lambda: typed(True),
}


@pytest.fixture(params=sorted(BASES))
def good(request: pytest.FixtureRequest) -> bytes:
    """A correct công văn, from each source in turn."""
    return BASES[request.param]()
