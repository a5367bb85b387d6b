"""The letter: typed dataclasses for the JSON letter format, and its validation.

`Letter.from_dict` is the one door into the domain: the CLI, the API, the web form and
saved templates all hand it a dict in the format of docs/spec/input-format.md. It checks
everything at once and raises `LetterError` listing every problem by field path
(`kinh_gui[2]`, `ky.ho_ten`) with a Vietnamese message; nothing is built from an invalid
letter. Limits and choices come from the kind definition (forms/cong_van.toml).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Literal

from drafter.kinds import Kind, load_kind
from drafter.layout import DEFAULT
from drafter.vntext import clean_input, strip_vv

FORMAT_VERSION = 1
BlockType = Literal["paragraph", "task", "bullet"]
BLOCK_TYPES: tuple[str, ...] = ("paragraph", "task", "bullet")

KY_HIEU_RE = re.compile(r"^[A-Za-zĐđ0-9&.]+(?:-[A-Za-zĐđ0-9&.]+)*$")
SO_RE = re.compile(r"^[0-9]+$")
ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

TOP_KEYS = (
    "format",
    "kind",
    "co_quan_chu_quan",
    "co_quan_ban_hanh",
    "so",
    "ky_hieu",
    "dia_danh",
    "ngay",
    "trich_yeu",
    "muc_do_khan",
    "do_mat",
    "kinh_gui",
    "noi_dung",
    "noi_nhan",
    "luu",
    "ky_hieu_nguoi_soan",
    "ky",
    "dia_chi",
)
BLOCK_KEYS = ("type", "text", "number", "deadline", "assignee")
TASK_ONLY_KEYS = ("number", "deadline", "assignee")
KY_KEYS = ("tham_quyen", "chuc_vu", "ho_ten")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input letter: where (field path) and what (Vietnamese)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message}


class LetterError(ValueError):
    """An invalid letter, with every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Block:
    """A body block (`noi_dung` entry): a paragraph, a numbered task or a bullet."""

    type: BlockType
    text: str
    number: str = ""
    deadline: dt.date | None = None
    assignee: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "text": self.text}
        if self.number:
            out["number"] = self.number
        if self.deadline is not None:
            out["deadline"] = self.deadline.isoformat()
        if self.assignee:
            out["assignee"] = self.assignee
        return out


@dataclass(frozen=True)
class Signer:
    """The signature block (`ky`)."""

    tham_quyen: tuple[str, ...]
    chuc_vu: str
    ho_ten: str

    def to_dict(self) -> dict[str, Any]:
        return {"tham_quyen": list(self.tham_quyen), "chuc_vu": self.chuc_vu, "ho_ten": self.ho_ten}


@dataclass(frozen=True)
class Letter:
    """One công văn, valid and NFC: what the renderer and the checker work from."""

    co_quan_ban_hanh: str
    ky_hieu: str
    dia_danh: str
    trich_yeu: str
    kinh_gui: tuple[str, ...]
    noi_dung: tuple[Block, ...]
    luu: str
    ky: Signer
    co_quan_chu_quan: str = ""
    so: str = ""
    ngay: dt.date | None = None
    muc_do_khan: str = ""
    do_mat: str = ""
    noi_nhan: tuple[str, ...] = ()
    ky_hieu_nguoi_soan: str = ""
    dia_chi: str = ""
    kind: str = "cong_van"
    format: int = FORMAT_VERSION

    @classmethod
    def from_dict(cls, data: object) -> Letter:
        """Validate `data` (the parsed JSON) and build the letter, or raise LetterError."""
        return _Reader(load_kind("cong_van")).letter(data)

    def to_dict(self) -> dict[str, Any]:
        """The letter in the JSON format; `from_dict(d).to_dict() == d` for canonical d."""
        return {
            "format": self.format,
            "kind": self.kind,
            "co_quan_chu_quan": self.co_quan_chu_quan,
            "co_quan_ban_hanh": self.co_quan_ban_hanh,
            "so": self.so,
            "ky_hieu": self.ky_hieu,
            "dia_danh": self.dia_danh,
            "ngay": self.ngay.isoformat() if self.ngay else "",
            "trich_yeu": self.trich_yeu,
            "muc_do_khan": self.muc_do_khan,
            "do_mat": self.do_mat,
            "kinh_gui": list(self.kinh_gui),
            "noi_dung": [b.to_dict() for b in self.noi_dung],
            "noi_nhan": list(self.noi_nhan),
            "luu": self.luu,
            "ky_hieu_nguoi_soan": self.ky_hieu_nguoi_soan,
            "ky": self.ky.to_dict(),
            "dia_chi": self.dia_chi,
        }

    @property
    def tasks(self) -> list[Block]:
        """The body's task blocks, in order (for the task list export)."""
        return [b for b in self.noi_dung if b.type == "task"]


