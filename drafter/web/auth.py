"""Signing in and out, and the rule that every page but a few needs a signed-in user.

The session is Flask's signed cookie, nothing on the server: the user's id, their
agency's id, their session version and when they signed in. Any instance with the same
SECRET_KEY reads it. Each request loads the user again (one small query): a deactivated
account, a session opened before a password change or a logout (the version moved), or
one older than SESSION_ABSOLUTE_LIFETIME is signed out at once. A session idle for longer
than SESSION_IDLE_LIFETIME is one whose signature Flask no longer accepts.

Failed logins are counted in the database (`drafter.store.logins`), so the limit holds
across instances and restarts: too many for one username, or from one address, and
the form answers 429 with a Vietnamese message until the lockout ends. Each attempt is
counted before its password is checked, so a burst of simultaneous attempts cannot get
more passwords checked than the limit.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from werkzeug.middleware.proxy_fix import ProxyFix
from wtforms import HiddenField, PasswordField, StringField

from drafter.store import (
    ROLE_LABELS,
    AgencyRecord,
    Invalid,
    LoginPolicy,
    NotFound,
    UserRecord,
    authenticate,
    begin_login_attempt,
    clear_login_failures,
    end_sessions,
    get_agency,
    get_user,
    set_password,
)
from drafter.web import bearer
from drafter.web.db import VN_TZ, tx
from drafter.web.jsonio import json_error

bp = Blueprint("auth", __name__)

# Reachable without signing in: the login form, probes, assets, and the stateless API
# (pure functions of the request body: nothing stored, nothing read).
PUBLIC = frozenset(
    {
        "auth.login",
        "health.healthz",
        "health.readyz",
        "static",
        "api.render",
        "api.validate",
        "api.tasks",
        "api.openapi",
    }
)
SESSION_KEYS = ("uid", "aid", "sv", "t")  # user, agency, session version, signed in at
# Public, but a signed-in session is read when there is one: rendering prints with the
# agency's own template (drafter.web.rendering). Anonymous requests are served as before.
OPTIONAL_USER = frozenset({"api.render"})


class LoginForm(FlaskForm):
    username = StringField(
        "Tên đăng nhập",
        render_kw={
            "autocomplete": "username",
            "autocapitalize": "none",
            "spellcheck": "false",
            "aria-required": "true",
        },
    )
    password = PasswordField(
        "Mật khẩu", render_kw={"autocomplete": "current-password", "aria-required": "true"}
    )
    next = HiddenField()


class PasswordForm(FlaskForm):
    current_password = PasswordField(
        "Mật khẩu hiện tại", render_kw={"autocomplete": "current-password"}
    )
    new_password = PasswordField(
        "Mật khẩu mới",
        description="Ít nhất 8 ký tự.",
        render_kw={"autocomplete": "new-password"},
    )


def current_user() -> UserRecord:
    """The signed-in user (pages behind the login rule only)."""
    user: UserRecord | None = g.get("user")
    assert user is not None, "login_required let an anonymous request through"
    return user


def current_agency() -> AgencyRecord:
    agency: AgencyRecord = g.agency
    return agency


def ids() -> tuple[int, int]:
    """(agency id, user id): the two arguments every repository call starts with."""
    user = current_user()
    return user.agency_id, user.id


def sign_in(user: UserRecord) -> None:
    """A fresh session for `user`: whatever the anonymous session held is dropped, so a
    session id planted before login (fixation) is worth nothing after it."""
    session.clear()
    session.permanent = True
    session.update(uid=user.id, aid=user.agency_id, sv=user.session_version, t=int(time.time()))


def _policy() -> LoginPolicy:
    config = current_app.config
    return LoginPolicy(
        max_failures=int(config["LOGIN_MAX_FAILURES"]),
        max_failures_per_ip=int(config["LOGIN_MAX_FAILURES_PER_IP"]),
        window=dt.timedelta(seconds=int(config["LOGIN_WINDOW"])),
        lockout=dt.timedelta(seconds=int(config["LOGIN_LOCKOUT"])),
    )


def _client_ip() -> str:
    return request.remote_addr or ""


def _safe_next(target: str | None) -> str:
    """Only a path of this site, as the browser will read it; else the letter form.

    A browser drops tabs and newlines anywhere in a URL and reads `\\` as `/`, so
    `/<TAB>/evil.example` or `/\\evil.example` is `//evil.example`: another host (open
    redirect). Anything with a control character, a backslash, a scheme or a host, or
    not starting with exactly one `/`, is refused rather than repaired.
    """
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target)
    ):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("letters.index")


CLOCK_SKEW = 300  # seconds instances' clocks may differ by (a login time from the future)


def _within_lifetime(started: int) -> bool:
    """Signed in less than SESSION_ABSOLUTE_LIFETIME ago, however busy since."""
    age = time.time() - started
    return -CLOCK_SKEW <= age < int(current_app.config["SESSION_ABSOLUTE_LIFETIME"])


def load_user() -> ResponseReturnValue | None:
    """Before every request: who is signed in; send anonymous requests to /login.

    An API request with `Authorization: Bearer <token>` is signed in by its token
    (drafter.web.bearer), never by the cookie."""
    g.user = None
    g.agency = None
    if request.endpoint in PUBLIC and request.endpoint not in ("auth.login", *OPTIONAL_USER):
        return None  # assets, probes and the stateless API never need the user
    token = bearer.presented()
    if token is not None:
        return bearer.authenticate(token)
    uid, aid, sv, started = (session.get(k) for k in SESSION_KEYS)
    if all(isinstance(v, int) and not isinstance(v, bool) for v in (uid, aid, sv, started)) and (
        _within_lifetime(started)
    ):
        with tx(readonly=True) as s:
            try:
                user = get_user(s, aid, uid)
                agency = get_agency(s, aid)
            except NotFound:
                user = None
        if user is not None and user.active and user.session_version == sv:
            g.user, g.agency = user, agency
    if g.user is None and any(k in session for k in SESSION_KEYS):
        for key in SESSION_KEYS:  # stale: deactivated, password changed, user gone
            session.pop(key, None)
    if g.user is not None or request.endpoint is None or request.endpoint in PUBLIC:
        return None  # (no endpoint: the 404 or 405 page, same for everybody)
    if request.path.startswith("/api/"):
        return json_error(
            401, "Cần đăng nhập để dùng chức năng này (bản nháp được lưu theo tài khoản)."
        )
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    if target == url_for("letters.index"):
        target = None
    return redirect(url_for("auth.login", next=target), 302 if request.method == "GET" else 303)


def _login_page(form: LoginForm, *, error: str | None = None, status: int = 200) -> Any:
    return render_template("login.html", form=form, error=error), status


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    form = LoginForm()
    if request.method == "GET":
        if g.user is not None:
            return redirect(_safe_next(request.args.get("next")))
        form.next.data = request.args.get("next", "")
        return _login_page(form)
    # CSRF was checked before this view (CSRFProtect); the form has nothing else to check.
    username = form.username.data or ""
    password = form.password.data or ""
    ip = _client_ip()
    policy = _policy()
    if not username.strip() or not password:
        return _login_page(form, error="Hãy nhập tên đăng nhập và mật khẩu.", status=400)
    with tx() as s:  # counted before the password is checked: a burst cannot overrun it
        until = begin_login_attempt(s, username, ip, policy=policy)
    if until is not None:
        return _locked(form, until)
    with tx() as s:
        user = authenticate(s, username, password)
        if user is not None:
            clear_login_failures(s, username)
    if user is None:
        return _login_page(
            form,
            error="Tên đăng nhập hoặc mật khẩu không đúng (hoặc tài khoản đã bị khóa).",
            status=401,
        )
    sign_in(user)
    return redirect(_safe_next(form.next.data), 303)


def _locked(form: LoginForm, until: dt.datetime) -> ResponseReturnValue:
    seconds = max(1, math.ceil((until - dt.datetime.now(dt.UTC)).total_seconds()))
    minutes = math.ceil(seconds / 60)
    message = (
        "Đăng nhập sai quá nhiều lần. Để bảo vệ tài khoản, hệ thống tạm ngừng nhận đăng nhập "
        f"cho tên này hoặc từ máy này trong {minutes} phút nữa (đến "
        f"{until.astimezone(VN_TZ):%H:%M}). Nếu quên mật khẩu, hãy nhờ quản trị đặt lại."
    )
    html, status = _login_page(form, error=message, status=429)
    return html, status, {"Retry-After": str(seconds)}


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    """Sign out everywhere: the session version moves, so this cookie, any copy of it and
    the user's other sessions are worthless on every instance, not just here."""
    agency_id, user_id = ids()
    with tx() as s:
        end_sessions(s, agency_id, user_id)
    session.clear()
    flash("Đã đăng xuất (trên mọi trình duyệt đang dùng tài khoản này).", "ok")
    return redirect(url_for("auth.login"), 303)


