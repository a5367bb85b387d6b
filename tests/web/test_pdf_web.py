"""PDF in the web app with real LibreOffice, no mocks: "Tải PDF", the print preview
("Xem bản in"), `POST /api/v1/render?format=pdf`, and what a user sees when LibreOffice
cannot convert.

The working tests use the process-wide pool (`drafter.pdf.default_converter`), as the
deployed app does; it starts on the first conversion and is shared with tests/e2e. The
failure tests give the app a converter of their own that cannot work: a LibreOffice that
does not exist, or a timeout no conversion can meet.
"""

from __future__ import annotations

import base64
import contextlib
import html as htmllib
import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from flask import Flask, render_template
from flask.testing import FlaskClient
from PIL import Image
from werkzeug.datastructures import MultiDict

from drafter.check.pdf import check_pdf
from drafter.filenames import content_disposition, default_filename, vietnamese_filename
from drafter.model import Letter
from drafter.pdf import PdfConfig, PdfConverter
from drafter.web import create_app
from drafter.web.pdfview import print_view
from tests.conftest import load_example
from tests.web.conftest import (
    AppFactory,
    World,
    copy_database,
    csrf_token,
    post_form,
    sign_in,
)
from tests.web.formdata import form_fields
from tests.web.test_letters import error_beside, has_autofocus, html_of, value_of
from tests.web.test_serve import free_port

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("libreoffice")]

PDF = "application/pdf"
A4 = 297 / 210
SO_LINE = "Số: 1691/UBND-KGVX"


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


def page_images(html: str) -> list[Image.Image]:
    """The page images of a print preview, decoded from their data: URLs."""
    sources = re.findall(r'<img src="data:image/png;base64,([^"]+)"', html)
    return [Image.open(io.BytesIO(base64.b64decode(src))) for src in sources]


def broken_letter(daklak: dict[str, Any]) -> dict[str, Any]:
    daklak["ky_hieu"] = "UBND KGVX"
    daklak["ky"]["ho_ten"] = ""
    return daklak


