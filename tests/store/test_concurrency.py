"""Concurrency, on both databases: two tabs saving one draft at once (exactly one wins,
the other is refused and loses nothing), 20 threads saving mẫu at once (no loss, no
duplicate, no unexpected error), 20 threads taking numbers (all distinct, consecutive).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest

from drafter.store import (
    Conflict,
    Store,
    VersionConflict,
    allocate_number,
    create_draft,
    create_mau,
    drafts,
    get_draft,
    get_mau,
    list_mau,
    list_versions,
    save_draft,
    update_mau,
)
from tests.store.conftest import World

T = TypeVar("T")
THREADS = 20
TIMEOUT = 60


def run_at_once(n: int, work: Callable[[int, threading.Barrier], T]) -> list[T | BaseException]:
    """Run `work(i, barrier)` in n threads released together; results or exceptions."""
    barrier = threading.Barrier(n, timeout=TIMEOUT)

    def one(i: int) -> T | BaseException:
        try:
            return work(i, barrier)
        except BaseException as err:  # collected, the test decides what is acceptable
            return err

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(one, range(n)))


def _raised(results: list[Any]) -> list[BaseException]:
    return [r for r in results if isinstance(r, BaseException)]


def test_two_tabs_save_the_same_draft_at_once(
    store: Store, world: World, letter: dict[str, Any]
) -> None:
    with store.transaction() as s:
        draft = create_draft(s, world.a, world.soan_a, letter)
    for round_ in range(5):
        with store.transaction(readonly=True) as s:  # both tabs loaded the same version
            loaded = get_draft(s, world.a, world.soan_a, draft.id).current_version
        texts = [f"vòng {round_}, thẻ {tab}" for tab in (0, 1)]

        def save(
            tab: int, barrier: threading.Barrier, texts: list[str] = texts, loaded: int = loaded
        ) -> int:
            barrier.wait()
            with store.transaction() as s:
                mine = {**letter, "trich_yeu": texts[tab]}
                return save_draft(s, world.a, world.soan_a, draft.id, mine, loaded).current_version

        results = run_at_once(2, save)
        wins = [(tab, r) for tab, r in enumerate(results) if isinstance(r, int)]
        refused = [r for r in results if isinstance(r, VersionConflict)]
        assert len(wins) == 1 and len(refused) == 1, results
        (winner, version), loser = wins[0], 1 - wins[0][0]
        assert version == loaded + 1 and refused[0].current_version == loaded + 1
        with store.transaction() as s:
            current = get_draft(s, world.a, world.soan_a, draft.id)
            assert current.letter["trich_yeu"] == texts[winner]  # the winner's save is whole
            # The refused tab still holds its text: it saves it on top, nothing is lost.
            mine = {**letter, "trich_yeu": texts[loser]}
            save_draft(s, world.a, world.soan_a, draft.id, mine, current.current_version)
    with store.transaction(readonly=True) as s:
        versions = list_versions(s, world.a, world.soan_a, draft.id)
    assert [v.n for v in versions] == list(range(11, 0, -1))


@pytest.mark.slow  # PostgreSQL only
@pytest.mark.parametrize("backend", ["postgresql"])
def test_two_saves_that_both_passed_the_check_race_on_the_row(
    store: Store, world: World, letter: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL: both transactions have read version 1 before either writes; the
    conditional UPDATE decides. (SQLite serialises write transactions, so there the
    second only starts after the first committed; covered by the test above.)"""
    with store.transaction() as s:
        draft = create_draft(s, world.a, world.soan_a, letter)
    both_checked = threading.Barrier(2, timeout=TIMEOUT)
    advance = drafts._advance

    def advance_together(*args: Any, **kw: Any) -> int:
        both_checked.wait()  # both have passed the version check in their transaction
        return advance(*args, **kw)

    monkeypatch.setattr(drafts, "_advance", advance_together)

    def save(tab: int, _barrier: threading.Barrier) -> int:
        with store.transaction() as s:
            mine = {**letter, "trich_yeu": f"thẻ {tab}"}
            return save_draft(
                s, world.a, world.soan_a, draft.id, mine, 1, "autosave"
            ).current_version

    results = run_at_once(2, save)
    assert sorted(type(r).__name__ for r in results) == ["VersionConflict", "int"], results
    with store.transaction(readonly=True) as s:
        versions = list_versions(s, world.a, world.soan_a, draft.id)
    assert [v.n for v in versions] == [2, 1]


