"""Mẫu: saved templates (a partial letter under a name), private or shared with the agency.

Who sees what: a private mẫu only its owner; an agency mẫu every user of the agency.
Who changes what: the owner; a quản trị also the agency's shared mẫu. A mẫu the user
cannot see is NotFound (whatever the reason); one they see but may not change is
Forbidden. Deleting keeps the mẫu for 30 days in the trash (`list_deleted_mau`,
`restore_mau`); after that it is gone for good, whether or not `purge_deleted_mau`
has run yet. Live names are unique per owner.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, and_, delete, or_, select
from sqlalchemy.orm import Session

from drafter.store.common import actor, clean_name, fold, like_pattern, now_or, unique_guard
from drafter.store.errors import Forbidden, NotFound, invalid
from drafter.store.letters import clean_partial_letter
from drafter.store.models import VISIBILITIES, Mau, User

RETENTION = dt.timedelta(days=30)
MauSort = Literal["last_used", "name", "updated", "created"]


@dataclass(frozen=True)
class MauSummary:
    """A mẫu as a list shows it."""

    id: int
    name: str
    kind: str
    visibility: str
    owner_id: int
    owner_name: str
    fields: tuple[str, ...]
    created_at: dt.datetime
    updated_at: dt.datetime
    last_used_at: dt.datetime | None
    deleted_at: dt.datetime | None


@dataclass(frozen=True)
class MauRecord(MauSummary):
    """A mẫu with its content: the partial letter, in the letter format."""

    letter: dict[str, Any]


def _fields(letter: dict[str, Any]) -> tuple[str, ...]:
    return tuple(k for k in letter if k not in ("format", "kind"))


def _summary(row: Mau, owner: User) -> MauSummary:
    return MauSummary(
        id=row.id,
        name=row.name,
        kind=row.kind,
        visibility=row.visibility,
        owner_id=row.owner_id,
        owner_name=owner.display_name,
        fields=_fields(row.letter),
        created_at=row.created_at,
        updated_at=row.updated_at,
        last_used_at=row.last_used_at,
        deleted_at=row.deleted_at,
    )


def _record(row: Mau, owner: User) -> MauRecord:
    base = _summary(row, owner).__dict__
    return MauRecord(**base, letter=dict(row.letter))


def _owner(session: Session, row: Mau) -> User:
    owner = session.get(User, row.owner_id)
    assert owner is not None and owner.agency_id == row.agency_id  # composite foreign key
    return owner


def _visible(agency_id: int, user_id: int) -> ColumnElement[bool]:
    return and_(
        Mau.agency_id == agency_id,
        or_(Mau.owner_id == user_id, Mau.visibility == "agency"),
    )


def _visibility(value: object) -> str:
    if value not in VISIBILITIES:
        raise invalid("visibility", "Phạm vi phải là “private” (riêng) hoặc “agency” (cả cơ quan).")
    return str(value)


def _row(
    session: Session, agency_id: int, user_id: int, mau_id: int, *, deleted: bool = False
) -> Mau:
    """The mẫu if this user sees it (live, or in the trash with `deleted`), else NotFound."""
    gone = Mau.deleted_at.is_not(None) if deleted else Mau.deleted_at.is_(None)
    row = session.scalar(select(Mau).where(Mau.id == mau_id, _visible(agency_id, user_id), gone))
    if row is None:
        raise NotFound("Không tìm thấy mẫu này.")
    return row


def _editable(session: Session, agency_id: int, user_id: int, mau_id: int, **kw: Any) -> Mau:
    user = actor(session, agency_id, user_id)
    row = _row(session, agency_id, user_id, mau_id, **kw)
    if row.owner_id != user.id and not (user.role == "quan_tri" and row.visibility == "agency"):
        raise Forbidden(
            "Chỉ người tạo mẫu (hoặc quản trị, với mẫu dùng chung) mới sửa được mẫu này."
        )
    return row


def _taken(name: str) -> str:
    return f"Bạn đã có một mẫu tên “{name}”; hãy chọn tên khác."


def create_mau(
    session: Session,
    agency_id: int,
    user_id: int,
    *,
    name: str,
    letter: object,
    fields: list[str] | None = None,
    visibility: str = "private",
    now: dt.datetime | None = None,
) -> MauRecord:
    """Save a letter (all of it, or the chosen top-level `fields`) as a new mẫu."""
    user = actor(session, agency_id, user_id)
    clean = clean_name(name, "name", label="Tên mẫu")
    content = clean_partial_letter(letter, fields=fields)
    at = now_or(now)
    row = Mau(
        agency_id=agency_id,
        owner_id=user.id,
        name=clean,
        search_key=fold(clean),
        kind=content["kind"],
        visibility=_visibility(visibility),
        letter=content,
        created_at=at,
        updated_at=at,
    )
    with unique_guard(session, _taken(clean)):
        session.add(row)
    return _record(row, user)


def _listing(agency_id: int, user_id: int) -> Select[tuple[Mau, User]]:
    return (
        select(Mau, User)
        .join(User, and_(User.id == Mau.owner_id, User.agency_id == Mau.agency_id))
        .where(_visible(agency_id, user_id))
    )


def list_mau(
    session: Session,
    agency_id: int,
    user_id: int,
    *,
    q: str = "",
    kind: str | None = None,
    owner: Literal["mine", "others"] | int | None = None,
    sort: MauSort = "last_used",
    limit: int = 200,
    offset: int = 0,
) -> list[MauSummary]:
    """The mẫu this user sees, searched and filtered.

    `q` matches anywhere in the name, ignoring case and diacritics; `owner` is "mine",
    "others" or a user id; `sort` "last_used" puts the most recently used first (never
    used ones last, newest edit first), "name" is alphabetical.
    """
    actor(session, agency_id, user_id)
    stmt = _listing(agency_id, user_id).where(Mau.deleted_at.is_(None))
    folded = fold(q)
    if folded:
        stmt = stmt.where(Mau.search_key.like(like_pattern(folded), escape="\\"))
    if kind:
        stmt = stmt.where(Mau.kind == kind)
    if owner == "mine":
        stmt = stmt.where(Mau.owner_id == user_id)
    elif owner == "others":
        stmt = stmt.where(Mau.owner_id != user_id)
    elif isinstance(owner, int):
        stmt = stmt.where(Mau.owner_id == owner)
    order = {
        "last_used": (Mau.last_used_at.desc().nulls_last(), Mau.updated_at.desc()),
        "name": (Mau.search_key, Mau.name),
        "updated": (Mau.updated_at.desc(),),
        "created": (Mau.created_at.desc(),),
    }.get(sort)
    if order is None:
        raise invalid("sort", f"Cách sắp xếp không hợp lệ: {sort!r}.")
    stmt = stmt.order_by(*order, Mau.id.desc()).limit(max(1, min(limit, 1000))).offset(offset)
    return [_summary(m, u) for m, u in session.execute(stmt)]


def get_mau(session: Session, agency_id: int, user_id: int, mau_id: int) -> MauRecord:
    actor(session, agency_id, user_id)
    row = _row(session, agency_id, user_id, mau_id)
    return _record(row, _owner(session, row))


def use_mau(
    session: Session, agency_id: int, user_id: int, mau_id: int, *, now: dt.datetime | None = None
) -> MauRecord:
    """ "Tạo văn bản từ mẫu": the mẫu's content, and the mẫu marked as just used."""
    actor(session, agency_id, user_id)
    row = _row(session, agency_id, user_id, mau_id)
    row.last_used_at = now_or(now)
    session.flush()
    return _record(row, _owner(session, row))


