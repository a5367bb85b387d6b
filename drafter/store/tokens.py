"""Personal API tokens: `Authorization: Bearer <token>` on /api/v1 acts as the token's user.

A token is `drf_` and 43 URL-safe characters (256 random bits), shown once when made.
Only its SHA-256 is kept: the token has too much entropy to be guessed from its hash, so a
slow password hash would add nothing but a slow lookup, while this one is a single indexed
query. A revoked token, or one of a deactivated user, authenticates nobody. Each user
makes and revokes their own tokens; the command line can make one for any user.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from drafter.store import audit
from drafter.store.accounts import UserRecord
from drafter.store.common import actor, clean_name, now_or
from drafter.store.errors import Conflict, NotFound
from drafter.store.models import ApiToken, User

PREFIX = "drf_"
MAX_TOKENS = 20  # live tokens per user
TOUCH_EVERY = dt.timedelta(minutes=5)  # last_used_at is written at most this often


@dataclass(frozen=True)
class TokenRecord:
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    @classmethod
    def of(cls, row: ApiToken) -> TokenRecord:
        return cls(row.id, row.name, row.prefix, row.created_at, row.last_used_at, row.revoked_at)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(
    session: Session,
    agency_id: int,
    user_id: int,
    *,
    name: str,
    now: dt.datetime | None = None,
) -> tuple[TokenRecord, str]:
    """A new token of the user (for themselves): its record and the token, which is
    never shown again."""
    me = actor(session, agency_id, user_id)
    label = clean_name(name, "name", max_length=100, label="Tên mã")
    live = session.scalars(
        select(ApiToken.id).where(ApiToken.user_id == me.id, ApiToken.revoked_at.is_(None))
    ).all()
    if len(live) >= MAX_TOKENS:
        raise Conflict(f"Mỗi người dùng có tối đa {MAX_TOKENS} mã đang dùng; hãy thu hồi bớt.")
    token = PREFIX + secrets.token_urlsafe(32)
    at = now_or(now)
    row = ApiToken(
        agency_id=agency_id,
        user_id=me.id,
        name=label,
        token_hash=token_hash(token),
        prefix=token[: len(PREFIX) + 6],
        created_at=at,
    )
    session.add(row)
    audit.record(session, agency_id, me, "token_create", f"{label} ({row.prefix}…)", now=at)
    session.flush()
    return TokenRecord.of(row), token


def list_tokens(session: Session, agency_id: int, user_id: int) -> list[TokenRecord]:
    """The user's own tokens, live ones first, newest first."""
    me = actor(session, agency_id, user_id)
    rows = session.scalars(
        select(ApiToken)
        .where(ApiToken.agency_id == agency_id, ApiToken.user_id == me.id)
        .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(), ApiToken.id)
    ).all()
    return [TokenRecord.of(r) for r in rows]


def revoke_token(
    session: Session, agency_id: int, user_id: int, token_id: int, *, now: dt.datetime | None = None
) -> TokenRecord:
    """Revoke one of one's own tokens (another user's token is NotFound)."""
    me = actor(session, agency_id, user_id)
    row = session.scalar(
        select(ApiToken).where(
            ApiToken.id == token_id, ApiToken.agency_id == agency_id, ApiToken.user_id == me.id
        )
    )
    if row is None:
        raise NotFound("Không tìm thấy mã API này.")
    if row.revoked_at is None:
        row.revoked_at = now_or(now)
        audit.record(session, agency_id, me, "token_revoke", f"{row.name} ({row.prefix}…)", now=now)
        session.flush()
    return TokenRecord.of(row)


def user_for_token(session: Session, token: str) -> tuple[UserRecord, int] | None:
    """The active user a live token acts as, and the token's id; None for anything else."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    found = session.execute(
        select(User, ApiToken.id)
        .join(ApiToken, (ApiToken.user_id == User.id) & (ApiToken.agency_id == User.agency_id))
        .where(ApiToken.token_hash == token_hash(token), ApiToken.revoked_at.is_(None), User.active)
    ).first()
    if found is None:
        return None
    user, token_id = found
    return UserRecord.of(user), int(token_id)


def touch_token(session: Session, token_id: int, *, now: dt.datetime | None = None) -> None:
    """Note that the token was used (at most every few minutes: a write per request would
    make every API call a writer)."""
    at = now_or(now)
    row = session.get(ApiToken, token_id)
    if row is not None and (row.last_used_at is None or at - row.last_used_at >= TOUCH_EVERY):
        row.last_used_at = at
        session.flush()


def needs_touch(session: Session, token_id: int, *, now: dt.datetime | None = None) -> bool:
    last = session.scalar(select(ApiToken.last_used_at).where(ApiToken.id == token_id))
    return last is None or now_or(now) - last >= TOUCH_EVERY


def create_token_for(
    session: Session, username: str, *, name: str, now: dt.datetime | None = None
) -> tuple[UserRecord, TokenRecord, str]:
    """A token for the user called `username` (the command line: the machine's operator
    is the authority, as for `drafter users create`)."""
    row = session.scalar(select(User).where(User.username == username.strip().lower()))
    if row is None or not row.active:
        raise NotFound(f"Không có tài khoản đang hoạt động “{username}”.")
    record, token = create_token(session, row.agency_id, row.id, name=name, now=now)
    return UserRecord.of(row), record, token


__all__ = [
    "PREFIX",
    "TokenRecord",
    "create_token",
    "create_token_for",
    "list_tokens",
    "needs_touch",
    "revoke_token",
    "token_hash",
    "touch_token",
    "user_for_token",
]
