"""Presets: the agency profile, signers and named Nơi nhận groups.

Every user of the agency reads them (the form offers them); the profile is changed by
its quản trị, signers and groups by a quản trị or a văn thư (who keeps the agency's
standard lists). Values are checked by the letter model's own rules, so a preset can
always be put into a letter without making it invalid.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from drafter.model import FORMAT_VERSION, KY_HIEU_RE, Problem
from drafter.store.accounts import AgencyRecord
from drafter.store.common import actor, clean_name, require_role, unique_guard
from drafter.store.errors import Invalid, NotFound, invalid
from drafter.store.letters import checked_fields
from drafter.store.models import Agency, NoiNhanGroup, Signer, utcnow

PRESET_EDITORS = ("quan_tri", "van_thu")
MAX_UNITS = 200

# -- agency profile ----------------------------------------------------------------------


def get_agency(session: Session, agency_id: int) -> AgencyRecord:
    row = session.get(Agency, agency_id)
    if row is None:
        raise NotFound("Không tìm thấy cơ quan.")
    return AgencyRecord.of(row)


def _units(value: object) -> list[dict[str, str]]:
    if not isinstance(value, list) or len(value) > MAX_UNITS:
        raise invalid("units", f"Danh sách đơn vị phải là danh sách (tối đa {MAX_UNITS}).")
    problems: list[Problem] = []
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for i, unit in enumerate(value):
        path = f"units[{i}]"
        if not isinstance(unit, dict) or set(unit) - {"code", "name"}:
            problems.append(Problem(path, "Mỗi đơn vị có mã (code) và tên (name)."))
            continue
        code = unit.get("code", "")
        name = unit.get("name", "")
        if not isinstance(code, str) or not KY_HIEU_RE.match(code.strip()):
            problems.append(
                Problem(f"{path}.code", f"Mã đơn vị “{code}” không hợp lệ (ví dụ: KGVX, VP).")
            )
            continue
        if not isinstance(name, str) or len(name) > 200:
            problems.append(Problem(f"{path}.name", "Tên đơn vị là chuỗi tối đa 200 ký tự."))
            continue
        code = code.strip()
        if code in seen:
            problems.append(Problem(f"{path}.code", f"Mã đơn vị “{code}” bị trùng."))
            continue
        seen.add(code)
        out.append({"code": code, "name": " ".join(name.split())})
    if problems:
        raise Invalid(problems)
    return out


def update_agency_profile(
    session: Session,
    agency_id: int,
    actor_id: int,
    *,
    co_quan_chu_quan: str | None = None,
    co_quan_ban_hanh: str | None = None,
    dia_danh: str | None = None,
    ky_hieu_prefix: str | None = None,
    dia_chi: str | None = None,
    units: list[dict[str, str]] | None = None,
) -> AgencyRecord:
    """Change the profile (quản trị only); fields left None keep their value."""
    actor(session, agency_id, actor_id, "quan_tri")
    row = session.get(Agency, agency_id)
    if row is None:
        raise NotFound("Không tìm thấy cơ quan.")
    given = {
        "co_quan_chu_quan": co_quan_chu_quan,
        "co_quan_ban_hanh": co_quan_ban_hanh,
        "dia_danh": dia_danh,
        "ky_hieu": ky_hieu_prefix,
        "dia_chi": dia_chi,
    }
    # An empty value is allowed in a profile (the drafter fills it in the letter).
    to_check = {k: v for k, v in given.items() if v is not None and v != ""}
    letter = checked_fields(to_check)
    clean_units = _units(units) if units is not None else None
    for key, value in given.items():
        if value is None:
            continue
        setattr(
            row,
            "ky_hieu_prefix" if key == "ky_hieu" else key,
            getattr(letter, key) if value else "",
        )
    if clean_units is not None:
        row.units = clean_units
    row.updated_at = utcnow()
    session.flush()
    return AgencyRecord.of(row)


def new_letter_defaults(session: Session, agency_id: int) -> dict[str, Any]:
    """The partial letter a new letter starts from: the agency's profile, Lưu: VT."""
    agency = get_agency(session, agency_id)
    out: dict[str, Any] = {"format": FORMAT_VERSION, "kind": "cong_van"}
    for key, value in (
        ("co_quan_chu_quan", agency.co_quan_chu_quan),
        ("co_quan_ban_hanh", agency.co_quan_ban_hanh),
        ("ky_hieu", agency.ky_hieu_prefix),
        ("dia_danh", agency.dia_danh),
        ("dia_chi", agency.dia_chi),
    ):
        if value:
            out[key] = value
    out["luu"] = "VT"
    return out


