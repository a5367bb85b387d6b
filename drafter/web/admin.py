"""`/admin/users`: an agency's quản trị manages its users (list, create, change role,
deactivate or reactivate, reset a password).

The store decides: another agency's user id is NotFound (404) whoever asks, a user who
is not quản trị is Forbidden (403). A quản trị refused by a rule (the last active quản
trị cannot be demoted or deactivated) gets the list back with the reason.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from drafter.store import (
    ROLE_LABELS,
    ROLES,
    Conflict,
    Forbidden,
    Invalid,
    create_user,
    get_user,
    list_users,
    set_password,
    update_user,
)
from drafter.web.auth import current_user, ids
from drafter.web.db import tx

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _page(
    *,
    form: dict[str, str] | None = None,
    problems: dict[str, list[str]] | None = None,
    status: int = 200,
) -> Any:
    agency_id, user_id = ids()
    with tx(readonly=True) as s:
        users = list_users(s, agency_id, user_id)
    return (
        render_template(
            "admin_users.html",
            users=users,
            roles=[(r, ROLE_LABELS[r]) for r in ROLES],
            form=form or {"username": "", "full_name": "", "role": "soan_thao"},
            problems=problems or {},
        ),
        status,
    )


@bp.get("/users")
def users() -> ResponseReturnValue:
    return _page()


@bp.post("/users")
def user_create() -> ResponseReturnValue:
    agency_id, user_id = ids()
    form = {k: request.form.get(k, "") for k in ("username", "full_name", "role")}
    try:
        with tx() as s:
            user = create_user(
                s,
                agency_id,
                user_id,
                username=form["username"],
                password=request.form.get("password", ""),
                role=form["role"],
                full_name=form["full_name"],
            )
    except Invalid as err:
        problems: dict[str, list[str]] = {}
        for p in err.problems:
            problems.setdefault(p.path, []).append(p.message)
        return _page(form=form, problems=problems, status=422)
    except Conflict as err:
        return _page(form=form, problems={"username": [err.message]}, status=409)
    flash(
        f"Đã tạo tài khoản “{user.username}” ({ROLE_LABELS[user.role]}). "
        "Hãy báo mật khẩu cho người dùng qua kênh riêng.",
        "ok",
    )
    return redirect(url_for("admin.users"), 303)


def _refused(err: Forbidden) -> ResponseReturnValue:
    """A rule refused a quản trị's change: back to the list with why. Anyone else: 403."""
    if current_user().role != "quan_tri":
        raise err
    flash(err.message, "error")
    return redirect(url_for("admin.users"), 303)


@bp.post("/users/<int:user_id>/role")
def user_role(user_id: int) -> ResponseReturnValue:
    agency_id, actor_id = ids()
    try:
        with tx() as s:
            user = update_user(s, agency_id, actor_id, user_id, role=request.form.get("role", ""))
    except Forbidden as err:
        return _refused(err)
    except Invalid as err:
        flash(str(err.problems[0].message), "error")
        return redirect(url_for("admin.users"), 303)
    flash(f"“{user.username}” giờ có vai trò {ROLE_LABELS[user.role]}.", "ok")
    return redirect(url_for("admin.users"), 303)


@bp.post("/users/<int:user_id>/active")
def user_active(user_id: int) -> ResponseReturnValue:
    agency_id, actor_id = ids()
    active = request.form.get("active") == "1"
    try:
        with tx() as s:
            user = update_user(s, agency_id, actor_id, user_id, active=active)
    except Forbidden as err:
        return _refused(err)
    if user.active:
        flash(f"Đã mở lại tài khoản “{user.username}”.", "ok")
    else:
        flash(
            f"Đã khóa tài khoản “{user.username}”: mọi phiên đăng nhập của tài khoản này "
            "đã kết thúc; bản nháp và mẫu của họ vẫn được giữ.",
            "ok",
        )
    return redirect(url_for("admin.users"), 303)


@bp.post("/users/<int:user_id>/password")
def user_password(user_id: int) -> ResponseReturnValue:
    """A new password for a user (their open sessions end). One's own: /account/password."""
    agency_id, actor_id = ids()
    if user_id == actor_id:
        return redirect(url_for("auth.change_password"), 303)
    try:
        with tx() as s:
            set_password(s, agency_id, actor_id, user_id, request.form.get("password", ""))
            user = get_user(s, agency_id, user_id)
    except Forbidden as err:
        return _refused(err)
    except Invalid as err:
        flash(err.problems[0].message, "error")
        return redirect(url_for("admin.users"), 303)
    flash(
        f"Đã đặt mật khẩu mới cho “{user.username}”; các phiên đăng nhập cũ của họ đã kết thúc.",
        "ok",
    )
    return redirect(url_for("admin.users"), 303)


__all__ = ["bp"]
