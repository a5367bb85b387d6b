"""The login-failure log (the web's rate limit) and the session version, on both databases."""

from __future__ import annotations

import datetime as dt
import threading
import time

from drafter.store import (
    LoginPolicy,
    Store,
    begin_login_attempt,
    clear_login_failures,
    end_sessions,
    get_user,
    has_users,
    login_locked_until,
    record_login_failure,
    set_password,
    update_user,
)
from drafter.store.models import LoginFailure
from tests.store.conftest import PASSWORD, World

T0 = dt.datetime(2026, 3, 5, 8, 0, tzinfo=dt.UTC)
MIN = dt.timedelta(minutes=1)


def fail(store: Store, username: str, ip: str, at: dt.datetime) -> None:
    with store.transaction() as s:
        record_login_failure(s, username, ip, now=at)


def locked(store: Store, username: str, ip: str, at: dt.datetime) -> dt.datetime | None:
    with store.transaction(readonly=True) as s:
        return login_locked_until(s, username, ip, now=at)


def test_five_failures_for_a_username_lock_it_for_fifteen_minutes(store: Store) -> None:
    for i in range(4):
        fail(store, "soan.a", f"10.0.0.{i}", T0 + i * MIN)
        assert locked(store, "soan.a", "10.9.9.9", T0 + i * MIN) is None
    fail(store, " Soan.A ", "10.0.0.9", T0 + 4 * MIN)  # the same username, as typed
    until = T0 + 4 * MIN + 15 * MIN
    assert locked(store, "soan.a", "10.9.9.9", T0 + 5 * MIN) == until
    assert locked(store, "SOAN.A", "10.9.9.9", until - dt.timedelta(seconds=1)) == until
    assert locked(store, "soan.a", "10.9.9.9", until) is None
    assert locked(store, "other", "10.9.9.9", T0 + 5 * MIN) is None  # others unaffected


def test_failures_spread_beyond_the_window_do_not_lock(store: Store) -> None:
    for i in range(5):
        fail(store, "soan.a", "10.0.0.1", T0 + i * 4 * MIN)  # 16 minutes from first to last
    assert locked(store, "soan.a", "10.0.0.2", T0 + 17 * MIN) is None


def test_an_address_is_locked_after_its_own_limit(store: Store) -> None:
    policy = LoginPolicy()
    for i in range(policy.max_failures_per_ip):
        fail(store, f"guess{i}", "203.0.113.7", T0 + i * dt.timedelta(seconds=10))
    at = T0 + 5 * MIN
    with store.transaction(readonly=True) as s:
        assert login_locked_until(s, "someone", "203.0.113.7", now=at) is not None
        assert login_locked_until(s, "someone", "203.0.113.8", now=at) is None


def test_success_clears_the_usernames_failures_only(store: Store) -> None:
    for i in range(5):
        fail(store, "soan.a", "10.0.0.1", T0 + i * MIN)
        fail(store, "vanthu.a", "10.0.0.1", T0 + i * MIN)
    with store.transaction() as s:
        clear_login_failures(s, "SOAN.A")
    assert locked(store, "soan.a", "10.0.0.2", T0 + 6 * MIN) is None
    assert locked(store, "vanthu.a", "10.0.0.2", T0 + 6 * MIN) is not None


def test_old_failures_are_forgotten(store: Store) -> None:
    fail(store, "soan.a", "10.0.0.1", T0)
    fail(store, "soan.a", "10.0.0.1", T0 + dt.timedelta(days=2))
    with store.transaction(readonly=True) as s:
        assert s.query(LoginFailure).count() == 1


def test_concurrent_failures_are_all_counted(store: Store) -> None:
    """Twenty attempts at once, on any instance: none lost, the limit holds."""
    barrier = threading.Barrier(20)

    def attempt() -> None:
        barrier.wait(10)
        fail(store, "admin.a", "10.0.0.1", T0)

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    with store.transaction(readonly=True) as s:
        assert s.query(LoginFailure).count() == 20
    assert locked(store, "admin.a", "10.0.0.2", T0 + MIN) is not None


def test_twenty_attempts_at_once_let_five_through(store: Store) -> None:
    """Issue 17, item 8: each attempt is counted before its password is checked, one at a
    time, so exactly the limit's worth of attempts get to check a password."""
    barrier = threading.Barrier(20)
    allowed: list[bool] = []

    def attempt(i: int) -> None:
        barrier.wait(10)
        with store.transaction() as s:
            until = begin_login_attempt(s, "admin.a", f"10.0.1.{i}", now=T0)
            time.sleep(0.01)  # the rest of a request's transaction
        allowed.append(until is None)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert allowed.count(True) == 5 and allowed.count(False) == 15
    with store.transaction(readonly=True) as s:
        assert s.query(LoginFailure).count() == 5  # refused attempts are not recorded


def test_password_change_deactivation_and_logout_move_the_session_version(
    store: Store, world: World
) -> None:
    with store.transaction() as s:
        assert has_users(s)
        before = get_user(s, world.a, world.soan_a).session_version
        set_password(s, world.a, world.admin_a, world.soan_a, "mat-khau-moi-dai")
        after_reset = get_user(s, world.a, world.soan_a).session_version
        set_password(
            s,
            world.a,
            world.soan_a,
            world.soan_a,
            "mat-khau-moi-2",
            current_password="mat-khau-moi-dai",
        )
        after_own = get_user(s, world.a, world.soan_a).session_version
        update_user(s, world.a, world.admin_a, world.soan_a, role="van_thu")
        after_role = get_user(s, world.a, world.soan_a).session_version
        update_user(s, world.a, world.admin_a, world.soan_a, active=False)
        after_off = get_user(s, world.a, world.soan_a).session_version
        update_user(s, world.a, world.admin_a, world.soan_a, active=True)
        after_on = get_user(s, world.a, world.soan_a).session_version
        end_sessions(s, world.a, world.soan_a)  # logging out
        after_logout = get_user(s, world.a, world.soan_a).session_version
    assert before < after_reset < after_own
    assert after_role == after_own  # the role is read at each request: no need to log out
    assert after_own < after_off == after_on  # reactivating does not revive old sessions
    assert after_on < after_logout
    assert PASSWORD  # the world's users keep theirs


def test_no_users_in_an_empty_database(store: Store) -> None:
    with store.transaction(readonly=True) as s:
        assert not has_users(s)
