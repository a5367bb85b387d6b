"""A letter dict as the fields the browser posts (what a person fills in the form)."""

from __future__ import annotations

from typing import Any

from drafter.web.forms import BLOCK_FIELDS, from_letter_dict


def form_fields(letter: dict[str, Any], action: str = "check") -> list[tuple[str, str]]:
    data = from_letter_dict(letter)
    out: list[tuple[str, str]] = [("action", action)]
    for name, value in data.items():
        if name in ("kinh_gui", "noi_nhan"):
            out += [(f"{name}-{i}", v) for i, v in enumerate(value)]
        elif name == "noi_dung":
            for i, block in enumerate(value):
                out += [(f"noi_dung-{i}-{k}", block[k]) for k in BLOCK_FIELDS]
        elif name == "ky_tham_quyen":
            for i, a in enumerate(value):
                out += [
                    (f"{name}-{i}-hinh_thuc", a["hinh_thuc"]),
                    (f"{name}-{i}-title", a["title"]),
                ]
        else:
            out.append((name, value))
    return out
