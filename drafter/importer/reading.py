"""Reading the fields of a công văn out of any .docx, on top of the checker's locating code.

`LetterReader` is the checker's `Locator` (drafter.check.locate): it finds the Quốc
hiệu, the header table or header lines, Số, date, V/v, stamps, Kính gửi, the body, Nơi
nhận and the signature by content and position, the same way for `drafter check` and
`drafter import`. This module reads each part's text as the letter format wants it,
and copes with how people lay letters out in Word beyond what the checker needs:

- a header without a table, the two sides set apart with tab stops (`UBND TỈNH …` ⇥
  `CỘNG HÒA …` on one line): every line is cut at its tabs, left side and right side;
- the same in the closing block (`- Như trên;` ⇥ ⇥ `KT. CHỦ TỊCH`), or the signature
  typed above Nơi nhận at the end of the body;
- items numbered by Word (a bullet label) rather than typed dashes, Nơi nhận as one
  paragraph with line breaks, `V/v:` with a colon, extra spaces in the date.

What could not be found, or had to be guessed, is a `Note` (path, kind, Vietnamese).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from drafter.check.locate import Locator
from drafter.check.text import DATE_LOOSE, clean, is_char_rule, key
from drafter.docx.document import Container, Line, Para
from drafter.model import KY_HIEU_RE
from drafter.vntext import LIST_MARKS, clean_entry, strip_vv

__all__ = ["LetterReader", "Note", "pieces"]

BULLET_LABEL = re.compile(r"^[^\w]*$")
_SO = re.compile(r"^S[ốỐOo]\s*[:.]?\s*(?P<so>\d*)\s*/\s*(?P<kh>.*?)\s*\.?$")
_DATE_DRAFT = re.compile(
    r"^(?P<place>[^,]+),\s*ngày\s*(?:\.*\s*)tháng\s*(?:\.*\s*)năm\s*(?P<y>\d{4})?\s*\.?$", re.I
)
_KG = re.compile(r"^\s*kính\s*gửi\s*:?\s*", re.I)
_NN = re.compile(r"^\s*nơi\s*nhận\s*:?\s*", re.I)
_LUU = re.compile(r"^(?:[-–—•+]\s*)?Lưu\s*:?\s*(?P<luu>.*?)\s*\.?\s*$", re.I)
_LUU_CODE = re.compile(r"^(?P<luu>.*?)\s*\((?P<code>[^()]*)\)$")
_BRACKETED = re.compile(r"^\(.*\)$")


@dataclass(frozen=True)
class Note:
    """A field `drafter import` could not recover (`missing`) or had to guess (`guessed`)."""

    path: str
    kind: str  # missing | guessed
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "kind": self.kind, "message": self.message}


def pieces(text: str) -> list[str]:
    """A line cut at its tabs (a header or closing typed with tab stops), spaces collapsed."""
    return [clean(p) for p in re.split(r"\t+", text) if clean(p)]


def _starts_with_tab(line: Line) -> bool:
    return line.text.lstrip(" ").startswith("\t")


def _label(line: Line) -> str:
    return "".join(s.text for s in line.segs if s.label).strip()


def _dash_item(line: Line) -> str | None:
    """The text of a list item: after a typed dash, or after a bullet label; else None."""
    label = _label(line)
    text = "".join(s.text for s in line.segs if not s.label)
    first = pieces(text)
    body = first[0] if first else ""
    if label and BULLET_LABEL.match(label):
        return body
    if body[:1] in LIST_MARKS:
        return body
    return None


class LetterReader(Locator):
    """The checker's locator, and the reading of each part's text (see the module)."""

    notes: list[Note]

    def locate(self) -> None:
        self.notes = []
        self._find_header()
        self._find_closing()

    def note(self, path: str, kind: str, message: str) -> None:
        self.notes.append(Note(path, kind, message))

    # --- the header ----------------------------------------------------------------------
    def header_lines(self) -> list[Line]:
        """The lines of the header: its table's cells in reading order, or the body lines
        before Kính gửi (at most 40 blocks)."""
        if self.htable is not None:
            return [ln for p in self.htable.paras() for ln in p.lines]
        return self.left_lines

    def _is_header_mark(self, text: str) -> bool:
        """The Quốc hiệu, the tiêu ngữ or a typed rule: never the issuer's."""
        k = key(text)
        return (
            "CONGHOAXAHOI" in k
            or "CHUNGHIAVIETNAM" in k
            or "DOCLAP" in k
            or "HANHPHUC" in k
            or bool(re.fullmatch(r"[\s_\-–—.=~*·…]{3,}", text))
        )

    def issuer_parts(self) -> tuple[list[str], list[str]]:
        """(chủ quản lines, issuer lines) as printed."""
        if self.htable is not None and (self.issuer or self.chu_quan):
            cq = [clean(ln.text) for ln in self.chu_quan if clean(ln.text)]
            iss = [clean(ln.text) for ln in self.issuer if clean(ln.text)]
            return cq, iss
        found: list[tuple[str, bool]] = []
        for ln in self.header_lines():
            parts = pieces(ln.text)
            if not parts:
                if found:
                    break
                continue
            left = parts[0] if len(parts) >= 2 or not _starts_with_tab(ln) else None
            if left is None or self._is_header_mark(left) or is_date_text(left):
                continue
            if is_so_text(left) or is_vv_text(left) or self._stamp_text_of(left):
                break
            found.append((left, _left_bold(ln)))
            if len(found) >= 6:
                break
        if any(bold for _, bold in found):
            first = next(i for i, (_, bold) in enumerate(found) if bold)
            return [t for t, _ in found[:first]], [t for t, _ in found[first:]]
        return [], [t for t, _ in found]

    def _stamp_text_of(self, text: str) -> str | None:
        names = {s.text for s in self.L.urgency_stamps.values()} | {
            s.text for s in self.L.secrecy_stamps.values()
        }
        names |= {n.replace("HỎA", "HOẢ") for n in names}
        t = clean(text).upper()
        return t if t in names else None

    def so_parts(self) -> tuple[str, str] | None:
        """(số, ký hiệu) from the Số line, or None when there is none."""
        lines = ([self.so] if self.so is not None else []) + self.header_lines()
        for ln in lines:
            for part in pieces(ln.text):
                m = _SO.match(part)
                if m and is_so_text(part):
                    so, kh = m.group("so"), m.group("kh")
                    spaced = " " in kh
                    kh = re.sub(r"\s+", "", kh)
                    if spaced:
                        self.note(
                            "ky_hieu",
                            "guessed",
                            f"Ký hiệu có dấu cách (“{m.group('kh')}”): đã bỏ dấu cách.",
                        )
                    if kh and not KY_HIEU_RE.match(kh):
                        self.note(
                            "ky_hieu", "guessed", f"Ký hiệu “{kh}” có ký tự lạ: hãy soát lại."
                        )
                    return (str(int(so)) if so else ""), kh
        return None

    def date_parts(self) -> tuple[str, str] | None:
        """(địa danh, ISO date or "" for an undated draft), or None."""
        lines = ([self.date] if self.date is not None else []) + self.header_lines()
        for ln in lines:
            for part in pieces(ln.text):
                m = DATE_LOOSE.match(part)
                if m:
                    place = m.group("place").strip()
                    try:
                        day = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
                    except ValueError:
                        self.note(
                            "ngay",
                            "missing",
                            f"Ngày ghi trên văn bản không có thật (“{part}”): để trống.",
                        )
                        return place, ""
                    return place, day.isoformat()
                m = _DATE_DRAFT.match(part)
                if m:
                    return m.group("place").strip(), ""
        return None

    def vv_text(self) -> str | None:
        """The trích yếu: the V/v line and the lines that continue it, without `V/v`."""
        if self.vv is None:
            for ln in self.header_lines():
                parts = pieces(ln.text)
                if parts and is_vv_text(parts[0]):
                    self.vv = ln
                    break
        if self.vv is None:
            return None
        vv = self.vv
        texts = [pieces(ln.text)[0] for ln in vv.para.lines[vv.idx :] if pieces(ln.text)]
        paras = vv.para.container.flow()
        try:
            after = paras[paras.index(vv.para) + 1 :]
        except ValueError:
            after = []
        for p in after[:6]:
            parts = [pieces(ln.text) for ln in p.lines]
            if not any(parts) or any(
                self._stamp_text_of(x[0]) or _KG.match(x[0]) or is_char_rule(ln)
                for x, ln in zip(parts, p.lines, strict=True)
                if x
            ):
                break
            if p.lines and (_starts_with_tab(p.lines[0]) or p.fmt.jc in ("right",)):
                break
            texts += [x[0] for x in parts if x]
        return strip_vv(" ".join(texts))

    def stamp_keys(self) -> tuple[str, str]:
        """(muc_do_khan, do_mat) from the stamps found."""
        urgency = {s.text: k for k, s in self.L.urgency_stamps.items()}
        secrecy = {s.text: k for k, s in self.L.secrecy_stamps.items()}
        khan = mat = ""
        for ln in self.stamps:
            text = clean(ln.text).upper().replace("HOẢ", "HỎA")
            khan = urgency.get(text, khan)
            mat = secrecy.get(text, mat)
        return khan, mat

    # --- Kính gửi ------------------------------------------------------------------------
    def kinh_gui(self) -> tuple[list[str], set[int]]:
        """The recipients, and the ids of the paragraphs they take (not body)."""
        if self.kg is None:
            return [], set()
        used = {id(self.kg.para)}
        after = _KG.sub("", pieces(self.kg.text)[0] if pieces(self.kg.text) else "", count=1)
        rest_of = self._after(self.kg, self._container_lines(self.kg.para.container))
        if after and after[:1] not in LIST_MARKS:
            return [clean_entry(after)], used
        items: list[str] = [clean_entry(after)] if after else []
        if items and after.rstrip().endswith("."):
            return items, used
        for ln in rest_of:
            if not ln.text.strip():
                if items:
                    break
                continue
            item = _dash_item(ln)
            if item is None:
                if (
                    items
                    and ln.para is not self.kg.para
                    and ln.para.fmt.left > 0
                    and (not _is_body_like(ln.para))
                ):
                    items[-1] = f"{items[-1]} {clean(ln.text)}"  # a long item wrapped by hand
                    used.add(id(ln.para))
                    continue
                break
            items.append(clean_entry(item))
            used.add(id(ln.para))
            if item.rstrip().endswith(".") or len(items) > 200:
                break
        return [i for i in items if i], used

    # --- the closing ---------------------------------------------------------------------
    def _closing_lines(self) -> list[Line]:
        """Nơi nhận and the lines after it: its cell, or the body lines down to the end."""
        if self.nn is None:
            return []
        cont = self.nn.para.container
        return [self.nn, *self._after(self.nn, self._container_lines(cont))]

    def noi_nhan(self) -> tuple[list[str], str, str, bool]:
        """(items, lưu, ký hiệu người soạn, found) of Nơi nhận (items without the Lưu line)."""
        if self.nn is None:
            return [], "", "", False
        lines = self._closing_lines()
        in_cell = self.nn.para.container.kind != "body"
        items: list[str] = []
        luu = code = ""
        after_luu = False
        first = True
        for ln in lines:
            parts = pieces(ln.text)
            if not parts:
                continue
            left = parts[0] if (len(parts) >= 2 or not _starts_with_tab(ln) or in_cell) else None
            if first:
                first = False
                rest = _NN.sub("", left or "", count=1)
                if not rest:
                    continue
                left = rest
            if left is None:
                if not in_cell:
                    continue
                break
            m = _LUU.match(left)
            if m and key(left).lstrip("-").startswith(("LUU",)):
                luu = m.group("luu")
                cm = _LUU_CODE.match(luu)
                if cm:
                    luu, code = cm.group("luu").strip(), cm.group("code").strip()
                after_luu = True
                continue
            if after_luu:
                if not code and left[:1] not in LIST_MARKS and not _BRACKETED.match(left):
                    code = left.strip().rstrip(".")  # ô 12 on its own line (the decree's form)
                break
            item = _dash_item(ln)
            text = clean(left)
            if item is None and left[:1] not in LIST_MARKS:
                if items and not in_cell:
                    break  # the body (signature lines) below the list
                if items:
                    items[-1] = f"{items[-1]} {text}"
                    continue
                if not in_cell:
                    break
            items.append(clean_entry(text))
        return [i for i in items if i], luu.rstrip(".").strip(), code, True

    def signature_lines(self, body: list[Para]) -> tuple[list[str], list[Para]]:
        """The signature's lines (titles, then the name), and the body paragraphs that
        turned out to be the signature (typed above Nơi nhận)."""
        lines = [clean(ln.text) for ln in self.titles + ([self.name] if self.name else [])]
        if self.sig_cell is None and self.nn is not None and self.nn.para.container.kind == "body":
            right: list[str] = []
            for ln in self._closing_lines():
                parts = pieces(ln.text)
                if len(parts) >= 2:
                    right.append(parts[-1])
                elif parts and (
                    _starts_with_tab(ln)
                    or (ln.para.fmt.jc in ("center", "right") and not _dash_item(ln))
                ):
                    right.append(parts[0])
            if right:
                lines = right
        lines = [t for t in lines if t and not _BRACKETED.match(t)]
        taken: list[Para] = []
        if not lines and body:
            taken = _signature_tail(body)
            lines = [clean(ln.text) for p in taken for ln in p.lines if clean(ln.text)]
            lines = [t for t in lines if not _BRACKETED.match(t)]
        return lines, taken

    # --- the footer ----------------------------------------------------------------------
    def dia_chi(self) -> str:
        """The first page's footer text (ô 13), a line per paragraph."""
        sec = self.doc.sections[0] if self.doc.sections else None
        if sec is None:
            return ""
        name = sec.footers.get("first") if sec.title_pg else sec.footers.get("default")
        cont: Container | None = self.doc.parts.get(name) if name else None
        if cont is None:
            return ""
        out = []
        for p in cont.paras():
            text = clean("".join(s.text for s in p.segs if s.field is None))
            if text:
                out.append(text)
        return "\n".join(out)

    def kind_line(self) -> str | None:
        """A tên loại line (QUYẾT ĐỊNH, THÔNG BÁO …) between the header and the body."""
        blocks = self.doc.body.blocks
        for b in blocks[self.header_end : self.header_end + 8]:
            if not isinstance(b, Para) or b.empty:
                continue
            text = clean(b.text).upper()
            if key(text) in TEN_LOAI_KEYS:
                return text
            if key(text).startswith("KINHGUI"):
                break
        return None


