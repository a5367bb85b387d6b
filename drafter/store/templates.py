"""Agency templates: an agency's own Word template per kind, every upload a new version.

The quản trị uploads (after the acceptance of drafter.usertemplate, which the caller
runs: the store keeps bytes, it does not judge them), lists, downloads, puts an older
version back, or goes back to drafter's built-in template. Printing reads the active
version of the agency's kind through `active_template`, for any user of the agency and
no other: another agency's template is NotFound, never used.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from drafter.kinds import known_kinds
from drafter.store.common import actor, require_role
from drafter.store.errors import NotFound, invalid
from drafter.store.models import AgencyTemplate, User, utcnow

MAX_BYTES = 10_000_000  # as drafter.usertemplate.MAX_TEMPLATE_BYTES (and the column's check)
EDITORS = ("quan_tri",)


@dataclass(frozen=True)
class TemplateSummary:
    """One version as the list shows it."""

    id: int
    kind: str
    version: int
    filename: str
    size: int
    sha256: str
    active: bool
    uploaded_by: str
    created_at: dt.datetime


@dataclass(frozen=True)
class ActiveTemplate:
    """What printing needs: which version, and its digest (the bytes come on demand)."""

    id: int
    kind: str
    version: int
    sha256: str


def _summary(row: AgencyTemplate, user: User | None) -> TemplateSummary:
    return TemplateSummary(
        id=row.id,
        kind=row.kind,
        version=row.version,
        filename=row.filename,
        size=row.size,
        sha256=row.sha256,
        active=row.active,
        uploaded_by=user.display_name if user is not None else "",
        created_at=row.created_at,
    )


def _kind(kind: str) -> str:
    if kind not in known_kinds():
        raise invalid("kind", f"Loại văn bản “{kind}” không có trong drafter.")
    return kind


def _row(session: Session, agency_id: int, template_id: int) -> AgencyTemplate:
    row = session.scalar(
        select(AgencyTemplate).where(
            AgencyTemplate.id == template_id, AgencyTemplate.agency_id == agency_id
        )
    )
    if row is None:
        raise NotFound("Không tìm thấy mẫu in này.")
    return row


def add_template(
    session: Session,
    agency_id: int,
    actor_id: int,
    *,
    kind: str,
    filename: str,
    data: bytes,
) -> TemplateSummary:
    """Store an accepted template as the next version of the kind, and make it active."""
    user = actor(session, agency_id, actor_id, *EDITORS)
    _kind(kind)
    if not 0 < len(data) <= MAX_BYTES:
        raise invalid("file", f"Tệp mẫu phải từ 1 byte đến {MAX_BYTES // 1_000_000} MB.")
    name = " ".join(filename.replace("\\", "/").rsplit("/", 1)[-1].split())[:200] or "mau.docx"
    last = session.scalar(
        select(func.max(AgencyTemplate.version)).where(
            AgencyTemplate.agency_id == agency_id, AgencyTemplate.kind == kind
        )
    )
    _deactivate(session, agency_id, kind)
    row = AgencyTemplate(
        agency_id=agency_id,
        kind=kind,
        version=(last or 0) + 1,
        filename=name,
        data=data,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        active=True,
        uploaded_by=user.id,
        created_at=utcnow(),
    )
    session.add(row)
    session.flush()
    return _summary(row, user)


def _deactivate(session: Session, agency_id: int, kind: str) -> None:
    session.execute(
        update(AgencyTemplate)
        .where(
            AgencyTemplate.agency_id == agency_id,
            AgencyTemplate.kind == kind,
            AgencyTemplate.active,
        )
        .values(active=False)
    )
    session.flush()


def list_templates(
    session: Session, agency_id: int, actor_id: int, kind: str | None = None
) -> list[TemplateSummary]:
    """Every version of the agency's templates (of one kind), newest first (quản trị)."""
    actor(session, agency_id, actor_id, *EDITORS)
    query = (
        select(AgencyTemplate, User)
        .join(User, User.id == AgencyTemplate.uploaded_by)
        .where(AgencyTemplate.agency_id == agency_id)
        .order_by(AgencyTemplate.kind, AgencyTemplate.version.desc())
    )
    if kind is not None:
        query = query.where(AgencyTemplate.kind == _kind(kind))
    return [_summary(row, user) for row, user in session.execute(query)]


def template_data(
    session: Session, agency_id: int, actor_id: int, template_id: int
) -> tuple[TemplateSummary, bytes]:
    """One version and its bytes, to download (quản trị)."""
    user = actor(session, agency_id, actor_id)
    row = _row(session, agency_id, template_id)
    require_role(user, *EDITORS)
    return _summary(row, session.get(User, row.uploaded_by)), bytes(row.data)


def activate_template(
    session: Session, agency_id: int, actor_id: int, template_id: int
) -> TemplateSummary:
    """Print the kind's letters with this (older) version again (quản trị)."""
    user = actor(session, agency_id, actor_id)
    row = _row(session, agency_id, template_id)
    require_role(user, *EDITORS)
    if not row.active:
        _deactivate(session, agency_id, row.kind)
        row.active = True
        session.flush()
    return _summary(row, session.get(User, row.uploaded_by))


def revert_to_builtin(session: Session, agency_id: int, actor_id: int, kind: str) -> None:
    """Print the kind's letters with drafter's own template again (quản trị); the
    versions are kept."""
    actor(session, agency_id, actor_id, *EDITORS)
    _deactivate(session, agency_id, _kind(kind))


def active_template(session: Session, agency_id: int, kind: str) -> ActiveTemplate | None:
    """The version the agency's letters of `kind` print with, or None (drafter's own).
    For printing: any user of the agency; no role needed."""
    row = session.execute(
        select(AgencyTemplate.id, AgencyTemplate.version, AgencyTemplate.sha256).where(
            AgencyTemplate.agency_id == agency_id,
            AgencyTemplate.kind == kind,
            AgencyTemplate.active,
        )
    ).first()
    return ActiveTemplate(row.id, kind, row.version, row.sha256) if row is not None else None


def active_template_bytes(session: Session, agency_id: int, template_id: int) -> bytes:
    """The bytes of an agency's template version, for compiling it (printing)."""
    data = session.scalar(
        select(AgencyTemplate.data).where(
            AgencyTemplate.id == template_id, AgencyTemplate.agency_id == agency_id
        )
    )
    if data is None:
        raise NotFound("Không tìm thấy mẫu in này.")
    return bytes(data)


__all__ = [
    "ActiveTemplate",
    "TemplateSummary",
    "activate_template",
    "active_template",
    "active_template_bytes",
    "add_template",
    "list_templates",
    "revert_to_builtin",
    "template_data",
]
