"""`drafter import`: a công văn in Word (.docx) back into the letter format.

    result = import_docx(data)      # bytes of a .docx → Imported
    result.letter                   # the letter dict (docs/spec/input-format.md)
    result.notes                    # what could not be recovered or was guessed
    result.problems                 # what the letter model still finds wrong with it

It reads letters as people make them in Word, not only drafter's own (docs/import.md):
the package is opened by the checker's safe reader (drafter.docx.package: size caps,
zip bombs, no DTD or entities) and a macro-enabled file is refused; text in the legacy
Vietnamese fonts is decoded as it is read (drafter.docx.legacy); the parts are found by
the checker's locating code (drafter.check.locate) and read by `reading.LetterReader`
and `body.read_blocks`. A drafter .docx also carries the data its page does not print
(drafter.letterdata), so `render` then `import` gives back the same letter.

`NotACongVan` (a `ValueError`) says in Vietnamese why a readable .docx is not a công
văn; `NotADocxError` why a file is not a readable .docx at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from drafter import letterdata
from drafter.check.text import TYPE_CODES_ERROR
from drafter.context import header_lines
from drafter.docx.package import NotADocxError, open_package, read_docx_file
from drafter.docx.reader import read_document
from drafter.docx.safety import macro_refusal
from drafter.importer.body import read_blocks
from drafter.importer.reading import LetterReader, Note
from drafter.kinds import load_kind
from drafter.layout import DEFAULT
from drafter.model import FORMAT_VERSION, Letter, LetterError, Problem

__all__ = [
    "Imported",
    "NotACongVan",
    "NotADocxError",
    "Note",
    "import_docx",
    "import_path",
]

KIND = "cong_van"
AUTHORITY = tuple(p for p in DEFAULT.authority_prefixes if p != "Q.")

MISSING: dict[str, str] = {
    "co_quan_ban_hanh": "Không tìm thấy tên cơ quan ban hành (đầu văn bản, bên trái Quốc hiệu).",
    "ky_hieu": "Không tìm thấy dòng “Số: …/…” (số, ký hiệu văn bản).",
    "dia_danh": "Không tìm thấy dòng địa danh và ngày tháng (“…, ngày … tháng … năm …”).",
    "trich_yeu": "Không tìm thấy dòng trích yếu “V/v …”.",
    "kinh_gui": "Không tìm thấy dòng “Kính gửi” và nơi nhận.",
    "noi_dung": "Không tìm thấy nội dung văn bản.",
    "noi_nhan": "Không tìm thấy phần “Nơi nhận:”.",
    "luu": "Không tìm thấy dòng “- Lưu: …” ở cuối Nơi nhận.",
    "ky.chuc_vu": "Không tìm thấy chức vụ người ký.",
    "ky.ho_ten": "Không tìm thấy họ tên người ký.",
}


class NotACongVan(ValueError):
    """A readable .docx that is not a công văn drafter can import; the message says why."""


@dataclass
class Imported:
    """What `import_docx` recovered: the letter, the notes, the model's problems."""

    letter: dict[str, Any]
    notes: list[Note] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    legacy_fonts: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def missing(self) -> list[Note]:
        return [n for n in self.notes if n.kind == "missing"]

    @property
    def guessed(self) -> list[Note]:
        return [n for n in self.notes if n.kind == "guessed"]


def import_path(path: str) -> Imported:
    """`import_docx` on a file, its size checked before it is read."""
    return import_docx(read_docx_file(path))


def import_docx(data: bytes) -> Imported:
    """The công văn in `data` (a .docx) as the letter format, with notes; raises
    NotADocxError (not a readable .docx, or one with macros) or NotACongVan."""
    pkg = open_package(data)
    refusal = macro_refusal(pkg)
    if refusal:
        raise NotADocxError(refusal)
    try:
        doc = read_document(pkg)
    except RecursionError as err:
        raise NotADocxError("Cấu trúc tệp lồng nhau quá sâu: không đọc được.") from err
    reader = LetterReader(doc, DEFAULT)
    try:
        reader.locate()
    except RecursionError as err:
        raise NotADocxError("Cấu trúc tệp lồng nhau quá sâu: không đọc được.") from err
    _refuse_other_kinds(reader)
    letter = _read_letter(reader)
    _apply_letter_data(letter, letterdata.read_letter_data(pkg))
    notes = list(reader.notes)
    if doc.legacy_fonts:
        fonts = ", ".join(doc.legacy_fonts)
        notes.insert(
            0,
            Note(
                "",
                "guessed",
                f"Văn bản gõ bằng phông chữ cũ ({fonts}): đã chuyển sang Unicode; hãy soát "
                "lại dấu tiếng Việt.",
            ),
        )
    notes += _missing_notes(letter)
    seen: set[tuple[str, str]] = set()
    notes = [n for n in notes if (n.path, n.kind) not in seen and not seen.add((n.path, n.kind))]
    try:
        letter = Letter.from_dict(letter).to_dict()
        problems: list[Problem] = []
    except LetterError as err:
        problems = err.problems
    return Imported(letter, notes, problems, list(doc.legacy_fonts))


