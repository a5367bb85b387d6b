"""Line breaking of agency names and the V/v line: rules L1–L9 of drafter/linebreak.py.

The table (tests/fixtures/agency_names.toml) holds real names typed on one line and the
lines a văn thư would sign; tests/pdf/test_linebreak_pdf.py prints the same table.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from docx.shared import Length, Mm, Pt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter import linebreak, vntext
from drafter.context import build_context, header_lines, issuer_rule, vv_text
from drafter.layout import DEFAULT as L
from drafter.linebreak import SLACK, break_name, break_vv, fits, name_key, place_spans
from drafter.metrics import largest_fitting_size, text_width
from drafter.model import Letter
from tests.conftest import FIXTURES, load_example

TABLE: list[dict[str, Any]] = tomllib.loads(
    (FIXTURES / "agency_names.toml").read_text(encoding="utf-8")
)["names"]
SIZES = [L.issuer_size, L.header_min_size]
COLUMN = L.left_column


def lines_of(name: str, *, bold: bool = True) -> tuple[list[str], float]:
    got = header_lines(name, COLUMN, SIZES, bold=bold)
    return got.lines, got.size.pt


def row_id(row: dict[str, Any]) -> str:
    return row["issuer"]


# --- The table ------------------------------------------------------------------------


def test_the_table_covers_every_level() -> None:
    levels = {row["level"] for row in TABLE}
    for needed in ["tỉnh", "thành phố trực thuộc trung ương", "huyện", "thị xã", "quận", "xã",
                   "phường", "thị trấn", "sở", "bộ", "ban", "văn phòng", "trường",
                   "bệnh viện", "long pair"]:  # fmt: skip
        assert needed in levels
    assert len(TABLE) >= 40


@pytest.mark.parametrize("row", TABLE, ids=row_id)
def test_table_names_break_where_a_van_thu_breaks_them(row: dict[str, Any]) -> None:
    """L2–L7 over the table: issuer (bold) and chủ quản (regular), lines and size."""
    assert lines_of(row["issuer"]) == (row["issuer_lines"], row.get("issuer_size", 13))
    if "chu_quan" in row:
        got = lines_of(row["chu_quan"], bold=False)
        assert got == (row["chu_quan_lines"], row.get("chu_quan_size", 13))


@pytest.mark.parametrize("row", TABLE, ids=row_id)
def test_table_lines_fit_and_keep_every_word(row: dict[str, Any]) -> None:
    """L1: every decided line fits its column with the slack; no word lost or added."""
    for key, bold in (("issuer", True), ("chu_quan", False)):
        if key not in row:
            continue
        lines, size = lines_of(row[key], bold=bold)
        assert " ".join(lines).split() == row[key].split()
        assert all(fits(line, Pt(size), COLUMN, bold=bold) for line in lines)


@pytest.mark.parametrize("row", TABLE, ids=row_id)
def test_table_rule_is_two_fifths_of_the_widest_printed_line(row: dict[str, Any]) -> None:
    """C12 from the decided lines: 0.40 of the widest, so 1/3–1/2 on the page."""
    lines, size = lines_of(row["issuer"])
    rule = issuer_rule(lines, Pt(size))
    widest = max(text_width(line, Pt(size), bold=True) for line in lines)
    assert 0.37 <= rule.length / widest <= 0.43
    assert rule.length <= COLUMN


# --- L1 fit and L2 no break when it fits ------------------------------------------------


def test_l1_a_line_may_use_98_percent_of_its_column() -> None:
    assert SLACK == 0.02
    width = text_width("ỦY BAN NHÂN DÂN", Pt(13), bold=True)
    room = Length(int(width / (1 - SLACK)) + 1)
    assert fits("ỦY BAN NHÂN DÂN", Pt(13), room, bold=True)
    assert not fits("ỦY BAN NHÂN DÂN", Pt(13), Length(room - 200), bold=True)


FITTING = [
    ("BỘ GIÁO DỤC VÀ ĐÀO TẠO", True), ("SỞ Y TẾ", True), ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", True),
    ("UBND THÀNH PHỐ ĐÀ NẴNG", False), ("UBND TỈNH QUẢNG NGÃI", True),
    ("ỦY BAN NHÂN DÂN\nTỈNH ĐẮK LẮK", True), ("TRUNG TÂM DỮ LIỆU\n& CHUYỂN ĐỔI SỐ", True),
    ("VĂN PHÒNG\nỦY BAN NHÂN DÂN TỈNH", True), ("ỦY BAN NHÂN DÂN\nTỈNH ĐẮK LẮK", False),
]  # fmt: skip


@pytest.mark.parametrize(("name", "bold"), FITTING)
def test_l2_a_name_that_fits_prints_as_before(name: str, bold: bool) -> None:
    """L2/L3: what fits is not touched: same lines, same size as the old size rule."""
    typed = vntext.issuer_lines(name)
    assert all(fits(line, Pt(13), COLUMN, bold=bold) for line in typed)
    assert lines_of(name, bold=bold) == (
        typed,
        largest_fitting_size(typed, SIZES, COLUMN, bold=bold).pt,
    )


def test_every_example_name_prints_as_before() -> None:
    """The examples' names typed with `\\n` all fit: their lines and sizes are unchanged."""
    from tests.conftest import EXAMPLE_NAMES

    for name in EXAMPLE_NAMES:
        data = load_example(name)
        for key, bold in (("co_quan_ban_hanh", True), ("co_quan_chu_quan", False)):
            typed = vntext.issuer_lines(data[key])
            if len(typed) > 1 or all(fits(t, L.issuer_size, COLUMN, bold=bold) for t in typed):
                want = (typed, largest_fitting_size(typed, SIZES, COLUMN, bold=bold).pt)
                assert lines_of(data[key], bold=bold) == want, (name, key)


