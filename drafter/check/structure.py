"""K6–K9: what a kind prints between its title block and its closing (kinds.md §2–3):
a quyết định's authority, căn cứ and `QUYẾT ĐỊNH:`, the Điều, the numbered headings of
any kind (the công văn's too), and a giấy mời's lines.

Numbers follow drafter's own rules for writing them (drafter.vntext: Roman numerals,
the điểm alphabet a, b, c, d, đ, e, g …, the weekday names): the checker reads them back
from any .docx and says where the sequence breaks.
"""

from __future__ import annotations

import datetime as dt
import itertools

from drafter.check.context import CheckContext
from drafter.check.text import (
    CENTRE_HEAD_RE,
    CHU_TRI_RE,
    DATE_LOOSE,
    DATE_RE,
    DIA_DIEM_RE,
    DIEM_RE,
    DIEU_LOOSE,
    DIEU_RE,
    EVENT_TIME_RE,
    INVITE_RE,
    KHOAN_EXPLICIT_RE,
    KHOAN_RE,
    MUC_RE,
    THOI_GIAN_RE,
    TOI_DU_RE,
    clean,
    excerpt,
    mm,
    nfc,
    no_lower,
    roman_value,
    starts_dash,
)
from drafter.docx.document import Line, Para
from drafter.vntext import diem_letter, roman, weekday

MAX_DIEM = 46  # điểm letters read back: a … y, then aa … yy


