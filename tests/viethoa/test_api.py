"""The engine's surface: findings, the one-click fix, which fields a letter offers, the data."""

from __future__ import annotations

import inspect
import unicodedata
from typing import Any

import pytest

from drafter import viethoa
from drafter.tone import swap_tone
from drafter.viethoa import (
    StaleFinding,
    TextFinding,
    apply_suggestion,
    fold,
    letter_texts,
    review,
    review_letter,
)

FAULT = "phục vụ nhân dân"  # V3, found at 7..15


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


class TestFinding:
    def test_fields_and_dict(self) -> None:
        (f,) = review([("trich_yeu", "Báo cáo UBND Tỉnh Quảng Ngãi")])
        assert f == TextFinding(
            rule="V1",
            path="trich_yeu",
            start=13,
            end=17,
            found="Tỉnh",
            suggestion="tỉnh",
            message=f.message,
        )
        assert f.to_dict() == {
            "rule": "V1",
            "severity": "warning",
            "path": "trich_yeu",
            "start": 13,
            "end": 17,
            "found": "Tỉnh",
            "suggestion": "tỉnh",
            "message": f.message,
        }

    def test_always_a_warning(self) -> None:
        """viet-hoa.md: findings are lưu ý, never errors."""
        texts = [("a", "UBND Tỉnh Quảng Ngãi, phục vụ nhân dân, điều 5, nghỉ tết, TP. HCM")]
        findings = review(texts)
        assert len(findings) == 5
        assert {f.severity for f in findings} == {"warning"}

    def test_frozen(self) -> None:
        (f,) = review([("a", FAULT)])
        with pytest.raises(AttributeError):
            f.start = 0  # type: ignore[misc]

    @pytest.mark.parametrize(
        ("text", "rule", "item"),
        [
            ("UBND Tỉnh Quảng Ngãi", "V1", "III.1.a"),
            ("Quận 1 và quận 3.", "V1", "III.1.b"),
            ("thành phố Hồ Chí Minh", "V1", "III.1.c"),
            ("Ủy Ban Nhân Dân", "V2", "IV.1.a"),
            (FAULT, "V3", "V.1"),
            ("theo quyết định số 12/QĐ-UBND", "V4", "V.6"),
            ("theo điều 5", "V5", "V.7"),
            ("vào Thứ hai, ngày 05/3", "V6", "V.8.c"),
            ("dịp Tết Nguyên Đán", "V7", "V.8.b"),
            ("tại TP. HCM", "V9", "III.1.c"),
        ],
    )
    def test_messages_cite_phu_luc_ii(self, text: str, rule: str, item: str) -> None:
        (f,) = review([("a", text)])
        assert f.rule == rule
        assert f"Phụ lục II, mục {item}" in f.message
        assert f"“{f.suggestion}" in f.message

    def test_v8_message_names_both_spellings(self) -> None:
        (f,) = review([("a", "Ủy ban, Ủy ban"), ("b", "Uỷ ban")])
        assert "“Ủy” (2 lần)" in f.message
        assert "“Uỷ” (1 lần)" in f.message

    def test_findings_in_text_order_then_offset(self) -> None:
        texts = [("b", "điều 5 và Khoản 2"), ("a", "dịp Tết Nguyên Đán, phục vụ nhân dân")]
        got = [(f.path, f.start) for f in review(texts, dia_danh="TP. HCM")]
        assert got == [("dia_danh", 0), ("b", 0), ("b", 10), ("a", 4), ("a", 28)]


