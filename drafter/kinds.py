"""Document kinds: THE schema of each kind, read from the declarations in `forms/`.

`forms/_common.toml` declares what every kind shares (fields, body block types, form
sections); `forms/<kind>.toml` names the kind and adds or overrides fields and sections.
From one `Kind` come the model's reading and validation (full and partial), the web
form's fields and layout, the form → letter conversion, the preview's placeholders and
the JSON Schema of the letter. Adding a field to a kind is a change of its declaration
(plus where the template and the context print it), nothing else.

A field is named by its path in the letter: `so`, `ky.chuc_vu` (a field of the group
`ky`), `noi_dung.number` (a field of the body blocks).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any, Literal

from drafter.paths import forms_dir

FieldType = Literal["text", "date", "datetime", "time", "choice", "list", "blocks", "group"]
FIELD_TYPES: tuple[str, ...] = (
    "text",
    "date",
    "datetime",
    "time",
    "choice",
    "list",
    "blocks",
    "group",
)
COMMON = "_common"  # the shared declaration; files starting with `_` are not kinds


class KindError(ValueError):
    """A declaration in forms/ that cannot be used (a programming error, found at load)."""


@dataclass(frozen=True)
class FieldDef:
    """One field of a document kind, as declared."""

    name: str  # the path: `so`, `ky.chuc_vu`, `noi_dung.number`
    label: str
    type: str = "text"
    help: str = ""
    required: bool = False
    allowed: bool = True  # False: this kind has no such field (absent or empty only)
    max_length: int | None = None
    max_items: int | None = None
    choices: tuple[tuple[str, str], ...] = ()
    rule: str = ""  # a named rule of the model (drafter.model.RULES)
    placeholder: str = ""  # what the preview prints while the field is wrong
    extra: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def key(self) -> str:
        """The field's own key in its object (`chuc_vu` for `ky.chuc_vu`)."""
        return self.name.rpartition(".")[2]

    @cached_property
    def parent(self) -> str:
        """The group or block list it belongs to (`ky`), or "" for a top-level field."""
        return self.name.rpartition(".")[0]

    @cached_property
    def form_name(self) -> str:
        """Its name in the web form (`ky_chuc_vu`)."""
        return self.name.replace(".", "_")

    @property
    def choice_values(self) -> tuple[str, ...]:
        return tuple(value for value, _ in self.choices)

    @property
    def is_list(self) -> bool:
        return self.type in ("list", "blocks")

    @property
    def short_label(self) -> str:
        """The label without its bracketed hint: `Trích yếu` for `Trích yếu (V/v)`."""
        return self.label.split(" (")[0]


@dataclass(frozen=True)
class BlockDef:
    """A body block type: its label, its fields (besides `type`) and which are required."""

    type: str
    label: str
    fields: tuple[str, ...]
    required: tuple[str, ...] = ()
    rule: str = ""  # a named block rule of the model (drafter.model.BLOCK_RULES)


@dataclass(frozen=True)
class Section:
    """A part of the web form: a legend and rows of fields (a row of two is side by side).

    A section whose `list` is set is that list's own fieldset (its legend is the list's
    label); `presets` names the agency presets offered in it (`signer`, `group`).
    """

    key: str
    legend: str = ""
    list: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    presets: str = ""


@dataclass(frozen=True)
class Kind:
    """A document kind: key, names, template, fields by path, block types, form sections."""

    key: str
    title: str
    template: str
    fields: dict[str, FieldDef]
    blocks: dict[str, BlockDef] = field(default_factory=dict)
    sections: tuple[Section, ...] = ()
    info: dict[str, Any] = field(default_factory=dict)
    # What other layers derive from the declaration, computed once per kind (a kind is
    # read once per process and never changes).
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __getitem__(self, name: str) -> FieldDef:
        return self.fields[name]

    @cached_property
    def _children(self) -> dict[str, list[FieldDef]]:
        out: dict[str, list[FieldDef]] = {}
        for fdef in self.fields.values():
            out.setdefault(fdef.parent, []).append(fdef)
        return out

    def children(self, parent: str = "") -> list[FieldDef]:
        """The fields directly under `parent` ("" = top level), in declaration order."""
        return self._children.get(parent, [])

    def top(self, *, allowed_only: bool = True) -> list[FieldDef]:
        """The top-level fields of this kind, in the letter's key order."""
        if not allowed_only:
            return self.children()
        return [f for f in self.children() if f.allowed]

    def walk(self, parent: str = "") -> Iterator[FieldDef]:
        """Every allowed field, depth first: a group's fields follow the group."""
        for fdef in self.children(parent):
            if not fdef.allowed:
                continue
            yield fdef
            if fdef.type == "group":
                yield from self.walk(fdef.name)

    @property
    def block_types(self) -> tuple[tuple[str, str], ...]:
        """(type, label) of the body blocks, in declaration order."""
        return tuple((b.type, b.label) for b in self.blocks.values())

    @cached_property
    def body(self) -> str:
        """The path of the body's block list (`noi_dung`)."""
        return next(f.name for f in self.fields.values() if f.type == "blocks")

    def block_fields(self) -> list[FieldDef]:
        """Every field a body block can have besides `type` (the union over block types)."""
        return self.children(self.body)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """`over` laid on `base`; tables merge key by key, new keys keep their file order."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


_FIELD_KEYS = {
    "label",
    "type",
    "help",
    "required",
    "allowed",
    "max_length",
    "max_items",
    "choices",
    "rule",
    "placeholder",
}


def _field(name: str, raw: dict[str, Any]) -> FieldDef:
    ftype = raw.get("type", "text")
    if ftype not in FIELD_TYPES:
        raise KindError(f"{name}: unknown field type {ftype!r}")
    if "label" not in raw:
        raise KindError(f"{name}: a field needs a label")
    return FieldDef(
        name=name,
        label=raw["label"],
        type=ftype,
        help=raw.get("help", ""),
        required=bool(raw.get("required", False)),
        allowed=bool(raw.get("allowed", True)),
        max_length=raw.get("max_length"),
        max_items=raw.get("max_items"),
        choices=tuple((str(v), str(label)) for v, label in raw.get("choices", [])),
        rule=raw.get("rule", ""),
        placeholder=raw.get("placeholder", ""),
        extra={k: v for k, v in raw.items() if k not in _FIELD_KEYS},
    )


def _ordered_fields(common: dict[str, Any], own: dict[str, Any], slot: str) -> dict[str, Any]:
    """Common fields with the kind's overrides; the kind's new top-level fields (and their
    sub-fields) go right after the common field `slot`, in the kind file's order."""
    new = {name: spec for name, spec in own.items() if name not in common}
    out: dict[str, Any] = {}
    for name, spec in common.items():
        out[name] = _merge(spec, own[name]) if name in own else spec
        if name == slot:
            out.update(new)
            new = {}
    out.update(new)
    return out


