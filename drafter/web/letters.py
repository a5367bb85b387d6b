"""The letter page: the form, its live preview, and every download made from it.

One HTML form posts to one URL; the button pressed (`action`) says what to do: check,
download (.docx, PDF, JSON, task list), show the print preview (the PDF's real pages),
open a JSON file, or a row operation (add, remove, move). Row operations are done here
for browsers without JavaScript; app.js does the same in place. Whatever happens, the
page comes back with everything the drafter typed.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import Blueprint, Response, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm

from drafter.filenames import content_disposition, default_filename, vietnamese_filename
from drafter.model import Letter, LetterError, Problem
from drafter.pdf import PdfError
from drafter.render import render_docx
from drafter.tasks_export import MEDIA_TYPES, export_tasks
from drafter.web.forms import (
    BLOCK_FIELDS,
    FieldProblems,
    LetterDraft,
    apply_op,
    blank_data,
    form_classes,
    form_data,
    from_letter_dict,
    parse_op,
    place_problems,
    to_letter_dict,
)
from drafter.web.pdfview import PDF_TYPE, letter_pdf, print_view
from drafter.web.preview import build_preview, layout_css, size_class, stamp_key

bp = Blueprint("letters", __name__)
log = logging.getLogger(__name__)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOWNLOADS = ("docx", "pdf", "json", "tasks_csv", "tasks_ics")


def new_form(data: dict[str, Any] | None = None) -> FlaskForm:
    """An unbound form showing `data` (a fresh CSRF token each time)."""
    return form_classes().letter(formdata=None, data=data if data is not None else blank_data())


def row_template_form() -> FlaskForm:
    """One blank row of each list, for app.js to clone (never submitted itself)."""
    data = from_letter_dict(
        {
            "kinh_gui": [""],
            "noi_nhan": [""],
            "noi_dung": [{"type": "paragraph", "text": ""}],
            "ky": {"tham_quyen": [""]},
        }
    )
    return form_classes().letter(formdata=None, data=data, meta={"csrf": False})


def _preview_for(draft: LetterDraft) -> dict[str, Any]:
    run_checker = bool(current_app.config.get("PREVIEW_CHECK"))
    preview = build_preview(draft.letter, run_checker=run_checker)
    placed = place_problems([Problem(p, m) for p, m in preview.problems], draft.rows)
    return {"preview": preview, "preview_problems": placed}


def render_page(
    form: FlaskForm,
    *,
    problems: FieldProblems | None = None,
    focus: str | None = None,
    notice: tuple[str, str] | None = None,
    printed: dict[str, Any] | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    draft = to_letter_dict(form_data(form))
    classes = form_classes()
    html = render_template(
        "letter.html",
        form=form,
        rows_form=row_template_form(),
        kind=classes.kind,
        block_types=classes.block_types,
        problems=problems or FieldProblems(),
        focus=focus,
        notice=notice,
        printed=printed,
        **_preview_for(draft),
        **preview_helpers(),
    )
    return html, status


def preview_helpers() -> dict[str, Any]:
    return {"size_class": size_class, "stamp_key": stamp_key}


def _download(data: bytes, mimetype: str, name: str, fallback: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = content_disposition(name, fallback)
    response.headers["Content-Length"] = str(len(data))
    return response


def download_docx(letter: Letter) -> Response:
    return _download(
        render_docx(letter), DOCX_TYPE, vietnamese_filename(letter), default_filename(letter)
    )


def pdf_failure(err: PdfError) -> str:
    """What the drafter reads when LibreOffice is down or too slow: nothing typed is lost."""
    log.warning("PDF for the web failed: %s", err)
    return (
        f"Máy chủ chưa tạo được bản PDF: {str(err).rstrip('. ')}. Nội dung đang soạn vẫn "
        "được giữ nguyên; có thể bấm lại sau ít phút hoặc tải tệp .docx."
    )


def download_pdf(letter: Letter, data: dict[str, Any]) -> ResponseReturnValue:
    try:
        pdf = letter_pdf(letter)
    except PdfError as err:
        notice = ("error", pdf_failure(err))
        return render_page(new_form(data), notice=notice, focus="notice", status=503)
    return _download(
        pdf, PDF_TYPE, vietnamese_filename(letter, ".pdf"), default_filename(letter, ".pdf")
    )


def make_print_view(letter: Letter) -> tuple[dict[str, Any], int]:
    """The print preview's template values and HTTP status (503 when no PDF could be made)."""
    try:
        view = print_view(letter_pdf(letter))
    except PdfError as err:
        return {"error": pdf_failure(err)}, 503
    return {"view": view}, 200


