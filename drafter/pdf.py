""".docx → .pdf through LibreOffice Writer, kept warm.

Starting LibreOffice costs seconds; converting a letter in a running one costs a fraction
of a second. So conversions go to a small pool of warm listeners: each is an `unoserver`
process (XML-RPC on 127.0.0.1) driving its own `soffice` with its own profile directory
and ports, started on first use and restarted when it has died. Every conversion has a
timeout; a listener that overruns is killed with its whole process group, the caller
gets a `PdfError` in Vietnamese, and the listener is started again in the background.
When no listener can be started (unoserver missing, or LibreOffice refusing to come up)
the converter falls back to a cold `soffice --headless --convert-to pdf` with a throw-away
profile, so a PDF is still made.

LibreOffice never outlives the process that started it. The listeners run in sessions of
their own (so that they can be killed as a group, and Ctrl+C in a terminal does not reach
them), which also means nothing ends them when that process dies without cleaning up
(`kill -9`, the OOM killer). So each converter keeps a watchdog (`_Watchdog`): a tiny
process holding the read end of a pipe whose write end only the converter's process
holds. It learns each listener's process group as it starts; when the pipe closes —
however the process ended — it kills those groups and removes the work folder
(`drafter-pdf-<pid>-…`). A folder left anyway (the watchdog killed too, a power cut) is
removed, with any LibreOffice still using it, by the next converter or server to start
(`clean_stale_workdirs`).

PDF work never takes more than its share of the server's threads: at most `pool_size`
conversions run (warm or cold) and `queue_size` more wait for a free listener; any
request beyond is refused at once ("busy"), so a hung LibreOffice holds those threads for
one timeout at most and /healthz, pages and .docx downloads keep the others.

The unoserver *server* imports `uno`, which only Debian's /usr/bin/python3 has; it lives
in `.venv-uno` (made by `make`, a venv with system site-packages). This side only speaks
XML-RPC, so drafter's own venv needs no LibreOffice bindings.

Configuration comes from the environment (`PdfConfig.from_env`):
DRAFTER_PDF_POOL_SIZE (2), DRAFTER_PDF_QUEUE_SIZE (requests that may wait for a listener;
default: the pool's size, 0: none), DRAFTER_PDF_TIMEOUT (seconds per conversion, 60),
DRAFTER_PDF_STARTUP_TIMEOUT (60), DRAFTER_PDF_QUEUE_TIMEOUT (seconds to wait for a free
listener, 120), DRAFTER_UNOSERVER (the unoserver executable; "off" disables the warm
path), DRAFTER_SOFFICE (the soffice executable).
"""

from __future__ import annotations

import atexit
import contextlib
import http.client
import logging
import multiprocessing.util
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import xmlrpc.client
from dataclasses import dataclass, field, replace
from pathlib import Path

__all__ = [
    "FONTS_MISSING",
    "PdfConfig",
    "PdfConverter",
    "PdfError",
    "clean_stale_workdirs",
    "cold_convert",
    "default_converter",
    "docx_to_pdf",
    "pdf_page_count",
    "pdf_pages_png",
    "serif_font_problem",
    "shutdown_default",
]

log = logging.getLogger(__name__)

PDF_FILTER = "writer_pdf_Export"
UNOSERVER_API = "3"  # the XML-RPC API of unoserver 2.x/3.x that this client speaks
_REPO_ROOT = Path(__file__).resolve().parent.parent
_LOG_LIMIT = 1_000_000  # bytes of listener log kept before it is cut


