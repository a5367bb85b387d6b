"""Process helpers for the deployment tests (Linux /proc, no extra dependency)."""

from __future__ import annotations

from pathlib import Path


def children(pid: int) -> list[int]:
    """Pids whose parent is `pid` (zombies left out)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return sorted(found)


def workers(pid: int) -> list[int]:
    """The production server's worker processes: its children but multiprocessing's
    resource tracker (workers are spawned, and spawning starts one)."""
    found = []
    for child in children(pid):
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"resource_tracker" not in cmdline:
            found.append(child)
    return found
