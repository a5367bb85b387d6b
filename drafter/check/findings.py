"""What a check run says: one `Finding` per defect, gathered in a `Report`.

One shape for both checkers, so the command line and the web app print them alike. The
.docx checks locate a finding in the document (`location`: a cell, a line) and flag a
geometric estimate `approximate`; the page checks (drafter.check.pdf) locate it on a
page (`page`, None for the whole file), their `message` is a whole sentence, and their
report counts the pages and keeps the measurements behind the findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ERROR, WARNING = "error", "warning"
MAX_PER_CHECK = 25  # findings of one check before the rest are summed up


def check_order(check: str) -> tuple[int, int]:
    """Where a check id sorts: C0 … C31 (nd30-layout.md), then K1 … K9 (kinds.md), then
    the viết hoa lưu ý V1 … V9 (viet-hoa.md)."""
    series = {"C": 0, "K": 1, "V": 2}.get(check[:1], 3)
    number = int(check[1:]) if check[1:].isdigit() else 99
    return series, number


def is_writing(check: str) -> bool:
    """Whether a check id is a viết hoa lưu ý (V1–V9), not a thể thức check."""
    return check.startswith("V")


@dataclass(frozen=True)
class Finding:
    """One defect: which check, how bad, which element, what is wrong, where."""

    check: str
    severity: str
    element: str
    message: str
    location: str = ""
    approximate: bool = False
    page: int | None = None  # page checks: 1-based, None for the whole file
    on_page: bool = False  # found by a page check, on the PDF
    # the viết hoa lưu ý (V1–V9): the words found and the text suggested in their place
    found: str = ""
    suggestion: str = ""

    @classmethod
    def of_page(
        cls, check: str, severity: str, element: str, message: str, page: int | None = None
    ) -> Finding:
        """A page check's finding, located on its page."""
        location = f"trang {page}" if page else ""
        return cls(check, severity, element, message, location, page=page, on_page=True)

    @property
    def text(self) -> str:
        """The sentence a văn thư reads: `Ngày ban hành: tháng 3 không viết số 0 …`, or for
        a page check `Trang 2: Số trang …`."""
        if self.on_page:
            return f"Trang {self.page}: {self.message}" if self.page else self.message
        tail = " (ước lượng theo cỡ chữ và độ rộng cột)" if self.approximate else ""
        return f"{self.element}: {self.message}{tail}"

    def to_dict(self) -> dict[str, Any]:
        out = {
            "check": self.check,
            "severity": self.severity,
            "element": self.element,
            "message": self.message,
        }
        if self.on_page:
            return {**out, "page": self.page, "text": self.text, "location": self.location}
        out = {**out, "text": self.text, "location": self.location}
        out["approximate"] = self.approximate
        if self.suggestion:
            out.update(found=self.found, suggestion=self.suggestion)
        return out


@dataclass
class Report:
    """Findings of one check run; `ok` when there is no error. A .docx check run names
    the kind it recognised; a page check run has the page count and its measurements
    (pt, mm, ratios)."""

    findings: list[Finding] = field(default_factory=list)
    pages: int | None = None
    measures: dict[str, Any] = field(default_factory=dict)
    kind: str = ""  # the .docx checks: the kind recognised (`cong_van`, `quyet_dinh` …)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def layout(self) -> list[Finding]:
        """The thể thức findings (C and K checks), without the viết hoa lưu ý (V1–V9),
        which are about the words rather than the layout."""
        return [f for f in self.findings if not is_writing(f.check)]

    def ids(self, severity: str | None = ERROR) -> set[str]:
        """The check ids that fired (errors by default; None for all)."""
        return {f.check for f in self.findings if severity is None or f.severity == severity}

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind} if self.kind else {}
        out |= {
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "findings": [f.to_dict() for f in self.findings],
        }
        if self.pages is None:
            return out
        return {"pages": self.pages, **out, "measures": self.measures}
