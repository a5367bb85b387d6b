"""`drafter validate LETTER.json`: every problem of a letter, in Vietnamese, or “Hợp lệ”;
and the viết hoa lưu ý (Phụ lục II, V1–V9), which never change the exit status."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from drafter.cli.common import EXIT_INVALID, EXIT_OK, InputError, read_json, report_problems
from drafter.model import Letter, LetterError
from drafter.viethoa import TextFinding, review_letter


def report_warnings(findings: list[TextFinding], *, stream: Any = None) -> None:
    """The lưu ý, one a line: rule, field, the words found and the suggested text."""
    if not findings:
        return
    out = stream or sys.stdout
    print(f"Lưu ý viết hoa theo Phụ lục II ({len(findings)}):", file=out)
    for finding in findings:
        print(f"  - {finding}", file=out)


def cmd_validate(args: argparse.Namespace) -> int:
    try:
        data = read_json(args.input)
    except InputError as err:
        print(err, file=sys.stderr)
        return EXIT_INVALID
    warnings = review_letter(data) if isinstance(data, dict) else []
    try:
        Letter.from_dict(data)
    except LetterError as err:
        report_problems(err.problems, source=args.input)
        report_warnings(warnings, stream=sys.stderr)
        return EXIT_INVALID
    print(f"Hợp lệ: {args.input}")
    report_warnings(warnings)
    return EXIT_OK


def add_command(sub: Any) -> None:
    p = sub.add_parser(
        "validate", help="kiểm tra văn bản JSON: mọi lỗi, và lưu ý viết hoa (Phụ lục II)"
    )
    p.add_argument("input", help="tệp JSON, hoặc - để đọc từ stdin")
    p.set_defaults(func=cmd_validate)
