"""An agency's own Word template for a kind: accepted only when it is safe and right.

A quản trị may replace drafter's template of a kind by the agency's own (a logo, a
contact footer, another Nơi nhận spacing), made in Word from drafter's template. Before
it is stored, `check_template(data, kind)` runs the acceptance of docs/templates.md:

1. the package is safe (drafter.docx.package: size caps, zip bombs, no DTD or entities;
   drafter.docx.safety: no macros, ActiveX or OLE objects, nothing fetched from outside
   the file, such as a remote image or an attached template);
2. every Jinja tag is one drafter knows: the template's expressions are checked against
   the kind's context (`context_schema`: the names, attributes and list items that
   `drafter.render.template_values` gives) before anything renders; an unknown name, an
   attribute starting with `_`, a function call, arithmetic, an unknown filter … are each
   refused with the tag and the paragraph it is in;
3. it renders every example letter of the kind (`drafter/data/samples/`) in Jinja's
   sandboxed environment with autoescape (`make_environment(sandboxed=True)`), so even a
   tag that slipped through could neither run nor leak anything;
4. every rendered letter passes `drafter check` (and, when a PDF converter is given, the
   page checks) as well as drafter's own template does: an error the built-in template
   does not have on the same letter refuses the template, with the findings.

`Verdict.status` is `accepted`, `layout` (4 failed) or `invalid` (1–3 failed): the exit
codes 0, 1, 2 of `drafter template check`. An accepted template is compiled once per
process (`compiled_template`, by its SHA-256) and rendered like a built-in one.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docxtpl import RichText
from jinja2 import TemplateSyntaxError, nodes
from jinja2.exceptions import SecurityError, TemplateError, UndefinedError

from drafter import letterdata
from drafter.check import Finding, NotADocxError, check_docx
from drafter.check.findings import ERROR
from drafter.context import build_context
from drafter.docx.package import megabytes, open_package
from drafter.docx.safety import inspect_package
from drafter.kinds import known_kinds, load_kind
from drafter.model import Letter
from drafter.render import CompiledTemplate, compiled, make_environment, template_values

__all__ = [
    "MAX_TEMPLATE_BYTES",
    "Schema",
    "Verdict",
    "check_template",
    "compiled_template",
    "context_schema",
    "jinja_problems",
    "samples",
]

MAX_TEMPLATE_BYTES = 10 * 1000 * 1000  # a template with a logo is well under 1 MB
SAMPLES = Path(__file__).resolve().parent / "data" / "samples"
SAFE_FILTERS = frozenset(
    {
        "upper", "lower", "title", "capitalize", "trim", "length", "count", "first", "last",
        "default", "d", "join", "replace", "string", "int", "float", "round", "truncate",
        "wordcount", "center", "e", "escape", "list", "reverse", "abs", "striptags",
    }
)  # fmt: skip
SAFE_TESTS = frozenset(
    {
        "defined", "undefined", "none", "number", "string", "sequence", "iterable", "mapping",
        "divisibleby", "even", "odd", "eq", "ne", "lt", "le", "gt", "ge", "in", "true",
        "false", "boolean", "integer", "float", "lower", "upper", "sameas",
    }
)  # fmt: skip
LOOP_ATTRS = frozenset(
    {"index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0"}
)
PART_NAMES = {"word/document.xml": "thân văn bản"}


# --- the kind's context, as the template sees it ------------------------------------------------


@dataclass
class Schema:
    """What a value of the context is: leaf kinds (`text`, `rich`, `number`, `bool`,
    `none`), the keys of a mapping, the items of a list. Merged over the examples."""

    leaves: set[str] = field(default_factory=set)
    keys: dict[str, Schema] | None = None
    item: Schema | None = None

    @classmethod
    def of(cls, value: Any) -> Schema:
        s = cls()
        s.add(value)
        return s

    def add(self, value: Any) -> None:
        if isinstance(value, dict):
            self.keys = self.keys if self.keys is not None else {}
            for k, v in value.items():
                self.keys.setdefault(str(k), Schema()).add(v)
        elif isinstance(value, list | tuple):
            self.item = self.item or Schema()
            for v in value:
                self.item.add(v)
        elif isinstance(value, RichText):
            self.leaves.add("rich")
        elif isinstance(value, bool):
            self.leaves.add("bool")
        elif isinstance(value, int | float):
            self.leaves.add("number")
        elif value is None:
            self.leaves.add("none")
        else:
            self.leaves.add("text")

    @property
    def is_list(self) -> bool:
        return self.item is not None


# What `drafter.render.template_values` gives every template, declared: a leaf kind, a
# mapping of names, or a one-item list for a list of such items. `title` and `decision`
# are None for the kinds without a title block or without Điều (tests check the
# declaration against template_values on every example).
CONTEXT: dict[str, Any] = {
    "chu_quan": {"lines": ["rich"]},
    "issuer": {"lines": ["rich"]},
    "issuer_rule_indent": "number",
    "so_line": "text",
    "vv_line": "text",
    "date": "rich",
    "stamps": [{"text": "text", "width": "number"}],
    "kinh_gui": {"single": "bool", "lines": ["text"]},
    "body": [{"rich": "rich", "centred": "bool"}],
    "noi_nhan": ["text"],
    "signature": {"titles": ["text"], "name": "text"},
    "dia_chi": ["text"],
    "title": {"name": "text", "lines": ["text"]},
    "title_rule_indent": "number",
    "decision": {"authority": "text", "grounds": ["text"], "heading": "text"},
}
OPTIONAL = ("title", "decision")  # None for a kind whose examples never have them


def _declared(spec: Any) -> Schema:
    if isinstance(spec, dict):
        return Schema(keys={k: _declared(v) for k, v in spec.items()})
    if isinstance(spec, list):
        return Schema(item=_declared(spec[0]))
    return Schema({str(spec)})


def samples(kind: str) -> list[tuple[str, dict[str, Any]]]:
    """The example letters of a kind (name, letter dict), which every template must print."""
    path = SAMPLES / f"{kind}.json"
    if not path.is_file():
        return []
    return [(s["name"], s["letter"]) for s in json.loads(path.read_text(encoding="utf-8"))]


@functools.cache
def context_schema(kind: str) -> Schema:
    """The template context of `kind`: the declaration, with `title`/`decision` left as
    None when no example letter of the kind has them."""
    schema = _declared(CONTEXT)
    assert schema.keys is not None
    values = [_values(data) for _, data in samples(kind)]
    for name in OPTIONAL:
        if all(v.get(name) is None for v in values):
            schema.keys[name] = Schema({"none"})
        else:
            schema.keys[name].leaves.add("none")
    return schema


# --- the Jinja check ----------------------------------------------------------------------------

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_PARA = re.compile(r"<w:p[ >]")
_XML_TAG = re.compile(r"<[^>]+>")


class _Tags:
    """The tags of one compiled part, to say where a problem is: the tag, the paragraph."""

    def __init__(self, part: str, source: str) -> None:
        self.part = PART_NAMES.get(part, _part_label(part))
        self.source = source
        self.tags = [(m.start(), m.group(0)) for m in _TAG.finditer(source)]

    def where(self, *words: str) -> str:
        for pos, tag in self.tags:
            if all(w in tag for w in words):
                n = len(_PARA.findall(self.source, 0, pos))
                text = _paragraph_text(self.source, pos)
                shown = f" (“{text}”)" if text else ""
                return f"thẻ “{_squash(tag)}” ở {self.part}, đoạn {max(n, 1)}{shown}"
        return f"ở {self.part}"


def _part_label(part: str) -> str:
    if "header" in part:
        return f"đầu trang ({part.rsplit('/', 1)[-1]})"
    if "footer" in part:
        return f"chân trang ({part.rsplit('/', 1)[-1]})"
    return part


def _squash(text: str) -> str:
    text = " ".join(_XML_TAG.sub("", text).split())
    return text if len(text) <= 80 else text[:79] + "…"


def _paragraph_text(source: str, pos: int) -> str:
    start = max(source.rfind("<w:p>", 0, pos), source.rfind("<w:p ", 0, pos))
    end = source.find("</w:p>", pos)
    if start < 0 or end < 0:
        return ""
    text = " ".join(_XML_TAG.sub("", source[start:end]).split())
    return text if len(text) <= 70 else text[:69] + "…"


class _Checker:
    """Walks a template's syntax tree; every expression must stay inside the schema."""

    def __init__(self, schema: Schema, tags: _Tags, kind_title: str) -> None:
        self.schema = schema
        self.tags = tags
        self.kind = kind_title
        self.problems: list[str] = []

    def fail(self, message: str, *words: str) -> None:
        text = f"{message} ({self.tags.where(*words)})"
        if text not in self.problems:
            self.problems.append(text)

    # statements -----------------------------------------------------------------------
    def body(self, stmts: list[nodes.Node], scope: dict[str, Schema | None]) -> None:
        for stmt in stmts:
            self.stmt(stmt, scope)

    def stmt(self, node: nodes.Node, scope: dict[str, Schema | None]) -> None:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if not isinstance(child, nodes.TemplateData):
                    self.expr(child, scope)
        elif isinstance(node, nodes.If):
            self.expr(node.test, scope)
            self.body(node.body, scope)
            for elif_ in node.elif_:
                self.stmt(elif_, scope)
            self.body(node.else_, scope)
        elif isinstance(node, nodes.For):
            self._for(node, scope)
        elif isinstance(node, nodes.Assign) and isinstance(node.target, nodes.Name):
            scope[node.target.name] = self.expr(node.node, scope)
        else:
            word = _STATEMENT_WORDS.get(type(node).__name__, type(node).__name__.lower())
            self.fail(f"Lệnh “{word}” không được dùng trong mẫu", word)

    def _for(self, node: nodes.For, scope: dict[str, Schema | None]) -> None:
        if node.recursive:
            self.fail("Vòng lặp đệ quy (recursive) không được dùng trong mẫu", "recursive")
        it = self.expr(node.iter, scope)
        inner = dict(scope)
        item = it.item if it is not None and it.is_list else None
        if it is not None and not it.is_list:
            self.fail(
                "Vòng lặp “for” chỉ lặp trên một danh sách của ngữ cảnh", "for", _path(node.iter)
            )
        names = (
            [node.target]
            if isinstance(node.target, nodes.Name)
            else list(getattr(node.target, "items", []))
        )
        for target in names:
            if isinstance(target, nodes.Name):
                inner[target.name] = item if len(names) == 1 else None
        inner["loop"] = Schema(keys={k: Schema({"number", "bool"}) for k in LOOP_ATTRS})
        if node.test is not None:
            self.expr(node.test, inner)
        self.body(node.body, inner)
        self.body(node.else_, scope)

    # expressions ----------------------------------------------------------------------
    def expr(self, node: nodes.Node, scope: dict[str, Schema | None]) -> Schema | None:
        """The schema of `node`'s value (None: a value of unknown shape), problems noted."""
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if self.schema.keys is not None and node.name in self.schema.keys:
                return self.schema.keys[node.name]
            self.fail(f"Biến “{node.name}” không có trong ngữ cảnh của {self.kind}", node.name)
            return None
        if isinstance(node, nodes.Const):
            if not isinstance(node.value, str | int | float | bool | type(None)):
                self.fail("Hằng số không hợp lệ trong mẫu")
            return Schema({"const"})
        if isinstance(node, nodes.Getattr):
            return self._attr(node, scope)
        if isinstance(node, nodes.Getitem):
            return self._item(node, scope)
        if isinstance(node, nodes.Neg | nodes.Pos) and isinstance(node.node, nodes.Const):
            return Schema({"const"})
        if isinstance(node, nodes.Compare):
            self.expr(node.expr, scope)
            for op in node.ops:
                self.expr(op.expr, scope)
            return Schema({"bool"})
        if isinstance(node, nodes.And | nodes.Or):
            self.expr(node.left, scope)
            self.expr(node.right, scope)
            return None
        if isinstance(node, nodes.Not):
            self.expr(node.node, scope)
            return Schema({"bool"})
        if isinstance(node, nodes.CondExpr):
            self.expr(node.test, scope)
            a = self.expr(node.expr1, scope)
            if node.expr2 is not None:
                self.expr(node.expr2, scope)
            return a
        if isinstance(node, nodes.Concat):
            for child in node.nodes:
                self.expr(child, scope)
            return Schema({"text"})
        if isinstance(node, nodes.List | nodes.Tuple):
            for child in node.items:
                self.expr(child, scope)
            return Schema(item=Schema({"const"}))
        if isinstance(node, nodes.Filter):
            return self._filter(node, scope)
        if isinstance(node, nodes.Test):
            if node.name not in SAFE_TESTS:
                self.fail(f"Phép thử “{node.name}” không được dùng trong mẫu", node.name)
            self.expr(node.node, scope)
            self._args(node, scope)
            return Schema({"bool"})
        if isinstance(node, nodes.Call):
            self.fail("Mẫu không được gọi hàm hay phương thức (dấu “( )” sau một tên)", "(")
            return None
        if isinstance(node, nodes.BinExpr | nodes.UnaryExpr):
            self.fail(
                f"Phép tính “{getattr(node, 'operator', '?')}” không được dùng trong mẫu",
                getattr(node, "operator", ""),
            )
            return None
        self.fail(f"Cú pháp “{type(node).__name__}” không được dùng trong mẫu")
        return None

    def _attr(self, node: nodes.Getattr, scope: dict[str, Schema | None]) -> Schema | None:
        attr = node.attr
        if attr.startswith("_"):
            self.fail(f"Thuộc tính “{attr}” không được dùng trong mẫu (tên bắt đầu bằng “_”)", attr)
            return None
        base = self.expr(node.node, scope)
        if base is None:
            return None
        if base.keys is not None and attr in base.keys:
            return base.keys[attr]
        path = _path(node.node)
        self.fail(
            f"“{path}.{attr}” không có trong ngữ cảnh của {self.kind}"
            if path
            else f"Thuộc tính “{attr}” không có trong ngữ cảnh của {self.kind}",
            attr,
        )
        return None

    def _item(self, node: nodes.Getitem, scope: dict[str, Schema | None]) -> Schema | None:
        base = self.expr(node.node, scope)
        arg = node.arg
        if isinstance(arg, nodes.Slice):
            for bound in (arg.start, arg.stop, arg.step):
                if bound is not None and not _const_int(bound):
                    self.fail("Chỉ số cắt danh sách phải là số nguyên", "[")
            return base
        if _const_int(arg):
            if base is not None and not base.is_list:
                self.fail("Chỉ lấy phần tử theo số thứ tự từ một danh sách", "[")
                return None
            return base.item if base is not None else None
        if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
            key = arg.value
            if key.startswith("_"):
                self.fail(f"Khóa “{key}” không được dùng trong mẫu", key)
                return None
            if base is not None and base.keys is not None and key in base.keys:
                return base.keys[key]
            self.fail(f"Khóa “{key}” không có trong ngữ cảnh của {self.kind}", key)
            return None
        self.fail("Chỉ số trong “[ ]” phải là một số nguyên hoặc một tên cố định", "[")
        return None

    def _filter(self, node: nodes.Filter, scope: dict[str, Schema | None]) -> Schema | None:
        if node.name not in SAFE_FILTERS:
            self.fail(f"Bộ lọc “{node.name}” không được dùng trong mẫu", node.name)
        base = self.expr(node.node, scope) if node.node is not None else None
        self._args(node, scope)
        if node.name in ("first", "last"):
            return base.item if base is not None and base.is_list else None
        if node.name in ("default", "d", "list", "reverse"):
            return base
        return Schema({"text"})

    def _args(self, node: nodes.Filter | nodes.Test, scope: dict[str, Schema | None]) -> None:
        if node.dyn_args is not None or node.dyn_kwargs is not None:
            self.fail("Tham số “*”/“**” không được dùng trong mẫu", "*")
        for arg in node.args:
            self.expr(arg, scope)
        for kw in node.kwargs:
            if kw.key == "attribute":
                self.fail("Tham số “attribute=” không được dùng trong mẫu", "attribute")
            self.expr(kw.value, scope)


