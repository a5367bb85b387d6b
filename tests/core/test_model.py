"""The letter model: exact round trip, and validation that lists every problem by path."""

from __future__ import annotations

import copy
import datetime as dt
import unicodedata
from typing import Any

import pytest

from drafter.model import Letter, LetterError, read_partial, validate
from tests.conftest import EXAMPLE_NAMES, load_example


def problems_of(data: Any) -> dict[str, str]:
    return {p.path: p.message for p in validate(data)}


def daklak() -> dict[str, Any]:
    return load_example("daklak-1691-ubnd-kgvx.json")


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_examples_round_trip_exactly(name: str) -> None:
    data = load_example(name)
    assert Letter.from_dict(data).to_dict() == data


def test_typed_values() -> None:
    letter = Letter.from_dict(daklak())
    assert letter.ngay == dt.date(2019, 3, 5)
    assert letter.noi_dung[1].deadline == dt.date(2019, 12, 10)
    assert letter.ky.tham_quyen == ("KT. CHỦ TỊCH",)
    assert [b.type for b in letter.tasks] == ["task", "task"]


def test_text_is_nfc() -> None:
    data = daklak()
    data["dia_danh"] = unicodedata.normalize("NFD", "Đắk Lắk")
    data["kinh_gui"] = [unicodedata.normalize("NFD", "Sở Nội vụ")]
    letter = Letter.from_dict(data)
    assert letter.dia_danh == "Đắk Lắk" and letter.kinh_gui == ("Sở Nội vụ",)


def test_every_problem_listed_at_once_with_paths() -> None:
    data = daklak()
    data["ky_hieu"] = "UBND KGVX"
    data["ngay"] = "2019-02-30"
    data["kinh_gui"][1] = ""
    data["noi_dung"][3]["text"] = 42
    data["ky"]["tham_quyen"] = ["KT CHỦ TỊCH"]
    data["ky"]["ho_ten"] = "   "
    data["typo_key"] = "x"
    found = problems_of(data)
    assert set(found) == {
        "ky_hieu",
        "ngay",
        "kinh_gui[1]",
        "noi_dung[3].text",
        "ky.tham_quyen[0]",
        "ky.ho_ten",
        "typo_key",
    }
    assert "dấu cách" in found["ky_hieu"]
    assert "không có thật" in found["ngay"]
    assert "TM., KT., TL., TUQ., Q." in found["ky.tham_quyen[0]"]


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d.update(format=2), "format"),
        (lambda d: d.update(format=True), "format"),
        (lambda d: d.pop("format"), "format"),
        (lambda d: d.update(kind="bien_ban"), "kind"),
        (lambda d: d.update(co_quan_ban_hanh=""), "co_quan_ban_hanh"),
        (lambda d: d.update(so="12a"), "so"),
        (lambda d: d.update(so="0"), "so"),
        (lambda d: d.update(ky_hieu="UBND/KGVX"), "ky_hieu"),
        (lambda d: d.update(ky_hieu="-UBND"), "ky_hieu"),
        (lambda d: d.update(ngay="05/03/2019"), "ngay"),
        (lambda d: d.update(ngay=20190305), "ngay"),
        (lambda d: d.update(trich_yeu="V/v"), "trich_yeu"),
        (lambda d: d.update(muc_do_khan="gap"), "muc_do_khan"),
        (lambda d: d.update(do_mat="MAT"), "do_mat"),
        (lambda d: d.update(kinh_gui=[]), "kinh_gui"),
        (lambda d: d.update(kinh_gui="Sở Nội vụ"), "kinh_gui"),
        (lambda d: d.update(kinh_gui=["Sở A", None]), "kinh_gui[1]"),
        (lambda d: d.update(noi_dung=[]), "noi_dung"),
        (lambda d: d["noi_dung"].append({"type": "chart", "text": "x"}), "noi_dung[8].type"),
        (lambda d: d["noi_dung"].append("text"), "noi_dung[8]"),
        (lambda d: d["noi_dung"][0].update(deadline="2019-12-10"), "noi_dung[0].deadline"),
        (lambda d: d["noi_dung"][1].update(deadline="10/12/2019"), "noi_dung[1].deadline"),
        (lambda d: d["noi_dung"][1].update(colour="red"), "noi_dung[1].colour"),
        (lambda d: d.update(luu=""), "luu"),
        (lambda d: d.pop("ky"), "ky"),
        (lambda d: d.update(ky=[]), "ky"),
        (lambda d: d["ky"].update(tham_quyen=["A", "B", "C", "D"]), "ky.tham_quyen"),
        (lambda d: d["ky"].update(tham_quyen=["KT.CHỦ TỊCH"]), "ky.tham_quyen[0]"),
        (lambda d: d["ky"].update(tham_quyen=["THAY MẶT UBND"]), "ky.tham_quyen[0]"),
        (lambda d: d["ky"].update(chuc_vu=""), "ky.chuc_vu"),
        (lambda d: d["ky"].update(extra=1), "ky.extra"),
        (lambda d: d.update(trich_yeu="x" * 501), "trich_yeu"),
        (lambda d: d.update(kinh_gui=["Sở"] * 201), "kinh_gui"),
    ],
)
def test_each_rule(change: Any, path: str) -> None:
    data = daklak()
    change(data)
    found = problems_of(data)
    assert path in found, found
    assert all(message.strip() for message in found.values())


