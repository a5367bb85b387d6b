"""An installed drafter works: the wheel ships the templates, forms, data and web assets."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def test_every_subpackage_is_listed() -> None:
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "drafter").rglob("__init__.py")
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
         "-w", str(out), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (built,) = out.glob("drafter-*.whl")
    return built


def test_wheel_contents(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in [
        "drafter/templates_docx/cong_van.docx",
        "drafter/forms/cong_van.toml",
        "drafter/data/serif_widths.json",
        "drafter/data/legacy_fonts.toml",  # drafter.docx.legacy
        "drafter/data/samples/cong_van.json",  # the acceptance of agency templates
        "drafter/web/templates/base.html",
        "drafter/web/static/app.js",
        "drafter/store/migrations/env.py",
    ]:
        assert needed in names, needed
    assert not any(n.startswith(("tests/", "tools/", "bench/")) for n in names)


def test_installed_wheel_renders(wheel: Path, tmp_path: Path) -> None:
    """Outside the checkout, with site-packages only, `drafter render` still finds its files."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    code = (
        "import json, sys; from drafter.model import Letter; from drafter.render import render_docx;"
        "from drafter.paths import templates_dir;"
        "assert 'site' in str(templates_dir()), templates_dir();"
        "data = render_docx(Letter.from_dict(json.load(open(sys.argv[1]))));"
        "print(len(data))"
    )
    example = ROOT / "tests/fixtures/examples/daklak-1691-ubnd-kgvx.json"
    deps = [p for p in sys.path if p.endswith("site-packages")]
    result = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path[:0] = {[str(target), *deps]!r};" + code,
         str(example)],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 10000
