"""A `Server-Timing` header with each answer's CPU and wall milliseconds, for `make bench-web` only.

The benchmark's latencies mix queueing with work; what a page costs is the CPU its request thread used
(`time.thread_time`, which counts this thread only, so the other threads of a gthread worker don't blur it).
Measured as WSGI middleware around the whole app, so the figure holds everything a request pays: the host check,
loading the user, every before- and after-request hook (the audit log's commit among them) and saving the session,
not only the view. Off unless `SERVER_TIMING` is set: the figures would tell an outsider how long the server works
on an answer."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask


class TimedApp:
    """WSGI middleware: stamps the CPU and wall time spent until the app starts its answer."""

    def __init__(self, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Callable[..., Any]) -> Iterable[bytes]:
        cpu_started, wall_started = time.thread_time(), time.perf_counter()

        def timed_start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            cpu_ms = (time.thread_time() - cpu_started) * 1000
            wall_ms = (time.perf_counter() - wall_started) * 1000
            headers.append(("Server-Timing", f'cpu;dur={cpu_ms:.1f};desc="CPU", app;dur={wall_ms:.1f};desc="wall"'))
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, timed_start_response)


def init_app(app: Flask) -> None:
    """Called after every other piece of middleware is in place, so it wraps them all."""
    if app.config["SERVER_TIMING"]:
        app.wsgi_app = TimedApp(app.wsgi_app)  # type: ignore[method-assign]
