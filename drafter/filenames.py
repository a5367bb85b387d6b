"""File names for a letter's downloads: one rule for the CLI, the web app and the API.

A văn thư files a letter by its number and ký hiệu, so names start with them. The ASCII
name is safe everywhere (old Windows shares, zip tools, e-mail gateways); the Vietnamese
name is what a browser shows when it understands RFC 6266 `filename*`.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from drafter.model import Letter
from drafter.vntext import strip_vv

# Characters no file system of our users accepts in a name: path separators, quotes
# (they also end the header's quoted filename), Windows' reserved ones.
_UNSAFE = re.compile(r'[\\/:*?"<>|]')
# Unicode categories that never belong in a file name: controls (Cc: tab, CR, LF …), line
# and paragraph separators, and format characters (Cf): the zero-width ones, and the bidi
# overrides and isolates (U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C), which make a
# name display reversed — “báo cáo U+202E xcod.exe.docx” shows as “báo cáo xcod.exe…”
# read backwards, ending in “.exe”: a spoofed extension.
_SPACES = {"Cc", "Zl", "Zp"}
_INVISIBLE = {"Cf"}


def safe_name(text: str) -> str:
    """`text` fit to name a file, looking as it did: separators, quotes and controls become
    spaces, invisible format characters go, runs of spaces are one, and no dot or space
    starts or ends it (no hidden file, no `..`-only name)."""
    kept = []
    for ch in unicodedata.normalize("NFC", text):
        category = unicodedata.category(ch)
        if category in _INVISIBLE:
            continue
        kept.append(" " if category in _SPACES or _UNSAFE.match(ch) else ch)
    return " ".join("".join(kept).split()).strip(" .")


def ascii_slug(text: str, limit: int = 60) -> str:
    """ASCII-safe file-name part: Vietnamese letters lose their marks, `đ` becomes `d`."""
    text = text.replace("Đ", "D").replace("đ", "d")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")
    return text[:limit].rstrip("-")


def default_filename(letter: Letter, suffix: str = ".docx") -> str:
    """`1691-UBND-KGVX-phoi-hop-thuc-hien.docx`; `du-thao` for an unnumbered draft."""
    number = letter.so.strip() or "du-thao"
    parts = [number, ascii_slug(letter.ky_hieu), ascii_slug(strip_vv(letter.trich_yeu), 50)]
    return "-".join(p for p in parts if p) + suffix


def vietnamese_filename(letter: Letter, suffix: str = ".docx", limit: int = 80) -> str:
    """`1691-UBND-KGVX - phối hợp thực hiện “Năm dân vận chính quyền” 2019.docx`.

    The subject keeps its diacritics; characters a file system refuses are dropped and
    the subject is cut at a word boundary so the name stays readable in a file list.
    """
    number = letter.so.strip() or "Dự thảo"
    head = safe_name(f"{number}-{letter.ky_hieu.strip()}")
    subject = safe_name(strip_vv(letter.trich_yeu))
    if len(subject) > limit:
        cut = subject[:limit].rsplit(" ", 1)[0]
        subject = (cut or subject[:limit]).rstrip(" ,;.-")
    name = f"{head} - {subject}" if subject else head
    return safe_name(name) + suffix


def content_disposition(filename: str, fallback: str, *, inline: bool = False) -> str:
    """RFC 6266 header value: an ASCII `filename` for old clients, `filename*` in UTF-8.

    Every download's name passes here, so here it is made safe (`safe_name`): whatever a
    mẫu is called or a trích yếu says, the browser saves a plain file name."""
    filename = safe_name(filename) or fallback
    safe_fallback = ascii_slug(fallback.rsplit(".", 1)[0], 120) or "tep"
    if "." in fallback:
        safe_fallback += "." + ascii_slug(fallback.rsplit(".", 1)[1], 10)
    disposition = "inline" if inline else "attachment"
    return (
        f"{disposition}; filename=\"{safe_fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
    )


__all__ = [
    "ascii_slug",
    "content_disposition",
    "default_filename",
    "safe_name",
    "vietnamese_filename",
]