@pytest.mark.parametrize("data", [None, [], "letter", 3, {"format": 1, "kind": "cong_van"}])
def test_not_a_letter(data: Any) -> None:
    with pytest.raises(LetterError) as err:
        Letter.from_dict(data)
    assert err.value.problems


def test_optional_fields_may_be_absent() -> None:
    data = daklak()
    for key in ("co_quan_chu_quan", "so", "ngay", "muc_do_khan", "do_mat", "noi_nhan",
                "ky_hieu_nguoi_soan", "dia_chi"):  # fmt: skip
        data.pop(key)
    letter = Letter.from_dict(data)
    assert letter.so == "" and letter.ngay is None and letter.noi_nhan == ()


def test_input_is_not_modified() -> None:
    data = daklak()
    before = copy.deepcopy(data)
    Letter.from_dict(data)
    assert data == before


# Issue 17, item 6: one list limit, the declaration's, for full and partial reading alike.
@pytest.mark.parametrize(
    ("key", "value", "path"),
    [
        ("noi_nhan", ["Như trên"] * 201, "noi_nhan"),
        ("kinh_gui", ["Sở"] * 201, "kinh_gui"),
        ("noi_dung", [{"type": "paragraph", "text": "x"}] * 501, "noi_dung"),
        ("ky", {"tham_quyen": ["KT. CHỦ TỊCH"] * 4}, "ky.tham_quyen"),
    ],
)
def test_a_partial_letter_keeps_the_list_limits(key: str, value: Any, path: str) -> None:
    for kind in ("cong_van", "quyet_dinh"):
        with pytest.raises(LetterError) as err:
            read_partial({"format": 1, "kind": kind, key: value})
        assert [p.path for p in err.value.problems] == [path]
        assert "nhiều nhất" in err.value.problems[0].message
    at_limit = {"noi_nhan": 200, "kinh_gui": 200, "noi_dung": 500}.get(key)
    if at_limit:
        assert len(read_partial({key: value[:at_limit]})[key]) == at_limit


def test_a_long_list_costs_one_problem_not_one_per_item() -> None:
    data = daklak()
    data["kinh_gui"] = [1] * 50_000  # wrong type, far too many
    problems = validate(data)
    assert problems[0].path == "kinh_gui" and len(problems) <= 201


def test_q_authority_is_accepted() -> None:
    data = daklak()
    data["ky"] = {"tham_quyen": ["TUQ. GIÁM ĐỐC"], "chuc_vu": "TRƯỞNG PHÒNG", "ho_ten": "A B"}
    assert validate(data) == []


@pytest.mark.parametrize("value", ["0999-01-01", "2101-01-01", "1944-12-31"])
def test_a_date_outside_the_declared_years_is_a_typo(value: str) -> None:
    """forms/_common.toml: years 1945–2100; `năm 999` would print three digits (C14)."""
    data = daklak()
    data["ngay"] = value
    found = problems_of(data)
    assert "ngoài khoảng 1945–2100" in found["ngay"]
