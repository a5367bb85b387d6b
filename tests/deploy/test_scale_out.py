"""Scale-out (issue 8): two production instances on two ports share one PostgreSQL.

A browser's requests land on either instance: log in on A, save a draft on B, save again
on A, download from A — it works because nothing lives in a process (signed-cookie
sessions, the same SECRET_KEY, state in the database). Each instance is the real
production server (`drafter serve --production`: granian) on 127.0.0.1.
"""

from __future__ import annotations

import http.cookiejar
import io
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import Any

import docx
import pytest

from tests.conftest import load_example
from tests.pg import PostgresServer

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
USERNAME, PASSWORD = "vanthu.a", "mật-khẩu-đủ-dài-2026"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Instance:
    url: str
    process: subprocess.Popen[bytes]
    log: Path


def _wait_ready(instance: Instance, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if instance.process.poll() is not None:
            raise AssertionError(f"instance exited:\n{instance.log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(instance.url + "/readyz", timeout=2) as resp:
                if resp.status == 200:
                    return
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.25)
    raise AssertionError(f"instance not ready:\n{instance.log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def cluster(
    pg_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Instance, Instance]]:
    """A database on the run's PostgreSQL, migrated, one user; two production instances
    with the same secret."""
    database = pg_server.create_database("drafter_scale")  # on the run's server
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "DRAFTER_SECRET_KEY": secrets.token_urlsafe(32),
        "DRAFTER_WORKERS": "1",
        "DRAFTER_THREADS": "2",
    }
    drafter = [str(BIN / "drafter")]
    subprocess.run([*drafter, "db", "upgrade"], env=env, check=True, timeout=120)
    subprocess.run(
        [*drafter, "users", "create", "--agency", "UBND tỉnh Đắk Lắk", "--username", USERNAME,
         "--role", "van_thu", "--password-stdin"],
        input=PASSWORD.encode(), env=env, check=True, timeout=120,
    )  # fmt: skip
    instances = []
    try:
        for name in ("a", "b"):
            folder = tmp_path_factory.mktemp(f"instance-{name}")
            port = _free_port()
            log = folder / "server.log"
            process = subprocess.Popen(
                [*drafter, "serve", "--production"],
                env={**env, "DRAFTER_INSTANCE_PATH": str(folder),
                     "DRAFTER_BIND": f"127.0.0.1:{port}"},
                stdout=log.open("wb"), stderr=subprocess.STDOUT, cwd=folder,
            )  # fmt: skip
            instances.append(Instance(f"http://127.0.0.1:{port}", process, log))
        for instance in instances:
            _wait_ready(instance)
        yield instances[0], instances[1]
    finally:
        for instance in instances:
            instance.process.terminate()
        for instance in instances:
            instance.process.wait(timeout=30)


class Browser:
    """One user agent: a cookie jar shared by requests to either instance."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, method: str, url: str, *, data: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, Message, bytes]:  # fmt: skip
        req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        try:
            with self.opener.open(req, timeout=60) as resp:
                return resp.status, resp.headers, resp.read()
        except urllib.error.HTTPError as err:
            return err.code, err.headers, err.read()

    def csrf(self, url: str) -> str:
        status, _, body = self.request("GET", url)
        assert status == 200, (url, status)
        html = body.decode()
        found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
            r'<meta name="csrf-token" content="([^"]+)"', html
        )
        assert found, f"no CSRF token on {url}"
        return found.group(1)

    def json(self, method: str, url: str, payload: Any, token: str) -> tuple[int, Any]:
        status, _, body = self.request(
            method, url, data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json", "X-CSRFToken": token},
        )  # fmt: skip
        return status, json.loads(body or b"null")


def _origin_header(base: str) -> dict[str, str]:
    return {"Content-Type": "application/x-www-form-urlencoded", "Referer": base + "/login"}


def test_requests_alternate_between_instances(cluster: tuple[Instance, Instance]) -> None:
    a, b = cluster
    browser = Browser()

    # Log in on A.
    token = browser.csrf(a.url + "/login")
    form = urllib.parse.urlencode({"csrf_token": token, "username": USERNAME, "password": PASSWORD})
    status, _, _ = browser.request(
        "POST", a.url + "/login", data=form.encode(), headers=_origin_header(a.url)
    )
    assert status in (200, 302, 303)

    # The session made by A is good on B: B's letter form shows, with a CSRF token.
    token_b = browser.csrf(b.url + "/")

    # Save a draft on B, save a new version on A, read it back on B.
    letter = load_example("daklak-1691-ubnd-kgvx.json")
    status, created = browser.json("POST", b.url + "/api/v1/drafts", {"letter": letter}, token_b)
    assert status == 201, created
    draft_id, version = created["id"], created["version"]
    letter["so"] = "1692"
    token_a = browser.csrf(a.url + "/")
    status, saved = browser.json(
        "PUT", f"{a.url}/api/v1/drafts/{draft_id}",
        {"letter": letter, "expected_version": version, "kind": "save"}, token_a,
    )  # fmt: skip
    assert status == 200, saved
    status, _, body = browser.request("GET", f"{b.url}/api/v1/drafts/{draft_id}")
    assert status == 200 and json.loads(body)["letter"]["so"] == "1692"

    # A stale save from B (the other "tab") is refused, whichever instance gets it.
    status, conflict = browser.json(
        "PUT", f"{b.url}/api/v1/drafts/{draft_id}",
        {"letter": letter, "expected_version": version, "kind": "save"}, token_b,
    )  # fmt: skip
    assert status == 409 and conflict["current_version"] == saved["version"]

    # Download from A: the .docx of the version saved through A.
    status, headers, body = browser.request("GET", f"{a.url}/drafts/{draft_id}/docx")
    assert status == 200, body[:300]
    assert "attachment" in headers.get("Content-Disposition", "")
    document = docx.Document(io.BytesIO(body))
    texts = [p.text for t in document.tables for c in t._cells for p in c.paragraphs]
    assert "Số: 1692/UBND-KGVX" in texts


def test_both_instances_report_ready(cluster: tuple[Instance, Instance]) -> None:
    for instance in cluster:
        with urllib.request.urlopen(instance.url + "/readyz", timeout=5) as resp:
            assert resp.status == 200


def test_a_session_signed_with_another_key_is_refused(cluster: tuple[Instance, Instance]) -> None:
    """The shared secret is what makes the session portable; a foreign cookie gets nothing."""
    a, _ = cluster
    browser = Browser()
    status, _, body = browser.request(
        "GET", a.url + "/drafts", headers={"Cookie": "drafter_session=eyJ1c2VyIjoxfQ.forged.sig"}
    )
    # Redirects are followed: a refused session ends on the login form, never on drafts.
    assert status in (200, 401) and b'name="password"' in body
