"""What a package holds besides text: macros, links to the outside, DTDs (for uploads).

`open_package` (drafter.docx.package) already refuses what is not a .docx and bounds the
memory of reading one. This module looks at the rest of a package a user uploads:

- `macro_refusal(pkg)`: a macro-enabled document (a .docm, or a .docx carrying a VBA
  project) is refused by every upload: drafter never opens one;
- `inspect_package(pkg)`: everything an agency template must not hold, each as an
  `Issue` with its Vietnamese reason: macros, ActiveX controls, embedded OLE objects,
  relationships to the outside (a remote image, an attached template, a linked frame or
  file; a hyperlink is only a link and is allowed), imported chunks (altChunk), a DTD or
  entity declaration in any XML part, an XML part that is not well-formed, and every
  member read through the capped reader, so a part that inflates beyond what it
  declares is caught here, not when the template is compiled.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from lxml import etree

from drafter.docx.package import PKG_RELS, NotADocxError, Package

__all__ = ["Issue", "inspect_package", "macro_refusal"]

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
MACRO_TYPES = ("macroEnabled", "vbaProject", "vbaData")
MACRO_PARTS = ("vbaproject.bin", "vbadata.xml")
MACRO_MESSAGE = (
    "Tệp có macro (tệp .docm, hoặc .docx chứa dự án VBA): drafter không mở tệp có macro. "
    "Hãy mở bằng Word, chọn Lưu thành (Save As) kiểu “Word Document (*.docx)” rồi tải lên "
    "tệp mới."
)
# What an external relationship of each type is, as the refusal names it, and what to do.
EXTERNAL_NAMES = {
    "image": (
        "ảnh lấy từ Internet hoặc từ máy khác (ảnh liên kết, không nhúng trong tệp)",
        "hãy chèn ảnh vào tệp (Chèn › Ảnh, không chọn “Liên kết tới tệp”)",
    ),
    "attachedTemplate": (
        "mẫu đính kèm (attached template) nằm ngoài tệp",
        "hãy bỏ mẫu đính kèm (Nhà phát triển › Mẫu tài liệu, xóa tên mẫu)",
    ),
    "frame": ("khung (frame) lấy nội dung từ ngoài tệp", "hãy xóa khung đó"),
    "subDocument": ("tài liệu con (subdocument) nằm ngoài tệp", "hãy chép nội dung vào tệp"),
    "oleObject": ("đối tượng OLE liên kết ra ngoài tệp", "hãy xóa đối tượng đó"),
}
ALLOWED_EXTERNAL = {"hyperlink"}  # a link the reader may click; nothing is fetched


@dataclass(frozen=True)
class Issue:
    """Something an uploaded template must not hold: what (`code`), where, and why."""

    code: str  # macro | activex | ole | external | altchunk | dtd | xml | name
    part: str
    message: str

    def __str__(self) -> str:
        return self.message


def _content_types(pkg: Package) -> list[str]:
    root = pkg.xml("[Content_Types].xml")
    if root is None:
        return []
    return [
        el.get("ContentType", "")
        for el in root
        if isinstance(el.tag, str) and el.tag in (f"{{{CT_NS}}}Override", f"{{{CT_NS}}}Default")
    ]


def macro_refusal(pkg: Package) -> str | None:
    """Why the package may not be opened because of macros, or None."""
    if any(posixpath.basename(name).lower() in MACRO_PARTS for name in pkg.names):
        return MACRO_MESSAGE
    if any(any(word in ct for word in MACRO_TYPES) for ct in _content_types(pkg)):
        return MACRO_MESSAGE
    return None


def _rels_parts(pkg: Package) -> list[str]:
    return sorted(n for n in pkg.names if n.endswith(".rels"))


def _source_of(rels_name: str) -> str:
    """The part a .rels part describes (`word/_rels/document.xml.rels` → `word/document.xml`)."""
    folder, base = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(folder), base.removesuffix(".rels"))


def _relationship_issues(pkg: Package) -> list[Issue]:
    issues: list[Issue] = []
    for rels in _rels_parts(pkg):
        root = pkg.xml(rels)
        if root is None:
            continue
        source = _source_of(rels) or "gói tệp"
        for rel in root.iter(f"{{{PKG_RELS}}}Relationship"):
            rtype = rel.get("Type", "").rsplit("/", 1)[-1]
            target = rel.get("Target", "")
            if rtype == "aFChunk":
                issues.append(
                    Issue(
                        "altchunk",
                        source,
                        f"Phần “{source}” nhập nguyên một tài liệu khác (altChunk “{target}”): "
                        "mẫu không được chứa nội dung nhập từ tệp khác.",
                    )
                )
            if rel.get("TargetMode") != "External" or rtype in ALLOWED_EXTERNAL:
                continue
            what, fix = EXTERNAL_NAMES.get(
                rtype, (f"liên kết ra ngoài tệp (kiểu “{rtype}”)", "hãy xóa liên kết đó")
            )
            issues.append(
                Issue(
                    "external",
                    source,
                    f"Phần “{source}” có {what}: “{target[:120]}”. Mẫu không được lấy gì từ "
                    f"ngoài tệp: {fix}.",
                )
            )
    return issues


def _member_issues(pkg: Package) -> list[Issue]:
    """Macros, ActiveX and OLE parts, DTDs; every member inflated through the caps."""
    issues: list[Issue] = []
    refusal = macro_refusal(pkg)
    if refusal:
        issues.append(Issue("macro", "", refusal))
    for name, info in sorted(pkg.names.items()):
        raw = info.filename
        if raw.startswith(("/", "\\")) or ".." in raw.replace("\\", "/").split("/"):
            issues.append(
                Issue("name", raw, f"Tệp chứa thành phần có tên lạ (“{raw[:80]}”): không nhận.")
            )
        lower = name.lower()
        if "/activex/" in f"/{lower}":
            issues.append(
                Issue("activex", name, f"Tệp chứa điều khiển ActiveX (“{name}”): không được phép.")
            )
        elif "/embeddings/" in f"/{lower}" and lower.endswith((".bin", ".docm", ".xlsm", ".exe")):
            issues.append(
                Issue(
                    "ole",
                    name,
                    f"Tệp nhúng một đối tượng OLE hoặc tệp chạy được (“{name}”): không được "
                    "phép trong mẫu.",
                )
            )
        if name.endswith("/"):
            continue
        data = pkg.raw(name)  # NotADocxError when it inflates beyond its caps
        if lower.endswith((".xml", ".rels")) and data is not None:
            issue = _xml_issue(name, data)
            if issue is not None:
                issues.append(issue)
    return issues


_STRICT = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _xml_issue(name: str, data: bytes) -> Issue | None:
    try:
        root = etree.fromstring(data, _STRICT)
    except etree.XMLSyntaxError:
        return Issue("xml", name, f"Phần “{name}” không phải XML hợp lệ.")
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        return Issue(
            "dtd",
            name,
            f"Phần “{name}” có khai báo DTD/thực thể (<!DOCTYPE …>): Word không bao giờ "
            "ghi như vậy; tệp đã bị sửa bằng công cụ khác. Không nhận.",
        )
    return None


def inspect_package(pkg: Package) -> list[Issue]:
    """Every reason the package cannot be an agency template (empty: none found).

    Raises NotADocxError when a member inflates beyond the reader's caps (a zip bomb)."""
    try:
        return _member_issues(pkg) + _relationship_issues(pkg)
    except NotADocxError:
        raise
    except RecursionError as err:
        raise NotADocxError("Cấu trúc tệp lồng nhau quá sâu.") from err
