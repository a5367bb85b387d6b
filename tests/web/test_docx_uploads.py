"""“Mở tệp .docx” on the letter page and “Tạo mẫu từ tệp .docx” on the mẫu page: the form
filled from a Word letter with what could not be recovered beside the fields; uploads
limited and refused in Vietnamese (not a .docx, .docm, zip bomb, too big, another kind)."""

from __future__ import annotations

import io
import tracemalloc
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from drafter.model import Letter
from drafter.render import render_docx
from drafter.store import Store, list_mau
from tests.check.builders import read_parts, write_parts
from tests.check.test_robustness import _lying_bomb
from tests.conftest import load_example
from tests.importer.foreign import EXPECTED, Spec, foreign_letter
from tests.importer.test_refusals import docm
from tests.web.conftest import AppFactory, World, sign_in
from tests.web.formdata import form_fields
from tests.web.test_letters import error_beside, html_of, selected_of, value_of

DAKLAK = "daklak-1691-ubnd-kgvx.json"


def daklak_docx() -> bytes:
    return render_docx(Letter.from_dict(load_example(DAKLAK)))


def open_docx(client: FlaskClient, content: bytes, filename: str = "cong-van.docx") -> Any:
    fields = MultiDict(form_fields(load_example("hostile-text.json"), "open_docx"))
    fields.add("docx_file", (io.BytesIO(content), filename))
    return client.post("/", data=fields, content_type="multipart/form-data")


def test_open_docx_fills_the_form(client: FlaskClient) -> None:
    response = open_docx(client, daklak_docx())
    assert response.status_code == 200
    html = html_of(response)
    assert "Đã mở “cong-van.docx”: lấy được mọi trường" in html
    assert value_of(html, "so") == "1691"
    assert value_of(html, "ky_hieu") == "UBND-KGVX"
    assert value_of(html, "co_quan_ban_hanh") == "ỦY BAN NHÂN DÂN\nTỈNH ĐẮK LẮK"
    assert selected_of(html, "noi_dung-1-type") == "task"
    assert value_of(html, "noi_dung-1-deadline") == "2019-12-10"  # from the file's data
    assert value_of(html, "ky_ho_ten") == "Võ Văn Cảnh"


def test_open_a_word_letter_lists_what_is_missing_beside_the_fields(client: FlaskClient) -> None:
    parts = read_parts(foreign_letter(Spec(legacy="tcvn3")))
    xml = parts["word/document.xml"].decode()
    closing = xml.rindex("<w:tbl>")
    parts["word/document.xml"] = (xml[:closing] + xml[xml.rindex("</w:tbl>") + 8 :]).encode()
    response = open_docx(client, write_parts(parts), "cu.docx")
    assert response.status_code == 200
    html = html_of(response)
    assert "Đã mở “cu.docx”" in html and "cần soát lại" in html
    assert "Chưa lấy được từ tệp" in error_beside(html, "ky_ho_ten")
    assert "Chưa lấy được từ tệp" in error_beside(html, "luu")
    assert ".VnTime" in html and "Đã đoán" in html  # the legacy font, said
    assert value_of(html, "co_quan_ban_hanh") == EXPECTED["co_quan_ban_hanh"]
    assert value_of(html, "kinh_gui-1") == EXPECTED["kinh_gui"][1]


@pytest.mark.parametrize(
    ("content", "why", "status"),
    [
        (b"%PDF-1.7 ...", "Đây là tệp PDF", 422),
        (b"", "Chưa chọn tệp", 400),
        (None, "macro", 422),
        (None, "không phải công văn", 422),
    ],
    ids=["pdf", "empty", "docm", "quyet-dinh"],
)
def test_refusals_keep_the_letter(
    client: FlaskClient, content: bytes | None, why: str, status: int
) -> None:
    if content is None and why == "macro":
        content = docm(daklak_docx())
    elif content is None:
        data = load_example("kinds/qd-ubnd-daklak-to-cong-tac-chuyen-doi-so.json")
        content = render_docx(Letter.from_dict(data))
    response = open_docx(client, content, "" if why == "Chưa chọn tệp" else "x.docx")
    assert response.status_code == status
    html = html_of(response)
    assert why in html
    assert value_of(html, "ky_hieu") == "TTDL&CĐS-KT"  # what was in the form stays


def test_a_zip_bomb_is_refused_with_bounded_memory(client: FlaskClient) -> None:
    bomb = _lying_bomb(real=60_000_000, declared=1000)
    tracemalloc.start()
    try:
        response = open_docx(client, bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert response.status_code == 422
    html = html_of(response)
    assert "bom zip" in html or "hỏng" in html
    assert peak < 60_000_000


def test_a_100_mb_upload_is_refused_before_it_is_read(client: FlaskClient) -> None:
    fields = MultiDict(form_fields(load_example(DAKLAK), "open_docx"))
    fields.add("docx_file", (io.BytesIO(b"PK"), "lon.docx"))
    response = client.post(
        "/",
        data=fields,
        content_type="multipart/form-data",
        environ_overrides={"CONTENT_LENGTH": str(100 * 1024 * 1024)},
    )
    assert response.status_code == 413
    html = html_of(response)
    assert "Tệp tải lên quá lớn (tối đa" in html and "không bị mất" in html


def test_a_file_over_the_limit_is_refused(make_app: AppFactory, world: World) -> None:
    app = make_app(DOCX_UPLOAD_MAX=20_000)
    client = sign_in(app.test_client(), world.soan_a, world)
    response = open_docx(client, daklak_docx() + bytes(30_000))
    assert response.status_code == 400
    assert "quá lớn" in html_of(response)


def test_the_other_routes_keep_the_small_limit(client: FlaskClient) -> None:
    """Only the routes that take a .docx accept more than the app's limit (2 MiB)."""
    response = client.post(
        "/api/v1/validate", data=b"{}", content_type="application/json",
        environ_overrides={"CONTENT_LENGTH": str(3 * 1024 * 1024)},
    )  # fmt: skip
    assert response.status_code == 413


# --- Tạo mẫu từ tệp .docx -----------------------------------------------------------------------


def post_docx_mau(client: FlaskClient, content: bytes, name: str = "") -> Any:
    data = MultiDict({"name": name, "visibility": "agency"})
    data.add("file", (io.BytesIO(content), "Công văn tập huấn.docx"))
    return client.post("/mau/import-docx", data=data, content_type="multipart/form-data")


def test_mau_from_a_word_letter(client: FlaskClient, app: Flask, world: World) -> None:
    response = post_docx_mau(client, foreign_letter(Spec(header="tabs", closing="tabs")))
    assert response.status_code == 303
    store: Store = app.extensions["drafter.store"]
    with store.transaction(readonly=True) as s:
        rows = list_mau(s, world.a, world.soan_a, q="tap huan")
    assert [m.name for m in rows] == ["Công văn tập huấn"]
    assert rows[0].visibility == "agency"
    assert {"co_quan_ban_hanh", "kinh_gui", "noi_dung", "ky"} <= set(rows[0].fields)
    page = html_of(client.get("/mau"))
    assert "Đã tạo mẫu “Công văn tập huấn” từ tệp .docx" in page


def test_mau_from_docx_refusal(client: FlaskClient) -> None:
    response = post_docx_mau(client, b"%PDF-1.4")
    assert response.status_code == 422
    html = html_of(response)
    assert "Chưa tạo được mẫu" in html and "Đây là tệp PDF" in html
