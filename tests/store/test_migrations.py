"""Migrations up from empty and down again, on both databases; the schema they make is
the schema the models describe; connection setup and database URLs."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from drafter.store import Store, database_url, default_instance_path, migrate
from drafter.store.db import normalize_url
from drafter.store.models import Agency, Base

TABLES = {
    "draft_events",
    "issued_documents",
    "series_splits",
    "audit_log",
    "api_tokens",
    "agencies",
    "users",
    "signers",
    "noi_nhan_groups",
    "mau",
    "drafts",
    "draft_versions",
    "number_register",
    "login_failures",
    "api_request_counts",
    "agency_templates",
}


@pytest.fixture
def empty_engine(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database with nothing in it, on the backend of this run."""
    if backend == "postgresql":
        store = Store.from_url(request.getfixturevalue("pg_url"))
    else:
        store = Store.from_url(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    yield store.engine
    store.dispose()


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def test_up_from_empty_then_down_to_base(empty_engine: Engine) -> None:
    assert migrate.current_revision(empty_engine) is None
    assert _tables(empty_engine) == set()

    migrate.upgrade(empty_engine)
    assert migrate.current_revision(empty_engine) == migrate.head_revision()
    assert migrate.is_up_to_date(empty_engine)
    assert _tables(empty_engine) == TABLES

    migrate.downgrade(empty_engine, "base")
    assert migrate.current_revision(empty_engine) is None
    assert _tables(empty_engine) == set()

    migrate.upgrade(empty_engine)  # and up again: downgrade left nothing behind
    assert _tables(empty_engine) == TABLES


def test_upgrade_twice_is_a_no_op(empty_engine: Engine) -> None:
    migrate.upgrade(empty_engine)
    migrate.upgrade(empty_engine)
    assert migrate.is_up_to_date(empty_engine)


def test_migrated_schema_matches_the_models(empty_engine: Engine) -> None:
    """A model change without its migration fails here, on each database."""
    migrate.upgrade(empty_engine)
    with empty_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_migrations_are_packaged_with_the_code() -> None:
    versions = migrate.MIGRATIONS / "versions"
    assert (migrate.MIGRATIONS / "env.py").is_file()
    assert any(versions.glob("0001_*.py"))
    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text()
    assert "store/migrations/**/*" in pyproject


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    store = Store.from_url(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with store.engine.connect() as conn:
        pragma = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") >= 5000
    store.dispose()


def test_database_url_defaults_to_sqlite_in_the_instance_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert database_url(tmp_path) == f"sqlite:///{tmp_path.resolve() / 'drafter.sqlite3'}"


def test_database_url_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@db.example/drafter")
    assert database_url(tmp_path) == "postgresql+psycopg://u@db.example/drafter"
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example/drafter")
    assert database_url(tmp_path) == "postgresql+psycopg://u@db.example/drafter"
    assert normalize_url("sqlite:///x") == "sqlite:///x"


def test_default_instance_path_is_flasks(monkeypatch: pytest.MonkeyPatch) -> None:
    """`drafter db upgrade` and the web app must open the same SQLite file."""
    from flask import Flask

    monkeypatch.delenv("DRAFTER_INSTANCE_PATH", raising=False)
    flask_default = Flask("drafter.web", instance_relative_config=True).instance_path
    assert default_instance_path() == Path(flask_default)


def test_sqlite_file_is_created_with_its_folder(tmp_path: Path) -> None:
    target = tmp_path / "new" / "instance" / "drafter.sqlite3"
    store = Store.from_url(f"sqlite:///{target}")
    migrate.upgrade(store.engine)
    store.dispose()
    assert target.is_file()


def test_sqlite_readers_do_not_wait_for_a_writer_and_writers_queue(tmp_path: Path) -> None:
    """Read-only transactions begin deferred (no lock); write transactions BEGIN
    IMMEDIATE, so a second writer waits for the first instead of failing."""
    store = Store.from_url(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    migrate.upgrade(store.engine)
    writing, release = threading.Event(), threading.Event()

    def writer() -> None:
        with store.transaction() as s:
            s.add(Agency(name="Giữ khóa"))
            s.flush()
            writing.set()
            release.wait(10)

    thread = threading.Thread(target=writer)
    thread.start()
    assert writing.wait(10)
    started = time.monotonic()
    with store.transaction(readonly=True) as s:
        assert s.query(Agency).count() == 0  # the writer's row is not committed yet
    assert time.monotonic() - started < 1.0

    def second_writer() -> None:
        with store.transaction() as s:
            s.add(Agency(name="Xếp hàng"))

    queued = threading.Thread(target=second_writer)
    queued.start()
    time.sleep(0.3)
    assert queued.is_alive()  # waiting for the lock, not failed
    release.set()
    thread.join(10)
    queued.join(10)
    with store.transaction(readonly=True) as s:
        assert {a.name for a in s.query(Agency)} == {"Giữ khóa", "Xếp hàng"}
    store.dispose()
