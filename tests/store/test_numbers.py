"""The number register: consecutive numbers per agency, year and ký hiệu, never twice."""

from __future__ import annotations

import pytest

from drafter.store import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    Store,
    allocate_number,
    list_series,
    peek_next_number,
    set_next_number,
)
from tests.store.conftest import World


def test_numbers_are_consecutive_per_series(store: Store, world: World) -> None:
    with store.transaction() as s:
        take = lambda year, kh, who=world.van_thu_a: allocate_number(  # noqa: E731
            s, world.a, who, year=year, ky_hieu=kh
        )
        assert [take(2026, "UBND-KGVX") for _ in range(3)] == [1, 2, 3]
        assert take(2026, "UBND-NC") == 1
        assert take(2027, "UBND-KGVX") == 1
        assert take(2026, "UBND-KGVX", world.admin_a) == 4
        assert allocate_number(s, world.b, world.admin_b, year=2026, ky_hieu="UBND-KGVX") == 1
        assert peek_next_number(s, world.a, year=2026, ky_hieu="UBND-KGVX") == 5
        assert peek_next_number(s, world.a, year=2030, ky_hieu="UBND-KGVX") == 1
        assert [(r.year, r.ky_hieu, r.next_number) for r in list_series(s, world.a)] == [
            (2027, "UBND-KGVX", 2),
            (2026, "UBND-KGVX", 5),
            (2026, "UBND-NC", 2),
        ]


def test_a_rolled_back_allocation_gives_the_number_back(store: Store, world: World) -> None:
    with pytest.raises(RuntimeError), store.transaction() as s:
        assert allocate_number(s, world.a, world.van_thu_a, year=2026, ky_hieu="VP") == 1
        raise RuntimeError("the request failed after taking a number")
    with store.transaction() as s:
        assert allocate_number(s, world.a, world.van_thu_a, year=2026, ky_hieu="VP") == 1


def test_only_van_thu_and_admin_hand_out_numbers(store: Store, world: World) -> None:
    with store.transaction() as s:
        with pytest.raises(Forbidden):
            allocate_number(s, world.a, world.soan_a, year=2026, ky_hieu="VP")
        with pytest.raises(NotFound):
            allocate_number(s, world.a, world.admin_b, year=2026, ky_hieu="VP")
        with pytest.raises(Invalid):
            allocate_number(s, world.a, world.van_thu_a, year=2026, ky_hieu="V P")
        with pytest.raises(Invalid):
            allocate_number(s, world.a, world.van_thu_a, year=26, ky_hieu="VP")


def test_a_series_can_start_further_on_but_never_go_back(store: Store, world: World) -> None:
    with store.transaction() as s:
        series = set_next_number(
            s, world.a, world.van_thu_a, year=2026, ky_hieu="UBND-VP", next_number=120
        )
        assert series.next_number == 120
        assert allocate_number(s, world.a, world.van_thu_a, year=2026, ky_hieu="UBND-VP") == 120
        with pytest.raises(Conflict):
            set_next_number(s, world.a, world.admin_a, year=2026, ky_hieu="UBND-VP", next_number=5)
        set_next_number(s, world.a, world.admin_a, year=2026, ky_hieu="UBND-VP", next_number=200)
        assert allocate_number(s, world.a, world.van_thu_a, year=2026, ky_hieu="UBND-VP") == 200
        with pytest.raises(Forbidden):
            set_next_number(s, world.a, world.soan_a, year=2026, ky_hieu="X", next_number=3)
