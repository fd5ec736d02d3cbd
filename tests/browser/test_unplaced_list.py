"""The full list of young people a run left without a proposal, as staff open it on a phone: 390 px with easy-read
on, in Danish and English, with axe, fitting the screen, and a way back to the round."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from partnerhub.demo.service import DEMO_PASSWORD
from tests.browser.conftest import PHONE, assert_accessible, log_in

SHOTS = Path(tempfile.gettempdir()) / "shots-unplaced"  # screenshots for a person to look at


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_staff_read_who_got_no_proposal_and_why_on_a_phone(browser, live_server: str) -> None:
    context = browser.new_context(bypass_csp=True, locale="da-DK", viewport=PHONE)
    page = context.new_page()
    log_in(page, live_server, "medarbejder@demo.partnerhub.dk", DEMO_PASSWORD)
    page.goto(live_server + "/messe")
    page.get_by_role("button", name=re.compile("Let at læse: fra")).click()
    page.wait_for_url(re.compile(r"/messe$"))
    page.goto(live_server + "/medarbejder/planlaegning")
    hrefs = page.locator("main a[href^='/medarbejder/planlaegning/']").evaluate_all("links => links.map(a => "
                                                                                  "a.getAttribute('href'))")
    round_path = next(href for href in hrefs if re.fullmatch(r"/medarbejder/planlaegning/\d+", href))
    page.goto(live_server + round_path + "/uden-forslag")
    assert page.evaluate("document.body.classList.contains('easy-read')")
    assert page.get_by_role("heading", name="Unge uden forslag", level=1).is_visible()
    # The demo's runs place everyone they can propose for, so a newcomer sees the empty page; the list itself, its
    # pages and its reasons are checked over HTTP in tests/planning/test_page_costs.py.
    assert page.get_by_text(re.compile("^Ingen unge står uden forslag efter den seneste kørsel af ")).is_visible()
    assert "gav 0 unge" not in page.content()
    assert_accessible(page)
    assert _fits(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "unplaced-da.png"), full_page=True)
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", name="Young people without a proposal", level=1).is_visible()
    assert page.get_by_text(re.compile("^No young person is without a proposal after the last run of ")).is_visible()
    assert_accessible(page)
    assert _fits(page)
    page.screenshot(path=str(SHOTS / "unplaced-en.png"), full_page=True)
    page.get_by_role("link", name=re.compile("^Back to")).click()
    page.wait_for_url(re.compile(re.escape(round_path) + "$"))
    context.close()
