"""C1–C7: the page as a whole (paper, margins, font, colour, Unicode, page number) and
the sides of the header block.

These read every paragraph of the document, headers and footers included, rather than
one part of the letter.
"""

from __future__ import annotations

import re

from drafter.check.context import CheckContext
from drafter.check.findings import WARNING
from drafter.check.text import excerpt, jc_name, mm, nfc, pt, rng, tw_of
from drafter.docx.document import Para, Table


class PageChecks(CheckContext):
    """C1 paper, C2 margins, C3 font, C4 colour, C5 NFC, C6 page number, C7 header sides."""

    def c1_paper(self) -> None:
        L = self.L
        w0, h0, tol = tw_of(L.page_width), tw_of(L.page_height), tw_of(L.page_tolerance)
        for i, s in enumerate(self.doc.sections):
            where = f"phần (section) {i + 1}"
            if s.width is None or s.height is None:
                self.add("C1", "Khổ giấy", "không khai báo khổ giấy; cần A4 (210 × 297 mm)", where)
                continue
            if abs(s.width - w0) <= tol and abs(s.height - h0) <= tol:
                continue
            if abs(s.width - h0) <= tol and abs(s.height - w0) <= tol:
                self.add(
                    "C1",
                    "Khổ giấy",
                    "khổ A4 nằm ngang; chỉ dùng khi có bảng rộng",
                    where,
                    severity=WARNING,
                )
                continue
            self.add(
                "C1",
                "Khổ giấy",
                f"{mm(s.width)} × {mm(s.height)}, cần A4 dọc 210 × 297 mm",
                where,
            )

    def c2_margins(self) -> None:
        L = self.L
        slack = L.margin_slack_tw
        names = (
            ("top", "trên", L.margin_top_tw),
            ("bottom", "dưới", L.margin_bottom_tw),
            ("left", "trái", L.margin_left_tw),
            ("right", "phải", L.margin_right_tw),
        )
        for i, s in enumerate(self.doc.sections):
            for attr, label, r in names:
                v = getattr(s, attr)
                where = f"phần (section) {i + 1}"
                if v is None:
                    self.add("C2", "Lề trang", f"không khai báo lề {label}", where)
                    continue
                v = abs(v)
                if not r.low - slack <= v <= r.high + slack:
                    self.add(
                        "C2",
                        "Lề trang",
                        f"lề {label} {mm(v)}, cần {mm(r.low)}–{mm(r.high)}",
                        where,
                    )

    def c3_font(self) -> None:
        ok = set(self.L.accepted_fonts)
        for p in self._all_paras():
            bad: list[str] = []
            for s in p.segs:
                if s.label or not s.text.strip():
                    continue
                f = s.fmt
                slots = [f.ascii, f.hansi]
                if f.hint == "eastAsia" or _CJK.search(s.text):
                    slots.append(f.east_asia)
                if f.csflag or _COMPLEX.search(s.text):
                    slots.append(f.cs)
                for name in slots:
                    if name is not None and name not in ok and name not in bad:
                        bad.append(name)
            if bad:
                shown = ", ".join(f"“{b}”" for b in bad)
                self.add("C3", "Phông chữ", f"dùng phông {shown}; cần Times New Roman", p)

    def c4_colour(self) -> None:
        stamp_paras = {id(ln.para) for ln in self.stamps}
        allowed = {"AUTO", "000000"}
        for p in self._all_paras():
            colours: set[str] = set()
            marks: set[str] = set()
            for s in p.segs:
                if s.label or not s.text.strip():
                    continue
                c = s.fmt.color.upper()
                if c not in allowed and not (id(p) in stamp_paras and c == self.L.stamp_colour):
                    colours.add(c)
                if s.fmt.highlight:
                    marks.add(s.fmt.highlight)
            if colours:
                self.add(
                    "C4", "Màu chữ", f"chữ màu {', '.join(sorted(colours))}; cần màu đen (auto)", p
                )
            if marks:
                self.add(
                    "C4", "Màu chữ", f"có tô nền (highlight {', '.join(sorted(marks))}); cần bỏ", p
                )

    def c5_nfc(self) -> None:
        for p in self._all_paras():
            bad = [t for t in p.raw_texts if t != nfc(t)]
            if bad:
                self.add(
                    "C5",
                    "Mã Unicode",
                    f"chữ “{excerpt(bad[0], 30)}” gõ dạng tổ hợp (NFD); cần dựng sẵn (NFC, bảng mã Unicode dựng sẵn)",
                    p,
                )

    def c6_page_number(self) -> None:
        doc = self.doc
        if not doc.sections:
            return
        s0 = doc.sections[0]
        el = "Số trang"
        first_h = doc.header_part("first") if s0.title_pg else None
        default_h = doc.header_part("default")
        page_paras = self._field_paras(default_h, "PAGE")
        for cont in doc.parts.values():
            if cont.kind == "footer" and self._field_paras(cont, "PAGE"):
                self.add(
                    "C6",
                    el,
                    "số trang đặt ở chân trang; cần đặt ở đầu trang (lề trên), căn giữa",
                    cont.where,
                )
        if s0.title_pg:
            if first_h is not None and (
                self._field_paras(first_h, "PAGE") or self._visible_text(first_h)
            ):
                self.add(
                    "C6",
                    el,
                    "đầu trang của trang 1 không trống (trang 1 không đánh số trang)",
                    first_h.where,
                )
        elif page_paras:
            self.add(
                "C6",
                el,
                "trang 1 đang hiện số trang: cần bật “Different First Page” (titlePg) "
                "với đầu trang trang 1 để trống",
                "đầu trang",
            )
        if not page_paras:
            pages = self._estimated_pages()
            if pages > 1:
                self.add(
                    "C6",
                    el,
                    f"văn bản khoảng {pages} trang nhưng không có trường số trang (PAGE) ở đầu trang; "
                    "cần đánh số từ trang 2, căn giữa lề trên",
                    "đầu trang",
                    approx=True,
                )
            return
        if doc.even_odd:
            even_h = doc.header_part("even")
            even_paras = self._field_paras(even_h, "PAGE")
            if not even_paras:
                self.add(
                    "C6",
                    el,
                    "đầu trang các trang chẵn không có số trang (PAGE)",
                    "đầu trang (trang chẵn)",
                )
            page_paras = page_paras + even_paras
        r = self.L.page_number_sizes
        for p in page_paras:
            if p.fmt.jc != "center":
                self.add("C6", el, f"số trang căn “{jc_name(p.fmt.jc)}”, cần căn giữa", p)
            fmts = [f.fmt for f in p.fields if f.name == "PAGE" and f.fmt is not None]
            fmts += [s.fmt for s in p.segs if s.field == "PAGE" and s.text.strip()]
            sizes = sorted({f.size for f in fmts if f.size not in r})
            if sizes:
                self.add(
                    "C6",
                    el,
                    f"cỡ chữ số trang {', '.join(pt(x) for x in sizes)} pt, cần {rng(r)} pt",
                    p,
                )
            if any(f.italic for f in fmts):
                self.add("C6", el, "số trang in nghiêng, cần chữ đứng", p)

    def _estimated_pages(self) -> int:
        forced = max(0, len(self.doc.sections) - 1)
        height = 0
        for b in self.doc.body.blocks:
            if isinstance(b, Para):
                forced += b.page_breaks + (1 if b.fmt.page_break_before else 0)
                height += b.height()
            else:
                height += _table_height(b)
        room = self.doc.sections[0].text_height
        return 1 + forced + int(height // max(room, 1))

    def c7_sides(self) -> None:
        if not self.issuer or self.qh is None:
            return
        iw = max(self.issuer, key=lambda ln: self.width(ln, self.L.issuer_sizes, bold=True))
        ic = iw.centre(self.width(iw, self.L.issuer_sizes, bold=True))
        qc = self.qh.centre(self.width(self.qh, self.L.quoc_hieu_sizes, bold=True))
        if ic >= self.centre_x:
            self.add(
                "C7",
                "Vị trí phần đầu",
                f"tên cơ quan ban hành nằm bên phải giữa trang (tâm cách lề trái {mm(ic)}); "
                "cần ở bên trái, Quốc hiệu bên phải",
                iw,
                approx=True,
            )
        if qc <= self.centre_x:
            self.add(
                "C7",
                "Vị trí phần đầu",
                f"Quốc hiệu nằm bên trái giữa trang (tâm cách lề trái {mm(qc)}); cần ở bên phải",
                self.qh,
                approx=True,
            )


# Text drawn with the East Asian or the complex-script font slot (C3 checks those slots
# only where the text uses them).
_CJK = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002ffff]")
_COMPLEX = re.compile("[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\ufb1d-\ufdff]")


def _table_height(t: Table) -> int:
    total = 0
    for row in t.rows:
        if row.height and row.height_rule == "exact":
            total += row.height
            continue
        best = 0
        for cell in row.cells:
            h = 0
            for b in cell.blocks:
                h += b.height() if isinstance(b, Para) else _table_height(b)
            best = max(best, h)
        total += max(best, row.height or 0)
    return total
