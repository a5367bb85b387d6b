"""A letter dict as the fields the browser posts (what a person fills in the form)."""

from __future__ import annotations

from typing import Any

from drafter.model import kind_of
from drafter.web.forms import from_letter_dict


def form_fields(letter: dict[str, Any], action: str = "check") -> list[tuple[str, str]]:
    """The posted fields of `letter`: lists as numbered rows, block and authority rows as
    their sub-fields, plus the hidden kind of the form."""
    kind = kind_of(letter).key
    data = from_letter_dict(letter, kind)
    out: list[tuple[str, str]] = [("action", action), ("letter_kind", kind)]
    for name, value in data.items():
        if isinstance(value, list):
            for i, row in enumerate(value):
                if isinstance(row, dict):
                    out += [(f"{name}-{i}-{k}", v) for k, v in row.items()]
                else:
                    out.append((f"{name}-{i}", row))
        else:
            out.append((name, value))
    return out