_STATEMENT_WORDS = {
    "Macro": "macro",
    "CallBlock": "call",
    "FilterBlock": "filter",
    "With": "with",
    "Include": "include",
    "Import": "import",
    "FromImport": "from … import",
    "Extends": "extends",
    "Block": "block",
    "ExprStmt": "do",
    "AssignBlock": "set … endset",
    "Assign": "set",
    "ScopedEvalContextModifier": "autoescape",
    "EvalContextModifier": "autoescape",
    "Continue": "continue",
    "Break": "break",
    "Scope": "scope",
}


def _const_int(node: nodes.Node) -> bool:
    if isinstance(node, nodes.Neg | nodes.Pos):
        node = node.node
    return isinstance(node, nodes.Const) and type(node.value) is int


def _path(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        base = _path(node.node)
        return f"{base}.{node.attr}" if base else ""
    return ""


def jinja_problems(template: CompiledTemplate, kind: str) -> list[str]:
    """Every tag of a compiled template that is not drafter's to use, with its place."""
    schema = context_schema(kind)
    env = make_environment(sandboxed=True)
    title = load_kind(kind).title.lower()
    problems: list[str] = []
    for part, source in template.sources.items():
        tags = _Tags(part, source)
        checker = _Checker(schema, tags, title)
        checker.body(env.parse(source).body, {})
        problems += checker.problems
    return problems


# --- the acceptance -----------------------------------------------------------------------------


@dataclass
class Verdict:
    """The outcome of `check_template`: why a template is refused, or that it is accepted."""

    kind: str
    reasons: list[str] = field(default_factory=list)  # unsafe or invalid: why
    findings: list[tuple[str, Finding]] = field(default_factory=list)  # (example, error)
    pdf_error: str = ""  # the page checks could not run: why
    examples: int = 0  # example letters rendered and checked
    pages_checked: bool = False

    @property
    def status(self) -> str:
        if self.reasons:
            return "invalid"
        if self.findings or self.pdf_error:
            return "layout"
        return "accepted"

    @property
    def accepted(self) -> bool:
        return self.status == "accepted"

    @property
    def exit_code(self) -> int:
        return {"accepted": 0, "layout": 1, "invalid": 2}[self.status]

    def lines(self) -> list[str]:
        """The verdict as a quản trị reads it, in Vietnamese."""
        title = load_kind(self.kind).title.lower() if self.kind in known_kinds() else self.kind
        if self.status == "invalid":
            head = f"Không nhận mẫu {title}: tệp không an toàn hoặc không hợp lệ."
            return [head, *(f"- {r}" for r in self.reasons)]
        if self.status == "layout":
            out = [
                f"Không nhận mẫu {title}: văn bản in từ mẫu này chưa đúng thể thức "
                f"({len(self.findings)} lỗi mà mẫu gốc của drafter không có)."
            ]
            for example, f in self.findings[:MAX_LISTED]:
                where = f"; {f.location}" if f.location else ""
                text = f.message if f.on_page else f.text
                out.append(f"- [{f.check}] ví dụ “{example}”: {text}{where}")
            if len(self.findings) > MAX_LISTED:
                checks = sorted({f.check for _, f in self.findings[MAX_LISTED:]}, key=_check_no)
                out.append(
                    f"- … và {len(self.findings) - MAX_LISTED} lỗi khác ({', '.join(checks)})."
                )
            if self.pdf_error:
                out.append(f"- Chưa kiểm tra được trên trang in: {self.pdf_error}")
            return out
        pages = " và trên trang in (PDF)" if self.pages_checked else ""
        return [
            f"Nhận mẫu {title}: an toàn, mọi thẻ đều hợp lệ, {self.examples} văn bản ví dụ "
            f"in từ mẫu đều đúng thể thức trên tệp .docx{pages}."
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "status": self.status,
            "accepted": self.accepted,
            "reasons": self.reasons,
            "findings": [{"example": e, **f.to_dict()} for e, f in self.findings],
            "pdf_error": self.pdf_error,
            "examples": self.examples,
            "pages_checked": self.pages_checked,
        }


PageConverter = Callable[[bytes], bytes]
MAX_LISTED = 20  # findings listed one by one; the rest are counted by check


def _check_no(check: str) -> int:
    return int(check[1:]) if check[1:].isdigit() else 99


def _errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == ERROR]


