"""`drafter pdf FILE.docx [-o OUT.pdf]`: a .docx converted to PDF by LibreOffice, once.

Exit codes: 0 converted; 1 LibreOffice could not convert, or the PDF could not be
written; 2 the .docx cannot be read or the output folder does not exist.
"""

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
    pdf_problem,
    write_atomic,
)

__all__ = ["add_command", "pdf_path_for", "run_pdf"]


def pdf_path_for(docx_path: str | Path) -> Path:
    """Default output: the same name with .pdf, next to the .docx."""
    return Path(docx_path).with_suffix(".pdf")


def run_pdf(docx_path: str, output: str | None = None) -> int:
    """Convert one .docx to PDF (cold: see convert_cold) and return the exit code."""
    from drafter.pdf import PdfError

    source = Path(docx_path)
    target = Path(output) if output else pdf_path_for(source)
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        print(f"Lỗi: không có tệp {source}.", file=sys.stderr)
        return EXIT_INVALID
    except OSError as exc:
        print(f"Lỗi: không đọc được {source}: {exc.strerror}.", file=sys.stderr)
        return EXIT_INVALID
    if not target.parent.is_dir():
        print(f"Lỗi: thư mục {target.parent} không tồn tại.", file=sys.stderr)
        return EXIT_INVALID
    try:
        pdf = convert_cold(data)
    except PdfError as exc:
        print(f"Lỗi: {pdf_problem(exc)}", file=sys.stderr)
        return EXIT_ERRORS
    try:
        write_atomic(target, pdf)
    except OSError as exc:
        print(f"Lỗi: không ghi được {target}: {exc.strerror}.", file=sys.stderr)
        return EXIT_ERRORS
    print(target)
    return EXIT_OK


def cmd_pdf(args: argparse.Namespace) -> int:
    return run_pdf(args.file, args.output)


def add_command(sub: Any) -> None:
    p = sub.add_parser("pdf", help="chuyển một tệp .docx sang PDF (LibreOffice)")
    p.add_argument("file", help="tệp .docx")
    p.add_argument("-o", "--output", help="tệp .pdf ra (mặc định: cùng tên, đuôi .pdf)")
    p.set_defaults(func=cmd_pdf)
