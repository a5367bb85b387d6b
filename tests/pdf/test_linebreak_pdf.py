"""The printed page agrees with the .docx (issue 14): header names and the V/v line print
on exactly the lines drafter decided (drafter/linebreak.py, L1–L9), and the page checks
find nothing where the .docx checks find nothing.

Every name of tests/fixtures/agency_names.toml, typed on one line into the Đắk Lắk
example, is rendered, printed by LibreOffice (the warm pool, two conversions at a time)
and read back with pdfplumber.
"""

from __future__ import annotations

import io
import tomllib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pdfplumber
import pytest
from docx.shared import Length
from hypothesis import HealthCheck, given, settings

from drafter import linebreak
from drafter.check import check_docx
from drafter.check.pdf import check_pdf
from drafter.context import build_context
from drafter.layout import DEFAULT as L
from drafter.metrics import largest_fitting_size
from drafter.model import Letter
from drafter.pdf import PdfConverter
from drafter.render import render_docx
from tests.conftest import EXAMPLE_NAMES, FIXTURES, load_example
from tests.core.test_linebreak import agency_names

pytestmark = pytest.mark.slow

TABLE: list[dict[str, Any]] = tomllib.loads(
    (FIXTURES / "agency_names.toml").read_text(encoding="utf-8")
)["names"]
BASE = "daklak-1691-ubnd-kgvx.json"


def letter(issuer: str, chu_quan: str = "", **fields: Any) -> Letter:
    data = load_example(BASE)
    data["co_quan_ban_hanh"] = issuer
    data["co_quan_chu_quan"] = chu_quan
    data.update(fields)
    return Letter.from_dict(data)


# --- Reading the header back from the page ----------------------------------------------


@dataclass(frozen=True)
class Printed:
    """The left column of page 1 as printed: chủ quản, issuer and V/v lines."""

    chu_quan: list[str]
    issuer: list[str]
    vv: list[str]
    sizes: dict[str, set[float]]


def _text(chars: list[dict[str, Any]]) -> str:
    out, prev = [], None
    for ch in chars:
        gap = ch["x0"] - prev["x1"] if prev is not None else 0.0
        if (
            prev is not None
            and ch["text"].strip()
            and prev["text"].strip()
            and gap > 0.2 * ch["size"]
        ):
            out.append(" ")
        out.append(ch["text"])
        prev = ch
    return " ".join("".join(out).split())