# --- L3 typed lines ---------------------------------------------------------------------


def test_l3_typed_lines_are_kept_and_shrunk_before_broken() -> None:
    """A typed line too wide at 13 pt but not at 12: the user's lines, at 12 pt."""
    assert lines_of("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ BUÔN MA THUỘT") == (
        ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ BUÔN MA THUỘT"],
        12,
    )


def test_l3_a_typed_line_too_wide_even_at_12_is_broken_by_the_rules() -> None:
    assert lines_of("UBND TỈNH ĐẮK LẮK\nSỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN") == (
        ["UBND TỈNH ĐẮK LẮK", "SỞ NÔNG NGHIỆP", "VÀ PHÁT TRIỂN NÔNG THÔN"],
        12,
    )
    assert lines_of("ỦY BAN NHÂN DÂN TỈNH\nVĂN PHÒNG") == (
        ["ỦY BAN NHÂN DÂN TỈNH", "VĂN PHÒNG"],
        13,
    )


def test_l3_typed_line_breaks_are_never_joined() -> None:
    assert lines_of("SỞ\nY TẾ") == (["SỞ", "Y TẾ"], 13)


# --- L4 phrase boundaries, L5 never split, L6 breaking before shrinking -------------------


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI"]),
        ("BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG", ["BỘ TÀI NGUYÊN", "VÀ MÔI TRƯỜNG"]),
        ("VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH", ["VĂN PHÒNG", "ỦY BAN NHÂN DÂN TỈNH"]),
        ("BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH", ["BỘ VĂN HÓA, THỂ THAO", "VÀ DU LỊCH"]),
        ("SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH NINH BÌNH", ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "TỈNH NINH BÌNH"]),
    ],
)
def test_l4_breaks_at_phrase_boundaries(name: str, lines: list[str]) -> None:
    assert lines_of(name) == (lines, 13)


