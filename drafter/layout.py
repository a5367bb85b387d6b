"""The ND30 layout numbers, in one place.

Every size, margin, width and spacing that the template builder, the renderer and the
checker use comes from here (docs/spec/nd30-layout.md). `DEFAULT` is what drafter writes;
the `Range` fields are what the checker accepts in any .docx. Lengths are python-docx
`Length` values (EMU ints), so `Mm(30)`, `Pt(13)` and `Twips(1701)` compare directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.shared import Length, Mm, Pt, Twips

from drafter.vntext import CLOSING_MARK

__all__ = ["DEFAULT", "MAX_PRINT_PAGES", "Layout", "Range", "StampBox", "Twips", "twips"]


def twips(length: Length) -> int:
    """A length as whole twips, the unit of most OOXML attributes."""
    return round(length / 635)


@dataclass(frozen=True)
class Range:
    """An accepted closed interval, in the unit of the field it belongs to."""

    low: float
    high: float

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int | float) and self.low <= value <= self.high


@dataclass(frozen=True)
class StampBox:
    """A boxed urgency or secrecy stamp (ô 10a/10b): exact size of its one-cell table."""

    text: str
    width: Length
    height: Length = Mm(8)


@dataclass(frozen=True)
class Layout:
    """The công văn profile: defaults drafter writes and ranges the checker accepts."""

    # --- Page (PL I, Mục I) -------------------------------------------------------------
    page_width: Length = Twips(11906)
    page_height: Length = Twips(16838)
    page_tolerance: Length = Twips(20)
    margin_top: Length = Twips(1134)  # 20 mm
    margin_bottom: Length = Twips(1134)  # 20 mm
    margin_left: Length = Twips(1701)  # 30 mm
    margin_right: Length = Twips(850)  # 15 mm
    header_distance: Length = Twips(567)  # 10 mm
    footer_distance: Length = Twips(567)  # 10 mm
    # accepted margins, in twips (C2, ± 2 tw)
    margin_top_tw: Range = Range(1134, 1418)
    margin_bottom_tw: Range = Range(1134, 1418)
    margin_left_tw: Range = Range(1701, 1985)
    margin_right_tw: Range = Range(850, 1134)
    margin_slack_tw: int = 2

    font_name: str = "Times New Roman"
    accepted_fonts: tuple[str, ...] = ("Times New Roman", "Liberation Serif")
    language: str = "vi-VN"

    page_number_size: Length = Pt(14)
    page_number_sizes: Range = Range(13, 14)

    # --- Header block (ô 1–5b, 10) --------------------------------------------------------
    left_column: Length = Twips(3685)  # 6.5 cm
    right_column: Length = Twips(5670)  # 10.0 cm

    chu_quan_size: Length = Pt(13)
    issuer_size: Length = Pt(13)
    header_min_size: Length = Pt(12)  # fallback for a line wider than its column
    issuer_sizes: Range = Range(12, 13)

    rule_border_sz: int = 6  # eighths of a point: 0.75 pt
    rule_widths_pt: Range = Range(0.25, 1.5)
    issuer_rule_ratio: float = 0.40
    issuer_rule_ratios: Range = Range(0.30, 0.55)
    rule_centre_tolerance: Length = Mm(1)

    quoc_hieu: str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    quoc_hieu_size: Length = Pt(12)
    quoc_hieu_sizes: Range = Range(12, 13)
    tieu_ngu: str = "Độc lập - Tự do - Hạnh phúc"
    tieu_ngu_size: Length = Pt(14)
    tieu_ngu_sizes: Range = Range(13, 14)
    tieu_ngu_rule: Length = Mm(60)
    tieu_ngu_rule_tolerance: float = 0.10

    so_size: Length = Pt(13)
    so_sizes: Range = Range(13, 13)
    date_size: Length = Pt(14)
    date_min_size: Length = Pt(13)
    date_sizes: Range = Range(13, 14)

    vv_size: Length = Pt(12)
    vv_sizes: Range = Range(12, 13)
    vv_space_before: Length = Pt(6)
    vv_space_tolerance: Length = Pt(1)

    stamp_size: Length = Pt(13)
    stamp_sizes: Range = Range(13, 14)
    stamp_space_before: Length = Pt(6)
    stamp_border_sz: int = 8  # eighths of a point: 1 pt
    stamp_colour: str = "FF0000"
    urgency_stamps: dict[str, StampBox] = field(
        default_factory=lambda: {
            "khan": StampBox("KHẨN", Mm(20)),
            "hoa_toc": StampBox("HỎA TỐC", Mm(30)),
            "thuong_khan": StampBox("THƯỢNG KHẨN", Mm(40)),
        }
    )
    secrecy_stamps: dict[str, StampBox] = field(
        default_factory=lambda: {
            "mat": StampBox("MẬT", Mm(20)),
            "toi_mat": StampBox("TỐI MẬT", Mm(30)),
            "tuyet_mat": StampBox("TUYỆT MẬT", Mm(40)),
        }
    )

    # --- Title block (ô 5a; kinds.md §2): every kind with a tên loại ----------------------
    title_size: Length = Pt(14)  # the tên loại and the trích yếu under it
    title_sizes: Range = Range(13, 14)
    title_space_before: Length = Pt(12)
    title_rule_ratio: float = 0.40  # of the longest trích yếu line, as the issuer rule
    title_rule_ratios: Range = Range(0.30, 0.55)  # K3: 1/3–1/2, accepted as C12's
    # A line the renderer breaks itself fills at most this share of its width, so that
    # Word and LibreOffice print it on one line too (drafter.linebreak L1: LibreOffice 7.4
    # wraps only past 100 %; 2 % covers Word's rounding of glyph positions).
    line_fill: float = 0.98

    # --- Quyết định (Mẫu 1.2): authority, căn cứ, QUYẾT ĐỊNH: ------------------------------
    authority_size: Length = Pt(14)
    authority_sizes: Range = Range(13, 14)
    authority_space_before: Length = Pt(12)
    authority_space_after: Length = Pt(6)
    can_cu_size: Length = Pt(14)
    can_cu_sizes: Range = Range(13, 14)
    can_cu_space_after: Length = Pt(6)
    decision_size: Length = Pt(14)
    decision_sizes: Range = Range(13, 14)
    decision_space: Length = Pt(6)  # before and after `QUYẾT ĐỊNH:`
    dieu_first_lines_tw: tuple[int, ...] = (567, 720)  # K7: 1–1.27 cm

    # --- Kính gửi (ô 9a) ------------------------------------------------------------------
    kinh_gui_size: Length = Pt(14)
    kinh_gui_sizes: Range = Range(13, 14)
    kinh_gui_space: Length = Pt(12)  # before and after the block
    kinh_gui_indent: Length = Twips(1984)  # 3.5 cm
    kinh_gui_label_width: Length = Twips(988)  # "Kính gửi" at 14 pt (917 at 13)

    # --- Body (ô 6) -----------------------------------------------------------------------
    body_size: Length = Pt(14)
    body_sizes: Range = Range(13, 14)
    body_first_line: Length = Twips(720)  # 1.27 cm
    body_first_lines_tw: tuple[int, ...] = (567, 720)
    body_indent_tolerance_tw: int = 28
    body_space_after: Length = Pt(6)
    body_min_gap: Length = Pt(5.5)
    body_line: int = 276  # w:line, auto: multiple 1.15
    body_lines_auto: Range = Range(240, 360)
    closing_mark: str = CLOSING_MARK  # R7, drafter.vntext

    # --- Closing block (ô 7–9b, 12, 13) ---------------------------------------------------
    closing_space_before: Length = Pt(6)
    signature_size: Length = Pt(14)
    signature_sizes: Range = Range(13, 14)
    signature_gap: Length = Twips(1701)  # 3.0 cm
    signature_gap_range: Range = Range(20, 50)  # mm
    authority_prefixes: tuple[str, ...] = ("TM.", "KT.", "TL.", "TUQ.", "Q.")
    noi_nhan_label: str = "Nơi nhận:"
    noi_nhan_label_size: Length = Pt(12)
    noi_nhan_item_size: Length = Pt(11)
    dia_chi_size: Length = Pt(11)
    dia_chi_sizes: Range = Range(11, 12)
    dia_chi_rule_sz: int = 4  # 0.5 pt

    # --- Checker tolerances (spec §7): how far a measured place may be off ------------------
    tieu_ngu_centre_tolerance: Length = Mm(1)  # C9: centred ± 1 mm on the Quốc hiệu
    tieu_ngu_max_gap_pt: float = 3  # C9: at most 3 pt between Quốc hiệu and tiêu ngữ
    so_centre_tolerance: Length = Mm(2)  # C13: centred ± 2 mm on the issuer
    date_centre_tolerance: Length = Mm(1.5)  # C14: centred ± 1.5 mm on the tiêu ngữ
    kinh_gui_dash_tolerance: Length = Mm(0.5)  # C19: the recipients' dashes at one x
    kinh_gui_colon_tolerance: Length = Mm(1.5)  # C19: the first dash under the colon
    left_edge_tolerance: Length = Mm(1)  # C24, C28: Nơi nhận and its dashes at the margin
    stamp_box_tolerance: Length = Mm(2)  # C17: urgency box width and height
    dia_chi_rule_tolerance: Length = Mm(2)  # C29: footer rule as long as the text width
    title_centre_tolerance: Length = Mm(2)  # K1–K3: title lines and rule centred ± 2 mm

    @property
    def text_width(self) -> Length:
        """Width between the side margins: 165 mm on A4 with 30/15 mm margins."""
        return Length(self.page_width - self.margin_left - self.margin_right)

    def stamp(self, key: str) -> StampBox | None:
        """The stamp for a `muc_do_khan` or `do_mat` value, or None for ``""``."""
        return self.urgency_stamps.get(key) or self.secrecy_stamps.get(key)


DEFAULT = Layout()

# The longest letter the server lays out in LibreOffice (“Tải PDF”, “Xem bản in”, the API's
# PDF), in pages as drafter.context.estimate_pages counts them before converting: a lower
# bound, so a letter refused is longer than this (a 1.8 MB body made 617 pages and 4 GB).
# Real letters print 1–20 pages; the .docx has no limit.
MAX_PRINT_PAGES = 50
