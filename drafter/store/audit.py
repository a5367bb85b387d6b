"""The audit log: who did what and when in an agency (trình, trả lại, duyệt, phát hành,
exports of the register, API tokens, numbering changes), for its quản trị to read.

Entries are written by the repository functions that make the change, in the same
transaction: a change that is rolled back leaves no entry, and a committed one always
has its entry. The actor's name is copied into the entry as it was at the time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from drafter.store.common import actor, now_or
from drafter.store.models import AuditEntry, User

ACTION_LABELS = {
    "submit": "Trình",
    "return": "Trả lại",
    "approve": "Duyệt",
    "issue": "Cấp số và phát hành",
    "export": "Xuất sổ đăng ký",
    "token_create": "Tạo mã API",
    "token_revoke": "Thu hồi mã API",
    "series_split": "Tách hệ thống số",
    "series_join": "Bỏ tách hệ thống số",
    "series_set": "Đặt số tiếp theo",
}
PAGE = 100


@dataclass(frozen=True)
class AuditRecord:
    id: int
    created_at: dt.datetime
    actor_id: int | None
    actor_name: str
    action: str
    subject: str
    draft_id: int | None
    detail: dict[str, Any]

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)


def record(
    session: Session,
    agency_id: int,
    who: User | None,
    action: str,
    subject: str,
    *,
    draft_id: int | None = None,
    detail: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Add an entry (`who` None: the command line, run by the machine's operator)."""
    name = who.display_name if who is not None else "Dòng lệnh (drafter)"
    session.add(
        AuditEntry(
            agency_id=agency_id,
            actor_id=who.id if who is not None else None,
            actor_name=name[:100],
            action=action,
            draft_id=draft_id,
            subject=subject[:300],
            detail=dict(detail or {}),
            created_at=now_or(now),
        )
    )


def list_audit(
    session: Session,
    agency_id: int,
    user_id: int,
    *,
    action: str | None = None,
    page: int = 1,
) -> tuple[list[AuditRecord], int]:
    """The agency's entries, newest first, a page at a time (quản trị only), and how many
    there are in all."""
    actor(session, agency_id, user_id, "quan_tri")
    where = [AuditEntry.agency_id == agency_id]
    if action:
        where.append(AuditEntry.action == action)
    total = session.scalar(select(func.count()).select_from(AuditEntry).where(*where)) or 0
    rows = session.scalars(
        select(AuditEntry)
        .where(*where)
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        .limit(PAGE)
        .offset(max(0, page - 1) * PAGE)
    ).all()
    return [
        AuditRecord(
            r.id,
            r.created_at,
            r.actor_id,
            r.actor_name,
            r.action,
            r.subject,
            r.draft_id,
            dict(r.detail),
        )
        for r in rows
    ], int(total)


__all__ = ["ACTION_LABELS", "PAGE", "AuditRecord", "list_audit", "record"]
