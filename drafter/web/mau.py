"""Mẫu (saved templates): the list with search and filters, use, edit, rename, duplicate,
delete to the trash and restore, import and export as letter-format JSON, and a new mẫu
from a công văn made in Word (“Tạo mẫu từ tệp .docx”, drafter.importer).

Saving the form as a mẫu, and saving an edited mẫu back, are buttons of the letter form
(drafter.web.letters). Every change is a POST with the CSRF token; who may change what is
the store's rule (the owner; a quản trị also the agency's shared mẫu).
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from drafter.filenames import content_disposition
from drafter.importer import NotACongVan, NotADocxError, import_docx
from drafter.jsoninput import JsonInputError, parse_json
from drafter.kinds import known_kinds, load_kind
from drafter.store import (
    VISIBILITIES,
    Conflict,
    Invalid,
    delete_mau,
    duplicate_mau,
    export_mau,
    get_mau,
    import_mau,
    list_deleted_mau,
    list_mau,
    rename_mau,
    restore_mau,
    use_mau,
)
from drafter.store.mau import RETENTION
from drafter.vntext import clean_input
from drafter.web.auth import ids
from drafter.web.db import tx
from drafter.web.forms import choosable_fields, filled_fields, partial_form_data
from drafter.web.letter_page import LetterState, can_edit_mau, new_form, render_page
from drafter.web.uploads import read_docx

bp = Blueprint("mau", __name__, url_prefix="/mau")

SORTS = {
    "last_used": "Dùng gần đây",
    "name": "Tên (A–Z)",
    "updated": "Sửa gần đây",
}
OWNERS = {"all": "Tất cả mẫu tôi thấy", "mine": "Chỉ mẫu của tôi"}


def _kinds() -> list[tuple[str, str]]:
    return [(k, load_kind(k).title) for k in sorted(known_kinds())]


def _list_page(
    *,
    import_problems: list[str] | None = None,
    docx_problems: list[str] | None = None,
    status: int = 200,
) -> Any:
    agency_id, user_id = ids()
    q = request.args.get("q", "")[:200]
    kind = request.args.get("kind", "")
    kinds = _kinds()
    if kind not in {k for k, _ in kinds}:
        kind = ""
    owner = request.args.get("owner", "all")
    owner = owner if owner in OWNERS else "all"
    sort = request.args.get("sort", "last_used")
    sort = sort if sort in SORTS else "last_used"
    with tx(readonly=True) as s:
        rows = list_mau(
            s,
            agency_id,
            user_id,
            q=q,
            kind=kind or None,
            owner="mine" if owner == "mine" else None,
            sort=sort,  # type: ignore[arg-type]
        )
    labels = {key: label for k, _ in kinds for key, label in choosable_fields(k)}
    filtered = bool(q or kind or owner != "all")
    return (
        render_template(
            "mau_list.html",
            rows=rows,
            q=q,
            kind=kind,
            kinds=kinds,
            owner=owner,
            owners=OWNERS,
            sort=sort,
            sorts=SORTS,
            filtered=filtered,
            field_labels=labels,
            can_edit=can_edit_mau,
            import_problems=import_problems or [],
            docx_problems=docx_problems or [],
            import_name=request.form.get("name", ""),
            import_visibility=request.form.get("visibility", "private"),
        ),
        status,
    )


@bp.get("")
def index() -> ResponseReturnValue:
    return _list_page()


@bp.post("/<int:mau_id>/use")
def use(mau_id: int) -> ResponseReturnValue:
    """“Tạo văn bản từ mẫu”: mark it used (the list sorts by it), then the new letter."""
    agency_id, user_id = ids()
    with tx() as s:
        use_mau(s, agency_id, user_id, mau_id)
    return redirect(url_for("letters.index", mau=mau_id), 303)


@bp.get("/<int:mau_id>/edit")
def edit(mau_id: int) -> ResponseReturnValue:
    """The letter form on the mẫu's content; “Lưu vào mẫu” saves it back."""
    agency_id, user_id = ids()
    with tx(readonly=True) as s:
        mau = get_mau(s, agency_id, user_id, mau_id)
    if not can_edit_mau(mau):
        abort(403)
    notice = (
        "ok",
        f"Đang sửa mẫu “{mau.name}”. Sửa nội dung rồi bấm “Lưu vào mẫu”; "
        "chỉ các trường được đánh dấu trong phần “Lưu thành mẫu” được ghi vào mẫu.",
    )
    state = LetterState.editing(mau)
    return render_page(
        new_form(partial_form_data(mau.letter, state.kind), state.kind), state=state, notice=notice
    )


@bp.route("/<int:mau_id>/rename", methods=["GET", "POST"])
def rename(mau_id: int) -> ResponseReturnValue:
    agency_id, user_id = ids()
    error = None
    status = 200
    if request.method == "POST":
        name = request.form.get("name", "")
        try:
            with tx() as s:
                mau = rename_mau(s, agency_id, user_id, mau_id, name)
        except Invalid as err:
            error, status = " ".join(p.message for p in err.problems), 422
        except Conflict as err:
            error, status = err.message, 409
        else:
            flash(f"Đã đổi tên mẫu thành “{mau.name}”.", "ok")
            return redirect(url_for("mau.index"), 303)
    with tx(readonly=True) as s:
        mau = get_mau(s, agency_id, user_id, mau_id)
    if not can_edit_mau(mau):
        abort(403)
    value = request.form.get("name", mau.name) if request.method == "POST" else mau.name
    return render_template("mau_rename.html", mau=mau, value=value, error=error), status


