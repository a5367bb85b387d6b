"""HTTP API v1: validate and render letters sent as JSON (docs/api.md).

JSON in, and the Content-Type must say so: a browser cannot send `application/json`
across origins without a preflight this app never grants, which is why these endpoints
need no CSRF token. Problems are the model's, path and Vietnamese message.
"""

from __future__ import annotations

from importlib import resources

from flask import Blueprint, Response, jsonify, request
from flask.typing import ResponseReturnValue

from drafter.filenames import content_disposition, default_filename, vietnamese_filename
from drafter.model import Letter, LetterError
from drafter.pdf import PdfError
from drafter.tasks_export import FORMATS, MEDIA_TYPES, export_tasks
from drafter.viethoa import review_letter
from drafter.web.jsonio import ApiError, read_json
from drafter.web.letter_page import DOCX_TYPE
from drafter.web.pdfview import PDF_TYPE, letter_pdf
from drafter.web.rendering import render_letter

bp = Blueprint("api", __name__, url_prefix="/api/v1")
INVALID_LETTER = "Văn bản có lỗi; xem danh sách lỗi (problems)."


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
            raise ApiError(503, str(err)) from err
    else:
        data, mimetype = render_letter(letter), DOCX_TYPE
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


__all__ = ["bp"]
