"""The `drafter` command: render, validate and (from other modules) check, pdf, serve.

Exit codes: 0 success; 2 invalid input (every problem printed on stderr, in Vietnamese).
Nothing is written for an invalid letter, and an output file is replaced atomically.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from drafter.filenames import default_filename
from drafter.model import Letter, LetterError, Problem

EXIT_OK = 0
EXIT_INVALID = 2


class InputError(Exception):
    """Input that is not a letter at all: unreadable file, not JSON."""


def read_json(source: str) -> Any:
    """Parse JSON from a path or `-` (stdin)."""
    try:
        raw = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as err:
        raise InputError(f"Không đọc được tệp “{source}”: {err.strerror or err}.") from err
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        raise InputError(f"Tệp “{source}” không phải văn bản UTF-8.") from err
    except json.JSONDecodeError as err:
        raise InputError(
            f"Tệp “{source}” không phải JSON hợp lệ (dòng {err.lineno}, cột {err.colno}): {err.msg}."
        ) from err


def load_letter(source: str) -> Letter:
    """A validated letter from a JSON file or stdin; raises InputError or LetterError."""
    return Letter.from_dict(read_json(source))


def report_problems(problems: list[Problem] | list[str], *, source: str = "") -> None:
    head = f"Công văn “{source}” không hợp lệ" if source else "Công văn không hợp lệ"
    print(f"{head} ({len(problems)} lỗi):", file=sys.stderr)
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder, then rename."""
    path = path.resolve()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a letter is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def letter_or_report(source: str) -> Letter | None:
    """The letter from `source`, or None after printing why it is not one (stderr)."""
    try:
        return load_letter(source)
    except InputError as err:
        print(err, file=sys.stderr)
    except LetterError as err:
        report_problems(err.problems, source=source)
    return None


def cmd_render(args: argparse.Namespace) -> int:
    from drafter.render import render_docx

    letter = letter_or_report(args.input)
    if letter is None:
        return EXIT_INVALID
    data = render_docx(letter)
    if args.pdf:
        from drafter.pdf import PdfConfig, PdfError, cold_convert

        config = PdfConfig.from_env()
        try:  # one-off: a cold conversion (see drafter/pdf_cli.py)
            data = cold_convert(data, config.timeout, config.soffice)
        except PdfError as err:
            print(f"Lỗi: {err}", file=sys.stderr)
            return 1
    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return EXIT_OK
    suffix = ".pdf" if args.pdf else ".docx"
    out = Path(args.output) if args.output else Path(default_filename(letter, suffix))
    write_atomic(out, data)
    print(out)
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    if letter_or_report(args.input) is None:
        return EXIT_INVALID
    print(f"Hợp lệ: {args.input}")
    return EXIT_OK


def cmd_render_examples(args: argparse.Namespace) -> int:
    """Render every letter of a folder (the examples) into `-o DIR` and print the paths."""
    from drafter.render import render_docx

    out_dir = Path(args.output)
    out_dir.mkdir(parents=True, exist_ok=True)
    status = EXIT_OK
    for path in sorted(Path(args.folder).glob("*.json")):
        data = read_json(str(path))
        if not isinstance(data, dict) or "kind" not in data:
            continue  # expected.json and other non-letters
        try:
            letter = Letter.from_dict(data)
        except LetterError as err:
            report_problems(err.problems, source=str(path))
            status = EXIT_INVALID
            continue
        target = out_dir / f"{path.stem}.docx"
        write_atomic(target, render_docx(letter))
        print(target)
    return status


def cmd_tasks(args: argparse.Namespace) -> int:
    """The letter's tasks as CSV or an .ics calendar (drafter.tasks_export)."""
    from drafter.tasks_export import export_tasks

    letter = letter_or_report(args.input)
    if letter is None:
        return EXIT_INVALID
    data = export_tasks(letter, args.format)
    if not args.output or args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return EXIT_OK
    write_atomic(Path(args.output), data)
    print(args.output)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """The layout checker's report on a .docx, and on its PDF (drafter.check_cli)."""
    from drafter.check_cli import run_check

    return run_check(args.file, args.json, args.pdf)


