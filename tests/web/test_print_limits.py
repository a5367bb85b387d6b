"""The work one PDF request may cost (issue 17, item 1).

A valid letter of 500 paragraphs of 3,600 characters (1.8 MB, within every limit) made
617 pages: `POST /print` ran 72 s and took a worker from 104 MB to 4 GB, and the page
checks read every page. Now a letter that would print more than `MAX_PRINT_PAGES` is
refused before LibreOffice (413, in Vietnamese; the .docx still downloads), and the page
checks read at most `MAX_CHECKED_PAGES`. The memory of a worker is measured in
tests/web/test_pdf_web.py (real LibreOffice); here LibreOffice is a fake that must not
be called.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from drafter.context import estimate_pages
from drafter.layout import MAX_PRINT_PAGES
from drafter.model import Letter
from tests.conftest import ALL_EXAMPLE_NAMES, load_example
from tests.web.conftest import AppFactory, World, post_form, sign_in
from tests.web.formdata import form_fields
from tests.web.test_letters import html_of, value_of

SENTENCE = "Nhan duoc Cong van nay, cac don vi trien khai thuc hien nghiem tuc cac noi dung. "


def long_letter(paragraphs: int = 500, length: int = 3600) -> dict[str, Any]:
    """The attack's letter: valid, within every input limit, hundreds of pages long. (As
    a form, whose every block posts seven fields, 500 × 2,000 characters fit the limit.)"""
    letter = load_example("daklak-1691-ubnd-kgvx.json")
    text = (SENTENCE * (length // len(SENTENCE) + 1))[:length]
    letter["noi_dung"] = [{"type": "paragraph", "text": text} for _ in range(paragraphs)]
    return letter


class NoLibreOffice:
    """A converter that fails the test if anything asks it for a PDF."""

    calls = 0

    def convert(self, data: bytes, timeout: float | None = None) -> bytes:
        NoLibreOffice.calls += 1
        raise AssertionError("LibreOffice was asked to convert a letter it must refuse")


@pytest.fixture
def refusing(make_app: AppFactory, world: World) -> FlaskClient:
    NoLibreOffice.calls = 0
    app: Flask = make_app(PDF_CONVERTER=NoLibreOffice())
    return sign_in(app.test_client(), world.soan_a, world)


def test_the_estimate_is_a_lower_bound_of_the_examples() -> None:
    """Every example prints 1 or 2 pages (LibreOffice, tests/pdf): never estimated more."""
    for name in ALL_EXAMPLE_NAMES:
        assert 1 <= estimate_pages(Letter.from_dict(load_example(name))) <= 2, name


@pytest.mark.parametrize(
    ("paragraphs", "length", "printed"),
    # pages LibreOffice prints (measured on this machine, drafter's template)
    [(20, 3600, 25), (60, 3600, 72), (500, 40, 18), (500, 200, 44)],
)
def test_the_estimate_is_below_what_libreoffice_prints(
    paragraphs: int, length: int, printed: int
) -> None:
    estimate = estimate_pages(Letter.from_dict(long_letter(paragraphs, length)))
    assert 0.45 * printed <= estimate <= printed


def test_the_attacks_letter_is_far_over_the_limit() -> None:
    data = long_letter()
    assert len(json.dumps(data).encode()) < 2 * 1024 * 1024  # within the body limit
    assert estimate_pages(Letter.from_dict(data)) > 5 * MAX_PRINT_PAGES


def test_print_preview_refuses_before_libreoffice(refusing: FlaskClient) -> None:
    started = time.monotonic()
    response = refusing.post("/print", data=MultiDict(form_fields(long_letter(500, 2000))))
    assert time.monotonic() - started < 10
    assert response.status_code == 413
    html = html_of(response)
    assert f"tối đa {MAX_PRINT_PAGES} trang" in html and "Tải .docx" in html
    assert NoLibreOffice.calls == 0


def test_the_print_button_and_the_pdf_download_refuse_and_keep_the_text(
    refusing: FlaskClient,
) -> None:
    for action in ("print", "pdf"):
        response = post_form(refusing, long_letter(500, 2000), action)
        assert response.status_code == 413, action
        html = html_of(response)
        assert f"tối đa {MAX_PRINT_PAGES} trang" in html
        assert value_of(html, "ky_hieu") == "UBND-KGVX"  # nothing typed is lost
    assert NoLibreOffice.calls == 0


def test_the_api_refuses_a_pdf_too_long_to_print(refusing: FlaskClient) -> None:
    response = refusing.post("/api/v1/render?format=pdf", json=long_letter())
    assert response.status_code == 413
    assert response.json["error"] == "Dữ liệu quá lớn"
    assert f"tối đa {MAX_PRINT_PAGES} trang" in response.json["message"]
    assert NoLibreOffice.calls == 0


def test_the_docx_of_a_long_letter_still_downloads(refusing: FlaskClient) -> None:
    response = post_form(refusing, long_letter(500, 2000), "docx")
    assert response.status_code == 200 and response.data[:2] == b"PK"
    response = refusing.post("/api/v1/render", json=long_letter())
    assert response.status_code == 200 and response.data[:2] == b"PK"
