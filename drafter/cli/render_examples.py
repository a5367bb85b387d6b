"""`drafter render-examples FOLDER [-o DIR]`: every letter of a folder as .docx."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from drafter.cli.common import EXIT_INVALID, EXIT_OK, read_json, report_problems, write_atomic
from drafter.model import Letter, LetterError


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


def add_command(sub: Any) -> None:
    p = sub.add_parser("render-examples", help="tạo .docx cho mọi công văn JSON trong một thư mục")
    p.add_argument("folder")
    p.add_argument("-o", "--output", default="out")
    p.set_defaults(func=cmd_render_examples)
