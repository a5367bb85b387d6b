"""From draft to issued document, in the store, on both databases: trình, trả lại, duyệt,
cấp số và phát hành; the read-only draft; who may see and do what; numbering (series per
year from 01, the secret series, a kind split off, year rollover, never back below an
issued number, Số + ký hiệu unique); a failed PDF giving the number back; 20 concurrent
issues; frozen files; the register; the audit log; API tokens; the migration on a
database that already has data."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from drafter import store as st
from drafter.model import Letter
from drafter.store import (
    Conflict,
    DraftLocked,
    Forbidden,
    Invalid,
    NotFound,
    Store,
    VersionConflict,
    migrate,
)
from drafter.store.models import User
from tests.store.conftest import PASSWORD, World
from tests.store.test_concurrency import THREADS, run_at_once

UTC = dt.UTC
NOW = dt.datetime(2026, 12, 2, 3, 0, tzinfo=UTC)  # 10:00 in Vietnam


def fake_produce(letter: Letter) -> tuple[bytes, bytes]:
    """Stands for render + LibreOffice: bytes that name the number, date and trích yếu."""
    stamp = f"{letter.so}/{letter.ky_hieu} {letter.ngay} {letter.trich_yeu}".encode()
    return b"PK docx " + stamp, b"%PDF-1.7 " + stamp


@pytest.fixture
def leaders(store: Store, world: World) -> tuple[int, int]:
    """Two lãnh đạo of agency A."""
    with store.transaction() as s:
        ids = [
            st.create_user(
                s,
                world.a,
                world.admin_a,
                username=name,
                password=PASSWORD,
                role="lanh_dao",
                full_name=full,
            ).id
            for name, full in (("lanhdao.a", "Võ Văn Cảnh"), ("lanhdao.a2", "Trần Văn Hai"))
        ]
    return ids[0], ids[1]


def new_draft(store: Store, world: World, letter: dict[str, Any], **changes: Any) -> int:
    with store.transaction() as s:
        return st.create_draft(s, world.a, world.soan_a, {**letter, **changes}).id


def approved(
    store: Store, world: World, leader: int, letter: dict[str, Any], **changes: Any
) -> int:
    draft = new_draft(store, world, letter, **changes)
    with store.transaction() as s:
        st.submit_draft(s, world.a, world.soan_a, draft, to=leader, now=NOW)
        st.approve_draft(s, world.a, leader, draft, now=NOW)
    return draft


def issue(store: Store, world: World, draft: int, now: dt.datetime = NOW) -> st.IssuedRecord:
    with store.transaction() as s:
        return st.issue_draft(s, world.a, world.van_thu_a, draft, produce=fake_produce, now=now)


def test_the_whole_path(
    store: Store, world: World, leaders: tuple[int, int], letter: dict[str, Any]
) -> None:
    leader = leaders[0]
    draft = new_draft(store, world, letter)
    with store.transaction() as s:
        assert [p.username for p in st.list_leaders(s, world.a)] == ["lanhdao.a2", "lanhdao.a"]
        review = st.get_review(s, world.a, world.soan_a, draft)
        assert review.state == "du_thao" and review.actions == {"submit"}
        review = st.submit_draft(
            s, world.a, world.soan_a, draft, to="lanhdao.a", comment="Kính trình", now=NOW
        )
        assert review.state == "cho_duyet" and review.reviewer.id == leader
        assert review.actions == frozenset()  # the owner waits
    with store.transaction(readonly=True) as s:
        assert [i.draft_id for i in st.list_pending(s, world.a, leader)] == [draft]
        assert st.list_pending(s, world.a, leaders[1]) == []
        assert st.get_review(s, world.a, leader, draft).actions == {"return", "approve"}

    # Read-only while chờ duyệt: nothing can change it.
    with store.transaction() as s:
        with pytest.raises(DraftLocked) as locked:
            st.save_draft(s, world.a, world.soan_a, draft, {**letter, "trich_yeu": "x"}, 1)
        assert "Chờ duyệt" in locked.value.message and locked.value.current_version == 1
        with pytest.raises(VersionConflict):
            st.restore_version(s, world.a, world.soan_a, draft, 1)
        with pytest.raises(Conflict):
            st.delete_draft(s, world.a, world.soan_a, draft)

    with store.transaction() as s:
        with pytest.raises(Invalid):  # a return says why
            st.return_draft(s, world.a, leader, draft, comment="  ")
        st.return_draft(s, world.a, leader, draft, comment="Sửa trích yếu cho gọn.", now=NOW)
        back = st.latest_return(s, world.a, world.soan_a, draft)
        assert back.comment == "Sửa trích yếu cho gọn." and back.version_n == 1
    with store.transaction() as s:
        fixed = {**letter, "trich_yeu": "phối hợp thực hiện Năm dân vận 2019"}
        assert st.save_draft(s, world.a, world.soan_a, draft, fixed, 1).current_version == 2
        st.submit_draft(s, world.a, world.soan_a, draft, to=leader, expected_version=2, now=NOW)
        assert st.latest_return(s, world.a, world.soan_a, draft) is None
        st.approve_draft(s, world.a, leader, draft, comment="Đồng ý.", now=NOW)
    with store.transaction(readonly=True) as s:
        assert [i.draft_id for i in st.list_to_issue(s, world.a, world.van_thu_a)] == [draft]
        assert st.get_review(s, world.a, world.van_thu_a, draft).actions == {"issue", "return"}

    issued = issue(store, world, draft)
    assert (issued.so_text, issued.ky_hieu, issued.ngay) == (
        "01",
        "UBND-KGVX",
        dt.date(2026, 12, 2),
    )
    assert issued.series == "CHUNG" and issued.version_n == 2
    assert issued.ten_loai_trich_yeu == "Công văn V/v phối hợp thực hiện Năm dân vận 2019"
    assert issued.noi_nhan.splitlines()[:2] == letter["kinh_gui"]  # “Như trên” spelled out
    with store.transaction(readonly=True) as s:
        review = st.get_review(s, world.a, world.soan_a, draft)
        assert review.state == "da_phat_hanh" and review.actions == frozenset()
        steps = [(e.action, e.version_n, e.comment) for e in review.events]
        assert steps == [
            ("submit", 1, "Kính trình"),
            ("return", 1, "Sửa trích yếu cho gọn."),
            ("submit", 2, ""),
            ("approve", 2, "Đồng ý."),
            ("issue", 2, ""),
        ]
        rows = st.list_register(s, world.a, world.van_thu_a, year=2026)
        assert [r.register_row()[:2] for r in rows] == [["01/UBND-KGVX", "02/12/2026"]]
        record, docx, final = st.issued_file(s, world.a, world.soan_a, draft, "docx")
        assert docx.startswith(b"PK docx 01/UBND-KGVX 2026-12-02")
        assert (final["so"], final["ngay"]) == ("01", "2026-12-02")
        assert record.docx_sha256 == st.issuing.sha256(docx)
        entries, total = st.list_audit(s, world.a, world.admin_a)
        assert total == 5
        assert [e.action for e in entries] == ["issue", "approve", "submit", "return", "submit"]
        with pytest.raises(Forbidden):
            st.list_audit(s, world.a, world.van_thu_a)


def test_who_sees_and_who_may_act(
    store: Store, world: World, leaders: tuple[int, int], letter: dict[str, Any]
) -> None:
    leader, other_leader = leaders
    draft = new_draft(store, world, letter)
    with store.transaction() as s:
        for user in (world.soan_a2, world.van_thu_a, world.admin_a, leader):
            with pytest.raises(NotFound):  # a dự thảo is its owner's alone
                st.get_review(s, world.a, user, draft)
        with pytest.raises(Forbidden):
            st.approve_draft(s, world.a, world.soan_a, draft)  # sees it, wrong role
        with pytest.raises(Invalid):
            st.submit_draft(s, world.a, world.soan_a, draft, to="vanthu.a")  # not a lãnh đạo
        st.submit_draft(s, world.a, world.soan_a, draft, to=leader, now=NOW)
    with store.transaction() as s:
        with pytest.raises(NotFound):
            st.approve_draft(s, world.a, other_leader, draft)  # not trình to them
        with pytest.raises(NotFound):
            st.get_review(s, world.a, world.van_thu_a, draft)  # not approved yet
        with pytest.raises(Conflict):
            st.submit_draft(s, world.a, world.soan_a, draft, to=leader)  # already trình
        with pytest.raises(Forbidden):
            st.issue_draft(s, world.a, world.soan_a, draft, produce=fake_produce)
        for agency, user in ((world.b, world.admin_b), (world.b, world.soan_b)):
            with pytest.raises(NotFound):
                st.get_review(s, agency, user, draft)
            with pytest.raises(NotFound):
                st.approve_draft(s, agency, user, draft)
        with pytest.raises(NotFound):  # A's lãnh đạo under B's agency: nobody
            st.approve_draft(s, world.b, leader, draft)
        st.approve_draft(s, world.a, leader, draft, now=NOW)
    with store.transaction() as s:
        with pytest.raises(Conflict):
            st.approve_draft(s, world.a, leader, draft)  # wrong state
        with pytest.raises(Forbidden):
            st.issue_draft(s, world.a, leader, draft, produce=fake_produce)
        with pytest.raises(Conflict):
            st.get_issued(s, world.a, world.van_thu_a, draft)  # not issued yet
    issue(store, world, draft)
    with store.transaction(readonly=True) as s:
        for user in (world.van_thu_a, world.admin_a, leader, other_leader, world.soan_a):
            assert st.get_issued(s, world.a, user, draft).so == 1
        with pytest.raises(NotFound):
            st.get_issued(s, world.a, world.soan_a2, draft)
        with pytest.raises(Forbidden):
            st.list_register(s, world.a, world.soan_a, year=2026)
        assert st.list_register(s, world.b, world.admin_b, year=2026) == []


def test_van_thu_can_send_an_approved_draft_back(
    store: Store, world: World, leaders: tuple[int, int], letter: dict[str, Any]
) -> None:
    draft = approved(store, world, leaders[0], letter)
    with store.transaction() as s:
        with pytest.raises(Conflict):  # approved: no longer the lãnh đạo's to return
            st.return_draft(s, world.a, leaders[0], draft, comment="x")
        with pytest.raises(Forbidden):
            st.return_draft(s, world.a, world.soan_a, draft, comment="x")
        st.return_draft(s, world.a, world.van_thu_a, draft, comment="Sai thể thức nơi nhận.")
        assert st.get_draft(s, world.a, world.soan_a, draft).state == "du_thao"


def test_an_incomplete_letter_cannot_be_trinh(
    store: Store, world: World, leaders: tuple[int, int]
) -> None:
    draft = new_draft(store, world, {"trich_yeu": "chưa xong"})
    with store.transaction() as s, pytest.raises(Invalid) as err:
        st.submit_draft(s, world.a, world.soan_a, draft, to=leaders[0])
    assert any(p.path == "ky" for p in err.value.problems)


def test_a_failed_pdf_gives_the_number_back(
    store: Store, world: World, leaders: tuple[int, int], letter: dict[str, Any]
) -> None:
    draft = approved(store, world, leaders[0], letter)

    def broken(letter: Letter) -> tuple[bytes, bytes]:
        raise RuntimeError("LibreOffice did not answer")

    with pytest.raises(RuntimeError), store.transaction() as s:
        st.issue_draft(s, world.a, world.van_thu_a, draft, produce=broken, now=NOW)
    with store.transaction(readonly=True) as s:
        assert st.get_draft(s, world.a, world.soan_a, draft).state == "da_duyet"
        assert st.list_register(s, world.a, world.van_thu_a, year=2026) == []
        assert st.peek_next_number(s, world.a, year=2026, ky_hieu="CHUNG") == 1
        assert st.list_audit(s, world.a, world.admin_a)[1] == 2  # trình, duyệt: no issue
    assert issue(store, world, draft).so == 1


def test_series_secret_split_and_year_rollover(
    store: Store, world: World, leaders: tuple[int, int], letter: dict[str, Any]
) -> None:
    leader = leaders[0]
    qd = st.issuing.load_kind("quyet_dinh")
    assert qd.info["code"] == "QĐ"
    from tests.conftest import load_example

    decision = load_example("kinds/qd-ubnd-daklak-to-cong-tac-chuyen-doi-so.json")
    plain = [approved(store, world, leader, letter) for _ in range(2)]
    # A secret series numbers from 01 as well: its ký hiệu must differ (Số + ký hiệu is
    # unique in the year; see test_so_and_ky_hieu_are_unique_in_a_year).
    secret = [
        approved(store, world, leader, letter, do_mat="mat", ky_hieu="UBND-KGVX-M")
        for _ in range(2)
    ]
    assert [issue(store, world, d).so for d in plain] == [1, 2]
    assert [(issue(store, world, d).so, d) for d in secret] == [(1, secret[0]), (2, secret[1])]
    with store.transaction() as s:
        with pytest.raises(Forbidden):
            st.set_split(s, world.a, world.van_thu_a, "quyet_dinh", True)
        st.set_split(s, world.a, world.admin_a, "quyet_dinh", True)
    decisions = [approved(store, world, leader, decision) for _ in range(2)]
    assert [issue(store, world, d).series for d in decisions] == ["QĐ", "QĐ"]
    last_2026 = approved(store, world, leader, letter)
    first_2027 = approved(store, world, leader, letter)
    # 23:59 on 31 December in Vietnam, then 00:01 on 1 January (still 31 December in UTC).
    late = issue(store, world, last_2026, dt.datetime(2026, 12, 31, 16, 59, tzinfo=UTC))
    early = issue(store, world, first_2027, dt.datetime(2026, 12, 31, 17, 1, tzinfo=UTC))
    assert (late.year, late.so, late.ngay) == (2026, 3, dt.date(2026, 12, 31))
    assert (early.year, early.so, early.ngay) == (2027, 1, dt.date(2027, 1, 1))
    with store.transaction(readonly=True) as s:
        common = st.list_register(s, world.a, world.van_thu_a, year=2026)
        assert [(r.series, r.so) for r in common] == [
            ("CHUNG", 1),
            ("CHUNG", 2),
            ("QĐ", 1),
            ("QĐ", 2),
            ("CHUNG", 3),
        ]
        only_secret = st.list_register(s, world.a, world.van_thu_a, year=2026, series="MAT")
        assert [(r.so, r.do_mat) for r in only_secret] == [(1, "mat"), (2, "mat")]
        every = st.list_register(s, world.a, world.van_thu_a, year=2026, series=st.ALL_SERIES)
        assert len(every) == 7
        found = st.list_register(s, world.a, world.van_thu_a, year=2026, q="02/ubnd-kgvx")
        assert [(r.series, r.ky_hieu) for r in found] == [("CHUNG", "UBND-KGVX")]
        info = {i.key: i for i in st.list_series_info(s, world.a, world.van_thu_a, 2026)}
        assert (info["CHUNG"].issued, info["MAT"].issued, info["QĐ"].issued) == (3, 2, 2)
        assert "quyet_dinh" not in info["CHUNG"].kinds and info["QĐ"].kinds == ("quyet_dinh",)


def test_counters_never_go_back_below_an_issued_number(
    store: Store, world: World, leaders: tuple[int, int], letter: dict[str, Any]
) -> None:
    for _ in range(3):
        issue(store, world, approved(store, world, leaders[0], letter))
    with store.transaction() as s:
        with pytest.raises(Conflict):
            st.set_series_next(s, world.a, world.admin_a, year=2026, series="CHUNG", next_number=3)
        with pytest.raises(Forbidden):
            st.set_series_next(s, world.a, world.soan_a, year=2026, series="CHUNG", next_number=9)
        st.set_series_next(s, world.a, world.admin_a, year=2026, series="CHUNG", next_number=40)
    assert issue(store, world, approved(store, world, leaders[0], letter)).so == 40


def test_so_and_ky_hieu_are_unique_in_a_year(
    store: Store, world: World, leaders: tuple[int, int], letter: dict[str, Any]
) -> None:
    """A secret letter with the same ký hiệu as a common one would print the same
    “01/UBND-KGVX”: refused by the database's unique constraint (the code does not look
    first), and the secret series' number 01 is not used up."""
    issue(store, world, approved(store, world, leaders[0], letter))
    clash = approved(store, world, leaders[0], letter, do_mat="mat")
    with pytest.raises(Conflict, match="01/UBND-KGVX"), store.transaction() as s:
        st.issue_draft(s, world.a, world.van_thu_a, clash, produce=fake_produce, now=NOW)
    with store.transaction(readonly=True) as s:
        assert st.peek_next_number(s, world.a, year=2026, ky_hieu="MAT") == 1
        assert st.get_draft(s, world.a, world.soan_a, clash).state == "da_duyet"


