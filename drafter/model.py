"""The letter: its values as read from the JSON letter format, and their validation.

`Letter.from_dict` is the one door into the domain: the CLI, the API, the web form and
saved templates all hand it a dict in the format of docs/spec/input-format.md. It checks
everything at once and raises `LetterError` listing every problem by field path
(`kinh_gui[2]`, `ky.ho_ten`) with a Vietnamese message; nothing is built from an invalid
letter. `read_partial` is the same reader for drafts and mẫu, which hold some fields of a
letter: shapes and names are checked, completeness is not.

Which fields a letter has, their types, limits, choices and rules all come from its
kind's declaration (drafter.kinds, forms/*.toml): nothing here names a field, except the
named rules of `RULES` that a declaration refers to.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from drafter.kinds import FieldDef, Kind, known_kinds, load_kind
from drafter.layout import DEFAULT
from drafter.vntext import clean_input, clock, strip_vv

FORMAT_VERSION = 1
DEFAULT_KIND = "cong_van"
ENVELOPE = ("format", "kind")  # the keys of every letter besides its kind's fields

KY_HIEU_RE = re.compile(r"^[A-Za-zĐđ0-9&.]+(?:-[A-Za-zĐđ0-9&.]+)*$")
SO_RE = re.compile(r"^[0-9]+$")
ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$")
TIME_RE = re.compile(r"^\d{2}:\d{2}$")
LIST_ITEM_BLANK = " \t\r\n-–—•+;.,"  # an item of only these is empty (R6 strips them)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input letter: where (field path) and what (Vietnamese)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message}


class LetterError(ValueError):
    """An invalid letter, with every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def empty_value(fdef: FieldDef) -> Any:
    """What a field holds when the letter leaves it out."""
    if fdef.type in ("list", "blocks"):
        return ()
    if fdef.type in ("date", "datetime"):
        return None
    return ""


class Record:
    """Read-only field values with attribute access (`letter.so`, `letter.ky.ho_ten`).

    A declared field the input left out reads as its empty value, so code that prints a
    letter never meets a missing attribute; a name no declaration has is an error.
    """

    __slots__ = ("_defaults", "_values")

    def __init__(self, values: Mapping[str, Any], defaults: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_values", dict(values))
        object.__setattr__(self, "_defaults", defaults)

    def __getattr__(self, name: str) -> Any:
        values = object.__getattribute__(self, "_values")
        if name in values:
            return values[name]
        defaults = object.__getattribute__(self, "_defaults")
        if name in defaults:
            return defaults[name]
        raise AttributeError(name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._values == other._values  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._values)))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._values!r})"

    def get(self, name: str, default: Any = None) -> Any:
        try:
            return getattr(self, name)
        except AttributeError:
            return default


class Block(Record):
    """A body block (`noi_dung` entry): `type` and the fields its block type declares."""

    def to_dict(self, kind: Kind) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type}
        block = kind.blocks[self.type]
        for key in block.fields:
            value = getattr(self, key)
            if key in block.required or value not in ("", None):
                out[key] = value.isoformat() if isinstance(value, dt.date) else value
        return out


class Group(Record):
    """A group of fields (the signature block `ky`)."""


def _dump(kind: Kind, fdef: FieldDef, value: Any) -> Any:
    if fdef.type == "blocks":
        return [b.to_dict(kind) for b in value]
    if fdef.type == "list":
        return list(value)
    if fdef.type == "group":
        return {f.key: _dump(kind, f, getattr(value, f.key)) for f in kind.children(fdef.name)}
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else value


class Letter(Record):
    """One valid letter of a declared kind, NFC: what the renderer and the checker read."""

    __slots__ = ("_definition",)

    def __init__(self, values: Mapping[str, Any], defaults: Mapping[str, Any], kind: Kind):
        super().__init__(values, defaults)
        object.__setattr__(self, "_definition", kind)

    @classmethod
    def from_dict(cls, data: object) -> Letter:
        """Validate `data` (the parsed JSON) and build the letter, or raise LetterError."""
        return _Reader().letter(data)

    @property
    def definition(self) -> Kind:
        """The declaration of this letter's kind."""
        return object.__getattribute__(self, "_definition")

    def to_dict(self) -> dict[str, Any]:
        """The letter in the JSON format; `from_dict(d).to_dict() == d` for canonical d."""
        kind = self.definition
        out: dict[str, Any] = {"format": self.format, "kind": self.kind}
        for fdef in kind.top():
            out[fdef.key] = _dump(kind, fdef, getattr(self, fdef.key))
        return out

    @property
    def tasks(self) -> list[Block]:
        """The body's task blocks, in order (for the task list export)."""
        return [b for b in getattr(self, self.definition.body) if b.type == "task"]


