"""Page checks of the header on page 1: issuer and Quốc hiệu sides, Quốc hiệu, Tiêu ngữ
and its rule, the issuer's rule, Số and the date on one level."""

from __future__ import annotations

import re

from drafter.check.findings import ERROR
from drafter.check.pdf.context import PdfContext, layout_pt, range_text, vn_num
from drafter.check.pdf.reading import MM, HRule, Page, Run, split_columns, whole
from drafter.check.text import DATE_DRAFT_RE, DATE_RE, quoc_hieu_re


class PdfHeaderChecks(PdfContext):
    """C7–C14 on page 1: the two columns of the header, their lines and rules."""

    def header(self) -> None:
        page = self.pages[0]
        rows = self._body_rows(page)
        if self.title_baseline is not None:  # the header ends above the title block
            rows = [row for row in rows if row[0].baseline < self.title_baseline - 1]
        so_index = next(
            (i for i, row in enumerate(rows) if re.match(r"^Số\s*:", whole(row).text)), None
        )
        if so_index is None:
            self.add("C13", ERROR, "Không tìm thấy dòng “Số:” ở phần đầu trang 1.", 1)
            last = next(
                (i for i, row in enumerate(rows) if re.match(r"^(V/v|Kính gửi)", whole(row).text)),
                min(len(rows), 6),
            )
            header_rows = date_rows = rows[:last]
            so = None
        else:
            so_row = rows[so_index]
            so_line = so_row[0].baseline
            header_rows = [r for r in rows if r[0].baseline <= so_line + 6]
            # a date pushed down is still found, so that C14 can say how far
            date_rows = [r for r in rows if r[0].baseline <= so_line + 12 * MM]
            so, _ = split_columns(so_row, self.boundary)
        lefts: list[Run] = []
        rights: list[Run] = []
        for row in header_rows:
            left, right = split_columns(row, self.boundary)
            if left is not None and (so is None or left.baseline < so.baseline - 1):
                lefts.append(left)
            if right is not None:
                rights.append(right)
        qh = self._quoc_hieu(rights)
        tn = self._tieu_ngu(rights, qh)
        if tn is not None:
            self._tieu_ngu_rule(page, tn)
        name = self._issuer(page, lefts, so)
        if so is not None and name is not None:
            offset = so.centre - name.centre
            self.measures["so_offset_mm"] = round(offset / MM, 2)
            tol = self.L.so_centre_tolerance
            if abs(offset) > layout_pt(tol):
                self.add(
                    "C13",
                    ERROR,
                    f"Dòng số, ký hiệu lệch {vn_num(offset / MM, 1, sign=True)} mm so với giữa tên cơ quan "
                    f"(cho phép ± {vn_num(tol.mm)} mm).",
                    1,
                )
        dates = [
            right
            for row in date_rows
            for _, right in [split_columns(row, self.boundary)]
            if right is not None and (tn is None or right.baseline > tn.baseline + 1)
        ]
        self._date(dates, so, tn)
        if name is not None and qh is not None and not (name.centre < self.text_centre < qh.centre):
            self.add(
                "C7",
                ERROR,
                "Tên cơ quan phải ở bên trái, Quốc hiệu ở bên phải của giữa trang.",
                1,
            )

    def _quoc_hieu(self, rights: list[Run]) -> Run | None:
        qh_re = quoc_hieu_re(self.L.quoc_hieu)
        for i, run in enumerate(rights):
            text = run.text
            if qh_re.match(text):
                self.measures["quoc_hieu_spread_pt"] = round(run.baseline_spread, 2)
                if run.baseline_spread > 0.5:
                    self.add("C8", ERROR, "Quốc hiệu không nằm trên một dòng.", 1)
                if not run.bold or run.italic:
                    self.add("C8", ERROR, "Quốc hiệu phải in đậm, đứng.", 1)
                sizes = self.L.quoc_hieu_sizes
                if not (sizes.low - 0.1 <= run.size <= sizes.high + 0.1):
                    self.add(
                        "C8",
                        ERROR,
                        f"Quốc hiệu cỡ {vn_num(run.size)}, cần cỡ {range_text(sizes)}.",
                        1,
                    )
                return run
            if text.startswith("CỘNG H"):
                rest = " ".join(r.text for r in rights[i + 1 : i + 3])
                if qh_re.match(f"{text} {rest}".split(" Độc lập")[0].strip()) or len(text) < 30:
                    self.add(
                        "C8",
                        ERROR,
                        "Quốc hiệu bị xuống dòng; phải nằm trọn trên một dòng.",
                        1,
                    )
                else:
                    self.add("C8", ERROR, f"Quốc hiệu sai: “{text}”.", 1)
                return run
        self.add("C8", ERROR, f"Không tìm thấy Quốc hiệu “{self.L.quoc_hieu}”.", 1)
        return None

    def _tieu_ngu(self, rights: list[Run], qh: Run | None) -> Run | None:
        candidates = [r for r in rights if r.text.replace("  ", " ") == self.L.tieu_ngu]
        if not candidates:
            self.add("C9", ERROR, f"Không tìm thấy Tiêu ngữ “{self.L.tieu_ngu}”.", 1)
            return None
        tn = candidates[0]
        if qh is not None:
            if tn.baseline < qh.baseline:
                self.add("C9", ERROR, "Tiêu ngữ phải nằm ngay dưới Quốc hiệu.", 1)
            offset = tn.centre - qh.centre
            self.measures["tieu_ngu_offset_mm"] = round(offset / MM, 2)
            tol = self.L.tieu_ngu_centre_tolerance
            if abs(offset) > layout_pt(tol):
                self.add(
                    "C9",
                    ERROR,
                    f"Tiêu ngữ lệch {vn_num(offset / MM, 1, sign=True)} mm so với giữa Quốc hiệu "
                    f"(cho phép ± {vn_num(tol.mm)} mm).",
                    1,
                )
        if not tn.bold or tn.italic:
            self.add("C9", ERROR, "Tiêu ngữ phải in đậm, đứng.", 1)
        return tn

    def _tieu_ngu_rule(self, page: Page, tn: Run) -> None:
        below = [
            r
            for r in page.rules
            if tn.baseline + 0.5 * MM <= r.y <= tn.baseline + 6 * MM
            and r.centre >= self.boundary
            and r.x0 < tn.x1
            and r.x1 > tn.x0
        ]
        if not below:
            self.add(
                "C10",
                ERROR,
                "Thiếu đường kẻ ngang dưới Tiêu ngữ (phải là nét kẻ, không dùng gạch chân "
                "hay ký tự).",
                1,
            )
            return
        rule = below[0]
        ratio = rule.length / tn.width
        offset = rule.centre - tn.centre
        self.measures["tieu_ngu_rule_mm"] = round(rule.length / MM, 2)
        self.measures["tieu_ngu_width_mm"] = round(tn.width / MM, 2)
        self.measures["tieu_ngu_rule_ratio"] = round(ratio, 3)
        self.measures["tieu_ngu_rule_offset_mm"] = round(offset / MM, 2)
        tol = self.L.tieu_ngu_rule_tolerance
        if abs(ratio - 1) > tol:
            self.add(
                "C10",
                ERROR,
                f"Đường kẻ dưới Tiêu ngữ dài {vn_num(rule.length / MM, 0)} mm, cần bằng độ dài "
                f"Tiêu ngữ ({vn_num(tn.width / MM, 0)} mm ± {tol:.0%}).",
                1,
            )
        self._rule_centred("C10", "dưới Tiêu ngữ", "Tiêu ngữ", offset)
        self._rule_weight("C10", "dưới Tiêu ngữ", rule)

    def _rule_centred(self, check: str, where: str, text: str, offset: float) -> None:
        """C10/C12: a rule centred on its text (offset in pt) within the layout's tolerance."""
        centre_tol = self.L.rule_centre_tolerance
        if abs(offset) > centre_tol.pt:
            self.add(
                check,
                ERROR,
                f"Đường kẻ {where} lệch {vn_num(offset / MM, 1, sign=True)} mm so với giữa {text} "
                f"(cho phép ± {vn_num(centre_tol.mm)} mm).",
                1,
            )

    def _rule_weight(self, check: str, where: str, rule: HRule) -> None:
        weights = self.L.rule_widths_pt
        if rule.weight and not (weights.low - 0.05 <= rule.weight <= weights.high + 0.05):
            self.add(
                check,
                ERROR,
                f"Đường kẻ {where} dày {vn_num(rule.weight)} pt, cần {range_text(weights)} pt.",
                1,
            )

    def _issuer(self, page: Page, lefts: list[Run], so: Run | None) -> Run | None:
        names = [r for r in lefts if r.bold]
        if not names:
            self.add("C12", ERROR, "Không tìm thấy tên cơ quan ban hành (chữ in đậm, bên trái).", 1)
            return None
        top = names[0].baseline
        bottom = so.top if so is not None else names[-1].baseline + 10 * MM
        rules = [
            r
            for r in page.rules
            if top < r.y < bottom and r.centre < self.boundary and r.y > names[0].baseline
        ]
        if not rules:
            self.add(
                "C12",
                ERROR,
                "Thiếu đường kẻ ngang dưới tên cơ quan ban hành (phải là nét kẻ, không dùng "
                "gạch chân hay ký tự).",
                1,
            )
            return max(names, key=lambda r: r.width)
        rule = rules[0]
        name_lines = [r for r in names if r.baseline < rule.y]
        widest = max(name_lines or names, key=lambda r: r.width)
        ratio = rule.length / widest.width
        offset = rule.centre - widest.centre
        self.measures["issuer_rule_mm"] = round(rule.length / MM, 2)
        self.measures["issuer_width_mm"] = round(widest.width / MM, 2)
        self.measures["issuer_rule_ratio"] = round(ratio, 3)
        self.measures["issuer_rule_offset_mm"] = round(offset / MM, 2)
        ratios = self.L.issuer_rule_ratios
        if ratio not in ratios:
            self.add(
                "C12",
                ERROR,
                f"Đường kẻ dưới tên cơ quan dài {vn_num(rule.length / MM, 0)} mm, bằng {ratio:.0%} "
                f"dòng tên dài nhất; cần từ 1/3 đến 1/2 ({ratios.low:.0%}–{ratios.high:.0%}).",
                1,
            )
        self._rule_centred("C12", "dưới tên cơ quan", "tên", offset)
        self._rule_weight("C12", "dưới tên cơ quan", rule)
        return widest

    def _date(self, rights: list[Run], so: Run | None, tn: Run | None) -> None:
        dated = [r for r in rights if "ngày" in r.text]
        if not dated:
            self.add("C14", ERROR, "Không tìm thấy dòng địa danh, ngày tháng năm.", 1)
            return
        date = dated[0]
        if not (DATE_RE.match(date.text) or DATE_DRAFT_RE.match(date.text)):
            self.add(
                "C14",
                ERROR,
                f"Dòng địa danh, ngày tháng năm phải trọn một dòng theo mẫu "
                f"“Đắk Lắk, ngày 05 tháng 3 năm 2019” (thấy “{date.text}”).",
                1,
            )
        if so is not None:
            delta = date.baseline - so.baseline
            self.measures["so_date_baseline_delta_pt"] = round(delta, 2)
            if abs(delta) > 2:
                self.add(
                    "C14",
                    ERROR,
                    f"Dòng ngày tháng lệch {vn_num(delta, 1, sign=True)} pt so với dòng “Số:”; hai dòng phải "
                    "cùng hàng (± 2 pt).",
                    1,
                )
        if tn is not None:
            offset = date.centre - tn.centre
            self.measures["date_offset_mm"] = round(offset / MM, 2)
            tol = self.L.date_centre_tolerance
            if abs(offset) > layout_pt(tol):
                self.add(
                    "C14",
                    ERROR,
                    f"Dòng ngày tháng lệch {vn_num(offset / MM, 1, sign=True)} mm so với giữa Tiêu ngữ "
                    f"(cho phép ± {vn_num(tol.mm)} mm).",
                    1,
                )
