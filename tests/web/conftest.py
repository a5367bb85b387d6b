"""App and client fixtures for the Flask test-client tests."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from drafter.web import create_app
from tests.conftest import load_example
from tests.web.formdata import form_fields

DAKLAK = "daklak-1691-ubnd-kgvx.json"


@pytest.fixture
def app() -> Iterator[Flask]:
    """The app with CSRF off, for tests about what the form does."""
    yield create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test"})


@pytest.fixture
def csrf_app() -> Iterator[Flask]:
    """The app as deployed: CSRF on."""
    yield create_app({"TESTING": True, "SECRET_KEY": "test"})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def csrf_client(csrf_app: Flask) -> FlaskClient:
    return csrf_app.test_client()


@pytest.fixture
def daklak() -> dict[str, Any]:
    return load_example(DAKLAK)


def post_form(client: FlaskClient, letter: dict[str, Any], action: str = "check", **extra: Any):  # type: ignore[no-untyped-def]
    """POST the letter as the browser would, pressing the button `action`."""
    fields = form_fields(letter, action)
    fields += list(extra.items())
    return client.post("/", data=MultiDict(fields), content_type="multipart/form-data")


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)
