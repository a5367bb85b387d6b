"""End to end in Chromium: what drafter remembers for a signed-in user.

A newcomer's path (issue 6): sign in, type a letter, save it as a mẫu, sign out, sign in
again, start the next letter from the mẫu, change the signer from the agency's list,
download the .docx. Then drafts: saved while typing, and two tabs on one draft (the
second save is refused with the text kept, and can be kept as a new draft). Without
JavaScript the presets still fill the form (a round trip).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from drafter.store import get_draft, list_mau
from drafter.store.letters import clean_partial_letter
from drafter.web.forms import from_letter_dict, to_letter_dict
from tests.conftest import load_example
from tests.docx_reading import all_text, open_docx
from tests.e2e.conftest import OTHER_SIGNER, Site, log_in
from tests.e2e.test_browser import DAKLAK, download, fill_letter

pytestmark = pytest.mark.slow


def signer_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()][-4:]


def test_mau_round_trip_with_a_signer_preset(page: Page, site: Site, artifacts: Path) -> None:
    letter = load_example(DAKLAK)
    fill_letter(page, letter)

    # Lưu thành mẫu: all typed fields, for the whole agency.
    page.click("#mau-section > summary")
    page.fill("#mau_name", "Công văn KGVX gửi các sở")
    page.check("#mau_visibility-agency")
    page.click("#btn-mau-save")
    notice = page.locator("#notice")
    expect(notice).to_be_focused()
    expect(notice).to_contain_text("Đã lưu mẫu “Công văn KGVX gửi các sở”")
    expect(notice).to_contain_text("cả cơ quan dùng được")
    expect(page.locator("#ky_hieu")).to_have_value("UBND-KGVX")  # the letter is still there

    # Log out, log in again (another day).
    page.click("#btn-logout")
    expect(page.locator(".flash")).to_contain_text("Đã đăng xuất")
    expect(page.locator("#password")).to_be_visible()
    page.goto(site.url + "/mau")
    assert "/login" in page.url  # signed out for real
    log_in(page, site.url)
    page.goto(site.url + "/mau")

    # The list finds it by a search without diacritics; “Tạo văn bản” opens the form.
    page.fill("#q", "cong van kgvx")
    page.click("#btn-filter")
    rows = page.locator("table.list-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Công văn KGVX gửi các sở")
    expect(rows.first).to_contain_text("Cả cơ quan")
    page.screenshot(path=str(artifacts / "web-mau-list.png"), full_page=True)
    rows.first.get_by_role("button", name="Tạo văn bản").click()

    expect(page.locator("#notice")).to_contain_text("Văn bản mới từ mẫu")
    expect(page.locator("#ky_hieu")).to_have_value("UBND-KGVX")
    expect(page.locator("#trich_yeu")).to_have_value(letter["trich_yeu"])
    expect(page.locator("#kinh_gui-1")).to_have_value(letter["kinh_gui"][1])
    expect(page.locator("#ky_ho_ten")).to_have_value(letter["ky"]["ho_ten"])

    # Change the signer: the agency's other signer, filled in place.
    page.select_option("#signer_preset", str(site.other_signer))
    page.click("#btn-signer-preset")
    expect(page.locator("#btn-signer-preset")).to_be_focused()  # focus stays put
    expect(page.locator("#ky_tham_quyen [data-row]")).to_have_count(1)
    expect(page.locator("#ky_tham_quyen-0-hinh_thuc")).to_have_value("TM.")
    expect(page.locator("#ky_tham_quyen-0-title")).to_have_value("ỦY BAN NHÂN DÂN")
    expect(page.locator("#ky_chuc_vu")).to_have_value("CHỦ TỊCH")
    expect(page.locator("#ky_ho_ten")).to_have_value("Phạm Ngọc Nghị")
    sheet = page.locator(".sheet")
    expect(sheet).to_contain_text("TM. ỦY BAN NHÂN DÂN")
    expect(sheet).to_contain_text("Phạm Ngọc Nghị")
    expect(page.locator("#preview-live")).to_contain_text("không có lỗi")
    page.screenshot(path=str(artifacts / "web-letter-from-mau.png"))

    data = download(page, "#btn-docx")
    text = all_text(open_docx(data))
    for line in (*OTHER_SIGNER["tham_quyen"], OTHER_SIGNER["chuc_vu"], OTHER_SIGNER["ho_ten"]):
        assert line in text
    assert "Võ Văn Cảnh" not in text and "KT. CHỦ TỊCH" not in text
    assert "PHÓ CHỦ TỊCH" not in text
    assert "Số: 1691/UBND-KGVX" in text  # the rest is the mẫu's

    # The mẫu was marked as used (the list's default order is “last used”).
    with site.store.transaction(readonly=True) as s:
        (mau,) = list_mau(s, site.world.a, site.world.soan_a, q="kgvx gui cac so")
    assert mau.last_used_at is not None and mau.visibility == "agency"


def test_draft_saves_while_typing_and_as_the_server_would(page: Page, site: Site) -> None:
    letter = load_example(DAKLAK)
    fill_letter(page, letter)
    status = page.locator("#draft-status")
    # Typing started a draft (autosave, a couple of seconds after the last key).
    expect(status).to_contain_text("Đã tự lưu phiên bản", timeout=15_000)
    expect(page).to_have_url(re.compile(r"/drafts/\d+$"))
    draft_id = int(page.url.rsplit("/", 1)[1])

    page.fill("#trich_yeu", letter["trich_yeu"] + " (sửa)")
    page.click("#btn-save")
    expect(status).to_contain_text("Đã lưu phiên bản")
    expect(page.locator("#draft-live")).to_contain_text("Đã lưu phiên bản")

    # What app.js sent is what the form posts would make (forms.to_letter_dict).
    letter["trich_yeu"] += " (sửa)"
    expected = clean_partial_letter(to_letter_dict(from_letter_dict(letter)).letter)
    with site.store.transaction(readonly=True) as s:
        stored = get_draft(s, site.world.a, site.world.soan_a, draft_id)
    assert stored.letter == expected
    answer = page.request.get(f"{site.url}/api/v1/drafts/{draft_id}")
    assert answer.status == 200 and answer.json()["letter"] == expected

    # Reopening shows it; the versions page lists the autosave and the save.
    page.goto(f"{site.url}/drafts/{draft_id}/versions")
    expect(page.locator("tbody tr")).to_have_count(stored.current_version)
    expect(page.locator("tbody")).to_contain_text("tự lưu")
    page.goto(f"{site.url}/drafts/{draft_id}")
    expect(page.locator("#trich_yeu")).to_have_value(letter["trich_yeu"])


def test_two_tabs_on_one_draft(page: Page, site: Site, artifacts: Path) -> None:
    page.fill("#co_quan_ban_hanh", "UBND TỈNH ĐẮK LẮK")
    page.fill("#trich_yeu", "hai thẻ cùng sửa")
    page.click("#btn-save")
    expect(page.locator("#draft-status")).to_contain_text("Đã lưu phiên bản 1")
    url = page.url
    other = page.context.new_page()
    other.goto(url)
    expect(other.locator("#trich_yeu")).to_have_value("hai thẻ cùng sửa")

    # Tab 1 saves a new version (2, or 3 when its autosave got in first on a slow
    # machine); tab 2, still on version 1, is refused and keeps its text.
    page.fill("#trich_yeu", "thẻ một")
    page.click("#btn-save")
    status = page.locator("#draft-status")
    expect(status).to_contain_text(re.compile(r"Đã lưu phiên bản [23] "))
    saved = re.search(r"phiên bản (\d+)", status.inner_text())
    assert saved is not None
    version = saved.group(1)
    other.fill("#trich_yeu", "thẻ hai")
    other.click("#btn-save")
    conflict = other.locator("#conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("Bản nháp đã thay đổi ở nơi khác")
    expect(other.locator("#conflict-version")).to_have_text(version)
    expect(other.locator("#btn-save-copy")).to_be_focused()
    expect(other.locator("#trich_yeu")).to_have_value("thẻ hai")
    expect(other.locator("#conflict-reload")).to_have_attribute("href", re.compile(r"/drafts/\d+$"))
    other.screenshot(path=str(artifacts / "web-draft-conflict.png"))

    # Keep tab 2's text as a new draft; tab 1's version is untouched.
    other.click("#btn-save-copy")
    expect(other.locator("#conflict")).to_be_hidden()
    expect(other.locator("#draft-status")).to_contain_text("Đã lưu phiên bản 1")
    expect(other).not_to_have_url(url)
    first = page.request.get(url.replace("/drafts/", "/api/v1/drafts/")).json()
    copy = other.request.get(other.url.replace("/drafts/", "/api/v1/drafts/")).json()
    assert first["letter"]["trich_yeu"] == "thẻ một" and first["version"] == int(version)
    assert copy["letter"]["trich_yeu"] == "thẻ hai" and copy["id"] != first["id"]
    other.close()


def test_presets_without_javascript(nojs_page: Page, site: Site) -> None:
    page = nojs_page
    page.fill("#noi_nhan-0", "Như trên")
    page.select_option("#group_preset", str(site.world.group_a))
    page.click("#btn-group-preset")
    expect(page.locator("#notice")).to_contain_text("Đã thêm nhóm")
    values = [page.locator(f"#noi_nhan-{i}").input_value() for i in range(3)]
    assert values == ["Như trên", "Sở Tài chính", "Sở Nội vụ"]

    page.select_option("#signer_preset", str(site.other_signer))
    page.click("#btn-signer-preset")
    expect(page.locator("#notice")).to_contain_text("Đã điền người ký")
    expect(page.locator("#ky_ho_ten")).to_have_value("Phạm Ngọc Nghị")
    expect(page.locator("#ky_tham_quyen-0-title")).to_have_value("ỦY BAN NHÂN DÂN")
    expect(page.locator("#noi_nhan-2")).to_have_value("Sở Nội vụ")  # nothing else lost

    # “Lưu” without JavaScript: the server saves and opens the draft's own address.
    page.fill("#trich_yeu", "không có JavaScript")
    page.click("#btn-save")
    expect(page).to_have_url(re.compile(r"/drafts/\d+$"))
    expect(page.locator(".flash")).to_contain_text("Đã lưu bản nháp (phiên bản 1)")
    expect(page.locator("#ky_ho_ten")).to_have_value("Phạm Ngọc Nghị")
