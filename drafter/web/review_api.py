"""The workflow's API (docs/api.md, “Trình, duyệt, phát hành”): the steps of a draft, the
issued files and the register, for a signed-in session (with its CSRF token) or an API
token (`Authorization: Bearer …`, no CSRF token).

    POST /api/v1/drafts/<id>/submit   {"to": "<username of a lãnh đạo>", "comment"?, "version"?}
    POST /api/v1/drafts/<id>/return   {"comment": "…"}
    POST /api/v1/drafts/<id>/approve  {"comment"?}
    POST /api/v1/drafts/<id>/issue    {"so_luong_ban"?, "ghi_chu"?}
                                      → {"so": "05", "ky_hieu", "ngay", "sha256": {…}}
    GET  /api/v1/issued/<id>.docx | .pdf     (<id>: the draft's id)
    GET  /api/v1/register?year=2026&format=json|xlsx|pdf[&series=…][&q=…]

Wrong role → 403, a draft the caller cannot see (another agency's, a colleague's dự thảo)
→ 404, wrong state → 409, each in the one JSON error shape.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from drafter.pdf import PdfError
from drafter.register_export import FORMATS
from drafter.store import approve_draft, return_draft, submit_draft
from drafter.store.errors import invalid
from drafter.web import outgoing
from drafter.web.auth import ids
from drafter.web.db import tx
from drafter.web.jsonio import ApiError, read_json

bp = Blueprint("review_api", __name__, url_prefix="/api/v1")


def _body(allowed: set[str]) -> dict[str, Any]:
    """The JSON object sent (an empty body is an empty object); unknown keys refused."""
    if not request.get_data(cache=True):
        return {}
    body = read_json()
    if not isinstance(body, dict):
        raise invalid("", "Nội dung gửi lên phải là một đối tượng JSON.")
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise invalid(unknown[0], "Trường không có trong yêu cầu này.")
    return body


@bp.post("/drafts/<int:draft_id>/submit")
def submit(draft_id: int) -> ResponseReturnValue:
    body = _body({"to", "comment", "version"})
    version = body.get("version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
        raise invalid("version", "Phiên bản phải là số nguyên.")
    agency_id, user_id = ids()
    with tx() as s:
        review = submit_draft(
            s,
            agency_id,
            user_id,
            draft_id,
            to=body.get("to", ""),
            comment=body.get("comment", ""),
            expected_version=version,
        )
    return jsonify(outgoing.review_json(review))


@bp.post("/drafts/<int:draft_id>/return")
def return_(draft_id: int) -> ResponseReturnValue:
    body = _body({"comment"})
    agency_id, user_id = ids()
    with tx() as s:
        review = return_draft(s, agency_id, user_id, draft_id, comment=body.get("comment", ""))
    return jsonify(outgoing.review_json(review))


@bp.post("/drafts/<int:draft_id>/approve")
def approve(draft_id: int) -> ResponseReturnValue:
    body = _body({"comment"})
    agency_id, user_id = ids()
    with tx() as s:
        review = approve_draft(s, agency_id, user_id, draft_id, comment=body.get("comment", ""))
    return jsonify(outgoing.review_json(review))


@bp.post("/drafts/<int:draft_id>/issue")
def issue(draft_id: int) -> ResponseReturnValue:
    """Cấp số và phát hành: the number, the date, the stored .docx and PDF, at once."""
    body = _body({"so_luong_ban", "ghi_chu"})
    agency_id, user_id = ids()
    try:
        with tx() as s:
            record = outgoing.issue(
                s,
                agency_id,
                user_id,
                draft_id,
                so_luong_ban=body.get("so_luong_ban"),
                ghi_chu=body.get("ghi_chu", ""),
            )
    except PdfError as err:
        raise ApiError(
            503, f"Chưa phát hành được (không tạo được bản PDF; chưa cấp số nào): {err}"
        ) from err
    return jsonify(outgoing.issued_summary(record))


@bp.get("/issued/<int:draft_id>.docx")
def issued_docx(draft_id: int) -> ResponseReturnValue:
    agency_id, user_id = ids()
    with tx(readonly=True) as s:
        return outgoing.issued_download(s, agency_id, user_id, draft_id, "docx")


@bp.get("/issued/<int:draft_id>.pdf")
def issued_pdf(draft_id: int) -> ResponseReturnValue:
    agency_id, user_id = ids()
    with tx(readonly=True) as s:
        return outgoing.issued_download(s, agency_id, user_id, draft_id, "pdf")


@bp.get("/register")
def register() -> ResponseReturnValue:
    fmt = request.args.get("format", "json")
    if fmt not in FORMATS:
        raise ApiError(400, f"Định dạng “{fmt}” không được hỗ trợ (json, xlsx hoặc pdf).")
    year = outgoing.parse_year(request.args.get("year"))
    if year is None:
        raise ApiError(400, "Năm (year) phải là số có bốn chữ số, ví dụ 2026.")
    agency_id, user_id = ids()
    try:
        with tx() as s:  # writes the export's audit entry
            return outgoing.register_download(
                s,
                agency_id,
                user_id,
                year=year,
                series=outgoing.parse_series(request.args.get("series")),
                fmt=fmt,
                q=request.args.get("q", ""),
            )
    except PdfError as err:
        raise ApiError(503, f"Chưa tạo được bản PDF của sổ: {err}") from err


__all__ = ["bp"]
