"""JSON in and out of the API: reading a request body, and the one shape of every error.

Every JSON error the app sends, from any endpoint, has this shape (docs/api.md):

    {"ok": false, "error": "<title>", "message": "<what happened, what to do>",
     "problems": [{"path": …, "message": …}, …]   (when the input has problems)
     …}                                              (a few endpoints add a field, e.g.
                                                      current_version on a 409)

`error` is the short Vietnamese title of the HTTP status, `message` the sentence a person
reads. A blueprint raises `ApiError` (or a store error); the handlers registered by
`drafter.web.errors` turn it into that shape.
"""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request
from werkzeug.exceptions import UnsupportedMediaType

from drafter.jsoninput import JsonInputError, parse_json
from drafter.model import Problem

TITLES: dict[int, str] = {
    400: "Yêu cầu không hợp lệ",
    401: "Chưa đăng nhập",
    403: "Không được phép",
    404: "Không tìm thấy",
    405: "Phương thức không được hỗ trợ",
    409: "Dữ liệu đã thay đổi",
    413: "Dữ liệu quá lớn",
    415: "Kiểu dữ liệu không được hỗ trợ",
    422: "Dữ liệu không hợp lệ",
    429: "Quá nhiều yêu cầu",
    500: "Lỗi máy chủ",
    503: "Dịch vụ tạm thời không sẵn sàng",
}
RETRY_AFTER = {503: "30"}  # LibreOffice busy or restarting: worth retrying soon


def title_of(status: int) -> str:
    return TITLES.get(status) or TITLES[500 if status >= 500 else 400]


def json_error(
    status: int,
    message: str,
    *,
    problems: list[Problem] | None = None,
    title: str | None = None,
    retry_after: int | None = None,
    **extra: Any,
) -> Response:
    """The one JSON error body, with its status (and Retry-After where it helps: given,
    or the status's own)."""
    body: dict[str, Any] = {"ok": False, "error": title or title_of(status), "message": message}
    if problems is not None:
        body["problems"] = [p.to_dict() for p in problems]
    body.update(extra)
    response = jsonify(body)
    response.status_code = status
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    elif status in RETRY_AFTER:
        response.headers["Retry-After"] = RETRY_AFTER[status]
    return response


class ApiError(Exception):
    """An API request refused with `status` and a Vietnamese message."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        problems: list[Problem] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.problems = problems
        self.extra = extra  # a field some answers add (the validate endpoint's warnings)

    def response(self) -> Response:
        return json_error(self.status, self.message, problems=self.problems, **self.extra)


def read_json() -> Any:
    """The request's JSON body (415 unless declared JSON; 400 saying why when it is not
    JSON drafter reads: malformed, nested too deep, a number too long, a lone surrogate)."""
    if not request.is_json:
        raise UnsupportedMediaType()
    try:
        return parse_json(request.get_data(cache=False))
    except JsonInputError as err:
        raise ApiError(400, f"Nội dung gửi lên {err.reason}.") from None


__all__ = ["TITLES", "ApiError", "json_error", "read_json", "title_of"]