def test_issued_files_are_frozen(
    store: Store, world: World, leaders: tuple[int, int], letter: dict[str, Any]
) -> None:
    draft = approved(store, world, leaders[0], letter)
    first = issue(store, world, draft)
    with store.transaction() as s, pytest.raises(Conflict):
        st.issue_draft(s, world.a, world.van_thu_a, draft, produce=fake_produce)
    with pytest.raises(DBAPIError, match="frozen"), store.transaction() as s:
        s.execute(text("UPDATE issued_documents SET so = 99"))
    with pytest.raises(DBAPIError, match="frozen"), store.transaction() as s:
        s.execute(text("UPDATE issued_documents SET pdf = :p"), {"p": b"%PDF forged"})
    for _ in range(3):
        with store.transaction(readonly=True) as s:
            record, pdf, _ = st.issued_file(s, world.a, world.van_thu_a, draft, "pdf")
            assert st.issuing.sha256(pdf) == first.pdf_sha256 == record.pdf_sha256
            assert record.so == 1


def test_twenty_concurrent_issues_get_twenty_consecutive_numbers(
    store: Store, world: World, leaders: tuple[int, int], letter: dict[str, Any]
) -> None:
    drafts = [approved(store, world, leaders[0], letter) for _ in range(THREADS)]

    def work(i: int, barrier: threading.Barrier) -> int:
        barrier.wait()
        with store.transaction() as s:
            return st.issue_draft(
                s, world.a, world.van_thu_a, drafts[i], produce=fake_produce, now=NOW
            ).so

    results = run_at_once(THREADS, work)
    assert sorted(results) == list(range(1, THREADS + 1)), results  # type: ignore[type-var]
    with store.transaction(readonly=True) as s:
        rows = st.list_register(s, world.a, world.van_thu_a, year=2026)
        assert sorted(r.so for r in rows) == list(range(1, THREADS + 1))
        assert len({r.draft_id for r in rows}) == THREADS


