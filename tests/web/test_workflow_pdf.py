"""Issuing and the register's PDF with the real LibreOffice (the process-wide warm pool):
the issued PDF is the issued .docx printed, with its number and date; the register prints
on A4 landscape, cover page first, the ten columns after."""

from __future__ import annotations

import hashlib
import io

import pdfplumber
import pytest
from flask import Flask

from drafter.store import vn_year
from tests.web.conftest import AppFactory, World, sign_in

pytestmark = pytest.mark.slow


@pytest.fixture
def real_app(make_app: AppFactory) -> Flask:
    return make_app()  # no PDF_CONVERTER: drafter.pdf's warm pool


def pages_text(pdf: bytes) -> list[tuple[float, float, str]]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [(p.width, p.height, p.extract_text() or "") for p in doc.pages]


def test_issue_and_print_the_register(real_app: Flask, world: World) -> None:
    van_thu = sign_in(real_app.test_client(), world.van_thu_a, world)
    response = van_thu.post(f"/api/v1/drafts/{world.draft_approved_a}/issue", json={})
    assert response.status_code == 200, response.json
    issued = response.json
    pdf = van_thu.get(f"/api/v1/issued/{world.draft_approved_a}.pdf").data
    assert hashlib.sha256(pdf).hexdigest() == issued["sha256"]["pdf"]
    (width, height, text), *_ = pages_text(pdf)
    assert (round(width), round(height)) == (595, 842)  # A4 portrait
    assert "Số: 02/UBND-KGVX" in text
    day = issued["ngay"]
    assert f"ngày {day[8:10]} tháng" in text and f"năm {day[:4]}" in text
    again = van_thu.get(f"/api/v1/issued/{world.draft_approved_a}.pdf").data
    assert again == pdf  # stored bytes, not a new conversion

    register = van_thu.get(f"/register/export.pdf?year={vn_year()}")
    assert register.status_code == 200 and register.mimetype == "application/pdf"
    pages = pages_text(register.data)
    assert all((round(w), round(h)) == (842, 595) for w, h, _ in pages)  # A4 landscape
    cover, table = pages[0][2], pages[1][2]
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐI" in cover and f"Năm: {vn_year()}" in cover
    assert "Từ số 01 đến số 02" in cover
    assert "Số, ký hiệu" in table and "(10)" in table
    assert "02/UBND-" in table and "01/UBND-" in table  # (the column wraps the ký hiệu)
