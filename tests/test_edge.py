"""The app's edge in production: links from PUBLIC_URL, the allowed hosts, HSTS and the trusted proxies."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask

from partnerhub import create_app
from partnerhub.companies.models import CompanyStatus
from partnerhub.config import ProductionConfig, TestConfig, public_url_problem
from partnerhub.extensions import db
from partnerhub.fair.services.company_booths import qr_svg
from partnerhub.outbox.models import OutboxMessage
from partnerhub.permissions import Role
from tests import factories

PUBLIC_URL = "https://partnerhub.hedensted.example"
# Each of these gave a 500 or was served as if it were ours before the allow-list.
BAD_HOSTS = ["evil.example.com", "a b", "localhost:abc", "localhost:99999", "ünicode.dk", "", " ", "a..b",
             "x" * 300, ".localhost", "localhost..", "[::1", "a/b", "localhost\tx"]


@pytest.fixture
def edge_app() -> Iterator[Flask]:
    """An app whose allow-list also names a foreign host, so the test can prove the links ignore the Host header."""
    application = create_app(TestConfig, PUBLIC_URL=PUBLIC_URL,
                             ALLOWED_HOSTS=["localhost", "evil.example.com", "partnerhub.hedensted.example"])
    with application.app_context():
        db.create_all()
        yield application
        db.session.remove()
        db.drop_all()


def _last_mail_link(recipient: str) -> str:
    message = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.recipient == recipient)
                                 .order_by(OutboxMessage.id.desc())).first()
    assert message is not None
    return re.search(r"https?://\S+", message.body).group(0)


def test_reset_mail_for_a_forged_host_links_to_the_public_url(edge_app: Flask) -> None:
    factories.UserFactory(email="chef@eksempel.dk", role=Role.STAFF)
    db.session.commit()
    response = edge_app.test_client().post("/glemt-adgangskode", data={"email": "chef@eksempel.dk"},
                                           headers={"Host": "evil.example.com"})
    assert response.status_code == 302
    link = _last_mail_link("chef@eksempel.dk")
    assert link.startswith(PUBLIC_URL + "/nulstil-adgangskode/"), link
    assert "evil" not in link


def test_invitation_and_qr_links_use_the_public_url(edge_app: Flask) -> None:
    from partnerhub.accounts.service import invite

    invited = factories.UserFactory(email="ny@eksempel.dk", role=Role.YOUTH)
    with edge_app.test_request_context("/", headers={"Host": "evil.example.com"}):
        invite(None, invited)
    db.session.commit()
    assert _last_mail_link("ny@eksempel.dk").startswith(PUBLIC_URL + "/")

    company = factories.user_for_role(Role.COMPANY).company
    company.status = CompanyStatus.APPROVED
    db.session.commit()
    svg = edge_app.test_client().get(f"/messe/qr/{company.id}.svg", headers={"Host": "evil.example.com"})
    assert svg.status_code == 200
    expected = qr_svg(f"{PUBLIC_URL}/messe/virksomhed/{company.id}", title=f"QR-kode til {company.name}")
    assert svg.get_data(as_text=True) == expected, "the QR code must encode PUBLIC_URL, whatever the Host header"


@pytest.mark.parametrize("host", BAD_HOSTS)
def test_a_host_not_allowed_or_malformed_gets_400(client, host: str) -> None:
    factories.UserFactory(email="chef@eksempel.dk", role=Role.STAFF)
    db.session.commit()
    for path, method in (("/", "get"), ("/log-ind", "get"), ("/glemt-adgangskode", "post")):
        response = getattr(client, method)(path, data={"email": "chef@eksempel.dk"}, headers={"Host": host})
        assert response.status_code == 400, (host, path)
        assert "Forkert adresse" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0


def test_allowed_hosts_with_a_port_and_a_subdomain_rule(client) -> None:
    assert client.get("/", headers={"Host": "localhost:8000"}).status_code == 200
    assert client.get("/", headers={"Host": "LOCALHOST"}).status_code == 200
    app = create_app(TestConfig, ALLOWED_HOSTS=[".hedensted.example"])
    with app.app_context():
        db.create_all()
        tester = app.test_client()
        assert tester.get("/", headers={"Host": "partnerhub.hedensted.example"}).status_code == 200
        assert tester.get("/", headers={"Host": "hedensted.example"}).status_code == 200
        assert tester.get("/", headers={"Host": "evilhedensted.example"}).status_code == 400
        db.drop_all()


def test_production_requires_an_https_public_url(monkeypatch: pytest.MonkeyPatch) -> None:
    assert public_url_problem(None)
    assert public_url_problem("http://partnerhub.hedensted.dk")
    assert public_url_problem("https://partnerhub.hedensted.dk/sti")
    assert public_url_problem("https://partnerhub.hedensted.dk") is None
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "s" * 40)
    monkeypatch.setattr(ProductionConfig, "PUBLIC_URL", None)
    with pytest.raises(RuntimeError, match="PUBLIC_URL"):
        create_app(ProductionConfig)


def test_hsts_is_on_by_default_in_production_and_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "s" * 40)
    monkeypatch.setattr(ProductionConfig, "PUBLIC_URL", PUBLIC_URL)
    production = create_app(ProductionConfig, SQLALCHEMY_DATABASE_URI="sqlite://",
                            ALLOWED_HOSTS=["partnerhub.hedensted.example"])
    with production.app_context():
        db.create_all()
        response = production.test_client().get("/", base_url=PUBLIC_URL)
        assert response.status_code == 200
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
        production.config["HSTS_SECONDS"] = 0
        assert "Strict-Transport-Security" not in production.test_client().get("/", base_url=PUBLIC_URL).headers
        db.drop_all()


@pytest.fixture
def limited_app(request: pytest.FixtureRequest) -> Iterator[Flask]:
    """An app with small login limits, trusting `request.param` proxies."""
    from partnerhub.extensions import limiter

    application = create_app(TestConfig, PROXY_TRUSTED_HOPS=request.param, LOGIN_RATE_LIMIT_PER_IP="6 per minute",
                             LOGIN_RATE_LIMIT_PER_ACCOUNT="3 per minute")
    with application.app_context():
        db.create_all()
        limiter.reset()
        yield application
        limiter.reset()
        db.session.remove()
        db.drop_all()


def _failed_login(client, email: str, forwarded_for: str | None = None, peer: str = "127.0.0.1") -> int:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post("/log-ind", data={"email": email, "password": "forkert-forkert-1"}, headers=headers,
                       environ_base={"REMOTE_ADDR": peer}).status_code


@pytest.mark.parametrize("limited_app", [0], indirect=True)
def test_without_a_trusted_proxy_a_spoofed_forwarded_for_does_not_help(limited_app: Flask) -> None:
    client = limited_app.test_client()
    statuses = [_failed_login(client, f"person{n}@eksempel.dk", forwarded_for=f"10.0.0.{n}", peer="192.0.2.7")
                for n in range(7)]
    assert statuses == [200] * 6 + [429]
    assert _failed_login(client, "ny@eksempel.dk", peer="192.0.2.8") == 200  # another client is not blocked


@pytest.mark.parametrize("limited_app", [1], indirect=True)
def test_behind_a_trusted_proxy_each_real_client_has_its_own_count(limited_app: Flask) -> None:
    from partnerhub.audit.models import AuditEvent

    client = limited_app.test_client()
    # 25 people of the municipality behind one proxy: none of them is blocked by the others.
    assert [_failed_login(client, f"person{n}@eksempel.dk", forwarded_for=f"10.0.1.{n}") for n in range(25)] \
        == [200] * 25
    # One of them tries 7 times, and puts a fake address in front: the proxy's own entry is what counts.
    statuses = [_failed_login(client, f"gaet{n}@eksempel.dk", forwarded_for=f"203.0.113.{n}, 10.0.2.1")
                for n in range(7)]
    assert statuses == [200] * 6 + [429]
    assert _failed_login(client, "naboen@eksempel.dk", forwarded_for="10.0.2.2") == 200
    ips = set(db.session.scalars(db.select(AuditEvent.ip).where(AuditEvent.action == "login_failed")))
    assert "10.0.1.24" in ips and "10.0.2.1" in ips and "127.0.0.1" not in ips


@pytest.mark.parametrize("limited_app", [0], indirect=True)
def test_only_failed_logins_count_against_the_account(limited_app: Flask) -> None:
    user = factories.UserFactory(email="flittig@eksempel.dk")
    db.session.commit()
    client = limited_app.test_client()
    for _ in range(5):  # the limit is 3 per minute: successful logins never reach it
        response = client.post("/log-ind", data={"email": user.email, "password": factories.PASSWORD})
        assert response.status_code == 302
        client.post("/log-ud")
    assert [_failed_login(client, user.email, peer="192.0.2.9") for _ in range(4)] == [200, 200, 200, 429]


def test_planning_mails_link_to_the_public_url_from_a_request_or_a_worker(edge_app: Flask) -> None:
    from partnerhub.planning.services.common import link

    with edge_app.test_request_context("/", headers={"Host": "evil.example.com"}):
        in_request = link("planning.youth_plan")
    in_worker = link("planning.follow_ups")  # no request: the CLI or a background worker
    assert in_request.startswith(PUBLIC_URL + "/") and "evil" not in in_request, in_request
    assert in_worker.startswith(PUBLIC_URL + "/medarbejder/"), in_worker


def test_server_timing_is_sent_only_when_switched_on() -> None:
    """`make bench-web` reads each page's CPU from this header; elsewhere it would tell outsiders how long we work."""
    quiet = create_app(TestConfig).test_client().get("/sundhed")
    assert "Server-Timing" not in quiet.headers
    timed = create_app(TestConfig, SERVER_TIMING=True).test_client().get("/sundhed")
    cpu, wall = timed.headers["Server-Timing"].split(", ")
    assert cpu.startswith("cpu;dur=") and wall.startswith("app;dur=")
    assert 0 <= float(cpu.split(";")[1].removeprefix("dur=")) <= float(wall.split(";")[1].removeprefix("dur=")) + 5
