"""C18–C23: the Kính gửi block and the body text.

The body of every kind: after the Kính gửi (or the title block, or a quyết định's
`QUYẾT ĐỊNH:`), before the closing table. Its centred `Phần`/`Chương` lines and the
first-line indent of its Điều are K8's and K7's.

Checks that fire on many body paragraphs (C20–C22) report one finding per kind of
problem with a count, so a letter typed with the wrong defaults gets a short report.
"""

from __future__ import annotations

import itertools
import re

from drafter.check.context import CheckContext
from drafter.check.findings import WARNING
from drafter.check.text import clamp, clean, excerpt, jc_name, main_size, mm, pt, pt_of, rng, tw_of
from drafter.docx.document import TNR_LINE_EM, Para, seg_width
from drafter.docx.properties import AUTO_LINE


class RecipientsBodyChecks(CheckContext):
    """C18 Kính gửi, C19 its dashes, C20 body size, C21 alignment, C22 spacing,
    C23 closing mark."""

    def c18_kinh_gui(self) -> None:
        el = "Kính gửi"
        L = self.L
        kg = self.kg
        if kg is None:
            if not self.kind.titled:  # whether another kind needs one is K5's
                self.add("C18", el, "không tìm thấy dòng “Kính gửi:”", "sau phần đầu")
            return
        text = clean(kg.text)
        lines = [kg, *self.kg_items]
        if not text.startswith("Kính gửi:"):
            self.add(
                "C18",
                el,
                f"“{excerpt(text, 30)}”: cần bắt đầu đúng “Kính gửi:” (có dấu hai chấm)",
                kg,
            )
        self.check_size("C18", el, lines, L.kinh_gui_sizes)
        self.check_upright("C18", el, lines)
        self.check_bold("C18", el, lines, False)
        rest = text.split(":", 1)[1].strip() if ":" in text else ""
        items = self.kg_items
        if rest and items:
            self.add(
                "C18",
                el,
                "có nhiều nơi nhận: “Kính gửi:” đứng riêng một dòng, mỗi nơi một dòng bắt đầu “- ”",
                kg,
            )
        elif not rest and not items:
            self.add("C18", el, "không có nơi nhận sau “Kính gửi:”", kg)
        elif not rest and len(items) == 1:
            self.add("C18", el, "chỉ một nơi nhận: viết cùng dòng “Kính gửi: …”", items[0])
        for i, ln in enumerate(items):
            t = clean(ln.text)
            last = i == len(items) - 1
            if not t.startswith("- "):
                self.add(
                    "C18",
                    el,
                    f"“{excerpt(t, 40)}”: mỗi nơi nhận bắt đầu bằng “- ” (gạch ngang và dấu cách)",
                    ln,
                )
            elif last and not re.match(r"^- .+\.$", t):
                self.add(
                    "C18",
                    el,
                    f"“{excerpt(t, 40)}”: nơi nhận cuối cùng kết thúc bằng dấu chấm “.”",
                    ln,
                )
            elif not last and not re.match(r"^- .+;$", t):
                self.add(
                    "C18",
                    el,
                    f"“{excerpt(t, 40)}”: mỗi nơi nhận (trừ nơi cuối) kết thúc bằng dấu chấm phẩy “;”",
                    ln,
                )

    def c19_dashes(self) -> None:
        kg, items = self.kg, self.kg_items
        if kg is None or len(items) < 2 or ":" not in kg.text:
            return
        el = "Kính gửi (gạch đầu dòng)"
        xs = [ln.start_x() for ln in items]
        tol_a, tol_c = tw_of(self.L.kinh_gui_dash_tolerance), tw_of(self.L.kinh_gui_colon_tolerance)
        if max(xs) - min(xs) > tol_a:
            worst = items[max(range(len(xs)), key=lambda i: abs(xs[i] - xs[0]))]
            self.add(
                "C19",
                el,
                f"các gạch đầu dòng không thẳng hàng (lệch {mm(max(xs) - min(xs))}, tối đa {mm(tol_a)})",
                worst,
                approx=True,
            )
        label = kg.text.split(":", 1)[0]
        size = clamp(main_size(kg) or pt_of(self.L.kinh_gui_size), self.L.kinh_gui_sizes)
        colon = kg.start_x() + seg_width(label.rstrip(), size, False, False)
        if abs(xs[0] - colon) > tol_c:
            self.add(
                "C19",
                el,
                f"gạch đầu dòng cách vị trí dấu hai chấm của “Kính gửi:” {mm(abs(xs[0] - colon))} "
                f"(tối đa {mm(tol_c)}); cần thẳng dưới dấu hai chấm",
                items[0],
                approx=True,
            )

    def c20_body_size(self) -> None:
        if not self.body:
            if self.kg is not None:
                self.add(
                    "C20", "Nội dung", "không tìm thấy đoạn nội dung nào sau Kính gửi", self.kg
                )
            return
        r = self.L.body_sizes
        sizes: dict[float, list[Para]] = {}
        for p in self.body:
            for s in p.segs:
                if s.text.strip() and not s.label and s.fmt.vert == "baseline":
                    sizes.setdefault(s.fmt.size, [])
                    if not sizes[s.fmt.size] or sizes[s.fmt.size][-1] is not p:
                        sizes[s.fmt.size].append(p)
        bad = {s: ps for s, ps in sizes.items() if s not in r}
        el = "Nội dung (cỡ chữ)"
        for s, ps in sorted(bad.items()):
            more = f" (và {len(ps) - 1} đoạn khác)" if len(ps) > 1 else ""
            self.add("C20", el, f"cỡ chữ {pt(s)} pt, cần {rng(r)} pt{more}", ps[0])
        good = sorted(s for s in sizes if s in r)
        if not bad and len(good) > 1:
            minority = min(good, key=lambda s: len(sizes[s]))
            self.add(
                "C20",
                el,
                f"dùng lẫn cỡ {', '.join(pt(s) for s in good)} pt; cần một cỡ chữ thống nhất",
                sizes[minority][0],
            )

    def c21_body_alignment(self) -> None:
        L = self.L
        el = "Nội dung (căn lề)"
        tol = L.body_indent_tolerance_tw
        groups: dict[str, list[Para]] = {}
        dieu = {id(p) for p in self.dieu_paras}
        for p in self.body:
            if p.empty or id(p) in self.centre_heads:  # Phần/Chương lines: K8
                continue
            f = p.fmt
            if f.jc != "both":
                groups.setdefault(
                    f"căn lề “{jc_name(f.jc)}”, cần căn đều hai bên (justify)", []
                ).append(p)
            if id(p) not in dieu and not any(
                abs(f.first - v) <= tol for v in L.body_first_lines_tw
            ):
                shown = " hoặc ".join(mm(v) for v in L.body_first_lines_tw)
                groups.setdefault(f"thụt đầu dòng {mm(f.first)}, cần {shown}", []).append(p)
            if abs(f.left) > tol or abs(f.right) > tol:
                groups.setdefault(
                    f"lề đoạn trái {mm(f.left)}, phải {mm(f.right)}; cần 0", []
                ).append(p)
        for msg, ps in groups.items():
            more = f" (và {len(ps) - 1} đoạn khác)" if len(ps) > 1 else ""
            self.add("C21", el, msg + more, ps[0])

    def c22_body_spacing(self) -> None:
        L = self.L
        el = "Nội dung (khoảng cách)"
        groups: dict[str, list[Para]] = {}
        body = self.body
        size = max(
            (s for p in body for s in [main_size(p.lines[0])] if s), default=pt_of(L.body_size)
        )
        size = clamp(size, L.body_sizes)
        min_gap = tw_of(L.body_min_gap)
        for a, b in itertools.pairwise(body):
            if a.empty or b.empty:
                continue
            if a.fmt.ctx or b.fmt.ctx:
                groups.setdefault(
                    "bật “không thêm khoảng cách giữa các đoạn cùng kiểu” (contextualSpacing); cần tắt",
                    [],
                ).append(b)
                continue
            gap = a.space_after() + b.space_before()
            if gap < min_gap:
                groups.setdefault(
                    f"khoảng cách giữa hai đoạn {pt(gap / 20)} pt, cần ít nhất {pt(min_gap / 20)} pt",
                    [],
                ).append(b)
        lo, hi = L.body_lines_auto.low, L.body_lines_auto.high
        for p in body:
            if p.empty:
                continue
            f = p.fmt
            if f.rule == "auto":
                if not lo <= f.line <= hi:
                    groups.setdefault(
                        f"giãn dòng {pt(f.line / 240)} lần, cần {pt(lo / 240)}–{pt(hi / 240)} lần",
                        [],
                    ).append(p)
            else:
                exact_lo = size * lo / AUTO_LINE * TNR_LINE_EM - 0.5
                exact_hi = size * hi / AUTO_LINE * TNR_LINE_EM + 0.5
                if not exact_lo <= f.line / 20 <= exact_hi:
                    groups.setdefault(
                        f"giãn dòng {pt(f.line / 20)} pt, cần {pt(exact_lo + 0.5)}–{pt(exact_hi - 0.5)} pt",
                        [],
                    ).append(p)
        for msg, ps in groups.items():
            more = f" (và {len(ps) - 1} đoạn khác)" if len(ps) > 1 else ""
            self.add("C22", el, msg + more, ps[0])

    def c23_closing_mark(self) -> None:
        paras = [p for p in self.body if not p.empty]
        if not paras:
            return
        mark = self.L.closing_mark
        el = "Kết thúc nội dung"
        if not clean(paras[-1].text).endswith(mark):
            self.add(
                "C23", el, f"đoạn cuối chưa kết thúc bằng “{mark}”", paras[-1], severity=WARNING
            )
        for p in paras[:-1]:
            if clean(p.text).endswith(mark):
                self.add("C23", el, f"“{mark}” chỉ đặt ở cuối đoạn cuối cùng", p, severity=WARNING)
