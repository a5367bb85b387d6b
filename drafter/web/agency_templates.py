"""`/admin/templates` (“Mẫu in của cơ quan”): the agency's own Word template per kind.

The quản trị downloads drafter's template of a kind as the starting point, edits it in
Word and uploads it. The upload goes through the acceptance of drafter.usertemplate (safe
package, known tags, sandbox, every example letter printed right, on the .docx and, with
TEMPLATE_PAGE_CHECKS, on the page); refused, the page lists every reason or finding
(422) and nothing is stored; accepted, it is stored as the kind's next version and the
agency's letters print with it (drafter.web.rendering). Older versions can be put back,
or the agency goes back to drafter's template. Quản trị only (403 for the other roles);
another agency's version id is 404 (the store's rule).
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue

from drafter.docx.package import megabytes
from drafter.kinds import all_kinds, known_kinds, load_kind
from drafter.render import template_path
from drafter.store import (
    ROLE_LABELS,
    Forbidden,
    activate_template,
    add_template,
    list_templates,
    revert_to_builtin,
    template_data,
)
from drafter.usertemplate import Verdict, check_template
from drafter.web.auth import current_user, ids
from drafter.web.db import tx
from drafter.web.letter_page import DOCX_TYPE, download
from drafter.web.uploads import read_docx

bp = Blueprint("agency_templates", __name__, url_prefix="/admin/templates")


@bp.before_request
def quan_tri_only() -> None:
    """The whole page is the quản trị's (the store checks each call again)."""
    if current_user().role != "quan_tri":
        raise Forbidden(f"Chức năng này dành cho vai trò: {ROLE_LABELS['quan_tri']}.")


def _kind_or_404(kind: str) -> str:
    if kind not in known_kinds():
        abort(404)
    return kind


def _page(*, verdict: Verdict | None = None, refused_kind: str = "", status: int = 200) -> Any:
    agency_id, user_id = ids()
    with tx(readonly=True) as s:
        versions = list_templates(s, agency_id, user_id)
    by_kind: dict[str, list[Any]] = {}
    for v in versions:
        by_kind.setdefault(v.kind, []).append(v)
    kinds = sorted(all_kinds(), key=lambda k: (k.key != "cong_van", k.title))
    return (
        render_template(
            "agency_templates.html",
            kinds=kinds,
            by_kind=by_kind,
            verdict=verdict,
            refused_kind=refused_kind,
            limit=megabytes(int(current_app.config["DOCX_UPLOAD_MAX"])),
            page_checks=bool(current_app.config.get("TEMPLATE_PAGE_CHECKS")),
        ),
        status,
    )


@bp.get("")
def index() -> ResponseReturnValue:
    return _page()


@bp.get("/builtin/<kind>.docx")
def builtin(kind: str) -> ResponseReturnValue:
    """drafter's own template of a kind: the starting point of the agency's."""
    data = template_path(_kind_or_404(kind)).read_bytes()
    title = load_kind(kind).title
    return download(data, DOCX_TYPE, f"Mẫu gốc drafter - {title}.docx", f"mau-goc-{kind}.docx")


def _pages() -> Any:
    """The page checks' converter, when configured (the app's LibreOffice pool)."""
    if not current_app.config.get("TEMPLATE_PAGE_CHECKS"):
        return None
    from drafter.web.pdfview import converter

    return converter().convert


@bp.post("/<kind>/upload")
def upload(kind: str) -> ResponseReturnValue:
    kind = _kind_or_404(kind)
    agency_id, user_id = ids()
    file = request.files.get("file")
    data, why = read_docx(file)
    title = load_kind(kind).title.lower()
    if data is None:
        verdict = Verdict(kind, reasons=[why])
        return _page(verdict=verdict, refused_kind=kind, status=400)
    verdict = check_template(data, kind, pages=_pages())
    if not verdict.accepted:
        return _page(verdict=verdict, refused_kind=kind, status=422)
    assert file is not None
    with tx() as s:
        record = add_template(
            s, agency_id, user_id, kind=kind, filename=file.filename or "", data=data
        )
    flash(
        f"Đã nhận mẫu {title} (phiên bản {record.version}): "
        f"{verdict.lines()[0].split(': ', 1)[-1]} Từ nay văn bản {title} của cơ quan in theo "
        "mẫu này.",
        "ok",
    )
    return redirect(url_for("agency_templates.index", _anchor=f"kind-{kind}"), 303)


@bp.get("/<int:template_id>/download")
def download_version(template_id: int) -> ResponseReturnValue:
    agency_id, user_id = ids()
    with tx(readonly=True) as s:
        record, data = template_data(s, agency_id, user_id, template_id)
    title = load_kind(record.kind).title
    name = f"Mẫu {title} - phiên bản {record.version}.docx"
    return download(data, DOCX_TYPE, name, f"mau-{record.kind}-v{record.version}.docx")


@bp.post("/<int:template_id>/activate")
def activate(template_id: int) -> ResponseReturnValue:
    agency_id, user_id = ids()
    with tx() as s:
        record = activate_template(s, agency_id, user_id, template_id)
    title = load_kind(record.kind).title.lower()
    flash(f"Văn bản {title} của cơ quan in lại theo mẫu phiên bản {record.version}.", "ok")
    return redirect(url_for("agency_templates.index", _anchor=f"kind-{record.kind}"), 303)


@bp.post("/<kind>/revert")
def revert(kind: str) -> ResponseReturnValue:
    kind = _kind_or_404(kind)
    agency_id, user_id = ids()
    with tx() as s:
        revert_to_builtin(s, agency_id, user_id, kind)
    title = load_kind(kind).title.lower()
    flash(
        f"Văn bản {title} của cơ quan in lại theo mẫu gốc của drafter (các phiên bản đã tải "
        "lên vẫn được giữ).",
        "ok",
    )
    return redirect(url_for("agency_templates.index", _anchor=f"kind-{kind}"), 303)


__all__ = ["bp"]
