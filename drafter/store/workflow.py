"""A draft's way to an issued document (NĐ 30/2020 Điều 11–16; docs/workflow.md).

    dự thảo ──Trình (its owner, to a lãnh đạo)──▶ chờ duyệt ──Duyệt (that lãnh đạo)──▶
    đã duyệt ──Cấp số và phát hành (văn thư; drafter.store.issuing)──▶ đã phát hành

and back to dự thảo with a comment: Trả lại, by the lãnh đạo a draft waits for, or by a
văn thư who finds an approved draft not fit to issue (Điều 12.2). Only a dự thảo can be
edited; every step is an event kept with the version it was made on (its comment too)
and an entry of the audit log, in the same transaction.

Who sees a draft here: its owner always; a lãnh đạo the drafts that were ever trình to
them; a văn thư the approved and issued ones; a lãnh đạo and a quản trị every issued one
(they read the register). Anyone else, and another agency, gets NotFound; a user who sees
the draft but may not take the step gets Forbidden; a step from the wrong state is a
Conflict. Each step moves the state with one conditional UPDATE (`… WHERE state =
<expected>`), so of two people acting on one draft at once exactly one succeeds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from drafter.model import Letter, LetterError
from drafter.store import audit
from drafter.store.common import STATE_LABELS, actor, now_or, require_role
from drafter.store.drafts import DraftRecord, _record, _version
from drafter.store.errors import Conflict, Forbidden, Invalid, NotFound, VersionConflict, invalid
from drafter.store.models import Draft, DraftEvent, Signer, User

MAX_COMMENT = 5000
REGISTER_READERS = ("van_thu", "lanh_dao", "quan_tri")
ACTION_LABELS = {a: audit.ACTION_LABELS[a] for a in ("submit", "return", "approve", "issue")}


@dataclass(frozen=True)
class PersonRecord:
    """A colleague as the workflow shows them (a lãnh đạo to trình to, an actor)."""

    id: int
    username: str
    full_name: str
    # For a lãnh đạo: the names of the signer presets linked to them (link_signer).
    signs_as: tuple[str, ...] = ()

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


@dataclass(frozen=True)
class EventRecord:
    id: int
    action: str
    version_n: int
    actor: PersonRecord
    reviewer: PersonRecord | None
    comment: str
    created_at: dt.datetime

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "version": self.version_n,
            "by": self.actor.username,
            "to": self.reviewer.username if self.reviewer else None,
            "comment": self.comment,
            "at": self.created_at.isoformat(),
        }


@dataclass(frozen=True)
class ReviewRecord:
    """A draft as the workflow shows it: content, state, owner, history, and what the
    user looking at it may do now (the steps the store would accept from them)."""

    draft: DraftRecord
    owner: PersonRecord
    events: tuple[EventRecord, ...]
    reviewer: PersonRecord | None  # the lãnh đạo of the latest trình
    actions: frozenset[str]

    @property
    def state(self) -> str:
        return self.draft.state

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.draft.state]

    @property
    def comments(self) -> tuple[EventRecord, ...]:
        return tuple(e for e in self.events if e.comment)


@dataclass(frozen=True)
class QueueItem:
    """A row of the Chờ duyệt / Chờ phát hành lists."""

    draft_id: int
    title: str
    version: int
    owner: PersonRecord
    since: dt.datetime
    reviewer: PersonRecord | None


def _person(row: User) -> PersonRecord:
    return PersonRecord(row.id, row.username, row.full_name)


def _people(session: Session, ids: set[int]) -> dict[int, PersonRecord]:
    """The named users, in one query, by id."""
    return {u.id: _person(u) for u in session.scalars(select(User).where(User.id.in_(ids)))}


def list_leaders(session: Session, agency_id: int) -> list[PersonRecord]:
    """The agency's active lãnh đạo: whom a draft can be trình to, each with the names of
    the signer presets linked to them."""
    rows = session.scalars(
        select(User)
        .where(User.agency_id == agency_id, User.role == "lanh_dao", User.active)
        .order_by(User.full_name, User.username)
    ).all()
    links: dict[int, list[str]] = {}
    for user_id, name in session.execute(
        select(Signer.user_id, Signer.ho_ten).where(
            Signer.agency_id == agency_id, Signer.user_id.is_not(None)
        )
    ):
        links.setdefault(int(user_id), []).append(name)
    return [PersonRecord(r.id, r.username, r.full_name, tuple(links.get(r.id, ()))) for r in rows]


def link_signer(
    session: Session, agency_id: int, user_id: int, signer_id: int, leader: int | None
) -> None:
    """Link a signer preset to the lãnh đạo who signs as it (None: unlink). Văn thư and
    quản trị keep the presets; the lãnh đạo must be an active one of the agency."""
    me = actor(session, agency_id, user_id)
    row = session.scalar(
        select(Signer).where(Signer.id == signer_id, Signer.agency_id == agency_id)
    )
    if row is None:
        raise NotFound("Không tìm thấy người ký này.")
    require_role(me, "van_thu", "quan_tri")
    row.user_id = None if leader is None else _leader(session, agency_id, leader).id
    session.flush()


def _events(session: Session, draft_id: int) -> list[EventRecord]:
    rows = session.scalars(
        select(DraftEvent).where(DraftEvent.draft_id == draft_id).order_by(DraftEvent.id)
    ).all()
    ids = {r.actor_id for r in rows} | {r.reviewer_id for r in rows if r.reviewer_id}
    users = _people(session, ids)
    return [
        EventRecord(
            r.id,
            r.action,
            r.version_n,
            users[r.actor_id],
            users.get(r.reviewer_id) if r.reviewer_id else None,
            r.comment,
            r.created_at,
        )
        for r in rows
    ]


def _was_submitted_to(session: Session, draft_id: int, user_id: int) -> bool:
    return (
        session.scalar(
            select(DraftEvent.id)
            .where(
                DraftEvent.draft_id == draft_id,
                DraftEvent.action == "submit",
                DraftEvent.reviewer_id == user_id,
            )
            .limit(1)
        )
        is not None
    )


def _current_reviewer_id(session: Session, draft_id: int) -> int | None:
    return session.scalar(
        select(DraftEvent.reviewer_id)
        .where(DraftEvent.draft_id == draft_id, DraftEvent.action == "submit")
        .order_by(DraftEvent.id.desc())
        .limit(1)
    )


def _sees(session: Session, me: User, row: Draft) -> bool:
    """The visibility rule of the module doc."""
    if row.owner_id == me.id:
        return True
    if row.state == "da_phat_hanh" and me.role in REGISTER_READERS:
        return True
    if me.role == "van_thu" and row.state == "da_duyet":
        return True
    return me.role == "lanh_dao" and _was_submitted_to(session, row.id, me.id)


def _lookup(session: Session, agency_id: int, user_id: int, draft_id: int) -> tuple[User, Draft]:
    """The acting user and the draft, if this user may see it; else NotFound."""
    me = actor(session, agency_id, user_id)
    row = session.scalar(select(Draft).where(Draft.id == draft_id, Draft.agency_id == agency_id))
    if row is None or not _sees(session, me, row):
        raise NotFound("Không tìm thấy văn bản này.")
    return me, row


def _allowed(me: User, row: Draft, reviewer_id: int | None) -> frozenset[str]:
    """The steps `me` may take on the draft now (what the store accepts from them)."""
    steps: set[str] = set()
    if row.state == "du_thao" and row.owner_id == me.id:
        steps.add("submit")
    if row.state == "cho_duyet" and me.role == "lanh_dao" and reviewer_id == me.id:
        steps |= {"return", "approve"}
    if row.state == "da_duyet" and me.role == "van_thu":
        steps |= {"issue", "return"}
    return frozenset(steps)


def _review(session: Session, me: User, row: Draft) -> ReviewRecord:
    version = _version(session, row.id, row.current_version)
    assert version is not None
    reviewer_id = _current_reviewer_id(session, row.id)
    owner = session.get(User, row.owner_id)
    reviewer = session.get(User, reviewer_id) if reviewer_id else None
    assert owner is not None
    return ReviewRecord(
        draft=_record(row, version.letter),
        owner=_person(owner),
        events=tuple(_events(session, row.id)),
        reviewer=_person(reviewer) if reviewer is not None else None,
        actions=_allowed(me, row, reviewer_id),
    )


def get_review(session: Session, agency_id: int, user_id: int, draft_id: int) -> ReviewRecord:
    """The draft with its state, history and comments, for anyone who may see it."""
    me, row = _lookup(session, agency_id, user_id, draft_id)
    return _review(session, me, row)


def _comment(value: object, *, required: bool) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise invalid("comment", "Ý kiến phải là chuỗi ký tự.")
    text = value.strip().replace("\r\n", "\n")
    if required and not text:
        raise invalid("comment", "Hãy ghi ý kiến: người soạn cần biết phải sửa gì.")
    if len(text) > MAX_COMMENT:
        raise invalid("comment", f"Ý kiến dài quá {MAX_COMMENT} ký tự.")
    return text


def _refuse_state(row: Draft, wanted: str, step: str) -> None:
    if row.state != wanted:
        raise Conflict(
            f"Không thể {step}: văn bản đang ở trạng thái “{STATE_LABELS[row.state]}” "
            f"(cần “{STATE_LABELS[wanted]}”)."
        )


def _move(session: Session, row: Draft, old: str, new: str, at: dt.datetime, step: str) -> None:
    """The state change, atomically: of two concurrent steps only one finds `old`."""
    result = session.execute(
        update(Draft)
        .where(Draft.id == row.id, Draft.state == old)
        .values(state=new, updated_at=at)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(row)
        _refuse_state(row, old, step)
    session.refresh(row)


def _event(
    session: Session,
    me: User,
    row: Draft,
    action: str,
    at: dt.datetime,
    *,
    comment: str = "",
    reviewer: User | None = None,
    subject: str | None = None,
) -> None:
    session.add(
        DraftEvent(
            agency_id=row.agency_id,
            draft_id=row.id,
            version_n=row.current_version,
            actor_id=me.id,
            action=action,
            reviewer_id=reviewer.id if reviewer is not None else None,
            comment=comment,
            created_at=at,
        )
    )
    detail: dict[str, Any] = {"version": row.current_version}
    if comment:
        detail["comment"] = comment
    if reviewer is not None:
        detail["to"] = reviewer.username
    audit.record(
        session,
        row.agency_id,
        me,
        action,
        subject or row.title,
        draft_id=row.id,
        detail=detail,
        now=at,
    )
    session.flush()


def _leader(session: Session, agency_id: int, to: object) -> User:
    """The lãnh đạo named by id or username: an active lãnh đạo of this agency."""
    if isinstance(to, bool) or not isinstance(to, int | str) or to == "":
        raise invalid("to", "Hãy chọn lãnh đạo để trình.")
    where = User.id == to if isinstance(to, int) else User.username == to.strip().lower()
    row = session.scalar(select(User).where(where, User.agency_id == agency_id))
    if row is None or not row.active or row.role != "lanh_dao":
        raise invalid("to", "Người nhận phải là một lãnh đạo đang hoạt động của cơ quan.")
    return row


def submit_draft(
    session: Session,
    agency_id: int,
    user_id: int,
    draft_id: int,
    *,
    to: int | str,
    comment: str = "",
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> ReviewRecord:
    """Trình: the owner sends the draft's current version to a lãnh đạo. The letter must
    be complete (Letter.from_dict; số and ngày come at issuing). With `expected_version`,
    refused (VersionConflict) when the draft was saved since the owner looked at it."""
    me, row = _lookup(session, agency_id, user_id, draft_id)
    if row.owner_id != me.id:
        raise Forbidden("Chỉ người soạn văn bản mới trình được.")
    _refuse_state(row, "du_thao", "trình")
    if expected_version is not None and expected_version != row.current_version:
        raise VersionConflict(row.current_version, expected_version)
    leader = _leader(session, agency_id, to)
    note = _comment(comment, required=False)
    version = _version(session, row.id, row.current_version)
    assert version is not None
    try:
        Letter.from_dict(version.letter)
    except LetterError as err:
        raise Invalid(err.problems) from None
    at = now_or(now)
    _move(session, row, "du_thao", "cho_duyet", at, "trình")
    _event(session, me, row, "submit", at, comment=note, reviewer=leader)
    return _review(session, me, row)


def return_draft(
    session: Session,
    agency_id: int,
    user_id: int,
    draft_id: int,
    *,
    comment: str,
    now: dt.datetime | None = None,
) -> ReviewRecord:
    """Trả lại with a comment: the lãnh đạo the draft waits for (chờ duyệt), or a văn thư
    (đã duyệt, not fit to issue). The draft is a dự thảo again, editable by its owner."""
    me, row = _lookup(session, agency_id, user_id, draft_id)
    if me.role == "van_thu":
        old = "da_duyet"
    elif me.role == "lanh_dao" and _current_reviewer_id(session, row.id) == me.id:
        old = "cho_duyet"
    else:
        raise Forbidden(
            "Chỉ lãnh đạo được trình văn bản này (khi chờ duyệt) hoặc văn thư (khi đã duyệt) "
            "mới trả lại được."
        )
    _refuse_state(row, old, "trả lại")
    note = _comment(comment, required=True)
    at = now_or(now)
    _move(session, row, old, "du_thao", at, "trả lại")
    _event(session, me, row, "return", at, comment=note)
    return _review(session, me, row)


def approve_draft(
    session: Session,
    agency_id: int,
    user_id: int,
    draft_id: int,
    *,
    comment: str = "",
    now: dt.datetime | None = None,
) -> ReviewRecord:
    """Duyệt: the lãnh đạo the draft was trình to approves the version trình."""
    me, row = _lookup(session, agency_id, user_id, draft_id)
    if me.role != "lanh_dao" or _current_reviewer_id(session, row.id) != me.id:
        raise Forbidden("Chỉ lãnh đạo được trình văn bản này mới duyệt được.")
    _refuse_state(row, "cho_duyet", "duyệt")
    note = _comment(comment, required=False)
    at = now_or(now)
    _move(session, row, "cho_duyet", "da_duyet", at, "duyệt")
    _event(session, me, row, "approve", at, comment=note)
    return _review(session, me, row)


def _queue(session: Session, rows: list[tuple[Draft, DraftEvent]]) -> list[QueueItem]:
    ids = {d.owner_id for d, _ in rows} | {e.reviewer_id for _, e in rows if e.reviewer_id}
    users = _people(session, ids)
    return [
        QueueItem(
            d.id,
            d.title,
            d.current_version,
            users[d.owner_id],
            d.updated_at,
            users.get(e.reviewer_id) if e.reviewer_id else None,
        )
        for d, e in rows
    ]


def _latest_submit() -> Any:
    return (
        select(func.max(DraftEvent.id))
        .where(DraftEvent.draft_id == Draft.id, DraftEvent.action == "submit")
        .correlate(Draft)
        .scalar_subquery()
    )


def list_pending(session: Session, agency_id: int, user_id: int) -> list[QueueItem]:
    """Chờ duyệt: the drafts waiting for this lãnh đạo, oldest first."""
    actor(session, agency_id, user_id, "lanh_dao")
    rows = session.execute(
        select(Draft, DraftEvent)
        .join(DraftEvent, DraftEvent.id == _latest_submit())
        .where(
            Draft.agency_id == agency_id,
            Draft.state == "cho_duyet",
            DraftEvent.reviewer_id == user_id,
        )
        .order_by(Draft.updated_at, Draft.id)
    ).all()
    return _queue(session, [(d, e) for d, e in rows])


def list_to_issue(session: Session, agency_id: int, user_id: int) -> list[QueueItem]:
    """Chờ phát hành: the agency's approved drafts, for its văn thư, oldest first."""
    actor(session, agency_id, user_id, "van_thu")
    rows = session.execute(
        select(Draft, DraftEvent)
        .join(DraftEvent, DraftEvent.id == _latest_submit())
        .where(Draft.agency_id == agency_id, Draft.state == "da_duyet")
        .order_by(Draft.updated_at, Draft.id)
    ).all()
    return _queue(session, [(d, e) for d, e in rows])


def latest_return(session: Session, agency_id: int, user_id: int, draft_id: int) -> Any:
    """The comment of the last Trả lại of the owner's dự thảo, if that is the draft's
    latest step (to show above the form when it is reopened); else None."""
    me, row = _lookup(session, agency_id, user_id, draft_id)
    if row.owner_id != me.id or row.state != "du_thao":
        return None
    last = session.scalar(
        select(DraftEvent)
        .where(DraftEvent.draft_id == row.id)
        .order_by(DraftEvent.id.desc())
        .limit(1)
    )
    if last is None or last.action != "return":
        return None
    who = session.get(User, last.actor_id)
    assert who is not None
    return EventRecord(
        last.id, "return", last.version_n, _person(who), None, last.comment, last.created_at
    )


__all__ = [
    "ACTION_LABELS",
    "REGISTER_READERS",
    "EventRecord",
    "PersonRecord",
    "QueueItem",
    "ReviewRecord",
    "approve_draft",
    "get_review",
    "latest_return",
    "link_signer",
    "list_leaders",
    "list_pending",
    "list_to_issue",
    "return_draft",
    "submit_draft",
]
