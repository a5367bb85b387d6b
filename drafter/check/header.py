"""C8–C17: the header block, from the Quốc hiệu to the urgency and secrecy stamps.

Centres and widths are measured at each element's size clamped into its accepted range
(see drafter.check.context.CheckContext.width), so a wrong size fires the size rule of
its own check only.
"""

from __future__ import annotations

import datetime as dt
import re

from drafter.check.context import CheckContext
from drafter.check.findings import WARNING
from drafter.check.text import (
    DATE_DRAFT_RE,
    DATE_LOOSE,
    DATE_RE,
    SO_RE,
    TYPE_CODES_ERROR,
    TYPE_CODES_WARN,
    clamp,
    clean,
    excerpt,
    key,
    main_size,
    mm,
    nfc,
    pt,
    quoc_hieu_re,
    tw_of,
)
from drafter.docx.document import Line, seg_width


class HeaderChecks(CheckContext):
    """C8 Quốc hiệu, C9 tiêu ngữ, C10 its rule, C11 issuer, C12 its rule, C13 Số,
    C14 date, C15 V/v, C16 no title, C17 stamps (C15, C16 and C13's type code are the
    công văn's: the other kinds have K1–K4)."""

    def c8_quoc_hieu(self) -> None:
        el = "Quốc hiệu"
        qh = self.qh
        L = self.L
        if qh is None:
            self.add(
                "C8",
                el,
                f"không tìm thấy; cần dòng “{L.quoc_hieu}” ở góc trên bên phải",
                "đầu văn bản",
            )
            return
        text = clean(qh.text)
        pattern = quoc_hieu_re(L.quoc_hieu)
        if self.qh_extra is not None or (
            len([x for x in qh.para.lines if x.text.strip()]) > 1 and not pattern.match(text)
        ):
            self.add("C8", el, "bị ngắt thành hai dòng; cần viết trên một dòng", qh)
        elif not pattern.match(text):
            if key(text) == key(L.quoc_hieu) and text.upper() == text:
                self.add("C8", el, f"“{text}” sai chữ hoặc dấu cách; cần đúng “{L.quoc_hieu}”", qh)
            elif key(text) == key(L.quoc_hieu):
                self.add("C8", el, f"“{text}” chưa viết in hoa; cần “{L.quoc_hieu}”", qh)
            else:
                self.add(
                    "C8",
                    el,
                    f"“{excerpt(text, 60)}”: Quốc hiệu phải là một đoạn riêng, đúng "
                    f"“{L.quoc_hieu}”",
                    qh,
                )
        self.check_bold("C8", el, [qh], True)
        self.check_upright("C8", el, [qh])
        self.check_size("C8", el, [qh], L.quoc_hieu_sizes)
        self.check_centred("C8", el, [qh])
        if self.qh_extra is None:
            w = self.width(qh, L.quoc_hieu_sizes, bold=True)
            if not qh.fits(w):
                left, right = qh.avail()
                self.add(
                    "C8",
                    el,
                    f"không vừa một dòng: dài {mm(w)}, cột chỉ rộng {mm(right - left)}",
                    qh,
                    approx=True,
                )

    def c9_tieu_ngu(self) -> None:
        el = "Tiêu ngữ"
        tn = self.tn
        L = self.L
        if tn is None:
            self.add(
                "C9",
                el,
                f"không tìm thấy; cần “{L.tieu_ngu}” ngay dưới Quốc hiệu",
                self.qh or "đầu văn bản",
            )
            return
        text = clean(tn.text)
        if text != L.tieu_ngu:
            if key(text) == key(L.tieu_ngu) and re.sub(r"\s*[-–—]\s*", " - ", text) == L.tieu_ngu:
                self.add(
                    "C9",
                    el,
                    f"“{text}”: dùng dấu gạch nối “-” có dấu cách hai bên; cần “{L.tieu_ngu}”",
                    tn,
                )
            else:
                self.add("C9", el, f"“{excerpt(text, 60)}”, cần đúng “{L.tieu_ngu}”", tn)
        self.check_bold("C9", el, [tn], True)
        self.check_upright("C9", el, [tn])
        self.check_size("C9", el, [tn], L.tieu_ngu_sizes)
        self.check_centred("C9", el, [tn])
        qh = self.qh_extra or self.qh
        if qh is None:
            return
        if not self.tn_adjacent:
            self.add(
                "C9", el, "không nằm ngay dưới Quốc hiệu (có dòng trống hoặc đoạn khác ở giữa)", tn
            )
        elif qh.para is not tn.para:
            gap = self.vgap(qh, tn) / 20
            if gap > L.tieu_ngu_max_gap_pt:
                self.add(
                    "C9",
                    el,
                    f"cách Quốc hiệu {pt(gap)} pt, tối đa {pt(L.tieu_ngu_max_gap_pt)} pt",
                    tn,
                )
        if tn.para.fmt.jc == "center" and self.qh.para.fmt.jc == "center":
            qc = self.qh.centre(self.width(self.qh, L.quoc_hieu_sizes, bold=True))
            tc = tn.centre(self.width(tn, L.tieu_ngu_sizes, bold=True))
            tol = tw_of(L.tieu_ngu_centre_tolerance)
            if abs(qc - tc) > tol:
                self.add(
                    "C9",
                    el,
                    f"lệch tâm {mm(abs(qc - tc))} so với Quốc hiệu (tối đa {mm(tol)})",
                    tn,
                    approx=True,
                )

    def c10_tieu_ngu_rule(self) -> None:
        tn = self.tn
        if tn is None:
            return
        cont = self._container_lines(tn.para.container)
        rule = self.rule_under([tn], cont)
        w = self.width(tn, self.L.tieu_ngu_sizes, bold=True)
        t = self.L.tieu_ngu_rule_tolerance
        centre = tn.centre(w) if tn.para.fmt.jc == "center" else None
        self.check_rule(
            "C10", "Đường kẻ dưới tiêu ngữ", rule, (w * (1 - t), w * (1 + t)), centre, tn
        )

    def c11_issuer(self) -> None:
        el = "Tên cơ quan ban hành"
        L = self.L
        if not self.issuer:
            where = self.issuer_cell.where if self.issuer_cell else "đầu văn bản"
            self.add("C11", el, "không tìm thấy ở góc trên bên trái, ngang hàng Quốc hiệu", where)
            return
        for ln in self.issuer:
            t = clean(ln.text)
            if t != nfc(t.upper()):
                self.add("C11", el, f"“{excerpt(t, 50)}” chưa viết in hoa", ln)
        self.check_bold("C11", el, self.issuer, True)
        self.check_upright("C11", el, self.issuer + self.chu_quan)
        self.check_size("C11", el, self.issuer, L.issuer_sizes)
        self.check_centred("C11", el, self.issuer)
        el2 = "Tên cơ quan chủ quản"
        for ln in self.chu_quan:
            t = clean(ln.text)
            if t != nfc(t.upper()):
                self.add("C11", el2, f"“{excerpt(t, 50)}” chưa viết in hoa", ln)
        self.check_bold("C11", el2, self.chu_quan, False)
        self.check_size("C11", el2, self.chu_quan, L.issuer_sizes)

    def c12_issuer_rule(self) -> None:
        if not self.issuer:
            return
        widest = max(self.issuer, key=lambda ln: self.width(ln, self.L.issuer_sizes, bold=True))
        w = self.width(widest, self.L.issuer_sizes, bold=True)
        cont = self._container_lines(self.issuer[-1].para.container)
        rule = self.rule_under(self.issuer, cont)
        centre = widest.centre(w)
        self.check_rule(
            "C12",
            "Đường kẻ dưới tên cơ quan",
            rule,
            None,
            centre,
            self.issuer[-1],
            ratio_of=max(max(self._printed_width(ln) for ln in self.issuer), 1),
        )

    def _printed_width(self, ln: Line) -> int:
        """The widest line `ln` prints as: itself if it fits its column, else the lines a
        word processor wraps it into (first fit at spaces), as the page checks measure."""
        sizes = self.L.issuer_sizes
        w = self.width(ln, sizes, bold=True)
        left, right = ln.avail()
        if w <= right - left:
            return w
        size = main_size(ln)
        size = clamp(size, sizes) if size else sizes.high
        widths, current = [], ""
        for word in ln.clean.split(" "):
            wider = f"{current} {word}" if current else word
            if current and seg_width(wider, size, True, False) > right - left:
                widths.append(seg_width(current, size, True, False))
                wider = word
            current = wider
        widths.append(seg_width(current, size, True, False))
        return round(max(widths))

    def c13_so(self) -> None:
        el = "Số, ký hiệu"
        L = self.L
        so = self.so
        if so is None:
            self.add(
                "C13", el, "không tìm thấy dòng “Số: …/…” dưới tên cơ quan ban hành", "đầu văn bản"
            )
            return
        text = nfc(so.text).strip()
        if not SO_RE.match(text):
            m = re.match(r"^Số:\s*(\d+)\s*/", text)
            if m and len(m.group(1)) == 1:
                self.add(
                    "C13",
                    el,
                    f"số dưới 10 phải có số 0 ở đầu (“Số: {m.group(1)}/” → “Số: 0{m.group(1)}/”)",
                    so,
                )
            elif re.match(r"^Số:\S", text):
                self.add("C13", el, f"“{excerpt(text, 40)}”: cần một dấu cách sau “Số:”", so)
            elif re.search(r"\s/|/\s|-\s|\s-", text):
                self.add(
                    "C13", el, f"“{excerpt(text, 40)}”: không để dấu cách quanh “/” và “-”", so
                )
            else:
                self.add("C13", el, f"“{excerpt(text, 40)}” sai dạng; cần “Số: 05/UBND-VP”", so)
        elif not self.kind.titled:  # another kind's code is K4's
            code = text.split("/", 1)[1].split("-")[0]
            if code.upper() in TYPE_CODES_ERROR:
                self.add(
                    "C13",
                    el,
                    f"ký hiệu bắt đầu bằng “{code}” là mã tên loại văn bản; công văn "
                    "không có mã tên loại (ví dụ “UBND-VP”)",
                    so,
                )
            elif code.upper() in TYPE_CODES_WARN:
                self.add(
                    "C13",
                    el,
                    f"ký hiệu bắt đầu bằng “{code}” giống mã tên loại văn bản",
                    so,
                    severity=WARNING,
                )
        self.check_size("C13", el, [so], L.so_sizes)
        self.check_upright("C13", el, [so])
        self.check_bold("C13", el, [so], False)
        if self.issuer:
            widest = max(self.issuer, key=lambda ln: self.width(ln, L.issuer_sizes, bold=True))
            ic = widest.centre(self.width(widest, L.issuer_sizes, bold=True))
            sc = so.centre(self.width(so, L.so_sizes, bold=False))
            tol = tw_of(L.so_centre_tolerance)
            if abs(ic - sc) > tol:
                self.add(
                    "C13",
                    el,
                    f"lệch {mm(abs(ic - sc))} so với tâm tên cơ quan (tối đa {mm(tol)}); "
                    "cần căn giữa dưới tên cơ quan",
                    so,
                    approx=True,
                )

    def c14_date(self) -> None:
        el = "Ngày ban hành"
        L = self.L
        d = self.date
        if d is None:
            self.add(
                "C14",
                el,
                "không tìm thấy dòng “Địa danh, ngày … tháng … năm …” dưới tiêu ngữ",
                "đầu văn bản",
            )
            return
        text = nfc(d.text).strip()
        full = " ".join(clean(x.text) for x in d.para.lines if x.text.strip())
        if not (DATE_RE.match(text) or DATE_DRAFT_RE.match(text)):
            if DATE_RE.match(full) or DATE_DRAFT_RE.match(full):
                self.add("C14", el, "bị ngắt dòng; cần viết trên một dòng", d)
            else:
                self.add("C14", el, self._date_problem(text), d)
        else:
            m = DATE_LOOSE.match(text)
            if m:
                try:
                    dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
                except ValueError:
                    self.add(
                        "C14",
                        el,
                        f"ngày {m.group('d')}/{m.group('m')}/{m.group('y')} không có thật",
                        d,
                    )
        if not d.all_italic() and d.visible:
            self.add("C14", el, "chưa in nghiêng (cần chữ nghiêng)", d)
        self.check_bold("C14", el, [d], False)
        self.check_size("C14", el, [d], L.date_sizes)
        w = self.width(d, L.date_sizes, italic=True)
        if not d.fits(w):
            left, right = d.avail()
            self.add(
                "C14",
                el,
                f"không vừa một dòng: dài {mm(w)}, cột rộng {mm(right - left)}; "
                f"có thể giảm xuống {pt(L.date_sizes.low)} pt",
                d,
                approx=True,
            )
        if self.tn is not None:
            tc = self.tn.centre(self.width(self.tn, L.tieu_ngu_sizes, bold=True))
            dc = d.centre(w)
            tol = tw_of(L.date_centre_tolerance)
            if abs(tc - dc) > tol:
                self.add(
                    "C14",
                    el,
                    f"lệch {mm(abs(tc - dc))} so với tâm tiêu ngữ (tối đa {mm(tol)}); "
                    "cần căn giữa dưới tiêu ngữ",
                    d,
                    approx=True,
                )

    def _date_problem(self, text: str) -> str:
        m = DATE_LOOSE.match(text)
        if not m:
            if re.search(r"\d{1,2}/\d{1,2}/\d{4}", text):
                return f"“{excerpt(text, 50)}”: viết ngày bằng chữ “ngày … tháng … năm …”, không viết dạng số"
            return f"“{excerpt(text, 50)}” sai dạng; cần “Địa danh, ngày 05 tháng 3 năm 2019”"
        d, mo, y = m.group("d"), m.group("m"), m.group("y")
        if len(d) == 1:
            return f"ngày dưới 10 phải có số 0 ở đầu (“ngày {d}” → “ngày 0{d}”)"
        if mo.startswith("0") and len(mo) == 2 and int(mo) >= 3:
            return f"tháng {int(mo)} không viết số 0 ở đầu (“tháng {mo}” → “tháng {int(mo)}”)"
        if mo in ("1", "2"):
            return f"tháng 1 và 2 viết có số 0 ở đầu (“tháng {mo}” → “tháng 0{mo}”)"
        if len(y) != 4:
            return f"năm “{y}” phải viết đủ bốn chữ số"
        try:
            dt.date(int(y), int(mo), int(d))
        except ValueError:
            return f"ngày {d}/{mo}/{y} không có thật"
        if not m.group("place").strip():
            return "thiếu địa danh trước “ngày”"
        return f"“{excerpt(text, 50)}”: sai chữ hoặc dấu cách; cần “Địa danh, ngày 05 tháng 3 năm 2019”"

    def c15_vv(self) -> None:
        if self.kind.titled:  # no V/v line in the other kinds (K4)
            return
        el = "Trích yếu (V/v)"
        L = self.L
        vv = self.vv
        if vv is None:
            self.add(
                "C15", el, "không tìm thấy dòng “V/v …” dưới số, ký hiệu", self.so or "đầu văn bản"
            )
            return
        text = clean(vv.text)
        if not text.startswith("V/v "):
            self.add(
                "C15",
                el,
                f"“{excerpt(text, 30)}”: cần bắt đầu bằng “V/v ” (chữ V hoa, v thường, một dấu cách)",
                vv,
            )
        lines = [ln for ln in vv.para.lines if ln.text.strip()]
        self.check_size("C15", el, lines[:1], L.vv_sizes)
        self.check_upright("C15", el, lines[:1])
        self.check_bold("C15", el, lines[:1], False)
        self.check_centred("C15", el, [vv])
        cont = self._container_lines(vv.para.container)
        rule = self.rule_under([ln for ln in vv.para.lines if ln.text.strip()], cont)
        if rule.kind != "none":
            self.add(
                "C15",
                el,
                "có đường kẻ hoặc gạch chân dưới trích yếu; công văn không kẻ dưới V/v",
                vv,
            )
        if self.so is not None:
            gap = self.vgap(self.so, vv)
            want, tol = tw_of(L.vv_space_before), tw_of(L.vv_space_tolerance)
            if abs(gap - want) > tol:
                self.add(
                    "C15",
                    el,
                    f"cách dòng Số {pt(gap / 20)} pt, cần {pt(want / 20)} ± {pt(tol / 20)} pt",
                    vv,
                    approx=True,
                )

    def c16_no_title(self) -> None:
        if self.kind.titled:  # the other kinds have a tên loại (K1)
            return
        for p in self._all_paras():
            for ln in p.lines:
                if clean(ln.text).upper() == "CÔNG VĂN":
                    self.add(
                        "C16",
                        "Tên loại",
                        "công văn không có dòng tên loại “CÔNG VĂN”; cần xóa dòng này",
                        ln,
                    )

    def c17_stamps(self) -> None:
        el = "Dấu mức độ khẩn, mật"
        L = self.L
        urgency = {s.text for s in L.urgency_stamps.values()}
        urgency |= {t.replace("HỎA", "HOẢ") for t in urgency}
        boxes = {s.text: s for s in [*L.urgency_stamps.values(), *L.secrecy_stamps.values()]}
        first_secret = first_urgent = None
        for i, ln in enumerate(self.stamps):
            text = clean(ln.text).upper()
            is_urgent = text in urgency
            if is_urgent and first_urgent is None:
                first_urgent = i
            if not is_urgent and first_secret is None:
                first_secret = i
            self.check_bold("C17", el, [ln], True)
            self.check_size("C17", el, [ln], L.stamp_sizes)
            boxed, width, height, approx = self._stamp_box(ln)
            if not boxed:
                self.add("C17", el, f"“{text}” chưa đóng khung; cần khung viền nét đơn 1 pt", ln)
            elif is_urgent:
                box = boxes.get(text.replace("HOẢ", "HỎA"))
                tol = tw_of(L.stamp_box_tolerance)
                if box is not None and width is not None:
                    want = tw_of(box.width)
                    if abs(width - want) > tol:
                        self.add(
                            "C17",
                            el,
                            f"khung “{text}” rộng {mm(width)}, cần {mm(want)} ± {mm(tol)}",
                            ln,
                        )
                if box is not None and height is not None:
                    want = tw_of(box.height)
                    if abs(height - want) > tol:
                        self.add(
                            "C17",
                            el,
                            f"khung “{text}” cao {mm(height)}, cần {mm(want)} ± {mm(tol)}",
                            ln,
                            approx=approx,
                        )
            if self.vv is not None and self.left_lines and self.vv in self.left_lines:
                after = self._after(self.vv, self.left_lines)
                if ln not in after and ln.para.container.kind != "textbox":
                    self.add("C17", el, f"“{text}” cần đặt dưới trích yếu (V/v), bên trái", ln)
        if first_secret is not None and first_urgent is not None and first_urgent < first_secret:
            self.add(
                "C17", el, "dấu mức độ mật phải đặt trên dấu mức độ khẩn", self.stamps[first_urgent]
            )

    def _stamp_box(self, ln: Line) -> tuple[bool, int | None, int | None, bool]:
        p = ln.para
        cell = p.cell
        if cell is not None and len(cell.table.rows) == 1 and len(cell.table.rows[0].cells) == 1:
            sides = [cell.borders.get(s) for s in ("top", "bottom", "left", "right")]
            if all(b is not None and b.visible for b in sides):
                row = cell.table.rows[0]
                height = (
                    row.height if row.height and row.height_rule in ("exact", "atLeast") else None
                )
                approx = height is None
                if height is None:
                    height = sum(x.height() for x in cell.paras())
                return True, cell.width_tw or cell.table.w, height, approx
        if all(s in p.fmt.borders for s in ("top", "bottom", "left", "right")):
            return True, p.box_w - p.fmt.left - p.fmt.right, p.height(), True
        if p.container.kind == "textbox":
            return True, None, None, True
        return False, None, None, True