def test_l4_levels_before_joiners_when_both_give_two_lines() -> None:
    """SỞ GIÁO DỤC VÀ ĐÀO TẠO / TỈNH NINH BÌNH, not SỞ GIÁO DỤC / VÀ ĐÀO TẠO TỈNH …"""
    lines, _ = lines_of("SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH NINH BÌNH")
    assert lines[-1] == "TỈNH NINH BÌNH"


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK", "ĐẮK LẮK"),
        ("UỶ BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "THÀNH PHỐ HỒ CHÍ MINH"),
        ("ỦY BAN NHÂN DÂN HUYỆN CHÂU THÀNH", "CHÂU THÀNH"),
        ("ỦY BAN NHÂN DÂN TỈNH HẬU GIANG", "HẬU GIANG"),
        ("ỦY BAN NHÂN DÂN THỊ XÃ BUÔN HỒ", "THỊ XÃ"),
        ("ỦY BAN NHÂN DÂN THỊ TRẤN PHƯỚC AN", "THỊ TRẤN"),
        ("ỦY BAN NHÂN DÂN HUYỆN KRÔNG BÚK", "KRÔNG BÚK"),  # after a level: kept unlisted too
        ("ỦY BAN NHÂN DÂN HUYỆN EA XÚP MỚI", "EA XÚP MỚI"),  # not in the list at all
        ("SỞ Y TẾ TỈNH BÌNH DƯƠNG", "BÌNH DƯƠNG"),
    ],
)
def test_l5_place_and_level_words_are_never_split(name: str, kept: str) -> None:
    lines, _ = lines_of(name)
    assert any(kept in line for line in lines), lines


def test_l5_the_issue_s_broken_names_no_longer_break() -> None:
    """Issue 14: ĐẮK / LẮK, THÀNH / PHỐ, CHÂU / THÀNH, HẬU / GIANG."""
    for name in ["ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK", "UỶ BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
                 "ỦY BAN NHÂN DÂN HUYỆN CHÂU THÀNH", "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG"]:  # fmt: skip
        for bold in (True, False):
            lines, size = lines_of(name, bold=bold)
            assert size == 13 and len(lines) == 2
            for first, second in [("ĐẮK", "LẮK"), ("THÀNH", "PHỐ"), ("CHÂU", "THÀNH"),
                                  ("HẬU", "GIANG"), ("HỒ", "CHÍ"), ("CHÍ", "MINH")]:  # fmt: skip
                assert not any(a.endswith(f" {first}") and b.startswith(second)
                               for a, b in itertools.pairwise(lines)), lines  # fmt: skip


def test_l5_a_level_stays_with_its_name_unless_nothing_else_fits() -> None:
    assert lines_of("ỦY BAN NHÂN DÂN THÀNH PHỐ PHAN RANG - THÁP CHÀM") == (
        ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ", "PHAN RANG - THÁP CHÀM"],
        13,
    )


def test_l5_a_line_never_ends_with_va_nor_starts_with_a_dash() -> None:
    for name in ["SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "BỘ KẾ HOẠCH VÀ ĐẦU TƯ TỈNH X VÀ Y",
                 "HỘI CHỮ THẬP ĐỎ - CHI HỘI PHƯỜNG - TỔ DÂN PHỐ SỐ 12 - KHU PHỐ 3"]:  # fmt: skip
        for bold in (True, False):
            lines, _ = lines_of(name, bold=bold)
            assert not any(line.endswith(" VÀ") or line.startswith("-") for line in lines)


def test_l5_words_of_levels_that_are_not_levels() -> None:
    """XÃ HỘI, TỈNH ỦY are words, not a level and its name: no break is preferred there."""
    assert place_spans("BẢO HIỂM XÃ HỘI TỈNH SÓC TRĂNG") == ["SÓC TRĂNG"]
    assert place_spans("BAN DÂN VẬN TỈNH ỦY ĐẮK LẮK") == ["ĐẮK LẮK"]
    assert place_spans("CÁN BỘ CẤP XÃ TÂN HÒA") == ["TÂN HÒA"]


def test_l6_shrinks_only_when_a_phrase_is_too_wide_at_13() -> None:
    """VÀ PHÁT TRIỂN NÔNG THÔN is one phrase and wider than the column at 13 pt bold."""
    assert not fits("VÀ PHÁT TRIỂN NÔNG THÔN", Pt(13), COLUMN, bold=True)
    assert lines_of("SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN") == (
        ["SỞ NÔNG NGHIỆP", "VÀ PHÁT TRIỂN NÔNG THÔN"],
        12,
    )
    # regular (chủ quản) it fits at 13: no shrinking
    assert lines_of("SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN", bold=False)[1] == 13


