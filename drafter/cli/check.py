"""`drafter check FILE [--pdf] [--json]`: the checker's report for people or for machines.

`FILE.docx` runs the checks on the Word file (drafter.check). With `--pdf` the file is
also converted to PDF by LibreOffice and the page checks run on the result
(drafter.check.pdf): the .docx checks reason about formatting, the page checks measure
what the typesetter made of it (a Quốc hiệu that wraps, a signature alone on a page).
`FILE.pdf` gets the page checks only. The conversion is cold, as in `drafter pdf`
(drafter.cli.common.convert_cold says why: a one-off command would start a warm
listener only to throw it away). The checkers load only when the command runs.

Exit codes: 0 no error (warnings allowed), 1 errors found in either report or LibreOffice
could not convert, 2 not a Word document or not a PDF (or unreadable). A refusal is one
clear Vietnamese sentence on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from drafter.cli.common import EXIT_ERRORS, EXIT_INVALID, EXIT_OK, convert_cold, pdf_problem

if TYPE_CHECKING:
    from drafter.check import Finding, Report


def title(report: Report | None) -> str:
    """The heading: the kind the checker recognised (a công văn when it could not tell)."""
    from drafter.kinds import known_kinds, load_kind

    key = report.kind if report is not None and report.kind in known_kinds() else "cong_van"
    return f"Kiểm tra thể thức {load_kind(key).title.lower()} (Nghị định 30/2020/NĐ-CP)"


ON_DOCX, ON_PDF = "Trên tệp .docx", "Trên trang PDF"

__all__ = [
    "add_command",
    "format_report",
    "format_reports",
    "is_pdf",
    "run_check",
]


class _Refused(Exception):
    """A file the command cannot check; the message is the Vietnamese sentence to print."""


def _finding_lines(findings: Sequence[Finding]) -> list[str]:
    """Each finding and where it is; a page finding's message is already a sentence."""
    from drafter.check.findings import ERROR

    lines = []
    for f in findings:
        mark = "✗ Lỗi" if f.severity == ERROR else "! Lưu ý"
        lines.append(f"{mark} [{f.check}] {f.message if f.on_page else f.text}")
        if f.location:
            lines.append(f"    Vị trí: {f.location}")
    return lines


def _verdict(n_err: int, n_warn: int) -> str:
    if not n_err:
        return "Kết quả: ĐÚNG thể thức" + (f" ({n_warn} lưu ý)" if n_warn else "") + "."
    return f"Kết quả: CHƯA đúng thể thức: {n_err} lỗi, {n_warn} lưu ý."


def format_report(report: Report, source: str) -> str:
    """The report as a văn thư reads it: each finding, where it is, then the verdict."""
    lines = [f"{title(report)}: {source}", ""]
    lines += _finding_lines(report.findings)
    if report.findings:
        lines.append("")
    lines.append(_verdict(len(report.errors), len(report.warnings)))
    return "\n".join(lines)


def _counts(n_err: int, n_warn: int) -> str:
    if not n_err and not n_warn:
        return "không có lỗi"
    return f"{n_err} lỗi, {n_warn} lưu ý"


def format_reports(
    docx: Report | None, pdf: Report | None, source: str, pdf_error: str = "", note: str = ""
) -> str:
    """The .docx findings, then the page findings, each under its heading; one verdict.

    `pdf_error` is why there is no page report (LibreOffice failed): no verdict then.
    `note` is why the page may differ from the .docx here (drafter.pdf.serif_font_problem).
    """
    lines = [f"{title(docx)}: {source}"]
    n_err = n_warn = 0
    if docx is not None:
        n_err, n_warn = len(docx.errors), len(docx.warnings)
        lines += ["", f"{ON_DOCX}: {_counts(n_err, n_warn)}"]
        lines += _finding_lines(docx.findings)
    if pdf is not None:
        p_err, p_warn = len(pdf.errors), len(pdf.warnings)
        n_err, n_warn = n_err + p_err, n_warn + p_warn
        lines += ["", f"{ON_PDF} ({pdf.pages} trang): {_counts(p_err, p_warn)}"]
        lines += _finding_lines(pdf.findings)
    elif pdf_error:
        lines += ["", f"{ON_PDF}: không kiểm tra được ({pdf_error.rstrip('.')})"]
    if note:
        lines.append(f"! Lưu ý: {note}")
    lines.append("")
    if pdf is None and pdf_error:
        lines.append("Kết quả: chưa kiểm tra xong (không chuyển được sang PDF).")
    else:
        lines.append(_verdict(n_err, n_warn))
    return "\n".join(lines)


def is_pdf(path: str) -> bool:
    """A `.pdf` name, or a file that starts like a PDF whatever its name."""
    if path.lower().endswith(".pdf"):
        return True
    try:
        with open(path, "rb") as fh:
            return fh.read(5) == b"%PDF-"
    except OSError:
        return False  # check_path says what is wrong with it


