"""Reading JSON from outside: the one parser behind every door a letter comes in by.

The API, the drafts API, mẫu import, “Mở JSON” on the form and the CLI read JSON that
anyone may have written, so reading it must end in a value or in one clear refusal,
never in an exception nobody expected. `json.loads` alone can raise four: a decode
error (not UTF-8), a syntax error, `RecursionError` (a document nested thousands deep
exhausts the parser's stack) and `ValueError` (an integer longer than Python converts,
4,300 digits by default). It also returns strings holding lone UTF-16 surrogates
(`"\\ud800"` is valid JSON), which no UTF-8 encoder — the database's, the .docx's, the
response's — accepts. `parse_json` turns each into `JsonInputError`, whose `reason` says
in Vietnamese what is wrong; callers name the input before it (“Tệp “x.json” …”).

A letter is four levels deep (letter → list → block → value), five inside the drafts
API's envelope: anything deeper than `MAX_DEPTH` is refused too, so no later code meets
a structure deep enough to exhaust its own stack.
"""

from __future__ import annotations

import json
import sys
from typing import Any

MAX_DEPTH = 32
_TEXT = "không phải JSON UTF-8 hợp lệ"


class JsonInputError(ValueError):
    """Input that is not JSON drafter reads; `reason` completes “<the input> …”."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_json(raw: bytes | str) -> Any:
    """The JSON value of `raw` (UTF-8, a byte-order mark tolerated), or JsonInputError."""
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise JsonInputError(_TEXT) from None
    else:
        text = raw.removeprefix("\ufeff")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        raise JsonInputError(f"{_TEXT} (dòng {err.lineno}, cột {err.colno})") from None
    except RecursionError:
        raise JsonInputError(_too_deep()) from None
    except ValueError:  # int("7" * 5000): Python's limit on integer conversion
        raise JsonInputError(
            f"có số dài quá {sys.get_int_max_str_digits()} chữ số (không phải số trong văn bản)"
        ) from None
    _check(value)
    return value


def _too_deep() -> str:
    return f"có đối tượng hoặc danh sách lồng nhau quá {MAX_DEPTH} tầng"


def _check(value: Any) -> None:
    """Depth at most MAX_DEPTH, and every string (keys too) encodable as UTF-8."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            _text(item)
            continue
        if not isinstance(item, dict | list):
            continue
        if depth > MAX_DEPTH:
            raise JsonInputError(_too_deep())
        if isinstance(item, dict):
            for key, inner in item.items():
                _text(key)
                stack.append((inner, depth + 1))
        else:
            stack.extend((inner, depth + 1) for inner in item)


def _text(text: str) -> None:
    if text.isascii():
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        code = f"\\u{ord(text[err.start]):04x}"
        raise JsonInputError(
            f"có ký tự không hợp lệ ({code}: nửa cặp UTF-16 đứng một mình trong chuỗi)"
        ) from None


__all__ = ["MAX_DEPTH", "JsonInputError", "parse_json"]
