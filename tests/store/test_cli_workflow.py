"""`drafter users create --role lanh_dao`, `drafter users token create` and `drafter
register export`, as an operator runs them, on both databases."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from drafter.model import Letter
from drafter.register_export import COLUMNS
from drafter.store import (
    Store,
    approve_draft,
    create_draft,
    find_agency,
    get_user,
    issue_draft,
    list_audit,
    migrate,
    submit_draft,
    user_for_token,
)
from tests.store.conftest import PASSWORD
from tests.store.test_cli import db_env, run  # noqa: F401  (the fixture and the runner)

AGENCY = "UBND tỉnh Đắk Lắk"


def produce(letter: Letter) -> tuple[bytes, bytes]:
    return b"PK docx", b"%PDF-1.7"


def test_lanh_dao_token_and_register_export(
    db_env: str,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    letter: dict[str, Any],
) -> None:
    assert run(capsys, monkeypatch, "db", "upgrade")[0] == 0
    for username, role in (("admin", "quan_tri"), ("ld", "lanh_dao"), ("vt", "van_thu")):
        code, out, err = run(
            capsys,
            monkeypatch,
            *("users", "create", "--agency", AGENCY, "--username", f"{username}.a"),
            *("--role", role, "--password-stdin"),
            stdin=PASSWORD + "\n",
        )
        assert code == 0, err
    assert "(Lãnh đạo)" in out or "(Văn thư)" in out

    code, out, err = run(capsys, monkeypatch, "users", "token", "create", "--username", "ld.a")
    assert code == 0, err
    token = out.split()[-1]
    assert token.startswith("drf_")
    code, _, err = run(capsys, monkeypatch, "users", "token", "create", "--username", "khong.co")
    assert code == 2 and "khong.co" in err

    store = Store.from_url(db_env)
    try:
        with store.transaction() as s:
            found = user_for_token(s, token)
            assert found is not None and found[0].username == "ld.a"
            agency = find_agency(s, AGENCY)
            admin, leader, van_thu = 1, 2, 3
            assert get_user(s, agency.id, leader).role == "lanh_dao"
            draft = create_draft(s, agency.id, admin, letter).id
            submit_draft(s, agency.id, admin, draft, to="ld.a")
            approve_draft(s, agency.id, leader, draft)
            issued = issue_draft(s, agency.id, van_thu, draft, produce=produce)
        year = issued.year

        target = tmp_path / f"so-di-{year}.xlsx"
        code, out, err = run(
            capsys, monkeypatch, "register", "export", "--year", str(year), "-o", str(target)
        )
        assert code == 0, err
        sheet = load_workbook(io.BytesIO(target.read_bytes())).worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        assert rows[0] == list(COLUMNS) and len(rows[0]) == 10
        assert rows[2][0] == f"01/{letter['ky_hieu']}"

        code, out, err = run(
            capsys,
            monkeypatch,
            *("register", "export", "--year", str(year), "--agency", AGENCY, "-o", "-"),
            "--format",
            "json",
        )
        assert code == 0 and json.loads(out)["rows"][0][0] == f"01/{letter['ky_hieu']}"
        code, _, err = run(
            capsys, monkeypatch, "register", "export", "--year", str(year), "-o", "x.txt"
        )
        assert code == 2 and ".xlsx" in err
        code, _, err = run(
            capsys,
            monkeypatch,
            *("register", "export", "--year", str(year), "--agency", "Không có", "-o", "a.json"),
        )
        assert code == 2 and "Không có" in err
        with store.transaction(readonly=True) as s:
            entries, _ = list_audit(s, agency.id, admin, action="export")
            assert [e.actor_name for e in entries] == ["Dòng lệnh (drafter)"] * 2
        assert migrate.is_up_to_date(store.engine)
    finally:
        store.dispose()
