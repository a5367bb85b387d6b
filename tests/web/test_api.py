"""HTTP API v1: /validate, /render, /tasks, /openapi.json."""

from __future__ import annotations

import json
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from drafter.kinds import load_kind
from drafter.model import Letter
from drafter.render import render_docx
from drafter.web import api
from tests.conftest import ALL_EXAMPLE_NAMES, EXAMPLE_NAMES, load_example
from tests.docx_reading import all_text, open_docx
from tests.viethoa.test_examples import PINNED
from tests.web.conftest import AppFactory

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.mark.parametrize("name", ALL_EXAMPLE_NAMES)
def test_validate_accepts_every_example(client: FlaskClient, name: str) -> None:
    """Valid, with the viết hoa lưu ý of Phụ lục II as warnings (the pinned true faults)."""
    response = client.post("/api/v1/validate", json=load_example(name))
    assert response.status_code == 200
    assert response.json["ok"] is True
    got = [(w["rule"], w["path"], w["found"], w["suggestion"]) for w in response.json["warnings"]]
    assert got == PINNED.get(name.removeprefix("kinds/"), [])
    assert all(w["severity"] == "warning" and w["message"] for w in response.json["warnings"])


def test_an_invalid_letter_has_its_warnings_beside_its_problems(client: FlaskClient) -> None:
    letter = load_example("quangngai-2116-ubnd-nc.json")
    letter["ky_hieu"] = ""
    response = client.post("/api/v1/validate", json=letter)
    assert response.status_code == 422
    assert [p["path"] for p in response.json["problems"]] == ["ky_hieu"]
    assert [w["rule"] for w in response.json["warnings"]] == ["V3"]


def test_validate_lists_every_problem(client: FlaskClient, daklak: dict) -> None:
    daklak["ky"]["ho_ten"] = ""
    daklak["noi_dung"][2]["text"] = 5
    daklak["typo"] = 1
    response = client.post("/api/v1/validate", json=daklak)
    assert response.status_code == 422
    body = response.json
    assert body["ok"] is False
    paths = [p["path"] for p in body["problems"]]
    assert set(paths) == {"typo", "noi_dung[2].text", "ky.ho_ten"}
    assert all(p["message"] for p in body["problems"])


def test_validate_non_object(client: FlaskClient) -> None:
    response = client.post("/api/v1/validate", json=[1, 2])
    assert response.status_code == 422
    assert response.json["problems"][0]["path"] == ""


def test_render_returns_the_docx(client: FlaskClient, daklak: dict) -> None:
    response = client.post("/api/v1/render", json=daklak)
    assert response.status_code == 200
    assert response.mimetype == DOCX
    assert response.data == render_docx(Letter.from_dict(daklak))
    header = response.headers["Content-Disposition"]
    assert 'filename="1691-UBND-KGVX-' in header and "filename*=UTF-8''" in header


def test_render_invalid_is_422_json(client: FlaskClient, daklak: dict) -> None:
    del daklak["ky"]
    response = client.post("/api/v1/render", json=daklak)
    assert response.status_code == 422
    assert response.json["problems"] == [{"path": "ky", "message": "Thiếu khối chữ ký (ky)."}]


def test_render_hostile_text_verbatim(client: FlaskClient) -> None:
    letter = load_example("hostile-text.json")
    letter["kinh_gui"] = ["{{ 7*7 }} <script>&amp; x"]
    text = all_text(open_docx(client.post("/api/v1/render", json=letter).data))
    assert "Kính gửi: {{ 7*7 }} <script>&amp; x." in text


