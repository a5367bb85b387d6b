"""The web app: the công văn form with a live preview, downloads and an HTTP API, for the
signed-in users of an agency, with their drafts, mẫu and the agency's presets.

`create_app()` is the one way to build it (tests, `drafter serve`, any WSGI server).
Every blueprint is a thin shell: the form becomes a letter dict, `Letter.from_dict`
validates it, the domain modules render it, and `drafter.store` keeps what is saved.
The app holds no state between requests beyond its database engine: sessions are signed
cookies, so any instance with the same SECRET_KEY and database serves any request.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from drafter.web import security, sessions
from drafter.web.bearer import TokenAwareCSRF
from drafter.web.config import configure, instance_path_from_env

csrf = TokenAwareCSRF()  # requests signed in by an API token need no CSRF token


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: config (defaults → instance folder → DRAFTER_* → `config`), the
    store, the login rule, blueprints."""
    app = Flask(__name__, instance_relative_config=True, instance_path=instance_path_from_env())
    configure(app, config)
    sessions.init_app(app)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]

    from drafter.viethoa import prepare
    from drafter.web import (
        admin,
        agency_templates,
        api,
        audit,
        auth,
        db,
        drafts,
        errors,
        health,
        letters,
        mau,
        presets,
        register,
        review,
        review_api,
        tokens,
        uploads,
    )

    prepare()  # the viết hoa word lists and patterns, once per process, not in a preview
    db.init_app(app)
    uploads.init_app(app)  # first: a .docx upload route's larger limit for this request
    app.before_request(errors.refuse_oversized_body)  # then one 413 for every URL

    auth.init_app(app)  # before CSRF: an anonymous POST goes to /login, whatever its token
    csrf.init_app(app)
    security.init_app(app)

    app.register_blueprint(letters.bp)
    app.register_blueprint(api.bp)
    csrf.exempt(api.bp)  # JSON only (Content-Type enforced), anonymous, nothing stored
    app.register_blueprint(drafts.bp)
    app.register_blueprint(drafts.api_bp)  # session + X-CSRFToken: it writes
    app.register_blueprint(mau.bp)
    app.register_blueprint(presets.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(review.bp)  # trình, duyệt, phát hành (docs/workflow.md)
    app.register_blueprint(review_api.bp)  # the same for API clients (session or token)
    app.register_blueprint(register.bp)  # Sổ đăng ký văn bản đi, numbering
    app.register_blueprint(audit.bp)
    app.register_blueprint(tokens.bp)
    app.register_blueprint(agency_templates.bp)
    app.register_blueprint(health.bp)
    errors.init_app(app)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    return app


__all__ = ["create_app"]
