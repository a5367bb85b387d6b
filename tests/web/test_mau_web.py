"""Mẫu through the web: “Lưu thành mẫu” from the form (all filled fields, or chosen ones),
the list with search and filters, “Tạo văn bản từ mẫu” (the agency profile fills the
rest), edit and save back, rename, duplicate, trash and restore, import and export; and
twenty users saving mẫu at the same moment."""

from __future__ import annotations

import io
import json
import re
import threading
from typing import Any
from urllib.parse import unquote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from drafter.store import list_mau, update_agency_profile
from drafter.store.common import fold
from tests.web.conftest import World, csrf_token, meta_csrf, sign_in
from tests.web.formdata import form_fields
from tests.web.test_letters import html_of, value_of


def save_mau(client: FlaskClient, letter: dict, name: str, *, fields: list[str] | None = None,
             visibility: str = "private", action: str = "mau_save", **extra: str):  # type: ignore[no-untyped-def]  # fmt: skip
    data = form_fields(letter, action)
    data += [("mau_name", name), ("mau_visibility", visibility)]
    data += [("mau_scope", "chosen" if fields is not None else "filled")]
    data += [("mau_fields", f) for f in fields or []]
    data += list(extra.items())
    return client.post("/", data=MultiDict(data))


def names(client: FlaskClient, query: str = "") -> list[str]:
    page = html_of(client.get("/mau" + query))
    return [n.strip() for n in re.findall(r'<th scope="row" id="mau-\d+">([^<]+)', page)]


def mau_id(page: str, name: str) -> int:
    match = re.search(rf'<th scope="row" id="mau-(\d+)">{re.escape(name)}\s*<', page)
    assert match, name
    return int(match.group(1))


def test_save_the_filled_fields_and_start_a_letter_from_it(
    app: Flask, client: FlaskClient, world: World, daklak: dict
) -> None:
    daklak["co_quan_chu_quan"] = ""
    daklak["so"] = ""
    response = save_mau(client, daklak, "Công văn gửi các sở", visibility="agency")
    assert response.status_code == 200
    page = html_of(response)
    assert "Đã lưu mẫu “Công văn gửi các sở”" in page and "cả cơ quan dùng được" in page
    assert value_of(page, "ky_hieu") == "UBND-KGVX"  # the letter stays in the form
    with app.extensions["drafter.store"].transaction(readonly=True) as s:
        (summary,) = list_mau(s, world.a, world.soan_a, q="cac so")
    assert "co_quan_chu_quan" not in summary.fields and "so" not in summary.fields
    assert "kinh_gui" in summary.fields and "ky" in summary.fields

    # The profile fills what the mẫu does not hold.
    with app.extensions["drafter.store"].transaction() as s:
        update_agency_profile(
            s,
            world.a,
            world.admin_a,
            co_quan_chu_quan="UBND TỈNH ĐẮK LẮK",
            dia_danh="Buôn Ma Thuột",
        )
    # A colleague uses the shared mẫu.
    colleague = sign_in(app.test_client(), world.soan_a2, world)
    response = colleague.post(f"/mau/{summary.id}/use")
    assert response.status_code == 303 and response.headers["Location"] == f"/?mau={summary.id}"
    page = html_of(colleague.get(response.headers["Location"]))
    assert "Văn bản mới từ mẫu “Công văn gửi các sở”" in page
    assert value_of(page, "co_quan_chu_quan") == "UBND TỈNH ĐẮK LẮK"  # profile
    assert value_of(page, "dia_danh") == daklak["dia_danh"]  # the mẫu wins over the profile
    assert value_of(page, "kinh_gui-1") == daklak["kinh_gui"][1]
    assert value_of(page, "ky_ho_ten") == daklak["ky"]["ho_ten"]
    assert value_of(page, "draft_id") == ""  # a draft only once something is saved
    with app.extensions["drafter.store"].transaction(readonly=True) as s:
        (used,) = list_mau(s, world.a, world.soan_a2, q="cac so")
    assert used.last_used_at is not None


