"""End to end in Chromium, for the other kinds and the viết hoa lưu ý: choose the kind on
“Văn bản mới”, type a quyết định and a giấy mời through its own form, download the .docx
and compare it with the CLI rendering; fix a lưu ý in place with one click."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from drafter.kinds import load_kind
from drafter.model import Letter
from drafter.render import render_docx
from drafter.web.forms import from_letter_dict, lists, scalars
from tests.conftest import EXAMPLES_DIR, load_example
from tests.docx_reading import all_text, open_docx
from tests.e2e.test_browser import download, formatting

pytestmark = pytest.mark.slow


def fill_kind(page: Page, letter: dict[str, Any]) -> None:
    """Fill the kind's form field by field and row by row, with its own buttons."""
    kind = load_kind(letter["kind"])
    data = from_letter_dict(letter, kind.key)
    for name, fdef in scalars(kind).items():
        if fdef.type == "choice":
            page.select_option(f"#{name}", data[name])
        else:
            page.fill(f"#{name}", data[name])
    for name, fdef in lists(kind).items():
        rows = page.locator(f"#{name} [data-row]")
        for i, row in enumerate(data[name]):
            if fdef.type == "blocks":
                if i >= rows.count():
                    page.click(f"#add-{name}-{row['type']}")
                else:
                    page.select_option(f"#{name}-{i}-type", row["type"])
                for key, value in row.items():
                    if key == "type" or not value:
                        continue
                    if key == "level":
                        page.select_option(f"#{name}-{i}-{key}", value)
                    else:
                        page.fill(f"#{name}-{i}-{key}", value)
            elif isinstance(row, dict):  # an authority line: prefix and title
                page.click(f"#add-{name}")
                page.select_option(f"#{name}-{i}-hinh_thuc", row["hinh_thuc"])
                page.fill(f"#{name}-{i}-title", row["title"])
            else:
                if i >= rows.count():
                    page.click(f"#add-{name}")
                page.fill(f"#{name}-{i}", row)


@pytest.mark.parametrize(
    ("name", "choice", "seen"),
    [
        (
            "kinds/qd-ubnd-daklak-to-cong-tac-chuyen-doi-so.json",
            "Quyết định",
            ("QUYẾT ĐỊNH:", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK", "Điều 3."),
        ),
        (
            "kinds/gm-ubnd-daklak-doi-thoai-doanh-nghiep.json",
            "Giấy mời",
            ("trân trọng kính mời:", "Thời gian: từ 08 giờ 30 đến 11 giờ 30, thứ Năm"),
        ),
    ],
)
def test_a_kind_typed_through_its_own_form(
    page: Page, artifacts: Path, name: str, choice: str, seen: tuple[str, ...]
) -> None:
    letter = load_example(name)
    page.click("nav >> text=Văn bản mới")
    page.get_by_role("link", name=choice).click()
    expect(page.locator("#form-title")).to_have_text(f"Soạn {choice.lower()}")
    fill_kind(page, letter)
    sheet = page.locator(".sheet")
    expect(page.locator("#preview-live")).to_contain_text("không có lỗi")
    expect(sheet.locator(".title-name")).to_have_text(load_kind(letter["kind"]).info["ten_loai"])
    for words in seen:
        expect(sheet).to_contain_text(words)
    page.screenshot(path=str(artifacts / f"web-{letter['kind']}.png"))
    data = download(page, "#btn-docx")
    expected = render_docx(Letter.from_dict(letter))
    assert formatting(data) == formatting(expected)
    assert all_text(open_docx(data)) == all_text(open_docx(expected))
    if letter["kind"] == "giay_moi":
        assert b"DTSTART;TZID=Asia/Ho_Chi_Minh:20261119T083000" in download(page, "#btn-event-ics")


def test_a_viet_hoa_note_fixed_in_place(page: Page) -> None:
    """The Quảng Ngãi letter writes `với nhân dân`: the preview lists it, one click fixes
    the field, the preview follows and the note is gone."""
    page.set_input_files("#json_file", str(EXAMPLES_DIR / "quangngai-2116-ubnd-nc.json"))
    page.click("#btn-open")
    notes = page.locator(".lint-findings")
    expect(notes).to_contain_text("V3")
    button = notes.get_by_role("button", name="Sửa thành “Nhân dân”")
    button.click()
    expect(page.locator("#noi_dung-0-text")).to_have_value(
        load_example("quangngai-2116-ubnd-nc.json")["noi_dung"][0]["text"].replace(
            "với nhân dân", "với Nhân dân"
        )
    )
    expect(page.locator("#noi_dung-0-text")).to_be_focused()
    expect(page.locator(".lint-findings")).to_have_count(0)
    expect(page.locator(".sheet")).to_contain_text("với Nhân dân trên địa bàn")
