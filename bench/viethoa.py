"""Benchmark: what the viết hoa checks add to a preview, against the preview's own model work.

`review_letter` runs on the longest example letter (by reviewed text) and is compared,
in the same run, with what a preview already does for that letter: `Letter.from_dict`
(validation) + `build_context` (the layout context). Budget (issue 18): the checks add
under 5 ms. The first call of a process also reads data/viethoa.toml and compiles the
patterns; it is timed apart.

Usage: python bench/viethoa.py [-n 500] [--example hostile-text.json]
"""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter import viethoa  # noqa: E402
from drafter.context import build_context  # noqa: E402
from drafter.model import Letter  # noqa: E402

EXAMPLES = ROOT / "tests" / "fixtures" / "examples"
KINDS = (EXAMPLES / "kinds", ROOT.parent / "shared" / "examples" / "kinds")
BUDGET_MS = 5.0


def letters() -> dict[str, dict[str, Any]]:
    """Every example letter by file name (công văn first, then the kinds if present)."""
    out: dict[str, dict[str, Any]] = {}
    for folder in (EXAMPLES, *KINDS):
        for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            if path.name != "expected.json":
                out.setdefault(path.name, json.loads(path.read_text(encoding="utf-8")))
    return out


def reviewed_chars(letter: dict[str, Any]) -> int:
    texts, _ = viethoa.letter_texts(letter)
    return sum(len(text) for _, text in texts)


def timings(fn: Callable[[], object], n: int) -> list[float]:
    fn()
    out = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.99 * len(ordered)))]


def cold_start_ms() -> float:
    """The first review of a process: reading the word lists and compiling the patterns."""
    importlib.reload(viethoa)
    start = time.perf_counter()
    viethoa.review([("a", "UBND Tỉnh Quảng Ngãi")])
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=500)
    parser.add_argument("--example", help="a công văn example (default: the longest one)")
    args = parser.parse_args()
    every = letters()
    cong_van = {k: v for k, v in every.items() if v.get("kind") == "cong_van"}
    name = args.example or max(cong_van, key=lambda k: reviewed_chars(cong_van[k]))
    data = every[name]
    longest = max(every, key=lambda k: reviewed_chars(every[k]))
    cold = cold_start_ms()

    def preview_model() -> object:
        return build_context(Letter.from_dict(data))

    def checks() -> object:
        return viethoa.review_letter(data)

    base: list[float] = []
    ours: list[float] = []
    for _ in range(5):  # interleaved, so both see the same machine state
        base += timings(preview_model, args.n // 5)
        ours += timings(checks, args.n // 5)
    b_med, b_p99 = summary(base)
    c_med, c_p99 = summary(ours)
    print(f"example: {name} ({reviewed_chars(data)} characters of user text reviewed)")
    print(f"longest of all {len(every)} examples: {longest} ({reviewed_chars(every[longest])})")
    print(f"n = {len(ours)} runs each")
    print(f"{'':40}{'median':>10}{'p99':>10}")
    print(f"{'baseline: from_dict + build_context':40}{b_med * 1e3:>8.3f}ms{b_p99 * 1e3:>8.3f}ms")
    print(f"{'review_letter (V1–V9)':40}{c_med * 1e3:>8.3f}ms{c_p99 * 1e3:>8.3f}ms")
    print(f"checks / baseline: median {c_med / b_med:.2f}x, p99 {c_p99 / b_p99:.2f}x")
    print(
        f"best of 7 × 20 runs: baseline {best_of(preview_model) * 1e3:.3f} ms, checks {best_of(checks) * 1e3:.3f} ms"
    )
    print(f"first call of a process (load + compile + review): {cold:.1f} ms")
    per_letter = {k: best_of(lambda v=v: viethoa.review_letter(v)) for k, v in every.items()}
    worst = max(per_letter, key=per_letter.__getitem__)
    print(f"slowest example (best of 7 × 20 runs): {worst}, {per_letter[worst] * 1e3:.3f} ms")
    verdict = "within" if c_med * 1e3 < BUDGET_MS else "OVER"
    print(f"budget {BUDGET_MS:.0f} ms added per preview: median {c_med * 1e3:.3f} ms, {verdict}")
    print("(a p99 near the baseline's p99 is the machine's noise, not the checks)")


def best_of(fn: Callable[[], object], repeats: int = 7, n: int = 20) -> float:
    """The fastest mean of `repeats` batches: the cost without other processes' noise."""
    fn()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - start) / n)
    return best


if __name__ == "__main__":
    main()