def test_save_chosen_fields_only(app: Flask, client: FlaskClient, world: World, daklak) -> None:  # type: ignore[no-untyped-def]
    response = save_mau(client, daklak, "Chỉ nơi nhận", fields=["kinh_gui", "noi_nhan"])
    assert response.status_code == 200
    with app.extensions["drafter.store"].transaction(readonly=True) as s:
        (summary,) = list_mau(s, world.a, world.soan_a, q="chi noi nhan")
    assert summary.fields == ("kinh_gui", "noi_nhan") and summary.visibility == "private"
    page = html_of(client.get(f"/?mau={summary.id}"))
    assert value_of(page, "kinh_gui-0") == daklak["kinh_gui"][0]
    assert value_of(page, "ky_hieu") == "" and value_of(page, "luu") == "VT"  # a new form's


def test_save_refusals_keep_the_letter(client: FlaskClient, daklak: dict) -> None:
    response = save_mau(client, daklak, "Trùng tên")
    assert response.status_code == 200
    response = save_mau(client, daklak, "  Trùng   tên ")
    assert response.status_code == 409
    page = html_of(response)
    assert 'id="mau_name-error"' in page and "đã có một mẫu tên “Trùng tên”" in page
    assert '<details class="section mau-section" id="mau-section" open>' in page
    assert value_of(page, "ky_hieu") == "UBND-KGVX"

    page = html_of(save_mau(client, daklak, "", fields=["kinh_gui"]))
    assert "Tên mẫu không được để trống" in page
    response = save_mau(client, daklak, "Không chọn gì", fields=[])
    assert response.status_code == 422
    assert "Hãy đánh dấu ít nhất một trường" in html_of(response)
    response = save_mau(client, daklak, "Trường lạ", fields=["khong_co"])
    assert response.status_code == 422 and "khong_co" in html_of(response)


def test_list_search_filter_sort(app: Flask, client: FlaskClient, world: World, daklak) -> None:  # type: ignore[no-untyped-def]
    for name in ("Báo cáo quý", "Giấy mời họp giao ban", "Thông báo lịch trực"):
        save_mau(client, daklak, name)
    assert sorted(names(client, "?q=giay+moi")) == ["Giấy mời họp (riêng)", "Giấy mời họp giao ban"]
    assert names(client, "?q=GIAO") == ["Giấy mời họp giao ban"]
    assert "khớp điều kiện lọc" in html_of(client.get("/mau?q=giao"))
    assert len(names(client, "?kind=cong_van")) == 5  # every mẫu here is a công văn
    assert '<option value="cong_van" selected>Công văn</option>' in html_of(
        client.get("/mau?kind=cong_van")
    )
    listed = names(client, "?sort=name")
    assert listed == sorted(listed, key=fold) and listed[0] == "Báo cáo quý"
    client.post(f"/mau/{mau_id(html_of(client.get('/mau')), 'Thông báo lịch trực')}/use")
    assert names(client)[0] == "Thông báo lịch trực"  # last used first

    colleague = sign_in(app.test_client(), world.soan_a2, world)
    assert names(colleague) == ["Công văn chung"]  # only the shared one
    assert names(colleague, "?owner=mine") == []
    page = html_of(colleague.get("/mau"))
    assert f"/mau/{world.mau_shared_a}/edit" not in page  # not theirs to change
    assert f"/mau/{world.mau_shared_a}/duplicate" in page
    assert "Chưa có mẫu nào" not in page


