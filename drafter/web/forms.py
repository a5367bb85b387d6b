"""The công văn form, built from forms/cong_van.toml, and its mapping to the letter format.

Labels, help texts and choices come from the kind definition, so they are written once.
Validation is not repeated here: the form is turned into a letter dict and handed to
`Letter.from_dict`, whose problems (paths like `noi_dung[3].text`) are mapped back to
the HTML ids of the fields they concern. WTForms contributes CSRF, the binding of the
posted lists and rendering. No field has `required` or `maxlength` markup: the browser
would block the row buttons' round trips or silently cut a pasted text.
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
from wtforms.widgets import DateInput

try:  # WTForms ≥ 3.3 deprecates (value, label) tuples
    from wtforms.fields.choices import SelectChoice
except ImportError:  # pragma: no cover - older WTForms
    SelectChoice = None

from drafter.kinds import FieldDef, Kind, load_kind
from drafter.model import FORMAT_VERSION, Problem

# The editable lists: form field name → letter path.
LISTS: dict[str, str] = {
    "kinh_gui": "kinh_gui",
    "noi_dung": "noi_dung",
    "noi_nhan": "noi_nhan",
    "ky_tham_quyen": "ky.tham_quyen",
}
# Scalar fields in page order: form field name → letter path.
SCALARS: dict[str, str] = {
    "co_quan_chu_quan": "co_quan_chu_quan",
    "co_quan_ban_hanh": "co_quan_ban_hanh",
    "so": "so",
    "ky_hieu": "ky_hieu",
    "dia_danh": "dia_danh",
    "ngay": "ngay",
    "trich_yeu": "trich_yeu",
    "muc_do_khan": "muc_do_khan",
    "do_mat": "do_mat",
    "luu": "luu",
    "ky_hieu_nguoi_soan": "ky_hieu_nguoi_soan",
    "ky_chuc_vu": "ky.chuc_vu",
    "ky_ho_ten": "ky.ho_ten",
    "dia_chi": "dia_chi",
}
BLOCK_FIELDS = ("type", "text", "number", "deadline", "assignee")
TASK_FIELDS = ("number", "deadline", "assignee")
MAX_ROWS = 500  # a round trip never builds more rows than the model would accept


def _kw(fdef: FieldDef, **extra: Any) -> dict[str, Any]:
    """WTForms keyword arguments of a field: label, help text, HTML attributes."""
    render_kw: dict[str, Any] = {}
    if fdef.required:
        render_kw["aria-required"] = "true"
    if "rows" in fdef.extra:
        render_kw["rows"] = fdef.extra["rows"]
    render_kw.update(extra)
    return {"label": fdef.label, "description": fdef.help, "render_kw": render_kw}


def _input(fdef: FieldDef, **extra: Any) -> StringField:
    """A text, date or multi-line field as the definition's `input`/`rows` say."""
    if fdef.extra.get("input") == "date":
        return StringField(widget=DateInput(), **_kw(fdef, **extra))
    if "rows" in fdef.extra:
        return TextAreaField(**_kw(fdef, **extra))
    return StringField(**_kw(fdef, **extra))


def _choices(pairs: Any) -> list[Any]:
    pairs = [(str(v), str(label)) for v, label in pairs]
    return [SelectChoice(v, label) for v, label in pairs] if SelectChoice else pairs


def _select(fdef: FieldDef, choices: list[tuple[str, str]]) -> SelectField:
    # validate_choice=False: the model says what is wrong with a value, in its words.
    return SelectField(choices=_choices(choices), validate_choice=False, **_kw(fdef))


@dataclass(frozen=True)
class FormClasses:
    """The form classes of one kind (built once per process)."""

    letter: type[FlaskForm]
    block: type[Form]
    authority: type[Form]
    block_types: tuple[tuple[str, str], ...]
    prefixes: tuple[str, ...]
    kind: Kind


