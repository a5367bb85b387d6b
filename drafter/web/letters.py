"""The letter page: a new letter, its buttons, its live preview and print preview.

One HTML form posts to one URL; the button pressed (`action`) says what to do: check,
download (.docx, PDF, JSON, task list), show the print preview (the PDF's real pages),
open a JSON file or a .docx made in Word, a row operation (add, remove, move), fill a preset (signer, Nơi nhận
group), save the draft (“Lưu”), or save the form as a mẫu. Row and preset operations are
done here for browsers without JavaScript; app.js does the same in place (and saves the
draft through the API while the drafter types). Whatever happens, the page comes back
with everything the drafter typed. The page itself and the downloads are
`drafter.web.letter_page`'s, shared with the drafts and mẫu blueprints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm

from drafter.importer import NotACongVan, NotADocxError, import_docx
from drafter.jsoninput import JsonInputError, parse_json
from drafter.kinds import all_kinds, known_kinds
from drafter.model import DEFAULT_KIND, Letter, LetterError, Problem
from drafter.store import (
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
    new_letter_defaults,
    rename_mau,
    save_draft,
    update_mau,
)
from drafter.viethoa import StaleFinding, apply_suggestion, review_letter
from drafter.web.auth import ids
from drafter.web.db import tx
from drafter.web.forms import (
    LetterDraft,
    apply_group,
    apply_op,
    apply_signer,
    field_id,
    field_value,
    filled_fields,
    from_letter_dict,
    parse_op,
    partial_form_data,
    place_problems,
    with_field_value,
    with_required_rows,
)
from drafter.web.letter_page import (
    LetterState,
    bound_form,
    download_docx,
    download_event,
    download_json,
    download_pdf,
    download_tasks,
    form_id,
    letter_from_form,
    letter_kind,
    make_print_view,
    new_form,
    posted_kind,
    preview_for,
    preview_helpers,
    render_page,
)
from drafter.web.preview import layout_css
from drafter.web.uploads import read_docx

bp = Blueprint("letters", __name__)


@bp.get("/")
def index() -> ResponseReturnValue:
    """A new letter, pre-filled from the agency's profile; `?mau=<id>`: from that mẫu
    (its fields over the profile's). Nothing is stored until the first save."""
    agency_id, user_id = ids()
    mau_id = form_id(request.args.get("mau"))
    with tx(readonly=True) as s:
        letter = new_letter_defaults(s, agency_id)
        mau = get_mau(s, agency_id, user_id, mau_id) if mau_id is not None else None
    notice = None
    kind = request.args.get("kind", DEFAULT_KIND)
    kind = kind if kind in known_kinds() else DEFAULT_KIND
    if mau is not None:
        letter = {**letter, **mau.letter}
        kind = LetterState.editing(mau).kind
        notice = (
            "ok",
            f"Văn bản mới từ mẫu “{mau.name}”. Các trường khác lấy theo thông tin cơ quan; "
            "văn bản được lưu thành bản nháp khi bấm “Lưu” hoặc khi bạn bắt đầu gõ.",
        )
    form = new_form(partial_form_data(letter, kind), kind)
    return render_page(form, state=LetterState(kind=kind), notice=notice)


@bp.get("/new")
def choose() -> ResponseReturnValue:
    """“Văn bản mới”: which kind of document, each with its mẫu number and what it is for."""
    kinds = sorted(all_kinds(), key=lambda k: (k.key != DEFAULT_KIND, k.title))
    return render_template("new.html", kinds=kinds)


@bp.get("/layout.css")
def stylesheet() -> ResponseReturnValue:
    response = Response(layout_css(), mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


# --- The buttons of the form (`action`) ------------------------------------------------------


@dataclass(frozen=True)
class Posted:
    """The posted form: its kind, its values as form data, and as a letter dict."""

    kind: str
    form: FlaskForm
    data: dict[str, Any]
    draft: LetterDraft

    def page(self, **kwargs: Any) -> ResponseReturnValue:
        """The page again with what was posted (and a notice, problems, focus …)."""
        return render_page(new_form(self.data, self.kind), **kwargs)


def _posted() -> Posted:
    kind = posted_kind()
    form = bound_form(kind)
    draft, data = letter_from_form(kind, form)
    return Posted(kind, form, data, draft)


@bp.post("/")
def submit() -> ResponseReturnValue:
    posted = _posted()
    action = request.form.get("action", "check")
    op = parse_op(action, posted.kind)
    if op is not None:
        data, focus, refused = apply_op(posted.data, op, posted.kind)
        notice = ("error", refused) if refused else None
        return render_page(new_form(data, posted.kind), focus=focus, notice=notice)
    handler = FORM_ACTIONS.get("fix:" if action.startswith("fix:") else action)
    if handler is not None:
        return handler(posted, action)
    try:
        letter = Letter.from_dict(posted.draft.letter)
    except LetterError as err:
        if action == "json":  # a draft with mistakes can still be saved and reopened
            return download_json(None, posted.draft.letter)
        placed = place_problems(err.problems, posted.draft.rows, posted.kind)
        # The error summary (focused) lists them; each is also printed beside its field.
        return posted.page(problems=placed, focus="error-summary", status=422)
    return LETTER_ACTIONS.get(action, check_action)(posted, letter, action)


# Buttons that work on the form as it is, valid or not.


def open_json(posted: Posted, _action: str) -> ResponseReturnValue:
    """“Mở JSON”: fill the form from an uploaded letter file, showing its problems."""
    upload = request.files.get(posted.form.json_file.name)
    if upload is None or not upload.filename:
        notice = ("error", "Chưa chọn tệp JSON để mở.")
        return posted.page(notice=notice, focus="json_file", status=400)
    try:
        parsed = parse_json(upload.read())
    except JsonInputError as err:
        notice = ("error", f"Tệp “{upload.filename}” {err.reason}.")
        return posted.page(notice=notice, focus="json_file", status=400)
    if not isinstance(parsed, dict):
        notice = (
            "error",
            f"Tệp “{upload.filename}” không chứa một văn bản (cần một đối tượng JSON).",
        )
        return posted.page(notice=notice, focus="json_file", status=400)
    kind = letter_kind(parsed)
    data = with_required_rows(from_letter_dict(parsed, kind), kind)
    state = replace(
        LetterState.from_form(request.form), kind=kind, draft_id=None, draft_version=None
    )
    try:
        Letter.from_dict(parsed)
    except LetterError as err:
        # Paths index the file's lists, which fill the form row for row.
        placed = place_problems(err.problems, {}, kind)
        notice = (
            "error",
            f"Đã mở “{upload.filename}”, nhưng văn bản có {len(placed)} lỗi cần sửa.",
        )
        return render_page(
            new_form(data, kind),
            state=state,
            problems=placed,
            notice=notice,
            focus="error-summary",
            status=422,
        )
    notice = ("ok", f"Đã mở “{upload.filename}”.")
    return render_page(new_form(data, kind), state=state, notice=notice, focus="notice")


def open_docx(posted: Posted, _action: str) -> ResponseReturnValue:
    """“Mở tệp .docx”: fill the form from a công văn made in Word (drafter.importer); what
    could not be recovered or had to be guessed is listed and placed beside its field."""
    upload = request.files.get(posted.form.docx_file.name)
    data, why = read_docx(upload)
    if data is None:
        return posted.page(notice=("error", why), focus="docx_file", status=400)
    assert upload is not None
    name = upload.filename
    try:
        result = import_docx(data)
    except (NotADocxError, NotACongVan) as err:
        notice = ("error", f"Không mở được “{name}”: {err}")
        return posted.page(notice=notice, focus="docx_file", status=422)
    kind = letter_kind(result.letter)
    form_values = with_required_rows(from_letter_dict(result.letter, kind), kind)
    state = replace(
        LetterState.from_form(request.form), kind=kind, draft_id=None, draft_version=None
    )
    said = {n.path for n in result.notes}
    problems = [
        Problem(
            n.path, f"{'Chưa lấy được từ tệp' if n.kind == 'missing' else 'Đã đoán'}: {n.message}"
        )
        for n in result.notes
    ] + [p for p in result.problems if p.path.split("[")[0] not in said]
    if not problems:
        notice = ("ok", f"Đã mở “{name}”: lấy được mọi trường. Hãy soát lại trước khi lưu.")
        return render_page(new_form(form_values, kind), state=state, notice=notice, focus="notice")
    placed = replace(place_problems(problems, {}, kind), title=f"Cần soát lại {len(problems)} điều")
    notice = (
        "error",
        f"Đã mở “{name}”; {len(placed)} điều cần soát lại (ghi bên cạnh từng ô): trường chưa "
        "lấy được từ tệp, trường phải đoán.",
    )
    return render_page(
        new_form(form_values, kind),
        state=state,
        problems=placed,
        notice=notice,
        focus="error-summary",
    )


def apply_preset(posted: Posted, action: str) -> ResponseReturnValue:
    """“Điền người ký” / “Thêm nhóm nơi nhận” without JavaScript: the preset's values
    put into the form (app.js does the same in place)."""
    agency_id, _ = ids()
    is_signer = action == "preset:signer"
    field_name = "signer_preset" if is_signer else "group_preset"
    chosen = form_id(request.form.get(field_name))
    if chosen is None:
        what = "một người ký" if is_signer else "một nhóm nơi nhận"
        notice = ("error", f"Hãy chọn {what} trong danh sách trước khi bấm nút.")
        return posted.page(notice=notice, focus=field_name, status=400)
    data = posted.data
    try:
        with tx(readonly=True) as s:
            if is_signer:
                signer = get_signer(s, agency_id, chosen)
                data = apply_signer(data, signer.ky, posted.kind)
                message = f"Đã điền người ký: {signer.label}."
            else:
                group = get_group(s, agency_id, chosen)
                data = apply_group(data, group.items, posted.kind)
                message = f"Đã thêm nhóm “{group.name}” vào Nơi nhận."
    except NotFound as err:
        return posted.page(notice=("error", err.message), focus=field_name, status=404)
    return render_page(new_form(data, posted.kind), notice=("ok", message), focus="notice")


def save_letter(posted: Posted, action: str) -> ResponseReturnValue:
    """“Lưu” without JavaScript: a new draft, or the next version of this one.

    A save made from an older version than the stored one (another tab saved since) is
    refused by the store; the page comes back with the drafter's text and two ways out:
    open the stored version, or keep this text as a new draft (“save_copy”).
    """
    agency_id, user_id = ids()
    state = LetterState.from_form(request.form)
    letter = posted.draft.letter
    try:
        with tx() as s:
            if state.draft_id is None or action == "save_copy":
                record = create_draft(s, agency_id, user_id, letter)
            else:
                if state.draft_version is None:
                    raise Invalid([])  # a tampered form; treated as a refused save below
                record = save_draft(
                    s, agency_id, user_id, state.draft_id, letter, state.draft_version, "save"
                )
    except VersionConflict as err:
        state = replace(state, conflict=err.current_version)
        return posted.page(state=state, notice=("error", err.message), focus="notice", status=409)
    except NotFound:
        state = replace(state, draft_id=None, draft_version=None)
        notice = (
            "error",
            "Bản nháp này không còn (có thể đã bị xóa). Nội dung đang soạn vẫn còn nguyên; "
            "bấm “Lưu” để lưu thành bản nháp mới.",
        )
        return posted.page(state=state, notice=notice, focus="notice", status=404)
    except Invalid as err:
        message = str(err) or "Biểu mẫu gửi lên không đầy đủ; hãy tải lại trang."
        return posted.page(state=state, notice=("error", message), focus="notice", status=422)
    flash(f"Đã lưu bản nháp (phiên bản {record.current_version}).", "ok")
    return redirect(url_for("drafts.open_draft", draft_id=record.id), 303)


def _store_mau(state: LetterState, content: dict[str, Any], *, update: bool) -> MauRecord:
    """The mẫu written to the store: the edited one updated (and renamed), or a new one."""
    agency_id, user_id = ids()
    fields = list(state.mau_fields) if state.mau_scope == "chosen" else None
    with tx() as s:
        if not (update and state.mau_id is not None):
            return create_mau(
                s,
                agency_id,
                user_id,
                name=state.mau_name,
                letter=content,
                fields=fields,
                visibility=state.mau_visibility,
            )
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
        return record


def save_as_mau(posted: Posted, action: str) -> ResponseReturnValue:
    """“Lưu thành mẫu” (a new mẫu) or “Lưu vào mẫu” (the mẫu being edited), from the form.

    “Mọi trường đã điền” keeps what was typed; “Chỉ các trường đã chọn” keeps the ticked
    fields as they are (even empty: the drafter chose them).
    """
    update = action == "mau_update"
    state = LetterState.from_form(request.form)
    chosen = state.mau_scope == "chosen"
    letter = posted.draft.letter
    content = letter if chosen else filled_fields(letter)
    problems: dict[str, list[str]] = {}
    status = 422
    if chosen and not state.mau_fields:
        problems["mau_fields"] = ["Hãy đánh dấu ít nhất một trường để lưu vào mẫu."]
    else:
        try:
            record = _store_mau(state, content, update=update)
        except Invalid as err:
            for p in err.problems:
                key = {"name": "mau_name", "fields": "mau_fields"}.get(p.path, "mau_name")
                problems.setdefault(key, []).append(p.message)
        except Conflict as err:
            problems["mau_name"] = [err.message]
            status = 409
        except (Forbidden, NotFound) as err:
            status = 403 if isinstance(err, Forbidden) else 404
            return posted.page(notice=("error", err.message), focus="notice", status=status)
    if problems:
        state = replace(state, mau_problems=problems)
        said = " ".join(m for ms in problems.values() for m in ms)
        notice = ("error", "Chưa lưu được mẫu: " + said)
        return posted.page(state=state, notice=notice, focus="notice", status=status)
    shown = "cả cơ quan dùng được" if record.visibility == "agency" else "chỉ mình bạn thấy"
    verb = "Đã lưu vào mẫu" if update else "Đã lưu mẫu"
    notice = ("ok", f"{verb} “{record.name}” ({len(record.fields)} trường, {shown}).")
    state = LetterState.editing(record) if update else replace(state, mau_name="")
    return posted.page(state=state, notice=notice, focus="notice")


def fix_text(posted: Posted, action: str) -> ResponseReturnValue:
    """“Sửa thành …” without JavaScript: a viết hoa lưu ý's suggestion applied to its field,
    if the words are still where the finding saw them."""
    key = action.removeprefix("fix:")
    finding = next((f for f in review_letter(posted.draft.letter) if f.key == key), None)
    target = field_id(finding.path, posted.draft.rows, posted.kind) if finding else None
    current = field_value(posted.data, target) if target else None
    try:
        if finding is None or target is None or current is None:
            raise StaleFinding("Đoạn chữ cần sửa đã thay đổi; lưu ý hiện tại được ghi bên cạnh.")
        fixed = apply_suggestion(current, finding)
    except StaleFinding as err:
        return posted.page(notice=("error", str(err)), focus="notice", status=409)
    data = with_field_value(posted.data, target, fixed)
    notice = ("ok", f"Đã sửa “{finding.found}” thành “{finding.suggestion}”.")
    return render_page(new_form(data, posted.kind), notice=notice, focus=target)


FORM_ACTIONS: dict[str, Callable[[Posted, str], ResponseReturnValue]] = {
    "open": open_json,
    "open_docx": open_docx,
    "preset:signer": apply_preset,
    "preset:group": apply_preset,
    "save": save_letter,
    "save_copy": save_letter,
    "mau_save": save_as_mau,
    "mau_update": save_as_mau,
    "fix:": fix_text,
}


# Buttons that need a valid letter.


def check_action(posted: Posted, letter: Letter, _action: str) -> ResponseReturnValue:
    title = letter.definition.title
    notice = ("ok", f"{title} hợp lệ: có thể tải tệp .docx hoặc PDF.")
    return posted.page(notice=notice, focus="notice")


def print_action(posted: Posted, letter: Letter, _action: str) -> ResponseReturnValue:
    printed, status = make_print_view(letter)
    return posted.page(printed=printed, focus="print-title", status=status)


def tasks_action(posted: Posted, letter: Letter, action: str) -> ResponseReturnValue:
    if not letter.tasks:
        title = letter.definition.title
        notice = ("error", f"{title} chưa có khối “Nhiệm vụ” nào để xuất danh sách.")
        return posted.page(notice=notice, focus="notice")
    return download_tasks(letter, action.removeprefix("tasks_"))


LETTER_ACTIONS: dict[str, Callable[[Posted, Letter, str], ResponseReturnValue]] = {
    "check": check_action,
    "docx": lambda _p, letter, _a: download_docx(letter),
    "pdf": lambda p, letter, _a: download_pdf(letter, p.data, p.kind),
    "print": print_action,
    "json": lambda p, letter, _a: download_json(letter, p.draft.letter),
    "tasks_csv": tasks_action,
    "tasks_ics": tasks_action,
    "event_ics": lambda _p, letter, _a: download_event(letter),
}


# --- Fragments for app.js ---------------------------------------------------------------------


@bp.post("/preview")
def preview() -> ResponseReturnValue:
    """The preview fragment for app.js (same template the full page includes)."""
    kind = posted_kind()
    draft, _ = letter_from_form(kind)
    return render_template("_preview.html", **preview_for(draft, kind), **preview_helpers())


@bp.post("/print")
def print_preview() -> ResponseReturnValue:
    """The print preview fragment for app.js: the PDF's pages and the page checks."""
    kind = posted_kind()
    draft, _ = letter_from_form(kind)
    try:
        letter = Letter.from_dict(draft.letter)
    except LetterError as err:
        placed = place_problems(err.problems, draft.rows, kind)
        return render_template("_print.html", printed={"problems": placed}), 422
    printed, status = make_print_view(letter)
    return render_template("_print.html", printed=printed), status


__all__ = ["bp"]
