"""The store's errors: what a caller (web, CLI) can tell the user, in Vietnamese.

Every error carries a message ready to show. The web maps them to status codes:
NotFound → 404, Forbidden → 403, VersionConflict and Conflict → 409, Invalid → 422.
An object of another agency is always NotFound, never Forbidden: its existence is
not the caller's business.
"""

from __future__ import annotations

from drafter.model import Problem


class StoreError(Exception):
    """Base of every error the repository functions raise on purpose."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class NotFound(StoreError):
    """No such object in this agency (or not visible to this user)."""


class Forbidden(StoreError):
    """The user sees the object but their role or ownership does not allow the change."""


class Conflict(StoreError):
    """The change would break a uniqueness rule (a name or username already taken)."""


class VersionConflict(StoreError):
    """The draft was saved elsewhere since this caller loaded it; nothing was written.

    `current_version` is the version now stored: the caller keeps its own data, shows
    the message and lets the user choose (reload, or save as a copy).
    """

    def __init__(self, current_version: int, expected_version: int) -> None:
        self.current_version = current_version
        self.expected_version = expected_version
        super().__init__(
            "Bản nháp đã được lưu ở nơi khác (một thẻ hoặc cửa sổ khác) sau khi bạn mở nó: "
            f"phiên bản hiện tại là {current_version}, bạn đang sửa từ phiên bản "
            f"{expected_version}. Lần lưu này chưa được ghi; nội dung bạn đang soạn vẫn còn "
            "nguyên. Hãy tải lại bản mới nhất hoặc lưu nội dung của bạn thành bản nháp khác."
        )


class DraftLocked(VersionConflict):
    """The draft is on its way to being issued (chờ duyệt, đã duyệt, đã phát hành): it is
    read-only, so the save was refused and nothing was written. A kind of VersionConflict:
    the caller keeps its text and is offered the same ways out (save it as a new draft)."""

    def __init__(self, current_version: int, expected_version: int, state_label: str) -> None:
        super().__init__(current_version, expected_version)
        self.message = (
            f"Bản nháp đang ở trạng thái “{state_label}” nên không sửa được nữa. Lần lưu này "
            "chưa được ghi; nội dung bạn đang soạn vẫn còn nguyên: có thể lưu nó thành bản "
            "nháp khác."
        )
        self.args = (self.message,)


class Invalid(StoreError):
    """Input refused as a whole; `problems` names every field that is wrong."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def invalid(path: str, message: str) -> Invalid:
    """An Invalid with one problem (the common case)."""
    return Invalid([Problem(path, message)])


def database_reason(err: BaseException) -> str:
    """The first line of what the database driver said (SQLAlchemy keeps it in `.orig`),
    for a one-line Vietnamese message; the error's type when it said nothing."""
    lines = str(getattr(err, "orig", None) or err).strip().splitlines()
    return lines[0] if lines else type(err).__name__


__all__ = [
    "Conflict",
    "DraftLocked",
    "Forbidden",
    "Invalid",
    "NotFound",
    "StoreError",
    "VersionConflict",
    "database_reason",
    "invalid",
]
