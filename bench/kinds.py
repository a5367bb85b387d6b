"""Benchmark: rendering every document kind, against the công văn, in the same run.

Each sample validates the JSON letter and renders its .docx (`Letter.from_dict` then
`render_docx`), the work of `drafter render` and `POST /api/v1/render`. The kinds run
interleaved, round after round, so a machine that speeds up or slows down during the run
moves them all alike; each kind is reported as its median and p99, and as the ratio of
its median to the công văn's (target, issue 13: about 1, "as fast as a công văn").

Usage: python bench/kinds.py [-n 300]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter.model import Letter  # noqa: E402
from drafter.render import render_docx  # noqa: E402

EXAMPLES = ROOT / "tests" / "fixtures" / "examples"
BASELINE = "daklak-1691-ubnd-kgvx.json"
CASES = {
    "cong_van": BASELINE,
    "quyet_dinh": "kinds/qd-ubnd-daklak-to-cong-tac-chuyen-doi-so.json",
    "thong_bao": "kinds/tb-ubnd-quang-ngai-ket-luan-giai-ngan.json",
    "ke_hoach": "kinds/kh-so-y-te-da-nang-kiem-tra-an-toan-thuc-pham.json",
    "bao_cao": "kinds/bc-ubnd-xa-hoa-vang-kinh-te-xa-hoi-quy-i.json",
    "to_trinh": "kinds/ttr-ubnd-xa-cat-tien-nha-van-hoa-thon.json",
    "giay_moi": "kinds/gm-ubnd-daklak-doi-thoai-doanh-nghiep.json",
}


def p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=300)
    args = parser.parse_args()
    data = {
        k: json.loads((EXAMPLES / name).read_text(encoding="utf-8")) for k, name in CASES.items()
    }
    for letter in data.values():  # warm-up: imports, first compile of each template
        render_docx(Letter.from_dict(letter))
    samples: dict[str, list[float]] = {k: [] for k in CASES}
    for _ in range(args.n):
        for key, letter in data.items():
            start = time.perf_counter()
            render_docx(Letter.from_dict(letter))
            samples[key].append(time.perf_counter() - start)
    base = statistics.median(samples["cong_van"])
    print(f"{'kind':<12} {'median ms':>10} {'p99 ms':>8} {'÷ công văn':>11}   example")
    for key, values in samples.items():
        median = statistics.median(values)
        print(
            f"{key:<12} {median * 1000:>10.2f} {p99(values) * 1000:>8.2f} "
            f"{median / base:>11.2f}   {CASES[key]}"
        )


if __name__ == "__main__":
    main()
