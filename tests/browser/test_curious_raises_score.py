"""The fair feeds the matcher: a young person's "curious" mark raises that company in the matcher's scoring,
visibly and by the measured amount, in the explanation staff read."""

from __future__ import annotations

import re

import pytest

from partnerhub.demo.service import DEMO_PASSWORD
from partnerhub.matching import ScoreWeights
from tests.browser.conftest import assert_accessible, log_in

STAFF = "medarbejder@demo.partnerhub.dk"
SISSE = "ung@demo.partnerhub.dk"


def _log_out(page) -> None:
    page.get_by_role("button", name="Log ud").click()
    page.wait_for_load_state("load")


def _row(page, company: str):
    return page.locator("tbody tr").filter(has=page.get_by_role("rowheader", name=company, exact=True))


def test_a_curious_mark_raises_the_company_for_that_young_person(page, live_server: str) -> None:
    log_in(page, live_server, STAFF, DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/medarbejder$"))
    page.goto(live_server + "/medarbejder/planlaegning")
    page.get_by_role("link", name="Demo: forårsrunde").first.click()
    page.wait_for_url(re.compile(r"/medarbejder/planlaegning/\d+$"))
    round_id = page.url.rstrip("/").rsplit("/", 1)[1]
    page.goto(live_server + "/medarbejder/unge")
    page.get_by_label("Søg på navn").fill("Sisse")
    page.get_by_role("button", name="Søg").click()
    page.wait_for_url(re.compile(r"q=Sisse"))
    page.get_by_role("link", name=re.compile(r"^Sisse")).first.click()
    page.wait_for_url(re.compile(r"/medarbejder/unge/\d+$"))
    profile_id = page.url.rstrip("/").rsplit("/", 1)[1]
    scores_url = f"{live_server}/medarbejder/planlaegning/{round_id}/unge/{profile_id}/vurdering"
    page.goto(scores_url)
    assert_accessible(page)
    rows = page.locator("tbody tr")
    candidate = next(i for i in range(rows.count()) if rows.nth(i).locator("td").nth(3).inner_text() == "Nej")
    company = rows.nth(candidate).get_by_role("rowheader").inner_text()
    before = float(rows.nth(candidate).locator("td").nth(0).inner_text().replace(",", "."))  # Danish decimals
    booth = rows.nth(candidate).get_by_role("link").get_attribute("href")
    _log_out(page)

    log_in(page, live_server, SISSE, DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/ung$"))
    page.goto(live_server + booth)
    page.get_by_label("Jeg er nysgerrig").check()
    page.get_by_role("button", name=re.compile("min markering")).click()
    page.wait_for_url(re.compile(r"#nysgerrig$"))
    assert "Du har markeret: Jeg er nysgerrig." in page.content()
    _log_out(page)

    log_in(page, live_server, STAFF, DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/medarbejder$"))
    page.goto(scores_url)
    row = _row(page, company)
    after = float(row.locator("td").nth(0).inner_text().replace(",", "."))
    assert after == pytest.approx(before + ScoreWeights().curious_company, abs=0.002)
    assert row.locator("td").nth(3).inner_text() == f"Ja, +{ScoreWeights().curious_company:.3f}".replace(".", ",")
    assert_accessible(page)