# -- signers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SignerRecord:
    id: int
    tham_quyen: tuple[str, ...]
    chuc_vu: str
    ho_ten: str
    position: int
    user_id: int | None = None  # the lãnh đạo who signs as this preset (workflow.link_signer)

    @classmethod
    def of(cls, row: Signer) -> SignerRecord:
        return cls(
            row.id, tuple(row.tham_quyen), row.chuc_vu, row.ho_ten, row.position, row.user_id
        )

    @property
    def ky(self) -> dict[str, Any]:
        """The letter's `ky` block for this signer."""
        return {"tham_quyen": list(self.tham_quyen), "chuc_vu": self.chuc_vu, "ho_ten": self.ho_ten}

    @property
    def label(self) -> str:
        """How the form lists it: `KT. CHỦ TỊCH / PHÓ CHỦ TỊCH — Võ Văn Cảnh`."""
        title = " / ".join([*self.tham_quyen, self.chuc_vu])
        return f"{title} — {self.ho_ten}"


def _signer_row(session: Session, agency_id: int, signer_id: int) -> Signer:
    row = session.scalar(
        select(Signer).where(Signer.id == signer_id, Signer.agency_id == agency_id)
    )
    if row is None:
        raise NotFound("Không tìm thấy người ký này.")
    return row


def _next_position(
    session: Session, model: type[Signer] | type[NoiNhanGroup], agency_id: int
) -> int:
    top = session.scalar(select(func.max(model.position)).where(model.agency_id == agency_id))
    return (top or 0) + 1


def list_signers(session: Session, agency_id: int) -> list[SignerRecord]:
    rows = session.scalars(
        select(Signer).where(Signer.agency_id == agency_id).order_by(Signer.position, Signer.id)
    ).all()
    return [SignerRecord.of(r) for r in rows]


def get_signer(session: Session, agency_id: int, signer_id: int) -> SignerRecord:
    return SignerRecord.of(_signer_row(session, agency_id, signer_id))


def create_signer(
    session: Session,
    agency_id: int,
    actor_id: int,
    *,
    tham_quyen: list[str],
    chuc_vu: str,
    ho_ten: str,
) -> SignerRecord:
    actor(session, agency_id, actor_id, *PRESET_EDITORS)
    ky = checked_fields({"ky": {"tham_quyen": tham_quyen, "chuc_vu": chuc_vu, "ho_ten": ho_ten}}).ky
    row = Signer(
        agency_id=agency_id,
        tham_quyen=list(ky.tham_quyen),
        chuc_vu=ky.chuc_vu,
        ho_ten=ky.ho_ten,
        position=_next_position(session, Signer, agency_id),
    )
    session.add(row)
    session.flush()
    return SignerRecord.of(row)


def update_signer(
    session: Session,
    agency_id: int,
    actor_id: int,
    signer_id: int,
    *,
    tham_quyen: list[str] | None = None,
    chuc_vu: str | None = None,
    ho_ten: str | None = None,
    position: int | None = None,
) -> SignerRecord:
    user = actor(session, agency_id, actor_id)
    row = _signer_row(session, agency_id, signer_id)
    require_role(user, *PRESET_EDITORS)
    merged = {
        "tham_quyen": row.tham_quyen if tham_quyen is None else tham_quyen,
        "chuc_vu": row.chuc_vu if chuc_vu is None else chuc_vu,
        "ho_ten": row.ho_ten if ho_ten is None else ho_ten,
    }
    ky = checked_fields({"ky": merged}).ky
    row.tham_quyen, row.chuc_vu, row.ho_ten = list(ky.tham_quyen), ky.chuc_vu, ky.ho_ten
    if position is not None:
        row.position = int(position)
    row.updated_at = utcnow()
    session.flush()
    return SignerRecord.of(row)


