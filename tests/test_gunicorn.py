"""The shipped gunicorn.conf.py under slow clients: 8 connections that dribble their headers or bodies do not stop
normal requests from being answered (with 4 sync workers, 4 such clients took the site down)."""

from __future__ import annotations

import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.server
SLOW_HEADERS = 4
SLOW_BODIES = 4
DRIBBLE_PAUSE_SECONDS = 0.2  # between the slow clients' pieces; how long does not matter, only that they never finish


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str, timeout: float = 10) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.fixture
def gunicorn_server(project_root: Path, tmp_path: Path) -> Iterator[int]:
    """gunicorn with the shipped config, in production mode, on a free port; 2 workers, half the shipped number."""
    port = _free_port()
    env = {**os.environ, "PARTNERHUB_CONFIG": "production", "SECRET_KEY": secrets.token_urlsafe(48),
           "PUBLIC_URL": "https://127.0.0.1", "DATABASE_URL": f"sqlite:///{tmp_path / 'live.sqlite'}"}
    env.pop("REDIS_URL", None)
    log = tmp_path / "gunicorn.log"
    log_file = log.open("wb")
    server = subprocess.Popen(  # noqa: S603 - our own server on loopback
        [str(Path(sys.executable).with_name("gunicorn")), "-c", str(project_root / "gunicorn.conf.py"),
         "--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning", "partnerhub:create_app()"],
        cwd=project_root, env=env, stdout=subprocess.DEVNULL, stderr=log_file, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(port, "/sundhed", timeout=2) == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, log.read_text()[-2000:]
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.3)
        yield port
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
        log_file.close()


def _slow_client(port: int, *, body: bool) -> socket.socket:
    slow = socket.create_connection(("127.0.0.1", port), timeout=5)
    if body:
        slow.sendall(b"POST /log-ind HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded"
                     b"\r\nContent-Length: 100000\r\n\r\nemail=")
    else:
        slow.sendall(b"GET /sundhed HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    return slow


def test_slow_clients_do_not_stop_normal_requests(gunicorn_server: int) -> None:
    port = gunicorn_server
    slow = [_slow_client(port, body=False) for _ in range(SLOW_HEADERS)]
    slow += [_slow_client(port, body=True) for _ in range(SLOW_BODIES)]
    try:
        answered = []
        for round_number in range(6):
            for connection in slow:  # each slow client dribbles one more piece, and never finishes
                connection.sendall(b"X-Slow: 1\r\n" if connection in slow[:SLOW_HEADERS] else b"a")
            answered.append(_get(port, "/sundhed"))
            answered.append(_get(port, "/log-ind"))
            time.sleep(DRIBBLE_PAUSE_SECONDS * (1 if round_number else 2))
        assert answered == [200] * 12
        for connection in slow:  # the slow ones are still held open by the server, not dropped to make room
            connection.sendall(b"X" if connection in slow[SLOW_HEADERS:] else b"X-Slow: 2\r\n")
    finally:
        for connection in slow:
            connection.close()
