"""Reading a PDF's pages as a reader sees them: glyphs, rows, columns, drawn rules, fonts.

pdfplumber gives each character with its font, size and box; here they become `Glyph`s,
grouped by baseline into rows, and a row is split into its two columns (`Run`s) at a
boundary. Horizontal strokes and thin filled rectangles become `HRule`s. `read_pdf`
refuses what is not a readable PDF with a Vietnamese `PdfCheckError`.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.pdftypes import resolve1
from pdfplumber.utils.exceptions import PdfminerException

MM = 72 / 25.4  # points per millimetre


class PdfCheckError(ValueError):
    """The data is not a PDF that can be read; the message is Vietnamese."""


@dataclass(frozen=True)
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    baseline: float
    size: float
    font: str  # base font name without the subset tag

    @property
    def bold(self) -> bool:
        return "bold" in self.font.lower()

    @property
    def italic(self) -> bool:
        name = self.font.lower()
        return "italic" in name or "oblique" in name

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Run:
    """Glyphs on one baseline, in one column (or a whole row when not split)."""

    glyphs: tuple[Glyph, ...]

    @property
    def inked(self) -> list[Glyph]:
        return [g for g in self.glyphs if not g.blank] or list(self.glyphs)

    @property
    def text(self) -> str:
        out: list[str] = []
        prev: Glyph | None = None
        for g in self.glyphs:
            gap = g.x0 - prev.x1 if prev is not None else 0.0
            if prev is not None and not prev.blank and not g.blank and gap > 0.2 * g.size:
                out.append(" ")
            out.append(g.text)
            prev = g
        text = unicodedata.normalize("NFC", "".join(out))
        return text.strip()

    @property
    def x0(self) -> float:
        return min(g.x0 for g in self.inked)

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.inked)

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def top(self) -> float:
        return min(g.top for g in self.inked)

    @property
    def baseline(self) -> float:
        inked = self.inked
        return sum(g.baseline for g in inked) / len(inked)

    @property
    def baseline_spread(self) -> float:
        values = [g.baseline for g in self.inked]
        return max(values) - min(values)

    @property
    def size(self) -> float:
        return max(g.size for g in self.inked)

    @property
    def sizes(self) -> set[float]:
        return {round(g.size, 1) for g in self.inked}

    @property
    def bold(self) -> bool:
        return all(g.bold for g in self.inked)

    @property
    def italic(self) -> bool:
        return any(g.italic for g in self.inked)


@dataclass(frozen=True)
class HRule:
    """A drawn horizontal line (a stroked line or a thin filled rectangle)."""

    x0: float
    x1: float
    y: float
    weight: float

    @property
    def length(self) -> float:
        return self.x1 - self.x0

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Page:
    number: int
    width: float
    height: float
    glyphs: list[Glyph]
    rules: list[HRule]
    rows: list[list[Glyph]] = field(default_factory=list)


def _base_font(name: str) -> str:
    return name.split("+", 1)[1] if re.match(r"^[A-Z]{6}\+", name) else name


def glyphs_of(page: Any) -> list[Glyph]:
    out = []
    for ch in page.chars:
        matrix = ch.get("matrix")
        upright = matrix is not None and abs(matrix[1]) < 1e-6 and abs(matrix[2]) < 1e-6
        baseline = page.height - matrix[5] if upright else ch["bottom"]
        out.append(
            Glyph(
                text=ch["text"],
                x0=float(ch["x0"]),
                x1=float(ch["x1"]),
                top=float(ch["top"]),
                baseline=float(baseline),
                size=float(ch["size"]),
                font=_base_font(str(ch.get("fontname", ""))),
            )
        )
    return out


def rules_of(page: Any) -> list[HRule]:
    found: dict[tuple[float, float, float], HRule] = {}
    for obj in list(page.lines) + list(page.curves):
        if abs(obj["bottom"] - obj["top"]) < 0.5 and obj["x1"] - obj["x0"] > 3:
            weight = float(obj.get("linewidth") or 0)
            rule = HRule(obj["x0"], obj["x1"], (obj["top"] + obj["bottom"]) / 2, weight)
            found[(round(rule.x0, 1), round(rule.x1, 1), round(rule.y, 1))] = rule
    for obj in page.rects:
        height = obj["bottom"] - obj["top"]
        if height <= 2.0 and obj["x1"] - obj["x0"] > 3 and obj.get("fill"):
            rule = HRule(obj["x0"], obj["x1"], (obj["top"] + obj["bottom"]) / 2, height)
            found[(round(rule.x0, 1), round(rule.x1, 1), round(rule.y, 1))] = rule
    return sorted(found.values(), key=lambda r: (r.y, r.x0))


def rows_of(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped by baseline (± 1 pt), top to bottom, each row left to right."""
    rows: list[list[Glyph]] = []
    for g in sorted(glyphs, key=lambda g: g.baseline):
        if rows and g.baseline - rows[-1][0].baseline <= 1.0:
            rows[-1].append(g)
        else:
            rows.append([g])
    return [sorted(row, key=lambda g: g.x0) for row in rows]


def split_columns(row: list[Glyph], boundary: float) -> tuple[Run | None, Run | None]:
    left = [g for g in row if (g.x0 + g.x1) / 2 < boundary]
    right = [g for g in row if (g.x0 + g.x1) / 2 >= boundary]

    def run(glyphs: list[Glyph]) -> Run | None:
        return Run(tuple(glyphs)) if any(not g.blank for g in glyphs) else None

    return run(left), run(right)


def whole(row: list[Glyph]) -> Run:
    return Run(tuple(row))


def embedded_fonts(pdf: Any) -> dict[str, bool]:
    """Each font the pages use (base name) → whether its program is embedded."""
    fonts: dict[str, bool] = {}
    for page in pdf.pages:
        resources_ = resolve1(page.page_obj.resources) or {}
        for ref in (resolve1(resources_.get("Font")) or {}).values():
            font = resolve1(ref) or {}
            name = str(resolve1(font.get("BaseFont", b"?")))
            name = _base_font(name.lstrip("/").strip("'"))
            if name.startswith("/"):
                name = name[1:]
            subtype = str(resolve1(font.get("Subtype")))
            if "Type3" in subtype:
                fonts[name] = True
                continue
            if "Type0" in subtype:
                descendants = resolve1(font.get("DescendantFonts")) or [{}]
                font = resolve1(descendants[0]) or {}
            descriptor = resolve1(font.get("FontDescriptor")) or {}
            embedded = any(k in descriptor for k in ("FontFile", "FontFile2", "FontFile3"))
            fonts[name] = fonts.get(name, False) or embedded
    return fonts


def read_pdf(data: bytes) -> tuple[list[Page], dict[str, bool]]:
    """The pages and the fonts they use (name → embedded); PdfCheckError if unreadable."""
    if not data.startswith(b"%PDF"):
        raise PdfCheckError("Tệp không phải là PDF.")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [
                Page(
                    number=i + 1,
                    width=float(p.width),
                    height=float(p.height),
                    glyphs=glyphs_of(p),
                    rules=rules_of(p),
                )
                for i, p in enumerate(pdf.pages)
            ]
            fonts = embedded_fonts(pdf)
    except (PDFSyntaxError, PdfminerException, ValueError, KeyError, TypeError) as exc:
        raise PdfCheckError(f"Không đọc được tệp PDF (tệp hỏng?): {exc}") from exc
    return pages, fonts
