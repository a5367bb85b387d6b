"""render_docx(letter) -> bytes: a công văn from its docxtpl template.

docxtpl prepares the template (it cleans Word's run splits out of the Jinja tags and turns
`{%p %}`/`{{r }}` into plain Jinja) and supplies RichText and its line-break handling. What
docxtpl does on every `render()` call but need not — reopen the package, re-serialise and
re-patch every part, recompile the Jinja source — is done here once per template and
process (`CompiledTemplate`); a render then only runs the compiled templates and writes
the zip. Rendering is thread-safe: compiled templates are immutable and each render
writes into its own buffer.

User text is data: it reaches Jinja only as context values (never as template source), the
environment autoescapes and uses StrictUndefined, so `{{ 7*7 }}` prints as typed.
"""

from __future__ import annotations

import io
import re
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate, RichText
from jinja2 import Environment, StrictUndefined, Template
from jinja2.sandbox import SandboxedEnvironment

from drafter import letterdata
from drafter.context import Context, build_context
from drafter.layout import twips
from drafter.model import Letter
from drafter.paths import templates_dir

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_LISTING_CHARS = ("\n", "\t", "\a", "\f")
_LISTING_PARA = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)  # docxtpl's unit
_LITERAL_TAGS = {"{_{": "{{", "}_}": "}}", "{_%": "{%", "%_}": "%}"}
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # a fixed time: the same letter gives the same bytes


def make_environment(*, sandboxed: bool = False) -> Environment:
    """Jinja for .docx XML: autoescaped, strict; sandboxed for user-uploaded templates."""
    cls = SandboxedEnvironment if sandboxed else Environment
    return cls(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)


# --- Per-letter values that live in XML attributes --------------------------------------
# Word cannot open a template with `{{ }}` in a number attribute, so the template holds a
# real default there and the compiled source gets the Jinja expression instead. The
# element is found by its style id (tools/build_templates.py sets them).

_PARA = re.compile(r"<w:p[ >](?:(?!<w:p[ >]).)*?</w:p>", re.DOTALL)
_TABLE = re.compile(r"<w:tbl>(?:(?!<w:tbl>).)*?</w:tbl>", re.DOTALL)
_IND = re.compile(r"<w:ind\b[^>]*>")
_IND_ATTR = re.compile(r'(\bw:(?:left|right|start|end)=")\d+(")')
# The rules whose length depends on the letter: their style id → the indent's variable.
_RULE_INDENTS = {"ND30IssuerRule": "issuer_rule_indent", "ND30TitleRule": "title_rule_indent"}
_WIDTH_ATTR = re.compile(r'(<w:(?:tblW|gridCol|tcW)\b[^>]*?\bw:w=")\d+(")')


def _inject(source: str) -> str:
    def rule(match: re.Match[str]) -> str:
        para = match.group(0)
        for style, name in _RULE_INDENTS.items():
            if f'<w:pStyle w:val="{style}"/>' in para:
                tag = rf"\g<1>{{{{ {name} }}}}\g<2>"
                return _IND.sub(lambda ind, tag=tag: _IND_ATTR.sub(tag, ind.group(0)), para)
        return para

    def stamp(match: re.Match[str]) -> str:
        table = match.group(0)
        if '<w:tblStyle w:val="ND30Stamp"/>' not in table:
            return table
        return _WIDTH_ATTR.sub(r"\g<1>{{ stamp.width }}\g<2>", table)

    return _TABLE.sub(stamp, _PARA.sub(rule, source))


@dataclass(frozen=True)
class _Part:
    """One XML part of the package, compiled: fixed text around a Jinja template."""

    prefix: str
    template: Template
    suffix: str