@cache
def form_classes(kind_key: str = "cong_van") -> FormClasses:
    """Build the WTForms classes from the kind definition."""
    kind = load_kind(kind_key)
    f = kind.fields
    block_types = tuple((str(v), str(label)) for v, label in f["noi_dung"].extra["block_types"])
    prefixes = tuple(str(p) for p in f["ky.tham_quyen"].extra.get("prefixes", ()))

    block_attrs: dict[str, Any] = {
        "type": SelectField("Loại", choices=_choices(block_types), validate_choice=False),
        "text": TextAreaField(f["noi_dung"].label, render_kw={"rows": 3, "aria-required": "true"}),
        "number": _input(f["noi_dung.number"], inputmode="text"),
        "deadline": _input(f["noi_dung.deadline"]),
        "assignee": _input(f["noi_dung.assignee"]),
    }
    block = type("BlockForm", (Form,), block_attrs)

    authority_attrs: dict[str, Any] = {
        "hinh_thuc": SelectField(
            "Hình thức",
            choices=_choices([("", "—"), *((p, p) for p in prefixes)]),
            validate_choice=False,
        ),
        "title": StringField("Chức vụ người đứng đầu", render_kw={"autocapitalize": "characters"}),
    }
    authority = type("AuthorityForm", (Form,), authority_attrs)

    def entry(fdef: FieldDef) -> StringField:
        return StringField(fdef.label)

    letter_attrs: dict[str, Any] = {
        "co_quan_chu_quan": _input(f["co_quan_chu_quan"]),
        "co_quan_ban_hanh": _input(f["co_quan_ban_hanh"]),
        "so": _input(f["so"], inputmode="numeric", autocomplete="off"),
        "ky_hieu": _input(f["ky_hieu"], autocomplete="off", spellcheck="false"),
        "dia_danh": _input(f["dia_danh"]),
        "ngay": _input(f["ngay"]),
        "trich_yeu": _input(f["trich_yeu"]),
        "muc_do_khan": _select(f["muc_do_khan"], list(f["muc_do_khan"].choices)),
        "do_mat": _select(f["do_mat"], list(f["do_mat"].choices)),
        "kinh_gui": FieldList(entry(f["kinh_gui"]), **_list_kw(f["kinh_gui"])),
        "noi_dung": FieldList(FormField(block), **_list_kw(f["noi_dung"])),
        "noi_nhan": FieldList(entry(f["noi_nhan"]), **_list_kw(f["noi_nhan"])),
        "luu": _input(f["luu"]),
        "ky_hieu_nguoi_soan": _input(f["ky_hieu_nguoi_soan"]),
        "ky_tham_quyen": FieldList(FormField(authority), **_list_kw(f["ky.tham_quyen"])),
        "ky_chuc_vu": _input(f["ky.chuc_vu"], autocapitalize="characters"),
        "ky_ho_ten": _input(f["ky.ho_ten"], autocomplete="off"),
        "dia_chi": _input(f["dia_chi"]),
        "json_file": FileField(
            "Tệp công văn (.json)", render_kw={"accept": ".json,application/json"}
        ),
    }
    letter = type("LetterForm", (FlaskForm,), letter_attrs)
    return FormClasses(letter, block, authority, block_types, prefixes, kind)


def _list_kw(fdef: FieldDef) -> dict[str, Any]:
    return {"label": fdef.label, "description": fdef.help, "max_entries": MAX_ROWS}


# --- Form data (nested plain values) ⇄ letter dict -----------------------------------------


def blank_data(kind_key: str = "cong_van") -> dict[str, Any]:
    """What a new form shows: one Kính gửi row, one paragraph, “Như trên”, the Lưu default."""
    kind = form_classes(kind_key).kind
    data = from_letter_dict({"kinh_gui": [""], "noi_dung": [{"type": "paragraph", "text": ""}]})
    first = kind["noi_nhan"].extra.get("suggest_first")
    data["noi_nhan"] = [first] if first else []
    data["luu"] = kind["luu"].extra.get("default", "")
    return data


def blank_block(btype: str = "paragraph") -> dict[str, str]:
    return {"type": btype, "text": "", "number": "", "deadline": "", "assignee": ""}


