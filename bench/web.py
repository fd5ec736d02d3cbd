"""`make bench-web`: PartnerHub under gunicorn.conf.py on PostgreSQL with 10,000 young people, 2,000 companies and
3 rounds of history, loaded by 50 headless locust users on loopback. Prints throughput, p50/p95/p99 per page and
errors, and compares them with the targets (reads p95 < 150 ms, writes p95 < 300 ms; login excluded)."""

from __future__ import annotations

import argparse
import csv
import os
import resource
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ADMIN_URL = os.environ.get("BENCH_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
DB_NAME = os.environ.get("BENCH_DB", "partnerhub_bench")
READ_TARGET_MS, WRITE_TARGET_MS = 150, 300


def run(args: list[str], env: dict) -> None:
    print("$", " ".join(args), flush=True)
    subprocess.run(args, cwd=ROOT, env=env, check=True)  # noqa: S603 - our own commands


def fresh_database() -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DB_NAME}"')


def analyze_database() -> None:
    """Fresh bulk-loaded tables have no planner statistics until autovacuum gets round to them; production has them."""
    with psycopg.connect(ADMIN_URL.rsplit("/", 1)[0] + f"/{DB_NAME}", autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def cpu_seconds_by_program(programs: tuple[str, ...] = ("gunicorn", "postgres")) -> dict[str, float]:
    """CPU seconds (user + system) used so far by each program's processes, from /proc: their own time plus the time
    of the children they have reaped (cutime + cstime). Counting the reaped children is what keeps the figure right
    when processes come and go inside the window: a gunicorn worker that exits, or a PostgreSQL backend whose
    connection the pool closes, leaves its CPU on the master or the postmaster instead of vanishing from the sum."""
    ticks = os.sysconf("SC_CLK_TCK")
    totals = dict.fromkeys(programs, 0.0)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        name, fields = stat.split(" (", 1)[1].rsplit(")", 1)[0], stat.rsplit(")", 1)[1].split()
        used = sum(int(value) for value in fields[11:15]) / ticks  # utime, stime, cutime, cstime
        for program in programs:
            if program in command or name.startswith(program):
                totals[program] += used
                break
    return totals


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the app did not answer at {url}")


def server_cpu_per_request(cpu_csv: Path) -> dict[str, float]:
    """Mean server CPU ms per request for each page, from the locustfile's Server-Timing figures."""
    if not cpu_csv.exists():
        return {}
    with cpu_csv.open(encoding="utf-8") as lines:
        rows = list(csv.DictReader(lines))
    means = {row["name"]: float(row["cpu_ms_total"]) / int(row["requests"]) for row in rows if int(row["requests"])}
    requests = sum(int(row["requests"]) for row in rows)
    if requests:
        means["Aggregated"] = sum(float(row["cpu_ms_total"]) for row in rows) / requests
    return means


def report(stats_csv: Path, cpu_ms: dict[str, float] | None = None, read_target: float = READ_TARGET_MS,
           write_target: float = WRITE_TARGET_MS) -> int:
    """The table per page, with the server's mean CPU ms per request beside the client's latencies."""
    with stats_csv.open(encoding="utf-8") as lines:
        rows = list(csv.DictReader(lines))
    cpu_ms = cpu_ms or {}
    print(f"\n{'page':<48} {'req':>6} {'fail':>5} {'rps':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'cpu':>6}  target")
    misses = 0
    for row in rows:
        name = row["Name"]
        if name == "Aggregated":
            continue
        write = "[POST" in name
        login = "login" in name or name.startswith("/log-ind")
        target = write_target if write else read_target
        if login:
            verdict = ""
        elif row["95%"] == "N/A":  # locust's figure for a page no user reached inside the measured window
            verdict = "NOT MEASURED"
        else:
            verdict = "ok" if float(row["95%"]) < target else "MISSED"
        misses += verdict != "ok" and not login
        cpu = f"{cpu_ms[name]:.1f}" if name in cpu_ms else "–"
        print(f"{name:<48} {row['Request Count']:>6} {row['Failure Count']:>5} {float(row['Requests/s']):>7.1f} "
              f"{row['50%']:>6} {row['95%']:>6} {row['99%']:>6} {cpu:>6}  {'–' if login else f'{target:g}'} ms "
              f"{verdict}")
    total = next(r for r in rows if r["Name"] == "Aggregated")
    mean_cpu = f", server CPU {cpu_ms['Aggregated']:.1f} ms per request" if "Aggregated" in cpu_ms else ""
    print(f"\nall requests: {total['Request Count']}, errors: {total['Failure Count']}, "
          f"throughput: {float(total['Requests/s']):.1f} req/s, p50 {total['50%']} ms, p95 {total['95%']} ms, "
          f"p99 {total['99%']} ms{mean_cpu}; pages missing their target: {misses}")
    print("(cpu: the server's mean CPU ms per request, from its Server-Timing header; p50/p95/p99 at the client)")
    return int(total["Failure Count"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--youth", type=int, default=10_000)
    parser.add_argument("--companies", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60, help="measured steady state, after the ramp-up")
    parser.add_argument("--spawn-rate", type=float, default=5.0, help="users started per second")
    parser.add_argument("--think", default="2,5", help="each user's pause between tasks: min,max seconds")
    parser.add_argument("--port", type=int, default=8077)
    parser.add_argument("--read-target", type=float, default=READ_TARGET_MS,
                        help="p95 ms a read page must stay under (issue 19: 150 at 50 users, 250 at 100)")
    parser.add_argument("--write-target", type=float, default=WRITE_TARGET_MS, help="p95 ms for a form post")
    parser.add_argument("--reuse-data", action="store_true", help="keep the database from the last run")
    options = parser.parse_args()

    database_url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{DB_NAME}"
    env = {**os.environ, "DATABASE_URL": database_url, "PARTNERHUB_CONFIG": "production",
           "SECRET_KEY": secrets.token_urlsafe(48), "SESSION_COOKIE_SECURE": "0",
           "PUBLIC_URL": f"https://127.0.0.1:{options.port}",
           "LOGIN_RATE_LIMIT_PER_IP": "100000 per minute", "LOGIN_RATE_LIMIT_PER_ACCOUNT": "100000 per minute",
           "SERVER_TIMING": "1",
           "BENCH_YOUTH": str(options.youth), "BENCH_COMPANIES": str(options.companies), "BENCH_THINK": options.think}
    env.pop("REDIS_URL", None)
    flask = [str(BIN / "flask"), "--app", "partnerhub"]
    if options.reuse_data:
        run([*flask, "db", "upgrade"], env)
    else:
        fresh_database()
        started = time.monotonic()
        run([*flask, "db", "upgrade"], env)
        run([*flask, "bench-data", "--youth", str(options.youth), "--companies", str(options.companies),
             "--rounds", str(options.rounds)], env)
        print(f"data set built in {time.monotonic() - started:.0f} s", flush=True)
    analyze_database()

    host = f"http://127.0.0.1:{options.port}"
    server = subprocess.Popen(  # noqa: S603 - our own server on loopback
        [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{options.port}",
         "--log-level", "warning", "--access-logfile", "/dev/null", "partnerhub:create_app()"],
        cwd=ROOT, env=env, start_new_session=True)
    try:
        wait_for(f"{host}/sundhed")
        out = ROOT / "bench-out"
        out.mkdir(exist_ok=True)
        (out / "server_cpu.csv").unlink(missing_ok=True)
        env["BENCH_CPU_CSV"] = str(out / "server_cpu.csv")
        ramp_up = options.users / options.spawn_rate
        load_before, cpu_before, started = os.getloadavg()[0], cpu_seconds_by_program(), time.monotonic()
        locust_cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        # Statistics restart once every user has started (--reset-stats), so the figures are the steady state of
        # `--seconds` with all users on; logins go on inside that window too (see the locustfile).
        run([str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--users",
             str(options.users), "--spawn-rate", str(options.spawn_rate), "--reset-stats",
             "--run-time", f"{options.seconds + ramp_up:.0f}s", "--host", host, "--csv", str(out / "web"),
             "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0"], env)
        wall = time.monotonic() - started
        cpu_after, locust_cpu_after = cpu_seconds_by_program(), resource.getrusage(resource.RUSAGE_CHILDREN)
        errors = report(out / "web_stats.csv", server_cpu_per_request(out / "server_cpu.csv"), options.read_target,
                        options.write_target)
        locust_cpu = (locust_cpu_after.ru_utime + locust_cpu_after.ru_stime
                      - locust_cpu_before.ru_utime - locust_cpu_before.ru_stime)
        available = wall * (os.cpu_count() or 1)
        print(f"\nCPU seconds during the {wall:.0f} s of load (ramp-up included), of {available:.0f} available: "
              f"gunicorn {cpu_after['gunicorn'] - cpu_before['gunicorn']:.1f}, "
              f"postgres {cpu_after['postgres'] - cpu_before['postgres']:.1f}, locust {locust_cpu:.1f}; "
              f"load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a worker still inside a long request after gunicorn's graceful timeout
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    print(f"\nmachine: {os.cpu_count()} cores; gunicorn.conf.py; {options.users} users for {options.seconds} s; "
          f"think time {options.think} s; {options.youth} young people, {options.companies} companies, "
          f"{options.rounds} rounds")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
