"""Presets and the agency's users through the web: the profile pre-fills new letters,
signers and Nơi nhận groups fill the form (in place with JavaScript, by a round trip
without), and the quản trị's user page."""

from __future__ import annotations

import html as htmllib
import json
import re

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from tests.web.conftest import World, post_form, sign_in
from tests.web.formdata import form_fields
from tests.web.test_auth import log_in
from tests.web.test_letters import has_autofocus, html_of, selected_of, value_of

PROFILE = {
    "co_quan_chu_quan": "UBND TỈNH ĐẮK LẮK",
    "co_quan_ban_hanh": "SỞ NỘI VỤ",
    "dia_danh": "Đắk Lắk",
    "ky_hieu_prefix": "SNV",
    "dia_chi": "Số 8 Lê Duẩn, Buôn Ma Thuột",
    "units": "TCCB: Phòng Tổ chức cán bộ\nVP",
}


def test_the_profile_prefills_every_new_letter(app: Flask, world: World) -> None:
    admin = sign_in(app.test_client(), world.admin_a, world)
    response = admin.post("/presets/profile", data=PROFILE)
    assert response.status_code == 303
    page = html_of(admin.get("/presets"))
    assert "Đã lưu thông tin cơ quan" in page and "TCCB: Phòng Tổ chức cán bộ" in page

    drafter = sign_in(app.test_client(), world.soan_a, world)
    page = html_of(drafter.get("/"))
    assert value_of(page, "co_quan_chu_quan") == "UBND TỈNH ĐẮK LẮK"
    assert value_of(page, "co_quan_ban_hanh") == "SỞ NỘI VỤ"
    assert value_of(page, "ky_hieu") == "SNV" and value_of(page, "dia_danh") == "Đắk Lắk"
    assert value_of(page, "dia_chi") == PROFILE["dia_chi"] and value_of(page, "luu") == "VT"
    assert value_of(page, "trich_yeu") == ""
    # The drafting units are suggested for the ký hiệu.
    assert 'list="ky_hieu-suggestions"' in page
    assert '<option value="SNV-TCCB">' in page and '<option value="SNV-VP">' in page
    # Everyone reads the profile; only the quản trị gets the form.
    page = html_of(drafter.get("/presets"))
    assert "Phòng Tổ chức cán bộ" in page and 'action="/presets/profile"' not in page
    assert "Chỉ quản trị sửa được thông tin cơ quan" in page


def test_profile_refusals_are_shown_beside_their_fields(app: Flask, world: World) -> None:
    admin = sign_in(app.test_client(), world.admin_a, world)
    response = admin.post("/presets/profile", data={**PROFILE, "ky_hieu_prefix": "S N V"})
    assert response.status_code == 422
    page = html_of(response)
    assert 'id="ky_hieu_prefix-error"' in page and "có dấu cách" in page
    assert value_of(page, "co_quan_ban_hanh") == "SỞ NỘI VỤ"  # what was typed stays
    response = admin.post("/presets/profile", data={**PROFILE, "units": "SỞ NV: x\nVP\nVP"})
    assert response.status_code == 422
    page = htmllib.unescape(html_of(response))
    assert 'id="units-error"' in page and "“SỞ NV” không hợp lệ" in page
    assert "“VP” bị trùng" in page


def test_signers_and_groups(app: Flask, world: World) -> None:
    van_thu = sign_in(app.test_client(), world.van_thu_a, world)
    response = van_thu.post(
        "/presets/signers",
        data={"tham_quyen": "TL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG", "chuc_vu": "PHÓ CHÁNH VĂN PHÒNG",
              "ho_ten": "Nguyễn Thị Hoa"},
    )  # fmt: skip
    assert response.status_code == 303
    page = html_of(van_thu.get("/presets"))
    assert "TL. CHỦ TỊCH / KT. CHÁNH VĂN PHÒNG / PHÓ CHÁNH VĂN PHÒNG — Nguyễn Thị Hoa" in page
    response = van_thu.post(
        "/presets/signers", data={"tham_quyen": "", "chuc_vu": "", "ho_ten": ""}
    )
    assert response.status_code == 422
    page = html_of(response)
    assert 'id="chuc_vu-error"' in page and 'id="ho_ten-error"' in page

    response = van_thu.post(
        f"/presets/signers/{world.signer_a}",
        data={
            "tham_quyen": "KT. CHỦ TỊCH",
            "chuc_vu": "PHÓ CHỦ TỊCH",
            "ho_ten": "Y Ngông Niê Kđăm",
        },
    )
    assert response.status_code == 303
    assert "Y Ngông Niê Kđăm" in html_of(van_thu.get("/presets"))

    response = van_thu.post(
        "/presets/groups", data={"name": "Huyện", "items": "UBND huyện A\n\nUBND huyện B\n"}
    )
    assert response.status_code == 303
    assert "UBND huyện A; UBND huyện B" in html_of(van_thu.get("/presets"))
    response = van_thu.post("/presets/groups", data={"name": "Huyện", "items": "x"})
    assert response.status_code == 409 and "Đã có nhóm nơi nhận tên “Huyện”" in html_of(response)
    response = van_thu.post(f"/presets/groups/{world.group_a}", data={"name": "Sở", "items": ""})
    assert response.status_code == 422 and 'id="items-error"' in html_of(response)
    assert van_thu.post(f"/presets/groups/{world.group_a}/delete").status_code == 303
    assert van_thu.get(f"/presets/groups/{world.group_a}").status_code == 404

    drafter = sign_in(app.test_client(), world.soan_a, world)
    page = html_of(drafter.get(f"/presets/signers/{world.signer_a}"))
    assert "Chỉ văn thư và quản trị" in page and "<form" not in page.split("<main")[1]


