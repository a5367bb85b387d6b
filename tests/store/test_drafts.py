"""Drafts: versions, explicit saves, autosave at most once a minute, restore, delete."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from drafter.store import (
    Invalid,
    NotFound,
    Store,
    VersionConflict,
    create_draft,
    delete_draft,
    get_draft,
    get_version,
    list_drafts,
    list_versions,
    restore_version,
    save_draft,
)
from drafter.store.drafts import UNTITLED
from tests.store.conftest import World

T0 = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)


def sec(n: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=n)


def edit(letter: dict[str, Any], text: str) -> dict[str, Any]:
    return {**letter, "trich_yeu": text}


def test_create_save_reopen(store: Store, world: World, letter: dict[str, Any]) -> None:
    with store.transaction() as s:
        draft = create_draft(s, world.a, world.soan_a, letter, now=T0)
        assert draft.current_version == 1 and draft.title == letter["trich_yeu"]
        saved = save_draft(
            s, world.a, world.soan_a, draft.id, edit(letter, "bản hai"), 1, now=sec(5)
        )
        assert saved.current_version == 2 and saved.title == "bản hai"
    with store.transaction(readonly=True) as s:
        reopened = get_draft(s, world.a, world.soan_a, draft.id)
        assert reopened.current_version == 2 and reopened.letter == edit(letter, "bản hai")
        assert get_version(s, world.a, world.soan_a, draft.id, 1).letter == letter
        assert [(v.n, v.kind) for v in list_versions(s, world.a, world.soan_a, draft.id)] == [
            (2, "save"),
            (1, "save"),
        ]


def test_title_follows_the_trich_yeu_and_survives_its_removal(
    store: Store, world: World, letter: dict[str, Any]
) -> None:
    with store.transaction() as s:
        draft = create_draft(s, world.a, world.soan_a, {}, title="  Giấy mời   họp ")
        assert draft.title == "Giấy mời họp"
        named = save_draft(s, world.a, world.soan_a, draft.id, edit(letter, "V/v họp"), 1)
        assert named.title == "V/v họp"
        emptied = save_draft(s, world.a, world.soan_a, draft.id, edit(letter, " "), 2)
        assert emptied.title == "V/v họp"  # the list still finds it by its last trích yếu
        with pytest.raises(Invalid):
            create_draft(s, world.a, world.soan_a, {}, title="x" * 201)


def test_an_empty_draft_is_fine(store: Store, world: World) -> None:
    with store.transaction() as s:
        draft = create_draft(s, world.a, world.soan_a, {})
        assert draft.title == UNTITLED and draft.letter == {"format": 1, "kind": "cong_van"}
        with pytest.raises(Invalid):
            create_draft(s, world.a, world.soan_a, {"trichyeu": "x"})


def test_a_stale_save_is_refused_and_writes_nothing(
    store: Store, world: World, letter: dict[str, Any]
) -> None:
    with store.transaction() as s:
        draft = create_draft(s, world.a, world.soan_a, letter)
        save_draft(s, world.a, world.soan_a, draft.id, edit(letter, "thẻ 1"), 1)
    with store.transaction() as s, pytest.raises(VersionConflict) as err:
        save_draft(s, world.a, world.soan_a, draft.id, edit(letter, "thẻ 2"), 1)
    assert (err.value.current_version, err.value.expected_version) == (2, 1)
    assert "chưa được ghi" in err.value.message
    with store.transaction(readonly=True) as s:
        assert get_draft(s, world.a, world.soan_a, draft.id).letter["trich_yeu"] == "thẻ 1"
        assert len(list_versions(s, world.a, world.soan_a, draft.id)) == 2
    with store.transaction() as s:  # the refused tab reloads, then saves on top
        saved = save_draft(s, world.a, world.soan_a, draft.id, edit(letter, "thẻ 2"), 2)
        assert saved.current_version == 3


def test_autosaves_within_a_minute_make_one_version(
    store: Store, world: World, letter: dict[str, Any]
) -> None:
    with store.transaction() as s:
        d = create_draft(s, world.a, world.soan_a, letter, now=T0).id
        v = 1
        for i, at in enumerate((10, 20, 40, 65)):  # one version, begun at 10 s
            v = save_draft(
                s, world.a, world.soan_a, d, edit(letter, f"gõ {i}"), v, "autosave", now=sec(at)
            ).current_version
        assert v == 5  # the token moved at each save
        versions = list_versions(s, world.a, world.soan_a, d)
        assert [(x.n, x.kind) for x in versions] == [(5, "autosave"), (1, "save")]
        assert (versions[0].created_at, versions[0].saved_at) == (sec(10), sec(65))
        # 70 s: 60 s after the version began, so a new one starts although typing went on.
        v = save_draft(
            s, world.a, world.soan_a, d, edit(letter, "gõ 4"), v, "autosave", now=sec(70)
        ).current_version
        assert [x.n for x in list_versions(s, world.a, world.soan_a, d)] == [6, 5, 1]
        assert get_version(s, world.a, world.soan_a, d, 5).letter["trich_yeu"] == "gõ 3"
        # An explicit save always adds a version; the next autosave starts a new one.
        v = save_draft(
            s, world.a, world.soan_a, d, edit(letter, "lưu"), v, now=sec(75)
        ).current_version
        v = save_draft(
            s, world.a, world.soan_a, d, edit(letter, "sau lưu"), v, "autosave", now=sec(76)
        ).current_version
        assert [(x.n, x.kind) for x in list_versions(s, world.a, world.soan_a, d)] == [
            (8, "autosave"),
            (7, "save"),
            (6, "autosave"),
            (5, "autosave"),
            (1, "save"),
        ]


def test_an_unchanged_autosave_writes_nothing(
    store: Store, world: World, letter: dict[str, Any]
) -> None:
    with store.transaction() as s:
        d = create_draft(s, world.a, world.soan_a, letter, now=T0)
        same = save_draft(s, world.a, world.soan_a, d.id, letter, 1, "autosave", now=sec(300))
        assert same.current_version == 1 and same.updated_at == T0
        with pytest.raises(VersionConflict):  # the token is still checked
            save_draft(s, world.a, world.soan_a, d.id, letter, 0, "autosave")


def test_restore_a_version_adds_a_version(
    store: Store, world: World, letter: dict[str, Any]
) -> None:
    with store.transaction() as s:
        d = create_draft(s, world.a, world.soan_a, edit(letter, "một"))
        save_draft(s, world.a, world.soan_a, d.id, edit(letter, "hai"), 1)
        restored = restore_version(s, world.a, world.soan_a, d.id, 1)
        assert restored.current_version == 3 and restored.letter["trich_yeu"] == "một"
        top = list_versions(s, world.a, world.soan_a, d.id)[0]
        assert (top.n, top.kind, top.restored_from) == (3, "save", 1)
        assert get_version(s, world.a, world.soan_a, d.id, 2).letter["trich_yeu"] == "hai"
        with pytest.raises(VersionConflict):
            restore_version(s, world.a, world.soan_a, d.id, 2, expected_version=2)
        with pytest.raises(NotFound):
            restore_version(s, world.a, world.soan_a, d.id, 99)


def test_list_and_delete(store: Store, world: World, letter: dict[str, Any]) -> None:
    with store.transaction() as s:
        first = create_draft(s, world.a, world.soan_a, edit(letter, "cũ"), now=T0)
        second = create_draft(s, world.a, world.soan_a, edit(letter, "mới"), now=sec(1))
        create_draft(s, world.a, world.soan_a2, edit(letter, "của người khác"), now=sec(2))
        assert [d.title for d in list_drafts(s, world.a, world.soan_a)] == ["mới", "cũ"]
        save_draft(s, world.a, world.soan_a, first.id, edit(letter, "cũ sửa"), 1, now=sec(3))
        assert [d.id for d in list_drafts(s, world.a, world.soan_a)] == [first.id, second.id]
        delete_draft(s, world.a, world.soan_a, first.id)
        assert [d.id for d in list_drafts(s, world.a, world.soan_a)] == [second.id]
        with pytest.raises(NotFound):
            get_draft(s, world.a, world.soan_a, first.id)
        with pytest.raises(NotFound):
            list_versions(s, world.a, world.soan_a, first.id)


def test_a_draft_is_its_owners_alone(store: Store, world: World, letter: dict[str, Any]) -> None:
    with store.transaction() as s:
        d = create_draft(s, world.a, world.soan_a, letter)
        for user in (world.soan_a2, world.admin_a, world.van_thu_a):
            with pytest.raises(NotFound):
                get_draft(s, world.a, user, d.id)
            with pytest.raises(NotFound):
                save_draft(s, world.a, user, d.id, letter, 1)
