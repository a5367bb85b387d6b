"""`drafter template check TEMPLATE.docx [--kind cong_van] [--no-pdf] [--json]`: the
acceptance an agency template goes through before the web app stores it (docs/templates.md).

Exit codes: 0 accepted; 1 the letters it prints break the layout (the findings are
listed), or LibreOffice could not make the PDFs for the page checks; 2 unsafe or invalid
(a macro, something fetched from outside the file, a DTD, a zip bomb, a tag drafter does
not know …), every reason printed in Vietnamese. `--no-pdf` leaves out the page checks
(LibreOffice: about a second per example letter once it is warm).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import replace
from typing import Any

from drafter.cli.common import EXIT_ERRORS, EXIT_INVALID

__all__ = ["add_command", "load_template", "read_template"]


def read_template(path: str) -> bytes:
    """A template's bytes, its size checked before it is read; ValueError (Vietnamese)."""
    from drafter.docx.package import megabytes
    from drafter.usertemplate import MAX_TEMPLATE_BYTES

    try:
        size = os.path.getsize(path)
        if size > MAX_TEMPLATE_BYTES:
            raise ValueError(
                f"Tệp mẫu quá lớn ({megabytes(size)}; tối đa {megabytes(MAX_TEMPLATE_BYTES)})."
            )
        with open(path, "rb") as fh:
            return fh.read(MAX_TEMPLATE_BYTES + 1)
    except OSError as err:
        raise ValueError(f"Không đọc được tệp “{path}”: {err.strerror or err}.") from err


def load_template(path: str, kind: str) -> Any:
    """`drafter render --template FILE`: the template compiled after the same acceptance
    (without the page checks); SystemExit-free: returns (template | None, exit code)."""
    from drafter.usertemplate import check_template, compiled_template, digest

    try:
        data = read_template(path)
    except ValueError as err:
        print(f"Không dùng được mẫu “{path}”: {err}", file=sys.stderr)
        return None, EXIT_INVALID
    verdict = check_template(data, kind)
    if not verdict.accepted:
        print("\n".join(verdict.lines()), file=sys.stderr)
        return None, verdict.exit_code
    return compiled_template(digest(data), lambda: data), 0


def cmd_check(args: argparse.Namespace) -> int:
    from drafter.usertemplate import check_template

    try:
        data = read_template(args.template)
    except ValueError as err:
        print(f"Không kiểm tra được “{args.template}”: {err}", file=sys.stderr)
        return EXIT_INVALID
    converter = None
    if not args.no_pdf:
        from drafter.pdf import PdfConfig, PdfConverter

        converter = PdfConverter(replace(PdfConfig.from_env(), pool_size=1))
    try:
        verdict = check_template(
            data, args.kind, pages=converter.convert if converter is not None else None
        )
    finally:
        if converter is not None:
            converter.close()
    if args.json:
        print(
            json.dumps({"file": args.template, **verdict.to_dict()}, ensure_ascii=False, indent=2)
        )
    else:
        stream = sys.stdout if verdict.accepted else sys.stderr
        print("\n".join(verdict.lines()), file=stream)
    if verdict.pdf_error and not verdict.findings:
        return EXIT_ERRORS
    return verdict.exit_code


def add_command(sub: Any) -> None:
    from drafter.kinds import known_kinds

    p = sub.add_parser("template", help="mẫu .docx riêng của cơ quan: kiểm tra trước khi dùng")
    inner = p.add_subparsers(dest="template_command", required=True, metavar="LỆNH")
    c = inner.add_parser(
        "check", help="kiểm tra một mẫu .docx: an toàn, thẻ hợp lệ, in ra đúng thể thức"
    )
    c.add_argument("template", help="tệp mẫu .docx (làm từ mẫu gốc của drafter)")
    c.add_argument(
        "--kind",
        default="cong_van",
        choices=known_kinds(),
        help="loại văn bản (mặc định: cong_van)",
    )
    c.add_argument(
        "--no-pdf", action="store_true", help="không kiểm tra trên trang in (không cần LibreOffice)"
    )
    c.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    c.set_defaults(func=cmd_check)
