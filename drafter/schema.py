"""The JSON Schema of the letter of each kind, generated from its declaration.

The API's OpenAPI document (drafter/web/static/openapi.json) carries these schemas;
`tools/build_openapi.py` writes them into it and a test checks that the served file
equals what this module generates, so the documented letter is always the declared one.
The schema describes shape, types, choices and limits; the model's named rules (a ký
hiệu's characters, a kind's code …) are checked by the server and reported as problems.
"""

from __future__ import annotations

from typing import Any

from drafter.kinds import FieldDef, Kind, all_kinds
from drafter.model import FORMAT_VERSION

REF = "#/components/schemas/"
_WHEN_PATTERNS = {
    "date": (r"^(\d{4}-\d{2}-\d{2})?$", "YYYY-MM-DD hoặc rỗng"),
    "datetime": (r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})?$", "YYYY-MM-DDTHH:MM hoặc rỗng"),
    "time": (r"^(\d{2}:\d{2})?$", "HH:MM hoặc rỗng"),
}
_RULE_PATTERNS = {"so": r"^[0-9]*$"}


def letter_name(kind: Kind) -> str:
    return f"Letter_{kind.key}"


def block_name(btype: str) -> str:
    return f"Block_{btype}"


def _describe(fdef: FieldDef, extra: str = "") -> str:
    parts = [fdef.label, fdef.help, extra]
    return ". ".join(p.rstrip(".") for p in parts if p) + "."


def field_schema(kind: Kind, fdef: FieldDef) -> dict[str, Any]:
    """The schema of one field's value."""
    if not fdef.allowed:
        return {"description": f"{kind.title} không có trường này (bỏ trống hoặc không gửi)."}
    if fdef.type == "group":
        children = kind.children(fdef.name)
        return {
            "type": "object",
            "additionalProperties": False,
            "description": _describe(fdef),
            "required": [f.key for f in children if f.required],
            "properties": {f.key: field_schema(kind, f) for f in children},
        }
    if fdef.is_list:
        items: dict[str, Any]
        if fdef.type == "blocks":
            items = {
                "oneOf": [{"$ref": REF + block_name(b)} for b, _ in kind.block_types],
                "discriminator": {"propertyName": "type"},
            }
        else:
            items = {"type": "string"}
            if fdef.max_length is not None:
                items["maxLength"] = fdef.max_length
        out: dict[str, Any] = {"type": "array", "description": _describe(fdef), "items": items}
        if fdef.required:
            out["minItems"] = 1
        if fdef.max_items is not None:
            out["maxItems"] = fdef.max_items
        return out
    if fdef.type == "choice":
        return {"type": "string", "description": _describe(fdef), "enum": list(fdef.choice_values)}
    if fdef.type in _WHEN_PATTERNS:
        pattern, shape = _WHEN_PATTERNS[fdef.type]
        return {"type": "string", "description": _describe(fdef, shape), "pattern": pattern}
    out = {"type": "string", "description": _describe(fdef)}
    if fdef.max_length is not None:
        out["maxLength"] = fdef.max_length
    if fdef.rule in _RULE_PATTERNS:
        out["pattern"] = _RULE_PATTERNS[fdef.rule]
    return out


def letter_schema(kind: Kind) -> dict[str, Any]:
    """The schema of a whole letter of `kind`."""
    top = kind.top(allowed_only=False)
    return {
        "type": "object",
        "title": kind.title,
        "description": (
            f"{kind.title} theo định dạng JSON phiên bản {FORMAT_VERSION} "
            "(docs/spec/input-format.md). Máy chủ kiểm tra đầy đủ và trả về mọi lỗi cùng lúc."
        ),
        "additionalProperties": False,
        "required": ["format", "kind", *(f.key for f in top if f.required and f.allowed)],
        "properties": {
            "format": {"type": "integer", "enum": [FORMAT_VERSION]},
            "kind": {"type": "string", "enum": [kind.key]},
            **{f.key: field_schema(kind, f) for f in top},
        },
    }


def block_schema(kind: Kind, btype: str) -> dict[str, Any]:
    """The schema of one body block type."""
    block = kind.blocks[btype]
    fields = {f.key: f for f in kind.block_fields()}
    properties: dict[str, Any] = {"type": {"type": "string", "enum": [btype]}}
    for key in block.fields:
        properties[key] = field_schema(kind, fields[key])
    return {
        "type": "object",
        "title": block.label,
        "additionalProperties": False,
        "required": ["type", *block.required],
        "properties": properties,
    }


def schemas(kinds: list[Kind] | None = None) -> dict[str, dict[str, Any]]:
    """Every generated component: `Letter` (one of the kinds, by `kind`), each kind's
    letter and each block type."""
    kinds = all_kinds() if kinds is None else kinds
    out: dict[str, dict[str, Any]] = {
        "Letter": {
            "description": "Một văn bản theo định dạng JSON; `kind` cho biết loại văn bản.",
            "oneOf": [{"$ref": REF + letter_name(k)} for k in kinds],
            "discriminator": {
                "propertyName": "kind",
                "mapping": {k.key: REF + letter_name(k) for k in kinds},
            },
        }
    }
    for kind in kinds:
        out[letter_name(kind)] = letter_schema(kind)
    for kind in kinds:
        for btype, _ in kind.block_types:
            out.setdefault(block_name(btype), block_schema(kind, btype))
    return out


def is_generated(name: str) -> bool:
    """Whether a component of the OpenAPI document is one this module writes."""
    return name == "Letter" or name.startswith(("Letter_", "Block_"))


__all__ = ["block_schema", "is_generated", "letter_schema", "schemas"]
