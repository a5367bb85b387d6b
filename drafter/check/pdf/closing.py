"""Page checks of the closing block: Nơi nhận beside the signature, the signing gap, and
a signature that lands alone on its page."""

from __future__ import annotations

import itertools

from drafter.check.findings import ERROR, WARNING
from drafter.check.pdf.context import PdfContext, layout_pt, vn_num
from drafter.check.pdf.reading import MM, Page, Run, split_columns


class PdfClosingChecks(PdfContext):
    """C24, C27, C30: Nơi nhận and the signature level, the gap to sign, a lone closing."""

    def closing(self) -> None:
        found = None
        for page in self.pages:
            for row in self._body_rows(page):
                left, _ = split_columns(row, self.boundary)
                if left is not None and left.text.startswith(self.L.noi_nhan_label[:8]):
                    found = (page, row, left)
                    break
            if found:
                break
        if found is None:
            self.add("C24", ERROR, "Không tìm thấy “Nơi nhận:” ở khối cuối văn bản.")
            return
        page, nn_row, nn = found
        self.measures["closing_page"] = page.number
        if abs(nn.x0 - self.text_left) > layout_pt(self.L.left_edge_tolerance):
            self.add(
                "C24",
                ERROR,
                f"“Nơi nhận:” lệch {vn_num((nn.x0 - self.text_left) / MM, 1, sign=True)} mm so với lề trái.",
                page.number,
            )
        rows = self._body_rows(page)
        start = rows.index(nn_row)
        signature = [
            right
            for row in rows
            if row[0].baseline >= nn_row[0].baseline - 6
            for _, right in [split_columns(row, self.boundary)]
            if right is not None
        ]
        if not signature:
            self.add(
                "C24",
                ERROR,
                "Không thấy khối chữ ký bên phải, ngang hàng với “Nơi nhận:”.",
                page.number,
            )
        else:
            first = signature[0]
            delta = first.top - nn.top
            self.measures["noi_nhan_signature_delta_pt"] = round(delta, 2)
            if abs(delta) > 2:
                self.add(
                    "C24",
                    ERROR,
                    f"Dòng đầu của khối chữ ký lệch {vn_num(delta, 1, sign=True)} pt so với “Nơi nhận:”; phải "
                    "ngang hàng (± 2 pt).",
                    page.number,
                )
            centre = sum(r.centre for r in signature) / len(signature)
            if centre <= self.text_centre:
                self.add(
                    "C24",
                    ERROR,
                    "Khối chữ ký phải nằm ở bên phải của giữa trang.",
                    page.number,
                )
            self._signature_gap(page, signature)
        if page.number > 1:
            above = [row for row in rows[:start] if any(not g.blank for g in row)]
            if not above:
                self.add(
                    "C30",
                    WARNING,
                    f"Khối chữ ký nằm một mình ở trang {page.number}, không kèm đoạn nội "
                    "dung nào; nên kéo ít nhất một đoạn cuối sang cùng trang.",
                    page.number,
                )

    def _signature_gap(self, page: Page, signature: list[Run]) -> None:
        if len(signature) < 2:
            self.add("C27", ERROR, "Khối chữ ký thiếu dòng họ tên người ký.", page.number)
            return
        gap = max(b.top - a.baseline for a, b in itertools.pairwise(signature))
        self.measures["signature_gap_mm"] = round(gap / MM, 2)
        limits = self.L.signature_gap_range
        if not (limits.low <= gap / MM <= limits.high):
            self.add(
                "C27",
                ERROR,
                f"Khoảng trống để ký và đóng dấu cao {vn_num(gap / MM / 10, 1)} cm, cần "
                f"{vn_num(limits.low / 10)}–{vn_num(limits.high / 10)} cm.",
                page.number,
            )
