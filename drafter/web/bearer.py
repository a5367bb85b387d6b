"""API tokens on the wire: `Authorization: Bearer <token>` on /api/v1 acts as its user.

Not a blueprint: the login rule (drafter.web.auth) asks `authenticate()` before it looks
at the session cookie, and the app's CSRF protection (`TokenAwareCSRF`) skips requests so
authenticated. A token is not a cookie: a browser never sends it by itself to another
site, so a request that carries one cannot be forged cross-site, and scripts and other
systems need no CSRF token. A request with a bad, revoked or deactivated user's token is
refused with 401 (the one JSON error shape), never served as anonymous or by its cookie.
"""

from __future__ import annotations

from flask import g, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFProtect

from drafter.store import NotFound, get_agency, user_for_token
from drafter.store.tokens import needs_touch, touch_token
from drafter.web.db import tx
from drafter.web.jsonio import json_error

SCHEME = "bearer"


def presented() -> str | None:
    """The token of an `Authorization: Bearer …` header on an API request, else None
    ("" when the header is there but says nothing usable)."""
    if not request.path.startswith("/api/"):
        return None
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, token = header.strip().partition(" ")
    return token.strip() if scheme.lower() == SCHEME else ""


def authenticate(token: str) -> ResponseReturnValue | None:
    """Sign the request in as the token's user (g.user, g.agency, g.bearer), or 401."""
    found = None
    if token:
        with tx(readonly=True) as s:
            found = user_for_token(s, token)
            if found is not None:
                try:
                    agency = get_agency(s, found[0].agency_id)
                except NotFound:
                    found = None
            stale = found is not None and needs_touch(s, found[1])
    if found is None:
        return json_error(
            401,
            "Mã API (Authorization: Bearer …) không hợp lệ, đã bị thu hồi hoặc tài khoản đã "
            "bị khóa.",
        )
    if stale:
        with tx() as s:
            touch_token(s, found[1])
    g.user, g.agency, g.bearer = found[0], agency, True
    return None


class TokenAwareCSRF(CSRFProtect):
    """CSRFProtect that lets requests signed in by an API token through."""

    def _is_exempt(self) -> bool:  # type: ignore[override]
        return bool(g.get("bearer")) or bool(super()._is_exempt())


__all__ = ["TokenAwareCSRF", "authenticate", "presented"]
