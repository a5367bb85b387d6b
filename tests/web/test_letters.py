"""The letter page: form from the TOML, round trips, errors beside fields, downloads."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from typing import Any
from urllib.parse import unquote

import pytest
from flask.testing import FlaskClient
from icalendar import Calendar
from werkzeug.datastructures import MultiDict

from drafter.kinds import load_kind
from drafter.layout import DEFAULT
from drafter.model import Letter
from drafter.render import render_docx
from tests.conftest import EXAMPLE_NAMES, load_example
from tests.docx_reading import all_text, open_docx
from tests.web.conftest import csrf_token, post_form
from tests.web.formdata import form_fields

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def html_of(response: Any) -> str:
    return response.get_data(as_text=True)


def value_of(html: str, field_id: str) -> str | None:
    """The value an <input> or <textarea> shows (unescaped)."""
    import html as htmllib

    match = re.search(rf'<input[^>]*\bid="{re.escape(field_id)}"[^>]*>', html)
    if match:
        value = re.search(r'\bvalue="([^"]*)"', match.group(0))
        return htmllib.unescape(value.group(1)) if value else ""
    match = re.search(
        rf'<textarea[^>]*\bid="{re.escape(field_id)}"[^>]*>\r?\n?(.*?)</textarea>', html, re.S
    )
    return htmllib.unescape(match.group(1)) if match else None


def has_autofocus(html: str, element_id: str) -> bool:
    tag = re.search(rf'<[a-z]+\b[^>]*\bid="{re.escape(element_id)}"[^>]*>', html)
    return bool(tag) and re.search(r"\sautofocus\b", tag.group(0)) is not None


def selected_of(html: str, field_id: str) -> str | None:
    match = re.search(rf'<select[^>]*\bid="{re.escape(field_id)}"[^>]*>(.*?)</select>', html, re.S)
    if not match:
        return None
    chosen = re.search(r'<option selected value="([^"]*)"', match.group(1))
    return chosen.group(1) if chosen else None


def error_beside(html: str, field_id: str) -> str:
    """The error text printed for a field, which must be in the same .field/.row as it."""
    match = re.search(rf'<p class="error" id="{re.escape(field_id)}-error">(.*?)</p>', html, re.S)
    assert match, f"no error beside {field_id}"
    return re.sub(r"<[^>]+>", " ", match.group(1))


# --- The page --------------------------------------------------------------------------------


def test_form_labels_and_help_come_from_the_kind_definition(client: FlaskClient) -> None:
    import html as htmllib

    html = htmllib.unescape(html_of(client.get("/")))
    kind = load_kind("cong_van")
    for name, fdef in kind.fields.items():
        assert fdef.label in html, name
        if fdef.help:
            assert fdef.help in html, name
    for _, label in kind["muc_do_khan"].choices + kind["do_mat"].choices:
        assert f">{label}</option>" in html
    for _, label in kind.block_types:
        assert label in html
    for prefix in DEFAULT.authority_prefixes:
        assert f'value="{prefix}"' in html


def test_every_input_has_a_label(client: FlaskClient) -> None:
    html = html_of(client.get("/"))
    page = html.split("<template")[0]
    ids = re.findall(r'<(?:input|select|textarea)\b(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', page)
    assert len(ids) > 15
    for field_id in ids:
        assert f'for="{field_id}"' in page, field_id


def test_new_form_defaults(client: FlaskClient) -> None:
    html = html_of(client.get("/"))
    assert value_of(html, "noi_nhan-0") == "Như trên"
    assert value_of(html, "luu") == "VT"
    assert value_of(html, "kinh_gui-0") == ""
    assert selected_of(html, "noi_dung-0-type") == "paragraph"
    assert 'id="preview"' in html and 'class="sheet"' in html
    assert 'aria-live="polite"' in html
    assert "novalidate" in html  # the browser must not block row buttons on empty fields


# --- Downloads --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_docx_from_the_form_is_the_cli_rendering(client: FlaskClient, name: str) -> None:
    letter = load_example(name)
    response = post_form(client, letter, "docx")
    assert response.status_code == 200, html_of(response)[:2000]
    assert response.mimetype == DOCX
    assert response.data == render_docx(Letter.from_dict(letter))


def test_docx_file_name_has_ascii_fallback_and_utf8(client: FlaskClient, daklak: dict) -> None:
    response = post_form(client, daklak, "docx")
    header = response.headers["Content-Disposition"]
    assert header.startswith("attachment; ")
    fallback = re.search(r'filename="([^"]+)"', header).group(1)
    assert fallback == "1691-UBND-KGVX-phoi-hop-thuc-hien-Nam-dan-van-chinh-quyen-2019.docx"
    assert fallback.isascii()
    utf8 = re.search(r"filename\*=UTF-8''(\S+)", header).group(1)
    assert (
        unquote(utf8) == "1691-UBND-KGVX - phối hợp thực hiện “Năm dân vận chính quyền” 2019.docx"
    )
    assert response.headers["Cache-Control"] == "no-store"


def test_json_download_is_the_canonical_letter(client: FlaskClient, daklak: dict) -> None:
    response = post_form(client, daklak, "json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert json.loads(response.data) == Letter.from_dict(daklak).to_dict()
    assert ".json" in response.headers["Content-Disposition"]


def test_a_draft_with_mistakes_can_still_be_saved_as_json(
    client: FlaskClient, daklak: dict
) -> None:
    daklak["ky"]["ho_ten"] = ""
    daklak["so"] = "abc"
    response = post_form(client, daklak, "json")
    assert response.status_code == 200
    saved = json.loads(response.data)
    assert saved["so"] == "abc" and saved["ky"]["ho_ten"] == ""
    assert "du-thao-cong-van.json" in response.headers["Content-Disposition"]


def test_tasks_csv(client: FlaskClient, daklak: dict) -> None:
    response = post_form(client, daklak, "tasks_csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # charset once
    text = response.data.decode("utf-8-sig")
    assert text.splitlines()[0] == "STT,Nhiệm vụ,Đơn vị chủ trì,Hạn hoàn thành,Văn bản"
    assert "10/12/2019" in text and "Sở Nội vụ chủ trì" in text
    assert "nhiem-vu.csv" in response.headers["Content-Disposition"]


def test_tasks_csv_cells_never_start_a_formula(client: FlaskClient, daklak: dict) -> None:
    daklak["noi_dung"][1]["text"] = "@SUM(1+1)*cmd"
    text = post_form(client, daklak, "tasks_csv").data.decode("utf-8-sig")
    assert ",'@SUM(1+1)*cmd," in text and ",@SUM" not in text


def test_tasks_ics(client: FlaskClient, daklak: dict) -> None:
    response = post_form(client, daklak, "tasks_ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(response.data)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1  # one of the two tasks has a deadline
    assert events[0].decoded("dtstart") == dt.date(2019, 12, 10)


def test_task_export_without_tasks_says_so(client: FlaskClient) -> None:
    letter = load_example("ubnd-xa-tan-hoa-truc-tet-binh-ngo.json")
    letter["noi_dung"] = [b for b in letter["noi_dung"] if b["type"] != "task"] or [
        {"type": "paragraph", "text": "Nội dung."}
    ]
    response = post_form(client, letter, "tasks_csv")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "chưa có khối “Nhiệm vụ”" in html_of(response)


def test_check_of_a_valid_letter(client: FlaskClient, daklak: dict) -> None:
    response = post_form(client, daklak, "check")
    assert response.status_code == 200
    html = html_of(response)
    assert "Công văn hợp lệ" in html
    assert value_of(html, "ky_ho_ten") == "Võ Văn Cảnh"


# --- Errors beside their fields -----------------------------------------------------------------


def test_errors_are_shown_beside_each_field_and_nothing_is_lost(
    client: FlaskClient, daklak: dict
) -> None:
    daklak["ky_hieu"] = "UBND KGVX"
    daklak["ky"]["ho_ten"] = ""
    daklak["ngay"] = "2019-02-30"
    daklak["noi_dung"][3]["text"] = ""
    daklak["noi_dung"][3]["type"] = "task"
    daklak["noi_dung"][3]["deadline"] = "10/12/2019"
    daklak["ky"]["tham_quyen"] = ["KT CHỦ TỊCH"]
    response = post_form(client, daklak, "docx")
    assert response.status_code == 422
    assert response.mimetype == "text/html"
    html = html_of(response)
    assert "có dấu cách" in error_beside(html, "ky_hieu")
    assert "không được để trống" in error_beside(html, "ky_ho_ten")
    assert "không có thật" in error_beside(html, "ngay")
    assert "không được để trống" in error_beside(html, "noi_dung-3-text")
    assert "YYYY-MM-DD" in error_beside(html, "noi_dung-3-deadline")
    assert "bắt đầu bằng" in error_beside(html, "ky_tham_quyen-0-title")
    # The field says it is invalid and points at its message.
    tag = re.search(r'<input[^>]*id="ky_hieu"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in tag and "ky_hieu-error" in tag
    # The summary links to every field.
    assert 'href="#ky_hieu"' in html and 'href="#noi_dung-3-text"' in html
    # Everything typed is still there.
    assert value_of(html, "ky_hieu") == "UBND KGVX"
    assert value_of(html, "ngay") == "2019-02-30"
    assert value_of(html, "noi_dung-3-deadline") == "10/12/2019"
    assert value_of(html, "kinh_gui-1") == "UBND các huyện, thị xã, thành phố"
    assert value_of(html, "ky_tham_quyen-0-title") == "KT CHỦ TỊCH"
    assert value_of(html, "noi_dung-0-text").startswith("Thực hiện Kế hoạch số 88")


def test_blank_rows_are_skipped_and_errors_still_land_on_the_right_row(
    client: FlaskClient, daklak: dict
) -> None:
    daklak["kinh_gui"] = ["", "Sở Tài chính", "   ", "x" * 400]
    response = post_form(client, daklak, "check")
    assert response.status_code == 422
    html = html_of(response)
    assert "dài quá 300" in error_beside(html, "kinh_gui-3")
    assert "kinh_gui-1-error" not in html and "kinh_gui-0-error" not in html


def test_empty_list_error_goes_to_the_list(client: FlaskClient, daklak: dict) -> None:
    daklak["kinh_gui"] = [""]
    html = html_of(post_form(client, daklak, "check"))
    assert "cần ít nhất một mục" in error_beside(html, "kinh_gui")


# --- Rows without JavaScript: the round trip ------------------------------------------------------


def test_add_rows_keeps_what_was_typed(client: FlaskClient, daklak: dict) -> None:
    html = html_of(post_form(client, daklak, "add:kinh_gui"))
    assert value_of(html, "kinh_gui-2") == ""
    assert value_of(html, "kinh_gui-0") == "Các sở, ngành của tỉnh"
    assert has_autofocus(html, "kinh_gui-2")
    html = html_of(post_form(client, daklak, "add:noi_dung:task"))
    assert selected_of(html, "noi_dung-8-type") == "task"
    assert has_autofocus(html, "noi_dung-8-text")
    html = html_of(post_form(client, daklak, "add:noi_nhan"))
    assert value_of(html, "noi_nhan-5") == ""
    html = html_of(post_form(client, daklak, "add:ky_tham_quyen"))
    assert selected_of(html, "ky_tham_quyen-1-hinh_thuc") == ""
    assert selected_of(html, "ky_tham_quyen-0-hinh_thuc") == "KT."
    assert value_of(html, "ky_tham_quyen-0-title") == "CHỦ TỊCH"


def test_remove_and_move_rows(client: FlaskClient, daklak: dict) -> None:
    html = html_of(post_form(client, daklak, "remove:noi_nhan:1"))
    assert value_of(html, "noi_nhan-1") == "Ban Dân vận Tỉnh ủy"
    assert value_of(html, "noi_nhan-4") is None
    html = html_of(post_form(client, daklak, "up:noi_dung:3"))
    assert selected_of(html, "noi_dung-2-type") == "bullet"
    assert selected_of(html, "noi_dung-3-type") == "task"
    assert has_autofocus(html, "up-noi_dung-2")
    html = html_of(post_form(client, daklak, "down:kinh_gui:0"))
    assert value_of(html, "kinh_gui-0") == "UBND các huyện, thị xã, thành phố"
    # At the edges nothing moves and nothing breaks.
    html = html_of(post_form(client, daklak, "up:kinh_gui:0"))
    assert value_of(html, "kinh_gui-0") == "Các sở, ngành của tỉnh"
    html = html_of(post_form(client, daklak, "remove:kinh_gui:99"))
    assert value_of(html, "kinh_gui-1") == "UBND các huyện, thị xã, thành phố"


def test_removing_the_last_row_focuses_the_add_button(client: FlaskClient, daklak: dict) -> None:
    daklak["ky"]["tham_quyen"] = ["KT. CHỦ TỊCH"]
    html = html_of(post_form(client, daklak, "remove:ky_tham_quyen:0"))
    assert "ky_tham_quyen-0-title" not in html.split("<template")[0]
    assert has_autofocus(html, "add-ky_tham_quyen")


def test_unknown_action_is_a_check(client: FlaskClient, daklak: dict) -> None:
    response = post_form(client, daklak, "explode:everything")
    assert response.status_code == 200
    assert "Công văn hợp lệ" in html_of(response)


# --- Mở JSON ---------------------------------------------------------------------------------------


def open_file(client: FlaskClient, content: bytes, filename: str = "cv.json"):  # type: ignore[no-untyped-def]
    fields = MultiDict(form_fields(load_example("hostile-text.json"), "open"))
    fields.add("json_file", (io.BytesIO(content), filename))
    return client.post("/", data=fields, content_type="multipart/form-data")


def test_open_json_fills_the_form(client: FlaskClient, daklak: dict) -> None:
    response = open_file(client, json.dumps(daklak).encode())
    assert response.status_code == 200
    html = html_of(response)
    assert "Đã mở “cv.json”" in html
    assert value_of(html, "ky_hieu") == "UBND-KGVX"
    assert value_of(html, "co_quan_ban_hanh") == "ỦY BAN NHÂN DÂN\nTỈNH ĐẮK LẮK"
    assert selected_of(html, "noi_dung-1-type") == "task"
    assert value_of(html, "noi_dung-1-deadline") == "2019-12-10"
    assert selected_of(html, "ky_tham_quyen-0-hinh_thuc") == "KT."


def test_open_json_with_problems_shows_them_at_the_fields(
    client: FlaskClient, daklak: dict
) -> None:
    daklak["kinh_gui"][1] = 42
    daklak["extra"] = True
    response = open_file(client, json.dumps(daklak).encode())
    assert response.status_code == 422
    html = html_of(response)
    assert "Phải là chuỗi" in error_beside(html, "kinh_gui-1")
    assert value_of(html, "kinh_gui-1") == "42"
    assert "gõ nhầm tên" in html


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "không phải JSON UTF-8 hợp lệ (dòng 1"),
        (b"\xff\xfe\x00", "không phải JSON UTF-8 hợp lệ"),
        (b"[1, 2]", "cần một đối tượng JSON"),
    ],
)
def test_open_a_bad_file_keeps_the_current_letter(
    client: FlaskClient, content: bytes, message: str
) -> None:
    response = open_file(client, content)
    assert response.status_code == 400
    html = html_of(response)
    assert message in html
    assert value_of(html, "ky_hieu") == "TTDL&CĐS-KT"  # what was in the form stays


def test_open_json_with_a_list_over_its_limit(client: FlaskClient, daklak: dict) -> None:
    """Issue 17, item 6: the form shows the declaration's number of rows and says the file
    has more (it was a 500: WTForms' max_entries)."""
    daklak["noi_nhan"] = [f"Nơi {i}" for i in range(501)]
    response = open_file(client, json.dumps(daklak).encode())
    assert response.status_code == 422
    html = html_of(response)
    assert "nhiều nhất 200 mục (501)" in html
    assert 'id="noi_nhan-199"' in html and 'id="noi_nhan-200"' not in html


def test_open_without_a_file(client: FlaskClient, daklak: dict) -> None:
    response = post_form(client, daklak, "open")
    assert response.status_code == 400
    assert "Chưa chọn tệp" in html_of(response)
    assert value_of(html_of(response), "ky_hieu") == "UBND-KGVX"


# --- Preview ---------------------------------------------------------------------------------------


def test_preview_fragment_of_a_valid_letter(client: FlaskClient, daklak: dict) -> None:
    response = client.post("/preview", data=MultiDict(form_fields(daklak)))
    assert response.status_code == 200
    html = html_of(response)
    assert "<html" not in html
    assert "Số: 1691/UBND-KGVX" in html
    assert "Đắk Lắk, ngày 05 tháng 3 năm 2019" in html
    assert "- Các sở, ngành của tỉnh;" in html
    assert "KT. CHỦ TỊCH" in html and "Võ Văn Cảnh" in html
    assert "<b>trước ngày 10/12/2019</b>" in html
    assert "không có lỗi" in html
    assert "Danh sách nhiệm vụ" in html


def test_preview_of_an_unfinished_letter_uses_placeholders(client: FlaskClient) -> None:
    html = html_of(client.post("/preview", data={"kinh_gui-0": "", "noi_dung-0-text": "Xin chào"}))
    assert "[CƠ QUAN BAN HÀNH]" in html
    assert "Xin chào./." in html
    assert "còn" in html and 'href="#ky_hieu"' in html


def test_preview_with_broken_values_still_renders(client: FlaskClient, daklak: dict) -> None:
    daklak["so"] = "x"
    daklak["ky_hieu"] = "A B"
    daklak["ngay"] = "hôm nay"
    daklak["noi_dung"][1]["deadline"] = "bad"
    daklak["ky"]["tham_quyen"] = ["XX"]
    html = html_of(client.post("/preview", data=MultiDict(form_fields(daklak))))
    assert 'class="sheet"' in html
    assert "Số:      /......" in html


# --- Hostile text ----------------------------------------------------------------------------------


def test_hostile_text_is_escaped_in_html_and_verbatim_in_the_docx(client: FlaskClient) -> None:
    letter = load_example("hostile-text.json")
    letter["kinh_gui"].append("<script>alert(1)</script> & {{ 7*7 }}")
    for response in (
        post_form(client, letter, "check"),
        client.post("/preview", data=MultiDict(form_fields(letter))),
    ):
        html = html_of(response)
        assert "<script>alert(1)" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; {{ 7*7 }}" in html
        assert "Phòng &lt;Kỹ thuật&gt; &amp; Hạ tầng {{ phong }}" in html
        assert "<w:t>" not in html
        assert ">49<" not in html
    data = post_form(client, letter, "docx").data
    text = all_text(open_docx(data))
    assert "- <script>alert(1)</script> & {{ 7*7 }}." in text
    assert "Phòng <Kỹ thuật> & Hạ tầng {{ phong }}" in text
    assert "{% if %}" in text and "{{ ''.__class__ }}" in text
    # the renderer breaks the V/v line into lines that fit (a line break at a space)
    assert "V/v kiểm thử hiển thị ký tự đặc biệt & < > \" ' {{ 7*7 }} {% if %}" in text.replace(
        "\n", " "
    )


# --- CSRF ------------------------------------------------------------------------------------------


def test_csrf_refusal_keeps_the_letter(csrf_client: FlaskClient, daklak: dict) -> None:
    response = post_form(csrf_client, daklak, "docx")
    assert response.status_code == 400
    html = html_of(response)
    assert "Phiên làm việc đã hết hạn" in html
    assert value_of(html, "ky_hieu") == "UBND-KGVX"  # nothing typed is lost
    assert value_of(html, "noi_dung-1-deadline") == "2019-12-10"
    # ... and the page carries a fresh token that works.
    token = csrf_token(html)
    response = post_form(csrf_client, daklak, "docx", csrf_token=token)
    assert response.status_code == 200 and response.mimetype == DOCX


def test_csrf_with_a_forged_token(csrf_client: FlaskClient, daklak: dict) -> None:
    csrf_client.get("/")
    response = post_form(csrf_client, daklak, "docx", csrf_token="forged")
    assert response.status_code == 400
    assert response.mimetype == "text/html"


def test_csrf_on_the_preview(csrf_client: FlaskClient, daklak: dict) -> None:
    response = csrf_client.post("/preview", data=MultiDict(form_fields(daklak)))
    assert response.status_code == 400
    assert "Phiên làm việc" in html_of(response)
    token = csrf_token(html_of(csrf_client.get("/")))
    response = csrf_client.post(
        "/preview", data=MultiDict(form_fields(daklak)), headers={"X-CSRFToken": token}
    )
    assert response.status_code == 200


def test_csrf_token_from_the_page_works_for_the_form(
    csrf_client: FlaskClient, daklak: dict
) -> None:
    token = csrf_token(html_of(csrf_client.get("/")))
    response = post_form(csrf_client, daklak, "check", csrf_token=token)
    assert response.status_code == 200


def test_preview_runs_the_real_layout_checker(client: FlaskClient, daklak: dict) -> None:
    html = html_of(client.post("/preview", data=MultiDict(form_fields(daklak))))
    assert "Kiểm tra thể thức" in html
    assert "Tệp .docx đạt mọi điểm kiểm tra thể thức." in html


def test_preview_shows_checker_findings(client: FlaskClient, daklak: dict) -> None:
    """A công văn numbered with a tên loại code: the real checker's C13 is listed."""
    daklak["ky_hieu"] = "QĐ-UBND"
    html = html_of(client.post("/preview", data=MultiDict(form_fields(daklak))))
    assert "C13" in html and "Số, ký hiệu: ký hiệu bắt đầu bằng “QĐ”" in html
    assert "finding-error" in html


def test_a_failing_checker_does_not_break_the_preview(
    client: FlaskClient, daklak: dict, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from drafter.web import preview as preview_module

    def broken(data: bytes) -> None:
        raise RuntimeError("checker bug")

    monkeypatch.setattr(preview_module, "check_docx", broken)
    response = client.post("/preview", data=MultiDict(form_fields(daklak)))
    assert response.status_code == 200
    assert "Số: 1691/UBND-KGVX" in html_of(response)
    assert "checker bug" not in html_of(response)


def test_preview_without_checker_leaves_the_hook_quiet(app, daklak: dict) -> None:  # type: ignore[no-untyped-def]
    app.config["PREVIEW_CHECK"] = False
    html = html_of(app.test_client().post("/preview", data=MultiDict(form_fields(daklak))))
    assert "Kiểm tra thể thức" not in html
