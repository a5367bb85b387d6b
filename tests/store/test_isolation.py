"""Agency isolation: agency B never sees or touches A's objects; ids of A's objects, used
from B, are NotFound (never Forbidden, never A's data); lists of B show none of A's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from drafter import store as st
from drafter.store import NotFound, Store
from drafter.store.models import Draft, Mau
from tests.store.conftest import PASSWORD, World


@dataclass(frozen=True)
class Objects:
    private_mau: int
    shared_mau: int
    deleted_mau: int
    draft: int
    signer: int
    group: int


@pytest.fixture
def a_objects(store: Store, world: World, letter: dict[str, Any]) -> Objects:
    """One of everything in agency A."""
    with store.transaction() as s:
        deleted = st.create_mau(
            s, world.a, world.admin_a, name="Đã xóa", letter={}, visibility="agency"
        )
        st.delete_mau(s, world.a, world.admin_a, deleted.id)
        st.allocate_number(s, world.a, world.van_thu_a, year=2026, ky_hieu="UBND-VP")
        st.update_agency_profile(s, world.a, world.admin_a, dia_danh="Đắk Lắk")
        return Objects(
            private_mau=st.create_mau(s, world.a, world.admin_a, name="Riêng", letter=letter).id,
            shared_mau=st.create_mau(
                s, world.a, world.admin_a, name="Chung", letter=letter, visibility="agency"
            ).id,
            deleted_mau=deleted.id,
            draft=st.create_draft(s, world.a, world.admin_a, letter).id,
            signer=st.create_signer(
                s, world.a, world.admin_a, tham_quyen=[], chuc_vu="GIÁM ĐỐC", ho_ten="A"
            ).id,
            group=st.create_group(s, world.a, world.admin_a, name="Nhóm A", items=["Sở A"]).id,
        )


Call = Callable[[Session, int, int, Objects], object]

# Each call: (session, agency id, acting user id, A's objects). Run from B, all must be
# NotFound; run as A's admin (the owner of everything), all must succeed.
CALLS: dict[str, Call] = {
    "get_mau private": lambda s, ag, u, o: st.get_mau(s, ag, u, o.private_mau),
    "get_mau shared": lambda s, ag, u, o: st.get_mau(s, ag, u, o.shared_mau),
    "use_mau": lambda s, ag, u, o: st.use_mau(s, ag, u, o.shared_mau),
    "export_mau": lambda s, ag, u, o: st.export_mau(s, ag, u, o.shared_mau),
    "rename_mau": lambda s, ag, u, o: st.rename_mau(s, ag, u, o.shared_mau, "Tên mới"),
    "update_mau": lambda s, ag, u, o: st.update_mau(s, ag, u, o.shared_mau, letter={}),
    "duplicate_mau": lambda s, ag, u, o: st.duplicate_mau(s, ag, u, o.shared_mau),
    "delete_mau": lambda s, ag, u, o: st.delete_mau(s, ag, u, o.shared_mau),
    "restore_mau": lambda s, ag, u, o: st.restore_mau(s, ag, u, o.deleted_mau),
    "get_draft": lambda s, ag, u, o: st.get_draft(s, ag, u, o.draft),
    "save_draft": lambda s, ag, u, o: st.save_draft(s, ag, u, o.draft, {}, 1),
    "list_versions": lambda s, ag, u, o: st.list_versions(s, ag, u, o.draft),
    "get_version": lambda s, ag, u, o: st.get_version(s, ag, u, o.draft, 1),
    "restore_version": lambda s, ag, u, o: st.restore_version(s, ag, u, o.draft, 1),
    "delete_draft": lambda s, ag, u, o: st.delete_draft(s, ag, u, o.draft),
    "get_signer": lambda s, ag, u, o: st.get_signer(s, ag, o.signer),
    "update_signer": lambda s, ag, u, o: st.update_signer(s, ag, u, o.signer, ho_ten="B"),
    "delete_signer": lambda s, ag, u, o: st.delete_signer(s, ag, u, o.signer),
    "get_group": lambda s, ag, u, o: st.get_group(s, ag, o.group),
    "update_group": lambda s, ag, u, o: st.update_group(s, ag, u, o.group, items=["B"]),
    "delete_group": lambda s, ag, u, o: st.delete_group(s, ag, u, o.group),
}


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_a_objects_are_not_found_from_b(
    store: Store, world: World, a_objects: Objects, call: Call
) -> None:
    for user in (world.admin_b, world.soan_b):
        with store.transaction() as s, pytest.raises(NotFound):
            call(s, world.b, user, a_objects)


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_a_user_cannot_act_in_another_agency(
    store: Store, world: World, a_objects: Objects, call: Call
) -> None:
    """A's user id passed with agency B (a forged or stale session): nobody, NotFound."""
    with store.transaction() as s, pytest.raises(NotFound):
        call(s, world.b, world.admin_a, a_objects)


