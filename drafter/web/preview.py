"""The live preview: the letter's `build_context`, shown as an A4 sheet in HTML.

The preview prints the same finished lines as the .docx because it reads the same
`Context`. While the drafter types, the letter is usually not valid yet; rather than show
nothing, fields with a problem are replaced by a bracketed placeholder (`[Địa danh]`)
for the preview only, and the problems are listed beside it. Sizes come from
`drafter.layout` through a generated stylesheet (`layout_css`), never typed into CSS.
"""

from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from docx.shared import Length

from drafter.check import ERROR, WARNING, Finding, check_docx
from drafter.context import Context, build_context
from drafter.kinds import FieldDef, Kind
from drafter.layout import DEFAULT, Layout
from drafter.model import FORMAT_VERSION, Letter, LetterError, Problem, kind_of
from drafter.web.rendering import render_letter

log = logging.getLogger(__name__)
_ITEM = re.compile(r"^(?P<list>[a-z_.]+)\[(?P<i>\d+)\](?:\.(?P<sub>\w+))?$")
_MAX_PATCH_ROUNDS = 3


def placeholder(fdef: FieldDef) -> str:
    """`[Cơ quan ban hành]`: what the preview prints for a field not filled in correctly
    (`…` where the label would be longer than the field may be)."""
    text = fdef.placeholder or f"[{fdef.short_label}]"
    return text if fdef.max_length is None or len(text) <= fdef.max_length else "…"


def _container(out: dict[str, Any], fdef: FieldDef) -> dict[str, Any]:
    """The dict that holds `fdef` in a letter dict (the letter, or its group)."""
    if not fdef.parent:
        return out
    group = out.get(fdef.parent)
    if not isinstance(group, dict):
        group = out[fdef.parent] = {}
    return group


def _patch_item(
    out: dict[str, Any],
    kind: Kind,
    fdef: FieldDef,
    i: int,
    sub: str | None,
    drop: dict[str, set[int]],
) -> None:
    """A problem in one row of a list: a wrong block becomes a placeholder paragraph (or
    loses the wrong field); a wrong line is left out."""
    items = _container(out, fdef).get(fdef.key)
    if fdef.type != "blocks":
        drop.setdefault(fdef.name, set()).add(i)
        return
    if not isinstance(items, list) or i >= len(items) or not isinstance(items[i], dict):
        return
    if sub in (None, "text", "type"):
        text = placeholder(kind[f"{fdef.name}.text"])
        items[i] = {"type": kind.block_types[0][0], "text": text}
    else:
        items[i].pop(sub, None)


def _patch_whole(out: dict[str, Any], kind: Kind, fdef: FieldDef) -> None:
    """A problem with a field as a whole: something the model accepts in its place."""
    holder = _container(out, fdef)
    if fdef.type == "group":
        holder[fdef.key] = {}
    elif fdef.is_list:
        items = holder.get(fdef.key)
        items = (items if isinstance(items, list) else [])[: fdef.max_items]
        if not items and fdef.required:
            if fdef.type == "blocks":
                text = placeholder(kind[f"{fdef.name}.text"])
                items = [{"type": kind.block_types[0][0], "text": text}]
            else:
                items = [placeholder(fdef)]
        holder[fdef.key] = items
    elif fdef.required:
        holder[fdef.key] = placeholder(fdef)
    else:
        holder[fdef.key] = ""


def _patch(data: dict[str, Any], problems: list[Problem]) -> dict[str, Any]:
    """A copy of `data` with every field named by a problem replaced by something valid."""
    out = copy.deepcopy(data)
    kind = kind_of(out)
    drop: dict[str, set[int]] = {}
    for problem in problems:
        path = problem.path
        match = _ITEM.match(path)
        if match and match["list"] in kind.fields:
            fdef = kind[match["list"]]
            _patch_item(out, kind, fdef, int(match["i"]), match["sub"], drop)
        elif path in ("format", "kind", ""):
            out.update({"format": FORMAT_VERSION, "kind": kind.key})
        elif path in kind.fields:
            _patch_whole(out, kind, kind[path])
        else:  # a key the kind does not have: left out of the preview
            parent, _, key = path.rpartition(".")
            holder = out.get(parent) if parent else out
            if isinstance(holder, dict):
                holder.pop(key, None)
    for name, indexes in drop.items():
        fdef = kind[name]
        holder = _container(out, fdef)
        items = holder.get(fdef.key, [])
        holder[fdef.key] = [v for j, v in enumerate(items) if j not in indexes]
        if fdef.required and not holder[fdef.key]:
            holder[fdef.key] = [placeholder(fdef)]
    return out


def preview_letter(data: dict[str, Any]) -> tuple[Letter | None, list[Problem]]:
    """The letter to preview and the problems of the real input (empty when it is valid)."""
    try:
        return Letter.from_dict(data), []
    except LetterError as err:
        problems = err.problems
    patched = data
    current = problems
    for _ in range(_MAX_PATCH_ROUNDS):
        patched = _patch(patched, current)
        try:
            return Letter.from_dict(patched), problems
        except LetterError as err:
            current = err.problems
    return None, problems


# --- The layout checker (drafter.check) ----------------------------------------------------


