"""`drafter import LETTER.docx [-o LETTER.json]`: a công văn in Word back into the letter format.

The JSON goes to stdout (or `-o FILE`, written atomically); on stderr, in Vietnamese,
every field that could not be recovered and every one that had to be guessed, and what
the letter model still finds wrong. Exit 0 with the JSON, even when some fields are
missing (the list says which); 2 when the file is not a readable .docx or not a công văn
(one sentence says why), and nothing is written.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import TYPE_CHECKING, Any

from drafter.cli.common import EXIT_INVALID, EXIT_OK, write_output

if TYPE_CHECKING:
    from drafter.importer import Imported

__all__ = ["add_command", "report_notes"]


def _label(path: str) -> str:
    """The field's label from the công văn's declaration (`ky.ho_ten` → its label)."""
    from drafter.kinds import load_kind

    kind = load_kind("cong_van")
    name = re.sub(r"\[\d+\]", "", path)
    fdef = kind.fields.get(name)
    return fdef.short_label if fdef is not None else ""


def report_notes(result: Imported, source: str, stream: Any = None) -> None:
    """The notes and remaining problems of an import, for people (stderr)."""
    out = stream or sys.stderr
    if not result.notes and result.valid:
        print(f"Đã nhập “{source}”: lấy được mọi trường.", file=out)
        return
    print(f"Đã nhập “{source}”; cần soát lại:", file=out)
    for title, notes in (("Không lấy được", result.missing), ("Phải đoán", result.guessed)):
        if not notes:
            continue
        print(f"  {title} ({len(notes)}):", file=out)
        for note in notes:
            label = _label(note.path) if note.path else ""
            where = f"{label} ({note.path}): " if label else (f"{note.path}: " if note.path else "")
            print(f"    - {where}{note.message}", file=out)
    noted = {n.path for n in result.notes}
    rest = [p for p in result.problems if re.sub(r"\[\d+\].*", "", p.path) not in noted]
    if rest:
        print(f"  Còn lỗi theo định dạng công văn ({len(rest)}):", file=out)
        for problem in rest:
            print(f"    - {problem}", file=out)


def cmd_import(args: argparse.Namespace) -> int:
    from drafter.importer import NotACongVan, NotADocxError, import_path

    try:
        result = import_path(args.input)
    except (NotADocxError, NotACongVan) as err:
        print(f"Không nhập được “{args.input}”: {err}", file=sys.stderr)
        return EXIT_INVALID
    except MemoryError:
        print(f"Không nhập được “{args.input}”: tệp quá lớn so với bộ nhớ.", file=sys.stderr)
        return EXIT_INVALID
    text = json.dumps(result.letter, ensure_ascii=False, indent=2) + "\n"
    write_output(text.encode("utf-8"), args.output or "-")
    report_notes(result, args.input)
    return EXIT_OK


def add_command(sub: Any) -> None:
    p = sub.add_parser(
        "import", help="đọc một công văn .docx (soạn bằng Word hay bằng drafter) thành JSON"
    )
    p.add_argument("input", help="tệp .docx cần đọc")
    p.add_argument("-o", "--output", help="tệp JSON ra (mặc định: in ra stdout)")
    p.set_defaults(func=cmd_import)
