"""End to end in Chromium: "Xem bản in" shows the PDF's real pages beside the form, and
"Tải PDF" downloads the letter as LibreOffice prints it; with and without JavaScript.

The app under test uses the process-wide PDF pool (started by the first conversion and
shared with tests/web), exactly as `drafter serve` does.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from drafter.check.pdf import check_pdf
from tests.conftest import EXAMPLES_DIR
from tests.e2e.test_browser import DAKLAK, download

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("libreoffice")]

A4 = 297 / 210
FIRST_PDF = 60_000  # ms: the first conversion of the session may start LibreOffice


def page_images_ratios(page: Page) -> list[tuple[float, float]]:
    """Height/width of each page image: as drawn from its pixels, and as laid out."""
    return page.eval_on_selector_all(
        "#print-preview .print-page img",
        """imgs => imgs.map(img => {
            const box = img.getBoundingClientRect();
            return [img.naturalHeight / img.naturalWidth, box.height / box.width];
        })""",
    )


def open_daklak(page: Page) -> None:
    """The Đắk Lắk letter through “Mở JSON” (typing it is test_browser's job)."""
    page.set_input_files("#json_file", str(EXAMPLES_DIR / DAKLAK))
    page.click("#btn-open")
    expect(page.locator("#notice")).to_contain_text("Đã mở")


def test_print_preview_and_pdf_download(page: Page, artifacts: Path) -> None:
    open_daklak(page)
    expect(page.locator("#preview .preview-ok").first).to_be_visible()
    expect(page.locator("#print-section")).to_be_hidden()

    # Record the button's states, to see the busy state however fast the conversion is.
    page.evaluate(
        """() => {
            const button = document.getElementById("btn-print");
            window.busySeen = [];
            new MutationObserver(() => window.busySeen.push(
                button.classList.contains("is-busy") + "|" +
                button.getAttribute("aria-disabled") + "|" + button.textContent
            )).observe(button, {attributes: true, childList: true, subtree: true});
        }"""
    )
    page.click("#btn-print")
    images = page.locator("#print-preview .print-page img")
    expect(images.first).to_be_visible(timeout=FIRST_PDF)
    expect(page.locator("#print-live")).to_contain_text("Bản in đã sẵn sàng: 2 trang")
    busy = page.evaluate("window.busySeen")
    assert "true|true|Đang tạo bản in…" in busy, busy
    expect(page.locator("#btn-print")).to_have_text("Xem bản in")
    expect(page.locator("#btn-print")).to_have_attribute("aria-disabled", "false")
    expect(page.locator("#print-section")).not_to_have_attribute("aria-busy", "true")

    assert images.count() == 2
    page.wait_for_function(
        "() => [...document.querySelectorAll('#print-preview img')].every(i => i.complete)"
    )
    for natural, shown in page_images_ratios(page):
        assert natural == pytest.approx(A4, rel=0.005)
        assert shown == pytest.approx(A4, rel=0.01)
    src = images.first.get_attribute("src") or ""
    assert src.startswith("data:image/png;base64,")  # nothing stored on the server
    assert base64.b64decode(src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    expect(page.locator(".print-findings")).to_contain_text("đạt mọi điểm kiểm tra")
    # The live HTML preview is still there, below the real pages.
    expect(page.locator("#preview .sheet")).to_contain_text("Số: 1691/UBND-KGVX")
    expect(page.locator("#print-close")).to_be_visible()
    page.screenshot(path=str(artifacts / "web-print-preview.png"))
    images.nth(1).screenshot(path=str(artifacts / "web-print-page-2.png"))

    pdf = download(page, "#btn-pdf")
    assert pdf.startswith(b"%PDF")
    report = check_pdf(pdf)
    assert report.pages == 2 and not report.errors, report.to_dict()["findings"]

    # Pages made before an edit say they are out of date, until made again.
    page.fill("#trich_yeu", "phối hợp thực hiện “Năm dân vận chính quyền” năm 2019")
    expect(page.locator(".print-stale")).to_be_visible()
    page.click("#btn-print")
    expect(page.locator("#print-live")).to_contain_text("Bản in đã sẵn sàng", timeout=FIRST_PDF)
    expect(page.locator(".print-stale")).to_be_hidden()

    page.click("#print-close")
    expect(page.locator("#print-section")).to_be_hidden()
    expect(page.locator("#btn-print")).to_be_focused()


def test_print_preview_of_an_invalid_letter_lists_the_problems(page: Page) -> None:
    page.fill("#co_quan_ban_hanh", "UBND TỈNH ĐẮK LẮK")
    page.fill("#ky_hieu", "UBND KGVX")
    page.click("#btn-print")
    problems = page.locator("#print-preview .print-problems")
    expect(problems).to_be_visible()
    expect(problems).to_contain_text("sửa xong mới xem được bản in")
    expect(page.locator("#print-live")).to_contain_text("Chưa tạo được bản in")
    problems.get_by_role("link", name="Ký hiệu").click()
    expect(page.locator("#ky_hieu")).to_be_focused()
    expect(page.locator("#ky_hieu")).to_have_value("UBND KGVX")


def test_print_preview_without_javascript(nojs_page: Page, artifacts: Path) -> None:
    page = nojs_page
    open_daklak(page)
    page.click("#btn-print")
    images = page.locator("#print-preview .print-page img")
    expect(images).to_have_count(2, timeout=FIRST_PDF)
    expect(page.locator("#print-title")).to_be_focused()
    expect(page.locator("#ky_hieu")).to_have_value("UBND-KGVX")  # the form came back whole
    for natural, _shown in page_images_ratios(page):
        assert natural == pytest.approx(A4, rel=0.005)
    page.screenshot(path=str(artifacts / "web-print-preview-nojs.png"))
    assert download(page, "#btn-pdf").startswith(b"%PDF")
