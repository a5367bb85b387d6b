"""The access matrix: every route and API endpoint, for every kind of visitor.

Subjects: anonymous, a soạn thảo, a văn thư and a quản trị of agency A, the quản trị of
agency B (the most powerful outsider), and a lãnh đạo of agency A. Each gets exactly the
expected status; the objects named in the URLs are agency A's, so B always gets 404, and
nothing of A's shows in any answer B receives. An entry lists five statuses when the
lãnh đạo gets the văn thư's (both are colleagues without the owner's or the quản trị's
rights), six when they differ. The table is checked against `app.url_map`: a new route without an
entry here fails the suite. Every request runs on a fresh copy of the seeded database.

Also here: every state-changing route refuses a request without its CSRF token, except
the stateless JSON API.
"""

from __future__ import annotations

import functools
import io
import json
import shutil
import time
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from drafter.store import vn_year
from tests.conftest import load_example
from tests.web.conftest import DAKLAK, AppFactory, World
from tests.web.formdata import form_fields

SUBJECTS = ("anon", "soan_a", "van_thu_a", "admin_a", "admin_b", "lanh_dao_a")
# What agency B's quản trị must never read, whatever the route: A's names and accounts.
A_MARKERS = (
    "UBND tỉnh Đắk Lắk",
    "Giấy mời họp (riêng)",
    "Công văn chung",
    "Thông báo cũ (A)",
    "vanthu.a",
    "admin.a",
    "Quản trị A",
    "Các sở (Võ Văn Cảnh)",
    "Mẫu in riêng của A",
)


@dataclass
class Case:
    """One request and the status each subject gets, in SUBJECTS order (five: the
    lãnh đạo gets the văn thư's)."""

    method: str
    path: str
    expect: tuple[int, ...]
    form: dict[str, Any] | list[tuple[str, str]] | None = None
    json: Any = None
    upload: bytes | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    upload_field: str = "file"

    @property
    def statuses(self) -> tuple[int, ...]:
        assert len(self.expect) in (5, 6), self
        return self.expect if len(self.expect) == 6 else (*self.expect, self.expect[2])