@pytest.fixture(scope="module")
def dead_app(
    seeded: tuple[Path, World], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    """An app whose LibreOffice does not exist (no warm listener, cold path fails at once)."""
    config = PdfConfig(pool_size=1, unoserver=None, soffice="/nonexistent/drafter/soffice")
    url = copy_database(seeded, tmp_path_factory.mktemp("dead-app"))
    with PdfConverter(config) as conv:
        app = create_app(
            {
                "TESTING": True,
                "WTF_CSRF_ENABLED": False,
                "SECRET_KEY": "t",
                "PDF_CONVERTER": conv,
                "DATABASE_URL": url,
            }
        )
        yield app
        app.extensions["drafter.store"].dispose()


# --- Tải PDF ---------------------------------------------------------------------------------


def test_pdf_download_from_the_form(client: FlaskClient, daklak: dict) -> None:
    response = post_form(client, daklak, "pdf")
    assert response.status_code == 200
    assert response.mimetype == PDF
    data = response.data
    assert data.startswith(b"%PDF") and response.headers["Content-Length"] == str(len(data))
    letter = Letter.from_dict(daklak)
    assert response.headers["Content-Disposition"] == content_disposition(
        vietnamese_filename(letter, ".pdf"), default_filename(letter, ".pdf")
    )
    assert 'filename="1691-UBND-KGVX-phoi-hop' in response.headers["Content-Disposition"]
    report = check_pdf(data)
    assert report.pages == 2 and not report.errors, report.to_dict()["findings"]
    assert SO_LINE in pdf_text(data)
    assert response.headers["Cache-Control"] == "no-store"  # letters may be confidential


def test_pdf_of_an_invalid_letter_shows_the_errors_and_keeps_the_text(
    client: FlaskClient, daklak: dict
) -> None:
    response = post_form(client, broken_letter(daklak), "pdf")
    assert response.status_code == 422
    assert response.mimetype == "text/html"
    html = html_of(response)
    assert "Cần sửa 2 lỗi" in html
    assert "có dấu cách" in error_beside(html, "ky_hieu")
    assert "không được để trống" in error_beside(html, "ky_ho_ten")
    assert value_of(html, "ky_hieu") == "UBND KGVX"  # nothing typed is lost
    assert value_of(html, "noi_dung-1-deadline") == "2019-12-10"
    assert has_autofocus(html, "error-summary")


def test_pdf_and_print_buttons_are_in_the_action_bar(client: FlaskClient) -> None:
    html = html_of(client.get("/"))
    bar = re.search(r'<div class="actions".*?</div>', html, re.S)
    assert bar
    buttons = re.findall(r'<button type="submit" name="action" value="([a-z_]+)"', bar.group(0))
    # “Lưu” (the draft) first, then checking and the outputs, in the same order as before.
    assert buttons[:5] == ["save", "check", "docx", "pdf", "print"]
    assert ">Tải PDF<" in bar.group(0) and ">Xem bản in<" in bar.group(0)
    # The print section waits, hidden, until asked for.
    assert re.search(r'<section id="print-section"[^>]*\bhidden\b', html)


# --- Xem bản in ------------------------------------------------------------------------------


def test_print_preview_without_javascript(client: FlaskClient, daklak: dict) -> None:
    response = post_form(client, daklak, "print")
    assert response.status_code == 200
    html = html_of(response)
    assert not re.search(r'<section id="print-section"[^>]*\bhidden\b', html)
    assert re.search(r'<h2 id="print-title" tabindex="-1" autofocus>', html)
    images = page_images(html)
    assert len(images) == 2
    for image in images:
        assert image.format == "PNG"
        assert image.height / image.width == pytest.approx(A4, rel=0.005)
        assert 96 * 8.27 <= image.width <= 110 * 8.27 + 1  # 96–110 dpi across 210 mm
    assert "Kiểm tra trên trang in" in html
    assert "Các trang in đạt mọi điểm kiểm tra" in html
    assert 'alt="Trang 1 trên 2 của bản in"' in html
    assert value_of(html, "ky_hieu") == "UBND-KGVX"  # the form comes back whole
    assert 'class="sheet"' in html  # and the live HTML preview is still there


def test_print_fragment_for_javascript(client: FlaskClient, daklak: dict) -> None:
    response = client.post("/print", data=MultiDict(form_fields(daklak)))
    assert response.status_code == 200
    html = html_of(response)
    assert "<html" not in html and "<form" not in html  # a fragment, not the page
    status = re.search(r'data-print-status="([^"]+)"', html)
    assert status
    assert htmllib.unescape(status.group(1)) == (
        "Bản in đã sẵn sàng: 2 trang; trang in đạt mọi điểm kiểm tra."
    )
    assert len(page_images(html)) == 2
    assert not re.search(r"\sstyle=|<script|<style", html)
    # Images travel inside the answer (stateless): the CSP lets data: images in, and only them.
    csp = response.headers["Content-Security-Policy"]
    assert "img-src 'self' data:" in csp
    assert "unsafe-inline" not in csp


def test_print_page_images_keep_a_red_stamp(client: FlaskClient) -> None:
    hue = load_example("ubnd-hue-hoa-toc-ung-pho-mua-lu.json")
    html = html_of(client.post("/print", data=MultiDict(form_fields(hue))))
    first = page_images(html)[0].convert("RGB")
    reds = [c for _n, c in first.getcolors(1 << 16) or [] if c[0] > 200 and c[1] < 60]
    assert reds, "the HỎA TỐC stamp lost its colour in the palette PNG"


def test_print_preview_of_an_invalid_letter(client: FlaskClient, daklak: dict) -> None:
    broken = broken_letter(daklak)
    # Without JavaScript: the page, errors beside the fields, nothing lost.
    response = post_form(client, broken, "print")
    assert response.status_code == 422
    html = html_of(response)
    assert "có dấu cách" in error_beside(html, "ky_hieu")
    assert value_of(html, "ky_hieu") == "UBND KGVX"
    assert not page_images(html)
    # With JavaScript: the fragment lists the problems, each a link to its field.
    response = client.post("/print", data=MultiDict(form_fields(broken)))
    assert response.status_code == 422
    html = html_of(response)
    assert "Công văn còn 2 lỗi; sửa xong mới xem được bản in." in html
    assert 'href="#ky_hieu"' in html and 'href="#ky_ho_ten"' in html
    assert not page_images(html)


# --- API ---------------------------------------------------------------------------------------


def test_api_render_pdf(client: FlaskClient, daklak: dict) -> None:
    response = client.post("/api/v1/render?format=pdf", json=daklak)
    assert response.status_code == 200
    assert response.mimetype == PDF
    letter = Letter.from_dict(daklak)
    assert response.headers["Content-Disposition"] == content_disposition(
        vietnamese_filename(letter, ".pdf"), default_filename(letter, ".pdf")
    )
    assert not check_pdf(response.data).errors
    assert SO_LINE in pdf_text(response.data)
    # format=docx is the default, said or not.
    docx = client.post("/api/v1/render?format=docx", json=daklak)
    assert docx.data[:2] == b"PK" and docx.data == client.post("/api/v1/render", json=daklak).data


def test_api_render_pdf_refuses_what_it_cannot_do(client: FlaskClient, daklak: dict) -> None:
    response = client.post("/api/v1/render?format=odt", json=daklak)
    assert response.status_code == 400
    assert response.json == {
        "ok": False,
        "error": "Yêu cầu không hợp lệ",
        "message": "Định dạng “odt” không được hỗ trợ (docx hoặc pdf).",
    }
    response = client.post("/api/v1/render?format=pdf", json=broken_letter(daklak))
    assert response.status_code == 422
    assert {p["path"] for p in response.json["problems"]} == {"ky_hieu", "ky.ho_ten"}
    response = client.post("/api/v1/render?format=pdf", data="{}", content_type="text/plain")
    assert response.status_code == 415


def test_openapi_documents_the_pdf_format(client: FlaskClient) -> None:
    doc = client.get("/api/v1/openapi.json").json
    render = doc["paths"]["/render"]["post"]
    (param,) = render["parameters"]
    assert param["name"] == "format" and param["schema"]["enum"] == ["docx", "pdf"]
    assert "application/pdf" in render["responses"]["200"]["content"]
    assert "503" in render["responses"]


# --- CSRF --------------------------------------------------------------------------------------


def test_csrf_refusal_on_pdf_and_print(csrf_client: FlaskClient, daklak: dict) -> None:
    for action in ("pdf", "print"):
        response = post_form(csrf_client, daklak, action)
        assert response.status_code == 400
        html = html_of(response)
        assert "Phiên làm việc đã hết hạn" in html
        assert value_of(html, "ky_hieu") == "UBND-KGVX"
        assert not page_images(html)
    token = csrf_token(html)
    response = post_form(csrf_client, daklak, "pdf", csrf_token=token)
    assert response.status_code == 200 and response.mimetype == PDF

    fields = MultiDict(form_fields(daklak))
    response = csrf_client.post("/print", data=fields)
    assert response.status_code == 400
    assert "data-print-status" in html_of(response) and "Phiên làm việc" in html_of(response)
    response = csrf_client.post("/print", data=fields, headers={"X-CSRFToken": token})
    assert response.status_code == 200 and len(page_images(html_of(response))) == 2


# --- When LibreOffice cannot convert -------------------------------------------------------------


def test_pdf_when_libreoffice_is_missing(
    dead_app: Flask, daklak: dict, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    client = sign_in(dead_app.test_client(), world.soan_a, world)
    response = post_form(client, daklak, "pdf")
    assert response.status_code == 503
    assert response.mimetype == "text/html"
    html = html_of(response)
    notice = re.search(r'<div id="notice" class="notice notice-error"[^>]*>(.*?)</div>', html, re.S)
    assert notice, "no error notice"
    text = htmllib.unescape(notice.group(1))
    assert text.startswith("Máy chủ chưa tạo được bản PDF: Không chạy được LibreOffice")
    assert "Nội dung đang soạn vẫn được giữ nguyên" in text
    assert has_autofocus(html, "notice")
    assert value_of(html, "ky_hieu") == "UBND-KGVX"  # nothing lost
    assert value_of(html, "noi_dung-1-deadline") == "2019-12-10"

    response = post_form(client, daklak, "print")
    assert response.status_code == 503
    html = html_of(response)
    assert "print-error" in html and "Máy chủ chưa tạo được bản PDF" in html
    assert value_of(html, "ky_hieu") == "UBND-KGVX"

    response = client.post("/print", data=MultiDict(form_fields(daklak)))
    assert response.status_code == 503
    assert "Máy chủ chưa tạo được bản PDF" in html_of(response)

    response = client.post("/api/v1/render?format=pdf", json=daklak)
    assert response.status_code == 503
    assert response.json["ok"] is False
    assert response.json["message"].startswith("Không chạy được LibreOffice")
    assert response.headers["Retry-After"] == "30"
    # Issue 17, item 11: no server path and no English for the user; the log has both.
    for shown in (response.json["message"], text, html):
        assert "/nonexistent" not in shown and "No such file" not in shown
    assert "/nonexistent/drafter/soffice" in caplog.text and "No such file" in caplog.text
    # The .docx does not need LibreOffice and still works.
    assert post_form(client, daklak, "docx").data[:2] == b"PK"


def test_pdf_when_libreoffice_overruns_its_timeout(
    daklak: dict, make_app: AppFactory, world: World
) -> None:
    # A real soffice, ended by the converter's timeout long before it can finish.
    config = PdfConfig(pool_size=1, unoserver=None, timeout=0.001)
    with PdfConverter(config) as conv:
        app = make_app(PDF_CONVERTER=conv)
        client = sign_in(app.test_client(), world.soan_a, world)
        started = time.monotonic()
        response = post_form(client, daklak, "pdf")
        assert time.monotonic() - started < 10
    assert response.status_code == 503
    html = htmllib.unescape(html_of(response))
    assert "Máy chủ chưa tạo được bản PDF: Chuyển sang PDF quá thời gian cho phép" in html
    assert value_of(html_of(response), "ky_hieu") == "UBND-KGVX"


# --- Start-up and shut-down ------------------------------------------------------------------------


def test_the_app_starts_without_libreoffice(database_url: str, world: World) -> None:
    """Building the app and serving the form start no converter (the pool is lazy)."""
    code = (
        "import sys, time\n"
        "import drafter.pdf as pdf\n"
        "from drafter.web import create_app\n"
        "app = create_app({'TESTING': True, 'DATABASE_URL': sys.argv[1]})\n"
        "client = app.test_client()\n"
        "with client.session_transaction() as session:\n"
        "    session.update(uid=int(sys.argv[2]), aid=int(sys.argv[3]), sv=1, t=int(time.time()))\n"
        "assert client.get('/').status_code == 200\n"
        "assert client.post('/api/v1/render', json={}).status_code == 422\n"
        "print(pdf._default is None)\n"
    )
    args = [database_url, str(world.soan_a), str(world.a)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("DRAFTER_")}
    env["DRAFTER_SOFFICE"] = "/nonexistent/soffice"  # would fail loudly if anything tried
    result = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def _processes() -> Iterator[tuple[int, str, int, int]]:
    """(pid, state, parent, process group) of every process."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state, ppid, pgrp = stat[stat.rindex(")") + 2 :].split()[:3]
        yield int(entry.name), state, int(ppid), int(pgrp)


def _listener_groups(server: int) -> set[int]:
    """The process groups of a server's LibreOffice listeners (unoserver leads each; the
    server's other child, the listeners' watchdog, is left out)."""
    found = set()
    for pid, _state, ppid, pgrp in _processes():
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if ppid == server and b"unoserver" in cmdline:
            found.add(pgrp)
    return found


def _alive_in_groups(groups: set[int]) -> list[int]:
    return [pid for pid, state, _pp, pgrp in _processes() if pgrp in groups and state != "Z"]


def _wait_until_up(proc: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(proc.stderr.read().decode() if proc.stderr else "") from None
            time.sleep(0.1)


def test_serve_stops_libreoffice_on_sigterm(tmp_path: Path, daklak: dict) -> None:
    """`drafter serve` under SIGTERM (systemd, docker stop) leaves no LibreOffice behind."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DRAFTER_")}
    env["DRAFTER_INSTANCE_PATH"] = str(tmp_path / "instance")
    env["DRAFTER_PDF_POOL_SIZE"] = "1"
    proc = subprocess.Popen(
        [sys.executable, "-m", "drafter.cli", "serve", "--port", str(port), "--threads", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_until_up(proc, port)
        # Up at once, and no LibreOffice yet: the pool starts on the first PDF.
        assert not [pid for pid, _s, ppid, _g in _processes() if ppid == proc.pid]
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/render?format=pdf",
            data=json.dumps(daklak).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=120) as answer:
            assert answer.read().startswith(b"%PDF")
        # The listener (unoserver and its soffice) runs in a process group of its own.
        groups = {pgrp for _p, _s, ppid, pgrp in _processes() if ppid == proc.pid}
        assert groups and _alive_in_groups(groups), "the PDF request started no listener"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0, proc.stderr.read().decode() if proc.stderr else ""
        deadline = time.monotonic() + 10
        while _alive_in_groups(groups) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive_in_groups(groups), "LibreOffice outlived the server"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


def test_print_view_of_a_long_letter_says_what_it_leaves_out(
    client: FlaskClient, daklak: dict, make_app: AppFactory
) -> None:
    pdf = client.post("/api/v1/render?format=pdf", json=daklak).data
    view = print_view(pdf, max_pages=1)
    assert len(view.pages) == 1 and view.page_count == 2 and view.hidden_pages == 1
    assert view.findings == [] and view.errors == 0
    with make_app().test_request_context():
        html = render_template("_print.html", printed={"view": view})
    assert "Chỉ hiển thị 1 trang đầu; bấm “Tải PDF” để xem đủ 2 trang." in html


def test_a_hung_libreoffice_does_not_block_the_app(tmp_path: Path, daklak: dict) -> None:
    """Issue 17, item 7: with the listener stopped (SIGSTOP) and ten PDF requests at once,
    /healthz took 63.6 s: every server thread waited for LibreOffice. Now at most the
    pool's and the queue's share of threads wait; the rest are refused at once (503), and
    /healthz and a .docx stay fast throughout."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DRAFTER_")}
    env.update(
        DRAFTER_INSTANCE_PATH=str(tmp_path / "instance"),
        DRAFTER_PDF_POOL_SIZE="1",
        DRAFTER_PDF_QUEUE_SIZE="1",
        DRAFTER_PDF_TIMEOUT="8",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "drafter.cli", "serve", "--port", str(port), "--threads", "4"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    body = json.dumps(daklak).encode()

    def post(path: str) -> tuple[int, float]:
        request = urllib.request.Request(
            base + path, data=body, headers={"Content-Type": "application/json"}
        )
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=120) as answer:
                answer.read()
                status = answer.status
        except urllib.error.HTTPError as err:
            status = err.code
        return status, time.monotonic() - started

    try:
        _wait_until_up(proc, port)
        assert post("/api/v1/render?format=pdf")[0] == 200  # the listener is up and warm
        groups = _listener_groups(proc.pid)
        assert groups
        for group in groups:
            os.killpg(group, signal.SIGSTOP)
        results: list[tuple[int, float]] = []
        threads = [
            threading.Thread(target=lambda: results.append(post("/api/v1/render?format=pdf")))
            for _ in range(10)
        ]
        for thread in threads:
            thread.start()
        time.sleep(1.5)
        started = time.monotonic()
        with urllib.request.urlopen(base + "/healthz", timeout=30) as answer:
            assert answer.status == 200
        health = time.monotonic() - started
        docx_status, docx_time = post("/api/v1/render")
        for thread in threads:
            thread.join(120)
        assert health < 1, f"/healthz took {health:.1f} s"
        assert docx_status == 200 and docx_time < 2, (docx_status, docx_time)
        refused = [t for status, t in results if status == 503]
        assert len(refused) >= 8 and sorted(refused)[7] < 2, results
        assert not _alive_in_groups(groups), "the hung listener was not killed"
        assert post("/api/v1/render?format=pdf")[0] == 200  # a fresh listener converts
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_libreoffice_dies_with_a_killed_server(tmp_path: Path, daklak: dict) -> None:
    """Issue 17, item 10: `kill -9` of `drafter serve` left its unoserver and soffice.bin
    running (re-parented to PID 1) and its `drafter-pdf-<pid>` folder behind. Now they go
    with it, and a folder left by an earlier server that died is removed at the next start."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    dead = int(Path("/proc/sys/kernel/pid_max").read_text()) + 1  # no process has it
    stale = temp / f"drafter-pdf-{dead}-x1y2"
    (stale / "profile-0").mkdir(parents=True)
    stale_cold = temp / f"drafter-pdf-cold-{dead}-z3"
    stale_cold.mkdir()
    alive = temp / f"drafter-pdf-{os.getpid()}-mine"  # a live process's: left alone
    alive.mkdir()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DRAFTER_")}
    env.update(
        DRAFTER_INSTANCE_PATH=str(tmp_path / "instance"),
        DRAFTER_PDF_POOL_SIZE="1",
        TMPDIR=str(temp),
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "drafter.cli", "serve", "--port", str(port), "--threads", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    groups: set[int] = set()
    try:
        _wait_until_up(proc, port)
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/render?format=pdf",
            data=json.dumps(daklak).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=120) as answer:
            assert answer.read().startswith(b"%PDF")
        # The listener's group and the watchdog's (first: the finally kills them, whatever
        # fails below).
        groups = {
            pgrp for _p, _s, ppid, pgrp in _processes() if ppid == proc.pid and pgrp != proc.pid
        }
        assert not stale.exists() and not stale_cold.exists() and alive.exists()
        (workdir,) = temp.glob(f"drafter-pdf-{proc.pid}-*")
        office = _alive_in_groups(groups)
        assert office, "the PDF request started no listener"
        proc.kill()  # SIGKILL: no finally, no atexit
        proc.wait(timeout=10)
        deadline = time.monotonic() + 15
        while (_alive_in_groups(groups) or workdir.exists()) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive_in_groups(groups), "LibreOffice outlived the killed server"
        assert not workdir.exists(), "the killed server's work folder is still there"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        for group in groups:  # whatever happened, leave no LibreOffice behind
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(group, signal.SIGKILL)


# Issue 17, item 1: what a print preview costs a worker. A fresh process (its high-water
# mark is its own) runs the app on real LibreOffice and prints, after each request, the
# status, the time and its peak resident size.
MEASURE = """
import json, resource, sys, time
from werkzeug.datastructures import MultiDict
from drafter.web import create_app
from tests.web.formdata import form_fields
from tests.web.test_print_limits import long_letter

url, uid, aid, letters = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "DATABASE_URL": url})
client = app.test_client()
with client.session_transaction() as session:
    session.update(uid=uid, aid=aid, sv=1, t=int(time.time()))

def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

for name, letter in json.loads(open(letters, encoding="utf-8").read()):
    started = time.monotonic()
    response = client.post("/print", data=MultiDict(form_fields(letter)))
    seconds = time.monotonic() - started
    html = response.get_data(as_text=True)
    print(json.dumps({"name": name, "status": response.status_code, "seconds": seconds,
                      "peak_mb": peak_mb(), "checked": "print-findings" in html
                      and "chỉ chạy với văn bản đến" not in html}), flush=True)
"""


def test_a_print_preview_costs_a_worker_bounded_memory_and_time(
    database_url: str, world: World, daklak: dict, tmp_path: Path
) -> None:
    from tests.web.test_print_limits import long_letter

    letters = [
        ("warm-up", daklak),  # LibreOffice starts, pdfplumber and PDFium load
        ("attack", long_letter(500, 2000)),  # hundreds of pages: refused before LibreOffice
        ("longest printed", long_letter(60, 3400)),  # ~70 pages: printed, not page-checked
        ("checked", long_letter(11, 3600)),  # ~14 pages: printed and page-checked
        ("checked 2", long_letter(11, 3600)),  # the same again, and again: the peak levels
        ("checked 3", long_letter(11, 3600)),
        ("attack 2", long_letter(500, 2000)),
    ]
    source = tmp_path / "letters.json"
    source.write_text(json.dumps(letters), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DRAFTER_")}
    env["DRAFTER_PDF_POOL_SIZE"] = "1"
    args = [database_url, str(world.soan_a), str(world.a), str(source)]
    with (tmp_path / "out").open("w") as out_file, (tmp_path / "err").open("w") as err_file:
        proc = subprocess.Popen(
            [sys.executable, "-c", MEASURE, *args],
            env=env,
            cwd=Path(__file__).resolve().parents[2],
            stdout=out_file,
            stderr=err_file,
        )
        deadline = time.monotonic() + 240
        try:  # watched from here: the old code took gigabytes and minutes
            while proc.poll() is None and time.monotonic() < deadline:
                status = Path(f"/proc/{proc.pid}/status").read_text().splitlines()
                rss = int(next(line.split()[1] for line in status if line.startswith("VmRSS")))
                assert rss < 1_000_000, f"the worker reached {rss // 1024} MB"
                time.sleep(0.2)
        except (FileNotFoundError, StopIteration):
            pass  # it ended between two looks
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=30)
    out = (tmp_path / "out").read_text()
    err = (tmp_path / "err").read_text()
    assert proc.returncode == 0, err[-2000:]
    steps = {row["name"]: row for row in map(json.loads, out.splitlines())}
    print(json.dumps(steps, indent=1))  # the figures, for docs/performance.md
    base = steps["warm-up"]["peak_mb"]
    assert steps["attack"]["status"] == 413 and steps["attack"]["seconds"] < 5
    assert steps["attack"]["peak_mb"] - base < 30
    longest = steps["longest printed"]
    assert longest["status"] == 200 and not longest["checked"] and longest["seconds"] < 30
    for name in ("checked", "checked 2", "checked 3"):
        checked = steps[name]
        assert checked["status"] == 200 and checked["checked"] and checked["seconds"] < 30
    assert steps["attack 2"]["status"] == 413
    assert max(step["peak_mb"] for step in steps.values()) - base < 150
    assert steps["checked 3"]["peak_mb"] - steps["checked 2"]["peak_mb"] < 20
