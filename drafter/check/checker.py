"""The checker: find the parts and the kind, run C1…C30, K1…K9, then the viết hoa lưu ý
V1…V9 in order, and the entry points.

A failing check never stops the others: an exception inside one becomes a warning of
that check. `check_docx` and `check_path` are re-exported by `drafter.check`.
"""

from __future__ import annotations

from collections.abc import Callable

from drafter.check.closing import ClosingChecks
from drafter.check.findings import ERROR, MAX_PER_CHECK, WARNING, Finding, Report, check_order
from drafter.check.header import HeaderChecks
from drafter.check.locate import Locator
from drafter.check.page import PageChecks
from drafter.check.recipients_body import RecipientsBodyChecks
from drafter.check.structure import StructureChecks
from drafter.check.title import TitleChecks
from drafter.check.writing import WritingChecks
from drafter.docx.package import NotADocxError, open_package
from drafter.docx.reader import read_document
from drafter.layout import DEFAULT, Layout


class _Checker(
    Locator,
    PageChecks,
    HeaderChecks,
    RecipientsBodyChecks,
    ClosingChecks,
    TitleChecks,
    StructureChecks,
    WritingChecks,
):
    """Finds the elements and the kind, then runs every check (those of another kind
    return at once); a failing check never stops the others."""

    def run(self) -> Report:
        steps: list[tuple[str, Callable[[], None]]] = [
            ("", self._find_header),
            ("", self._find_title),
            ("", self._find_closing),
            ("C1", self.c1_paper),
            ("C2", self.c2_margins),
            ("C3", self.c3_font),
            ("C4", self.c4_colour),
            ("C5", self.c5_nfc),
            ("C6", self.c6_page_number),
            ("C7", self.c7_sides),
            ("C8", self.c8_quoc_hieu),
            ("C9", self.c9_tieu_ngu),
            ("C10", self.c10_tieu_ngu_rule),
            ("C11", self.c11_issuer),
            ("C12", self.c12_issuer_rule),
            ("C13", self.c13_so),
            ("C14", self.c14_date),
            ("C15", self.c15_vv),
            ("C16", self.c16_no_title),
            ("C17", self.c17_stamps),
            ("C18", self.c18_kinh_gui),
            ("C19", self.c19_dashes),
            ("C20", self.c20_body_size),
            ("C21", self.c21_body_alignment),
            ("C22", self.c22_body_spacing),
            ("C23", self.c23_closing_mark),
            ("C24", self.c24_closing_sides),
            ("C25", self.c25_titles),
            ("C26", self.c26_name),
            ("C27", self.c27_gap),
            ("C28", self.c28_noi_nhan),
            ("C29", self.c29_footer),
            ("C30", self.c30_together),
            ("K1", self.k1_title),
            ("K2", self.k2_subject),
            ("K3", self.k3_title_rule),
            ("K4", self.k4_code),
            ("K5", self.k5_kinh_gui),
            ("K6", self.k6_decision),
            ("K7", self.k7_dieu),
            ("K8", self.k8_headings),
            ("K9", self.k9_invitation),
            ("V0", self.v_writing),
        ]
        for check, step in steps:
            try:
                step()
            except RecursionError:
                raise
            except Exception as err:  # a checker bug must not hide the other checks
                self.findings.append(
                    Finding(
                        check or "C0",
                        WARNING,
                        "Trình kiểm tra",
                        f"không kiểm tra được ({type(err).__name__}: {err})",
                    )
                )
        for check, n in self.counts.items():
            if n > MAX_PER_CHECK:
                sev = next((f.severity for f in self.findings if f.check == check), ERROR)
                self.findings.append(
                    Finding(
                        check,
                        sev,
                        "Tổng hợp",
                        f"còn {n - MAX_PER_CHECK} lỗi cùng loại không liệt kê",
                    )
                )
        self.findings.sort(key=lambda f: check_order(f.check))
        return Report(self.findings, kind=self.kind.key)


def check_docx(data: bytes, layout: Layout = DEFAULT) -> Report:
    """Check a .docx (bytes) against the layout of its kind (a công văn, a quyết định …);
    NotADocxError if it is not one."""
    pkg = open_package(data)
    try:
        doc = read_document(pkg)
    except RecursionError as err:
        raise NotADocxError("Cấu trúc tệp lồng nhau quá sâu: không kiểm tra.") from err
    return _Checker(doc, layout).run()


def check_path(path: str, layout: Layout = DEFAULT) -> Report:
    """Check a file on disk; its size is checked before it is read."""
    from drafter.docx.package import read_docx_file

    return check_docx(read_docx_file(path, refused=": không kiểm tra"), layout)
