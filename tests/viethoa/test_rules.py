"""V1–V9 (docs/spec/viet-hoa.md): every "Flag" form is found with its exact span and
suggestion; every "Do not flag" form gives no finding at all (zero false alarms)."""

from __future__ import annotations

import pytest

from drafter.viethoa import review
from tests.viethoa.marks import check_clean, check_flags


def as_tuple(suggestion: str | tuple[str, ...]) -> tuple[str, ...]:
    """A case with several marked spans lists one suggestion per span."""
    return (suggestion,) if isinstance(suggestion, str) else suggestion


class TestV1Units:
    """V1, Phụ lục II III.1.a–c: generic word lower case before a name; capitalised before a
    number or a person's/event's name; Thành phố Hồ Chí Minh, Thủ đô Hà Nội as written."""

    @pytest.mark.parametrize(
        ("source", "suggestion"),
        [
            # the spec's forms
            ("Báo cáo UBND [Tỉnh] Quảng Ngãi về tiến độ giải ngân.", "tỉnh"),
            ("Đề nghị các [Huyện] Mang Thít, Vũng Liêm rà soát.", "huyện"),
            ("Giao UBND [Xã] Tân Hòa chủ trì, phối hợp.", "xã"),
            ("Trụ sở đặt tại [quận] 1.", "Quận"),
            ("Khu dân cư thuộc [phường] 25, quận Bình Thạnh.", "Phường"),
            ("Phối hợp với [thành phố] Hồ Chí Minh tổ chức hội nghị.", "Thành phố"),
            ("Chào mừng kỷ niệm ngày giải phóng [thủ đô] Hà Nội.", "Thủ đô"),
            # more of our own
            ("Công an [Thành phố] Đà Nẵng triển khai kế hoạch.", "thành phố"),
            ("UBND [Thị xã] Sơn Tây báo cáo kết quả.", "thị xã"),
            ("Chủ tịch UBND [Thị Trấn] Phú Mỹ chỉ đạo.", "thị trấn"),
            ("Sở Y tế [Tỉnh] Đắk Lắk hướng dẫn.", "tỉnh"),
            ("UBND [Đặc khu] Phú Quốc rà soát.", "đặc khu"),
            ("Đoàn công tác làm việc tại [Phường] Bến Nghé.", "phường"),
            ("Giao UBND [phường] Lê Lợi tổ chức.", "Phường"),
            ("UBND [xã] Quang Trung báo cáo.", "Xã"),
            ("Trường Tiểu học [phường] Trần Phú được công nhận.", "Phường"),
            ("Làm việc tại [quận] 3, Thành phố Hồ Chí Minh.", "Quận"),
            ("Khu phố 2, [phường] 7 thuộc Quận 5.", "Phường"),
            ("Gửi Ban Chỉ đạo [Thủ Đô] Hà Nội.", "Thủ đô"),
            ("Kiểm tra tại [phường] 10 và [quận] 11.", ("Phường", "Quận")),
            # a sentence start keeps its capital; the rest of the generic word is lower case
            ("[Thành Phố] Đà Nẵng tổ chức lễ hội pháo hoa.", "Thành phố"),
            ("Trụ sở mới. [Thị Xã] Sơn Tây đã bàn giao.", "Thị xã"),
            # both tone placements of the name
            ("Giao UBND [Xã] Tân Hoà chủ trì.", "xã"),
            # the spaces typed inside the generic word are kept
            (
                "UBND [Thành  phố] Đà Nẵng và [thành  phố] Hồ Chí Minh.",
                ("thành  phố", "Thành  phố"),
            ),
        ],
    )
    def test_flagged(self, source: str, suggestion: str | tuple[str, ...]) -> None:
        check_flags("V1", source, *as_tuple(suggestion))

    @pytest.mark.parametrize(
        "text",
        [
            "Tỉnh Quảng Ngãi có 13 đơn vị hành chính cấp huyện.",  # sentence start
            "Đã báo cáo. Huyện Mang Thít hoàn thành trước hạn.",
            "- Xã Tân Hòa: hoàn thành.",
            "a) Thành phố Huế: 12 phường.",
            "Báo cáo.\nTỉnh Quảng Ngãi đạt 95%.",
            "Ban Dân vận Tỉnh ủy, Thành ủy Hà Nội, Huyện ủy Mang Thít, Quận ủy Ba Đình, Thị ủy Sơn Tây, Đảng ủy xã Tân Hòa.",
            "Ban Thường vụ Tỉnh Uỷ, Thành Uỷ và Huyện uỷ.",
            "Các tỉnh thành trong cả nước; các tỉnh, thành phố trực thuộc trung ương.",
            "Phối hợp với Tỉnh đoàn, Thành đoàn Hà Nội, Huyện đội Mang Thít và Tỉnh hội Chữ thập đỏ.",
            "Bảo hiểm Xã hội, Phòng Văn hóa - Xã hội và Quỹ Xã Hội.",
            "Tại Quận 1, Phường Điện Biên Phủ, Phường Lê Lợi và Xã Quang Trung.",
            "Làm việc với Thành phố Hồ Chí Minh và Thủ đô Hà Nội.",
            "UBND thành phố Thái Nguyên, tỉnh Nam Định, huyện Mang Thít, xã Tân Hòa, phường Bến Nghé.",
            "UBND các huyện, thị xã, thành phố; cấp tỉnh, cấp huyện, cấp xã.",
            "Toàn tỉnh 64 chỉ tiêu; kiểm tra tại phường 2 lần mỗi tháng; đạt 100% ở phường 3%.",
            "Trụ sở số 1 Xã Đàn, phố Xã Đàn, đường Thành Phố Mới.",
            "Văn phòng UBND Thành phố; Chủ tịch UBND Tỉnh.",
            "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI; UBND TỈNH Quảng Ngãi.",
            "Phong trào “Xã Tân Hòa sạch đẹp” được nhân rộng.",
            "Thủ đô Viêng Chăn và thành phố Hồ Chí Minh City.",  # not the special name exactly
            "các huyện 30a và các xã 135",
        ],
    )
    def test_not_flagged(self, text: str) -> None:
        check_clean(text)

    def test_tone_placement_of_the_body_word(self) -> None:
        # `Tỉnh Uỷ` is a body in either tone placement
        check_clean("Gửi Thường trực Tỉnh Uỷ và Tỉnh uỷ viên.")


