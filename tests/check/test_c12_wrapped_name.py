"""C12 on the .docx measures a name line that is too wide for its column as it prints:
wrapped first-fit, as LibreOffice and Word wrap it (issue 14, one verdict)."""

from __future__ import annotations

from typing import Any

import pytest

from drafter import linebreak
from drafter.check import check_docx
from drafter.metrics import largest_fitting_size
from drafter.model import Letter
from drafter.render import render_docx
from tests.conftest import load_example


def typeset_by_chance(monkeypatch: pytest.MonkeyPatch, issuer: str) -> bytes:
    """A letter as drafter rendered it before issue 14: the typed line, left to wrap."""

    def one_line(lines: list[str], column: Any, sizes: Any, *, bold: bool) -> Any:
        return linebreak.Layout(list(lines), largest_fitting_size(lines, sizes, column, bold=bold))

    data = load_example("daklak-1691-ubnd-kgvx.json")
    data["co_quan_ban_hanh"] = issuer
    with monkeypatch.context() as patch:
        patch.setattr(linebreak, "break_name", one_line)
        return render_docx(Letter.from_dict(data))


@pytest.mark.parametrize(
    ("issuer", "percent"),
    [
        ("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", "61,9%"),  # the page measures 0.619
        ("UỶ BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "69,1%"),  # the page: 0.691
        ("ỦY BAN NHÂN DÂN HUYỆN CHÂU THÀNH", "62,3%"),  # the page: 0.623
    ],
)
def test_a_wrapping_name_fails_c12_as_on_the_page(
    monkeypatch: pytest.MonkeyPatch, issuer: str, percent: str
) -> None:
    found = [f.text for f in check_docx(typeset_by_chance(monkeypatch, issuer)).errors]
    assert [t for t in found if "Đường kẻ dưới tên cơ quan" in t and percent in t], found


def test_the_same_name_broken_by_drafter_passes() -> None:
    data = load_example("daklak-1691-ubnd-kgvx.json")
    data["co_quan_ban_hanh"] = "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"
    assert check_docx(render_docx(Letter.from_dict(data))).errors == []
