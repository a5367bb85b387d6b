"""Signing in and out: the login form, safe redirects, sessions that end when they must,
failed logins rate-limited in the database (shared by every instance), /readyz."""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from drafter.store import accounts, record_login_failure
from drafter.web.config import DEFAULTS
from tests.web.conftest import PASSWORD, AppFactory, World, csrf_token, sign_in


def log_in(client: FlaskClient, username: str, password: str = PASSWORD, **extra: str):  # type: ignore[no-untyped-def]
    page = client.get("/login").get_data(as_text=True)
    data = {"username": username, "password": password, **extra}
    if 'name="csrf_token"' in page:
        data["csrf_token"] = csrf_token(page)
    return client.post("/login", data=data)


def test_pages_send_the_anonymous_to_the_login_form(anon_client: FlaskClient) -> None:
    response = anon_client.get("/mau?q=giay")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/mau?q%3Dgiay"
    page = anon_client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'name="password"' in page and 'value="/mau?q=giay"' in page
    assert 'lang="vi"' in page and "Đăng nhập" in page


def test_login_leads_where_the_user_was_going(csrf_app: Flask) -> None:
    client = csrf_app.test_client()
    response = log_in(client, "soan.a", next="/drafts")
    assert response.status_code == 303 and response.headers["Location"] == "/drafts"
    assert client.get("/drafts").status_code == 200
    html = client.get("/").get_data(as_text=True)
    assert "soan.a" in html and "Soạn thảo" in html and "UBND tỉnh Đắk Lắk" in html
    assert re.search(r'<meta name="csrf-token" content="[^"]+">', html)


OFF_SITE = [
    "//evil.example/x",
    "https://evil.example/",
    "/\\evil",
    # issue 17, item 2: what a browser makes of these is //evil.example
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "\t//evil.example",
    " //evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "\\/evil.example",
    "///evil.example",
    "http:evil.example",
    "https:/evil.example",
    "javascript:alert(1)",
    "\x00//evil.example",
    "/\x0b/evil.example",
    "/a\r\nSet-Cookie: x=1",  # issue 17, item 5: a newline in next was a 500
]


def where_a_browser_goes(location: str, here: str = "http://localhost/login") -> str:
    """The host a browser opens for a Location header: the WHATWG URL parser drops tabs
    and newlines and reads `\\` as `/` before resolving against the current page."""
    cleaned = "".join(ch for ch in location if ch not in "\t\n\r").strip("\x00 ")
    return urlsplit(urljoin(here, cleaned.replace("\\", "/"))).netloc


@pytest.mark.parametrize("target", OFF_SITE)
def test_login_never_redirects_off_site(csrf_app: Flask, target: str) -> None:
    response = log_in(csrf_app.test_client(), "soan.a", next=target)
    assert response.status_code == 303 and response.headers["Location"] == "/"


@pytest.mark.parametrize("target", OFF_SITE)
def test_a_signed_in_login_page_never_redirects_off_site(
    app: Flask, world: World, target: str
) -> None:
    client = sign_in(app.test_client(), world.soan_a, world)
    response = client.get("/login", query_string={"next": target})
    assert response.status_code == 302
    assert where_a_browser_goes(response.headers["Location"]) == "localhost"
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(
    "target",
    [
        "/drafts",
        "/mau?q=giay+moi&sort=name",
        "/drafts/1/versions",
        # encoded forms stay encoded: the browser opens these paths on this site
        "/%2F/evil.example",
        "/%09/evil.example",
        "/%5Cevil.example",
    ],
)
def test_a_path_of_this_site_is_kept(app: Flask, world: World, target: str) -> None:
    client = sign_in(app.test_client(), world.soan_a, world)
    response = client.get("/login", query_string={"next": target})
    assert response.status_code == 302 and response.headers["Location"] == target
    assert where_a_browser_goes(response.headers["Location"]) == "localhost"


def test_wrong_password_and_unknown_user_look_the_same(csrf_app: Flask) -> None:
    client = csrf_app.test_client()
    wrong = log_in(client, "soan.a", "khong-dung-mat-khau")
    unknown = log_in(client, "khong.co.ai", "khong-dung-mat-khau")
    assert wrong.status_code == unknown.status_code == 401
    for response in (wrong, unknown):
        html = response.get_data(as_text=True)
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in html
    assert client.get("/drafts").status_code == 302  # still nobody


