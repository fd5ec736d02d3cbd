"""`make bench-web` prints the CPU seconds gunicorn and PostgreSQL used during the load. Their processes come and go
inside the window (workers restart, the pool closes connections and their backends exit), and the figure must still
hold the CPU those processes used."""

from __future__ import annotations

import subprocess
import sys
import time

from bench.web import cpu_seconds_by_program, report, server_cpu_per_request

MARKER = "partnerhub-bench-accounting-probe"

# A parent that starts a child, lets it burn about half a second of CPU, reaps it and then waits to be killed:
# the child exists only inside the measured window, like a backend whose connection the pool closed.
PARENT = f"""
import subprocess, sys, time
time.sleep(0.5)
burn = "import time\\nend = time.process_time() + 0.5\\nwhile time.process_time() < end: pass"
subprocess.run([sys.executable, "-c", burn, "{MARKER}-child"], check=True)
print("done", flush=True)
time.sleep(60)
"""


def test_cpu_of_a_process_that_exited_inside_the_window_is_counted() -> None:
    with subprocess.Popen([sys.executable, "-c", PARENT, MARKER],  # noqa: S603 - our own probe
                          stdout=subprocess.PIPE, text=True) as parent:
        try:
            time.sleep(0.2)
            before = cpu_seconds_by_program((MARKER,))[MARKER]
            assert parent.stdout is not None and parent.stdout.readline().strip() == "done"
            after = cpu_seconds_by_program((MARKER,))[MARKER]
        finally:
            parent.kill()
    assert after - before >= 0.4, (before, after)


def test_the_table_shows_the_servers_cpu_per_request_per_page(tmp_path, capsys) -> None:
    cpu_csv = tmp_path / "server_cpu.csv"
    cpu_csv.write_text('name,requests,cpu_ms_total\n"/messe",4,40.0\n"/ung/profil [POST]",1,30.0\n', encoding="utf-8")
    stats_csv = tmp_path / "web_stats.csv"
    header = "Type,Name,Request Count,Failure Count,Requests/s,50%,95%,99%\n"
    stats_csv.write_text(header + "GET,/messe,4,0,1.0,9,12,12\nPOST,/ung/profil [POST],1,0,0.2,40,400,400\n"
                         ",Aggregated,5,0,1.2,10,400,400\n", encoding="utf-8")
    report(stats_csv, server_cpu_per_request(cpu_csv))
    lines = capsys.readouterr().out.splitlines()
    assert next(line for line in lines if line.startswith("/messe")).split()[-4:] == ["10.0", "150", "ms", "ok"]
    assert next(line for line in lines if line.startswith("/ung/profil")).split()[-4:] == ["30.0", "300", "ms",
                                                                                           "MISSED"]
    assert "server CPU 14.0 ms per request; pages missing their target: 1" in next(
        line for line in lines if line.startswith("all requests"))


def test_a_page_no_user_reached_in_the_window_is_reported_not_measured(tmp_path, capsys) -> None:
    """Under heavy load a page can get no request inside the measured window; locust then writes N/A."""
    stats_csv = tmp_path / "web_stats.csv"
    header = "Type,Name,Request Count,Failure Count,Requests/s,50%,95%,99%\n"
    stats_csv.write_text(header + "GET,/messe,4,0,1.0,9,12,12\nGET,/medarbejder/resultater,0,0,0.0,N/A,N/A,N/A\n"
                         ",Aggregated,4,0,1.0,9,12,12\n", encoding="utf-8")
    assert report(stats_csv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert next(line for line in lines if line.startswith("/medarbejder/resultater")).endswith("NOT MEASURED")
    assert next(line for line in lines if line.startswith("all requests")).endswith("pages missing their target: 1")
