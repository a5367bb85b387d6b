"""HTTP API v1: validate and render letters sent as JSON (docs/api.md).

JSON in, and the Content-Type must say so: a browser cannot send `application/json`
across origins without a preflight this app never grants, which is why these endpoints
need no CSRF token. Problems are the model's, path and Vietnamese message.

Anonymous by design, so rate-limited per client (`rate_limit`): API_RATE_LIMIT requests
per API_RATE_WINDOW seconds, counted in the database (drafter.store.ratelimit) so that
every instance applies one limit; over it, 429 with Retry-After. A client that proves
who it is with a token (`token_client`, which API tokens will fill in) is not limited.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import math
from importlib import resources

from flask import Blueprint, Response, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from drafter.filenames import default_filename, vietnamese_filename
from drafter.model import Letter, LetterError
from drafter.pdf import PdfError
from drafter.store.ratelimit import RatePolicy, count_request
from drafter.tasks_export import FORMATS
from drafter.viethoa import review_letter
from drafter.web.db import tx
from drafter.web.jsonio import ApiError, json_error, read_json
from drafter.web.letter_page import DOCX_TYPE, download, download_tasks, pdf_status
from drafter.web.pdfview import PDF_TYPE, letter_pdf
from drafter.web.rendering import render_letter

bp = Blueprint("api", __name__, url_prefix="/api/v1")
INVALID_LETTER = "Văn bản có lỗi; xem danh sách lỗi (problems)."
LIMITED = frozenset({"api.validate", "api.render", "api.tasks"})


def token_client() -> str | None:
    """THE HOOK for API tokens: who the request authenticates as, or None (anonymous).

    Tokens arrive with their own issue; until then every request is anonymous. A request
    with a valid token returns its client here and is spared the anonymous limit (its
    own quota, if any, belongs to the token)."""
    return None


def client_key() -> str:
    """Whom a request is counted against: its address (the user's behind a trusted proxy,
    TRUSTED_PROXIES), an IPv6 address by its /64 (one host's share: rotating within it
    does not reset the count)."""
    address = request.remote_addr or ""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:  # ::ffff:203.0.113.1 is that IPv4 client
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


@bp.before_request
def rate_limit() -> ResponseReturnValue | None:
    """Before the anonymous endpoints read anything: count the request, 429 over the limit."""
    limit = int(current_app.config.get("API_RATE_LIMIT") or 0)
    if request.endpoint not in LIMITED or limit <= 0 or token_client() is not None:
        return None
    window = int(current_app.config.get("API_RATE_WINDOW") or 60)
    policy = RatePolicy(limit=limit, window=dt.timedelta(seconds=window))
    with tx() as s:
        until = count_request(s, client_key(), policy=policy)
    if until is None:
        return None
    wait = max(1, math.ceil((until - dt.datetime.now(dt.UTC)).total_seconds()))
    return json_error(
        429,
        f"Quá nhiều yêu cầu từ máy này: API không cần đăng nhập nhận tối đa {limit} yêu cầu "
        f"mỗi {window} giây từ một địa chỉ. Hãy thử lại sau {wait} giây.",
        retry_after=wait,
    )


def _letter() -> Letter:
    try:
        return Letter.from_dict(read_json())
    except LetterError as err:
        raise ApiError(422, INVALID_LETTER, problems=err.problems) from None


@bp.post("/validate")
def validate() -> ResponseReturnValue:
    """The problems (422) or `ok`, and in both answers the viết hoa lưu ý as `warnings`
    (Phụ lục II, V1–V9): advice, which never changes the status."""
    data = read_json()
    warnings = [f.to_dict() for f in review_letter(data)] if isinstance(data, dict) else []
    try:
        Letter.from_dict(data)
    except LetterError as err:
        raise ApiError(422, INVALID_LETTER, problems=err.problems, warnings=warnings) from None
    return jsonify(ok=True, warnings=warnings)


@bp.post("/render")
def render() -> ResponseReturnValue:
    """The letter as .docx, or as PDF with `?format=pdf` (one URL: same input, same checks);
    from a signed-in session, printed with the agency's own template if it has one."""
    fmt = request.args.get("format", "docx")
    if fmt not in ("docx", "pdf"):
        raise ApiError(400, f"Định dạng “{fmt}” không được hỗ trợ (docx hoặc pdf).")
    letter = _letter()
    if fmt == "pdf":
        try:
            data, mimetype = letter_pdf(letter), PDF_TYPE
        except PdfError as err:
            raise ApiError(pdf_status(err), str(err)) from err
    else:
        data, mimetype = render_letter(letter), DOCX_TYPE
    return download(
        data, mimetype, vietnamese_filename(letter, f".{fmt}"), default_filename(letter, f".{fmt}")
    )


@bp.post("/tasks")
def tasks() -> ResponseReturnValue:
    fmt = request.args.get("format", "csv")
    if fmt not in FORMATS:
        raise ApiError(400, f"Định dạng “{fmt}” không được hỗ trợ (csv hoặc ics).")
    return download_tasks(_letter(), fmt)


@bp.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    text = (
        resources.files("drafter.web")
        .joinpath("static", "openapi.json")
        .read_text(encoding="utf-8")
    )
    response = Response(text, mimetype="application/json")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


__all__ = ["bp"]
