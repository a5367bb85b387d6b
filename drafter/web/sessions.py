"""The session cookie: Flask's signed cookie, opened only when the request carries one.

Flask builds the signing serializer (key derivation included) on every request, cookie or
not. Most requests under load are API calls and assets with no cookie; for them the
session is simply empty, which is what Flask would have produced, only without the work.
"""

from __future__ import annotations

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface


class CookieSessions(SecureCookieSessionInterface):
    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and (
            "HTTP_COOKIE" not in request.environ
            or not request.cookies.get(self.get_cookie_name(app))
        ):
            return self.session_class()
        return super().open_session(app, request)


def init_app(app: Flask) -> None:
    app.session_interface = CookieSessions()


__all__ = ["CookieSessions", "init_app"]
