"""From draft to issued document through the web app (docs/workflow.md): the pages (Trình
from the letter page, trả lại with a comment, sửa and trình again, duyệt, cấp số và phát
hành, the register and its exports, the audit log, API tokens) and the same path through
the API with tokens (no CSRF token, on an app that checks them), with 403/404/409 in the
one JSON error shape; 20 concurrent issues over HTTP on SQLite and PostgreSQL; a failed
PDF that issues nothing; issued files that never change.

LibreOffice is stood in for by `Converter` (the PDF routes with the real one are in
tests/web/test_pdf_web.py; the register's real PDF in test_register_pdf_with_libreoffice).
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from drafter.pdf import PdfError
from drafter.register_export import COLUMNS
from drafter.store import (
    Store,
    approve_draft,
    create_draft,
    create_token,
    get_draft,
    submit_draft,
    vn_year,
)
from tests.web.conftest import AppFactory, World, sign_in
from tests.web.formdata import form_fields


class Converter:
    """LibreOffice's stand-in: a PDF that names the .docx it came from; can be broken."""

    def __init__(self) -> None:
        self.broken = False
        self.calls = 0
        self.lock = threading.Lock()

    def convert(self, docx: bytes) -> bytes:
        with self.lock:
            self.calls += 1
        if self.broken:
            raise PdfError("LibreOffice không trả lời trong 60 giây.")
        return b"%PDF-1.7 " + hashlib.sha256(docx).hexdigest().encode()


@pytest.fixture
def converter() -> Converter:
    return Converter()


@pytest.fixture
def wf_app(make_app: AppFactory, converter: Converter) -> Flask:
    return make_app(PDF_CONVERTER=converter)


def as_user(app: Flask, world: World, user_id: int) -> FlaskClient:
    return sign_in(app.test_client(), user_id, world)


def html(response: Any) -> str:
    return response.get_data(as_text=True)


def store_of(app: Flask) -> Store:
    return app.extensions["drafter.store"]  # type: ignore[no-any-return]