def test_the_form_offers_the_presets(client: FlaskClient, world: World) -> None:
    page = html_of(client.get("/"))
    option = re.search(rf'<option value="{world.signer_a}" data-ky=\'([^\']+)\'>([^<]+)<', page)
    assert option, "no signer option"
    data = json.loads(htmllib.unescape(option.group(1)))
    assert data == {
        "ky_tham_quyen": [{"hinh_thuc": "KT.", "title": "CHỦ TỊCH"}],
        "ky_chuc_vu": "PHÓ CHỦ TỊCH",
        "ky_ho_ten": "Võ Văn Cảnh",
    }
    assert option.group(2) == "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH — Võ Văn Cảnh"
    assert re.search(rf'<option value="{world.group_a}" data-items=\'[^\']+\'>', page)
    assert 'for="signer_preset"' in page and 'for="group_preset"' in page
    assert "Trần Thị B" not in page  # agency B's signer


def test_presets_without_javascript(client: FlaskClient, world: World, daklak: dict) -> None:
    daklak["noi_nhan"] = ["Như trên", "Sở Nội vụ", ""]
    fields = [*form_fields(daklak, "preset:group"), ("group_preset", str(world.group_a))]
    response = client.post("/", data=MultiDict(fields))
    assert response.status_code == 200
    page = html_of(response)
    assert "Đã thêm nhóm “Các sở (Võ Văn Cảnh)” vào Nơi nhận" in page
    rows = [value_of(page, f"noi_nhan-{i}") for i in range(4)]
    assert rows == ["Như trên", "Sở Nội vụ", "Sở Tài chính", None]  # no blank, no twice
    assert re.search(rf'<option value="{world.group_a}"[^>]*\sselected>', page)

    daklak["ky"] = {"tham_quyen": ["TM. ỦY BAN NHÂN DÂN"], "chuc_vu": "CHỦ TỊCH", "ho_ten": "A"}
    fields = [*form_fields(daklak, "preset:signer"), ("signer_preset", str(world.signer_a))]
    page = html_of(client.post("/", data=MultiDict(fields)))
    assert value_of(page, "ky_tham_quyen-0-title") == "CHỦ TỊCH"
    assert selected_of(page, "ky_tham_quyen-0-hinh_thuc") == "KT."
    assert value_of(page, "ky_ho_ten") == "Võ Văn Cảnh"
    assert value_of(page, "trich_yeu") == daklak["trich_yeu"]  # nothing else changed
    assert has_autofocus(page, "notice")

    response = post_form(client, daklak, "preset:signer")
    assert response.status_code == 400
    assert has_autofocus(html_of(response), "signer_preset")
    fields = [*form_fields(daklak, "preset:signer"), ("signer_preset", str(world.signer_b))]
    response = client.post("/", data=MultiDict(fields))
    assert response.status_code == 404 and value_of(html_of(response), "trich_yeu")


# --- Users ----------------------------------------------------------------------------------------


def test_admin_creates_and_manages_users(app: Flask, world: World) -> None:
    admin = sign_in(app.test_client(), world.admin_a, world)
    page = html_of(admin.get("/admin/users"))
    for name in ("admin.a", "vanthu.a", "soan.a", "soan.a2"):
        assert 'id="user-' in page and f">{name}" in page
    assert "admin.b" not in page and "Văn thư" in page

    form = {"username": "Le.Thi.C", "full_name": "Lê Thị C", "role": "van_thu", "password": "mat-khau-du-dai"}  # fmt: skip
    response = admin.post("/admin/users", data=form)
    assert response.status_code == 303
    assert "Đã tạo tài khoản “le.thi.c” (Văn thư)" in html_of(admin.get("/admin/users"))
    assert log_in(app.test_client(), "le.thi.c").status_code == 303
    response = admin.post("/admin/users", data=form)
    assert response.status_code == 409 and "đã có người dùng" in html_of(response)
    response = admin.post("/admin/users", data={"username": "x", "password": "ngan", "role": "vua"})
    assert response.status_code == 422
    page = html_of(response)
    for field in ("username", "password"):
        assert f'id="{field}-error"' in page

    response = admin.post(f"/admin/users/{world.soan_a2}/role", data={"role": "quan_tri"})
    assert response.status_code == 303
    assert "“soan.a2” giờ có vai trò Quản trị" in html_of(admin.get("/admin/users"))


def test_the_last_admin_cannot_step_down(app: Flask, world: World) -> None:
    admin = sign_in(app.test_client(), world.admin_a, world)
    response = admin.post(f"/admin/users/{world.admin_a}/role", data={"role": "soan_thao"})
    assert response.status_code == 303
    page = html_of(admin.get("/admin/users"))
    assert "Cơ quan phải còn ít nhất một quản trị đang hoạt động" in page
    response = admin.post(f"/admin/users/{world.admin_a}/active", data={"active": "0"})
    assert response.status_code == 303
    assert admin.get("/admin/users").status_code == 200  # still in, still quản trị
    response = admin.post(f"/admin/users/{world.admin_a}/password", data={"password": "x"})
    assert response.headers["Location"] == "/account/password"  # one's own: with the current
