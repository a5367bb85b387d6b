"""Benchmark: drafter's render against a naive docxtpl render, in the same run.

The baseline is what most docxtpl code does: a new `DocxTemplate` per letter on the same
template file, `render()`, `save()` to memory. drafter compiles the template once per
process (drafter/render.py). Both get the same context values, so the difference is the
rendering pipeline alone. Target (issue 3): drafter's median at least 3× faster.

Usage: python bench/render.py [-n 300] [--example daklak-1691-ubnd-kgvx.json]
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docxtpl import DocxTemplate  # noqa: E402

from drafter.context import build_context  # noqa: E402
from drafter.model import Letter  # noqa: E402
from drafter.render import make_environment, render_docx, template_path, template_values  # noqa: E402

EXAMPLES = ROOT / "tests" / "fixtures" / "examples"


def timings(fn: Callable[[], object], n: int) -> list[float]:
    fn()  # warm-up: imports, first compile
    out = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered), p99


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=300)
    parser.add_argument("--example", default="daklak-1691-ubnd-kgvx.json")
    args = parser.parse_args()
    letter = Letter.from_dict(json.loads((EXAMPLES / args.example).read_text(encoding="utf-8")))
    path = str(template_path("cong_van"))

    def naive() -> bytes:
        tpl = DocxTemplate(path)
        tpl.render(template_values(build_context(letter)), make_environment())
        buffer = io.BytesIO()
        tpl.save(buffer)
        return buffer.getvalue()

    def drafter() -> bytes:
        return render_docx(letter)

    # Interleave the two so both see the same machine state.
    base, ours = [], []
    for _ in range(3):
        base += timings(naive, args.n // 3)
        ours += timings(drafter, args.n // 3)
    b_med, b_p99 = summary(base)
    d_med, d_p99 = summary(ours)
    print(f"example: {args.example}, n = {len(ours)} renders each")
    print(f"{'':24}{'median':>10}{'p99':>10}")
    print(f"{'naive docxtpl':24}{b_med * 1000:>8.2f}ms{b_p99 * 1000:>8.2f}ms")
    print(f"{'drafter render_docx':24}{d_med * 1000:>8.2f}ms{d_p99 * 1000:>8.2f}ms")
    print(f"ratio (baseline / drafter): median {b_med / d_med:.1f}x, p99 {b_p99 / d_p99:.1f}x")
    print(f"drafter renders per second, one thread: {1 / d_med:.0f}")


if __name__ == "__main__":
    main()
