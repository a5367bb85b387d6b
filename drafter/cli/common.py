"""What the commands share: exit codes, reading a letter, printing its problems, writing
output atomically, and the one-off PDF conversion.

Exit codes: 0 success; 1 the work was done and found errors, or could not be done
(LibreOffice failed, a file could not be written); 2 invalid input (every problem printed
on stderr, in Vietnamese). Nothing is written for an invalid letter, and an output file
is replaced atomically.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from drafter.jsoninput import JsonInputError, parse_json
from drafter.model import Letter, LetterError, Problem

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_INVALID = 2

__all__ = [
    "EXIT_ERRORS",
    "EXIT_INVALID",
    "EXIT_OK",
    "InputError",
    "convert_cold",
    "letter_or_report",
    "load_letter",
    "pdf_problem",
    "read_json",
    "report_problems",
    "write_atomic",
    "write_output",
]


class InputError(Exception):
    """Input that is not a letter at all: unreadable file, not JSON."""


def read_json(source: str) -> Any:
    """Parse JSON from a path or `-` (stdin)."""
    try:
        raw = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as err:
        raise InputError(f"Không đọc được tệp “{source}”: {err.strerror or err}.") from err
    try:
        return parse_json(raw)
    except JsonInputError as err:
        raise InputError(f"Tệp “{source}” {err.reason}.") from None


def load_letter(source: str) -> Letter:
    """A validated letter from a JSON file or stdin; raises InputError or LetterError."""
    return Letter.from_dict(read_json(source))


def report_problems(problems: list[Problem] | list[str], *, source: str = "") -> None:
    head = f"Công văn “{source}” không hợp lệ" if source else "Công văn không hợp lệ"
    print(f"{head} ({len(problems)} lỗi):", file=sys.stderr)
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)


def letter_or_report(source: str) -> Letter | None:
    """The letter from `source`, or None after printing why it is not one (stderr)."""
    try:
        return load_letter(source)
    except InputError as err:
        print(err, file=sys.stderr)
    except LetterError as err:
        report_problems(err.problems, source=source)
    return None


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


def write_output(data: bytes, target: str | Path) -> None:
    """`data` to stdout when `target` is the string `-`, else atomically to that file,
    whose name is then printed as given."""
    if target == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_atomic(Path(target), data)
    print(target)


def pdf_problem(err: Exception) -> str:
    """A PdfError at the terminal: the user's message, then what the machine saw (the
    executable, the OS error), which an operator needs and a web user must not see."""
    detail = getattr(err, "detail", "")
    return f"{err} ({detail})" if detail else str(err)


def convert_cold(data: bytes) -> bytes:
    """A .docx converted to PDF by a LibreOffice started for it; PdfError when it cannot.

    A one-off command converts cold: LibreOffice has to start either way, and a plain
    `soffice --convert-to` (about 2 s) is quicker than bringing up a warm listener (about
    6 s) that would be thrown away at exit. Long-running callers (the web app) use
    `drafter.pdf.docx_to_pdf`, which keeps LibreOffice warm. Timeout and executable come
    from the environment (`drafter.pdf.PdfConfig.from_env`).
    """
    from drafter.pdf import PdfConfig, cold_convert

    config = PdfConfig.from_env()
    return cold_convert(data, config.timeout, config.soffice)
