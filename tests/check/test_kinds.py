"""The checker on every kind of kinds.md: the examples of every kind check without a
single finding, the kind is recognised from the title line and the Số code (from the
declarations, not a copy of them), K findings reach the JSON, and random letters of
every kind check clean.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter.check import check_docx
from drafter.check.kind import NEVER, OPTIONAL, REQUIRED, by_code, by_title, doc_kinds
from drafter.cli.check import run_check
from drafter.kinds import all_kinds
from drafter.model import Letter
from drafter.paths import forms_dir
from drafter.render import render_docx
from tests.check.builders import (
    W,
    clone_para_after,
    find_para,
    mutate,
    replace_text,
    word_decision,
)
from tests.check.conftest import rendered
from tests.check.test_rendered import WORDS, sentence
from tests.conftest import ALL_EXAMPLE_NAMES, KIND_EXAMPLE_NAMES, load_example
from tests.viethoa.test_examples import PINNED

DOC = "word/document.xml"


def findings(data: bytes) -> list[str]:
    """The thể thức findings (the viết hoa lưu ý of an example's words are pinned apart)."""
    return [f"{f.check} {f.severity} {f.text} | {f.location}" for f in check_docx(data).layout]


@pytest.mark.parametrize("name", ALL_EXAMPLE_NAMES)
def test_every_example_of_every_kind_checks_without_any_finding(name: str) -> None:
    """No error and no warning on drafter's own rendering of any example."""
    data = rendered(name)
    assert findings(data) == []
    assert check_docx(data).kind == load_example(name)["kind"]


@pytest.mark.parametrize("via_styles", [False, True])
def test_a_quyet_dinh_typed_in_word_checks_clean(via_styles: bool) -> None:
    """Not only drafter's templates: direct formatting or styles, a trích yếu that Word
    wraps, the rule a bottom border of an empty paragraph."""
    data = word_decision(via_styles=via_styles)
    assert findings(data) == []
    assert check_docx(data).kind == "quyet_dinh"


# --- which kind ----------------------------------------------------------------------------


def test_the_kinds_table_is_the_declarations() -> None:
    declared = {k.key: k for k in all_kinds()}
    assert {d.key for d in doc_kinds()} == set(declared)
    for d in doc_kinds():
        kind = declared[d.key]
        assert d.ten_loai == kind.info.get("ten_loai", "")
        assert d.code == kind.info.get("code", "")
        field = kind.fields["kinh_gui"]
        policy = NEVER if not field.allowed else REQUIRED if field.required else OPTIONAL
        assert d.kinh_gui == policy
    # kinds.md §1's table, as the declarations say it
    table = {d.key: (d.ten_loai, d.code, d.kinh_gui) for d in doc_kinds()}
    assert table["quyet_dinh"] == ("QUYẾT ĐỊNH", "QĐ", NEVER)
    assert table["to_trinh"] == ("TỜ TRÌNH", "TTr", REQUIRED)
    assert table["bao_cao"] == ("BÁO CÁO", "BC", OPTIONAL)
    assert table["giay_moi"] == ("GIẤY MỜI", "GM", NEVER)


@pytest.fixture
def extra_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The declarations plus a made-up kind (`CÔNG ĐIỆN`, code `CĐ`) in a temporary forms/."""
    folder = tmp_path / "forms"
    shutil.copytree(forms_dir(), folder)
    own = (folder / "thong_bao.toml").read_text(encoding="utf-8")
    own = own.replace('kind = "thong_bao"', 'kind = "cong_dien"')
    own = own.replace('ten_loai = "THÔNG BÁO"', 'ten_loai = "CÔNG ĐIỆN"')
    own = own.replace('code = "TB"', 'code = "CĐ"')
    (folder / "cong_dien.toml").write_text(own, encoding="utf-8")
    monkeypatch.setenv("DRAFTER_FORMS_DIR", str(folder))
    doc_kinds.cache_clear()
    yield
    doc_kinds.cache_clear()


@pytest.mark.usefixtures("extra_kind")
def test_a_kind_added_to_forms_is_recognised_without_code() -> None:
    kind = by_title("CÔNG ĐIỆN")
    assert kind is not None and kind.key == "cong_dien"
    assert by_code("CĐ") is kind


def test_title_lines_and_codes() -> None:
    assert by_title("QUYẾT ĐỊNH").key == "quyet_dinh"
    assert by_title("Quyết  định").key == "quyet_dinh"  # K1 says how to write it
    assert by_title("QUYẾT ĐỊNH:") is None  # the line before Điều 1
    assert by_title("CÔNG VĂN") is None  # C16's business
    assert by_code("TTr").key == "to_trinh" and by_code("TTR").key == "to_trinh"
    assert by_code("UBND") is None


def test_a_cong_van_with_a_kind_code_stays_a_cong_van() -> None:
    """A V/v line and no title: a công văn whose code is wrong (C13), not a quyết định."""
    data = mutate(
        rendered("daklak-1691-ubnd-kgvx.json"),
        DOC,
        lambda root: replace_text(root, "1691/UBND-KGVX", "1691/QĐ-KGVX"),
    )
    report = check_docx(data)
    assert report.kind == "cong_van"
    assert report.ids() == {"C13"}


def test_a_cong_van_quoting_a_title_line_in_its_body_stays_a_cong_van() -> None:
    def quote(root: Any) -> None:
        clone_para_after(find_para(root, lambda t: t.startswith("Thực hiện")), "THÔNG BÁO")

    report = check_docx(mutate(rendered("daklak-1691-ubnd-kgvx.json"), DOC, quote))
    assert report.kind == "cong_van"
    assert report.layout == []


def test_without_a_title_line_the_code_names_the_kind() -> None:
    def drop_title(root: Any) -> None:
        for p in root.iter(f"{{{W}}}p"):
            if "".join(t.text or "" for t in p.iter(f"{{{W}}}t")) == "GIẤY MỜI":
                p.getparent().remove(p)
                return

    data = mutate(rendered("kinds/gm-ubnd-daklak-doi-thoai-doanh-nghiep.json"), DOC, drop_title)
    report = check_docx(data)
    assert report.kind == "giay_moi"
    (finding,) = report.errors
    assert finding.check == "K1" and "GIẤY MỜI" in finding.message


# --- the findings, as printed and as JSON --------------------------------------------------


def test_k_findings_in_the_json_and_the_console(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = mutate(
        rendered("kinds/qd-ubnd-daklak-to-cong-tac-chuyen-doi-so.json"),
        DOC,
        lambda root: replace_text(root, "Điều 3.", "Điều 4."),
    )
    path = tmp_path / "quyet-dinh.docx"
    path.write_bytes(data)
    assert run_check(str(path), as_json=True) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["kind"] == "quyet_dinh"
    assert [f["check"] for f in out["findings"]] == ["K7"]
    assert out["findings"][0]["message"] == (
        "“Điều 4.” sau Điều 2; cần “Điều 3.” (đánh số liên tục 1, 2, 3 …)"
    )
    assert run_check(str(path), as_json=False) == 1
    assert "✗ Lỗi [K7] Điều: “Điều 4.” sau Điều 2" in capsys.readouterr().out


def test_k_findings_sort_after_the_c_findings() -> None:
    def two_defects(root: Any) -> None:
        replace_text(root, "thứ Năm, ngày 19", "thứ Tư, ngày 19")  # K9
        replace_text(root, "Số: 21/", "Số: 21 /")  # C13

    data = mutate(rendered("kinds/gm-ubnd-daklak-doi-thoai-doanh-nghiep.json"), DOC, two_defects)
    assert [f.check for f in check_docx(data).findings] == ["C13", "K9"]


# --- random letters of every kind ----------------------------------------------------------

AUTHORITIES = [
    "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK",
    "giám đốc sở nội vụ",
    "ỦY BAN NHÂN DÂN XÃ AN PHÚ",
]
LEVELS = ["phan", "chuong", "muc", "khoan"]


def block(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    text = sentence(2, 30)
    plain = st.fixed_dictionaries(
        {"type": st.sampled_from(["paragraph", "task", "bullet", "diem"]), "text": text}
    )
    heading = st.fixed_dictionaries(
        {"type": st.just("heading"), "level": st.sampled_from(LEVELS), "text": sentence(1, 8)}
    )
    dieu = st.fixed_dictionaries(
        {"type": st.just("dieu"), "title": st.one_of(st.just(""), sentence(1, 8)), "text": text}
    )
    return st.one_of(plain, heading, dieu) if kind in DIEU_KINDS else st.one_of(plain, heading)


DIEU_KINDS = ("quyet_dinh", "cong_van")  # a công văn may hold Điều too (kinds.md §1)
BASES = [*KIND_EXAMPLE_NAMES, "daklak-1691-ubnd-kgvx.json", "quangngai-2116-ubnd-nc.json"]


@st.composite
def kind_letters(draw: st.DrawFn) -> dict[str, Any]:
    """A valid letter of any kind (the công văn with the new body blocks too)."""
    data = load_example(draw(st.sampled_from(BASES)))
    kind = data["kind"]
    data["trich_yeu"] = draw(sentence(3, 30))
    blocks = draw(st.lists(block(kind), min_size=0 if kind == "giay_moi" else 1, max_size=12))
    if kind == "quyet_dinh":
        first = {"type": "dieu", "title": "", "text": draw(sentence(3, 20))}
        blocks = [first, *blocks]
        data["tham_quyen_ban_hanh"] = draw(st.sampled_from(AUTHORITIES))
        grounds = st.lists(sentence(3, 25).map(lambda s: f"Căn cứ {s}"), min_size=1, max_size=5)
        data["can_cu"] = draw(grounds)
    if blocks and blocks[-1].get("level") in ("phan", "chuong"):
        # see test_a_letter_ending_with_a_phan_heading_checks_clean: a renderer bug
        blocks.append({"type": "paragraph", "text": draw(sentence(2, 10))})
    data["noi_dung"] = blocks
    if kind in ("to_trinh", "bao_cao", "cong_van"):
        least = 0 if kind == "bao_cao" else 1
        data["kinh_gui"] = draw(st.lists(sentence(2, 10), min_size=least, max_size=6))
    if kind == "giay_moi":
        data["kinh_moi"] = draw(st.lists(sentence(2, 12), min_size=1, max_size=6))
        data["toi_du"] = draw(sentence(2, 20))
        data["chu_tri"] = draw(st.one_of(st.just(""), sentence(2, 10)))
        data["dia_diem"] = draw(sentence(2, 15))
        start = draw(st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2100, 12, 31, 20, 0)))
        start = start.replace(second=0, microsecond=0)
        data["thoi_gian"] = start.strftime("%Y-%m-%dT%H:%M")
        later = st.integers(1, 23 * 60 - 1 - start.hour * 60 - start.minute)
        end = draw(st.one_of(st.none(), later)) if start.hour < 23 else None
        if end is not None:
            total = start.hour * 60 + start.minute + end
            data["thoi_gian_ket_thuc"] = f"{total // 60:02d}:{total % 60:02d}"
        else:
            data["thoi_gian_ket_thuc"] = ""
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind_letters())
def test_random_letters_of_every_kind_check_clean(data: dict[str, Any]) -> None:
    docx = render_docx(Letter.from_dict(data), year=2026)
    report = check_docx(docx)
    assert [f"{f.check} {f.text} | {f.location}" for f in report.errors] == []
    assert report.kind == data["kind"]


@pytest.mark.parametrize("level", ["phan", "chuong"])
def test_a_letter_ending_with_a_phan_heading_checks_clean(level: str) -> None:
    """Found by the random letters: the last paragraph, centred, kept its centring (it
    used to take the justified last-paragraph style)."""
    data = load_example("kinds/bc-ubnd-xa-hoa-vang-kinh-te-xa-hoi-quy-i.json")
    data["noi_dung"].append({"type": "heading", "level": level, "text": "Kiến nghị"})
    assert findings(render_docx(Letter.from_dict(data))) == []


def test_a_letter_ending_with_a_muc_heading_checks_clean() -> None:
    """The closing `./.` after a bold heading is in the body's weight: not a K8 finding."""
    data = load_example("kinds/bc-ubnd-xa-hoa-vang-kinh-te-xa-hoi-quy-i.json")
    data["noi_dung"].append({"type": "heading", "level": "muc", "text": "Kiến nghị"})
    assert findings(render_docx(Letter.from_dict(data))) == []


def test_the_random_words_hold_no_numbering() -> None:
    """The random texts must not start like a number of their own (`1.`, `a)`, `I.`)."""
    assert not any(w[:1].isdigit() and w.endswith(".") for w in WORDS)


@pytest.mark.parametrize("name", ALL_EXAMPLE_NAMES)
def test_the_viet_hoa_notes_of_every_example_are_its_pinned_faults(name: str) -> None:
    """`drafter check` reads the prose of the .docx (trích yếu, Kính gửi, căn cứ, body,
    Nơi nhận) with V1–V9: on every example exactly the faults pinned from its JSON, each
    a warning with the words found and the suggestion."""
    report = check_docx(render_docx(Letter.from_dict(load_example(name)), year=2026))
    notes = [f for f in report.findings if f.check.startswith("V")]
    assert all(f.severity == "warning" and f.to_dict()["suggestion"] for f in notes)
    got = sorted((f.check, f.found, f.suggestion) for f in notes)
    pinned = PINNED.get(name.removeprefix("kinds/"), [])
    assert got == sorted((rule, found, suggestion) for rule, _, found, suggestion in pinned)
