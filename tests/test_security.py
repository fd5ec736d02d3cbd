"""Protections that must hold on every route: headers, CSRF and the footer's statements."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.test_access_matrix import ANON, MATRIX, ROLES, objects  # noqa: F401 - objects is a fixture

PERSONAL_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_with_the_security_headers(role: str, client, login_as, objects: dict) -> None:  # noqa: F811
    if role != ANON:
        login_as(role)
    for endpoint, route in sorted(MATRIX.items()):
        if endpoint == "accounts.logout":
            continue  # would end the session the loop relies on
        response = client.open(route.url(objects), method=route.method)
        for header, value in PERSONAL_HEADERS.items():
            assert response.headers.get(header) == value, f"{endpoint} as {role}: {header}"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], endpoint
        assert response.headers["Referrer-Policy"] in {"same-origin", "strict-origin-when-cross-origin"}, endpoint


POST_ROUTES = sorted(endpoint for endpoint, route in MATRIX.items() if route.method == "POST")


@pytest.mark.parametrize("endpoint", POST_ROUTES)
def test_every_post_route_refuses_a_missing_csrf_token(endpoint: str, app: Flask, client, login_as,
                                                       objects: dict) -> None:  # noqa: F811
    route = MATRIX[endpoint]
    allowed_role = sorted(route.allowed)[0]
    if allowed_role != ANON:
        login_as(allowed_role)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(route.url(objects), data={})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400, endpoint
    assert "Siden var for gammel" in response.get_data(as_text=True)


def test_every_form_page_carries_a_csrf_token(app: Flask, client, login_as, objects: dict) -> None:  # noqa: F811
    login_as("staff")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        for url in ("/medarbejder/unge/ny", "/konto", f"/medarbejder/virksomheder/{objects['company'].id}"):
            page = client.get(url).get_data(as_text=True)
            assert page.count("<form") == page.count('name="csrf_token"'), url
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_footer_links_the_privacy_and_accessibility_statements(client) -> None:
    page = client.get("/").get_data(as_text=True)
    footer = page.split('<footer')[1]
    assert 'href="/dine-data"' in footer and 'href="/tilgaengelighed"' in footer
    statement = client.get("/tilgaengelighed").get_data(as_text=True)
    for section in ("Overholdelsesstatus", "Indhold, der ikke er tilgængeligt", "Feedback og kontaktoplysninger",
                    "Håndhævelsesprocedure", "Digitaliseringsstyrelsen"):
        assert section in statement
