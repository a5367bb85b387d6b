"""Reading a rendered công văn back the way a reader sees it, with python-docx.

Formatting is resolved like Word does for what our template uses: the run's own
properties, then its paragraph style and that style's basedOn chain, then docDefaults.
This is deliberately independent of drafter's own checker, so the tests do not grade
the renderer with code that shares its assumptions.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Length, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run


def open_docx(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


def _defaults(doc: Document) -> Any:
    return doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))


def effective(run: Run, para: Paragraph, attr: str) -> Any:
    """bold, italic, underline, size or name of a run as Word would show it."""
    value = getattr(run.font, attr)
    if value is not None:
        return value
    style = para.style
    while style is not None:
        value = getattr(style.font, attr)
        if value is not None:
            return value
        style = style.base_style
    rpr = _defaults(para.part.document)
    if attr == "size":
        return Pt(int(rpr.find(qn("w:sz")).get(qn("w:val"))) / 2)
    if attr == "name":
        return rpr.find(qn("w:rFonts")).get(qn("w:ascii"))
    return False if attr in ("bold", "italic") else None


def paragraph_format(para: Paragraph, attr: str) -> Any:
    """A paragraph format attribute from the paragraph, else its style chain."""
    value = getattr(para.paragraph_format, attr)
    style = para.style
    while value is None and style is not None:
        value = getattr(style.paragraph_format, attr)
        style = style.base_style
    return value


def border(para: Paragraph, side: str = "top") -> dict[str, str] | None:
    """The paragraph's border on `side` (own pPr, else its style chain)."""
    candidates = [para._p.pPr] if para._p.pPr is not None else []
    style = para.style
    while style is not None:
        candidates.append(style.element.pPr)
        style = style.base_style
    for ppr in candidates:
        if ppr is None:
            continue
        edge = ppr.find(f"{qn('w:pBdr')}/{qn('w:' + side)}")
        if edge is not None:
            return {k.split("}")[1]: v for k, v in edge.attrib.items()}
    return None


@dataclass
class Parts:
    """A rendered công văn cut into its blocks."""

    doc: Document
    header: Table
    closing: Table
    kinh_gui: list[Paragraph]
    body: list[Paragraph]

    def cell(self, table: Table, row: int, col: int) -> list[Paragraph]:
        return table.rows[row].cells[col].paragraphs

    @property
    def so(self) -> Paragraph:
        return self.cell(self.header, 1, 0)[0]

    @property
    def vv(self) -> Paragraph:
        return self.cell(self.header, 1, 0)[1]

    @property
    def date(self) -> Paragraph:
        return self.cell(self.header, 1, 1)[0]

    @property
    def issuer_column(self) -> list[Paragraph]:
        return self.cell(self.header, 0, 0)

    @property
    def national_column(self) -> list[Paragraph]:
        return self.cell(self.header, 0, 1)

    @property
    def noi_nhan(self) -> list[Paragraph]:
        return self.cell(self.closing, 0, 0)

    @property
    def signature(self) -> list[Paragraph]:
        return self.cell(self.closing, 0, 1)


def parts(data: bytes) -> Parts:
    doc = open_docx(data)
    header, closing = doc.tables
    paras = doc.paragraphs
    kinh_gui = [
        p for p in paras if p.text.startswith("Kính gửi") or p.style.name.startswith("ND30KinhGui")
    ]
    body = [p for p in paras if p not in kinh_gui]
    return Parts(doc, header, closing, kinh_gui, body)


def texts(paras: list[Paragraph]) -> list[str]:
    return [p.text for p in paras]


def all_text(doc: Document) -> str:
    """Every text of the document, body tables and headers/footers included."""
    chunks = [p.text for p in all_paragraphs(doc)]
    for section in doc.sections:
        for part in (section.first_page_header, section.header, section.first_page_footer,
                     section.footer):  # fmt: skip
            chunks.extend(Paragraph(p, part).text for p in part._element.iter(qn("w:p")))
    return "\n".join(chunks)


def all_paragraphs(doc: Document) -> list[Paragraph]:
    """Body paragraphs and paragraphs of (nested) table cells, in document order."""
    return [Paragraph(p, doc._body) for p in doc.element.body.iter(qn("w:p"))]


def length_tw(value: Length | None) -> int | None:
    return None if value is None else round(value / 635)