def validate(data: object) -> list[Problem]:
    """Every problem of `data` as a letter; an empty list when it is valid."""
    try:
        Letter.from_dict(data)
    except LetterError as err:
        return err.problems
    return []


def _type_name(value: object) -> str:
    names = {
        str: "chuỗi",
        int: "số",
        float: "số",
        bool: "đúng/sai",
        list: "danh sách",
        dict: "đối tượng",
    }
    return "null" if value is None else names.get(type(value), type(value).__name__)


class _Reader:
    """Reads one letter dict, collecting problems instead of stopping at the first."""

    def __init__(self, kind: Kind) -> None:
        self.kind = kind
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    # -- primitives ------------------------------------------------------------------
    def unknown_keys(self, obj: dict[str, Any], allowed: tuple[str, ...], prefix: str) -> None:
        for key in obj:
            if key not in allowed:
                self.fail(
                    f"{prefix}{key}", "Trường không có trong định dạng công văn (gõ nhầm tên?)."
                )

    def text(self, obj: dict[str, Any], key: str, path: str, spec: str | None = None) -> str:
        """A string field: NFC, within its length limit, present if required."""
        fdef = self.kind.fields.get(spec or key)
        value = obj.get(key, "")
        if not isinstance(value, str):
            self.fail(path, f"Phải là chuỗi ký tự, không phải {_type_name(value)}.")
            return ""
        value = clean_input(value)
        if fdef is not None:
            if fdef.required and not value.strip():
                self.fail(path, f"{fdef.label}: không được để trống.")
            if fdef.max_length is not None and len(value) > fdef.max_length:
                self.fail(path, f"{fdef.label}: dài quá {fdef.max_length} ký tự ({len(value)}).")
        return value

    def text_list(
        self, obj: dict[str, Any], key: str, path: str, spec: str | None = None
    ) -> tuple[str, ...]:
        fdef = self.kind.fields[spec or key]
        value = obj.get(key, [])
        if not isinstance(value, list):
            self.fail(path, f"Phải là danh sách, không phải {_type_name(value)}.")
            return ()
        if fdef.required and not value:
            self.fail(path, f"{fdef.label}: cần ít nhất một mục.")
        if fdef.max_items is not None and len(value) > fdef.max_items:
            self.fail(path, f"{fdef.label}: nhiều nhất {fdef.max_items} mục ({len(value)}).")
        items: list[str] = []
        for i, item in enumerate(value):
            item_path = f"{path}[{i}]"
            if not isinstance(item, str):
                self.fail(item_path, f"Phải là chuỗi ký tự, không phải {_type_name(item)}.")
                continue
            item = clean_input(item)
            if not item.strip(" \t\r\n-–—•+;.,"):
                self.fail(item_path, f"{fdef.label}: mục này đang để trống.")
            elif fdef.max_length is not None and len(item) > fdef.max_length:
                self.fail(
                    item_path, f"{fdef.label}: dài quá {fdef.max_length} ký tự ({len(item)})."
                )
            items.append(item)
        return tuple(items)

    def choice(self, obj: dict[str, Any], key: str) -> str:
        value = self.text(obj, key, key)
        allowed = self.kind[key].choice_values
        if value not in allowed:
            shown = ", ".join(f'"{v}"' for v in allowed)
            self.fail(
                key,
                f"{self.kind[key].label}: giá trị không hợp lệ “{value}” (chọn một trong {shown}).",
            )
            return ""
        return value

    def date(self, obj: dict[str, Any], key: str, path: str) -> dt.date | None:
        value = obj.get(key, "")
        if value == "":
            return None
        if not isinstance(value, str):
            self.fail(path, f"Ngày phải là chuỗi dạng YYYY-MM-DD, không phải {_type_name(value)}.")
            return None
        if not ISO_DATE_RE.match(value):
            self.fail(path, f"Ngày “{value}” không đúng dạng YYYY-MM-DD (ví dụ 2019-03-05).")
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(path, f"Ngày “{value}” không có thật trên lịch.")
            return None

    def obj(self, value: object, path: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.fail(path, f"Phải là một đối tượng JSON, không phải {_type_name(value)}.")
            return None
        return value

    # -- the letter ------------------------------------------------------------------
    def letter(self, data: object) -> Letter:
        top = self.obj(data, "")
        if top is None:
            raise LetterError(self.problems)
        self.unknown_keys(top, TOP_KEYS, "")
        self.header(top)
        fmt = top.get("format")
        kind = top.get("kind")
        s = lambda key: self.text(top, key, key)  # noqa: E731
        values: dict[str, Any] = {
            "co_quan_chu_quan": s("co_quan_chu_quan"),
            "co_quan_ban_hanh": s("co_quan_ban_hanh"),
            "so": self.so(top),
            "ky_hieu": self.ky_hieu(top),
            "dia_danh": s("dia_danh"),
            "ngay": self.date(top, "ngay", "ngay"),
            "trich_yeu": self.trich_yeu(top),
            "muc_do_khan": self.choice(top, "muc_do_khan"),
            "do_mat": self.choice(top, "do_mat"),
            "kinh_gui": self.text_list(top, "kinh_gui", "kinh_gui"),
            "noi_dung": self.blocks(top),
            "noi_nhan": self.text_list(top, "noi_nhan", "noi_nhan"),
            "luu": s("luu"),
            "ky_hieu_nguoi_soan": s("ky_hieu_nguoi_soan"),
            "ky": self.signer(top),
            "dia_chi": s("dia_chi"),
        }
        if self.problems:
            raise LetterError(self.problems)
        return Letter(kind=str(kind), format=int(fmt), **values)  # type: ignore[arg-type]

    def header(self, top: dict[str, Any]) -> None:
        fmt = top.get("format")
        if "format" not in top:
            self.fail("format", 'Thiếu phiên bản định dạng ("format": 1).')
        elif isinstance(fmt, bool) or fmt != FORMAT_VERSION:
            self.fail("format", f"Phiên bản định dạng không được hỗ trợ: {fmt!r} (chỉ hỗ trợ 1).")
        kind = top.get("kind")
        if "kind" not in top:
            self.fail("kind", 'Thiếu loại văn bản ("kind": "cong_van").')
        elif kind != self.kind.key:
            self.fail("kind", f'Loại văn bản không được hỗ trợ: {kind!r} (hiện chỉ có "cong_van").')

    def so(self, top: dict[str, Any]) -> str:
        value = self.text(top, "so", "so")
        if value and (not SO_RE.match(value) or int(value) == 0):
            self.fail(
                "so", f"Số “{value}” chỉ được gồm chữ số và lớn hơn 0 (để trống nếu chưa cấp số)."
            )
        return value

    def ky_hieu(self, top: dict[str, Any]) -> str:
        value = self.text(top, "ky_hieu", "ky_hieu")
        if value.strip() and not KY_HIEU_RE.match(value):
            why = "có dấu cách" if re.search(r"\s", value) else "có ký tự không được phép"
            self.fail(
                "ky_hieu",
                f"Ký hiệu “{value}” {why}: chỉ dùng chữ cái, chữ số, Đ, &, dấu chấm và "
                "dấu gạch nối giữa các nhóm (ví dụ UBND-KGVX).",
            )
        return value

    def trich_yeu(self, top: dict[str, Any]) -> str:
        value = self.text(top, "trich_yeu", "trich_yeu")
        if value.strip() and not strip_vv(value):
            self.fail("trich_yeu", "Trích yếu chỉ có “V/v”, chưa có nội dung.")
        return value

    def blocks(self, top: dict[str, Any]) -> tuple[Block, ...]:
        fdef = self.kind["noi_dung"]
        raw = top.get("noi_dung", [])
        if not isinstance(raw, list):
            self.fail("noi_dung", f"Phải là danh sách, không phải {_type_name(raw)}.")
            return ()
        if not raw:
            self.fail("noi_dung", f"{fdef.label}: cần ít nhất một đoạn.")
        if fdef.max_items is not None and len(raw) > fdef.max_items:
            self.fail("noi_dung", f"{fdef.label}: nhiều nhất {fdef.max_items} khối ({len(raw)}).")
        out: list[Block] = []
        for i, item in enumerate(raw):
            block = self.block(item, f"noi_dung[{i}]")
            if block is not None:
                out.append(block)
        return tuple(out)

    def block(self, item: object, path: str) -> Block | None:
        obj = self.obj(item, path)
        if obj is None:
            return None
        self.unknown_keys(obj, BLOCK_KEYS, f"{path}.")
        btype = obj.get("type")
        if btype not in BLOCK_TYPES:
            self.fail(
                f"{path}.type", f"Loại khối không hợp lệ {btype!r} (paragraph, task hoặc bullet)."
            )
            return None
        text = self.text(obj, "text", f"{path}.text", "noi_dung")
        if btype != "task":
            for key in TASK_ONLY_KEYS:
                if key in obj:
                    self.fail(f"{path}.{key}", "Chỉ khối nhiệm vụ (task) mới có trường này.")
        number = self.text(obj, "number", f"{path}.number", "noi_dung.number")
        deadline = self.date(obj, "deadline", f"{path}.deadline")
        assignee = self.text(obj, "assignee", f"{path}.assignee", "noi_dung.assignee")
        return Block(btype, text, number.strip(), deadline, assignee)  # type: ignore[arg-type]

    def signer(self, top: dict[str, Any]) -> Signer:
        if "ky" not in top:
            self.fail("ky", "Thiếu khối chữ ký (ky).")
            return Signer((), "", "")
        obj = self.obj(top["ky"], "ky")
        if obj is None:
            return Signer((), "", "")
        self.unknown_keys(obj, KY_KEYS, "ky.")
        lines = self.text_list(obj, "tham_quyen", "ky.tham_quyen", "ky.tham_quyen")
        for i, line in enumerate(lines):
            self.authority_line(line, f"ky.tham_quyen[{i}]")
        chuc_vu = self.text(obj, "chuc_vu", "ky.chuc_vu", "ky.chuc_vu")
        ho_ten = self.text(obj, "ho_ten", "ky.ho_ten", "ky.ho_ten")
        return Signer(lines, chuc_vu, ho_ten)

    def authority_line(self, line: str, path: str) -> None:
        prefixes = DEFAULT.authority_prefixes
        head, _, rest = line.strip().partition(" ")
        if (
            head.upper() not in prefixes
            or not rest.strip()
            or line.strip() != f"{head} {rest.lstrip()}"
        ):
            shown = ", ".join(prefixes)
            self.fail(
                path,
                f"Dòng thẩm quyền “{line}” phải bắt đầu bằng {shown} và một dấu cách "
                "(ví dụ: KT. CHỦ TỊCH).",
            )


__all__ = ["Block", "Letter", "LetterError", "Problem", "Signer", "validate"]
