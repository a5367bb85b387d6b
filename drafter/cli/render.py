"""`drafter render LETTER.json [-o OUT] [--pdf] [--template FILE]`: the letter as .docx (or
PDF); `--template` uses an agency's own template, after the acceptance of
`drafter template check` (docs/templates.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from drafter.cli.common import (
    EXIT_ERRORS,
    EXIT_INVALID,
    EXIT_OK,
    convert_cold,
    letter_or_report,
    pdf_problem,
    write_output,
)
from drafter.filenames import default_filename


def cmd_render(args: argparse.Namespace) -> int:
    from drafter.render import render_docx

    letter = letter_or_report(args.input)
    if letter is None:
        return EXIT_INVALID
    template = None
    if args.template:
        from drafter.cli.template import load_template

        template, code = load_template(args.template, letter.kind)
        if template is None:
            return int(code)
    data = render_docx(letter, template)
    if args.pdf:
        from drafter.pdf import PdfError

        try:
            data = convert_cold(data)
        except PdfError as err:
            print(f"Lỗi: {pdf_problem(err)}", file=sys.stderr)
            return EXIT_ERRORS
    target = args.output or default_filename(letter, ".pdf" if args.pdf else ".docx")
    write_output(data, target if target == "-" else Path(target))
    return EXIT_OK


def add_command(sub: Any) -> None:
    p = sub.add_parser("render", help="tạo tệp .docx từ công văn JSON")
    p.add_argument("input", help="tệp JSON (định dạng công văn), hoặc - để đọc từ stdin")
    p.add_argument("-o", "--output", help="tệp .docx ra, hoặc - để ghi ra stdout")
    p.add_argument("--pdf", action="store_true", help="xuất PDF (qua LibreOffice) thay cho .docx")
    p.add_argument(
        "--template",
        metavar="FILE",
        help="mẫu .docx riêng của cơ quan (được kiểm tra như drafter template check)",
    )
    p.set_defaults(func=cmd_render)
