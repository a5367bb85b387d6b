"""Rules of the house that a refactor could silently break (../shared/design.md: "Tests
enforce all four"), computed from the source with `ast`, never from a list kept by hand:

(a) no import cycle in drafter/;
(b) the engine imports neither Flask nor SQLAlchemy;
(c) drafter/store/ imports no Flask;
(d) no blueprint imports another (drafter.web.auth's login helpers aside).

What counts as an import: every `import` and `from … import` statement, at module level
AND inside functions (a lazy import is still a dependency, and still closes a cycle when
it runs), in absolute and relative form, plus `importlib.import_module("literal")`.
`from pkg import name` imports the submodule `pkg.name` when there is one, else `pkg`.
Parent packages are not counted: `import drafter.web.auth` runs drafter/web/__init__.py
first, but a package that re-exports its submodules is the normal pattern, not a cycle.
Imports under `if TYPE_CHECKING:` never run: they are left out of the cycle graph, and
kept for the layer rules (a Flask type in the engine is the engine knowing Flask).

Each detector has a self-test on a small tree written to tmp_path, proving it fires.
"""

from __future__ import annotations

import ast
import filecmp
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "drafter"
SHARED = ROOT.parent / "shared"

FLASK = {"flask", "flask_wtf", "werkzeug", "wtforms"}
DATABASE = {"sqlalchemy", "alembic", "psycopg"}


# --- the import graph -------------------------------------------------------------------------


@dataclass(frozen=True)
class Import:
    source: str  # the importing module, dotted
    target: str  # the imported module, dotted (a submodule when `from pkg import submodule`)
    path: str  # the importing file, relative to the package's parent
    line: int
    lazy: bool  # inside a function
    type_only: bool  # under `if TYPE_CHECKING:`

    def __str__(self) -> str:
        where = "function-level" if self.lazy else "module-level"
        if self.type_only:
            where += ", TYPE_CHECKING"
        return f"{self.source} → {self.target} ({self.path}:{self.line}, {where})"

    @property
    def top(self) -> str:
        return self.target.split(".")[0]


def modules(package: Path) -> dict[str, Path]:
    """Every module of the package by dotted name (a package is its __init__.py)."""
    found: dict[str, Path] = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


