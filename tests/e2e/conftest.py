"""A real browser (Debian's Chromium, driven by Playwright) against the app under waitress.

The app runs in a background thread on a free 127.0.0.1 port, with CSRF on, exactly as
`drafter serve` runs it, on a SQLite database seeded like the web tests' (two agencies,
users of each role, presets, mẫu): each page signs in through the login form first.
Playwright never downloads a browser here: `executable_path` points at /usr/bin/chromium,
which `make test` installs with apt-get; without it the tests fail saying so
(tests/conftest.py), unless DRAFTER_TEST_ALLOW_MISSING=1.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.web.conftest import CHEAP_HASHER, PASSWORD, World, seed

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.slow


# A second signer of agency A (the seeded one is the Đắk Lắk letter's own): choosing it
# in the form must change every signer line.
OTHER_SIGNER = {
    "tham_quyen": ["TM. ỦY BAN NHÂN DÂN"],
    "chuc_vu": "CHỦ TỊCH",
    "ho_ten": "Phạm Ngọc Nghị",
}


@dataclass(frozen=True)
class Site:
    url: str
    store: Any  # drafter.store.Store: the tests look at what the pages stored
    world: World
    other_signer: int


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    from waitress.server import create_server

    from drafter.store import Store, accounts, create_signer, migrate
    from drafter.web import create_app

    hasher, accounts.HASHER = accounts.HASHER, CHEAP_HASHER
    path = tmp_path_factory.mktemp("e2e-db") / "drafter.sqlite3"
    store = Store.from_url(f"sqlite:///{path}")
    migrate.upgrade(store.engine)
    world = seed(store)
    with store.transaction() as s:
        other = create_signer(s, world.a, world.van_thu_a, **OTHER_SIGNER).id
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "e2e-secret", "DATABASE_URL": f"sqlite:///{path}"}
    )
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, name="waitress-e2e", daemon=True)
    thread.start()
    yield Site(f"http://127.0.0.1:{server.effective_port}", store, world, other)
    server.close()
    app.extensions["drafter.store"].dispose()
    store.dispose()
    accounts.HASHER = hasher


@pytest.fixture(scope="session")
def base_url(site: Site) -> str:
    return site.url


def log_in(page: Any, base_url: str, username: str = "soan.a", password: str = PASSWORD) -> None:
    """Through the login form, as a person does; ends on the page the login leads to."""
    page.goto(base_url + "/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#btn-login")
    page.wait_for_selector("#btn-logout")


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS, headless=True)
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
    log_in(page, base_url)
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
    log_in(page, base_url)
    page.goto(base_url + "/")
    yield page
    context.close()