def test_login_form_needs_its_csrf_token(csrf_app: Flask) -> None:
    response = csrf_app.test_client().post(
        "/login", data={"username": "soan.a", "password": PASSWORD}
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Trang đăng nhập đã cũ" in html and 'name="csrf_token"' in html


def test_logout_ends_the_session(csrf_app: Flask) -> None:
    client = csrf_app.test_client()
    log_in(client, "soan.a")
    token = csrf_token(client.get("/").get_data(as_text=True))
    assert client.get("/logout").status_code == 405  # a link elsewhere cannot log us out
    response = client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    assert "Đã đăng xuất" in client.get("/login").get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_logout_makes_every_copy_of_the_cookie_worthless(
    make_app: AppFactory, world: World
) -> None:
    """Issue 17, item 4: a cookie copied before logout (another browser, a thief, the
    same cookie on another instance) stopped working only in the browser that logged out."""
    first, second = make_app(SECRET_KEY="shared"), make_app(SECRET_KEY="shared")
    client = first.test_client()
    assert log_in(client, "soan.a").status_code == 303
    cookie = client.get_cookie("drafter_session")
    assert cookie is not None
    copy = second.test_client()  # another instance, same key and database
    copy.set_cookie("drafter_session", cookie.value)
    assert copy.get("/drafts").status_code == 200
    assert client.post("/logout").status_code == 303
    for replay in (copy, first.test_client()):
        replay.set_cookie("drafter_session", cookie.value)
        assert replay.get("/drafts").status_code == 302
        response = replay.post("/api/v1/drafts", json={"letter": {"format": 1}})
        assert response.status_code == 401 and response.json["error"] == "Chưa đăng nhập"
    assert log_in(client, "soan.a").status_code == 303  # logging in again works
    assert client.get("/drafts").status_code == 200


def test_a_session_ends_after_its_idle_lifetime(make_app: AppFactory) -> None:
    app = make_app(SESSION_IDLE_LIFETIME=1)
    client = app.test_client()
    assert log_in(client, "soan.a").status_code == 303
    assert client.get("/drafts").status_code == 200
    time.sleep(2.2)  # no request for longer than the idle lifetime
    assert client.get("/drafts").status_code == 302


def test_a_session_ends_after_its_absolute_lifetime_however_busy(
    make_app: AppFactory, world: World
) -> None:
    """A cookie re-signed at every request (a stolen one kept busy) still ends."""
    app = make_app(SESSION_ABSOLUTE_LIFETIME=3600)
    client = app.test_client()
    assert log_in(client, "soan.a").status_code == 303
    with client.session_transaction() as session:
        assert abs(session["t"] - time.time()) < 60  # when the user signed in
        session["t"] -= 3500
    assert client.get("/drafts").status_code == 200
    with client.session_transaction() as session:
        session["t"] -= 101  # signed in more than an hour ago, busy ever since
    assert client.get("/drafts").status_code == 302
    with client.session_transaction() as session:
        assert "uid" not in session
    old = sign_in(app.test_client(), world.soan_a, world)
    with old.session_transaction() as session:
        del session["t"]  # a cookie of an earlier drafter, without the time it began
    assert old.get("/drafts").status_code == 302


def test_session_lifetimes_default_to_a_working_day() -> None:
    assert DEFAULTS["SESSION_IDLE_LIFETIME"] == 4 * 3600
    assert DEFAULTS["SESSION_ABSOLUTE_LIFETIME"] == 12 * 3600


def test_session_lifetimes_come_from_the_environment(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(SESSION_IDLE_LIFETIME="900")
    assert app.permanent_session_lifetime == dt.timedelta(minutes=15)


def test_the_session_is_a_signed_cookie_with_no_server_state(
    make_app: AppFactory, world: World
) -> None:
    """Another app (another instance) with the same key and database reads the session;
    one with another key does not."""
    first = make_app(SECRET_KEY="shared")
    client = first.test_client()
    assert log_in(client, "vanthu.a").status_code == 303
    cookie = client.get_cookie("drafter_session")
    assert cookie is not None
    other = make_app(SECRET_KEY="shared").test_client()
    other.set_cookie("drafter_session", cookie.value)
    assert other.get("/presets").status_code == 200
    stranger = make_app(SECRET_KEY="another").test_client()
    stranger.set_cookie("drafter_session", cookie.value)
    assert stranger.get("/presets").status_code == 302


def test_a_password_reset_ends_the_users_other_sessions(app: Flask, world: World) -> None:
    victim = sign_in(app.test_client(), world.soan_a2, world)
    admin = sign_in(app.test_client(), world.admin_a, world)
    assert victim.get("/drafts").status_code == 200
    response = admin.post(
        f"/admin/users/{world.soan_a2}/password", data={"password": "mat-khau-moi-dai"}
    )
    assert response.status_code == 303
    assert victim.get("/drafts").status_code == 302  # the old session version
    assert admin.get("/drafts").status_code == 200
    assert log_in(app.test_client(), "soan.a2", "mat-khau-moi-dai").status_code == 303


def test_changing_ones_own_password_keeps_this_session(app: Flask, world: World) -> None:
    mine = sign_in(app.test_client(), world.soan_a, world)
    elsewhere = sign_in(app.test_client(), world.soan_a, world)
    response = mine.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "mat-khau-rat-moi"},
    )
    assert response.status_code == 303
    assert mine.get("/drafts").status_code == 200
    assert elsewhere.get("/drafts").status_code == 302
    response = mine.post(
        "/account/password", data={"current_password": "sai", "new_password": "mat-khau-3"}
    )
    assert response.status_code == 422
    assert "Mật khẩu hiện tại không đúng" in response.get_data(as_text=True)


