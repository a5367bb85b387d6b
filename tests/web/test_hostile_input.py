"""Hostile input at every door the letter comes in by (issue 17, item 5): JSON nested
100,000 deep, a 5,000-digit number, a lone surrogate, ids no database column holds. Each
is a clear 4xx in Vietnamese, never a 500.

The JSON doors: the stateless API, the drafts API, mẫu import and “Mở JSON” on the form
(the CLI's is in tests/core/test_cli.py). They all read through `drafter.jsoninput`.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from tests.web.conftest import World
from tests.web.formdata import form_fields
from tests.web.test_letters import html_of

DEEP = b"[" * 100_000 + b"]" * 100_000
DEEP_OBJECT = b'{"a":' * 100_000 + b"1" + b"}" * 100_000
LONG_NUMBER = b'{"format": 1, "so": ' + b"7" * 5000 + b"}"
LONE_SURROGATE = b'{"format": 1, "trich_yeu": "V/v \\ud800 h\\u1ecdp"}'
SURROGATE_KEY = b'{"format": 1, "\\udfff": 1}'
HUGE = "99999999999999999999999"

# body → the words the refusal must contain
HOSTILE = {
    "deep-list": (DEEP, "lồng nhau quá"),
    "deep-object": (DEEP_OBJECT, "lồng nhau quá"),
    "long-number": (LONG_NUMBER, "chữ số"),
    "lone-surrogate": (LONE_SURROGATE, "ký tự không hợp lệ"),
    "surrogate-key": (SURROGATE_KEY, "ký tự không hợp lệ"),
}
CASES = sorted(HOSTILE)


def drafts_body(raw: bytes) -> bytes:
    return b'{"letter": ' + raw + b"}"


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("endpoint", ["validate", "render", "tasks"])
def test_the_stateless_api(client: FlaskClient, case: str, endpoint: str) -> None:
    body, words = HOSTILE[case]
    response = client.post(f"/api/v1/{endpoint}", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json["ok"] is False and response.json["error"] == "Yêu cầu không hợp lệ"
    assert words in response.json["message"]


@pytest.mark.parametrize("case", CASES)
def test_the_drafts_api(client: FlaskClient, world: World, case: str) -> None:
    body, words = HOSTILE[case]
    for method, path in (("POST", "/api/v1/drafts"), ("PUT", f"/api/v1/drafts/{world.draft_a}")):
        response = client.open(
            path, method=method, data=drafts_body(body), content_type="application/json"
        )
        assert response.status_code == 400, (method, response.json)
        assert words in response.json["message"]


def test_a_lone_surrogate_in_a_draft_title(client: FlaskClient, daklak: dict) -> None:
    body = json.dumps({"letter": {"format": 1}, "title": "Bản nháp \ud800"}).encode()
    assert b"\\ud800" in body
    response = client.post("/api/v1/drafts", data=body, content_type="application/json")
    assert response.status_code == 400 and "ký tự không hợp lệ" in response.json["message"]
    # an ordinary astral character (a surrogate pair in JSON) is text like any other
    body = json.dumps({"letter": {"format": 1}, "title": "Bản nháp 📄"}).encode()
    response = client.post("/api/v1/drafts", data=body, content_type="application/json")
    assert response.status_code == 201 and response.json["title"] == "Bản nháp 📄"


@pytest.mark.parametrize("case", CASES)
def test_mau_import(client: FlaskClient, case: str) -> None:
    body, words = HOSTILE[case]
    response = client.post(
        "/mau/import",
        data={"file": (io.BytesIO(body), "mau.json"), "name": "Nhập"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert words in html_of(response) and "mau.json" in html_of(response)


@pytest.mark.parametrize("case", CASES)
def test_open_json_on_the_form(client: FlaskClient, daklak: dict, case: str) -> None:
    body, words = HOSTILE[case]
    fields = MultiDict(form_fields(daklak, "open"))
    fields.add("json_file", (io.BytesIO(body), "cv.json"))
    response = client.post("/", data=fields, content_type="multipart/form-data")
    assert response.status_code == 400
    html = html_of(response)
    assert words in html and 'value="UBND-KGVX"' in html  # the letter in the form stays


@pytest.mark.parametrize(
    "path",
    [
        f"/drafts/{HUGE}",
        f"/drafts/{HUGE}/versions",
        f"/drafts/1/versions/{HUGE}/restore",
        f"/api/v1/drafts/{HUGE}",
        f"/mau/{HUGE}/edit",
        f"/mau/{HUGE}/export",
        f"/presets/signers/{HUGE}",
        f"/presets/groups/{HUGE}",
        f"/drafts/{2**63}",
    ],
)
def test_ids_no_database_holds_are_not_found(client: FlaskClient, path: str) -> None:
    method = "POST" if path.endswith("/restore") else "GET"
    response = client.open(path, method=method)
    assert response.status_code == 404


def test_the_largest_id_a_database_holds_is_an_ordinary_unknown_id(client: FlaskClient) -> None:
    assert client.get(f"/drafts/{2**63 - 1}").status_code == 404
    assert client.get(f"/api/v1/drafts/{2**63 - 1}").json["error"] == "Không tìm thấy"


@pytest.mark.parametrize("value", [HUGE, "-1", "abc", "0", "²", "١٢"])
def test_a_new_letter_from_a_mau_id_no_database_holds(client: FlaskClient, value: str) -> None:
    response = client.get("/", query_string={"mau": value})
    assert response.status_code in (200, 404)


def test_an_expected_version_no_database_holds(client: FlaskClient, world: World) -> None:
    body: dict[str, Any] = {"letter": {"format": 1}, "expected_version": 10**30}
    response = client.put(f"/api/v1/drafts/{world.draft_a}", json=body)
    assert response.status_code == 422
    assert response.json["problems"][0]["path"] == "expected_version"
