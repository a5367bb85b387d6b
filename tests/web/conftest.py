"""App and client fixtures for the Flask test-client tests.

Every app gets its own database: a copy of a SQLite file migrated and seeded once per
run (two agencies with users of each role, presets, mẫu and drafts), so tests are
independent and quick. `client` is signed in as a soạn thảo of agency A (whose profile
is empty, so a new letter is the blank form); `anon_client` is nobody. The key flows
also run on PostgreSQL (`backend_app`), in this suite's database `drafter_web` on the
run's server (`pg_server`, tests/conftest.py); that half is marked slow.
"""

from __future__ import annotations

import functools
import re
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text
from werkzeug.datastructures import MultiDict

from drafter.store import (
    Store,
    accounts,
    add_template,
    approve_draft,
    bootstrap_user,
    create_draft,
    create_group,
    create_mau,
    create_signer,
    create_token,
    create_user,
    delete_mau,
    get_user,
    issue_draft,
    migrate,
    revert_to_builtin,
    submit_draft,
)
from drafter.store.models import Base
from drafter.web import create_app
from tests.conftest import load_example
from tests.pg import PostgresServer
from tests.web.formdata import form_fields

DAKLAK = "daklak-1691-ubnd-kgvx.json"
SEED_DOCX = b"PK seeded issued docx"
SEED_PDF = b"%PDF-1.7 seeded issued pdf"
TEMPLATE_A_NAME = "Mẫu in riêng của A.docx"


@functools.cache
def template_a_bytes() -> bytes:
    """Agency A's own công văn template: drafter's, with a logo (accepted as it is)."""
    from tests.usertemplate.builders import builtin, with_logo

    return with_logo(builtin())


PASSWORD = "mat-khau-du-dai"
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@dataclass(frozen=True)
class World:
    """What the seeded database holds (ids are the same in every copy).

    Agency A: admin.a (quản trị), vanthu.a (văn thư), soan.a and soan.a2 (soạn thảo);
    a signer, a Nơi nhận group, soan.a's private mẫu, shared mẫu and a private mẫu in
    the trash, soan.a's draft; a version of its own công văn template (with a logo, not
    active: A's letters still print with drafter's template unless a test switches).
    Agency B: admin.b, soan.b; a signer, a group, a mẫu and a draft of soan.b.
    """

    a: int
    admin_a: int
    van_thu_a: int
    soan_a: int
    soan_a2: int
    signer_a: int
    group_a: int
    mau_private_a: int
    mau_shared_a: int
    mau_trash_a: int
    draft_a: int
    b: int
    admin_b: int
    soan_b: int
    signer_b: int
    group_b: int
    mau_b: int
    draft_b: int
    # The way from draft to issued document (docs/workflow.md): a lãnh đạo of A, and
    # soan.a's drafts trình to them (chờ duyệt), approved (đã duyệt) and issued (số 01 of
    # the seeding year, with stand-in files); soan.a's API token (its id, and the token).
    lanh_dao_a: int = 0
    draft_pending_a: int = 0
    draft_approved_a: int = 0
    draft_issued_a: int = 0
    token_a: int = 0
    api_token_a: str = field(default="", compare=False)  # random in each seeding
    template_a: int = 0  # agency A's own công văn template (inactive)

    def agency_of(self, user_id: int) -> int:
        return self.b if user_id in (self.admin_b, self.soan_b) else self.a


