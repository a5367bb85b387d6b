"""`drafter users create`: an account (and its agency, if new), e.g. the first quản trị;
`drafter users token create --username U [--name …]`: a personal API token for U, printed
once as the last word of the output (only its hash is stored).

The database is opened as `drafter db` opens it (drafter.cli.db); SQLAlchemy and the
store load only when the command runs. Exit codes: 0 created; 2 refused (bad input, a
password that was not given, an unknown user, a database unreachable or not migrated).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from drafter.cli.common import EXIT_INVALID, EXIT_OK
from drafter.cli.db import guard, instance_option, open_store, refuse, shown


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


@guard
def cmd_users_create(args: argparse.Namespace) -> int:
    from drafter.store import ROLE_LABELS, Invalid, StoreError, bootstrap_user, migrate

    try:
        password = _read_password(args)
    except ValueError as err:
        return refuse(str(err))
    if password is None:
        return refuse(
            "Không có mật khẩu: chạy lệnh trong một terminal để nhập mật khẩu, "
            "hoặc dùng --password-stdin và đưa mật khẩu vào stdin."
        )
    store = open_store(args)
    try:
        current, head = migrate.current_revision(store.engine), migrate.head_revision()
        if current != head:
            return refuse(
                f"Cơ sở dữ liệu {shown(store)} chưa ở phiên bản lược đồ mới nhất "
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
            return refuse(f"Không tạo được tài khoản: {err.message}")
    finally:
        store.dispose()
    if created:
        print(f"Đã tạo cơ quan “{agency.name}”.")
    print(
        f"Đã tạo tài khoản “{user.username}” ({ROLE_LABELS[user.role]}) "
        f"của cơ quan “{agency.name}”."
    )
    return EXIT_OK


def _migrated(store: Any) -> str | None:
    """Why the command cannot run on this database (not at the newest schema), or None."""
    from drafter.store import migrate

    current, head = migrate.current_revision(store.engine), migrate.head_revision()
    if current != head:
        return (
            f"Cơ sở dữ liệu {shown(store)} chưa ở phiên bản lược đồ mới nhất "
            f"({current or 'trống'}, cần {head}): chạy `drafter db upgrade` trước."
        )
    return None


@guard
def cmd_token_create(args: argparse.Namespace) -> int:
    from drafter.store import StoreError, create_token_for

    store = open_store(args)
    try:
        why = _migrated(store)
        if why:
            return refuse(why)
        try:
            with store.transaction() as session:
                user, record, token = create_token_for(session, args.username, name=args.name)
        except StoreError as err:
            return refuse(f"Không tạo được mã API: {err.message}")
    finally:
        store.dispose()
    print(
        f"Đã tạo mã API “{record.name}” cho “{user.username}” (chỉ hiện một lần; gửi trong "
        f"tiêu đề Authorization: Bearer …): {token}"
    )
    return EXIT_OK


def add_command(sub: Any) -> None:
    users = sub.add_parser("users", help="tài khoản người dùng")
    users_sub = users.add_subparsers(dest="users_command", required=True, metavar="LỆNH")
    p = users_sub.add_parser(
        "create",
        parents=[instance_option()],
        help="tạo tài khoản (tạo cả cơ quan nếu chưa có): dùng cho quản trị đầu tiên",
    )
    p.add_argument("--agency", required=True, metavar="TÊN", help="tên cơ quan")
    p.add_argument("--username", required=True, help="tên đăng nhập")
    p.add_argument(
        "--role",
        choices=("soan_thao", "lanh_dao", "van_thu", "quan_tri"),
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
    token = users_sub.add_parser("token", help="mã API cá nhân")
    token_sub = token.add_subparsers(dest="token_command", required=True, metavar="LỆNH")
    t = token_sub.add_parser(
        "create",
        parents=[instance_option()],
        help="tạo mã API cho một người dùng; mã in ra một lần, là từ cuối cùng",
    )
    t.add_argument("--username", required=True, help="tên đăng nhập")
    t.add_argument("--name", default="Dòng lệnh", metavar="TÊN", help="tên mã (dùng cho việc gì)")
    t.set_defaults(func=cmd_token_create)