@functools.cache  # the real tree is read once per run (a synthetic one per self-test)
def imports(package: Path) -> tuple[Import, ...]:
    """Every import statement of every module of `package` (see the module doc)."""
    known = modules(package)
    found: list[Import] = []
    seen: set[Import] = set()
    for name, path in known.items():
        is_package = path.name == "__init__.py"
        here = name if is_package else name.rpartition(".")[0]
        rel = str(path.relative_to(package.parent))

        def resolve(module: str | None, level: int, here: str = here, name: str = name) -> str:
            if level == 0:
                return module or ""
            base = here.split(".")
            if level > 1:
                base = base[: len(base) - (level - 1)]
            if not base:
                raise AssertionError(f"{name}: relative import beyond the top package")
            return ".".join([*base, module] if module else base)

        def visit(
            node: ast.AST, lazy: bool, type_only: bool, name: str = name, rel: str = rel
        ) -> None:
            def add(target: str, line: int) -> None:
                imp = Import(name, target, rel, line, lazy, type_only)
                if imp not in seen:  # `from x import a, b` of one module: one import
                    seen.add(imp)
                    found.append(imp)

            if isinstance(node, ast.Import):
                for alias in node.names:
                    add(alias.name, node.lineno)
            elif isinstance(node, ast.ImportFrom):
                base = resolve(node.module, node.level)
                for alias in node.names:
                    sub = f"{base}.{alias.name}" if base else alias.name
                    add(sub if sub in known else base, node.lineno)
            elif (
                isinstance(node, ast.Call)
                and (
                    (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
                    or (isinstance(node.func, ast.Name) and node.func.id == "import_module")
                )
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
                and not node.args[0].value.startswith(".")
            ):
                add(node.args[0].value, node.lineno)
            if isinstance(node, ast.If) and _is_type_checking(node.test):
                for child in node.body:
                    visit(child, lazy, True)
                for child in node.orelse:
                    visit(child, lazy, type_only)
                return
            inner = lazy or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            for child in ast.iter_child_nodes(node):
                visit(child, inner, type_only)

        visit(ast.parse(path.read_text(encoding="utf-8"), str(path)), False, False)
    return tuple(found)


def internal_graph(package: Path) -> dict[str, list[Import]]:
    """module → the imports of other modules of the package that run (TYPE_CHECKING out)."""
    known = modules(package)
    graph: dict[str, list[Import]] = {name: [] for name in known}
    for imp in imports(package):
        if imp.target in known and imp.target != imp.source and not imp.type_only:
            graph[imp.source].append(imp)
    return graph


def cycles(graph: dict[str, list[Import]]) -> list[list[Import]]:
    """One cycle per strongly connected component of more than one module (Tarjan), each as
    the chain of imports that closes it, starting from the component's first module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for edge in graph[node]:
            if edge.target not in index:
                connect(edge.target)
                low[node] = min(low[node], low[edge.target])
            elif edge.target in on_stack:
                low[node] = min(low[node], index[edge.target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return [_cycle_in(graph, set(component), component[0]) for component in sorted(components)]


def _cycle_in(graph: dict[str, list[Import]], members: set[str], start: str) -> list[Import]:
    """The shortest chain of imports from `start` back to itself inside one component."""
    paths: dict[str, list[Import]] = {start: []}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for edge in graph[node]:
            if edge.target == start:
                return [*paths[node], edge]
            if edge.target in members and edge.target not in paths:
                paths[edge.target] = [*paths[node], edge]
                queue.append(edge.target)
    raise AssertionError(f"no cycle through {start}")  # pragma: no cover


# --- the rules --------------------------------------------------------------------------------


def _under(module: str, layer: str) -> bool:
    return module == layer or module.startswith(layer + ".")


def is_cli(module: str, top: str = "drafter") -> bool:
    """The command line: the package drafter.cli (drafter/cli/), and until the modules move
    there, drafter/cli.py and the drafter/*_cli.py modules it dispatches to."""
    return _under(module, f"{top}.cli") or (
        module.count(".") == 1 and module.startswith(f"{top}.") and module.endswith("_cli")
    )


def engine_offenders(package: Path) -> list[Import]:
    """(b) The engine is every module of drafter/ outside web/, store/ and the command line:
    it imports neither Flask (flask, flask_wtf, werkzeug, wtforms) nor the database layer
    (sqlalchemy, alembic, psycopg), nor drafter.web or drafter.store (which bring them), at
    any level. The command line obeys the same rule at module level, so `drafter render`
    starts without them; only inside a function (`drafter serve`, `drafter db …`, `drafter
    users …`) may it import drafter.web, drafter.store and their libraries."""
    top = package.name
    layers = (f"{top}.web", f"{top}.store")
    offenders = []
    for imp in imports(package):
        if any(_under(imp.source, layer) for layer in layers):
            continue
        forbidden = imp.top in FLASK | DATABASE or any(_under(imp.target, x) for x in layers)
        if forbidden and not (is_cli(imp.source, top) and imp.lazy):
            offenders.append(imp)
    return offenders


def store_offenders(package: Path) -> list[Import]:
    """(c) drafter/store/ imports no Flask and nothing of drafter/web/, at any level."""
    top = package.name
    return [
        imp
        for imp in imports(package)
        if _under(imp.source, f"{top}.store")
        and (imp.top in FLASK or _under(imp.target, f"{top}.web"))
    ]


def _creates_blueprint(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name == "Blueprint":
                return True
    return False


def blueprint_modules(package: Path) -> set[str]:
    web = f"{package.name}.web"
    return {
        name
        for name, path in modules(package).items()
        if _under(name, web) and _creates_blueprint(path)
    }


def blueprint_offenders(package: Path) -> list[Import]:
    """(d) A module of drafter/web/ that creates a Blueprint imports no other module that
    creates one, except drafter.web.auth (login_required, current_user: as in Flask's
    flaskr tutorial). Shared helpers belong in a module without routes."""
    blueprints = blueprint_modules(package)
    allowed = f"{package.name}.web.auth"
    return [
        imp
        for imp in imports(package)
        if imp.source in blueprints
        and imp.target in blueprints
        and imp.target not in {imp.source, allowed}
    ]


def _listing(items: Iterable[object]) -> str:
    return "\n".join(f"  {item}" for item in items)


def _cycle_text(cycle: list[Import]) -> str:
    chain = " → ".join([cycle[0].source, *(imp.target for imp in cycle)])
    return chain + "\n" + "\n".join(f"      {imp}" for imp in cycle)


# --- the rules on drafter/ ----------------------------------------------------------------------


def test_no_import_cycle() -> None:
    found = cycles(internal_graph(PACKAGE))
    if found:
        pytest.fail(
            f"{len(found)} import cycle(s) in drafter/ (module- and function-level imports):\n"
            + "\n".join(f"  {_cycle_text(cycle)}" for cycle in found),
            pytrace=False,
        )


def test_engine_imports_neither_flask_nor_sqlalchemy() -> None:
    offenders = engine_offenders(PACKAGE)
    if offenders:
        pytest.fail(
            "the engine (drafter/ outside web/, store/ and the command line's lazy imports) "
            f"imports Flask or SQLAlchemy:\n{_listing(offenders)}",
            pytrace=False,
        )


def test_store_imports_no_flask() -> None:
    offenders = store_offenders(PACKAGE)
    if offenders:
        pytest.fail(f"drafter/store/ imports Flask:\n{_listing(offenders)}", pytrace=False)


def test_no_blueprint_imports_another() -> None:
    assert len(blueprint_modules(PACKAGE)) >= 2, "the Blueprint detector finds no blueprints"
    offenders = blueprint_offenders(PACKAGE)
    if offenders:
        pytest.fail(
            "blueprints importing other blueprints (only drafter.web.auth may be imported; "
            f"move shared helpers to a module without routes):\n{_listing(offenders)}",
            pytrace=False,
        )


# Issue 12: a module a newcomer can read in one sitting; above this, split it by concern.
MAX_MODULE_LINES = 900


def test_no_module_is_too_long() -> None:
    sizes = {
        path.relative_to(ROOT).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    assert len(sizes) > 50, "the size check finds no modules"
    long = {name: n for name, n in sizes.items() if n > MAX_MODULE_LINES}
    assert not long, f"modules over {MAX_MODULE_LINES} lines (split them by concern): {long}"


def test_the_graph_sees_the_real_package() -> None:
    """The detectors read the real tree: imports of every form are found."""
    graph = internal_graph(PACKAGE)
    targets = {imp.target for edges in graph.values() for imp in edges}
    assert {"drafter.model", "drafter.render", "drafter.store", "drafter.web.auth"} <= targets
    lazy = [imp for imp in imports(PACKAGE) if imp.lazy and imp.target == "drafter.render"]
    assert lazy, "function-level imports are not seen"


# --- the detectors fire: self-tests on synthetic trees ------------------------------------------


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write `files` (path → source) under root; return the package folder `drafter`."""
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return root / "drafter"


INIT = {"drafter/__init__.py": "", "drafter/sub/__init__.py": "", "drafter/web/__init__.py": ""}


def test_cycle_detector_fires(tmp_path: Path) -> None:
    """A cycle closed by a function-level relative import and a `from pkg import submodule`."""
    package = write_tree(
        tmp_path,
        {
            **INIT,
            "drafter/a.py": "def f():\n    from . import b\n",
            "drafter/b.py": "from drafter.sub import c\n",
            "drafter/sub/c.py": "from drafter import a\n",
            # not cycles: a package re-exporting its submodule, a TYPE_CHECKING import back
            "drafter/web/__init__.py": "from drafter.web.views import page\n",
            "drafter/web/views.py": "import drafter.web.helpers\ndef page(): ...\n",
            "drafter/web/helpers.py": (
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                "    from drafter.web.views import page\n"
            ),
        },
    )
    found = cycles(internal_graph(package))
    assert [[str(imp).split(" (")[0] for imp in cycle] for cycle in found] == [
        ["drafter.a → drafter.b", "drafter.b → drafter.sub.c", "drafter.sub.c → drafter.a"]
    ]
    assert found[0][0].lazy and not found[0][1].lazy
    assert "drafter.a → drafter.b → drafter.sub.c → drafter.a" in _cycle_text(found[0])


def test_cycle_detector_sees_two_module_cycles_and_import_module(tmp_path: Path) -> None:
    package = write_tree(
        tmp_path,
        {
            **INIT,
            "drafter/cli.py": "import drafter.pdf_cli\n",
            "drafter/pdf_cli.py": (
                "import importlib\ndef run():\n    importlib.import_module('drafter.cli')\n"
            ),
        },
    )
    (cycle,) = cycles(internal_graph(package))
    assert [imp.target for imp in cycle] == ["drafter.pdf_cli", "drafter.cli"]


def test_engine_detector_fires(tmp_path: Path) -> None:
    package = write_tree(
        tmp_path,
        {
            **INIT,
            "drafter/store/__init__.py": "import sqlalchemy\n",
            "drafter/model.py": "def f():\n    from werkzeug.utils import secure_filename\n",
            "drafter/render.py": "from .store import Store\n",
            "drafter/pdf.py": "import alembic.command\n",
            "drafter/ok.py": "import lxml\nfrom drafter import model\n",
            "drafter/web/app.py": "import flask\nimport sqlalchemy\n",  # the web layer may
            "drafter/cli/__init__.py": (
                "from drafter.web import app\n"  # module level: no
                "def serve():\n    from drafter.web import app\n    import sqlalchemy\n"  # lazy: yes
            ),
            "drafter/db_cli.py": "def run():\n    from drafter.store import Store\n",
        },
    )
    assert sorted(str(imp).split(" (")[0] for imp in engine_offenders(package)) == [
        "drafter.cli → drafter.web.app",
        "drafter.model → werkzeug.utils",
        "drafter.pdf → alembic.command",
        "drafter.render → drafter.store",
    ]


def test_store_detector_fires(tmp_path: Path) -> None:
    package = write_tree(
        tmp_path,
        {
            **INIT,
            "drafter/store/__init__.py": "import sqlalchemy\n",
            "drafter/store/users.py": "def f():\n    from flask import g\n",
            "drafter/store/forms.py": "from ..web import forms\n",
        },
    )
    assert sorted(str(imp).split(" (")[0] for imp in store_offenders(package)) == [
        "drafter.store.forms → drafter.web",
        "drafter.store.users → flask",
    ]


def test_blueprint_detector_fires(tmp_path: Path) -> None:
    bp = "from flask import Blueprint\nbp = Blueprint('{0}', __name__)\n"
    package = write_tree(
        tmp_path,
        {
            **INIT,
            "drafter/web/auth.py": bp.format("auth"),
            "drafter/web/letters.py": bp.format("letters") + "from drafter.web.auth import ids\n",
            "drafter/web/drafts.py": bp.format("drafts")
            + "from . import letters\ndef f():\n    from drafter.web.api import read\n",
            "drafter/web/api.py": "import flask\nbp = flask.Blueprint('api', __name__)\n",
            "drafter/web/helpers.py": "from drafter.web.letters import bp\n",  # no routes: fine
        },
    )
    assert blueprint_modules(package) == {
        "drafter.web.auth",
        "drafter.web.letters",
        "drafter.web.drafts",
        "drafter.web.api",
    }
    assert sorted(str(imp).split(" (")[0] for imp in blueprint_offenders(package)) == [
        "drafter.web.drafts → drafter.web.api",
        "drafter.web.drafts → drafter.web.letters",
    ]


# --- copies of ../shared --------------------------------------------------------------------------


# A genuine skip: the repository also stands alone (an sdist, a clone elsewhere); the copies
# are compared only where the originals are beside it, as in every checkout of this project.
@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not beside this clone")
@pytest.mark.parametrize(
    ("copy", "original"),
    [
        ("tests/fixtures/examples", "examples"),
        ("tests/fixtures/examples/kinds", "examples/kinds"),
        ("docs/spec", "spec"),
    ],
)
def test_copies_equal_shared_originals(copy: str, original: str) -> None:
    """The repo stands alone with copies of ../shared; they must not drift."""
    theirs = SHARED / original
    ours = ROOT / copy
    names = sorted(p.name for p in theirs.iterdir() if p.is_file())
    assert sorted(p.name for p in ours.iterdir() if p.is_file()) == names
    _match, mismatch, errors = filecmp.cmpfiles(theirs, ours, names, shallow=False)
    assert (mismatch, errors) == ([], [])