def delete_signer(session: Session, agency_id: int, actor_id: int, signer_id: int) -> None:
    user = actor(session, agency_id, actor_id)
    _signer_row(session, agency_id, signer_id)
    require_role(user, *PRESET_EDITORS)
    session.execute(delete(Signer).where(Signer.id == signer_id, Signer.agency_id == agency_id))


# -- Nơi nhận groups ---------------------------------------------------------------------


@dataclass(frozen=True)
class GroupRecord:
    id: int
    name: str
    items: tuple[str, ...]
    position: int

    @classmethod
    def of(cls, row: NoiNhanGroup) -> GroupRecord:
        return cls(row.id, row.name, tuple(row.items), row.position)


def _group_row(session: Session, agency_id: int, group_id: int) -> NoiNhanGroup:
    row = session.scalar(
        select(NoiNhanGroup).where(NoiNhanGroup.id == group_id, NoiNhanGroup.agency_id == agency_id)
    )
    if row is None:
        raise NotFound("Không tìm thấy nhóm nơi nhận này.")
    return row


def _items(items: object) -> list[str]:
    letter = checked_fields({"noi_nhan": items})
    if not letter.noi_nhan:
        raise invalid("noi_nhan", "Nhóm nơi nhận cần ít nhất một mục.")
    return list(letter.noi_nhan)


def list_groups(session: Session, agency_id: int) -> list[GroupRecord]:
    rows = session.scalars(
        select(NoiNhanGroup)
        .where(NoiNhanGroup.agency_id == agency_id)
        .order_by(NoiNhanGroup.position, NoiNhanGroup.id)
    ).all()
    return [GroupRecord.of(r) for r in rows]


def get_group(session: Session, agency_id: int, group_id: int) -> GroupRecord:
    return GroupRecord.of(_group_row(session, agency_id, group_id))


def create_group(
    session: Session, agency_id: int, actor_id: int, *, name: str, items: list[str]
) -> GroupRecord:
    actor(session, agency_id, actor_id, *PRESET_EDITORS)
    clean = clean_name(name, "name", label="Tên nhóm")
    row = NoiNhanGroup(
        agency_id=agency_id,
        name=clean,
        items=_items(items),
        position=_next_position(session, NoiNhanGroup, agency_id),
    )
    with unique_guard(session, f"Đã có nhóm nơi nhận tên “{clean}”."):
        session.add(row)
    return GroupRecord.of(row)


def update_group(
    session: Session,
    agency_id: int,
    actor_id: int,
    group_id: int,
    *,
    name: str | None = None,
    items: list[str] | None = None,
    position: int | None = None,
) -> GroupRecord:
    user = actor(session, agency_id, actor_id)
    row = _group_row(session, agency_id, group_id)
    require_role(user, *PRESET_EDITORS)
    new_name = row.name if name is None else clean_name(name, "name", label="Tên nhóm")
    new_items = None if items is None else _items(items)
    with unique_guard(session, f"Đã có nhóm nơi nhận tên “{new_name}”."):
        row.name = new_name
        if new_items is not None:
            row.items = new_items
        if position is not None:
            row.position = int(position)
        row.updated_at = utcnow()
    return GroupRecord.of(row)


def delete_group(session: Session, agency_id: int, actor_id: int, group_id: int) -> None:
    user = actor(session, agency_id, actor_id)
    _group_row(session, agency_id, group_id)
    require_role(user, *PRESET_EDITORS)
    session.execute(
        delete(NoiNhanGroup).where(NoiNhanGroup.id == group_id, NoiNhanGroup.agency_id == agency_id)
    )


__all__ = [
    "GroupRecord",
    "SignerRecord",
    "create_group",
    "create_signer",
    "delete_group",
    "delete_signer",
    "get_agency",
    "get_group",
    "get_signer",
    "list_groups",
    "list_signers",
    "new_letter_defaults",
    "update_agency_profile",
    "update_group",
    "update_signer",
]
