"""Signing in and out, and the rule that every page but a few needs a signed-in user.

The session is Flask's signed cookie, nothing on the server: the user's id, their
agency's id and their session version. Any instance with the same SECRET_KEY reads it.
Each request loads the user again (one small query): a deactivated account, or a
session opened before a password change (the version moved), is signed out at once.

Failed logins are counted in the database (`drafter.store.logins`), so the limit holds
across instances and restarts: too many for one username, or from one address, and
the form answers 429 with a Vietnamese message until the lockout ends.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

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
    clear_login_failures,
    get_agency,
    get_user,
    login_locked_until,
    record_login_failure,
    set_password,
)
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
SESSION_KEYS = ("uid", "aid", "sv")
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
    session.update(uid=user.id, aid=user.agency_id, sv=user.session_version)


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
    """Only a path of this site: never `//evil.example` or `https://…` (open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("letters.index")


def load_user() -> ResponseReturnValue | None:
    """Before every request: who is signed in; send anonymous requests to /login."""
    g.user = None
    g.agency = None
    if request.endpoint in PUBLIC and request.endpoint not in ("auth.login", *OPTIONAL_USER):
        return None  # assets, probes and the stateless API never need the user
    uid, aid, sv = (session.get(k) for k in SESSION_KEYS)
    if all(isinstance(v, int) and not isinstance(v, bool) for v in (uid, aid, sv)):
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
    with tx(readonly=True) as s:
        until = login_locked_until(s, username, ip, policy=policy)
    if until is not None:
        return _locked(form, until)
    with tx() as s:
        user = authenticate(s, username, password)
        if user is None:
            record_login_failure(s, username, ip)
        else:
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
    session.clear()
    flash("Đã đăng xuất.", "ok")
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
