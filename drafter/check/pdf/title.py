"""Page checks of the title block (kinds.md §2) on page 1: the tên loại, the trích yếu
under it and the rule under that (K3), for every kind but the công văn.

The title block is found before the header is read, so that its centred bold lines are
never taken for the issuer, a V/v line or the date; without one, a Số code of a kind
with a title (`Số: 15/QĐ-UBND`) is K1's finding.
"""

from __future__ import annotations

import re

from drafter.check.findings import ERROR
from drafter.check.kind import by_code, by_title
from drafter.check.pdf.context import PdfContext, layout_pt, vn_num
from drafter.check.pdf.reading import MM, Glyph, HRule, Page, Run, split_columns, whole

SUBJECT_MAX_ROWS = 4  # rows a trích yếu may take
ROW_GAP_LINES = 1.8  # a gap wider than this many sizes starts a new block
RULE_BELOW = 8 * MM  # the rule lies at most this far under the trích yếu's baseline


class PdfTitleChecks(PdfContext):
    """K1 (a title where the Số code says one is due) and K3 (the rule under the trích
    yếu: 1/3–1/2 of its longest printed line, centred on it)."""

    def title_block(self) -> None:
        page = self.pages[0]
        rows = self._body_rows(page)
        at = next((i for i, row in enumerate(rows) if by_title(whole(row).text)), None)
        if at is not None and any(_is_vv(row) for row in rows[:at]):
            return  # a công văn (it has its V/v) quoting a line like `THÔNG BÁO`
        if at is None:
            self._no_title(rows)
            return
        title = whole(rows[at])
        self.title_baseline = title.baseline
        self.measures["title"] = title.text
        subject = self._subject(page, rows[at + 1 :], title)
        if not subject:
            return  # no trích yếu to measure against: the .docx checks say why (K2)
        self._title_rule(page, subject)

    def _no_title(self, rows: list[list[Glyph]]) -> None:
        so = next((whole(r) for r in rows if re.match(r"^Số\s*:", whole(r).text)), None)
        left = split_columns(list(so.glyphs), self.boundary)[0] if so is not None else None
        so_text = left.text if left is not None else ""
        m = re.match(r"^Số\s*:[^/]*/\s*([^-/\s]+)", so_text)
        kind = by_code(m.group(1)) if m else None
        if kind is not None and kind.titled and not any(_is_vv(r) for r in rows):
            self.add(
                "K1",
                ERROR,
                f"Không tìm thấy dòng tên loại “{kind.ten_loai}” dưới phần đầu trang 1, "
                f"dù số, ký hiệu “{so_text}” là của {kind.name}.",
                1,
            )

    def _subject(self, page: Page, rows: list[list[Glyph]], title: Run) -> list[Run]:
        """The bold rows right under the tên loại, up to the first drawn rule."""
        out: list[Run] = []
        prev = title
        for row in rows[:SUBJECT_MAX_ROWS]:
            run = whole(row)
            if not run.bold or run.top - prev.baseline > ROW_GAP_LINES * run.size:
                break
            if any(prev.baseline < r.y < run.top for r in page.rules):
                break
            out.append(run)
            prev = run
        return out

    def _title_rule(self, page: Page, subject: list[Run]) -> None:
        last = subject[-1].baseline
        widest = max(subject, key=lambda r: r.width)
        below = [
            r
            for r in page.rules
            if last < r.y <= last + RULE_BELOW and r.x0 < widest.x1 and r.x1 > widest.x0
        ]
        if not below:
            self.add(
                "K3",
                ERROR,
                "Thiếu đường kẻ ngang dưới trích yếu (phải là nét kẻ, không dùng gạch chân "
                "hay ký tự).",
                1,
            )
            return
        rule: HRule = below[0]
        ratio = rule.length / widest.width
        offset = rule.centre - widest.centre
        self.measures["title_rule_mm"] = round(rule.length / MM, 2)
        self.measures["title_subject_width_mm"] = round(widest.width / MM, 2)
        self.measures["title_rule_ratio"] = round(ratio, 3)
        self.measures["title_rule_offset_mm"] = round(offset / MM, 2)
        ratios = self.L.title_rule_ratios
        if ratio not in ratios:
            self.add(
                "K3",
                ERROR,
                f"Đường kẻ dưới trích yếu dài {vn_num(rule.length / MM, 0)} mm, bằng {ratio:.0%} "
                f"dòng trích yếu dài nhất; cần từ 1/3 đến 1/2 ({ratios.low:.0%}–{ratios.high:.0%}).",
                1,
            )
        tol = self.L.title_centre_tolerance
        if abs(offset) > layout_pt(tol):
            self.add(
                "K3",
                ERROR,
                f"Đường kẻ dưới trích yếu lệch {vn_num(offset / MM, 1, sign=True)} mm so với giữa "
                f"dòng trích yếu (cho phép ± {vn_num(tol.mm)} mm).",
                1,
            )
        weights = self.L.rule_widths_pt
        if rule.weight and not (weights.low - 0.05 <= rule.weight <= weights.high + 0.05):
            self.add(
                "K3",
                ERROR,
                f"Đường kẻ dưới trích yếu dày {vn_num(rule.weight)} pt, cần "
                f"{vn_num(weights.low)}–{vn_num(weights.high)} pt.",
                1,
            )


def _is_vv(row: list[Glyph]) -> bool:
    """A row starting `V/v` (a công văn's trích yếu, left column)."""
    return bool(re.match(r"^V/v\b", whole(row).text))
