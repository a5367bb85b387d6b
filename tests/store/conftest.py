"""Every storage test runs twice: on SQLite and on the run's PostgreSQL server.

The server is the whole suite's (`pg_server`, tests/conftest.py); this suite's database on
it, `drafter_store`, is migrated once and emptied (TRUNCATE … RESTART IDENTITY) before each
test. Each SQLite test gets a copy of a database file migrated once. The PostgreSQL half
is marked slow: `make test-fast` runs the SQLite half only.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import text

from drafter.store import Store, accounts, bootstrap_user, create_user, migrate
from drafter.store.models import Base
from tests.conftest import load_example
from tests.pg import PostgresServer

# PostgreSQL starts a server: slow (tests/conftest.py fails a test that forgets the marker).
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)]
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "mat-khau-du-dai"


@pytest.fixture(scope="session")
def pg_store(pg_server: PostgresServer) -> Iterator[Store]:
    """This suite's migrated PostgreSQL database for the whole run, emptied before each test."""
    store = Store.from_url(pg_server.create_database("drafter_store"))
    migrate.upgrade(store.engine)
    yield store
    store.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file; each test works on a copy."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite3"
    store = Store.from_url(f"sqlite:///{path}")
    migrate.upgrade(store.engine)
    store.dispose()  # the last connection to close checkpoints the WAL into the file
    assert not Path(f"{path}-wal").exists()
    return path


def _empty(store: Store) -> None:
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with store.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty, migrated store on the backend of this run of the test."""
    if backend == "postgresql":
        pg: Store = request.getfixturevalue("pg_store")
        _empty(pg)
        yield pg
        return
    template: Path = request.getfixturevalue("sqlite_template")
    path = tmp_path / "drafter.sqlite3"
    shutil.copyfile(template, path)
    sqlite = Store.from_url(f"sqlite:///{path}")
    yield sqlite
    sqlite.dispose()


@pytest.fixture(autouse=True)
def cheap_hasher(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 with tiny parameters: hundreds of users are made in the suite."""
    monkeypatch.setattr(accounts, "HASHER", CHEAP_HASHER)


@dataclass(frozen=True)
class World:
    """Two agencies: A with a quản trị, a văn thư and two soạn thảo; B with an admin and
    a soạn thảo. Ids are plain ints, as the web app will hold them."""

    a: int
    admin_a: int
    van_thu_a: int
    soan_a: int
    soan_a2: int
    b: int
    admin_b: int
    soan_b: int


@pytest.fixture
def world(store: Store) -> World:
    with store.transaction() as s:
        a, admin_a, _ = bootstrap_user(
            s, "UBND tỉnh Đắk Lắk", username="admin.a", password=PASSWORD
        )
        b, admin_b, _ = bootstrap_user(s, "Sở Y tế Đà Nẵng", username="admin.b", password=PASSWORD)

        def user(agency: int, admin: int, name: str, role: str) -> int:
            return create_user(
                s, agency, admin, username=name, password=PASSWORD, role=role, full_name=name
            ).id

        return World(
            a=a.id,
            admin_a=admin_a.id,
            van_thu_a=user(a.id, admin_a.id, "vanthu.a", "van_thu"),
            soan_a=user(a.id, admin_a.id, "soan.a", "soan_thao"),
            soan_a2=user(a.id, admin_a.id, "soan.a2", "soan_thao"),
            b=b.id,
            admin_b=admin_b.id,
            soan_b=user(b.id, admin_b.id, "soan.b", "soan_thao"),
        )


@pytest.fixture
def letter() -> dict[str, Any]:
    """A complete, valid letter (the Đắk Lắk example)."""
    return load_example("daklak-1691-ubnd-kgvx.json")
