"""Drafts: every letter being written, with its versions; a draft is its owner's alone.

Concurrency (two tabs on one draft). `drafts.current_version` is the newest version's
number and the token every save presents as `expected_version`. A save moves it from
`expected` to `expected + 1` with one conditional UPDATE (`… WHERE current_version =
expected`): of two saves from the same version exactly one matches a row, the other
raises VersionConflict and writes nothing; its caller still holds its text. On
PostgreSQL the second UPDATE waits for the first's row lock and then re-reads the row;
on SQLite write transactions are serialised (BEGIN IMMEDIATE). The unique (draft_id, n)
constraint backs this up.

Autosave: at most one autosave version per minute. An autosave whose newest version is
an autosave begun less than 60 s earlier replaces that version's content and gives it
the next number (the token must still move, so that the other tab's next save is
refused); the version keeps its `created_at`, so while a user types without pause a new
autosave version starts each minute. An autosave with unchanged content writes nothing
and keeps the version. Explicit saves and restores always add a version. So version
numbers can skip (1, 2, 5): they are tokens, not a count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from drafter.store.common import STATE_LABELS, actor, clean_name, now_or
from drafter.store.errors import Conflict, DraftLocked, NotFound, VersionConflict, invalid
from drafter.store.letters import clean_partial_letter
from drafter.store.models import VERSION_KINDS, Draft, DraftVersion

AUTOSAVE_WINDOW = dt.timedelta(seconds=60)
UNTITLED = "Văn bản chưa có trích yếu"
SaveKind = Literal["autosave", "save"]


@dataclass(frozen=True)
class DraftSummary:
    id: int
    owner_id: int
    title: str
    current_version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    # dự thảo, chờ duyệt, đã duyệt, đã phát hành (drafter.store.workflow); only a dự thảo
    # can be saved, restored or deleted.
    state: str

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def editable(self) -> bool:
        return self.state == "du_thao"


@dataclass(frozen=True)
class DraftRecord(DraftSummary):
    """A draft with the content of its current version."""

    letter: dict[str, Any]


@dataclass(frozen=True)
class VersionSummary:
    n: int
    kind: str
    restored_from: int | None
    created_at: dt.datetime
    saved_at: dt.datetime


@dataclass(frozen=True)
class VersionRecord(VersionSummary):
    letter: dict[str, Any]


def _summary(row: Draft) -> DraftSummary:
    return DraftSummary(
        row.id,
        row.owner_id,
        row.title,
        row.current_version,
        row.created_at,
        row.updated_at,
        row.state,
    )


def _record(row: Draft, letter: dict[str, Any]) -> DraftRecord:
    return DraftRecord(**vars(_summary(row)), letter=dict(letter))


def _version_summary(v: DraftVersion) -> VersionSummary:
    return VersionSummary(v.n, v.kind, v.restored_from, v.created_at, v.saved_at)


def _title(letter: dict[str, Any], fallback: str = UNTITLED) -> str:
    """The list's title: the trích yếu, one line; `fallback` while the letter has none."""
    text = letter.get("trich_yeu")
    if not isinstance(text, str) or not text.strip():
        return fallback
    line = " ".join(text.split())
    return line if len(line) <= 200 else line[:199] + "…"


def _draft(session: Session, agency_id: int, user_id: int, draft_id: int) -> Draft:
    actor(session, agency_id, user_id)
    row = session.scalar(
        select(Draft).where(
            Draft.id == draft_id, Draft.agency_id == agency_id, Draft.owner_id == user_id
        )
    )
    if row is None:
        raise NotFound("Không tìm thấy bản nháp này.")
    return row


def _version(session: Session, draft_id: int, n: int) -> DraftVersion | None:
    return session.scalar(
        select(DraftVersion).where(DraftVersion.draft_id == draft_id, DraftVersion.n == n)
    )


def _kind(kind: object) -> str:
    if kind not in VERSION_KINDS:
        raise invalid("kind", "Kiểu lưu phải là “autosave” hoặc “save”.")
    return str(kind)


def create_draft(
    session: Session,
    agency_id: int,
    user_id: int,
    letter: object,
    *,
    kind: SaveKind = "save",
    title: str | None = None,
    now: dt.datetime | None = None,
) -> DraftRecord:
    """A new draft whose version 1 is `letter` (complete or not).

    `title` names the draft in the list until the letter has a trích yếu (which always
    wins: it is what the drafter recognises the letter by).
    """
    user = actor(session, agency_id, user_id)
    content = clean_partial_letter(letter)
    fallback = UNTITLED if not title else clean_name(title, "title", label="Tên bản nháp")
    at = now_or(now)
    row = Draft(
        agency_id=agency_id,
        owner_id=user.id,
        title=_title(content, fallback),
        current_version=1,
        created_at=at,
        updated_at=at,
    )
    session.add(row)
    session.flush()
    session.add(
        DraftVersion(
            draft_id=row.id, n=1, kind=_kind(kind), letter=content, created_at=at, saved_at=at
        )
    )
    session.flush()
    return _record(row, content)


def _locked(row: Draft, expected: int) -> DraftLocked:
    return DraftLocked(row.current_version, expected, STATE_LABELS[row.state])


