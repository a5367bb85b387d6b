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
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text as sql

from drafter.store import Store, upgrade
from drafter.web.config import ensure_secret_file
from drafter.web.serve import prepare_database


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
