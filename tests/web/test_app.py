"""The app shell: configuration, security headers, error pages, static assets, health."""

from __future__ import annotations

import ast
import os
import re
import stat
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from drafter.layout import DEFAULT
from drafter.web import create_app
from drafter.web.config import ConfigError, ensure_secret_file, read_secret_file
from tests.web.conftest import AppFactory, World, sign_in

PACKAGE = Path(__file__).resolve().parents[2] / "drafter"


# --- Configuration ---------------------------------------------------------------------


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "instance"
    folder.mkdir()
    monkeypatch.setenv("DRAFTER_INSTANCE_PATH", str(folder))
    for key in list(os.environ):
        if key.startswith("DRAFTER_") and key != "DRAFTER_INSTANCE_PATH":
            monkeypatch.delenv(key)
    return folder


def test_secret_key_is_required_outside_tests(instance: Path) -> None:
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()


def test_testing_app_runs_without_a_configured_key(instance: Path) -> None:
    assert create_app({"TESTING": True}).config["SECRET_KEY"]


def test_config_order_defaults_instance_env_then_argument(
    instance: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (instance / "secret_key").write_text("from-file\n")
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-file"
    assert app.config["MAX_CONTENT_LENGTH"] == 2 * 1024 * 1024  # the default

    (instance / "config.py").write_text("SECRET_KEY = 'from-config'\nMAX_CONTENT_LENGTH = 1000\n")
    app = create_app()
    assert (app.config["SECRET_KEY"], app.config["MAX_CONTENT_LENGTH"]) == ("from-config", 1000)

    monkeypatch.setenv("DRAFTER_SECRET_KEY", "1234")
    monkeypatch.setenv("DRAFTER_MAX_CONTENT_LENGTH", "5000")
    app = create_app()
    assert app.config["SECRET_KEY"] == "1234"  # a number-like key stays a string
    assert app.config["MAX_CONTENT_LENGTH"] == 5000

    app = create_app({"MAX_CONTENT_LENGTH": 7})
    assert app.config["MAX_CONTENT_LENGTH"] == 7


def test_secret_file_is_created_once_private(tmp_path: Path) -> None:
    path = ensure_secret_file(tmp_path / "inst")
    first = read_secret_file(tmp_path / "inst")
    assert first and len(first) >= 40
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    ensure_secret_file(tmp_path / "inst")
    assert read_secret_file(tmp_path / "inst") == first


# --- Headers and markup ------------------------------------------------------------------


def test_security_headers(client: FlaskClient) -> None:
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"


def test_headers_on_errors_and_api_too(client: FlaskClient) -> None:
    for response in (client.get("/nowhere"), client.post("/api/v1/validate", json={})):
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_views_own_headers_win_and_none_is_doubled(client: FlaskClient) -> None:
    from drafter.web.security import HEADERS

    response = client.get("/api/v1/openapi.json")
    assert response.headers["Cache-Control"] == "public, max-age=3600"  # set by the view
    for name in (*HEADERS, "Cache-Control"):
        assert len(response.headers.getlist(name)) == 1, name


def test_no_session_cookie_means_an_empty_session_and_none_set(csrf_app: Flask) -> None:
    """CookieSessions skips the signing work for requests without our cookie; what the
    app sees must not change: anonymous, no cookie set, a signed-out redirect."""
    anon_client = csrf_app.test_client()
    anon_client.set_cookie("unrelated", "1")
    response = anon_client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert "Set-Cookie" not in response.headers
    login = anon_client.get("/login")  # the form's CSRF token does need a session cookie
    assert "drafter_session=" in login.headers.get("Set-Cookie", "")


def test_page_has_no_inline_script_or_style(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag, tag
    assert not re.search(r"<script\b[^>]*>\s*[^<\s]", html), "inline script body"
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
    assert "http://" not in html and "https://" not in html, "no external assets"


def test_static_assets_ship_in_the_package(client: FlaskClient) -> None:
    for name in ("app.js", "app.css", "preview.css", "favicon.svg", "openapi.json"):
        response = client.get(f"/static/{name}")
        assert response.status_code == 200, name
        response.close()
    css = client.get("/static/app.css").get_data(as_text=True)
    assert "@import" not in css and "url(http" not in css


def test_layout_css_comes_from_the_layout_profile(client: FlaskClient) -> None:
    response = client.get("/layout.css")
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    css = response.get_data(as_text=True)
    assert f"--margin-left: {DEFAULT.margin_left.mm:.2f}mm;" in css
    assert f"--body-size: {DEFAULT.body_size.pt:g}pt;" in css
    assert f"--left-column: {DEFAULT.left_column.mm:.2f}mm;" in css
    assert ".stamp-thuong-khan" in css


def test_preview_css_types_no_layout_number() -> None:
    css = (PACKAGE / "web" / "static" / "preview.css").read_text(encoding="utf-8")
    body = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert not re.search(r"\b\d+(\.\d+)?mm\b", body), "mm sizes belong in drafter.layout"
    sizes = {float(v) for v in re.findall(r"font-size:\s*(\d+(?:\.\d+)?)pt", body)}
    assert not sizes, "font sizes belong in drafter.layout"


# --- Error pages ----------------------------------------------------------------------------


def test_404_page_is_vietnamese_html(client: FlaskClient) -> None:
    response = client.get("/khong-co")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "Không tìm thấy trang" in html and 'lang="vi"' in html


def test_405(client: FlaskClient) -> None:
    response = client.get("/preview")
    assert response.status_code == 405
    assert "Phương thức" in response.get_data(as_text=True)


def test_api_errors_are_json(client: FlaskClient) -> None:
    response = client.get("/api/v1/khong-co")
    assert response.status_code == 404
    assert response.json == {
        "ok": False,
        "error": "Không tìm thấy",
        "message": "Địa chỉ này không có trên hệ thống soạn công văn.",
    }


@pytest.mark.parametrize("code", [400, 403, 404, 413, 422, 500])
def test_every_error_page_renders_in_vietnamese(
    code: int, make_app: AppFactory, world: World
) -> None:
    app = make_app(SECRET_KEY="t", PROPAGATE_EXCEPTIONS=False)
    from flask import abort

    @app.get("/boom")
    def boom() -> str:
        if code == 500:
            raise RuntimeError("secret internals /etc/passwd")
        abort(code)

    response = sign_in(app.test_client(), world.soan_a, world).get("/boom")
    assert response.status_code == code
    html = response.get_data(as_text=True)
    assert f"lỗi {code}" in html
    assert "Traceback" not in html and "secret internals" not in html and "RuntimeError" not in html


def test_500_never_shows_a_trace(app: Flask, client: FlaskClient) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom() -> str:
        raise ValueError("do not show me")

    response = client.get("/boom")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Lỗi máy chủ" in html and "do not show me" not in html and "Traceback" not in html


def test_oversize_form_body_is_413(app: Flask, client: FlaskClient) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post("/", data={"trich_yeu": "x" * 5000})
    assert response.status_code == 413
    assert "Dữ liệu quá lớn" in response.get_data(as_text=True)


def test_healthz(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok"


# --- House rule: the domain does not import Flask ---------------------------------------------


def test_domain_code_never_imports_flask() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] in ("web", "store"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] in ("flask", "flask_wtf", "wtforms", "werkzeug") for n in names):
                offenders.append(str(rel))
    assert not offenders