@bp.post("/<int:mau_id>/duplicate")
def duplicate(mau_id: int) -> ResponseReturnValue:
    agency_id, user_id = ids()
    with tx() as s:
        copy = duplicate_mau(s, agency_id, user_id, mau_id)
    flash(f"Đã tạo bản sao riêng “{copy.name}”.", "ok")
    return redirect(url_for("mau.index"), 303)


@bp.post("/<int:mau_id>/delete")
def delete(mau_id: int) -> ResponseReturnValue:
    agency_id, user_id = ids()
    with tx() as s:
        mau = get_mau(s, agency_id, user_id, mau_id)
        delete_mau(s, agency_id, user_id, mau_id)
    days = RETENTION.days
    flash(
        f"Đã chuyển mẫu “{mau.name}” vào Thùng rác; có thể khôi phục trong {days} ngày.",
        "ok",
    )
    return redirect(url_for("mau.index"), 303)


@bp.get("/trash")
def trash() -> ResponseReturnValue:
    agency_id, user_id = ids()
    with tx(readonly=True) as s:
        rows = list_deleted_mau(s, agency_id, user_id)
    return render_template("mau_trash.html", rows=rows, retention=RETENTION)


@bp.post("/<int:mau_id>/restore")
def restore(mau_id: int) -> ResponseReturnValue:
    agency_id, user_id = ids()
    try:
        with tx() as s:
            mau = restore_mau(s, agency_id, user_id, mau_id)
    except Conflict as err:
        flash(err.message, "error")
        return redirect(url_for("mau.trash"), 303)
    flash(f"Đã khôi phục mẫu “{mau.name}”.", "ok")
    return redirect(url_for("mau.index"), 303)


@bp.get("/<int:mau_id>/export")
def export(mau_id: int) -> ResponseReturnValue:
    """The mẫu as a letter-format JSON file (partial): “Mở JSON” and import read it."""
    agency_id, user_id = ids()
    with tx(readonly=True) as s:
        mau = get_mau(s, agency_id, user_id, mau_id)
        data = export_mau(s, agency_id, user_id, mau_id)
    body = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = content_disposition(
        f"Mẫu - {mau.name}.json", f"mau-{mau.id}.json"
    )
    return response


@bp.post("/import-docx")
def import_docx_file() -> ResponseReturnValue:
    """“Tạo mẫu từ tệp .docx”: a new mẫu from a công văn made in Word (drafter.importer),
    with the fields that could be read; what could not be is said."""
    agency_id, user_id = ids()
    upload = request.files.get("file")
    visibility = request.form.get("visibility", "private")
    if visibility not in VISIBILITIES:
        visibility = "private"
    data, why = read_docx(upload)
    if data is None:
        return _list_page(docx_problems=[why], status=400)
    assert upload is not None
    try:
        result = import_docx(data)
    except (NotADocxError, NotACongVan) as err:
        return _list_page(docx_problems=[f"Không đọc được “{upload.filename}”: {err}"], status=422)
    name = request.form.get("name", "")
    if not name.strip():
        stem = upload.filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].removesuffix(".docx")
        name = clean_input(stem)
    try:
        with tx() as s:
            mau = import_mau(
                s,
                agency_id,
                user_id,
                name=name,
                data=filled_fields(result.letter),
                visibility=visibility,
            )
    except Invalid as err:
        return _list_page(docx_problems=[str(p) for p in err.problems], status=422)
    except Conflict as err:
        return _list_page(docx_problems=[err.message], status=409)
    missing = [n.path for n in result.missing if n.path]
    said = f" Chưa lấy được: {', '.join(missing)}." if missing else ""
    flash(f"Đã tạo mẫu “{mau.name}” từ tệp .docx ({len(mau.fields)} trường).{said}", "ok")
    return redirect(url_for("mau.index"), 303)


@bp.post("/import")
def import_file() -> ResponseReturnValue:
    """A new mẫu from a letter-format JSON file (a complete letter, or an exported mẫu)."""
    agency_id, user_id = ids()
    upload = request.files.get("file")
    name = request.form.get("name", "")
    visibility = request.form.get("visibility", "private")
    if visibility not in VISIBILITIES:
        visibility = "private"
    if upload is None or not upload.filename:
        return _list_page(import_problems=["Chưa chọn tệp JSON để nhập."], status=400)
    try:
        data = parse_json(upload.read())
    except JsonInputError as err:
        return _list_page(import_problems=[f"Tệp “{upload.filename}” {err.reason}."], status=400)
    if not name.strip():
        stem = upload.filename.rsplit("/", 1)[-1].removesuffix(".json")
        name = clean_input(stem.removeprefix("Mẫu - "))
    try:
        with tx() as s:
            mau = import_mau(s, agency_id, user_id, name=name, data=data, visibility=visibility)
    except Invalid as err:
        return _list_page(import_problems=[str(p) for p in err.problems], status=422)
    except Conflict as err:
        return _list_page(import_problems=[err.message], status=409)
    flash(f"Đã nhập mẫu “{mau.name}” ({len(mau.fields)} trường).", "ok")
    return redirect(url_for("mau.index"), 303)


__all__ = ["bp"]
