"""K1–K5: the title block of every kind but the công văn (kinds.md §2–3), the Số code
and the Kính gửi policy of the kind.

The kind comes from drafter.check.kind (the declarations in forms/); the tên loại, the
trích yếu and the rule under it were found by drafter.check.locate. A công văn has none
of these: C15 (V/v) and C16 (no title) are its checks instead.
"""

from __future__ import annotations

import re

from drafter.check.context import CheckContext
from drafter.check.kind import NEVER, REQUIRED
from drafter.check.text import clean, excerpt, mm, nfc, tw_of
from drafter.docx.document import Line


class TitleChecks(CheckContext):
    """K1 tên loại, K2 trích yếu, K3 the rule under it, K4 Số code and no V/v,
    K5 Kính gửi where the kind allows it."""

    def _title_centred(self, check: str, element: str, lines: list[Line]) -> None:
        """Centred (alignment), and ≈ on the middle of the text width (± 2 mm)."""
        self.check_centred(check, element, lines)
        tol = tw_of(self.L.title_centre_tolerance)
        done: set[int] = set()
        for ln in lines:
            p = ln.para
            if id(p) in done or p.fmt.jc != "center" or p.container.kind != "body":
                continue
            done.add(id(p))
            left, right = ln.avail()
            off = (left + right) / 2 - self.centre_x
            if abs(off) > tol:
                self.add(
                    check,
                    element,
                    f"lệch {mm(abs(off))} so với giữa vùng chữ (tối đa {mm(tol)}): "
                    "lề đoạn trái và phải cần bằng nhau",
                    ln,
                    approx=True,
                )

    def k1_title(self) -> None:
        kind = self.kind
        if not kind.titled:
            return
        el = "Tên loại văn bản"
        want = kind.ten_loai
        t = self.title
        if t is None:
            self.add(
                "K1",
                el,
                f"không tìm thấy dòng “{want}”: số, ký hiệu “…/{kind.code}-…” là của "
                f"{kind.name}, cần dòng tên loại in hoa, đậm, căn giữa dưới phần đầu",
                self.so or "sau phần đầu",
            )
            return
        text = clean(t.text)
        if text != want:
            if nfc(text.upper()) == want:
                self.add("K1", el, f"“{text}” chưa viết in hoa; cần “{want}”", t)
            else:
                self.add("K1", el, f"“{excerpt(text, 40)}”: cần đúng “{want}”", t)
        self.check_bold("K1", el, [t], True)
        self.check_size("K1", el, [t], self.L.title_sizes)
        self._title_centred("K1", el, [t])
        if self.title_in_header:
            self.add(
                "K1",
                el,
                "nằm trong bảng phần đầu; cần đặt dưới bảng (sau số, ký hiệu và ngày tháng), "
                "căn giữa trang",
                t,
            )
        elif self.title_before is not None:
            self.add(
                "K1",
                el,
                f"cần đặt ngay dưới phần đầu, trước mọi nội dung; phía trên còn "
                f"“{excerpt(self.title_before.text, 40)}”",
                t,
            )

    def k2_subject(self) -> None:
        if not self.kind.titled or (self.title is None and not self.subject):
            return
        el = "Trích yếu"
        lines = self.subject
        if not lines:
            self.add(
                "K2",
                el,
                f"không tìm thấy trích yếu in đậm ngay dưới dòng “{self.kind.ten_loai}” "
                "(không để dòng trống ở giữa)",
                self.title,
            )
            return
        first = clean(lines[0].text)
        if re.match(r"^v/v\b", first, re.I):
            self.add(
                "K2",
                el,
                f"{self.kind.name} không ghi “V/v” trước trích yếu; viết thẳng nội dung "
                "(ví dụ “Về việc …”, “Ban hành …”)",
                lines[0],
            )
        last = clean(lines[-1].text)
        if last.endswith(".") and not last.endswith("..."):
            self.add("K2", el, "không đặt dấu chấm cuối trích yếu", lines[-1])
        self.check_bold("K2", el, lines, True)
        self.check_size("K2", el, lines, self.L.title_sizes)
        self._title_centred("K2", el, lines)

    def k3_title_rule(self) -> None:
        if not self.kind.titled or not self.subject or self.title_rule is None:
            return
        L = self.L
        widest, line = max(
            (
                (w, ln)
                for ln in self.subject
                for w in self.wrapped_widths(ln, L.title_sizes, bold=True)
            ),
            key=lambda pair: pair[0],
            default=(0, self.subject[0]),
        )
        # measured against the middle of the box the trích yếu is centred in: a trích yếu
        # that is not centred is K2's finding, not the rule's
        left, right = line.avail()
        self.check_rule(
            "K3",
            "Đường kẻ dưới trích yếu",
            self.title_rule,
            None,
            (left + right) / 2,
            self.subject[-1],
            ratio_of=max(widest, 1),
            ratios=L.title_rule_ratios,
            ratio_what="dòng trích yếu dài nhất",
            centre_tolerance=tw_of(L.title_centre_tolerance),
        )

    def k4_code(self) -> None:
        kind = self.kind
        if not kind.titled:
            return
        if self.vv is not None:
            self.add(
                "K4",
                "Trích yếu (V/v)",
                f"{kind.name} không có dòng “V/v” dưới số, ký hiệu: trích yếu in đậm dưới "
                f"dòng “{kind.ten_loai}”",
                self.vv,
            )
        code = self.so_code()
        if not code or code == kind.code:
            return  # no Số line, or one C13 cannot read: C13 says so
        if code.casefold() == kind.code.casefold():
            msg = f"mã “{code}” cần viết đúng “{kind.code}” (ví dụ “Số: 15/{kind.code}-UBND”)"
        else:
            msg = (
                f"ký hiệu bắt đầu bằng “{code}”, nhưng {kind.name} có mã “{kind.code}” "
                f"(ví dụ “Số: 15/{kind.code}-UBND”)"
            )
        self.add("K4", "Số, ký hiệu", msg, self.so)

    def k5_kinh_gui(self) -> None:
        kind = self.kind
        if not kind.titled:
            return
        el = "Kính gửi"
        if self.kg is not None and kind.kinh_gui == NEVER:
            who = (
                "người được mời ghi sau “… trân trọng kính mời:”"
                if kind.invitation
                else "nơi nhận chỉ ghi ở phần “Nơi nhận”"
            )
            self.add("K5", el, f"{kind.name} không có phần “Kính gửi”; {who}", self.kg)
        if self.kg is None and kind.kinh_gui == REQUIRED:
            where = (self.subject or [self.title])[-1] if (self.subject or self.title) else None
            self.add(
                "K5",
                el,
                f"{kind.name} gửi cấp trên: cần dòng “Kính gửi: …” dưới trích yếu",
                where or "sau phần đầu",
            )