class StructureChecks(CheckContext):
    """K6 quyết định, K7 Điều, K8 headings, K9 giấy mời."""

    # K6 -------------------------------------------------------------------------------------
    def k6_decision(self) -> None:
        if not self.kind.decision:
            return
        self._k6_authority()
        self._k6_can_cu()
        self._k6_decision_line()

    def _k6_authority(self) -> None:
        el = "Thẩm quyền ban hành"
        a = self.authority
        if a is None:
            anchor = (self.subject or [self.title])[-1] if (self.subject or self.title) else None
            self.add(
                "K6",
                el,
                "không tìm thấy dòng thẩm quyền ban hành (ví dụ “CHỦ TỊCH ỦY BAN NHÂN DÂN "
                "TỈNH …”) dưới trích yếu, trước các căn cứ",
                anchor or "sau tên loại",
            )
            return
        lines = [ln for ln in a.para.lines if ln.text.strip()]
        for ln in lines:
            text = clean(ln.text)
            if text != nfc(text.upper()):  # no lower-case letter (a line of digits is upper)
                self.add("K6", el, f"“{excerpt(ln.text, 50)}” chưa viết in hoa", ln)
        self.check_bold("K6", el, lines, True)
        self.check_size("K6", el, lines, self.L.authority_sizes)
        self.check_centred("K6", el, lines)

    def _k6_can_cu(self) -> None:
        el = "Căn cứ"
        if not self.can_cu:
            self.add(
                "K6",
                el,
                "không có căn cứ ban hành (các dòng “Căn cứ …;”) trước dòng “QUYẾT ĐỊNH:”",
                self.authority or self.decision or "sau tên loại",
            )
            return
        for i, p in enumerate(self.can_cu):
            text = clean(p.text)
            lines = [ln for ln in p.lines if ln.text.strip()]
            if any(not ln.all_italic() for ln in lines):
                self.add("K6", el, "chưa in nghiêng (căn cứ viết chữ nghiêng)", p)
            self.check_size("K6", el, lines, self.L.can_cu_sizes)
            if i == len(self.can_cu) - 1:
                if not text.endswith(".") or text.endswith(";."):
                    self.add("K6", el, "căn cứ cuối cùng kết thúc bằng dấu chấm “.”", p)
            elif not text.endswith(";"):
                self.add(
                    "K6", el, "mỗi căn cứ (trừ căn cứ cuối) kết thúc bằng dấu chấm phẩy “;”", p
                )

    def _k6_decision_line(self) -> None:
        el = "Dòng “QUYẾT ĐỊNH:”"
        want = f"{self.kind.ten_loai}:"
        d = self.decision
        if d is None:
            where = self.can_cu[-1] if self.can_cu else self.authority or "trước Điều 1"
            self.add("K6", el, f"không tìm thấy dòng “{want}” sau các căn cứ, trước Điều 1", where)
            return
        text = clean(d.para.text)
        if text != want:
            self.add("K6", el, f"“{excerpt(text, 30)}”: cần đúng “{want}”", d)
        self.check_bold("K6", el, [d], True)
        self.check_size("K6", el, [d], self.L.decision_sizes)
        self.check_centred("K6", el, [d])
        if self.decision_misplaced:
            self.add(
                "K6",
                el,
                f"đang đặt {self.decision_misplaced}; cần sau các căn cứ, ngay trước Điều 1",
                d,
            )

    # K7 -------------------------------------------------------------------------------------
    def k7_dieu(self) -> None:
        el = "Điều"
        L = self.L
        paras = self.dieu_paras
        if not paras:
            if "dieu" in self.kind.required_blocks:
                self.add(
                    "K7",
                    el,
                    f"{self.kind.name} cần ít nhất một Điều (“Điều 1. …”)",
                    self.decision or "nội dung",
                )
            return
        if self.kind.decision:
            for p in self.body:
                text = clean(p.text)
                if DIEU_LOOSE.match(text) and not DIEU_RE.match(text):
                    self.add("K7", el, "sau số Điều cần dấu chấm (“Điều 1.”)", p)
        tol = L.body_indent_tolerance_tw
        lo, hi = min(L.dieu_first_lines_tw) - tol, max(L.dieu_first_lines_tw) + tol
        expected = 1
        for p in paras:
            m = DIEU_RE.match(clean(p.text))
            assert m is not None
            n = int(m.group(1))
            if n != expected:
                if expected == 1:
                    msg = f"Điều đầu tiên là “Điều {n}.”; cần bắt đầu từ “Điều 1.”"
                else:
                    msg = (
                        f"“Điều {n}.” sau Điều {expected - 1}; cần “Điều {expected}.” "
                        "(đánh số liên tục 1, 2, 3 …)"
                    )
                self.add("K7", el, msg, p)
            expected = n + 1
            if not self._prefix_bold(p):
                self.add("K7", el, f"“Điều {n}.” ở đầu đoạn cần in đậm", p)
            if not lo <= p.fmt.first <= hi:
                self.add(
                    "K7",
                    el,
                    f"thụt đầu dòng {mm(p.fmt.first)}, cần "
                    f"{mm(min(L.dieu_first_lines_tw))}–{mm(max(L.dieu_first_lines_tw))}",
                    p,
                )

    def _prefix_bold(self, p: Para) -> bool:
        """Whether every letter and digit of the paragraph's `Điều N.` is bold."""
        chars = [(c, s.fmt.bold) for s in p.segs for c in nfc(s.text)]
        text = "".join(c for c, _ in chars)
        lead = len(text) - len(text.lstrip())
        m = DIEU_RE.match(text[lead:])
        if m is None:
            return True  # not readable character by character (C5's finding)
        end = lead + len(m.group(0).rstrip())
        return all(bold for c, bold in chars[lead:end] if not c.isspace())

    # K8 -------------------------------------------------------------------------------------
    def k8_headings(self) -> None:
        el = "Đề mục"
        seen: dict[str, int] = {}  # the last Phần, Chương number
        muc = khoan = diem = 0
        for p in self.body:
            if p.empty:
                continue
            text = clean(p.text)
            role = self.centre_heads.get(id(p))
            if role is not None:
                lines = [ln for ln in p.lines if ln.text.strip()]
                what = "Dòng Phần/Chương" if role == "line" else "Tên Phần/Chương"
                self.check_centred("K8", what, lines)
                for ln in lines:
                    if not self._bold_but_mark(ln):
                        self.add("K8", what, "chưa in đậm (cần chữ đậm)", ln)
                if role == "line":
                    self._k8_part_number(text, seen, p)
                    muc = khoan = diem = 0
                continue
            if DIEU_RE.match(text):
                khoan = diem = 0
                continue
            m = MUC_RE.match(text)
            if m and (n := roman_value(m.group(1))) is not None:
                if n != muc + 1:
                    want = f"{roman(muc + 1)}."
                    prev = f" sau mục {roman(muc)}" if muc else ""
                    self.add("K8", el, f"mục “{m.group(1)}.”{prev}; cần “{want}”", p)
                if not no_lower(m.group(2)):
                    self.add("K8", el, "tên mục (I., II., …) viết in hoa", p)
                if not self._bold_but_mark(p.lines[0]):
                    self.add("K8", el, "tên mục (I., II., …) in đậm", p)
                muc, khoan, diem = n, 0, 0
                continue
            if KHOAN_EXPLICIT_RE.match(text):
                diem = 0
                continue
            m = KHOAN_RE.match(text)
            if m:
                n = int(m.group(1))
                if n != khoan + 1:
                    prev = f" sau khoản “{khoan}.”" if khoan else " ở đầu mục (hoặc Điều)"
                    self.add("K8", el, f"khoản “{n}.”{prev}; cần “{khoan + 1}.”", p)
                khoan, diem = n, 0
                continue
            m = DIEM_RE.match(text)
            if m:
                diem = self._k8_diem(m.group(1), diem, p)

    def _bold_but_mark(self, line: Line) -> bool:
        """All bold but a closing `./.` at its end (a letter ending on a heading: the mark
        is C23's, in the body's weight)."""
        chars = [(c, s.fmt.bold) for s in line.visible for c in s.text]
        text = "".join(c for c, _ in chars).rstrip()
        mark = self.L.closing_mark
        end = len(text) - len(mark) if text.endswith(mark) else len(text)
        return bool(chars) and all(bold for c, bold in chars[:end] if not c.isspace())

    def _k8_part_number(self, text: str, seen: dict[str, int], p: Para) -> None:
        m = CENTRE_HEAD_RE.match(text)
        if m is None:
            return  # an explicit number (`Phần thứ nhất`): not counted
        word, numeral = m.group(1), m.group(2)
        n = roman_value(numeral)
        if n is None:
            return
        last = seen.get(word, 0)
        if n != last + 1:
            prev = f" sau {word} {roman(last)}" if last else ""
            self.add(
                "K8",
                "Dòng Phần/Chương",
                f"“{word} {numeral}”{prev}; cần “{word} {roman(last + 1)}”",
                p,
            )
        seen[word] = n

    def _k8_diem(self, letter: str, diem: int, p: Para) -> int:
        expected = diem_letter(diem + 1)
        if letter == expected:
            return diem + 1
        prev = f" sau “{diem_letter(diem)})”" if diem else " ở đầu khoản"
        self.add(
            "K8",
            "Đề mục",
            f"điểm “{letter})”{prev}; cần “{expected})” (theo bảng chữ cái tiếng Việt: "
            "a, b, c, d, đ, e, g, h …)",
            p,
        )
        return next((k for k in range(1, MAX_DIEM + 1) if diem_letter(k) == letter), diem + 1)

    # K9 -------------------------------------------------------------------------------------
    def k9_invitation(self) -> None:
        if not self.kind.invitation:
            return
        el = "Nội dung giấy mời"
        body = [p for p in self.body if not p.empty]
        names = (
            ("invite", "… trân trọng kính mời:", True),
            ("toi_du", "Tới dự …", True),
            ("chu_tri", "Chủ trì: …", False),
            ("thoi_gian", "Thời gian: …", True),
            ("dia_diem", "Địa điểm: …", True),
        )
        tests = {
            "invite": lambda t: bool(INVITE_RE.search(t)),
            "toi_du": lambda t: bool(TOI_DU_RE.match(t)),
            "chu_tri": lambda t: bool(CHU_TRI_RE.match(t)),
            "thoi_gian": lambda t: bool(THOI_GIAN_RE.match(t)),
            "dia_diem": lambda t: bool(DIA_DIEM_RE.match(t)),
        }
        texts = [clean(p.text) for p in body]
        found: dict[str, int] = {}
        for name, _, _ in names:
            found_at = next((i for i, t in enumerate(texts) if tests[name](t)), None)
            if found_at is not None:
                found[name] = found_at
        where = body[0] if body else "nội dung"
        for name, shown, required in names:
            if required and name not in found:
                self.add("K9", el, f"thiếu dòng “{shown}”", where)
        present = [(found[n], n, shown) for n, shown, _ in names if n in found]
        for (i, _, shown_a), (j, _, shown_b) in itertools.pairwise(present):
            if j < i:
                self.add("K9", el, f"dòng “{shown_b}” cần đứng sau dòng “{shown_a}”", body[j])
        if "invite" in found:
            self._k9_invitees(body, found["invite"])
        if "thoi_gian" in found:
            self._k9_time(body[found["thoi_gian"]])

    def _k9_invitees(self, body: list[Para], at: int) -> None:
        el = "Thành phần mời"
        text = clean(body[at].text)
        after = INVITE_RE.split(text, maxsplit=1)[-1].strip()
        if after:
            if not after.endswith("."):
                self.add(
                    "K9", el, "một người được mời: dòng “… kính mời: …” kết thúc bằng “.”", body[at]
                )
            return
        items: list[Para] = []
        for p in body[at + 1 :]:
            if not starts_dash(p.text):
                break
            items.append(p)
        if not items:
            self.add("K9", el, "không có ai sau “trân trọng kính mời:”", body[at])
            return
        for i, p in enumerate(items):
            t = clean(p.text)
            last = i == len(items) - 1
            if not t.startswith("- "):
                self.add("K9", el, f"“{excerpt(t, 40)}”: mỗi thành phần bắt đầu bằng “- ”", p)
            elif last and not t.endswith("."):
                self.add("K9", el, f"“{excerpt(t, 40)}”: thành phần cuối kết thúc bằng “.”", p)
            elif not last and not t.endswith(";"):
                self.add(
                    "K9", el, f"“{excerpt(t, 40)}”: mỗi thành phần (trừ cuối) kết thúc bằng “;”", p
                )

    def _k9_time(self, p: Para) -> None:
        el = "Thời gian"
        text = clean(p.text)
        m = EVENT_TIME_RE.match(text)
        example = "“Thời gian: 08 giờ 00, thứ Ba, ngày 15 tháng 12 năm 2026.”"
        if m is None:
            self.add("K9", el, f"“{excerpt(text, 50)}” sai dạng; cần {example}", p)
            return
        clocks = [(m.group(1), m.group(2))]
        if m.group(3) is not None:
            clocks.append((m.group(3), m.group(4)))
        for hour, minute in clocks:
            if len(hour) != 2 or len(minute) != 2:
                self.add(
                    "K9",
                    el,
                    f"giờ, phút viết hai chữ số (“{hour} giờ {minute}” → "
                    f"“{int(hour):02d} giờ {int(minute):02d}”)",
                    p,
                )
            elif int(hour) > 23 or int(minute) > 59:
                self.add("K9", el, f"“{hour} giờ {minute}” không phải giờ có thật", p)
        if len(clocks) == 2:
            start, end = ((int(h), int(mi)) for h, mi in clocks)
            if end <= start:
                self.add("K9", el, "giờ kết thúc phải sau giờ bắt đầu", p)
        phrase = m.group("date")
        if not DATE_RE.match(f"_, {phrase}"):
            self.add(
                "K9",
                el,
                f"“{phrase}”: ngày tháng viết như dòng ngày ban hành (“ngày 05 tháng 3 năm 2026”)",
                p,
            )
            return
        d = DATE_LOOSE.match(f"_, {phrase}")
        assert d is not None
        try:
            day = dt.date(int(d.group("y")), int(d.group("m")), int(d.group("d")))
        except ValueError:
            self.add("K9", el, f"“{phrase}” không phải ngày có thật", p)
            return
        want = weekday(day)
        if m.group("wd") != want:
            self.add(
                "K9",
                el,
                f"{phrase} là {want}, không phải “{m.group('wd')}”",
                p,
            )
