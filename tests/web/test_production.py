"""drafter/web/production.py in process: settings from the environment, the JSON access
line, the server built from them (tests/deploy/ runs the real server)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from drafter.web.production import JsonAccessFormatter, build_server, settings


def test_settings_come_from_drafter_variables(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DRAFTER_BIND", "[::1]:9123")
    monkeypatch.setenv("DRAFTER_WORKERS", "3")
    monkeypatch.setenv("DRAFTER_THREADS", "4")
    monkeypatch.setenv("DRAFTER_ACCESS_LOG", "off")
    conf = settings()
    assert (conf["host"], conf["port"], conf["workers"], conf["threads"]) == ("::1", 9123, 3, 4)
    server = build_server(port=9124)
    assert (server.bind_addr, server.bind_port) == ("::1", 9124)
    assert server.workers == 3 and server.blocking_threads == 4
    assert server.log_access is False
    assert not list(tmp_path.iterdir())  # "off" is no file name


def test_defaults_fit_the_host(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("BIND", "WORKERS", "THREADS", "ACCESS_LOG", "WORKERS_MAX_RSS"):
        monkeypatch.delenv(f"DRAFTER_{name}", raising=False)
    conf = settings()
    assert (conf["host"], conf["port"], conf["threads"]) == ("127.0.0.1", 8000, 2)
    assert conf["workers"] >= 1 and conf["access_log"] == "-" and conf["max_rss_mb"] == 400
    assert build_server().log_access is True


@pytest.mark.parametrize(
    "path", ['/a"b', "/a\\b", "/dòng\nmới", "/{{ x }}", "/\u202e\x7f"], ids=repr
)
def test_access_line_is_one_json_object_whatever_the_request(path: str) -> None:
    fields = {
        "addr": "10.0.0.7",
        "time": "ignored",
        "dt_ms": 12.3456,
        "status": 200,
        "path": path,
        "query_string": 'q="x"',
        "method": "POST",
        "scheme": "http",
        "protocol": "HTTP/1.1",
    }
    record = logging.LogRecord("granian.access", logging.INFO, "", 0, "%(path)s", (fields,), None)
    line = JsonAccessFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["path"] == path and entry["query"] == 'q="x"'
    assert entry["status"] == 200 and entry["duration_ms"] == 12.35
    assert entry["remote"] == "10.0.0.7" and entry["method"] == "POST"
