"""The acceptance of an agency's own template (drafter.usertemplate): each unsafe or invalid
template refused for the right reason, the built-in ones and one with a logo accepted."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docxtpl import RichText
from jinja2.exceptions import SecurityError

from drafter.check import check_docx
from drafter.kinds import known_kinds
from drafter.model import Letter
from drafter.render import CompiledTemplate, render_docx, template_values
from drafter.usertemplate import (
    CONTEXT,
    MAX_TEMPLATE_BYTES,
    Schema,
    check_template,
    compiled_template,
    context_schema,
    digest,
    samples,
)
from tests.check.builders import read_parts, write_parts
from tests.check.test_robustness import _lying_bomb
from tests.conftest import ALL_EXAMPLE_NAMES, load_example
from tests.usertemplate.builders import (
    as_docm,
    builtin,
    with_attached_template,
    with_dtd,
    with_font,
    with_logo,
    with_margins,
    with_remote_image,
    with_tag,
)


@pytest.mark.parametrize("kind", known_kinds())
def test_builtin_templates_are_accepted(kind: str) -> None:
    verdict = check_template(builtin(kind), kind)
    assert verdict.status == "accepted", verdict.lines()
    assert verdict.examples == len(samples(kind)) >= 2
    assert verdict.exit_code == 0
    assert verdict.lines()[0].startswith("Nhận mẫu")


def refused(data: bytes, kind: str = "cong_van") -> str:
    verdict = check_template(data, kind)
    assert verdict.status == "invalid", verdict.lines()
    assert verdict.exit_code == 2 and not verdict.examples  # nothing rendered
    return "\n".join(verdict.lines())


@pytest.mark.parametrize(
    ("tag", "why"),
    [
        ("{{ ''.__class__.__mro__ }}", "“__mro__” không được dùng"),
        ("{% for x in ().__class__.__base__.__subclasses__() %}{{ x }}{% endfor %}", "gọi hàm"),
        ("{{ config }}", "Biến “config” không có trong ngữ cảnh của công văn"),
        ("{{ request.environ }}", "Biến “request”"),
        ("{{ so_line|safe }}", "Bộ lọc “safe”"),
        ("{{ body|map(attribute='__class__')|list }}", "Bộ lọc “map”"),
        ("{{ stamps|sort(attribute='text')|first }}", "“attribute=”"),
        ("{{ 7*7 }}", "Phép tính “*”"),
        ("{{ issuer.lines.pop() }}", "gọi hàm"),
        ("{{ body[0]['__class__'] }}", "Khóa “__class__”"),
        ("{{ title.name }}", "“title.name” không có trong ngữ cảnh của công văn"),
        ("{% include 'x.xml' %}", "Lệnh “include”"),
        ("{% macro m() %}x{% endmacro %}", "Lệnh “macro”"),
        ("{% for x in so_line %}{{ x }}{% endfor %}", "chỉ lặp trên một danh sách"),
        ("{{ so_line.__len__ }}", "“__len__”"),
        ("{{ loop.cycle }}", "Biến “loop”"),
    ],
)
def test_tags_outside_the_context_are_refused_with_their_place(tag: str, why: str) -> None:
    message = refused(with_tag(builtin(), tag))
    assert why in message
    assert "thân văn bản, đoạn" in message  # where: the part and the paragraph
    assert "{{ so_line }}" in message  # the paragraph's text


def test_unknown_name_says_which_and_where() -> None:
    message = refused(with_tag(builtin(), "{{ ma_so_thue }}"))
    assert "Biến “ma_so_thue” không có trong ngữ cảnh của công văn" in message
    assert "thẻ “{{ ma_so_thue }}”" in message


def test_jinja_syntax_error_is_refused() -> None:
    assert "Thẻ Jinja viết sai" in refused(with_tag(builtin(), "{% if %}"))


def test_the_sandbox_stops_what_the_check_would_have_refused() -> None:
    """Even if a tag got through the check, the sandbox neither runs nor leaks it."""
    for tag in (
        "{{ ''.__class__.__mro__ }}",
        "{% for x in ().__class__.__base__.__subclasses__() %}{{ x }}{% endfor %}",
    ):
        template = CompiledTemplate(with_tag(builtin(), tag), sandboxed=True)
        values = template_values_for("daklak-1691-ubnd-kgvx.json")
        try:
            out = template.render(values)
        except SecurityError:
            continue
        text = b"".join(zipfile.ZipFile(io.BytesIO(out)).read(n) for n in ["word/document.xml"])
        assert b"<class" not in text and b"subclasses" not in text


def template_values_for(name: str) -> dict[str, Any]:
    from drafter.context import build_context

    return template_values(build_context(Letter.from_dict(load_example(name)), year=2026))


@pytest.mark.parametrize(
    ("build", "why"),
    [
        (with_remote_image, "ảnh lấy từ Internet"),
        (with_attached_template, "mẫu đính kèm (attached template)"),
        (as_docm, "macro"),
        (with_dtd, "DTD"),
    ],
    ids=["remote-image", "attached-template", "macro", "dtd"],
)
def test_unsafe_packages_are_refused(build: Any, why: str) -> None:
    assert why in refused(build(builtin()))


def test_a_member_named_outside_the_package_is_refused() -> None:
    parts = read_parts(builtin())
    parts["../../evil.xml"] = b"<x/>"
    assert "tên lạ" in refused(write_parts(parts))


def test_zip_bomb_is_refused() -> None:
    message = refused(_lying_bomb(real=60_000_000, declared=1000))
    assert "bom zip" in message or "hỏng" in message


def test_too_big_and_not_a_docx_are_refused() -> None:
    assert "quá lớn" in refused(b"PK" + bytes(MAX_TEMPLATE_BYTES))
    assert "PDF" in refused(b"%PDF-1.7")


@pytest.mark.parametrize(
    ("build", "check"),
    [
        (lambda d: with_margins(d, 1000), "C2"),
        (lambda d: with_font(d, "Arial"), "C3"),
    ],
    ids=["margins", "font"],
)
def test_a_template_that_breaks_the_layout_is_refused_with_the_findings(
    build: Any, check: str
) -> None:
    verdict = check_template(build(builtin()))
    assert verdict.status == "layout" and verdict.exit_code == 1
    assert {f.check for _, f in verdict.findings} == {check}
    text = "\n".join(verdict.lines())
    assert f"[{check}]" in text and "ví dụ “" in text


def test_a_template_with_a_logo_renders_every_example_and_passes_the_checker() -> None:
    data = with_logo(builtin())
    verdict = check_template(data)
    assert verdict.accepted, verdict.lines()
    template = compiled_template(digest(data), lambda: data)
    for name, letter in samples("cong_van"):
        out = render_docx(Letter.from_dict(letter), template, year=2026)
        assert [f for f in check_docx(out).findings if f.severity == "error"] == [], name
        names = zipfile.ZipFile(io.BytesIO(out)).namelist()
        assert any(n.startswith("word/media/") for n in names)  # the logo is printed


def test_compiled_templates_are_cached_and_checked_against_their_digest() -> None:
    # bytes no other test makes (python-docx stamps the time, so two with_logo() calls in
    # the same second are the same template, and the cache would already hold it)
    data = with_tag(builtin(), "{# " + uuid.uuid4().hex + " #}")
    loads = []

    def load() -> bytes:
        loads.append(1)
        return data

    a = compiled_template(digest(data), load)
    b = compiled_template(digest(data), load)
    assert a is b and len(loads) == 1
    with pytest.raises(ValueError):
        compiled_template("0" * 64, lambda: data)


def test_unknown_kind() -> None:
    verdict = check_template(builtin(), "cong_van_moi")
    assert verdict.status == "invalid" and "không có" in verdict.lines()[1]


# --- the context and the samples -------------------------------------------------------------


def covers(schema: Schema, value: Any, path: str) -> list[str]:
    """Where `value` (from template_values) has something the declaration lacks."""
    if isinstance(value, dict):
        if schema.keys is None:
            return [path]
        out = [f"{path}.{k}" for k in value if k not in schema.keys]
        for k, v in value.items():
            if k in schema.keys:
                out += covers(schema.keys[k], v, f"{path}.{k}")
        return out
    if isinstance(value, list):
        if schema.item is None:
            return [path]
        return [p for v in value for p in covers(schema.item, v, f"{path}[]")]
    if value is None:
        return [] if "none" in schema.leaves or schema.keys is not None else [path]
    if hasattr(value, "__dataclass_fields__"):
        return covers(schema, {k: getattr(value, k) for k in value.__dataclass_fields__}, path)
    if isinstance(value, RichText):
        return [] if "rich" in schema.leaves else [path]
    return [] if schema.leaves else [path]


@pytest.mark.parametrize("name", ALL_EXAMPLE_NAMES)
def test_the_declared_context_covers_what_the_renderer_gives(name: str) -> None:
    data = load_example(name)
    values = template_values_for(name)
    assert set(values) == set(CONTEXT)
    assert covers(context_schema(data["kind"]), values, "") == []


def test_the_samples_are_the_examples() -> None:
    """drafter/data/samples holds copies of the example letters (the acceptance ships them)."""
    by_kind: dict[str, list[Any]] = {}
    for name in ALL_EXAMPLE_NAMES:
        data = load_example(name)
        by_kind.setdefault(data["kind"], []).append([Path(name).stem, data])
    for kind in known_kinds():
        assert [list(s) for s in samples(kind)] == by_kind[kind], kind
    folder = Path(__file__).resolve().parents[2] / "drafter" / "data" / "samples"
    assert sorted(p.stem for p in folder.glob("*.json")) == sorted(known_kinds())
    for path in folder.glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))