def cmd_pdf(args: argparse.Namespace) -> int:
    """A .docx to PDF through LibreOffice (drafter.pdf_cli)."""
    from drafter.pdf_cli import run_pdf

    return run_pdf(args.file, args.output)


def cmd_serve(args: argparse.Namespace) -> int:
    """The web app: under waitress, preparing its own instance folder (drafter.web.serve),
    or with --production under granian, configured by DRAFTER_* variables
    (drafter.web.production). Flask is imported only here."""
    if args.production:
        from drafter.web.production import serve_production

        given = {"host": args.host, "port": args.port, "threads": args.threads}
        return serve_production(**{k: v for k, v in given.items() if v})
    from drafter.web.serve import serve

    return serve(host=args.host or "127.0.0.1", port=args.port or 8000, threads=args.threads or 8)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="drafter", description="Soạn công văn đúng thể thức Nghị định 30/2020/NĐ-CP."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")

    p = sub.add_parser("render", help="tạo tệp .docx từ công văn JSON")
    p.add_argument("input", help="tệp JSON (định dạng công văn), hoặc - để đọc từ stdin")
    p.add_argument("-o", "--output", help="tệp .docx ra, hoặc - để ghi ra stdout")
    p.add_argument("--pdf", action="store_true", help="xuất PDF (qua LibreOffice) thay cho .docx")
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("validate", help="kiểm tra công văn JSON, liệt kê mọi lỗi")
    p.add_argument("input", help="tệp JSON, hoặc - để đọc từ stdin")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("render-examples", help="tạo .docx cho mọi công văn JSON trong một thư mục")
    p.add_argument("folder")
    p.add_argument("-o", "--output", default="out")
    p.set_defaults(func=cmd_render_examples)

    p = sub.add_parser("tasks", help="xuất danh sách nhiệm vụ (CSV hoặc lịch .ics)")
    p.add_argument("input", help="tệp JSON, hoặc - để đọc từ stdin")
    p.add_argument(
        "--format", choices=("csv", "ics"), default="csv", help="định dạng (mặc định csv)"
    )
    p.add_argument("-o", "--output", help="tệp ra (mặc định: stdout)")
    p.set_defaults(func=cmd_tasks)

    p = sub.add_parser("check", help="kiểm tra thể thức một tệp .docx (NĐ 30/2020/NĐ-CP)")
    p.add_argument("file", help="tệp .docx (hoặc .pdf: chỉ kiểm tra trên trang) cần kiểm tra")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.add_argument(
        "--pdf", action="store_true", help="chuyển sang PDF (LibreOffice), kiểm tra cả trang in"
    )
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("pdf", help="chuyển một tệp .docx sang PDF (LibreOffice)")
    p.add_argument("file", help="tệp .docx")
    p.add_argument("-o", "--output", help="tệp .pdf ra (mặc định: cùng tên, đuôi .pdf)")
    p.set_defaults(func=cmd_pdf)

    p = sub.add_parser("serve", help="chạy ứng dụng web (waitress; --production: granian)")
    p.add_argument("--host", help="địa chỉ lắng nghe (mặc định 127.0.0.1)")
    p.add_argument("--port", type=int, help="cổng (mặc định 8000)")
    p.add_argument(
        "--threads", type=int, help="số luồng xử lý (mặc định 8; --production: 2 mỗi tiến trình)"
    )
    p.add_argument(
        "--production",
        action="store_true",
        help="máy chủ triển khai: granian, nhiều tiến trình, cấu hình bằng biến DRAFTER_* "
        "(docs/deploy.md); cơ sở dữ liệu phải được nâng cấp trước (drafter db upgrade)",
    )
    p.set_defaults(func=cmd_serve)

    from drafter.db_cli import add_commands  # db, users: SQLAlchemy loads only when they run

    add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
