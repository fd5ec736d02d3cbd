"""Browser walks through the fair on a phone and on a desktop, with axe on every page visited."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest

from partnerhub.demo.service import DEMO_PASSWORD
from partnerhub.timeutil import utcnow
from tests.browser.conftest import PHONE, assert_accessible, log_in

VIEWPORTS = ["phone", "desktop"]


@pytest.fixture(params=VIEWPORTS)
def any_page(request: pytest.FixtureRequest):
    return request.getfixturevalue("phone_page" if request.param == "phone" else "page")


def fits(page) -> bool:
    """Nothing wider than the phone's screen: no sideways scrolling."""
    width = page.viewport_size["width"]
    return width != PHONE["width"] or page.evaluate("document.documentElement.scrollWidth") <= width


def test_anonymous_visitor_browses_the_hall_an_area_and_a_booth(any_page, live_server: str) -> None:
    page = any_page
    page.goto(live_server + "/")
    page.get_by_role("link", name="Messen", exact=True).click()
    page.wait_for_url(re.compile(r"/messe$"))
    assert_accessible(page)
    assert fits(page)
    assert page.get_by_role("heading", name="Mad og køkken").is_visible()
    page.get_by_role("link", name="Mad og køkken").click()
    page.wait_for_url(re.compile(r"/messe/omraade/\d+$"))
    assert "En dag her kunne se sådan ud" in page.content()
    assert_accessible(page)
    assert fits(page)
    page.get_by_role("link", name="Juelsminde Havnekøkken").click()
    page.wait_for_url(re.compile(r"/messe/virksomhed/\d+$"))
    assert "Travlt, varmt og sjovt" in page.content()
    assert page.get_by_role("link", name="Log ind").last.is_visible()
    assert_accessible(page)
    assert fits(page)

    page.goto(live_server + "/messe")
    page.get_by_label("Søg", exact=True).fill("tomrer")
    page.get_by_role("button", name="Find").click()
    page.wait_for_url(re.compile(r"/messe\?q=tomrer"))
    assert page.get_by_role("link", name="Juelsminde Tømrer & Snedker ApS").is_visible()
    assert_accessible(page)


