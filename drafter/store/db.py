"""Engine and transactions: SQLite in the instance folder by default, PostgreSQL by URL.

The engine is the only process-local state. Every unit of work is one transaction,
opened with `Store.transaction()`; repository functions take its session and never
commit themselves, so a request's changes land together or not at all.

SQLite is set up so that concurrent writers wait instead of failing: WAL (readers never
block the writer), `busy_timeout` (a writer waits for the lock), and write transactions
begin with `BEGIN IMMEDIATE`, which takes the write lock up front. A deferred transaction
that reads and then writes can fail at once with "database is locked" when another
writer committed in between (a busy timeout does not help there); IMMEDIATE avoids it.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

DB_FILENAME = "drafter.sqlite3"
# SQLite's companions of a database file: they hold its data too.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")
SQLITE_BUSY_TIMEOUT_MS = 15_000
_READONLY = "drafter_readonly"


def default_instance_path() -> Path:
    """Flask's default instance folder for `drafter.web`, computed without Flask.

    `DRAFTER_INSTANCE_PATH` wins (as in the web app); otherwise, like Flask: `instance/`
    beside the package in a checkout, `<prefix>/var/drafter.web-instance` when installed.
    The CLI and the web app must find the same database.
    """
    override = os.environ.get("DRAFTER_INSTANCE_PATH")
    if override:
        return Path(override).resolve()
    package_parent = Path(__file__).resolve().parents[2]
    prefix = Path(sys.prefix).resolve()
    if package_parent.is_relative_to(prefix) or package_parent.name.lower() == "site-packages":
        return prefix / "var" / "drafter.web-instance"
    return package_parent / "instance"


def database_url(instance_path: str | os.PathLike[str] | None = None) -> str:
    """`DATABASE_URL` if set, else the SQLite file in the instance folder."""
    env = os.environ.get("DATABASE_URL", "").strip()
    if env:
        return normalize_url(env)
    folder = Path(instance_path) if instance_path is not None else default_instance_path()
    return f"sqlite:///{folder.resolve() / DB_FILENAME}"


def normalize_url(url: str) -> str:
    """Point plain `postgres://` / `postgresql://` URLs at psycopg 3, the installed driver."""
    for scheme in ("postgres://", "postgresql://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme) :]
    return url


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url` with drafter's connection setup (SQLite pragmas, pre-ping)."""
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            private_database(Path(database))
        kwargs.setdefault("connect_args", {}).setdefault("check_same_thread", False)
        engine = create_engine(url, **kwargs)
        _setup_sqlite(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def owner_only(path: Path) -> None:
    """Take group and other access away from `path`, if it exists and is ours."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    mode = stat.S_IMODE(info.st_mode)
    if info.st_uid == os.geteuid() and mode & 0o077:
        os.chmod(path, mode & 0o700)


def private_folder(path: str | os.PathLike[str]) -> Path:
    """The instance folder, readable by this user only (0700): made so, or closed if an
    earlier drafter left it open. It holds the secret key, the first admin's password
    and, by default, the database."""
    folder = Path(path)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    owner_only(folder)
    return folder


def private_database(path: Path) -> None:
    """A SQLite file only its owner reads (0600), made before SQLite opens it: SQLite
    creates a missing file with the umask's mode (0644: every account on the machine could
    read the password hashes and every letter), and gives its -wal and -shm files the
    database's own mode. A folder made for it is 0700; an existing database of ours that
    others can read is closed."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_RDONLY | os.O_CREAT, 0o600))
    for companion in (path, *(Path(f"{path}{end}") for end in SQLITE_COMPANIONS)):
        owner_only(companion)


def _setup_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own implicit
        # BEGIN is deferred and skips savepoints); then the pragmas, busy_timeout first
        # so that switching to WAL waits for a lock instead of failing.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        readonly = conn.get_execution_options().get(_READONLY, False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


class Store:
    """The engine and its transactions: what the web app keeps for its lifetime."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._writing: ContextVar[bool] = ContextVar(f"writing-{id(self)}", default=False)
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._readonly_sessions = sessionmaker(
            engine.execution_options(**{_READONLY: True}), expire_on_commit=False
        )

    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> Store:
        return cls(make_engine(url, **kwargs))

    @classmethod
    def for_instance(cls, instance_path: str | os.PathLike[str] | None = None) -> Store:
        """The store the app uses: `DATABASE_URL`, else SQLite in the instance folder."""
        return cls.from_url(database_url(instance_path))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self, *, readonly: bool = False) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on an exception.

        `readonly=True` is for pages that only read: on SQLite it does not take the
        write lock, so readers never queue behind writers.
        """
        if self._writing.get():
            # A second connection asked for while this thread holds the write lock (or a
            # row lock) waits on a pool that every other waiting writer has emptied: under
            # load, a deadlock until the pool's timeout. Pass the open session instead.
            raise RuntimeError("a transaction was opened inside a writing transaction")
        factory = self._readonly_sessions if readonly else self._sessions
        token = None if readonly else self._writing.set(True)
        try:
            with factory() as session, session.begin():
                yield session
        finally:
            if token is not None:
                self._writing.reset(token)

    def dispose(self) -> None:
        """Close the pooled connections (tests, and before a process forks)."""
        self.engine.dispose()


__all__ = [
    "Store",
    "database_url",
    "default_instance_path",
    "make_engine",
    "normalize_url",
    "private_database",
    "private_folder",
]
