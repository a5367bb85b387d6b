"""Response headers that keep a drafted letter in this origin and out of caches.

The policy has no 'unsafe-inline': every script and style is a file under static/ (or
the generated layout stylesheet), so injected markup could not run even if escaping
ever failed. Letters may be confidential (độ mật), so nothing dynamic is cached.
"""

from __future__ import annotations

from flask import Flask, Response, request

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


_LOWER = [(name.lower(), name, value) for name, value in HEADERS.items()]


def add_security_headers(response: Response) -> Response:
    """Add each header the view did not set itself (one pass over the response's headers:
    this runs on every request, and Headers.setdefault scans them once per name)."""
    present = {name.lower() for name, _ in response.headers}
    for lower, name, value in _LOWER:
        if lower not in present:
            response.headers.add(name, value)
    if request.endpoint != "static" and "cache-control" not in present:
        response.headers.add("Cache-Control", "no-store")
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