def download_json(letter: Letter | None, raw: dict[str, Any]) -> Response:
    body = letter.to_dict() if letter is not None else raw
    data = (json.dumps(body, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if letter is None:
        return _download(data, "application/json", "Dự thảo công văn.json", "du-thao-cong-van.json")
    return _download(
        data,
        "application/json",
        vietnamese_filename(letter, ".json"),
        default_filename(letter, ".json"),
    )


def download_tasks(letter: Letter, fmt: str) -> Response:
    suffix = f".nhiem-vu.{fmt}"
    return _download(
        export_tasks(letter, fmt),
        MEDIA_TYPES[fmt],
        vietnamese_filename(letter, f" - nhiệm vụ.{fmt}"),
        default_filename(letter, suffix),
    )


@bp.get("/")
def index() -> ResponseReturnValue:
    return render_page(new_form())


@bp.get("/layout.css")
def stylesheet() -> ResponseReturnValue:
    response = Response(layout_css(), mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.post("/")
def submit() -> ResponseReturnValue:
    form = form_classes().letter()
    action = request.form.get("action", "check")
    data = form_data(form)
    op = parse_op(action, form_classes().block_types)
    if op is not None:
        data, focus = apply_op(data, op)
        return render_page(new_form(data), focus=focus)
    if action == "open":
        return open_json(form)
    draft = to_letter_dict(data)
    try:
        letter = Letter.from_dict(draft.letter)
    except LetterError as err:
        if action == "json":  # a draft with mistakes can still be saved and reopened
            return download_json(None, draft.letter)
        placed = place_problems(err.problems, draft.rows)
        # The error summary (focused) lists them; each is also printed beside its field.
        return render_page(new_form(data), problems=placed, focus="error-summary", status=422)
    if action == "docx":
        return download_docx(letter)
    if action == "pdf":
        return download_pdf(letter, data)
    if action == "print":
        printed, status = make_print_view(letter)
        return render_page(new_form(data), printed=printed, focus="print-title", status=status)
    if action == "json":
        return download_json(letter, draft.letter)
    if action in ("tasks_csv", "tasks_ics"):
        if not letter.tasks:
            notice = ("error", "Công văn chưa có khối “Nhiệm vụ” nào để xuất danh sách.")
            return render_page(new_form(data), notice=notice, focus="notice")
        return download_tasks(letter, action.removeprefix("tasks_"))
    notice = ("ok", "Công văn hợp lệ: có thể tải tệp .docx hoặc PDF.")
    return render_page(new_form(data), notice=notice, focus="notice")


def open_json(form: FlaskForm) -> ResponseReturnValue:
    """“Mở JSON”: fill the form from an uploaded letter file, showing its problems."""
    upload = request.files.get(form.json_file.name)
    current = form_data(form)
    if upload is None or not upload.filename:
        notice = ("error", "Chưa chọn tệp JSON để mở.")
        return render_page(new_form(current), notice=notice, focus="json_file", status=400)
    raw = upload.read()
    try:
        parsed = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        where = (
            f" (dòng {err.lineno}, cột {err.colno})"
            if isinstance(err, json.JSONDecodeError)
            else ""
        )
        notice = ("error", f"Tệp “{upload.filename}” không phải JSON UTF-8 hợp lệ{where}.")
        return render_page(new_form(current), notice=notice, focus="json_file", status=400)
    if not isinstance(parsed, dict):
        notice = (
            "error",
            f"Tệp “{upload.filename}” không chứa một công văn (cần một đối tượng JSON).",
        )
        return render_page(new_form(current), notice=notice, focus="json_file", status=400)
    data = from_letter_dict(parsed)
    for key in ("kinh_gui", "noi_dung"):
        if not data[key]:
            data[key] = blank_data()[key]
    problems = []
    try:
        Letter.from_dict(parsed)
    except LetterError as err:
        problems = err.problems
    if problems:
        # Paths index the file's lists, which fill the form row for row.
        placed = place_problems(problems, {})
        notice = (
            "error",
            f"Đã mở “{upload.filename}”, nhưng công văn có {len(placed)} lỗi cần sửa.",
        )
        return render_page(
            new_form(data), problems=placed, notice=notice, focus="error-summary", status=422
        )
    notice = ("ok", f"Đã mở “{upload.filename}”.")
    return render_page(new_form(data), notice=notice, focus="notice")


@bp.post("/preview")
def preview() -> ResponseReturnValue:
    """The preview fragment for app.js (same template the full page includes)."""
    form = form_classes().letter()
    draft = to_letter_dict(form_data(form))
    return render_template("_preview.html", **_preview_for(draft), **preview_helpers())


@bp.post("/print")
def print_preview() -> ResponseReturnValue:
    """The print preview fragment for app.js: the PDF's pages and the page checks."""
    form = form_classes().letter()
    draft = to_letter_dict(form_data(form))
    try:
        letter = Letter.from_dict(draft.letter)
    except LetterError as err:
        placed = place_problems(err.problems, draft.rows)
        return render_template("_print.html", printed={"problems": placed}), 422
    printed, status = make_print_view(letter)
    return render_template("_print.html", printed=printed), status


def after_csrf_failure(message: str) -> ResponseReturnValue:
    """A refused token: give the form back filled with what was sent, with a new token."""
    if request.endpoint == "letters.preview":
        return render_template("_preview_error.html", message=message), 400
    if request.endpoint == "letters.print_preview":
        return render_template("_print.html", printed={"error": message}), 400
    bound = form_classes().letter(formdata=request.form, meta={"csrf": False})
    return render_page(
        new_form(form_data(bound)), notice=("error", message), focus="notice", status=400
    )


__all__ = ["BLOCK_FIELDS", "bp"]