class TestV2Agencies:
    """V2, Phụ lục II IV.1.a: in an agency's type only the first letter is capital."""

    @pytest.mark.parametrize(
        ("source", "suggestion"),
        [
            ("Gửi [Ủy Ban Nhân Dân] tỉnh Quảng Ngãi.", "Ủy ban nhân dân"),
            ("Chủ tịch [Ủy ban Nhân dân] cấp xã có quyền phạt cảnh cáo.", "Ủy ban nhân dân"),
            ("Thường trực [Hội Đồng Nhân Dân] huyện.", "Hội đồng nhân dân"),
            ("Nghị quyết của [Hội đồng Nhân dân] tỉnh Sơn La.", "Hội đồng nhân dân"),
            ("Phối hợp với [Tòa Án Nhân Dân] tỉnh.", "Tòa án nhân dân"),
            ("Kết quả hoạt động của [Viện Kiểm sát nhân dân] quận.", "Viện kiểm sát nhân dân"),
            ("[Uỷ Ban Nhân Dân] xã Tân Hòa thông báo.", "Uỷ ban nhân dân"),  # placement kept
            ("Báo cáo [ủy Ban nhân dân] huyện.", "Ủy ban nhân dân"),
        ],
    )
    def test_flagged(self, source: str, suggestion: str) -> None:
        check_flags("V2", source, suggestion)

    @pytest.mark.parametrize(
        "text",
        [
            "Ủy ban nhân dân tỉnh Quảng Ngãi; Hội đồng nhân dân tỉnh Sơn La.",
            "Uỷ ban nhân dân xã; Toà án nhân dân huyện; Viện kiểm sát nhân dân tối cao.",
            "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK",
            "các ủy ban nhân dân cấp xã",
            "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh; Ủy ban thường vụ Quốc hội.",
        ],
    )
    def test_not_flagged(self, text: str) -> None:
        check_clean(text)