def test_edit_and_save_back(app: Flask, client: FlaskClient, world: World, daklak) -> None:  # type: ignore[no-untyped-def]
    page = html_of(client.get(f"/mau/{world.mau_private_a}/edit"))
    assert "Đang sửa mẫu" in page and value_of(page, "mau_id") == str(world.mau_private_a)
    assert value_of(page, "kinh_gui-0") == daklak["kinh_gui"][0]
    assert 'id="mau_field-kinh_gui" checked' in page
    assert 'value="mau_update"' in page and 'value="save"' not in page  # not a draft
    daklak["kinh_gui"] = ["Các sở, ban, ngành tỉnh"]
    response = save_mau(
        client,
        daklak,
        "Giấy mời họp (đã sửa)",
        fields=["kinh_gui", "trich_yeu"],
        action="mau_update",
        mau_id=str(world.mau_private_a),
    )
    assert response.status_code == 200
    page = html_of(response)
    assert "Đã lưu vào mẫu “Giấy mời họp (đã sửa)” (2 trường" in page
    exported = client.get(f"/mau/{world.mau_private_a}/export").json
    assert exported["kinh_gui"] == ["Các sở, ban, ngành tỉnh"]
    assert set(exported) == {"format", "kind", "kinh_gui", "trich_yeu"}
    # Another user cannot save into it, and keeps their text.
    other = sign_in(app.test_client(), world.admin_a, world)
    response = save_mau(
        other, daklak, "x", fields=["so"], action="mau_update", mau_id=str(world.mau_private_a)
    )
    assert response.status_code == 404 and value_of(html_of(response), "ky_hieu") == "UBND-KGVX"


def test_rename_duplicate_delete_restore(client: FlaskClient, world: World) -> None:
    shared = world.mau_shared_a
    assert 'value="Công văn chung"' in html_of(client.get(f"/mau/{shared}/rename"))
    response = client.post(f"/mau/{shared}/rename", data={"name": "Giấy mời họp (riêng)"})
    assert response.status_code == 409 and "đã có một mẫu tên" in html_of(response)
    assert client.post(f"/mau/{shared}/rename", data={"name": " "}).status_code == 422
    response = client.post(f"/mau/{shared}/rename", data={"name": "Công văn chung 2026"})
    assert response.status_code == 303
    assert "Đã đổi tên mẫu thành “Công văn chung 2026”" in html_of(client.get("/mau"))

    client.post(f"/mau/{shared}/duplicate")
    client.post(f"/mau/{shared}/duplicate")
    listed = names(client, "?q=cong+van+chung")
    assert "Công văn chung 2026 (bản sao)" in listed
    assert "Công văn chung 2026 (bản sao 2)" in listed

    response = client.post(f"/mau/{shared}/delete")
    assert response.status_code == 303
    assert "có thể khôi phục trong 30 ngày" in html_of(client.get("/mau"))
    assert "Công văn chung 2026" not in names(client)
    trash = html_of(client.get("/mau/trash"))
    assert "Công văn chung 2026" in trash and "Thông báo cũ (A)" in trash
    assert client.post(f"/mau/{shared}/use").status_code == 404  # not usable from the trash
    response = client.post(f"/mau/{shared}/restore")
    assert response.status_code == 303
    assert "Công văn chung 2026" in names(client)