def test_deactivation_signs_the_user_out(app: Flask, world: World) -> None:
    user = sign_in(app.test_client(), world.soan_a2, world)
    admin = sign_in(app.test_client(), world.admin_a, world)
    admin.post(f"/admin/users/{world.soan_a2}/active", data={"active": "0"})
    assert user.get("/").status_code == 302
    assert log_in(app.test_client(), "soan.a2").status_code == 401
    admin.post(f"/admin/users/{world.soan_a2}/active", data={"active": "1"})
    assert user.get("/").status_code == 302  # reactivation does not revive the old cookie
    assert log_in(app.test_client(), "soan.a2").status_code == 303


# --- Rate limiting ----------------------------------------------------------------------------


def test_five_failures_lock_the_username_for_a_while(app: Flask) -> None:
    client = app.test_client()
    for _ in range(5):
        assert log_in(client, "soan.a", "sai-mat-khau-roi").status_code == 401
    response = log_in(client, "soan.a")  # even the right password now
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert "Đăng nhập sai quá nhiều lần" in html and "phút nữa" in html
    assert 800 <= int(response.headers["Retry-After"]) <= 900
    assert client.get("/drafts").status_code == 302
    assert log_in(app.test_client(), "vanthu.a").status_code == 303  # others unaffected


def test_the_lock_ends_and_a_success_clears_the_count(app: Flask) -> None:
    store = app.extensions["drafter.store"]
    client = app.test_client()
    for _ in range(4):
        log_in(client, "soan.a", "sai-mat-khau-roi")
    assert log_in(client, "soan.a").status_code == 303  # the count is cleared
    for _ in range(4):
        log_in(app.test_client(), "soan.a", "sai-mat-khau-roi")
    assert log_in(app.test_client(), "soan.a").status_code == 303  # still 4 only
    for _ in range(5):
        log_in(app.test_client(), "soan.a", "sai-mat-khau-roi")
    assert log_in(app.test_client(), "soan.a").status_code == 429
    with store.engine.begin() as conn:  # a quarter of an hour passes
        conn.execute(text("UPDATE login_failures SET failed_at = :t"), {"t": "2000-01-01"})
    assert log_in(app.test_client(), "soan.a").status_code == 303


