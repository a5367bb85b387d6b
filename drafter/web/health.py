"""`/healthz` and `/readyz`: for a load balancer or a monitoring probe.

`/healthz` says the process can render (the template compiles); `/readyz` also says it
can serve users: the database answers and its schema is the one this code expects
(migrations at head). A load balancer should route by `/readyz`.
"""

from __future__ import annotations

import logging

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import text

from drafter import __version__
from drafter.store import current_revision, head_revision
from drafter.web.db import store

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    from drafter.render import compiled

    try:
        compiled()
    except Exception:  # a broken install must show as unhealthy, not as a 500 page
        return jsonify(status="error", detail="template"), 503
    return jsonify(status="ok", version=__version__)


@bp.get("/readyz")
def readyz() -> ResponseReturnValue:
    engine = store().engine
    head = head_revision()
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        current = current_revision(engine)
    except Exception as err:  # whatever the driver raises: not ready, and say why in the log
        log.warning("readyz: database unreachable: %s", err)
        return jsonify(
            status="error", detail="database", message="Không kết nối được cơ sở dữ liệu."
        ), 503
    if current != head:
        return (
            jsonify(
                status="error",
                detail="migrations",
                message="Lược đồ cơ sở dữ liệu chưa ở phiên bản mới nhất: chạy `drafter db upgrade`.",
                revision=current,
                head=head,
            ),
            503,
        )
    return jsonify(status="ok", version=__version__, database=engine.dialect.name, revision=current)
