"""HTTP API v1: validate and render letters sent as JSON (docs/api.md).

JSON in, and the Content-Type must say so: a browser cannot send `application/json`
across origins without a preflight this app never grants, which is why these endpoints
need no CSRF token. Problems are the model's, path and Vietnamese message.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from flask import Blueprint, Response, jsonify, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import UnsupportedMediaType

from drafter.filenames import content_disposition, default_filename, vietnamese_filename
from drafter.model import Letter, LetterError
from drafter.pdf import PdfError
from drafter.render import render_docx
from drafter.tasks_export import FORMATS, MEDIA_TYPES, export_tasks
from drafter.web.pdfview import PDF_TYPE, letter_pdf

bp = Blueprint("api", __name__, url_prefix="/api/v1")

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@bp.errorhandler(ApiError)
def api_error(err: ApiError) -> ResponseReturnValue:
    response = jsonify(ok=False, error=err.message)
    response.status_code = err.status
    if err.status == 503:  # LibreOffice busy or restarting: worth retrying soon
        response.headers["Retry-After"] = "30"
    return response


def read_json() -> Any:
    """The request's JSON body (415 unless declared JSON, 400 with where when malformed)."""
    if not request.is_json:
        raise UnsupportedMediaType()
    try:
        return json.loads(request.get_data(cache=False).decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        where = (
            f" (dòng {err.lineno}, cột {err.colno})"
            if isinstance(err, json.JSONDecodeError)
            else ""
        )
        raise ApiError(400, f"Nội dung gửi lên không phải JSON UTF-8 hợp lệ{where}.") from err


def _letter() -> Letter | Response:
    try:
        return Letter.from_dict(read_json())
    except LetterError as err:
        response = jsonify(ok=False, problems=[p.to_dict() for p in err.problems])
        response.status_code = 422
        return response


@bp.post("/validate")
def validate() -> ResponseReturnValue:
    letter = _letter()
    if isinstance(letter, Response):
        return letter
    return jsonify(ok=True)


@bp.post("/render")
def render() -> ResponseReturnValue:
    """The letter as .docx, or as PDF with `?format=pdf` (one URL: same input, same checks)."""
    fmt = request.args.get("format", "docx")
    if fmt not in ("docx", "pdf"):
        raise ApiError(400, f"Định dạng “{fmt}” không được hỗ trợ (docx hoặc pdf).")
    letter = _letter()
    if isinstance(letter, Response):
        return letter
    if fmt == "pdf":
        try:
            data, mimetype = letter_pdf(letter), PDF_TYPE
        except PdfError as err:
            raise ApiError(503, str(err)) from err
    else:
        data, mimetype = render_docx(letter), DOCX_TYPE
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = content_disposition(
        vietnamese_filename(letter, f".{fmt}"), default_filename(letter, f".{fmt}")
    )
    return response


@bp.post("/tasks")
def tasks() -> ResponseReturnValue:
    fmt = request.args.get("format", "csv")
    if fmt not in FORMATS:
        raise ApiError(400, f"Định dạng “{fmt}” không được hỗ trợ (csv hoặc ics).")
    letter = _letter()
    if isinstance(letter, Response):
        return letter
    response = Response(export_tasks(letter, fmt), mimetype=MEDIA_TYPES[fmt])
    response.headers["Content-Disposition"] = content_disposition(
        vietnamese_filename(letter, f" - nhiệm vụ.{fmt}"),
        default_filename(letter, f".nhiem-vu.{fmt}"),
    )
    return response


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


__all__ = ["ApiError", "api_error", "bp", "read_json"]
