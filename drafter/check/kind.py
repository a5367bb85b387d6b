"""Which kind of document a .docx is, from the declarations of drafter.kinds.

Each kind's tên loại (`QUYẾT ĐỊNH`), ký hiệu code (`QĐ`) and Kính gửi policy come from
its `forms/<kind>.toml` through `drafter.kinds`, so the checker holds no second copy of
the table in docs/spec/kinds.md. A document is recognised by its title line first (the
tên loại centred after the header), then, without one, by the code after `Số: …/` unless
it has a V/v line (a công văn with a wrong code stays a công văn: C13 says so).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from drafter.check.text import key
from drafter.kinds import Kind, all_kinds

CONG_VAN = "cong_van"
REQUIRED, OPTIONAL, NEVER = "required", "optional", "never"  # the Kính gửi policies


@dataclass(frozen=True)
class DocKind:
    """What the checker needs of one declared kind."""

    key: str  # `quyet_dinh`
    title: str  # `Quyết định`, as the messages name it
    ten_loai: str  # the printed tên loại, `QUYẾT ĐỊNH`; "" for the công văn
    code: str  # the ký hiệu's code, `QĐ`; "" for the công văn
    mau: str  # the mẫu of Phụ lục III, `1.2`
    kinh_gui: str  # REQUIRED, OPTIONAL or NEVER
    required_blocks: tuple[str, ...] = ()  # block types the kind needs (`dieu`)
    decision: bool = False  # prints an authority, căn cứ and `QUYẾT ĐỊNH:` (Mẫu 1.2)
    invitation: bool = False  # prints the giấy mời lines (Mẫu 1.7)

    @property
    def titled(self) -> bool:
        """A kind printed with a title block (tên loại, trích yếu, rule) instead of V/v."""
        return bool(self.ten_loai)

    @property
    def name(self) -> str:
        """The kind in a sentence: `quyết định`, `tờ trình`."""
        return self.title[:1].lower() + self.title[1:]


def _declares(kind: Kind, *names: str) -> bool:
    return all(name in kind.fields and kind.fields[name].allowed for name in names)


@functools.cache
def doc_kinds() -> tuple[DocKind, ...]:
    """Every declared kind (read once per process)."""
    out = []
    for kind in all_kinds():
        kinh_gui = kind.fields.get("kinh_gui")
        if kinh_gui is None or not kinh_gui.allowed:
            policy = NEVER
        elif kinh_gui.required:
            policy = REQUIRED
        else:
            policy = OPTIONAL
        out.append(
            DocKind(
                key=kind.key,
                title=kind.title,
                ten_loai=str(kind.info.get("ten_loai", "")),
                code=str(kind.info.get("code", "")),
                mau=str(kind.info.get("mau", "")),
                kinh_gui=policy,
                required_blocks=tuple(kind.info.get("required_blocks", ())),
                decision=_declares(kind, "tham_quyen_ban_hanh", "can_cu"),
                invitation=_declares(kind, "kinh_moi", "thoi_gian"),
            )
        )
    return tuple(out)


def cong_van() -> DocKind:
    """The công văn: the kind of a document without a title line or a kind's code."""
    return next(k for k in doc_kinds() if k.key == CONG_VAN)


def by_title(text: str) -> DocKind | None:
    """The kind whose tên loại this line reads as (case, accents and spaces aside).

    `QUYẾT ĐỊNH:` (the line before Điều 1) is not a title: a colon ends it.
    """
    text = text.strip()
    if not text or text.endswith(":") or len(text) > 40:
        return None
    k = key(text)
    return next((d for d in doc_kinds() if d.ten_loai and key(d.ten_loai) == k), None)


def by_code(code: str) -> DocKind | None:
    """The kind whose ký hiệu code this is (`QĐ`; `Qđ` or `TTR` too: K4 says how to
    write it)."""
    folded = code.casefold()
    return next((d for d in doc_kinds() if d.code and d.code.casefold() == folded), None)


__all__ = [
    "CONG_VAN",
    "NEVER",
    "OPTIONAL",
    "REQUIRED",
    "DocKind",
    "by_code",
    "by_title",
    "cong_van",
    "doc_kinds",
]
