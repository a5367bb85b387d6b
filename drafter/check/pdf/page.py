"""Page checks on every page: paper size, fonts, margins, page numbers, the footer."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from importlib import resources

from drafter.check.findings import ERROR, WARNING
from drafter.check.pdf.context import PdfContext, layout_pt, range_text, vn_num
from drafter.check.pdf.reading import MM, Glyph, Run, whole


@cache
def _serif_codepoints() -> frozenset[int]:
    """Code points Liberation Serif (= TNR metrics) has glyphs for."""
    raw = json.loads(resources.files("drafter").joinpath("data/serif_widths.json").read_text())
    points: set[int] = set()
    for face in ("regular", "bold", "italic", "bold_italic"):
        points.update(int(cp) for cp in raw[face])
    return frozenset(points)


def _font_key(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def _accepted_font(name: str, accepted: Iterable[str]) -> bool:
    """Whether a PDF font name (`LiberationSerif-Bold`) is one of the accepted faces."""
    key = _font_key(name)
    return any(key.startswith(_font_key(ok)) for ok in accepted)


class PdfPageChecks(PdfContext):
    """C1 paper, C3 fonts, C30 margins, C6 page numbers, C29 footer: every page."""

    def paper(self) -> None:
        width, height = self.L.page_width.pt, self.L.page_height.pt
        tol = 1 * MM
        for page in self.pages:
            size = f"{vn_num(page.width / MM, 1)} × {vn_num(page.height / MM, 1)} mm"
            if abs(page.width - width) <= tol and abs(page.height - height) <= tol:
                continue
            if abs(page.width - height) <= tol and abs(page.height - width) <= tol:
                msg = f"Trang nằm ngang ({size}); chỉ dùng khi có bảng rộng."
                self.add("C1", WARNING, msg, page.number)
            else:
                self.add(
                    "C1", ERROR, f"Khổ giấy {size}, không phải A4 (210 × 297 mm).", page.number
                )

    def fonts_used(self) -> None:
        serif = _serif_codepoints()
        self.measures["fonts"] = dict(sorted(self.fonts.items()))
        for name, embedded in sorted(self.fonts.items()):
            if not embedded:
                self.add("C3", ERROR, f"Phông chữ {name} không được nhúng vào tệp PDF.")
        for page in self.pages:
            wrong: dict[str, list[Glyph]] = {}
            missing = ""
            for g in page.glyphs:
                if _accepted_font(g.font, self.L.accepted_fonts):
                    # a character the serif lacks, with no fallback font: it prints blank
                    if (
                        any(
                            ord(ch) not in serif and unicodedata.category(ch)[0] not in "CZ"
                            for ch in g.text
                        )
                        and len(missing) < 20
                    ):
                        missing += g.text
                    continue
                if any(
                    ord(ch) in serif and unicodedata.category(ch)[0] not in "CZ" for ch in g.text
                ):
                    wrong.setdefault(g.font, []).append(g)
            for name, glyphs in wrong.items():
                sample = Run(tuple(glyphs[:30])).text
                if not sample:
                    continue
                self.add(
                    "C3",
                    ERROR,
                    f"Chữ “{sample}” in bằng phông {name}, không phải Times New Roman "
                    "(hoặc Liberation Serif cùng cỡ chữ).",
                    page.number,
                )
            if missing:
                self.add(
                    "C3",
                    WARNING,
                    f"Ký tự “{missing}” không có trong phông Times New Roman/Liberation Serif "
                    "và máy chuyển PDF không có phông thay thế: bản in sẽ để trống chỗ đó.",
                    page.number,
                )

    def margins(self) -> None:
        tol = self.tol_margin
        for page in self.pages:
            header = {id(g) for row in self._header_rows(page) for g in row}
            footer = (
                {id(g) for row in self._footer_rows(page) for g in row}
                if page.number == 1
                else set()
            )
            left_limit = self.min_left - tol
            right_limit = page.width - self.min_right + tol
            top_limit = self.min_top - tol
            bottom_limit = page.height - self.min_bottom + tol
            outside: dict[str, str] = {}
            for row in page.rows:
                for g in row:
                    if g.blank:
                        continue
                    sides = []
                    if g.x0 < left_limit:
                        sides.append("trái")
                    if g.x1 > right_limit:
                        sides.append("phải")
                    if g.top < top_limit and id(g) not in header:
                        sides.append("trên")
                    if g.baseline > bottom_limit and id(g) not in footer:
                        sides.append("dưới")
                    for side in sides:
                        outside.setdefault(side, whole(row).text[-40:])
            for side, sample in outside.items():
                self.add(
                    "C30",
                    WARNING,
                    f"Chữ nằm ngoài lề {side} (quá 1 mm): “{sample}”.",
                    page.number,
                )

    def page_numbers(self) -> None:
        numbers: dict[int, str] = {}
        for page in self.pages:
            runs = [whole(row) for row in self._header_rows(page)]
            text = " ".join(run.text for run in runs).strip()
            numbers[page.number] = text
            if page.number == 1:
                if text:
                    self.add("C6", ERROR, f"Trang 1 không được đánh số trang (thấy “{text}”).", 1)
                continue
            if not runs:
                self.add("C6", ERROR, f"Trang {page.number} thiếu số trang ở lề trên.", page.number)
                continue
            if text != str(page.number):
                self.add(
                    "C6",
                    ERROR,
                    f"Lề trên trang {page.number} ghi “{text}”, cần đúng số trang {page.number}.",
                    page.number,
                )
                continue
            run = runs[0]
            offset = run.centre - self.text_centre
            if abs(offset) > 2 * MM:
                self.add(
                    "C6",
                    ERROR,
                    f"Số trang {page.number} lệch {vn_num(offset / MM, 1, sign=True)} mm so với giữa vùng chữ "
                    "(cho phép ± 2 mm).",
                    page.number,
                )
            if run.size < self.L.page_number_sizes.low - 0.1 or run.size > (
                self.L.page_number_sizes.high + 0.1
            ):
                self.add(
                    "C6",
                    ERROR,
                    f"Số trang cỡ {vn_num(run.size)}, cần cỡ {range_text(self.L.page_number_sizes)}.",
                    page.number,
                )
            if run.italic:
                self.add("C6", ERROR, "Số trang phải in đứng, không in nghiêng.", page.number)
        self.measures["page_numbers"] = numbers

    def footer(self) -> None:
        for page in self.pages:
            rows = self._footer_rows(page)
            if not rows:
                continue
            if page.number > 1:
                text = " ".join(whole(r).text for r in rows)[:40]
                self.add(
                    "C29",
                    ERROR,
                    f"Chân trang {page.number} có chữ (“{text}”); thông tin ô 13 chỉ ở trang đầu.",
                    page.number,
                )
                continue
            runs = [whole(r) for r in rows]
            sizes = self.L.dia_chi_sizes
            if any(not (sizes.low - 0.1 <= r.size <= sizes.high + 0.1) for r in runs):
                self.add("C29", ERROR, f"Địa chỉ ở chân trang phải cỡ chữ {range_text(sizes)}.", 1)
            if any(r.italic for r in runs):
                self.add("C29", ERROR, "Địa chỉ ở chân trang phải in đứng.", 1)
            first_top = min(r.top for r in runs)
            above = [r for r in page.rules if first_top - 6 * MM <= r.y <= first_top + 1]
            width = self.text_right - self.text_left
            tol = self.L.dia_chi_rule_tolerance
            if not above:
                self.add("C29", ERROR, "Thiếu đường kẻ liền phía trên địa chỉ ở chân trang.", 1)
            elif abs(above[-1].length - width) > layout_pt(tol):
                self.add(
                    "C29",
                    ERROR,
                    f"Đường kẻ trên địa chỉ dài {vn_num(above[-1].length / MM, 0)} mm, cần bằng "
                    f"chiều rộng vùng chữ ({vn_num(width / MM, 0)} mm ± {vn_num(tol.mm)} mm).",
                    1,
                )
