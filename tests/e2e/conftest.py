"""A real browser (Debian's Chromium, driven by Playwright) against the app under waitress.

The app runs in a background thread on a free 127.0.0.1 port, with CSRF on, exactly as
`drafter serve` runs it. Playwright never downloads a browser here: `executable_path`
points at /usr/bin/chromium, which `make test` installs with apt-get.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    from waitress.server import create_server

    from drafter.web import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "e2e-secret"})
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, name="waitress-e2e", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, base_url: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        accept_downloads=True, viewport={"width": 1440, "height": 1000}, locale="vi-VN"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))

    def on_console(msg) -> None:  # type: ignore[no-untyped-def]
        # A form answered 422 or 400 on purpose is logged as a failed load; not a bug.
        expected = msg.text.startswith(
            "Failed to load resource: the server responded with a status of 4"
        )
        if msg.type == "error" and not expected:
            errors.append(msg.text)

    page.on("console", on_console)
    page.goto(base_url + "/")
    yield page
    context.close()
    assert not errors, f"errors in the browser console: {errors}"


@pytest.fixture
def nojs_page(browser, base_url: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        accept_downloads=True, java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(base_url + "/")
    yield page
    context.close()