def validate(data: object) -> list[Problem]:
    """Every problem of `data` as a letter; an empty list when it is valid."""
    try:
        Letter.from_dict(data)
    except LetterError as err:
        return err.problems
    return []


def read_partial(data: object) -> dict[str, Any]:
    """Some fields of a letter (a draft, a mẫu), cleaned as the model cleans input.

    Every key must be a field of the letter's kind (default: the công văn), every value
    of the right JSON type and every list within its declared `max_items` (a draft or mẫu
    the form could not show is not stored), but nothing is required and the content rules
    (choices, patterns, lengths) wait until the letter is rendered. Raises LetterError.
    """
    return _Reader(partial=True).partial(data)


def kind_of(data: Mapping[str, Any]) -> Kind:
    """The declaration a letter dict names (`kind`), or the công văn's when it names none."""
    key = data.get("kind", DEFAULT_KIND)
    return load_kind(key if isinstance(key, str) and key in known_kinds() else DEFAULT_KIND)


def _type_name(value: object) -> str:
    names = {
        str: "chuỗi",
        int: "số",
        float: "số",
        bool: "đúng/sai",
        list: "danh sách",
        dict: "đối tượng",
    }
    return "null" if value is None else names.get(type(value), type(value).__name__)


# --- Named rules (a declaration's `rule = "…"`): (reader, path, cleaned value) --------------


def _rule_so(reader: _Reader, path: str, value: str) -> None:
    if value and (not SO_RE.match(value) or int(value) == 0):
        reader.fail(
            path, f"Số “{value}” chỉ được gồm chữ số và lớn hơn 0 (để trống nếu chưa cấp số)."
        )


def _rule_ky_hieu(reader: _Reader, path: str, value: str) -> None:
    if value.strip() and not KY_HIEU_RE.match(value):
        why = "có dấu cách" if re.search(r"\s", value) else "có ký tự không được phép"
        reader.fail(
            path,
            f"Ký hiệu “{value}” {why}: chỉ dùng chữ cái, chữ số, Đ, &, dấu chấm và "
            "dấu gạch nối giữa các nhóm (ví dụ UBND-KGVX).",
        )


def _rule_trich_yeu(reader: _Reader, path: str, value: str) -> None:
    if value.strip() and not strip_vv(value):
        reader.fail(path, "Trích yếu chỉ có “V/v”, chưa có nội dung.")


def _rule_authority(reader: _Reader, path: str, line: str) -> None:
    prefixes = DEFAULT.authority_prefixes
    head, _, rest = line.strip().partition(" ")
    if (
        head.upper() not in prefixes
        or not rest.strip()
        or line.strip() != f"{head} {rest.lstrip()}"
    ):
        shown = ", ".join(prefixes)
        reader.fail(
            path,
            f"Dòng thẩm quyền “{line}” phải bắt đầu bằng {shown} và một dấu cách "
            "(ví dụ: KT. CHỦ TỊCH).",
        )


RULES: dict[str, Callable[[_Reader, str, str], None]] = {
    "so": _rule_so,
    "ky_hieu": _rule_ky_hieu,
    "trich_yeu": _rule_trich_yeu,
    "authority": _rule_authority,
}


def _block_rule_dieu(reader: _Reader, path: str, values: dict[str, Any]) -> None:
    if not values.get("text", "").strip() and not values.get("title", "").strip():
        reader.fail(f"{path}.text", "Điều: cần nội dung hoặc tiêu đề.")


# A block type's `rule = "…"`: (reader, block path, the block's values).
BLOCK_RULES: dict[str, Callable[[_Reader, str, dict[str, Any]], None]] = {
    "dieu": _block_rule_dieu,
}


# --- Rules of a kind, from its declaration (kinds.md §1) ------------------------------------


