"""The web app: the công văn form with a live preview, downloads and an HTTP API.

`create_app()` is the one way to build it (tests, `drafter serve`, any WSGI server).
Every blueprint is a thin shell: the form becomes a letter dict, `Letter.from_dict`
validates it, and the domain modules render it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from drafter.web import security
from drafter.web.config import configure, instance_path_from_env

csrf = CSRFProtect()


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: config (defaults → instance folder → DRAFTER_* → `config`), blueprints."""
    app = Flask(__name__, instance_relative_config=True, instance_path=instance_path_from_env())
    configure(app, config)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    csrf.init_app(app)
    security.init_app(app)

    from drafter.web import api, errors, health, letters

    app.register_blueprint(letters.bp)
    app.register_blueprint(api.bp)
    csrf.exempt(api.bp)  # JSON only (Content-Type enforced), no cookies used
    app.register_blueprint(health.bp)
    errors.init_app(app)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    return app


__all__ = ["create_app"]
