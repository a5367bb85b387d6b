"""Agencies and users: creation, login, and an agency's own user management.

Passwords are hashed with Argon2id (argon2-cffi, its RFC 9106 defaults). Login takes
the same time whether or not the username exists (a dummy hash is verified), and a hash
made with weaker parameters is replaced at the next successful login. Rate limiting of
failed logins belongs to the web layer, which sees the client.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from drafter.model import Problem
from drafter.store.common import actor, clean_name, now_or, require_role, unique_guard
from drafter.store.errors import Conflict, Forbidden, Invalid, NotFound, invalid
from drafter.store.models import ROLES, Agency, User

# Replaceable (tests use cheap parameters); read at call time, so a swap takes effect.
HASHER = PasswordHasher()

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]$")
MIN_PASSWORD = 8
MAX_PASSWORD = 1024


@dataclass(frozen=True)
class AgencyRecord:
    """An agency and its profile (what pre-fills new letters)."""

    id: int
    name: str
    co_quan_chu_quan: str
    co_quan_ban_hanh: str
    dia_danh: str
    ky_hieu_prefix: str
    dia_chi: str
    units: tuple[dict[str, str], ...]

    @classmethod
    def of(cls, row: Agency) -> AgencyRecord:
        return cls(
            id=row.id,
            name=row.name,
            co_quan_chu_quan=row.co_quan_chu_quan,
            co_quan_ban_hanh=row.co_quan_ban_hanh,
            dia_danh=row.dia_danh,
            ky_hieu_prefix=row.ky_hieu_prefix,
            dia_chi=row.dia_chi,
            units=tuple(dict(u) for u in row.units),
        )


@dataclass(frozen=True)
class UserRecord:
    """A user as the app sees it (never the password hash)."""

    id: int
    agency_id: int
    username: str
    full_name: str
    role: str
    active: bool
    created_at: dt.datetime
    last_login_at: dt.datetime | None
    # The web app puts it in the session cookie and compares it at each request.
    session_version: int = 1

    @classmethod
    def of(cls, row: User) -> UserRecord:
        return cls(
            id=row.id,
            agency_id=row.agency_id,
            username=row.username,
            full_name=row.full_name,
            role=row.role,
            active=row.active,
            created_at=row.created_at,
            last_login_at=row.last_login_at,
            session_version=row.session_version,
        )

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


# -- agencies ----------------------------------------------------------------------------


def create_agency(session: Session, name: str) -> AgencyRecord:
    """A new agency with an empty profile (its quản trị fills it in)."""
    clean = clean_name(name, "name", max_length=100, label="Tên cơ quan")
    if session.scalar(select(Agency.id).where(Agency.name == clean)) is not None:
        raise Conflict(f"Cơ quan “{clean}” đã có.")
    row = Agency(name=clean)
    with unique_guard(session, f"Cơ quan “{clean}” đã có."):
        session.add(row)
    return AgencyRecord.of(row)


def find_agency(session: Session, name: str) -> AgencyRecord:
    """The agency called `name` (the CLI's --agency), or NotFound."""
    clean = " ".join(unicodedata.normalize("NFC", name).split())
    row = session.scalar(select(Agency).where(Agency.name == clean))
    if row is None:
        raise NotFound(f"Không có cơ quan “{clean}”.")
    return AgencyRecord.of(row)


# -- users -------------------------------------------------------------------------------


def _username(value: object) -> str:
    if not isinstance(value, str):
        raise invalid("username", "Tên đăng nhập phải là chuỗi ký tự.")
    name = value.strip().lower()
    if not USERNAME_RE.match(name):
        raise invalid(
            "username",
            "Tên đăng nhập dài 3–64 ký tự, chỉ gồm chữ thường không dấu, chữ số, "
            "dấu chấm, gạch dưới, gạch nối (ví dụ: nguyen.van.a).",
        )
    return name


def _password(value: object) -> str:
    if not isinstance(value, str) or not (MIN_PASSWORD <= len(value) <= MAX_PASSWORD):
        raise invalid("password", f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.")
    return value


def _full_name(value: object) -> str:
    if value in ("", None):
        return ""
    return clean_name(value, "full_name", max_length=100, label="Họ tên")


def _role(value: object) -> str:
    if value not in ROLES:
        raise invalid("role", f"Vai trò không hợp lệ {value!r} ({', '.join(ROLES)}).")
    return str(value)


def _insert_user(
    session: Session, agency_id: int, username: str, password: str, role: str, full_name: str
) -> UserRecord:
    problems: list[Problem] = []
    checked: list[str] = []
    for check, value in (
        (_username, username),
        (_password, password),
        (_role, role),
        (_full_name, full_name),
    ):
        try:
            checked.append(check(value))
        except Invalid as err:  # collect: the form shows every problem at once
            problems.extend(err.problems)
    if problems:
        raise Invalid(problems)
    username, password, role, full = checked
    taken = f"Tên đăng nhập “{username}” đã có người dùng."
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict(taken)
    row = User(
        agency_id=agency_id,
        username=username,
        full_name=full,
        password_hash=HASHER.hash(password),
        role=role,
    )
    with unique_guard(session, taken):
        session.add(row)
    return UserRecord.of(row)


def create_user(
    session: Session,
    agency_id: int,
    actor_id: int,
    *,
    username: str,
    password: str,
    role: str,
    full_name: str = "",
) -> UserRecord:
    """A new user of the agency, created by one of its quản trị."""
    actor(session, agency_id, actor_id, "quan_tri")
    return _insert_user(session, agency_id, username, password, role, full_name)


def bootstrap_user(
    session: Session,
    agency_name: str,
    *,
    username: str,
    password: str,
    role: str = "quan_tri",
    full_name: str = "",
) -> tuple[AgencyRecord, UserRecord, bool]:
    """The first admin (`drafter users create`): the agency is created if missing.

    Returns (agency, user, agency_was_created). Only the CLI calls this: it has no
    acting user, the machine's operator is the authority.
    """
    try:
        agency = find_agency(session, agency_name)
        created = False
    except NotFound:
        agency = create_agency(session, agency_name)
        created = True
    user = _insert_user(session, agency.id, username, password, role, full_name)
    return agency, user, created


@cache
def _dummy_hash(params: tuple[Any, ...]) -> str:
    return PasswordHasher(*params).hash("not a password")


def authenticate(
    session: Session, username: str, password: str, *, now: dt.datetime | None = None
) -> UserRecord | None:
    """The user if the username and password match an active account, else None.

    One Argon2 verification runs in every case, so the time taken does not tell whether
    the username exists. A hash made with outdated parameters is upgraded here.
    """
    name = username.strip().lower() if isinstance(username, str) else ""
    row = session.scalar(select(User).where(User.username == name)) if name else None
    hasher = HASHER
    stored = (
        row.password_hash
        if row is not None
        else _dummy_hash(
            (
                hasher.time_cost,
                hasher.memory_cost,
                hasher.parallelism,
                hasher.hash_len,
                hasher.salt_len,
            )
        )
    )
    try:
        hasher.verify(stored, password if isinstance(password, str) else "")
    except (VerificationError, InvalidHashError):
        return None
    if row is None or not row.active:
        return None
    if hasher.check_needs_rehash(row.password_hash):
        row.password_hash = hasher.hash(password)
    row.last_login_at = now_or(now)
    session.flush()
    return UserRecord.of(row)


def has_users(session: Session) -> bool:
    """Whether any account exists at all (`drafter serve` creates a first admin if not)."""
    return session.scalar(select(User.id).limit(1)) is not None


def get_user(session: Session, agency_id: int, user_id: int) -> UserRecord:
    """A user of this agency (active or not), or NotFound. Loads the signed-in user."""
    row = session.scalar(select(User).where(User.id == user_id, User.agency_id == agency_id))
    if row is None:
        raise NotFound("Không tìm thấy người dùng.")
    return UserRecord.of(row)


def list_users(session: Session, agency_id: int, actor_id: int) -> list[UserRecord]:
    """Every user of the agency, for its quản trị; by username."""
    actor(session, agency_id, actor_id, "quan_tri")
    rows = session.scalars(
        select(User).where(User.agency_id == agency_id).order_by(User.username)
    ).all()
    return [UserRecord.of(r) for r in rows]


def _active_admins(session: Session, agency_id: int) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(User)
            .where(User.agency_id == agency_id, User.role == "quan_tri", User.active)
        )
        or 0
    )