class PdfError(RuntimeError):
    """A conversion failed. The message is Vietnamese and fit to show a user: no server
    path, no LibreOffice output. `detail` is what the server saw (the executable, the OS
    error, LibreOffice's last words), for the log and the command line."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


class _ListenerDown(Exception):
    """The listener is not answering (dead, not started, refusing connections)."""


class _ListenerTimeout(Exception):
    """The listener did not finish within the timeout."""


def _default_unoserver() -> str | None:
    """`.venv-uno/bin/unoserver` in a checkout, else one on PATH, else None."""
    local = _REPO_ROOT / ".venv-uno" / "bin" / "unoserver"
    if local.is_file() and os.access(local, os.X_OK):
        return str(local)
    return shutil.which("unoserver")


def _default_soffice() -> str:
    return shutil.which("soffice") or shutil.which("libreoffice") or "soffice"


def _env_number(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise ValueError(f"{name} phải là một số, không phải {raw!r}") from exc
    if value <= 0:
        raise ValueError(f"{name} phải lớn hơn 0")
    return value


@dataclass(frozen=True)
class PdfConfig:
    """How many listeners, how long to wait, which programs to run."""

    pool_size: int = 2
    # requests that may wait for a free listener beyond those converting; None: pool_size
    queue_size: int | None = None
    timeout: float = 60.0
    startup_timeout: float = 60.0
    queue_timeout: float = 120.0
    unoserver: str | None = field(default_factory=_default_unoserver)
    soffice: str = field(default_factory=_default_soffice)
    # after a failed start, go cold for this long instead of paying the start-up again
    retry_warm_after: float = 60.0

    @property
    def waiting(self) -> int:
        """How many requests may wait for a listener."""
        return self.pool_size if self.queue_size is None else max(0, self.queue_size)

    @classmethod
    def from_env(cls) -> PdfConfig:
        """The configuration the DRAFTER_PDF_* / DRAFTER_UNOSERVER variables describe."""
        queue = os.environ.get("DRAFTER_PDF_QUEUE_SIZE", "").strip()
        if queue and not queue.isdigit():
            raise ValueError(f"DRAFTER_PDF_QUEUE_SIZE phải là số nguyên ≥ 0, không phải {queue!r}")
        config = cls(
            queue_size=int(queue) if queue else None,
            pool_size=max(1, int(_env_number("DRAFTER_PDF_POOL_SIZE", cls.pool_size))),
            timeout=_env_number("DRAFTER_PDF_TIMEOUT", cls.timeout),
            startup_timeout=_env_number("DRAFTER_PDF_STARTUP_TIMEOUT", cls.startup_timeout),
            queue_timeout=_env_number("DRAFTER_PDF_QUEUE_TIMEOUT", cls.queue_timeout),
        )
        unoserver = os.environ.get("DRAFTER_UNOSERVER")
        if unoserver is not None:
            off = unoserver.strip().lower() in {"", "0", "off", "no", "false"}
            config = replace(config, unoserver=None if off else unoserver)
        soffice = os.environ.get("DRAFTER_SOFFICE")
        if soffice:
            config = replace(config, soffice=soffice)
        return config


def _check_docx(data: bytes) -> None:
    if not isinstance(data, bytes | bytearray) or not data.startswith(b"PK"):
        raise PdfError("Dữ liệu đầu vào không phải là tệp .docx.")


def _check_pdf(data: bytes) -> bytes:
    if not data.startswith(b"%PDF"):
        raise PdfError("LibreOffice không tạo ra tệp PDF hợp lệ.")
    return data


BUSY = "Máy chủ đang bận chuyển PDF cho người khác; vui lòng thử lại sau ít phút."


def _timeout_message(seconds: float) -> str:
    return (
        f"Chuyển sang PDF quá thời gian cho phép ({seconds:g} giây); "
        "LibreOffice đã bị dừng. Vui lòng thử lại."
    )


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL a process started in its own session, with everything it spawned."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _TimeoutTransport(xmlrpc.client.Transport):
    """xmlrpc.client's transport has no timeout; a hung LibreOffice must not hang us."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self._timeout = timeout

    def make_connection(self, host: object) -> http.client.HTTPConnection:
        conn = super().make_connection(host)  # type: ignore[arg-type]
        conn.timeout = self._timeout
        return conn


SERIF_FAMILIES = ("Times New Roman", "Liberation Serif")  # the metrics drafter measures with
FONTS_MISSING = (
    "Máy này không có phông Times New Roman hay Liberation Serif (fontconfig không tìm "
    "thấy), nên LibreOffice in bằng một phông thay thế có độ rộng chữ khác: kết quả kiểm "
    "tra trên trang PDF có thể khác kết quả trên tệp .docx, và khác bản in ở máy có phông. "
    "Cài gói fonts-liberation (hoặc phông Times New Roman) rồi kiểm tra lại."
)


