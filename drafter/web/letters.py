"""The letter page: the form, its live preview, and every download made from it.

One HTML form posts to one URL; the button pressed (`action`) says what to do: check,
download (.docx, PDF, JSON, task list), show the print preview (the PDF's real pages),
open a JSON file, a row operation (add, remove, move), fill a preset (signer, Nơi nhận
group), save the draft (“Lưu”), or save the form as a mẫu. Row and preset operations are
done here for browsers without JavaScript; app.js does the same in place (and saves the
draft through the JSON API while the drafter types). Whatever happens, the page comes
back with everything the drafter typed.

Beside the letter the page carries a little state in hidden fields (`LetterState`):
which draft it is and at which version, or which mẫu it edits.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field, replace
from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from drafter.filenames import content_disposition, default_filename, vietnamese_filename
from drafter.model import Letter, LetterError, Problem
from drafter.pdf import PdfError
from drafter.render import render_docx
from drafter.store import (
    VISIBILITIES,
    Conflict,
    Forbidden,
    Invalid,
    MauRecord,
    NotFound,
    VersionConflict,
    create_draft,
    create_mau,
    get_group,
    get_mau,
    get_signer,
    list_groups,
    list_signers,
    new_letter_defaults,
    rename_mau,
    save_draft,
    update_mau,
)
from drafter.tasks_export import MEDIA_TYPES, export_tasks
from drafter.web.auth import current_agency, current_user, ids
from drafter.web.db import tx
from drafter.web.forms import (
    BLOCK_FIELDS,
    FieldProblems,
    LetterDraft,
    apply_group,
    apply_op,
    apply_signer,
    blank_data,
    choosable_fields,
    filled_fields,
    form_classes,
    form_data,
    from_letter_dict,
    parse_op,
    partial_form_data,
    place_problems,
    signer_form_values,
    to_letter_dict,
)
from drafter.web.pdfview import PDF_TYPE, letter_pdf, print_view
from drafter.web.preview import build_preview, layout_css, size_class, stamp_key

bp = Blueprint("letters", __name__)
log = logging.getLogger(__name__)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOWNLOADS = ("docx", "pdf", "json", "tasks_csv", "tasks_ics")


MAU_SCOPES = ("filled", "chosen")


def _id(value: str | None) -> int | None:
    """A positive integer id from a hidden field, or None (absent, blank, tampered)."""
    if value and value.isdigit() and len(value) < 12:
        return int(value) or None
    return None


@dataclass
class LetterState:
    """What the page carries beside the letter, in hidden fields and the mẫu section.

    `draft_id`/`draft_version`: the draft this form saves to, and the version it was
    loaded at (the token a save presents). `mau_id`: the mẫu being edited (then the
    form saves into it, not into a draft). `mau_*`: the “Lưu thành mẫu” choices, kept
    across round trips. `conflict`: the version another tab saved, after a refused save.
    """

    draft_id: int | None = None
    draft_version: int | None = None
    mau_id: int | None = None
    mau_name: str = ""
    mau_scope: str = "filled"
    mau_fields: tuple[str, ...] = ()
    mau_visibility: str = "private"
    conflict: int | None = None
    mau_problems: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def from_form(cls, form: MultiDict[str, str]) -> LetterState:
        scope = form.get("mau_scope", "filled")
        visibility = form.get("mau_visibility", "private")
        return cls(
            draft_id=_id(form.get("draft_id")),
            draft_version=_id(form.get("draft_version")),
            mau_id=_id(form.get("mau_id")),
            mau_name=form.get("mau_name", ""),
            mau_scope=scope if scope in MAU_SCOPES else "filled",
            mau_fields=tuple(form.getlist("mau_fields")),
            mau_visibility=visibility if visibility in VISIBILITIES else "private",
        )

    @classmethod
    def editing(cls, mau: MauRecord) -> LetterState:
        """The state of the form opened on a mẫu to edit it (its own fields chosen)."""
        return cls(
            mau_id=mau.id,
            mau_name=mau.name,
            mau_scope="chosen",
            mau_fields=mau.fields,
            mau_visibility=mau.visibility,
        )


def can_edit_mau(mau: MauRecord) -> bool:
    """The store's rule, for showing buttons: the owner, or a quản trị on a shared mẫu.
    (The store enforces it on every change; this only avoids offering what it refuses.)"""
    user = current_user()
    return mau.owner_id == user.id or (user.role == "quan_tri" and mau.visibility == "agency")


def _presets(state: LetterState) -> dict[str, Any]:
    """What the page offers from the store: signers, Nơi nhận groups, the mẫu edited."""
    agency_id, user_id = ids()
    editing = None
    with tx(readonly=True) as s:
        signers = list_signers(s, agency_id)
        groups = list_groups(s, agency_id)
        if state.mau_id is not None:
            try:
                editing = get_mau(s, agency_id, user_id, state.mau_id)
            except NotFound:
                editing = None
    agency = current_agency()
    prefix = agency.ky_hieu_prefix
    return {
        "signers": [(sg, signer_form_values(sg.ky)) for sg in signers],
        "groups": groups,
        "editing_mau": editing,
        "ky_hieu_suggestions": [
            f"{prefix}-{u['code']}" if prefix else u["code"] for u in agency.units
        ],
        "mau_field_choices": choosable_fields(),
    }


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
    state: LetterState | None = None,
    problems: FieldProblems | None = None,
    focus: str | None = None,
    notice: tuple[str, str] | None = None,
    printed: dict[str, Any] | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    if state is None:  # a round trip: the page carries on with the state it was sent
        state = LetterState.from_form(request.form) if request.method == "POST" else LetterState()
    draft = to_letter_dict(form_data(form))
    classes = form_classes()
    presets = _presets(state)
    if state.mau_id is not None and presets["editing_mau"] is None:
        state = replace(state, mau_id=None)  # deleted meanwhile: the form is a letter again
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
        state=state,
        **presets,
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
    """A new letter, pre-filled from the agency's profile; `?mau=<id>`: from that mẫu
    (its fields over the profile's). Nothing is stored until the first save."""
    agency_id, user_id = ids()
    mau_id = request.args.get("mau", type=int)
    with tx(readonly=True) as s:
        letter = new_letter_defaults(s, agency_id)
        mau = get_mau(s, agency_id, user_id, mau_id) if mau_id is not None else None
    notice = None
    if mau is not None:
        letter = {**letter, **mau.letter}
        notice = (
            "ok",
            f"Văn bản mới từ mẫu “{mau.name}”. Các trường khác lấy theo thông tin cơ quan; "
            "văn bản được lưu thành bản nháp khi bấm “Lưu” hoặc khi bạn bắt đầu gõ.",
        )
    return render_page(new_form(partial_form_data(letter)), state=LetterState(), notice=notice)


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
    if action in ("preset:signer", "preset:group"):
        return apply_preset(action, data)
    draft = to_letter_dict(data)
    if action in ("save", "save_copy"):
        return save_letter(draft.letter, data, copy=action == "save_copy")
    if action in ("mau_save", "mau_update"):
        return save_as_mau(draft.letter, data, update=action == "mau_update")
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
            new_form(data),
            state=_fresh(),
            problems=placed,
            notice=notice,
            focus="error-summary",
            status=422,
        )
    notice = ("ok", f"Đã mở “{upload.filename}”.")
    return render_page(new_form(data), state=_fresh(), notice=notice, focus="notice")