@functools.cache
def _baseline_docx(kind: str) -> dict[str, set[tuple[str, str]]]:
    """The errors drafter's own template has on each example (none, for a công văn)."""
    out = {}
    for name, data in samples(kind):
        report = check_docx(compiled(load_kind(kind).template).render(_values(data)))
        out[name] = {(f.check, f.element) for f in _errors(report.findings)}
    return out


def _values(data: dict[str, Any]) -> dict[str, Any]:
    return template_values(build_context(Letter.from_dict(data), year=2026))


def check_template(
    data: bytes, kind: str = "cong_van", *, pages: PageConverter | None = None
) -> Verdict:
    """Run the acceptance (module docstring) on a template's bytes; `pages` converts a
    .docx to PDF for the page checks (None: the .docx checks only)."""
    verdict = Verdict(kind)
    if kind not in known_kinds():
        verdict.reasons.append(f"Loại văn bản “{kind}” không có trong drafter.")
        return verdict
    if len(data) > MAX_TEMPLATE_BYTES:
        verdict.reasons.append(
            f"Tệp mẫu quá lớn ({megabytes(len(data))}; tối đa {megabytes(MAX_TEMPLATE_BYTES)}). "
            "Một mẫu có logo thường nhỏ hơn 1 MB."
        )
        return verdict
    template = _safe_template(data, kind, verdict)
    if template is None:
        return verdict
    rendered = _render_examples(template, kind, verdict)
    if verdict.reasons:
        return verdict
    baseline = _baseline_docx(kind)
    for name, docx in rendered:
        try:
            report = check_docx(docx)
        except NotADocxError as err:
            verdict.reasons.append(f"Mẫu tạo ra tệp .docx hỏng (ví dụ “{name}”): {err}")
            return verdict
        for f in _errors(report.findings):
            if (f.check, f.element) not in baseline.get(name, set()):
                verdict.findings.append((name, f))
    verdict.examples = len(rendered)
    if pages is not None and not verdict.findings:
        _page_checks(rendered, kind, pages, verdict)
    return verdict