def _read_pdf(path: str) -> bytes:
    """The bytes of a PDF on disk, its size checked before it is read (as check_path)."""
    from drafter.docx.package import MAX_FILE_BYTES, megabytes

    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raise _Refused(f"tệp quá lớn ({megabytes(size)}; tối đa {megabytes(MAX_FILE_BYTES)}).")
        with open(path, "rb") as fh:
            return fh.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise _Refused(f"không mở được tệp: {err.strerror or err}.") from err


def _page_report(data: bytes) -> Report:
    """The page checks; any failure to read the PDF becomes one Vietnamese sentence."""
    from drafter.check.pdf import PdfCheckError, check_pdf

    try:
        return check_pdf(data)
    except PdfCheckError as err:
        raise _Refused(str(err)) from err
    except MemoryError as err:
        raise _Refused("tệp quá lớn so với bộ nhớ.") from err
    except Exception as err:  # pdfminer's own errors on a damaged file: never a traceback
        raise _Refused(f"tệp PDF bị hỏng, không đọc được ({type(err).__name__}).") from err


def _convert(path: str) -> bytes:
    """The .docx (already checked, so a Word file of sane size) converted cold by
    LibreOffice; PdfError when it cannot."""
    from drafter.docx.package import MAX_FILE_BYTES
    from drafter.pdf import PdfError

    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise PdfError(f"Không đọc lại được tệp: {err.strerror or err}.") from err
    return convert_cold(data)


def _print_json(out: dict[str, Any]) -> None:
    print(json.dumps(out, ensure_ascii=False, indent=2))


def _run_pdf_only(path: str, as_json: bool) -> int:
    try:
        report = _page_report(_read_pdf(path))
    except _Refused as err:
        if as_json:
            _print_json({"file": path, "ok": False, "error": str(err)})
        print(f"Không kiểm tra được “{path}”: {err}", file=sys.stderr)
        return EXIT_INVALID
    if as_json:
        totals = {"ok": report.ok, "errors": len(report.errors), "warnings": len(report.warnings)}
        _print_json({"file": path, **totals, "pdf": report.to_dict()})
    else:
        print(format_reports(None, report, path))
    return EXIT_OK if report.ok else EXIT_ERRORS


def _run_docx_and_pdf(path: str, report: Report, as_json: bool) -> int:
    from drafter import pdf as pdf_module
    from drafter.pdf import PdfError

    pdf: Report | None = None
    problem = ""
    note = pdf_module.serif_font_problem()  # fonts missing here: the page may differ
    try:
        pdf = _page_report(_convert(path))
    except PdfError as err:
        problem = pdf_problem(err)
    except _Refused as err:
        problem = f"LibreOffice không tạo ra tệp PDF đọc được: {err}"
    ok = report.ok and pdf is not None and pdf.ok
    if as_json:
        n_err = len(report.errors) + (len(pdf.errors) if pdf else 0)
        n_warn = len(report.warnings) + (len(pdf.warnings) if pdf else 0)
        out: dict[str, Any] = {"file": path, "ok": ok, "errors": n_err, "warnings": n_warn}
        out["docx"] = report.to_dict()
        out["pdf"] = pdf.to_dict() if pdf is not None else None
        if problem:
            out["error"] = problem
        if note:
            out["note"] = note
        _print_json(out)
    else:
        print(format_reports(report, pdf, path, pdf_error=problem, note=note))
    if problem:
        print(
            f"Không chuyển được “{path}” sang PDF để kiểm tra trên trang: {problem}",
            file=sys.stderr,
        )
    return EXIT_OK if ok else EXIT_ERRORS


def run_check(path: str, as_json: bool, pdf: bool = False) -> int:
    """Check one file, print the report(s), return the exit code (0, 1 or 2).

    A .docx gets the .docx checks, and with `pdf` also the page checks on its LibreOffice
    PDF; a .pdf gets the page checks only.
    """
    from drafter.check import check_path
    from drafter.docx.package import NotADocxError

    if is_pdf(path):
        return _run_pdf_only(path, as_json)
    try:
        report = check_path(path)
    except NotADocxError as err:
        if as_json:
            print(json.dumps({"ok": False, "error": str(err)}, ensure_ascii=False))
        print(f"Không kiểm tra được “{path}”: {err}", file=sys.stderr)
        return EXIT_INVALID
    except MemoryError:
        print(f"Không kiểm tra được “{path}”: tệp quá lớn so với bộ nhớ.", file=sys.stderr)
        return EXIT_INVALID
    if pdf:
        return _run_docx_and_pdf(path, report, as_json)
    if as_json:
        out = {"file": path, **report.to_dict()}
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(format_report(report, path))
    return EXIT_OK if report.ok else EXIT_ERRORS


def cmd_check(args: argparse.Namespace) -> int:
    return run_check(args.file, args.json, args.pdf)


def add_command(sub: Any) -> None:
    p = sub.add_parser("check", help="kiểm tra thể thức một tệp .docx (NĐ 30/2020/NĐ-CP)")
    p.add_argument("file", help="tệp .docx (hoặc .pdf: chỉ kiểm tra trên trang) cần kiểm tra")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.add_argument(
        "--pdf", action="store_true", help="chuyển sang PDF (LibreOffice), kiểm tra cả trang in"
    )
    p.set_defaults(func=cmd_check)
