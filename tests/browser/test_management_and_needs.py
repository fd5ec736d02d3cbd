"""Issue 14 on a 390 px phone with easy-read on: the management role's pages and the fair's named needs filter,
with axe on each page and nothing wider than the screen."""

from __future__ import annotations

import re

from partnerhub.demo.service import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, log_in


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def easy_read_on(page, live_server: str) -> None:
    page.goto(live_server + "/messe")
    page.get_by_role("button", name="Let at læse: fra").click()
    page.get_by_role("button", name="Let at læse: til").wait_for()


def test_management_reads_the_numbers_on_a_phone(phone_page, live_server: str) -> None:
    page = phone_page
    log_in(page, live_server, "ledelse@demo.partnerhub.dk", DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/medarbejder/resultater$"))
    easy_read_on(page, live_server)
    page.get_by_role("link", name="Resultater", exact=True).click()
    page.wait_for_url(re.compile(r"/medarbejder/resultater$"))
    assert_accessible(page)
    assert fits(page)
    assert "vises som &lt;5" in page.content()
    page.get_by_role("link", name="Samfundsøkonomi", exact=True).click()
    page.wait_for_url(re.compile(r"/medarbejder/samfundsoekonomi$"))
    assert_accessible(page)
    assert fits(page)
    assert page.get_by_role("link", name="Unge", exact=True).count() == 0


def test_a_young_person_ticks_the_needs_they_have(phone_page, live_server: str) -> None:
    page = phone_page
    log_in(page, live_server, "ung@demo.partnerhub.dk", DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/ung"))
    easy_read_on(page, live_server)
    page.get_by_label("Roligt arbejdsmiljø").check()  # visible without opening "Filtre"
    page.get_by_label("En mentor på arbejdspladsen").check()
    page.get_by_role("button", name="Find").click()
    page.wait_for_url(re.compile(r"behov=quiet_workplace&behov=mentor"))
    assert_accessible(page)
    assert fits(page)
    assert page.locator(".company-card").count() > 0
    assert page.locator(".company-card .need-list").first.inner_text().startswith("Kan give dig:")
    page.locator(".company-card h3 a").first.click()
    page.wait_for_url(re.compile(r"/messe/virksomhed/\d+$"))
    assert_accessible(page)
    assert fits(page)
    assert page.locator(".flag-list").get_by_text("Roligt arbejdsmiljø").count() == 1
