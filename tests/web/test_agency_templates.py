"""“Mẫu in của cơ quan”: the quản trị uploads the agency's own template (accepted or refused
with the reasons), the agency's letters print with it everywhere — letter page, drafts,
API from a session, preview — another agency's never do, and it can be switched back."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from drafter.model import Letter
from drafter.render import render_docx, template_path
from drafter.store import Store, list_templates
from tests.conftest import load_example
from tests.usertemplate.builders import builtin, with_font, with_logo, with_tag
from tests.web.conftest import DAKLAK, TEMPLATE_A_NAME, AppFactory, World, sign_in
from tests.web.formdata import form_fields
from tests.web.test_letters import html_of

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def app(make_app: AppFactory) -> Flask:
    """The .docx checks only: LibreOffice is for the slow tests (the CLI's and e2e)."""
    return make_app(TEMPLATE_PAGE_CHECKS=False)


def as_user(app: Flask, world: World, user: int) -> FlaskClient:
    return sign_in(app.test_client(), user, world)


def upload(client: FlaskClient, data: bytes, kind: str = "cong_van", name: str = "mau.docx") -> Any:
    body = MultiDict()
    body.add("file", (io.BytesIO(data), name))
    return client.post(
        f"/admin/templates/{kind}/upload", data=body, content_type="multipart/form-data"
    )


def has_logo(docx: bytes) -> bool:
    names = zipfile.ZipFile(io.BytesIO(docx)).namelist()
    return any(n.startswith("word/media/") for n in names)


def letter_docx(client: FlaskClient) -> bytes:
    response = client.post("/", data=MultiDict(form_fields(load_example(DAKLAK), "docx")))
    assert response.status_code == 200 and response.mimetype == DOCX
    return response.data


def every_docx(client: FlaskClient, world: World, draft: int) -> dict[str, bytes]:
    """Each way a signed-in user gets a .docx of a letter."""
    out = {"letter page": letter_docx(client)}
    response = client.post("/api/v1/render", json=load_example(DAKLAK))
    assert response.status_code == 200
    out["api"] = response.data
    response = client.get(f"/drafts/{draft}/docx")
    assert response.status_code == 200
    out["draft"] = response.data
    return out


def test_the_page_offers_drafters_template(app: Flask, world: World) -> None:
    admin = as_user(app, world, world.admin_a)
    page = html_of(admin.get("/admin/templates"))
    assert "Mẫu in của" in page and "Tải mẫu gốc của drafter (.docx)" in page
    assert TEMPLATE_A_NAME in page  # the seeded version, not active
    assert "đang dùng mẫu gốc của drafter" in page
    response = admin.get("/admin/templates/builtin/cong_van.docx")
    assert response.status_code == 200 and response.mimetype == DOCX
    assert response.data == template_path("cong_van").read_bytes()
    assert admin.get("/admin/templates/builtin/sac_lenh.docx").status_code == 404
    assert as_user(app, world, world.soan_a).get("/admin/templates").status_code == 403


def test_upload_use_and_go_back(app: Flask, world: World) -> None:
    admin = as_user(app, world, world.admin_a)
    soan_a = as_user(app, world, world.soan_a)
    soan_b = as_user(app, world, world.soan_b)
    builtin_docx = render_docx(Letter.from_dict(load_example(DAKLAK)))
    assert letter_docx(soan_a) == builtin_docx

    mine = with_logo(builtin())
    response = upload(admin, mine, name="Mẫu có logo.docx")
    assert response.status_code == 303
    page = html_of(admin.get(response.headers["Location"]))
    assert "Đã nhận mẫu công văn (phiên bản 2)" in page and "Mẫu có logo.docx" in page

    for way, docx in every_docx(soan_a, world, world.draft_a).items():
        assert has_logo(docx), f"A's {way} does not print with A's template"
    for way, docx in every_docx(soan_b, world, world.draft_b).items():
        assert not has_logo(docx), f"B's {way} prints with A's template"
    anonymous = app.test_client().post("/api/v1/render", json=load_example(DAKLAK))
    assert anonymous.data == builtin_docx

    # the seeded version 1 back, then drafter's own
    store: Store = app.extensions["drafter.store"]
    with store.transaction(readonly=True) as s:
        versions = list_templates(s, world.a, world.admin_a, "cong_van")
    assert [(v.version, v.active) for v in versions] == [(2, True), (1, False)]
    assert admin.post(f"/admin/templates/{versions[1].id}/activate").status_code == 303
    assert has_logo(letter_docx(soan_a))  # version 1 has a logo too
    response = admin.post("/admin/templates/cong_van/revert")
    assert response.status_code == 303
    assert "in lại theo mẫu gốc của drafter" in html_of(admin.get("/admin/templates"))
    assert letter_docx(soan_a) == builtin_docx
    download = admin.get(f"/admin/templates/{versions[0].id}/download")
    assert download.status_code == 200 and download.data == mine


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (with_tag(builtin(), "{{ ''.__class__.__mro__ }}"), "“__mro__” không được dùng"),
        (with_tag(builtin(), "{{ ma_so_thue }}"), "Biến “ma_so_thue”"),
        (with_font(builtin(), "Arial"), "[C3]"),
        (b"not a docx", "không phải văn bản Word"),
    ],
    ids=["ssti", "unknown-variable", "font", "not-docx"],
)
def test_refused_templates_are_not_stored(app: Flask, world: World, data: bytes, why: str) -> None:
    admin = as_user(app, world, world.admin_a)
    response = upload(admin, data)
    assert response.status_code == 422
    html = html_of(response)
    assert "Không nhận mẫu công văn" in html and why in html
    assert 'id="refusal-cong_van"' in html
    store: Store = app.extensions["drafter.store"]
    with store.transaction(readonly=True) as s:
        assert len(list_templates(s, world.a, world.admin_a)) == 1  # the seeded one only
    assert not has_logo(letter_docx(as_user(app, world, world.soan_a)))


def test_a_template_is_per_kind(app: Flask, world: World) -> None:
    admin = as_user(app, world, world.admin_a)
    assert upload(admin, with_logo(builtin("thong_bao")), kind="thong_bao").status_code == 303
    assert not has_logo(letter_docx(as_user(app, world, world.soan_a)))  # a công văn
    letter = load_example("kinds/tb-so-gddt-ninh-binh-lich-nghi-tet.json")
    response = as_user(app, world, world.soan_a).post(
        "/", data=MultiDict(form_fields(letter, "docx"))
    )
    assert response.status_code == 200 and has_logo(response.data)


def test_b_cannot_reach_a_template(app: Flask, world: World) -> None:
    admin_b = as_user(app, world, world.admin_b)
    assert admin_b.get(f"/admin/templates/{world.template_a}/download").status_code == 404
    assert admin_b.post(f"/admin/templates/{world.template_a}/activate").status_code == 404
    page = html_of(admin_b.get("/admin/templates"))
    assert TEMPLATE_A_NAME not in page
