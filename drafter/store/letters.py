"""Partial letters: what mẫu and drafts store, checked for shape but not for completeness.

A mẫu holds some fields of a letter (an invitation without its date, a standard letter
without its body); a draft holds whatever the user has typed so far. Neither is a valid
`Letter` yet, so `Letter.from_dict` cannot be the gate: the model's partial reading
(`drafter.model.read_partial`) is, with the same declaration — every key must be a field
of the letter's kind (a typo must not be silently stored), every value must have the
right JSON type, strings are cleaned as the model cleans input. Whether the letter is
complete is checked when it is rendered.
"""

from __future__ import annotations

import json
from typing import Any

from drafter.model import (
    FORMAT_VERSION,
    Letter,
    LetterError,
    Problem,
    kind_of,
    read_partial,
)
from drafter.store.errors import Invalid

# Far above any real letter (a few kB), far below what would hurt the database.
MAX_LETTER_BYTES = 2 * 1024 * 1024


def choosable_fields(data: dict[str, Any]) -> tuple[str, ...]:
    """Fields a user may choose to keep in a mẫu of this letter's kind (all but the
    envelope, which is always kept)."""
    return tuple(f.key for f in kind_of(data).top())


def clean_partial_letter(data: object, *, fields: list[str] | None = None) -> dict[str, Any]:
    """The partial letter to store, or Invalid listing every problem.

    `fields` keeps only the chosen top-level fields (the "save chosen fields as a mẫu"
    case). The result always starts with `format` and `kind` so that an exported mẫu is
    a letter-format file, and keeps the format's key order.
    """
    if not isinstance(data, dict):
        raise Invalid([Problem("", "Nội dung phải là một đối tượng JSON (định dạng công văn).")])
    problems: list[Problem] = []
    try:
        cleaned = read_partial(data)
    except LetterError as err:
        problems = err.problems
        cleaned = {}
    choosable = choosable_fields(data)
    for name in fields or ():
        if name not in choosable:
            problems.append(
                Problem("fields", f"Không có trường “{name}” trong định dạng công văn.")
            )
    if problems:
        raise Invalid(problems)
    keep = set(choosable if fields is None else fields)
    out: dict[str, Any] = {"format": FORMAT_VERSION, "kind": kind_of(data).key}
    for key in choosable:
        if key in keep and key in cleaned:
            out[key] = cleaned[key]
    size = len(json.dumps(out, ensure_ascii=False).encode("utf-8"))
    if size > MAX_LETTER_BYTES:
        raise Invalid([Problem("", f"Nội dung quá lớn ({size // 1024} KB).")])
    return out


# A complete letter that is valid except for what a caller puts in: lets presets be
# checked by the model's own rules (one rule in one place) without a second validator.
_SKELETON: dict[str, Any] = {
    "format": FORMAT_VERSION,
    "kind": "cong_van",
    "co_quan_ban_hanh": "CƠ QUAN",
    "ky_hieu": "CQ",
    "dia_danh": "Hà Nội",
    "trich_yeu": "kiểm tra",
    "kinh_gui": ["Nơi nhận"],
    "noi_dung": [{"type": "paragraph", "text": "Nội dung."}],
    "luu": "VT",
    "ky": {"tham_quyen": [], "chuc_vu": "GIÁM ĐỐC", "ho_ten": "Nguyễn Văn A"},
}


def checked_fields(values: dict[str, Any]) -> Letter:
    """`values` (some fields of a letter) checked by the model's own rules.

    Returns the letter they make with the skeleton, whose attributes are the cleaned
    values (NFC, line ends); raises Invalid naming the problems of those fields only.
    """
    try:
        return Letter.from_dict({**_SKELETON, **values})
    except LetterError as err:
        raise Invalid(err.problems) from None


__all__ = [
    "MAX_LETTER_BYTES",
    "checked_fields",
    "choosable_fields",
    "clean_partial_letter",
]