def _sections(common: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    """Common sections, overridden by the kind's; a new one goes after its `after`."""
    out: dict[str, Any] = {}
    for key, spec in common.items():
        out[key] = _merge(spec, own[key]) if key in own else spec
    for key, spec in own.items():
        if key in common:
            continue
        after = spec.get("after")
        items = list(out.items())
        index = next((i + 1 for i, (k, _) in enumerate(items) if k == after), len(items))
        items.insert(index, (key, spec))
        out = dict(items)
    return out


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise KindError(f"{path.name}: {err}") from err


def build_kind(common: dict[str, Any], own: dict[str, Any]) -> Kind:
    """A Kind from the parsed common and kind declarations (checked for consistency)."""
    raw_fields = _ordered_fields(
        common.get("fields", {}), own.get("fields", {}), common.get("kind_fields_after", "")
    )
    fields = {name: _field(name, spec) for name, spec in raw_fields.items()}
    for fdef in fields.values():
        if fdef.parent and fdef.parent not in fields:
            raise KindError(f"{fdef.name}: no field {fdef.parent!r} to belong to")
    raw_blocks = _merge(common.get("blocks", {}), own.get("blocks", {}))
    blocks = {
        btype: BlockDef(
            type=btype,
            label=spec["label"],
            fields=tuple(spec.get("fields", ("text",))),
            required=tuple(spec.get("required", ())),
            rule=spec.get("rule", ""),
        )
        for btype, spec in raw_blocks.items()
        if spec.get("allowed", True)
    }
    bodies = [f.name for f in fields.values() if f.type == "blocks"]
    if len(bodies) > 1:
        raise KindError(f"more than one field of body blocks: {bodies}")
    for block in blocks.values():
        for key in block.fields:
            if not bodies or f"{bodies[0]}.{key}" not in fields:
                raise KindError(f"block {block.type}: no field {key!r} of the body blocks")
    sections = []
    for key, spec in _sections(common.get("sections", {}), own.get("sections", {})).items():
        section = Section(
            key=key,
            legend=spec.get("legend", ""),
            list=spec.get("list", ""),
            rows=tuple(tuple(row) for row in spec.get("rows", ())),
            presets=spec.get("presets", ""),
        )
        names = [section.list] if section.list else []
        names += [name for row in section.rows for name in row]
        for name in names:
            if name not in fields:
                raise KindError(f"section {key}: no field {name!r}")
        if section.list and not fields[section.list].allowed:
            continue
        rows = tuple(
            kept for row in section.rows if (kept := tuple(n for n in row if fields[n].allowed))
        )
        if rows or section.list:
            sections.append(Section(key, section.legend, section.list, rows, section.presets))
    placed = {s.list for s in sections} | {n for s in sections for row in s.rows for n in row}
    for fdef in fields.values():
        in_block = fdef.parent in bodies
        if fdef.allowed and fdef.type != "group" and not in_block and fdef.name not in placed:
            raise KindError(f"{fdef.name}: the field is in no form section")
    info = {k: v for k, v in own.items() if k not in ("fields", "blocks", "sections")}
    return Kind(
        key=own["kind"],
        title=own["title"],
        template=own.get("template", own["kind"]),
        fields=fields,
        blocks=blocks,
        sections=tuple(sections),
        info=info,
    )


@cache
def _load(folder: Path, key: str) -> Kind:
    common = _read(folder / f"{COMMON}.toml")
    own = _read(folder / f"{key}.toml")
    if own.get("kind") != key:
        raise KindError(f"{key}.toml declares kind {own.get('kind')!r}")
    return build_kind(common, own)


def load_kind(key: str) -> Kind:
    """The kind declared in `forms/{key}.toml` over `forms/_common.toml` (cached)."""
    folder = forms_dir()
    if key not in _known(folder):
        raise KeyError(key)
    return _load(folder, key)


@cache
def _known(folder: Path) -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in folder.glob("*.toml") if not p.stem.startswith("_")))


def known_kinds() -> list[str]:
    """Keys of every kind that has a declaration (read once per forms folder)."""
    return list(_known(forms_dir()))


def all_kinds() -> list[Kind]:
    """Every declared kind, in key order."""
    return [load_kind(key) for key in known_kinds()]


__all__ = [
    "BlockDef",
    "FieldDef",
    "Kind",
    "KindError",
    "Section",
    "all_kinds",
    "build_kind",
    "known_kinds",
    "load_kind",
]