@bp.route("/account/password", methods=["GET", "POST"])
def change_password() -> ResponseReturnValue:
    """One's own password (the current one is asked: a borrowed session cannot change it)."""
    form = PasswordForm()
    problems: dict[str, list[str]] = {}
    if request.method == "POST":
        agency_id, user_id = ids()
        try:
            with tx() as s:
                set_password(
                    s,
                    agency_id,
                    user_id,
                    user_id,
                    form.new_password.data or "",
                    current_password=form.current_password.data or "",
                )
                me = get_user(s, agency_id, user_id)
        except Invalid as err:
            for p in err.problems:
                problems.setdefault(p.path, []).append(p.message)
        else:
            sign_in(me)  # this session goes on; every other one has ended
            flash("Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.", "ok")
            return redirect(url_for("letters.index"), 303)
    status = 422 if problems else 200
    return render_template("password.html", form=form, problems=problems), status


def template_globals() -> dict[str, Any]:
    return {
        "current_user": g.get("user"),
        "current_agency": g.get("agency"),
        "role_labels": ROLE_LABELS,
    }


def init_app(app: Flask) -> None:
    """Register the login rule. Call before CSRFProtect.init_app: an anonymous POST is
    sent to the login form, not refused for its token."""
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    app.before_request(load_user)
    app.context_processor(template_globals)
    app.register_blueprint(bp)


__all__ = ["PUBLIC", "bp", "current_agency", "current_user", "ids", "init_app", "sign_in"]
