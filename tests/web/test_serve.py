"""`drafter serve`: waitress with a generated secret key, a migrated database and a first
admin, as `make run` starts it on a fresh clone."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import stat
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text as sql
from waitress import wasyncore

from drafter.store import Store, upgrade
from drafter.web.config import ensure_secret_file
from drafter.web.serve import make_server, prepare_database
from tests.web.conftest import AppFactory


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_serve_starts_waitress_with_a_generated_key(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DRAFTER_")}
    env["DRAFTER_INSTANCE_PATH"] = str(tmp_path / "instance")
    proc = subprocess.Popen(
        [sys.executable, "-m", "drafter.cli", "serve", "--port", str(port), "--threads", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    assert r.status == 200
                    assert r.headers["Server"] == "drafter"  # waitress, not the debug server
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        proc.stderr.read().decode() if proc.stderr else ""
                    ) from None
                time.sleep(0.1)
        base = f"http://127.0.0.1:{port}"
        with urllib.request.urlopen(base + "/readyz", timeout=5) as r:  # migrated to head
            assert json.loads(r.read())["status"] == "ok"
        secret = tmp_path / "instance" / "secret_key"
        assert stat.S_IMODE(secret.stat().st_mode) == 0o600
        assert len(secret.read_text().strip()) >= 40

        # The first admin: a random password in a private file, printed once.
        password_file = tmp_path / "instance" / "admin_password.txt"
        assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
        username, password = password_file.read_text().split()
        assert username == "admin" and len(password) >= 12

        # Pages need a login; the printed password opens the letter form.
        browser = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        with browser.open(base + "/", timeout=5) as r:
            page = r.read().decode()
        assert r.url.startswith(base + "/login") and 'name="password"' in page
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        assert token
        form = urllib.parse.urlencode(
            {"csrf_token": token.group(1), "username": username, "password": password}
        )
        with browser.open(base + "/login", data=form.encode(), timeout=10) as r:
            page = r.read().decode()
        assert r.url == base + "/"
        assert "Soạn công văn" in page and "Cơ quan thử nghiệm" in page
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    err = proc.stderr.read().decode() if proc.stderr else ""
    assert f"Đăng nhập: admin / {password} — xem " in err
    assert err.count(password) == 1

    # A second start: same database, same admin, nothing printed.
    proc = subprocess.Popen(
        [sys.executable, "-m", "drafter.cli", "serve", "--port", str(port), "--threads", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for(proc, f"http://127.0.0.1:{port}/readyz")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    err = proc.stderr.read().decode() if proc.stderr else ""
    assert "Đăng nhập:" not in err and password_file.read_text().split()[1] == password


def _wait_for(proc: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                assert r.status == 200
                return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(proc.stderr.read().decode() if proc.stderr else "") from None
            time.sleep(0.1)


@pytest.mark.slow  # starts `drafter serve` (which stops at once: no database)
def test_serve_refuses_to_start_without_its_database(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DRAFTER_")}
    env["DRAFTER_INSTANCE_PATH"] = str(tmp_path / "instance")
    env["DATABASE_URL"] = "postgresql+psycopg://drafter:hunter2pw@127.0.0.1:9/drafter"
    result = subprocess.run(
        [sys.executable, "-m", "drafter.cli", "serve", "--port", str(free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Không chuẩn bị được cơ sở dữ liệu" in result.stderr
    assert "hunter2pw" not in result.stderr  # the URL is shown without its password
    assert not (tmp_path / "instance" / "admin_password.txt").exists()


# --- Issue 17, item 14: the instance folder and the database are private ----------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The umask of most accounts (022): without care, files come out world-readable."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_a_first_start_makes_a_private_instance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, usual_umask: None
) -> None:
    """What `drafter serve` does on a fresh clone: the secret key, then the database (its
    password hashes and every letter), then the first admin; none readable by others."""
    instance = tmp_path / "instance"
    monkeypatch.delenv("DATABASE_URL", raising=False)
    ensure_secret_file(instance)
    store = Store.for_instance(instance)
    try:
        prepare_database(store, instance)
        with store.transaction() as s:  # a write: the WAL and shared-memory files appear
            s.execute(sql("CREATE TABLE t (x INTEGER)"))
        files = sorted(p.name for p in instance.iterdir())
        assert {"drafter.sqlite3", "drafter.sqlite3-wal", "drafter.sqlite3-shm"} <= set(files)
        assert _mode(instance) == 0o700
        assert {name: _mode(instance / name) for name in files} == dict.fromkeys(files, 0o600)
    finally:
        store.dispose()


def test_a_database_made_by_drafter_db_upgrade_is_private(
    tmp_path: Path, usual_umask: None
) -> None:
    folder = tmp_path / "nowhere-yet"
    store = Store.from_url(f"sqlite:///{folder / 'drafter.sqlite3'}")
    try:
        upgrade(store.engine)
    finally:
        store.dispose()
    assert _mode(folder) == 0o700 and _mode(folder / "drafter.sqlite3") == 0o600


def test_an_existing_world_readable_instance_is_made_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, usual_umask: None
) -> None:
    """An instance made by an earlier drafter (0755, database 0644) is closed at start."""
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    database = instance / "drafter.sqlite3"
    database.touch(mode=0o644)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    ensure_secret_file(instance)
    store = Store.for_instance(instance)
    try:
        prepare_database(store, instance)
    finally:
        store.dispose()
    assert _mode(instance) == 0o700 and _mode(database) == 0o600


# --- Issue 17, item 9: one answer for a body too large, whatever its size and server --------

LIMIT_TEXT = "vượt quá giới hạn cho phép (2 MB)"


@pytest.fixture
def waitress_port(make_app: AppFactory) -> Iterator[int]:
    """`drafter serve`'s waitress, in a thread, on the app as configured by default."""
    server = make_server(make_app(MAX_CONTENT_LENGTH=2 * 1024 * 1024), "127.0.0.1", 0, 2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield int(server.effective_port)
    server.task_dispatcher.shutdown()
    wasyncore.close_all(server._map)
    thread.join(5)


def post_raw(port: int, path: str, size: int, *, chunked: bool = False) -> tuple[int, str, bytes]:
    """POST `size` bytes (declared; sent unless the answer comes first), as a raw socket
    does, and read whatever answer comes back: a server may answer a body it refuses
    before reading it, and a client that only writes would see a broken pipe."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        head = f"POST {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        head += "Content-Type: application/json\r\n"
        head += "Transfer-Encoding: chunked\r\n" if chunked else f"Content-Length: {size}\r\n"
        sock.sendall((head + "\r\n").encode())
        try:
            chunk = 64 * 1024
            for _ in range(0, min(size, 14 * 1024 * 1024), chunk):
                sock.sendall(
                    f"{chunk:x}\r\n".encode() + b" " * chunk + b"\r\n" if chunked else b" " * chunk
                )
        except OSError:
            pass  # the server answered before the whole body: read that answer
        raw = b""
        while True:
            try:
                data = sock.recv(65536)
            except OSError:
                break
            if not data:
                break
            raw += data
    head_bytes, _, body = raw.partition(b"\r\n\r\n")
    lines = head_bytes.decode("latin-1").split("\r\n")
    headers = {k.lower(): v for k, v in (line.split(": ", 1) for line in lines[1:] if ": " in line)}
    return int(lines[0].split()[1]), headers.get("content-type", ""), body


@pytest.mark.parametrize(
    ("size", "chunked"),
    [
        (2 * 1024 * 1024 + 1000, False),  # over the app's limit, under waitress's
        # over waitress's (a .docx upload's limit, 12 MB and a little): it answered
        # itself, in English
        (13 * 1024 * 1024, False),
        (1024**3, False),  # a gigabyte declared (never sent: the answer comes first)
        (13 * 1024 * 1024, True),  # no length declared, chunked
    ],
)
def test_a_body_too_large_gets_the_apps_answer_from_waitress(
    waitress_port: int, size: int, chunked: bool
) -> None:
    status, kind, body = post_raw(waitress_port, "/api/v1/validate", size, chunked=chunked)
    assert (status, kind) == (413, "application/json")
    answer = json.loads(body)
    assert answer["ok"] is False and answer["error"] == "Dữ liệu quá lớn"
    assert LIMIT_TEXT in answer["message"]
    status, kind, body = post_raw(waitress_port, "/preview", size, chunked=chunked)
    assert status == 413 and kind.startswith("text/html")
    assert "Dữ liệu quá lớn" in body.decode() and LIMIT_TEXT in body.decode()


@pytest.mark.parametrize("path", ["/api/v1/render", "/api/v1/drafts", "/preview", "/khong-co"])
def test_the_app_answers_413_before_anything_else(anon_client: FlaskClient, path: str) -> None:
    """The same answer from the app alone (granian, the test client): before the login
    rule, routing or CSRF, whatever the URL."""
    response = anon_client.post(path, data=b"x" * (2 * 1024 * 1024 + 1))
    assert response.status_code == 413
    text = response.get_data(as_text=True)
    assert "Dữ liệu quá lớn" in text and LIMIT_TEXT in text
    assert response.mimetype == ("application/json" if path.startswith("/api/") else "text/html")


def test_nginx_refuses_with_the_apps_words(app: Flask) -> None:
    """deploy/nginx.conf answers bodies over its limit itself: with the app's 413, not
    nginx's English page (checked by hand against nginx 1.22, Debian 12's)."""
    conf = (Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf").read_text()
    assert "client_max_body_size 2m;" in conf and "error_page 413 $drafter_too_large;" in conf
    bodies = dict(
        re.findall(r"location = /\.drafter/413\.(\w+) \{.*?return 413 '(.*?)';", conf, re.S)
    )
    response = app.test_client().post("/api/v1/validate", data=b" " * (2 * 1024 * 1024 + 1))
    assert json.loads(bodies["json"]) == response.json
    page = app.test_client().post("/preview", data=b" " * (2 * 1024 * 1024 + 1))
    for words in ("Dữ liệu quá lớn", "Dữ liệu gửi lên vượt quá giới hạn cho phép (2 MB)."):
        assert words in bodies["html"] and words in page.get_data(as_text=True)
    assert 'lang="vi"' in bodies["html"]