def update_user(
    session: Session,
    agency_id: int,
    actor_id: int,
    user_id: int,
    *,
    full_name: str | None = None,
    role: str | None = None,
    active: bool | None = None,
) -> UserRecord:
    """Change a user's name, role or active flag (quản trị only).

    The agency always keeps an active quản trị: demoting or deactivating the last one
    is refused, so an agency cannot lock itself out.
    """
    me = actor(session, agency_id, actor_id)
    # Changes to an agency's users queue on its row, so that two admins demoting each
    # other at once cannot both see "one admin left" (PostgreSQL; SQLite serialises).
    session.execute(select(Agency.id).where(Agency.id == agency_id).with_for_update())
    row = session.scalar(select(User).where(User.id == user_id, User.agency_id == agency_id))
    if row is None:
        raise NotFound("Không tìm thấy người dùng.")
    require_role(me, "quan_tri")
    new_name = row.full_name
    if full_name is not None:
        new_name = _full_name(full_name)
    new_role = row.role if role is None else _role(role)
    new_active = row.active if active is None else bool(active)
    was_admin = row.role == "quan_tri" and row.active
    still_admin = new_role == "quan_tri" and new_active
    # Checked before anything changes: an error leaves the session as it was.
    if was_admin and not still_admin and _active_admins(session, agency_id) <= 1:
        raise Forbidden("Cơ quan phải còn ít nhất một quản trị đang hoạt động.")
    if row.active and not new_active:
        row.session_version += 1  # reactivating later must not revive the old sessions
    row.full_name, row.role, row.active = new_name, new_role, new_active
    session.flush()
    return UserRecord.of(row)


