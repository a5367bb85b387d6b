"""The warm pool under failure: a killed listener comes back, a hung one is ended in time.

These tests kill and freeze real LibreOffice processes, so they use a converter of their
own (one listener) rather than the suite's shared one.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from drafter.pdf import PdfConfig, PdfConverter, PdfError, cold_convert
from tests.conftest import load_example
from tests.pdf.conftest import letter_docx

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def docx() -> bytes:
    return letter_docx(load_example("bo-gddt-bao-cao-so-lieu-thong-ke.json"))


@pytest.fixture(scope="module")
def solo(unoserver: str) -> Iterator[PdfConverter]:
    config = PdfConfig(pool_size=1, timeout=30, unoserver=unoserver)
    with PdfConverter(config) as conv:
        yield conv


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # a zombie still answers kill(0); it is dead for our purposes
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z")
    except (OSError, IndexError):
        return True


def test_killed_listener_is_restarted(solo: PdfConverter, docx: bytes) -> None:
    assert solo.convert(docx).startswith(b"%PDF")
    listener = solo.listeners[0]
    office = listener.office_pids()
    assert office, "no soffice process found for the listener"
    starts = listener.starts
    for pid in office:
        os.kill(pid, signal.SIGKILL)  # LibreOffice crashes
    assert solo.convert(docx).startswith(b"%PDF")
    assert listener.starts == starts + 1
    assert set(listener.office_pids()).isdisjoint(office)
    assert solo.cold_conversions == 0, "a restart is expected, not the cold fallback"


def test_hung_conversion_ends_at_the_timeout_with_a_clear_error(
    solo: PdfConverter, docx: bytes
) -> None:
    assert solo.convert(docx).startswith(b"%PDF")  # warm
    listener = solo.listeners[0]
    group = listener.pid
    assert group is not None
    os.killpg(group, signal.SIGSTOP)  # LibreOffice hangs: alive, never answers
    started = time.monotonic()
    with pytest.raises(PdfError, match="quá thời gian cho phép"):
        solo.convert(docx, timeout=2)
    elapsed = time.monotonic() - started
    assert 1.9 <= elapsed < 8, elapsed
    assert _gone(group), "the hung listener was not killed"
    # the next conversion brings up a fresh listener
    assert solo.convert(docx).startswith(b"%PDF")
    assert listener.pid != group


def test_cold_fallback_when_the_warm_path_is_unavailable(docx: bytes, tmp_path: Path) -> None:
    config = PdfConfig(pool_size=1, unoserver=str(tmp_path / "no-such-unoserver"))
    with PdfConverter(config) as conv:
        assert conv.convert(docx).startswith(b"%PDF")
        assert conv.cold_conversions == 1
        assert not conv.listeners[0].alive()


def test_cold_conversion_has_a_timeout_too(docx: bytes) -> None:
    with pytest.raises(PdfError, match="quá thời gian cho phép"):
        cold_convert(docx, timeout=0.05)


def test_not_a_docx_is_refused_in_vietnamese(solo: PdfConverter) -> None:
    with pytest.raises(PdfError, match=r"không phải là tệp \.docx"):
        solo.convert(b"%PDF-1.4 not a word file")


def test_a_broken_docx_is_an_error_not_a_restart(solo: PdfConverter) -> None:
    listener = solo.listeners[0]
    solo.convert(letter_docx(load_example("daklak-1691-ubnd-kgvx.json")))
    starts = listener.starts
    with pytest.raises(PdfError):
        solo.convert(b"PK\x03\x04" + b"\0" * 200)  # a zip header and nothing else
    assert listener.alive()
    assert listener.starts == starts


# --- Issue 17, item 7: a hung LibreOffice must not hold more than its share --------------------


def test_a_hung_listener_holds_only_its_slots_and_comes_back(docx: bytes, unoserver: str) -> None:
    """One listener, one waiting place: with the listener stopped, of six conversions at
    once four are refused at once; the one converting ends at its timeout, the listener is
    killed and restarted in the background, and the one waiting gets the fresh listener."""
    config = PdfConfig(pool_size=1, queue_size=1, timeout=4, queue_timeout=60, unoserver=unoserver)
    with PdfConverter(config) as conv:
        assert conv.convert(docx).startswith(b"%PDF")  # warm
        listener = conv.listeners[0]
        group, starts = listener.pid, listener.starts
        assert group is not None
        os.killpg(group, signal.SIGSTOP)  # LibreOffice hangs: alive, never answers
        outcomes: list[tuple[float, str]] = []
        barrier = threading.Barrier(6)

        def convert() -> None:
            barrier.wait()
            started = time.monotonic()
            try:
                conv.convert(docx)
                outcome = "pdf"
            except PdfError as err:
                outcome = "busy" if "bận" in str(err) else "timeout"
            outcomes.append((time.monotonic() - started, outcome))

        threads = [threading.Thread(target=convert) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        busy = [t for t, outcome in outcomes if outcome == "busy"]
        assert len(busy) == 4 and max(busy) < 1, outcomes
        assert sorted(o for _t, o in outcomes if o != "busy") == ["pdf", "timeout"], outcomes
        assert _gone(group), "the hung listener was not killed"
        assert listener.starts == starts + 1 and listener.pid != group
        started = time.monotonic()
        assert conv.convert(docx).startswith(b"%PDF")
        assert time.monotonic() - started < 5  # warm again: restarted in the background
