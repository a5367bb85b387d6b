"""What a drafter .docx carries besides its printed text, so that importing it loses nothing.

A letter holds a little data the page never prints: a task's `assignee` (đơn vị chủ
trì), and its `deadline` when the text already names the date. `drafter import` reads
the page; for a .docx drafter made, it also reads this data back from the file's
custom document properties (`docProps/custom.xml`, what Word shows under File ›
Properties › Custom and keeps when the file is edited and saved):

    drafter.data.1, drafter.data.2, …   one JSON document cut in pieces of at most 255
                                        characters (Word's limit for a text property)

    {"v": 1, "tasks": [{"n": 0, "h": "…", "deadline": "2019-12-10", "assignee": "…"}]}

`n` is the task's place among the letter's tasks and `h` a hash of its printed text:
the importer gives a task its data only while that text is unchanged, so a file edited
in Word never hands one task's data to another. A template's own custom properties are
kept. Nothing here knows Flask, Jinja or the store.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from typing import Any

from lxml import etree

from drafter import vntext

__all__ = [
    "CUSTOM_PART",
    "PREFIX",
    "custom_xml",
    "letter_data",
    "prepare_members",
    "read_letter_data",
    "text_hash",
]

CUSTOM_PART = "docProps/custom.xml"
PREFIX = "drafter.data."
CHUNK = 255
VERSION = 1
CP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"


def text_hash(text: str) -> str:
    """A short hash of a block text as printed (marks gone, spaces collapsed)."""
    plain = " ".join(vntext.plain_text(vntext.parse_inline(text)).split())
    return hashlib.sha256(plain.encode("utf-8")).hexdigest()[:16]


def letter_data(letter: Any) -> dict[str, Any] | None:
    """The data of `letter` its page does not print, or None when there is none."""
    tasks = []
    for n, block in enumerate(letter.tasks):
        entry: dict[str, Any] = {}
        if block.deadline is not None:
            entry["deadline"] = block.deadline.isoformat()
        if block.assignee:
            entry["assignee"] = block.assignee
        if entry:
            tasks.append({"n": n, "h": text_hash(block.text), **entry})
    return {"v": VERSION, "tasks": tasks} if tasks else None


def _chunks(data: dict[str, Any] | None) -> list[str]:
    if not data:
        return []
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return [text[i : i + CHUNK] for i in range(0, len(text), CHUNK)]


def custom_xml(data: dict[str, Any] | None, base: bytes | None = None) -> bytes:
    """docProps/custom.xml holding `data`, after the template's own properties (`base`),
    which keep their names, types and values (only drafter's are replaced)."""
    kept: list[etree._Element] = []
    if base:
        try:
            root = etree.fromstring(base, etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            root = None
        for prop in root if root is not None else ():
            if isinstance(prop.tag, str) and not prop.get("name", "").startswith(PREFIX):
                kept.append(prop)
    root = etree.Element(f"{{{CP_NS}}}Properties", nsmap={None: CP_NS, "vt": VT_NS})
    for prop in kept:
        root.append(prop)
    for i, chunk in enumerate(_chunks(data), 1):
        prop = etree.SubElement(root, f"{{{CP_NS}}}property", fmtid=FMTID, name=f"{PREFIX}{i}")
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = chunk
    for pid, prop in enumerate(root, 2):
        prop.set("pid", str(pid))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def prepare_members(
    members: list[tuple[zipfile.ZipInfo, bytes]],
) -> tuple[list[tuple[zipfile.ZipInfo, bytes]], bytes | None]:
    """A template's members made ready for per-letter custom properties: the content type
    and the package relationship of docProps/custom.xml added if missing, and the
    template's own custom.xml taken out (returned, to be merged at each render)."""
    out: list[tuple[zipfile.ZipInfo, bytes]] = []
    base = None
    for info, data in members:
        if info.filename == CUSTOM_PART:
            base = data
            continue
        if info.filename == "[Content_Types].xml" and f"/{CUSTOM_PART}" not in data.decode():
            override = f'<Override PartName="/{CUSTOM_PART}" ContentType="{CUSTOM_TYPE}"/>'
            data = data.replace(b"</Types>", override.encode() + b"</Types>")
        elif info.filename == "_rels/.rels" and CUSTOM_REL.encode() not in data:
            ids = set(re.findall(rb'Id="([^"]+)"', data))
            rid = next(
                f"rIdDrafter{i}" for i in range(1, 100) if f"rIdDrafter{i}".encode() not in ids
            )
            rel = f'<Relationship Id="{rid}" Type="{CUSTOM_REL}" Target="{CUSTOM_PART}"/>'
            data = data.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
        out.append((info, data))
    return out, base


def read_letter_data(pkg: Any) -> dict[str, Any] | None:
    """The data a drafter .docx carries (drafter.docx.package.Package), or None."""
    root = pkg.xml(CUSTOM_PART)
    if root is None:
        return None
    pieces: dict[int, str] = {}
    for prop in root:
        name = prop.get("name", "") if isinstance(prop.tag, str) else ""
        if name.startswith(PREFIX) and name[len(PREFIX) :].isdigit():
            pieces[int(name[len(PREFIX) :])] = "".join(prop.itertext())
    if not pieces:
        return None
    try:
        data = json.loads("".join(pieces[i] for i in sorted(pieces)))
    except (ValueError, TypeError):
        return None
    if not isinstance(data, dict) or data.get("v") != VERSION:
        return None
    return data