def rename_mau(
    session: Session,
    agency_id: int,
    user_id: int,
    mau_id: int,
    name: str,
    *,
    now: dt.datetime | None = None,
) -> MauRecord:
    row = _editable(session, agency_id, user_id, mau_id)
    clean = clean_name(name, "name", label="Tên mẫu")
    with unique_guard(session, _taken(clean)):
        row.name, row.search_key, row.updated_at = clean, fold(clean), now_or(now)
    return _record(row, _owner(session, row))


def update_mau(
    session: Session,
    agency_id: int,
    user_id: int,
    mau_id: int,
    *,
    letter: object | None = None,
    fields: list[str] | None = None,
    visibility: str | None = None,
    now: dt.datetime | None = None,
) -> MauRecord:
    """Replace the content (all of it, or the chosen `fields`) and/or the visibility.

    Last write wins: a mẫu is a small thing edited on purpose, not a draft.
    """
    row = _editable(session, agency_id, user_id, mau_id)
    if letter is not None:
        content = clean_partial_letter(letter, fields=fields)
        row.letter, row.kind = content, content["kind"]
    if visibility is not None:
        row.visibility = _visibility(visibility)
    row.updated_at = now_or(now)
    session.flush()
    return _record(row, _owner(session, row))


def duplicate_mau(
    session: Session,
    agency_id: int,
    user_id: int,
    mau_id: int,
    *,
    name: str | None = None,
    now: dt.datetime | None = None,
) -> MauRecord:
    """A private copy, owned by this user, of any mẫu they see (e.g. a shared one to
    adapt). Without a name: "… (bản sao)", "… (bản sao 2)", …"""
    user = actor(session, agency_id, user_id)
    source = _row(session, agency_id, user_id, mau_id)
    if name is not None:
        clean = clean_name(name, "name", label="Tên mẫu")
    else:
        live = set(
            session.scalars(
                select(Mau.name).where(
                    Mau.agency_id == agency_id, Mau.owner_id == user.id, Mau.deleted_at.is_(None)
                )
            )
        )
        base = source.name[:180]
        clean = f"{base} (bản sao)"
        n = 2
        while clean in live:
            clean, n = f"{base} (bản sao {n})", n + 1
    at = now_or(now)
    row = Mau(
        agency_id=agency_id,
        owner_id=user.id,
        name=clean,
        search_key=fold(clean),
        kind=source.kind,
        visibility="private",
        letter=dict(source.letter),
        created_at=at,
        updated_at=at,
    )
    with unique_guard(session, _taken(clean)):
        session.add(row)
    return _record(row, user)


