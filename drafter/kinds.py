"""Document kinds, read from the declarative definitions in `forms/*.toml`.

A field's label, help text, limits and choices are written once, in the TOML file; the
model validates against them and the web form is built from them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from drafter.paths import forms_dir


@dataclass(frozen=True)
class FieldDef:
    """One form field of a document kind."""

    name: str
    label: str
    help: str = ""
    required: bool = False
    max_length: int | None = None
    max_items: int | None = None
    choices: tuple[tuple[str, str], ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def choice_values(self) -> tuple[str, ...]:
        return tuple(value for value, _ in self.choices)


@dataclass(frozen=True)
class Kind:
    """A document kind: its key, title, template and fields by name."""

    key: str
    title: str
    template: str
    fields: dict[str, FieldDef]

    def __getitem__(self, name: str) -> FieldDef:
        return self.fields[name]


_KNOWN = {"label", "help", "required", "max_length", "max_items", "choices"}


def _field(name: str, raw: dict[str, Any]) -> FieldDef:
    return FieldDef(
        name=name,
        label=raw["label"],
        help=raw.get("help", ""),
        required=bool(raw.get("required", False)),
        max_length=raw.get("max_length"),
        max_items=raw.get("max_items"),
        choices=tuple((str(v), str(label)) for v, label in raw.get("choices", [])),
        extra={k: v for k, v in raw.items() if k not in _KNOWN},
    )


@cache
def load_kind(key: str) -> Kind:
    """The kind defined in `forms/{key}.toml` (cached: definitions don't change at run time)."""
    raw = tomllib.loads((forms_dir() / f"{key}.toml").read_text(encoding="utf-8"))
    fields = {name: _field(name, spec) for name, spec in raw["fields"].items()}
    return Kind(key=raw["kind"], title=raw["title"], template=raw["template"], fields=fields)


def known_kinds() -> list[str]:
    """Keys of every kind that has a definition."""
    return sorted(p.stem for p in forms_dir().glob("*.toml"))
