"""Eligibility in a browser: a young person records their last employer on a phone; staff try to place them there by
hand and are refused with the Danish reason; the company flag page and the matcher's reasons are shown to staff.
axe checks every page added or changed."""

from __future__ import annotations

import datetime as dt
import re
import uuid

from partnerhub import create_app
from partnerhub.companies.models import Company, CompanyStatus
from partnerhub.config import TestConfig
from partnerhub.demo.service import DEMO_PASSWORD
from partnerhub.extensions import db
from partnerhub.reference.models import Town
from tests import factories
from tests.browser.conftest import assert_accessible, log_in
from tests.planning.helpers import make_round

STAFF = "medarbejder@demo.partnerhub.dk"


def _world(database_uri: str) -> dict:
    """A young person with a password, an approved company with a seat, and a round for them (committed)."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_uri)
    with app.app_context():
        town = db.session.scalar(db.select(Town).where(Town.name == "Hedensted"))
        tag = uuid.uuid4().hex[:6]
        profile = factories.YouthProfileFactory(first_name=f"Lærke{tag}", town=town, interests="Jeg kan lide dyr",
                                                user__email=f"laerke-{tag}@tauto.example.dk")
        company = factories.CompanyFactory(name=f"Gården {tag}", town=town, status=CompanyStatus.APPROVED,
                                           employees=10)
        monday = dt.date.today() + dt.timedelta(days=7 - dt.date.today().weekday() + 7 * 20)
        period = factories.PeriodFactory(name=f"Eftertest {tag}", starts_on=monday,
                                         ends_on=monday + dt.timedelta(days=25))
        factories.CapacityFactory(company=company, period=period, seats=1)
        db.session.commit()
        round_ = make_round([period], [profile], name=f"Testrunde {tag}")
        return {"email": profile.user.email, "profile_id": profile.id, "company_id": company.id,
                "company": company.name, "period_id": period.id, "round_id": round_.id}


def test_a_manual_proposal_at_the_last_employer_is_refused_with_a_danish_reason(browser, live_server,
                                                                                 live_database_uri) -> None:
    world = _world(live_database_uri)
    base = live_server
    context = browser.new_context(bypass_csp=True, locale="da-DK", viewport={"width": 390, "height": 844})
    context.set_default_timeout(10_000)
    page = context.new_page()

    # The young person, on a phone: their page links to the last employer, which they record.
    log_in(page, base, world["email"], factories.PASSWORD)
    page.goto(f"{base}/ung")
    page.get_by_role("link", name="Din seneste arbejdsgiver").click()
    page.wait_for_url(re.compile(r"/ung/seneste-arbejdsgiver$"))
    assert_accessible(page)
    page.get_by_role("button", name="Gem").click()  # nothing chosen: refused, in Danish
    assert "Vælg virksomheden, eller skriv arbejdsgiverens navn." in page.content()
    assert_accessible(page)
    page.get_by_label("Arbejdsgiveren i PartnerHub").select_option(str(world["company_id"]))
    page.get_by_role("button", name="Gem").click()
    page.wait_for_url(re.compile(r"/ung$"))
    assert "Den seneste arbejdsgiver er gemt." in page.content()
    page.goto(f"{base}/ung/seneste-arbejdsgiver")
    assert world["company"] in page.content() and "Ikke slut" in page.content()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name=re.compile("Log ud")).click()
    context.close()

    # Staff place the young person there by hand: refused with the reason, nothing is made.
    context = browser.new_context(bypass_csp=True, locale="da-DK", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, base, STAFF, DEMO_PASSWORD)
    page.goto(f"{base}/medarbejder/planlaegning/{world['round_id']}/manuel?ung={world['profile_id']}")
    page.locator(f"#period_{world['period_id']}").select_option(str(world["company_id"]))
    page.get_by_role("button", name="Lav forslaget").click()
    page.wait_for_load_state("load")
    reason = f"{world['company']} er den unges seneste arbejdsgiver (jobbet er ikke slut). Den unge kan ikke komme " \
             "i praktik der."
    assert reason in page.content()
    assert "/manuel" in page.url
    assert_accessible(page)

    # The pages staff see around it: the young person, the matcher's reasons, the company's flag page.
    page.goto(f"{base}/medarbejder/unge/{world['profile_id']}")
    assert f"{world['company']} (ikke slut)" in page.content()
    assert_accessible(page)
    page.goto(f"{base}/medarbejder/unge/{world['profile_id']}/seneste-arbejdsgiver")
    assert_accessible(page)
    page.goto(f"{base}/medarbejder/planlaegning/{world['round_id']}/unge/{world['profile_id']}/vurdering")
    assert "Virksomheder, matcheren ikke må foreslå" in page.content() and reason in page.content()
    assert_accessible(page)
    page.goto(f"{base}/medarbejder/virksomheder/{world['company_id']}")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Markér virksomheden")).click()
    assert_accessible(page)
    page.get_by_role("button", name="Markér virksomheden").click()
    assert "Skriv hvorfor virksomheden markeres." in page.content()
    assert_accessible(page)
    page.get_by_label("Hvorfor markeres virksomheden?").fill("Arbejdskonflikt")
    page.get_by_role("button", name="Markér virksomheden").click()
    assert "foreslås ikke, før markeringen ophæves" in page.content() and "Arbejdskonflikt" in page.content()
    assert_accessible(page)
    page.get_by_label("Hvorfor ophæves markeringen?").fill("Konflikten er slut")
    page.get_by_role("button", name="Ophæv markeringen").click()
    assert "Tidligere markeringer" in page.content()
    assert_accessible(page)
    context.close()


def test_the_flag_page_in_english(browser, live_server, live_database_uri) -> None:
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=live_database_uri)
    with app.app_context():
        company_id = db.session.scalar(db.select(Company.id).where(Company.status == CompanyStatus.APPROVED))
    context = browser.new_context(bypass_csp=True, locale="en-GB", viewport={"width": 320, "height": 700})
    page = context.new_page()
    log_in(page, live_server, STAFF, DEMO_PASSWORD)
    page.goto(f"{live_server}/medarbejder/virksomheder/{company_id}/markering")
    page.get_by_role("button", name="English").click()  # the staff user's own setting: switched back below
    page.wait_for_load_state("load")
    try:
        assert "Flag on" in page.content() and "Flag the company" in page.content()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        assert_accessible(page)
    finally:
        page.get_by_role("button", name="Dansk").click()
        page.wait_for_load_state("load")
    assert "Markering af" in page.content()
    context.close()