@pytest.mark.parametrize("endpoint", ["validate", "render", "tasks"])
def test_content_type_must_be_json(client: FlaskClient, daklak: dict, endpoint: str) -> None:
    response = client.post(f"/api/v1/{endpoint}", data=json.dumps(daklak))
    assert response.status_code == 415
    assert response.json["ok"] is False
    response = client.post(
        f"/api/v1/{endpoint}", data={"x": "1"}, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415


@pytest.mark.parametrize(
    ("body", "message"),
    [(b"{bad", "dòng 1, cột 2"), (b"\xff\xfe", "JSON UTF-8"), (b"", "JSON")],
)
def test_invalid_json_is_400(client: FlaskClient, body: bytes, message: str) -> None:
    response = client.post("/api/v1/validate", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json["ok"] is False
    assert response.json["error"] == "Yêu cầu không hợp lệ"
    assert message in response.json["message"]


def test_json_with_a_bom_and_charset(client: FlaskClient, daklak: dict) -> None:
    body = "\ufeff" + json.dumps(daklak, ensure_ascii=False)
    response = client.post(
        "/api/v1/validate", data=body.encode(), content_type="application/json; charset=utf-8"
    )
    assert response.status_code == 200


def test_oversize_is_413_json(app: Flask, daklak: dict) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 2000
    daklak["noi_dung"][0]["text"] = "x" * 5000
    response = app.test_client().post("/api/v1/render", json=daklak)
    assert response.status_code == 413
    assert response.json["ok"] is False
    assert "2000" in response.json["message"] or "kB" in response.json["message"]


def test_api_needs_no_csrf_token(csrf_client: FlaskClient, daklak: dict) -> None:
    assert csrf_client.post("/api/v1/validate", json=daklak).status_code == 200
    assert csrf_client.post("/api/v1/render", json=daklak).status_code == 200


def test_wrong_method(client: FlaskClient) -> None:
    response = client.get("/api/v1/render")
    assert response.status_code == 405
    assert response.json["ok"] is False


@pytest.mark.parametrize(("fmt", "mimetype"), [("csv", "text/csv"), ("ics", "text/calendar")])
def test_tasks(client: FlaskClient, daklak: dict, fmt: str, mimetype: str) -> None:
    response = client.post(f"/api/v1/tasks?format={fmt}", json=daklak)
    assert response.status_code == 200
    assert response.mimetype == mimetype
    # the charset once (issue 17, item 13: it was sent twice)
    assert response.headers["Content-Type"] == f"{mimetype}; charset=utf-8"
    assert f"nhiem-vu.{fmt}" in response.headers["Content-Disposition"]


def test_tasks_csv_cells_never_start_a_formula(client: FlaskClient, daklak: dict) -> None:
    daklak["noi_dung"][1]["text"] = '=HYPERLINK("http://evil.example","x")'
    text = client.post("/api/v1/tasks?format=csv", json=daklak).data.decode("utf-8-sig")
    assert ',"\'=HYPERLINK(""http://evil.example"",""x"")",' in text


def test_tasks_bad_format(client: FlaskClient, daklak: dict) -> None:
    response = client.post("/api/v1/tasks?format=xlsx", json=daklak)
    assert response.status_code == 400
    assert "xlsx" in response.json["message"]


def test_openapi_document(client: FlaskClient) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.json
    assert doc["openapi"].startswith("3.")
    assert {"/validate", "/render", "/tasks", "/openapi.json"} <= set(doc["paths"])
    assert doc["servers"] == [{"url": "/api/v1"}]
    letter = doc["components"]["schemas"]["Letter_cong_van"]
    declared = {f.key for f in load_kind("cong_van").top(allowed_only=False)}
    assert set(letter["properties"]) == {"format", "kind"} | declared
    for path in ("/validate", "/render", "/tasks"):
        assert {"400", "413", "415", "422"} <= set(doc["paths"][path]["post"]["responses"])


def test_every_registered_api_route_is_documented(app: Flask, client: FlaskClient) -> None:
    doc = client.get("/api/v1/openapi.json").json
    routes = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", r.rule.removeprefix("/api/v1"))
        for r in app.url_map.iter_rules()
        if r.rule.startswith("/api/v1")
    }
    assert routes == set(doc["paths"])


def test_served_letter_schemas_are_the_generated_ones(client: FlaskClient) -> None:
    """The letter schemas of the OpenAPI document come from the kinds' declarations
    (tools/build_openapi.py); a declaration changed without rebuilding fails here."""
    from drafter.schema import is_generated, schemas

    served = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    assert {k: v for k, v in served.items() if is_generated(k)} == schemas()


def test_every_example_is_valid_against_its_generated_schema() -> None:
    """The generated schema accepts what the model accepts: every example letter."""
    import jsonschema

    from drafter.schema import letter_name, schemas

    components = schemas()
    for name in EXAMPLE_NAMES:
        letter = load_example(name)
        root = components[letter_name(load_kind(letter["kind"]))]
        schema = {**root, "components": {"schemas": components}}
        jsonschema.validate(letter, schema)
        with pytest.raises(jsonschema.ValidationError):  # a typo is refused here too
            jsonschema.validate({**letter, "trich_yu": "gõ nhầm"}, schema)


# --- Issue 17, "Also": a per-client rate limit for the anonymous API ---------------------------


def test_a_flood_of_the_anonymous_api_is_limited(make_app: AppFactory, daklak: dict) -> None:
    app = make_app(API_RATE_LIMIT=3, API_RATE_WINDOW=60)
    client = app.test_client()
    for path in ("/api/v1/validate", "/api/v1/render", "/api/v1/tasks"):
        assert client.post(path, json=daklak).status_code == 200
    response = client.post("/api/v1/render", json=daklak)
    assert response.status_code == 429
    assert response.json["ok"] is False and response.json["error"] == "Quá nhiều yêu cầu"
    assert "3 yêu cầu mỗi 60 giây" in response.json["message"]
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert client.post("/api/v1/validate", json=daklak).status_code == 429  # one count
    assert client.get("/api/v1/openapi.json").status_code == 200  # a static document
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    assert other.post("/api/v1/render", json=daklak).status_code == 200


def test_the_count_is_shared_by_every_instance(make_app: AppFactory, daklak: dict) -> None:
    first, second = make_app(API_RATE_LIMIT=2), make_app(API_RATE_LIMIT=2)
    assert first.test_client().post("/api/v1/validate", json=daklak).status_code == 200
    assert second.test_client().post("/api/v1/validate", json=daklak).status_code == 200
    assert first.test_client().post("/api/v1/validate", json=daklak).status_code == 429
    assert second.test_client().post("/api/v1/validate", json=daklak).status_code == 429


def test_behind_the_proxy_each_user_has_a_count(make_app: AppFactory, daklak: dict) -> None:
    app = make_app(API_RATE_LIMIT=1, TRUSTED_PROXIES=1)
    for address in ("203.0.113.1", "203.0.113.2"):
        client = app.test_client()
        client.environ_base["HTTP_X_FORWARDED_FOR"] = address
        assert client.post("/api/v1/validate", json=daklak).status_code == 200
        assert client.post("/api/v1/validate", json=daklak).status_code == 429


def test_ipv6_clients_are_counted_by_their_network(make_app: AppFactory, daklak: dict) -> None:
    """A host is handed a whole /64: rotating addresses in it does not reset the count."""
    app = make_app(API_RATE_LIMIT=1)
    for address, status in (("2001:db8:1:2::10", 200), ("2001:db8:1:2::99", 429)):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = address
        assert client.post("/api/v1/validate", json=daklak).status_code == status
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "2001:db8:1:3::10"
    assert client.post("/api/v1/validate", json=daklak).status_code == 200


def test_the_limit_can_be_off_and_spares_token_clients(
    make_app: AppFactory, daklak: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = make_app(API_RATE_LIMIT=0).test_client()
    assert {client.post("/api/v1/validate", json=daklak).status_code for _ in range(5)} == {200}
    client = make_app(API_RATE_LIMIT=1).test_client()
    monkeypatch.setattr(api, "token_client", lambda: "văn phòng điện tử")
    assert {client.post("/api/v1/validate", json=daklak).status_code for _ in range(3)} == {200}


def test_the_limit_on_both_databases(backend_app: Flask, daklak: dict) -> None:
    backend_app.config["API_RATE_LIMIT"] = 2
    client = backend_app.test_client()
    statuses = [client.post("/api/v1/validate", json=daklak).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
