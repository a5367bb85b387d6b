"""The `drafter` command: one module per command, each adding its own subparser.

    render.py           drafter render LETTER.json [-o OUT] [--pdf] [--template FILE]
    validate.py         drafter validate LETTER.json
    render_examples.py  drafter render-examples FOLDER [-o DIR]
    tasks.py            drafter tasks LETTER.json [--format csv|ics] [-o FILE]
    check.py            drafter check FILE [--pdf] [--json]
    import_docx.py      drafter import LETTER.docx [-o LETTER.json]
    template.py         drafter template check TEMPLATE.docx [--kind KIND] [--no-pdf]
    pdf.py              drafter pdf FILE.docx [-o OUT.pdf]
    serve.py            drafter serve [--production]
    db.py               drafter db upgrade|downgrade|current
    users.py            drafter users create | users token create
    register.py         drafter register export --year Y [-o FILE]
    common.py           what they share: exit codes, reading a letter, printing its
                        problems, atomic output, the one-off PDF conversion

Each command module has `add_command(sub)`, which adds its subparser and the function
that runs it. Only parsers are built at start-up: what a command needs (the renderer,
the checkers, LibreOffice, SQLAlchemy, Flask) is imported when it runs.

Exit codes (drafter.cli.common): 0 success; 1 errors found, or the work could not be
done; 2 invalid input (every problem printed on stderr, in Vietnamese).
"""

from __future__ import annotations

import argparse

from drafter.cli import (
    check,
    db,
    import_docx,
    pdf,
    register,
    render,
    render_examples,
    serve,
    tasks,
    template,
    users,
    validate,
)

COMMANDS = (
    render,
    validate,
    render_examples,
    tasks,
    check,
    import_docx,
    template,
    pdf,
    serve,
    db,
    users,
    register,
)

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="drafter", description="Soạn công văn đúng thể thức Nghị định 30/2020/NĐ-CP."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")
    for command in COMMANDS:
        command.add_command(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args))
