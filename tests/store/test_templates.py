"""Agency templates in the store: versions, the active one, going back to drafter's own,
roles, and isolation (agency B never sees, uses or changes A's), on both databases."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy.exc import IntegrityError

from drafter import store as st
from drafter.store import Forbidden, Invalid, NotFound, Store
from drafter.store.models import AgencyTemplate
from tests.store.conftest import World

V1 = b"PK-template-version-1"
V2 = b"PK-template-version-2"


def upload(store: Store, world: World, data: bytes, kind: str = "cong_van") -> st.TemplateSummary:
    with store.transaction() as s:
        return st.add_template(
            s, world.a, world.admin_a, kind=kind, filename="C:\\Mẫu\\mau cong van.docx", data=data
        )


def test_versions_and_the_active_one(store: Store, world: World) -> None:
    first = upload(store, world, V1)
    assert (first.version, first.active, first.filename) == (1, True, "mau cong van.docx")
    assert first.sha256 == hashlib.sha256(V1).hexdigest() and first.size == len(V1)
    second = upload(store, world, V2)
    assert second.version == 2
    with store.transaction(readonly=True) as s:
        active = st.active_template(s, world.a, "cong_van")
        assert active is not None and active.id == second.id and active.version == 2
        assert st.active_template_bytes(s, world.a, active.id) == V2
        listed = st.list_templates(s, world.a, world.admin_a)
        assert [(t.version, t.active) for t in listed] == [(2, True), (1, False)]
        assert listed[0].uploaded_by == "admin.a"
        assert st.active_template(s, world.a, "quyet_dinh") is None  # per kind
    with store.transaction() as s:  # an older version back
        again = st.activate_template(s, world.a, world.admin_a, first.id)
        assert again.active
        assert st.active_template(s, world.a, "cong_van").id == first.id  # type: ignore[union-attr]
    with store.transaction() as s:  # back to drafter's own; the versions stay
        st.revert_to_builtin(s, world.a, world.admin_a, "cong_van")
        assert st.active_template(s, world.a, "cong_van") is None
        assert len(st.list_templates(s, world.a, world.admin_a, "cong_van")) == 2
    third = upload(store, world, V1)
    assert third.version == 3 and third.active


def test_one_active_version_per_kind_in_the_database(store: Store, world: World) -> None:
    first = upload(store, world, V1)
    with pytest.raises(IntegrityError), store.transaction() as s:
        s.add(
            AgencyTemplate(
                agency_id=world.a,
                kind="cong_van",
                version=9,
                filename="x.docx",
                data=V2,
                size=len(V2),
                sha256="0" * 64,
                active=True,
                uploaded_by=world.admin_a,
            )
        )
        s.flush()
    with store.transaction(readonly=True) as s:
        assert st.active_template(s, world.a, "cong_van").id == first.id  # type: ignore[union-attr]


def test_only_the_quan_tri_manages_templates(store: Store, world: World) -> None:
    template = upload(store, world, V1)
    for user in (world.van_thu_a, world.soan_a):
        with store.transaction() as s:
            for call in (
                lambda s=s, u=user: st.add_template(
                    s, world.a, u, kind="cong_van", filename="x.docx", data=V2
                ),
                lambda s=s, u=user: st.list_templates(s, world.a, u),
                lambda s=s, u=user: st.template_data(s, world.a, u, template.id),
                lambda s=s, u=user: st.activate_template(s, world.a, u, template.id),
                lambda s=s, u=user: st.revert_to_builtin(s, world.a, u, "cong_van"),
            ):
                with pytest.raises(Forbidden):
                    call()
        with store.transaction(readonly=True) as s:  # but their letters print with it
            assert st.active_template(s, world.a, "cong_van") is not None


def test_refused_input(store: Store, world: World) -> None:
    with store.transaction() as s:
        with pytest.raises(Invalid):
            st.add_template(s, world.a, world.admin_a, kind="sac_lenh", filename="x", data=V1)
        with pytest.raises(Invalid):
            st.add_template(s, world.a, world.admin_a, kind="cong_van", filename="x", data=b"")
        with pytest.raises(Invalid):
            st.add_template(
                s, world.a, world.admin_a, kind="cong_van", filename="x", data=bytes(10_000_001)
            )


def test_b_never_sees_uses_or_changes_a_template(store: Store, world: World) -> None:
    template = upload(store, world, V1)
    for user in (world.admin_b, world.soan_b):
        with store.transaction() as s:
            assert st.active_template(s, world.b, "cong_van") is None
            with pytest.raises(NotFound):
                st.active_template_bytes(s, world.b, template.id)
            with pytest.raises(NotFound):
                st.template_data(s, world.b, user, template.id)
            with pytest.raises(NotFound):
                st.activate_template(s, world.b, user, template.id)
    with store.transaction() as s:
        assert st.list_templates(s, world.b, world.admin_b) == []
        st.revert_to_builtin(s, world.b, world.admin_b, "cong_van")  # B's own: nothing
        with pytest.raises(NotFound):  # A's user with B's agency: nobody
            st.template_data(s, world.b, world.admin_a, template.id)
    with store.transaction(readonly=True) as s:  # A's is untouched
        assert st.active_template(s, world.a, "cong_van").id == template.id  # type: ignore[union-attr]