class TestApplySuggestion:
    def test_fixes_exactly_the_span(self) -> None:
        text = "Phối hợp với UBND Tỉnh Quảng Ngãi và UBND tỉnh Kon Tum."
        (f,) = review([("a", text)])
        assert (
            apply_suggestion(text, f) == "Phối hợp với UBND tỉnh Quảng Ngãi và UBND tỉnh Kon Tum."
        )

    def test_longer_replacement(self) -> None:
        text = "Hội nghị tại TP. HCM ngày 05/3."
        (f,) = review([("a", text)])
        assert apply_suggestion(text, f) == "Hội nghị tại Thành phố Hồ Chí Minh ngày 05/3."

    def test_every_finding_fixed_one_at_a_time(self) -> None:
        text = "Theo điều 5, UBND Tỉnh Quảng Ngãi phục vụ nhân dân dịp Tết Nguyên Đán tại TP. HCM."
        for _ in range(10):
            findings = review([("a", text)])
            if not findings:
                break
            text = apply_suggestion(text, findings[0])
        assert text == (
            "Theo Điều 5, UBND tỉnh Quảng Ngãi phục vụ Nhân dân dịp tết Nguyên đán tại "
            "Thành phố Hồ Chí Minh."
        )

    @pytest.mark.parametrize(
        "changed",
        [
            "Phối hợp với UBND tỉnh Quảng Ngãi.",  # fixed by hand meanwhile
            "UBND Tỉnh Quảng Ngãi.",  # moved
            "",
        ],
    )
    def test_refuses_when_the_text_changed(self, changed: str) -> None:
        (f,) = review([("trich_yeu", "Phối hợp với UBND Tỉnh Quảng Ngãi.")])
        with pytest.raises(StaleFinding, match="trich_yeu"):
            apply_suggestion(changed, f)

    def test_stale_is_a_value_error(self) -> None:
        assert issubclass(StaleFinding, ValueError)

    def test_nfd_text_is_read_as_nfc(self) -> None:
        text = "UBND Tỉnh Quảng Ngãi"
        (f,) = review([("a", nfd(text))])
        assert (f.start, f.end, f.found) == (5, 9, "Tỉnh")
        assert apply_suggestion(nfd(text), f) == "UBND tỉnh Quảng Ngãi"


class TestUnicode:
    def test_offsets_index_the_nfc_text(self) -> None:
        (f,) = review([("a", nfd("Gửi Ủy Ban Nhân Dân tỉnh"))])
        assert "Gửi Ủy Ban Nhân Dân tỉnh"[f.start : f.end] == "Ủy Ban Nhân Dân"

    @pytest.mark.parametrize(
        "text",
        ["Uỷ ban nhân dân TỈNH", "KHOẺ, thuỷ, Hoà", "İstanbul ǅ ß ﬁ", "", "🇻🇳 Đắk Lắk"],
    )
    def test_fold_keeps_the_length(self, text: str) -> None:
        assert len(fold(text)) == len(unicodedata.normalize("NFC", text))

    def test_fold_one_tone_placement(self) -> None:
        assert fold("Uỷ ban Hoà Bình KHOẺ THUỶ quý") == "ủy ban hòa bình khỏe thủy quý"

    def test_tone_spellings_are_generated(self) -> None:
        spellings = viethoa._tone().spellings
        assert len(spellings) == 3 * 5 * 2  # oa/oe/uy × five tones × two placements
        assert spellings["oà"] == ("òa", "second")
        assert spellings["ủy"] == ("ủy", "first")
        assert spellings["oẻ"] == ("ỏe", "second")
        assert all(len(s) == 2 and unicodedata.is_normalized("NFC", s) for s in spellings)

    @pytest.mark.parametrize(
        ("word", "swapped"),
        [("Uỷ", "Ủy"), ("hòa", "hoà"), ("KHOẺ", "KHỎE"), ("thụy", "thuỵ"), ("Toà", "Tòa")],
    )
    def test_swap_tone_keeps_case(self, word: str, swapped: str) -> None:
        assert swap_tone(word) == swapped
        assert swap_tone(swapped) == word


def _letter(**fields: Any) -> dict[str, Any]:
    """A letter dict whose every text field holds one V3 fault."""
    return {"format": 1, "kind": "giay_moi", **fields}


