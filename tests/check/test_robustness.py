"""The checker never crashes and never blows up: anything that is not a .docx is refused
with a Vietnamese sentence, bombs are refused before they inflate, and random Word
documents (styles, tables, nested tables, images, text boxes, empty) always get a report."""

from __future__ import annotations

import contextlib
import io
import random
import struct
import subprocess
import sys
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.shared import Pt, Twips
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from drafter.check import Report, check_docx, check_path
from drafter.docx.package import MAX_FILE_BYTES, NotADocxError
from tests.check.builders import read_parts, word_letter, write_parts
from tests.check.conftest import typed
from tests.check.minidocx import make_docx, p

VIETNAMESE = "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"


def refused(data: bytes) -> str:
    with pytest.raises(NotADocxError) as info:
        check_docx(data)
    message = str(info.value)
    assert message and any(c in message.lower() for c in VIETNAMESE), message
    return message


@pytest.mark.parametrize(
    ("data", "hint"),
    [
        (b"", "rỗng"),
        (b"hello, world", "không phải văn bản Word"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".doc"),
        (b"{\\rtf1\\ansi hello}", "RTF"),
        (b"PK\x03\x04garbage", "hỏng"),
    ],
)
def test_not_a_docx(data: bytes, hint: str) -> None:
    assert hint in refused(data)