def _safe_template(data: bytes, kind: str, verdict: Verdict) -> CompiledTemplate | None:
    """Steps 1–2: the package, then the tags; the template compiled (not yet run)."""
    try:
        pkg = open_package(data)
        issues = inspect_package(pkg)
    except NotADocxError as err:
        verdict.reasons.append(str(err))
        return None
    if issues:
        verdict.reasons += [str(i) for i in issues]
        return None
    try:
        template = CompiledTemplate(data, sandboxed=True)
    except TemplateSyntaxError as err:
        verdict.reasons.append(f"Thẻ Jinja viết sai ({err.message}).")
        return None
    except Exception as err:  # docxtpl or python-docx cannot open it as a template
        verdict.reasons.append(f"Không mở được tệp làm mẫu ({type(err).__name__}: {err}).")
        return None
    verdict.reasons += jinja_problems(template, kind)
    return None if verdict.reasons else template


def _render_examples(
    template: CompiledTemplate, kind: str, verdict: Verdict
) -> list[tuple[str, bytes]]:
    """Step 3: every example rendered in the sandbox; a failure is a reason."""
    out = []
    for name, data in samples(kind):
        letter = Letter.from_dict(data)
        try:
            out.append((name, template.render(_values(data), letterdata.letter_data(letter))))
        except SecurityError as err:
            verdict.reasons.append(f"Mẫu làm điều bị cấm khi in ví dụ “{name}”: {err}.")
        except UndefinedError as err:
            verdict.reasons.append(f"Mẫu dùng giá trị không có khi in ví dụ “{name}”: {err}.")
        except TemplateError as err:
            verdict.reasons.append(f"Mẫu lỗi khi in ví dụ “{name}”: {err}.")
        except Exception as err:
            verdict.reasons.append(f"Mẫu lỗi khi in ví dụ “{name}” ({type(err).__name__}: {err}).")
        if verdict.reasons:
            break
    return out