def _is_body_like(p: Para) -> bool:
    return p.fmt.jc == "both" or p.fmt.first > 0


def _left_bold(line: Line) -> bool:
    """Whether the text before the line's first tab (or the whole line) is bold."""
    out: list[bool] = []
    seen_text = False
    for seg in line.segs:
        head, tab, _ = seg.text.partition("\t")
        if head.strip():
            out.append(seg.fmt.bold)
            seen_text = True
        if tab and seen_text:
            break
    return bool(out) and all(out)


def _signature_tail(body: list[Para]) -> list[Para]:
    """The signature typed as the last body paragraphs (no closing table, above Nơi nhận):
    after the paragraph with the closing mark `./.`, or the trailing centred or
    right-aligned paragraphs."""
    last_mark = max((i for i, p in enumerate(body) if clean(p.text).endswith("./.")), default=None)
    if last_mark is not None and last_mark < len(body) - 1:
        return [p for p in body[last_mark + 1 :] if not p.empty]
    tail: list[Para] = []
    for p in reversed(body):
        if p.empty:
            continue
        if p.fmt.jc in ("center", "right") or p.fmt.left > 2000:
            tail.insert(0, p)
        else:
            break
    return tail if len(tail) >= 2 else []


# drafter.check.text's is_so, is_vv and is_date, for a piece of a line rather than a Line
def is_so_text(text: str) -> bool:
    return bool(re.match(r"^\s*S[ốỐ]\s*(:|\.|\d|/)", text)) or (
        key(text[:4]) == "SO" and ":" in text[:5]
    )


