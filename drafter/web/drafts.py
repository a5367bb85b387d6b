"""Drafts: the pages (list, reopen, versions, restore, delete, .docx) and the JSON API
app.js saves through while the drafter types.

API (session cookie + `X-CSRFToken` header, the token of the page's
`<meta name="csrf-token">`):

    POST /api/v1/drafts        {"letter": {…}, "title"?, "kind"?}  → 201 {"id", "version"}
    GET  /api/v1/drafts/<id>                                      → {"id", "version", "letter"}
    PUT  /api/v1/drafts/<id>   {"letter", "expected_version", "kind": "save"|"autosave"}
                               → 200 {"version"} | 409 {"current_version", "message"}
    POST /api/v1/drafts/form   the letter page's form itself (multipart, with its CSRF
                               token), plus `draft_id`, `draft_version`, `save_kind`:
                               the server turns the form into the letter (the one
                               form → letter conversion), then creates or saves as above

A draft holds the form's letter as typed, complete or not. A save from an older version
than the stored one is refused (409) and writes nothing: the caller keeps its text.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from drafter.model import Letter, LetterError
from drafter.store import (
    create_draft,
    delete_draft,
    get_draft,
    get_review,
    latest_return,
    list_drafts,
    list_versions,
    restore_version,
    save_draft,
)
from drafter.store.errors import invalid
from drafter.web.auth import ids
from drafter.web.db import MAX_ID, tx
from drafter.web.forms import partial_form_data
from drafter.web.jsonio import read_json
from drafter.web.letter_page import (
    LetterState,
    download_docx,
    form_id,
    letter_from_form,
    letter_kind,
    new_form,
    posted_kind,
    render_page,
)
from drafter.web.outgoing import review_json

bp = Blueprint("drafts", __name__, url_prefix="/drafts")
api_bp = Blueprint("drafts_api", __name__, url_prefix="/api/v1/drafts")

# --- Pages ------------------------------------------------------------------------------------


@bp.get("")
def index() -> ResponseReturnValue:
    agency_id, user_id = ids()
    with tx(readonly=True) as s:
        drafts = list_drafts(s, agency_id, user_id)
    return render_template("drafts.html", drafts=drafts)


@bp.get("/<int:draft_id>")
def open_draft(draft_id: int) -> ResponseReturnValue:
    """The form on the draft's current version: saving goes on from that version. A draft
    on its way (chờ duyệt and after) is read-only: its review page instead. A draft
    returned with a comment shows the comment above the form."""
    agency_id, user_id = ids()
    with tx(readonly=True) as s:
        draft = get_draft(s, agency_id, user_id, draft_id)
        returned = latest_return(s, agency_id, user_id, draft_id) if draft.editable else None
    if not draft.editable:
        return redirect(url_for("review.show", draft_id=draft.id))
    kind = letter_kind(draft.letter)
    state = LetterState(kind=kind, draft_id=draft.id, draft_version=draft.current_version)
    notice = None
    if returned is not None:
        notice = (
            "error",
            f"{returned.actor.display_name} đã trả lại (phiên bản {returned.version_n}): "
            f"“{returned.comment}”. Sửa xong, bấm “Trình ký…” để trình lại.",
        )
    return render_page(
        new_form(partial_form_data(draft.letter, kind), kind), state=state, notice=notice
    )


@bp.get("/<int:draft_id>/versions")
def versions(draft_id: int) -> ResponseReturnValue:
    agency_id, user_id = ids()
    with tx(readonly=True) as s:
        draft = get_draft(s, agency_id, user_id, draft_id)
        rows = list_versions(s, agency_id, user_id, draft_id)
    return render_template("draft_versions.html", draft=draft, versions=rows)


@bp.post("/<int:draft_id>/versions/<int:n>/restore")
def restore(draft_id: int, n: int) -> ResponseReturnValue:
    """Version n's content becomes current again, as a new version (nothing is lost)."""
    agency_id, user_id = ids()
    with tx() as s:
        draft = restore_version(s, agency_id, user_id, draft_id, n)
    flash(
        f"Đã khôi phục phiên bản {n}: nội dung của nó là phiên bản mới "
        f"{draft.current_version}; các phiên bản khác vẫn còn.",
        "ok",
    )
    return redirect(url_for("drafts.open_draft", draft_id=draft_id), 303)


@bp.get("/<int:draft_id>/delete")
def confirm_delete(draft_id: int) -> ResponseReturnValue:
    """Deleting a draft cannot be undone: ask first (a page, so it works without JS)."""
    agency_id, user_id = ids()
    with tx(readonly=True) as s:
        draft = get_draft(s, agency_id, user_id, draft_id)
    return render_template("draft_delete.html", draft=draft)


