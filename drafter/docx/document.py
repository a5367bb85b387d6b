"""The document model: what the checker reads, resolved (Doc, Para, Line, Table, Cell …).

A `Doc` holds the body and the header/footer parts as `Container`s of paragraphs and
tables. Each `Para` carries its effective formatting, its text cut into `Seg`s of one
formatting, and its box (x and width in twips from the left edge of the text area);
a `Line` (a paragraph between manual breaks) measures itself with Times New Roman
metrics: width, where it starts, its centre, how many printed lines it wraps to.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from docx.shared import Pt

from drafter.docx.properties import AUTO_LINE, Border, ParaFmt, RunFmt
from drafter.docx.simpletypes import EMU_PER_TW
from drafter.metrics import text_width

TNR_LINE_EM = 1.15  # Times New Roman's single line height in ems (hhea/OS/2 metrics)


@dataclass(slots=True)
class Seg:
    """A piece of a paragraph's visible text with one effective formatting."""

    text: str
    fmt: RunFmt
    field: str | None = None  # instruction word of the field this text is the result of
    label: bool = False  # a numbering label, not a run


@dataclass(slots=True)
class FieldInfo:
    """A field in a paragraph (`PAGE`, `NUMPAGES` …) and its run formatting."""

    name: str
    fmt: RunFmt | None


@dataclass(slots=True)
class Shape:
    """A drawn straight horizontal line (DrawingML or VML) anchored in a paragraph."""

    length: int  # twips
    centre: float | None  # twips from the text-area left, when the position is known
    weight_pt: float | None


class Container:
    """Where paragraphs flow one after another: a cell, a text box, a part's body."""

    def __init__(self, kind: str, where: str) -> None:
        self.kind = kind
        self.where = where
        self.blocks: list[Para | Table] = []

    def flow(self) -> list[Para]:
        """The paragraphs that follow one another here: in a part's body the top-level
        ones (a table stands apart), in a cell or a text box every one, nested included."""
        if self.kind == "body":
            return [b for b in self.blocks if isinstance(b, Para)]
        return list(self.paras())

    def paras(self) -> Iterator[Para]:
        """Every paragraph inside, in order, nested tables included."""
        for block in self.blocks:
            if isinstance(block, Para):
                yield block
            else:
                for row in block.rows:
                    for cell in row.cells:
                        yield from cell.paras()


@dataclass(eq=False)
class Para:
    """One paragraph with its effective formatting, text, lines and position."""

    segs: list[Seg]
    fmt: ParaFmt
    mark: RunFmt
    box_x: int
    box_w: int
    where: str
    part: str
    container: Container
    raw_texts: list[str] = field(default_factory=list)
    fields: list[FieldInfo] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)
    textboxes: list[Container] = field(default_factory=list)
    drawing_height: int = 0
    page_breaks: int = 0
    cell: Cell | None = None
    order: int = 0
    _lines: list[Line] | None = None

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segs)

    @property
    def lines(self) -> list[Line]:
        """The paragraph cut at its manual line breaks."""
        if self._lines is None:
            lines: list[Line] = []
            cur: list[Seg] = []
            for seg in self.segs:
                parts = seg.text.split("\n")
                for i, part in enumerate(parts):
                    if i:
                        lines.append(Line(self, len(lines), cur))
                        cur = []
                    if part:
                        cur.append(Seg(part, seg.fmt, seg.field, seg.label))
            lines.append(Line(self, len(lines), cur))
            self._lines = lines
        return self._lines

    @property
    def empty(self) -> bool:
        return not self.text.strip()

    def line_height(self, size: float | None = None) -> int:
        """Height of one line in twips, from the line rule and the font size."""
        if size is None:
            sizes = [s.fmt.size for s in self.segs if s.text.strip()] or [self.mark.size]
            size = max(sizes)
        natural = size * 20 * TNR_LINE_EM
        f = self.fmt
        if f.rule == "exact":
            return f.line
        if f.rule == "atLeast":
            return max(f.line, round(natural))
        return round(natural * (f.line / AUTO_LINE if f.line > 0 else 1))

    def height(self) -> int:
        """Approximate height of the paragraph, its spacing included (twips)."""
        lines = max(1, sum(ln.wrapped_count() for ln in self.lines))
        body = max(lines * self.line_height(), self.drawing_height)
        return self.space_before() + body + self.space_after()

    def space_before(self) -> int:
        return 280 if self.fmt.before_auto else max(0, self.fmt.before)

    def space_after(self) -> int:
        return 280 if self.fmt.after_auto else max(0, self.fmt.after)


def _norm_ws(text: str) -> str:
    return " ".join(text.split())