class TestV3NhanDan:
    """V3, Phụ lục II V.1: `Nhân dân` as the special noun is capitalised."""

    @pytest.mark.parametrize(
        "source",
        [
            "Bảo đảm an ninh, trật tự và phục vụ [nhân dân] vui Xuân.",
            "Tuyên truyền để [nhân dân] trên địa bàn biết, thực hiện.",
            "Trưởng các thôn vận động [nhân dân] chấp hành nghiêm quy định.",
            "Trong mối quan hệ với [nhân dân] trên địa bàn tỉnh.",
            "Nâng cao đời sống vật chất, tinh thần của [nhân dân].",
            "Lấy ý kiến [nhân dân] về dự thảo.",
            "Cán bộ, đảng viên và [nhân dân] các dân tộc.",
            "[nhân dân] được thông báo công khai.",  # lower case even at a sentence start
            "Thông tin đến [nhân Dân] kịp thời.",
        ],
    )
    def test_flagged(self, source: str) -> None:
        check_flags("V3", source, "Nhân dân")

    @pytest.mark.parametrize(
        "text",
        [
            "Ủy ban nhân dân, Hội đồng nhân dân, Tòa án nhân dân, Viện kiểm sát nhân dân.",
            "Công an nhân dân, Quân đội nhân dân, lực lượng vũ trang nhân dân.",
            "Hội thẩm nhân dân; chiến tranh nhân dân; nền an ninh nhân dân.",
            "Nghệ sĩ Nhân dân, Nhà giáo Nhân dân, Thầy thuốc Nhân dân.",
            "Anh hùng Lực lượng vũ trang nhân dân; Ban Thanh tra nhân dân; quỹ tín dụng nhân dân.",
            "Uỷ ban nhân dân xã; Toà án nhân dân tỉnh; Cộng hòa Dân chủ nhân dân Lào.",
            "Phục vụ Nhân dân; ý kiến của Nhân dân; NHÂN DÂN.",
            "Thanh toán bằng nhân dân tệ.",
            "báo nhân dân; thông báo nhân dân biết",  # the newspaper; left alone by design
        ],
    )
    def test_not_flagged(self, text: str) -> None:
        check_clean(text)


class TestV4DocumentTypes:
    """V4, Phụ lục II V.6: a specific document's type (with `số` and a number) is capitalised."""

    @pytest.mark.parametrize(
        ("source", "suggestion"),
        [
            ("Thực hiện [quyết định] số 12/QĐ-UBND ngày 05/3/2026.", "Quyết định"),
            ("Theo [nghị định] số 30/2020/NĐ-CP của Chính phủ.", "Nghị định"),
            ("Phúc đáp [công văn] số 1691/UBND-KGVX.", "Công văn"),
            ("Triển khai [kế hoạch] số 88-KH/BDVTU-BCSĐUBND.", "Kế hoạch"),
            ("Căn cứ [thông tư] số 01/2011/TT-BNV.", "Thông tư"),
            ("Căn cứ [thông tư liên tịch] số 11/2004/TTLT-BNN-BNV.", "Thông tư liên tịch"),
            ("Theo [hướng dẫn] số 12/HD-SNV của Sở Nội vụ.", "Hướng dẫn"),
            ("Sở đã có [tờ trình] số 45/TTr-SNV.", "Tờ trình"),
            ("Tại [báo cáo] số 25/BC-UBND.", "Báo cáo"),
            ("Thực hiện [luật] số 45/2019/QH14.", "Luật"),
            ("Ký [hợp đồng] số 05/2026/HĐ-XD.", "Hợp đồng"),
            ("Theo [giấy mời] số 05/GM-UBND.", "Giấy mời"),
            ("Thực hiện [chỉ thị] số 08/CT-TTg.", "Chỉ thị"),
            ("Theo [nghị quyết] số 351/2017/UBTVQH14.", "Nghị quyết"),
            ("Kèm theo [giấy uỷ quyền] số 02/GUQ-CT.", "Giấy uỷ quyền"),
            ("Thực hiện [thông báo] số 70-TB/TW.", "Thông báo"),
            ("[quyết định] số 12/QĐ-UBND có hiệu lực.", "Quyết định"),  # sentence start too
        ],
    )
    def test_flagged(self, source: str, suggestion: str) -> None:
        check_flags("V4", source, suggestion)

    @pytest.mark.parametrize(
        "text",
        [
            "Các quyết định của tỉnh được công khai.",
            "Ưu tiên dự án số 3 và phương án số 2.",
            "Thực hiện Quyết định số 12/QĐ-UBND, Nghị định số 30/2020/NĐ-CP.",
            "Bãi bỏ các quyết định số 12/QĐ-UBND và số 13/QĐ-UBND.",
            "Tổng hợp báo cáo số liệu thống kê; thông báo số lượng thí sinh.",
            "Lập biên bản số 2/2026 tại chỗ.",  # no letters: an item count, not a document
            "Theo Kế hoạch số 215/KH-UBND; Chương trình phối hợp số 04-CTPH/BDVTU.",
        ],
    )
    def test_not_flagged(self, text: str) -> None:
        check_clean(text)


