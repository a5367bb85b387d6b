"""The thể thức checker: any .docx → findings citing checks C1…C30 of the layout spec.

`check_docx(data)` reads the package safely and resolves effective formatting and
geometry (both drafter.docx), finds the parts of a công văn by their content and
position, and runs the checks of docs/spec/nd30-layout.md §7. Every number comes from
drafter.layout; what is measured geometrically (widths, centres, gaps) uses
Times New Roman metrics and is flagged `approximate`. One defect fires one check: each
check owns one property of one element, and geometry uses each element's accepted size,
so a wrong size is reported by the size check only. Messages are Vietnamese: the
element, what was found, what the decree expects, and where.

The modules, in the order a check run uses them:

    findings.py         Finding, Report, the severities
    text.py             the text rules of spec §7 (regexes) and small text helpers
    context.py          CheckContext: the document, its parts, the shared measures
    locate.py           Locator: finds the Quốc hiệu, issuer, Số, date, V/v, Kính gửi …
    page.py             C1–C7   paper, margins, font, colour, NFC, page number, sides
    header.py           C8–C17  Quốc hiệu to stamps
    recipients_body.py  C18–C23 Kính gửi and the body
    closing.py          C24–C30 Nơi nhận, signature, footer
    checker.py          the checker that combines them; check_docx, check_path
"""

from __future__ import annotations

from drafter.check.checker import _Checker, check_docx, check_path
from drafter.check.findings import ERROR, WARNING, Finding, Report
from drafter.docx.package import NotADocxError

__all__ = [
    "ERROR",
    "WARNING",
    "Finding",
    "NotADocxError",
    "Report",
    "_Checker",
    "check_docx",
    "check_path",
]