class TestReviewLetter:
    def test_reviews_every_user_text_field(self) -> None:
        """Each kind's own prose fields (its declaration's `review = true`), in its order."""
        invitation = _letter(
            trich_yeu=FAULT,
            ben_moi=FAULT,
            kinh_moi=[FAULT],
            toi_du=FAULT,
            chu_tri=FAULT,
            dia_diem=FAULT,
            noi_dung=[
                {"type": "paragraph", "text": FAULT},
                {"type": "dieu", "title": FAULT, "text": FAULT},
                {"type": "heading", "level": "khoan", "text": FAULT},
            ],
            noi_nhan=["Như trên", FAULT],
        )
        assert [f.path for f in review_letter(invitation)] == [
            "trich_yeu",
            "ben_moi",
            "kinh_moi[0]",
            "toi_du",
            "chu_tri",
            "dia_diem",
            "noi_dung[0].text",
            "noi_dung[1].text",
            "noi_dung[1].title",
            "noi_dung[2].text",
            "noi_nhan[1]",
        ]
        decision = {"kind": "quyet_dinh", "can_cu": [FAULT], "tham_quyen_ban_hanh": FAULT}
        assert [f.path for f in review_letter(decision)] == ["can_cu[0]"]
        report = {"kind": "bao_cao", "kinh_gui": ["Sở Nội vụ", FAULT]}
        assert [f.path for f in review_letter(report)] == ["kinh_gui[1]"]
        # a field the kind does not have is validation's business, not a text to review
        assert review_letter(_letter(kinh_gui=[FAULT], can_cu=[FAULT])) == []

    def test_skips_header_signature_names_and_address(self) -> None:
        letter = _letter(
            co_quan_chu_quan="UBND Tỉnh Quảng Ngãi",
            co_quan_ban_hanh="ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI",
            tham_quyen_ban_hanh="Chủ tịch Ủy Ban Nhân Dân Tỉnh Quảng Ngãi",
            ky={"tham_quyen": ["TM. Ủy Ban Nhân Dân"], "chuc_vu": "Chủ tịch", "ho_ten": "Nhân Dân"},
            dia_chi="Số 1 Trần Phú, TP. HCM; phục vụ nhân dân",
            luu="VT, TP. HCM",
            ky_hieu="UBND-TP.HCM",
            thoi_gian="2026-03-05T08:00",
        )
        assert review_letter(letter) == []

    def test_dia_danh_goes_to_v9_only(self) -> None:
        findings = review_letter(_letter(dia_danh="TP. HCM", trich_yeu="hội nghị"))
        assert [(f.rule, f.path) for f in findings] == [("V9", "dia_danh")]
        assert review_letter(_letter(dia_danh="Tỉnh Quảng Ngãi")) == []

    def test_upper_case_headings_get_v8_and_v9_only(self) -> None:
        blocks = [
            {"type": "heading", "level": level, "text": f"{FAULT} tại TP. HCM, hoà giải"}
            for level in ("phan", "chuong", "muc")
        ]
        blocks.append({"type": "paragraph", "text": "hòa giải, hòa giải, hòa giải, hòa giải"})
        findings = review_letter(_letter(noi_dung=blocks))
        assert {f.rule for f in findings} == {"V8", "V9"}
        assert [f.path for f in findings if f.rule == "V9"] == [
            "noi_dung[0].text",
            "noi_dung[1].text",
            "noi_dung[2].text",
        ]

    @pytest.mark.parametrize(
        "letter",
        [
            {},
            {"trich_yeu": None, "kinh_gui": "Sở Nội vụ", "noi_dung": "x", "dia_danh": 5},
            {"kinh_gui": [None, 3, {"a": 1}], "noi_dung": [None, "x", {"text": 5, "title": None}]},
            {"noi_dung": [{"type": "heading", "level": ["muc"], "text": "Mục đích"}]},
        ],
    )
    def test_tolerates_any_dict(self, letter: dict[str, Any]) -> None:
        """The engine reviews drafts as typed: invalid letters are validation's business."""
        assert review_letter(letter) == []

    def test_letter_texts_skips_empty_texts(self) -> None:
        texts, upper = letter_texts({"trich_yeu": "  ", "kinh_gui": ["", "Sở Tài chính"]})
        assert texts == [("kinh_gui[1]", "Sở Tài chính")]
        assert upper == set()

    def test_the_field_list_is_the_kinds_declarations(self) -> None:
        """`review = true` in forms/*.toml says which fields are prose: never the header,
        the signature, the person's name or the address."""
        from drafter.kinds import all_kinds

        reviewed = {
            f.name for kind in all_kinds() for f in kind.walk() if f.extra.get("review") is True
        }
        assert {"trich_yeu", "kinh_gui", "noi_dung", "noi_nhan", "can_cu", "kinh_moi"} <= reviewed
        assert not {"ho_ten", "ky.ho_ten", "dia_chi", "dia_danh", "co_quan_ban_hanh"} & reviewed
        body = {f.name for f in all_kinds()[0].block_fields() if f.extra.get("review") is True}
        assert body == {"noi_dung.text", "noi_dung.title"}


