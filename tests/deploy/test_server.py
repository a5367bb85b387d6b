"""The production server as deployed (issue 8): gunicorn with drafter/web/gunicorn_conf.py.

A graceful restart (SIGHUP) replaces the workers without failing a request in flight, and
the access log is one JSON object per line.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES_DIR
from tests.deploy.procs import children

pytestmark = pytest.mark.slow

LETTER = (EXAMPLES_DIR / "daklak-1691-ubnd-kgvx.json").read_bytes()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _render(url: str) -> int:
    req = urllib.request.Request(
        url + "/api/v1/render", data=LETTER, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            body = resp.read()
            return resp.status if body[:2] == b"PK" else -1
    except urllib.error.HTTPError as err:
        return err.code
    except OSError:
        return -2


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes], Path]]:
    port = _free_port()
    log = tmp_path / "access.log"
    env = {
        **os.environ,
        "DRAFTER_SECRET_KEY": secrets.token_urlsafe(32),
        "DRAFTER_INSTANCE_PATH": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/drafter.sqlite3",
        "DRAFTER_GUNICORN_BIND": f"127.0.0.1:{port}",
        "DRAFTER_GUNICORN_WORKERS": "2",
        "DRAFTER_GUNICORN_ACCESSLOG": str(log),
    }
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "python:drafter.web.gunicorn_conf"],
        env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                break
        except OSError:
            time.sleep(0.2)
    try:
        yield url, process, log
    finally:
        process.terminate()
        process.wait(timeout=40)


def test_graceful_restart_drops_no_request(
    server: tuple[str, subprocess.Popen[bytes], Path],
) -> None:
    url, process, _ = server
    before = children(process.pid)
    assert len(before) == 2
    results: list[int] = []
    stop = threading.Event()

    def client() -> None:
        while not stop.is_set():
            results.append(_render(url))

    threads = [threading.Thread(target=client) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    process.send_signal(signal.SIGHUP)  # new workers, old ones finish what they serve
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not set(children(process.pid)).isdisjoint(before):
        time.sleep(0.2)
    time.sleep(1.0)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    after = children(process.pid)
    assert len(after) == 2 and set(after).isdisjoint(before), (before, after)
    assert len(results) > 20
    assert set(results) == {200}, {code: results.count(code) for code in set(results)}


def test_access_log_is_json_lines(server: tuple[str, subprocess.Popen[bytes], Path]) -> None:
    url, _, log = server
    assert _render(url) == 200
    with urllib.request.urlopen(url + '/healthz?q="quoted"', timeout=5):
        pass
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and "quoted" not in log.read_text():
        time.sleep(0.1)
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    render = next(e for e in lines if e["path"] == "/api/v1/render")
    assert render["method"] == "POST" and render["status"] == 200 and render["bytes"] > 10000
    assert isinstance(render["duration_ms"], float)
    queries = [e["query"] for e in lines if e["path"] == "/healthz"]
    assert 'q="quoted"' in queries  # a quote in the request cannot break the JSON line