def _kind_code(reader: _Reader, kind: Kind, values: dict[str, Any]) -> None:
    """The ký hiệu starts with the kind's code (`QĐ-UBND`); another code names the right one."""
    code = kind.info.get("code", "")
    value = values.get("ky_hieu", "")
    if code and value and not reader.has_problem("ky_hieu") and not value.startswith(f"{code}-"):
        reader.fail(
            "ky_hieu",
            f"Ký hiệu của {kind.title.lower()} phải bắt đầu bằng “{code}-” "
            f"(ví dụ {code}-UBND), không phải “{value}”.",
        )


def _kind_blocks(reader: _Reader, kind: Kind, values: dict[str, Any]) -> None:
    """A kind that needs a block type (a quyết định, its Điều) has at least one."""
    body = values.get(kind.body, ())
    for btype in kind.info.get("required_blocks", ()):
        if body and not any(b.type == btype for b in body):
            label = kind.blocks[btype].label
            reader.fail(kind.body, f"{kind.title} cần ít nhất một khối “{label}”.")


def _kind_order(reader: _Reader, kind: Kind, values: dict[str, Any]) -> None:
    """A time declared `after` another field (a giấy mời's end) comes after it."""
    for fdef in kind.top():
        start_key = fdef.extra.get("after")
        end, start = values.get(fdef.key), values.get(start_key) if start_key else None
        if not (end and isinstance(start, dt.datetime)) or reader.has_problem(fdef.name):
            continue
        if dt.time.fromisoformat(end) <= start.time():
            shown = clock(start.hour, start.minute)
            reader.fail(fdef.name, f"{fdef.label} phải sau giờ bắt đầu ({shown}).")


KIND_RULES = (_kind_code, _kind_blocks, _kind_order)


