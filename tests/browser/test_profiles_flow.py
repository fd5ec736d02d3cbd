"""Browser walks through the profile features, with axe on every page visited."""

from __future__ import annotations

import re
import uuid

from partnerhub.demo.service import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, log_in

PASSWORD = "grøn-cykel-sommer-hus"


def _unique_cvr() -> str:
    """A valid CVR that the demo data does not use, so the test can run against a shared live server."""
    weights = (2, 7, 6, 5, 4, 3, 2, 1)
    base = 5_000_000 + uuid.uuid4().int % 999_999
    while True:
        for check in range(10):
            candidate = f"{base}{check}"
            if sum(int(d) * w for d, w in zip(candidate, weights, strict=True)) % 11 == 0:
                return candidate
        base += 1


def test_company_registers_fills_profile_and_capacity_and_staff_approve(page, live_server: str) -> None:
    name = f"Stouby Cykelværksted {uuid.uuid4().hex[:4]}"
    email = f"hr-{uuid.uuid4().hex[:6]}@cykel.dk"
    page.goto(live_server + "/opret/virksomhed")
    assert_accessible(page)
    page.get_by_label("Virksomhedens navn").fill(name)
    page.get_by_label("CVR-nummer", exact=True).fill(_unique_cvr())
    page.get_by_label("Dit navn").fill("Kim Cykel")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Vælg en adgangskode").fill(PASSWORD)
    page.get_by_label("Gentag adgangskoden").fill(PASSWORD)
    page.get_by_role("button", name="Opret virksomhed").click()
    page.wait_for_url(re.compile(r"/log-ind$"))  # the same answer whether or not the e-mail had an account
    assert "Tak!" in page.get_by_role("status").first.inner_text()
    log_in(page, live_server, email, PASSWORD)
    page.wait_for_url(re.compile(r"/virksomhed$"))
    assert_accessible(page)

    page.get_by_role("link", name="Ret profil").click()
    page.wait_for_url(re.compile(r"/virksomhed/profil$"))
    assert_accessible(page)
    page.get_by_label("By", exact=True).select_option(label="Stouby")
    page.get_by_label("Antal almindelige ansatte").fill("-3")
    page.get_by_label("Kontaktperson", exact=True).fill("Kim Cykel")
    page.get_by_label("Biler, transport og lager").check()
    page.get_by_label("Hvad laver en ung hos jer?").fill("Du lapper cykler og hjælper kunder i butikken.")
    page.get_by_role("button", name="Gem profil").click()
    assert "0 eller mere" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Kontaktperson", exact=True).input_value() == "Kim Cykel"
    assert_accessible(page)
    page.get_by_label("Antal almindelige ansatte").fill("6")
    page.get_by_role("button", name="Gem profil").click()
    page.wait_for_url(re.compile(r"/virksomhed$"))
    assert "Du lapper cykler" in page.content()

    page.get_by_role("link", name="Kapacitet", exact=True).first.click()
    page.wait_for_url(re.compile(r"/virksomhed/kapacitet$"))
    assert_accessible(page)
    page.get_by_label("Periode").select_option(index=1)
    page.get_by_label("Hvor mange unge kan I have på én gang?").fill("3")
    page.get_by_role("button", name="Gem kapacitet").click()
    assert "Rimelighedskravet" in page.locator(".flash-warning").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Log ud").click()

    log_in(page, live_server, "medarbejder@demo.partnerhub.dk", DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/medarbejder$"))
    page.get_by_role("link", name="Virksomheder").first.click()
    page.get_by_role("link", name=name).click()
    page.wait_for_url(re.compile(r"/medarbejder/virksomheder/\d+$"))
    assert_accessible(page)
    page.get_by_label("Beslutning").select_option(label="Godkend")
    page.get_by_role("button", name="Gem beslutning").click()
    assert "Godkendt" in page.get_by_role("status").first.inner_text()
    assert_accessible(page)


def test_young_person_registers_and_fills_profile_on_a_phone(phone_page, live_server: str) -> None:
    page = phone_page
    page.goto(live_server + "/opret/ung")
    page.get_by_label("Fornavn").fill("Freja")
    page.get_by_label("Fødselsår").fill("2006")
    email = f"freja-{uuid.uuid4().hex[:6]}@eksempel.dk"
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_label("Vælg en adgangskode").fill(PASSWORD)
    page.get_by_label("Gentag adgangskoden").fill(PASSWORD)
    page.get_by_label("Jeg har læst").check()
    page.get_by_role("button", name="Opret mig").click()
    page.wait_for_url(re.compile(r"/log-ind$"))
    log_in(page, live_server, email, PASSWORD)
    page.wait_for_url(re.compile(r"/ung$"))
    assert_accessible(page)
    page.get_by_role("link", name="Ret din profil").click()
    page.wait_for_url(re.compile(r"/ung/profil$"))
    assert_accessible(page)
    page.get_by_label("… eller postnummer").fill("9999")
    page.get_by_label("Hvordan kommer du rundt?").select_option(label="Knallert")
    page.get_by_label("Hvor langt vil du højst rejse hver vej?").fill("15")
    page.get_by_label("Hvad er du interesseret i?").fill("Jeg kan lide dyr og at være udenfor.")
    page.get_by_label("Dyr, planter og natur").check()
    page.get_by_label("Mandag").check()
    page.get_by_label("Onsdag").check()
    page.get_by_role("button", name="Gem profil").click()
    assert "Hedensted Kommune" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Hvad er du interesseret i?").input_value() == "Jeg kan lide dyr og at være udenfor."
    assert_accessible(page)
    page.get_by_label("… eller postnummer").fill("")
    page.get_by_label("By", exact=True).select_option(label="Glud")
    page.get_by_role("button", name="Gem profil").click()
    page.wait_for_url(re.compile(r"/ung$"))
    assert "Glud" in page.content() and "man, ons" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)


def test_staff_create_and_invite_a_young_person(page, live_server: str) -> None:
    log_in(page, live_server, "medarbejder@demo.partnerhub.dk", DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/medarbejder$"))
    page.get_by_role("link", name="Unge", exact=True).click()
    page.wait_for_url(re.compile(r"/medarbejder/unge$"))
    assert_accessible(page)
    page.get_by_role("link", name="Opret og invitér en ung").click()
    page.wait_for_url(re.compile(r"/medarbejder/unge/ny$"))
    assert_accessible(page)
    email = f"dennis-{uuid.uuid4().hex[:6]}@eksempel.dk"
    page.get_by_label("Fornavn").fill("Dennis")
    page.get_by_label("Fødselsår").fill("2007")
    page.get_by_label("Den unges e-mail").fill(email)
    page.get_by_role("button", name="Opret og send invitation").click()
    page.wait_for_url(re.compile(r"/medarbejder/unge/\d+$"))
    assert "invitationen er sendt" in page.get_by_role("status").first.inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Sagsoplysninger og noter").click()
    page.wait_for_url(re.compile(r"/medarbejder/unge/\d+/sag$"))
    assert_accessible(page)
    page.get_by_label("Målgruppe").select_option(label="Aktivitetsparat")
    page.get_by_label("Noter").fill("Ønsker at starte langsomt.")
    page.get_by_role("button", name="Gem sagsoplysninger").click()
    page.wait_for_url(re.compile(r"/medarbejder/unge/\d+$"))
    assert page.get_by_role("status").first.inner_text() == "Sagsoplysningerne er gemt."
    assert "Aktivitetsparat" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Udbakke").click()
    page.wait_for_url(re.compile(r"/medarbejder/udbakke$"))
    assert page.get_by_role("cell", name=email).first.is_visible()