def _s(value: Any) -> str:
    """A value as form text: strings as they are, numbers as digits, anything else blank."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def split_authority(line: str, prefixes: tuple[str, ...]) -> dict[str, str]:
    """`KT. CHỦ TỊCH` → prefix `KT.`, title `CHỦ TỊCH`; an unknown head stays in the title."""
    head, _, rest = line.strip().partition(" ")
    for prefix in prefixes:
        if head.upper() == prefix:
            return {"hinh_thuc": prefix, "title": rest.strip()}
    return {"hinh_thuc": "", "title": line.strip()}


def from_letter_dict(letter: Mapping[str, Any], kind_key: str = "cong_van") -> dict[str, Any]:
    """Form data from a letter dict, leniently: a half-valid file still fills what it can."""
    prefixes = form_classes(kind_key).prefixes
    ky = letter.get("ky") if isinstance(letter.get("ky"), dict) else {}
    data: dict[str, Any] = {}
    for name, path in SCALARS.items():
        source = ky if path.startswith("ky.") else letter
        data[name] = _s(source.get(path.removeprefix("ky."), ""))
    data["kinh_gui"] = [_s(v) for v in _list(letter.get("kinh_gui"))]
    data["noi_nhan"] = [_s(v) for v in _list(letter.get("noi_nhan"))]
    blocks = []
    for raw in _list(letter.get("noi_dung")):
        raw = raw if isinstance(raw, dict) else {"text": _s(raw)}
        block = {key: _s(raw.get(key, "")) for key in BLOCK_FIELDS}
        block["type"] = block["type"] or "paragraph"
        blocks.append(block)
    data["noi_dung"] = blocks
    data["ky_tham_quyen"] = [split_authority(_s(v), prefixes) for v in _list(ky.get("tham_quyen"))]
    return data


@dataclass
class LetterDraft:
    """A letter dict built from form data, and where each list item came from."""

    letter: dict[str, Any]
    # list name → for each letter index, the form row it came from (blank rows dropped)
    rows: dict[str, list[int]] = field(default_factory=dict)


def _blank_block(block: Mapping[str, Any]) -> bool:
    return not any(str(block.get(key) or "").strip() for key in ("text", *TASK_FIELDS))


def to_letter_dict(data: Mapping[str, Any], kind_key: str = "cong_van") -> LetterDraft:
    """The letter dict of form data. Rows left entirely blank are dropped (an added row the
    drafter did not use is not an error); task-only fields of other blocks are dropped."""
    kind = form_classes(kind_key).kind
    rows: dict[str, list[int]] = {}

    def keep(name: str, items: list[Any], blank: Any) -> list[Any]:
        kept = [(i, item) for i, item in enumerate(items) if not blank(item)]
        rows[name] = [i for i, _ in kept]
        return [item for _, item in kept]

    kinh_gui = keep("kinh_gui", list(data.get("kinh_gui") or []), lambda v: not str(v).strip())
    noi_nhan = keep("noi_nhan", list(data.get("noi_nhan") or []), lambda v: not str(v).strip())
    blocks = keep("noi_dung", list(data.get("noi_dung") or []), _blank_block)
    authorities = keep(
        "ky_tham_quyen",
        list(data.get("ky_tham_quyen") or []),
        lambda a: not str(a.get("title") or "").strip(),
    )
    noi_dung = []
    for block in blocks:
        btype = str(block.get("type") or "paragraph")
        out = {"type": btype, "text": str(block.get("text") or "")}
        if btype == "task":
            for key in TASK_FIELDS:
                value = str(block.get(key) or "").strip()
                if value:
                    out[key] = value
        noi_dung.append(out)
    scalars = {name: str(data.get(name) or "") for name in SCALARS}
    letter = {
        "format": FORMAT_VERSION,
        "kind": kind.key,
        **{path: scalars[name] for name, path in SCALARS.items() if not path.startswith("ky.")},
        "kinh_gui": kinh_gui,
        "noi_dung": noi_dung,
        "noi_nhan": noi_nhan,
        "ky": {
            "tham_quyen": [
                " ".join(p for p in (str(a.get("hinh_thuc") or ""), str(a["title"]).strip()) if p)
                for a in authorities
            ],
            "chuc_vu": scalars["ky_chuc_vu"],
            "ho_ten": scalars["ky_ho_ten"],
        },
    }
    return LetterDraft(letter, rows)


# --- Problems → fields ---------------------------------------------------------------------

_ITEM = re.compile(
    r"^(?P<list>kinh_gui|noi_nhan|noi_dung|ky\.tham_quyen)\[(?P<i>\d+)\](?:\.(?P<sub>\w+))?$"
)
_PATH_TO_LIST = {path: name for name, path in LISTS.items()}
_PATH_TO_SCALAR = {path: name for name, path in SCALARS.items()}


def field_id(path: str, rows: Mapping[str, list[int]]) -> str | None:
    """The HTML id of the form field a problem path names, or None for the whole form."""
    if path in _PATH_TO_SCALAR:
        return _PATH_TO_SCALAR[path]
    if path in _PATH_TO_LIST:
        return _PATH_TO_LIST[path]
    match = _ITEM.match(path)
    if not match:
        return None
    name = _PATH_TO_LIST[match["list"]]
    index = int(match["i"])
    mapping = rows.get(name)
    row = mapping[index] if mapping is not None and index < len(mapping) else index
    if name == "noi_dung":
        sub = match["sub"] if match["sub"] in BLOCK_FIELDS else "text"
        return f"noi_dung-{row}-{sub}"
    if name == "ky_tham_quyen":
        return f"ky_tham_quyen-{row}-title"
    return f"{name}-{row}"


@dataclass
class FieldProblems:
    """Problems placed on the page: by field id, and those that belong to no field."""

    by_field: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    ordered: list[tuple[str | None, str]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.ordered)

    def __len__(self) -> int:
        return len(self.ordered)


def place_problems(problems: list[Problem], rows: Mapping[str, list[int]]) -> FieldProblems:
    """Map every model problem to its field (for messages beside it) and keep the order."""
    placed = FieldProblems()
    for problem in problems:
        target = field_id(problem.path, rows)
        placed.ordered.append((target, problem.message))
        if target is None:
            placed.general.append(problem.message)
        else:
            placed.by_field.setdefault(target, []).append(problem.message)
    return placed


# --- Row operations (the no-JavaScript round trip) ------------------------------------------

_OP = re.compile(r"^(?P<op>add|remove|up|down):(?P<list>[a-z_]+)(?::(?P<arg>[a-z0-9_]+))?$")


@dataclass(frozen=True)
class RowOp:
    """A row button: add (with a block type), remove, or move a row up or down."""

    op: str
    list: str
    index: int = -1
    block_type: str = "paragraph"


def parse_op(action: str, block_types: tuple[tuple[str, str], ...]) -> RowOp | None:
    match = _OP.match(action or "")
    if not match or match["list"] not in LISTS:
        return None
    arg = match["arg"] or ""
    if match["op"] == "add":
        valid = {v for v, _ in block_types}
        return RowOp("add", match["list"], block_type=arg if arg in valid else "paragraph")
    if not arg.isdigit():
        return None
    return RowOp(match["op"], match["list"], index=int(arg))


def apply_op(data: dict[str, Any], op: RowOp) -> tuple[dict[str, Any], str]:
    """The form data after `op`, and the id of the field to focus on the new page."""
    items = list(data.get(op.list) or [])
    focus = op.list
    if op.op == "add":
        if len(items) < MAX_ROWS:
            if op.list == "noi_dung":
                items.append(blank_block(op.block_type))
            elif op.list == "ky_tham_quyen":
                items.append({"hinh_thuc": "", "title": ""})
            else:
                items.append("")
        focus = _row_focus(op.list, len(items) - 1)
    elif 0 <= op.index < len(items):
        i = op.index
        if op.op == "remove":
            del items[i]
            focus = _row_focus(op.list, min(i, len(items) - 1)) if items else f"add-{op.list}"
        elif op.op == "up" and i > 0:
            items[i - 1], items[i] = items[i], items[i - 1]
            focus = f"up-{op.list}-{i - 1}"
        elif op.op == "down" and i < len(items) - 1:
            items[i + 1], items[i] = items[i], items[i + 1]
            focus = f"down-{op.list}-{i + 1}"
        else:
            focus = f"{op.op}-{op.list}-{i}"
    return {**data, op.list: items}, focus


def _row_focus(name: str, index: int) -> str:
    if name == "noi_dung":
        return f"noi_dung-{index}-text"
    if name == "ky_tham_quyen":
        return f"ky_tham_quyen-{index}-hinh_thuc"
    return f"{name}-{index}"


def form_data(form: FlaskForm) -> dict[str, Any]:
    """The bound form's values as plain nested data (csrf token left out)."""
    data = {name: form[name].data for name in (*SCALARS, *LISTS)}
    for name in SCALARS:
        data[name] = data[name] or ""
    data["kinh_gui"] = [v or "" for v in data["kinh_gui"]]
    data["noi_nhan"] = [v or "" for v in data["noi_nhan"]]
    data["noi_dung"] = [{k: (b.get(k) or "") for k in BLOCK_FIELDS} for b in data["noi_dung"]]
    data["ky_tham_quyen"] = [
        {"hinh_thuc": a.get("hinh_thuc") or "", "title": a.get("title") or ""}
        for a in data["ky_tham_quyen"]
    ]
    return data


