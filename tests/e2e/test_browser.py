"""End to end in Chromium: fill the Đắk Lắk letter through the page, download the .docx and
compare it with the CLI rendering; errors beside fields; keyboard-only rows; no JavaScript."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from drafter.model import Letter
from drafter.render import render_docx
from tests.conftest import EXAMPLES_DIR, load_example
from tests.docx_reading import all_paragraphs, all_text, effective, open_docx

pytestmark = pytest.mark.slow

DAKLAK = "daklak-1691-ubnd-kgvx.json"


def fill_letter(page: Page, letter: dict[str, Any]) -> None:
    """Fill the form the way a person does: type in fields, press the row buttons."""
    for field in ("co_quan_chu_quan", "co_quan_ban_hanh", "so", "ky_hieu", "dia_danh"):
        page.fill(f"#{field}", letter[field])
    page.fill("#ngay", letter["ngay"])
    page.fill("#trich_yeu", letter["trich_yeu"])
    page.select_option("#muc_do_khan", letter["muc_do_khan"])
    page.select_option("#do_mat", letter["do_mat"])

    # Kính gửi with the keyboard: Enter at the end of the last line adds the next one.
    page.fill("#kinh_gui-0", letter["kinh_gui"][0])
    for i, entry in enumerate(letter["kinh_gui"][1:], start=1):
        page.press(f"#kinh_gui-{i - 1}", "Enter")
        expect(page.locator(f"#kinh_gui-{i}")).to_be_focused()
        page.keyboard.type(entry)

    for i, block in enumerate(letter["noi_dung"]):
        if i == 0:
            page.select_option("#noi_dung-0-type", block["type"])
        else:
            page.click(f"#add-noi_dung-{block['type']}")
            expect(page.locator(f"#noi_dung-{i}-text")).to_be_focused()
        page.fill(f"#noi_dung-{i}-text", block["text"])
        for key in ("number", "deadline", "assignee"):
            if block.get(key):
                page.fill(f"#noi_dung-{i}-{key}", block[key])

    page.fill("#noi_nhan-0", letter["noi_nhan"][0])
    for i, entry in enumerate(letter["noi_nhan"][1:], start=1):
        page.click("#add-noi_nhan")
        page.fill(f"#noi_nhan-{i}", entry)
    page.fill("#luu", letter["luu"])
    page.fill("#ky_hieu_nguoi_soan", letter["ky_hieu_nguoi_soan"])
    for i, line in enumerate(letter["ky"]["tham_quyen"]):
        page.click("#add-ky_tham_quyen")
        head, _, title = line.partition(" ")
        page.select_option(f"#ky_tham_quyen-{i}-hinh_thuc", head)
        page.fill(f"#ky_tham_quyen-{i}-title", title)
    page.fill("#ky_chuc_vu", letter["ky"]["chuc_vu"])
    page.fill("#ky_ho_ten", letter["ky"]["ho_ten"])
    page.fill("#dia_chi", letter["dia_chi"])


def formatting(data: bytes) -> list[tuple[str, str, list[tuple[str, bool, bool, Any]]]]:
    """Every paragraph (tables included) in order: text, style and its runs' formats."""
    doc = open_docx(data)
    out = []
    for para in all_paragraphs(doc):
        runs = [
            (
                run.text,
                bool(effective(run, para, "bold")),
                bool(effective(run, para, "italic")),
                effective(run, para, "size"),
            )
            for run in para.runs
            if run.text
        ]
        out.append((para.text, para.style.name, runs))
    return out


def download(page: Page, button: str) -> bytes:
    with page.expect_download() as info:
        page.click(button)
    return Path(info.value.path()).read_bytes()


def test_daklak_letter_through_the_page(page: Page, artifacts: Path) -> None:
    letter = load_example(DAKLAK)
    assert len(letter["kinh_gui"]) > 1 and letter["ky"]["tham_quyen"] == ["KT. CHỦ TỊCH"]
    assert [b["type"] for b in letter["noi_dung"]].count("task") == 2
    fill_letter(page, letter)

    # The live preview follows the typing, from the same context as the .docx.
    sheet = page.locator(".sheet")
    expect(page.locator(".preview-ok").first).to_be_visible()
    expect(sheet).to_contain_text("Số: 1691/UBND-KGVX")
    expect(sheet).to_contain_text("Đắk Lắk, ngày 05 tháng 3 năm 2019")
    expect(sheet).to_contain_text("- UBND các huyện, thị xã, thành phố.")
    expect(sheet).to_contain_text("2. Sở Nội vụ chủ trì, phối hợp với các đơn vị liên quan:")
    expect(sheet).to_contain_text("KT. CHỦ TỊCH")
    expect(sheet).to_contain_text("- Lưu: VT, KGVX (N- 47b).")
    expect(page.locator(".sheet b").first).to_have_text("trước ngày 10/12/2019")
    expect(page.locator("#preview-live")).to_contain_text("không có lỗi")

    page.screenshot(path=str(artifacts / "web-form-and-preview.png"))
    sheet.screenshot(path=str(artifacts / "web-preview-sheet.png"))

    data = download(page, "#btn-docx")
    expected = render_docx(Letter.from_dict(letter))
    assert formatting(data) == formatting(expected)
    assert all_text(open_docx(data)) == all_text(open_docx(expected))

    saved = json.loads(download(page, "#btn-json"))
    assert saved == Letter.from_dict(letter).to_dict()
    assert download(page, "#btn-tasks-ics").startswith(b"BEGIN:VCALENDAR")


