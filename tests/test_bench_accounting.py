"""`make bench-web` prints the CPU seconds gunicorn and PostgreSQL used during the load. Their processes come and go
inside the window (workers restart, the pool closes connections and their backends exit), and the figure must still
hold the CPU those processes used."""

from __future__ import annotations

import subprocess
import sys
import time

from bench.web import cpu_seconds_by_program

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