def test_export_then_import(client: FlaskClient, world: World) -> None:
    response = client.get(f"/mau/{world.mau_private_a}/export")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.data

    def upload(content: bytes, name: str = "", filename: str = "Mẫu - Giấy mời.json"):  # type: ignore[no-untyped-def]
        return client.post(
            "/mau/import",
            data={"file": (io.BytesIO(content), filename), "name": name, "visibility": "agency"},
            content_type="multipart/form-data",
        )

    response = upload(data)
    assert response.status_code == 303
    assert "Đã nhập mẫu “Giấy mời” (1 trường)" in html_of(client.get("/mau"))
    assert upload(data, "Tên tự đặt").status_code == 303
    assert "Tên tự đặt" in names(client)

    response = upload(b"{not json")
    assert response.status_code == 400 and "không phải JSON" in html_of(response)
    response = upload(json.dumps({"trichyeu": "x"}).encode(), "Sai")
    assert response.status_code == 422 and "trichyeu" in html_of(response)
    response = upload(data, "Tên tự đặt")
    assert response.status_code == 409
    response = client.post("/mau/import", data={"name": "x"}, content_type="multipart/form-data")
    assert response.status_code == 400 and "Chưa chọn tệp" in html_of(response)


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd", "Mẫu - .. .. etc passwd.json"),
        ('a\\b"c', "Mẫu - a b c.json"),
        ("Giấy mời \u202enosj.exe", "Mẫu - Giấy mời nosj.exe.json"),
    ],
)
def test_export_names_are_file_names(
    client: FlaskClient, daklak: dict, name: str, shown: str
) -> None:
    """Issue 17, item 12: a mẫu's name is the user's text, not a path or a spoof."""
    response = client.post(
        "/mau/import",
        data={"file": (io.BytesIO(json.dumps(daklak).encode()), "x.json"), "name": name},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    listed = re.search(r'href="/mau/(\d+)/export"', html_of(client.get("/mau?sort=updated")))
    assert listed
    disposition = client.get(f"/mau/{listed.group(1)}/export").headers["Content-Disposition"]
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == shown


def test_import_refuses_a_list_over_its_limit(client: FlaskClient, daklak: dict) -> None:
    """Issue 17, item 6: the declaration's limit holds for an imported mẫu too."""
    daklak["kinh_gui"] = [f"Sở {i}" for i in range(501)]
    response = client.post(
        "/mau/import",
        data={"file": (io.BytesIO(json.dumps(daklak).encode()), "mau.json"), "name": "Dài"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "nhiều nhất 200 mục (501)" in html_of(response)


# --- The key flow on both databases; twenty at once ---------------------------------------------


def test_save_and_use_on_both_databases(backend_app: Flask, world: World, daklak) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(backend_app.test_client(), world.van_thu_a, world)
    token = csrf_token(html_of(client.get("/")))
    response = save_mau(client, daklak, "Mẫu dùng chung", visibility="agency", csrf_token=token)
    assert response.status_code == 200 and "Đã lưu mẫu" in html_of(response)
    colleague = sign_in(backend_app.test_client(), world.soan_a, world)
    page = html_of(colleague.get("/mau?q=mau+dung+chung"))
    found = mau_id(page, "Mẫu dùng chung")
    token = meta_csrf(page)
    response = colleague.post(f"/mau/{found}/use", data={"csrf_token": token})
    assert response.status_code == 303
    page = html_of(colleague.get(response.headers["Location"]))
    assert value_of(page, "trich_yeu") == daklak["trich_yeu"]
    outsider = sign_in(backend_app.test_client(), world.admin_b, world)
    assert outsider.get(f"/?mau={found}").status_code == 404


def twenty_at_once(app: Flask, world: World, letter: dict, same_name: bool) -> list[Any]:
    users = [world.soan_a, world.soan_a2, world.van_thu_a, world.admin_a]
    barrier = threading.Barrier(20)
    answers: list[Any] = [None] * 20

    def save(i: int) -> None:
        client = sign_in(app.test_client(), users[i % len(users)], world)
        name = "Cùng một tên" if same_name else f"Mẫu số {i:02d}"
        barrier.wait(20)
        answers[i] = save_mau(client, letter, name, fields=["kinh_gui", "trich_yeu"])

    threads = [threading.Thread(target=save, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return answers


def test_twenty_users_saving_mau_at_once(app: Flask, world: World, daklak: dict) -> None:
    answers = twenty_at_once(app, world, daklak, same_name=False)
    assert [a.status_code for a in answers] == [200] * 20
    store = app.extensions["drafter.store"]
    saved: list[str] = []
    with store.transaction(readonly=True) as s:
        for user in (world.soan_a, world.soan_a2, world.van_thu_a, world.admin_a):
            saved += [m.name for m in list_mau(s, world.a, user, owner="mine", q="mau so")]
    assert sorted(saved) == [f"Mẫu số {i:02d}" for i in range(20)]  # none lost, none twice


def test_twenty_saves_of_one_name_make_one_mau_per_owner(
    app: Flask, world: World, daklak: dict
) -> None:
    answers = twenty_at_once(app, world, daklak, same_name=True)
    codes = [a.status_code for a in answers]
    assert codes.count(200) == 4 and codes.count(409) == 16  # one per owner (4 owners)
    assert all("đã có một mẫu tên" in html_of(a) for a in answers if a.status_code == 409)
    with app.extensions["drafter.store"].transaction(readonly=True) as s:
        found = list_mau(s, world.a, world.admin_a, q="cung mot ten")
    assert len([m for m in found if m.owner_id == world.admin_a]) == 1