def seed(store: Store) -> World:
    letter = load_example(DAKLAK)
    with store.transaction() as s:
        a, admin_a, _ = bootstrap_user(
            s, "UBND tỉnh Đắk Lắk", username="admin.a", password=PASSWORD, full_name="Quản trị A"
        )
        b, admin_b, _ = bootstrap_user(
            s, "Sở Y tế Đà Nẵng", username="admin.b", password=PASSWORD, full_name="Quản trị B"
        )

        def user(agency: int, admin: int, name: str, role: str) -> int:
            return create_user(
                s, agency, admin, username=name, password=PASSWORD, role=role, full_name=name
            ).id

        van_thu_a = user(a.id, admin_a.id, "vanthu.a", "van_thu")
        soan_a = user(a.id, admin_a.id, "soan.a", "soan_thao")
        soan_a2 = user(a.id, admin_a.id, "soan.a2", "soan_thao")
        soan_b = user(b.id, admin_b.id, "soan.b", "soan_thao")

        def presets(agency: int, editor: int, head: str) -> tuple[int, int]:
            signer = create_signer(
                s, agency, editor, tham_quyen=["KT. CHỦ TỊCH"], chuc_vu="PHÓ CHỦ TỊCH", ho_ten=head
            )
            group = create_group(
                s, agency, editor, name=f"Các sở ({head})", items=["Sở Tài chính", "Sở Nội vụ"]
            )
            return signer.id, group.id

        signer_a, group_a = presets(a.id, van_thu_a, "Võ Văn Cảnh")
        signer_b, group_b = presets(b.id, admin_b.id, "Trần Thị B")
        mau_private_a = create_mau(
            s, a.id, soan_a, name="Giấy mời họp (riêng)", letter=letter, fields=["kinh_gui"]
        ).id
        mau_shared_a = create_mau(
            s, a.id, soan_a, name="Công văn chung", letter=letter, visibility="agency"
        ).id
        mau_trash_a = create_mau(s, a.id, soan_a, name="Thông báo cũ (A)", letter=letter).id
        delete_mau(s, a.id, soan_a, mau_trash_a)
        mau_b = create_mau(s, b.id, soan_b, name="Mẫu của B", letter=letter).id
        draft_a = create_draft(s, a.id, soan_a, letter).id
        draft_b = create_draft(s, b.id, soan_b, letter).id
        lanh_dao_a = create_user(  # the signer of the Đắk Lắk letter
            s,
            a.id,
            admin_a.id,
            username="lanhdao.a",
            password=PASSWORD,
            role="lanh_dao",
            full_name="Võ Văn Cảnh",
        ).id
        pending, approved, issued = (create_draft(s, a.id, soan_a, letter).id for _ in range(3))
        for draft in (pending, approved, issued):
            submit_draft(s, a.id, soan_a, draft, to=lanh_dao_a)
        for draft in (approved, issued):
            approve_draft(s, a.id, lanh_dao_a, draft)
        issue_draft(s, a.id, van_thu_a, issued, produce=lambda _letter: (SEED_DOCX, SEED_PDF))
        token, api_token = create_token(s, a.id, soan_a, name="Máy chủ A")
        template_a = add_template(
            s, a.id, admin_a.id, kind="cong_van", filename=TEMPLATE_A_NAME, data=template_a_bytes()
        ).id
        revert_to_builtin(s, a.id, admin_a.id, "cong_van")
        return World(
            a=a.id,
            admin_a=admin_a.id,
            van_thu_a=van_thu_a,
            soan_a=soan_a,
            soan_a2=soan_a2,
            signer_a=signer_a,
            group_a=group_a,
            mau_private_a=mau_private_a,
            mau_shared_a=mau_shared_a,
            mau_trash_a=mau_trash_a,
            draft_a=draft_a,
            b=b.id,
            admin_b=admin_b.id,
            soan_b=soan_b,
            signer_b=signer_b,
            group_b=group_b,
            mau_b=mau_b,
            draft_b=draft_b,
            lanh_dao_a=lanh_dao_a,
            draft_pending_a=pending,
            draft_approved_a=approved,
            draft_issued_a=issued,
            token_a=token.id,
            api_token_a=api_token,
            template_a=template_a,
        )


