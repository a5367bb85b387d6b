"""`/audit`: the agency's audit log for its quản trị (who trình, trả lại, duyệt, phát
hành, exported the register, made or revoked an API token, changed the numbering; when)."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from drafter.store import ACTION_LABELS, list_audit
from drafter.store.audit import PAGE
from drafter.web.auth import ids
from drafter.web.db import tx

bp = Blueprint("audit", __name__, url_prefix="/audit")


@bp.get("")
def index() -> ResponseReturnValue:
    action = request.args.get("action", "")
    action = action if action in ACTION_LABELS else ""
    page = request.args.get("page", 1, type=int) or 1
    agency_id, user_id = ids()
    with tx(readonly=True) as s:
        entries, total = list_audit(s, agency_id, user_id, action=action or None, page=page)
    return render_template(
        "audit.html",
        entries=entries,
        total=total,
        page=max(1, page),
        pages=max(1, -(-total // PAGE)),
        action=action,
        actions=ACTION_LABELS,
    )


__all__ = ["bp"]