def test_20_threads_save_mau_at_once(store: Store, world: World, letter: dict[str, Any]) -> None:
    users = [world.soan_a, world.soan_a2, world.van_thu_a, world.admin_a]

    def save(i: int, barrier: threading.Barrier) -> int:
        barrier.wait()
        with store.transaction() as s:
            return create_mau(
                s,
                world.a,
                users[i % len(users)],
                name=f"Mẫu {i:02d}",
                letter={**letter, "trich_yeu": f"nội dung {i}"},
                visibility="agency",
            ).id

    results = run_at_once(THREADS, save)
    assert _raised(results) == []
    assert len(set(results)) == THREADS
    with store.transaction(readonly=True) as s:
        saved = list_mau(s, world.a, world.admin_a, sort="name")
        assert [m.name for m in saved] == [f"Mẫu {i:02d}" for i in range(THREADS)]
        for m in saved:  # each content whole and under its own name
            i = int(m.name.split()[1])
            assert get_mau(s, world.a, world.admin_a, m.id).letter["trich_yeu"] == f"nội dung {i}"


def test_20_threads_save_a_mau_under_the_same_name(
    store: Store, world: World, letter: dict[str, Any]
) -> None:
    def save(i: int, barrier: threading.Barrier) -> int:
        barrier.wait()
        with store.transaction() as s:
            return create_mau(s, world.a, world.soan_a, name="Giấy mời họp", letter=letter).id

    results = run_at_once(THREADS, save)
    created = [r for r in results if isinstance(r, int)]
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert len(created) == 1 and len(conflicts) == THREADS - 1, _raised(results)
    with store.transaction(readonly=True) as s:
        assert [m.id for m in list_mau(s, world.a, world.soan_a)] == created


def test_20_threads_update_one_mau(store: Store, world: World, letter: dict[str, Any]) -> None:
    with store.transaction() as s:
        mau = create_mau(s, world.a, world.soan_a, name="Chung", letter=letter)

    def save(i: int, barrier: threading.Barrier) -> str:
        barrier.wait()
        with store.transaction() as s:
            text = f"bản {i}"
            update_mau(s, world.a, world.soan_a, mau.id, letter={**letter, "trich_yeu": text})
            return text

    results = run_at_once(THREADS, save)
    assert _raised(results) == []
    with store.transaction(readonly=True) as s:
        final = get_mau(s, world.a, world.soan_a, mau.id).letter
    assert final == {**letter, "trich_yeu": final["trich_yeu"]} and final["trich_yeu"] in results


@pytest.mark.parametrize("existing", [False, True], ids=["new-series", "existing-series"])
def test_20_threads_take_numbers(store: Store, world: World, existing: bool) -> None:
    start = 0
    if existing:
        with store.transaction() as s:
            start = allocate_number(s, world.a, world.van_thu_a, year=2026, ky_hieu="UBND-VP")

    def take(i: int, barrier: threading.Barrier) -> int:
        barrier.wait()
        with store.transaction() as s:
            who = world.van_thu_a if i % 2 else world.admin_a
            return allocate_number(s, world.a, who, year=2026, ky_hieu="UBND-VP")

    results = run_at_once(THREADS, take)
    assert _raised(results) == []
    assert sorted(results) == list(range(start + 1, start + THREADS + 1))  # type: ignore[type-var]


def test_no_transaction_opens_inside_a_writing_one(store: Store) -> None:
    """A second connection asked for under the write lock can wait forever on a pool that
    the other writers emptied (20 concurrent cấp số did): the store refuses it at once."""
    with store.transaction(readonly=True), store.transaction(readonly=True):
        pass  # readers may nest: they hold no lock
    refused = pytest.raises(RuntimeError, match="inside a writing")
    with store.transaction(), refused, store.transaction(readonly=True):
        pass
    with store.transaction():
        pass  # the refused attempt left nothing behind
