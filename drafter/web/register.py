"""The Sổ đăng ký văn bản đi (NĐ 30/2020 Điều 16, Phụ lục IV) and the numbering that
feeds it: browse and filter a year's register, export it (.xlsx, or the PDF to print and
bind, with its cover page), and the series of the year (quản trị: give a kind a series of
its own; văn thư and quản trị: start a series further on, never back below a number
already issued). Văn thư, lãnh đạo and quản trị read the register; the store says so.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from drafter.kinds import known_kinds, load_kind
from drafter.pdf import PdfError
from drafter.register_export import COLUMNS
from drafter.store import (
    ALL_SERIES,
    SERIES_SECRET,
    Conflict,
    Invalid,
    list_series_info,
    register_years,
    series_label,
    set_series_next,
    set_split,
    split_kinds,
)
from drafter.web import outgoing
from drafter.web.auth import current_user, ids
from drafter.web.db import tx
from drafter.web.letter_page import pdf_failure

bp = Blueprint("register", __name__, url_prefix="/register")


def _filters() -> tuple[int, str | None, str]:
    year = outgoing.parse_year(request.args.get("year")) or outgoing.today().year
    return year, outgoing.parse_series(request.args.get("series")), request.args.get("q", "")


def _series_choices(agency_id: int) -> list[tuple[str, str]]:
    with tx(readonly=True) as s:
        splits = split_kinds(s, agency_id)
    choices = [("", "Văn bản thường (mọi hệ thống số, trừ văn bản mật)")]
    choices += [(str(load_kind(k).info.get("code") or "CV"), load_kind(k).title) for k in splits]
    choices += [("CHUNG", series_label("CHUNG")), (SERIES_SECRET, series_label(SERIES_SECRET))]
    choices.append((ALL_SERIES, "Tất cả, kể cả văn bản mật"))
    return choices


@bp.get("")
def index() -> ResponseReturnValue:
    year, series, q = _filters()
    agency_id, user_id = ids()
    with tx(readonly=True) as s:
        records = outgoing.register_records(s, agency_id, user_id, year=year, series=series, q=q)
        years = sorted({*register_years(s, agency_id), outgoing.today().year}, reverse=True)
    return render_template(
        "register.html",
        records=records,
        columns=COLUMNS,
        year=year,
        years=years,
        series=series or "",
        q=q,
        series_choices=_series_choices(agency_id),
    )


def _export(fmt: str) -> ResponseReturnValue:
    year, series, q = _filters()
    agency_id, user_id = ids()
    try:
        with tx() as s:  # the export's audit entry
            return outgoing.register_download(
                s, agency_id, user_id, year=year, series=series, fmt=fmt, q=q
            )
    except PdfError as err:
        flash(pdf_failure(err), "error")
        return redirect(url_for("register.index", year=year, series=series or "", q=q))


@bp.get("/export.xlsx")
def export_xlsx() -> ResponseReturnValue:
    return _export("xlsx")


@bp.get("/export.pdf")
def export_pdf() -> ResponseReturnValue:
    return _export("pdf")


@bp.get("/series")
def series() -> ResponseReturnValue:
    year = outgoing.parse_year(request.args.get("year")) or outgoing.today().year
    agency_id, user_id = ids()
    with tx(readonly=True) as s:
        info = list_series_info(s, agency_id, user_id, year)
        splits = split_kinds(s, agency_id)
    kinds = [(k, load_kind(k).title, k in splits) for k in known_kinds()]
    user = current_user()
    return render_template(
        "register_series.html",
        info=info,
        year=year,
        kinds=kinds,
        can_split=user.role == "quan_tri",
        can_set=user.role in ("van_thu", "quan_tri"),
    )


@bp.post("/series/split")
def split() -> ResponseReturnValue:
    kind = request.form.get("kind", "")
    wanted = request.form.get("split") == "1"
    agency_id, user_id = ids()
    with tx() as s:
        set_split(s, agency_id, user_id, kind, wanted)
    title = load_kind(kind).title
    flash(
        f"{title} từ nay được cấp số trong hệ thống số riêng."
        if wanted
        else f"{title} từ nay được cấp số trong sổ chung.",
        "ok",
    )
    return redirect(url_for("register.series"), 303)


@bp.post("/series/next")
def set_next() -> ResponseReturnValue:
    year_text = request.form.get("year", "")
    series_key = request.form.get("series", "")
    value = request.form.get("next_number", "").strip()
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else 0
    number = int(value) if value.isdigit() and len(value) < 9 else -1
    agency_id, user_id = ids()
    try:
        with tx() as s:
            set_series_next(s, agency_id, user_id, year=year, series=series_key, next_number=number)
    except (Conflict, Invalid) as err:
        flash(f"Chưa đặt được số tiếp theo: {err.message}", "error")
        return redirect(url_for("register.series", year=year or None), 303)
    flash(f"Số tiếp theo của “{series_label(series_key)}” năm {year}: {number:02d}.", "ok")
    return redirect(url_for("register.series", year=year), 303)


__all__ = ["bp"]
