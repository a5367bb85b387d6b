"""Mẫu: save all or chosen fields, search and filters, visibility, edit, trash, import/export."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from typing import Any

import pytest

from drafter.model import Letter
from drafter.store import (
    RETENTION,
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    Store,
    create_mau,
    delete_mau,
    duplicate_mau,
    export_mau,
    get_mau,
    import_mau,
    list_deleted_mau,
    list_mau,
    purge_deleted_mau,
    rename_mau,
    restore_mau,
    update_mau,
    use_mau,
)
from drafter.store.models import Mau
from tests.store.conftest import World

T0 = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)


def test_save_a_whole_letter_and_export_it_as_the_letter_format(
    store: Store, world: World, letter: dict[str, Any]
) -> None:
    with store.transaction() as s:
        mau = create_mau(s, world.a, world.soan_a, name="Công văn dân vận", letter=letter)
    with store.transaction(readonly=True) as s:
        exported = export_mau(s, world.a, world.soan_a, mau.id)
    assert exported == letter
    assert list(exported)[:2] == ["format", "kind"]
    assert Letter.from_dict(json.loads(json.dumps(exported))).to_dict() == letter


def test_save_chosen_fields_only(store: Store, world: World, letter: dict[str, Any]) -> None:
    with store.transaction() as s:
        mau = create_mau(
            s,
            world.a,
            world.soan_a,
            name="Khung UBND tỉnh",
            letter=letter,
            fields=["co_quan_ban_hanh", "ky", "noi_nhan"],
        )
    assert mau.fields == ("co_quan_ban_hanh", "noi_nhan", "ky")
    assert mau.letter == {
        "format": 1,
        "kind": "cong_van",
        "co_quan_ban_hanh": letter["co_quan_ban_hanh"],
        "noi_nhan": letter["noi_nhan"],
        "ky": letter["ky"],
    }


def test_a_partial_letter_is_accepted_but_not_unknown_keys(store: Store, world: World) -> None:
    with store.transaction() as s:
        mau = create_mau(
            s, world.a, world.soan_a, name="Chỉ nơi nhận", letter={"noi_nhan": ["Như trên"]}
        )
        assert mau.letter == {"format": 1, "kind": "cong_van", "noi_nhan": ["Như trên"]}
        with pytest.raises(Invalid) as err:
            create_mau(
                s,
                world.a,
                world.soan_a,
                name="Sai",
                letter={
                    "trich_yu": "gõ nhầm",
                    "kinh_gui": "không phải danh sách",
                    "ky": {"ho_ten": 5, "chu_ky": "x"},
                    "noi_dung": [{"type": "table", "text": "x"}],
                    "format": 2,
                },
            )
        paths = {p.path for p in err.value.problems}
        assert paths == {
            "trich_yu",
            "kinh_gui",
            "ky.ho_ten",
            "ky.chu_ky",
            "noi_dung[0].type",
            "format",
        }
        with pytest.raises(Invalid):
            create_mau(s, world.a, world.soan_a, name="Sai", letter={}, fields=["khong_co"])
        with pytest.raises(Invalid):
            create_mau(s, world.a, world.soan_a, name="   ", letter={})
        with pytest.raises(Invalid):
            create_mau(s, world.a, world.soan_a, name="Mảng", letter=[1, 2])  # type: ignore[arg-type]


def test_text_is_stored_nfc(store: Store, world: World) -> None:
    nfd = unicodedata.normalize("NFD", "Ủy ban nhân dân")
    assert nfd != unicodedata.normalize("NFC", nfd)
    with store.transaction() as s:
        mau = create_mau(s, world.a, world.soan_a, name=nfd, letter={"co_quan_ban_hanh": nfd})
    assert mau.name == unicodedata.normalize("NFC", nfd)
    assert mau.letter["co_quan_ban_hanh"] == unicodedata.normalize("NFC", nfd)


def _names(rows: list[Any]) -> list[str]:
    return [r.name for r in rows]


def test_search_ignores_case_and_diacritics(store: Store, world: World) -> None:
    with store.transaction() as s:
        for name in ("Giấy mời họp giao ban", "Công văn đôn đốc", "GIẤY MỜI tập huấn", "100% sở"):
            create_mau(s, world.a, world.soan_a, name=name, letter={})
        search = lambda q: sorted(_names(list_mau(s, world.a, world.soan_a, q=q)))  # noqa: E731
        assert search("giay moi") == ["GIẤY MỜI tập huấn", "Giấy mời họp giao ban"]
        assert search("Mời") == ["GIẤY MỜI tập huấn", "Giấy mời họp giao ban"]
        assert search("don doc") == ["Công văn đôn đốc"]
        assert search("%") == ["100% sở"]  # LIKE wildcards are literal
        assert search("_") == []
        assert len(search("")) == 4


def test_filters_by_kind_and_owner_and_visibility(store: Store, world: World) -> None:
    with store.transaction() as s:
        create_mau(s, world.a, world.soan_a, name="Riêng của A", letter={})
        create_mau(s, world.a, world.soan_a, name="Chung của A", letter={}, visibility="agency")
        create_mau(s, world.a, world.soan_a2, name="Riêng của A2", letter={})
        create_mau(s, world.a, world.soan_a2, name="Chung của A2", letter={}, visibility="agency")

        mine = list_mau(s, world.a, world.soan_a, sort="name")
        assert _names(mine) == ["Chung của A", "Chung của A2", "Riêng của A"]
        assert _names(list_mau(s, world.a, world.soan_a, owner="mine", sort="name")) == [
            "Chung của A",
            "Riêng của A",
        ]
        assert _names(list_mau(s, world.a, world.soan_a, owner="others")) == ["Chung của A2"]
        assert _names(list_mau(s, world.a, world.soan_a, owner=world.soan_a2)) == ["Chung của A2"]
        assert len(list_mau(s, world.a, world.soan_a, kind="cong_van")) == 3
        assert list_mau(s, world.a, world.soan_a, kind="to_trinh") == []
        # The văn thư sees only the shared ones; the owner's name is given for the list.
        shared = list_mau(s, world.a, world.van_thu_a, sort="name")
        assert [(m.name, m.owner_name) for m in shared] == [
            ("Chung của A", "soan.a"),
            ("Chung của A2", "soan.a2"),
        ]


def test_sort_by_last_used(store: Store, world: World) -> None:
    with store.transaction() as s:
        ids = {
            name: create_mau(s, world.a, world.soan_a, name=name, letter={}, now=T0).id
            for name in ("một", "hai", "ba")
        }
        use_mau(s, world.a, world.soan_a, ids["một"], now=T0 + dt.timedelta(hours=1))
        used = use_mau(s, world.a, world.soan_a, ids["ba"], now=T0 + dt.timedelta(hours=2))
        assert used.last_used_at == T0 + dt.timedelta(hours=2)
        assert _names(list_mau(s, world.a, world.soan_a)) == ["ba", "một", "hai"]


def test_private_mau_is_invisible_to_colleagues(store: Store, world: World) -> None:
    with store.transaction() as s:
        mau = create_mau(s, world.a, world.soan_a, name="Riêng", letter={})
        for user in (world.soan_a2, world.van_thu_a, world.admin_a):
            with pytest.raises(NotFound):
                get_mau(s, world.a, user, mau.id)
            with pytest.raises(NotFound):
                delete_mau(s, world.a, user, mau.id)


def test_shared_mau_is_read_by_all_and_changed_by_owner_or_admin(
    store: Store, world: World
) -> None:
    with store.transaction() as s:
        mau = create_mau(s, world.a, world.soan_a, name="Chung", letter={}, visibility="agency")
        assert get_mau(s, world.a, world.soan_a2, mau.id).name == "Chung"
        with pytest.raises(Forbidden):
            rename_mau(s, world.a, world.soan_a2, mau.id, "Của tôi")
        with pytest.raises(Forbidden):
            update_mau(s, world.a, world.van_thu_a, mau.id, letter={})
        assert rename_mau(s, world.a, world.admin_a, mau.id, "Chung (đã duyệt)").name == (
            "Chung (đã duyệt)"
        )
        # A colleague adapts it through a private copy.
        copy = duplicate_mau(s, world.a, world.soan_a2, mau.id)
        assert (copy.name, copy.owner_id, copy.visibility) == (
            "Chung (đã duyệt) (bản sao)",
            world.soan_a2,
            "private",
        )


def test_rename_duplicate_update(store: Store, world: World, letter: dict[str, Any]) -> None:
    with store.transaction() as s:
        mau = create_mau(s, world.a, world.soan_a, name="Mời họp", letter={}, now=T0)
        create_mau(s, world.a, world.soan_a, name="Khác", letter={})
        with pytest.raises(Conflict):
            rename_mau(s, world.a, world.soan_a, mau.id, "Khác")
        assert get_mau(s, world.a, world.soan_a, mau.id).name == "Mời họp"  # unchanged
        renamed = rename_mau(s, world.a, world.soan_a, mau.id, "  Mời   họp quý ", now=T0)
        assert renamed.name == "Mời họp quý"
        d1 = duplicate_mau(s, world.a, world.soan_a, mau.id)
        d2 = duplicate_mau(s, world.a, world.soan_a, mau.id)
        named = duplicate_mau(s, world.a, world.soan_a, mau.id, name="Mời họp năm")
        assert [d1.name, d2.name, named.name] == [
            "Mời họp quý (bản sao)",
            "Mời họp quý (bản sao 2)",
            "Mời họp năm",
        ]
        later = T0 + dt.timedelta(days=1)
        updated = update_mau(
            s,
            world.a,
            world.soan_a,
            mau.id,
            letter=letter,
            fields=["kinh_gui"],
            visibility="agency",
            now=later,
        )
        assert updated.fields == ("kinh_gui",) and updated.visibility == "agency"
        assert updated.updated_at == later and updated.created_at == T0
        with pytest.raises(Invalid):
            update_mau(s, world.a, world.soan_a, mau.id, visibility="public")


def test_the_same_name_is_allowed_for_different_owners(store: Store, world: World) -> None:
    with store.transaction() as s:
        create_mau(s, world.a, world.soan_a, name="Mời họp", letter={}, visibility="agency")
        create_mau(s, world.a, world.soan_a2, name="Mời họp", letter={}, visibility="agency")
        assert len(list_mau(s, world.a, world.van_thu_a)) == 2


def test_delete_then_restore_within_30_days(store: Store, world: World) -> None:
    with store.transaction() as s:
        mau = create_mau(s, world.a, world.soan_a, name="Mời họp", letter={}, now=T0)
        delete_mau(s, world.a, world.soan_a, mau.id, now=T0)
        assert list_mau(s, world.a, world.soan_a) == []
        with pytest.raises(NotFound):
            get_mau(s, world.a, world.soan_a, mau.id)
        day29 = T0 + RETENTION - dt.timedelta(hours=1)
        trash = list_deleted_mau(s, world.a, world.soan_a, now=day29)
        assert [(m.id, m.deleted_at) for m in trash] == [(mau.id, T0)]
        assert list_deleted_mau(s, world.a, world.soan_a2, now=day29) == []
        # The name is free while it is in the trash; restoring then needs it back.
        other = create_mau(s, world.a, world.soan_a, name="Mời họp", letter={})
        with pytest.raises(Conflict):
            restore_mau(s, world.a, world.soan_a, mau.id, now=day29)
        rename_mau(s, world.a, world.soan_a, other.id, "Mời họp mới")
        restored = restore_mau(s, world.a, world.soan_a, mau.id, now=day29)
        assert restored.deleted_at is None
        assert sorted(_names(list_mau(s, world.a, world.soan_a))) == ["Mời họp", "Mời họp mới"]


def test_after_30_days_a_deleted_mau_is_gone(store: Store, world: World) -> None:
    with store.transaction() as s:
        old = create_mau(s, world.a, world.soan_a, name="Cũ", letter={}, now=T0)
        recent = create_mau(s, world.a, world.soan_a, name="Mới xóa", letter={}, now=T0)
        other_agency = create_mau(s, world.b, world.soan_b, name="Cũ của B", letter={}, now=T0)
        delete_mau(s, world.a, world.soan_a, old.id, now=T0)
        delete_mau(s, world.a, world.soan_a, recent.id, now=T0 + dt.timedelta(days=20))
        delete_mau(s, world.b, world.soan_b, other_agency.id, now=T0)
        day31 = T0 + dt.timedelta(days=31)
        assert _names(list_deleted_mau(s, world.a, world.soan_a, now=day31)) == ["Mới xóa"]
        with pytest.raises(NotFound):
            restore_mau(s, world.a, world.soan_a, old.id, now=day31)
        assert purge_deleted_mau(s, world.a, now=day31) == 1
        ids = set(s.scalars(Mau.__table__.select().with_only_columns(Mau.id)))
        assert old.id not in ids and recent.id in ids
        assert other_agency.id in ids  # purging A leaves B alone


def test_admin_sees_shared_mau_in_the_trash(store: Store, world: World) -> None:
    with store.transaction() as s:
        shared = create_mau(s, world.a, world.soan_a, name="Chung", letter={}, visibility="agency")
        private = create_mau(s, world.a, world.soan_a, name="Riêng", letter={})
        delete_mau(s, world.a, world.admin_a, shared.id)
        delete_mau(s, world.a, world.soan_a, private.id)
        assert _names(list_deleted_mau(s, world.a, world.admin_a)) == ["Chung"]
        restore_mau(s, world.a, world.admin_a, shared.id)


def test_import(store: Store, world: World, letter: dict[str, Any]) -> None:
    with store.transaction() as s:
        mau = import_mau(s, world.a, world.soan_a, name="Từ tệp", data=letter, visibility="agency")
        assert mau.letter == letter and mau.visibility == "agency"
        with pytest.raises(Invalid):
            import_mau(s, world.a, world.soan_a, name="Hỏng", data={"kind": "thu_tinh"})
