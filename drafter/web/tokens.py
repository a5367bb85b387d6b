"""`/account/tokens`: a user's personal API tokens (make one, see it once, revoke it).

A token lets a script or another system call /api/v1 as this user (`Authorization:
Bearer …`, drafter.web.bearer). It is shown once, in the page that answers its
creation, never again and never in a cookie or a flash message: only its hash is kept.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from drafter.store import Conflict, Invalid, create_token, list_tokens, revoke_token
from drafter.web.auth import ids
from drafter.web.db import tx

bp = Blueprint("tokens", __name__, url_prefix="/account/tokens")


def _page(
    *, token: str | None = None, error: str | None = None, name: str = "", status: int = 200
) -> ResponseReturnValue:
    agency_id, user_id = ids()
    with tx(readonly=True) as s:
        tokens = list_tokens(s, agency_id, user_id)
    html = render_template("tokens.html", tokens=tokens, token=token, error=error, name=name)
    return html, status


@bp.get("")
def index() -> ResponseReturnValue:
    return _page()


@bp.post("")
def create() -> ResponseReturnValue:
    name = request.form.get("name", "")
    agency_id, user_id = ids()
    try:
        with tx() as s:
            _, token = create_token(s, agency_id, user_id, name=name)
    except (Invalid, Conflict) as err:
        if isinstance(err, Invalid):
            return _page(error=" ".join(p.message for p in err.problems), name=name, status=422)
        return _page(error=err.message, name=name, status=409)
    return _page(token=token, status=201)


@bp.post("/<int:token_id>/revoke")
def revoke(token_id: int) -> ResponseReturnValue:
    agency_id, user_id = ids()
    with tx() as s:
        record = revoke_token(s, agency_id, user_id, token_id)
    flash(f"Đã thu hồi mã “{record.name}”: mã này không dùng được nữa.", "ok")
    return redirect(url_for("tokens.index"), 303)


__all__ = ["bp"]
