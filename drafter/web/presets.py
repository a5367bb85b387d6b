"""Presets: the agency profile (pre-fills every new letter), signers and Nơi nhận groups
(offered in the letter form). Everyone reads them; văn thư and quản trị keep the signers
and groups, the quản trị the profile: the store checks roles, these pages only avoid
offering a form the store would refuse.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from drafter.store import (
    Conflict,
    Invalid,
    create_group,
    create_signer,
    delete_group,
    delete_signer,
    get_agency,
    get_group,
    get_signer,
    link_signer,
    list_groups,
    list_leaders,
    list_signers,
    update_agency_profile,
    update_group,
    update_signer,
)
from drafter.store.errors import invalid
from drafter.web.auth import current_user, ids
from drafter.web.db import tx

bp = Blueprint("presets", __name__, url_prefix="/presets")

EDITORS = ("van_thu", "quan_tri")
Problems = dict[str, list[str]]


def _lines(text: str) -> list[str]:
    """A textarea's non-blank lines, trimmed: one list item a line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def parse_units(text: str) -> list[dict[str, str]]:
    """Drafting units typed one a line as `MÃ: Tên đơn vị` (the name may be left out)."""
    units = []
    for i, line in enumerate(_lines(text)):
        code, sep, name = line.partition(":")
        if not code.strip():
            raise invalid(f"units[{i}].code", f"Dòng {i + 1}: thiếu mã đơn vị trước dấu “:”.")
        units.append({"code": code.strip(), "name": name.strip() if sep else ""})
    return units


def format_units(units: Any) -> str:
    return "\n".join(f"{u['code']}: {u['name']}" if u.get("name") else u["code"] for u in units)


def _problems(err: Invalid) -> Problems:
    out: Problems = {}
    for p in err.problems:
        key = p.path.split("[", 1)[0].split(".", 1)[0] or "form"
        if p.path.startswith("ky."):
            key = p.path.split(".", 1)[1].split("[", 1)[0]
        key = {"noi_nhan": "items"}.get(key, key)
        out.setdefault(key, []).append(p.message)
    return out


def _page(
    *,
    profile: dict[str, str] | None = None,
    signer: dict[str, str] | None = None,
    group: dict[str, str] | None = None,
    problems: dict[str, Problems] | None = None,
    status: int = 200,
) -> Any:
    agency_id, _ = ids()
    with tx(readonly=True) as s:
        agency = get_agency(s, agency_id)
        signers = list_signers(s, agency_id)
        groups = list_groups(s, agency_id)
    user = current_user()
    if profile is None:
        profile = {
            "co_quan_chu_quan": agency.co_quan_chu_quan,
            "co_quan_ban_hanh": agency.co_quan_ban_hanh,
            "dia_danh": agency.dia_danh,
            "ky_hieu_prefix": agency.ky_hieu_prefix,
            "dia_chi": agency.dia_chi,
            "units": format_units(agency.units),
        }
    return (
        render_template(
            "presets.html",
            agency=agency,
            signers=signers,
            groups=groups,
            profile=profile,
            signer=signer or {"tham_quyen": "", "chuc_vu": "", "ho_ten": ""},
            group=group or {"name": "", "items": ""},
            problems=problems or {},
            can_edit_profile=user.role == "quan_tri",
            can_edit_lists=user.role in EDITORS,
        ),
        status,
    )


@bp.get("")
def index() -> ResponseReturnValue:
    return _page()


@bp.post("/profile")
def profile() -> ResponseReturnValue:
    agency_id, user_id = ids()
    form = {k: request.form.get(k, "") for k in (
        "co_quan_chu_quan", "co_quan_ban_hanh", "dia_danh", "ky_hieu_prefix", "dia_chi", "units"
    )}  # fmt: skip
    try:
        with tx() as s:
            update_agency_profile(
                s,
                agency_id,
                user_id,
                co_quan_chu_quan=form["co_quan_chu_quan"].strip(),
                co_quan_ban_hanh=form["co_quan_ban_hanh"].strip(),
                dia_danh=form["dia_danh"].strip(),
                ky_hieu_prefix=form["ky_hieu_prefix"].strip(),
                dia_chi=form["dia_chi"].strip(),
                units=parse_units(form["units"]),
            )
    except Invalid as err:
        found = _problems(err)
        if "ky_hieu" in found:
            found["ky_hieu_prefix"] = found.pop("ky_hieu")
        return _page(profile=form, problems={"profile": found}, status=422)
    flash("Đã lưu thông tin cơ quan: văn bản mới sẽ điền sẵn theo thông tin này.", "ok")
    return redirect(url_for("presets.index") + "#profile", 303)


def _signer_form() -> dict[str, str]:
    return {k: request.form.get(k, "") for k in ("tham_quyen", "chuc_vu", "ho_ten")}