def test_two_van_thu_issuing_one_draft_at_once(
    store: Store, world: World, leaders: tuple[int, int], letter: dict[str, Any]
) -> None:
    draft = approved(store, world, leaders[0], letter)
    with store.transaction() as s:
        other = st.create_user(
            s, world.a, world.admin_a, username="vanthu.a2", password=PASSWORD, role="van_thu"
        ).id

    def work(i: int, barrier: threading.Barrier) -> int:
        barrier.wait()
        with store.transaction() as s:
            who = (world.van_thu_a, other)[i]
            return st.issue_draft(s, world.a, who, draft, produce=fake_produce, now=NOW).so

    results = run_at_once(2, work)
    assert sorted(map(type, results), key=str) == [Conflict, int], results
    with store.transaction(readonly=True) as s:
        assert st.peek_next_number(s, world.a, year=2026, ky_hieu="CHUNG") == 2


def test_api_tokens(store: Store, world: World) -> None:
    with store.transaction() as s:
        record, token = st.create_token(s, world.a, world.soan_a, name="Máy chủ quản lý văn bản")
        assert token.startswith("drf_") and len(token) > 40 and record.prefix == token[:10]
        found = st.user_for_token(s, token)
        assert found is not None and found[0].id == world.soan_a
        assert st.user_for_token(s, token + "x") is None
        assert st.user_for_token(s, "Bearer " + token) is None
        stored = s.execute(text("SELECT token_hash FROM api_tokens")).scalar_one()
        assert token not in stored and len(stored) == 64
        with pytest.raises(NotFound):  # someone else's token
            st.revoke_token(s, world.a, world.soan_a2, record.id)
        with pytest.raises(NotFound):
            st.revoke_token(s, world.b, world.admin_b, record.id)
    with store.transaction() as s:
        st.update_user(s, world.a, world.admin_a, world.soan_a, active=False)
        assert st.user_for_token(s, token) is None  # a deactivated user acts as nobody
        st.update_user(s, world.a, world.admin_a, world.soan_a, active=True)
        assert st.user_for_token(s, token) is not None
        st.revoke_token(s, world.a, world.soan_a, record.id)
        assert st.user_for_token(s, token) is None
        assert [t.active for t in st.list_tokens(s, world.a, world.soan_a)] == [False]
        user, _, second = st.create_token_for(s, "Soan.A", name="CLI")
        assert user.id == world.soan_a and st.user_for_token(s, second) is not None
        with pytest.raises(NotFound):
            st.create_token_for(s, "khong.co", name="CLI")


