"""What the workflow's blueprints share (review pages, their API, the register): making
the issued files, the register's exports, and the downloads of both.

Not a blueprint; like letter_page, it is called by blueprints that never import each
other (drafter.web.review, drafter.web.review_api, drafter.web.register).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from flask import Response
from sqlalchemy.orm import Session

from drafter import register_export
from drafter.filenames import content_disposition, default_filename, vietnamese_filename
from drafter.model import Letter
from drafter.store import (
    ALL_SERIES,
    IssuedRecord,
    ReviewRecord,
    get_agency,
    issue_draft,
    issued_file,
    list_register,
    record_export,
    series_label,
    vn_year,
)
from drafter.web.pdfview import PDF_TYPE, converter
from drafter.web.rendering import render_letter

DOCX_TYPE = register_export.DOCX_TYPE
MEDIA = {"docx": DOCX_TYPE, "pdf": PDF_TYPE}


def producer(session: Session) -> Callable[[Letter], tuple[bytes, bytes]]:
    """What cấp số prints with: the final letter as .docx (from the agency's own template,
    if it has one, looked up in the issuing transaction itself) and that very .docx as
    LibreOffice prints it (raises drafter.pdf.PdfError, which rolls the issuing back)."""

    def produce(letter: Letter) -> tuple[bytes, bytes]:
        docx = render_letter(letter, session)
        return docx, converter().convert(docx)

    return produce


def issue(
    session: Session,
    agency_id: int,
    user_id: int,
    draft_id: int,
    *,
    so_luong_ban: int | None = None,
    ghi_chu: str = "",
) -> IssuedRecord:
    return issue_draft(
        session,
        agency_id,
        user_id,
        draft_id,
        produce=producer(session),
        so_luong_ban=so_luong_ban,
        ghi_chu=ghi_chu,
    )


def issued_download(
    session: Session, agency_id: int, user_id: int, draft_id: int, fmt: str
) -> Response:
    """The issued .docx or PDF, the stored bytes, with their SHA-256 in a header."""
    record, data, final = issued_file(session, agency_id, user_id, draft_id, fmt)
    letter = Letter.from_dict(final)
    response = Response(data, mimetype=MEDIA[fmt])
    response.headers["Content-Disposition"] = content_disposition(
        vietnamese_filename(letter, f".{fmt}"), default_filename(letter, f".{fmt}")
    )
    response.headers["Content-Length"] = str(len(data))
    response.headers["X-Content-SHA256"] = (
        record.docx_sha256 if fmt == "docx" else record.pdf_sha256
    )
    return response


def parse_series(value: str | None) -> str | None:
    """The `series` query parameter: absent/blank → every series but the secret one."""
    value = (value or "").strip()
    return value or None


def parse_year(value: str | None) -> int | None:
    if value is None or value.strip() == "":
        return vn_year()
    value = value.strip()
    return int(value) if value.isdigit() and len(value) == 4 else None


def register_records(
    session: Session, agency_id: int, user_id: int, *, year: int, series: str | None, q: str = ""
) -> list[IssuedRecord]:
    return list_register(session, agency_id, user_id, year=year, series=series, q=q)


def register_download(
    session: Session,
    agency_id: int,
    user_id: int,
    *,
    year: int,
    series: str | None,
    fmt: str,
    q: str = "",
) -> Response:
    """The register as a file (json, xlsx, pdf), with its audit entry."""
    records = register_records(session, agency_id, user_id, year=year, series=series, q=q)
    agency = get_agency(session, agency_id)
    label = "" if series in (None, ALL_SERIES) else series_label(series or "")
    cover = register_export.cover_for(
        agency.co_quan_chu_quan,
        agency.co_quan_ban_hanh or agency.name,
        year,
        records,
        series=label,
    )
    data = register_export.build(fmt, cover, records, converter().convert)
    record_export(session, agency_id, user_id, year=year, series=series, fmt=fmt, rows=len(records))
    name, fallback = register_export.filename(year, fmt, label)
    response = Response(data, mimetype=register_export.MEDIA_TYPES[fmt])
    if fmt != "json":
        response.headers["Content-Disposition"] = content_disposition(name, fallback)
    response.headers["Content-Length"] = str(len(data))
    return response


def today() -> dt.date:
    from drafter.store import vn_date

    return vn_date(dt.datetime.now(dt.UTC))


def review_json(review: ReviewRecord) -> dict[str, Any]:
    """A draft's place on its way, as every step (and GET /api/v1/drafts/<id>) tells it."""
    return {
        "id": review.draft.id,
        "state": review.state,
        "version": review.draft.current_version,
        "reviewer": review.reviewer.username if review.reviewer else None,
        "comments": [e.to_dict() for e in review.comments],
        "events": [e.to_dict() for e in review.events],
    }


def issued_summary(record: IssuedRecord) -> dict[str, Any]:
    """The answer of POST …/issue (docs/api.md)."""
    return {
        "id": record.draft_id,
        "so": record.so_text,
        "ky_hieu": record.ky_hieu,
        "ngay": record.ngay.isoformat(),
        "series": record.series,
        "sha256": {"docx": record.docx_sha256, "pdf": record.pdf_sha256},
    }


__all__ = [
    "MEDIA",
    "issue",
    "issued_download",
    "issued_summary",
    "parse_series",
    "parse_year",
    "producer",
    "register_download",
    "register_records",
    "review_json",
    "today",
]
