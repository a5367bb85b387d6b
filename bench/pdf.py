"""Benchmark: cold against warm .docx → .pdf conversion of the same letter, in one run.

Cold is what a plain script does: `soffice --headless --convert-to pdf` with a fresh
profile, LibreOffice started and stopped per letter (`drafter.pdf.cold_convert`). Warm is
drafter's pool (`drafter.pdf.PdfConverter`, one listener already started): the letter
goes over XML-RPC to a running LibreOffice. The two are interleaved (one cold, then
several warm, per round) so that background load hits both alike.
Targets (issue 7): warm median under 300 ms, and at least 3× faster than cold.

Usage: python bench/pdf.py [--rounds 8] [--warm-per-round 4]
       [--example daklak-1691-ubnd-kgvx.json] [--write docs/performance.md]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter.model import Letter  # noqa: E402
from drafter.pdf import PdfConfig, PdfConverter, cold_convert  # noqa: E402
from drafter.render import render_docx  # noqa: E402

EXAMPLES = ROOT / "tests" / "fixtures" / "examples"
SECTION = "## PDF conversion"
WARM_TARGET_MS = 300
RATIO_TARGET = 3.0


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def libreoffice_version(soffice: str) -> str:
    try:
        out = subprocess.run([soffice, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "LibreOffice (version unknown)"
    match = re.search(r"LibreOffice [\d.]+", out.stdout)
    return match.group(0) if match else "LibreOffice (version unknown)"


def measure(docx: bytes, rounds: int, warm_per_round: int) -> tuple[list[float], list[float]]:
    config = PdfConfig(pool_size=1)
    if not config.unoserver:
        raise SystemExit("unoserver not found: run `make bench-pdf` (it makes .venv-uno)")
    cold: list[float] = []
    warm: list[float] = []
    with PdfConverter(config) as conv:
        conv.warm_up()
        conv.convert(docx)  # the first document in a fresh LibreOffice loads the filters
        cold_convert(docx, soffice=config.soffice)  # page cache warm for the cold side too
        for _ in range(rounds):
            start = time.perf_counter()
            cold_convert(docx, soffice=config.soffice)
            cold.append(time.perf_counter() - start)
            for _ in range(warm_per_round):
                start = time.perf_counter()
                conv.convert(docx)
                warm.append(time.perf_counter() - start)
        assert conv.cold_conversions == 0, "the warm side fell back to cold"
    return cold, warm


def section(example: str, cold: list[float], warm: list[float], soffice: str) -> str:
    ms = 1000
    ratio = statistics.median(cold) / statistics.median(warm)
    warm_ok = statistics.median(warm) * ms < WARM_TARGET_MS
    verdict = "met" if warm_ok and ratio >= RATIO_TARGET else "**missed**"
    return f"""{SECTION}

Command: `make bench-pdf` (= `.venv/bin/python bench/pdf.py`).

Cold is a plain `soffice --headless --convert-to pdf` per letter with a fresh profile
(`drafter.pdf.cold_convert`, the fallback and what `drafter pdf` runs once). Warm is the
pool of `drafter.pdf.docx_to_pdf`: a running unoserver + LibreOffice, the letter sent over
XML-RPC on 127.0.0.1 (`PdfConverter`, one listener started before timing). Interleaved:
per round one cold, then {len(warm) // len(cold)} warm conversions.

Measured {date.today().isoformat()}, {example}, {libreoffice_version(soffice)}, \
{os.cpu_count()} cores, Python {platform.python_version()}:

| | runs | median | p95 |
|---|---|---|---|
| cold `soffice --convert-to` | {len(cold)} | {statistics.median(cold) * ms:.0f} ms | {p95(cold) * ms:.0f} ms |
| warm pool | {len(warm)} | {statistics.median(warm) * ms:.0f} ms | {p95(warm) * ms:.0f} ms |
| ratio (cold ÷ warm) | | **{ratio:.1f}×** | {p95(cold) / p95(warm):.1f}× |

Targets (issue 7): warm median under {WARM_TARGET_MS} ms and at least {RATIO_TARGET:g}× \
faster than cold: {verdict}.
Not in these figures: starting a listener, about 6 s (unoserver waits a fixed 5 s for
LibreOffice before it serves), paid once per listener at the first conversion or at
`PdfConverter.warm_up()`, and again after a crash or a timeout.
"""


def write_section(path: Path, text: str) -> None:
    """Replace (or append) this benchmark's section; other sections stay as they are."""
    doc = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.DOTALL | re.MULTILINE)
    if pattern.search(doc):
        doc = pattern.sub(lambda _: text + "\n", doc, count=1)
    else:
        doc = doc.rstrip("\n") + "\n\n" + text
    path.write_text(doc.rstrip("\n") + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--warm-per-round", type=int, default=4)
    parser.add_argument("--example", default="daklak-1691-ubnd-kgvx.json")
    parser.add_argument("--write", type=Path, help="update this file's PDF section")
    args = parser.parse_args()

    data = json.loads((EXAMPLES / args.example).read_text(encoding="utf-8"))
    docx = render_docx(Letter.from_dict(data))
    cold, warm = measure(docx, args.rounds, args.warm_per_round)
    text = section(args.example, cold, warm, PdfConfig().soffice)
    print(text)
    if args.write:
        write_section(args.write, text)
        print(f"updated {args.write}")
    ratio = statistics.median(cold) / statistics.median(warm)
    met = statistics.median(warm) * 1000 < WARM_TARGET_MS and ratio >= RATIO_TARGET
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
