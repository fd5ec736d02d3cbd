"""The app as a whole: config, language, headers, error pages and bounded ids."""

from __future__ import annotations

import pytest

from partnerhub import create_app
from partnerhub.config import ProductionConfig


def test_production_refuses_the_default_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "dev-only-not-secret")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig)


def test_production_refuses_a_short_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "short")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig)


def test_landing_page_is_danish_by_default_with_lang_attribute(client) -> None:
    response = client.get("/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="da">' in page
    assert "Prøv forskellige fag" in page
    assert "Opret dig som ung" in page and "Opret virksomhed" in page


def test_language_switch_shows_english_and_keeps_the_page(client) -> None:
    response = client.post("/sprog", data={"lang": "en", "next": "/log-ind"})
    assert response.status_code == 302 and response.headers["Location"] == "/log-ind"
    page = client.get("/log-ind").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Log in" in page and "Log ind" not in page.split("<main")[1]


def test_language_switch_refuses_offsite_next(client) -> None:
    response = client.post("/sprog", data={"lang": "en", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_security_headers_on_pages(client) -> None:
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["Referrer-Policy"] in {"same-origin", "strict-origin-when-cross-origin"}
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"


def test_static_files_may_be_cached_but_still_carry_headers(client) -> None:
    with client.get("/static/css/app.css") as response:
        assert response.status_code == 200
        assert response.headers.get("Cache-Control") != "no-store"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("huge_id", ["2147483648", "99999999999999999999", "0", "-1", "1e3"])
def test_out_of_range_ids_are_404_not_500(login_as, client, huge_id: str) -> None:
    login_as("staff")
    response = client.get(f"/medarbejder/virksomheder/{huge_id}")
    assert response.status_code == 404


def test_largest_valid_id_is_a_clean_404(login_as, client) -> None:
    login_as("staff")
    assert client.get("/medarbejder/virksomheder/2147483647").status_code == 404


def test_error_page_is_in_the_users_language(client) -> None:
    page = client.get("/findes-ikke").get_data(as_text=True)
    assert "Siden findes ikke" in page
    client.post("/sprog", data={"lang": "en"})
    page = client.get("/findes-ikke").get_data(as_text=True)
    assert "The page doesn" in page and "Siden findes ikke" not in page


def test_health_checks_the_database(client) -> None:
    response = client.get("/sundhed")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_privacy_page_explains_legal_basis_and_no_cpr(client) -> None:
    page = client.get("/dine-data").get_data(as_text=True)
    assert "artikel 6, stk. 1, litra e" in page
    assert "CPR-nummer" in page
