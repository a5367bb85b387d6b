"""Layout checks on the printed page: a LibreOffice PDF of a công văn, read with pdfplumber.

The .docx checks (`drafter.check`) reason about formatting; these measure what actually
came out of the typesetter, where a Quốc hiệu can wrap, a rule can be too short or the
signature can land alone on a page. Checks carry the ids of docs/spec/nd30-layout.md §7
(C1, C3, C6–C10, C12–C14, C24, C27, C29, C30); every number comes from
`drafter.layout.DEFAULT`. Findings and the report are the checker's own
(drafter.check.findings), located by page.

Elements are found by content and position, as a reader finds them: the two-column rows
of the header (issuer | Quốc hiệu, Số | date) and of the closing block (Nơi nhận |
signature) are split at the column boundary, 6.5 cm right of the left text edge.

The modules, in the order a check run uses them:

    reading.py   the PDF as glyphs, rows, columns, drawn rules and fonts; read_pdf
    context.py   PdfContext: pages, text area, column boundary, zones, the report
    page.py      C1, C3, C6, C29, C30  paper, fonts, page numbers, footer, margins
    header.py    C7–C14               the header on page 1
    closing.py   C24, C27, C30        Nơi nhận and signature, the signing gap
    checker.py   the checker that combines them; check_pdf, summary
"""

from __future__ import annotations

from drafter.check.pdf.checker import check_pdf, summary
from drafter.check.pdf.reading import PdfCheckError

__all__ = ["PdfCheckError", "check_pdf", "summary"]
