"""`drafter import` on letters made in Word the way people make them (tests/importer/foreign.py),
each construction asserted field by field."""

from __future__ import annotations

from typing import Any

import pytest

from drafter.importer import import_docx
from tests.importer.foreign import EXPECTED, Spec, foreign_letter

SPECS = [
    Spec(),
    Spec(styles=True),
    Spec(header="table3"),
    Spec(header="table3", rules="shape", numbering="auto"),
    Spec(header="tabs"),
    Spec(header="tabs", rules="underscores", closing="tabs", noi_nhan="paras"),
    Spec(header="tabs", rules="shape", closing="above"),
    Spec(rules="underscores", noi_nhan="breaks"),
    Spec(rules="shape", numbering="auto", noi_nhan="breaks", closing="above"),
    Spec(vv_colon=True, date_spaces=True),
    Spec(odd_runs=True),
    Spec(odd_runs=True, styles=True, header="table3", vv_colon=True, date_spaces=True),
    Spec(closing="tabs", numbering="auto"),
    Spec(legacy="tcvn3"),
    Spec(legacy="vni", header="tabs", closing="tabs"),
    Spec(legacy="tcvn3", odd_runs=True, header="table3", numbering="auto"),
]


def fields(letter: dict[str, Any]) -> dict[str, Any]:
    flat = {k: v for k, v in letter.items() if k not in ("ky", "noi_dung")}
    flat.update({f"ky.{k}": v for k, v in letter["ky"].items()})
    flat.update({f"noi_dung[{i}]": b for i, b in enumerate(letter["noi_dung"])})
    flat["noi_dung.count"] = len(letter["noi_dung"])
    return flat


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.id)
def test_field_by_field(spec: Spec) -> None:
    result = import_docx(foreign_letter(spec))
    got, want = fields(result.letter), fields(EXPECTED)
    wrong = {k: (want[k], got.get(k)) for k in want if got.get(k) != want[k]}
    assert not wrong, "\n".join(f"{k}: want {w!r}\n   got {g!r}" for k, (w, g) in wrong.items())
    assert not result.missing, result.missing
    assert result.valid, result.problems
    if spec.legacy:
        assert result.legacy_fonts and result.guessed  # the conversion is said
    else:
        assert not result.guessed, result.guessed