@bp.post("/<int:draft_id>/delete")
def delete(draft_id: int) -> ResponseReturnValue:
    agency_id, user_id = ids()
    with tx() as s:
        draft = get_draft(s, agency_id, user_id, draft_id)
        delete_draft(s, agency_id, user_id, draft_id)
    flash(f"Đã xóa bản nháp “{draft.title}” cùng mọi phiên bản của nó.", "ok")
    return redirect(url_for("drafts.index"), 303)


@bp.get("/<int:draft_id>/docx")
def docx(draft_id: int) -> ResponseReturnValue:
    """The draft's current version as .docx; an incomplete draft says what is missing."""
    agency_id, user_id = ids()
    with tx(readonly=True) as s:
        draft = get_draft(s, agency_id, user_id, draft_id)
    try:
        letter = Letter.from_dict(draft.letter)
    except LetterError as err:
        return render_template("draft_invalid.html", draft=draft, problems=err.problems), 422
    return download_docx(letter)


# --- JSON API ---------------------------------------------------------------------------------


def _object() -> dict[str, Any]:
    body = read_json()
    if not isinstance(body, dict):
        raise invalid("", "Nội dung gửi lên phải là một đối tượng JSON.")
    unknown = sorted(set(body) - {"letter", "title", "kind", "expected_version"})
    if unknown:
        raise invalid(unknown[0], "Trường không có trong API bản nháp.")
    return body


def _kind(body: dict[str, Any]) -> Any:
    return body.get("kind", "save")


@api_bp.post("")
def api_create() -> ResponseReturnValue:
    body = _object()
    title = body.get("title")
    if title is not None and not isinstance(title, str):
        raise invalid("title", "Tên bản nháp phải là chuỗi ký tự.")
    agency_id, user_id = ids()
    with tx() as s:
        draft = create_draft(
            s, agency_id, user_id, body.get("letter"), kind=_kind(body), title=title
        )
    response = jsonify(id=draft.id, version=draft.current_version, title=draft.title)
    response.status_code = 201
    response.headers["Location"] = url_for("drafts_api.api_get", draft_id=draft.id)
    return response


@api_bp.get("/<int:draft_id>")
def api_get(draft_id: int) -> ResponseReturnValue:
    """The draft's current version, its state and its comments (docs/workflow.md), for
    whoever may see it: its owner, the lãnh đạo it was trình to, a văn thư once approved."""
    agency_id, user_id = ids()
    with tx(readonly=True) as s:
        review = get_review(s, agency_id, user_id, draft_id)
    draft = review.draft
    return jsonify(
        **review_json(review),
        title=draft.title,
        letter=draft.letter,
        actions=sorted(review.actions),
    )


@api_bp.put("/<int:draft_id>")
def api_save(draft_id: int) -> ResponseReturnValue:
    body = _object()
    expected = body.get("expected_version")
    if not isinstance(expected, int) or isinstance(expected, bool) or not 1 <= expected <= MAX_ID:
        raise invalid("expected_version", "Cần số phiên bản đang sửa (số nguyên dương).")
    agency_id, user_id = ids()
    with tx() as s:
        draft = save_draft(
            s, agency_id, user_id, draft_id, body.get("letter"), expected, _kind(body)
        )
    return jsonify(version=draft.current_version, title=draft.title)


@api_bp.post("/form")
def api_save_form() -> ResponseReturnValue:
    """What app.js saves (“Lưu”, autosave): the letter page's form as it is posted, turned
    into the letter here, by the same conversion as every other button of the page."""
    kind = posted_kind()
    draft, _ = letter_from_form(kind)
    save_kind = request.form.get("save_kind", "save")
    draft_id = form_id(request.form.get("draft_id"))
    agency_id, user_id = ids()
    if draft_id is None:
        with tx() as s:
            record = create_draft(s, agency_id, user_id, draft.letter, kind=save_kind)
        response = jsonify(id=record.id, version=record.current_version, title=record.title)
        response.status_code = 201
        return response
    expected = form_id(request.form.get("draft_version"))
    if expected is None:
        raise invalid("draft_version", "Cần số phiên bản đang sửa (số nguyên dương).")
    with tx() as s:
        record = save_draft(s, agency_id, user_id, draft_id, draft.letter, expected, save_kind)
    return jsonify(id=record.id, version=record.current_version, title=record.title)


__all__ = ["api_bp", "bp"]