class _Reader:
    """Reads one letter dict, collecting problems instead of stopping at the first.

    `partial`: a draft or mẫu — only the keys present are read, and only their names
    and JSON types are checked (see `read_partial`).
    """

    def __init__(self, *, partial: bool = False) -> None:
        self.partial_mode = partial
        self.problems: list[Problem] = []
        self.kind = load_kind(DEFAULT_KIND)

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def has_problem(self, path: str) -> bool:
        return any(p.path == path for p in self.problems)

    # -- the envelope ----------------------------------------------------------------------
    def obj(self, value: object, path: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.fail(path, f"Phải là một đối tượng JSON, không phải {_type_name(value)}.")
            return None
        return value

    def envelope(self, top: dict[str, Any]) -> None:
        """`format` and `kind`; the kind's declaration drives the rest of the reading."""
        fmt = top.get("format")
        if "format" not in top:
            if not self.partial_mode:
                self.fail("format", 'Thiếu phiên bản định dạng ("format": 1).')
        elif isinstance(fmt, bool) or fmt != FORMAT_VERSION:
            self.fail("format", f"Phiên bản định dạng không được hỗ trợ: {fmt!r} (chỉ hỗ trợ 1).")
        kinds = known_kinds()
        if "kind" not in top:
            if not self.partial_mode:
                self.fail("kind", f'Thiếu loại văn bản ("kind": "{DEFAULT_KIND}").')
        elif not isinstance(top["kind"], str) or top["kind"] not in kinds:
            shown = ", ".join(f'"{k}"' for k in kinds)
            which = f"hiện chỉ có {shown}" if len(kinds) == 1 else f"chọn một trong {shown}"
            self.fail("kind", f"Loại văn bản không được hỗ trợ: {top['kind']!r} ({which}).")
        else:
            self.kind = load_kind(top["kind"])

    def unknown_keys(self, obj: dict[str, Any], allowed: Iterator[str] | list[str], prefix: str):
        known = set(allowed)
        for key in obj:
            if key not in known:
                self.fail(
                    f"{prefix}{key}",
                    f"Trường không có trong định dạng {self.kind.title.lower()} (gõ nhầm tên?).",
                )

    # -- the letter ------------------------------------------------------------------------
    def letter(self, data: object) -> Letter:
        top = self.obj(data, "")
        if top is None:
            raise LetterError(self.problems)
        self.envelope(top)
        kind = self.kind
        self.unknown_keys(top, [*ENVELOPE, *(f.key for f in kind.top(allowed_only=False))], "")
        values: dict[str, Any] = {}
        for fdef in kind.top(allowed_only=False):
            if fdef.allowed:
                values[fdef.key] = self.value(top, fdef, fdef.key)
            else:
                self.not_allowed(top, fdef)
        for rule in KIND_RULES:
            rule(self, kind, values)
        if self.problems:
            raise LetterError(self.problems)
        values.update(format=FORMAT_VERSION, kind=kind.key)
        return Letter(values, _defaults(kind, ""), kind)

    def partial(self, data: object) -> dict[str, Any]:
        top = self.obj(data, "")
        if top is None:
            raise LetterError(self.problems)
        self.envelope(top)
        kind = self.kind
        self.unknown_keys(top, [*ENVELOPE, *(f.key for f in kind.top(allowed_only=False))], "")
        out: dict[str, Any] = {k: top[k] for k in ENVELOPE if k in top}
        for fdef in kind.top(allowed_only=False):
            if fdef.key in top:
                out[fdef.key] = self.shape(top[fdef.key], fdef, fdef.key)
        if self.problems:
            raise LetterError(self.problems)
        return out

    def not_allowed(self, obj: dict[str, Any], fdef: FieldDef) -> None:
        """A field this kind does not have: absent or empty only."""
        value = obj.get(fdef.key)
        if value not in (None, "", [], {}):
            self.fail(fdef.name, f"{self.kind.title} không có trường “{fdef.short_label}”.")

    def value(self, obj: dict[str, Any], fdef: FieldDef, path: str) -> Any:
        """The field `fdef` of `obj`, read and checked by its declared type and rule."""
        if fdef.type == "group":
            return self.group(obj, fdef, path)
        if fdef.type == "blocks":
            return self.blocks(obj, fdef, path)
        if fdef.type == "list":
            return self.text_list(obj, fdef, path)
        if fdef.type == "choice":
            return self.choice(obj, fdef, path)
        if fdef.type in ("date", "datetime", "time"):
            return self.when(obj, fdef, path)
        value = self.text(obj, fdef, path)
        if fdef.rule:
            RULES[fdef.rule](self, path, value)
        return value

    def within_limit(self, items: list[Any], fdef: FieldDef, path: str) -> list[Any]:
        """The entries of a list field to read: all of them, or, past its declared
        `max_items` (the one limit of every door: API, form, import, store), one problem
        and the first `max_items` only — a list of 50,000 wrong entries costs one problem,
        not 50,000."""
        limit = fdef.max_items
        if limit is None or len(items) <= limit:
            return items
        unit = "khối" if fdef.type == "blocks" else "mục"
        self.fail(path, f"{fdef.label}: nhiều nhất {limit} {unit} ({len(items)}).")
        return items[:limit]

    # -- field types -----------------------------------------------------------------------
    def text(
        self, obj: dict[str, Any], fdef: FieldDef, path: str, *, required: bool = False
    ) -> str:
        """A string field: NFC, within its length limit, present if required."""
        value = obj.get(fdef.key, "")
        if not isinstance(value, str):
            self.fail(path, f"Phải là chuỗi ký tự, không phải {_type_name(value)}.")
            return ""
        value = clean_input(value)
        if (fdef.required or required) and not value.strip():
            self.fail(path, f"{fdef.label}: không được để trống.")
        if fdef.max_length is not None and len(value) > fdef.max_length:
            self.fail(path, f"{fdef.label}: dài quá {fdef.max_length} ký tự ({len(value)}).")
        return value

    def text_list(self, obj: dict[str, Any], fdef: FieldDef, path: str) -> tuple[str, ...]:
        value = obj.get(fdef.key, [])
        if not isinstance(value, list):
            self.fail(path, f"Phải là danh sách, không phải {_type_name(value)}.")
            return ()
        if fdef.required and not value:
            self.fail(path, f"{fdef.label}: cần ít nhất một mục.")
        items: list[str] = []
        for i, item in enumerate(self.within_limit(value, fdef, path)):
            item_path = f"{path}[{i}]"
            if not isinstance(item, str):
                self.fail(item_path, f"Phải là chuỗi ký tự, không phải {_type_name(item)}.")
                continue
            item = clean_input(item)
            if not item.strip(LIST_ITEM_BLANK):
                self.fail(item_path, f"{fdef.label}: mục này đang để trống.")
            elif fdef.max_length is not None and len(item) > fdef.max_length:
                self.fail(
                    item_path, f"{fdef.label}: dài quá {fdef.max_length} ký tự ({len(item)})."
                )
            elif fdef.rule:
                RULES[fdef.rule](self, item_path, item)
            items.append(item)
        return tuple(items)

    def choice(self, obj: dict[str, Any], fdef: FieldDef, path: str) -> str:
        value = self.text(obj, fdef, path)
        if value not in fdef.choice_values:
            shown = ", ".join(f'"{v}"' for v in fdef.choice_values)
            self.fail(
                path, f"{fdef.label}: giá trị không hợp lệ “{value}” (chọn một trong {shown})."
            )
            return ""
        return value

    def when(self, obj: dict[str, Any], fdef: FieldDef, path: str) -> Any:
        """A date (`YYYY-MM-DD`), date and time (`YYYY-MM-DDTHH:MM`) or time (`HH:MM`)."""
        value = obj.get(fdef.key, "")
        if value == "":
            if fdef.required:
                self.fail(path, f"{fdef.label}: không được để trống.")
            return "" if fdef.type == "time" else None
        when = _WHEN[fdef.type]
        if not isinstance(value, str):
            self.fail(path, when.not_string.format(type=_type_name(value)))
        elif not when.pattern.match(value):
            self.fail(path, when.bad_shape.format(value=value))
        else:
            try:
                parsed = when.parse(value)
            except ValueError:
                self.fail(path, when.unreal.format(value=value))
            else:
                first, last = fdef.extra.get("years", (1, 9999))
                if isinstance(parsed, dt.date) and not first <= parsed.year <= last:
                    self.fail(
                        path,
                        f"{fdef.label}: năm {parsed.year} nằm ngoài khoảng {first}–{last} "
                        "(gõ nhầm năm?).",
                    )
                else:
                    return parsed
        return "" if fdef.type == "time" else None

    def blocks(self, obj: dict[str, Any], fdef: FieldDef, path: str) -> tuple[Block, ...]:
        raw = obj.get(fdef.key, [])
        if not isinstance(raw, list):
            self.fail(path, f"Phải là danh sách, không phải {_type_name(raw)}.")
            return ()
        if fdef.required and not raw:
            self.fail(path, f"{fdef.label}: cần ít nhất một đoạn.")
        out: list[Block] = []
        for i, item in enumerate(self.within_limit(raw, fdef, path)):
            block = self.block(item, f"{path}[{i}]")
            if block is not None:
                out.append(block)
        return tuple(out)

    def block_type(self, obj: dict[str, Any], path: str) -> str | None:
        kind = self.kind
        keys = ["type", *(f.key for f in kind.block_fields())]
        self.unknown_keys(obj, keys, f"{path}.")
        btype = obj.get("type")
        if not isinstance(btype, str) or btype not in kind.blocks:
            names = [b for b, _ in kind.block_types]
            shown = ", ".join(names[:-1]) + f" hoặc {names[-1]}" if len(names) > 1 else names[0]
            self.fail(f"{path}.type", f"Loại khối không hợp lệ {btype!r} ({shown}).")
            return None
        return btype

    def block(self, item: object, path: str) -> Block | None:
        obj = self.obj(item, path)
        if obj is None:
            return None
        btype = self.block_type(obj, path)
        if btype is None:
            return None
        kind = self.kind
        block = kind.blocks[btype]
        values: dict[str, Any] = {"type": btype}
        for fdef in kind.block_fields():
            key_path = f"{path}.{fdef.key}"
            if fdef.key not in block.fields:
                if fdef.key in obj:
                    self.fail(key_path, f"Khối “{block.label}” không có trường này.")
                continue
            if fdef.type == "text":
                value = self.text(obj, fdef, key_path, required=fdef.key in block.required)
                values[fdef.key] = value.strip() if fdef.extra.get("strip") else value
            else:
                values[fdef.key] = self.value(obj, fdef, key_path)
        if block.rule:
            BLOCK_RULES[block.rule](self, path, values)
        return Block(values, _defaults(kind, kind.body))

    def group(self, obj: dict[str, Any], fdef: FieldDef, path: str) -> Group:
        defaults = _defaults(self.kind, fdef.name)
        if fdef.key not in obj:
            if fdef.required:
                self.fail(path, fdef.extra.get("missing", f"Thiếu {fdef.label} ({path})."))
            return Group({}, defaults)
        inner = self.obj(obj[fdef.key], path)
        if inner is None:
            return Group({}, defaults)
        children = self.kind.children(fdef.name)
        self.unknown_keys(inner, [f.key for f in children], f"{path}.")
        values = {f.key: self.value(inner, f, f"{path}.{f.key}") for f in children}
        return Group(values, defaults)

    # -- partial: names and JSON types only ------------------------------------------------
    def shape(self, value: Any, fdef: FieldDef, path: str) -> Any:
        """`value` cleaned, if it has the JSON type of `fdef` and a list is within its
        `max_items` (problems otherwise)."""
        if fdef.type == "group":
            inner = self.obj(value, path)
            if inner is None:
                return value
            children = {f.key: f for f in self.kind.children(fdef.name)}
            self.unknown_keys(inner, list(children), f"{path}.")
            return {
                k: self.shape(v, children[k], f"{path}.{k}") if k in children else v
                for k, v in inner.items()
            }
        if fdef.is_list:
            if not isinstance(value, list):
                self.fail(path, f"Phải là danh sách, không phải {_type_name(value)}.")
                return value
            entry = self.block_shape if fdef.type == "blocks" else self.string_shape
            items = self.within_limit(value, fdef, path)
            return [entry(item, f"{path}[{i}]") for i, item in enumerate(items)]
        return self.string_shape(value, path)

    def string_shape(self, value: Any, path: str) -> Any:
        if not isinstance(value, str):
            self.fail(path, f"Phải là chuỗi ký tự, không phải {_type_name(value)}.")
            return value
        return clean_input(value)

    def block_shape(self, item: Any, path: str) -> Any:
        obj = self.obj(item, path)
        if obj is None or self.block_type(obj, path) is None:
            return item
        return {k: self.string_shape(v, f"{path}.{k}") for k, v in obj.items()}


@dataclass(frozen=True)
class _When:
    """How a date or time field is written, parsed and explained when it is wrong."""

    pattern: re.Pattern[str]
    parse: Callable[[str], Any]
    not_string: str
    bad_shape: str
    unreal: str


def _time_text(value: str) -> str:
    """`HH:MM`, checked to be a real time of day and kept as written."""
    dt.time.fromisoformat(value)
    return value


_WHEN = {
    "date": _When(
        ISO_DATE_RE,
        dt.date.fromisoformat,
        "Ngày phải là chuỗi dạng YYYY-MM-DD, không phải {type}.",
        "Ngày “{value}” không đúng dạng YYYY-MM-DD (ví dụ 2019-03-05).",
        "Ngày “{value}” không có thật trên lịch.",
    ),
    "datetime": _When(
        ISO_DATETIME_RE,
        dt.datetime.fromisoformat,
        "Thời gian phải là chuỗi dạng YYYY-MM-DDTHH:MM, không phải {type}.",
        "Thời gian “{value}” không đúng dạng YYYY-MM-DDTHH:MM (ví dụ 2026-12-15T08:00).",
        "Thời gian “{value}” không có thật trên lịch.",
    ),
    "time": _When(
        TIME_RE,
        _time_text,
        "Giờ phải là chuỗi dạng HH:MM, không phải {type}.",
        "Giờ “{value}” không đúng dạng HH:MM (ví dụ 11:30).",
        "Giờ “{value}” không có thật.",
    ),
}


def _defaults(kind: Kind, parent: str) -> dict[str, Any]:
    """The empty value of every field under `parent`, for fields a letter leaves out
    (made once per kind: records are read-only, so they can share it)."""
    memo = kind.memo.setdefault("model.defaults", {})
    if parent not in memo:
        memo[parent] = {f.key: _empty_record(kind, f) for f in kind.children(parent)}
    return memo[parent]


def _empty_record(kind: Kind, fdef: FieldDef) -> Any:
    if fdef.type == "group":
        return Group({}, _defaults(kind, fdef.name))
    return empty_value(fdef)


__all__ = [
    "Block",
    "Group",
    "Letter",
    "LetterError",
    "Problem",
    "Record",
    "kind_of",
    "read_partial",
    "validate",
]
