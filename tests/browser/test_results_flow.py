"""The results pages on the demo data, in a browser, with axe on each: dashboard, business case, partnership; and
the dashboard's "figures are from" line on a phone."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from partnerhub.demo.service import DEMO_PASSWORD
from tests.browser.conftest import PHONE, assert_accessible, log_in

SHOTS = Path(tempfile.gettempdir()) / "shots-results"  # screenshots for a person to look at


def test_staff_dashboard_and_business_case(page, live_server: str) -> None:
    log_in(page, live_server, "medarbejder@demo.partnerhub.dk", DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/medarbejder$"))
    page.get_by_role("link", name="Resultater", exact=True).first.click()
    page.wait_for_url(re.compile(r"/medarbejder/resultater$"))
    assert_accessible(page)
    assert page.locator('svg[role="img"]').count() == 5
    assert "Resultater 3, 6 og 12 måneder efter sidste praktik" in page.content()
    page.get_by_label("Opdel efter").select_option(label="Parathedskategori")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url(re.compile(r"breakdown=readiness"))
    assert_accessible(page)
    page.get_by_role("link", name="Se samfundsøkonomien").click()
    page.wait_for_url(re.compile(r"/medarbejder/samfundsoekonomi$"))
    assert_accessible(page)
    content = page.content()
    assert "Kraka Economics" in content and "kr.</span>" in content
    assert "beskrivende, ikke kausale" in content
    assert page.get_by_role("link", name="Kandidater til ansvarsprisen").count() == 0  # only from the dashboard


def test_company_partnership_page(page, live_server: str) -> None:
    log_in(page, live_server, "hr@demo.partnerhub.dk", DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/virksomhed"))
    page.get_by_role("link", name="Partnerskab", exact=True).click()
    page.wait_for_url(re.compile(r"/virksomhed/partnerskab$"))
    assert_accessible(page)
    assert "Forpligtelser (sociale klausuler)" in page.content()


def test_staff_read_when_the_figures_were_counted_on_a_phone(browser, live_app, live_server: str) -> None:
    """With the worker's copy on, as in production: the page says when its figures were counted, at 390 px with
    easy-read on, in Danish and English, with axe and nothing wider than the screen."""
    live_app.config["RESULTS_CACHE_SECONDS"] = 60
    context = browser.new_context(bypass_csp=True, locale="da-DK", viewport=PHONE)
    page = context.new_page()
    try:
        log_in(page, live_server, "medarbejder@demo.partnerhub.dk", DEMO_PASSWORD)
        page.goto(live_server + "/messe")
        page.get_by_role("button", name=re.compile("Let at læse: fra")).click()
        page.wait_for_url(re.compile(r"/messe$"))
        page.goto(live_server + "/medarbejder/resultater")
        assert page.evaluate("document.body.classList.contains('easy-read')")
        assert page.get_by_text(re.compile(
            r"^Tallene er fra kl\. \d\d:\d\d\. Nye ændringer kommer med inden for 1 minut\.$")).is_visible()
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.locator("#counted-at").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "results-da.png"), full_page=False)
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state("load")
        assert page.get_by_text(re.compile(
            r"^The figures are from \d\d:\d\d\. New changes are included within 1 minute\.$")).is_visible()
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.locator("#counted-at").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "results-en.png"), full_page=False)
    finally:
        live_app.config["RESULTS_CACHE_SECONDS"] = 0
        context.close()
