"""docs/nginx.conf.sample: nginx accepts it (`nginx -t`), and it keeps the promises docs/operations.md makes."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from tests.conftest import require_or_skip

SAMPLE = Path(__file__).resolve().parent.parent / "docs" / "nginx.conf.sample"


def _directives() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in SAMPLE.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        match = re.fullmatch(r"([a-z_0-9]+)\s+(.*);", line)
        if match:
            found.setdefault(match[1], []).append(match[2])
    return found


def test_the_sample_buffers_requests_limits_bodies_and_times_out_slow_clients() -> None:
    directives = _directives()
    assert directives["proxy_request_buffering"] == ["on"] and directives["proxy_buffering"] == ["on"]
    assert directives["client_max_body_size"] == ["8m"]
    for timeout in ("client_header_timeout", "client_body_timeout", "send_timeout", "proxy_read_timeout"):
        assert directives[timeout], timeout
    headers = dict(value.split(None, 1) for value in directives["proxy_set_header"])
    assert headers["X-Forwarded-For"] == "$proxy_add_x_forwarded_for"  # the last entry is nginx's own
    assert headers["X-Forwarded-Proto"] == "$scheme" and headers["Host"] == "$host"
    assert "X-Forwarded-Host" not in headers  # links come from PUBLIC_URL, never from a forwarded host


def test_nginx_accepts_the_sample(tmp_path: Path) -> None:
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    require_or_skip(None if nginx else "nginx findes ikke (apt-get install nginx)", "nginx")
    cert, key = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",  # noqa: S603, S607
                    "/CN=partnerhub.example.dk", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    site = SAMPLE.read_text().replace("/etc/ssl/partnerhub/fullchain.pem", str(cert)).replace(
        "/etc/ssl/partnerhub/privkey.pem", str(key))
    (tmp_path / "partnerhub.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path / 'nginx.pid'};\nerror_log {tmp_path / 'error.log'};\nevents {{}}\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {tmp_path};\n  proxy_temp_path {tmp_path};\n"
        f"  include {tmp_path / 'partnerhub.conf'};\n}}\n")
    result = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],  # noqa: S603
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "syntax is ok" in result.stderr, result.stderr
