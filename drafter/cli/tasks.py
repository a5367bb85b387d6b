"""`drafter tasks LETTER.json [--format csv|ics] [-o FILE]`: the letter's tasks."""

from __future__ import annotations

import argparse
from typing import Any

from drafter.cli.common import EXIT_INVALID, EXIT_OK, letter_or_report, write_output


def cmd_tasks(args: argparse.Namespace) -> int:
    """The letter's tasks as CSV or an .ics calendar (drafter.tasks_export)."""
    from drafter.tasks_export import export_tasks

    letter = letter_or_report(args.input)
    if letter is None:
        return EXIT_INVALID
    write_output(export_tasks(letter, args.format), args.output or "-")
    return EXIT_OK


def add_command(sub: Any) -> None:
    p = sub.add_parser("tasks", help="xuất danh sách nhiệm vụ (CSV hoặc lịch .ics)")
    p.add_argument("input", help="tệp JSON, hoặc - để đọc từ stdin")
    p.add_argument(
        "--format", choices=("csv", "ics"), default="csv", help="định dạng (mặc định csv)"
    )
    p.add_argument("-o", "--output", help="tệp ra (mặc định: stdout)")
    p.set_defaults(func=cmd_tasks)
