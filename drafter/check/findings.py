"""What a check run says: one `Finding` per defect, gathered in a `Report`.

The shape every report of drafter shares: drafter.pdfcheck words its page findings with
the same fields and severities, so the command line and the web app print both alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ERROR, WARNING = "error", "warning"
MAX_PER_CHECK = 25  # findings of one check before the rest are summed up


@dataclass(frozen=True)
class Finding:
    """One defect: which check, how bad, which element, what is wrong, where."""

    check: str
    severity: str
    element: str
    message: str
    location: str = ""
    approximate: bool = False

    @property
    def text(self) -> str:
        """The sentence a văn thư reads: `Ngày ban hành: tháng 3 không viết số 0 …`."""
        tail = " (ước lượng theo cỡ chữ và độ rộng cột)" if self.approximate else ""
        return f"{self.element}: {self.message}{tail}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "severity": self.severity,
            "element": self.element,
            "message": self.message,
            "text": self.text,
            "location": self.location,
            "approximate": self.approximate,
        }


@dataclass
class Report:
    """Findings of one check run; `ok` when there is no error."""

    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def ids(self, severity: str | None = ERROR) -> set[str]:
        """The check ids that fired (errors by default; None for all)."""
        return {f.check for f in self.findings if severity is None or f.severity == severity}

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "findings": [f.to_dict() for f in self.findings],
        }