def serif_font_problem(fc_list: str | None = None) -> str:
    """Why pages printed on this machine may not be the .docx's pages, or "".

    drafter decides line breaks with Times New Roman widths (= Liberation Serif). When
    fontconfig, which LibreOffice uses, finds neither family in regular and bold,
    LibreOffice substitutes another font and wraps lines elsewhere: the Vietnamese
    sentence FONTS_MISSING says so. "" when a family is there or fc-list cannot be run.
    """
    exe = fc_list or shutil.which("fc-list")
    if not exe:
        return ""
    for family in SERIF_FAMILIES:
        try:
            found = all(
                subprocess.run(
                    [exe, "-q", family + style], capture_output=True, timeout=20, check=False
                ).returncode
                == 0
                for style in ("", ":bold")
            )
        except (OSError, subprocess.SubprocessError):
            return ""
        if found:
            return ""
    return FONTS_MISSING


# The work folders: drafter-pdf-<pid>-… (a converter's) and drafter-pdf-cold-<pid>-… (one
# cold conversion's), so that a folder whose process is gone can be told apart.
WORKDIR_PREFIX = "drafter-pdf-"
_WORKDIR = re.compile(r"^drafter-pdf-(?:cold-)?(\d+)-")

# The watchdog's program (run with this Python, no import of drafter): read process groups
# to kill (+pgid / -pgid lines) until the pipe closes, then kill them and remove the folder.
_WATCHDOG = """
import os, shutil, signal, sys
for name in ("SIGINT", "SIGTERM", "SIGHUP"):
    signal.signal(getattr(signal, name), signal.SIG_IGN)
groups = set()
for line in sys.stdin.buffer:
    sign, group = line[:1], line[1:].strip()
    if group.isdigit():
        (groups.add if sign == b"+" else groups.discard)(int(group))
for group in groups:
    try:
        os.killpg(group, signal.SIGKILL)
    except OSError:
        pass
shutil.rmtree(sys.argv[1], ignore_errors=True)
"""


class _Watchdog:
    """The process that kills a converter's listeners when the converter's process dies
    (see the module's docstring). Started with the first listener; `close` ends it."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.proc: subprocess.Popen[bytes] | None = None
        self._fd: int | None = None
        self._lock = threading.Lock()

    def _send(self, line: str) -> None:
        with self._lock:
            if self._fd is None:
                read, write = os.pipe()  # not inherited by later children (O_CLOEXEC)
                try:
                    self.proc = subprocess.Popen(
                        [sys.executable, "-c", _WATCHDOG, str(self.workdir)],
                        stdin=read,
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                        start_new_session=True,
                    )
                finally:
                    os.close(read)
                self._fd = write
            with contextlib.suppress(OSError):
                os.write(self._fd, line.encode("ascii"))

    def watch(self, group: int) -> None:
        """Kill this process group if we die."""
        self._send(f"+{group}\n")

    def forget(self, group: int) -> None:
        """A group we ended ourselves: its id may be reused, never kill it later."""
        if self._fd is not None:
            self._send(f"-{group}\n")

    def close(self) -> None:
        """Our own orderly end: the watchdog kills what is still listed, removes the folder
        and exits."""
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
        if self.proc is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=10)

    def drop_in_child(self) -> None:
        """After fork: the child must not hold the pipe (its parent's death must still
        close it), nor ever close it on the parent's behalf."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None
        self.proc = None


def _owned_and_dead(path: Path) -> bool:
    match = _WORKDIR.match(path.name)
    if match is None:
        return False
    try:
        if path.stat().st_uid != os.geteuid():
            return False
        os.kill(int(match.group(1)), 0)
    except ProcessLookupError:
        return True
    except (OSError, OverflowError):
        return False  # alive but not ours (EPERM), or unreadable: leave it
    return False