def test_validation_errors_are_beside_their_fields(page: Page, artifacts: Path) -> None:
    page.fill("#co_quan_ban_hanh", "UBND TỈNH ĐẮK LẮK")
    page.fill("#ky_hieu", "UBND KGVX")
    page.fill("#dia_danh", "Đắk Lắk")
    page.fill("#trich_yeu", "thử lỗi")
    page.fill("#kinh_gui-0", "Sở Nội vụ")
    page.fill("#noi_dung-0-text", "Nội dung.")
    page.fill("#ky_chuc_vu", "CHỦ TỊCH")
    page.click("#btn-docx")

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Cần sửa 2 lỗi")
    for field_id, words in (("ky_hieu", "có dấu cách"), ("ky_ho_ten", "không được để trống")):
        box = page.locator(f".field:has(#{field_id})")
        error = box.locator(".error")
        expect(error).to_contain_text(words)
        expect(page.locator(f"#{field_id}")).to_have_attribute("aria-invalid", "true")
        field_box = page.locator(f"#{field_id}").bounding_box()
        error_box = error.bounding_box()
        assert field_box and error_box
        assert 0 <= field_box["y"] - (error_box["y"] + error_box["height"]) < 30  # just above
    expect(page.locator("#ky_hieu")).to_have_value("UBND KGVX")  # nothing typed is lost
    page.screenshot(path=str(artifacts / "web-errors.png"))

    # The summary's link puts the focus in the field.
    summary.get_by_role("link", name="Ký hiệu").click()
    expect(page.locator("#ky_hieu")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("UBND-KGVX")
    page.fill("#ky_ho_ten", "Võ Văn Cảnh")
    expect(page.locator("#preview-live")).to_contain_text("không có lỗi")
    assert download(page, "#btn-docx")[:2] == b"PK"


def test_rows_with_the_keyboard_only(page: Page) -> None:
    kg = page.locator("#kinh_gui [data-row]")
    page.focus("#kinh_gui-0")
    page.keyboard.type("Sở Tài chính")
    page.keyboard.press("Enter")
    expect(kg).to_have_count(2)
    page.keyboard.type("Sở Nội vụ")
    # Alt+↑ moves the line the cursor is in; the cursor stays in it.
    page.keyboard.press("Alt+ArrowUp")
    expect(page.locator("#kinh_gui-0")).to_have_value("Sở Nội vụ")
    expect(page.locator("#kinh_gui-0")).to_be_focused()
    # Tab to the row's buttons: Lên, Xuống, Xóa; Enter on Xuống then on Xóa.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator("#down-kinh_gui-0")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#kinh_gui-1")).to_have_value("Sở Nội vụ")
    expect(page.locator("#down-kinh_gui-1")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#remove-kinh_gui-1")).to_be_focused()
    page.keyboard.press("Enter")
    expect(kg).to_have_count(1)
    expect(page.locator("#kinh_gui-0")).to_have_value("Sở Tài chính")
    expect(page.locator("#kinh_gui-0")).to_be_focused()
    expect(page.locator("#remove-kinh_gui-0")).to_have_attribute("value", "remove:kinh_gui:0")

    # A task block from the keyboard: its task fields appear, the others hide them.
    page.focus("#add-noi_dung-task")
    page.keyboard.press("Space")
    expect(page.locator("#noi_dung-1-text")).to_be_focused()
    page.keyboard.type("Báo cáo kết quả")
    expect(page.locator("#noi_dung-1-deadline")).to_be_visible()
    expect(page.locator("#noi_dung-0-deadline")).to_be_hidden()
    page.fill("#noi_dung-1-deadline", "2026-12-31")
    expect(page.locator(".sheet")).to_contain_text(
        "1. Báo cáo kết quả (hoàn thành trước ngày 31/12/2026)./."
    )


def test_open_json_through_the_page(page: Page) -> None:
    page.set_input_files("#json_file", str(EXAMPLES_DIR / "ubnd-hue-hoa-toc-ung-pho-mua-lu.json"))
    page.click("#btn-open")
    expect(page.locator("#notice")).to_contain_text("Đã mở")
    letter = load_example("ubnd-hue-hoa-toc-ung-pho-mua-lu.json")
    expect(page.locator("#ky_hieu")).to_have_value(letter["ky_hieu"])
    expect(page.locator(".sheet .stamp").first).to_be_visible()
    data = download(page, "#btn-docx")
    assert formatting(data) == formatting(render_docx(Letter.from_dict(letter)))


def test_without_javascript_rows_round_trip(nojs_page: Page) -> None:
    page = nojs_page
    page.fill("#kinh_gui-0", "Sở Y tế")
    page.fill("#noi_dung-0-text", "Đoạn đầu")
    page.click("#add-kinh_gui")
    expect(page.locator("#kinh_gui-1")).to_be_focused()  # autofocus on the new row
    expect(page.locator("#kinh_gui-0")).to_have_value("Sở Y tế")
    expect(page.locator("#noi_dung-0-text")).to_have_value("Đoạn đầu")
    page.fill("#kinh_gui-1", "Sở Tài chính")
    page.click("#add-noi_dung-bullet")
    expect(page.locator("#noi_dung-1-type")).to_have_value("bullet")
    page.click("#up-kinh_gui-1")
    expect(page.locator("#kinh_gui-0")).to_have_value("Sở Tài chính")
    page.click("#remove-kinh_gui-0")
    expect(page.locator("#kinh_gui [data-row]")).to_have_count(1)
    expect(page.locator("#kinh_gui-0")).to_have_value("Sở Y tế")
    # The server-rendered preview is there without JavaScript too.
    expect(page.locator(".sheet")).to_contain_text("Kính gửi: Sở Y tế.")