def _advance(session: Session, row: Draft, expected: int, title: str, at: dt.datetime) -> int:
    """Move the token from `expected` to `expected + 1`, atomically, or VersionConflict
    (DraftLocked when the draft left the dự thảo state: it was trình meanwhile)."""
    result = session.execute(
        update(Draft)
        .where(Draft.id == row.id, Draft.current_version == expected, Draft.state == "du_thao")
        .values(current_version=expected + 1, title=title, updated_at=at)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(row)
        if row.state != "du_thao":
            raise _locked(row, expected)
        raise VersionConflict(row.current_version, expected)
    session.refresh(row)
    return expected + 1


def save_draft(
    session: Session,
    agency_id: int,
    user_id: int,
    draft_id: int,
    letter: object,
    expected_version: int,
    kind: SaveKind = "save",
    *,
    now: dt.datetime | None = None,
) -> DraftRecord:
    """Save `letter` as the draft's next version, if the draft is still at
    `expected_version`; else VersionConflict and nothing is written (see module doc)."""
    row = _draft(session, agency_id, user_id, draft_id)
    content = clean_partial_letter(letter)
    kind = _kind(kind)  # type: ignore[assignment]
    if row.state != "du_thao":
        raise _locked(row, expected_version)
    if row.current_version != expected_version:
        raise VersionConflict(row.current_version, expected_version)
    at = now_or(now)
    newest = _version(session, row.id, expected_version)
    if kind == "autosave" and newest is not None and newest.letter == content:
        return _record(row, content)  # nothing new: no version, token unchanged
    absorb = (
        kind == "autosave"
        and newest is not None
        and newest.kind == "autosave"
        and at - newest.created_at < AUTOSAVE_WINDOW
    )
    # A letter whose trích yếu was emptied keeps the title it had: the list still finds it.
    n = _advance(session, row, expected_version, _title(content, row.title), at)
    if absorb:
        assert newest is not None
        newest.n, newest.letter, newest.saved_at = n, content, at
    else:
        session.add(
            DraftVersion(
                draft_id=row.id, n=n, kind=kind, letter=content, created_at=at, saved_at=at
            )
        )
    session.flush()
    return _record(row, content)


def get_draft(session: Session, agency_id: int, user_id: int, draft_id: int) -> DraftRecord:
    """The draft with its current content (to reopen it)."""
    row = _draft(session, agency_id, user_id, draft_id)
    version = _version(session, row.id, row.current_version)
    assert version is not None
    return _record(row, version.letter)


def list_drafts(
    session: Session, agency_id: int, user_id: int, *, limit: int = 200, offset: int = 0
) -> list[DraftSummary]:
    """The user's drafts, most recently saved first."""
    actor(session, agency_id, user_id)
    rows = session.scalars(
        select(Draft)
        .where(Draft.agency_id == agency_id, Draft.owner_id == user_id)
        .order_by(Draft.updated_at.desc(), Draft.id.desc())
        .limit(max(1, min(limit, 1000)))
        .offset(offset)
    ).all()
    return [_summary(r) for r in rows]


def list_versions(
    session: Session, agency_id: int, user_id: int, draft_id: int
) -> list[VersionSummary]:
    """The draft's versions, newest first."""
    row = _draft(session, agency_id, user_id, draft_id)
    versions = session.scalars(
        select(DraftVersion).where(DraftVersion.draft_id == row.id).order_by(DraftVersion.n.desc())
    ).all()
    return [_version_summary(v) for v in versions]


def get_version(
    session: Session, agency_id: int, user_id: int, draft_id: int, n: int
) -> VersionRecord:
    row = _draft(session, agency_id, user_id, draft_id)
    version = _version(session, row.id, n)
    if version is None:
        raise NotFound(f"Bản nháp không có phiên bản {n}.")
    return VersionRecord(**vars(_version_summary(version)), letter=dict(version.letter))


def restore_version(
    session: Session,
    agency_id: int,
    user_id: int,
    draft_id: int,
    n: int,
    *,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> DraftRecord:
    """Make version `n`'s content current again, as a new version (nothing is lost)."""
    row = _draft(session, agency_id, user_id, draft_id)
    old = _version(session, row.id, n)
    if old is None:
        raise NotFound(f"Bản nháp không có phiên bản {n}.")
    expected = row.current_version if expected_version is None else expected_version
    if row.state != "du_thao":
        raise _locked(row, expected)
    if row.current_version != expected:
        raise VersionConflict(row.current_version, expected)
    at = now_or(now)
    content = dict(old.letter)
    new_n = _advance(session, row, expected, _title(content, row.title), at)
    session.add(
        DraftVersion(
            draft_id=row.id,
            n=new_n,
            kind="save",
            letter=content,
            restored_from=n,
            created_at=at,
            saved_at=at,
        )
    )
    session.flush()
    return _record(row, content)


def delete_draft(session: Session, agency_id: int, user_id: int, draft_id: int) -> None:
    """Delete the draft and all its versions (a dự thảo only: a draft that was trình is
    kept with its comments, and an issued one for ever)."""
    row = _draft(session, agency_id, user_id, draft_id)
    if row.state != "du_thao":
        raise Conflict(f"Bản nháp đang ở trạng thái “{STATE_LABELS[row.state]}”: không xóa được.")
    session.execute(delete(DraftVersion).where(DraftVersion.draft_id == row.id))
    session.execute(delete(Draft).where(Draft.id == row.id, Draft.agency_id == agency_id))
    session.expunge(row)


__all__ = [
    "AUTOSAVE_WINDOW",
    "DraftRecord",
    "DraftSummary",
    "VersionRecord",
    "VersionSummary",
    "create_draft",
    "delete_draft",
    "get_draft",
    "get_version",
    "list_drafts",
    "list_versions",
    "restore_version",
    "save_draft",
]
