"""A company signs in through MitID Erhverv (oidc-provider-mock on loopback, its own login page) and lands home."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator

import pytest
import requests
from flask_migrate import upgrade

from partnerhub import create_app
from partnerhub.config import TestConfig
from partnerhub.extensions import db
from partnerhub.reference.service import load_reference
from tests.browser.conftest import assert_accessible
from tests.oidc.conftest import mock_idp, provider_options  # noqa: F401 - mock_idp is a fixture
from tests.oidc.own_provider import serve

SUBJECT = "c0ffee42-mitid-erhverv-browser"
CVR = "29000026"  # Juelsminde Havnekro I/S in the recorded CVR sample


@pytest.fixture(scope="module")
def oidc_live_server(tmp_path_factory: pytest.TempPathFactory, mock_idp: str) -> Iterator[str]:  # noqa: F811
    path = tmp_path_factory.mktemp("oidc-live") / "live.sqlite"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}", WTF_CSRF_ENABLED=True,
                     OIDC_PROVIDERS={"company": provider_options(mock_idp, "company")})
    with app.app_context():
        upgrade()
        load_reference()
        db.session.commit()
    with serve(app) as url:
        yield url


def _loopback_only(route) -> None:
    """The mock's page links a CDN stylesheet; nothing leaves the machine, so it is refused."""
    if re.match(r"^https?://(127\.0\.0\.1|localhost)[:/]", route.request.url):
        route.continue_()
    else:
        route.abort()


def test_a_company_signs_in_with_mitid_erhverv_and_lands_on_its_home(page, oidc_live_server: str,
                                                                     mock_idp: str) -> None:  # noqa: F811
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        requests.put(f"{mock_idp}/users/{SUBJECT}", json={"cvr": CVR, "name": "Jonas Krog",
                                                          "email": "jonas@havnekro.dk"}, timeout=5)
    page.context.route("**/*", _loopback_only)
    page.goto(oidc_live_server + "/log-ind")
    assert_accessible(page)
    page.get_by_role("button", name="Log ind med MitID Erhverv – for virksomheder").click()
    page.wait_for_url(re.compile(re.escape(mock_idp) + "/oauth2/authorize"))
    page.get_by_placeholder("sub").fill(SUBJECT)
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.wait_for_url(oidc_live_server + "/log-ind/virksomhed/ny")
    assert page.get_by_label("Virksomhedens navn").input_value() == "Juelsminde Havnekro I/S"
    assert page.get_by_label("Almindelige ansatte").input_value() == "9"
    assert page.get_by_label("Dit navn").input_value() == "Jonas Krog"
    assert_accessible(page)
    page.get_by_role("button", name="Opret virksomhed").click()
    page.wait_for_url(oidc_live_server + "/virksomhed")
    assert "Juelsminde Havnekro I/S" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_role("status").first.inner_text() == "Du er logget ind med MitID Erhverv."
    assert_accessible(page)