def test_every_call_works_for_its_owner(store: Store, world: World, a_objects: Objects) -> None:
    """The other side of the matrix: the same calls succeed in A (so the NotFound above
    is about the agency, not a broken call)."""
    for name, call in CALLS.items():
        with store.transaction() as s:
            try:
                call(s, world.a, world.admin_a, a_objects)
            except st.StoreError as err:  # pragma: no cover - message for the failure
                pytest.fail(f"{name}: {err}")
            s.rollback()  # each call on the intact set of objects


def test_lists_of_b_show_nothing_of_a(store: Store, world: World, a_objects: Objects) -> None:
    with store.transaction() as s:
        for user in (world.admin_b, world.soan_b):
            assert st.list_mau(s, world.b, user) == []
            assert st.list_deleted_mau(s, world.b, user) == []
            assert st.list_drafts(s, world.b, user) == []
        assert st.list_signers(s, world.b) == []
        assert st.list_groups(s, world.b) == []
        assert st.list_series(s, world.b) == []
        assert st.peek_next_number(s, world.b, year=2026, ky_hieu="UBND-VP") == 1
        assert st.new_letter_defaults(s, world.b) == {"format": 1, "kind": "cong_van", "luu": "VT"}
        assert [u.username for u in st.list_users(s, world.b, world.admin_b)] == [
            "admin.b",
            "soan.b",
        ]
        assert st.purge_deleted_mau(s, world.b) == 0
    with store.transaction(readonly=True) as s:  # and A's things are all still there
        assert len(st.list_mau(s, world.a, world.admin_a)) == 2
        assert len(st.list_deleted_mau(s, world.a, world.admin_a)) == 1


def test_users_of_a_are_not_found_from_b(store: Store, world: World) -> None:
    with store.transaction() as s:
        with pytest.raises(NotFound):
            st.get_user(s, world.b, world.soan_a)
        for b_user in (world.admin_b, world.soan_b):  # whatever B's role: NotFound
            with pytest.raises(NotFound):
                st.update_user(s, world.b, b_user, world.soan_a, active=False)
        with pytest.raises(NotFound):
            st.set_password(s, world.b, world.admin_b, world.soan_a, PASSWORD + "2")
    with store.transaction() as s:
        assert st.authenticate(s, "soan.a", PASSWORD) is not None


@pytest.mark.parametrize("model", [Mau, Draft])
def test_the_database_refuses_an_owner_from_another_agency(
    store: Store, world: World, model: type[Mau] | type[Draft]
) -> None:
    """Defence in depth: the composite foreign key (agency_id, owner_id) → users."""
    values: dict[str, Any] = {"agency_id": world.b, "owner_id": world.soan_a}
    if model is Mau:
        values |= {"name": "x", "search_key": "x", "kind": "cong_van", "letter": {}}
    with store.transaction() as s, pytest.raises(IntegrityError):
        s.add(model(**values))
        s.flush()