class TestV5Citations:
    """V5, Phụ lục II V.7: Phần, Chương, Mục, Tiểu mục, Điều capital; khoản, điểm lower."""

    @pytest.mark.parametrize(
        ("source", "suggestion"),
        [
            ("Theo quy định tại [điều] 5 của Luật.", "Điều"),
            ("Quy định tại [Khoản] 2 Điều 5 Nghị định này.", "khoản"),
            ("Trường hợp quy định tại [Điểm] a khoản 1 Điều 24.", "điểm"),
            ("Các hành vi nêu tại [chương] II được xử lý.", "Chương"),
            ("Thực hiện các nội dung tại [mục] II của Kế hoạch số 88-KH/BDVTU.", "Mục"),
            ("Nội dung nêu tại [phần] I của Báo cáo.", "Phần"),
            ("Căn cứ [tiểu mục] 1 Mục 1 Chương III.", "Tiểu mục"),
            ("Theo quy định tại khoản 1, [điều] 28 Luật Xử lý vi phạm hành chính.", "Điều"),
            ("Bổ sung [điều] 5a vào Nghị định.", "Điều"),
            ("Điều 5 [Khoản] 2 quy định như sau.", "khoản"),
            ("Theo [chương] 3 của Quy chế.", "Chương"),
        ],
    )
    def test_flagged(self, source: str, suggestion: str) -> None:
        check_flags("V5", source, suggestion)

    @pytest.mark.parametrize(
        "text",
        [
            # the decree's own examples (Phụ lục II V.7)
            "Căn cứ điểm a khoản 2 Điều 103 Mục 5 Chương XII Phần I của Bộ luật Hình sự.",
            "Theo quy định tại điểm a khoản 1 Điều 24 Tiểu mục 1 Mục 1 Chương III của Nghị quyết số 351/2017/UBTVQH14.",
            "Khoản 2 Điều 5 quy định các điều kiện.",  # sentence start
            "Đã rà soát.\nĐiểm a khoản 1 chưa phù hợp.",
            "- Khoản 3: bãi bỏ.",
            "Các điều kiện, một số điều của Luật, mục tiêu, khoản kinh phí, điểm mới.",
            "Danh mục 1 kèm theo; hạng mục 2 của dự án; học phần 2; tiết mục 3.",
            "Bài thi phần 2 gồm 40 câu; tài khoản 111; đạt điểm 10.",
            "Chuyển số dư tại Tài Khoản 112.",
            "Điều 5. Hiệu lực thi hành; ĐIỀU 5.",
            "Như Điều 3; tại Điều 1.",
            "Mục 1.2 và mục 1.3 của Quy chế.",  # decimal section numbers are left alone
        ],
    )
    def test_not_flagged(self, text: str) -> None:
        check_clean(text)


