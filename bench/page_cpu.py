"""CPU milliseconds and SQL queries per request for the pages of `make bench-web`, in-process, one request at a time.

Every page of the load test's mix is here: the anonymous visitor's, the young person's (bench-ung-00001), the staff
member's (bench-staff-00001) and the company's (bench-hr-00001).

The load test's latencies mix waiting for a core with work; this measures the work alone: each page is requested
`--repeat` times through Flask's test client on the bench database (production config, the bench's environment),
after `--warm` unmeasured requests, and the mean CPU of the request thread (`time.thread_time`) and the mean number
of SQL statements per request are printed, with a cProfile top list for the pages named by `--profile` (or the
most expensive one). The first rows are the floor every request pays: /sundhed renders no template, /tilgaengelighed
a static page.

    BENCH_DB=bench_public .venv/bin/python bench/page_cpu.py                 # every page, 30 requests each
    BENCH_DB=bench_public .venv/bin/python bench/page_cpu.py --pages ung --profile "/ung/profil [POST]"

The data set is the one `bench/web.py` builds (run that once first); the profile POST changes the logged-in young
person's interests, as the load test does.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import secrets
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from form_values import form_values  # bench/ and the project are put on the path just above

DB_NAME = os.environ.get("BENCH_DB", "partnerhub_bench")
BASE_URL = "http://127.0.0.1:8077"
PASSWORD = os.environ.get("BENCH_PASSWORD", "bench-partnerhub-2026")
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
AREA_LINK = re.compile(r'href="(/messe/omraade/\d+)"')
BOOTH_LINK = re.compile(r'href="(/messe/virksomhed/\d+)"')
ROUND_LINK = re.compile(r'href="(/medarbejder/planlaegning/\d+)"')
PROPOSAL_LINK = re.compile(r'href="(/medarbejder/planlaegning/forslag/\d+)"')
SEARCHES = ["tomrer", "kok", "mekanikker", "dyr", "butik", "pleje", "el", "lager"]  # as bench/locustfile.py


def bench_environment() -> None:
    """The environment bench/web.py gives gunicorn; set before partnerhub is imported, as config reads it then."""
    os.environ.update({
        "DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{DB_NAME}", "PARTNERHUB_CONFIG": "production",
        "SECRET_KEY": secrets.token_urlsafe(48), "SESSION_COOKIE_SECURE": "0", "PUBLIC_URL": BASE_URL.replace(
            "http:", "https:"), "LOGIN_RATE_LIMIT_PER_IP": "100000 per minute",
        "LOGIN_RATE_LIMIT_PER_ACCOUNT": "100000 per minute", "SERVER_TIMING": "1",
    })
    os.environ.pop("REDIS_URL", None)


@dataclass
class Page:
    """A page as the load test asks for it: a name (the bench's), and how to make one request."""

    name: str
    who: str  # "anonymous", "ung", "staff" or "hr"
    request: Callable[[object], object]


@dataclass
class Figures:
    cpu_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    server_ms: list[float] = field(default_factory=list)
    template_ms: list[float] = field(default_factory=list)


def _get(path: str) -> Callable[[object], object]:
    return lambda client: client.get(path, base_url=BASE_URL)


def _cycle(paths: list[str]) -> Callable[[object], object]:
    state = {"n": 0}

    def request(client: object) -> object:
        state["n"] += 1
        return client.get(paths[state["n"] % len(paths)], base_url=BASE_URL)  # type: ignore[attr-defined]

    return request


def _profile_post(client: object) -> object:
    """The load test's edit: the profile form as the browser would send it back, with new interests. The GET that
    fetches the form is made outside the measurement (see `measure`)."""
    values = client.pending_form  # type: ignore[attr-defined]
    values["interests"] = [f"Jeg vil gerne prøve noget med dyr og maskiner ({secrets.randbelow(999) + 1})."]
    return client.post("/ung/profil", data=values, base_url=BASE_URL)  # type: ignore[attr-defined]


def _fetch_profile_form(client: object) -> None:
    page = client.get("/ung/profil", base_url=BASE_URL).get_data(as_text=True)  # type: ignore[attr-defined]
    client.pending_form = form_values(page)  # type: ignore[attr-defined]


def log_in(client: object, email: str) -> None:
    page = client.get("/log-ind", base_url=BASE_URL).get_data(as_text=True)  # type: ignore[attr-defined]
    token = CSRF.search(page).group(1)  # type: ignore[union-attr]
    response = client.post("/log-ind", base_url=BASE_URL,  # type: ignore[attr-defined]
                           data={"csrf_token": token, "email": email, "password": PASSWORD})
    if response.status_code != 302:
        raise SystemExit(f"could not log in as {email}: {response.status_code}")


def _links(client: object, path: str, pattern: re.Pattern[str]) -> list[str]:
    page = client.get(path, base_url=BASE_URL).get_data(as_text=True)  # type: ignore[attr-defined]
    return sorted(set(pattern.findall(page)))


def pages(anonymous: object, staff: object) -> list[Page]:
    areas = _links(anonymous, "/messe", AREA_LINK)
    booths = _links(anonymous, areas[0], BOOTH_LINK)
    rounds = _links(staff, "/medarbejder/planlaegning", ROUND_LINK)
    proposals = sorted({link for round_link in rounds for link in _links(staff, round_link, PROPOSAL_LINK)})
    return [
        Page("/sundhed (floor: no template)", "anonymous", _get("/sundhed")),
        Page("/tilgaengelighed (floor: static page)", "anonymous", _get("/tilgaengelighed")),
        Page("/ [GET]", "anonymous", _get("/")),
        Page("/log-ind [GET]", "anonymous", _get("/log-ind")),
        Page("/messe", "anonymous", _get("/messe")),
        Page("/messe/omraade/<id>", "anonymous", _cycle(areas)),
        Page("/messe/virksomhed/<id>", "anonymous", _cycle(booths)),
        Page("/messe?q=<søgning>", "anonymous", _cycle([f"/messe?q={word}" for word in SEARCHES])),
        Page("/tilgaengelighed (logged in)", "ung", _get("/tilgaengelighed")),
        Page("/ [GET] (logged in)", "ung", _get("/")),
        Page("/messe (logged in)", "ung", _get("/messe")),
        Page("/messe?q=<søgning> (logged in)", "ung", _cycle([f"/messe?q={word}" for word in SEARCHES])),
        Page("/ung", "ung", _get("/ung")),
        Page("/ung/plan", "ung", _get("/ung/plan")),
        Page("/ung/profil [GET]", "ung", _get("/ung/profil")),
        Page("/ung/profil [POST]", "ung", _profile_post),
        Page("/medarbejder/planlaegning", "staff", _get("/medarbejder/planlaegning")),
        Page("/medarbejder/planlaegning/<runde>", "staff", _cycle(rounds)),
        Page("/medarbejder/planlaegning/forslag/<id>", "staff", _cycle(proposals[:50])),
        Page("/medarbejder/resultater", "staff", _get("/medarbejder/resultater")),
        Page("/medarbejder/unge", "staff", _get("/medarbejder/unge")),
        Page("/virksomhed", "hr", _get("/virksomhed")),
        Page("/virksomhed/tilbud", "hr", _get("/virksomhed/tilbud")),
    ]


SERVER_CPU = re.compile(r"cpu;dur=([0-9.]+)")


def measure(page: Page, client: object, repeat: int, warm: int, count: Callable[[], int],
            rendering: dict[str, float], profiler: cProfile.Profile | None = None) -> Figures:
    figures = Figures()
    for number in range(warm + repeat):
        if page.name.startswith("/ung/profil [POST]"):
            _fetch_profile_form(client)
        before_queries, before_rendering = count(), rendering["cpu"]
        if profiler is not None and number >= warm:
            profiler.enable()
        started = time.thread_time()
        response = page.request(client)
        used = time.thread_time() - started
        if profiler is not None:
            profiler.disable()
        status = response.status_code  # type: ignore[attr-defined]
        if status >= 400:
            raise SystemExit(f"{page.name}: HTTP {status}")
        if number >= warm:
            figures.cpu_ms.append(used * 1000)
            figures.queries.append(count() - before_queries)
            figures.template_ms.append((rendering["cpu"] - before_rendering) * 1000)
            found = SERVER_CPU.search(response.headers.get("Server-Timing", ""))  # type: ignore[attr-defined]
            if found:
                figures.server_ms.append(float(found.group(1)))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=30, help="measured requests per page")
    parser.add_argument("--warm", type=int, default=3, help="unmeasured requests per page first")
    parser.add_argument("--pages", default="", help="only pages whose name contains this")
    parser.add_argument("--dump", help="also write the (last) profiled page's cProfile statistics to this file")
    parser.add_argument("--profile", action="append", default=[],
                        help="print a cProfile top list for this page (repeatable); default: the most expensive")
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--young-person", type=int, default=1,
                        help="which bench young person logs in: bench-ung-NNNNN (number 1 has an approved plan)")
    options = parser.parse_args()

    bench_environment()
    import flask.templating
    from sqlalchemy import event

    from partnerhub import create_app
    from partnerhub.extensions import db
    from partnerhub.fair import search

    app = create_app()
    statements = {"n": 0}
    builds = {"n": 0}
    original_init = search.SearchIndex.__init__

    def counting_init(self: search.SearchIndex, *args: object, **kwargs: object) -> None:
        builds["n"] += 1
        original_init(self, *args, **kwargs)  # type: ignore[arg-type]

    search.SearchIndex.__init__ = counting_init  # type: ignore[method-assign]
    rendering = {"cpu": 0.0}
    original_render = flask.templating._render

    def timed_render(*args: object) -> str:
        started = time.thread_time()
        try:
            return original_render(*args)  # type: ignore[arg-type]
        finally:
            rendering["cpu"] += time.thread_time() - started

    flask.templating._render = timed_render  # type: ignore[assignment]
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute",
                     lambda *_args: statements.__setitem__("n", statements["n"] + 1))
    clients = {who: app.test_client() for who in ("anonymous", "ung", "staff", "hr")}
    log_in(clients["ung"], f"bench-ung-{options.young_person:05d}@partnerhub.invalid")
    log_in(clients["staff"], "bench-staff-00001@partnerhub.invalid")
    log_in(clients["hr"], "bench-hr-00001@partnerhub.invalid")
    chosen = [page for page in pages(clients["anonymous"], clients["staff"]) if options.pages in page.name]
    results: dict[str, Figures] = {}
    print(f"{'page':<42} {'cpu ms':>7} {'median':>7} {'min':>6} {'max':>7} {'server':>7} {'template':>8} "
          f"{'queries':>8}", flush=True)
    for page in chosen:
        figures = measure(page, clients[page.who], options.repeat, options.warm, lambda: statements["n"], rendering)
        results[page.name] = figures
        mean = sum(figures.cpu_ms) / len(figures.cpu_ms)
        server = f"{sum(figures.server_ms) / len(figures.server_ms):7.1f}" if figures.server_ms else "      –"
        median = statistics.median(figures.cpu_ms)
        print(f"{page.name:<42} {mean:7.1f} {median:7.1f} {min(figures.cpu_ms):6.1f} {max(figures.cpu_ms):7.1f} "
              f"{server} "
              f"{sum(figures.template_ms) / len(figures.template_ms):8.1f} "
              f"{sum(figures.queries) / len(figures.queries):8.1f}", flush=True)
    print(f"\n(cpu ms: the request thread's CPU around the test client's call, mean of {options.repeat}, then their "
          "median, min and max: on a busy machine the median is the steadier figure; server: the app's own "
          "Server-Timing figure; template: CPU ms in render_template; queries: SQL statements per request; both "
          "means)")
    print(f"fair search index builds during the run: {builds['n']}")
    profiled = options.profile or ([max(results, key=lambda name: sum(results[name].cpu_ms))] if results else [])
    for name in profiled:
        page = next((p for p in chosen if p.name == name), None)
        if page is None:
            print(f"\nno page named {name!r}")
            continue
        profiler = cProfile.Profile(time.thread_time)  # CPU, as the table: waiting for PostgreSQL is not in it
        measure(page, clients[page.who], options.repeat, 1, lambda: statements["n"], rendering, profiler)
        if options.dump:  # for pstats' own browser: python -m pstats FILE, then callees NAME
            profiler.dump_stats(options.dump)
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(options.top)
        print(f"\n== cProfile, {name}, {options.repeat} requests, by cumulative CPU time\n{out.getvalue()}")
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(options.top)
        print(f"== cProfile, {name}, by own CPU time\n{out.getvalue()}")


if __name__ == "__main__":
    main()