@pytest.fixture(autouse=True)
def cheap_hasher(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 with tiny parameters: users are made and logged in all through the suite."""
    monkeypatch.setattr(accounts, "HASHER", CHEAP_HASHER)


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, World]:
    """A migrated, seeded SQLite file; each app works on a copy of it."""
    accounts_hasher = accounts.HASHER
    accounts.HASHER = CHEAP_HASHER
    try:
        path = tmp_path_factory.mktemp("web-db") / "template.sqlite3"
        store = Store.from_url(f"sqlite:///{path}")
        migrate.upgrade(store.engine)
        world = seed(store)
        store.dispose()  # the last connection checkpoints the WAL into the file
    finally:
        accounts.HASHER = accounts_hasher
    return path, world


@pytest.fixture
def world(seeded: tuple[Path, World]) -> World:
    return seeded[1]


def copy_database(seeded: tuple[Path, World], folder: Path) -> str:
    target = folder / "drafter.sqlite3"
    shutil.copyfile(seeded[0], target)
    return f"sqlite:///{target}"


@pytest.fixture
def database_url(seeded: tuple[Path, World], tmp_path: Path) -> str:
    return copy_database(seeded, tmp_path)


AppFactory = Callable[..., Flask]


@pytest.fixture
def make_app(database_url: str) -> Iterator[AppFactory]:
    """Apps on this test's database (CSRF off unless asked); disposed at the end."""
    made: list[Flask] = []

    def factory(**config: Any) -> Flask:
        settings = {
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "SECRET_KEY": "test",
            "DATABASE_URL": database_url,
            **config,
        }
        app = create_app(settings)
        made.append(app)
        return app

    yield factory
    for app in made:
        app.extensions["drafter.store"].dispose()


@pytest.fixture
def app(make_app: AppFactory) -> Flask:
    """The app with CSRF off, for tests about what the form does."""
    return make_app()


@pytest.fixture
def csrf_app(make_app: AppFactory) -> Flask:
    """The app as deployed: CSRF on."""
    return make_app(WTF_CSRF_ENABLED=True)


def sign_in(client: FlaskClient, user_id: int, world: World) -> FlaskClient:
    """Put the user's session in the client's cookie, as a successful /login does."""
    app = client.application
    with app.app_context():
        store: Store = app.extensions["drafter.store"]
        with store.transaction(readonly=True) as s:
            user = get_user(s, world.agency_of(user_id), user_id)
    with client.session_transaction() as session:
        session.update(uid=user.id, aid=user.agency_id, sv=user.session_version, t=int(time.time()))
        session.permanent = True
    return client


@pytest.fixture
def client(app: Flask, world: World) -> FlaskClient:
    """A soạn thảo of agency A, signed in."""
    return sign_in(app.test_client(), world.soan_a, world)


@pytest.fixture
def anon_client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def csrf_client(csrf_app: Flask, world: World) -> FlaskClient:
    return sign_in(csrf_app.test_client(), world.soan_a, world)


@pytest.fixture
def daklak() -> dict[str, Any]:
    return load_example(DAKLAK)


def post_form(client: FlaskClient, letter: dict[str, Any], action: str = "check", **extra: Any):  # type: ignore[no-untyped-def]
    """POST the letter as the browser would, pressing the button `action`."""
    fields = form_fields(letter, action)
    fields += list(extra.items())
    return client.post("/", data=MultiDict(fields), content_type="multipart/form-data")


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def meta_csrf(html: str) -> str:
    match = re.search(r'<meta name="csrf-token" content="([^"]+)"', html)
    assert match, "no csrf-token meta tag"
    return match.group(1)


# --- PostgreSQL: the key flows run there too ---------------------------------------------------


@pytest.fixture(scope="session")
def web_pg_url(pg_server: PostgresServer) -> str:
    """This suite's migrated database on the run's PostgreSQL server."""
    url = pg_server.create_database("drafter_web")
    store = Store.from_url(url)
    migrate.upgrade(store.engine)
    store.dispose()
    return url


# PostgreSQL starts a server: slow (tests/conftest.py fails a test that forgets the marker).
@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def backend_app(
    request: pytest.FixtureRequest, make_app: AppFactory, world: World
) -> Iterator[Flask]:
    """The app on SQLite and on PostgreSQL (emptied and seeded again for each test).

    The ids are those of `world`: both databases are seeded the same way from empty.
    """
    if request.param == "sqlite":
        yield make_app(WTF_CSRF_ENABLED=True)
        return
    url: str = request.getfixturevalue("web_pg_url")
    store = Store.from_url(url)
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with store.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    assert seed(store) == world
    store.dispose()
    app = make_app(WTF_CSRF_ENABLED=True, DATABASE_URL=url)
    yield app
