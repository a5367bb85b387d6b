"""The production server: granian (HTTP in Rust, the app in Python worker processes).

`drafter serve --production` runs it; every setting below is read from a DRAFTER_*
environment variable (deploy/drafter.env.example), so one file configures an instance.

Why granian: on the reference 2-core server the HTTP layer costs as much CPU per request
as rendering a letter does. gunicorn's parser, thread hand-offs and access logging run in
Python and left 40–47 % of the in-process render rate; granian parses, queues and writes
in Rust and leaves 52–63 % (bench/http.py, docs/performance.md). Each worker listens on
its own SO_REUSEPORT socket, so the kernel spreads connections over the workers instead
of one busy worker taking them all.

Sizing: one worker process per core (rendering is CPU-bound Python: more processes only
queue), two threads each, so a worker waiting seconds for LibreOffice (PDF) still renders.

Graceful restart: `kill -HUP <master>` starts each new worker (a fresh interpreter, so
upgraded code is loaded), then stops the old one, which finishes the requests it holds.
Access logs are one JSON object a line, written with json.dumps so no field can break a
line.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import sys
from datetime import UTC, datetime
from typing import Any

from flask import Flask

DEFAULT_BIND = "127.0.0.1:8000"


def _int(name: str, default: int) -> int:
    return int(os.environ.get(f"DRAFTER_{name}", default))


def settings() -> dict[str, Any]:
    """The server's settings from DRAFTER_* variables (defaults sized for the host)."""
    host, _, port = os.environ.get("DRAFTER_BIND", DEFAULT_BIND).rpartition(":")
    return {
        "host": host.strip("[]") or "127.0.0.1",
        "port": int(port),
        "workers": _int("WORKERS", os.cpu_count() or 1),
        "threads": _int("THREADS", 2),
        # a worker over this resident size is replaced gracefully: a leak stays small
        "max_rss_mb": _int("WORKERS_MAX_RSS", 400),
        "graceful_timeout": _int("GRACEFUL_TIMEOUT", 30),
        "access_log": os.environ.get("DRAFTER_ACCESS_LOG", "-"),
        "log_level": os.environ.get("DRAFTER_LOG_LEVEL", "info"),
    }


class JsonAccessFormatter(logging.Formatter):
    """granian's access record (its fields in `record.args`) as one JSON line."""

    def format(self, record: logging.LogRecord) -> str:
        fields = record.args if isinstance(record.args, dict) else {}
        query = fields.get("query_string", "")
        return json.dumps(
            {
                "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                    timespec="milliseconds"
                ),
                "remote": fields.get("addr"),
                "method": fields.get("method"),
                "path": fields.get("path"),
                "query": query.decode("latin-1") if isinstance(query, bytes) else query,
                "status": fields.get("status"),
                "duration_ms": round(float(fields.get("dt_ms", 0.0)), 2),
                "pid": record.process,
            },
            ensure_ascii=False,
        )


def log_config(access_log: str) -> dict[str, Any]:
    """logging.dictConfig for granian: its own messages on stderr, access lines as JSON on
    stdout (`-`), in a file (reopened when logrotate moves it), or nowhere (`off`)."""
    access: dict[str, Any]
    if access_log == "off":
        access = {"class": "logging.NullHandler"}
    elif access_log == "-":
        access = {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"}
    else:
        access = {"class": "logging.handlers.WatchedFileHandler", "filename": access_log}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "generic": {"format": "%(asctime)s [%(process)d] %(levelname)s %(message)s"},
            "json": {"()": f"{__name__}.JsonAccessFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "generic",
            },
            "access": {**access, "formatter": "json"},
        },
        "loggers": {
            "_granian": {"handlers": ["console"], "propagate": False},
            "granian.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        },
    }


def worker_app() -> Flask:
    """The app of one worker process, its template compiled before the first request so
    no user waits for it (granian calls this in each worker: `factory=True`)."""
    from drafter.render import compiled
    from drafter.web import create_app

    app = create_app()
    compiled()
    return app


def build_server(**overrides: Any) -> Any:
    """A configured granian server (not started): `settings()` with `overrides`."""
    from granian import Granian
    from granian.constants import Interfaces
    from granian.log import LogLevels

    conf = {**settings(), **overrides}
    access_log = str(conf["access_log"])
    return Granian(
        f"{__name__}:worker_app",
        address=conf["host"],
        port=conf["port"],
        interface=Interfaces.WSGI,
        factory=True,
        workers=conf["workers"],
        blocking_threads=conf["threads"],
        log_level=LogLevels(conf["log_level"]),
        log_dictconfig=log_config(access_log),
        log_access=access_log != "off",
        workers_max_rss=conf["max_rss_mb"] or None,
        workers_kill_timeout=conf["graceful_timeout"],
        respawn_failed_workers=True,
    )


def preflight() -> str | None:
    """Why this instance must not start (no SECRET_KEY, database unreachable or not
    migrated), or None. Checked once in the master, so a misconfigured instance exits with
    the reason instead of respawning workers that fail."""
    from drafter.store import database_reason, is_up_to_date
    from drafter.web import create_app
    from drafter.web.config import ConfigError

    try:
        app = create_app()
    except ConfigError as err:
        return str(err)
    engine = app.extensions["drafter.store"].engine
    try:
        if not is_up_to_date(engine):
            return "Lược đồ cơ sở dữ liệu chưa ở phiên bản mới nhất: chạy `drafter db upgrade`."
    except Exception as err:  # whatever the driver raises: say it in one line
        return f"Không kết nối được cơ sở dữ liệu: {database_reason(err)}"
    finally:
        engine.dispose()  # nothing of this check stays open while the server runs
    return None


def serve_production(**overrides: Any) -> int:
    """Run until SIGINT/SIGTERM; returns the exit status for the CLI (2: cannot start)."""
    problem = preflight()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from drafter.pdf import clean_stale_workdirs

    clean_stale_workdirs()  # LibreOffice folders of workers that died without cleaning up
    # Workers start as fresh interpreters, not forks of this process (which has imported
    # the app for the preflight): a graceful reload after an upgrade then runs new code.
    multiprocessing.set_start_method("spawn", force=True)
    build_server(**overrides).serve()
    return 0


__all__ = [
    "JsonAccessFormatter",
    "build_server",
    "preflight",
    "serve_production",
    "settings",
    "worker_app",
]
