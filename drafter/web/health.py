"""`/healthz`: for a load balancer or a monitoring probe; proves the template loads."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from drafter import __version__

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    from drafter.render import compiled

    try:
        compiled()
    except Exception:  # a broken install must show as unhealthy, not as a 500 page
        return jsonify(status="error", detail="template"), 503
    return jsonify(status="ok", version=__version__)