def _fresh() -> LetterState:
    """Another letter in the same form (an opened file): a new draft at the next save,
    the mẫu choices kept."""
    return replace(LetterState.from_form(request.form), draft_id=None, draft_version=None)


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


def apply_preset(action: str, data: dict[str, Any]) -> ResponseReturnValue:
    """“Điền người ký” / “Thêm nhóm nơi nhận” without JavaScript: the preset's values
    put into the form (app.js does the same in place)."""
    agency_id, _ = ids()
    is_signer = action == "preset:signer"
    field_name = "signer_preset" if is_signer else "group_preset"
    chosen = _id(request.form.get(field_name))
    if chosen is None:
        what = "một người ký" if is_signer else "một nhóm nơi nhận"
        notice = ("error", f"Hãy chọn {what} trong danh sách trước khi bấm nút.")
        return render_page(new_form(data), notice=notice, focus=field_name, status=400)
    try:
        with tx(readonly=True) as s:
            if is_signer:
                signer = get_signer(s, agency_id, chosen)
                data = apply_signer(data, signer.ky)
                message = f"Đã điền người ký: {signer.label}."
            else:
                group = get_group(s, agency_id, chosen)
                data = apply_group(data, group.items)
                message = f"Đã thêm nhóm “{group.name}” vào Nơi nhận."
    except NotFound as err:
        notice = ("error", err.message)
        return render_page(new_form(data), notice=notice, focus=field_name, status=404)
    return render_page(new_form(data), notice=("ok", message), focus="notice")


