"""`drafter check FILE.docx [--json]`: the checker's report for people or for machines.

Exit codes: 0 no error (warnings allowed), 1 errors found, 2 not a Word document (or
unreadable). A refusal is one clear Vietnamese sentence on stderr, never a traceback.
"""

from __future__ import annotations

import json
import sys

from drafter.check import Report, check_path
from drafter.docxpkg import NotADocxError

EXIT_OK, EXIT_ERRORS, EXIT_NOT_DOCX = 0, 1, 2

__all__ = ["EXIT_ERRORS", "EXIT_NOT_DOCX", "EXIT_OK", "format_report", "run_check"]


def format_report(report: Report, source: str) -> str:
    """The report as a văn thư reads it: each finding, where it is, then the verdict."""
    lines = [f"Kiểm tra thể thức công văn (Nghị định 30/2020/NĐ-CP): {source}", ""]
    for f in report.findings:
        mark = "✗ Lỗi" if f.severity == "error" else "! Lưu ý"
        lines.append(f"{mark} [{f.check}] {f.text}")
        if f.location:
            lines.append(f"    Vị trí: {f.location}")
    if report.findings:
        lines.append("")
    n_err, n_warn = len(report.errors), len(report.warnings)
    if report.ok:
        verdict = "ĐÚNG thể thức" + (f" ({n_warn} lưu ý)" if n_warn else "")
    else:
        verdict = f"CHƯA đúng thể thức: {n_err} lỗi, {n_warn} lưu ý"
    lines.append(f"Kết quả: {verdict}.")
    return "\n".join(lines)


def run_check(path: str, as_json: bool) -> int:
    """Check one file, print the report, return the exit code (0, 1 or 2)."""
    try:
        report = check_path(path)
    except NotADocxError as err:
        if as_json:
            print(json.dumps({"ok": False, "error": str(err)}, ensure_ascii=False))
        print(f"Không kiểm tra được “{path}”: {err}", file=sys.stderr)
        return EXIT_NOT_DOCX
    except MemoryError:
        print(f"Không kiểm tra được “{path}”: tệp quá lớn so với bộ nhớ.", file=sys.stderr)
        return EXIT_NOT_DOCX
    if as_json:
        out = {"file": path, **report.to_dict()}
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(format_report(report, path))
    return EXIT_OK if report.ok else EXIT_ERRORS


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point (`python -m drafter.check_cli FILE [--json]`)."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="drafter check", description="Kiểm tra thể thức công văn .docx."
    )
    parser.add_argument("file", help="tệp .docx cần kiểm tra")
    parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    args = parser.parse_args(argv)
    return run_check(args.file, args.json)


if __name__ == "__main__":
    sys.exit(main())