class TestData:
    def test_read_once(self) -> None:
        viethoa.prepare()
        assert viethoa.words() is viethoa.words()
        assert viethoa._patterns() is viethoa._patterns()

    def test_lists_are_nfc_and_unique(self) -> None:
        for section, lists in viethoa.words().items():
            for key, value in lists.items():
                entries = value if isinstance(value, list) else [value]
                flat = [
                    e for entry in entries for e in (entry if isinstance(entry, list) else [entry])
                ]
                strings = [e for e in flat if isinstance(e, str)]
                assert all(unicodedata.is_normalized("NFC", e) for e in strings), (section, key)
                assert len(strings) == len(set(strings)), (section, key)

    def test_special_units_capitalise_the_generic_word_only(self) -> None:
        """The V1 suggestion re-cases the typed words: the data must say the same."""
        for generic, name in viethoa.words()["units"]["special"]:
            assert generic == generic[0].upper() + generic[1:].lower(), generic
            assert all(w[0].isupper() for w in name.split()), name

    def test_document_types_cover_phu_luc_iii(self) -> None:
        types = set(viethoa.words()["documents"]["types"])
        phu_luc_iii = {
            "nghị quyết", "quyết định", "chỉ thị", "quy chế", "quy định", "thông cáo",
            "thông báo", "hướng dẫn", "chương trình", "kế hoạch", "phương án", "đề án",
            "dự án", "báo cáo", "biên bản", "tờ trình", "hợp đồng", "công văn", "công điện",
            "bản ghi nhớ", "bản thỏa thuận", "giấy ủy quyền", "giấy mời", "giấy giới thiệu",
            "giấy nghỉ phép", "phiếu gửi", "phiếu chuyển", "phiếu báo", "thư công",
            "luật", "bộ luật", "nghị định", "thông tư",
        }  # fmt: skip
        assert phu_luc_iii <= types


@pytest.mark.parametrize(
    ("rule", "function"),
    [
        ("III.1", viethoa.v1_units),
        ("IV.1.a", viethoa.v2_agencies),
        ("V.1", viethoa.v3_nhan_dan),
        ("V.6", viethoa.v4_document_types),
        ("V.7", viethoa.v5_citations),
        ("V.8.c", viethoa.v6_weekdays),
        ("V.8.b", viethoa.v7_tet),
        ("III.1.c", viethoa.v9_abbreviations),
    ],
)
def test_each_rule_cites_its_item(rule: str, function: Any) -> None:
    doc = inspect.getdoc(function) or ""
    assert doc.startswith(f"Phụ lục II, {rule}")


def test_v8_says_it_is_no_decree_item() -> None:
    assert "not a Phụ lục II item" in (inspect.getdoc(viethoa.v8_tone_placement) or "")