def end_sessions(session: Session, agency_id: int, user_id: int) -> None:
    """Logging out: every session of the user ends, on every instance (the version they
    carry is no longer the user's); the next login starts a new one."""
    row = session.scalar(select(User).where(User.id == user_id, User.agency_id == agency_id))
    if row is None:
        raise NotFound("Không tìm thấy người dùng.")
    row.session_version += 1
    session.flush()


def set_password(
    session: Session,
    agency_id: int,
    actor_id: int,
    user_id: int,
    new_password: str,
    *,
    current_password: str | None = None,
) -> None:
    """Change a password: one's own (with the current one) or, as quản trị, anyone's.

    Moves the user's session version: sessions opened before (a stolen cookie, another
    browser) end; the web app signs the caller's own session again.
    """
    me = actor(session, agency_id, actor_id)
    row = session.scalar(select(User).where(User.id == user_id, User.agency_id == agency_id))
    if row is None:
        raise NotFound("Không tìm thấy người dùng.")
    if row.id == me.id:
        try:
            HASHER.verify(row.password_hash, current_password or "")
        except (VerificationError, InvalidHashError):
            raise invalid("current_password", "Mật khẩu hiện tại không đúng.") from None
    elif me.role != "quan_tri":
        raise Forbidden("Chỉ quản trị mới đặt lại được mật khẩu của người khác.")
    row.password_hash = HASHER.hash(_password(new_password))
    row.session_version += 1  # every session opened with the old password ends
    session.flush()


__all__ = [
    "HASHER",
    "MIN_PASSWORD",
    "AgencyRecord",
    "UserRecord",
    "authenticate",
    "bootstrap_user",
    "create_agency",
    "create_user",
    "end_sessions",
    "find_agency",
    "get_user",
    "has_users",
    "list_users",
    "set_password",
    "update_user",
]
