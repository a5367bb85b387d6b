"""Viết hoa lưu ý (Phụ lục II) on the letter page: beside their fields, in the preview,
never blocking a download, and fixed with one click — here without JavaScript."""

from __future__ import annotations

import html as htmllib
import re
from typing import Any

from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from tests.conftest import load_example
from tests.docx_reading import all_text, open_docx
from tests.web.formdata import form_fields

QUANG_NGAI = "quangngai-2116-ubnd-nc.json"


def page(response: Any) -> str:
    return htmllib.unescape(response.get_data(as_text=True))


def post(client: FlaskClient, letter: dict[str, Any], action: str) -> Any:
    return client.post("/", data=MultiDict(form_fields(letter, action)))


def tag_of(html: str, element_id: str) -> str:
    match = re.search(rf'<(?:textarea|input)[^>]*\bid="{re.escape(element_id)}"[^>]*>', html)
    assert match, element_id
    return match.group(0)


def fix_value(html: str, target: str) -> str:
    match = re.search(rf'value="(fix:[^"]*)"[^>]*data-fix-target="{re.escape(target)}"', html)
    assert match, f"no fix button for {target}"
    return match.group(1)


def test_a_note_is_shown_beside_its_field_with_a_fix(client: FlaskClient) -> None:
    html = page(post(client, load_example(QUANG_NGAI), "check"))
    lint = re.search(r'<div class="lint" id="noi_dung-0-text-lint">(.*?)</div>', html, re.S)
    assert lint is not None
    assert "V3" in lint.group(1) and "Phụ lục II, mục V.1" in lint.group(1)
    assert "Sửa “nhân dân” thành “Nhân dân”" in lint.group(1)
    assert 'aria-describedby="noi_dung-0-text-lint"' in tag_of(html, "noi_dung-0-text")
    assert "Công văn hợp lệ" in html  # a lưu ý is not an error


def test_notes_never_block_a_download(client: FlaskClient) -> None:
    response = post(client, load_example(QUANG_NGAI), "docx")
    assert response.status_code == 200
    assert "với nhân dân" in all_text(open_docx(response.data))


def test_the_fix_button_applies_the_suggestion_without_javascript(client: FlaskClient) -> None:
    letter = load_example(QUANG_NGAI)
    key = fix_value(page(post(client, letter, "check")), "noi_dung-0-text")
    fixed = page(post(client, letter, key))
    assert "Đã sửa “nhân dân” thành “Nhân dân”." in fixed
    text = re.search(r'<textarea[^>]*id="noi_dung-0-text"[^>]*>\s*(.*?)</textarea>', fixed, re.S)
    assert text is not None and "với Nhân dân trên địa bàn" in text.group(1)
    assert 'id="noi_dung-0-text-lint"' not in fixed
    assert " autofocus" in tag_of(fixed, "noi_dung-0-text")


def test_a_fix_for_words_that_changed_is_refused_with_the_text_kept(client: FlaskClient) -> None:
    letter = load_example(QUANG_NGAI)
    key = fix_value(page(post(client, letter, "check")), "noi_dung-0-text")
    letter["noi_dung"][0]["text"] = "Đã viết lại: " + letter["noi_dung"][0]["text"]
    response = post(client, letter, key)
    assert response.status_code == 409
    assert "Đã viết lại: " in page(response)


def test_the_preview_lists_the_notes_with_their_fixes(client: FlaskClient) -> None:
    letter = load_example("ubnd-xa-tan-hoa-truc-tet-binh-ngo.json")
    html = page(client.post("/preview", data=MultiDict(form_fields(letter))))
    section = html.split("Lưu ý viết hoa (Phụ lục II)")[1].split("</section>")[0]
    assert section.count('class="btn-fix"') == 4
    assert '<a href="#trich_yeu">“Tết Nguyên đán”</a>' in section
    assert "Sửa thành “tết Nguyên đán”" in section


def test_a_letter_of_another_kind_is_reviewed_too(client: FlaskClient) -> None:
    letter = load_example("kinds/tb-so-gddt-ninh-binh-lich-nghi-tet.json")
    html = page(post(client, letter, "check"))
    assert 'id="trich_yeu-lint"' in html and "tết Nguyên đán" in html