class CompiledTemplate:
    """A .docx template prepared once; `render(values)` gives a new .docx as bytes."""

    def __init__(self, source: Path | bytes, *, sandboxed: bool = False) -> None:
        """`source`: the template's file, or its bytes (an agency's template from the
        store, already checked by drafter.usertemplate)."""
        self.path = source if isinstance(source, Path) else None
        self._env = make_environment(sandboxed=sandboxed)
        opened = str(source) if isinstance(source, Path) else io.BytesIO(source)
        self._docxtpl = DocxTemplate(opened)
        self._docxtpl.init_docx()
        zsource = source if isinstance(source, Path) else io.BytesIO(source)
        with zipfile.ZipFile(zsource) as package:
            members = [(info, package.read(info.filename)) for info in package.infolist()]
        # the letter's unprinted data goes into docProps/custom.xml at each render
        self._members, self._custom_base = letterdata.prepare_members(members)
        self._parts: dict[str, _Part] = {}
        # each compiled part's Jinja source, for drafter.usertemplate to check its tags
        self.sources: dict[str, str] = {}
        self._compile_document()
        self._compile_headers_footers()
        self._infos = {
            info.filename: info for info, _ in self._members if info.filename in self._parts
        }
        self._static = self._static_package()

    def _compile(self, source: str, name: str) -> Template:
        source = _inject(self._docxtpl.patch_xml(source))
        # docxtpl's escapes for a literal tag ({_{ → {{) are resolved here, in the template
        # source, and not by docxtpl's replace on the rendered XML, which would also
        # rewrite what a user typed.
        for escaped, literal in _LITERAL_TAGS.items():
            source = source.replace(escaped, "{{ " + repr(literal) + " }}")
        self.sources[name] = source
        return self._env.from_string(source)

    def _compile_document(self) -> None:
        original = dict((info.filename, data) for info, data in self._members)["word/document.xml"]
        text = original.decode("utf-8")
        start = text.index("<w:body")
        end = text.rindex("</w:body>") + len("</w:body>")
        body = self._compile(self._docxtpl.get_xml(), "word/document.xml")
        self._parts["word/document.xml"] = _Part(text[:start], body, text[end:])

    def _compile_headers_footers(self) -> None:
        tpl = self._docxtpl
        for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
            for _, part in tpl.get_headers_footers(uri):
                source = tpl.get_part_xml(part)
                if "{" not in source:
                    continue
                name = str(part.partname).lstrip("/")
                self._parts[name] = _Part(XML_DECLARATION, self._compile(source, name), "")

    def _render_part(self, part: _Part, values: dict[str, Any]) -> bytes:
        xml = part.template.render(values)
        if any(ch in xml for ch in _LISTING_CHARS):
            xml = _LISTING_PARA.sub(self._resolve_listing, xml)  # \n → <w:br/>, \t → <w:tab/>
        return (part.prefix + xml + part.suffix).encode("utf-8")

    def _resolve_listing(self, match: re.Match[str]) -> str:
        """docxtpl's resolve_listing works paragraph by paragraph and changes only those
        holding a listing character; giving it just those makes the same bytes in a
        fraction of the time (a broken V/v line would otherwise cost a third of a render)."""
        para = match.group(0)
        if any(ch in para for ch in _LISTING_CHARS):
            return str(self._docxtpl.resolve_listing(para))
        return para

    def _static_package(self) -> bytes:
        """The parts without tags, compressed once: every render starts from a copy."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
            for info, data in self._members:
                if info.filename not in self._parts:
                    package.writestr(info, data)
        return out.getvalue()

    def render(self, values: dict[str, Any], unprinted: dict[str, Any] | None = None) -> bytes:
        """The filled .docx: a copy of the static parts plus the rendered ones, and the
        custom properties holding `unprinted` (drafter.letterdata: the letter's data that
        the page does not print)."""
        rendered = [(name, self._render_part(part, values)) for name, part in self._parts.items()]
        out = io.BytesIO(self._static)
        out.seek(0, io.SEEK_END)
        with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
            for name, data in rendered:
                # a fresh ZipInfo each time: zipfile writes sizes and offsets into it
                template = self._infos[name]
                info = zipfile.ZipInfo(name, date_time=template.date_time)
                info.external_attr = template.external_attr
                info.compress_type = zipfile.ZIP_DEFLATED
                package.writestr(info, data)
            info = zipfile.ZipInfo(letterdata.CUSTOM_PART, date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, letterdata.custom_xml(unprinted, self._custom_base))
        return out.getvalue()


_cache: dict[str, CompiledTemplate] = {}
_cache_lock = threading.Lock()


def template_path(name: str) -> Path:
    """The file of a built-in template by key (`cong_van` → templates_docx/cong_van.docx)."""
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise ValueError(f"invalid template name: {name!r}")
    return templates_dir() / f"{name}.docx"


def compiled(name: str = "cong_van") -> CompiledTemplate:
    """The compiled template for `name`, compiled on first use, then shared by all threads."""
    found = _cache.get(name)
    if found is None:
        with _cache_lock:
            found = _cache.get(name)
            if found is None:
                found = _cache[name] = CompiledTemplate(template_path(name))
    return found


def _rich(text: str, **props: Any) -> RichText:
    return RichText(text, **props)


def template_values(ctx: Context) -> dict[str, Any]:
    """The context as the template's variables: runs become docxtpl RichText."""
    body = []
    for para in ctx.body:
        rich = RichText()
        for run in para.runs:
            rich.add(run.text, bold=run.bold, italic=run.italic)
        body.append({"rich": rich, "centred": para.centred})
    title = ctx.title
    return {
        "chu_quan": {
            "lines": [_rich(t, size=ctx.chu_quan.half_points) for t in ctx.chu_quan.lines]
        },
        "issuer": {"lines": [_rich(t, size=ctx.issuer.half_points) for t in ctx.issuer.lines]},
        "issuer_rule_indent": twips(ctx.issuer_rule.indent),
        "so_line": ctx.so_line,
        "vv_line": ctx.vv_line,
        "date": _rich(ctx.date_line, size=round(ctx.date_size.pt * 2)),
        "stamps": [{"text": s.text, "width": twips(s.width)} for s in ctx.stamps],
        "kinh_gui": {"single": ctx.kinh_gui_single, "lines": ctx.kinh_gui},
        "body": body,
        "noi_nhan": ctx.noi_nhan,
        "signature": {"titles": ctx.signature_titles, "name": ctx.signature_name},
        "dia_chi": ctx.dia_chi,
        "title": {"name": title.name, "lines": title.lines} if title else None,
        "title_rule_indent": twips(title.rule.indent) if title else 0,
        "decision": ctx.decision,
    }


def render_docx(
    letter: Letter,
    template: str | CompiledTemplate | None = None,
    *,
    year: int | None = None,
) -> bytes:
    """The .docx of `letter` from its kind's template, or `template` (a built-in's name, or
    a compiled agency template); `year` fills an undated draft (default: the current year)."""
    chosen = (
        template
        if isinstance(template, CompiledTemplate)
        else compiled(template or letter.definition.template)
    )
    values = template_values(build_context(letter, year=year))
    return chosen.render(values, letterdata.letter_data(letter))
