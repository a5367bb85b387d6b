"""A throwaway PostgreSQL server for the tests: its own data directory, its own port on
127.0.0.1, trust authentication, stopped at the end. The suite starts one per run, the
`pg_server` fixture of tests/conftest.py, on the first test that asks for it; suites and
tests make their own databases on it:

    def test_something(pg_server):
        url = pg_server.create_database("mytest")   # postgresql+psycopg://…/mytest

It uses Debian's `postgresql` package (tools/system-deps.sh installs it; binaries in
/usr/lib/postgresql/<major>/bin). PostgreSQL refuses to run as root, so when the tests
run as root (CI on a fresh machine) the server runs as the `postgres` user, in a
directory that user owns. Durability is switched off (fsync, synchronous_commit,
full_page_writes): the data is thrown away, and the suite stays fast.

`DRAFTER_TEST_PG_URL` (a server URL, e.g. postgresql+psycopg://me@localhost:5432/postgres)
uses an existing server instead; the databases made there are dropped at the end.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql

PG_ROOT = Path("/usr/lib/postgresql")
SUPERUSER = "postgres"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries here (run tools/system-deps.sh)."""


def find_bindir() -> Path:
    """The newest installed server's bin folder (`PG_BINDIR` overrides)."""
    override = os.environ.get("PG_BINDIR")
    if override:
        if not (Path(override) / "initdb").exists():
            raise PostgresUnavailable(f"PG_BINDIR={override} has no initdb.")
        return Path(override)
    candidates = sorted(
        (p for p in PG_ROOT.glob("*/bin") if (p / "initdb").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if not candidates:
        raise PostgresUnavailable(
            f"PostgreSQL server not found under {PG_ROOT}: run tools/system-deps.sh "
            "(Debian package postgresql)."
        )
    return candidates[-1]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PostgresServer:
    """A running server; `admin_url` reaches its `postgres` database as superuser."""

    host: str
    port: int
    user: str
    password: str | None = None
    admin_db: str = "postgres"
    made: list[str] = field(default_factory=list)

    def url(self, database: str) -> str:
        from urllib.parse import quote

        auth = quote(self.user, safe="")
        if self.password:
            auth += ":" + quote(self.password, safe="")
        return f"postgresql+psycopg://{auth}@{self.host}:{self.port}/{database}"

    @property
    def admin_url(self) -> str:
        return self.url(self.admin_db)

    def _admin(self) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password,
            dbname=self.admin_db,
            autocommit=True,
        )

    def create_database(self, name: str, *, template: str | None = None) -> str:
        """A new empty database (dropped first if it exists); its SQLAlchemy URL."""
        with self._admin() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            stmt = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
            if template:
                stmt = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(template)
                )
            conn.execute(stmt)
        self.made.append(name)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        with self._admin() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        if name in self.made:
            self.made.remove(name)


def _runner() -> tuple[list[str], int | None, int | None]:
    """The command prefix to run server binaries, and the uid/gid that must own files."""
    if os.geteuid() != 0:
        return [], None, None
    try:
        account = pwd.getpwnam(SUPERUSER)
    except KeyError as err:
        raise PostgresUnavailable("Running as root but there is no `postgres` user.") from err
    runuser = shutil.which("runuser") or "/usr/sbin/runuser"
    return [runuser, "-u", SUPERUSER, "--"], account.pw_uid, account.pw_gid


def _run(prefix: list[str], args: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        cwd="/",  # the postgres user may not be allowed into the current directory
    )


@contextlib.contextmanager
def start_postgres(*, startup_timeout: float = 30.0) -> Iterator[PostgresServer]:
    """A fresh PostgreSQL server for the duration of the block (see module doc)."""
    external = os.environ.get("DRAFTER_TEST_PG_URL")
    if external:
        yield from _external(external)
        return
    bindir = find_bindir()
    prefix, uid, gid = _runner()
    # Under /tmp, not pytest's tmp_path: that one is 0700 root, which `postgres` cannot enter.
    # Short path: the Unix socket's path must stay under ~100 bytes.
    # /tmp even if TMPDIR points elsewhere: that may be a root-only folder or a long path.
    base = Path(
        tempfile.mkdtemp(prefix="drafter-pg-", dir="/tmp" if Path("/tmp").is_dir() else None)
    )
    data, log = base / "data", base / "server.log"
    if uid is not None:
        os.chown(base, uid, gid if gid is not None else -1)
    pg_ctl = str(bindir / "pg_ctl")
    started = False
    try:
        init = _run(
            prefix,
            [
                str(bindir / "initdb"),
                "-D", str(data),
                "-U", SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
            timeout=120,
        )  # fmt: skip
        if init.returncode != 0:
            raise PostgresUnavailable(f"initdb failed:\n{init.stdout}\n{init.stderr}")
        for _attempt in range(3):
            port = _free_port()
            options = (
                f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
            )
            start = _run(
                prefix,
                [pg_ctl, "-D", str(data), "-l", str(log), "-o", options, "-w",
                 "-t", str(int(startup_timeout)), "start"],
                timeout=startup_timeout + 10,
            )  # fmt: skip
            if start.returncode == 0:
                started = True
                break
        if not started:
            text = log.read_text(errors="replace") if log.exists() else ""
            raise PostgresUnavailable(f"pg_ctl start failed:\n{start.stderr}\n{text}")
        server = PostgresServer(host="127.0.0.1", port=port, user=SUPERUSER)
        _wait_ready(server, startup_timeout)
        yield server
    finally:
        if started:
            _run(prefix, [pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"], timeout=60)
        shutil.rmtree(base, ignore_errors=True)


def _wait_ready(server: PostgresServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with server._admin():
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _external(url: str) -> Iterator[PostgresServer]:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    server = PostgresServer(
        host=parsed.host or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or SUPERUSER,
        password=parsed.password,
        admin_db=parsed.database or "postgres",
    )
    try:
        yield server
    finally:
        for name in list(server.made):
            with contextlib.suppress(psycopg.Error):
                server.drop_database(name)


__all__ = ["PostgresServer", "PostgresUnavailable", "find_bindir", "start_postgres"]
