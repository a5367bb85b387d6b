"""End to end in Chromium (issue 15): bring your own.

A quản trị downloads drafter's template, uploads the agency's own (drafter's, with a
logo, as Word would save it), which goes through the whole acceptance (LibreOffice page
checks included); a colleague opens an old letter typed in Word (“Mở tệp .docx”),
downloads it printed with the agency's template; a user of another agency never gets it;
the quản trị goes back to drafter's template. A refused template shows its reasons.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from drafter.store import revert_to_builtin
from tests.e2e.conftest import Site, log_in
from tests.e2e.test_browser import download
from tests.importer.foreign import EXPECTED, Spec, foreign_letter
from tests.usertemplate.builders import with_logo, with_tag

pytestmark = pytest.mark.slow


def has_logo(docx: bytes) -> bool:
    return any(n.startswith("word/media/") for n in zipfile.ZipFile(io.BytesIO(docx)).namelist())


def switch_user(page: Page, site: Site, username: str) -> None:
    page.click("#btn-logout")
    log_in(page, site.url, username)


def open_word_letter(page: Page, site: Site, tmp_path: Path) -> bytes:
    """“Mở tệp .docx” with a letter typed in Word (tabs, no tables), then “Tải .docx”."""
    page.goto(site.url + "/")
    word = tmp_path / "cong-van-cu.docx"
    word.write_bytes(foreign_letter(Spec(header="tabs", closing="tabs", legacy="vni")))
    page.set_input_files("#docx_file", str(word))
    page.click("#btn-open-docx")
    expect(page.locator("#ky_hieu")).to_have_value(EXPECTED["ky_hieu"])
    expect(page.locator("#kinh_gui-1")).to_have_value(EXPECTED["kinh_gui"][1])
    expect(page.locator("#ky_ho_ten")).to_have_value(EXPECTED["ky"]["ho_ten"])
    expect(page.locator("#error-summary")).to_contain_text("VNI-Times")  # the font, said
    return download(page, "#btn-docx")


def test_agency_template_upload_use_and_revert(
    page: Page, site: Site, tmp_path: Path, artifacts: Path
) -> None:
    try:
        switch_user(page, site, "admin.a")
        page.click("nav >> text=Mẫu in")
        expect(page.locator("#status-cong_van")).to_contain_text("mẫu gốc của drafter")
        original = download(page, "#builtin-cong_van")

        # A template with a tag drafter does not know: refused, with where it is.
        bad = tmp_path / "mau-sai.docx"
        bad.write_bytes(with_tag(original, "{{ ma_so_thue }}"))
        page.set_input_files("#file-cong_van", str(bad))
        page.click("#upload-cong_van")
        refusal = page.locator("#refusal-cong_van")
        expect(refusal).to_contain_text("Biến “ma_so_thue” không có trong ngữ cảnh")
        expect(refusal).to_contain_text("đoạn")

        # The agency's own: drafter's with a logo. The acceptance prints every example
        # through LibreOffice too, which takes a while.
        mine = tmp_path / "Mẫu công văn có logo.docx"
        mine.write_bytes(with_logo(original))
        page.set_input_files("#file-cong_van", str(mine))
        page.click("#upload-cong_van", timeout=240_000)
        flash = page.locator(".flash")
        expect(flash).to_contain_text("Đã nhận mẫu công văn", timeout=240_000)
        expect(flash).to_contain_text("trên trang in (PDF)")
        expect(page.locator("#status-cong_van")).to_contain_text("phiên bản 2")
        page.screenshot(path=str(artifacts / "web-agency-template.png"), full_page=True)

        # A colleague's old letter, opened and printed with the agency's template.
        switch_user(page, site, "soan.a")
        assert has_logo(open_word_letter(page, site, tmp_path))
        page.screenshot(path=str(artifacts / "web-open-docx.png"))

        # Another agency never prints with it.
        switch_user(page, site, "soan.b")
        assert not has_logo(open_word_letter(page, site, tmp_path))

        # Back to drafter's template.
        switch_user(page, site, "admin.a")
        page.goto(site.url + "/admin/templates")
        page.click("#revert-cong_van")
        expect(page.locator(".flash")).to_contain_text("mẫu gốc của drafter")
        expect(page.locator("#status-cong_van")).to_contain_text("mẫu gốc của drafter")
        switch_user(page, site, "soan.a")
        assert not has_logo(open_word_letter(page, site, tmp_path))
    finally:  # the site is shared by the other browser tests: leave A as it was
        with site.store.transaction() as s:
            revert_to_builtin(s, site.world.a, site.world.admin_a, "cong_van")
