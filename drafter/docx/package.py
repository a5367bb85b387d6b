"""Safe reading of a .docx package: refuse what is not one, with bounded memory.

The checker takes files from anyone, so nothing here trusts the input: the size is
checked before reading, the zip directory before inflating (a zip bomb declares
gigabytes in a few kilobytes), every part is inflated through a counter that stops at
its cap whatever the directory claims, and XML is parsed without DTDs, entities or
network. Every refusal is a `NotADocxError` whose message is Vietnamese and says why.
"""

from __future__ import annotations

import io
import os
import posixpath
import zipfile
from dataclasses import dataclass, field

from lxml import etree

__all__ = [
    "MAX_FILE_BYTES",
    "NotADocxError",
    "Package",
    "megabytes",
    "open_package",
    "read_docx_file",
]

MB = 1000 * 1000
MAX_FILE_BYTES = 100 * MB  # larger files are refused unread
MAX_ENTRIES = 5000  # members in the zip directory
MAX_TOTAL_UNCOMPRESSED = 1000 * MB  # sum of declared sizes of all members
MAX_XML_PART = 25 * MB  # one XML part once inflated (document.xml of ~1,000 pages)
MAX_XML_TOTAL = 50 * MB  # all XML parts read, together
MAX_RATIO = 200  # declared size ÷ compressed size of a member larger than 1 MB
_CHUNK = 1 << 16

REL_OFFICE_DOCUMENT = "/officeDocument"
_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
    collect_ids=False,
)
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


class NotADocxError(ValueError):
    """The input is not a Word document the checker can read; the message says why."""


def megabytes(n: int) -> str:
    """A size as the refusals print it: `12 MB`, `1.5 MB`."""
    return f"{n / MB:.0f} MB" if n >= 10 * MB else f"{n / MB:.1f} MB"


def read_docx_file(path: str, *, refused: str = "") -> bytes:
    """A file's bytes, its size checked before it is read (a 5 GB file named .docx is
    never loaded); NotADocxError in Vietnamese when it cannot be opened or read or is too
    large. `refused` says what the caller will not do with a file that large."""
    try:
        size = os.path.getsize(path)
    except OSError as err:
        raise NotADocxError(f"Không mở được tệp “{path}”: {err.strerror or err}.") from err
    if size > MAX_FILE_BYTES:
        raise NotADocxError(
            f"Tệp quá lớn ({megabytes(size)}; tối đa {megabytes(MAX_FILE_BYTES)}){refused}. "
            "Một công văn thường nhỏ hơn 1 MB."
        )
    try:
        with open(path, "rb") as fh:
            return fh.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise NotADocxError(f"Không đọc được tệp “{path}”: {err.strerror or err}.") from err


