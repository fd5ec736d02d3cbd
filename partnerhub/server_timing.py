"""A `Server-Timing` header with each answer's CPU and wall milliseconds, for `make bench-web` only.

The benchmark's latencies mix queueing with work; what a page costs is the CPU its request thread used
(`time.thread_time`, which counts this thread only, so the other threads of a gthread worker don't blur it).
Off unless `SERVER_TIMING` is set: the figures would tell an outsider how long the server works on an answer."""

from __future__ import annotations

import time

from flask import Flask, Response, g


def _start() -> None:
    g.timing_started = (time.thread_time(), time.perf_counter())


def _stamp(response: Response) -> Response:
    started = g.pop("timing_started", None)
    if started is not None:
        cpu_ms = (time.thread_time() - started[0]) * 1000
        wall_ms = (time.perf_counter() - started[1]) * 1000
        response.headers["Server-Timing"] = f'cpu;dur={cpu_ms:.1f};desc="CPU", app;dur={wall_ms:.1f};desc="wall"'
    return response


def init_app(app: Flask) -> None:
    if app.config["SERVER_TIMING"]:
        app.before_request(_start)
        app.after_request(_stamp)
