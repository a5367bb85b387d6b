"""`drafter db upgrade|downgrade|current`, and what the database commands share.

Parsers only at import time; SQLAlchemy and the store load when a command runs, so
`drafter render` stays quick. The database is `DATABASE_URL` if set, else the SQLite file
in the instance folder (`--instance`, or `DRAFTER_INSTANCE_PATH`, or Flask's default for
the web app), so the CLI and the web app open the same database. `drafter users`
(drafter.cli.users) opens it the same way, with the helpers here.

Exit codes: 0 done; 2 refused (bad input, database unreachable or not migrated), with
the reason on stderr in Vietnamese.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from drafter.cli.common import EXIT_INVALID, EXIT_OK

__all__ = ["add_command", "guard", "instance_option", "open_store", "refuse", "shown"]


def refuse(message: str) -> int:
    """Print why a command is refused (stderr) and return its exit code."""
    print(message, file=sys.stderr)
    return EXIT_INVALID


def open_store(args: argparse.Namespace) -> Any:
    """The configured database (`DATABASE_URL`, else the instance folder's SQLite)."""
    from drafter.store import Store, database_url

    return Store.from_url(database_url(args.instance))


def shown(store: Any) -> str:
    """The database's URL as printed: without its password."""
    return str(store.engine.url.render_as_string(hide_password=True))


def guard(run: Any) -> Any:
    """Turn the expected failures (database unreachable, unknown revision) into exit 2."""

    def wrapped(args: argparse.Namespace) -> int:
        from alembic.util import CommandError
        from sqlalchemy.exc import SQLAlchemyError

        from drafter.store import database_reason

        try:
            return int(run(args))
        except CommandError as err:
            return refuse(f"Lỗi di chuyển lược đồ: {err}")
        except SQLAlchemyError as err:
            return refuse(f"Không làm việc được với cơ sở dữ liệu: {database_reason(err)}")

    return wrapped


def _migrate(
    args: argparse.Namespace, step: Callable[[Any, str], None]
) -> tuple[str | None, str | None]:
    """Run one migration step on the configured database; the revisions before and after."""
    from drafter.store import migrate

    store = open_store(args)
    try:
        before = migrate.current_revision(store.engine)
        step(store.engine, args.revision)
        after = migrate.current_revision(store.engine)
    finally:
        store.dispose()
    print(f"Cơ sở dữ liệu: {shown(store)}")
    return before, after


@guard
def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from drafter.store import migrate

    before, after = _migrate(args, migrate.upgrade)
    if before == after:
        print(f"Lược đồ đã ở phiên bản {after}; không có gì phải làm.")
    else:
        print(f"Đã nâng cấp lược đồ: {before or '(trống)'} → {after}.")
    return EXIT_OK


@guard
def cmd_db_downgrade(args: argparse.Namespace) -> int:
    from drafter.store import migrate

    before, after = _migrate(args, migrate.downgrade)
    print(f"Đã hạ lược đồ: {before or '(trống)'} → {after or '(trống: đã xóa mọi bảng)'}.")
    return EXIT_OK


@guard
def cmd_db_current(args: argparse.Namespace) -> int:
    from drafter.store import migrate

    store = open_store(args)
    try:
        current = migrate.current_revision(store.engine)
    finally:
        store.dispose()
    head = migrate.head_revision()
    print(f"Cơ sở dữ liệu: {shown(store)}")
    if current is None:
        print(f"Chưa có lược đồ (mới nhất: {head}); chạy `drafter db upgrade`.")
    elif current == head:
        print(f"Phiên bản lược đồ: {current} (mới nhất).")
    else:
        print(f"Phiên bản lược đồ: {current} (mới nhất: {head}); chạy `drafter db upgrade`.")
    return EXIT_OK


def instance_option() -> argparse.ArgumentParser:
    """The `--instance` option, a parent parser for every command that opens the database."""
    instance = argparse.ArgumentParser(add_help=False)
    instance.add_argument(
        "--instance",
        metavar="THƯ_MỤC",
        help="thư mục instance chứa drafter.sqlite3 (bỏ qua khi có biến DATABASE_URL)",
    )
    return instance


def add_command(sub: Any) -> None:
    instance = instance_option()
    db = sub.add_parser("db", help="cơ sở dữ liệu: nâng cấp, hạ cấp, xem phiên bản lược đồ")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="LỆNH")
    p = db_sub.add_parser("upgrade", parents=[instance], help="nâng lược đồ lên bản mới nhất")
    p.add_argument("revision", nargs="?", default="head", help="phiên bản đích (mặc định head)")
    p.set_defaults(func=cmd_db_upgrade)
    p = db_sub.add_parser("downgrade", parents=[instance], help="hạ lược đồ về một phiên bản")
    p.add_argument("revision", help="phiên bản đích, ví dụ 0001, -1, hoặc base (xóa mọi bảng)")
    p.set_defaults(func=cmd_db_downgrade)
    p = db_sub.add_parser("current", parents=[instance], help="phiên bản lược đồ hiện tại")
    p.set_defaults(func=cmd_db_current)