def test_l6_prefers_breaking_to_shrinking() -> None:
    """SỞ KHOA HỌC VÀ CÔNG NGHỆ fits at 12 pt on one line, but breaks at 13 pt."""
    assert fits("SỞ KHOA HỌC VÀ CÔNG NGHỆ", Pt(12), COLUMN)
    assert lines_of("SỞ KHOA HỌC VÀ CÔNG NGHỆ", bold=False) == (
        ["SỞ KHOA HỌC", "VÀ CÔNG NGHỆ"],
        13,
    )


def test_l6_a_name_with_no_phrase_boundary_shrinks_before_word_breaks() -> None:
    assert lines_of("THÀNH PHỐ BUÔN MA THUỘT") == (["THÀNH PHỐ BUÔN MA THUỘT"], 12)


def test_l7_word_breaks_keep_common_words_and_balance_lines() -> None:
    assert lines_of("TRUNG TÂM KIỂM SOÁT BỆNH TẬT") == (["TRUNG TÂM", "KIỂM SOÁT BỆNH TẬT"], 13)
    # a part of a broken phrase never shares a line with another phrase (L4)
    assert lines_of("TRUNG TÂM KIỂM SOÁT BỆNH TẬT TỈNH ĐẮK LẮK") == (
        ["TRUNG TÂM", "KIỂM SOÁT BỆNH TẬT", "TỈNH ĐẮK LẮK"],
        13,
    )


def test_l9_a_word_wider_than_the_column_gets_its_own_line() -> None:
    long = "A" * 40
    lines, size = lines_of(f"SỞ Y TẾ {long} TỈNH ĐẮK LẮK")
    assert long in lines and size == 12
    assert "TỈNH ĐẮK LẮK" in lines


def test_empty_and_blank_names() -> None:
    assert lines_of("") == ([], 13)
    assert break_name([], COLUMN, SIZES, bold=True).lines == []


# --- matching ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [("HOÀ", "HÒA"), ("UỶ", "ỦY"), ("THUỶ", "THỦY"), ("KHOẺ", "KHỎE"), ("LẮK,", "lắk"),
     ("BÀ RỊA – VŨNG TÀU", "BÀ RỊA - VŨNG TÀU"), ("“NĂM", "năm")],
)  # fmt: skip
def test_names_match_with_either_tone_placement_and_any_dash(a: str, b: str) -> None:
    assert [name_key(w) for w in a.split()] == [name_key(w) for w in b.split()]


def test_every_listed_place_fits_the_column_at_12_pt_bold_after_a_level() -> None:
    """L5 can always be kept: no listed place name needs to be split to fit, even behind
    the longest level word."""
    raw = tomllib.loads(
        (Path(linebreak.__file__).parent / "data" / "header_names.toml").read_text("utf-8")
    )
    for group in raw["places"].values():
        for place in group:
            assert fits(place, Pt(12), COLUMN, bold=True), place
            assert fits(f"THỊ TRẤN {place}", Pt(13), COLUMN, bold=False) or fits(
                place, Pt(13), COLUMN, bold=True
            ), place


# --- L8 the V/v line --------------------------------------------------------------------


def vv(trich_yeu: str) -> str:
    return vv_text(trich_yeu)


def test_l8_a_short_subject_is_one_line_as_before() -> None:
    assert vv("báo cáo tháng 3") == "V/v báo cáo tháng 3"