def cases(w: World) -> dict[tuple[str, str], list[Case]]:
    """The matrix, keyed by (endpoint, method). Statuses: 200/201 done, 302/303 redirect
    (anonymous: to /login; signed in: after a change), 401 API without login, 403 role,
    404 not this user's or not this agency's, 422 refused input."""
    daklak = load_example(DAKLAK)
    daklak_docx = _daklak_docx()
    letter_fields = form_fields(daklak, "check")
    incomplete = form_fields({"trich_yeu": "chưa đủ"}, "print")
    mau_json = json.dumps({"format": 1, "kind": "cong_van", "trich_yeu": "nhập"}).encode()
    page = (302, 200, 200, 200, 200)  # a page every signed-in user has
    done = (303, 303, 303, 303, 303)  # a change every signed-in user may make (own data)
    own_draft = (302, 200, 404, 404, 404)
    shared = f"/mau/{w.mau_shared_a}"
    private = f"/mau/{w.mau_private_a}"
    user = f"/admin/users/{w.soan_a2}"
    signer = f"/presets/signers/{w.signer_a}"
    group = f"/presets/groups/{w.group_a}"
    draft = f"/drafts/{w.draft_a}"
    api_draft = f"/api/v1/drafts/{w.draft_a}"
    template = f"/admin/templates/{w.template_a}"
    admin_page = (302, 403, 403, 200, 200)
    save = {"letter": daklak, "expected_version": 1, "kind": "save"}
    pending, approved, issued = w.draft_pending_a, w.draft_approved_a, w.draft_issued_a
    why = {"comment": "Sửa trích yếu."}
    readers = (302, 403, 200, 200, 200, 200)  # the register: văn thư, lãnh đạo, quản trị
    year = vn_year()
    return {
        # The letter form and its fragments
        ("letters.index", "GET"): [
            Case("GET", "/", page),
            Case("GET", f"/?mau={w.mau_shared_a}", (302, 200, 200, 200, 404)),
            Case("GET", f"/?mau={w.mau_private_a}", (302, 200, 404, 404, 404)),
            Case("GET", "/?kind=giay_moi", page),
        ],
        ("letters.choose", "GET"): [Case("GET", "/new", page)],
        ("letters.submit", "POST"): [
            Case("POST", "/", (303, 200, 200, 200, 200), form=letter_fields),
            Case(  # “Mở tệp .docx”
                "POST",
                "/",
                (303, 200, 200, 200, 200),
                form=form_fields(daklak, "open_docx"),
                upload=daklak_docx,
                upload_field="docx_file",
            ),
            Case(
                "POST",
                "/",
                (303, 200, 200, 200, 404),
                form=[*form_fields(daklak, "preset:signer"), ("signer_preset", str(w.signer_a))],
            ),
            Case(
                "POST",
                "/",
                (303, 409, 404, 404, 404),  # another user's draft id: never saved into
                form=[
                    *form_fields(daklak, "save"),
                    ("draft_id", str(w.draft_a)),
                    ("draft_version", "5"),
                ],
            ),
        ],
        ("letters.preview", "POST"): [
            Case("POST", "/preview", (303, 200, 200, 200, 200), form=letter_fields)
        ],
        ("letters.print_preview", "POST"): [
            Case("POST", "/print", (303, 422, 422, 422, 422), form=incomplete)
        ],
        ("letters.stylesheet", "GET"): [Case("GET", "/layout.css", page)],
        # Accounts
        ("auth.login", "GET"): [Case("GET", "/login", (200, 302, 302, 302, 302))],
        ("auth.login", "POST"): [
            Case("POST", "/login", (401,) * 5, form={"username": "soan.a", "password": "sai"})
        ],
        ("auth.logout", "POST"): [Case("POST", "/logout", done)],
        ("auth.change_password", "GET"): [Case("GET", "/account/password", page)],
        ("auth.change_password", "POST"): [
            Case(
                "POST",
                "/account/password",
                (303, 422, 422, 422, 422),
                form={"current_password": "sai-mat-khau", "new_password": "mat-khau-moi-dai"},
            )
        ],
        ("admin.users", "GET"): [Case("GET", "/admin/users", (302, 403, 403, 200, 200))],
        ("admin.user_create", "POST"): [
            Case(
                "POST",
                "/admin/users",
                (303, 403, 403, 303, 303),
                form={"username": "nguoi.moi", "password": "mat-khau-du-dai", "role": "soan_thao"},
            )
        ],
        ("admin.user_role", "POST"): [
            Case("POST", f"{user}/role", (303, 403, 403, 303, 404), form={"role": "van_thu"})
        ],
        ("admin.user_active", "POST"): [
            Case("POST", f"{user}/active", (303, 403, 403, 303, 404), form={"active": "0"})
        ],
        ("admin.user_password", "POST"): [
            Case(
                "POST",
                f"{user}/password",
                (303, 403, 403, 303, 404),
                form={"password": "mat-khau-moi-dai"},
            )
        ],
        # Drafts: their owner's alone
        ("drafts.index", "GET"): [Case("GET", "/drafts", page)],
        ("drafts.open_draft", "GET"): [
            Case("GET", draft, own_draft),
            # On its way: read-only, so the owner is sent to its review page.
            Case("GET", f"/drafts/{w.draft_pending_a}", (302, 302, 404, 404, 404, 404)),
        ],
        ("drafts.versions", "GET"): [Case("GET", f"{draft}/versions", own_draft)],
        ("drafts.docx", "GET"): [Case("GET", f"{draft}/docx", own_draft)],
        ("drafts.confirm_delete", "GET"): [Case("GET", f"{draft}/delete", own_draft)],
        ("drafts.delete", "POST"): [Case("POST", f"{draft}/delete", (303, 303, 404, 404, 404))],
        ("drafts.restore", "POST"): [
            Case("POST", f"{draft}/versions/1/restore", (303, 303, 404, 404, 404))
        ],
        ("drafts_api.api_create", "POST"): [
            Case("POST", "/api/v1/drafts", (401, 201, 201, 201, 201), json={"letter": daklak})
        ],
        ("drafts_api.api_get", "GET"): [
            Case("GET", api_draft, (401, 200, 404, 404, 404)),
            Case(
                "GET",
                f"/api/v1/drafts/{w.draft_pending_a}",
                (401, 200, 404, 404, 404, 200),
            ),
        ],
        ("drafts_api.api_save", "PUT"): [
            Case("PUT", api_draft, (401, 200, 404, 404, 404), json=save),
            Case(
                "PUT",
                f"/api/v1/drafts/{w.draft_pending_a}",
                (401, 409, 404, 404, 404),  # chờ duyệt: read-only
                json=save,
            ),
        ],
        ("drafts_api.api_save_form", "POST"): [
            Case("POST", "/api/v1/drafts/form", (401, 201, 201, 201, 201), form=letter_fields),
            Case(
                "POST",
                "/api/v1/drafts/form",
                (401, 200, 404, 404, 404),
                form=[*letter_fields, ("draft_id", str(w.draft_a)), ("draft_version", "1")],
            ),
        ],
        # Mẫu: shared ones seen by the agency, private ones by their owner only
        ("mau.index", "GET"): [Case("GET", "/mau", page)],
        ("mau.trash", "GET"): [Case("GET", "/mau/trash", page)],
        ("mau.use", "POST"): [
            Case("POST", f"{shared}/use", (303, 303, 303, 303, 404)),
            Case("POST", f"{private}/use", (303, 303, 404, 404, 404)),
        ],
        ("mau.edit", "GET"): [
            Case("GET", f"{shared}/edit", (302, 200, 403, 200, 404)),
            Case("GET", f"{private}/edit", (302, 200, 404, 404, 404)),
        ],
        ("mau.rename", "GET"): [Case("GET", f"{shared}/rename", (302, 200, 403, 200, 404))],
        ("mau.rename", "POST"): [
            Case("POST", f"{shared}/rename", (303, 303, 403, 303, 404), form={"name": "Tên mới"}),
            Case("POST", f"{private}/rename", (303, 303, 404, 404, 404), form={"name": "Tên mới"}),
        ],
        ("mau.duplicate", "POST"): [
            Case("POST", f"{shared}/duplicate", (303, 303, 303, 303, 404)),
            Case("POST", f"{private}/duplicate", (303, 303, 404, 404, 404)),
        ],
        ("mau.export", "GET"): [
            Case("GET", f"{shared}/export", (302, 200, 200, 200, 404)),
            Case("GET", f"{private}/export", (302, 200, 404, 404, 404)),
        ],
        ("mau.delete", "POST"): [
            Case("POST", f"{shared}/delete", (303, 303, 403, 303, 404)),
            Case("POST", f"{private}/delete", (303, 303, 404, 404, 404)),
        ],
        ("mau.restore", "POST"): [
            Case("POST", f"/mau/{w.mau_trash_a}/restore", (303, 303, 404, 404, 404))
        ],
        ("mau.import_file", "POST"): [
            Case("POST", "/mau/import", done, form={"name": "Nhập"}, upload=mau_json)
        ],
        ("mau.import_docx_file", "POST"): [
            Case("POST", "/mau/import-docx", done, form={"name": "Từ docx"}, upload=daklak_docx)
        ],
        # Mẫu in (the agency's own templates): the quản trị's; B never reaches A's
        ("agency_templates.index", "GET"): [Case("GET", "/admin/templates", admin_page)],
        ("agency_templates.builtin", "GET"): [
            Case("GET", "/admin/templates/builtin/cong_van.docx", admin_page)
        ],
        ("agency_templates.upload", "POST"): [
            Case(  # not a template: refused with the reason, nothing stored
                "POST",
                "/admin/templates/cong_van/upload",
                (303, 403, 403, 422, 422),
                form={},
                upload=b"not a docx",
            )
        ],
        ("agency_templates.download_version", "GET"): [
            Case("GET", f"{template}/download", (302, 403, 403, 200, 404))
        ],
        ("agency_templates.activate", "POST"): [
            Case("POST", f"{template}/activate", (303, 403, 403, 303, 404))
        ],
        ("agency_templates.revert", "POST"): [
            Case("POST", "/admin/templates/cong_van/revert", (303, 403, 403, 303, 303))
        ],
        # Presets: everyone reads; văn thư and quản trị keep signers and groups; the
        # quản trị the profile
        ("presets.index", "GET"): [Case("GET", "/presets", page)],
        ("presets.profile", "POST"): [
            Case(
                "POST",
                "/presets/profile",
                (303, 403, 403, 303, 303),
                form={"co_quan_ban_hanh": "SỞ NỘI VỤ", "dia_danh": "Huế", "units": "TCCB: Tổ chức"},
            )
        ],
        ("presets.signer_create", "POST"): [
            Case(
                "POST",
                "/presets/signers",
                (303, 403, 303, 303, 303, 403),
                form={"tham_quyen": "", "chuc_vu": "GIÁM ĐỐC", "ho_ten": "Lê Văn C"},
            )
        ],
        ("presets.signer_edit", "GET"): [Case("GET", signer, (302, 200, 200, 200, 404))],
        ("presets.signer_edit", "POST"): [
            Case(
                "POST",
                signer,
                (303, 403, 303, 303, 404, 403),
                form={"tham_quyen": "KT. CHỦ TỊCH", "chuc_vu": "PHÓ CHỦ TỊCH", "ho_ten": "X"},
            )
        ],
        ("presets.signer_delete", "POST"): [
            Case("POST", f"{signer}/delete", (303, 403, 303, 303, 404, 403))
        ],
        ("presets.group_create", "POST"): [
            Case(
                "POST",
                "/presets/groups",
                (303, 403, 303, 303, 303, 403),
                form={"name": "Nhóm mới", "items": "Sở Y tế\nSở Xây dựng"},
            )
        ],
        ("presets.group_edit", "GET"): [Case("GET", group, (302, 200, 200, 200, 404))],
        ("presets.group_edit", "POST"): [
            Case(
                "POST", group, (303, 403, 303, 303, 404, 403), form={"name": "Đổi", "items": "Sở A"}
            )
        ],
        ("presets.group_delete", "POST"): [
            Case("POST", f"{group}/delete", (303, 403, 303, 303, 404, 403))
        ],
        # The way from draft to issued document (docs/workflow.md). soan.a owns draft_a
        # (dự thảo), pending (chờ duyệt, trình to lanhdao.a), approved, issued.
        ("review.show", "GET"): [
            Case("GET", f"/review/{w.draft_a}", (302, 200, 404, 404, 404, 404)),
            Case("GET", f"/review/{pending}", (302, 200, 404, 404, 404, 200)),
            Case("GET", f"/review/{approved}", (302, 200, 200, 404, 404, 200)),
            Case("GET", f"/review/{issued}", (302, 200, 200, 200, 404, 200)),
        ],
        ("review.docx", "GET"): [
            Case("GET", f"/review/{pending}/docx", (302, 200, 404, 404, 404, 200))
        ],
        ("review.from_form", "POST"): [
            Case("POST", "/review/from-form", (303,) * 6, form=letter_fields),
            Case(
                "POST",
                "/review/from-form",
                (303, 303, 404, 404, 404, 404),
                form=[*letter_fields, ("draft_id", str(w.draft_a)), ("draft_version", "1")],
            ),
        ],
        ("review.submit_page", "GET"): [
            Case("GET", f"/review/{w.draft_a}/submit", (302, 200, 404, 404, 404, 404))
        ],
        ("review.submit", "POST"): [
            Case(
                "POST",
                f"/review/{w.draft_a}/submit",
                (303, 303, 404, 404, 404, 404),
                form={"to": str(w.lanh_dao_a), "version": "1"},
            )
        ],
        ("review.return_", "POST"): [
            Case("POST", f"/review/{pending}/return", (303, 403, 404, 404, 404, 303), form=why),
            Case("POST", f"/review/{approved}/return", (303, 403, 303, 404, 404, 409), form=why),
        ],
        ("review.approve", "POST"): [
            Case("POST", f"/review/{pending}/approve", (303, 403, 404, 404, 404, 303)),
            Case("POST", f"/review/{approved}/approve", (303, 403, 403, 404, 404, 409)),
        ],
        ("review.issue", "POST"): [
            Case("POST", f"/review/{approved}/issue", (303, 403, 303, 404, 404, 403)),
            Case("POST", f"/review/{issued}/issue", (303, 403, 409, 403, 404, 403)),
        ],
        ("review.issued_docx", "GET"): [
            Case("GET", f"/review/{issued}/issued.docx", (302, 200, 200, 200, 404, 200)),
            Case("GET", f"/review/{approved}/issued.docx", (302, 409, 409, 404, 404, 409)),
        ],
        ("review.issued_pdf", "GET"): [
            Case("GET", f"/review/{issued}/issued.pdf", (302, 200, 200, 200, 404, 200))
        ],
        ("review.pending", "GET"): [Case("GET", "/review/pending", (302, 403, 403, 403, 403, 200))],
        ("review.to_issue", "GET"): [
            Case("GET", "/review/to-issue", (302, 403, 200, 403, 403, 403))
        ],
        ("review_api.submit", "POST"): [
            Case(
                "POST",
                f"/api/v1/drafts/{w.draft_a}/submit",
                (401, 200, 404, 404, 404, 404),
                json={"to": "lanhdao.a"},
            )
        ],
        ("review_api.return_", "POST"): [
            Case(
                "POST",
                f"/api/v1/drafts/{pending}/return",
                (401, 403, 404, 404, 404, 200),
                json={"comment": "Sửa lại."},
            )
        ],
        ("review_api.approve", "POST"): [
            Case("POST", f"/api/v1/drafts/{pending}/approve", (401, 403, 404, 404, 404, 200)),
            Case("POST", f"/api/v1/drafts/{w.draft_a}/approve", (401, 403, 404, 404, 404, 404)),
        ],
        ("review_api.issue", "POST"): [
            Case(
                "POST", f"/api/v1/drafts/{approved}/issue", (401, 403, 200, 404, 404, 403), json={}
            ),
            Case("POST", f"/api/v1/drafts/{issued}/issue", (401, 403, 409, 403, 404, 403)),
        ],
        ("review_api.issued_docx", "GET"): [
            Case("GET", f"/api/v1/issued/{issued}.docx", (401, 200, 200, 200, 404, 200))
        ],
        ("review_api.issued_pdf", "GET"): [
            Case("GET", f"/api/v1/issued/{issued}.pdf", (401, 200, 200, 200, 404, 200))
        ],
        ("review_api.register", "GET"): [
            Case("GET", f"/api/v1/register?year={year}", (401, 403, 200, 200, 200, 200)),
            Case(
                "GET", f"/api/v1/register?year={year}&format=xlsx", (401, 403, 200, 200, 200, 200)
            ),
            Case("GET", f"/api/v1/register?year={year}&format=pdf", (401, 403, 200, 200, 200, 200)),
        ],
        ("register.index", "GET"): [Case("GET", "/register", readers)],
        ("register.export_xlsx", "GET"): [Case("GET", "/register/export.xlsx", readers)],
        ("register.export_pdf", "GET"): [Case("GET", "/register/export.pdf", readers)],
        ("register.series", "GET"): [Case("GET", "/register/series", readers)],
        ("register.split", "POST"): [
            Case(
                "POST",
                "/register/series/split",
                (303, 403, 403, 303, 303, 403),
                form={"kind": "quyet_dinh", "split": "1"},
            )
        ],
        ("register.set_next", "POST"): [
            Case(
                "POST",
                "/register/series/next",
                (303, 403, 303, 303, 303, 403),
                form={"year": str(year), "series": "CHUNG", "next_number": "50"},
            )
        ],
        ("audit.index", "GET"): [Case("GET", "/audit", (302, 403, 403, 200, 200, 403))],
        ("tokens.index", "GET"): [Case("GET", "/account/tokens", (302,) + (200,) * 5)],
        ("tokens.create", "POST"): [
            Case("POST", "/account/tokens", (303,) + (201,) * 5, form={"name": "Máy chủ"})
        ],
        ("tokens.revoke", "POST"): [
            Case("POST", f"/account/tokens/{w.token_a}/revoke", (303, 303, 404, 404, 404, 404))
        ],
        # Anonymous by design: the stateless API, probes, assets
        ("api.validate", "POST"): [Case("POST", "/api/v1/validate", (200,) * 5, json=daklak)],
        ("api.render", "POST"): [Case("POST", "/api/v1/render", (200,) * 5, json=daklak)],
        ("api.tasks", "POST"): [Case("POST", "/api/v1/tasks", (200,) * 5, json=daklak)],
        ("api.openapi", "GET"): [Case("GET", "/api/v1/openapi.json", (200,) * 5)],
        ("health.healthz", "GET"): [Case("GET", "/healthz", (200,) * 5)],
        ("health.readyz", "GET"): [Case("GET", "/readyz", (200,) * 5)],
        ("static", "GET"): [Case("GET", "/static/app.css", (200,) * 5)],
    }


