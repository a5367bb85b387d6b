"""HTTP API v1: validate and render letters sent as JSON (docs/api.md).

JSON in, and the Content-Type must say so: a browser cannot send `application/json`
across origins without a preflight this app never grants, which is why these endpoints
need no CSRF token. Problems are the model's, path and Vietnamese message.
"""

from __future__ import annotations

from importlib import resources

from flask import Blueprint, Response, jsonify, request
from flask.typing import ResponseReturnValue

from drafter.filenames import default_filename, vietnamese_filename
from drafter.model import Letter, LetterError
from drafter.pdf import PdfError
from drafter.render import render_docx
from drafter.tasks_export import FORMATS
from drafter.web.jsonio import ApiError, read_json
from drafter.web.letter_page import DOCX_TYPE, download, download_tasks
from drafter.web.pdfview import PDF_TYPE, letter_pdf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
INVALID_LETTER = "Văn bản có lỗi; xem danh sách lỗi (problems)."


def _letter() -> Letter:
    try:
        return Letter.from_dict(read_json())
    except LetterError as err:
        raise ApiError(422, INVALID_LETTER, problems=err.problems) from None


@bp.post("/validate")
def validate() -> ResponseReturnValue:
    _letter()
    return jsonify(ok=True)


@bp.post("/render")
def render() -> ResponseReturnValue:
    """The letter as .docx, or as PDF with `?format=pdf` (one URL: same input, same checks)."""
    fmt = request.args.get("format", "docx")
    if fmt not in ("docx", "pdf"):
        raise ApiError(400, f"Định dạng “{fmt}” không được hỗ trợ (docx hoặc pdf).")
    letter = _letter()
    if fmt == "pdf":
        try:
            data, mimetype = letter_pdf(letter), PDF_TYPE
        except PdfError as err:
            raise ApiError(503, str(err)) from err
    else:
        data, mimetype = render_docx(letter), DOCX_TYPE
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
