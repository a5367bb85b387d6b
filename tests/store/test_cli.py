"""`drafter db …` and `drafter users create` as an operator runs them, on both databases."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from drafter.cli import main
from drafter.store import Store, authenticate, find_agency, get_user, migrate
from tests.store.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def db_env(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """An empty database the CLI finds through its environment; yields its URL."""
    monkeypatch.setenv("DRAFTER_INSTANCE_PATH", str(tmp_path / "instance"))
    if backend == "postgresql":
        url = request.getfixturevalue("pg_url")  # a fresh database on the run's server
        monkeypatch.setenv("DATABASE_URL", url)
    else:
        monkeypatch.delenv("DATABASE_URL", raising=False)
        url = f"sqlite:///{tmp_path / 'instance' / 'drafter.sqlite3'}"
    yield url


def run(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
    stdin: str = "",
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_first_admin_from_an_empty_database(
    db_env: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    create = ("users", "create", "--agency", "Sở Y tế Đà Nẵng", "--username", "Admin")

    code, _, err = run(capsys, monkeypatch, *create, "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 2 and "drafter db upgrade" in err  # not migrated yet: refused, clearly

    code, out, _ = run(capsys, monkeypatch, "db", "current")
    assert code == 0 and "Chưa có lược đồ" in out
    code, out, _ = run(capsys, monkeypatch, "db", "upgrade")
    assert code == 0 and f"→ {migrate.head_revision()}" in out
    code, out, _ = run(capsys, monkeypatch, "db", "upgrade")
    assert code == 0 and "không có gì phải làm" in out
    code, out, _ = run(capsys, monkeypatch, "db", "current")
    assert code == 0 and "(mới nhất)" in out

    code, out, _ = run(
        capsys,
        monkeypatch,
        *create,
        "--full-name",
        "Trần Thị B",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert code == 0, out
    assert "Đã tạo cơ quan “Sở Y tế Đà Nẵng”" in out and "“admin” (Quản trị)" in out

    store = Store.from_url(db_env)
    with store.transaction() as s:
        user = authenticate(s, "admin", PASSWORD)
        assert user is not None and user.role == "quan_tri" and user.full_name == "Trần Thị B"
        assert find_agency(s, "Sở Y tế Đà Nẵng").id == user.agency_id
    store.dispose()

    # Same username again: refused; a second user of the same agency: no new agency.
    code, _, err = run(capsys, monkeypatch, *create, "--password-stdin", stdin=PASSWORD)
    assert code == 2 and "đã có người dùng" in err
    code, out, _ = run(
        capsys,
        monkeypatch,
        "users",
        "create",
        "--agency",
        "Sở Y tế Đà Nẵng",
        "--username",
        "vanthu",
        "--role",
        "van_thu",
        "--password-stdin",
        stdin=PASSWORD,
    )
    assert code == 0 and "Đã tạo cơ quan" not in out and "(Văn thư)" in out

    code, out, _ = run(capsys, monkeypatch, "db", "downgrade", "base")
    assert code == 0 and "(trống" in out
    code, out, _ = run(capsys, monkeypatch, "db", "current")
    assert "Chưa có lược đồ" in out


def test_refusals_exit_2_with_every_problem(
    db_env: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(capsys, monkeypatch, "db", "upgrade")[0] == 0
    code, _, err = run(
        capsys,
        monkeypatch,
        *("users", "create", "--agency", "X", "--username", "có dấu", "--password-stdin"),
        stdin="ngắn\n",
    )
    assert code == 2 and "username:" in err and "password:" in err
    # No terminal and no --password-stdin: nothing to read a password from.
    code, _, err = run(capsys, monkeypatch, "users", "create", "--agency", "X", "--username", "bob")
    assert code == 2 and "--password-stdin" in err
    code, _, err = run(capsys, monkeypatch, "db", "downgrade", "khong-co")
    assert code == 2 and "khong-co" in err


def test_an_unreachable_database_exits_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    code, _, err = run(capsys, monkeypatch, "db", "current")
    assert code == 2 and "Không làm việc được với cơ sở dữ liệu" in err


def test_the_installed_command(tmp_path: Path) -> None:
    """The real entry point, in a child process, against the instance folder's SQLite."""
    env = {
        **os.environ,
        "DRAFTER_INSTANCE_PATH": str(tmp_path),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)

    def drafter(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "drafter.cli", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )

    assert drafter("db", "upgrade").returncode == 0
    made = drafter(
        *("users", "create", "--agency", "Bộ Nội vụ", "--username", "admin", "--password-stdin"),
        stdin=PASSWORD,
    )
    assert made.returncode == 0, made.stderr
    store = Store.from_url(f"sqlite:///{tmp_path / 'drafter.sqlite3'}")
    with store.transaction() as s:
        user = authenticate(s, "admin", PASSWORD)
        assert user is not None and get_user(s, user.agency_id, user.id).role == "quan_tri"
    store.dispose()
    assert (tmp_path / "drafter.sqlite3").is_file()