@functools.cache
def _daklak_docx() -> bytes:
    from drafter.model import Letter
    from drafter.render import render_docx

    return render_docx(Letter.from_dict(load_example(DAKLAK)))


@dataclass
class Harness:
    """One app on one database file, put back to the seeded state before each request."""

    app: Flask
    world: World
    database: Path
    template: Path

    def reset(self) -> None:
        self.app.extensions["drafter.store"].dispose()
        for suffix in ("-wal", "-shm"):
            Path(f"{self.database}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.template, self.database)

    def client(self, subject: str) -> FlaskClient:
        client = self.app.test_client()
        if subject != "anon":
            uid = getattr(self.world, subject)
            with client.session_transaction() as session:
                session.update(uid=uid, aid=self.world.agency_of(uid), sv=1, t=int(time.time()))
        return client

    @staticmethod
    def send(client: FlaskClient, case: Case) -> Any:
        kwargs: dict[str, Any] = dict(case.extra)
        if case.json is not None:
            kwargs["json"] = case.json
        elif case.form is not None or case.upload is not None:
            data = MultiDict(case.form or {})
            if case.upload is not None:
                data.add(case.upload_field, (io.BytesIO(case.upload), "tep-tai-len"))
            kwargs["data"] = data
            kwargs["content_type"] = "multipart/form-data"
        return client.open(case.path, method=case.method, **kwargs)


class StandInConverter:
    """LibreOffice's place in the matrix (issuing, the register's PDF): access is tested
    here, PDFs in tests/web/test_workflow_web.py and tests/pdf."""

    def convert(self, docx: bytes) -> bytes:
        return b"%PDF-1.7 stand-in"


@pytest.fixture
def harness(make_app: AppFactory, world: World, database_url: str, seeded: Any) -> Harness:
    app = make_app(PDF_CONVERTER=StandInConverter())
    database = Path(database_url.removeprefix("sqlite:///"))
    return Harness(app, world, database, seeded[0])


def routes(app: Flask) -> set[tuple[str, str]]:
    return {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods or ()
        if method not in ("HEAD", "OPTIONS")
    }


def test_every_route_has_an_entry(harness: Harness) -> None:
    table = cases(harness.world)
    assert routes(harness.app) == set(table), "add the new route to the access matrix"
    assert all(table.values())


def _ids(key: tuple[str, str]) -> str:
    return f"{key[0]}-{key[1]}"


ENDPOINTS = sorted(cases(World(*range(1, len(fields(World)) + 1))))


@pytest.mark.parametrize("key", ENDPOINTS, ids=_ids)
def test_access(harness: Harness, key: tuple[str, str]) -> None:
    failures = []
    for case in cases(harness.world)[key]:
        for subject, expected in zip(SUBJECTS, case.statuses, strict=True):
            harness.reset()
            response = Harness.send(harness.client(subject), case)
            body = response.get_data(as_text=True) if not _binary(response) else ""
            if response.status_code != expected:
                failures.append(
                    f"{case.method} {case.path} as {subject}: {response.status_code}, "
                    f"expected {expected}"
                )
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.path} as {subject}: {body[:500]}")
            if subject == "anon" and expected in (302, 303):
                assert response.headers["Location"].startswith("/login"), case.path
            if subject == "admin_b":
                leaked = [m for m in A_MARKERS if m in body]
                if leaked:
                    failures.append(f"{case.method} {case.path} shows agency A's {leaked} to B")
    assert not failures, "\n".join(failures)