def _zip(parts: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return out.getvalue()


def test_zip_that_is_not_word() -> None:
    xlsx = _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
    assert "xlsx" in refused(xlsx)
    assert "Content_Types" in refused(_zip({"a.txt": "x"}))


def test_truncated_and_corrupted_docx() -> None:
    good = word_letter()
    refused(good[: len(good) // 2])
    parts = read_parts(good)
    parts["word/document.xml"] = b"<w:document><w:body><w:p>"
    assert "XML" in refused(write_parts(parts))


def test_zip_bomb_refused_from_the_directory() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            block = b"\0" * (1 << 20)
            for _ in range(300):  # 300 MB of zeros, ~300 KB compressed
                fh.write(block)
    data = out.getvalue()
    assert len(data) < 2_000_000
    tracemalloc.start()
    try:
        message = refused(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "bom zip" in message
    assert peak < 20_000_000  # refused from the zip directory: nothing inflated


def _lying_bomb(real: int, declared: int) -> bytes:
    """A docx whose document.xml inflates to `real` bytes but the zip says `declared`."""
    good = read_parts(make_docx(p("x")))
    payload = b"<w:document>" + b" " * real
    crc = zlib.crc32(payload)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = comp.compress(payload) + comp.flush()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in good.items():
            if name != "word/document.xml":
                zf.writestr(name, data)
    body = bytearray(out.getvalue())
    # append a hand-made member with forged sizes, then rebuild the central directory
    zf = zipfile.ZipFile(io.BytesIO(bytes(body)))
    infos = zf.infolist()
    cd_start = zf.start_dir
    local = body[:cd_start]
    offset = len(local)
    name = b"word/document.xml"
    header = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(deflated), declared, len(name), 0
    )
    local += header + name + deflated
    central = bytearray(body[cd_start:])
    eocd = central.rfind(b"PK\x05\x06")
    cd_entries = central[:eocd]
    entry = struct.pack(
        "<IHHHHHHIIIHHHHHII",
        0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(deflated), declared, len(name), 0, 0, 0, 0, 0, offset,
    )  # fmt: skip
    cd_entries += entry + name
    count = len(infos) + 1
    eocd_rec = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(cd_entries), len(local), 0
    )
    return bytes(local + cd_entries + eocd_rec)


def test_zip_bomb_that_lies_about_its_size_is_stopped_while_inflating() -> None:
    data = _lying_bomb(real=60_000_000, declared=1000)
    tracemalloc.start()
    try:
        message = refused(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "hỏng" in message or "bom zip" in message
    assert peak < 40_000_000


def test_file_over_100_mb_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.docx"
    with big.open("wb") as fh:
        fh.write(b"PK\x03\x04")
        fh.truncate(100 * 1024 * 1024)  # a sparse 100 MiB file
    tracemalloc.start()
    try:
        with pytest.raises(NotADocxError) as info:
            check_path(str(big))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "quá lớn" in str(info.value)
    assert peak < 5_000_000
    with pytest.raises(NotADocxError, match="quá lớn"):
        check_docx(b"PK" + bytes(MAX_FILE_BYTES))


def test_bomb_memory_in_a_fresh_process(tmp_path: Path) -> None:
    """Whole-process peak memory (lxml and zlib included) stays bounded on a bomb."""
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(_lying_bomb(real=200_000_000, declared=20_000_000))
    code = (
        "import resource, sys\n"
        "from drafter.check import check_path, NotADocxError\n"
        "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "try:\n    check_path(sys.argv[1])\nexcept NotADocxError as e:\n    print('refused', e)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(bomb)], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert lines[0].startswith("refused")
    assert int(lines[-1]) < 150_000  # KiB above the interpreter with drafter loaded


def test_xml_entity_bomb_is_not_expanded() -> None:
    lol = '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {c} "{("&" + chr(ord(c) - 1) + ";") * 10}">' for c in "bcdefghij"
    )
    doc = (
        lol
        + ']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>"
    )
    parts = read_parts(make_docx(p("x")))
    parts["word/document.xml"] = doc.encode()
    data = write_parts(parts)
    try:
        report = check_docx(data)
    except NotADocxError:
        return
    assert isinstance(report, Report)


def test_deeply_nested_tables_do_not_crash() -> None:
    inner = p("x")
    for _ in range(120):
        inner = f'<w:tbl><w:tblGrid><w:gridCol w:w="100"/></w:tblGrid><w:tr><w:tc>{inner}</w:tc></w:tr></w:tbl>'
    try:
        report = check_docx(make_docx(inner + p("")))
    except NotADocxError:
        return
    assert isinstance(report, Report)


# --- random documents -----------------------------------------------------------------


def png_bytes() -> bytes:
    """A 1×1 PNG, enough for python-docx to embed a picture."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0\xff\0\0"))
        + chunk(b"IEND", b"")
    )


TEXTBOX = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent><mc:Choice Requires="wps">'
    '<w:drawing><wp:anchor><wp:positionH relativeFrom="page"><wp:posOffset>{x}</wp:posOffset>'
    '</wp:positionH><wp:extent cx="{cx}" cy="300000"/><a:graphic><a:graphicData><wps:wsp>'
    '<wps:spPr><a:prstGeom prst="{geom}"/></wps:spPr><wps:txbx><w:txbxContent><w:p><w:r><w:t>{text}'
    "</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic>"
    '</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:line from="0,0" to="{x}pt,0"/>'
    "</w:pict></mc:Fallback></mc:AlternateContent></w:r>"
)

FONTS = ["Times New Roman", "Calibri", "Arial", "", "Liberation Serif", "Wingdings"]
text_st = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    max_size=60,
)
VN_LINES = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 12/UBND-VP",
    "Hà Nội, ngày 05 tháng 3 năm 2019",
    "V/v abc",
    "Kính gửi:",
    "- Sở Nội vụ;",
    "Nơi nhận:",
    "- Lưu: VT.",
    "KT. CHỦ TỊCH",
    "KHẨN",
    "CÔNG VĂN",
    "",
]
line_st = st.one_of(st.sampled_from(VN_LINES), text_st)


@st.composite
def random_docx(draw: st.DrawFn) -> bytes:
    rnd = random.Random(draw(st.integers(0, 2**32)))
    doc = Document()
    styles = []
    for i in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from([WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER]))
        style = doc.styles.add_style(f"S{i}", kind)
        if kind == WD_STYLE_TYPE.PARAGRAPH and styles and rnd.random() < 0.5:
            base = rnd.choice(styles)
            if base.type == WD_STYLE_TYPE.PARAGRAPH:
                style.base_style = base
        font = rnd.choice(FONTS)
        if font:
            style.font.name = font
        style.font.size = Pt(rnd.choice([8, 11, 12, 13, 14, 30]))
        style.font.bold = rnd.choice([None, True, False])
        style.font.italic = rnd.choice([None, True, False])
        styles.append(style)
    para_styles = [s.name for s in styles if s.type == WD_STYLE_TYPE.PARAGRAPH]
    char_styles = [s.name for s in styles if s.type == WD_STYLE_TYPE.CHARACTER]

    def fill(container, depth: int) -> None:
        for _ in range(draw(st.integers(0, 6))):
            roll = rnd.random()
            if roll < 0.15 and depth < 3:
                rows, cols = rnd.randint(1, 3), rnd.randint(1, 3)
                table = container.add_table(rows=rows, cols=cols)
                if rnd.random() < 0.5:
                    table.style = "Table Grid"
                for cell in table._cells:
                    if rnd.random() < 0.7:
                        fill(cell, depth + 1)
                if rnd.random() < 0.3:
                    table.cell(0, 0).merge(table.cell(rows - 1, cols - 1))
                continue
            para = container.add_paragraph(style=rnd.choice([None, *para_styles]))
            for _ in range(rnd.randint(0, 3)):
                run = para.add_run(draw(line_st), style=rnd.choice([None, *char_styles]))
                if rnd.random() < 0.3:
                    run.font.name = rnd.choice(FONTS) or None
                if rnd.random() < 0.3:
                    run.font.size = Pt(rnd.choice([6, 12, 13, 14, 72]))
                run.bold = rnd.choice([None, True, False])
                run.underline = rnd.choice([None, True])
                if rnd.random() < 0.1:
                    run.add_break()
            if rnd.random() < 0.1 and depth == 0:
                para.add_run().add_picture(
                    io.BytesIO(png_bytes()), width=Twips(rnd.randint(1, 9000))
                )
            if rnd.random() < 0.1:
                xml = TEXTBOX.format(
                    x=rnd.randint(-5000, 5000),
                    cx=rnd.randint(0, 9_000_000),
                    geom=rnd.choice(["rect", "line"]),
                    text=rnd.choice(VN_LINES) or "x",
                )
                para._p.append(parse_xml(xml))
            para.alignment = rnd.choice([None, 0, 1, 2, 3])
            pf = para.paragraph_format
            if rnd.random() < 0.3:
                pf.first_line_indent = Twips(rnd.randint(-2000, 2000))
            if rnd.random() < 0.3:
                pf.line_spacing = rnd.choice([1.0, 1.15, Pt(18), Pt(0.5)])

    fill(doc, 0)
    sec = doc.sections[0]
    if rnd.random() < 0.5:
        sec.page_width = Twips(rnd.randint(1, 40000))
        sec.left_margin = Twips(rnd.randint(0, 20000))
    if rnd.random() < 0.5:
        sec.different_first_page_header_footer = rnd.random() < 0.5
        sec.header.paragraphs[0].text = draw(line_st)
        sec.first_page_footer.add_paragraph(draw(line_st))
    if rnd.random() < 0.2:
        doc.add_section()
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def no_internal_error(report: Report) -> None:
    internal = [f for f in report.findings if f.element == "Trình kiểm tra"]
    assert internal == [], internal
    for f in report.findings:
        assert f.check.startswith("C") and f.severity in ("error", "warning") and f.message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_docx())
def test_random_word_documents_never_crash(data: bytes) -> None:
    no_internal_error(check_docx(data))


def test_empty_document() -> None:
    out = io.BytesIO()
    Document().save(out)
    report = check_docx(out.getvalue())
    no_internal_error(report)
    assert not report.ok
    assert {"C8", "C18", "C28"} <= report.ids()


@st.composite
def mangled(draw: st.DrawFn) -> bytes:
    """A good letter with random elements deleted, duplicated or given garbage attributes."""
    parts = read_parts(typed())
    root = etree.fromstring(parts["word/document.xml"])
    elements = list(root.iter())
    rnd = random.Random(draw(st.integers(0, 2**32)))
    for _ in range(draw(st.integers(1, 25))):
        el = rnd.choice(elements)
        parent = el.getparent()
        action = rnd.random()
        if action < 0.4 and parent is not None:
            parent.remove(el)
            elements = list(root.iter())
        elif action < 0.6 and parent is not None:
            from copy import deepcopy

            parent.append(deepcopy(el))
            elements = list(root.iter())
        else:
            for attr in list(el.attrib):
                el.set(
                    attr, rnd.choice(["", "-1", "99999999999999", "abc", "1.5e308", "NaN", "2cm"])
                )
    parts["word/document.xml"] = etree.tostring(root)
    return write_parts(parts)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mangled())
def test_mangled_letters_never_crash(data: bytes) -> None:
    try:
        report = check_docx(data)
    except NotADocxError:
        return
    no_internal_error(report)


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=4000), st.integers(0, 10**6))
def test_random_bytes_inside_a_zip_never_crash(noise: bytes, where: int) -> None:
    good = bytearray(typed())
    pos = where % len(good)
    good[pos : pos + len(noise)] = noise
    with contextlib.suppress(NotADocxError):
        no_internal_error(check_docx(bytes(good)))
