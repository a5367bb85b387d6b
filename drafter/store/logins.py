"""Failed logins, counted in the database so that every instance applies one limit.

A process-local counter would give an attacker N tries per instance and forget them at
each restart; a row per failure in the shared database does neither. The web app calls
`begin_login_attempt` before checking a password: in one serialised step it asks whether
the username or address is locked out and, if not, records the attempt as a failure
straight away. A successful login then clears the username's failures. Counting first
is what makes the limit hold under a burst: 16 attempts at once used to all read "4
failures" before any of them wrote its own, and 12 passwords were checked. A locked-out
attempt costs no Argon2 run and is not recorded, so hammering does not extend the
lockout.

The rule (`LoginPolicy`): once `max_failures` failures for one username, or
`max_failures_per_ip` from one address, fall within `window`, further attempts are
refused for `lockout` from the last of them. Usernames are compared as the login form
reads them (trimmed, lower case), known or not, so the answer never tells whether an
account exists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from drafter.store.common import now_or
from drafter.store.models import LoginFailure

# Failures older than this are of no use to any rule; recording a failure deletes them.
KEEP = dt.timedelta(days=1)


@dataclass(frozen=True)
class LoginPolicy:
    """How many failures lock out a username or an address, and for how long."""

    max_failures: int = 5
    max_failures_per_ip: int = 20
    window: dt.timedelta = dt.timedelta(minutes=15)
    lockout: dt.timedelta = dt.timedelta(minutes=15)


def login_key(username: object) -> str:
    """The username as counted: what `authenticate` looks up, cut to the column's size."""
    return username.strip().lower()[:64] if isinstance(username, str) else ""


def _locked_until(
    times: Sequence[dt.datetime], limit: int, policy: LoginPolicy
) -> dt.datetime | None:
    """The end of the latest lockout these failure times (ascending) earn, if any."""
    if limit < 1:
        return None
    until = None
    for i in range(limit - 1, len(times)):
        if times[i] - times[i - limit + 1] <= policy.window:
            until = times[i] + policy.lockout
    return until


def login_locked_until(
    session: Session,
    username: str,
    ip: str,
    *,
    policy: LoginPolicy | None = None,
    now: dt.datetime | None = None,
) -> dt.datetime | None:
    """When attempts for this username or from this address may start again; None if
    they may now."""
    policy = policy or LoginPolicy()
    at = now_or(now)
    since = at - policy.window - policy.lockout
    found: list[dt.datetime] = []
    for column, value, limit in (
        (LoginFailure.username, login_key(username), policy.max_failures),
        (LoginFailure.ip, ip[:64], policy.max_failures_per_ip),
    ):
        if not value:
            continue
        times = session.scalars(
            select(LoginFailure.failed_at)
            .where(column == value, LoginFailure.failed_at > since)
            .order_by(LoginFailure.failed_at)
        ).all()
        until = _locked_until(times, limit, policy)
        if until is not None and until > at:
            found.append(until)
    return max(found) if found else None


def begin_login_attempt(
    session: Session,
    username: str,
    ip: str,
    *,
    policy: LoginPolicy | None = None,
    now: dt.datetime | None = None,
) -> dt.datetime | None:
    """Before a password is checked: when attempts may start again if this username or
    address is locked out (nothing recorded), else None, the attempt being counted as a
    failure already (`clear_login_failures` forgets it when the password is right).

    Atomic across workers and instances: concurrent callers take turns, each seeing the
    attempts counted before it. Call it in a write transaction of its own (SQLite's
    BEGIN IMMEDIATE serialises those; on PostgreSQL the table is locked against other
    writers until the transaction ends), and commit before checking the password.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE login_failures IN SHARE ROW EXCLUSIVE MODE"))
    until = login_locked_until(session, username, ip, policy=policy, now=now)
    if until is None:
        record_login_failure(session, username, ip, now=now)
    return until


def record_login_failure(
    session: Session, username: str, ip: str, *, now: dt.datetime | None = None
) -> None:
    """Count one failed attempt (and forget failures too old to matter)."""
    at = now_or(now)
    session.execute(delete(LoginFailure).where(LoginFailure.failed_at < at - KEEP))
    session.add(LoginFailure(username=login_key(username), ip=ip[:64], failed_at=at))
    session.flush()


def clear_login_failures(session: Session, username: str) -> None:
    """After a successful login: the user's own mistakes no longer count against them."""
    session.execute(delete(LoginFailure).where(LoginFailure.username == login_key(username)))


__all__ = [
    "LoginPolicy",
    "begin_login_attempt",
    "clear_login_failures",
    "login_key",
    "login_locked_until",
    "record_login_failure",
]
