"""Error pages in Vietnamese (HTML for people, JSON under /api/), never a stack trace.

A refused CSRF token on the letter form is the one error that must not lose work: a
session that expired (server restarted with a new key, cookie cleared) would otherwise
throw away an hour of typing, so the form comes back filled with what was sent.
"""

from __future__ import annotations

from flask import Flask, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, RequestEntityTooLarge

from drafter.web.jsonio import ApiError, json_error
from drafter.web.uploads import DOCX_UPLOADS

MESSAGES: dict[int, tuple[str, str]] = {
    400: (
        "Yêu cầu không hợp lệ",
        "Máy chủ không hiểu yêu cầu vừa gửi. Hãy tải lại trang và thử lại.",
    ),
    401: ("Chưa đăng nhập", "Cần đăng nhập để dùng chức năng này."),
    403: ("Không được phép", "Yêu cầu bị từ chối."),
    404: ("Không tìm thấy trang", "Địa chỉ này không có trên hệ thống soạn công văn."),
    405: ("Phương thức không được hỗ trợ", "Địa chỉ này không nhận kiểu yêu cầu vừa gửi."),
    413: ("Dữ liệu quá lớn", "Dữ liệu gửi lên vượt quá giới hạn cho phép ({limit})."),
    # a .docx upload (drafter.web.letters, mau, agency_templates): said for what it is
    4130: (
        "Tệp quá lớn",
        "Tệp tải lên quá lớn (tối đa {limit}). Một công văn hay một mẫu .docx, kể cả có logo, "
        "thường nhỏ hơn 1 MB: hãy kiểm tra lại tệp (ảnh quá lớn, tệp nhúng). Nội dung đang "
        "soạn không bị mất: quay lại trang trước.",
    ),
    409: ("Dữ liệu đã thay đổi", "Dữ liệu đã được thay đổi ở nơi khác; hãy tải lại trang."),
    415: ("Kiểu dữ liệu không được hỗ trợ", "Hãy gửi JSON với Content-Type: application/json."),
    422: ("Dữ liệu không hợp lệ", "Công văn có lỗi; xem danh sách lỗi."),
    429: ("Quá nhiều yêu cầu", "Hãy đợi một lát rồi thử lại."),
    500: (
        "Lỗi máy chủ",
        "Đã có lỗi trong máy chủ. Nội dung bạn đã gửi không bị lưu lại ở đâu; hãy thử lại, nếu vẫn lỗi thì báo quản trị hệ thống.",
    ),
}
LOGIN_CSRF_MESSAGE = (
    "Trang đăng nhập đã cũ (phiên làm việc đã hết hạn). Hãy nhập lại mật khẩu và bấm Đăng nhập."
)
CSRF_MESSAGE = "Phiên làm việc đã hết hạn hoặc mã bảo vệ biểu mẫu không hợp lệ. Nội dung đã được giữ lại; hãy bấm lại nút vừa bấm."


def _limit() -> str:
    """The limit of this request (a route may raise the app's), as people read it."""
    size = request.max_content_length or 0
    if size % (1000 * 1000) == 0 and size >= 1000 * 1000:
        return f"{size // (1000 * 1000)} MB"
    return f"{size / 1024 / 1024:g} MB" if size >= 1024 * 1024 else f"{size / 1024:g} kB"


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(code: int, detail: str | None = None) -> ResponseReturnValue:
    title, message = MESSAGES.get(code, MESSAGES[500 if code >= 500 else 400])
    message = message.format(limit=_limit()) if "{limit}" in message else message
    if wants_json():
        return json_error(code, detail or message)
    return render_template("error.html", code=code, title=title, message=detail or message), code


def refuse_oversized_body() -> ResponseReturnValue | None:
    """Before anything else (the login rule, routing's 404, CSRF): a request declaring a
    body over its limit (MAX_CONTENT_LENGTH, or a .docx upload route's larger one,
    drafter.web.uploads) gets the one 413, whatever its URL. Werkzeug would refuse it only
    when a view reads the body; answering here also gives the servers' own limits
    (drafter.web.serve) an app answer to hand the request to."""
    limit = request.max_content_length
    if limit and (request.content_length or 0) > limit:
        return handle_http(RequestEntityTooLarge())
    return None


def handle_http(err: HTTPException) -> ResponseReturnValue:
    if (
        err.code == 413
        and request.endpoint in DOCX_UPLOADS
        and request.mimetype == "multipart/form-data"
    ):
        title, message = MESSAGES[4130]
        page = render_template(
            "error.html", code=413, title=title, message=message.format(limit=_limit())
        )
        return page, 413
    return error_response(err.code or 500)


def handle_api_error(err: ApiError) -> ResponseReturnValue:
    return err.response()


def handle_csrf(err: CSRFError) -> ResponseReturnValue:
    if request.endpoint in (
        "letters.submit",
        "letters.preview",
        "letters.print_preview",
        "drafts.save_form",
        "review.from_form",
    ):
        from drafter.web.letter_page import after_csrf_failure

        return after_csrf_failure(CSRF_MESSAGE)
    if request.endpoint == "auth.login":
        from drafter.web.auth import LoginForm

        form = LoginForm(meta={"csrf": True})
        return render_template("login.html", form=form, error=LOGIN_CSRF_MESSAGE), 400
    return error_response(400, CSRF_MESSAGE)


def handle_500(err: InternalServerError) -> ResponseReturnValue:
    # Flask has logged the original exception; the user gets the page, never the trace.
    return error_response(500)


def init_app(app: Flask) -> None:
    """The error handlers (the size check is registered apart, first: create_app)."""
    app.register_error_handler(ApiError, handle_api_error)
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(InternalServerError, handle_500)
