"""Benchmark: rendered .docx per second over HTTP against the in-process ceiling.

Starts the production server (`drafter serve --production`: granian with the settings of
drafter/web/production.py, access log on, SQLite in a temporary instance folder) on a free
127.0.0.1 port, drives `POST /api/v1/render` with the Đắk Lắk letter using wrk (Debian's
`wrk`, a well-kept load generator) for a fixed time at 1, 4 and 16 concurrent clients, and
prints requests/s, p50, p99 and errors. In the same run it measures the ceiling before,
between and after the levels: one process per core (the server's default worker count)
doing in-process what the endpoint does (JSON body → `Letter.from_dict` → `render_docx`),
with no HTTP; each level's ratio to the ceilings around it is the share of that work HTTP
leaves. `render_docx` alone is printed too. Last, the resident memory of each worker after
warm-up and after the load. wrk runs one thread, on the same two cores as the server.

Targets (issue 8): ≥ 150 .docx/s at 16 clients with p99 ≤ 100 ms and 0 errors; HTTP ≥ 50 %
of the in-process ceiling; ≤ 150 MB resident per worker, growth ≤ 10 % after warm-up.

Usage: python bench/http.py [--duration 30] [--workers N] [--threads N]
(only 127.0.0.1 is contacted)
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is bench/http.py, as the issue names it; run as a script its folder comes first
# on sys.path and would shadow the standard library's `http` package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import secrets  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from concurrent.futures import ProcessPoolExecutor  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter.web.production import settings  # noqa: E402
from tests.deploy.procs import workers as server_workers  # noqa: E402  (from /proc)

LETTER = ROOT / "tests" / "fixtures" / "examples" / "daklak-1691-ubnd-kgvx.json"
VENV_BIN = Path(sys.executable).parent
CONCURRENCY = (1, 4, 16)
CEILING_SECONDS = 8


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not become healthy")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def wrk(url: str, script: Path, clients: int, seconds: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t1", f"-c{clients}", f"-d{seconds}s", "--latency",
         "--timeout", "10s", "-s", str(script), url + "/api/v1/render"],
        capture_output=True, text=True, check=True, timeout=seconds + 60,
    ).stdout  # fmt: skip
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(non2xx.group(1)) if non2xx else 0
    if socket_errors:
        errors += sum(int(g) for g in socket_errors.groups())
    return {
        "clients": clients,
        "requests": requests,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p50": _ms(re.search(r"\s50%\s+(\S+)", out).group(1)),  # type: ignore[union-attr]
        "p99": _ms(re.search(r"\s99%\s+(\S+)", out).group(1)),  # type: ignore[union-attr]
        "errors": errors,
    }


def _render_for(seconds: float, parse: bool = True) -> int:
    """Letters rendered in `seconds`: from the request body's bytes, as the endpoint does
    (JSON, validation, render), or with `parse=False` from a ready Letter (render only)."""
    from drafter.model import Letter
    from drafter.render import render_docx

    body = LETTER.read_bytes()
    letter = Letter.from_dict(json.loads(body))
    render_docx(letter)
    count, deadline = 0, time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        render_docx(Letter.from_dict(json.loads(body)) if parse else letter)
        count += 1
    return count


def ceiling(processes: int, seconds: float, parse: bool = True) -> float:
    """Letters per second of `processes` processes rendering in a loop, no HTTP."""
    with ProcessPoolExecutor(processes) as pool:
        counts = list(pool.map(_render_for, [seconds] * processes, [parse] * processes))
    return sum(counts) / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--workers", type=int, help="default: drafter/web/production.py's")
    parser.add_argument("--threads", type=int, help="default: drafter/web/production.py's")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: tools/system-deps.sh wrk")
    cores = os.cpu_count() or 1
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="drafter-bench-") as tmp:
        script = Path(tmp) / "post.lua"
        script.write_text(
            "wrk.method = 'POST'\n"
            "wrk.headers['Content-Type'] = 'application/json'\n"
            f"local f = io.open('{LETTER}', 'rb')\nwrk.body = f:read('*all')\nf:close()\n"
        )
        env = {
            **os.environ,
            "DRAFTER_SECRET_KEY": secrets.token_urlsafe(32),
            "DRAFTER_INSTANCE_PATH": tmp,
            "DATABASE_URL": f"sqlite:///{tmp}/drafter.sqlite3",
            "DRAFTER_BIND": f"127.0.0.1:{port}",
            "DRAFTER_ACCESS_LOG": "-",  # on, as in production: JSON lines to stdout (discarded)
            "DRAFTER_LOG_LEVEL": "warning",
            # No recycling during the run: the memory figures must be of the same workers.
            "DRAFTER_WORKERS_MAX_RSS": "0",
            # wrk is one client: the anonymous API's rate limit would answer 429 at once.
            "DRAFTER_API_RATE_LIMIT": "0",
        }
        if args.workers:
            env["DRAFTER_WORKERS"] = str(args.workers)
        if args.threads:
            env["DRAFTER_THREADS"] = str(args.threads)
        drafter = str(VENV_BIN / "drafter")
        subprocess.run(
            [drafter, "db", "upgrade"], env=env, cwd=tmp, check=True, capture_output=True
        )
        server = subprocess.Popen(
            [drafter, "serve", "--production"], env=env, cwd=tmp, stdout=subprocess.DEVNULL
        )
        try:
            wait_healthy(url)
            wrk(url, script, 4, 5)  # warm-up: every worker has compiled and rendered
            workers = server_workers(server.pid)
            warm = {pid: rss_mb(pid) for pid in workers}
            # The ceiling is measured before, between and after the load levels (the server
            # idle meanwhile), and each level is compared with the mean of the two around
            # it: the speed of a shared machine drifts within a run.
            ceilings = [ceiling(cores, CEILING_SECONDS)]
            results = []
            for clients in CONCURRENCY:
                results.append(wrk(url, script, clients, args.duration))
                ceilings.append(ceiling(cores, CEILING_SECONDS))
            after = {pid: rss_mb(pid) for pid in workers}
        finally:
            server.terminate()
            server.wait(timeout=30)
    render_only = ceiling(cores, CEILING_SECONDS, parse=False)
    served = sum(int(r["requests"]) for r in results)
    threads = args.threads or settings()["threads"]
    print(f"granian: {len(workers)} workers × {threads} threads; {args.duration} s per level")
    print(f"{'clients':>8}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}"
          f"{'ceiling/s':>11}{'of ceiling':>12}")  # fmt: skip
    for i, r in enumerate(results):
        top = (ceilings[i] + ceilings[i + 1]) / 2
        print(f"{r['clients']:>8}{r['rps']:>10.1f}{r['p50']:>10.1f}{r['p99']:>10.1f}"
              f"{r['errors']:>8}{top:>11.1f}{r['rps'] / top:>11.0%}")  # fmt: skip
    print(
        f"in-process ceiling ({cores} processes = cores, no HTTP; JSON → validate → render), "
        f"measured around the levels: {', '.join(f'{c:.1f}' for c in ceilings)} /s"
    )
    print(f"render_docx alone ({cores} processes, from a ready Letter): {render_only:.1f}/s")
    print(f"renders served during the measured load: {served}")
    for pid in workers:
        growth = after[pid] / warm[pid] - 1 if warm[pid] else 0.0
        print(
            f"worker {pid}: {warm[pid]:.1f} MB after warm-up, {after[pid]:.1f} MB after load ({growth:+.1%})"
        )


if __name__ == "__main__":
    main()
