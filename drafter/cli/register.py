"""`drafter register export --year 2026 [--agency …] [--series …] -o so-di-2026.xlsx`: the
Sổ đăng ký văn bản đi of a year as .xlsx, .pdf (A4 landscape with its cover page, through
a LibreOffice started for it) or .json, by the output's extension (or `--format`).

The export is recorded in the agency's audit log (as the command line). `--agency` may be
left out when the database has one agency. Exit codes: 0 written; 1 the PDF could not be
made or the file written; 2 refused (unknown agency, bad year, database not migrated).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from drafter.cli.common import EXIT_ERRORS, EXIT_OK, convert_cold, write_output
from drafter.cli.db import guard, instance_option, open_store, refuse, shown


def _format(args: argparse.Namespace) -> str | None:
    if args.format:
        return str(args.format)
    suffix = Path(args.output).suffix.lower().lstrip(".")
    return suffix if suffix in ("xlsx", "pdf", "json") else None


@guard
def cmd_register_export(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from drafter import register_export
    from drafter.pdf import PdfError
    from drafter.store import (
        ALL_SERIES,
        StoreError,
        find_agency,
        list_register,
        migrate,
        record_export,
        series_label,
    )
    from drafter.store.models import Agency

    fmt = _format(args)
    if fmt is None:
        return refuse("Không biết định dạng: đặt tên tệp .xlsx, .pdf hoặc .json, hoặc --format.")
    store = open_store(args)
    try:
        current, head = migrate.current_revision(store.engine), migrate.head_revision()
        if current != head:
            return refuse(
                f"Cơ sở dữ liệu {shown(store)} chưa ở phiên bản lược đồ mới nhất "
                f"({current or 'trống'}, cần {head}): chạy `drafter db upgrade` trước."
            )
        with store.transaction() as session:
            try:
                if args.agency:
                    agency = find_agency(session, args.agency)
                else:
                    names = session.scalars(select(Agency.name).order_by(Agency.name)).all()
                    if len(names) != 1:
                        listed = ", ".join(f"“{n}”" for n in names) or "không có cơ quan nào"
                        return refuse(f"Cần --agency (cơ sở dữ liệu có: {listed}).")
                    agency = find_agency(session, names[0])
                records = list_register(
                    session, agency.id, None, year=args.year, series=args.series or None
                )
            except StoreError as err:
                return refuse(err.message)
            label = "" if args.series in (None, "", ALL_SERIES) else series_label(args.series)
            cover = register_export.cover_for(
                agency.co_quan_chu_quan,
                agency.co_quan_ban_hanh or agency.name,
                args.year,
                records,
                series=label,
            )
            try:
                data = register_export.build(fmt, cover, records, convert_cold)
            except PdfError as err:
                print(f"Không tạo được PDF: {err}", file=sys.stderr)
                return EXIT_ERRORS
            record_export(
                session,
                agency.id,
                None,
                year=args.year,
                series=args.series or None,
                fmt=fmt,
                rows=len(records),
            )
    finally:
        store.dispose()
    try:
        write_output(data, args.output)
    except OSError as err:
        print(f"Không ghi được “{args.output}”: {err.strerror or err}.", file=sys.stderr)
        return EXIT_ERRORS
    return EXIT_OK


def add_command(sub: Any) -> None:
    register = sub.add_parser("register", help="sổ đăng ký văn bản đi")
    register_sub = register.add_subparsers(dest="register_command", required=True, metavar="LỆNH")
    p = register_sub.add_parser(
        "export",
        parents=[instance_option()],
        help="xuất sổ đăng ký văn bản đi của một năm (.xlsx, .pdf, .json)",
    )
    p.add_argument("--year", type=int, required=True, help="năm (ví dụ 2026)")
    p.add_argument("--agency", metavar="TÊN", help="tên cơ quan (bỏ qua nếu chỉ có một)")
    p.add_argument(
        "--series",
        metavar="HỆ_THỐNG_SỐ",
        help="MAT (văn bản mật), CHUNG, mã loại văn bản (QĐ…), * (tất cả); mặc định: mọi "
        "hệ thống số trừ văn bản mật",
    )
    p.add_argument("--format", choices=("xlsx", "pdf", "json"), help="mặc định: theo đuôi tệp")
    p.add_argument("-o", "--output", required=True, help="tệp ra (- : stdout)")
    p.set_defaults(func=cmd_register_export)
