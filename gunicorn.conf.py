"""Gunicorn in production: `gunicorn -c gunicorn.conf.py 'partnerhub:create_app()'` (README, docs/operations.md).

Threads, not sync workers: a sync worker is held by one slow client for the whole timeout, so four slow clients
took the site down. With gthread each worker serves `threads` requests at once, and a client that dribbles its
headers or body holds one thread, not the worker. The proxy in front buffers requests and responses
(docs/nginx.conf.sample), so in normal operation slow clients never reach gunicorn at all.
Override any value on the command line, e.g. `--workers 8` or `--bind 0.0.0.0:8000`.
"""

bind = "127.0.0.1:8000"
# About two per CPU core: each is its own process with its own database pool (SQLALCHEMY pool: 5 + 10 overflow).
workers = 4
worker_class = "gthread"
# Threads per worker. The kernel may hand all new connections to one worker, so one worker alone must outlast a
# burst of slow clients: a thread waiting for a slow client costs little memory and holds no database connection
# (each worker's pool opens at most 5 + 10 of those, 4 x 15 = 60, inside PostgreSQL's default 100).
threads = 32
# A worker that does not answer its arbiter for this long is restarted (gthread: the worker, not one request).
timeout = 60
graceful_timeout = 30
# Idle keep-alive connections are closed after 5 s, so they do not tie up threads.
keepalive = 5
# Restart each worker now and then (with jitter, not all at once): a leak can never grow without limit.
max_requests = 5000
max_requests_jitter = 500
# Requests bigger than these are refused by gunicorn itself (400) before any Python code of ours runs.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# X-Forwarded-* are trusted only by the app's ProxyFix (PROXY_TRUSTED_HOPS), one rule in one place.
secure_scheme_headers: dict[str, str] = {}
accesslog = "-"
# Python collects after 700 new objects; a worker after this many (post_worker_init says why).
NEW_OBJECTS_BEFORE_A_COLLECTION = 10_000
errorlog = "-"
loglevel = "info"


def post_worker_init(worker: object) -> None:
    """Once the worker has built the app, its ORM mappers are configured here rather than inside its first request
    (about 0.2 s of CPU that the first visitor of each worker waited for).

    Measured and not kept (issue 19, docs/benchmarks.md): `gc.freeze()` here moved the app's 240,000 start-up
    objects out of the collector's way (full collections of 100-170 ms each) and lowered the server CPU per request,
    but two load runs with it each had a worker die of SIGSEGV inside libpython 3.11.7, and a run without it none.

    Kept instead (session 9, two pairs back to back in docs/benchmarks.md): the collector runs after 10,000 new
    objects rather than 700, so its full passes over the worker's search indexes and mappers (100-170 ms each,
    every thread of the worker waiting) come 14 times less often. At 50 users gunicorn's CPU per request went
    17.9 / 17.2 → 16.4 / 16.9 ms and the p95 130 / 150 → 120 / 130 ms; cyclic garbage waits a little longer."""
    import gc

    from sqlalchemy.orm import configure_mappers

    configure_mappers()
    gc.set_threshold(NEW_OBJECTS_BEFORE_A_COLLECTION, 10, 10)
