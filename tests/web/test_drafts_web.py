"""Drafts through the web: the JSON API app.js saves through, “Lưu” without JavaScript,
two saves of one draft at once (one wins, the other is refused, nothing lost), versions,
restore, delete, the .docx of a draft."""

from __future__ import annotations

import json
import threading
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text as sql
from werkzeug.datastructures import MultiDict

from drafter.store import list_versions
from drafter.store.letters import clean_partial_letter
from drafter.web.forms import from_letter_dict, to_letter_dict
from tests.docx_reading import all_text, open_docx
from tests.web.conftest import World, meta_csrf, post_form, sign_in
from tests.web.formdata import form_fields
from tests.web.test_letters import has_autofocus, html_of, value_of

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def api(client: FlaskClient, method: str, path: str, body: Any, token: str | None = None):  # type: ignore[no-untyped-def]
    headers = {"X-CSRFToken": token} if token else {}
    return client.open(path, method=method, json=body, headers=headers)


def test_api_create_get_save(client: FlaskClient, daklak: dict) -> None:
    created = api(client, "POST", "/api/v1/drafts", {"letter": daklak})
    assert created.status_code == 201
    draft_id, version = created.json["id"], created.json["version"]
    assert version == 1 and created.headers["Location"] == f"/api/v1/drafts/{draft_id}"
    got = client.get(f"/api/v1/drafts/{draft_id}")
    assert got.status_code == 200
    assert got.json["letter"] == daklak and got.json["version"] == 1

    daklak["so"] = "1692"
    saved = api(
        client,
        "PUT",
        f"/api/v1/drafts/{draft_id}",
        {"letter": daklak, "expected_version": 1, "kind": "save"},
    )
    assert saved.status_code == 200 and saved.json["version"] == 2
    assert client.get(f"/api/v1/drafts/{draft_id}").json["letter"]["so"] == "1692"


def test_api_stale_save_is_409_and_writes_nothing(client: FlaskClient, daklak: dict) -> None:
    draft_id = api(client, "POST", "/api/v1/drafts", {"letter": daklak}).json["id"]
    url = f"/api/v1/drafts/{draft_id}"
    first = api(client, "PUT", url, {"letter": {**daklak, "so": "1"}, "expected_version": 1})
    stale = api(client, "PUT", url, {"letter": {**daklak, "so": "2"}, "expected_version": 1})
    assert first.status_code == 200 and stale.status_code == 409
    assert stale.json["current_version"] == 2
    assert "nội dung bạn đang soạn vẫn còn nguyên" in stale.json["message"]
    assert client.get(url).json["letter"]["so"] == "1"


def test_api_autosave_keeps_one_version_a_minute(
    app: Flask, client: FlaskClient, world: World, daklak: dict
) -> None:
    draft_id = api(client, "POST", "/api/v1/drafts", {"letter": {}, "kind": "autosave"}).json["id"]
    url = f"/api/v1/drafts/{draft_id}"
    version = 1
    for text in ("a", "ab", "abc", "abc"):
        answer = api(
            client,
            "PUT",
            url,
            {"letter": {"trich_yeu": text}, "expected_version": version, "kind": "autosave"},
        )
        assert answer.status_code == 200
        version = answer.json["version"]
    with app.extensions["drafter.store"].transaction(readonly=True) as s:
        versions = list_versions(s, world.a, world.soan_a, draft_id)
    assert len(versions) == 1 and versions[0].n == version == 4  # the token still moved


def test_api_keeps_an_incomplete_letter_and_refuses_a_malformed_one(
    client: FlaskClient,
) -> None:
    partial = {"trich_yeu": "mới gõ được một dòng", "kinh_gui": []}
    created = api(client, "POST", "/api/v1/drafts", {"letter": partial, "title": "Thử"})
    assert created.status_code == 201 and created.json["title"] == "mới gõ được một dòng"
    untitled = api(client, "POST", "/api/v1/drafts", {"letter": {}, "title": "Giấy mời"})
    assert untitled.json["title"] == "Giấy mời"

    bad = api(client, "POST", "/api/v1/drafts", {"letter": {"trichyeu": "x", "so": 5}})
    assert bad.status_code == 422
    assert {p["path"] for p in bad.json["problems"]} == {"trichyeu", "so"}
    assert api(client, "POST", "/api/v1/drafts", [1]).status_code == 422
    assert api(client, "POST", "/api/v1/drafts", {"letter": {}, "extra": 1}).status_code == 422
    url = f"/api/v1/drafts/{created.json['id']}"
    for version in (None, "1", True, 0):
        answer = api(client, "PUT", url, {"letter": {}, "expected_version": version})
        assert answer.status_code == 422, version
        assert answer.json["problems"][0]["path"] == "expected_version"
    answer = api(client, "PUT", url, {"letter": {}, "expected_version": 1, "kind": "draft"})
    assert answer.status_code == 422
    assert client.post("/api/v1/drafts", data="{}").status_code == 415
    broken = client.post("/api/v1/drafts", data="{", content_type="application/json")
    assert broken.status_code == 400 and "JSON" in broken.json["message"]