class TestV6Weekdays:
    """V6, Phụ lục II V.8.c: `thứ Hai` … `thứ Bảy`, `Chủ nhật` when a date follows."""

    @pytest.mark.parametrize(
        ("source", "suggestion"),
        [
            ("Họp vào [Thứ hai], ngày 05/3/2026.", "thứ Hai"),
            ("Thời gian: 08 giờ 00, [thứ ba] ngày 12/4/2026.", "thứ Ba"),
            ("Tổ chức vào [chủ nhật], ngày 08/3/2026.", "Chủ nhật"),
            ("Khai mạc sáng [Thứ Hai], ngày 9/3.", "thứ Hai"),
            ("Tổng duyệt chiều [Chủ Nhật] (15/3).", "Chủ nhật"),
            ("[Thứ hai], ngày 05/3/2026: họp giao ban.", "Thứ Hai"),  # sentence start
            ("Kiểm tra vào [thứ bảy] tuần này, ngày 14/3.", "thứ Bảy"),
            ("Nghỉ bù vào [thứ sáu] 02/01/2026.", "thứ Sáu"),
            ("Từ [thứ năm] ngày 23/1 đến hết thứ Tư ngày 29/1.", "thứ Năm"),
            ("Họp vào [thứ tư], ngày 05/3.", "thứ Tư"),
        ],
    )
    def test_flagged(self, source: str, suggestion: str) -> None:
        check_flags("V6", source, suggestion)

    @pytest.mark.parametrize(
        "text",
        [
            "Đây là lần thứ hai tổ chức; Đại hội lần thứ ba.",
            "Tổ chức Hội nghị lần thứ hai ngày 05/3/2026.",  # ordinal, though a date follows
            "Kỳ họp thứ năm ngày 12/7/2026 của Hội đồng nhân dân tỉnh.",
            "Nội dung thứ tư, ngày 05/3 là hạn cuối.",
            "Họp vào thứ Hai, ngày 05/3; Chủ nhật, ngày 08/3.",
            "Thứ Hai, ngày 05/3/2026: họp giao ban.",
            "Thứ hai, về công tác cán bộ trong năm 2026.",  # "secondly": no date follows
            "Báo cáo trước 15 giờ 00 thứ Sáu hằng tuần; trực thứ Bảy và Chủ nhật.",
            "Nghỉ thứ hai và thứ ba hằng tuần.",  # no date: not flagged (may be an ordinal)
            "THỨ HAI, NGÀY 05/3/2026",
        ],
    )
    def test_not_flagged(self, text: str) -> None:
        check_clean(text)


class TestV7Tet:
    """V7, Phụ lục II V.8.b: `tết Nguyên đán`, `tết Trung thu`; `Tết` alone capitalised."""

    @pytest.mark.parametrize(
        ("source", "suggestion"),
        [
            ("Đảm bảo an ninh dịp [Tết Nguyên Đán] năm 2026.", "tết Nguyên đán"),
            ("Nghỉ [tết nguyên đán] theo quy định.", "tết Nguyên đán"),
            ("Tổ chức đón [Tết Nguyên đán] Bính Ngọ an toàn.", "tết Nguyên đán"),
            ("Kiểm tra an toàn thực phẩm dịp [Tết Trung Thu].", "tết Trung thu"),
            ("Vui [Tết trung thu] cho thiếu nhi.", "tết Trung thu"),
            ("Công chức được nghỉ [tết] 9 ngày.", "Tết"),
            ("Bố trí lực lượng trực dịp nghỉ [tết].", "Tết"),
            ("Tình hình trước, trong và sau [tết].", "Tết"),
            ("Chăm lo cho hộ nghèo đón [tết] năm 2026.", "Tết"),
            ("Chợ hoa [tết] Bính Ngọ mở cửa.", "Tết"),
            ("Lịch nghỉ [tết] 2026 của học sinh.", "Tết"),
            ("Tổ chức [Tết Đoan Ngọ] tại đình làng.", "tết Đoan ngọ"),
            ("[Tết nguyên đán] năm nay rơi vào tháng Hai.", "Tết Nguyên đán"),  # start
        ],
    )
    def test_flagged(self, source: str, suggestion: str) -> None:
        check_flags("V7", source, suggestion)

    @pytest.mark.parametrize(
        "text",
        [
            "Đón tết Nguyên đán; vui tết Trung thu; tết Đoan ngọ.",
            "Trực trong dịp Tết; chợ Tết; nghỉ Tết từ ngày 14/02.",
            "Đón Tết Mậu Tuất; mừng Tết Bính Ngọ.",
            "Không tổ chức đi thăm, chúc tết dịp lễ, tết; các ngày lễ tết; lễ và tết.",
            "Tết Nguyên đán năm 2026 kéo dài 9 ngày.",  # sentence start
            "Tên các ngày tết: viết hoa; dịp tết dương lịch; tết tóc cho em.",
            "KẾ HOẠCH TỔ CHỨC TẾT TRUNG THU",
            "Nghỉ Tết Dương lịch và Tết Âm lịch.",
        ],
    )
    def test_not_flagged(self, text: str) -> None:
        check_clean(text)