def clean_stale_workdirs(folder: str | os.PathLike[str] | None = None) -> list[Path]:
    """Remove the work folders of drafter processes that are gone, and kill any process
    still using one (a LibreOffice whose server was killed with its watchdog). Only this
    user's folders, only those whose process no longer exists. Returns what it removed."""
    root = Path(folder or tempfile.gettempdir())
    try:
        stale = [p for p in root.iterdir() if p.is_dir() and _owned_and_dead(p)]
    except OSError:
        return []
    if not stale:
        return []
    for pid, group in _processes_using(stale):
        with contextlib.suppress(OSError):
            if group == pid:  # a listener's unoserver leads its group: soffice goes too
                os.killpg(group, signal.SIGKILL)
            else:
                os.kill(pid, signal.SIGKILL)
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)
        log.info("removed %s, left by a drafter process that is gone", path)
    return stale


def _processes_using(folders: list[Path]) -> list[tuple[int, int]]:
    """(pid, process group) of this user's processes whose command line names a folder."""
    names = [str(folder).encode() for folder in folders]
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if entry.stat().st_uid != os.geteuid():
                continue
            cmdline = (entry / "cmdline").read_bytes()
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if any(name in cmdline for name in names):
            group = int(stat[stat.rindex(")") + 2 :].split()[2])
            found.append((int(entry.name), group))
    return found


def cold_convert(
    data: bytes,
    timeout: float = 60.0,
    soffice: str | None = None,
    *,
    watchdog: _Watchdog | None = None,
) -> bytes:
    """One-off `soffice --convert-to pdf` with its own temporary profile.

    Slow (LibreOffice starts and stops) but needs nothing running; the fallback when no
    warm listener is available. A converter passes its watchdog, which kills this
    LibreOffice too if the converter's process dies during the conversion.
    """
    _check_docx(data)
    exe = soffice or _default_soffice()
    with tempfile.TemporaryDirectory(prefix=f"{WORKDIR_PREFIX}cold-{os.getpid()}-") as tmp:
        work = Path(tmp)
        source = work / "letter.docx"
        source.write_bytes(data)
        outdir = work / "out"
        cmd = [
            exe,
            "--headless",
            "--invisible",
            "--nocrashreport",
            "--nodefault",
            "--nologo",
            "--nofirststartwizard",
            "--norestore",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to",
            f"pdf:{PDF_FILTER}",
            "--outdir",
            str(outdir),
            str(source),
        ]
        try:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        except OSError as exc:
            raise PdfError(
                "Không chạy được LibreOffice trên máy chủ (chưa cài đặt, hoặc cài đặt hỏng).",
                detail=f"{exe}: {exc.strerror or exc}",
            ) from exc
        if watchdog is not None:
            watchdog.watch(proc.pid)
        try:
            output, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise PdfError(_timeout_message(timeout)) from None
        finally:
            if proc.poll() is None:
                _kill_group(proc)
            if watchdog is not None:
                watchdog.forget(proc.pid)
        result = outdir / "letter.pdf"
        if not result.is_file():
            tail = output.decode("utf-8", "replace").strip()[-300:]
            raise PdfError(
                "LibreOffice không chuyển được tệp sang PDF.",
                detail=f"{exe} exited {proc.returncode}: {tail}",
            )
        return _check_pdf(result.read_bytes())


