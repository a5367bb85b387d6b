"""The app's one Store, and what the store's errors mean in HTTP.

`create_app` opens one `Store` (engine and connection pool) per app: the `DATABASE_URL`
config key if set (tests), else `DATABASE_URL` from the environment, else SQLite in the
instance folder. Nothing else is kept between requests: every request opens its own
transaction with `tx()`.
"""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager
from typing import Any

from flask import Flask, current_app, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session
from werkzeug.routing import IntegerConverter, Map

from drafter.store import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    Store,
    StoreError,
    VersionConflict,
    database_url,
)
from drafter.web.jsonio import json_error, title_of

EXTENSION = "drafter.store"
# The largest id (or version) a database column holds: SQLite's integers and PostgreSQL's
# bigint are 64-bit. A larger number from a URL or a body is an unknown id, not an
# OverflowError in the driver.
MAX_ID = 2**63 - 1
STATUS = {NotFound: 404, Forbidden: 403, VersionConflict: 409, Conflict: 409, Invalid: 422}
# Vietnam keeps UTC+7 all year (no daylight saving): the times people read.
VN_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")


class DatabaseInt(IntegerConverter):
    """`<int:…>` in every URL of the app: a number a database column holds, 0 … MAX_ID.
    Beyond it the URL matches no route: a 404, like any id that is not there."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> Store:
    """The store, and the bounded `int` converter (before any blueprint adds its routes)."""
    app.url_map.converters["int"] = DatabaseInt
    url = app.config.get("DATABASE_URL") or database_url(app.instance_path)
    store = Store.from_url(url)
    app.extensions[EXTENSION] = store
    app.register_error_handler(StoreError, handle_store_error)
    app.add_template_filter(vn_time)
    return store


def store() -> Store:
    return current_app.extensions[EXTENSION]  # type: ignore[no-any-return]


def tx(*, readonly: bool = False) -> AbstractContextManager[Session]:
    """One transaction on the app's store (committed at the end of the block)."""
    return store().transaction(readonly=readonly)


def status_of(err: StoreError) -> int:
    for kind, code in STATUS.items():
        if isinstance(err, kind):
            return code
    return 400


def store_json_error(err: StoreError) -> ResponseReturnValue:
    """The store's refusal as the API answers it: the message, and each problem's path."""
    extra: dict[str, Any] = {}
    if isinstance(err, VersionConflict):
        extra["current_version"] = err.current_version
    problems = err.problems if isinstance(err, Invalid) else None
    return json_error(status_of(err), err.message, problems=problems, **extra)


def handle_store_error(err: StoreError) -> ResponseReturnValue:
    """What a page did not handle itself: the store's Vietnamese message, right status.

    A NotFound says only "not found", whatever the reason (another agency's id, a
    colleague's private mẫu, a deleted row): its message never names the object.
    """
    if request.path.startswith("/api/"):
        return store_json_error(err)
    code = status_of(err)
    return (
        render_template("error.html", code=code, title=title_of(code), message=err.message),
        code,
    )


def vn_time(value: dt.datetime | None, fmt: str = "%H:%M, %d/%m/%Y") -> str:
    """A stored time (UTC) as people in Vietnam read it."""
    if value is None:
        return ""
    return value.astimezone(VN_TZ).strftime(fmt)


__all__ = [
    "MAX_ID",
    "VN_TZ",
    "DatabaseInt",
    "handle_store_error",
    "init_app",
    "store",
    "store_json_error",
    "tx",
    "vn_time",
]
