"""One smoke test per role: log in, land on the right home page, log out – with axe on every page visited."""

from __future__ import annotations

import re

import pytest

from partnerhub.demo.service import DEMO_LOGINS, DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, log_in

HOMES = {"admin": "/admin/", "staff": "/medarbejder", "company": "/virksomhed", "youth": "/ung",
         "management": "/medarbejder/resultater", "coordinator": "/skole", "pupil": "/elev"}
HEADINGS = {"admin": "Brugere", "staff": "Goddag", "company": "Juelsminde Tømrer", "youth": "Hej Sisse",
            "management": "Resultater", "coordinator": "Goddag, Karin", "pupil": "Hej Freja"}


@pytest.mark.parametrize("login", DEMO_LOGINS, ids=lambda login: login.role.value)
def test_role_logs_in_lands_home_and_logs_out(page, live_server: str, login) -> None:
    page.goto(live_server + "/")
    assert_accessible(page)
    log_in(page, live_server, login.email, DEMO_PASSWORD)
    page.wait_for_url(re.compile(re.escape(HOMES[login.role.value]) + "$"))
    assert HEADINGS[login.role.value] in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_role("status").first.inner_text() == "Du er logget ind."
    assert_accessible(page)
    page.get_by_role("button", name="Log ud").click()
    page.wait_for_url(live_server + "/")
    assert page.get_by_role("link", name="Log ind").first.is_visible()
    page.goto(live_server + HOMES[login.role.value])
    assert "/log-ind" in page.url


def test_login_error_is_announced_and_accessible(page, live_server: str) -> None:
    log_in(page, live_server, "ingen@eksempel.dk", "forkert adgangskode")
    assert page.get_by_role("alert").inner_text() == "E-mail eller adgangskode er forkert."
    assert page.get_by_label("E-mail").input_value() == "ingen@eksempel.dk"
    assert_accessible(page)


def test_registration_form_errors_are_accessible_on_a_phone(phone_page, live_server: str) -> None:
    phone_page.goto(live_server + "/opret/ung")
    assert_accessible(phone_page)
    phone_page.get_by_label("Fornavn").fill("Dennis")
    phone_page.get_by_label("Fødselsår").fill("1950")
    phone_page.get_by_role("button", name="Opret mig").click()
    summary = phone_page.get_by_role("alert")
    assert "mellem 13 og 29" in summary.inner_text()
    assert phone_page.get_by_label("Fornavn").input_value() == "Dennis"
    assert phone_page.get_by_label("Fødselsår").get_attribute("aria-invalid") == "true"
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"
    assert_accessible(phone_page)


def test_keyboard_user_can_skip_to_content(page, live_server: str) -> None:
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Spring til indholdet")
    assert skip.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    assert page.url.endswith("#indhold")


def test_english_pages_are_accessible(page, live_server: str) -> None:
    page.goto(live_server + "/opret/virksomhed")
    page.get_by_role("button", name="English").click()
    page.wait_for_selector("html[lang=en]")
    assert page.get_by_role("heading", level=1).inner_text() == "Register your company"
    assert_accessible(page)


def test_the_accessibility_check_itself_catches_violations(page) -> None:
    """Guards the guard: if axe stopped running, every 'zero violations' above would be meaningless."""
    page.set_content("<html><body><img src='x.png'><input type=text></body></html>")
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)


@pytest.mark.parametrize("path", ["/dine-data", "/tilgaengelighed", "/glemt-adgangskode", "/findes-ikke"])
def test_public_pages_are_accessible(page, live_server: str, path: str) -> None:
    page.goto(live_server + path)
    assert page.get_by_role("heading", level=1).is_visible()
    assert_accessible(page)
