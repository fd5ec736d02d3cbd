"""The app against real OpenID providers on loopback: oidc-provider-mock for the ordinary logins, and
tests/oidc/own_provider.py where a test needs a provider that misbehaves. Nothing leaves 127.0.0.1."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from partnerhub import create_app
from partnerhub.config import TestConfig
from partnerhub.extensions import db
from partnerhub.oidc import providers as oidc_providers
from tests.conftest import FreshContextClient
from tests.oidc.own_provider import Behaviour, OwnProvider, serve

with warnings.catch_warnings():  # the mock imports Authlib's deprecated jose module
    warnings.simplefilter("ignore")
    import oidc_provider_mock

CLIENT_IDS = {"youth": "partnerhub-unge", "company": "partnerhub-virksomhed", "staff": "partnerhub-medarbejder"}
STAFF_GROUP = "ungeenheden-medarbejdere"
ADMIN_GROUP = "partnerhub-administratorer"
MANAGEMENT_GROUP = "ungeenheden-ledelse"
LOA_CLAIM = "https://data.gov.dk/concept/core/nsis/loa"


def provider_options(issuer: str, audience: str, **extra: str) -> dict[str, str]:
    options = {"issuer": issuer, "client_id": CLIENT_IDS[audience], "client_secret": "test-klienthemmelighed"}
    if audience == "company":
        options["cvr_claim"] = "cvr"
    if audience == "staff":
        options.update(staff_groups=STAFF_GROUP, admin_groups=ADMIN_GROUP, management_groups=MANAGEMENT_GROUP)
    return {**options, **extra}


@pytest.fixture(scope="session")
def mock_idp() -> Iterator[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        provider_app = oidc_provider_mock.app(require_nonce=True)
    with serve(provider_app) as url:
        yield url


@pytest.fixture(scope="session")
def own_idp() -> Iterator[OwnProvider]:
    provider = OwnProvider()
    with serve(provider.app) as url:
        provider.issuer = url
        yield provider


def _mock_providers(mock_idp: str) -> dict[str, dict[str, str]]:
    return {audience: provider_options(mock_idp, audience) for audience in CLIENT_IDS}


@pytest.fixture(scope="session")
def app(database: dict, mock_idp: str) -> Iterator[Flask]:
    """Replaces the suite's app for tests/oidc: the same database backends, with all three audiences on the mock."""
    settings = {key: value for key, value in database.items() if key != "schema"}
    application = create_app(TestConfig, **settings, OIDC_PROVIDERS=_mock_providers(mock_idp))
    application.test_client_class = FreshContextClient
    with application.app_context():
        db.create_all()
    yield application
    with application.app_context():
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def use_own_provider(app: Flask, mock_idp: str, own_idp: OwnProvider) -> Iterator[Callable[..., OwnProvider]]:
    """Points one audience at the provider the test controls, for this test only."""

    def switch(audience: str, **extra: str) -> OwnProvider:
        app.config["OIDC_PROVIDERS"] = {**_mock_providers(mock_idp),
                                        audience: provider_options(own_idp.issuer, audience, **extra)}
        oidc_providers.init_app(app)
        return own_idp

    yield switch
    app.config["OIDC_PROVIDERS"] = _mock_providers(mock_idp)
    oidc_providers.init_app(app)
    own_idp.behaviour = Behaviour()


@pytest.fixture
def set_mock_user(mock_idp: str) -> Iterator[Callable[[str, dict], None]]:
    """Gives a subject claims at the mock for this test only: the mock lives for the whole session, so claims a
    test leaves behind (a CPR number, a low assurance) would refuse the next test's login for the same subject."""
    subjects: set[str] = set()

    def _set(subject: str, claims: dict) -> None:
        response = requests.put(f"{mock_idp}/users/{subject}", json=claims, timeout=5)
        assert response.status_code == 204, response.text
        subjects.add(subject)

    yield _set
    for subject in subjects:
        requests.put(f"{mock_idp}/users/{subject}", json={}, timeout=5).raise_for_status()


def start_login(client: FlaskClient, slug: str) -> str:
    """Presses the sign-in button; returns the provider's authorisation URL the browser is sent to."""
    response = client.post(f"/log-ind/{slug}")
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return response.headers["Location"]


def approve_at_mock(authorization_url: str, subject: str) -> str:
    """What the person does on the mock's login page: choose the subject and press authorise."""
    response = requests.post(authorization_url, data={"sub": subject}, allow_redirects=False, timeout=5)
    assert response.status_code == 302, response.text[:300]
    return response.headers["Location"]


def follow_back(client: FlaskClient, callback_url: str):
    parts = urlsplit(callback_url)
    return client.get(f"{parts.path}?{parts.query}")


def at_own_provider(authorization_url: str) -> str:
    response = requests.get(authorization_url, allow_redirects=False, timeout=5)
    assert response.status_code == 302, response.text[:300]
    return response.headers["Location"]


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def mock_login(client: FlaskClient, slug: str, subject: str):
    """One whole sign-in through the mock; returns the app's answer to the callback."""
    return follow_back(client, approve_at_mock(start_login(client, slug), subject))


def own_login(client: FlaskClient, slug: str):
    return follow_back(client, at_own_provider(start_login(client, slug)))
