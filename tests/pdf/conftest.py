"""A warm converter shared by the PDF tests, and every example rendered and converted once.

LibreOffice takes seconds to start, so the suite starts one pool and reuses it; tests
that kill or freeze a listener make their own converter instead of breaking this one.
Every test here needs LibreOffice and the warm path (unoserver): a missing one fails them
with the reason (tests/conftest.py), it is never skipped silently.
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


@pytest.fixture(autouse=True)
def _needs_the_warm_path(unoserver: str) -> None:
    """The warm path is what these tests are about: LibreOffice and unoserver, or a failure
    that names the missing one."""


@pytest.fixture(scope="session")
def converter(unoserver: str) -> Iterator[PdfConverter]:
    # Room for eight callers at once (two converting, six waiting): beyond pool + queue a
    # converter refuses at once, which test_listener.py tests on a converter of its own.
    config = PdfConfig(pool_size=2, queue_size=6, timeout=60, unoserver=unoserver)
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