def _binary(response: Any) -> bool:
    return response.mimetype not in ("text/html", "application/json", "text/css", "text/plain")


# --- CSRF: every state change needs the page's token, except the stateless API ------------------


STATELESS = {"api.validate", "api.render", "api.tasks"}


def test_every_change_needs_a_csrf_token(make_app: AppFactory, world: World) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    table = cases(world)
    refused = []
    for (endpoint, method), entries in sorted(table.items()):
        if method == "GET" or endpoint in STATELESS:
            continue
        case = entries[0]
        client = app.test_client()
        with client.session_transaction() as session:
            session.update(uid=world.admin_a, aid=world.a, sv=1, t=int(time.time()))
        response = Harness.send(client, case)
        refused.append((endpoint, response.status_code))
        assert response.status_code == 400, (endpoint, response.status_code)
        text = response.get_data(as_text=True)
        assert "mã bảo vệ" in text or "Trang đăng nhập đã cũ" in text, endpoint
    assert len(refused) >= 25
    # The stateless API needs none (and sets no cookie).
    client = app.test_client()
    response = client.post("/api/v1/validate", json=load_example(DAKLAK))
    assert response.status_code == 200 and "Set-Cookie" not in response.headers


def test_unknown_urls_are_404_for_everybody(harness: Harness) -> None:
    for subject in SUBJECTS:
        assert harness.client(subject).get("/khong-co").status_code == 404
        assert harness.client(subject).get("/drafts/999999").status_code in (302, 404)
