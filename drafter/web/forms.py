"""The letter form of each kind, built from its declaration, and its mapping to the letter.

Labels, help texts, choices, widgets and the page's sections come from the kind
(drafter.kinds, forms/*.toml), so they are written once. Validation is not repeated here:
the form is turned into a letter dict (`to_letter_dict`, the one form → letter
conversion, used by every page and by app.js through the server) and handed to
`Letter.from_dict`, whose problems (paths like `noi_dung[3].text`) are mapped back to the
HTML ids of the fields they concern. WTForms contributes CSRF, the binding of the posted
lists and rendering. No field has `required` or `maxlength` markup: the browser would
block the row buttons' round trips or silently cut a pasted text.

Form names are the letter paths with `_` for `.` (`ky.chuc_vu` → `ky_chuc_vu`); a list's
rows are `kinh_gui-0`, a block's fields `noi_dung-0-text`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import FieldList, Form, FormField, SelectField, StringField, TextAreaField
from wtforms.widgets import DateInput, DateTimeLocalInput, TimeInput

try:  # WTForms ≥ 3.3 deprecates (value, label) tuples
    from wtforms.fields.choices import SelectChoice
except ImportError:  # pragma: no cover - older WTForms
    SelectChoice = None

from drafter.kinds import FieldDef, Kind, load_kind
from drafter.layout import DEFAULT
from drafter.model import DEFAULT_KIND, FORMAT_VERSION, Problem
from drafter.viethoa import TextFinding

_HTML_HINTS = ("rows", "inputmode", "autocomplete", "spellcheck", "autocapitalize")
_WIDGETS = {"date": DateInput, "datetime": DateTimeLocalInput, "time": TimeInput}


def _kw(fdef: FieldDef, *, required: bool | None = None) -> dict[str, Any]:
    """WTForms keyword arguments of a field: label, help text, HTML attributes."""
    render_kw: dict[str, Any] = {}
    if fdef.required if required is None else required:
        render_kw["aria-required"] = "true"
    render_kw.update({k: fdef.extra[k] for k in _HTML_HINTS if k in fdef.extra})
    return {"label": fdef.label, "description": fdef.help, "render_kw": render_kw}


def _choices(pairs: Any) -> list[Any]:
    pairs = [(str(v), str(label)) for v, label in pairs]
    return [SelectChoice(v, label) for v, label in pairs] if SelectChoice else pairs


def _input(fdef: FieldDef, *, required: bool | None = None) -> Any:
    """The WTForms field of a text, date/time or choice field."""
    if fdef.type == "choice":
        # validate_choice=False: the model says what is wrong with a value, in its words.
        return SelectField(choices=_choices(fdef.choices), validate_choice=False, **_kw(fdef))
    if fdef.type in _WIDGETS:
        return StringField(widget=_WIDGETS[fdef.type](), **_kw(fdef, required=required))
    if "rows" in fdef.extra:
        return TextAreaField(**_kw(fdef, required=required))
    return StringField(**_kw(fdef, required=required))


# --- The kind's form layout: which form fields there are ----------------------------------


def scalars(kind: Kind) -> dict[str, FieldDef]:
    """Form name → field, for every single-value field (top level and in groups)."""
    return {f.form_name: f for f in kind.walk() if f.type not in ("list", "blocks", "group")}


def lists(kind: Kind) -> dict[str, FieldDef]:
    """Form name → field, for every list of rows (plain, authority lines, body blocks)."""
    return {f.form_name: f for f in kind.walk() if f.is_list}


def _is_authority(fdef: FieldDef) -> bool:
    return fdef.extra.get("widget") == "authority"


@dataclass(frozen=True)
class FormClasses:
    """The form classes of one kind (built once per process)."""

    letter: type[FlaskForm]
    block: type[Form]
    authority: type[Form]
    kind: Kind

    @property
    def block_types(self) -> tuple[tuple[str, str], ...]:
        return self.kind.block_types

    @property
    def prefixes(self) -> tuple[str, ...]:
        return DEFAULT.authority_prefixes


@cache
def form_classes(kind_key: str = DEFAULT_KIND) -> FormClasses:
    """Build the WTForms classes from the kind's declaration."""
    kind = load_kind(kind_key)
    body = kind[kind.body]
    required_anywhere = {key for b in kind.blocks.values() for key in b.required}
    block_attrs: dict[str, Any] = {
        "type": SelectField(
            body.extra.get("type_label", "Loại"),
            choices=_choices(kind.block_types),
            validate_choice=False,
        ),
    }
    for fdef in kind.block_fields():
        block_attrs[fdef.key] = _input(fdef, required=fdef.key in required_anywhere)
    block = type("BlockForm", (Form,), block_attrs)

    authority_field = next((f for f in kind.walk() if _is_authority(f)), None)
    extra = authority_field.extra if authority_field else {}
    authority = type(
        "AuthorityForm",
        (Form,),
        {
            "hinh_thuc": SelectField(
                extra.get("prefix_label", "Hình thức"),
                choices=_choices([("", "—"), *((p, p) for p in DEFAULT.authority_prefixes)]),
                validate_choice=False,
            ),
            "title": StringField(
                extra.get("title_label", "Chức vụ"), render_kw={"autocapitalize": "characters"}
            ),
        },
    )

    letter_attrs: dict[str, Any] = {}
    for fdef in kind.walk():
        if fdef.type == "group":
            continue
        if fdef.type == "blocks":
            entry: Any = FormField(block)
        elif fdef.type == "list":
            entry = FormField(authority) if _is_authority(fdef) else StringField(fdef.label)
        else:
            letter_attrs[fdef.form_name] = _input(fdef)
            continue
        # No max_entries: the limit is the declaration's `max_items`, which the model
        # names as a problem when a posted form exceeds it (WTForms would drop the extra
        # rows unseen, and assert on stored data with more); rows shown from a letter are
        # cut to it (_rows_from), and the add button stops there (apply_op).
        letter_attrs[fdef.form_name] = FieldList(entry, label=fdef.label, description=fdef.help)
    letter_attrs["json_file"] = FileField(
        f"Tệp {kind.title.lower()} (.json)", render_kw={"accept": ".json,application/json"}
    )
    letter_attrs["docx_file"] = FileField(
        "Công văn soạn bằng Word (.docx)",
        render_kw={
            "accept": ".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        },
    )
    letter = type("LetterForm", (FlaskForm,), letter_attrs)
    return FormClasses(letter, block, authority, kind)


# --- Form data (nested plain values) ⇄ letter dict -----------------------------------------


def _s(value: Any) -> str:
    """A value as form text: strings as they are, numbers as digits, anything else blank."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _lookup(letter: Mapping[str, Any], fdef: FieldDef) -> tuple[bool, Any]:
    """(present, value) of a field in a letter dict, through its group if it has one."""
    source: Any = letter
    if fdef.parent:
        source = letter.get(fdef.parent)
        if not isinstance(source, dict):
            return False, None
    return fdef.key in source, source.get(fdef.key)


def blank_block(kind: Kind, btype: str = "") -> dict[str, str]:
    """An empty row of the body, of type `btype` (default: the first block type)."""
    block = {"type": btype or kind.block_types[0][0]}
    block.update({f.key: "" for f in kind.block_fields()})
    return block


def blank_row(kind: Kind, fdef: FieldDef, btype: str = "") -> Any:
    """An empty row of the list `fdef`."""
    if fdef.type == "blocks":
        return blank_block(kind, btype)
    if _is_authority(fdef):
        return {"hinh_thuc": "", "title": ""}
    return ""


def split_authority(line: str, prefixes: tuple[str, ...] = DEFAULT.authority_prefixes) -> dict:
    """`KT. CHỦ TỊCH` → prefix `KT.`, title `CHỦ TỊCH`; an unknown head stays in the title."""
    head, _, rest = line.strip().partition(" ")
    for prefix in prefixes:
        if head.upper() == prefix:
            return {"hinh_thuc": prefix, "title": rest.strip()}
    return {"hinh_thuc": "", "title": line.strip()}


def _within_limit(fdef: FieldDef, value: Any) -> list[Any]:
    """A stored or opened list as the form shows it: at most the declaration's
    `max_items` rows (the model reports a file with more; the store refuses them)."""
    return _list(value)[: fdef.max_items]


def _rows_from(kind: Kind, fdef: FieldDef, value: Any) -> list[Any]:
    """The form rows of a list field's value in a letter dict (leniently)."""
    value = _within_limit(fdef, value)
    if fdef.type == "blocks":
        rows = []
        for raw in value:
            raw = raw if isinstance(raw, dict) else {"text": _s(raw)}
            block = blank_block(kind, _s(raw.get("type")))
            block.update({key: _s(raw.get(key, "")) for key in block if key != "type"})
            rows.append(block)
        return rows
    if _is_authority(fdef):
        return [split_authority(_s(v)) for v in _list(value)]
    return [_s(v) for v in _list(value)]


def from_letter_dict(letter: Mapping[str, Any], kind_key: str = DEFAULT_KIND) -> dict[str, Any]:
    """Form data from a letter dict, leniently: a half-valid file still fills what it can."""
    kind = load_kind(kind_key)
    data: dict[str, Any] = {}
    for name, fdef in scalars(kind).items():
        data[name] = _s(_lookup(letter, fdef)[1])
    for name, fdef in lists(kind).items():
        data[name] = _rows_from(kind, fdef, _lookup(letter, fdef)[1])
    return data


def blank_data(kind_key: str = DEFAULT_KIND) -> dict[str, Any]:
    """What a new form shows: one row in each required list, suggested first rows
    (“Như trên”), declared defaults (Lưu: VT)."""
    kind = load_kind(kind_key)
    data = from_letter_dict({}, kind_key)
    for name, fdef in lists(kind).items():
        if fdef.required:
            data[name] = [blank_row(kind, fdef)]
        elif "suggest_first" in fdef.extra:
            data[name] = [fdef.extra["suggest_first"]]
    for name, fdef in scalars(kind).items():
        data[name] = _s(fdef.extra.get("default", ""))
    return data


@dataclass
class LetterDraft:
    """A letter dict built from form data, and where each list item came from."""

    letter: dict[str, Any]
    # list name → for each letter index, the form row it came from (blank rows dropped)
    rows: dict[str, list[int]] = field(default_factory=dict)


def _block_value(kind: Kind, raw: Mapping[str, Any]) -> dict[str, Any] | None:
    """A body row as a block dict, or None when every field of it is blank."""
    fields = {f.key: f for f in kind.block_fields()}
    if not any(str(raw.get(key) or "").strip() for key in fields):
        return None
    btype = str(raw.get("type") or kind.block_types[0][0])
    declared = kind.blocks.get(btype)
    keys = declared.fields if declared else ("text",)
    out: dict[str, Any] = {"type": btype}
    for key in keys:
        value = str(raw.get(key) or "")
        multi_line = "rows" in fields[key].extra
        if (declared is not None and key in declared.required) or value.strip():
            out[key] = value if multi_line else value.strip()
    return out


def _list_value(kind: Kind, fdef: FieldDef, rows: list[Any]) -> tuple[list[Any], list[int]]:
    """The letter's list from form rows, blank rows dropped, and the rows kept."""
    kept: list[tuple[int, Any]] = []
    for i, row in enumerate(rows):
        if fdef.type == "blocks":
            value = _block_value(kind, row if isinstance(row, Mapping) else {})
        elif _is_authority(fdef):
            row = row if isinstance(row, Mapping) else {}
            title = str(row.get("title") or "").strip()
            parts = (str(row.get("hinh_thuc") or ""), title)
            value = " ".join(p for p in parts if p) if title else None
        else:
            value = str(row) if str(row or "").strip() else None
        if value is not None:
            kept.append((i, value))
    return [v for _, v in kept], [i for i, _ in kept]


def to_letter_dict(data: Mapping[str, Any], kind_key: str = DEFAULT_KIND) -> LetterDraft:
    """The letter dict of form data. Rows left entirely blank are dropped (an added row the
    drafter did not use is not an error); fields a block type does not have are dropped."""
    kind = load_kind(kind_key)
    rows: dict[str, list[int]] = {}

    def build(parent: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for fdef in kind.children(parent):
            if not fdef.allowed:
                continue
            if fdef.type == "group":
                out[fdef.key] = build(fdef.name)
            elif fdef.is_list:
                value, kept = _list_value(kind, fdef, list(data.get(fdef.form_name) or []))
                out[fdef.key] = value
                rows[fdef.form_name] = kept
            else:
                out[fdef.key] = str(data.get(fdef.form_name) or "")
        return out

    letter = {"format": FORMAT_VERSION, "kind": kind.key, **build("")}
    return LetterDraft(letter, rows)


# --- Problems → fields ---------------------------------------------------------------------

_ITEM = re.compile(r"^(?P<list>[a-z_.]+)\[(?P<i>\d+)\](?:\.(?P<sub>\w+))?$")


def field_id(path: str, rows: Mapping[str, list[int]], kind_key: str = DEFAULT_KIND) -> str | None:
    """The HTML id of the form field a problem path names, or None for the whole form."""
    kind = load_kind(kind_key)
    fdef = kind.fields.get(path)
    if fdef is not None and fdef.allowed and fdef.type != "group":
        return fdef.form_name
    match = _ITEM.match(path)
    fdef = kind.fields.get(match["list"]) if match else None
    if match is None or fdef is None or not fdef.is_list:
        return None
    name = fdef.form_name
    index = int(match["i"])
    mapping = rows.get(name)
    row = mapping[index] if mapping is not None and index < len(mapping) else index
    if fdef.type == "blocks":
        keys = {"type", *(f.key for f in kind.block_fields())}
        sub = match["sub"] if match["sub"] in keys else "text"
        return f"{name}-{row}-{sub}"
    if _is_authority(fdef):
        return f"{name}-{row}-title"
    return f"{name}-{row}"


@dataclass
class FieldProblems:
    """Problems placed on the page: by field id, and those that belong to no field."""

    by_field: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    ordered: list[tuple[str | None, str]] = field(default_factory=list)
    title: str = ""  # the summary's heading, when not “Cần sửa N lỗi”

    def __bool__(self) -> bool:
        return bool(self.ordered)

    def __len__(self) -> int:
        return len(self.ordered)


def place_problems(
    problems: list[Problem], rows: Mapping[str, list[int]], kind_key: str = DEFAULT_KIND
) -> FieldProblems:
    """Map every model problem to its field (for messages beside it) and keep the order."""
    placed = FieldProblems()
    for problem in problems:
        target = field_id(problem.path, rows, kind_key)
        placed.ordered.append((target, problem.message))
        if target is None:
            placed.general.append(problem.message)
        else:
            placed.by_field.setdefault(target, []).append(problem.message)
    return placed


@dataclass(frozen=True)
class PlacedNote:
    """A viết hoa lưu ý placed on the page: its finding and the form field it concerns."""

    finding: TextFinding
    target: str | None


def place_notes(
    findings: list[TextFinding], rows: Mapping[str, list[int]], kind_key: str = DEFAULT_KIND
) -> list[PlacedNote]:
    """Each lưu ý with the HTML id of its field (None: a field the form does not show)."""
    return [PlacedNote(f, field_id(f.path, rows, kind_key)) for f in findings]


_ROW_ID = re.compile(r"^(?P<list>[a-z_]+)-(?P<row>\d+)(?:-(?P<sub>[a-z_]+))?$")


def field_value(data: Mapping[str, Any], target: str) -> str | None:
    """The text a form field holds, by its HTML id (`trich_yeu`, `kinh_gui-2`,
    `noi_dung-3-text`), or None when the form has no such field."""
    if target in data and isinstance(data[target], str):
        return str(data[target])
    match = _ROW_ID.match(target)
    if match is None:
        return None
    rows, index, sub = data.get(match["list"]), int(match["row"]), match["sub"]
    if not isinstance(rows, list) or index >= len(rows):
        return None
    row = rows[index]
    value = (row.get(sub) if isinstance(row, Mapping) else None) if sub else row
    return value if isinstance(value, str) else None


def with_field_value(data: dict[str, Any], target: str, value: str) -> dict[str, Any]:
    """The form data with the field `target` (an HTML id, as `field_value`) set to `value`."""
    if target in data and isinstance(data[target], str):
        return {**data, target: value}
    match = _ROW_ID.match(target)
    if match is None or field_value(data, target) is None:
        return data
    rows = list(data[match["list"]])
    index = int(match["row"])
    rows[index] = {**rows[index], match["sub"]: value} if match["sub"] else value
    return {**data, match["list"]: rows}


# --- Row operations (the no-JavaScript round trip) ------------------------------------------

_OP = re.compile(r"^(?P<op>add|remove|up|down):(?P<list>[a-z_]+)(?::(?P<arg>[a-z0-9_]+))?$")


@dataclass(frozen=True)
class RowOp:
    """A row button: add (with a block type), remove, or move a row up or down."""

    op: str
    list: str
    index: int = -1
    block_type: str = ""


def parse_op(action: str, kind_key: str = DEFAULT_KIND) -> RowOp | None:
    kind = load_kind(kind_key)
    match = _OP.match(action or "")
    if not match or match["list"] not in lists(kind):
        return None
    arg = match["arg"] or ""
    if match["op"] == "add":
        return RowOp("add", match["list"], block_type=arg if arg in kind.blocks else "")
    if not arg.isdigit():
        return None
    return RowOp(match["op"], match["list"], index=int(arg))


def apply_op(
    data: dict[str, Any], op: RowOp, kind_key: str = DEFAULT_KIND
) -> tuple[dict[str, Any], str, str | None]:
    """The form data after `op`, the id of the field to focus on the new page, and why
    nothing was done (a list at its declared `max_items` takes no new row), if so."""
    kind = load_kind(kind_key)
    fdef = lists(kind)[op.list]
    items = list(data.get(op.list) or [])
    focus = op.list
    if op.op == "add":
        limit = fdef.max_items
        if limit is not None and len(items) >= limit:
            unit = fdef.extra.get("item") or ("khối" if fdef.type == "blocks" else "mục")
            refused = f"{fdef.short_label} có nhiều nhất {limit} {unit}: không thêm được nữa."
            return data, "notice", refused
        items.append(blank_row(kind, fdef, op.block_type))
        focus = _row_focus(kind, fdef, len(items) - 1)
    elif 0 <= op.index < len(items):
        i = op.index
        if op.op == "remove":
            del items[i]
            focus = _row_focus(kind, fdef, min(i, len(items) - 1)) if items else f"add-{op.list}"
        elif op.op == "up" and i > 0:
            items[i - 1], items[i] = items[i], items[i - 1]
            focus = f"up-{op.list}-{i - 1}"
        elif op.op == "down" and i < len(items) - 1:
            items[i + 1], items[i] = items[i], items[i + 1]
            focus = f"down-{op.list}-{i + 1}"
        else:
            focus = f"{op.op}-{op.list}-{i}"
    return {**data, op.list: items}, focus, None


def _row_focus(kind: Kind, fdef: FieldDef, index: int) -> str:
    if fdef.type == "blocks":
        return f"{fdef.form_name}-{index}-text"
    if _is_authority(fdef):
        return f"{fdef.form_name}-{index}-hinh_thuc"
    return f"{fdef.form_name}-{index}"


def form_data(form: FlaskForm, kind_key: str = DEFAULT_KIND) -> dict[str, Any]:
    """The bound form's values as plain nested data (csrf token left out)."""
    kind = load_kind(kind_key)
    data: dict[str, Any] = {name: form[name].data or "" for name in scalars(kind)}
    for name, fdef in lists(kind).items():
        rows = form[name].data
        if fdef.type == "blocks":
            keys = blank_block(kind)
            data[name] = [{k: (b.get(k) or "") for k in keys} for b in rows]
        elif _is_authority(fdef):
            data[name] = [
                {"hinh_thuc": a.get("hinh_thuc") or "", "title": a.get("title") or ""} for a in rows
            ]
        else:
            data[name] = [v or "" for v in rows]
    return data


# --- Partial letters (mẫu, agency defaults, drafts) and presets -----------------------------


def partial_form_data(letter: Mapping[str, Any], kind_key: str = DEFAULT_KIND) -> dict[str, Any]:
    """Form data showing a partial letter: the fields it has, a new form's for the rest.

    A mẫu or the agency's defaults fill some fields; the others keep what a new form
    shows (one Kính gửi row, one paragraph, “Như trên”, Lưu: VT).
    """
    kind = load_kind(kind_key)
    data = blank_data(kind_key)
    filled = from_letter_dict(letter, kind_key)
    for name, fdef in {**scalars(kind), **lists(kind)}.items():
        if _lookup(letter, fdef)[0]:
            data[name] = filled[name]
    return with_required_rows(data, kind_key)


def with_required_rows(data: dict[str, Any], kind_key: str = DEFAULT_KIND) -> dict[str, Any]:
    """The form data with one blank row in each required list left empty (a Kính gửi
    line and a paragraph to type into)."""
    kind = load_kind(kind_key)
    for name, fdef in lists(kind).items():
        if fdef.required and not data.get(name):
            data[name] = [blank_row(kind, fdef)]
    return data


def filled_fields(letter: Mapping[str, Any]) -> dict[str, Any]:
    """The letter without the fields left empty: what “save all fields as a mẫu” keeps.

    An empty field in a mẫu would blank the agency's default when the mẫu is used (a
    letter “from the mẫu” must still get the agency's name), so only what was typed is
    kept. A group (the signer block) is kept whole when any part of it is filled.
    """
    out: dict[str, Any] = {}
    for key, value in letter.items():
        if key in ("format", "kind"):
            out[key] = value
        elif isinstance(value, dict):
            if any(value.values()):
                out[key] = value
        elif value not in ("", [], None):
            out[key] = value
    return out


def choosable_fields(kind_key: str = DEFAULT_KIND) -> list[tuple[str, str]]:
    """(key, label) of the top-level fields a mẫu can keep, in the form's order."""
    return [(f.key, f.label) for f in load_kind(kind_key).top()]


def group_form_values(
    group: Mapping[str, Any], kind_key: str = DEFAULT_KIND, name: str = "ky"
) -> dict[str, Any]:
    """A group's values (a signer preset) as the form's fields (what app.js fills too)."""
    kind = load_kind(kind_key)
    out: dict[str, Any] = {}
    for fdef in kind.children(name):
        value = group.get(fdef.key)
        out[fdef.form_name] = _rows_from(kind, fdef, value) if fdef.is_list else _s(value)
    return out


def signer_form_values(ky: Mapping[str, Any], kind_key: str = DEFAULT_KIND) -> dict[str, Any]:
    """A signer preset as the form's fields (what app.js fills in place too)."""
    return group_form_values(ky, kind_key, "ky")


def apply_signer(
    data: dict[str, Any], ky: Mapping[str, Any], kind_key: str = DEFAULT_KIND
) -> dict[str, Any]:
    """The form data with the signer block replaced by a preset's."""
    return {**data, **signer_form_values(ky, kind_key)}


def apply_group(
    data: dict[str, Any], items: list[str] | tuple[str, ...], kind_key: str = DEFAULT_KIND
) -> dict[str, Any]:
    """The form data with a Nơi nhận group added: blank rows dropped, the group's lines
    appended after the ones already there, none twice, up to the declared `max_items`."""
    limit = load_kind(kind_key).fields["noi_nhan"].max_items
    kept = [v for v in data.get("noi_nhan") or [] if str(v).strip()]
    seen = {" ".join(str(v).split()).casefold() for v in kept}
    for item in items:
        key = " ".join(item.split()).casefold()
        if key and key not in seen and (limit is None or len(kept) < limit):
            kept.append(item)
            seen.add(key)
    return {**data, "noi_nhan": kept}