def is_vv_text(text: str) -> bool:
    k = key(text[:12])
    return k.startswith("VV") or k.startswith("VEVIEC")


def is_date_text(text: str) -> bool:
    return bool(re.match(r"^[^,]{1,80},\s*ngày", text.strip(), re.I))


# The tên loại of PL III (and the other kinds drafter knows): a line reading one of these
# under the header means the document is not a công văn.
TEN_LOAI = (
    "NGHỊ QUYẾT", "QUYẾT ĐỊNH", "CHỈ THỊ", "QUY CHẾ", "QUY ĐỊNH", "THÔNG CÁO", "THÔNG BÁO",
    "HƯỚNG DẪN", "CHƯƠNG TRÌNH", "KẾ HOẠCH", "PHƯƠNG ÁN", "ĐỀ ÁN", "DỰ ÁN", "BÁO CÁO",
    "BIÊN BẢN", "TỜ TRÌNH", "HỢP ĐỒNG", "CÔNG ĐIỆN", "BẢN GHI NHỚ", "BẢN THỎA THUẬN",
    "GIẤY ỦY QUYỀN", "GIẤY MỜI", "GIẤY GIỚI THIỆU", "GIẤY NGHỈ PHÉP", "PHIẾU GỬI",
    "PHIẾU CHUYỂN", "PHIẾU BÁO", "THƯ CÔNG",
)  # fmt: skip
TEN_LOAI_KEYS = {key(t): t for t in TEN_LOAI}
