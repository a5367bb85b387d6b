"""`drafter pdf FILE.docx [-o OUT.pdf]`: the command's logic, kept out of cli.py.

A one-off command converts cold: LibreOffice has to start either way, and a plain
`soffice --convert-to` (about 2 s) is quicker than bringing up a warm listener (about 6 s)
that would be thrown away at exit. Long-running callers (the web app) use
`drafter.pdf.docx_to_pdf`, which keeps LibreOffice warm.
"""

from __future__ import annotations

import sys
from pathlib import Path

from drafter.cli import write_atomic
from drafter.pdf import PdfConfig, PdfError, cold_convert

__all__ = ["pdf_path_for", "run_pdf"]


def pdf_path_for(docx_path: str | Path) -> Path:
    """Default output: the same name with .pdf, next to the .docx."""
    return Path(docx_path).with_suffix(".pdf")


def run_pdf(docx_path: str, output: str | None = None) -> int:
    """Convert one .docx to PDF; 0 on success, 1 if conversion failed, 2 for bad input."""
    source = Path(docx_path)
    target = Path(output) if output else pdf_path_for(source)
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        print(f"Lỗi: không có tệp {source}.", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"Lỗi: không đọc được {source}: {exc.strerror}.", file=sys.stderr)
        return 2
    if not target.parent.is_dir():
        print(f"Lỗi: thư mục {target.parent} không tồn tại.", file=sys.stderr)
        return 2
    config = PdfConfig.from_env()
    try:
        pdf = cold_convert(data, config.timeout, config.soffice)
    except PdfError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    try:
        write_atomic(target, pdf)
    except OSError as exc:
        print(f"Lỗi: không ghi được {target}: {exc.strerror}.", file=sys.stderr)
        return 1
    print(target)
    return 0
