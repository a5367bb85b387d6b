"""C24–C30: the closing block (Nơi nhận | signature), the footer (ô 13), and what keeps
the signature with the body.
"""

from __future__ import annotations

from drafter.check.context import CheckContext
from drafter.check.findings import WARNING
from drafter.check.kind import NEVER
from drafter.check.text import (
    LUU_RE,
    NAME_TITLES,
    authority_re,
    clean,
    excerpt,
    mm,
    nfc,
    pt,
    pt_of,
    starts_dash,
    tw_of,
)
from drafter.docx.document import Line

MM_PER_CM = 10  # C27's range is in mm (layout), its message in cm


class ClosingChecks(CheckContext):
    """C24 sides, C25 titles, C26 name, C27 signing gap, C28 Nơi nhận, C29 footer,
    C30 kept together."""

    def c24_closing_sides(self) -> None:
        el = "Vị trí phần ký"
        first = self.titles[0] if self.titles else self.name
        if first is not None:
            c = first.centre(self.width(first, self.L.signature_sizes, bold=True))
            if c <= self.centre_x:
                self.add(
                    "C24",
                    el,
                    f"khối chữ ký nằm bên trái giữa trang (tâm cách lề trái {mm(c)}); cần bên phải",
                    first,
                    approx=True,
                )
        if self.nn is not None:
            x = self.nn.start_x()
            tol = tw_of(self.L.left_edge_tolerance)
            if abs(x) > tol:
                self.add(
                    "C24",
                    el,
                    f"“Nơi nhận:” cách lề trái {mm(x)}; cần sát lề trái (± {mm(tol)})",
                    self.nn,
                    approx=True,
                )

    def c25_titles(self) -> None:
        el = "Chức vụ người ký"
        L = self.L
        if not self.titles:
            self.add(
                "C25",
                el,
                "không tìm thấy khối chữ ký (chức vụ, họ tên) bên phải, dưới nội dung",
                self.nn or "cuối văn bản",
            )
            return
        for ln in self.titles:
            t = clean(ln.text)
            if t != nfc(t.upper()):
                self.add("C25", el, f"“{excerpt(t, 50)}” chưa viết in hoa", ln)
        self.check_bold("C25", el, self.titles, True)
        self.check_upright("C25", el, self.titles)
        self.check_size("C25", el, self.titles, L.signature_sizes)
        self.check_centred("C25", el, self.titles)
        prefixes = L.authority_prefixes
        for ln in self.titles:
            t = clean(ln.text)
            words = t.split(" ")
            for j, w in enumerate(words):
                if w.upper() in prefixes and j > 0:
                    self.add(
                        "C25", el, f"“{w}” chỉ đứng ở đầu dòng; mỗi thẩm quyền một dòng riêng", ln
                    )
            m = authority_re(prefixes).match(nfc(ln.text).strip())
            if m and m.group(2) != " ":
                self.add("C25", el, f"sau “{m.group(1)}.” cần đúng một dấu cách", ln)
        last = clean(self.titles[-1].text)
        head = last.split(" ", 1)[0].upper()
        if head in [p for p in prefixes if p != "Q."]:
            self.add(
                "C25",
                el,
                f"dòng “{excerpt(last, 40)}” là dòng thẩm quyền ({head}) nhưng là dòng cuối: chức vụ của "
                "người ký phải viết thành dòng riêng bên dưới (ví dụ “KT. CHỦ TỊCH” / “PHÓ CHỦ TỊCH”)",
                self.titles[-1],
            )

    def c26_name(self) -> None:
        el = "Họ tên người ký"
        L = self.L
        name = self.name
        if name is None:
            if self.titles:
                self.add("C26", el, "không tìm thấy họ tên người ký dưới chức vụ", self.titles[-1])
            return
        t = clean(name.text)
        self.check_bold("C26", el, [name], True)
        self.check_upright("C26", el, [name])
        self.check_size("C26", el, [name], L.signature_sizes)
        self.check_centred("C26", el, [name])
        letters = [c for c in t if c.isalpha()]
        if letters and t == t.upper() and any(sum(c.isalpha() for c in w) > 1 for w in t.split()):
            self.add(
                "C26",
                el,
                f"“{t}” viết toàn chữ hoa; cần viết hoa chữ cái đầu mỗi tiếng (“Võ Văn Cảnh”)",
                name,
            )
        elif any(w[:1].isalpha() and not w[:1].isupper() for w in t.split(" ")):
            self.add("C26", el, f"“{t}”: mỗi tiếng của họ tên viết hoa chữ cái đầu", name)
        if any(t.startswith(p) for p in NAME_TITLES):
            self.add(
                "C26", el, f"“{t}”: không ghi học hàm, học vị trước họ tên", name, severity=WARNING
            )

    def c27_gap(self) -> None:
        if self.name is None or not self.titles:
            return
        gap = self.vgap(self.titles[-1], self.name)
        r = self.L.signature_gap_range
        cm = gap / 567
        if not r.low / MM_PER_CM <= cm <= r.high / MM_PER_CM:
            self.add(
                "C27",
                "Khoảng ký",
                f"khoảng trống giữa chức vụ và họ tên {pt(round(cm, 1))} cm, cần "
                f"{pt(r.low / MM_PER_CM)}–{pt(r.high / MM_PER_CM)} cm để ký và đóng dấu",
                self.name,
                approx=True,
            )

    def c28_noi_nhan(self) -> None:
        el = "Nơi nhận"
        L = self.L
        nn = self.nn
        if nn is None:
            self.add(
                "C28",
                el,
                f"không tìm thấy “{L.noi_nhan_label}” ở góc dưới bên trái",
                "cuối văn bản",
            )
            return
        label_text = clean(nn.text)
        if label_text != L.noi_nhan_label:
            self.add(
                "C28",
                el,
                f"“{excerpt(label_text, 30)}”: cần đúng “{L.noi_nhan_label}” trên một dòng riêng",
                nn,
            )
        want = pt_of(L.noi_nhan_label_size)
        sizes = sorted(s for s in nn.sizes() if s != want)
        if sizes:
            self.add(
                "C28",
                el,
                f"“{L.noi_nhan_label}” cỡ {', '.join(pt(s) for s in sizes)} pt, cần {pt(want)} pt",
                nn,
            )
        if not (nn.all_bold() and nn.all_italic()):
            self.add("C28", el, f"“{L.noi_nhan_label}” cần in đậm và nghiêng", nn)
        items = self.nn_items
        if not items:
            self.add("C28", el, "không có nơi nhận nào, thiếu dòng “- Lưu: VT, …”", nn)
            return
        item_size = pt_of(L.noi_nhan_item_size)
        dash_items = items
        tail: list[Line] = []
        last_dash = max((i for i, ln in enumerate(items) if starts_dash(ln.text)), default=-1)
        if last_dash >= 0:
            dash_items, tail = items[: last_dash + 1], items[last_dash + 1 :]
        label_x = nn.start_x()
        tol = tw_of(self.L.left_edge_tolerance)
        for i, ln in enumerate(dash_items):
            t = clean(ln.text)
            sizes = sorted(s for s in ln.sizes() if s != item_size)
            if sizes:
                self.add(
                    "C28",
                    el,
                    f"cỡ chữ {', '.join(pt(s) for s in sizes)} pt, cần {pt(item_size)} pt",
                    ln,
                )
            if ln.any_bold():
                self.add("C28", el, "nơi nhận không in đậm", ln)
            if ln.any_italic():
                self.add("C28", el, "nơi nhận không in nghiêng (chữ đứng)", ln)
            if not t.startswith("- "):
                self.add("C28", el, f"“{excerpt(t, 40)}”: cần bắt đầu bằng “- ”", ln)
            elif abs(ln.start_x() - label_x) > tol:
                self.add(
                    "C28",
                    el,
                    f"gạch đầu dòng lệch {mm(abs(ln.start_x() - label_x))} so với “Nơi nhận:”; "
                    "cần sát lề trái, không thụt",
                    ln,
                    approx=True,
                )
            if i < len(dash_items) - 1 and not t.endswith(";"):
                self.add("C28", el, f"“{excerpt(t, 40)}”: cần kết thúc bằng dấu chấm phẩy “;”", ln)
        last = clean(dash_items[-1].text)
        if not LUU_RE.match(last):
            self.add(
                "C28",
                el,
                f"dòng cuối “{excerpt(last, 40)}” phải là “- Lưu: VT, …” kết thúc bằng dấu chấm",
                dash_items[-1],
            )
        if len(tail) > 1:
            self.add(
                "C28",
                el,
                "sau dòng “- Lưu: …” chỉ có thể có một dòng ký hiệu người soạn, số lượng bản",
                tail[1],
            )
        first = clean(dash_items[0].text)
        # a công văn, or a letter of a kind that may be sent with a Kính gửi and is (II.9.b)
        kinh_gui = self.kg is not None and self.kind.kinh_gui != NEVER
        if (not self.kind.titled or kinh_gui) and first not in (
            "- Như trên;",
            "- Như kính gửi;",
        ):
            who = "công văn" if not self.kind.titled else "văn bản có “Kính gửi”"
            self.add(
                "C28",
                el,
                f"nơi nhận đầu tiên là “{excerpt(first, 40)}”; {who} thường bắt đầu “- Như trên;”",
                dash_items[0],
                severity=WARNING,
            )

    def c29_footer(self) -> None:
        doc = self.doc
        if not doc.sections:
            return
        s0 = doc.sections[0]
        L = self.L
        el = "Chân trang (ô 13)"
        if s0.title_pg:
            first = doc.footer_part("first")
            if first is not None and self._visible_text(first):
                paras = [p for p in first.paras() if p.text.strip()]
                lines = [ln for p in paras for ln in p.lines if ln.text.strip()]
                self.check_size("C29", el, lines, L.dia_chi_sizes)
                self.check_upright("C29", el, lines)
                all_paras = list(first.paras())
                rule = None
                for p in all_paras:
                    if "top" in p.fmt.borders:
                        b = p.fmt.borders["top"]
                        rule = (p.box_w - p.fmt.left - p.fmt.right, b)
                        break
                    if p.empty and "bottom" in p.fmt.borders:
                        b = p.fmt.borders["bottom"]
                        rule = (p.box_w - p.fmt.left - p.fmt.right, b)
                        break
                    if p.shapes:
                        rule = (p.shapes[0].length, None)
                        break
                    if not p.empty:
                        break
                if rule is None:
                    self.add("C29", el, "thiếu đường kẻ liền phía trên địa chỉ", paras[0])
                else:
                    length, b = rule
                    tol = tw_of(L.dia_chi_rule_tolerance)
                    if b is not None and b.val not in ("single", "thick"):
                        self.add("C29", el, f"đường kẻ kiểu “{b.val}”, cần nét liền", paras[0])
                    if abs(length - self.tw) > tol:
                        self.add(
                            "C29",
                            el,
                            f"đường kẻ dài {mm(length)}, cần bằng chiều rộng vùng chữ "
                            f"{mm(self.tw)} ± {mm(tol)}",
                            paras[0],
                            approx=True,
                        )
        for kind in ("default", "even") if doc.even_odd else ("default",):
            cont = doc.footer_part(kind)
            if cont is not None and self._visible_text(cont):
                p = next(
                    p
                    for p in cont.paras()
                    if any(s.field is None and s.text.strip() for s in p.segs)
                )
                self.add(
                    "C29",
                    el,
                    "chân trang các trang sau có nội dung; địa chỉ, điện thoại chỉ in ở trang 1",
                    p,
                )

    def c30_together(self) -> None:
        el = "Giữ liền khối ký"
        if self.closing_row is not None and not self.closing_row.cant_split:
            self.add(
                "C30",
                el,
                "hàng bảng Nơi nhận / chữ ký chưa bật “không cho ngắt sang trang” (cantSplit)",
                self.nn or self.titles[0] if (self.nn or self.titles) else "khối ký",
                severity=WARNING,
            )
        paras = [p for p in self.body if not p.empty]
        if paras and not paras[-1].fmt.keep_next:
            self.add(
                "C30",
                el,
                "đoạn nội dung cuối chưa bật “giữ cùng trang với đoạn sau” (keepNext)",
                paras[-1],
                severity=WARNING,
            )
