"""Cấp số và phát hành, and the Sổ đăng ký văn bản đi (NĐ 30/2020 Điều 15–16, Phụ lục IV).

Issuing an approved draft is one transaction (`issue_draft`): the state moves from đã
duyệt to đã phát hành (a conditional UPDATE: of two văn thư issuing one draft, one wins),
the next number of the draft's series is taken from the register (drafter.store.numbers:
one INSERT … ON CONFLICT DO UPDATE, so concurrent issues never share a number), the date
is the issuing day in Vietnam, the caller renders the final .docx and its PDF, and both
are stored with their SHA-256 beside the register's row. If anything fails (the PDF
conversion above all) the transaction rolls back and the number with it: nothing is ever
half issued, and a committed number is never given again.

Numbering (Điều 15): numbers run from 01 each calendar year (Vietnam time). By default an
agency has one series for all its administrative documents (`CHUNG`) and one for
documents with a độ mật (`MAT`, Điều 15.2); its quản trị can give a document kind a
series of its own (`series_splits`, the series named by the kind's code, e.g. `QĐ`).
Số + ký hiệu is unique per agency and year (a database constraint); when a number would
make a pair that was already issued, issuing is refused and the number is not used.

An issued document is frozen: no function here changes one, and a trigger refuses any
UPDATE of its row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from drafter.kinds import known_kinds, load_kind
from drafter.model import Letter, LetterError
from drafter.store import audit
from drafter.store.common import actor, fold, like_pattern, now_or, require_role
from drafter.store.drafts import _version
from drafter.store.errors import Conflict, Invalid, NotFound, invalid
from drafter.store.models import Draft, DraftEvent, IssuedDocument, SeriesSplit, User
from drafter.store.numbers import allocate_number, list_series, set_next_number
from drafter.store.workflow import REGISTER_READERS, _lookup, _refuse_state
from drafter.vntext import clean_entry, vv_line

# Vietnam keeps UTC+7 all year (no daylight saving): the issuing day is Vietnam's.
VN_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")
SERIES_COMMON = "CHUNG"
SERIES_SECRET = "MAT"
ALL_SERIES = "*"
FORMATS = ("docx", "pdf")
MAX_NOTE = 1000

# (final letter) → (.docx bytes, PDF bytes); raises to refuse (e.g. drafter.pdf.PdfError)
Producer = Callable[[Letter], tuple[bytes, bytes]]


def vn_date(at: dt.datetime) -> dt.date:
    """The calendar day in Vietnam at the (aware) time `at`."""
    return at.astimezone(VN_TZ).date()


def _kind_code(kind: str) -> str:
    return str(load_kind(kind).info.get("code") or "CV")


def series_label(key: str) -> str:
    if key == SERIES_COMMON:
        return "Văn bản hành chính (sổ chung)"
    if key == SERIES_SECRET:
        return "Văn bản mật"
    titles = {_kind_code(k): load_kind(k).title for k in known_kinds()}
    return titles.get(key, key)


# --- Series ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesInfo:
    """A series of a year as the numbering page shows it."""

    key: str
    label: str
    kinds: tuple[str, ...]  # the kinds numbered in it ("" for the secret series: all)
    next_number: int
    issued: int  # the highest number issued in it this year (0: none)


def split_kinds(session: Session, agency_id: int) -> list[str]:
    """The kinds that have a series of their own."""
    return list(
        session.scalars(
            select(SeriesSplit.kind)
            .where(SeriesSplit.agency_id == agency_id)
            .order_by(SeriesSplit.kind)
        )
    )


def series_for(session: Session, agency_id: int, letter: Letter) -> str:
    """The series a letter takes its number from (module doc)."""
    if letter.do_mat:
        return SERIES_SECRET
    split = session.scalar(
        select(SeriesSplit.id).where(
            SeriesSplit.agency_id == agency_id, SeriesSplit.kind == letter.kind
        )
    )
    return _kind_code(letter.kind) if split is not None else SERIES_COMMON


def set_split(
    session: Session,
    agency_id: int,
    user_id: int,
    kind: str,
    split: bool,
    *,
    now: dt.datetime | None = None,
) -> None:
    """Give `kind` a series of its own (split) or put it back in the common one (quản trị).

    Takes effect at the next number: numbers already issued stay as they are.
    """
    me = actor(session, agency_id, user_id, "quan_tri")
    if kind not in known_kinds():
        raise invalid("kind", f"Không có loại văn bản “{kind}”.")
    row = session.scalar(
        select(SeriesSplit).where(SeriesSplit.agency_id == agency_id, SeriesSplit.kind == kind)
    )
    title = load_kind(kind).title
    if split and row is None:
        session.add(SeriesSplit(agency_id=agency_id, kind=kind, created_at=now_or(now)))
        audit.record(session, agency_id, me, "series_split", title, now=now)
    elif not split and row is not None:
        session.execute(delete(SeriesSplit).where(SeriesSplit.id == row.id))
        audit.record(session, agency_id, me, "series_join", title, now=now)
    session.flush()


def _highest(session: Session, agency_id: int, year: int, series: str) -> int:
    return int(
        session.scalar(
            select(func.max(IssuedDocument.so)).where(
                IssuedDocument.agency_id == agency_id,
                IssuedDocument.year == year,
                IssuedDocument.series == series,
            )
        )
        or 0
    )


def list_series_info(session: Session, agency_id: int, user_id: int, year: int) -> list[SeriesInfo]:
    """The year's series: the common one, the secret one, one per split kind, and any
    other the register has a counter for."""
    actor(session, agency_id, user_id, *REGISTER_READERS)
    splits = split_kinds(session, agency_id)
    counters = {s.ky_hieu: s.next_number for s in list_series(session, agency_id, year=year)}
    keys = [SERIES_COMMON, SERIES_SECRET, *(_kind_code(k) for k in splits)]
    keys += sorted(k for k in counters if k not in keys)
    common = tuple(k for k in known_kinds() if k not in splits)
    kinds = {SERIES_COMMON: common, SERIES_SECRET: ()}
    kinds |= {_kind_code(k): (k,) for k in splits}
    return [
        SeriesInfo(
            key,
            series_label(key),
            kinds.get(key, ()),
            counters.get(key, 1),
            _highest(session, agency_id, year, key),
        )
        for key in keys
    ]


def set_series_next(
    session: Session,
    agency_id: int,
    user_id: int,
    *,
    year: int,
    series: str,
    next_number: int,
    now: dt.datetime | None = None,
) -> None:
    """Start a series further on (numbers given on paper this year); never back below a
    number already issued (numbers.set_next_number refuses any step back)."""
    me = actor(session, agency_id, user_id, "van_thu", "quan_tri")
    if isinstance(next_number, int) and not isinstance(next_number, bool):
        issued = _highest(session, agency_id, year, series)
        if next_number <= issued:
            raise Conflict(
                f"Đã phát hành số {issued:02d} trong hệ thống số này năm {year}: số tiếp "
                "theo phải lớn hơn."
            )
    set_next_number(
        session, agency_id, user_id, year=year, ky_hieu=series, next_number=next_number, now=now
    )
    audit.record(
        session,
        agency_id,
        me,
        "series_set",
        f"{series_label(series)}, năm {year}",
        detail={"series": series, "year": year, "next_number": next_number},
        now=now,
    )


# --- Issuing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedRecord:
    """An issued document and its row of the register (no file bytes)."""

    id: int
    draft_id: int
    version_n: int
    year: int
    series: str
    so: int
    ky_hieu: str
    ngay: dt.date
    kind: str
    do_mat: str
    ten_loai_trich_yeu: str
    nguoi_ky: str
    noi_nhan: str
    don_vi_luu: str
    so_luong_ban: int | None
    ngay_chuyen: dt.date | None
    ghi_chu: str
    docx_sha256: str
    pdf_sha256: str
    issued_by: int
    issued_at: dt.datetime

    @property
    def so_text(self) -> str:
        """The number as printed: two digits at least (01, …, 09, 10, …)."""
        return f"{self.so:02d}"

    @property
    def so_ky_hieu(self) -> str:
        return f"{self.so_text}/{self.ky_hieu}"

    def register_row(self) -> list[Any]:
        """The 10 columns of the Sổ đăng ký văn bản đi, in order (Phụ lục IV, I.2)."""
        return [
            self.so_ky_hieu,
            self.ngay.strftime("%d/%m/%Y"),
            self.ten_loai_trich_yeu,
            self.nguoi_ky,
            self.noi_nhan,
            self.don_vi_luu,
            self.so_luong_ban if self.so_luong_ban is not None else "",
            self.ngay_chuyen.strftime("%d/%m/%Y") if self.ngay_chuyen else "",
            "",  # Ký nhận: signed by hand in the printed register
            self.ghi_chu,
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.draft_id,
            "so": self.so_text,
            "ky_hieu": self.ky_hieu,
            "ngay": self.ngay.isoformat(),
            "year": self.year,
            "series": self.series,
            "kind": self.kind,
            "do_mat": self.do_mat,
            "ten_loai_trich_yeu": self.ten_loai_trich_yeu,
            "nguoi_ky": self.nguoi_ky,
            "noi_nhan": self.noi_nhan,
            "don_vi_luu": self.don_vi_luu,
            "so_luong_ban": self.so_luong_ban,
            "ngay_chuyen": self.ngay_chuyen.isoformat() if self.ngay_chuyen else None,
            "ghi_chu": self.ghi_chu,
            "sha256": {"docx": self.docx_sha256, "pdf": self.pdf_sha256},
            "issued_at": self.issued_at.isoformat(),
        }

    @classmethod
    def of(cls, row: IssuedDocument) -> IssuedRecord:
        return cls(
            row.id,
            row.draft_id,
            row.version_n,
            row.year,
            row.series,
            row.so,
            row.ky_hieu,
            row.ngay,
            row.kind,
            row.do_mat,
            row.ten_loai_trich_yeu,
            row.nguoi_ky,
            row.noi_nhan,
            row.don_vi_luu,
            row.so_luong_ban,
            row.ngay_chuyen,
            row.ghi_chu,
            row.docx_sha256,
            row.pdf_sha256,
            row.issued_by,
            row.issued_at,
        )


def _lower_first(text: str) -> str:
    """`Ban hành Quy chế` → `ban hành Quy chế` after a tên loại; `UBND …` stays."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def register_columns(letter: Letter) -> dict[str, str]:
    """Columns (3) to (6) of the register for a letter: tên loại and trích yếu, người ký,
    nơi nhận (“Như trên” spelled out from Kính gửi), đơn vị nhận bản lưu."""
    kind = letter.definition
    subject = " ".join(str(letter.trich_yeu).split())
    if kind.key == "cong_van":
        name = f"{kind.title} {vv_line(subject)}"
    else:
        name = f"{kind.title} {_lower_first(subject)}"
    kinh_gui = [clean_entry(e) for e in letter.get("kinh_gui", ()) or ()]
    recipients: list[str] = []
    for entry in letter.get("noi_nhan", ()) or ():
        cleaned = clean_entry(entry)
        if fold(cleaned) == "nhu tren" and kinh_gui:
            recipients.extend(kinh_gui)
        elif cleaned:
            recipients.append(cleaned)
    if not recipients:
        recipients = kinh_gui
    return {
        "ten_loai_trich_yeu": name,
        "nguoi_ky": str(letter.ky.ho_ten),
        "noi_nhan": "\n".join(recipients),
        "don_vi_luu": str(letter.luu),
    }


