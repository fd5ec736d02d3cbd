"""Two guardians answer through the mailed link on a phone (390 px, easy-read on): one consents in Danish, the other
declines in English with a reason. axe on every page; screenshots in /tmp/shots-minors/ to look at."""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from partnerhub import create_app
from partnerhub.accounts.models import User
from partnerhub.companies.models import MinorWork
from partnerhub.config import TestConfig
from partnerhub.extensions import db
from partnerhub.guardians.models import ConsentStatus, Guardian, GuardianConsent
from partnerhub.outbox.models import OutboxMessage
from partnerhub.permissions import Role
from partnerhub.planning.models import Placement, PlacementStatus
from partnerhub.planning.services import placements, proposals
from partnerhub.planning.services.common import PlanningError
from partnerhub.reference.models import Town
from partnerhub.reference.service import load_reference
from tests import factories
from tests.browser.conftest import PHONE, _page, assert_accessible, log_in
from tests.planning.helpers import make_proposal, make_round

SHOTS = Path("/tmp/shots-minors")  # noqa: S108 - where the walk-through PNGs are looked at
LINK = re.compile(r"https?://\S+/samtykke/[\w-]+")


def _minor_with_accepted_placement(name: str, staff, hr, company, period) -> Placement:
    profile = factories.YouthProfileFactory(first_name=name, birth_year=period.starts_on.year - 16, birth_month=12)
    db.session.add(Guardian(youth_profile_id=profile.id, name=f"Forælder til {name}",
                            email=f"foraelder.{name.lower()}@eksempel.dk", phone="75 12 34 56"))
    db.session.commit()
    proposal = make_proposal(make_round([period], [profile], k=1, name=f"Runde {name}"), profile, [company])
    [placement] = proposals.approve(staff, proposal)
    placements.answer_offer(hr, placement, accept=True)  # mails the guardian
    placements.confirm_statement(hr, placement, employer=True, steward=True)
    db.session.commit()
    return placement


@pytest.fixture(scope="module")
def consent_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    path = tmp_path_factory.mktemp("minors") / "live.sqlite"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}", WTF_CSRF_ENABLED=True)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_URL"] = base
    with app.app_context():
        upgrade()
        load_reference()
        town = db.session.scalar(db.select(Town).where(Town.name == "Juelsminde"))
        start = dt.date.today() + dt.timedelta(days=14 - dt.date.today().weekday())
        period = factories.PeriodFactory(name="Forår", starts_on=start, ends_on=start + dt.timedelta(days=25))
        company = factories.CompanyFactory(name="Juelsminde Bageri", address="Havnegade 4", town=town,
                                           contact_name="Susanne Bager", contact_phone="75 69 00 00",
                                           minor_work=MinorWork.YOUTH, minor_tasks_ok="Pakke brød")
        factories.CapacityFactory(company=company, period=period, seats=2, hours_from="07:00", hours_to="13:00")
        staff = factories.UserFactory(role=Role.STAFF, name="Mette Medarbejder")
        hr = factories.UserFactory(role=Role.COMPANY, company=company)
        db.session.commit()
        ids = {name: _minor_with_accepted_placement(name, staff, hr, company, period).id for name in ("Ida", "Bo")}
        links = {name: LINK.findall(db.session.scalar(db.select(OutboxMessage.body).where(
            OutboxMessage.recipient == f"foraelder.{name.lower()}@eksempel.dk")))[0] for name in ids}
        staff_email = staff.email
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"app": app, "base": base, "links": links, "placements": ids, "staff": staff_email}
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def phone(browser):
    context, new_page = _page(browser, PHONE)
    yield new_page
    context.close()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _widest(page) -> str:
    return page.evaluate("""[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 391)
        .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 8)
        .join('; ')""")


def _easy_read_on(page, base: str) -> None:
    page.goto(base + "/messe")
    page.get_by_role("button", name="Let at læse: fra").click()
    page.get_by_role("button", name="Let at læse: til").wait_for()


def test_a_guardian_consents_through_the_mailed_link_and_another_declines(phone, consent_world: dict) -> None:
    page, base, links = phone, consent_world["base"], consent_world["links"]
    _easy_read_on(page, base)

    # 1. Ida's guardian reads the plan in plain Danish and says yes.
    page.goto(links["Ida"])
    assert page.evaluate("document.body.classList.contains('easy-read')")
    content = page.content()
    for fact in ("Ida skal i praktik", "Juelsminde Bageri", "Havnegade 4, Juelsminde",
                 "mandag, tirsdag, onsdag, torsdag, fredag", "07:00–13:00", "Susanne Bager"):
        assert fact in content, fact
    _shot(page, "01-da-plan")
    assert_accessible(page)
    assert _fits(page), _widest(page)
    page.get_by_label("Ja, jeg giver samtykke til praktikken").check()
    page.get_by_role("button", name="Send mit svar").click()
    page.get_by_role("heading", name="Tak for dit svar").wait_for()
    assert "Du har sagt ja." in page.content()
    assert_accessible(page)
    _shot(page, "02-da-thanks")
    page.goto(links["Ida"])
    assert "Linket virker ikke længere" in page.content()  # used once
    assert_accessible(page)

    # 2. Bo's guardian switches to English, forgets the reason, then declines with one.
    page.goto(links["Bo"])
    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="Bo is going on an internship").wait_for()
    assert "Contact person at the company" in page.content()
    assert_accessible(page)
    assert _fits(page)
    _shot(page, "03-en-plan")
    page.get_by_label("No, I say no to the internship").check()
    page.get_by_role("button", name="Send my answer").click()
    assert "Say briefly why you say no" in page.content()
    assert_accessible(page)
    _shot(page, "04-en-reason-missing")
    page.get_by_label("Why do you say no?").fill("He has football camp that week")
    page.get_by_role("button", name="Send my answer").click()
    page.get_by_role("heading", name="Thank you for your answer").wait_for()
    assert "You said no." in page.content()
    assert_accessible(page)
    _shot(page, "05-en-declined")

    with consent_world["app"].app_context():
        statuses = {name: db.session.scalar(db.select(GuardianConsent.status).where(
            GuardianConsent.placement_id == pid)) for name, pid in consent_world["placements"].items()}
        assert statuses == {"Ida": ConsentStatus.GIVEN, "Bo": ConsentStatus.DECLINED}
        staff = db.session.scalar(db.select(User).where(User.email == consent_world["staff"]))
        ida = db.session.get(Placement, consent_world["placements"]["Ida"])
        placements.staff_change_placement(staff, ida, "start", None)
        bo = db.session.get(Placement, consent_world["placements"]["Bo"])
        with pytest.raises(PlanningError, match="skal give samtykke"):
            placements.staff_change_placement(staff, bo, "start", None)
        db.session.commit()
        assert db.session.get(Placement, ida.id).status is PlacementStatus.ACTIVE


def test_staff_see_who_is_waiting_for_consent_on_a_phone(phone, consent_world: dict) -> None:
    page, base = phone, consent_world["base"]
    log_in(page, base, consent_world["staff"], factories.PASSWORD)
    page.goto(base + "/medarbejder/samtykker")
    assert "Venter på samtykke" in page.content()
    assert_accessible(page)
    assert _fits(page)
    _shot(page, "06-da-staff-waiting")
