"""The text rules R1–R9 of docs/spec/nd30-layout.md §6, one function each."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from drafter import vntext
from drafter.vntext import Run


class TestSo:
    """R3 (PL I, II.3): `Số: ` + number padded to two digits + `/` + ký hiệu."""

    @pytest.mark.parametrize(
        ("so", "expected"),
        [("5", "Số: 05/UBND-VP"), ("1691", "Số: 1691/UBND-VP"), ("10", "Số: 10/UBND-VP")],
    )
    def test_padding(self, so: str, expected: str) -> None:
        assert vntext.so_line(so, "UBND-VP") == expected

    def test_unregistered_draft_keeps_six_blanks(self) -> None:
        assert vntext.so_line("", "SNV-CCVC") == "Số:      /SNV-CCVC"


class TestDate:
    """R4 (PL I, II.4): day two digits; month zero-padded only for January and February."""

    @pytest.mark.parametrize(
        ("day", "expected"),
        [
            (dt.date(2019, 3, 5), "Đắk Lắk, ngày 05 tháng 3 năm 2019"),
            (dt.date(2020, 1, 15), "Đắk Lắk, ngày 15 tháng 01 năm 2020"),
            (dt.date(2026, 2, 9), "Đắk Lắk, ngày 09 tháng 02 năm 2026"),
            (dt.date(2024, 10, 1), "Đắk Lắk, ngày 01 tháng 10 năm 2024"),
            (dt.date(2025, 12, 31), "Đắk Lắk, ngày 31 tháng 12 năm 2025"),
        ],
    )
    def test_leading_zeros(self, day: dt.date, expected: str) -> None:
        assert vntext.date_line("Đắk Lắk", day) == expected

    def test_every_month(self) -> None:
        months = [vntext.date_phrase(dt.date(2025, m, 20)).split()[3] for m in range(1, 13)]
        assert months == ["01", "02", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"]

    def test_undated_draft_has_five_blanks_and_the_year(self) -> None:
        assert vntext.date_line("Đồng Tháp", None, 2026) == "Đồng Tháp, ngày     tháng     năm 2026"

    def test_undated_draft_defaults_to_this_year(self) -> None:
        assert vntext.date_phrase(None).endswith(f"năm {dt.date.today().year}")


class TestVv:
    """R5 (PL I, II.5.b): one pasted prefix and final periods go; `V/v ` is added."""

    @pytest.mark.parametrize(
        "typed",
        ["triển khai X", "V/v triển khai X", "v/v: triển khai X", "Về việc: triển khai X",
         "VỀ VIỆC triển khai X", "  triển khai X.  ", "V/v:triển khai X..."],
    )  # fmt: skip
    def test_prefix_and_period(self, typed: str) -> None:
        assert vntext.vv_line(typed) == "V/v triển khai X"

    def test_only_one_prefix_is_removed(self) -> None:
        assert vntext.vv_line("V/v V/v lặp") == "V/v V/v lặp"


class TestRecipients:
    """R6 (II.9.b) Kính gửi and R8 (II.9.d) Nơi nhận punctuation."""

    def test_single_recipient_on_the_line(self) -> None:
        assert vntext.kinh_gui_lines(["Sở Nội vụ"]) == ["Kính gửi: Sở Nội vụ."]

    def test_several_as_dash_list(self) -> None:
        assert vntext.kinh_gui_lines(["- Sở A;", "• Sở B.", "Sở C,"]) == [
            "Kính gửi:",
            "- Sở A;",
            "- Sở B;",
            "- Sở C.",
        ]

    def test_clean_entry_removes_one_mark_only(self) -> None:
        assert vntext.clean_entry("– – X;;") == "– X"

    def test_noi_nhan_ends_with_luu(self) -> None:
        assert vntext.noi_nhan_lines(["Như trên", "- Sở Y tế;"], "VT, KGVX.", "N- 47b") == [
            "Nơi nhận:",
            "- Như trên;",
            "- Sở Y tế;",
            "- Lưu: VT, KGVX (N- 47b).",
        ]

    def test_luu_without_code(self) -> None:
        assert vntext.luu_line("VT, NC, Vi171") == "- Lưu: VT, NC, Vi171."

    def test_empty_noi_nhan_still_has_luu(self) -> None:
        assert vntext.noi_nhan_lines([], "VT") == ["Nơi nhận:", "- Lưu: VT."]


class TestSignature:
    """R9 and R2: authority lines and title upper case, each on its own line; the name."""

    def test_upper_case_is_nfc(self) -> None:
        decomposed = unicodedata.normalize("NFD", "kt. chủ tịch")
        assert vntext.signature_lines([decomposed], "phó chủ tịch") == [
            "KT. CHỦ TỊCH",
            "PHÓ CHỦ TỊCH",
        ]
        assert unicodedata.is_normalized("NFC", vntext.upper(decomposed))

    @pytest.mark.parametrize(
        ("typed", "printed"),
        [
            ("VÕ VĂN CẢNH", "Võ Văn Cảnh"),
            ("võ  văn   cảnh", "Võ Văn Cảnh"),
            ("H'HEN NIÊ", "H'Hen Niê"),
            ("nguyễn thị-lan", "Nguyễn Thị-Lan"),
            ("Đinh Thị Thu Hà", "Đinh Thị Thu Hà"),
            ("Nguyễn van A", "Nguyễn van A"),  # mixed case: the drafter's own spelling
        ],
    )
    def test_name_case(self, typed: str, printed: str) -> None:
        assert vntext.name_case(typed) == printed

    def test_issuer_lines_split_on_newline(self) -> None:
        assert vntext.issuer_lines("ủy ban nhân dân\n tỉnh đắk lắk ") == [
            "ỦY BAN NHÂN DÂN",
            "TỈNH ĐẮK LẮK",
        ]


class TestInline:
    """R1: `**bold**`, `*italic*`, `\\*`; nothing else is markup."""

    def test_bold_and_italic(self) -> None:
        assert vntext.parse_inline("a **b** *c* d") == [
            Run("a "),
            Run("b", bold=True),
            Run(" "),
            Run("c", italic=True),
            Run(" d"),
        ]

    def test_escaped_star(self) -> None:
        assert vntext.parse_inline(r"2 \* 3 = 6, Họ tên\*") == [Run("2 * 3 = 6, Họ tên*")]

    def test_escaped_star_never_closes_a_mark(self) -> None:
        """Found by hypothesis: `*\\*` is a lone star and an escaped one, not italic `\\`."""
        assert vntext.parse_inline("*\\*") == [Run("**")]
        assert vntext.parse_inline("*a\\*b*") == [Run("a*b", italic=True)]

    def test_unmatched_star_prints_as_typed(self) -> None:
        assert vntext.parse_inline("5 * 3") == [Run("5 * 3")]

    def test_template_syntax_is_text(self) -> None:
        text = "{{ 7*7 }} {% if %} <b>&amp;</b>"
        assert vntext.parse_inline(text) == [Run(text)]


class TestBody:
    """R7 (PL I, II.6): task numbering, deadlines, bullets and the closing mark."""

    def test_auto_and_explicit_numbers(self) -> None:
        blocks = [("paragraph", ""), ("task", ""), ("task", ""), ("task", "2.1."), ("bullet", ""),
                  ("task", "2.2."), ("task", ""), ("task", "a)")]  # fmt: skip
        assert vntext.task_labels(blocks) == ["", "1.", "2.", "2.1.", "-", "2.2.", "3.", "a)"]

    def test_deadline_appended_when_not_in_text(self) -> None:
        runs = vntext.deadline_runs("Báo cáo kết quả", dt.date(2026, 1, 15))
        assert vntext.plain_text(runs) == " (hoàn thành trước ngày 15/01/2026)"
        assert [r.bold for r in runs] == [False, True, False]

    @pytest.mark.parametrize("written", ["10/12/2019", "10/12/2019.", "trước ngày 29/3/2019"])
    def test_deadline_already_written(self, written: str) -> None:
        day = dt.date(2019, 3, 29) if "29" in written else dt.date(2019, 12, 10)
        assert vntext.deadline_runs(f"báo cáo {written}", day) == []

    def test_strip_pasted_bullet(self) -> None:
        assert vntext.strip_bullet("– Tiếp tục") == "Tiếp tục"
        assert vntext.strip_bullet("-Tiếp tục") == "Tiếp tục"

    @pytest.mark.parametrize(
        ("last", "closed"),
        [
            ("thực hiện.", "thực hiện./."),
            ("thực hiện./.", "thực hiện./."),
            ("thực hiện;", "thực hiện./."),
            ("thực hiện:", "thực hiện./."),
            ("thực hiện", "thực hiện./."),
            ("thực hiện  ", "thực hiện./."),
        ],
    )
    def test_closing_mark(self, last: str, closed: str) -> None:
        assert vntext.plain_text(vntext.close_body([Run(last)])) == closed

    def test_closing_mark_is_plain_after_bold(self) -> None:
        runs = vntext.close_body([Run("hạn "), Run("10/12", bold=True)])
        assert runs[-1] == Run("./.") and runs[-2] == Run("10/12", bold=True)


class TestCleanInput:
    """R1 on input: NFC, and nothing XML cannot store."""

    def test_nfc(self) -> None:
        assert vntext.clean_input(unicodedata.normalize("NFD", "Đắk Lắk")) == "Đắk Lắk"

    def test_controls_dropped_line_breaks_kept(self) -> None:
        assert vntext.clean_input("a\x07b\r\nc\x0bd\x00e\tf") == "ab\nc\nde\tf"
