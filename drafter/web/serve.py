"""`drafter serve`: the app under waitress, a production WSGI server (not Flask's).

Waitress is pure Python (nothing to compile on an offline machine), multi-threaded, and
renders are thread-safe. `make run` must work on a fresh clone with nothing configured,
so on start: a secret key is generated into the instance folder (once), the database is
migrated to the newest schema, and if it has no account yet, an agency “Cơ quan thử
nghiệm” with a quản trị `admin` is created, its random password written to
`instance/admin_password.txt` (mode 0600) and printed once.

LibreOffice (for PDF) is not started here: the pool starts on the first PDF request, so
the server is up at once. Its listeners run in their own sessions and would outlive us,
so SIGTERM (systemd, docker stop, `kill`) is turned into a normal exit and the pool is
stopped on the way out, as on Ctrl+C.
"""

from __future__ import annotations

import io
import logging
import os
import secrets
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import Any

from flask import Flask
from waitress.channel import HTTPChannel
from waitress.server import create_server
from waitress.task import ErrorTask, WSGITask
from waitress.utilities import RequestEntityTooLarge

from drafter.pdf import clean_stale_workdirs, shutdown_default
from drafter.store import (
    Conflict,
    Store,
    bootstrap_user,
    database_reason,
    has_users,
    upgrade,
)
from drafter.store.db import private_folder
from drafter.web import create_app
from drafter.web.config import ConfigError, ensure_secret_file, instance_path_from_env


def _instance_path() -> str:
    from flask import Flask

    return (
        instance_path_from_env()
        or Flask("drafter.web", instance_relative_config=True).instance_path
    )


def serve(host: str = "127.0.0.1", port: int = 8000, threads: int = 8) -> int:
    """Run until interrupted; returns the exit status for the CLI."""
    if not os.environ.get("DRAFTER_SECRET_KEY"):
        path = ensure_secret_file(_instance_path())
        print(f"Khóa bí mật: {path}", file=sys.stderr)
    try:
        app = create_app()
    except ConfigError as err:
        print(err, file=sys.stderr)
        return 2
    store: Store = app.extensions["drafter.store"]
    print(
        f"Cơ sở dữ liệu: {store.engine.url.render_as_string(hide_password=True)}", file=sys.stderr
    )
    try:
        prepare_database(store, Path(app.instance_path))
    except Exception as err:  # unreachable database, failed migration: say so, exit 2
        print(f"Không chuẩn bị được cơ sở dữ liệu: {database_reason(err)}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    clean_stale_workdirs()  # LibreOffice folders of a server that died without cleaning up
    shown = f"[{host}]" if ":" in host else host
    print(f"drafter đang chạy tại http://{shown}:{port}/  (Ctrl+C để dừng)", file=sys.stderr)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        make_server(app, host, port, threads).run()
    finally:
        shutdown_default()  # the LibreOffice listeners, if a PDF request started them
    return 0


def make_server(app: Flask, host: str, port: int, threads: int) -> Any:
    """waitress serving `app`, its own refusal of a body too large answered by the app.

    waitress buffers a request's whole body before the app sees it, so it has a limit of
    its own (the app's largest limit, a .docx upload's, and a little more: a body a few
    bytes over the limit of its route
    still gets the app's precise answer), and above it waitress answered itself, in
    English text/plain. Its error task for that case now hands the request to the app
    with an empty body and the declared size, so the answer is the app's one 413 —
    Vietnamese, JSON under /api/ — whatever the size.
    """
    from drafter.web.uploads import upload_limit

    limit = max(int(app.config.get("MAX_CONTENT_LENGTH") or 2**21), upload_limit(app))
    server = create_server(
        app,
        host=host,
        port=port,
        threads=threads,
        max_request_body_size=limit + 65536,
        ident="drafter",
        clear_untrusted_proxy_headers=True,
    )
    server.channel_class = _Channel
    return server


class _TooLarge(WSGITask):
    """A request waitress refused for its size, answered by the app (which refuses any
    request declaring more than MAX_CONTENT_LENGTH before reading it)."""

    def get_environment(self) -> dict[str, Any]:
        environ: dict[str, Any] = super().get_environment()
        environ["wsgi.input"] = io.BytesIO()
        declared = self.request.content_length or 0
        limit = self.channel.server.adj.max_request_body_size
        environ["CONTENT_LENGTH"] = str(max(declared, limit))
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        return environ

    def execute(self) -> None:
        super().execute()
        self.set_close_on_finish()  # the rest of the body is never read


def _error_task(channel: Any, request: Any) -> Any:
    if isinstance(request.error, RequestEntityTooLarge):
        return _TooLarge(channel, request)
    return ErrorTask(channel, request)


class _Channel(HTTPChannel):  # type: ignore[misc]
    error_task_class = staticmethod(_error_task)


FIRST_AGENCY = "Cơ quan thử nghiệm"
FIRST_ADMIN = "admin"
PASSWORD_FILE = "admin_password.txt"


def prepare_database(store: Store, instance_path: Path) -> None:
    """Migrate to the newest schema; on a database without accounts, the first admin.

    The password is random, written where only this user can read it, and printed once
    (a later start finds the account and prints nothing). The instance folder is made
    private (0700) first, and the SQLite database in it is 0600 (drafter.store.db).
    """
    private_folder(instance_path)
    upgrade(store.engine)
    with store.transaction() as s:
        if has_users(s):
            return
        password = secrets.token_urlsafe(12)
        try:
            bootstrap_user(
                s, FIRST_AGENCY, username=FIRST_ADMIN, password=password, full_name="Quản trị"
            )
        except Conflict:
            return  # another process made it first
    path = instance_path / PASSWORD_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(f"{FIRST_ADMIN}\n{password}\n")
    os.chmod(path, 0o600)
    print(f"Đăng nhập: {FIRST_ADMIN} / {password} — xem {_shown_path(path)}", file=sys.stderr)


def _shown_path(path: Path) -> str:
    """The file as the person who typed `make run` finds it: relative to where they are."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    """Python's default for SIGTERM is to die at once, skipping `finally` and atexit."""
    raise SystemExit(0)
