"""Presets: the agency profile (pre-fills new letters), signers, Nơi nhận groups."""

from __future__ import annotations

from typing import Any

import pytest

from drafter.model import Letter
from drafter.store import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    Store,
    create_group,
    create_signer,
    delete_group,
    delete_signer,
    get_agency,
    get_group,
    get_signer,
    list_groups,
    list_signers,
    new_letter_defaults,
    update_agency_profile,
    update_group,
    update_signer,
)
from tests.store.conftest import World


def test_profile_prefills_new_letters(store: Store, world: World, letter: dict[str, Any]) -> None:
    with store.transaction() as s:
        assert new_letter_defaults(s, world.a) == {"format": 1, "kind": "cong_van", "luu": "VT"}
        agency = update_agency_profile(
            s,
            world.a,
            world.admin_a,
            co_quan_ban_hanh="ỦY BAN NHÂN DÂN\r\nTỈNH ĐẮK LẮK",
            dia_danh="Đắk Lắk",
            ky_hieu_prefix="UBND",
            units=[{"code": "KGVX", "name": "Khối  Khoa giáo - Văn xã"}, {"code": "NC"}],
        )
        assert agency.co_quan_ban_hanh == "ỦY BAN NHÂN DÂN\nTỈNH ĐẮK LẮK"
        assert agency.units == (
            {"code": "KGVX", "name": "Khối Khoa giáo - Văn xã"},
            {"code": "NC", "name": ""},
        )
        defaults = new_letter_defaults(s, world.a)
        assert defaults == {
            "format": 1,
            "kind": "cong_van",
            "co_quan_ban_hanh": "ỦY BAN NHÂN DÂN\nTỈNH ĐẮK LẮK",
            "ky_hieu": "UBND",
            "dia_danh": "Đắk Lắk",
            "luu": "VT",
        }
        # Defaults plus what the drafter types make a valid letter.
        typed = {k: v for k, v in letter.items() if k not in defaults}
        Letter.from_dict({**defaults, **typed})
        # Fields left out keep their value; an empty string clears one.
        again = update_agency_profile(s, world.a, world.admin_a, dia_danh="")
        assert again.dia_danh == "" and again.ky_hieu_prefix == "UBND"
        assert get_agency(s, world.b).co_quan_ban_hanh == ""  # B untouched


def test_profile_is_checked_by_the_letter_rules(store: Store, world: World) -> None:
    with store.transaction() as s:
        with pytest.raises(Invalid) as err:
            update_agency_profile(
                s, world.a, world.admin_a, ky_hieu_prefix="UB ND", dia_danh="x" * 101
            )
        assert {p.path for p in err.value.problems} == {"ky_hieu", "dia_danh"}
        with pytest.raises(Invalid):
            update_agency_profile(s, world.a, world.admin_a, units=[{"code": "A B"}])
        with pytest.raises(Invalid):
            update_agency_profile(s, world.a, world.admin_a, units=[{"code": "VP"}, {"code": "VP"}])


def test_only_the_admin_changes_the_profile(store: Store, world: World) -> None:
    with store.transaction() as s:
        with pytest.raises(Forbidden):
            update_agency_profile(s, world.a, world.van_thu_a, dia_danh="Huế")
        with pytest.raises(NotFound):
            update_agency_profile(s, world.a, world.admin_b, dia_danh="Huế")


def test_signers(store: Store, world: World, letter: dict[str, Any]) -> None:
    with store.transaction() as s:
        first = create_signer(
            s,
            world.a,
            world.admin_a,
            tham_quyen=["KT. CHỦ TỊCH"],
            chuc_vu="PHÓ CHỦ TỊCH",
            ho_ten="Võ Văn Cảnh",
        )
        second = create_signer(
            s, world.a, world.van_thu_a, tham_quyen=[], chuc_vu="CHỦ TỊCH", ho_ten="Phạm Ngọc Nghị"
        )
        assert [x.id for x in list_signers(s, world.a)] == [first.id, second.id]
        assert first.label == "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH — Võ Văn Cảnh"
        assert first.ky == letter["ky"]
        Letter.from_dict({**letter, "ky": second.ky})
        moved = update_signer(s, world.a, world.admin_a, second.id, position=0, ho_ten="Y Giang")
        assert moved.ho_ten == "Y Giang" and moved.chuc_vu == "CHỦ TỊCH"
        assert [x.id for x in list_signers(s, world.a)] == [second.id, first.id]
        assert list_signers(s, world.b) == []
        with pytest.raises(Invalid) as err:
            create_signer(
                s, world.a, world.admin_a, tham_quyen=["CHỦ TỊCH"], chuc_vu="", ho_ten="A"
            )
        assert {p.path for p in err.value.problems} == {"ky.tham_quyen[0]", "ky.chuc_vu"}
        with pytest.raises(Forbidden):
            create_signer(s, world.a, world.soan_a, tham_quyen=[], chuc_vu="X", ho_ten="Y")
        delete_signer(s, world.a, world.admin_a, first.id)
        with pytest.raises(NotFound):
            get_signer(s, world.a, first.id)


def test_noi_nhan_groups(store: Store, world: World) -> None:
    with store.transaction() as s:
        group = create_group(
            s,
            world.a,
            world.van_thu_a,
            name="Các sở, ngành",
            items=["Như trên", "- Sở Nội vụ;", "Sở Tài chính"],
        )
        assert group.items == ("Như trên", "- Sở Nội vụ;", "Sở Tài chính")
        with pytest.raises(Conflict):
            create_group(s, world.a, world.admin_a, name="Các sở, ngành", items=["X"])
        create_group(s, world.b, world.admin_b, name="Các sở, ngành", items=["X"])  # B's own
        other = create_group(
            s, world.a, world.admin_a, name="UBND cấp huyện", items=["UBND huyện A"]
        )
        with pytest.raises(Conflict):
            update_group(s, world.a, world.admin_a, other.id, name="Các sở, ngành")
        assert get_group(s, world.a, other.id).name == "UBND cấp huyện"  # unchanged, tx usable
        update_group(s, world.a, world.admin_a, other.id, items=["UBND huyện A", "UBND huyện B"])
        assert [g.name for g in list_groups(s, world.a)] == ["Các sở, ngành", "UBND cấp huyện"]
        with pytest.raises(Invalid):
            create_group(s, world.a, world.admin_a, name="Trống", items=[])
        with pytest.raises(Invalid):
            create_group(s, world.a, world.admin_a, name="Hỏng", items=["", 5])  # type: ignore[list-item]
        with pytest.raises(Forbidden):
            delete_group(s, world.a, world.soan_a, group.id)
        delete_group(s, world.a, world.admin_a, group.id)
        assert [g.name for g in list_groups(s, world.a)] == ["UBND cấp huyện"]