# --- Partial letters (mẫu, agency defaults, drafts) and presets -----------------------------


def partial_form_data(letter: Mapping[str, Any], kind_key: str = "cong_van") -> dict[str, Any]:
    """Form data showing a partial letter: the fields it has, a new form's for the rest.

    A mẫu or the agency's defaults fill some fields; the others keep what a new form
    shows (one Kính gửi row, one paragraph, “Như trên”, Lưu: VT).
    """
    data = blank_data(kind_key)
    filled = from_letter_dict(letter, kind_key)
    ky = letter.get("ky") if isinstance(letter.get("ky"), dict) else {}
    for name, path in SCALARS.items():
        present = path.removeprefix("ky.") in ky if path.startswith("ky.") else path in letter
        if present:
            data[name] = filled[name]
    for name, path in LISTS.items():
        present = "tham_quyen" in ky if name == "ky_tham_quyen" else path in letter
        if present:
            data[name] = filled[name]
    for key in ("kinh_gui", "noi_dung"):
        if not data[key]:
            data[key] = blank_data(kind_key)[key]
    return data


def filled_fields(letter: Mapping[str, Any]) -> dict[str, Any]:
    """The letter without the fields left empty: what “save all fields as a mẫu” keeps.

    An empty field in a mẫu would blank the agency's default when the mẫu is used (a
    letter “from the mẫu” must still get the agency's name), so only what was typed is
    kept. The signer block is kept whole when any part of it is filled.
    """
    out: dict[str, Any] = {}
    for key, value in letter.items():
        if key in ("format", "kind"):
            out[key] = value
        elif key == "ky":
            if isinstance(value, dict) and any(value.values()):
                out[key] = value
        elif value not in ("", [], None):
            out[key] = value
    return out


