"""Property-based: sentences built from correct forms never raise a finding (V1–V9), and
the one-click fixes of injected faults converge to a text with no finding."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.viethoa import apply_suggestion, review

# Correct forms (the spec's Do-not-flag column and realistic phrases), any position.
UNITS = [
    "Ủy ban nhân dân tỉnh Quảng Ngãi", "Hội đồng nhân dân tỉnh Sơn La", "UBND huyện Mang Thít",
    "xã Tân Hòa", "thành phố Thái Nguyên", "tỉnh Nam Định", "Quận 1", "Phường 25",
    "Phường Điện Biên Phủ", "Phường Lê Lợi", "Xã Quang Trung", "Thành phố Hồ Chí Minh",
    "Thủ đô Hà Nội", "phường Bến Nghé", "đặc khu Phú Quốc", "thị xã Sơn Tây",
    "UBND các huyện, thị xã, thành phố", "cấp tỉnh",
]  # fmt: skip
BODIES = [
    "Tỉnh ủy", "Thành ủy Hà Nội", "Huyện ủy", "Quận ủy", "Thị ủy", "Đảng ủy xã", "Tỉnh đoàn",
    "các tỉnh thành", "Ban Dân vận Tỉnh ủy", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
    "Bảo hiểm xã hội", "Phòng Văn hóa - Xã hội",
]  # fmt: skip
PEOPLE = [
    "Nhân dân", "phục vụ Nhân dân", "Tòa án nhân dân tỉnh", "Viện kiểm sát nhân dân",
    "Công an nhân dân", "Quân đội nhân dân", "lực lượng vũ trang nhân dân",
    "Hội thẩm nhân dân", "chiến tranh nhân dân", "Nghệ sĩ Nhân dân",
]  # fmt: skip
DOCUMENTS = [
    "Quyết định số 12/QĐ-UBND", "Nghị định số 30/2020/NĐ-CP", "Công văn số 1691/UBND-KGVX",
    "Kế hoạch số 88-KH/BDVTU", "các quyết định của tỉnh", "dự án số 3",
    "Thông tư số 01/2011/TT-BNV", "Bộ luật Hình sự",
]  # fmt: skip
CITATIONS = [
    "khoản 2 Điều 5", "điểm a khoản 1 Điều 24", "Mục 5 Chương XII Phần I",
    "các điều kiện", "Tiểu mục 1 Mục 1", "Điều 3",
]  # fmt: skip
DAYS = [
    "thứ Hai, ngày 05/3", "thứ Ba ngày 12/4/2026", "Chủ nhật, ngày 08/3/2026",
    "lần thứ hai", "Đại hội lần thứ ba", "thứ Bảy", "08 giờ 00, thứ Sáu, ngày 15/12/2026",
]  # fmt: skip
TET = [
    "tết Nguyên đán", "Tết", "Tết Mậu Tuất", "lễ, tết", "tết Trung thu", "dịp Tết",
    "tết Đoan ngọ", "chợ Tết",
]  # fmt: skip
WORDS = [
    "hòa giải", "khỏe mạnh", "thủy lợi", "văn hóa", "cải cách hành chính", "năm 2026",
    "trên địa bàn", "kịp thời", "**trước ngày 15/12/2025**", "“Năm dân vận chính quyền”",
]  # fmt: skip
FRAGMENTS = UNITS + BODIES + PEOPLE + DOCUMENTS + CITATIONS + DAYS + TET + WORDS
# Right only at a sentence start.
OPENERS = [
    "Khoản 2 Điều 5 quy định", "Điểm a khoản 1 Điều 24 nêu", "Tỉnh Quảng Ngãi",
    "Thứ Hai, ngày 05/3", "Tết Nguyên đán", "Huyện Mang Thít", "Thành phố Đà Nẵng",
]  # fmt: skip
CONNECTORS = [" và ", ", ", " của ", " tại ", " theo ", " với ", "; ", " cùng ", " (", ") "]
ENDS = [". ", ".\n", ".\n- ", "? ", "! ", ":\n1. ", "\na) "]
# The older tone placement, pair by pair: a document may use either, but only one.
OLD_PLACEMENT = {"ủy": "uỷ", "Ủy": "Uỷ", "òa": "oà", "óa": "oá", "ỏe": "oẻ", "Òa": "Oà"}


@st.composite
def sentence(draw: st.DrawFn) -> str:
    parts = [draw(st.sampled_from(OPENERS))] if draw(st.booleans()) else []
    for fragment in draw(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=6)):
        if parts:
            parts.append(draw(st.sampled_from(CONNECTORS)))
        parts.append(fragment)
    text = "".join(parts)
    return text[0].upper() + text[1:] if draw(st.booleans()) else text


@st.composite
def field_text(draw: st.DrawFn) -> str:
    sentences = draw(st.lists(sentence(), min_size=1, max_size=4))
    out = sentences[0]
    for more in sentences[1:]:
        out += draw(st.sampled_from(ENDS)) + more
    return out + "."


def old_placement(text: str) -> str:
    for new, old in OLD_PLACEMENT.items():
        text = text.replace(new, old)
    return text


@settings(max_examples=300, deadline=None)
@given(st.lists(field_text(), min_size=1, max_size=4), st.booleans())
def test_correct_sentences_raise_nothing(texts: list[str], old: bool) -> None:
    """V1–V9: any mix of correct forms, in one consistent tone placement, is clean."""
    fields = [(f"noi_dung[{i}].text", old_placement(t) if old else t) for i, t in enumerate(texts)]
    assert review(fields) == [], fields


# Faults of every rule, each fixable by its suggestion.
FAULTS = [
    "UBND Tỉnh Quảng Ngãi", "các Huyện Mang Thít", "quận 1,", "thành phố Hồ Chí Minh",
    "Ủy Ban Nhân Dân tỉnh", "Hội đồng Nhân dân huyện", "phục vụ nhân dân",
    "quyết định số 12/QĐ-UBND", "công văn số 1691/UBND-KGVX", "điều 5", "tại Khoản 2 Điều 5",
    "chương II", "vào Thứ hai, ngày 05/3", "chủ nhật, ngày 08/3", "dịp Tết Nguyên Đán",
    "nghỉ tết.", "Tết Trung Thu", "tại TP. HCM", "TP Hà Nội",
]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(FRAGMENTS + FAULTS), min_size=1, max_size=8),
    st.lists(st.sampled_from(CONNECTORS), min_size=8, max_size=8),
)
def test_fixes_converge(fragments: list[str], connectors: list[str]) -> None:
    """Applying the first suggestion and reviewing again ends with no finding, each fix
    removing at least one: a suggestion never makes a fault of another rule."""
    text = "Nội dung: " + "".join(f + c for f, c in zip(fragments, connectors, strict=False))
    findings = review([("a", text)])
    for _ in range(len(findings) + 1):
        if not findings:
            break
        text = apply_suggestion(text, findings[0])
        after = review([("a", text)])
        assert len(after) < len(findings), (text, findings[0], after)
        findings = after
    assert findings == [], text