def delete_mau(
    session: Session, agency_id: int, user_id: int, mau_id: int, *, now: dt.datetime | None = None
) -> None:
    """Move to the trash; restorable for 30 days."""
    row = _editable(session, agency_id, user_id, mau_id)
    row.deleted_at = now_or(now)
    session.flush()


def list_deleted_mau(
    session: Session, agency_id: int, user_id: int, *, now: dt.datetime | None = None
) -> list[MauSummary]:
    """The trash: deleted mẫu this user may restore, still within 30 days, newest first."""
    user = actor(session, agency_id, user_id)
    cutoff = now_or(now) - RETENTION
    stmt = _listing(agency_id, user_id).where(Mau.deleted_at > cutoff)
    if user.role != "quan_tri":
        stmt = stmt.where(Mau.owner_id == user.id)
    rows = session.execute(stmt.order_by(Mau.deleted_at.desc(), Mau.id.desc()))
    return [_summary(m, u) for m, u in rows]


def restore_mau(
    session: Session, agency_id: int, user_id: int, mau_id: int, *, now: dt.datetime | None = None
) -> MauRecord:
    """Take a mẫu out of the trash (within 30 days; its name must still be free)."""
    row = _editable(session, agency_id, user_id, mau_id, deleted=True)
    assert row.deleted_at is not None
    if row.deleted_at <= now_or(now) - RETENTION:
        raise NotFound("Mẫu này đã bị xóa quá 30 ngày, không khôi phục được.")
    taken = f"Đã có một mẫu khác tên “{row.name}”: hãy đổi tên mẫu đó rồi khôi phục lại."
    with unique_guard(session, taken):
        row.deleted_at = None
    return _record(row, _owner(session, row))


def purge_deleted_mau(session: Session, agency_id: int, *, now: dt.datetime | None = None) -> int:
    """Remove for good the agency's mẫu deleted more than 30 days ago; how many."""
    cutoff = now_or(now) - RETENTION
    result = session.execute(
        delete(Mau).where(Mau.agency_id == agency_id, Mau.deleted_at <= cutoff)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def export_mau(session: Session, agency_id: int, user_id: int, mau_id: int) -> dict[str, Any]:
    """The mẫu as a letter-format JSON object (partial), for download."""
    return get_mau(session, agency_id, user_id, mau_id).letter


def import_mau(
    session: Session,
    agency_id: int,
    user_id: int,
    *,
    name: str,
    data: object,
    visibility: str = "private",
    now: dt.datetime | None = None,
) -> MauRecord:
    """A new mẫu from an uploaded letter-format JSON object (complete or partial)."""
    return create_mau(
        session, agency_id, user_id, name=name, letter=data, visibility=visibility, now=now
    )


__all__ = [
    "RETENTION",
    "MauRecord",
    "MauSummary",
    "create_mau",
    "delete_mau",
    "duplicate_mau",
    "export_mau",
    "get_mau",
    "import_mau",
    "list_deleted_mau",
    "list_mau",
    "purge_deleted_mau",
    "rename_mau",
    "restore_mau",
    "update_mau",
    "use_mau",
]
