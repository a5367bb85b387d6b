"""The anonymous API's rate limit: requests counted per client and time window, in the
database, so that every worker and every instance counts against one limit.

A fixed window: the clock is cut into windows of `RatePolicy.window` (aligned on the
epoch, so every instance cuts it alike), and a client may make `RatePolicy.limit`
requests in each. Counting is one statement on both databases, `INSERT … ON CONFLICT
(client, window_start) DO UPDATE SET hits = hits + 1 RETURNING hits` (as the number
register does): concurrent requests each get their own count, none is lost, and exactly
`limit` of them are let through. A window's first request deletes the rows of windows
that are over, so the table holds about one row per client active in the last minutes.

At a window's edge a client can make up to twice the limit within one window's length;
that is the price of one row per client, and is fine for a limit meant to stop floods.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import bindparam, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from drafter.store.common import now_or
from drafter.store.models import ApiRequestCount

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class RatePolicy:
    """`limit` requests per `window`, per client."""

    limit: int = 120
    window: dt.timedelta = dt.timedelta(seconds=60)


def count_request(
    session: Session, client: str, *, policy: RatePolicy, now: dt.datetime | None = None
) -> dt.datetime | None:
    """Count one request of `client`: None if it is within the limit, else when the
    client may send again (the end of the window). Over the limit, requests are still
    counted; they change nothing but the count."""
    at = now_or(now)
    seconds = max(1, int(policy.window.total_seconds()))
    start = _EPOCH + dt.timedelta(seconds=(at - _EPOCH).total_seconds() // seconds * seconds)
    connection = session.connection()  # Core on the session's transaction: a hot path
    hits = int(
        connection.execute(
            _upsert(connection.dialect.name), {"client": client[:64], "start": start}
        ).scalar_one()
    )
    if hits == 1:  # a new window for this client: forget windows that are over
        connection.execute(_FORGET, {"start": start})
    if hits > policy.limit:
        return start + dt.timedelta(seconds=seconds)
    return None


_TABLE = ApiRequestCount.__table__
_FORGET = delete(_TABLE).where(
    _TABLE.c.window_start < bindparam("start", type_=_TABLE.c.window_start.type)
)


@cache
def _upsert(dialect: str) -> Any:
    """The counting statement, built once per dialect (building it costs more than
    running it): insert the window's row, or add one to it; the new count."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (
        insert(_TABLE)
        .values(
            client=bindparam("client", type_=_TABLE.c.client.type),
            window_start=bindparam("start", type_=_TABLE.c.window_start.type),
            hits=1,
        )
        .on_conflict_do_update(
            index_elements=[_TABLE.c.client, _TABLE.c.window_start],
            set_={"hits": _TABLE.c.hits + 1},
        )
        .returning(_TABLE.c.hits)
    )


__all__ = ["RatePolicy", "count_request"]
