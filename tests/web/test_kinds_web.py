"""Every document kind on the web: chosen on “Văn bản mới”, its own form from its
declaration, errors beside its fields, its preview, its downloads, drafts and mẫu."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from icalendar import Calendar
from werkzeug.datastructures import MultiDict

from drafter.kinds import all_kinds, known_kinds, load_kind
from drafter.model import Letter
from drafter.render import render_docx
from tests.conftest import ALL_EXAMPLE_NAMES, KIND_EXAMPLE_NAMES, load_example
from tests.web.formdata import form_fields

YEAR = dt.date.today().year


def html_of(response: Any) -> str:
    return response.get_data(as_text=True)


def post(client: FlaskClient, letter: dict[str, Any], action: str = "check") -> Any:
    return client.post("/", data=MultiDict(form_fields(letter, action)))


def error_beside(html: str, field_id: str) -> str:
    match = re.search(rf'<p class="error" id="{re.escape(field_id)}-error">(.*?)</p>', html, re.S)
    return re.sub(r"<[^>]+>", " ", match.group(1)) if match else ""


def test_new_letter_asks_which_kind(client: FlaskClient) -> None:
    html = html_of(client.get("/new"))
    for kind in all_kinds():
        assert f'href="/?kind={kind.key}"' in html
        assert kind.title in html and f"Mẫu {kind.info['mau']}" in html
        assert kind.info["description"] in html
    assert html.index("Công văn") < html.index("Quyết định")  # the everyday kind first


@pytest.mark.parametrize("key", known_kinds())
def test_each_kind_has_its_own_form(client: FlaskClient, key: str) -> None:
    kind = load_kind(key)
    html = html_of(client.get(f"/?kind={key}"))
    assert f'name="letter_kind" id="letter_kind" value="{key}"' in html
    assert f"Soạn {kind.title.lower()}" in html
    for fdef in kind.walk():
        if fdef.parent != kind.body and fdef.type != "group":
            assert f'id="{fdef.form_name}"' in html, fdef.name
    assert ('id="kinh_gui"' in html) is kind["kinh_gui"].allowed
    assert ('id="btn-event-ics"' in html) is (key == "giay_moi")


def test_an_unknown_kind_falls_back_to_the_cong_van(client: FlaskClient) -> None:
    html = html_of(client.get("/?kind=bien_ban"))
    assert 'name="letter_kind" id="letter_kind" value="cong_van"' in html


@pytest.mark.parametrize("name", KIND_EXAMPLE_NAMES)
def test_every_example_downloads_as_the_cli_renders_it(client: FlaskClient, name: str) -> None:
    """The form → letter conversion keeps every field of every kind: the download is the
    same .docx, byte for byte, as the renderer makes from the JSON."""
    letter = load_example(name)
    response = post(client, letter, "docx")
    assert response.status_code == 200, html_of(response)[:2000]
    assert response.data == render_docx(Letter.from_dict(letter), year=YEAR)


@pytest.mark.parametrize("name", KIND_EXAMPLE_NAMES)
def test_every_example_previews_its_own_parts(client: FlaskClient, name: str) -> None:
    import html as htmllib

    letter = load_example(name)
    page = htmllib.unescape(html_of(client.post("/preview", data=MultiDict(form_fields(letter)))))
    kind = load_kind(letter["kind"])
    assert f'<p class="title-name">{kind.info["ten_loai"]}</p>' in page
    assert 'class="vv"' not in page
    if kind.key == "quyet_dinh":
        assert '<p class="authority">' in page and '<p class="decision">QUYẾT ĐỊNH:</p>' in page
        assert "<b>Điều 1.</b>" in page or "<b>Điều 1. " in page
    if kind.key == "giay_moi":
        assert "trân trọng kính mời" in page and "Thời gian: " in page
    assert "Không có lỗi nhập liệu." in page


def test_wrong_code_is_named_beside_the_ky_hieu(client: FlaskClient) -> None:
    letter = load_example("kinds/qd-ubnd-daklak-to-cong-tac-chuyen-doi-so.json")
    letter["ky_hieu"] = "TB-UBND"
    html = html_of(post(client, letter))
    assert "phải bắt đầu bằng “QĐ-”" in error_beside(html, "ky_hieu")


def test_a_giay_moi_needs_time_place_and_an_end_after_the_start(client: FlaskClient) -> None:
    letter = load_example("kinds/gm-ubnd-daklak-doi-thoai-doanh-nghiep.json")
    letter["thoi_gian_ket_thuc"] = "07:00"
    letter["dia_diem"] = ""
    html = html_of(post(client, letter))
    assert "phải sau giờ bắt đầu (08 giờ 30)" in error_beside(html, "thoi_gian_ket_thuc")
    assert "không được để trống" in error_beside(html, "dia_diem")
    del letter["thoi_gian"]
    html = html_of(post(client, letter))
    assert "không được để trống" in error_beside(html, "thoi_gian")


def test_a_quyet_dinh_needs_can_cu_and_a_dieu(client: FlaskClient) -> None:
    letter = load_example("kinds/qd-ubnd-daklak-to-cong-tac-chuyen-doi-so.json")
    letter["can_cu"] = []
    letter["noi_dung"] = [{"type": "paragraph", "text": "Không có Điều nào."}]
    html = html_of(post(client, letter))
    assert "cần ít nhất một mục" in error_beside(html, "can_cu")
    assert "cần ít nhất một khối “Điều”" in error_beside(html, "noi_dung")


def test_giay_moi_offers_its_event_as_ics(client: FlaskClient) -> None:
    letter = load_example("kinds/gm-ubnd-daklak-doi-thoai-doanh-nghiep.json")
    response = post(client, letter, "event_ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    cal = Calendar.from_ical(response.data)
    (event,) = cal.walk("VEVENT")
    assert str(event["summary"]) == (
        "Hội nghị đối thoại giữa lãnh đạo UBND tỉnh với doanh nghiệp năm 2026"
    )
    assert str(event["location"]).startswith("Hội trường UBND tỉnh, số 9 Lê Duẩn")
    start, end = event["dtstart"].dt, event["dtend"].dt
    assert (start.hour, start.minute, end.hour, end.minute) == (8, 30, 11, 30)
    assert str(start.tzinfo) == "Asia/Ho_Chi_Minh"
    assert start.utcoffset() == dt.timedelta(hours=7)


def test_a_draft_of_another_kind_reopens_as_that_kind(client: FlaskClient) -> None:
    letter = load_example("kinds/gm-so-vhttdl-khanh-hoa-khai-mac-le-hoi.json")
    saved = post(client, letter, "save")
    assert saved.status_code == 303
    html = html_of(client.get(saved.headers["Location"]))
    assert 'name="letter_kind" id="letter_kind" value="giay_moi"' in html
    assert "Trần Quốc Việt" in html and 'id="kinh_moi-0"' in html


def test_a_mau_of_another_kind_is_filtered_and_used_as_that_kind(client: FlaskClient) -> None:
    letter = load_example("kinds/qd-ubnd-xa-an-phu-phuong-an-so-tan.json")
    fields = [*form_fields(letter, "mau_save"), ("mau_name", "QĐ sơ tán mẫu")]
    assert client.post("/", data=MultiDict(fields)).status_code == 200
    listing = html_of(client.get("/mau?kind=quyet_dinh"))
    assert "QĐ sơ tán mẫu" in listing
    assert "QĐ sơ tán mẫu" not in html_of(client.get("/mau?kind=giay_moi"))
    mau_id = re.search(r"/mau/(\d+)/use", listing.split("QĐ sơ tán mẫu")[1]).group(1)
    used = client.post(f"/mau/{mau_id}/use")
    html = html_of(client.get(used.headers["Location"]))
    assert 'name="letter_kind" id="letter_kind" value="quyet_dinh"' in html
    assert 'id="can_cu-0"' in html


@pytest.mark.parametrize("name", ALL_EXAMPLE_NAMES)
def test_the_preview_gives_the_checkers_verdict_on_every_example(
    client: FlaskClient, name: str
) -> None:
    """One verdict (issue 14): the preview's box runs the same check as `drafter check`,
    clean on every example of every kind (and `check --pdf` is, in tests/pdf)."""
    html = html_of(client.post("/preview", data=MultiDict(form_fields(load_example(name)))))
    assert "Tệp .docx đạt mọi điểm kiểm tra thể thức." in html
