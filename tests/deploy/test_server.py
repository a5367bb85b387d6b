"""The production server as deployed (issue 8): `drafter serve --production` (granian,
settings in drafter/web/production.py).

A graceful restart (SIGHUP) replaces the workers without failing a request in flight; the
access log is one JSON object per line; a misconfigured instance exits 2 with the reason
instead of starting; stopping the server stops the LibreOffice listeners its workers
started.
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
from tests.deploy.procs import children, workers
from tests.web.test_serve import post_raw

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


DRAFTER = str(Path(sys.executable).parent / "drafter")


def _env(folder: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DRAFTER_SECRET_KEY": secrets.token_urlsafe(32),
        "DRAFTER_INSTANCE_PATH": str(folder),
        "DATABASE_URL": f"sqlite:///{folder}/drafter.sqlite3",
        **extra,
    }


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes], Path]]:
    port = _free_port()
    log = tmp_path / "access.log"
    env = _env(
        tmp_path,
        DRAFTER_BIND=f"127.0.0.1:{port}",
        DRAFTER_WORKERS="2",
        DRAFTER_ACCESS_LOG=str(log),
        DRAFTER_API_RATE_LIMIT="0",  # the restart test renders without pause from one address
    )
    subprocess.run([DRAFTER, "db", "upgrade"], env=env, check=True, capture_output=True)
    process = subprocess.Popen(
        [DRAFTER, "serve", "--production"],
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
        process.wait(timeout=60)


def test_graceful_restart_drops_no_request(
    server: tuple[str, subprocess.Popen[bytes], Path],
) -> None:
    url, process, _ = server
    before = workers(process.pid)
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
    while time.monotonic() < deadline and not set(workers(process.pid)).isdisjoint(before):
        time.sleep(0.2)
    time.sleep(1.0)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    after = workers(process.pid)
    assert len(after) == 2 and set(after).isdisjoint(before), (before, after)
    for pid in after:  # fresh interpreters, not forks of the master: upgraded code loads
        assert b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
    assert len(results) > 20
    assert set(results) == {200}, {code: results.count(code) for code in set(results)}


def test_access_log_is_json_lines(server: tuple[str, subprocess.Popen[bytes], Path]) -> None:
    url, process, log = server
    assert _render(url) == 200
    with urllib.request.urlopen(url + "/healthz?q=%22quoted%22&t=%C4%91", timeout=5):
        pass
    # Each worker writes its own lines once its response is out: the render's may land
    # after the healthz's when another worker served that one. Wait for both.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not all(
        part in log.read_text() for part in ("quoted", "/api/v1/render")
    ):
        time.sleep(0.1)
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    render = next(e for e in lines if e["path"] == "/api/v1/render")
    assert render["method"] == "POST" and render["status"] == 200
    assert render["remote"] == "127.0.0.1" and render["pid"] in workers(process.pid)
    assert isinstance(render["duration_ms"], float) and render["duration_ms"] > 0
    assert render["time"].endswith("+00:00")
    queries = [e["query"] for e in lines if e["path"] == "/healthz"]
    assert "q=%22quoted%22&t=%C4%91" in queries


@pytest.mark.parametrize("size", [2 * 1024 * 1024 + 1000, 3 * 1024 * 1024])
def test_a_body_too_large_gets_the_apps_answer(
    server: tuple[str, subprocess.Popen[bytes], Path], size: int
) -> None:
    """Issue 17, item 9: granian has no limit of its own; the app's 413 answers."""
    url, _, _ = server
    port = int(url.rsplit(":", 1)[1])
    for path, kind in (("/api/v1/validate", "application/json"), ("/preview", "text/html")):
        status, content_type, body = post_raw(port, path, size)
        assert status == 413 and content_type.split(";")[0] == kind
        text = body.decode()
        assert "Dữ liệu quá lớn" in text and "vượt quá giới hạn cho phép (2 MB)" in text


def test_refuses_to_start_without_secret_or_schema(tmp_path: Path) -> None:
    """A misconfigured instance says why and exits 2 instead of serving errors."""
    env = _env(tmp_path, DRAFTER_BIND=f"127.0.0.1:{_free_port()}")
    del env["DRAFTER_SECRET_KEY"]
    run = subprocess.run(
        [DRAFTER, "serve", "--production"], env=env, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 2 and "SECRET_KEY" in run.stderr
    env = _env(tmp_path, DRAFTER_BIND=f"127.0.0.1:{_free_port()}")
    run = subprocess.run(
        [DRAFTER, "serve", "--production"], env=env, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 2 and "drafter db upgrade" in run.stderr


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        for child in children(todo.pop()):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_stopping_the_server_stops_its_libreoffice(
    server: tuple[str, subprocess.Popen[bytes], Path], unoserver: str
) -> None:
    """Workers leave by multiprocessing's exit path, not the interpreter's: the PDF
    listeners they started (in sessions of their own) must still be stopped."""
    url, process, _ = server
    req = urllib.request.Request(
        url + "/api/v1/render?format=pdf", data=LETTER,
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    with urllib.request.urlopen(req, timeout=180) as resp:
        assert resp.read(5) == b"%PDF-"
    office = _descendants(process.pid) - set(children(process.pid))
    assert office, "the worker started no LibreOffice listener"
    process.terminate()
    process.wait(timeout=60)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_alive(pid) for pid in office):
        time.sleep(0.2)
    assert not [pid for pid in office if _alive(pid)]