def test_the_whole_path_in_pages(
    wf_app: Flask, world: World, daklak: dict[str, Any], converter: Converter
) -> None:
    soan = as_user(wf_app, world, world.soan_a)
    leader = as_user(wf_app, world, world.lanh_dao_a)
    van_thu = as_user(wf_app, world, world.van_thu_a)
    admin = as_user(wf_app, world, world.admin_a)

    # “Trình ký…” on the letter page: the form is saved as a new draft, then the Trình page.
    letter_page = html(soan.get("/"))
    assert 'id="btn-trinh"' in letter_page and 'formaction="/review/from-form"' in letter_page
    fields = form_fields(daklak, "trinh")
    response = soan.post(
        "/review/from-form", data=MultiDict(fields), content_type="multipart/form-data"
    )
    assert response.status_code == 303
    draft_id = int(re.search(r"/review/(\d+)/submit", response.headers["Location"])[1])
    page = html(soan.get(response.headers["Location"]))
    assert f'<option value="{world.lanh_dao_a}" selected>' in page  # the letter's signer
    response = soan.post(
        f"/review/{draft_id}/submit",
        data={"to": str(world.lanh_dao_a), "comment": "Kính trình anh.", "version": "1"},
    )
    assert response.status_code == 303
    assert "Chờ duyệt" in html(soan.get(f"/review/{draft_id}"))
    assert "Chờ duyệt" in html(soan.get("/drafts"))
    assert soan.get(f"/drafts/{draft_id}").headers["Location"] == f"/review/{draft_id}"

    # The lãnh đạo's list; trả lại needs a comment.
    assert f"/review/{draft_id}" in html(leader.get("/review/pending"))
    page = html(leader.get(f"/review/{draft_id}"))
    assert 'id="btn-approve"' in page and 'id="btn-return"' in page and "Kính trình anh." in page
    response = leader.post(f"/review/{draft_id}/return", data={"comment": " "})
    assert response.status_code == 422 and "Hãy ghi ý kiến" in html(response)
    response = leader.post(
        f"/review/{draft_id}/return", data={"comment": "Bỏ chữ “thực hiện” trong trích yếu."}
    )
    assert response.status_code == 303

    # The soạn thảo reopens it: the comment is above the form; sửa, trình again.
    page = html(soan.get(f"/drafts/{draft_id}"))
    assert "Bỏ chữ “thực hiện” trong trích yếu." in page and "đã trả lại" in page
    fixed = {**daklak, "trich_yeu": "phối hợp “Năm dân vận chính quyền” 2019"}
    fields = [*form_fields(fixed, "trinh"), ("draft_id", str(draft_id)), ("draft_version", "1")]
    response = soan.post(
        "/review/from-form", data=MultiDict(fields), content_type="multipart/form-data"
    )
    assert response.status_code == 303
    response = soan.post(
        f"/review/{draft_id}/submit", data={"to": str(world.lanh_dao_a), "version": "2"}
    )
    assert response.status_code == 303

    # Duyệt; the văn thư's list; cấp số và phát hành.
    assert leader.post(f"/review/{draft_id}/approve", data={}).status_code == 303
    assert f"/review/{draft_id}" in html(van_thu.get("/review/to-issue"))
    page = html(van_thu.get(f"/review/{draft_id}"))
    assert 'id="next-number"' in page and "<strong>02</strong>" in page  # 01 is the seed's
    response = van_thu.post(f"/review/{draft_id}/issue", data={"so_luong_ban": "12"})
    assert response.status_code == 303
    page = html(van_thu.get(f"/review/{draft_id}"))
    assert "Đã phát hành: số 02/UBND-KGVX" in page
    docx = van_thu.get(f"/review/{draft_id}/issued.docx")
    pdf = van_thu.get(f"/review/{draft_id}/issued.pdf")
    assert docx.status_code == 200 and pdf.status_code == 200
    assert docx.headers["X-Content-SHA256"] == hashlib.sha256(docx.data).hexdigest()
    assert pdf.data == b"%PDF-1.7 " + hashlib.sha256(docx.data).hexdigest().encode()
    assert "02-UBND-KGVX" in docx.headers["Content-Disposition"]

    # The register shows the row; exports; the audit log has every step.
    year = vn_year()
    page = html(van_thu.get("/register"))
    assert "02/UBND-KGVX" in page and "Công văn V/v phối hợp “Năm dân vận chính quyền” 2019" in page
    xlsx = van_thu.get("/register/export.xlsx")
    assert xlsx.status_code == 200
    assert xlsx.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = read_xlsx(xlsx.data)
    assert rows[0] == list(COLUMNS) and rows[1] == [f"({i})" for i in range(1, 11)]
    mine = next(r for r in rows[2:] if r[0] == "02/UBND-KGVX")
    assert mine[2] == "Công văn V/v phối hợp “Năm dân vận chính quyền” 2019"
    assert mine[3] == "Võ Văn Cảnh" and mine[6] == 12 and mine[8] is None
    assert mine[4].splitlines()[:2] == daklak["kinh_gui"]
    pdf = van_thu.get("/register/export.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    page = html(admin.get("/audit"))
    for label in ("Trình", "Trả lại", "Duyệt", "Cấp số và phát hành", "Xuất sổ đăng ký"):
        assert label in page
    assert str(year) in page


def read_xlsx(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Sổ đăng ký văn bản đi", "Bìa"]
    return [list(row) for row in book["Sổ đăng ký văn bản đi"].iter_rows(values_only=True)]


def test_a_failed_pdf_issues_nothing(wf_app: Flask, world: World, converter: Converter) -> None:
    van_thu = as_user(wf_app, world, world.van_thu_a)
    converter.broken = True
    response = van_thu.post(f"/review/{world.draft_approved_a}/issue", data={})
    assert response.status_code == 503
    assert "chưa cấp số nào" in html(response)
    response = van_thu.post(
        f"/api/v1/drafts/{world.draft_approved_a}/issue",
        json={},
    )
    assert response.status_code == 503 and response.json["ok"] is False
    assert response.headers["Retry-After"]
    converter.broken = False
    response = van_thu.post(f"/api/v1/drafts/{world.draft_approved_a}/issue", json={})
    assert response.status_code == 200 and response.json["so"] == "02"  # 01: the seed's


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def tokens_for(app: Flask, world: World, *users: int) -> list[str]:
    with store_of(app).transaction() as s:
        return [create_token(s, world.a, u, name="tests")[1] for u in users]


def test_the_whole_path_through_the_api_with_tokens(
    make_app: AppFactory, world: World, daklak: dict[str, Any], converter: Converter
) -> None:
    app = make_app(WTF_CSRF_ENABLED=True, PDF_CONVERTER=converter)  # CSRF on: tokens skip it
    soan, leader, van_thu, admin = tokens_for(
        app, world, world.soan_a, world.lanh_dao_a, world.van_thu_a, world.admin_a
    )
    api = app.test_client()

    def call(method: str, path: str, token: str, body: Any = None) -> Any:
        kwargs: dict[str, Any] = {"headers": bearer(token)}
        if body is not None:
            kwargs["json"] = body
        return api.open(f"/api/v1{path}", method=method, **kwargs)

    created = call("POST", "/drafts", soan, {"letter": daklak})
    assert created.status_code == 201, created.json
    draft = created.json["id"]
    answer = call("POST", f"/drafts/{draft}/submit", soan, {"to": "lanhdao.a", "comment": "Trình"})
    assert answer.status_code == 200 and answer.json["state"] == "cho_duyet"
    assert answer.json["reviewer"] == "lanhdao.a"

    # Errors, each in the one shape: wrong role 403, not visible 404, wrong state 409.
    for response, status in (
        (call("POST", f"/drafts/{draft}/approve", soan), 403),
        (call("POST", f"/drafts/{draft}/approve", van_thu), 404),
        (call("POST", f"/drafts/{draft}/issue", leader), 403),
        (call("POST", f"/drafts/{draft}/submit", soan, {"to": "lanhdao.a"}), 409),
        (call("PUT", f"/drafts/{draft}", soan, {"letter": daklak, "expected_version": 1}), 409),
        (call("POST", f"/drafts/{draft}/return", leader, {"comment": ""}), 422),
    ):
        assert response.status_code == status, (status, response.json)
        assert response.json["ok"] is False and response.json["error"] and response.json["message"]

    seen = call("GET", f"/drafts/{draft}", leader).json  # the lãnh đạo reads it
    assert seen["state"] == "cho_duyet" and seen["letter"]["trich_yeu"] == daklak["trich_yeu"]
    assert seen["actions"] == ["approve", "return"]
    answer = call("POST", f"/drafts/{draft}/return", leader, {"comment": "Sửa trích yếu."})
    assert answer.json["state"] == "du_thao"
    fixed = {**daklak, "trich_yeu": "phối hợp “Năm dân vận chính quyền” 2019"}
    saved = call("PUT", f"/drafts/{draft}", soan, {"letter": fixed, "expected_version": 1})
    assert saved.status_code == 200 and saved.json["version"] == 2
    got = call("GET", f"/drafts/{draft}", soan).json
    assert [(c["action"], c["version"], c["comment"]) for c in got["comments"]] == [
        ("submit", 1, "Trình"),
        ("return", 1, "Sửa trích yếu."),
    ]
    again = call("POST", f"/drafts/{draft}/submit", soan, {"to": "lanhdao.a", "version": 2})
    assert again.status_code == 200
    assert call("POST", f"/drafts/{draft}/approve", leader).json["state"] == "da_duyet"
    issued = call("POST", f"/drafts/{draft}/issue", van_thu, {"so_luong_ban": 5})
    assert issued.status_code == 200, issued.json
    body = issued.json
    assert (body["so"], body["ky_hieu"], body["ngay"][:4]) == ("02", "UBND-KGVX", str(vn_year()))
    assert call("POST", f"/drafts/{draft}/issue", van_thu).status_code == 409

    # The issued files, the same bytes each time, with the hashes issuing reported.
    for fmt in ("docx", "pdf"):
        first = call("GET", f"/issued/{draft}.{fmt}", soan)
        again = call("GET", f"/issued/{draft}.{fmt}", admin)
        assert first.status_code == 200 and first.data == again.data
        assert hashlib.sha256(first.data).hexdigest() == body["sha256"][fmt]
    register = call("GET", f"/register?year={vn_year()}", leader)
    assert register.status_code == 200 and register.json["columns"] == list(COLUMNS)
    assert ["02/UBND-KGVX", body["ngay"][8:10]] == [
        register.json["rows"][-1][0],
        register.json["rows"][-1][1][:2],
    ]
    xlsx = call("GET", f"/register?year={vn_year()}&format=xlsx", van_thu)
    assert read_xlsx(xlsx.data)[0] == list(COLUMNS)
    assert call("GET", "/register?format=csv", van_thu).status_code == 400
    assert call("GET", "/register", soan).status_code == 403


def test_tokens_authenticate_only_the_api(
    make_app: AppFactory, world: World, daklak: dict[str, Any]
) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    token = world.api_token_a  # soan.a's, made by the seed
    assert client.get(f"/api/v1/drafts/{world.draft_a}", headers=bearer(token)).status_code == 200
    for bad in ("drf_not-a-token", "", token + "x"):
        response = client.get(f"/api/v1/drafts/{world.draft_a}", headers=bearer(bad))
        assert response.status_code == 401 and response.json["ok"] is False
    response = client.get(
        f"/api/v1/drafts/{world.draft_a}", headers={"Authorization": f"Basic {token}"}
    )
    assert response.status_code == 401
    # A page is not the API: the token does not sign a browser in.
    assert client.get("/drafts", headers=bearer(token)).status_code == 302
    # No cookie is set for a token's request.
    response = client.post("/api/v1/drafts", json={"letter": daklak}, headers=bearer(token))
    assert response.status_code == 201 and "Set-Cookie" not in response.headers
    # Revoked on the account page: refused at once.
    page = sign_in(app.test_client(), world.soan_a, world)
    listing = html(page.get("/account/tokens"))
    assert "Máy chủ A" in listing and token not in listing
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', listing)[1]
    response = page.post(f"/account/tokens/{world.token_a}/revoke", data={"csrf_token": csrf})
    assert response.status_code == 303
    response = client.get(f"/api/v1/drafts/{world.draft_a}", headers=bearer(token))
    assert response.status_code == 401


def test_a_new_token_is_shown_once(wf_app: Flask, world: World) -> None:
    client = as_user(wf_app, world, world.lanh_dao_a)
    response = client.post("/account/tokens", data={"name": "Tập lệnh"})
    assert response.status_code == 201
    token = re.search(r'<code id="new-token">(drf_[^<]+)</code>', html(response))[1]
    assert "Set-Cookie" not in response.headers or token not in response.headers["Set-Cookie"]
    assert token not in html(client.get("/account/tokens"))
    api = wf_app.test_client()
    assert api.get("/api/v1/register", headers=bearer(token)).status_code == 200
    assert client.post("/account/tokens", data={"name": ""}).status_code == 422


def test_a_signer_preset_names_its_lanh_dao(wf_app: Flask, world: World) -> None:
    """Linked on the signer's page, the lãnh đạo is offered first when a letter signed
    with that preset is trình."""
    van_thu = as_user(wf_app, world, world.van_thu_a)
    page = html(van_thu.get(f"/presets/signers/{world.signer_a}"))
    assert f'<option value="{world.lanh_dao_a}">' in page
    form = {
        "tham_quyen": "KT. CHỦ TỊCH",
        "chuc_vu": "PHÓ CHỦ TỊCH",
        "ho_ten": "Võ Văn Cảnh",
        "leader": str(world.lanh_dao_a),
    }
    assert van_thu.post(f"/presets/signers/{world.signer_a}", data=form).status_code == 303
    page = html(van_thu.get(f"/presets/signers/{world.signer_a}"))
    assert f'<option value="{world.lanh_dao_a}" selected>' in page
    refused = van_thu.post(
        f"/presets/signers/{world.signer_a}", data={**form, "leader": str(world.soan_a)}
    )
    assert refused.status_code == 422 and "lãnh đạo" in html(refused)


def test_series_page_split_and_counter(wf_app: Flask, world: World) -> None:
    admin = as_user(wf_app, world, world.admin_a)
    page = html(admin.get("/register/series"))
    assert "Văn bản hành chính (sổ chung)" in page and "Văn bản mật" in page
    assert (
        admin.post("/register/series/split", data={"kind": "quyet_dinh", "split": "1"}).status_code
        == 303
    )
    assert "Quyết định: hệ thống số riêng" in html(admin.get("/register/series"))
    year = str(vn_year())
    response = admin.post(
        "/register/series/next", data={"year": year, "series": "CHUNG", "next_number": "1"}
    )
    assert response.status_code == 303
    assert "số tiếp theo phải lớn hơn" in html(admin.get(response.headers["Location"]))
    admin.post("/register/series/next", data={"year": year, "series": "CHUNG", "next_number": "30"})
    page = html(admin.get("/register/series"))
    assert 'value="30"' in page


def test_twenty_concurrent_issues_over_http(
    backend_app: Flask, world: World, daklak: dict[str, Any]
) -> None:
    """20 văn thư requests at once, each issuing its own approved draft: 20 distinct,
    consecutive numbers (after the seed's 01), on each database."""
    app = backend_app
    app.config["PDF_CONVERTER"] = Converter()
    store = store_of(app)
    with store.transaction() as s:
        drafts = []
        for _ in range(20):
            draft = create_draft(s, world.a, world.soan_a, daklak).id
            submit_draft(s, world.a, world.soan_a, draft, to=world.lanh_dao_a)
            approve_draft(s, world.a, world.lanh_dao_a, draft)
            drafts.append(draft)
        token = create_token(s, world.a, world.van_thu_a, name="t")[1]
    barrier = threading.Barrier(20, timeout=60)
    results: list[Any] = [None] * 20

    def one(i: int) -> None:
        client = app.test_client()
        barrier.wait()
        results[i] = client.post(
            f"/api/v1/drafts/{drafts[i]}/issue", json={}, headers=bearer(token)
        )

    threads = [threading.Thread(target=one, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert all(r is not None and r.status_code == 200 for r in results), [
        (r.status_code, r.json) for r in results if r is not None and r.status_code != 200
    ]
    numbers = sorted(int(r.json["so"]) for r in results)
    assert numbers == list(range(2, 22))
    with store.transaction(readonly=True) as s:
        assert all(get_draft(s, world.a, world.soan_a, d).state == "da_phat_hanh" for d in drafts)
