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
from partnerhub.fair.service import qr_svg
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
