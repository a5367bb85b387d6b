"""The anonymous API's request counter (issue 17, "Also"), on both databases: a fixed
window per client, shared by every instance, exact under concurrency."""

from __future__ import annotations

import datetime as dt
import threading

from drafter.store import Store
from drafter.store.models import ApiRequestCount
from drafter.store.ratelimit import RatePolicy, count_request

T0 = dt.datetime(2026, 3, 5, 8, 0, 10, tzinfo=dt.UTC)
POLICY = RatePolicy(limit=3, window=dt.timedelta(seconds=60))


def hit(store: Store, client: str, at: dt.datetime) -> dt.datetime | None:
    with store.transaction() as s:
        return count_request(s, client, policy=POLICY, now=at)


def test_the_limit_per_window_and_client(store: Store) -> None:
    assert [hit(store, "203.0.113.1", T0) for _ in range(3)] == [None] * 3
    until = hit(store, "203.0.113.1", T0 + dt.timedelta(seconds=5))
    assert until == dt.datetime(2026, 3, 5, 8, 1, 0, tzinfo=dt.UTC)  # the window's end
    assert hit(store, "198.51.100.7", T0) is None  # another client has its own count
    assert hit(store, "203.0.113.1", until) is None  # the next window starts afresh


def test_old_windows_are_forgotten(store: Store) -> None:
    for minute in range(5):
        hit(store, "203.0.113.1", T0 + dt.timedelta(minutes=minute))
        hit(store, f"10.0.0.{minute}", T0 + dt.timedelta(minutes=minute))
    with store.transaction(readonly=True) as s:
        rows = s.query(ApiRequestCount).all()
    assert {r.client for r in rows} == {"203.0.113.1", "10.0.0.4"}
    assert {r.window_start for r in rows} == {dt.datetime(2026, 3, 5, 8, 4, tzinfo=dt.UTC)}


def test_twenty_requests_at_once_let_the_limit_through(store: Store) -> None:
    barrier = threading.Barrier(20)
    results: list[dt.datetime | None] = []

    def request() -> None:
        barrier.wait(10)
        results.append(hit(store, "203.0.113.1", T0))

    threads = [threading.Thread(target=request) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert results.count(None) == 3 and len(results) == 20
    with store.transaction(readonly=True) as s:
        assert s.query(ApiRequestCount).one().hits == 20