def test_l8_a_long_subject_is_broken_between_words_into_lines_that_fit() -> None:
    text = vv("rà soát, báo cáo đội ngũ công chức lãnh đạo, quản lý cấp phòng phục vụ công tác "
              "quy hoạch giai đoạn 2026-2031")  # fmt: skip
    lines = text.split("\n")
    assert len(lines) == 4
    assert " ".join(lines) == "V/v " + vntext.strip_vv(
        "rà soát, báo cáo đội ngũ công chức lãnh đạo, quản lý cấp phòng phục vụ công tác "
        "quy hoạch giai đoạn 2026-2031"
    )
    assert all(fits(line, L.vv_size, COLUMN) for line in lines)
    widths = [text_width(line, L.vv_size) for line in lines]
    assert max(widths) - min(widths) < Mm(15), "balanced"


def test_l8_typed_breaks_stay_and_quotations_stay_whole() -> None:
    assert vv("phối hợp thực hiện\n“Năm dân vận chính quyền” 2019") == (
        "V/v phối hợp thực hiện\n“Năm dân vận chính quyền” 2019"
    )
    assert vv("phối hợp thực hiện “Năm dân vận chính quyền” 2019") == (
        "V/v phối hợp thực hiện\n“Năm dân vận chính quyền” 2019"
    )


def test_l8_place_names_in_the_subject_are_not_split() -> None:
    text = vv("tăng cường phòng, chống dịch sốt xuất huyết trên địa bàn thành phố Hồ Chí Minh "
              "và tỉnh Đắk Lắk")  # fmt: skip
    lines = text.split("\n")
    assert any("thành phố Hồ Chí Minh" in line for line in lines), lines
    assert any("tỉnh Đắk Lắk" in line for line in lines), lines


def test_l8_v_v_never_stands_alone_and_only_spaces_change() -> None:
    typed = "Xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx  a\tb  & < > {{ 7*7 }}"
    text = vv(typed)
    assert text.startswith("V/v Xxx") and "\n" in text
    # each break replaced one run of spaces; tabs and double spaces elsewhere stay
    assert re.sub(r" *\n *", "", text) == re.sub(r" +", "", "V/v " + typed) or (
        text.replace("\n", "  ") == "V/v " + typed or text.replace("\n", " ") == "V/v " + typed
    )


def test_context_uses_the_decided_lines() -> None:
    data = load_example("daklak-1691-ubnd-kgvx.json")
    data["co_quan_ban_hanh"] = "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK"
    data["co_quan_chu_quan"] = "UỶ BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH"
    ctx = build_context(Letter.from_dict(data))
    assert ctx.issuer.lines == ["ỦY BAN NHÂN DÂN", "TỈNH ĐẮK LẮK"]
    assert ctx.chu_quan.lines == ["UỶ BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"]
    assert ctx.issuer_rule.length == Mm(17)  # as the spec's worked example, typed with \n
    assert ctx.vv_line == "V/v phối hợp thực hiện\n“Năm dân vận chính quyền” 2019"
    assert ctx.vv_lines == ["V/v phối hợp thực hiện", "“Năm dân vận chính quyền” 2019"]


# --- Property: random names of levels and places (unit level) ----------------------------

LEVELS = ["TỈNH", "THÀNH PHỐ", "HUYỆN", "QUẬN", "THỊ XÃ", "XÃ", "PHƯỜNG", "THỊ TRẤN"]
PLACES = [
    "HỒ CHÍ MINH", "BUÔN MA THUỘT", "BÌNH DƯƠNG", "ĐẮK LẮK", "HẬU GIANG", "CHÂU THÀNH",
    "BÀ RỊA - VŨNG TÀU", "THỪA THIÊN HUẾ", "QUẢNG NGÃI", "KRÔNG BÚK", "HAI BÀ TRƯNG",
    "PHAN RANG - THÁP CHÀM", "ĐIỆN BIÊN PHỦ", "TÂN HÒA", "HÀM THUẬN BẮC", "THỦ DẦU MỘT",
    "CẦU ÔNG LÃNH", "MÙ CANG CHẢI", "HUẾ", "CÀ MAU", "BẾN NGHÉ", "1", "12",
]  # fmt: skip
HEADS = ["ỦY BAN NHÂN DÂN", "UBND", "HỘI ĐỒNG NHÂN DÂN", "SỞ Y TẾ", "CÔNG AN",
         "KHO BẠC NHÀ NƯỚC", "TRUNG TÂM Y TẾ", "BỆNH VIỆN ĐA KHOA", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
         "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN", "VĂN PHÒNG ỦY BAN NHÂN DÂN"]  # fmt: skip


