"""Property-based, for each of the six other kinds (kinds.md): any valid letter renders to
a .docx that reopens as well-formed XML, prints every text the user typed (as the rules
print it), leaves no template tag, and passes `drafter check` with no error."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from drafter import vntext
from drafter.check import check_docx
from drafter.check.text import starts_key
from drafter.kinds import load_kind
from drafter.model import Letter
from drafter.render import render_docx
from tests.core.test_properties import dates, squash
from tests.core.test_properties import one_line as any_line
from tests.docx_reading import all_text, open_docx

KINDS = ("quyet_dinh", "thong_bao", "ke_hoach", "bao_cao", "to_trinh", "giay_moi")
# Header names stay real (their line breaking is tested on its own): the properties here
# are about what the user types in the body of each kind.
ISSUERS = ["ỦY BAN NHÂN DÂN\nTỈNH ĐẮK LẮK", "SỞ NỘI VỤ", "ỦY BAN NHÂN DÂN\nXÃ AN PHÚ"]
SIGNERS = [
    {"tham_quyen": ["KT. CHỦ TỊCH"], "chuc_vu": "PHÓ CHỦ TỊCH", "ho_ten": "Võ Văn Cảnh"},
    {"tham_quyen": [], "chuc_vu": "GIÁM ĐỐC", "ho_ten": "Đoàn Thị Bích Vân"},
    {"tham_quyen": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"], "chuc_vu": "PHÓ CHỦ TỊCH",
     "ho_ten": "Lê Văn Tám"},
]  # fmt: skip


def one_line(*, max_size: int) -> st.SearchStrategy[str]:
    """Any one-line text, except one opening like the blocks a reader (and the checker)
    finds by their first words, `Kính gửi` and `Nơi nhận`, anywhere in the letter."""
    return any_line(max_size=max_size).filter(
        lambda t: not starts_key(t, "KINHGUI") and not starts_key(t, "NOINHAN")
    )


text = one_line(max_size=120)
# An explicit number prints as typed; one that breaks the sequence is K8's finding by
# design (tests/check), so the random letters number tasks only, with sub-numbers.
numbers = st.one_of(st.just(""), st.just("2.1."))


@st.composite
def block(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["paragraph", "task", "bullet", "heading", "diem", "dieu"]))
    out: dict[str, Any] = {"type": kind, "text": draw(text)}
    if kind == "heading":
        out["level"] = draw(st.sampled_from(["phan", "chuong", "muc", "khoan"]))
    if kind == "task" and (number := draw(numbers)):
        out["number"] = number
    if kind == "dieu" and draw(st.booleans()):
        out["title"] = draw(one_line(max_size=60))
    return out


@st.composite
def letters(draw: st.DrawFn, key: str) -> dict[str, Any]:
    kind = load_kind(key)
    body = draw(st.lists(block(), min_size=1, max_size=10))
    if key == "quyet_dinh" and not any(b["type"] == "dieu" for b in body):
        body.append({"type": "dieu", "text": draw(text)})
    letter: dict[str, Any] = {
        "format": 1,
        "kind": key,
        "co_quan_ban_hanh": draw(st.sampled_from(ISSUERS)),
        "so": draw(st.one_of(st.just(""), st.integers(1, 9999).map(str))),
        "ky_hieu": f"{kind.info['code']}-{draw(st.sampled_from(['UBND', 'SNV', 'VP']))}",
        "dia_danh": draw(st.sampled_from(["Đắk Lắk", "Hà Nội", "Thành phố Hồ Chí Minh"])),
        "ngay": draw(st.one_of(st.just(""), dates)),
        "trich_yeu": draw(one_line(max_size=200)),
        "muc_do_khan": draw(st.sampled_from(["", "khan", "thuong_khan", "hoa_toc"])),
        "do_mat": draw(st.sampled_from(["", "mat", "toi_mat", "tuyet_mat"])),
        "noi_dung": body,
        "noi_nhan": draw(st.lists(one_line(max_size=60), max_size=8)),
        "luu": "VT",
        "ky": draw(st.sampled_from(SIGNERS)),
    }
    if kind["kinh_gui"].allowed:
        least = 1 if kind["kinh_gui"].required else 0
        letter["kinh_gui"] = draw(st.lists(one_line(max_size=60), min_size=least, max_size=4))
    if key == "quyet_dinh":
        letter["tham_quyen_ban_hanh"] = draw(one_line(max_size=80))
        letter["can_cu"] = draw(st.lists(one_line(max_size=200), min_size=1, max_size=5))
    if key == "giay_moi":
        start = draw(st.datetimes(dt.datetime(1945, 1, 1), dt.datetime(2100, 12, 31, 23, 59)))
        letter.update(
            ben_moi=draw(one_line(max_size=60)),
            kinh_moi=draw(st.lists(one_line(max_size=80), min_size=1, max_size=4)),
            toi_du=draw(one_line(max_size=120)),
            chu_tri=draw(st.one_of(st.just(""), one_line(max_size=60))),
            thoi_gian=start.strftime("%Y-%m-%dT%H:%M"),
            dia_diem=draw(one_line(max_size=120)),
        )
        if start.hour < 23 and draw(st.booleans()):
            letter["thoi_gian_ket_thuc"] = f"{start.hour + 1:02d}:{start.minute:02d}"
        if draw(st.booleans()):
            letter["noi_dung"] = []
    return letter


def typed_texts(letter: Letter) -> list[str]:
    """What the user typed, as the rules print it (kinds.md §1–§2)."""
    out = vntext.title_subject(letter.trich_yeu)
    out += [vntext.clean_entry(e) for e in (*letter.kinh_gui, *letter.noi_nhan)]
    if letter.kind == "quyet_dinh":
        out.append(" ".join(vntext.upper(letter.tham_quyen_ban_hanh).split()))
        out += [vntext.clean_entry(e) for e in letter.can_cu]
    if letter.kind == "giay_moi":
        out += [vntext.clean_entry(e) for e in (letter.ben_moi, *letter.kinh_moi)]
        out += [vntext.clean_entry(e) for e in (letter.toi_du, letter.chu_tri, letter.dia_diem)]
    for b in letter.noi_dung:
        words = vntext.plain_text(vntext.parse_inline(b.text.strip()))
        if b.type == "bullet":
            words = vntext.strip_bullet(words)
        if b.type == "heading" and b.level != "khoan":
            words = vntext.upper(words)
        out += [words, vntext.plain_text(vntext.parse_inline(b.title))]
    # the last text loses a final `;` `,` `:` to R7's closing mark
    return [t.rstrip("./;,:") for t in out if t.strip(" ./;,:")]


@pytest.mark.parametrize("key", KINDS)
def test_valid_letters_of_every_kind_render_verbatim_and_pass_the_checker(key: str) -> None:
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(letters(key))
    def check(data: dict[str, Any]) -> None:
        letter = Letter.from_dict(data)
        docx_bytes = render_docx(letter, year=2026)
        with zipfile.ZipFile(io.BytesIO(docx_bytes)) as package:
            for name in package.namelist():
                if name.endswith((".xml", ".rels")):
                    etree.fromstring(package.read(name))
        printed = squash(all_text(open_docx(docx_bytes)))
        for typed in typed_texts(letter):
            assert squash(typed) in printed, typed
        leftover = printed
        for typed in sorted(typed_texts(letter), key=len, reverse=True):
            leftover = leftover.replace(squash(typed), "")
        assert not re.search(r"\{[{%#]|[}%#]\}", leftover), leftover[:300]
        assert "None" not in leftover
        report = check_docx(docx_bytes)
        assert not report.errors, [f.text for f in report.errors]

    check()