def _page_checks(
    rendered: list[tuple[str, bytes]], kind: str, pages: PageConverter, verdict: Verdict
) -> None:
    """Step 4 on paper: each example through LibreOffice and the page checks. An error is
    held against the template only when drafter's own template does not have it on the
    same letter (that one is converted only then: an accepted template costs one PDF per
    example)."""
    from drafter.check.pdf import PdfCheckError, check_pdf
    from drafter.pdf import PdfError

    try:
        for name, docx in rendered:
            errors = _errors(check_pdf(pages(docx)).findings)
            if errors:
                own = _baseline_page_errors(kind, name, pages)
                verdict.findings += [(name, f) for f in errors if (f.check, f.element) not in own]
    except (PdfError, PdfCheckError) as err:
        verdict.pdf_error = str(err)
        return
    verdict.pages_checked = True


_baseline_pages: dict[tuple[str, str], set[tuple[str, str]]] = {}


def _baseline_page_errors(kind: str, name: str, pages: PageConverter) -> set[tuple[str, str]]:
    """The page errors of drafter's own template on one example (kept for the process)."""
    from drafter.check.pdf import check_pdf

    found = _baseline_pages.get((kind, name))
    if found is None:
        data = dict(samples(kind))[name]
        own = compiled(load_kind(kind).template).render(_values(data))
        found = {(f.check, f.element) for f in _errors(check_pdf(pages(own)).findings)}
        _baseline_pages[(kind, name)] = found
    return found


# --- accepted templates, compiled once per process ----------------------------------------------

_cache: OrderedDict[str, CompiledTemplate] = OrderedDict()
_cache_lock = threading.Lock()
CACHE_SIZE = 32


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def compiled_template(sha256: str, load: Callable[[], bytes]) -> CompiledTemplate:
    """The accepted template with this SHA-256, compiled (sandboxed) on first use; `load`
    gives its bytes then (from the store). Thread-safe; the 32 most recent are kept."""
    with _cache_lock:
        found = _cache.get(sha256)
        if found is not None:
            _cache.move_to_end(sha256)
            return found
    data = load()
    if digest(data) != sha256:
        raise ValueError("template bytes do not match their digest")
    template = CompiledTemplate(data, sandboxed=True)
    with _cache_lock:
        _cache[sha256] = template
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return template
