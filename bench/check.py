"""How long `check_docx` takes on a one-page letter (target: median < 50 ms).

    python bench/check.py [N]

Renders the Đắk Lắk example cut to one page (and the full two-page letter for reference),
the worked quyết định of kinds.md and a one-page giấy mời, then checks each N times in one process, after one warm-up run, and prints the median and
p99 of the whole check and of its reading part (unzip, parse, resolve formatting).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from drafter.check import _Checker, check_docx
from drafter.docx.package import open_package
from drafter.docx.reader import read_document
from drafter.layout import DEFAULT
from drafter.model import Letter
from drafter.render import render_docx
from tests.conftest import load_example

TARGET_MS = 50.0


def letters() -> dict[str, bytes]:
    full = load_example("daklak-1691-ubnd-kgvx.json")
    one_page = load_example("daklak-1691-ubnd-kgvx.json")
    one_page["noi_dung"] = [
        one_page["noi_dung"][0],
        one_page["noi_dung"][1],
        one_page["noi_dung"][-1],
    ]
    decision = load_example("kinds/qd-ubnd-daklak-to-cong-tac-chuyen-doi-so.json")
    invitation = load_example("kinds/gm-ubnd-daklak-doi-thoai-doanh-nghiep.json")
    return {
        "one page (Đắk Lắk, 3 blocks)": render_docx(Letter.from_dict(one_page)),
        "two pages (Đắk Lắk, full)": render_docx(Letter.from_dict(full)),
        "quyết định, two pages (kinds.md §4)": render_docx(Letter.from_dict(decision)),
        "giấy mời, one page (Đắk Lắk)": render_docx(Letter.from_dict(invitation)),
    }


def timed(fn, n: int) -> list[float]:
    fn()  # warm-up: imports, metric table, caches
    out = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def summary(samples: list[float]) -> str:
    samples = sorted(samples)
    p99 = samples[min(len(samples) - 1, round(0.99 * (len(samples) - 1)))]
    return f"median {statistics.median(samples):6.2f} ms   p99 {p99:6.2f} ms"


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    print(f"check_docx, {n} runs each, Python {sys.version.split()[0]}")
    for name, data in letters().items():
        report = check_docx(data)
        assert report.ok, [f.text for f in report.errors]
        total = timed(lambda data=data: check_docx(data), n)
        read = timed(lambda data=data: read_document(open_package(data)), n)
        doc = read_document(open_package(data))
        checks = timed(lambda doc=doc: _Checker(doc, DEFAULT).run(), n)
        print(f"\n{name}: {len(data) / 1024:.0f} KiB")
        print(f"  whole check   {summary(total)}")
        print(f"  reading part  {summary(read)}")
        print(f"  checks only   {summary(checks)}")
        med = statistics.median(total)
        verdict = "meets" if med < TARGET_MS else "MISSES"
        print(f"  {verdict} the target (median < {TARGET_MS:.0f} ms)")


if __name__ == "__main__":
    main()
