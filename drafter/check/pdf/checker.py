"""The page checker: every check in order, sorted by page then check; `check_pdf`."""

from __future__ import annotations

from collections.abc import Iterable

from drafter.check.findings import ERROR, Report, check_order
from drafter.check.pdf.closing import PdfClosingChecks
from drafter.check.pdf.header import PdfHeaderChecks
from drafter.check.pdf.page import PdfPageChecks
from drafter.check.pdf.reading import read_pdf
from drafter.check.pdf.title import PdfTitleChecks
from drafter.layout import DEFAULT, Layout


class _Checker(PdfPageChecks, PdfTitleChecks, PdfHeaderChecks, PdfClosingChecks):
    """Runs the page checks on the pages read; a PDF without pages is one error."""

    def run(self) -> Report:
        if not self.pages:
            self.add("C1", ERROR, "Tệp PDF không có trang nào.")
            return self.report
        self.paper()
        self.fonts_used()
        self.margins()
        self.page_numbers()
        self.footer()
        self.title_block()
        self.header()
        self.closing()
        self.report.findings.sort(key=lambda f: (f.page or 0, check_order(f.check)))
        return self.report


def check_pdf(data: bytes, layout: Layout = DEFAULT) -> Report:
    """Page-level layout checks on a PDF of a letter of any kind (e.g. from `drafter.pdf`)."""
    pages, fonts = read_pdf(data)
    return _Checker(pages, fonts, layout).run()


def summary(report: Report) -> Iterable[str]:
    """One line per finding, for the command line."""
    for f in report.findings:
        yield f"{f.check} {'lỗi' if f.severity == ERROR else 'cảnh báo'}: {f.text}"
