"""The tables, as SQLAlchemy 2 typed ORM classes.

Every row that belongs to an agency carries `agency_id`. A mẫu's or a draft's owner is
tied to it by a composite foreign key (agency_id, owner_id) → users (agency_id, id), so
the database itself refuses an owner from another agency. Letters are stored as the JSON
of docs/spec/input-format.md (possibly partial). Times are stored as naive UTC and read
back as aware UTC on both databases.

The schema is changed only through the migrations in `migrations/versions/`; a test
checks that these classes and the migrated schema agree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

ROLES = ("soan_thao", "lanh_dao", "van_thu", "quan_tri")
VISIBILITIES = ("private", "agency")
VERSION_KINDS = ("autosave", "save")
# A draft's way to an issued document (docs/workflow.md): dự thảo → chờ duyệt → đã duyệt
# → đã phát hành; only a dự thảo can be edited.
DRAFT_STATES = ("du_thao", "cho_duyet", "da_duyet", "da_phat_hanh")
EVENT_ACTIONS = ("submit", "return", "approve", "issue")

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Naive UTC in the column, aware UTC in Python: the same on SQLite and PostgreSQL."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use aware UTC")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dt.datetime: UTCDateTime,
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


class Agency(Base):
    """An agency (cơ quan) and its profile, which pre-fills new letters."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    co_quan_chu_quan: Mapped[str] = mapped_column(String(200), default="")
    co_quan_ban_hanh: Mapped[str] = mapped_column(String(200), default="")
    dia_danh: Mapped[str] = mapped_column(String(100), default="")
    ky_hieu_prefix: Mapped[str] = mapped_column(String(60), default="")
    dia_chi: Mapped[str] = mapped_column(String(500), default="")
    # [{"code": "KGVX", "name": "Khối Khoa giáo - Văn xã"}, …]: the drafting units.
    units: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class User(Base):
    """An account; one agency each. Usernames are unique across agencies (one login form)."""

    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("agency_id", "id"),  # target of the composite owner keys
        CheckConstraint(f"role IN {_in(ROLES)}", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"))
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(100), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(default=True)
    # Carried in the signed session cookie; moving it (password change or reset,
    # deactivation) ends every session the user has open, on every instance.
    session_version: Mapped[int] = mapped_column(default=1, server_default=text("1"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(default=None)

    @property
    def display_name(self) -> str:
        """How pages, the register and the audit log name a person."""
        return self.full_name or self.username


class Signer(Base):
    """A signer preset: authority lines, title and name, as in the letter's `ky`."""

    __tablename__ = "signers"
    __table_args__ = (Index(None, "agency_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"))
    tham_quyen: Mapped[list[Any]] = mapped_column(default=list)
    chuc_vu: Mapped[str] = mapped_column(String(120))
    ho_ten: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # The lãnh đạo's account who signs as this preset (docs/workflow.md), if any; the
    # repository checks it is a lãnh đạo of the same agency.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )


class NoiNhanGroup(Base):
    """A named list of recipients (Nơi nhận, or Kính gửi) the form can insert at once."""

    __tablename__ = "noi_nhan_groups"
    __table_args__ = (UniqueConstraint("agency_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    items: Mapped[list[Any]] = mapped_column(default=list)
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Mau(Base):
    """A saved template (mẫu): a partial letter under a name, private or agency-wide.

    `search_key` is the name folded (lower case, no diacritics) so that search behaves
    the same on both databases and "giay moi" finds "Giấy mời". A deleted mẫu keeps its
    row for 30 days (`deleted_at`); live names are unique per owner.
    """

    __tablename__ = "mau"
    __table_args__ = (
        ForeignKeyConstraint(
            ["agency_id", "owner_id"], ["users.agency_id", "users.id"], ondelete="CASCADE"
        ),
        CheckConstraint(f"visibility IN {_in(VISIBILITIES)}", name="visibility"),
        Index(None, "agency_id", "deleted_at"),
        Index(
            "uq_mau_live_name",
            "agency_id",
            "owner_id",
            "name",
            unique=True,
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"))
    owner_id: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    search_key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    visibility: Mapped[str] = mapped_column(String(10), default="private")
    letter: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class Draft(Base):
    """A letter being written; `current_version` is both the newest version's number and
    the optimistic-concurrency token every save must present."""

    __tablename__ = "drafts"
    __table_args__ = (
        ForeignKeyConstraint(
            ["agency_id", "owner_id"], ["users.agency_id", "users.id"], ondelete="CASCADE"
        ),
        Index(None, "agency_id", "owner_id", "updated_at"),
        Index(None, "agency_id", "state"),
        CheckConstraint(f"state IN {_in(DRAFT_STATES)}", name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"))
    owner_id: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200), default="")
    current_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Where the draft is on its way to an issued document; saves need "du_thao".
    state: Mapped[str] = mapped_column(
        String(12), default="du_thao", server_default=text("'du_thao'")
    )


class DraftVersion(Base):
    """One saved state of a draft. `created_at` is when the version began (an autosave
    version absorbs the autosaves of the next 60 s), `saved_at` its last write."""

    __tablename__ = "draft_versions"
    __table_args__ = (
        UniqueConstraint("draft_id", "n"),
        CheckConstraint(f"kind IN {_in(VERSION_KINDS)}", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    n: Mapped[int] = mapped_column()
    kind: Mapped[str] = mapped_column(String(10))
    letter: Mapped[dict[str, Any]] = mapped_column()
    restored_from: Mapped[int | None] = mapped_column(default=None)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    saved_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class NumberRegister(Base):
    """The next registration number (số) of an agency's series for a year.

    A series is named by its ký hiệu (e.g. `UBND-KGVX`); an agency that numbers all its
    letters in one series uses one key (e.g. its prefix) for all of them.
    """

    __tablename__ = "number_register"
    __table_args__ = (
        UniqueConstraint("agency_id", "year", "ky_hieu"),
        CheckConstraint("next_number >= 1", name="next_number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column()
    ky_hieu: Mapped[str] = mapped_column(String(60))
    next_number: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class DraftEvent(Base):
    """A step of a draft's way (trình, trả lại, duyệt, phát hành), with its comment, kept
    with the version it was made on. `reviewer_id` is the lãnh đạo a trình goes to."""

    __tablename__ = "draft_events"
    __table_args__ = (
        ForeignKeyConstraint(["agency_id", "actor_id"], ["users.agency_id", "users.id"]),
        ForeignKeyConstraint(["agency_id", "reviewer_id"], ["users.agency_id", "users.id"]),
        CheckConstraint(f"action IN {_in(EVENT_ACTIONS)}", name="action"),
        Index(None, "draft_id", "id"),
        Index(None, "agency_id", "reviewer_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"))
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    version_n: Mapped[int] = mapped_column()
    actor_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(10))
    reviewer_id: Mapped[int | None] = mapped_column(Integer, default=None)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class SeriesSplit(Base):
    """A document kind the agency numbers in a series of its own (Điều 15: the head of the
    agency decides how administrative documents are numbered); every other kind shares
    the agency's common series, and documents with a độ mật have theirs."""

    __tablename__ = "series_splits"
    __table_args__ = (UniqueConstraint("agency_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class IssuedDocument(Base):
    """A document as issued: its number, date, final .docx and PDF with their SHA-256, and
    its row of the Sổ đăng ký văn bản đi (Phụ lục IV). Frozen: a database trigger refuses
    every UPDATE (migration 0004), and no code path writes one.

    Số + ký hiệu is unique per agency and year (Điều 15.1), and a number is given once per
    series and year. The files are loaded only when asked for (deferred columns).
    """

    __tablename__ = "issued_documents"
    __table_args__ = (
        ForeignKeyConstraint(["agency_id", "issued_by"], ["users.agency_id", "users.id"]),
        UniqueConstraint("agency_id", "year", "so", "ky_hieu"),
        UniqueConstraint("agency_id", "year", "series", "so"),
        UniqueConstraint("draft_id"),
        CheckConstraint("so >= 1", name="so_positive"),
        Index(None, "agency_id", "year", "issued_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"))
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"))
    version_n: Mapped[int] = mapped_column()
    year: Mapped[int] = mapped_column()
    series: Mapped[str] = mapped_column(String(60))
    so: Mapped[int] = mapped_column()
    ky_hieu: Mapped[str] = mapped_column(String(60))
    ngay: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(40))
    do_mat: Mapped[str] = mapped_column(String(20), default="")
    # The register's columns (3) to (10) as written on the issuing day.
    ten_loai_trich_yeu: Mapped[str] = mapped_column(Text)
    nguoi_ky: Mapped[str] = mapped_column(String(200))
    noi_nhan: Mapped[str] = mapped_column(Text)
    don_vi_luu: Mapped[str] = mapped_column(String(200))
    so_luong_ban: Mapped[int | None] = mapped_column(default=None)
    ngay_chuyen: Mapped[dt.date | None] = mapped_column(Date, default=None)
    ghi_chu: Mapped[str] = mapped_column(Text, default="")
    search_key: Mapped[str] = mapped_column(Text)
    letter: Mapped[dict[str, Any]] = mapped_column()
    docx: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    docx_sha256: Mapped[str] = mapped_column(String(64))
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    issued_by: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AuditEntry(Base):
    """Who did what and when, per agency: trình, trả lại, duyệt, phát hành, exports, tokens,
    series. `actor_id` is None for the command line; `actor_name` is kept as it was."""

    __tablename__ = "audit_log"
    __table_args__ = (
        ForeignKeyConstraint(["agency_id", "actor_id"], ["users.agency_id", "users.id"]),
        Index(None, "agency_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(Integer, default=None)
    actor_name: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(30))
    draft_id: Mapped[int | None] = mapped_column(default=None)
    subject: Mapped[str] = mapped_column(String(300), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ApiToken(Base):
    """A personal API token: `Authorization: Bearer …` acts as its user. Only the token's
    SHA-256 is stored (the token is 256 random bits: a fast hash is enough, and lets the
    lookup be one indexed query); `prefix` shows which token a row is."""

    __tablename__ = "api_tokens"
    __table_args__ = (
        ForeignKeyConstraint(
            ["agency_id", "user_id"], ["users.agency_id", "users.id"], ondelete="CASCADE"
        ),
        UniqueConstraint("token_hash"),
        Index(None, "agency_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64))
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class AgencyTemplate(Base):
    """One version of an agency's own Word template for a kind (drafter.usertemplate).

    Every upload is a new version (`version` counts per agency and kind); at most one
    version per agency and kind is `active`, the one its letters print with; none active
    means drafter's built-in template. Stored only after the acceptance; `sha256` names
    the compiled template each process keeps. The uploader is tied to the agency by a
    composite foreign key, as a mẫu's owner is.
    """

    __tablename__ = "agency_templates"
    __table_args__ = (
        ForeignKeyConstraint(
            ["agency_id", "uploaded_by"], ["users.agency_id", "users.id"], ondelete="CASCADE"
        ),
        UniqueConstraint("agency_id", "kind", "version"),
        CheckConstraint("size > 0 AND size <= 10000000", name="size"),
        Index(
            "uq_agency_templates_active",
            "agency_id",
            "kind",
            unique=True,
            sqlite_where=text("active"),
            postgresql_where=text("active"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column()
    filename: Mapped[str] = mapped_column(String(200))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(default=False)
    uploaded_by: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class LoginFailure(Base):
    """One failed login: the rate limit counts these per username and per client address.

    Not an agency's row (a login attempt names no agency, and may name no real user): one
    of the two tables outside the scoping rule, with api_request_counts. Kept in the
    database, not in a process, so that every instance behind the load balancer counts
    the same failures.
    """

    __tablename__ = "login_failures"
    __table_args__ = (Index(None, "username", "failed_at"), Index(None, "ip", "failed_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    ip: Mapped[str] = mapped_column(String(64))
    failed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ApiRequestCount(Base):
    """How many requests one client of the anonymous API made in one time window: the
    rate limit's counter, shared by every instance (drafter.store.ratelimit).

    Like `login_failures`, no agency's row: an anonymous request names none. One row per
    client and window, incremented in place; rows of past windows are deleted as new
    windows begin.
    """

    __tablename__ = "api_request_counts"
    __table_args__ = (Index(None, "window_start"),)

    client: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[dt.datetime] = mapped_column(primary_key=True)
    hits: Mapped[int] = mapped_column(default=1)


__all__ = [
    "DRAFT_STATES",
    "EVENT_ACTIONS",
    "ROLES",
    "VERSION_KINDS",
    "VISIBILITIES",
    "Agency",
    "AgencyTemplate",
    "ApiRequestCount",
    "ApiToken",
    "AuditEntry",
    "Base",
    "Draft",
    "DraftEvent",
    "DraftVersion",
    "IssuedDocument",
    "LoginFailure",
    "Mau",
    "NoiNhanGroup",
    "NumberRegister",
    "SeriesSplit",
    "Signer",
    "User",
    "utcnow",
]
