"""The number register: registration numbers (số) handed out once, in order, per series.

Allocation is one statement, `INSERT … ON CONFLICT (agency_id, year, ky_hieu) DO UPDATE
SET next_number = next_number + 1 RETURNING next_number`, on both databases: the first
allocation of a series creates its row, later ones increment it under the row's lock
(PostgreSQL) or the database's write lock (SQLite). Two concurrent allocations can never
read the same value, and the unique constraint makes a second row for the series
impossible. The increment belongs to the caller's transaction (a rollback gives the
number back); once committed, a number is never reissued (setting the counter back is
refused).

Only a văn thư or a quản trị hands out numbers: the number register is theirs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from drafter.model import KY_HIEU_RE
from drafter.store.common import actor, now_or, unique_guard
from drafter.store.errors import Conflict, invalid
from drafter.store.models import NumberRegister

REGISTRARS = ("van_thu", "quan_tri")


@dataclass(frozen=True)
class SeriesRecord:
    year: int
    ky_hieu: str
    next_number: int
    updated_at: dt.datetime


def _series(year: object, ky_hieu: object) -> tuple[int, str]:
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 9999:
        raise invalid("year", "Năm phải là số từ 1900 đến 9999.")
    if not isinstance(ky_hieu, str) or not KY_HIEU_RE.match(ky_hieu.strip()):
        raise invalid("ky_hieu", f"Ký hiệu “{ky_hieu}” không hợp lệ (ví dụ: UBND-KGVX).")
    return year, ky_hieu.strip()


def allocate_number(
    session: Session,
    agency_id: int,
    user_id: int,
    *,
    year: int,
    ky_hieu: str,
    now: dt.datetime | None = None,
) -> int:
    """The next number of the series, taken: 1 for a new series, then 2, 3, …"""
    actor(session, agency_id, user_id, *REGISTRARS)
    year, ky_hieu = _series(year, ky_hieu)
    at = now_or(now)
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = NumberRegister.__table__
    stmt = (
        insert(table)
        .values(agency_id=agency_id, year=year, ky_hieu=ky_hieu, next_number=2, updated_at=at)
        .on_conflict_do_update(
            index_elements=[table.c.agency_id, table.c.year, table.c.ky_hieu],
            set_={"next_number": table.c.next_number + 1, "updated_at": at},
        )
        .returning(table.c.next_number)
    )
    next_number = session.execute(stmt).scalar_one()
    return int(next_number) - 1


def peek_next_number(session: Session, agency_id: int, *, year: int, ky_hieu: str) -> int:
    """The number the next allocation would give (not reserved: for display only)."""
    year, ky_hieu = _series(year, ky_hieu)
    value = session.scalar(
        select(NumberRegister.next_number).where(
            NumberRegister.agency_id == agency_id,
            NumberRegister.year == year,
            NumberRegister.ky_hieu == ky_hieu,
        )
    )
    return int(value) if value is not None else 1


def set_next_number(
    session: Session,
    agency_id: int,
    user_id: int,
    *,
    year: int,
    ky_hieu: str,
    next_number: int,
    now: dt.datetime | None = None,
) -> SeriesRecord:
    """Start a series further on (numbers already given on paper this year); never back."""
    actor(session, agency_id, user_id, *REGISTRARS)
    year, ky_hieu = _series(year, ky_hieu)
    if isinstance(next_number, bool) or not isinstance(next_number, int) or next_number < 1:
        raise invalid("next_number", "Số tiếp theo phải là số nguyên dương.")
    row = session.scalar(
        select(NumberRegister)
        .where(
            NumberRegister.agency_id == agency_id,
            NumberRegister.year == year,
            NumberRegister.ky_hieu == ky_hieu,
        )
        .with_for_update()
    )
    at = now_or(now)
    if row is None:
        row = NumberRegister(
            agency_id=agency_id, year=year, ky_hieu=ky_hieu, next_number=next_number, updated_at=at
        )
        with unique_guard(
            session, f"Sổ {ky_hieu} năm {year} vừa được tạo ở nơi khác; hãy thử lại."
        ):
            session.add(row)
    elif next_number < row.next_number:
        raise Conflict(
            f"Sổ {ky_hieu} năm {year} đã cấp đến số {row.next_number - 1}; "
            "không lùi số lại được (một số không được cấp hai lần)."
        )
    else:
        row.next_number, row.updated_at = next_number, at
    session.flush()
    return SeriesRecord(row.year, row.ky_hieu, row.next_number, row.updated_at)


def list_series(session: Session, agency_id: int, *, year: int | None = None) -> list[SeriesRecord]:
    """The agency's series (optionally of one year), newest year first."""
    stmt = select(NumberRegister).where(NumberRegister.agency_id == agency_id)
    if year is not None:
        stmt = stmt.where(NumberRegister.year == year)
    rows = session.scalars(stmt.order_by(NumberRegister.year.desc(), NumberRegister.ky_hieu)).all()
    return [SeriesRecord(r.year, r.ky_hieu, r.next_number, r.updated_at) for r in rows]


__all__ = [
    "SeriesRecord",
    "allocate_number",
    "list_series",
    "peek_next_number",
    "set_next_number",
]
