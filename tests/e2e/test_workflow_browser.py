"""End to end in Chromium (issue 16): a letter from draft to the printed register.

The soạn thảo trình it from the letter page; the lãnh đạo trả lại with a comment; the
soạn thảo sees the comment, sửa and trình again; the lãnh đạo duyệt; the văn thư cấp số
và phát hành (the real LibreOffice makes the PDF); the register shows the row and
exports it as .xlsx (read back: ten columns in order) and as the PDF to print.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from drafter.register_export import COLUMNS
from tests.conftest import load_example
from tests.e2e.conftest import Site, log_in
from tests.e2e.test_browser import DAKLAK, download, fill_letter

pytestmark = pytest.mark.slow


def as_user(browser: Any, site: Site, username: str) -> Any:
    context = browser.new_context(
        accept_downloads=True, viewport={"width": 1440, "height": 1000}, locale="vi-VN"
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    log_in(page, site.url, username)
    return page


def test_from_draft_to_the_printed_register(
    page: Page, browser: Any, site: Site, artifacts: Path
) -> None:
    letter = load_example(DAKLAK)
    subject = "phối hợp thực hiện “Năm dân vận chính quyền” năm 2019 (E2E)"
    fill_letter(page, {**letter, "trich_yeu": subject})

    # Soạn thảo: Trình ký… saves the form and asks which lãnh đạo.
    page.click("#btn-trinh")
    expect(page.locator("#submit-title")).to_have_text("Trình ký")
    expect(page.locator("#to option:checked")).to_contain_text("Võ Văn Cảnh")
    page.fill("#comment", "Kính trình đồng chí xem xét.")
    page.click("#btn-submit")
    expect(page.locator("#review-state")).to_have_text("Chờ duyệt")
    expect(page.locator(".flash")).to_contain_text("Đã trình Võ Văn Cảnh")
    draft_url = page.url

    # Lãnh đạo: Chờ duyệt, trả lại with a comment.
    leader = as_user(browser, site, "lanhdao.a")
    leader.click("#nav-pending")
    leader.get_by_role("link", name=subject).click()
    expect(leader.locator("#history")).to_contain_text("Kính trình đồng chí xem xét.")
    leader.screenshot(path=str(artifacts / "web-review-leader.png"), full_page=True)
    leader.fill("#comment", "Bỏ chữ “năm” trước 2019.")
    leader.click("#btn-return")
    expect(leader.locator(".flash")).to_contain_text("Đã trả lại")

    # Soạn thảo: the comment is above the form; sửa, trình again.
    page.goto(site.url + "/drafts")
    page.get_by_role("link", name=subject).click()
    expect(page.locator("#notice")).to_contain_text("Bỏ chữ “năm” trước 2019.")
    fixed = "phối hợp thực hiện “Năm dân vận chính quyền” 2019 (E2E)"
    page.fill("#trich_yeu", fixed)
    page.click("#btn-trinh")
    page.click("#btn-submit")
    expect(page.locator("#review-state")).to_have_text("Chờ duyệt")
    expect(page.locator("#history")).to_contain_text("(phiên bản 2)")

    # Lãnh đạo: duyệt.
    leader.click("#nav-pending")
    leader.get_by_role("link", name=fixed).click()
    leader.click("#btn-approve")
    expect(leader.locator("#review-state")).to_have_text("Đã duyệt")
    leader.context.close()

    # Văn thư: Chờ phát hành, cấp số và phát hành (LibreOffice makes the PDF).
    clerk = as_user(browser, site, "vanthu.a")
    clerk.click("#nav-to-issue")
    clerk.get_by_role("link", name=fixed).click()
    expect(clerk.locator("#next-number")).to_contain_text("02")  # 01: the seed's
    clerk.fill("#so_luong_ban", "15")
    clerk.click("#btn-issue")
    expect(clerk.locator("#issued-title")).to_contain_text("số 02/UBND-KGVX", timeout=90_000)
    clerk.screenshot(path=str(artifacts / "web-issued.png"), full_page=True)
    issued_pdf = download(clerk, "#issued-pdf")
    with pdfplumber.open(io.BytesIO(issued_pdf)) as pdf:
        assert "Số: 02/UBND-KGVX" in (pdf.pages[0].extract_text() or "")

    # The register: the row, the .xlsx and the PDF to print.
    clerk.click("#nav-register")
    row = clerk.locator("#register tbody tr", has_text="02/UBND-KGVX")
    expect(row).to_contain_text("Công văn V/v " + fixed)
    expect(row).to_contain_text("Võ Văn Cảnh")
    clerk.screenshot(path=str(artifacts / "web-register.png"), full_page=True)
    sheet = load_workbook(io.BytesIO(download(clerk, "#export-xlsx"))).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == list(COLUMNS)
    mine = next(r for r in rows[2:] if r[0] == "02/UBND-KGVX")
    assert mine[2] == "Công văn V/v " + fixed and mine[6] == 15
    printed = download(clerk, "#export-pdf")
    with pdfplumber.open(io.BytesIO(printed)) as pdf:
        first = pdf.pages[0]
        assert (round(first.width), round(first.height)) == (842, 595)
        assert "SỔ ĐĂNG KÝ VĂN BẢN ĐI" in (first.extract_text() or "")
        assert "02/UBND-" in "".join(p.extract_text() or "" for p in pdf.pages[1:])
    (artifacts / "so-dang-ky-van-ban-di.pdf").write_bytes(printed)

    # The soạn thảo sees the state and every comment of their draft.
    page.goto(draft_url)
    expect(page.locator("#review-state")).to_have_text("Đã phát hành")
    expect(page.locator("#history")).to_contain_text("Bỏ chữ “năm” trước 2019.")
    clerk.context.close()
