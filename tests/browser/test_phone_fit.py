"""Every page a young person uses fits a 320 and a 390 px phone, with easy-read on and off, in Danish and English,
and axe finds nothing on it.

The pages are found by following links from the young person's home and the fair (so a new page is checked without
anyone listing it); the test fails if a GET page the access matrix opens to young people was not reached.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from flask import Flask
from werkzeug.exceptions import HTTPException

from partnerhub.accounts.service import find_user_by_email, set_password
from partnerhub.demo.service import DEMO_PASSWORD, DEMO_ROTATION
from partnerhub.extensions import db
from tests.browser.conftest import assert_accessible, log_in
from tests.test_access_matrix import MATRIX

WIDTHS = (320, 390)
YOUTH = "ung@demo.partnerhub.dk"
WITH_A_PLAN = DEMO_ROTATION[0]  # Dennis: an accepted two-company rotation in the demo round
# Young people's pages the crawl cannot reach from links, and why.
NOT_LINKED = {
    "accounts.reset_password": "needs a token from a mail",
    "accounts.accept_invitation": "needs a token from a mail",
    "oidc.callback": "no identity provider in the test configuration",
    "oidc.first_login": "no identity provider in the test configuration",
    "main.home": "only redirects to the role's home",
    "main.health": "JSON for the load balancer",
    "fair.photo": "an image",
    "fair.qr": "an image",
    "privacy.own_export_json": "a JSON download",
    "planning.youth_calendar": "a calendar download",
    "planning.youth_agreement": "the demo has no approved agreement; test_agreement_flow.py walks it at 390 px with "
                                "easy-read, in Danish and English, with axe and a width check",
    "planning.youth_agreement_pdf": "a PDF download (its text is checked in tests/browser/test_agreement_flow.py)",
    "guardians.answer": "the guardian's page, from a mailed single-use link; test_guardian_consent_flow.py checks it "
                        "at 390 px with easy-read and axe",
    "guardians.withdraw": "the guardian's page, from a mailed single-use link; test_guardian_consent_flow.py checks "
                          "it at 390 px with easy-read and axe",
    "schools.referral_answer": "the guardian's youth-unit consent page, from a mailed single-use link; "
                               "test_schools_flow.py checks it at 390 px with easy-read and axe",
    "schools.referral_withdraw": "the guardian's withdrawal page, from a mailed single-use link (the answer page's "
                                 "layout)",
    "planning.youth_feedback": "linked only once a placement has ended; the demo's are still to come",
    "planning.youth_handover": "linked once a company has written a note; test_handover_flow.py checks it at 320 and "
                               "390 px, in Danish and English, with axe",
    "planning.youth_check_in": "linked from the first week's end of a running placement; the demo's have not started; "
                               "test_handover_flow.py checks it at 320 and 390 px with axe",
    "tasters.guardian_answer": "the guardian's page for a pupil's work experience, from a mailed single-use link; "
                               "test_taster_flow.py checks it at 320 and 390 px with axe",
    "tasters.guardian_withdraw": "the guardian's withdrawal page, from the link mailed after a yes; like "
                                 "guardians.withdraw",
    "accounts.login": "sends a logged-in user home; checked logged out below",
    "youth.register": "sends a logged-in user home; checked logged out below",
    "accounts.forgot_password": "checked logged out below",
    "companies.register": "a company's page, open to everyone",
}
LOGGED_OUT = ("/", "/log-ind", "/opret/ung", "/glemt-adgangskode", "/messe")

OVERFLOW_SCRIPT = """() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  if (document.documentElement.scrollWidth > width) {
    problems.push(`the page is ${document.documentElement.scrollWidth} px wide`);
  }
  const screenReaderOnly = (el) => {  // the visually-hidden pattern: clipped to nothing on purpose
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      if (getComputedStyle(node).clip !== 'auto') return true;
    }
    return false;
  };
  for (const el of document.querySelectorAll('main *, header *, footer *')) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width <= 1 || style.visibility === 'hidden' || screenReaderOnly(el)) continue;
    const clips = style.overflowX !== 'visible';
    if (box.right > width + 0.5 || box.left < -0.5) {
      const name = `${el.tagName.toLowerCase()}.${el.className}`;
      problems.push(`${name} reaches ${Math.round(box.left)}–${Math.round(box.right)} px`);
    } else if (clips && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`${el.tagName.toLowerCase()}.${el.className} hides ${el.scrollWidth - el.clientWidth} px sideways`);
    }
  }
  return problems.slice(0, 5);
}"""


def _youth_endpoints() -> set[str]:
    return {endpoint for endpoint, route in MATRIX.items() if route.method == "GET" and "youth" in route.allowed}


@pytest.fixture(scope="module")
def plan_login(live_app: Flask) -> str:
    """Dennis has a plan in the demo but no password; give him the demo one, so his plan page can be checked."""
    with live_app.app_context():
        set_password(find_user_by_email(WITH_A_PLAN), DEMO_PASSWORD)
        db.session.commit()
    return WITH_A_PLAN


def _crawl(page, live_app: Flask, base: str, starts: tuple[str, ...]) -> dict[str, str]:
    """One address per endpoint, found by following links (GET, this site) from the start pages."""
    adapter = live_app.url_map.bind("localhost")
    wanted = _youth_endpoints()
    found: dict[str, str] = {}
    queue = list(starts)
    seen: set[str] = set()
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        try:
            endpoint, _args = adapter.match(urlsplit(path).path, method="GET")
        except HTTPException:
            continue
        if endpoint not in wanted or (endpoint in found and path not in starts):
            continue
        response = page.request.get(base + path, max_redirects=0)
        if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        found.setdefault(endpoint, path)
        for link in re.findall(r'href="(/[^"#]*)', response.text()):
            queue.append(html.unescape(link))
    return found


def _set_mode(page, base: str, *, easy: bool, english: bool) -> None:
    page.goto(base + "/messe")
    switch = page.locator(".easy-switch button")
    if (switch.get_attribute("aria-pressed") == "true") != easy:
        switch.click()
        page.wait_for_load_state("load")
    if (page.locator("html").get_attribute("lang") == "en") != english:
        page.locator(".lang-switch button").click()
        page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == ("en" if english else "da")
    assert (page.locator("body.easy-read").count() == 1) == easy


def _check(page, base: str, paths: list[str]) -> list[str]:
    problems: list[str] = []
    for path in paths:
        # Loaded once at the first width, then widened: the app's layout at a width is its CSS (media queries and
        # flow, recomputed on resize), and no script of it reads the width at load (partnerhub/static/js: fair.js,
        # job.js). A script that lays out by the width at load would need a reload per width again.
        page.set_viewport_size({"width": WIDTHS[0], "height": 800})
        page.goto(base + path)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            problems += [f"{path} at {width} px: {p}" for p in page.evaluate(OVERFLOW_SCRIPT)]
            try:
                assert_accessible(page)
            except AssertionError as error:
                problems.append(f"{path} at {width} px: {error}")
    return problems


MODES = [(easy, english) for easy in (True, False) for english in (False, True)]
MODE_IDS = [f"{'easy' if e else 'plain'}-{'en' if en else 'da'}" for e, en in MODES]


@pytest.fixture
def fresh_page(browser) -> Iterator:
    context = browser.new_context(bypass_csp=True, locale="da-DK", viewport={"width": 390, "height": 800})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(("easy", "english"), MODES, ids=MODE_IDS)
def test_young_peoples_pages_fit_phones_and_pass_axe(fresh_page, live_app: Flask, live_server: str,
                                                     plan_login: str, easy: bool, english: bool) -> None:
    page = fresh_page
    _set_mode(page, live_server, easy=easy, english=english)
    problems = _check(page, live_server, list(LOGGED_OUT))
    found: dict[str, str] = {}
    for email in (YOUTH, plan_login):
        log_in(page, live_server, email, DEMO_PASSWORD) if not english else _log_in_english(page, live_server, email)
        page.wait_for_url(re.compile(r"/ung$"))
        _set_mode(page, live_server, easy=easy, english=english)  # logging in starts a fresh session
        pages = _crawl(page, live_app, live_server, ("/ung", "/messe", "/messe?q=a", "/ung/plan"))
        found.update(pages)
        problems += _check(page, live_server, sorted(set(pages.values())))
        page.locator("form[action$='/log-ud'] button").click()
        page.wait_for_load_state("load")
    missing = _youth_endpoints() - set(found) - set(NOT_LINKED)
    if missing:
        problems.append(f"young people's pages the crawl never reached: {sorted(missing)}")
    assert problems == [], "\n".join(problems)


def _log_in_english(page, base: str, email: str) -> None:
    page.goto(f"{base}/log-ind")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()


@pytest.mark.parametrize("easy", [False, True], ids=["plain", "easy-read"])
def test_the_audit_log_scrolls_by_keyboard_on_a_phone(phone_page, live_server: str, easy: bool) -> None:
    """The staff's wide log keeps its columns and scrolls sideways; the keyboard can reach it (axe:
    scrollable-region-focusable)."""
    page = phone_page
    log_in(page, live_server, "admin@demo.partnerhub.dk", DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/admin/$"))
    if easy:
        _set_mode(page, live_server, easy=True, english=False)
    page.goto(live_server + "/admin/audit/")
    region = page.get_by_role("region", name="Hændelser, nyeste først")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth"), "the log should scroll here, not be squeezed"
    for _press in range(80):
        page.keyboard.press("Tab")
        if region.evaluate("el => el === document.activeElement"):
            break
    assert region.evaluate("el => el === document.activeElement"), "Tab never reaches the log"
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.querySelector('.table-wrap').scrollLeft > 0", timeout=5_000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