def test_an_address_guessing_many_usernames_is_locked(make_app: AppFactory) -> None:
    app = make_app(LOGIN_MAX_FAILURES_PER_IP=6)
    client = app.test_client()
    for i in range(6):
        assert log_in(client, f"doan.{i}", "sai-mat-khau-roi").status_code == 401
    assert log_in(client, "soan.a").status_code == 429
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.1.2.3"
    assert log_in(other, "soan.a").status_code == 303


def test_the_count_is_shared_by_every_instance(make_app: AppFactory) -> None:
    """Failures made on one instance lock the username on another (same database)."""
    a, b = make_app(), make_app()
    for i in range(5):
        log_in((a if i % 2 else b).test_client(), "vanthu.a", "sai-mat-khau-roi")
    assert log_in(a.test_client(), "vanthu.a").status_code == 429
    assert log_in(b.test_client(), "vanthu.a").status_code == 429


def test_behind_a_trusted_proxy_the_users_address_counts(make_app: AppFactory) -> None:
    app = make_app(TRUSTED_PROXIES=1)
    store = app.extensions["drafter.store"]
    with store.transaction() as s:
        for _ in range(20):
            record_login_failure(s, "x", "203.0.113.9", now=dt.datetime.now(dt.UTC))
    client = app.test_client()
    client.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.9"
    assert log_in(client, "soan.a").status_code == 429
    client.environ_base["HTTP_X_FORWARDED_FOR"] = "198.51.100.1"
    assert log_in(client, "soan.a").status_code == 303


# --- The key flow on both databases -----------------------------------------------------------


def test_login_on_both_databases(backend_app: Flask) -> None:
    client = backend_app.test_client()
    assert log_in(client, "soan.a", "sai-mat-khau-roi").status_code == 401
    assert log_in(client, "soan.a").status_code == 303
    assert client.get("/drafts").status_code == 200
    for _ in range(5):
        log_in(backend_app.test_client(), "admin.b", "sai-mat-khau-roi")
    assert log_in(backend_app.test_client(), "admin.b").status_code == 429


def test_a_burst_of_wrong_logins_checks_no_more_passwords_than_the_limit(
    backend_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17, item 8: 16 simultaneous wrong logins for one username had 12 passwords
    checked (limit 5): every attempt read the count before any failure was written. The
    attempt is now counted before its password is checked, in one serialised step."""
    checked = []
    hasher = accounts.HASHER

    def slow_verify(stored: str, password: str) -> bool:
        checked.append(password)
        time.sleep(0.05)  # Argon2 takes this long or more with real parameters
        return hasher.verify(stored, password)

    monkeypatch.setattr(accounts, "HASHER", SimpleNamespace(
        verify=slow_verify, hash=hasher.hash, check_needs_rehash=hasher.check_needs_rehash,
        time_cost=hasher.time_cost, memory_cost=hasher.memory_cost,
        parallelism=hasher.parallelism, hash_len=hasher.hash_len, salt_len=hasher.salt_len,
    ))  # fmt: skip
    clients = [backend_app.test_client() for _ in range(16)]
    tokens = [csrf_token(c.get("/login").get_data(as_text=True)) for c in clients]
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def attempt(i: int) -> None:
        barrier.wait()
        form = {"csrf_token": tokens[i], "username": "soan.a", "password": f"sai-mat-khau-{i}"}
        statuses.append(clients[i].post("/login", data=form).status_code)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [401] * 5 + [429] * 11
    assert len(checked) == 5


# --- Readiness -------------------------------------------------------------------------------


def test_readyz(anon_client: FlaskClient) -> None:
    response = anon_client.get("/readyz")
    assert response.status_code == 200
    assert response.json["status"] == "ok" and response.json["database"] == "sqlite"


def test_readyz_refuses_an_unmigrated_or_unreachable_database(
    make_app: AppFactory, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    empty = make_app(DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}").test_client()
    response = empty.get("/readyz")
    assert response.status_code == 503 and response.json["detail"] == "migrations"
    assert "drafter db upgrade" in response.json["message"]
    assert empty.get("/healthz").status_code == 200  # alive, just not ready

    gone = make_app(DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:9/none").test_client()
    response = gone.get("/readyz")
    assert response.status_code == 503 and response.json["detail"] == "database"
    assert "nobody" not in response.get_data(as_text=True)