def _sniff(data: bytes) -> str:
    """A hint naming what the bytes are when they are not a zip."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return (
            "Đây là tệp Word cũ (.doc) hoặc tệp .docx có đặt mật khẩu. "
            "Hãy mở bằng Word, bỏ mật khẩu nếu có, rồi lưu lại dạng .docx."
        )
    if data.startswith(b"%PDF"):
        return "Đây là tệp PDF. Cần bản Word (.docx)."
    if data.lstrip()[:5].lower() in (b"{\\rtf",):
        return "Đây là tệp RTF. Hãy mở bằng Word và lưu lại dạng .docx."
    if not data:
        return "Tệp rỗng (0 byte)."
    return "Tệp không phải văn bản Word (.docx)."


@dataclass
class Package:
    """The parts of an opened .docx that the checker reads, parsed on demand."""

    zf: zipfile.ZipFile
    names: dict[str, zipfile.ZipInfo]
    main: str
    _read_total: int = 0
    _cache: dict[str, etree._Element | None] = field(default_factory=dict)

    def raw(self, name: str) -> bytes | None:
        """A part's bytes, inflated through a counter capped at MAX_XML_PART."""
        info = self.names.get(name)
        if info is None:
            return None
        if info.file_size > MAX_XML_PART:
            raise NotADocxError(
                f"Phần “{name}” của tệp quá lớn ({megabytes(info.file_size)} khi giải nén, "
                f"tối đa {megabytes(MAX_XML_PART)}): không đọc tệp này."
            )
        out = bytearray()
        try:
            with self.zf.open(info) as fh:
                while True:
                    chunk = fh.read(_CHUNK)
                    if not chunk:
                        break
                    out += chunk
                    if len(out) > MAX_XML_PART:
                        raise NotADocxError(
                            f"Phần “{name}” giải nén lớn hơn khai báo (nghi là “bom zip”): "
                            "không đọc tệp này."
                        )
        except NotADocxError:
            raise
        except Exception as err:  # BadZipFile (CRC), zlib.error, EOFError, encrypted members …
            raise NotADocxError(
                f"Tệp .docx bị hỏng: không giải nén được phần “{name}” "
                "(dữ liệu nén sai hoặc không khớp kích thước khai báo)."
            ) from err
        self._read_total += len(out)
        if self._read_total > MAX_XML_TOTAL:
            raise NotADocxError(
                f"Nội dung XML của tệp quá lớn (hơn {megabytes(MAX_XML_TOTAL)}): không đọc tệp này."
            )
        return bytes(out)

    def xml(self, name: str | None, *, required: bool = False) -> etree._Element | None:
        """A part parsed as XML, or None when absent or (if not required) unreadable."""
        if name is None:
            return None
        if name in self._cache:
            return self._cache[name]
        data = self.raw(name)
        root: etree._Element | None = None
        if data is not None:
            try:
                root = etree.fromstring(data, _PARSER)
            except etree.XMLSyntaxError as err:
                if required:
                    raise NotADocxError(
                        f"Tệp .docx bị hỏng: phần “{name}” không phải XML hợp lệ."
                    ) from err
                root = None
        elif required:
            raise NotADocxError(f"Tệp .docx thiếu phần “{name}”.")
        self._cache[name] = root
        return root

    def rels(self, source: str) -> dict[str, tuple[str, str]]:
        """Relationships of a part: id → (type suffix, target part name)."""
        folder, base = posixpath.split(source)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        out: dict[str, tuple[str, str]] = {}
        if root is None:
            return out
        for rel in root.iter(f"{{{PKG_RELS}}}Relationship"):
            rid, rtype, target = rel.get("Id"), rel.get("Type", ""), rel.get("Target", "")
            if not rid or rel.get("TargetMode") == "External":
                continue
            out[rid] = (rtype.rsplit("/", 1)[-1], _resolve(folder, target))
        return out

    def related(self, source: str, type_suffix: str) -> str | None:
        """The first part related to `source` with that relationship type (e.g. "styles")."""
        for rtype, target in self.rels(source).values():
            if rtype == type_suffix:
                return target
        return None


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target))


def open_package(data: bytes) -> Package:
    """Open the bytes as a .docx, or raise NotADocxError saying why not."""
    if len(data) > MAX_FILE_BYTES:
        raise NotADocxError(
            f"Tệp quá lớn ({megabytes(len(data))}; tối đa {megabytes(MAX_FILE_BYTES)}): không đọc tệp này. "
            "Một công văn thường nhỏ hơn 1 MB."
        )
    if not data.startswith(b"PK"):
        raise NotADocxError(_sniff(data))
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as err:
        raise NotADocxError("Tệp không phải văn bản Word (.docx): tệp nén bị hỏng.") from err
    if len(infos) > MAX_ENTRIES:
        raise NotADocxError(f"Tệp chứa quá nhiều thành phần ({len(infos)}): không đọc tệp này.")
    total = 0
    names: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        total += info.file_size
        big = info.file_size > MB
        if big and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise NotADocxError(
                f"Tệp có dấu hiệu “bom zip”: phần “{info.filename}” nén "
                f"{megabytes(info.compress_size)} nhưng giải nén ra {megabytes(info.file_size)}. Không đọc tệp này."
            )
        names[posixpath.normpath(info.filename.lstrip("/"))] = info
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise NotADocxError(
            f"Tệp giải nén ra quá lớn ({megabytes(total)}; tối đa {megabytes(MAX_TOTAL_UNCOMPRESSED)}), "
            "có thể là “bom zip”: không đọc tệp này."
        )
    if "[Content_Types].xml" not in names:
        raise NotADocxError(
            "Tệp nén này không phải văn bản Word (.docx): thiếu [Content_Types].xml."
        )
    pkg = Package(zf, names, "")
    main = pkg.related("", "officeDocument") if "_rels/.rels" in names else None
    if main is None and "word/document.xml" in names:
        main = "word/document.xml"
    if main is None or main not in names:
        raise NotADocxError(
            "Tệp nén này không phải văn bản Word (.docx) "
            "(có thể là bảng tính .xlsx hoặc trình chiếu .pptx)."
        )
    pkg.main = main
    root = pkg.xml(main, required=True)
    assert root is not None
    if etree.QName(root).localname != "document":
        raise NotADocxError(
            "Tệp nén này không phải văn bản Word (.docx): phần chính không phải văn bản."
        )
    return pkg
