"""Helpers every repository module uses: the acting user, roles, time, folded text."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from drafter.store.errors import Conflict, Forbidden, NotFound, invalid
from drafter.store.models import User, utcnow

ROLE_LABELS = {
    "soan_thao": "Soạn thảo",
    "lanh_dao": "Lãnh đạo",
    "van_thu": "Văn thư",
    "quan_tri": "Quản trị",
}
STATE_LABELS = {
    "du_thao": "Dự thảo",
    "cho_duyet": "Chờ duyệt",
    "da_duyet": "Đã duyệt",
    "da_phat_hanh": "Đã phát hành",
}


def now_or(now: dt.datetime | None) -> dt.datetime:
    """`now` if given (tests pin the clock), else the current UTC time."""
    if now is None:
        return utcnow()
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now


def actor(session: Session, agency_id: int, user_id: int, *roles: str) -> User:
    """The acting user, active and of this agency; with `roles`, one of them.

    A user id of another agency, or a deactivated account, acts as nobody: NotFound.
    """
    user = session.scalar(
        select(User).where(User.id == user_id, User.agency_id == agency_id, User.active)
    )
    if user is None:
        raise NotFound("Không tìm thấy tài khoản (hoặc tài khoản đã bị khóa).")
    if roles:
        require_role(user, *roles)
    return user


def require_role(user: User, *roles: str) -> None:
    """Forbidden unless the user has one of `roles`. Called after the object was found,
    so that an id of another agency is NotFound whatever the caller's role."""
    if user.role not in roles:
        allowed = ", ".join(ROLE_LABELS[r] for r in roles)
        raise Forbidden(f"Chức năng này dành cho vai trò: {allowed}.")


def fold(value: str) -> str:
    """Lower case without diacritics (đ → d): the key search compares, on any database."""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def like_pattern(query: str) -> str:
    """A LIKE pattern matching `query` anywhere, with LIKE's wildcards escaped by `\\`."""
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def clean_name(value: object, path: str, *, max_length: int = 200, label: str = "Tên") -> str:
    """A required one-line name: NFC, trimmed, inner whitespace collapsed."""
    if not isinstance(value, str):
        raise invalid(path, f"{label} phải là chuỗi ký tự.")
    name = " ".join(unicodedata.normalize("NFC", value).split())
    if not name:
        raise invalid(path, f"{label} không được để trống.")
    if len(name) > max_length:
        raise invalid(path, f"{label} dài quá {max_length} ký tự.")
    return name


@contextmanager
def unique_guard(session: Session, message: str) -> Iterator[None]:
    """Run the changes of the block in a SAVEPOINT; a unique-constraint violation (a name
    taken, perhaps by a concurrent request) becomes Conflict and undoes only the block.

    The changes must be made inside the block: `begin_nested()` flushes what is pending
    before the SAVEPOINT, and a failure there would abort the whole transaction
    (PostgreSQL), leaving the caller unable to go on with its request.
    """
    try:
        with session.begin_nested():
            yield
    except IntegrityError as err:
        raise Conflict(message) from err