@st.composite
def agency_names(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A head, then one to three `LEVEL PLACE` units; returns the name and its places."""
    units = draw(st.lists(st.tuples(st.sampled_from(LEVELS), st.sampled_from(PLACES)),
                          min_size=1, max_size=3))  # fmt: skip
    head = draw(st.sampled_from(HEADS))
    name = " ".join([head, *(f"{lvl} {place}" for lvl, place in units)])
    return name, [place for _, place in units]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(agency_names(), st.booleans())
def test_random_names_never_split_a_place_or_a_level(
    named: tuple[str, list[str]], bold: bool
) -> None:
    """L5 over many names: each place and each level word is whole on one line; each
    line fits (L1); the words are the typed ones in order; C12's ratio holds."""
    name, places = named
    lines, size = lines_of(name, bold=bold)
    assert " ".join(lines).split() == name.split()
    assert all(fits(line, Pt(size), COLUMN, bold=bold) for line in lines)
    padded = [f" {line} " for line in lines]
    for place in places:
        assert any(f" {place} " in line for line in padded), (place, lines)
    for level in ("THÀNH PHỐ", "THỊ XÃ", "THỊ TRẤN"):
        first, second = level.split()
        assert not any(line.endswith(f" {first}") and nxt.startswith(f"{second} ")
                       for line, nxt in itertools.pairwise(lines)), lines  # fmt: skip
    if bold:
        rule = issuer_rule(lines, Pt(size))
        widest = max(text_width(line, Pt(size), bold=True) for line in lines)
        assert L.issuer_rule_ratios.low < rule.length / widest < L.issuer_rule_ratios.high


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=120), st.booleans())
def test_any_text_gives_lines_with_the_same_words(text: str, bold: bool) -> None:
    """Robustness: whatever is typed, breaking only moves spaces."""
    text = vntext.clean_input(text)
    lines, _ = lines_of(text, bold=bold)
    assert " ".join(lines).split() == " ".join(vntext.issuer_lines(text)).split()
    out = vv_text(text)
    assert out.replace("\n", " ").split() == vntext.vv_line(text).replace("\n", " ").split()


def test_break_vv_is_a_pure_function_of_its_text() -> None:
    text = "V/v " + "triển khai kế hoạch " * 10
    assert break_vv(text, COLUMN, L.vv_size) == break_vv(text, COLUMN, L.vv_size)


def test_the_word_lists_ship_in_the_wheel() -> None:
    """drafter/data/* is package data, so an installed drafter finds header_names.toml."""
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text("utf-8"))
    assert "data/*" in pyproject["tool"]["setuptools"]["package-data"]["drafter"]
    assert (Path(linebreak.__file__).parent / "data" / "header_names.toml").is_file()


def test_the_tieu_ngu_rule_is_the_tieu_ngu_s_measured_width() -> None:
    """The motto is one fixed line; its rule (60 mm) is its width at 14 pt bold, to the mm."""
    width = text_width(L.tieu_ngu, L.tieu_ngu_size, bold=True)
    assert L.tieu_ngu_rule == Mm(round(width.mm))
    assert fits(L.tieu_ngu, L.tieu_ngu_size, L.right_column, bold=True)


def test_break_text_serves_any_centred_text() -> None:
    """L8 without `V/v`: a bold 14 pt trích yếu on the 165 mm text width."""
    subject = "Về việc thành lập Tổ công tác chuyển đổi số tỉnh Đắk Lắk giai đoạn 2026-2030 " * 2
    out = linebreak.break_text(subject.strip(), L.text_width, Pt(14), bold=True)
    lines = out.split("\n")
    assert len(lines) == 3 and " ".join(lines) == subject.strip()
    assert all(fits(line, Pt(14), L.text_width, bold=True) for line in lines)
    assert not any(line.endswith(" Đắk") for line in lines)