def check_findings(data: bytes) -> list[Finding] | None:
    """Findings of the layout checker on a rendered .docx (None when it failed).

    The checker is advisory here: if it fails on a file, the preview still shows the
    letter (and the failure is logged), rather than the drafter losing the preview.
    """
    try:
        report = check_docx(data)
    except Exception:
        log.exception("layout checker failed on a preview")
        return None
    # the viết hoa lưu ý have their own list, with their fixes (letter_page.preview_for)
    return [f for f in report.layout if f.severity in (ERROR, WARNING)]


# --- The view model and the generated stylesheet -------------------------------------------


@dataclass
class Preview:
    """What the preview template shows."""

    ctx: Context | None
    problems: list[tuple[str | None, str]] = field(default_factory=list)
    findings: list[Finding] | None = None
    checked: bool = False
    kind_title: str = "Công văn"


def size_class(length: Length) -> str:
    """`pt-13`, `pt-12-5`: the class for a font size, defined by layout_css."""
    return "pt-" + f"{length.pt:g}".replace(".", "-")


def mm(length: Length) -> str:
    return f"{length.mm:.2f}mm"


def _pt(length: Length) -> str:
    return f"{length.pt:g}pt"


def layout_css(layout: Layout = DEFAULT) -> str:
    """CSS custom properties and size classes from the layout profile, for preview.css."""
    lengths = {
        "page-width": mm(layout.page_width),
        "page-height": mm(layout.page_height),
        "margin-top": mm(layout.margin_top),
        "margin-bottom": mm(layout.margin_bottom),
        "margin-left": mm(layout.margin_left),
        "margin-right": mm(layout.margin_right),
        "left-column": mm(layout.left_column),
        "right-column": mm(layout.right_column),
        "tieu-ngu-rule": mm(layout.tieu_ngu_rule),
        "chu-quan-size": _pt(layout.chu_quan_size),
        "issuer-size": _pt(layout.issuer_size),
        "quoc-hieu-size": _pt(layout.quoc_hieu_size),
        "tieu-ngu-size": _pt(layout.tieu_ngu_size),
        "so-size": _pt(layout.so_size),
        "date-size": _pt(layout.date_size),
        "vv-size": _pt(layout.vv_size),
        "vv-space-before": _pt(layout.vv_space_before),
        "stamp-size": _pt(layout.stamp_size),
        "stamp-space-before": _pt(layout.stamp_space_before),
        "stamp-height": mm(next(iter(layout.urgency_stamps.values())).height),
        "stamp-colour": f"#{layout.stamp_colour}",
        "kinh-gui-size": _pt(layout.kinh_gui_size),
        "kinh-gui-space": _pt(layout.kinh_gui_space),
        "kinh-gui-indent": mm(layout.kinh_gui_indent),
        "kinh-gui-label-width": mm(layout.kinh_gui_label_width),
        "body-size": _pt(layout.body_size),
        "body-first-line": mm(layout.body_first_line),
        "body-space-after": _pt(layout.body_space_after),
        "body-line": f"{layout.body_line / 240:.3f}",
        "title-size": _pt(layout.title_size),
        "title-space-before": _pt(layout.title_space_before),
        "authority-size": _pt(layout.authority_size),
        "authority-space-before": _pt(layout.authority_space_before),
        "authority-space-after": _pt(layout.authority_space_after),
        "can-cu-size": _pt(layout.can_cu_size),
        "can-cu-space-after": _pt(layout.can_cu_space_after),
        "decision-size": _pt(layout.decision_size),
        "decision-space": _pt(layout.decision_space),
        "closing-space-before": _pt(layout.closing_space_before),
        "noi-nhan-label-size": _pt(layout.noi_nhan_label_size),
        "noi-nhan-item-size": _pt(layout.noi_nhan_item_size),
        "signature-size": _pt(layout.signature_size),
        "signature-gap": mm(layout.signature_gap),
        "dia-chi-size": _pt(layout.dia_chi_size),
        "page-number-size": _pt(layout.page_number_size),
    }
    fonts = ", ".join(f'"{name}"' for name in layout.accepted_fonts) + ", serif"
    lines = ["/* Generated from drafter.layout: do not edit. */", ":root {"]
    lines += [f"  --{name}: {value};" for name, value in lengths.items()]
    lines.append(f"  --letter-font: {fonts};")
    lines.append("}")
    sizes = {
        layout.chu_quan_size,
        layout.issuer_size,
        layout.header_min_size,
        layout.date_size,
        layout.date_min_size,
    }
    for size in sorted(sizes):
        lines.append(f".{size_class(size)} {{ font-size: {_pt(size)}; }}")
    for key, box in {**layout.urgency_stamps, **layout.secrecy_stamps}.items():
        lines.append(f".stamp-{key.replace('_', '-')} {{ width: {mm(box.width)}; }}")
    return "\n".join(lines) + "\n"


def stamp_key(text: str, layout: Layout = DEFAULT) -> str:
    """The layout key (`thuong_khan`) of a stamp text, for its width class."""
    for key, box in {**layout.urgency_stamps, **layout.secrecy_stamps}.items():
        if box.text == text:
            return key.replace("_", "-")
    return ""


def build_preview(data: dict[str, Any], *, run_checker: bool = False) -> Preview:
    """The preview of a letter dict, with the checker's findings when asked and available."""
    letter, problems = preview_letter(data)
    ctx = build_context(letter) if letter is not None else None
    title = kind_of(data).title
    preview = Preview(ctx, [(p.path, p.message) for p in problems], kind_title=title)
    if run_checker and letter is not None and not problems:
        preview.findings = check_findings(render_letter(letter))
        preview.checked = True
    return preview