def save_letter(letter: dict[str, Any], data: dict[str, Any], *, copy: bool) -> ResponseReturnValue:
    """“Lưu” without JavaScript: a new draft, or the next version of this one.

    A save made from an older version than the stored one (another tab saved since) is
    refused by the store; the page comes back with the drafter's text and two ways out:
    open the stored version, or keep this text as a new draft (“save_copy”).
    """
    agency_id, user_id = ids()
    state = LetterState.from_form(request.form)
    try:
        with tx() as s:
            if state.draft_id is None or copy:
                record = create_draft(s, agency_id, user_id, letter)
            else:
                if state.draft_version is None:
                    raise Invalid([])  # a tampered form; treated as a refused save below
                record = save_draft(
                    s, agency_id, user_id, state.draft_id, letter, state.draft_version, "save"
                )
    except VersionConflict as err:
        state = replace(state, conflict=err.current_version)
        return render_page(
            new_form(data), state=state, notice=("error", err.message), focus="notice", status=409
        )
    except NotFound:
        state = replace(state, draft_id=None, draft_version=None)
        notice = (
            "error",
            "Bản nháp này không còn (có thể đã bị xóa). Nội dung đang soạn vẫn còn nguyên; "
            "bấm “Lưu” để lưu thành bản nháp mới.",
        )
        return render_page(new_form(data), state=state, notice=notice, focus="notice", status=404)
    except Invalid as err:
        message = str(err) or "Biểu mẫu gửi lên không đầy đủ; hãy tải lại trang."
        return render_page(
            new_form(data), state=state, notice=("error", message), focus="notice", status=422
        )
    flash(f"Đã lưu bản nháp (phiên bản {record.current_version}).", "ok")
    return redirect(url_for("drafts.open_draft", draft_id=record.id), 303)


def save_as_mau(
    letter: dict[str, Any], data: dict[str, Any], *, update: bool
) -> ResponseReturnValue:
    """“Lưu thành mẫu” (a new mẫu) or “Lưu vào mẫu” (the mẫu being edited), from the form.

    “Mọi trường đã điền” keeps what was typed; “Chỉ các trường đã chọn” keeps the ticked
    fields as they are (even empty: the drafter chose them).
    """
    agency_id, user_id = ids()
    state = LetterState.from_form(request.form)
    chosen = state.mau_scope == "chosen"
    fields = list(state.mau_fields) if chosen else None
    content = letter if chosen else filled_fields(letter)
    problems: dict[str, list[str]] = {}
    if chosen and not fields:
        problems["mau_fields"] = ["Hãy đánh dấu ít nhất một trường để lưu vào mẫu."]
    status = 422
    if not problems:
        try:
            with tx() as s:
                if update and state.mau_id is not None:
                    record = update_mau(
                        s,
                        agency_id,
                        user_id,
                        state.mau_id,
                        letter=content,
                        fields=fields,
                        visibility=state.mau_visibility,
                    )
                    if " ".join(state.mau_name.split()) != record.name:
                        record = rename_mau(s, agency_id, user_id, record.id, state.mau_name)
                else:
                    record = create_mau(
                        s,
                        agency_id,
                        user_id,
                        name=state.mau_name,
                        letter=content,
                        fields=fields,
                        visibility=state.mau_visibility,
                    )
        except Invalid as err:
            for p in err.problems:
                key = {"name": "mau_name", "fields": "mau_fields"}.get(p.path, "mau_name")
                problems.setdefault(key, []).append(p.message)
        except Conflict as err:
            problems["mau_name"] = [err.message]
            status = 409
        except (Forbidden, NotFound) as err:
            status = 403 if isinstance(err, Forbidden) else 404
            return render_page(
                new_form(data), notice=("error", err.message), focus="notice", status=status
            )
    if problems:
        state = replace(state, mau_problems=problems)
        notice = (
            "error",
            "Chưa lưu được mẫu: " + " ".join(m for ms in problems.values() for m in ms),
        )
        return render_page(
            new_form(data), state=state, notice=notice, focus="notice", status=status
        )
    shown = "cả cơ quan dùng được" if record.visibility == "agency" else "chỉ mình bạn thấy"
    verb = "Đã lưu vào mẫu" if update else "Đã lưu mẫu"
    notice = ("ok", f"{verb} “{record.name}” ({len(record.fields)} trường, {shown}).")
    state = LetterState.editing(record) if update else replace(state, mau_name="")
    return render_page(new_form(data), state=state, notice=notice, focus="notice")


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


__all__ = ["BLOCK_FIELDS", "LetterState", "bp", "can_edit_mau", "download_docx", "render_page"]
