"""The results pages on the demo data, in a browser, with axe on each: dashboard, business case, partnership."""

from __future__ import annotations

import re

from partnerhub.demo.service import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, log_in


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
