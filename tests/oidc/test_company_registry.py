"""Company facts without typing: the offline CVR sample, the GraphQL register (against a local fake) and the
"Hent oplysninger" step of the registration form, whose employee count feeds the employer-ratio rule."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from flask import Flask

from partnerhub.companies.models import Company
from partnerhub.companies.registry import CompanyFacts, GraphQLRegistry, OfflineRegistry, RegistryUnavailable
from partnerhub.extensions import db
from partnerhub.reference import service as reference
from partnerhub.reference.service import load_reference
from tests.conftest import PASSWORD, login
from tests.oidc.test_sign_in import KNOWN_CVR

REGISTER_CVR = "31415926"  # valid (modulus 11), not in the offline sample


class FakeCvrService(BaseHTTPRequestHandler):
    """Answers the two GraphQL queries as Datafordeleren's CVR service does, for one company."""

    seen: list[dict] = []
    broken = False

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeCvrService.seen.append({"path": self.path, **body})
        if FakeCvrService.broken:
            self._answer(500, {"errors": [{"message": "nede"}]})
        elif "CVR_Virksomhed" in body["query"]:
            nodes = [{"id": "enhed-77", "CVRNummer": 31415926}] if body["variables"]["cvr"] == 31415926 else []
            self._answer(200, {"data": {"CVR_Virksomhed": {"nodes": nodes}}})
        else:
            assert body["variables"] == {"id": "enhed-77"}
            self._answer(200, {"data": {
                "CVR_Navn": {"nodes": [{"vaerdi": "Hornsyld Smede ApS"}]},
                "CVR_Adressering": {"nodes": [{"CVRAdresse_vejnavn": "Smedevej", "CVRAdresse_husnummerFra": 3,
                                               "CVRAdresse_postnummer": 8783, "CVRAdresse_postdistrikt": "Hornsyld"}]},
                "CVR_Beskaeftigelse": {"nodes": [{"antalAnsatte": 23}]},
            }})

    def _answer(self, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def cvr_service() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeCvrService)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeCvrService.seen, FakeCvrService.broken = [], False
    yield f"http://127.0.0.1:{server.server_port}/CVR/v2"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_the_offline_sample_knows_its_companies() -> None:
    registry = OfflineRegistry()
    assert registry.lookup(KNOWN_CVR) == CompanyFacts(cvr=KNOWN_CVR, name="Hedensted Tømrer & Snedker ApS",
                                                      address="Industrivej 4, 8722 Hedensted", employees=14)
    assert registry.lookup(REGISTER_CVR) is None


def test_the_graphql_register_maps_name_address_and_employees(cvr_service: str) -> None:
    registry = GraphQLRegistry(cvr_service, "min-api-noegle", timeout=5)
    assert registry.lookup(REGISTER_CVR) == CompanyFacts(cvr=REGISTER_CVR, name="Hornsyld Smede ApS",
                                                         address="Smedevej 3, 8783 Hornsyld", employees=23)
    assert FakeCvrService.seen[0]["path"] == "/CVR/v2?apiKey=min-api-noegle"
    assert registry.lookup("29000026") is None


def test_a_failing_graphql_register_is_reported_not_raised_as_500(cvr_service: str) -> None:
    FakeCvrService.broken = True
    with pytest.raises(RegistryUnavailable):
        GraphQLRegistry(cvr_service, None, timeout=5).lookup(REGISTER_CVR)


def test_hent_oplysninger_fills_the_form_from_the_offline_sample(client) -> None:
    page = client.get(f"/opret/virksomhed?lookup_cvr={KNOWN_CVR}").get_data(as_text=True)
    assert 'value="Hedensted Tømrer &amp; Snedker ApS"' in page
    assert 'value="Industrivej 4, 8722 Hedensted"' in page and 'value="14"' in page
    assert f'value="{KNOWN_CVR}"' in page and "Vi har hentet navn, adresse og antal ansatte" in page


def test_hent_oplysninger_checks_the_cvr_with_modulus_11(client) -> None:
    page = client.get("/opret/virksomhed?lookup_cvr=29000019").get_data(as_text=True)
    assert "kontrolcifferet passer ikke" in page and "Vi har hentet" not in page


def test_hent_oplysninger_for_an_unknown_cvr_says_so(client) -> None:
    page = client.get(f"/opret/virksomhed?lookup_cvr={REGISTER_CVR}").get_data(as_text=True)
    assert "Vi fandt ikke CVR-nummeret i CVR-registret." in page


def test_the_configured_graphql_register_is_used_by_the_form(app: Flask, client, cvr_service: str,
                                                             monkeypatch) -> None:
    monkeypatch.setitem(app.config, "CVR_REGISTRY_URL", cvr_service)
    page = client.get(f"/opret/virksomhed?lookup_cvr={REGISTER_CVR}").get_data(as_text=True)
    assert 'value="Hornsyld Smede ApS"' in page and 'value="23"' in page


def test_an_unreachable_register_leaves_the_form_usable(app: Flask, client, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "CVR_REGISTRY_URL", "http://127.0.0.1:9/CVR/v2")  # discard port: refused
    response = client.get(f"/opret/virksomhed?lookup_cvr={REGISTER_CVR}")
    assert response.status_code == 200
    assert "CVR-registret svarer ikke lige nu." in response.get_data(as_text=True)


def test_the_employee_count_from_registration_feeds_the_employer_ratio(client) -> None:
    load_reference()
    db.session.commit()
    response = client.post("/opret/virksomhed", data={
        "company_name": "Hedensted Tømrer & Snedker ApS", "cvr": KNOWN_CVR, "address": "Industrivej 4, 8722 Hedensted",
        "employees": "14", "name": "Mette Berg", "email": "mette@toemrer.dk", "password": PASSWORD,
        "password_confirm": PASSWORD})
    assert response.status_code == 302
    company = db.session.scalar(db.select(Company).where(Company.cvr == KNOWN_CVR))
    assert (company.employees, company.address) == (14, "Industrivej 4, 8722 Hedensted")
    limit = reference.employer_ratio().limit(14)
    assert limit != reference.employer_ratio().limit(None)
    assert login(client, "mette@toemrer.dk").status_code == 302  # registering answers alike for every e-mail
    assert f"højst {limit} på én gang" in client.get("/virksomhed").get_data(as_text=True)