def _refuse_other_kinds(reader: LetterReader) -> None:
    """NotACongVan when the document is not one: no header at all, a tên loại line, or a
    ký hiệu that names another kind."""
    if reader.qh is None and reader.tn is None and reader.so is None and reader.kg is None:
        raise NotACongVan(
            "Không tìm thấy Quốc hiệu, dòng “Số: …/…” hay “Kính gửi”: tệp này không giống "
            "một công văn, nên không nhập được."
        )
    line = reader.kind_line()
    if line is not None:
        raise NotACongVan(
            f"Văn bản có dòng tên loại “{line}”: đây là một {line.lower()}, không phải công "
            "văn (công văn không có dòng tên loại). drafter hiện chỉ nhập được công văn."
        )
    parts = reader.so_parts()
    reader.notes.clear()  # read again, with its notes, by _read_letter
    if parts is not None:
        code = parts[1].split("-", 1)[0].upper()
        if code in TYPE_CODES_ERROR:
            raise NotACongVan(
                f"Ký hiệu “{parts[1]}” bắt đầu bằng “{code}”, mã của một loại văn bản có tên "
                "loại (Phụ lục III), không phải công văn. drafter hiện chỉ nhập được công văn."
            )


def _read_letter(reader: LetterReader) -> dict[str, Any]:
    kind = load_kind(KIND)
    out: dict[str, Any] = {"format": FORMAT_VERSION, "kind": KIND}
    for fdef in kind.top():
        out[fdef.key] = [] if fdef.is_list else ({} if fdef.type == "group" else "")
    chu_quan, issuer = reader.issuer_parts()
    out["co_quan_chu_quan"] = _chu_quan(chu_quan)
    out["co_quan_ban_hanh"] = "\n".join(issuer)
    so = reader.so_parts()
    if so is not None:
        out["so"], out["ky_hieu"] = so
    date = reader.date_parts()
    if date is not None:
        out["dia_danh"], out["ngay"] = date
    out["trich_yeu"] = reader.vv_text() or ""
    out["muc_do_khan"], out["do_mat"] = reader.stamp_keys()
    kinh_gui, used = reader.kinh_gui()
    out["kinh_gui"] = kinh_gui
    body = [p for p in reader.body if id(p) not in used]
    signature, taken = reader.signature_lines(body)
    body = [p for p in body if p not in taken]
    out["noi_dung"] = [b.to_dict() for b in read_blocks(body)]
    items, luu, code, _found = reader.noi_nhan()
    out["noi_nhan"], out["luu"], out["ky_hieu_nguoi_soan"] = items, luu, code
    out["ky"] = _signature(reader, signature)
    out["dia_chi"] = reader.dia_chi()
    return out


def _chu_quan(lines: list[str]) -> str:
    """The chủ quản on one line when drafter breaks that line where it is broken (a chủ
    quản is typed on one line in practice, `UBND TỈNH …`); else its lines as printed.
    (The issuer keeps its printed lines: it is typed with its line break.)"""
    if len(lines) < 2:
        return "".join(lines)
    joined = " ".join(lines)
    sizes = [DEFAULT.issuer_size, DEFAULT.header_min_size]
    printed = header_lines(joined, DEFAULT.left_column, sizes, bold=False).lines
    return joined if printed == lines else "\n".join(lines)


def _signature(reader: LetterReader, lines: list[str]) -> dict[str, Any]:
    """Authority lines (TM., KT., TL., TUQ.), the signer's title, the name (the last line)."""
    if not lines:
        return {"tham_quyen": [], "chuc_vu": "", "ho_ten": ""}
    if len(lines) == 1:
        only = lines[0]
        if only == only.upper():
            reader.note("ky.ho_ten", "missing", MISSING["ky.ho_ten"])
            return {"tham_quyen": [], "chuc_vu": only, "ho_ten": ""}
        reader.note("ky.chuc_vu", "missing", MISSING["ky.chuc_vu"])
        return {"tham_quyen": [], "chuc_vu": "", "ho_ten": only}
    name, titles = lines[-1], lines[:-1]
    authority: list[str] = []
    rest: list[str] = []
    for line in titles:
        head = line.split(" ", 1)[0].upper()
        if not rest and head in AUTHORITY:
            authority.append(line)
        elif not rest and authority and len(titles) > len(authority) + 1:
            authority[-1] = f"{authority[-1]} {line}"  # an authority line wrapped by hand
            reader.note(
                "ky.tham_quyen", "guessed", f"Đã nối “{line}” vào dòng thẩm quyền phía trên."
            )
        else:
            rest.append(line)
    if len(rest) > 1:
        reader.note(
            "ky.chuc_vu", "guessed", f"Chức vụ người ký in trên {len(rest)} dòng: đã nối lại."
        )
    return {"tham_quyen": authority, "chuc_vu": " ".join(rest), "ho_ten": name}


def _apply_letter_data(letter: dict[str, Any], data: dict[str, Any] | None) -> None:
    """A drafter .docx's unprinted task data, given to the tasks whose text is unchanged."""
    if not data:
        return
    entries = {e.get("n"): e for e in data.get("tasks", []) if isinstance(e, dict)}
    tasks = [b for b in letter["noi_dung"] if b["type"] == "task"]
    for n, block in enumerate(tasks):
        entry = entries.get(n)
        if entry is None or entry.get("h") != letterdata.text_hash(block["text"]):
            continue
        for name in ("deadline", "assignee"):
            value = entry.get(name)
            if isinstance(value, str) and value:
                block[name] = value
    # the letter format's key order inside a block
    order = ("type", "level", "text", "number", "deadline", "assignee")
    letter["noi_dung"] = [
        {k: b[k] for k in sorted(b, key=lambda k: order.index(k) if k in order else 99)}
        for b in letter["noi_dung"]
    ]


def _missing_notes(letter: dict[str, Any]) -> list[Note]:
    out = []
    for path, message in MISSING.items():
        group, _, name = path.partition(".")
        value = letter.get(group, {}).get(name) if name else letter.get(group)
        if not value:
            out.append(Note(path, "missing", message))
    return out
