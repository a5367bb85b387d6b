"""Agencies and users: first admin, user management by the agency's quản trị, login."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from drafter.store import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    Store,
    accounts,
    authenticate,
    bootstrap_user,
    create_user,
    find_agency,
    get_user,
    list_users,
    set_password,
    update_user,
)
from drafter.store.models import User
from tests.store.conftest import PASSWORD, World


def test_bootstrap_creates_the_agency_once(store: Store) -> None:
    with store.transaction() as s:
        agency, admin, created = bootstrap_user(s, "Bộ Nội vụ", username="Admin", password=PASSWORD)
        assert created and admin.role == "quan_tri" and admin.username == "admin"
        again, second, created2 = bootstrap_user(
            s, " Bộ  Nội vụ ", username="admin2", password=PASSWORD
        )
        assert not created2 and again.id == agency.id and second.agency_id == agency.id
        assert find_agency(s, "Bộ Nội vụ").id == agency.id


def test_password_is_hashed_with_argon2(store: Store, world: World) -> None:
    with store.transaction() as s:
        row = s.get(User, world.soan_a)
        assert row is not None
        assert row.password_hash.startswith("$argon2id$") and PASSWORD not in row.password_hash


def test_authenticate(store: Store, world: World) -> None:
    with store.transaction() as s:
        user = authenticate(s, "  SOAN.A ", PASSWORD)
        assert user is not None and user.id == world.soan_a and user.last_login_at is not None
        assert authenticate(s, "soan.a", PASSWORD + "x") is None
        assert authenticate(s, "nobody", PASSWORD) is None
        assert authenticate(s, "", "") is None


def test_inactive_user_cannot_log_in_or_act(store: Store, world: World) -> None:
    with store.transaction() as s:
        update_user(s, world.a, world.admin_a, world.soan_a, active=False)
    with store.transaction() as s:
        assert authenticate(s, "soan.a", PASSWORD) is None
        with pytest.raises(NotFound):
            list_users(s, world.a, world.soan_a)


def test_unknown_username_still_verifies_a_hash(
    store: Store, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Constant work: the time of a failed login does not tell whether the user exists."""
    calls: list[str] = []

    class Counting(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:
            calls.append("verify")
            return super().verify(hash, password)

    monkeypatch.setattr(accounts, "HASHER", Counting(time_cost=1, memory_cost=8, parallelism=1))
    with store.transaction() as s:
        assert authenticate(s, "no.such.user", PASSWORD) is None
        assert authenticate(s, "soan.a", "wrong password") is None
    assert calls == ["verify", "verify"]


def test_outdated_hash_is_upgraded_at_login(
    store: Store, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    stronger = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    monkeypatch.setattr(accounts, "HASHER", stronger)
    with store.transaction() as s:
        before = s.get(User, world.soan_a)
        assert before is not None and stronger.check_needs_rehash(before.password_hash)
        assert authenticate(s, "soan.a", PASSWORD) is not None
    with store.transaction() as s:
        after = s.get(User, world.soan_a)
        assert after is not None and not stronger.check_needs_rehash(after.password_hash)
        assert authenticate(s, "soan.a", PASSWORD) is not None


def test_only_an_admin_of_the_agency_manages_users(store: Store, world: World) -> None:
    with store.transaction() as s:
        with pytest.raises(Forbidden):
            create_user(
                s, world.a, world.van_thu_a, username="x.y", password=PASSWORD, role="soan_thao"
            )
        with pytest.raises(Forbidden):
            list_users(s, world.a, world.soan_a)
        with pytest.raises(NotFound):  # B's admin is nobody in A
            create_user(
                s, world.a, world.admin_b, username="x.y", password=PASSWORD, role="soan_thao"
            )
        with pytest.raises(NotFound):
            update_user(s, world.a, world.admin_a, world.soan_b, role="quan_tri")
        names = [u.username for u in list_users(s, world.a, world.admin_a)]
        assert names == ["admin.a", "soan.a", "soan.a2", "vanthu.a"]


def test_usernames_are_unique_across_agencies(store: Store, world: World) -> None:
    with store.transaction() as s:
        with pytest.raises(Conflict):
            create_user(
                s, world.b, world.admin_b, username="SOAN.A", password=PASSWORD, role="soan_thao"
            )
        # The transaction is still usable after the refusal (SAVEPOINT, not an aborted tx).
        assert get_user(s, world.b, world.soan_b).username == "soan.b"


@pytest.mark.parametrize(
    ("username", "password", "role", "path"),
    [
        ("a", PASSWORD, "soan_thao", "username"),
        ("có dấu", PASSWORD, "soan_thao", "username"),
        ("ok.name", "short", "soan_thao", "password"),
        ("ok.name", PASSWORD, "admin", "role"),
    ],
)
def test_invalid_user_input(
    store: Store, world: World, username: str, password: str, role: str, path: str
) -> None:
    with store.transaction() as s, pytest.raises(Invalid) as err:
        create_user(s, world.a, world.admin_a, username=username, password=password, role=role)
    assert err.value.problems[0].path == path


def test_the_last_admin_cannot_be_demoted_or_deactivated(store: Store, world: World) -> None:
    with store.transaction() as s:
        with pytest.raises(Forbidden):
            update_user(s, world.a, world.admin_a, world.admin_a, role="soan_thao")
        with pytest.raises(Forbidden):
            update_user(s, world.a, world.admin_a, world.admin_a, active=False)
        assert get_user(s, world.a, world.admin_a).role == "quan_tri"  # nothing changed
        update_user(s, world.a, world.admin_a, world.van_thu_a, role="quan_tri")
        demoted = update_user(s, world.a, world.admin_a, world.admin_a, role="van_thu")
        assert demoted.role == "van_thu"


def test_set_password(store: Store, world: World) -> None:
    with store.transaction() as s:
        with pytest.raises(Invalid):
            set_password(
                s, world.a, world.soan_a, world.soan_a, "new-password-1", current_password="bad"
            )
        set_password(
            s, world.a, world.soan_a, world.soan_a, "new-password-1", current_password=PASSWORD
        )
        with pytest.raises(Forbidden):
            set_password(s, world.a, world.soan_a, world.soan_a2, "new-password-2")
        set_password(s, world.a, world.admin_a, world.soan_a2, "new-password-2")
        with pytest.raises(NotFound):
            set_password(s, world.a, world.admin_a, world.soan_b, "new-password-3")
    with store.transaction() as s:
        assert authenticate(s, "soan.a", "new-password-1") is not None
        assert authenticate(s, "soan.a2", "new-password-2") is not None
        assert authenticate(s, "soan.b", PASSWORD) is not None
