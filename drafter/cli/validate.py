"""`drafter validate LETTER.json`: every problem of a letter, in Vietnamese, or “Hợp lệ”."""

from __future__ import annotations

import argparse
from typing import Any

from drafter.cli.common import EXIT_INVALID, EXIT_OK, letter_or_report


def cmd_validate(args: argparse.Namespace) -> int:
    if letter_or_report(args.input) is None:
        return EXIT_INVALID
    print(f"Hợp lệ: {args.input}")
    return EXIT_OK


def add_command(sub: Any) -> None:
    p = sub.add_parser("validate", help="kiểm tra công văn JSON, liệt kê mọi lỗi")
    p.add_argument("input", help="tệp JSON, hoặc - để đọc từ stdin")
    p.set_defaults(func=cmd_validate)