def test_young_person_marks_a_company_curious(any_page, live_server: str) -> None:
    page = any_page
    reflection = f"Jeg skruer selv på min knallert {uuid.uuid4().hex[:4]}"
    log_in(page, live_server, "ung@demo.partnerhub.dk", DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/ung$"))
    page.get_by_role("link", name="Messen", exact=True).click()
    page.wait_for_url(re.compile(r"/messe$"))
    page.get_by_label("Søg", exact=True).fill("mekanikker")
    page.get_by_role("button", name="Find").click()
    page.wait_for_url(re.compile(r"/messe\?q="))
    assert_accessible(page)
    page.get_by_role("link", name="Tørring Auto & Dæk").click()
    page.wait_for_url(re.compile(r"/messe/virksomhed/\d+$"))
    assert "km fra dig" in page.content()  # Sisse lives in Hedensted
    assert_accessible(page)
    page.get_by_label("Det vil jeg gerne prøve").check()
    page.get_by_label("Hvad fangede dig?").fill(reflection)
    page.get_by_role("button", name=re.compile("min markering")).click()
    page.wait_for_url(re.compile(r"/messe/virksomhed/\d+#nysgerrig$"))
    assert "Gemt!" in page.get_by_role("status").first.inner_text()
    assert "Du har markeret: Det vil jeg gerne prøve." in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Mine markeringer").first.click()
    page.wait_for_url(re.compile(r"/messe/mine$"))
    assert reflection in page.content()
    assert_accessible(page)
    assert fits(page)


def test_easy_read_mode_is_accessible(any_page, live_server: str) -> None:
    page = any_page
    page.goto(live_server + "/messe")
    page.get_by_role("button", name="Let at læse: fra").click()
    page.wait_for_url(re.compile(r"/messe$"))
    page.get_by_role("button", name="Let at læse: til").wait_for()
    assert page.evaluate("document.body.classList.contains('easy-read')")
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") > 18
    supported = page.evaluate("'speechSynthesis' in window")
    assert page.get_by_role("button", name="Læs op").first.is_visible() is supported
    assert_accessible(page)
    assert fits(page)
    page.get_by_role("link", name="Dyr, planter og natur").click()
    page.wait_for_url(re.compile(r"/messe/omraade/\d+$"))
    assert "Du arbejder udenfor. Du passer dyr og planter." in page.content()
    assert "En dag her kunne se sådan ud" not in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Glud Frugtplantage").click()
    page.wait_for_url(re.compile(r"/messe/virksomhed/\d+$"))
    assert_accessible(page)
    page.keyboard.press("Tab")  # the skip link comes first, for keyboard users
    assert page.evaluate("document.activeElement.textContent.trim()") == "Spring til indholdet"


def test_staff_create_an_event_and_a_company_signs_up(any_page, live_server: str) -> None:
    page = any_page
    name = f"Testmessen {uuid.uuid4().hex[:5]}"
    log_in(page, live_server, "medarbejder@demo.partnerhub.dk", DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/medarbejder$"))
    page.get_by_role("link", name="Messer", exact=True).click()
    page.wait_for_url(re.compile(r"/medarbejder/messer$"))
    assert_accessible(page)
    page.get_by_role("link", name="Opret en messe").click()
    page.wait_for_url(re.compile(r"/medarbejder/messer/ny$"))
    assert_accessible(page)
    page.get_by_label("Navn").fill(name)
    page.get_by_label("Tidspunkt").fill("kl. 10–14")
    page.get_by_label("Sted").fill("Hallen i Løsning")
    page.get_by_role("button", name="Gem messen").click()
    assert "Der er noget, du skal rette" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Navn").input_value() == name
    assert_accessible(page)
    page.get_by_label("Dato").fill((utcnow().date() + timedelta(days=30)).isoformat())
    page.get_by_label("Byggeri og håndværk").check()
    page.get_by_label("Mad og køkken").check()
    page.get_by_role("button", name="Gem messen").click()
    page.wait_for_url(re.compile(r"/medarbejder/messer/\d+$"))
    event_url = page.url
    assert_accessible(page)
    page.get_by_role("button", name="Log ud").click()
    page.wait_for_url(live_server + "/")

    log_in(page, live_server, "hr@demo.partnerhub.dk", DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/virksomhed$"))
    page.get_by_role("link", name="Stand", exact=True).click()
    page.wait_for_url(re.compile(r"/virksomhed/stand$"))
    assert_accessible(page)
    page.get_by_role("link", name="Messer, I kan stå på").click()
    page.wait_for_url(re.compile(r"/virksomhed/messer$"))
    assert_accessible(page)
    page.get_by_role("link", name=name).click()
    page.wait_for_url(re.compile(r"/virksomhed/messer/\d+$"))
    assert page.get_by_label("Fagområde").input_value() != ""  # pre-chosen from the company's own areas
    page.get_by_label("Hvor mange fra jer står på standen?").fill("3")
    page.get_by_label("Hvad har I brug for?").fill("Et bord og strøm til en rundsav")
    page.get_by_role("button", name="Tilmeld standen").click()
    page.wait_for_url(re.compile(r"/virksomhed/messer$"))
    assert "Tak! Jeres stand er tilmeldt" in page.get_by_role("status").first.inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Log ud").click()
    page.wait_for_url(live_server + "/")

    log_in(page, live_server, "medarbejder@demo.partnerhub.dk", DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/medarbejder$"))
    page.goto(event_url)
    assert "Et bord og strøm til en rundsav" in page.content()
    page.get_by_role("button", name="Bekræft Juelsminde Tømrer & Snedker ApS").click()
    page.wait_for_url(event_url)
    assert "Bekræftet" in page.get_by_role("status").first.inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Standliste og plan til print").click()
    page.wait_for_url(re.compile(r"/print$"))
    qr = page.get_by_role("img", name=re.compile("QR-kode til standen"))
    assert qr.count() == 1 and page.evaluate("document.querySelector('img.qr').naturalWidth") > 0
    assert_accessible(page)
