"""Finding the parts of a công văn by content first, then position (docs/checker.md).

The Quốc hiệu and tiêu ngữ anchor the header table; the issuer is the nearest filled
cell to their left, the Số, V/v and stamps are in the left column below it, the date in
the right one. Kính gửi is the first line after the header that starts with it; the body
runs from its last item to the closing table around `Nơi nhận`, whose other cell holds
the signature. A part that is not found stays None: the check that owns it says so and
the checks that depend on it are skipped.
"""

from __future__ import annotations

import re
from typing import Any

from drafter.check.context import CheckContext
from drafter.check.text import LUU_RE, clean, is_char_rule, is_date, is_so, is_vv, key, starts_dash
from drafter.docx.document import Cell, Line, Para, Table


class Locator(CheckContext):
    """Fills the parts of `CheckContext` (qh, tn, issuer, so, date, vv, kg, body, …)."""

    def _find_header(self) -> None:
        qh_key = key(self.L.quoc_hieu)
        lines = self.body_lines
        for ln in lines:
            k = key(ln.text)
            if qh_key in k or (k.startswith(qh_key[:12]) and len(k) < len(qh_key) + 4):
                self.qh = ln
                break
        anchor = self.qh
        if self.qh is not None:
            cont_lines = self._container_lines(self.qh.para.container)
            rest = self._after(self.qh, cont_lines)
            if qh_key not in key(self.qh.text) and rest:
                nxt = next((ln for ln in rest if ln.text.strip()), None)
                if nxt is not None and qh_key in key(self.qh.text + nxt.text):
                    self.qh_extra = nxt
                    rest = self._after(nxt, cont_lines)
            skipped_empty = False
            for ln in rest[:6]:
                if not ln.text.strip():
                    skipped_empty = True
                    continue
                if self._is_tn(ln):
                    self.tn = ln
                    self.tn_adjacent = not skipped_empty
                break
            if self.tn is None:
                self.tn = next((ln for ln in rest if self._is_tn(ln)), None)
                self.tn_adjacent = False
        if self.tn is None:
            self.tn = next((ln for ln in lines if self._is_tn(ln)), None)
            self.tn_adjacent = self.qh is None
        if anchor is None:
            anchor = self.tn
        if anchor is None:
            self._header_linear(None)
            return
        cell = anchor.para.cell
        if cell is not None:
            table = cell.table
            self.htable = table
            row = table.rows[cell.row]
            left = [c for c in row.cells if c.grid_start < cell.grid_start]
            filled = [c for c in left if any(not p.empty for p in c.paras())]
            self.issuer_cell = (filled or left or [None])[-1]
            rows = table.rows[cell.row :]

            def overlap(c: Cell, ref: Cell) -> bool:
                return (
                    c.grid_start < ref.grid_start + ref.span
                    and ref.grid_start < c.grid_start + c.span
                )

            right = [c for r in rows for c in r.cells if overlap(c, cell)]
            self.right_lines = self._cell_lines(right)
            if self.issuer_cell is not None:
                ic = self.issuer_cell
                lcells = [
                    c for r in rows for c in r.cells if overlap(c, ic) and not overlap(c, cell)
                ]
                self.left_lines = self._cell_lines(lcells)
                self.issuer = self._issuer_lines(self._cell_lines([ic]))
            top = table.top()
            self.header_end = next(
                (i + 1 for i, b in enumerate(self.doc.body.blocks) if b is top), 0
            )
        else:
            self._header_linear(anchor)
        self._split_chu_quan()
        self._find_so_date_vv()

    def _is_tn(self, line: Line) -> bool:
        k = key(line.text)
        return "DOCLAP" in k or "HANHPHUC" in k or ("TUDO" in k and len(k) < 40)

    def _header_linear(self, anchor: Line | None) -> None:
        """No header table: the header is the run of body lines before Kính gửi."""
        blocks = self.doc.body.blocks
        end = len(blocks)
        for i, b in enumerate(blocks):
            if isinstance(b, Para) and key(b.text).startswith("KINHGUI"):
                end = i
                break
        region = [ln for b in blocks[: min(end, 40)] if isinstance(b, Para) for ln in b.lines]
        self.left_lines = self.right_lines = region
        if anchor is not None and anchor.para.container.kind == "body":
            before = []
            for ln in reversed(region[: region.index(anchor)] if anchor in region else []):
                if not ln.text.strip():
                    if before:
                        break
                    continue
                before.insert(0, ln)
                if len(before) >= 4:
                    break
            self.issuer = self._issuer_lines(before)
        if anchor is not None:
            idx = next((i for i, b in enumerate(blocks) if b is anchor.para), -1)
            self.header_end = idx + 1 if idx >= 0 else 0

    def _issuer_lines(self, lines: list[Line]) -> list[Line]:
        out: list[Line] = []
        first_para = lines[0].para if lines else None
        for ln in lines:
            if not ln.text.strip():
                if out and ln.para is not out[-1].para:
                    break
                if out and ln.para is out[-1].para:
                    break
                continue
            if is_so(ln) or is_vv(ln) or is_char_rule(ln) or self._stamp_text(ln) or is_date(ln):
                break
            if (
                ln.para.cell is not None
                and first_para is not None
                and ln.para.cell is not first_para.cell
            ):
                break
            if out and "top" in ln.para.fmt.borders and ln.para is not out[-1].para:
                break
            out.append(ln)
            if len(out) >= 6:
                break
            if "bottom" in ln.para.fmt.borders and ln is ln.para.lines[-1]:
                break
        return out

    def _split_chu_quan(self) -> None:
        lines = self.issuer
        if any(ln.all_bold() for ln in lines):
            i = next(i for i, ln in enumerate(lines) if ln.all_bold())
            self.chu_quan, self.issuer = lines[:i], lines[i:]

    def _find_so_date_vv(self) -> None:
        after_issuer = self.left_lines
        if self.issuer:
            rest = self._after(self.issuer[-1], self.left_lines)
            after_issuer = rest if rest else self.left_lines
        self.so = next((ln for ln in after_issuer if is_so(ln)), None)
        right = self.right_lines
        if self.tn is not None and self.tn in right:
            right = self._after(self.tn, right)
        self.date = next((ln for ln in right if is_date(ln)), None)
        if self.date is None:
            self.date = next((ln for ln in self.left_lines if is_date(ln)), None)
        start = self._after(self.so, after_issuer) if self.so is not None else after_issuer
        for ln in start:
            if not ln.text.strip() or is_char_rule(ln):
                continue
            if is_vv(ln):
                self.vv = ln
            break
        if self.vv is None:
            self.vv = next((ln for ln in start if is_vv(ln)), None)
        stamp_zone = self.left_lines + [ln for ln in self.right_lines if ln not in self.left_lines]
        blocks = self.doc.body.blocks
        for b in blocks[self.header_end :]:
            if isinstance(b, Para):
                if key(b.text).startswith("KINHGUI") or (
                    not b.empty and not self._stamp_text(b.lines[0])
                ):
                    break
                stamp_zone.extend(b.lines)
            else:
                break
        for tb_line in self.body_lines:
            if tb_line.para.container.kind == "textbox" and self._stamp_text(tb_line):
                stamp_zone.append(tb_line)
        seen: set[int] = set()
        for ln in stamp_zone:
            if id(ln) not in seen and self._stamp_text(ln):
                seen.add(id(ln))
                self.stamps.append(ln)

    def _stamp_text(self, line: Line) -> str | None:
        t = clean(line.text).upper()
        names = {s.text for s in self.L.urgency_stamps.values()} | {
            s.text for s in self.L.secrecy_stamps.values()
        }
        names |= {n.replace("HỎA", "HOẢ") for n in names}
        return t if t in names else None

    def _find_closing(self) -> None:
        """Kính gửi and its items, the body, Nơi nhận and its items, the signature."""
        body_start = self._find_kinh_gui()
        self._find_noi_nhan(body_start)
        body_end = self._find_closing_table(body_start)
        blocks = self.doc.body.blocks
        self.body = [b for b in blocks[body_start:body_end] if isinstance(b, Para)]
        self._find_noi_nhan_items()
        self._find_signature()

    def _find_kinh_gui(self) -> int:
        """Kính gửi and its list of items; returns the block where the body starts."""
        start = self.header_end
        kg_pos = self._kinh_gui_line(start)
        if self.kg is None:
            return start
        cont = self._container_lines(self.kg.para.container)
        self.kg_items = self._kg_items(self.kg, self._after(self.kg, cont))
        last = self.kg_items[-1] if self.kg_items else self.kg
        blocks = self.doc.body.blocks
        if last.para.container.kind == "body":
            return next((i + 1 for i, b in enumerate(blocks) if b is last.para), start)
        if kg_pos is not None:
            return kg_pos + 1
        return start

    def _kinh_gui_line(self, start: int) -> int | None:
        """The first line after the header block that starts with Kính gửi (else one in
        the header table or a text box); returns its block, if it is after the header."""
        blocks = self.doc.body.blocks
        for i, b in enumerate(blocks[start:], start):
            paras = [b] if isinstance(b, Para) else list(b.paras())
            for p in paras:
                for ln in p.lines:
                    if key(ln.text).startswith("KINHGUI"):
                        self.kg = ln
                        return i
        self.kg = next((ln for ln in self.body_lines if key(ln.text).startswith("KINHGUI")), None)
        return None

    def _find_noi_nhan(self, body_start: int) -> None:
        """The first `Nơi nhận` line at or after the body's start."""
        for ln in self.body_lines:
            if key(ln.text).startswith("NOINHAN") and self._block_index(ln.para) >= body_start:
                self.nn = ln
                break

    def _find_closing_table(self, body_start: int) -> int:
        """The closing table (around Nơi nhận, else the first two-column one after the
        body's start), its row and signature cell; returns the block where the body ends."""
        blocks = self.doc.body.blocks
        closing = self._closing_table(body_start)
        if closing is None:
            if self.nn is not None and self.nn.para.container.kind == "body":
                return self._block_index(self.nn.para)
            return len(blocks)
        top = closing.top()
        body_end = next((i for i, b in enumerate(blocks) if b is top), len(blocks))
        nn_cell = self.nn.para.cell if self.nn is not None else None
        row = closing.rows[nn_cell.row] if nn_cell is not None else next(iter(closing.rows), None)
        if row is not None:
            self.closing_row = row
            cands = [
                c for c in row.cells if c is not nn_cell and any(not p.empty for p in c.paras())
            ]
            if cands:
                self.sig_cell = cands[-1]
        return body_end

    def _closing_table(self, body_start: int) -> Table | None:
        if self.nn is not None and self.nn.para.cell is not None:
            return self.nn.para.cell.table
        for b in self.doc.body.blocks[body_start:]:
            if isinstance(b, Table) and any(len(r.cells) >= 2 for r in b.rows):
                return b
        return None

    def _find_noi_nhan_items(self) -> None:
        """The lines under Nơi nhận: in a cell, all of them; in the body, the dashed items
        up to the Lưu line."""
        if self.nn is None:
            return
        cont = self._container_lines(self.nn.para.container)
        self.nn_items = [ln for ln in self._after(self.nn, cont) if ln.text.strip()]
        if self.nn.para.container.kind != "body":
            return
        items: list[Line] = []
        for ln in self.nn_items:
            if starts_dash(ln.text) or (items and LUU_RE.match(clean(items[-1].text))):
                items.append(ln)
                if not starts_dash(ln.text):
                    break
            else:
                break
        self.nn_items = items

    def _find_signature(self) -> None:
        """The signer's titles and name: the signature's lines, the last one the name."""
        sig_lines = [
            ln for ln in self._signature_lines() if not re.fullmatch(r"\(.*\)", clean(ln.text))
        ]
        if sig_lines:
            self.name = sig_lines[-1] if len(sig_lines) > 1 else None
            self.titles = sig_lines[:-1] if len(sig_lines) > 1 else sig_lines

    def _signature_lines(self) -> list[Line]:
        """The signature cell's lines, or without a closing table the lines after Nơi nhận's
        items."""
        if self.sig_cell is not None:
            return [ln for p in self.sig_cell.paras() for ln in p.lines if ln.text.strip()]
        if self.nn is None or self.nn.para.container.kind != "body":
            return []
        idx = self._block_index(self.nn.para)
        after_items = self._block_index(self.nn_items[-1].para) + 1 if self.nn_items else idx + 1
        tail = [b for b in self.doc.body.blocks[after_items:] if isinstance(b, Para)]
        return [ln for p in tail for ln in p.lines if ln.text.strip()]

    def _block_index(self, para: Para) -> int:
        blocks = self.doc.body.blocks
        target: Any = para
        while isinstance(target, Para) and target.cell is not None:
            target = target.cell.table.top()
        for i, b in enumerate(blocks):
            if b is target:
                return i
        return -1

    def _kg_items(self, kg: Line, rest: list[Line]) -> list[Line]:
        label = clean(kg.text)
        after = re.sub(r"^k[^:]*:?", "", label, count=1, flags=re.I).strip()
        if after and not after.endswith((";", ",")):
            return []
        items: list[Line] = []
        for ln in rest:
            if not ln.text.strip():
                if items:
                    break
                continue
            if not starts_dash(ln.text):
                break
            items.append(ln)
            if clean(ln.text).endswith(".") or len(items) > 80:
                break
        return items