def test_api_needs_a_session_and_the_csrf_header(
    csrf_app: Flask, csrf_client: FlaskClient, daklak: dict
) -> None:
    anonymous = csrf_app.test_client().post("/api/v1/drafts", json={"letter": daklak})
    assert anonymous.status_code == 401 and anonymous.json["ok"] is False
    assert "đăng nhập" in anonymous.json["message"]
    missing = csrf_client.post("/api/v1/drafts", json={"letter": daklak})
    assert missing.status_code == 400 and "mã bảo vệ" in missing.json["message"]
    token = meta_csrf(html_of(csrf_client.get("/")))
    created = api(csrf_client, "POST", "/api/v1/drafts", {"letter": daklak}, token)
    assert created.status_code == 201
    wrong = api(
        csrf_client,
        "PUT",
        f"/api/v1/drafts/{created.json['id']}",
        {"letter": daklak, "expected_version": 1},
        "forged",
    )
    assert wrong.status_code == 400


# --- “Lưu” without JavaScript ------------------------------------------------------------------


def test_save_button_creates_then_versions_the_draft(client: FlaskClient, daklak: dict) -> None:
    response = post_form(client, daklak, "save")
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location.startswith("/drafts/")
    page = html_of(client.get(location))
    assert "Đã lưu bản nháp (phiên bản 1)" in page
    assert value_of(page, "draft_version") == "1" and value_of(page, "ky_hieu") == "UBND-KGVX"
    draft_id = value_of(page, "draft_id")

    daklak["trich_yeu"] = "bản sửa"
    response = post_form(client, daklak, "save", draft_id=draft_id, draft_version="1")
    assert response.status_code == 303 and response.headers["Location"] == location
    assert "Đã lưu bản nháp (phiên bản 2)" in html_of(client.get(location))


def test_save_from_an_old_version_keeps_the_text_and_offers_a_copy(
    client: FlaskClient, daklak: dict
) -> None:
    draft_id = post_form(client, daklak, "save").headers["Location"].rsplit("/", 1)[1]
    post_form(client, daklak, "save", draft_id=draft_id, draft_version="1")  # another tab
    daklak["trich_yeu"] = "thẻ thứ hai"
    response = post_form(client, daklak, "save", draft_id=draft_id, draft_version="1")
    assert response.status_code == 409
    page = html_of(response)
    assert "Bản nháp đã được lưu ở nơi khác" in page and has_autofocus(page, "notice")
    assert value_of(page, "trich_yeu") == "thẻ thứ hai"  # nothing lost
    assert (
        '<div id="conflict" class="conflict"' in page
        and "hidden>" not in page.split('<div id="conflict"')[1].split(">")[0]
    )
    assert 'value="save_copy"' in page and f'href="/drafts/{draft_id}"' in page

    response = post_form(client, daklak, "save_copy", draft_id=draft_id, draft_version="1")
    assert response.status_code == 303
    copy_id = response.headers["Location"].rsplit("/", 1)[1]
    assert copy_id != draft_id
    assert client.get(f"/api/v1/drafts/{copy_id}").json["letter"]["trich_yeu"] == "thẻ thứ hai"
    assert client.get(f"/api/v1/drafts/{draft_id}").json["version"] == 2


def test_saving_into_someone_elses_draft_saves_nothing(
    app: Flask, world: World, daklak: dict
) -> None:
    other = sign_in(app.test_client(), world.soan_a2, world)
    response = post_form(other, daklak, "save", draft_id=str(world.draft_a), draft_version="1")
    assert response.status_code == 404
    page = html_of(response)
    assert "không còn" in page and value_of(page, "ky_hieu") == "UBND-KGVX"
    assert value_of(page, "draft_id") == ""  # the next “Lưu” makes a draft of one's own


def test_the_form_saves_what_app_js_would(client: FlaskClient, daklak: dict) -> None:
    """The server's “Lưu” stores forms.to_letter_dict (app.js builds the same; e2e checks)."""
    location = post_form(client, daklak, "save").headers["Location"]
    stored = client.get("/api/v1" + location).json["letter"]
    assert stored == clean_partial_letter(to_letter_dict(from_letter_dict(daklak)).letter)