class TestV8TonePlacement:
    """V8 (consistency): one tone placement per word in a document."""

    def test_the_less_frequent_spelling_is_flagged(self) -> None:
        texts = [
            ("kinh_gui[0]", "Ủy ban nhân dân tỉnh"),
            ("noi_dung[0].text", "Phối hợp với Ủy ban Mặt trận và Uỷ ban nhân dân xã."),
        ]
        (f,) = review(texts)
        assert (f.rule, f.path, f.found, f.suggestion) == ("V8", "noi_dung[0].text", "Uỷ", "Ủy")
        assert texts[1][1][f.start : f.end] == "Uỷ"

    def test_a_tie_suggests_the_decree_placement(self) -> None:
        (f,) = review([("a", "xã Tân Hòa"), ("b", "hoà giải")])
        assert (f.path, f.found, f.suggestion) == ("b", "hoà", "hòa")

    def test_the_old_placement_wins_when_more_frequent(self) -> None:
        (f,) = review([("a", "hoà giải, hoà nhập"), ("b", "hòa bình")])
        assert (f.path, f.found, f.suggestion) == ("b", "hòa", "hoà")

    @pytest.mark.parametrize(
        ("first", "second"),
        [("khỏe", "khoẻ"), ("thủy", "thuỷ"), ("Ủy", "uỷ"), ("tòa", "TOÀ"), ("họa", "hoạ")],
    )
    def test_compared_without_case(self, first: str, second: str) -> None:
        (f,) = review([("a", f"{first} {first}"), ("b", second)])
        assert (f.rule, f.found) == ("V8", second)
        assert f.suggestion.lower() == first.lower()

    def test_upper_case_texts_count_too(self) -> None:
        texts = [("noi_dung[0].text", "VỀ VĂN HOÁ - XÃ HỘI"), ("noi_dung[1].text", "văn hóa")]
        texts.append(("noi_dung[2].text", "văn hóa"))
        (f,) = review(texts, upper_paths={"noi_dung[0].text"})
        assert (f.path, f.found, f.suggestion) == ("noi_dung[0].text", "HOÁ", "HÓA")

    @pytest.mark.parametrize(
        "texts",
        [
            [("a", "Ủy ban nhân dân"), ("b", "Tỉnh ủy, hòa giải, khỏe mạnh, thủy lợi")],
            [("a", "Uỷ ban nhân dân"), ("b", "Tỉnh uỷ, hoà giải, khoẻ mạnh, thuỷ lợi")],
            [("a", "quý, quỳ, hoàng, khoảng, thuyền, khuya, hoài")],  # no open pair
            # personal names keep their owners' spelling
            [("a", "Bà Nguyễn Thị Thuý, chuyên viên"), ("b", "Ông Lê Văn Thúy; thôn Thuỷ")],
            [("a", "Đồng chí Trần Văn Hoà"), ("b", "xã Tân Hòa")],
        ],
    )
    def test_not_flagged(self, texts: list[tuple[str, str]]) -> None:
        assert review(texts) == []


