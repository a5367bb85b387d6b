"""The way from draft to issued document, in pages (docs/workflow.md): a draft's review
page (state, the letter, every step and comment, what the viewer may do), Trình ký,
Trả lại, Duyệt, Cấp số và phát hành, the issued files, and the two lists: Chờ duyệt (a
lãnh đạo's) and Chờ phát hành (the văn thư's).

Every step is a POST with the page's CSRF token and works without JavaScript. The rules
(who sees a draft, who may take which step, from which state) are the store's
(drafter.store.workflow, drafter.store.issuing); the pages only offer what it would
accept. `POST /review/from-form` is the letter page's “Trình ký…” button: it saves the
form as the draft's next version, then opens the Trình page.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from drafter.model import Letter, LetterError, Problem
from drafter.pdf import PdfError
from drafter.store import (
    Conflict,
    Invalid,
    IssuedRecord,
    ReviewRecord,
    VersionConflict,
    approve_draft,
    create_draft,
    get_draft,
    get_issued,
    get_review,
    list_leaders,
    list_pending,
    list_to_issue,
    return_draft,
    save_draft,
    series_label,
    submit_draft,
)
from drafter.store.issuing import issued_letter, series_for
from drafter.store.numbers import peek_next_number
from drafter.web import outgoing
from drafter.web.auth import ids
from drafter.web.db import tx
from drafter.web.forms import LetterDraft
from drafter.web.letter_page import (
    LetterState,
    download_docx,
    letter_from_form,
    letter_kind,
    new_form,
    pdf_failure,
    posted_kind,
    preview_for,
    preview_helpers,
    render_page,
)

bp = Blueprint("review", __name__, url_prefix="/review")


def _next_number(review: ReviewRecord) -> tuple[str, int] | None:
    """The series and number the văn thư would give now (shown, not reserved)."""
    if "issue" not in review.actions:
        return None
    try:
        letter = Letter.from_dict(review.draft.letter)
    except LetterError:
        return None
    agency_id, _ = ids()
    with tx(readonly=True) as s:
        series = series_for(s, agency_id, letter)
        year = outgoing.today().year
        return series_label(series), peek_next_number(s, agency_id, year=year, ky_hieu=series)


def _page(
    review: ReviewRecord,
    *,
    problems: dict[str, list[str]] | None = None,
    notice: tuple[str, str] | None = None,
    form: dict[str, str] | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    agency_id, user_id = ids()
    issued: IssuedRecord | None = None
    shown = review.draft.letter
    if review.state == "da_phat_hanh":
        with tx(readonly=True) as s:
            issued = get_issued(s, agency_id, user_id, review.draft.id)
            shown = issued_letter(s, agency_id, user_id, review.draft.id)
    kind = letter_kind(shown)
    html = render_template(
        "review.html",
        review=review,
        issued=issued,
        next_number=_next_number(review),
        problems=problems or {},
        notice=notice,
        form=form or {},
        is_owner=review.owner.id == user_id,
        **preview_for(LetterDraft(shown), kind),
        **preview_helpers(),
    )
    return html, status


@bp.get("/<int:draft_id>")
def show(draft_id: int) -> ResponseReturnValue:
    agency_id, user_id = ids()
    with tx(readonly=True) as s:
        review = get_review(s, agency_id, user_id, draft_id)
    return _page(review)


@bp.get("/<int:draft_id>/docx")
def docx(draft_id: int) -> ResponseReturnValue:
    """The current version as .docx (for whoever sees the draft: the lãnh đạo reads it)."""
    agency_id, user_id = ids()
    with tx(readonly=True) as s:
        review = get_review(s, agency_id, user_id, draft_id)
    try:
        letter = Letter.from_dict(review.draft.letter)
    except LetterError as err:
        return render_template("draft_invalid.html", draft=review.draft, problems=err.problems), 422
    return download_docx(letter)


@bp.post("/from-form")
def from_form() -> ResponseReturnValue:
    """“Trình ký…” on the letter page: the form saved as the draft's next version (or as
    a new draft), then the Trình page. A save refused because another tab saved first
    is let through when the stored version holds exactly this text."""
    kind = posted_kind()
    draft, data = letter_from_form(kind)
    state = LetterState.from_form(request.form)
    agency_id, user_id = ids()
    try:
        with tx() as s:
            if state.draft_id is None:
                record = create_draft(s, agency_id, user_id, draft.letter)
            else:
                if state.draft_version is None:
                    raise Invalid(
                        [Problem("", "Biểu mẫu gửi lên không đầy đủ; hãy tải lại trang.")]
                    )
                record = save_draft(
                    s,
                    agency_id,
                    user_id,
                    state.draft_id,
                    draft.letter,
                    state.draft_version,
                    "save",
                )
    except VersionConflict as err:
        with tx(readonly=True) as s:
            stored = get_draft(s, agency_id, user_id, state.draft_id or 0)
        if stored.letter != draft.letter or not stored.editable:
            state = replace(state, conflict=err.current_version)
            return render_page(
                new_form(data, kind),
                state=state,
                notice=("error", err.message),
                focus="notice",
                status=409,
            )
        record = stored
    except Invalid as err:
        message = str(err) or "Biểu mẫu gửi lên không đầy đủ; hãy tải lại trang."
        return render_page(
            new_form(data, kind),
            state=state,
            notice=("error", message),
            focus="notice",
            status=422,
        )
    return redirect(url_for("review.submit_page", draft_id=record.id), 303)


def _submit_page(
    review: ReviewRecord,
    *,
    problems: dict[str, list[str]] | None = None,
    letter_problems: list[Problem] | None = None,
    form: dict[str, str] | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    agency_id, _ = ids()
    with tx(readonly=True) as s:
        leaders = list_leaders(s, agency_id)
    if letter_problems is None:
        try:
            Letter.from_dict(review.draft.letter)
            letter_problems = []
        except LetterError as err:
            letter_problems = err.problems
    chosen = (form or {}).get("to") or _suggested(review, leaders)
    return render_template(
        "review_submit.html",
        review=review,
        leaders=leaders,
        chosen=chosen,
        problems=problems or {},
        letter_problems=letter_problems,
        form=form or {},
    ), status


def _suggested(review: ReviewRecord, leaders: list[Any]) -> str:
    """The lãnh đạo to offer first: the one linked to the signer preset the letter is
    signed with (or whose name it bears), else the last one it was trình to."""
    ky = review.draft.letter.get("ky") or {}
    name = " ".join(str(ky.get("ho_ten", "")).split()).casefold() if isinstance(ky, dict) else ""
    for match in (
        lambda leader: any(n.casefold() == name for n in leader.signs_as),
        lambda leader: leader.full_name.casefold() == name,
    ):
        for leader in leaders:
            if name and match(leader):
                return str(leader.id)
    return str(review.reviewer.id) if review.reviewer else ""


@bp.get("/<int:draft_id>/submit")
def submit_page(draft_id: int) -> ResponseReturnValue:
    agency_id, user_id = ids()
    with tx(readonly=True) as s:
        review = get_review(s, agency_id, user_id, draft_id)
    if "submit" not in review.actions:
        flash(f"Văn bản đang ở trạng thái “{review.state_label}”: không trình được.", "error")
        return redirect(url_for("review.show", draft_id=draft_id))
    return _submit_page(review)


def _problems(err: Invalid) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in err.problems:
        out.setdefault(p.path or "", []).append(p.message)
    return out


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 12 else None


@bp.post("/<int:draft_id>/submit")
def submit(draft_id: int) -> ResponseReturnValue:
    form = {k: request.form.get(k, "") for k in ("to", "comment", "version")}
    agency_id, user_id = ids()
    to: int | str = _int(form["to"]) or ""
    try:
        with tx() as s:
            review = submit_draft(
                s,
                agency_id,
                user_id,
                draft_id,
                to=to,
                comment=form["comment"],
                expected_version=_int(form["version"]),
            )
    except Invalid as err:
        with tx(readonly=True) as s:
            review = get_review(s, agency_id, user_id, draft_id)
        mine = [p for p in err.problems if p.path in ("to", "comment")]
        letter = [p for p in err.problems if p.path not in ("to", "comment")]
        return _submit_page(
            review,
            problems=_problems(Invalid(mine)),
            letter_problems=letter or None,
            form=form,
            status=422,
        )
    who = review.reviewer.display_name if review.reviewer else ""
    flash(f"Đã trình {who} phiên bản {review.draft.current_version}.", "ok")
    return redirect(url_for("review.show", draft_id=draft_id), 303)


@bp.post("/<int:draft_id>/return")
def return_(draft_id: int) -> ResponseReturnValue:
    comment = request.form.get("comment", "")
    agency_id, user_id = ids()
    try:
        with tx() as s:
            return_draft(s, agency_id, user_id, draft_id, comment=comment)
    except Invalid as err:
        with tx(readonly=True) as s:
            review = get_review(s, agency_id, user_id, draft_id)
        return _page(review, problems=_problems(err), form={"comment": comment}, status=422)
    flash("Đã trả lại văn bản cho người soạn, kèm ý kiến.", "ok")
    return redirect(url_for("review.show", draft_id=draft_id), 303)


@bp.post("/<int:draft_id>/approve")
def approve(draft_id: int) -> ResponseReturnValue:
    comment = request.form.get("approve_comment", "")
    agency_id, user_id = ids()
    try:
        with tx() as s:
            approve_draft(s, agency_id, user_id, draft_id, comment=comment)
    except Invalid as err:
        with tx(readonly=True) as s:
            review = get_review(s, agency_id, user_id, draft_id)
        problems = {"approve_comment": [p.message for p in err.problems]}
        return _page(review, problems=problems, form={"approve_comment": comment}, status=422)
    flash("Đã duyệt: văn bản chờ văn thư cấp số và phát hành.", "ok")
    return redirect(url_for("review.show", draft_id=draft_id), 303)


@bp.post("/<int:draft_id>/issue")
def issue(draft_id: int) -> ResponseReturnValue:
    form = {k: request.form.get(k, "") for k in ("so_luong_ban", "ghi_chu")}
    agency_id, user_id = ids()
    copies: Any = form["so_luong_ban"].strip() or None
    if copies is not None:
        copies = int(copies) if copies.isdigit() and len(copies) < 7 else -1
    try:
        with tx() as s:
            record = outgoing.issue(
                s, agency_id, user_id, draft_id, so_luong_ban=copies, ghi_chu=form["ghi_chu"]
            )
    except (Invalid, PdfError, Conflict) as err:
        with tx(readonly=True) as s:
            review = get_review(s, agency_id, user_id, draft_id)
        if isinstance(err, Invalid):
            return _page(review, problems=_problems(err), form=form, status=422)
        if isinstance(err, PdfError):
            notice = ("error", "Chưa phát hành, chưa cấp số nào. " + pdf_failure(err))
            return _page(review, notice=notice, form=form, status=503)
        return _page(review, notice=("error", err.message), form=form, status=409)
    flash(
        f"Đã cấp số {record.so_ky_hieu}, ngày {record.ngay:%d/%m/%Y}, và phát hành. "
        "Văn bản đã vào Sổ đăng ký văn bản đi.",
        "ok",
    )
    return redirect(url_for("review.show", draft_id=draft_id), 303)


@bp.get("/<int:draft_id>/issued.docx")
def issued_docx(draft_id: int) -> ResponseReturnValue:
    agency_id, user_id = ids()
    with tx(readonly=True) as s:
        return outgoing.issued_download(s, agency_id, user_id, draft_id, "docx")


@bp.get("/<int:draft_id>/issued.pdf")
def issued_pdf(draft_id: int) -> ResponseReturnValue:
    agency_id, user_id = ids()
    with tx(readonly=True) as s:
        return outgoing.issued_download(s, agency_id, user_id, draft_id, "pdf")


@bp.get("/pending")
def pending() -> ResponseReturnValue:
    """Chờ duyệt: what waits for this lãnh đạo."""
    agency_id, user_id = ids()
    with tx(readonly=True) as s:
        items = list_pending(s, agency_id, user_id)
    return render_template("review_queue.html", items=items, queue="pending")


@bp.get("/to-issue")
def to_issue() -> ResponseReturnValue:
    """Chờ phát hành: the approved drafts, for the văn thư."""
    agency_id, user_id = ids()
    with tx(readonly=True) as s:
        items = list_to_issue(s, agency_id, user_id)
    return render_template("review_queue.html", items=items, queue="to_issue")


__all__ = ["bp"]
