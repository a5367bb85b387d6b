"""A warm converter shared by the PDF tests, and every example rendered and converted once.

LibreOffice takes seconds to start, so the suite starts one pool and reuses it; tests
that kill or freeze a listener make their own converter instead of breaking this one.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from drafter.model import Letter
from drafter.pdf import PdfConfig, PdfConverter
from drafter.render import render_docx
from tests.conftest import load_example


def require_warm(config: PdfConfig) -> None:
    """The warm path is what these tests are about: fail loudly if unoserver is absent."""
    assert config.unoserver, "unoserver not found: run `make test` (it makes .venv-uno)"


@pytest.fixture(scope="session")
def converter() -> Iterator[PdfConverter]:
    # Room for eight callers at once (two converting, six waiting): beyond pool + queue a
    # converter refuses at once, which test_listener.py tests on a converter of its own.
    config = PdfConfig(pool_size=2, queue_size=6, timeout=60)
    require_warm(config)
    with PdfConverter(config) as conv:
        conv.warm_up()
        yield conv


def letter_docx(data: dict[str, Any]) -> bytes:
    return render_docx(Letter.from_dict(data))


_PDFS: dict[str, bytes] = {}


@pytest.fixture(scope="session")
def example_pdf(converter: PdfConverter) -> Callable[[str], bytes]:
    """The PDF of an example letter, converted once per session."""

    def get(name: str) -> bytes:
        if name not in _PDFS:
            _PDFS[name] = converter.convert(letter_docx(load_example(name)))
        return _PDFS[name]

    return get


def edit_document_xml(docx: bytes, edit: Callable[[str], str]) -> bytes:
    """A copy of a .docx with word/document.xml changed by `edit` (which must change it)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                changed = edit(text)
                assert changed != text, "the edit did not apply"
                data = changed.encode("utf-8")
            dst.writestr(item, data)
    return out.getvalue()