class TestV9Abbreviations:
    """V9, Phụ lục II III.1.c and Phụ lục I II.4: official place names not abbreviated."""

    @pytest.mark.parametrize(
        ("source", "suggestion"),
        [
            ("Đoàn đại biểu Quốc hội [TP. HCM] tiếp xúc cử tri.", "Thành phố Hồ Chí Minh"),
            ("Chủ tịch UBND [TP.HCM] dự hội nghị.", "Thành phố Hồ Chí Minh"),
            ("Trụ sở tại [Tp. Hồ Chí Minh].", "Thành phố Hồ Chí Minh"),
            ("Sở Y tế [TPHCM] hướng dẫn.", "Thành phố Hồ Chí Minh"),
            ("Với [TP HCM] và [TP Hà Nội].", ("Thành phố Hồ Chí Minh", "thành phố Hà Nội")),
            ("Công an [TP Hà Nội] thông báo.", "thành phố Hà Nội"),
            ("Hội nghị tại [TP. Đà Nẵng] ngày 05/3.", "thành phố Đà Nẵng"),
            ("Làm việc với UBND [TP Huế].", "thành phố Huế"),
            ("[TP. Cần Thơ] tổ chức lễ hội.", "Thành phố Cần Thơ"),  # sentence start
            ("UBND [tp. Vinh] báo cáo.", "thành phố Vinh"),
        ],
    )
    def test_flagged(self, source: str, suggestion: str | tuple[str, ...]) -> None:
        check_flags("V9", source, *as_tuple(suggestion))

    @pytest.mark.parametrize(
        "text",
        [
            "Thành phố Hồ Chí Minh; thành phố Hà Nội.",
            "TP, PTP Phòng Tổ chức cán bộ.",  # trưởng phòng
            "Gửi TP Kế hoạch - Tài chính; TP. Hành chính.",
            "Thanh toán qua TPBank; chỉ số TP2.",
        ],
    )
    def test_not_flagged(self, text: str) -> None:
        check_clean(text)

    @pytest.mark.parametrize(
        ("dia_danh", "suggestion"),
        [
            ("TP. HCM", "Thành phố Hồ Chí Minh"),
            ("TP.HCM", "Thành phố Hồ Chí Minh"),
            ("Tp. Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
            ("TPHCM", "Thành phố Hồ Chí Minh"),
            ("Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
            ("thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
            ("TP Hà Nội", "Thành phố Hà Nội"),
            ("TP. Đà Nẵng", "Thành phố Đà Nẵng"),
            ("Q.1", "Quận 1"),
            ("Q. 3", "Quận 3"),
            ("P. Bến Nghé", "Phường Bến Nghé"),
            ("TX. Sơn Tây", "Thị xã Sơn Tây"),
            ("H. Mang Thít", "Huyện Mang Thít"),
        ],
    )
    def test_dia_danh_flagged(self, dia_danh: str, suggestion: str) -> None:
        (f,) = review([], dia_danh=dia_danh)
        assert (f.rule, f.path, f.start, f.end) == ("V9", "dia_danh", 0, len(dia_danh))
        assert (f.found, f.suggestion) == (dia_danh, suggestion)

    def test_dia_danh_span_excludes_surrounding_spaces(self) -> None:
        (f,) = review([], dia_danh="  TP. HCM ", dia_danh_path="place")
        assert (f.path, f.start, f.end, f.found) == ("place", 2, 9, "TP. HCM")

    @pytest.mark.parametrize(
        "dia_danh",
        ["Hà Nội", "Thành phố Hồ Chí Minh", "Đắk Lắk", "Quận 1", "Huế", "Tân Hòa", "", "  "],
    )
    def test_dia_danh_not_flagged(self, dia_danh: str) -> None:
        assert review([], dia_danh=dia_danh) == []

    def test_dia_danh_is_checked_by_v9_only(self) -> None:
        assert review([], dia_danh="Tỉnh Quảng Ngãi") == []
