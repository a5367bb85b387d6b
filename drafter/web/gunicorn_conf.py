"""gunicorn settings for production: `gunicorn -c python:drafter.web.gunicorn_conf`.

Sized for a small server (the reference is 2 cores): rendering is CPU-bound Python, so
processes do the work (one per core, plus one to cover the time a worker spends on the
network), with two threads each. Every number can be overridden
with a DRAFTER_GUNICORN_* environment variable (or gunicorn's own GUNICORN_CMD_ARGS).

Graceful restart: `kill -HUP <master>` starts new workers with new code and lets the old
ones finish their requests (up to `graceful_timeout`). Access logs are one JSON object a
line on stdout, for whatever collects logs.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from typing import Any

from gunicorn.glogging import Logger


def _int(name: str, default: int) -> int:
    return int(os.environ.get(f"DRAFTER_GUNICORN_{name}", default))


cores = os.cpu_count() or 1

wsgi_app = "drafter.web:create_app()"
bind = os.environ.get("DRAFTER_GUNICORN_BIND", "127.0.0.1:8000")
# One process more than cores, two threads each: measured best on 2 cores (bench/http.py,
# docs/performance.md) — while one worker reads a request or writes a response, another
# renders; more threads per process only queue behind the GIL.
workers = _int("WORKERS", cores + 1)
worker_class = "gthread"
threads = _int("THREADS", 2)
backlog = 256
timeout = _int("TIMEOUT", 60)  # a PDF conversion may take seconds; a hung worker is replaced
graceful_timeout = _int("GRACEFUL_TIMEOUT", 30)
keepalive = 5
max_requests = _int("MAX_REQUESTS", 20000)  # recycle workers now and then: a leak stays small
max_requests_jitter = max_requests // 10
limit_request_line = 8190
forwarded_allow_ips = os.environ.get("DRAFTER_GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "drafter"
control_socket_disable = True  # restarts go by signal; instances must not share a socket

accesslog = os.environ.get("DRAFTER_GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = os.environ.get("DRAFTER_GUNICORN_LOGLEVEL", "info")


class JsonAccessLogger(Logger):
    """Access log lines as JSON objects, built with json.dumps so no field can break one."""

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if not self.access_log_enabled:
            return
        atoms = self.atoms(resp, req, environ, request_time)
        line = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "remote": atoms["h"],
            "method": atoms["m"],
            "path": atoms["U"],
            "query": atoms["q"],
            "status": int(atoms["s"]) if str(atoms["s"]).isdigit() else atoms["s"],
            "bytes": atoms["B"],
            "duration_ms": round(request_time.total_seconds() * 1000, 2),
            "pid": os.getpid(),
        }
        self.access_log.info(json.dumps(line, ensure_ascii=False))


logger_class = JsonAccessLogger


def post_worker_init(worker: object) -> None:
    """Compile the template before the first request, so no user waits for it."""
    from drafter.render import compiled

    compiled()
