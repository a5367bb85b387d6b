"""Partial letters: what mẫu and drafts store, checked for shape but not for completeness.

A mẫu holds some fields of a letter (an invitation without its date, a standard letter
without its body); a draft holds whatever the user has typed so far. Neither is a valid
`Letter` yet, so `Letter.from_dict` cannot be the gate. The rule here is the format's
own rule minus "required": every key must be a letter-format key (a typo must not be
silently stored), every value must have the right JSON type, strings are cleaned as the model cleans
input (NFC, line ends). Whether
the letter is complete is checked when it is rendered.
"""

from __future__ import annotations

import json
from typing import Any

from drafter.kinds import known_kinds
from drafter.model import (
    BLOCK_KEYS,
    BLOCK_TYPES,
    FORMAT_VERSION,
    KY_KEYS,
    TOP_KEYS,
    Letter,
    LetterError,
    Problem,
)
from drafter.store.errors import Invalid
from drafter.vntext import clean_input

# Far above any real letter (a few kB), far below what would hurt the database.
MAX_LETTER_BYTES = 2 * 1024 * 1024

STRING_KEYS = frozenset(TOP_KEYS) - {"format", "kind", "kinh_gui", "noi_nhan", "noi_dung", "ky"}
LIST_KEYS = ("kinh_gui", "noi_nhan")
# Fields a user may choose to keep in a mẫu ("format" and "kind" are always kept).
CHOOSABLE_FIELDS = tuple(k for k in TOP_KEYS if k not in ("format", "kind"))


def _clean(value: Any) -> Any:
    """The model's input cleaning (NFC, line ends, XML-illegal characters) throughout."""
    if isinstance(value, str):
        return clean_input(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def keys(self, obj: dict[str, Any], allowed: tuple[str, ...], prefix: str) -> None:
        for key in obj:
            if key not in allowed:
                self.fail(
                    f"{prefix}{key}", "Trường không có trong định dạng công văn (gõ nhầm tên?)."
                )

    def string(self, value: Any, path: str) -> None:
        if not isinstance(value, str):
            self.fail(path, "Phải là chuỗi ký tự.")

    def strings(self, value: Any, path: str) -> None:
        if not isinstance(value, list):
            self.fail(path, "Phải là danh sách các chuỗi ký tự.")
            return
        for i, item in enumerate(value):
            self.string(item, f"{path}[{i}]")

    def top(self, data: dict[str, Any]) -> None:
        self.keys(data, TOP_KEYS, "")
        if "format" in data and (
            isinstance(data["format"], bool) or data["format"] != FORMAT_VERSION
        ):
            self.fail("format", f"Phiên bản định dạng không được hỗ trợ: {data['format']!r}.")
        if "kind" in data and data["kind"] not in known_kinds():
            self.fail("kind", f"Loại văn bản không được hỗ trợ: {data['kind']!r}.")
        for key in STRING_KEYS & data.keys():
            self.string(data[key], key)
        for key in LIST_KEYS:
            if key in data:
                self.strings(data[key], key)
        if "noi_dung" in data:
            self.blocks(data["noi_dung"])
        if "ky" in data:
            self.signer(data["ky"])

    def blocks(self, value: Any) -> None:
        if not isinstance(value, list):
            self.fail("noi_dung", "Phải là danh sách các khối nội dung.")
            return
        for i, block in enumerate(value):
            path = f"noi_dung[{i}]"
            if not isinstance(block, dict):
                self.fail(path, "Phải là một đối tượng JSON.")
                continue
            self.keys(block, BLOCK_KEYS, f"{path}.")
            if block.get("type") not in BLOCK_TYPES:
                self.fail(f"{path}.type", "Loại khối phải là paragraph, task hoặc bullet.")
            for key in ("text", "number", "deadline", "assignee"):
                if key in block:
                    self.string(block[key], f"{path}.{key}")

    def signer(self, value: Any) -> None:
        if not isinstance(value, dict):
            self.fail("ky", "Phải là một đối tượng JSON.")
            return
        self.keys(value, KY_KEYS, "ky.")
        if "tham_quyen" in value:
            self.strings(value["tham_quyen"], "ky.tham_quyen")
        for key in ("chuc_vu", "ho_ten"):
            if key in value:
                self.string(value[key], f"ky.{key}")


def clean_partial_letter(data: object, *, fields: list[str] | None = None) -> dict[str, Any]:
    """The partial letter to store, or Invalid listing every problem.

    `fields` keeps only the chosen top-level fields (the "save chosen fields as a mẫu"
    case). The result always starts with `format` and `kind` so that an exported mẫu is
    a letter-format file, and keeps the format's key order.
    """
    if not isinstance(data, dict):
        raise Invalid([Problem("", "Nội dung phải là một đối tượng JSON (định dạng công văn).")])
    checker = _Checker()
    checker.top(data)
    if fields is not None:
        for name in fields:
            if name not in CHOOSABLE_FIELDS:
                checker.fail("fields", f"Không có trường “{name}” trong định dạng công văn.")
    if checker.problems:
        raise Invalid(checker.problems)
    keep = set(CHOOSABLE_FIELDS if fields is None else fields)
    out: dict[str, Any] = {"format": FORMAT_VERSION, "kind": data.get("kind", "cong_van")}
    for key in CHOOSABLE_FIELDS:
        if key in keep and key in data:
            out[key] = _clean(data[key])
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
    "CHOOSABLE_FIELDS",
    "MAX_LETTER_BYTES",
    "checked_fields",
    "clean_partial_letter",
]