@dataclass(eq=False)
class Line:
    """One printed line of a paragraph (between manual breaks)."""

    para: Para
    idx: int
    segs: list[Seg]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segs)

    @property
    def clean(self) -> str:
        """NFC, spaces collapsed, trimmed: what the eye reads."""
        return _norm_ws(unicodedata.normalize("NFC", self.text))

    @property
    def visible(self) -> list[Seg]:
        """Segments that carry visible text (not spaces, not a numbering label)."""
        return [s for s in self.segs if s.text.strip() and not s.label and s.fmt.vert == "baseline"]

    def sizes(self) -> set[float]:
        return {s.fmt.size for s in self.visible}

    def all_bold(self) -> bool:
        vis = self.visible
        return bool(vis) and all(s.fmt.bold for s in vis)

    def any_bold(self) -> bool:
        return any(s.fmt.bold for s in self.visible)

    def any_italic(self) -> bool:
        return any(s.fmt.italic for s in self.visible)

    def all_italic(self) -> bool:
        vis = self.visible
        return bool(vis) and all(s.fmt.italic for s in vis)

    def any_underline(self) -> bool:
        return any(s.fmt.underline for s in self.visible)

    def width(
        self, size: float | None = None, *, bold: bool | None = None, italic: bool | None = None
    ) -> int:
        """Printed width in twips (TNR metrics); size/bold/italic override the runs'."""
        total = 0.0
        text_segs = self.segs
        # trailing spaces do not count in a centred or right-aligned line
        last = len(text_segs)
        while last and not text_segs[last - 1].text.strip():
            last -= 1
        for i, seg in enumerate(text_segs[:last]):
            text = seg.text.rstrip() if i == last - 1 else seg.text
            if "\t" in text:
                text = text.replace("\t", " ")
            total += seg_width(
                text,
                size if size is not None else seg.fmt.size,
                seg.fmt.bold if bold is None else bold,
                seg.fmt.italic if italic is None else italic,
            )
        return round(total)

    def avail(self) -> tuple[int, int]:
        """Left and right x of the room this line has (indents applied)."""
        p, f = self.para, self.para.fmt
        left = p.box_x + f.left + (f.first if self.idx == 0 else 0)
        right = p.box_x + p.box_w - f.right
        return left, right

    def start_x(self, width: int | None = None) -> float:
        """Where the first glyph sits, from the paragraph's alignment."""
        left, right = self.avail()
        jc = self.para.fmt.jc
        if jc in ("center", "right"):
            w = self.width() if width is None else width
            return (left + right - w) / 2 if jc == "center" else right - w
        lead = len(self.text) - len(self.text.lstrip(" "))
        if lead and self.segs:
            return left + seg_width(" " * lead, self.segs[0].fmt.size, False, False)
        return left

    def centre(self, width: int | None = None) -> float:
        w = self.width() if width is None else width
        left, right = self.avail()
        if self.para.fmt.jc == "center":
            return (left + right) / 2
        return self.start_x(w) + w / 2

    def fits(self, width: int) -> bool:
        left, right = self.avail()
        return width <= right - left

    def wrapped_count(self) -> int:
        """How many printed lines this line takes once wrapped (approximate)."""
        if not self.segs:
            return 1
        left, right = self.avail()
        room = max(right - left, 567)
        total = sum(seg_width(s.text, s.fmt.size, s.fmt.bold, s.fmt.italic) for s in self.segs)
        return max(1, math.ceil(total / room))


@lru_cache(maxsize=4096)
def seg_width(text: str, size: float, bold: bool, italic: bool) -> float:
    """Width of `text` in twips (TNR metrics), cached: headers repeat across documents."""
    return text_width(text, Pt(size), bold=bold, italic=italic) / EMU_PER_TW


class Cell(Container):
    """A table cell: its grid position, its content box and its borders."""

    def __init__(self, table: Table, row: int, col: int, where: str) -> None:
        super().__init__("cell", where)
        self.table = table
        self.row = row
        self.col = col
        self.grid_start = 0
        self.span = 1
        self.x = 0
        self.w = 0
        self.borders: dict[str, Border] = {}
        self.width_tw: int = 0


@dataclass(eq=False)
class Row:
    cells: list[Cell]
    cant_split: bool
    height: int | None
    height_rule: str


@dataclass(eq=False)
class Table:
    """A table with its rows, its width and its position in its container."""

    where: str
    x: int = 0
    w: int = 0
    rows: list[Row] = field(default_factory=list)
    parent: Cell | None = None
    order: int = 0

    def top(self) -> Table:
        t = self
        while t.parent is not None:
            t = t.parent.table
        return t

    def paras(self) -> Iterator[Para]:
        for row in self.rows:
            for cell in row.cells:
                yield from cell.paras()


@dataclass
class Section:
    """A section's page: size, margins, and which header/footer parts it shows."""

    width: int | None
    height: int | None
    orient: str
    top: int | None
    bottom: int | None
    left: int | None
    right: int | None
    header: int | None
    footer: int | None
    title_pg: bool
    headers: dict[str, str]
    footers: dict[str, str]

    @property
    def text_width(self) -> int:
        w = (self.width or 11906) - abs(self.left or 0) - abs(self.right or 0)
        return w if w > 567 else 9355

    @property
    def text_height(self) -> int:
        h = (self.height or 16838) - abs(self.top or 0) - abs(self.bottom or 0)
        return h if h > 567 else 14570


@dataclass
class Doc:
    """Everything the checker needs from a .docx, resolved."""

    sections: list[Section]
    body: Container
    parts: dict[str, Container]
    even_odd: bool
    paras: list[Para]
    part_paras: dict[str, list[Para]]
    legacy_fonts: list[str] = field(default_factory=list)  # decoded (drafter.docx.legacy)

    def header_part(self, kind: str, index: int = 0) -> Container | None:
        name = self.sections[index].headers.get(kind) if self.sections else None
        return self.parts.get(name) if name else None

    def footer_part(self, kind: str, index: int = 0) -> Container | None:
        name = self.sections[index].footers.get(kind) if self.sections else None
        return self.parts.get(name) if name else None
