"""Uploads of a .docx: a larger request limit for the routes that take one, and reading
the file with its size bounded (the bytes then go to the safe package reader).

The app's request limit stays small (config MAX_CONTENT_LENGTH, 2 MiB): only multipart
requests to the routes in `DOCX_UPLOADS` accept up to DOCX_UPLOAD_MAX (10 MB) plus the
form around the file.
Werkzeug refuses a bigger request from its Content-Length before reading it, and spools
a file part to a temporary file rather than memory; a refusal is a Vietnamese page
(drafter.web.errors).
"""

from __future__ import annotations

from flask import Flask, current_app, request
from werkzeug.datastructures import FileStorage

from drafter.docx.package import megabytes

__all__ = ["DOCX_UPLOADS", "init_app", "read_docx", "upload_limit"]

DOCX_UPLOADS = frozenset({"letters.submit", "mau.import_docx_file", "agency_templates.upload"})
FORM_ROOM = 2 * 1024 * 1024  # the letter form's own fields, around the file


def upload_limit(app: Flask) -> int:
    """The largest body a .docx upload route accepts: the file and the form around it
    (the servers' own limits must let it through, drafter.web.serve)."""
    return int(app.config["DOCX_UPLOAD_MAX"]) + FORM_ROOM


def _raise_limit() -> None:
    """Only a multipart body can carry a file; its other fields stay within the app's
    MAX_FORM_MEMORY_SIZE (Werkzeug keeps them in memory, the file in a temporary file)."""
    if request.endpoint in DOCX_UPLOADS and request.mimetype == "multipart/form-data":
        limit = upload_limit(current_app)  # type: ignore[arg-type]
        request.max_content_length = max(limit, request.max_content_length or 0)


def init_app(app: Flask) -> None:
    """Register the limit; before CSRFProtect, whose check reads the form."""
    app.before_request(_raise_limit)


def read_docx(upload: FileStorage | None) -> tuple[bytes | None, str]:
    """The uploaded file's bytes (at most DOCX_UPLOAD_MAX), or None and why not."""
    if upload is None or not upload.filename:
        return None, "Chưa chọn tệp .docx."
    limit = int(current_app.config["DOCX_UPLOAD_MAX"])
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        return None, (
            f"Tệp “{upload.filename}” quá lớn (hơn {megabytes(limit)}). Một công văn hay một "
            "mẫu .docx, kể cả có logo, thường nhỏ hơn 1 MB."
        )
    return data, ""
