"""`drafter serve`: the app under waitress, a production WSGI server (not Flask's).

Waitress is pure Python (nothing to compile on an offline machine), multi-threaded, and
renders are thread-safe. On first start a secret key is generated into the instance
folder, so `make run` works with nothing configured.

LibreOffice (for PDF) is not started here: the pool starts on the first PDF request, so
the server is up at once. Its listeners run in their own sessions and would outlive us,
so SIGTERM (systemd, docker stop, `kill`) is turned into a normal exit and the pool is
stopped on the way out, as on Ctrl+C.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from types import FrameType

from waitress import serve as waitress_serve

from drafter.pdf import shutdown_default
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
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    shown = f"[{host}]" if ":" in host else host
    print(f"drafter đang chạy tại http://{shown}:{port}/  (Ctrl+C để dừng)", file=sys.stderr)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        waitress_serve(
            app,
            host=host,
            port=port,
            threads=threads,
            max_request_body_size=int(app.config.get("MAX_CONTENT_LENGTH") or 2**21) + 65536,
            ident="drafter",
            clear_untrusted_proxy_headers=True,
        )
    finally:
        shutdown_default()  # the LibreOffice listeners, if a PDF request started them
    return 0


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    """Python's default for SIGTERM is to die at once, skipping `finally` and atexit."""
    raise SystemExit(0)
