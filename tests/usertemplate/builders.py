"""Agency templates for the tests: drafter's own, edited the ways a user (or an attacker) would."""

from __future__ import annotations

import io
import re
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from drafter.render import template_path
from tests.check.builders import read_parts, write_parts
from tests.check.test_robustness import png_bytes

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def builtin(kind: str = "cong_van") -> bytes:
    return Path(template_path(kind)).read_bytes()


def edit_part(data: bytes, part: str, old: str, new: str, count: int = 1) -> bytes:
    """Replace `old` by `new` in one part's XML text (it must be there)."""
    parts = read_parts(data)
    xml = parts[part].decode("utf-8")
    assert old in xml, f"{old!r} not in {part}"
    parts[part] = xml.replace(old, new, count).encode("utf-8")
    return write_parts(parts)


def with_tag(data: bytes, tag: str, after: str = "{{ so_line }}") -> bytes:
    """A Jinja tag typed into the document, right after an existing one."""
    return edit_part(data, "word/document.xml", after, after + tag)


def with_relationship(data: bytes, rels_part: str, rtype: str, target: str) -> bytes:
    """An extra relationship (external) in a .rels part."""
    rel = (
        f'<Relationship Id="rIdEvil1" Type="{REL_NS}/{rtype}" Target="{target}" '
        'TargetMode="External"/>'
    )
    return edit_part(data, rels_part, "</Relationships>", rel + "</Relationships>")


def with_remote_image(data: bytes) -> bytes:
    """A picture whose bytes live on a web server (Insert › Picture › Link to file)."""
    return with_relationship(
        data, "word/_rels/document.xml.rels", "image", "http://example.invalid/logo.png"
    )


def with_attached_template(data: bytes) -> bytes:
    """settings.xml naming a template on a network share (Developer › Document Template)."""
    parts = read_parts(data)
    rels = "word/_rels/settings.xml.rels"
    parts[rels] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL_NS}/attachedTemplate" '
        'Target="file://evil.invalid/share/Normal.dotm" TargetMode="External"/></Relationships>'
    ).encode()
    settings = parts["word/settings.xml"].decode()
    settings = re.sub(
        r"(<w:settings[^>]*>)", r'\1<w:attachedTemplate r:id="rId1"/>', settings, count=1
    )
    if "xmlns:r=" not in settings.split(">", 2)[1]:
        settings = settings.replace("<w:settings ", f'<w:settings xmlns:r="{REL_NS}" ', 1)
    parts["word/settings.xml"] = settings.encode()
    return write_parts(parts)


def as_docm(data: bytes) -> bytes:
    parts = read_parts(data)
    ct = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = ct.replace(
        "wordprocessingml.document.main+xml", "ms-word.document.macroEnabled.main+xml"
    ).encode()
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0" + bytes(1000)
    return write_parts(parts)


def with_dtd(data: bytes) -> bytes:
    """An entity declared in a DTD inside styles.xml (a billion-laughs seed)."""
    parts = read_parts(data)
    xml = parts["word/styles.xml"].decode()
    head, _, rest = xml.partition("?>")
    parts["word/styles.xml"] = (
        head + '?><!DOCTYPE w:styles [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>' + rest
    ).encode()
    return write_parts(parts)


def with_margins(data: bytes, left_tw: int) -> bytes:
    return edit_part_re(
        data, "word/document.xml", r'(<w:pgMar\b[^>]*?w:left=")\d+', rf"\g<1>{left_tw}"
    )


def edit_part_re(data: bytes, part: str, pattern: str, new: str) -> bytes:
    parts = read_parts(data)
    xml = parts[part].decode("utf-8")
    changed, n = re.subn(pattern, new, xml, count=1)
    assert n, pattern
    parts[part] = changed.encode("utf-8")
    return write_parts(parts)


def with_font(data: bytes, font: str) -> bytes:
    """Every font of the styles part replaced (a template 'modernised' to Arial)."""
    parts = read_parts(data)
    xml = parts["word/styles.xml"].decode()
    parts["word/styles.xml"] = xml.replace("Times New Roman", font).encode()
    return write_parts(parts)


def with_logo(data: bytes, width_mm: float = 15) -> bytes:
    """drafter's template with the agency's logo above its name, as Word would save it."""
    doc = Document(io.BytesIO(data))
    cell = doc.tables[0].cell(0, 0)
    first = cell.paragraphs[0]
    p = first.insert_paragraph_before()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run().add_picture(io.BytesIO(png_bytes()), width=Mm(width_mm))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