def test_a_signer_preset_linked_to_its_lanh_dao(
    store: Store, world: World, leaders: tuple[int, int]
) -> None:
    with store.transaction() as s:
        signer = st.create_signer(
            s, world.a, world.van_thu_a, tham_quyen=[], chuc_vu="CHỦ TỊCH", ho_ten="Võ Văn Cảnh"
        ).id
        with pytest.raises(Forbidden):
            st.link_signer(s, world.a, world.soan_a, signer, leaders[0])
        with pytest.raises(Invalid):  # not a lãnh đạo
            st.link_signer(s, world.a, world.van_thu_a, signer, world.soan_a)
        with pytest.raises(NotFound):
            st.link_signer(s, world.b, world.admin_b, signer, None)
        st.link_signer(s, world.a, world.van_thu_a, signer, leaders[1])
        assert st.get_signer(s, world.a, signer).user_id == leaders[1]
        by_id = {p.id: p for p in st.list_leaders(s, world.a)}
        assert by_id[leaders[1]].signs_as == ("Võ Văn Cảnh",) and by_id[leaders[0]].signs_as == ()
        st.link_signer(s, world.a, world.admin_a, signer, None)
        assert st.get_signer(s, world.a, signer).user_id is None


def test_the_lanh_dao_role(store: Store, world: World) -> None:
    with store.transaction() as s:
        user = st.create_user(
            s, world.a, world.admin_a, username="lanh.dao", password=PASSWORD, role="lanh_dao"
        )
        assert user.role == "lanh_dao" and st.ROLE_LABELS["lanh_dao"] == "Lãnh đạo"
    with pytest.raises(Exception, match=r"(?i)check"), store.transaction() as s:
        s.add(User(agency_id=world.a, username="x.y", password_hash="-", role="giam_doc"))
        s.flush()


