"""`drafter db upgrade|downgrade|current` and `drafter users create`: the store's commands.

Parsers only at import time; SQLAlchemy and the store load when one of these commands
runs, so `drafter render` stays quick. The database is `DATABASE_URL` if set, else the
SQLite file in the instance folder (`--instance`, or `DRAFTER_INSTANCE_PATH`, or Flask's
default for the web app), so the CLI and the web app open the same database.

Exit codes: 0 done; 2 refused (bad input, database unreachable or not migrated), with
the reason on stderr in Vietnamese.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import Any

EXIT_OK = 0
EXIT_INVALID = 2

__all__ = ["add_commands"]


def _err(message: str) -> int:
    print(message, file=sys.stderr)
    return EXIT_INVALID


def _store(args: argparse.Namespace) -> Any:
    from drafter.store import Store, database_url

    return Store.from_url(database_url(args.instance))


def _shown(store: Any) -> str:
    return str(store.engine.url.render_as_string(hide_password=True))


def _guard(run: Any) -> Any:
    """Turn the expected failures (database unreachable, unknown revision) into exit 2."""

    def wrapped(args: argparse.Namespace) -> int:
        from alembic.util import CommandError
        from sqlalchemy.exc import SQLAlchemyError

        from drafter.store import database_reason

        try:
            return int(run(args))
        except CommandError as err:
            return _err(f"Lỗi di chuyển lược đồ: {err}")
        except SQLAlchemyError as err:
            return _err(f"Không làm việc được với cơ sở dữ liệu: {database_reason(err)}")

    return wrapped


def _migrate(
    args: argparse.Namespace, step: Callable[[Any, str], None]
) -> tuple[str | None, str | None]:
    """Run one migration step on the configured database; the revisions before and after."""
    from drafter.store import migrate

    store = _store(args)
    try:
        before = migrate.current_revision(store.engine)
        step(store.engine, args.revision)
        after = migrate.current_revision(store.engine)
    finally:
        store.dispose()
    print(f"Cơ sở dữ liệu: {_shown(store)}")
    return before, after


@_guard
def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from drafter.store import migrate

    before, after = _migrate(args, migrate.upgrade)
    if before == after:
        print(f"Lược đồ đã ở phiên bản {after}; không có gì phải làm.")
    else:
        print(f"Đã nâng cấp lược đồ: {before or '(trống)'} → {after}.")
    return EXIT_OK


@_guard
def cmd_db_downgrade(args: argparse.Namespace) -> int:
    from drafter.store import migrate

    before, after = _migrate(args, migrate.downgrade)
    print(f"Đã hạ lược đồ: {before or '(trống)'} → {after or '(trống: đã xóa mọi bảng)'}.")
    return EXIT_OK


@_guard
def cmd_db_current(args: argparse.Namespace) -> int:
    from drafter.store import migrate

    store = _store(args)
    try:
        current = migrate.current_revision(store.engine)
    finally:
        store.dispose()
    head = migrate.head_revision()
    print(f"Cơ sở dữ liệu: {_shown(store)}")
    if current is None:
        print(f"Chưa có lược đồ (mới nhất: {head}); chạy `drafter db upgrade`.")
    elif current == head:
        print(f"Phiên bản lược đồ: {current} (mới nhất).")
    else:
        print(f"Phiên bản lược đồ: {current} (mới nhất: {head}); chạy `drafter db upgrade`.")
    return EXIT_OK


def _read_password(args: argparse.Namespace) -> str | None:
    if args.password_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        return None
    first = getpass.getpass("Mật khẩu: ")
    if getpass.getpass("Nhập lại mật khẩu: ") != first:
        raise ValueError("Hai lần nhập mật khẩu không khớp.")
    return first


@_guard
def cmd_users_create(args: argparse.Namespace) -> int:
    from drafter.store import ROLE_LABELS, Invalid, StoreError, bootstrap_user, migrate

    try:
        password = _read_password(args)
    except ValueError as err:
        return _err(str(err))
    if password is None:
        return _err(
            "Không có mật khẩu: chạy lệnh trong một terminal để nhập mật khẩu, "
            "hoặc dùng --password-stdin và đưa mật khẩu vào stdin."
        )
    store = _store(args)
    try:
        current, head = migrate.current_revision(store.engine), migrate.head_revision()
        if current != head:
            return _err(
                f"Cơ sở dữ liệu {_shown(store)} chưa ở phiên bản lược đồ mới nhất "
                f"({current or 'trống'}, cần {head}): chạy `drafter db upgrade` trước."
            )
        try:
            with store.transaction() as session:
                agency, user, created = bootstrap_user(
                    session,
                    args.agency,
                    username=args.username,
                    password=password,
                    role=args.role,
                    full_name=args.full_name or "",
                )
        except Invalid as err:
            print("Không tạo được tài khoản:", file=sys.stderr)
            for problem in err.problems:
                print(f"  - {problem}", file=sys.stderr)
            return EXIT_INVALID
        except StoreError as err:
            return _err(f"Không tạo được tài khoản: {err.message}")
    finally:
        store.dispose()
    if created:
        print(f"Đã tạo cơ quan “{agency.name}”.")
    print(
        f"Đã tạo tài khoản “{user.username}” ({ROLE_LABELS[user.role]}) "
        f"của cơ quan “{agency.name}”."
    )
    return EXIT_OK


def add_commands(sub: Any) -> None:
    """Add `db` and `users` to the `drafter` command's subparsers."""
    instance = argparse.ArgumentParser(add_help=False)
    instance.add_argument(
        "--instance",
        metavar="THƯ_MỤC",
        help="thư mục instance chứa drafter.sqlite3 (bỏ qua khi có biến DATABASE_URL)",
    )

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

    users = sub.add_parser("users", help="tài khoản người dùng")
    users_sub = users.add_subparsers(dest="users_command", required=True, metavar="LỆNH")
    p = users_sub.add_parser(
        "create",
        parents=[instance],
        help="tạo tài khoản (tạo cả cơ quan nếu chưa có): dùng cho quản trị đầu tiên",
    )
    p.add_argument("--agency", required=True, metavar="TÊN", help="tên cơ quan")
    p.add_argument("--username", required=True, help="tên đăng nhập")
    p.add_argument(
        "--role",
        choices=("soan_thao", "van_thu", "quan_tri"),
        default="quan_tri",
        help="vai trò (mặc định quan_tri)",
    )
    p.add_argument("--full-name", metavar="HỌ_TÊN", help="họ và tên hiển thị")
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="đọc mật khẩu từ dòng đầu của stdin (không hỏi trong terminal)",
    )
    p.set_defaults(func=cmd_users_create)