# --- Pages ---------------------------------------------------------------------------------------


def test_list_versions_restore_delete(client: FlaskClient, world: World, daklak: dict) -> None:
    page = html_of(client.get("/drafts"))
    assert daklak["trich_yeu"] in page and f"/drafts/{world.draft_a}/docx" in page
    api(
        client,
        "PUT",
        f"/api/v1/drafts/{world.draft_a}",
        {"letter": {**daklak, "trich_yeu": "sửa lần hai"}, "expected_version": 1},
    )
    page = html_of(client.get(f"/drafts/{world.draft_a}/versions"))
    assert "2 (hiện tại)" in page and f"/drafts/{world.draft_a}/versions/1/restore" in page
    response = client.post(f"/drafts/{world.draft_a}/versions/1/restore")
    assert response.status_code == 303
    assert "Đã khôi phục phiên bản 1" in html_of(client.get(response.headers["Location"]))
    got = client.get(f"/api/v1/drafts/{world.draft_a}").json
    assert got["version"] == 3 and got["letter"]["trich_yeu"] == daklak["trich_yeu"]
    assert "khôi phục từ phiên bản 1" in html_of(client.get(f"/drafts/{world.draft_a}/versions"))

    confirm = html_of(client.get(f"/drafts/{world.draft_a}/delete"))
    assert "không khôi phục được" in confirm and "3 phiên bản" in confirm
    response = client.post(f"/drafts/{world.draft_a}/delete")
    assert response.status_code == 303 and response.headers["Location"] == "/drafts"
    assert client.get(f"/drafts/{world.draft_a}").status_code == 404
    assert f'/drafts/{world.draft_a}"' not in html_of(client.get("/drafts"))


def test_reopen_shows_the_draft_in_the_form(client: FlaskClient, world: World, daklak) -> None:  # type: ignore[no-untyped-def]
    page = html_of(client.get(f"/drafts/{world.draft_a}"))
    assert value_of(page, "trich_yeu") == daklak["trich_yeu"]
    assert value_of(page, "kinh_gui-1") == daklak["kinh_gui"][1]
    assert value_of(page, "draft_id") == str(world.draft_a)
    assert "Bản nháp đã lưu, phiên bản 1" in page


def test_docx_of_a_draft(client: FlaskClient, world: World) -> None:
    response = client.get(f"/drafts/{world.draft_a}/docx")
    assert response.status_code == 200 and response.mimetype == DOCX
    assert "attachment" in response.headers["Content-Disposition"]
    assert "Số: 1691/UBND-KGVX" in all_text(open_docx(response.data))
    partial = api(client, "POST", "/api/v1/drafts", {"letter": {"trich_yeu": "chưa xong"}})
    response = client.get(f"/drafts/{partial.json['id']}/docx")
    assert response.status_code == 422
    page = html_of(response)
    assert "chưa tạo được .docx" in page and "Cơ quan ban hành: không được để trống" in page


# --- Two sessions saving one draft at once --------------------------------------------------------