@bp.post("/signers")
def signer_create() -> ResponseReturnValue:
    agency_id, user_id = ids()
    form = _signer_form()
    try:
        with tx() as s:
            signer = create_signer(
                s,
                agency_id,
                user_id,
                tham_quyen=_lines(form["tham_quyen"]),
                chuc_vu=form["chuc_vu"].strip(),
                ho_ten=form["ho_ten"].strip(),
            )
    except Invalid as err:
        return _page(signer=form, problems={"signer": _problems(err)}, status=422)
    flash(f"Đã thêm người ký: {signer.label}.", "ok")
    return redirect(url_for("presets.index") + "#signers", 303)


@bp.route("/signers/<int:signer_id>", methods=["GET", "POST"])
def signer_edit(signer_id: int) -> ResponseReturnValue:
    agency_id, user_id = ids()
    problems: Problems = {}
    if request.method == "POST":
        form = _signer_form()
        try:
            with tx() as s:
                signer = update_signer(
                    s,
                    agency_id,
                    user_id,
                    signer_id,
                    tham_quyen=_lines(form["tham_quyen"]),
                    chuc_vu=form["chuc_vu"].strip(),
                    ho_ten=form["ho_ten"].strip(),
                )
                if "leader" in request.form:  # the lãnh đạo who signs as it (workflow)
                    leader = request.form["leader"]
                    link_signer(
                        s, agency_id, user_id, signer_id, int(leader) if leader.isdigit() else None
                    )
        except Invalid as err:
            problems = _problems(err)
            form["leader"] = request.form.get("leader", "")
        else:
            flash(f"Đã lưu người ký: {signer.label}.", "ok")
            return redirect(url_for("presets.index") + "#signers", 303)
    with tx(readonly=True) as s:
        signer = get_signer(s, agency_id, signer_id)
        leaders = list_leaders(s, agency_id)
    if request.method == "GET":
        form = {
            "tham_quyen": "\n".join(signer.tham_quyen),
            "chuc_vu": signer.chuc_vu,
            "ho_ten": signer.ho_ten,
            "leader": str(signer.user_id or ""),
        }
    return (
        render_template(
            "signer_edit.html",
            signer=signer,
            leaders=leaders,
            form=form,
            problems=problems,
            can_edit=current_user().role in EDITORS,
        ),
        422 if problems else 200,
    )


@bp.post("/signers/<int:signer_id>/delete")
def signer_delete(signer_id: int) -> ResponseReturnValue:
    agency_id, user_id = ids()
    with tx() as s:
        signer = get_signer(s, agency_id, signer_id)
        delete_signer(s, agency_id, user_id, signer_id)
    flash(f"Đã xóa người ký: {signer.label}.", "ok")
    return redirect(url_for("presets.index") + "#signers", 303)


def _group_form() -> dict[str, str]:
    return {k: request.form.get(k, "") for k in ("name", "items")}


@bp.post("/groups")
def group_create() -> ResponseReturnValue:
    agency_id, user_id = ids()
    form = _group_form()
    try:
        with tx() as s:
            group = create_group(
                s, agency_id, user_id, name=form["name"], items=_lines(form["items"])
            )
    except Invalid as err:
        return _page(group=form, problems={"group": _problems(err)}, status=422)
    except Conflict as err:
        return _page(group=form, problems={"group": {"name": [err.message]}}, status=409)
    flash(f"Đã thêm nhóm nơi nhận “{group.name}”.", "ok")
    return redirect(url_for("presets.index") + "#groups", 303)


@bp.route("/groups/<int:group_id>", methods=["GET", "POST"])
def group_edit(group_id: int) -> ResponseReturnValue:
    agency_id, user_id = ids()
    problems: Problems = {}
    status = 200
    if request.method == "POST":
        form = _group_form()
        try:
            with tx() as s:
                group = update_group(
                    s, agency_id, user_id, group_id, name=form["name"], items=_lines(form["items"])
                )
        except Invalid as err:
            problems, status = _problems(err), 422
        except Conflict as err:
            problems, status = {"name": [err.message]}, 409
        else:
            flash(f"Đã lưu nhóm nơi nhận “{group.name}”.", "ok")
            return redirect(url_for("presets.index") + "#groups", 303)
    with tx(readonly=True) as s:
        group = get_group(s, agency_id, group_id)
    if request.method == "GET":
        form = {"name": group.name, "items": "\n".join(group.items)}
    return (
        render_template(
            "group_edit.html",
            group=group,
            form=form,
            problems=problems,
            can_edit=current_user().role in EDITORS,
        ),
        status,
    )


@bp.post("/groups/<int:group_id>/delete")
def group_delete(group_id: int) -> ResponseReturnValue:
    agency_id, user_id = ids()
    with tx() as s:
        group = get_group(s, agency_id, group_id)
        delete_group(s, agency_id, user_id, group_id)
    flash(f"Đã xóa nhóm nơi nhận “{group.name}”.", "ok")
    return redirect(url_for("presets.index") + "#groups", 303)


__all__ = ["bp", "format_units", "parse_units"]