def test_upgrading_a_database_with_data_keeps_it(
    backend: str, request: pytest.FixtureRequest, tmp_path: Any, letter: dict[str, Any]
) -> None:
    """0002 → 0004 → 0002 on a database holding mẫu and drafts: neither the role check
    nor the new draft column rebuilds a table, so nothing cascades away."""
    if backend == "postgresql":
        url = request.getfixturevalue("pg_server").create_database("drafter_upgrade")
    else:
        url = f"sqlite:///{tmp_path / 'up.sqlite3'}"
    store = Store.from_url(url)
    try:
        migrate.upgrade(store.engine, "0002")
        with store.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO agencies (name, co_quan_chu_quan, co_quan_ban_hanh, dia_danh, ky_hieu_prefix, dia_chi, units, created_at, updated_at) VALUES ('A', '', '', '', '', '', '[]', '2026-01-01', '2026-01-01')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO users (agency_id, username, full_name, password_hash, role, active, created_at) VALUES (1, 'u', '', '-', 'soan_thao', true, '2026-01-01')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO drafts (agency_id, owner_id, title, current_version, created_at, updated_at) VALUES (1, 1, 't', 1, '2026-01-01', '2026-01-01')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO draft_versions (draft_id, n, kind, letter, created_at, saved_at) VALUES (1, 1, 'save', '{}', '2026-01-01', '2026-01-01')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO signers (agency_id, tham_quyen, chuc_vu, ho_ten, position, created_at, updated_at) VALUES (1, '[]', 'GIÁM ĐỐC', 'A', 1, '2026-01-01', '2026-01-01')"
                )
            )
        migrate.upgrade(store.engine)
        with store.engine.begin() as conn:
            assert conn.execute(text("SELECT state FROM drafts")).scalar_one() == "du_thao"
            assert conn.execute(text("SELECT count(*) FROM draft_versions")).scalar_one() == 1
            assert conn.execute(text("SELECT ho_ten FROM signers")).scalar_one() == "A"
            conn.execute(text("UPDATE users SET role = 'lanh_dao'"))
            conn.execute(text("UPDATE signers SET user_id = 1"))
        migrate.downgrade(store.engine, "0002")
        with store.engine.begin() as conn:
            assert conn.execute(text("SELECT count(*) FROM draft_versions")).scalar_one() == 1
            assert conn.execute(text("SELECT role FROM users")).scalar_one() == "soan_thao"
            assert conn.execute(text("SELECT ho_ten FROM signers")).scalar_one() == "A"
    finally:
        store.dispose()