def race(client_factory: Any, draft_id: int, daklak: dict, token: str | None = None) -> list[Any]:
    """Two clients (two tabs) PUT the same draft from version 1 at the same moment."""
    barrier = threading.Barrier(2)
    answers: list[Any] = [None, None]

    def save(i: int) -> None:
        client = client_factory()
        body = {"letter": {**daklak, "so": str(100 + i)}, "expected_version": 1}
        barrier.wait(10)
        answers[i] = api(client, "PUT", f"/api/v1/drafts/{draft_id}", body, token)

    threads = [threading.Thread(target=save, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return answers


def test_two_sessions_saving_one_draft_at_once(
    backend_app: Flask, world: World, daklak: dict
) -> None:
    """On SQLite and PostgreSQL: one 200, one 409, the winner's text stored, the loser's
    still in its hands (its request body) and saved afterwards on top."""
    first = sign_in(backend_app.test_client(), world.soan_a, world)
    token = meta_csrf(html_of(first.get("/")))
    cookie = first.get_cookie("drafter_session")
    assert cookie is not None

    def tab() -> FlaskClient:
        client = backend_app.test_client()
        client.set_cookie("drafter_session", cookie.value)
        return client

    for _ in range(3):
        created = api(first, "POST", "/api/v1/drafts", {"letter": daklak}, token)
        draft_id = created.json["id"]
        answers = race(tab, draft_id, daklak, token)
        codes = sorted(a.status_code for a in answers)
        assert codes == [200, 409], [a.get_json() for a in answers]
        winner = next(i for i, a in enumerate(answers) if a.status_code == 200)
        loser = answers[1 - winner]
        assert loser.json["current_version"] == 2
        stored = first.get(f"/api/v1/drafts/{draft_id}").json
        assert stored["version"] == 2 and stored["letter"]["so"] == str(100 + winner)
        retry = api(
            first,
            "PUT",
            f"/api/v1/drafts/{draft_id}",
            {"letter": {**daklak, "so": str(101 - winner)}, "expected_version": 2},
            token,
        )
        assert retry.status_code == 200 and retry.json["version"] == 3


def test_two_forms_saving_one_draft_at_once(app: Flask, world: World, daklak: dict) -> None:
    """The same race through the no-JavaScript form: one 303, one 409 with its text."""
    draft = f"{world.draft_a}"
    barrier = threading.Barrier(2)
    answers: list[Any] = [None, None]

    def save(i: int) -> None:
        client = sign_in(app.test_client(), world.soan_a, world)
        fields = form_fields({**daklak, "so": str(200 + i)}, "save")
        fields += [("draft_id", draft), ("draft_version", "1")]
        barrier.wait(10)
        answers[i] = client.post("/", data=MultiDict(fields))

    threads = [threading.Thread(target=save, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(a.status_code for a in answers) == [303, 409]
    loser = next(i for i, a in enumerate(answers) if a.status_code == 409)
    assert value_of(html_of(answers[loser]), "so") == str(200 + loser)


# --- Issue 17, item 6: one list limit, the declaration's, wherever the letter enters -----------


def test_the_api_refuses_a_list_over_its_limit(client: FlaskClient, daklak: dict) -> None:
    daklak["noi_nhan"] = [f"Nơi {i}" for i in range(501)]
    response = client.post("/api/v1/drafts", json={"letter": daklak})
    assert response.status_code == 422
    (problem,) = response.json["problems"]
    assert problem["path"] == "noi_nhan" and "nhiều nhất 200 mục (501)" in problem["message"]
    daklak["noi_nhan"] = daklak["noi_nhan"][:200]
    assert client.post("/api/v1/drafts", json={"letter": daklak}).status_code == 201


def test_the_form_reports_a_list_over_its_limit(client: FlaskClient, daklak: dict) -> None:
    """Rows beyond the limit are not dropped unseen: the model names the problem."""
    daklak["noi_nhan"] = [f"Nơi {i}" for i in range(200)]
    for action, url in (("check", "/"), ("save", "/api/v1/drafts/form")):
        fields = [*form_fields(daklak, action), ("noi_nhan-200", "Nơi 200")]  # JS added one
        response = client.post(url, data=MultiDict(fields))
        assert response.status_code == 422, action
        assert "nhiều nhất 200 mục (201)" in response.get_data(as_text=True), action


def test_the_add_button_stops_at_the_limit(client: FlaskClient, daklak: dict) -> None:
    daklak["ky"]["tham_quyen"] = ["KT. CHỦ TỊCH", "TL. CHỦ TỊCH", "TUQ. CHỦ TỊCH"]
    html = html_of(post_form(client, daklak, "add:ky_tham_quyen"))
    assert "ky_tham_quyen-2-title" in html and "ky_tham_quyen-3-title" not in html
    assert "nhiều nhất 3" in html


def test_a_stored_letter_over_the_limit_still_opens(
    app: Flask, client: FlaskClient, world: World, daklak: dict
) -> None:
    """A draft or mẫu stored before the limit was enforced (written straight into the
    database here) opens, with the declaration's number of rows, instead of a 500."""
    daklak["noi_nhan"] = [f"Nơi {i}" for i in range(501)]
    store = app.extensions["drafter.store"]
    with store.engine.begin() as conn:
        conn.execute(
            sql("UPDATE draft_versions SET letter = :l WHERE draft_id = :d"),
            {"l": json.dumps(daklak), "d": world.draft_a},
        )
        conn.execute(
            sql("UPDATE mau SET letter = :l WHERE id = :m"),
            {"l": json.dumps(daklak), "m": world.mau_private_a},
        )
    for path in (
        f"/drafts/{world.draft_a}",
        f"/mau/{world.mau_private_a}/edit",
        f"/?mau={world.mau_private_a}",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        html = html_of(response)
        assert 'id="noi_nhan-199"' in html and 'id="noi_nhan-200"' not in html, path
    assert client.get(f"/api/v1/drafts/{world.draft_a}").status_code == 200
