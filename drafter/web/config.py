"""Configuration: defaults, then the instance folder, then `DRAFTER_*` environment variables.

The one secret is SECRET_KEY (it signs the session cookie that carries the CSRF token). It
must be configured outside tests; `drafter serve` creates a random one in the instance
folder on first start (mode 0600) so that `make run` needs no manual step, and later
starts reuse it so open forms stay valid across restarts.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from drafter.store.db import private_folder

SECRET_FILE = "secret_key"
INSTANCE_CONFIG = "config.py"

DEFAULTS: dict[str, Any] = {
    "SECRET_KEY": None,
    # The biggest legitimate request is a long letter's JSON (500 blocks of 20 000 chars
    # would be 10 MB; real letters are a few kB): 2 MiB leaves room without inviting abuse.
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    "MAX_FORM_MEMORY_SIZE": 2 * 1024 * 1024,
    # The requests that carry a .docx (“Mở tệp .docx”, “Tạo mẫu từ tệp .docx”, an agency
    # template) may be this big (a letter or a template with a logo is well under 1 MB);
    # the file goes to a temporary file, never whole into memory, and is read through the
    # safe package reader (drafter.docx.package). Anything bigger: 413 in Vietnamese.
    "DOCX_UPLOAD_MAX": 10 * 1000 * 1000,
    # An agency template's acceptance prints every example through LibreOffice for the
    # page checks too (docs/templates.md); False: the .docx checks only.
    "TEMPLATE_PAGE_CHECKS": True,
    "MAX_FORM_PARTS": 5000,
    # A token for the life of the session: a drafter who types for two hours must still
    # be able to download (the session cookie itself is signed and SameSite=Lax).
    "WTF_CSRF_TIME_LIMIT": None,
    # The Referer check cannot work with Referrer-Policy: no-referrer; the token and the
    # SameSite=Lax session cookie are the protection.
    "WTF_CSRF_SSL_STRICT": False,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    "SESSION_COOKIE_NAME": "drafter_session",
    # Run the layout checker on the preview when drafter.check is available.
    "PREVIEW_CHECK": True,
    # A drafter.pdf.PdfConverter for this app (tests, embedding); None: the process-wide
    # pool, configured by the DRAFTER_PDF_* variables and started on the first PDF.
    "PDF_CONVERTER": None,
    "JSON_AS_ASCII": False,
    # The database: None means DATABASE_URL from the environment, else SQLite in the
    # instance folder (drafter.store.database_url). Tests and embeddings set it here.
    "DATABASE_URL": None,
    # A signed-in session ends after SESSION_IDLE_LIFETIME seconds without a request (the
    # cookie's signature carries its time and is renewed at each request: it becomes
    # PERMANENT_SESSION_LIFETIME), and SESSION_ABSOLUTE_LIFETIME seconds after the login
    # however busy it is (the login time is in the cookie), so a copied cookie kept busy
    # still ends. Four hours covers a lunch break or a long meeting with the form open;
    # twelve, a working day. Logging out, a password change or a deactivation end it at
    # once, on every instance (the session version, compared at each request).
    "SESSION_IDLE_LIFETIME": 4 * 3600,
    "SESSION_ABSOLUTE_LIFETIME": 12 * 3600,
    # Failed logins (counted in the database, for every instance): this many for one
    # username, or from one address, within LOGIN_WINDOW seconds lock further attempts
    # for LOGIN_LOCKOUT seconds. An agency's office is often one address behind NAT,
    # hence the higher per-address limit.
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_MAX_FAILURES_PER_IP": 20,
    "LOGIN_WINDOW": 15 * 60,
    "LOGIN_LOCKOUT": 15 * 60,
    # The anonymous API (/api/v1/validate, /render, /tasks) takes at most API_RATE_LIMIT
    # requests per API_RATE_WINDOW seconds from one client (an address; an IPv6 /64),
    # counted in the database for every instance; then 429 with Retry-After. 0 turns it
    # off (e.g. when the proxy limits instead: docs/deploy.md). Two a second on average
    # is far above what a person or an office's system sends, far below a flood.
    "API_RATE_LIMIT": 120,
    "API_RATE_WINDOW": 60,
    # Behind a reverse proxy (deploy/nginx.conf), how many proxies' X-Forwarded-For and
    # X-Forwarded-Proto to trust: 1 there, so the rate limit sees the user's address
    # rather than the proxy's. 0 (direct) trusts none: a client could forge them.
    "TRUSTED_PROXIES": 0,
}


class ConfigError(RuntimeError):
    """The app cannot start with this configuration (message says what to do)."""


def instance_path_from_env() -> str | None:
    """`DRAFTER_INSTANCE_PATH`, if set: where config.py and the secret key live."""
    value = os.environ.get("DRAFTER_INSTANCE_PATH")
    return str(Path(value).resolve()) if value else None


def read_secret_file(instance_path: str | Path) -> str | None:
    path = Path(instance_path) / SECRET_FILE
    try:
        value = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return value or None


def ensure_secret_file(instance_path: str | Path) -> Path:
    """Create `instance/secret_key` (random, 0600) unless it exists; return its path.
    The instance folder is made private (0700) on the way."""
    folder = private_folder(instance_path)
    path = folder / SECRET_FILE
    if read_secret_file(folder):
        return path
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_urlsafe(48) + "\n")
    os.chmod(path, 0o600)
    return path


def configure(app: Flask, overrides: Mapping[str, Any] | None) -> None:
    """Fill app.config in order: defaults, instance folder, environment, `overrides`."""
    app.config.from_mapping(DEFAULTS)
    testing = bool(overrides and overrides.get("TESTING"))
    if not testing:
        secret = read_secret_file(app.instance_path)
        if secret:
            app.config["SECRET_KEY"] = secret
        app.config.from_pyfile(INSTANCE_CONFIG, silent=True)
        app.config.from_prefixed_env("DRAFTER")
    if overrides:
        app.config.from_mapping(overrides)
    app.config["PERMANENT_SESSION_LIFETIME"] = dt.timedelta(
        seconds=int(app.config["SESSION_IDLE_LIFETIME"])
    )
    key = app.config.get("SECRET_KEY")
    if key is not None and not isinstance(key, str | bytes):
        app.config["SECRET_KEY"] = str(key)  # DRAFTER_SECRET_KEY=1234 parses as a number
    if not app.config.get("SECRET_KEY"):
        if app.config.get("TESTING"):
            app.config["SECRET_KEY"] = "testing-only-secret"
        else:
            raise ConfigError(
                "Chưa cấu hình SECRET_KEY: đặt biến môi trường DRAFTER_SECRET_KEY, "
                f"hoặc ghi khóa vào {Path(app.instance_path) / SECRET_FILE}, "
                "hoặc chạy `drafter serve` (tự tạo khóa lần đầu)."
            )