class Listener:
    """One warm LibreOffice: an unoserver process group with its own profile and ports."""

    def __init__(
        self, index: int, workdir: Path, config: PdfConfig, watchdog: _Watchdog | None = None
    ) -> None:
        self.index = index
        self.config = config
        self.watchdog = watchdog
        self.profile = workdir / f"profile-{index}"
        self.logfile = workdir / f"listener-{index}.log"
        self.port = 0
        self.uno_port = 0
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.conversions = 0
        self.needs_restart = False  # killed after a timeout: start again before reuse

    @property
    def pid(self) -> int | None:
        """The unoserver process; also the id of the process group it leads."""
        return self.proc.pid if self.proc else None

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def healthy(self) -> bool:
        """Running, with its soffice, and answering a UNO round trip."""
        if not self.alive() or not self.office_pids():
            return False
        try:
            self._proxy(5.0).info()
        except (OSError, http.client.HTTPException, xmlrpc.client.Error):
            return False
        return True

    def office_pids(self) -> list[int]:
        """The `soffice.bin` processes of this listener (for diagnostics and tests)."""
        if not self.alive() or self.pid is None:
            return []
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            comm = stat[stat.index("(") + 1 : stat.rindex(")")]
            state, _ppid, pgrp = stat[stat.rindex(")") + 2 :].split()[:3]
            if int(pgrp) == self.pid and comm.startswith("soffice") and state != "Z":
                found.append(int(entry.name))
        return found

    def stop(self) -> None:
        """Kill the process group and throw the profile away (it may be half-written)."""
        if self.proc is not None:
            _kill_group(self.proc)
            if self.watchdog is not None:
                self.watchdog.forget(self.proc.pid)
            self.proc = None
        shutil.rmtree(self.profile, ignore_errors=True)

    def ensure_running(self) -> None:
        """Start the listener unless it is up; raise _ListenerDown if it will not start."""
        if self.alive():
            return
        self.stop()
        last: Exception | None = None
        for _attempt in range(2):  # a port taken between choosing and binding: try again
            try:
                self._start()
                return
            except _ListenerDown as exc:
                last = exc
                self.stop()
        raise _ListenerDown(str(last))

    def _start(self) -> None:
        if not self.config.unoserver:
            raise _ListenerDown("unoserver is not installed")
        self.port, self.uno_port = _free_port(), _free_port()
        while self.uno_port == self.port:
            self.uno_port = _free_port()
        self.profile.mkdir(parents=True, exist_ok=True)
        cmd = [
            self.config.unoserver,
            "--interface",
            "127.0.0.1",
            "--uno-interface",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--uno-port",
            str(self.uno_port),
            "--user-installation",
            str(self.profile),
            "--executable",
            self.config.soffice,
            "--quiet",
        ]
        # O_APPEND, so that the file can be cut short while unoserver writes to it
        self.logfile.write_bytes(b"")
        with open(self.logfile, "ab") as logfile:
            try:
                self.proc = subprocess.Popen(
                    cmd,
                    stdin=subprocess.DEVNULL,
                    stdout=logfile,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            except OSError as exc:
                raise _ListenerDown(f"cannot run {self.config.unoserver}: {exc}") from exc
        if self.watchdog is not None:
            self.watchdog.watch(self.proc.pid)  # its session's group: unoserver and soffice
        self.starts += 1
        deadline = time.monotonic() + self.config.startup_timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise _ListenerDown(f"unoserver exited during start-up (see {self.logfile})")
            try:
                info = self._proxy(min(5.0, max(0.5, deadline - time.monotonic()))).info()
            except (OSError, http.client.HTTPException, xmlrpc.client.Error):
                time.sleep(0.2)
                continue
            if str(info.get("api")) != UNOSERVER_API:
                raise _ListenerDown(f"unoserver API {info.get('api')}, need {UNOSERVER_API}")
            log.info("PDF listener %d up on port %d (pid %d)", self.index, self.port, self.pid)
            return
        raise _ListenerDown(f"unoserver not ready after {self.config.startup_timeout:g} s")

    def _proxy(self, timeout: float) -> xmlrpc.client.ServerProxy:
        return xmlrpc.client.ServerProxy(
            f"http://127.0.0.1:{self.port}",
            transport=_TimeoutTransport(timeout),
            allow_none=True,
        )

    def convert(self, data: bytes, timeout: float) -> bytes:
        """Convert through this listener; map failures to _ListenerDown/_ListenerTimeout."""
        if not self.alive():
            raise _ListenerDown("not running")
        try:
            result = self._proxy(timeout).convert(
                None, xmlrpc.client.Binary(data), None, "pdf", PDF_FILTER, [], False, None, None
            )
        except TimeoutError as exc:
            raise _ListenerTimeout() from exc
        except (ConnectionError, http.client.HTTPException, xmlrpc.client.ProtocolError) as exc:
            raise _ListenerDown(str(exc)) from exc
        except xmlrpc.client.Fault as exc:
            # a bad document, or LibreOffice died under a still-running unoserver?
            if not self.healthy():
                raise _ListenerDown(exc.faultString) from exc
            raise PdfError(
                "LibreOffice không mở được tệp .docx này (tệp hỏng hoặc không đúng định dạng).",
                detail=exc.faultString,
            ) from exc
        except OSError as exc:
            raise _ListenerDown(str(exc)) from exc
        if not isinstance(result, xmlrpc.client.Binary):
            raise PdfError("LibreOffice không trả về tệp PDF.")
        self.conversions += 1
        if self.conversions % 200 == 0:
            self._trim_log()
        return _check_pdf(result.data)

    def _trim_log(self) -> None:
        """The XML-RPC server logs a line per request: keep a long-lived log small."""
        with contextlib.suppress(OSError):
            if self.logfile.stat().st_size > _LOG_LIMIT:
                os.truncate(self.logfile, 0)


class PdfConverter:
    """A pool of warm listeners with a cold fallback; safe to call from many threads."""

    def __init__(self, config: PdfConfig | None = None) -> None:
        self.config = config or PdfConfig.from_env()
        clean_stale_workdirs()
        self._workdir = Path(tempfile.mkdtemp(prefix=f"{WORKDIR_PREFIX}{os.getpid()}-"))
        self._watchdog = _Watchdog(self._workdir)
        self.listeners = [
            Listener(i, self._workdir, self.config, self._watchdog)
            for i in range(self.config.pool_size)
        ]
        # LIFO: a steady trickle of requests keeps reusing the listener that is already
        # warm; the others start only when requests overlap
        self._idle: queue.LifoQueue[Listener] = queue.LifoQueue()
        for listener in reversed(self.listeners):
            self._idle.put(listener)
        # Requests inside the converter, converting or waiting: one more is refused at once.
        self._admitted = threading.BoundedSemaphore(self.config.pool_size + self.config.waiting)
        self._warm_failed_at: float | None = None
        self._closed = False
        self.cold_conversions = 0

    def _warm_usable(self) -> bool:
        if not self.config.unoserver:
            return False
        failed = self._warm_failed_at
        return failed is None or time.monotonic() - failed > self.config.retry_warm_after

    def convert(self, data: bytes, timeout: float | None = None) -> bytes:
        """PDF bytes for .docx bytes, within `timeout` seconds of LibreOffice time."""
        if self._closed:
            raise PdfError("Bộ chuyển PDF đã dừng.")
        _check_docx(data)
        limit = timeout if timeout is not None else self.config.timeout
        if not self._admitted.acquire(blocking=False):
            log.warning("PDF refused: %d converting or waiting already", self._capacity)
            raise PdfError(BUSY, detail="every converting and waiting place is taken")
        try:
            try:  # a listener's place, even for a cold conversion: as many LibreOffices
                listener = self._idle.get(timeout=self.config.queue_timeout)
            except queue.Empty:
                raise PdfError(BUSY, detail="no listener free within the queue timeout") from None
            try:
                if not self._warm_usable():
                    return self._cold(data, limit)
                return self._convert_with(listener, data, limit)
            finally:
                self._give_back(listener)
        finally:
            self._admitted.release()

    @property
    def _capacity(self) -> int:
        return self.config.pool_size + self.config.waiting

    def _give_back(self, listener: Listener) -> None:
        """The listener back in the pool; one killed for overrunning is started again
        first, in the background, so that the caller's 503 does not wait for it."""
        if not listener.needs_restart or self._closed:
            self._idle.put(listener)
            return
        threading.Thread(
            target=self._restart, args=(listener,), name="pdf-restart", daemon=True
        ).start()

    def _restart(self, listener: Listener) -> None:
        try:
            listener.ensure_running()
        except _ListenerDown as exc:
            log.warning("PDF listener %d will not restart: %s", listener.index, exc)
        finally:
            listener.needs_restart = False
            if self._closed:  # closed while it started: leave nothing running
                listener.stop()
            self._idle.put(listener)

    def _convert_with(self, listener: Listener, data: bytes, limit: float) -> bytes:
        for attempt in range(2):
            if self._closed:  # never start a listener after close()
                raise PdfError("Bộ chuyển PDF đã dừng.")
            try:
                listener.ensure_running()
            except _ListenerDown as exc:
                log.warning(
                    "PDF listener %d will not start (%s); cold fallback", listener.index, exc
                )
                self._warm_failed_at = time.monotonic()
                return self._cold(data, limit)
            self._warm_failed_at = None
            try:
                return listener.convert(data, limit)
            except _ListenerTimeout:
                log.warning(
                    "PDF conversion overran %g s; killing listener %d", limit, listener.index
                )
                listener.stop()
                listener.needs_restart = True
                raise PdfError(_timeout_message(limit)) from None
            except _ListenerDown as exc:
                log.warning("PDF listener %d died (%s); restarting", listener.index, exc)
                listener.stop()
                if attempt:
                    raise PdfError(
                        "LibreOffice dừng đột ngột khi chuyển sang PDF; vui lòng thử lại.",
                        detail=f"listener {listener.index}: {exc}",
                    ) from None
        raise AssertionError("unreachable")

    def _cold(self, data: bytes, limit: float) -> bytes:
        self.cold_conversions += 1
        return cold_convert(data, limit, self.config.soffice, watchdog=self._watchdog)

    def warm_up(self) -> None:
        """Start every listener now (e.g. when a web worker boots) instead of on first use."""
        threads = [threading.Thread(target=self._warm_one) for _ in self.listeners]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def _warm_one(self) -> None:
        listener = self._idle.get()
        try:
            listener.ensure_running()
        except _ListenerDown as exc:
            log.warning("PDF listener %d will not start: %s", listener.index, exc)
        finally:
            self._idle.put(listener)

    def close(self) -> None:
        """Stop every listener and remove the profiles."""
        self._closed = True
        for listener in self.listeners:
            listener.stop()
        self._watchdog.close()
        shutil.rmtree(self._workdir, ignore_errors=True)

    def __enter__(self) -> PdfConverter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_default: PdfConverter | None = None
_default_lock = threading.Lock()


def default_converter() -> PdfConverter:
    """The process-wide converter, made on first use from the environment."""
    global _default
    with _default_lock:
        if _default is None:
            _default = PdfConverter()
            atexit.register(shutdown_default)
            # A multiprocessing child (a granian worker) leaves by os._exit, skipping
            # atexit; multiprocessing's own finalizers do run there.
            multiprocessing.util.Finalize(None, shutdown_default, exitpriority=10)
        return _default


def shutdown_default() -> None:
    """Stop the process-wide converter's listeners (registered with atexit)."""
    global _default
    with _default_lock:
        if _default is not None:
            _default.close()
            _default = None


def _forget_default_in_child() -> None:
    # a forked worker must not share the parent's listeners (it starts its own), nor hold
    # the pipe that tells the parent's watchdog the parent is gone
    global _default
    if _default is not None:
        _default._watchdog.drop_in_child()
    _default = None


os.register_at_fork(after_in_child=_forget_default_in_child)


def docx_to_pdf(data: bytes, timeout: float | None = None) -> bytes:
    """Convert .docx bytes to .pdf bytes with the process-wide warm converter."""
    return default_converter().convert(data, timeout)


_PDFIUM_LOCK = threading.Lock()  # PDFium is not thread-safe


def pdf_page_count(data: bytes) -> int:
    """How many pages a PDF has (PDFium reads only its page tree: cheap at any length)."""
    import pypdfium2

    with _PDFIUM_LOCK:
        try:
            doc = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as exc:
            raise PdfError("Không đọc được tệp PDF để đếm trang.") from exc
        try:
            return len(doc)
        finally:
            doc.close()


def pdf_pages_png(data: bytes, dpi: float = 96, pages: int | None = None) -> list[bytes]:
    """PNG images of a PDF's pages (the first `pages`), for a print preview of the real page."""
    import io

    import pypdfium2

    images = []
    with _PDFIUM_LOCK:
        try:
            doc = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as exc:
            raise PdfError("Không đọc được tệp PDF để tạo ảnh trang.") from exc
        try:
            count = len(doc) if pages is None else min(pages, len(doc))
            for index in range(count):
                bitmap = doc[index].render(scale=dpi / 72)
                buffer = io.BytesIO()
                bitmap.to_pil().save(buffer, format="PNG")
                images.append(buffer.getvalue())
        finally:
            doc.close()
    return images