def printed_header(pdf: bytes) -> Printed:
    """Rows of page 1 by baseline; left-column rows above `Số:` are the names (bold: the
    issuer), 12 pt left-column rows right under it the V/v."""
    boundary = Length(L.margin_left + L.left_column).pt
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        rows: list[list[dict[str, Any]]] = []
        for ch in sorted(page.chars, key=lambda c: (round(c["bottom"], 0), c["x0"])):
            if rows and abs(ch["bottom"] - rows[-1][0]["bottom"]) <= 1.0:
                rows[-1].append(ch)
            else:
                rows.append([ch])
    rows = [sorted(r, key=lambda c: c["x0"]) for r in rows]
    so = next(i for i, r in enumerate(rows) if _text(r).startswith("Số:"))

    def left(row: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [c for c in row if (c["x0"] + c["x1"]) / 2 < boundary]

    chu_quan, issuer, vv = [], [], []
    sizes: dict[str, set[float]] = {"chu_quan": set(), "issuer": set(), "vv": set()}
    for row in rows[:so]:
        inked = [c for c in left(row) if c["text"].strip()]
        if not inked:
            continue
        bold = all("Bold" in c["fontname"] for c in inked)
        (issuer if bold else chu_quan).append(_text(left(row)))
        sizes["issuer" if bold else "chu_quan"] |= {round(c["size"], 1) for c in inked}
    for row in rows[so + 1 :]:
        inked = [c for c in row if c["text"].strip()]
        if not inked or any((c["x0"] + c["x1"]) / 2 >= boundary for c in inked):
            break
        if {round(c["size"]) for c in inked} != {round(L.vv_size.pt)}:
            break
        vv.append(_text(row))
        sizes["vv"] |= {round(c["size"], 1) for c in inked}
    return Printed(chu_quan, issuer, vv, sizes)


@dataclass(frozen=True)
class Case:
    docx: bytes
    pdf: bytes


def convert_all(converter: PdfConverter, docs: dict[str, bytes]) -> dict[str, Case]:
    """Two conversions at a time: the pool's size, and the machine's two cores."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        pdfs = dict(zip(docs, pool.map(converter.convert, docs.values()), strict=True))
    return {key: Case(docs[key], pdfs[key]) for key in docs}


@pytest.fixture(scope="module")
def table_cases(converter: PdfConverter) -> dict[str, Case]:
    docs = {
        row["issuer"] + "|" + row.get("chu_quan", ""): render_docx(
            letter(row["issuer"], row.get("chu_quan", ""))
        )
        for row in TABLE
    }
    return convert_all(converter, docs)


def row_id(row: dict[str, Any]) -> str:
    return row["issuer"]


@pytest.mark.parametrize("row", TABLE, ids=row_id)
def test_table_names_print_on_the_decided_lines(
    row: dict[str, Any], table_cases: dict[str, Case]
) -> None:
    """The printed header lines are the table's, at the table's size."""
    case = table_cases[row["issuer"] + "|" + row.get("chu_quan", "")]
    got = printed_header(case.pdf)
    assert got.issuer == row["issuer_lines"]
    assert got.sizes["issuer"] == {float(row.get("issuer_size", 13))}
    assert got.chu_quan == row.get("chu_quan_lines", [])
    if "chu_quan" in row:
        assert got.sizes["chu_quan"] == {float(row.get("chu_quan_size", 13))}


@pytest.mark.parametrize("row", TABLE, ids=row_id)
def test_table_letters_pass_on_the_docx_and_on_the_page(
    row: dict[str, Any], table_cases: dict[str, Case]
) -> None:
    """One verdict: no .docx error, and the page checks find nothing at all."""
    case = table_cases[row["issuer"] + "|" + row.get("chu_quan", "")]
    assert [f.text for f in check_docx(case.docx).errors] == []
    report = check_pdf(case.pdf)
    assert report.findings == [], [f.message for f in report.findings]
    ratio = report.measures["issuer_rule_ratio"]
    assert 0.38 <= ratio <= 0.42, ratio  # 0.40 of the printed widest line, to the mm


# --- The examples: one verdict, and the V/v lines as decided ----------------------------


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_examples_agree_on_the_docx_and_on_the_page(
    name: str, example_pdf: Callable[[str], bytes]
) -> None:
    docx = render_docx(Letter.from_dict(load_example(name)))
    docx_report = check_docx(docx)
    pdf_report = check_pdf(example_pdf(name))
    assert docx_report.errors == [] and pdf_report.errors == []
    assert docx_report.ok == pdf_report.ok
    ctx = build_context(Letter.from_dict(load_example(name)))
    got = printed_header(example_pdf(name))
    assert got.issuer == ctx.issuer.lines
    assert got.chu_quan == ctx.chu_quan.lines
    assert got.vv == [" ".join(line.split()) for line in ctx.vv_line.split("\n")]


def test_the_tieu_ngu_rule_is_the_printed_tieu_ngu(example_pdf: Callable[[str], bytes]) -> None:
    """C10: the motto's rule is its measured width, to the mm, on the page too."""
    measures = check_pdf(example_pdf(BASE)).measures
    assert abs(measures["tieu_ngu_rule_ratio"] - 1) <= 0.02, measures


def test_a_long_subject_prints_on_the_renderer_s_lines(converter: PdfConverter) -> None:
    """L8: the V/v lines on the page are the ones in the .docx, none re-wrapped."""
    subject = (
        "rà soát, báo cáo đội ngũ công chức lãnh đạo, quản lý cấp phòng phục vụ công tác "
        "quy hoạch giai đoạn 2026-2031 trên địa bàn thành phố Buôn Ma Thuột và tỉnh Đắk Lắk"
    )
    item = letter("ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK", trich_yeu=subject)
    got = printed_header(converter.convert(render_docx(item)))
    decided = build_context(item).vv_line.split("\n")
    assert got.vv == decided and len(decided) >= 4


# --- Before the fix: a one-line name left to the typesetter -------------------------------


def test_a_name_left_to_the_typesetter_fails_c12_on_both_sides(
    converter: PdfConverter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What drafter rendered before issue 14 (one typed line, 12 pt, rule for that line):
    LibreOffice wraps it and the page fails C12; the .docx check now says so too."""

    def old_rule(lines: list[str], column: Any, sizes: Any, *, bold: bool) -> Any:
        return linebreak.Layout(list(lines), largest_fitting_size(lines, sizes, column, bold=bold))

    monkeypatch.setattr(linebreak, "break_name", old_rule)
    docx = render_docx(letter("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"))
    monkeypatch.undo()
    page = {f.check for f in check_pdf(converter.convert(docx)).errors}
    on_docx = {f.check for f in check_docx(docx).errors}
    assert "C12" in page
    assert "C12" in on_docx


# --- Property: random names never fail C12 on the page -----------------------------------


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(agency_names())
def test_random_names_print_as_decided_and_pass_c12(
    converter: PdfConverter, named: tuple[str, list[str]]
) -> None:
    name, _ = named
    item = letter(name)
    decided = build_context(item).issuer
    pdf = converter.convert(render_docx(item))
    got = printed_header(pdf)
    assert got.issuer == decided.lines
    assert got.sizes["issuer"] == {decided.size.pt}
    assert [f.message for f in check_pdf(pdf).findings if f.check == "C12"] == []


def test_helpers_read_a_known_page(example_pdf: Callable[[str], bytes]) -> None:
    got = printed_header(example_pdf("quangngai-2116-ubnd-nc.json"))
    assert got.issuer == ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI"]
    assert got.sizes["issuer"] == {13.0}
    assert got.vv[0].startswith("V/v triển khai")