def _note(value: object) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise invalid("ghi_chu", "Ghi chú phải là chuỗi ký tự.")
    text = " ".join(value.split())
    if len(text) > MAX_NOTE:
        raise invalid("ghi_chu", f"Ghi chú dài quá {MAX_NOTE} ký tự.")
    return text


def _copies(value: object) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100_000:
        raise invalid("so_luong_ban", "Số lượng bản là số nguyên dương.")
    return value


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def issue_draft(
    session: Session,
    agency_id: int,
    user_id: int,
    draft_id: int,
    *,
    produce: Producer,
    so_luong_ban: int | None = None,
    ghi_chu: str = "",
    now: dt.datetime | None = None,
) -> IssuedRecord:
    """Cấp số và phát hành (văn thư): see the module doc. `produce` renders the final
    letter (with its number and date) as .docx and PDF; whatever it raises rolls the
    whole transaction back, the number included."""
    me, row = _lookup(session, agency_id, user_id, draft_id)
    require_role(me, "van_thu")
    _refuse_state(row, "da_duyet", "phát hành")
    copies, note = _copies(so_luong_ban), _note(ghi_chu)
    at = now_or(now)
    day = vn_date(at)
    result = session.execute(
        update(Draft)
        .where(Draft.id == row.id, Draft.state == "da_duyet")
        .values(state="da_phat_hanh", updated_at=at)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict("Văn bản vừa được phát hành ở nơi khác (hoặc vừa bị trả lại).")
    session.refresh(row)
    version = session.scalar(
        select(DraftEvent.version_n)
        .where(DraftEvent.draft_id == row.id, DraftEvent.action == "approve")
        .order_by(DraftEvent.id.desc())
        .limit(1)
    )
    if version != row.current_version:  # the draft is read-only from trình to issue
        raise Conflict("Phiên bản được duyệt không còn là phiên bản hiện tại; hãy trình lại.")
    content = _version(session, row.id, row.current_version)
    assert content is not None
    try:
        draft_letter = Letter.from_dict(content.letter)
        series = series_for(session, agency_id, draft_letter)
        number = allocate_number(session, agency_id, user_id, year=day.year, ky_hieu=series, now=at)
        final = Letter.from_dict({**content.letter, "so": f"{number:02d}", "ngay": day.isoformat()})
    except LetterError as err:
        raise Invalid(err.problems) from None
    docx, pdf = produce(final)
    columns = register_columns(final)
    issued = IssuedDocument(
        agency_id=agency_id,
        draft_id=row.id,
        version_n=row.current_version,
        year=day.year,
        series=series,
        so=number,
        ky_hieu=str(final.ky_hieu),
        ngay=day,
        kind=str(final.kind),
        do_mat=str(final.do_mat or ""),
        so_luong_ban=copies,
        ngay_chuyen=day,
        ghi_chu=note,
        search_key=fold(f"{number:02d}/{final.ky_hieu} {columns['ten_loai_trich_yeu']}"),
        letter=final.to_dict(),
        docx=docx,
        docx_sha256=sha256(docx),
        pdf=pdf,
        pdf_sha256=sha256(pdf),
        issued_by=me.id,
        issued_at=at,
        **columns,
    )
    session.add(issued)
    try:
        session.flush()
    except IntegrityError as err:
        raise Conflict(
            f"Số và ký hiệu {number:02d}/{final.ky_hieu} đã có văn bản phát hành năm "
            f"{day.year} (Điều 15: số và ký hiệu là duy nhất trong năm). Chưa phát hành; "
            "số này chưa bị dùng. Hãy sửa ký hiệu (trả lại người soạn; văn bản mật, có hệ "
            "thống số riêng, cần ký hiệu khác văn bản thường) hoặc nhờ quản trị đặt số "
            "tiếp theo của hệ thống số."
        ) from err
    record = IssuedRecord.of(issued)
    session.add(
        DraftEvent(
            agency_id=agency_id,
            draft_id=row.id,
            version_n=row.current_version,
            actor_id=me.id,
            action="issue",
            comment="",
            created_at=at,
        )
    )
    audit.record(
        session,
        agency_id,
        me,
        "issue",
        f"{record.so_ky_hieu}: {columns['ten_loai_trich_yeu']}",
        draft_id=row.id,
        detail={"so": record.so_text, "ky_hieu": record.ky_hieu, "series": series},
        now=at,
    )
    session.flush()
    return record


# --- Reading issued documents and the register ------------------------------------------


def _issued_row(session: Session, agency_id: int, user_id: int, draft_id: int) -> IssuedDocument:
    _lookup(session, agency_id, user_id, draft_id)  # NotFound unless the user sees it
    row = session.scalar(
        select(IssuedDocument).where(
            IssuedDocument.agency_id == agency_id, IssuedDocument.draft_id == draft_id
        )
    )
    if row is None:
        raise Conflict("Văn bản chưa được phát hành.")
    return row


def get_issued(session: Session, agency_id: int, user_id: int, draft_id: int) -> IssuedRecord:
    """The issued document of a draft (by the draft's id), for anyone who sees the draft;
    Conflict while it is not issued yet."""
    return IssuedRecord.of(_issued_row(session, agency_id, user_id, draft_id))


def issued_letter(session: Session, agency_id: int, user_id: int, draft_id: int) -> dict[str, Any]:
    """The letter as issued (with its number and date), in the letter format."""
    return dict(_issued_row(session, agency_id, user_id, draft_id).letter)


def issued_file(
    session: Session, agency_id: int, user_id: int, draft_id: int, fmt: str
) -> tuple[IssuedRecord, bytes, dict[str, Any]]:
    """The stored .docx or PDF, byte for byte as issued, and the final letter (for the
    file's name)."""
    if fmt not in FORMATS:
        raise invalid("format", "Định dạng phải là docx hoặc pdf.")
    row = _issued_row(session, agency_id, user_id, draft_id)
    data = row.docx if fmt == "docx" else row.pdf
    return IssuedRecord.of(row), bytes(data), dict(row.letter)


def list_register(
    session: Session,
    agency_id: int,
    user_id: int | None,
    *,
    year: int,
    series: str | None = None,
    q: str = "",
) -> list[IssuedRecord]:
    """The register of a year in issuing order: every series but the secret one
    (`series` None), one series, or all of them (`ALL_SERIES`); `q` searches số, ký hiệu
    and trích yếu without diacritics. `user_id` None: the command line (no actor)."""
    if user_id is not None:
        actor(session, agency_id, user_id, *REGISTER_READERS)
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 9999:
        raise invalid("year", "Năm phải là số từ 1900 đến 9999.")
    stmt = select(IssuedDocument).where(
        IssuedDocument.agency_id == agency_id, IssuedDocument.year == year
    )
    if series is None:
        stmt = stmt.where(IssuedDocument.series != SERIES_SECRET)
    elif series != ALL_SERIES:
        stmt = stmt.where(IssuedDocument.series == series)
    needle = fold(q or "")
    if needle:
        stmt = stmt.where(IssuedDocument.search_key.like(like_pattern(needle), escape="\\"))
    rows = session.scalars(stmt.order_by(IssuedDocument.issued_at, IssuedDocument.id)).all()
    return [IssuedRecord.of(r) for r in rows]


def register_years(session: Session, agency_id: int) -> list[int]:
    """The years that have issued documents, newest first."""
    return list(
        session.scalars(
            select(IssuedDocument.year)
            .where(IssuedDocument.agency_id == agency_id)
            .distinct()
            .order_by(IssuedDocument.year.desc())
        )
    )


def record_export(
    session: Session,
    agency_id: int,
    user_id: int | None,
    *,
    year: int,
    series: str | None,
    fmt: str,
    rows: int,
    now: dt.datetime | None = None,
) -> None:
    """The audit entry of a register export (web, API or command line)."""
    who = session.get(User, user_id) if user_id is not None else None
    label = "các hệ thống số (trừ văn bản mật)" if series is None else series_label(series)
    if series == ALL_SERIES:
        label = "mọi hệ thống số"
    audit.record(
        session,
        agency_id,
        who,
        "export",
        f"Sổ đăng ký văn bản đi năm {year}, {label} (.{fmt})",
        detail={"year": year, "series": series, "format": fmt, "rows": rows},
        now=now,
    )


def issued_by_name(session: Session, record: IssuedRecord) -> str:
    user = session.get(User, record.issued_by)
    if user is None:
        raise NotFound("Không tìm thấy người dùng.")
    return user.display_name


def vn_year(now: dt.datetime | None = None) -> int:
    return vn_date(now_or(now)).year


def series_keys_of_year(session: Session, agency_id: int, year: int) -> list[str]:
    return list(
        session.scalars(
            select(IssuedDocument.series)
            .where(IssuedDocument.agency_id == agency_id, IssuedDocument.year == year)
            .distinct()
            .order_by(IssuedDocument.series)
        )
    )


__all__ = [
    "ALL_SERIES",
    "FORMATS",
    "SERIES_COMMON",
    "SERIES_SECRET",
    "VN_TZ",
    "IssuedRecord",
    "Producer",
    "SeriesInfo",
    "get_issued",
    "issue_draft",
    "issued_by_name",
    "issued_file",
    "issued_letter",
    "list_register",
    "list_series_info",
    "record_export",
    "register_columns",
    "register_years",
    "series_for",
    "series_keys_of_year",
    "series_label",
    "set_series_next",
    "set_split",
    "sha256",
    "split_kinds",
    "vn_date",
    "vn_year",
]
