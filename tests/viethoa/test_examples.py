"""Every example letter reviewed by hand: what the rules raise is exactly what is pinned here.

Each pin is a true fault, with the Phụ lục II item that says so; nothing else may be
flagged. The công văn examples are in tests/fixtures/examples; the other kinds are read
from tests/fixtures/examples/kinds once they are copied there, from ../shared until then.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from drafter.viethoa import review_letter

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = (
    ROOT / "tests" / "fixtures" / "examples",
    ROOT / "tests" / "fixtures" / "examples" / "kinds",
)


def example_files(folders: tuple[Path, ...] = FOLDERS) -> dict[str, Path]:
    """Letter files by name, the first folder holding a name winning (copies before ../shared)."""
    found: dict[str, Path] = {}
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.glob("*.json")):
                if path.name != "expected.json":
                    found.setdefault(path.name, path)
    return found


EXAMPLES = example_files()

# file → (rule, path, found, suggestion), in review order. Why each is a fault:
PINNED: dict[str, list[tuple[str, str, str, str]]] = {
    # Published letter: `tại mục II của Kế hoạch số 88-KH/…` cites a part of a specific
    # document, so `Mục` is capitalised (V.7).
    "daklak-1691-ubnd-kgvx.json": [
        ("V5", "noi_dung[1].text", "mục", "Mục"),
    ],
    # Published letter: `trong mối quan hệ với nhân dân trên địa bàn tỉnh`: the special
    # noun Nhân dân (V.1).
    "quangngai-2116-ubnd-nc.json": [
        ("V3", "noi_dung[0].text", "nhân dân", "Nhân dân"),
    ],
    # `dịp Tết Nguyên đán Bính Ngọ`, `đón Tết Nguyên đán`: the decree writes `tết Nguyên
    # đán` (V.8.b); `phục vụ nhân dân`, `vận động nhân dân`: Nhân dân (V.1).
    "ubnd-xa-tan-hoa-truc-tet-binh-ngo.json": [
        ("V7", "trich_yeu", "Tết Nguyên đán", "tết Nguyên đán"),
        ("V3", "noi_dung[0].text", "nhân dân", "Nhân dân"),
        ("V7", "noi_dung[0].text", "Tết Nguyên đán", "tết Nguyên đán"),
        ("V3", "noi_dung[6].text", "nhân dân", "Nhân dân"),
    ],
    # `dịp Tết Trung thu năm 2026`, `phục vụ Tết Trung thu`: `tết Trung thu` (V.8.b).
    "kh-so-y-te-da-nang-kiem-tra-an-toan-thuc-pham.json": [
        ("V7", "trich_yeu", "Tết Trung thu", "tết Trung thu"),
        ("V7", "noi_dung[1].text", "Tết Trung thu", "tết Trung thu"),
    ],
    # `Lịch nghỉ Tết Nguyên đán Bính Ngọ`, `nghỉ Tết Nguyên đán Bính Ngọ`: `tết Nguyên
    # đán` (V.8.b). `nghỉ Tết`, `sau Tết` alone are right and not flagged.
    "tb-so-gddt-ninh-binh-lich-nghi-tet.json": [
        ("V7", "trich_yeu", "Tết Nguyên đán", "tết Nguyên đán"),
        ("V7", "noi_dung[0].text", "Tết Nguyên đán", "tết Nguyên đán"),
    ],
}


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_the_cong_van_examples_are_found() -> None:
    assert len([p for p in EXAMPLES.values() if "kinds" not in p.parts]) >= 10


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_example_findings_are_the_pinned_ones(name: str) -> None:
    findings = review_letter(load(EXAMPLES[name]))
    got = [(f.rule, f.path, f.found, f.suggestion) for f in findings]
    assert got == PINNED.get(name, [])


@pytest.mark.parametrize("name", sorted(PINNED))
def test_every_pin_names_an_example(name: str) -> None:
    assert name in EXAMPLES and PINNED[name]


@pytest.mark.parametrize("name", sorted(PINNED))
def test_pinned_spans_point_at_the_words(name: str) -> None:
    letter = load(EXAMPLES[name])
    for f in review_letter(letter):
        assert _field(letter, f.path)[f.start : f.end] == f.found


def _field(letter: dict[str, Any], path: str) -> str:
    """The text at a field path such as `noi_dung[3].text` or `kinh_gui[1]`."""
    value: Any = letter
    for part in path.replace("]", "").replace("[", ".").split("."):
        value = value[int(part)] if part.isdigit() else value[part]
    assert isinstance(value, str)
    return value


def test_folders_are_searched_in_order(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        folder.mkdir()
        (folder / "x.json").write_text("{}")
        (folder / "expected.json").write_text("{}")
    (second / "y.json").write_text("{}")
    found = example_files((first, second, tmp_path / "missing"))
    assert found == {"x.json": first / "x.json", "y.json": second / "y.json"}
