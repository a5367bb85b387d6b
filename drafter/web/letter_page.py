"""The letter page and its downloads, shared by the blueprints that show a letter.

The letters blueprint (a new letter, its buttons), drafts (a saved draft reopened) and
mẫu (a mẫu edited) all show the same page and give the same downloads; they call this
module and never each other. Beside the letter the page carries a little state in
hidden fields (`LetterState`): which kind it is, which draft and at which version, or
which mẫu it edits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from flask import Response, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from drafter.filenames import content_disposition, default_filename, vietnamese_filename
from drafter.kinds import known_kinds, load_kind
from drafter.model import DEFAULT_KIND, Letter, Problem
from drafter.pdf import PdfError
from drafter.store import (
    VISIBILITIES,
    MauRecord,
    NotFound,
    get_mau,
    list_groups,
    list_signers,
)
from drafter.tasks_export import MEDIA_TYPES, event_ics, export_tasks
from drafter.viethoa import TextFinding, review_letter
from drafter.web.auth import current_agency, current_user, ids
from drafter.web.db import tx
from drafter.web.forms import (
    FieldProblems,
    LetterDraft,
    blank_data,
    blank_row,
    choosable_fields,
    form_classes,
    form_data,
    from_letter_dict,
    lists,
    place_notes,
    place_problems,
    signer_form_values,
    to_letter_dict,
)
from drafter.web.pdfview import PDF_TYPE, TooLongToPrint, letter_pdf, print_view
from drafter.web.preview import build_preview, size_class, stamp_key
from drafter.web.rendering import render_letter

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAU_SCOPES = ("filled", "chosen")


def form_id(value: str | None) -> int | None:
    """A positive integer id from a hidden field or a query, or None (absent, blank,
    tampered: `²` is a digit to str.isdigit, not to int())."""
    if value and value.isascii() and value.isdigit() and len(value) < 12:
        return int(value) or None
    return None


def posted_kind() -> str:
    """The kind of the letter form that was posted (a hidden field; default công văn)."""
    key = request.form.get("letter_kind", DEFAULT_KIND)
    return key if key in known_kinds() else DEFAULT_KIND


def letter_kind(letter: dict[str, Any]) -> str:
    """The kind a stored letter dict names, if drafter knows it."""
    key = letter.get("kind", DEFAULT_KIND)
    return key if isinstance(key, str) and key in known_kinds() else DEFAULT_KIND


@dataclass
class LetterState:
    """What the page carries beside the letter, in hidden fields and the mẫu section.

    `kind`: the document kind of the form. `draft_id`/`draft_version`: the draft this
    form saves to, and the version it was loaded at (the token a save presents).
    `mau_id`: the mẫu being edited (then the form saves into it, not into a draft).
    `mau_*`: the “Lưu thành mẫu” choices, kept across round trips. `conflict`: the
    version another tab saved, after a refused save.
    """

    kind: str = DEFAULT_KIND
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
            kind=posted_kind(),
            draft_id=form_id(form.get("draft_id")),
            draft_version=form_id(form.get("draft_version")),
            mau_id=form_id(form.get("mau_id")),
            mau_name=form.get("mau_name", ""),
            mau_scope=scope if scope in MAU_SCOPES else "filled",
            mau_fields=tuple(form.getlist("mau_fields")),
            mau_visibility=visibility if visibility in VISIBILITIES else "private",
        )

    @classmethod
    def editing(cls, mau: MauRecord) -> LetterState:
        """The state of the form opened on a mẫu to edit it (its own fields chosen)."""
        return cls(
            kind=letter_kind(mau.letter),
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
        "signers": [(sg, signer_form_values(sg.ky, state.kind)) for sg in signers],
        "groups": groups,
        "editing_mau": editing,
        "suggestions": {
            "ky_hieu": [f"{prefix}-{u['code']}" if prefix else u["code"] for u in agency.units]
        },
        "mau_field_choices": choosable_fields(state.kind),
    }


def new_form(data: dict[str, Any] | None = None, kind: str = DEFAULT_KIND) -> FlaskForm:
    """An unbound form of `kind` showing `data` (a fresh CSRF token each time)."""
    shown = data if data is not None else blank_data(kind)
    return form_classes(kind).letter(formdata=None, data=shown)


def bound_form(kind: str) -> FlaskForm:
    """The posted letter form of `kind`, bound to the request."""
    return form_classes(kind).letter()


def row_template_form(kind: str) -> FlaskForm:
    """One blank row of each list, for app.js to clone (never submitted itself)."""
    data = {name: rows[:1] for name, rows in _one_row_each(kind).items()}
    return form_classes(kind).letter(formdata=None, data=data, meta={"csrf": False})


def _one_row_each(kind: str) -> dict[str, list[Any]]:
    definition = load_kind(kind)
    return {name: [blank_row(definition, f)] for name, f in lists(definition).items()}


def preview_for(draft: LetterDraft, kind: str) -> dict[str, Any]:
    """The live preview of a letter dict, with its problems placed on the form, and the
    viết hoa lưu ý (Phụ lục II) of its texts, listed and placed beside their fields."""
    run_checker = bool(current_app.config.get("PREVIEW_CHECK"))
    preview = build_preview(draft.letter, run_checker=run_checker)
    placed = place_problems([Problem(p, m) for p, m in preview.problems], draft.rows, kind)
    lint = place_notes(review_letter(draft.letter), draft.rows, kind)
    notes: dict[str, list[TextFinding]] = {}
    for note in lint:
        if note.target:
            notes.setdefault(note.target, []).append(note.finding)
    return {"preview": preview, "preview_problems": placed, "lint": lint, "notes": notes}


def preview_helpers() -> dict[str, Any]:
    return {"size_class": size_class, "stamp_key": stamp_key}


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
    kind = state.kind
    draft = to_letter_dict(form_data(form, kind), kind)
    presets = _presets(state)
    if state.mau_id is not None and presets["editing_mau"] is None:
        state = replace(state, mau_id=None)  # deleted meanwhile: the form is a letter again
    html = render_template(
        "letter.html",
        form=form,
        rows_form=row_template_form(kind),
        kind=load_kind(kind),
        list_fields=lists,
        problems=problems or FieldProblems(),
        focus=focus,
        notice=notice,
        printed=printed,
        state=state,
        **presets,
        **preview_for(draft, kind),
        **preview_helpers(),
    )
    return html, status


# --- Downloads ----------------------------------------------------------------------------


def download(data: bytes, mimetype: str, name: str, fallback: str) -> Response:
    """A file to save: its type, length, and a Vietnamese name with an ASCII fallback.

    `mimetype` is sent as it is: a type that names its charset (`text/csv; charset=utf-8`)
    must not get a second one from Werkzeug."""
    response = Response(data, content_type=mimetype)
    response.headers["Content-Disposition"] = content_disposition(name, fallback)
    response.headers["Content-Length"] = str(len(data))
    return response


def download_docx(letter: Letter) -> Response:
    return download(
        render_letter(letter), DOCX_TYPE, vietnamese_filename(letter), default_filename(letter)
    )


def pdf_failure(err: PdfError) -> str:
    """What the drafter reads when LibreOffice is down or too slow, or the letter too long
    to print: nothing typed is lost. (letter_pdf has logged the detail.)"""
    if isinstance(err, TooLongToPrint):
        return str(err)
    return (
        f"Máy chủ chưa tạo được bản PDF: {str(err).rstrip('. ')}. Nội dung đang soạn vẫn "
        "được giữ nguyên; có thể bấm lại sau ít phút hoặc tải tệp .docx."
    )


def download_pdf(letter: Letter, data: dict[str, Any], kind: str) -> ResponseReturnValue:
    try:
        pdf = letter_pdf(letter)
    except PdfError as err:
        notice = ("error", pdf_failure(err))
        status = pdf_status(err)
        return render_page(new_form(data, kind), notice=notice, focus="notice", status=status)
    return download(
        pdf, PDF_TYPE, vietnamese_filename(letter, ".pdf"), default_filename(letter, ".pdf")
    )


def make_print_view(letter: Letter) -> tuple[dict[str, Any], int]:
    """The print preview's template values and HTTP status (503 when no PDF could be made,
    413 for a letter too long to print)."""
    try:
        view = print_view(letter_pdf(letter))
    except PdfError as err:
        return {"error": pdf_failure(err)}, pdf_status(err)
    return {"view": view}, 200


def pdf_status(err: PdfError) -> int:
    """413 for a letter too long to print (retrying will not help), else 503."""
    return 413 if isinstance(err, TooLongToPrint) else 503


def download_json(letter: Letter | None, raw: dict[str, Any]) -> Response:
    body = letter.to_dict() if letter is not None else raw
    data = (json.dumps(body, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if letter is None:
        title = load_kind(letter_kind(raw)).title.lower()
        slug = "du-thao-" + letter_kind(raw).replace("_", "-")
        return download(data, "application/json", f"Dự thảo {title}.json", f"{slug}.json")
    return download(
        data,
        "application/json",
        vietnamese_filename(letter, ".json"),
        default_filename(letter, ".json"),
    )


def download_tasks(letter: Letter, fmt: str) -> Response:
    suffix = f".nhiem-vu.{fmt}"
    return download(
        export_tasks(letter, fmt),
        MEDIA_TYPES[fmt],
        vietnamese_filename(letter, f" - nhiệm vụ.{fmt}"),
        default_filename(letter, suffix),
    )


def download_event(letter: Letter) -> Response:
    """A giấy mời's event as an .ics for the invitees' calendars."""
    return download(
        event_ics(letter),
        MEDIA_TYPES["ics"],
        vietnamese_filename(letter, " - lịch.ics"),
        default_filename(letter, ".lich.ics"),
    )


def after_csrf_failure(message: str) -> ResponseReturnValue:
    """A refused token: give the form back filled with what was sent, with a new token."""
    if request.endpoint == "letters.preview":
        return render_template("_preview_error.html", message=message), 400
    if request.endpoint == "letters.print_preview":
        return render_template("_print.html", printed={"error": message}), 400
    kind = posted_kind()
    bound = form_classes(kind).letter(formdata=request.form, meta={"csrf": False})
    return render_page(
        new_form(form_data(bound, kind), kind),
        notice=("error", message),
        focus="notice",
        status=400,
    )


def letter_from_form(
    kind: str, form: FlaskForm | None = None
) -> tuple[LetterDraft, dict[str, Any]]:
    """The posted form as a letter dict (the one form → letter conversion) and its data."""
    data = form_data(form if form is not None else bound_form(kind), kind)
    return to_letter_dict(data, kind), data


__all__ = [
    "DOCX_TYPE",
    "LetterState",
    "after_csrf_failure",
    "bound_form",
    "can_edit_mau",
    "download",
    "download_docx",
    "download_event",
    "download_json",
    "download_pdf",
    "download_tasks",
    "form_id",
    "from_letter_dict",
    "letter_from_form",
    "letter_kind",
    "make_print_view",
    "new_form",
    "pdf_status",
    "posted_kind",
    "preview_for",
    "preview_helpers",
    "render_page",
]