def choosable_fields(kind_key: str = "cong_van") -> list[tuple[str, str]]:
    """(key, label) of the top-level fields a mẫu can keep, in the form's order."""
    from drafter.store import CHOOSABLE_FIELDS

    kind = form_classes(kind_key).kind
    out = []
    for key in CHOOSABLE_FIELDS:
        if key == "ky":
            out.append((key, "Người ký (thẩm quyền, chức vụ, họ tên)"))
        elif key in kind.fields:
            out.append((key, kind.fields[key].label))
    return out


def signer_form_values(ky: Mapping[str, Any], kind_key: str = "cong_van") -> dict[str, Any]:
    """A signer preset as the form's fields (what app.js fills in place too)."""
    prefixes = form_classes(kind_key).prefixes
    return {
        "ky_tham_quyen": [split_authority(_s(v), prefixes) for v in _list(ky.get("tham_quyen"))],
        "ky_chuc_vu": _s(ky.get("chuc_vu")),
        "ky_ho_ten": _s(ky.get("ho_ten")),
    }


def apply_signer(data: dict[str, Any], ky: Mapping[str, Any]) -> dict[str, Any]:
    """The form data with the signer block replaced by a preset's."""
    return {**data, **signer_form_values(ky)}


def apply_group(data: dict[str, Any], items: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """The form data with a Nơi nhận group added: blank rows dropped, the group's lines
    appended after the ones already there, none twice."""
    kept = [v for v in data.get("noi_nhan") or [] if str(v).strip()]
    seen = {" ".join(str(v).split()).casefold() for v in kept}
    for item in items:
        key = " ".join(item.split()).casefold()
        if key and key not in seen and len(kept) < MAX_ROWS:
            kept.append(item)
            seen.add(key)
    return {**data, "noi_nhan": kept}
