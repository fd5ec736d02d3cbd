"""Erhvervspraktik end to end in Chromium: three companies offer slots (an evening slot for 16-year-olds is refused
in Danish first), pupils rank on a phone, the coordinator runs the allocation, the companies confirm, one guardian
consents through the mailed link and another declines, the coordinator approves, the praktikseddel downloads, and
after the week a company answers "host again". axe on every page; each pupil and guardian page fits 320 and 390 px."""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask_migrate import upgrade
from pypdf import PdfReader
from werkzeug.serving import make_server

from partnerhub import create_app
from partnerhub.config import TestConfig
from partnerhub.extensions import db
from partnerhub.outbox.models import OutboxMessage
from partnerhub.permissions import Role
from partnerhub.reference.models import Town
from partnerhub.reference.service import load_reference
from partnerhub.schools.models import PraktikWeek, Pupil
from partnerhub.tasters.models import BookingStatus, HostAgain, TasterBooking, TasterSlot
from tests import factories
from tests.browser.conftest import _page, assert_accessible, log_in

COMPANIES = ("Juelsminde Bageri", "Hornsyld Auto", "Løsning Plejecenter")
PUPILS = ("Ida", "Bo", "Liv")
LINK = re.compile(r"https?://\S+/samtykke/erhvervspraktik/(?!tilbagekald/)[\w-]+")
WITHDRAW_LINK = re.compile(r"https?://\S+/samtykke/erhvervspraktik/tilbagekald/[\w-]+")


def _monday(weeks: int) -> dt.date:
    today = dt.date.today()
    return today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=weeks)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    path = tmp_path_factory.mktemp("tasters") / "live.sqlite"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}", WTF_CSRF_ENABLED=True)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_URL"] = base
    with app.app_context():
        upgrade()
        load_reference()
        towns = {t.name: t for t in db.session.scalars(db.select(Town))}
        school_class = factories.SchoolClassFactory(name="8.A", school__name="Hedensted Skole",
                                                    school__town=towns["Hedensted"])
        db.session.add(PraktikWeek(school_class_id=school_class.id, starts_on=_monday(3), days=5))
        coordinator = factories.user_for_role(Role.COORDINATOR, school=school_class.school, name="Vera Vejleder")
        hr = {}
        for name, town in zip(COMPANIES, ("Juelsminde", "Hornsyld", "Løsning"), strict=True):
            company = factories.CompanyFactory(name=name, town=towns[town], address="Storegade 1")
            hr[name] = factories.UserFactory(role=Role.COMPANY, company=company).email
        pupils = {}
        for name in PUPILS:
            pupil = factories.PupilFactory(school_class=school_class, first_name=name,
                                           birth_year=_monday(3).year - 15, birth_month=1,
                                           guardian_email=f"foraelder.{name.lower()}@eksempel.dk")
            pupils[name] = factories.user_for_role(Role.PUPIL, pupil=pupil).email
        db.session.commit()
        world = {"app": app, "base": base, "hr": hr, "pupils": pupils, "coordinator": coordinator.email,
                 "school_id": school_class.school_id}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield world
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def desk(browser):
    context, new_page = _page(browser, None)
    yield new_page
    context.close()


def _fits(page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def _log_in(page, world: dict, email: str) -> None:
    """As another user: the cookies go first (a response still on its way may set the old session again, so the
    login page is asked for until it shows the form)."""
    for _attempt in range(5):
        page.wait_for_load_state("networkidle")
        page.context.clear_cookies()
        page.goto(world["base"] + "/log-ind")
        if "/log-ind" in page.url:
            break
    log_in(page, world["base"], email, factories.PASSWORD)


def _offer(page, title: str, *, hours: tuple[str, str] = ("08:00", "14:00"), min_age: str = "14") -> None:
    page.get_by_label("Navn på forløbet").fill(title)
    page.get_by_label("Første dag").fill(_monday(3).isoformat())
    page.get_by_label("Sidste dag").fill((_monday(3) + dt.timedelta(days=4)).isoformat())
    page.get_by_label("Hvor mange elever kan I tage?").fill("2")
    page.get_by_label("Fra kl.").fill(hours[0])
    page.get_by_label("Til kl.").fill(hours[1])
    page.get_by_label("Mindstealder").select_option(min_age)
    page.get_by_label("Hvad skal eleven lave?").fill("Hjælpe til og se, hvordan en arbejdsdag er")
    page.get_by_label("Kontaktperson", exact=True).fill("Mester Jensen")
    page.get_by_label("Kontaktpersonens telefon").fill("75 12 34 56")
    for label in ("Vi har lavet en risikovurdering", "Opgaverne passer til elevens alder", "Vi ved, at eleven er"):
        page.get_by_label(re.compile(label)).check()
    page.get_by_role("button", name="Gem forløbet").click()


def _guardian_link(world: dict, name: str, *, withdraw: bool = False) -> str:
    with world["app"].app_context():
        bodies = db.session.scalars(db.select(OutboxMessage.body).where(
            OutboxMessage.recipient == f"foraelder.{name.lower()}@eksempel.dk").order_by(OutboxMessage.id)).all()
    pattern = WITHDRAW_LINK if withdraw else LINK
    return next(found[0] for body in bodies if (found := pattern.findall(body)))


def _booking(world: dict, name: str) -> TasterBooking:
    with world["app"].app_context():
        booking = db.session.scalars(db.select(TasterBooking).join(Pupil).where(Pupil.first_name == name)).one()
        db.session.expunge(booking)
        return booking


def test_the_whole_taster_flow(desk, browser, world: dict) -> None:
    page, base = desk, world["base"]
    # 1. Three companies offer slots; the first tries an evening slot for 16-year-olds.
    for index, company in enumerate(COMPANIES):
        _log_in(page, world, world["hr"][company])
        page.goto(base + "/virksomhed")
        page.get_by_role("link", name="Erhvervspraktik for elever").click()
        page.get_by_role("link", name="Opret et forløb").click()
        assert_accessible(page)
        if index == 0:
            _offer(page, "Aftenbagning", hours=("15:00", "21:00"), min_age="16")
            assert "Elever under 18 må ikke arbejde mellem kl. 20 og kl. 06" in page.content()
            assert_accessible(page)
        _offer(page, f"En uge hos {company}")
        page.get_by_text("Forløbet er gemt").wait_for()
        assert_accessible(page)
    with world["app"].app_context():
        assert db.session.scalar(db.select(db.func.count(TasterSlot.id))) == 3

    # 2. Each pupil ranks on a phone: their "own" company first, then the others.
    phone_context, phone = _page(browser, {"width": 390, "height": 844})
    try:
        for index, name in enumerate(PUPILS):
            _log_in(phone, world, world["pupils"][name])
            phone.goto(base + "/elev/erhvervspraktik")
            assert_accessible(phone)
            phone.get_by_role("link", name="Vælg og ordn dine ønsker").click()
            order = COMPANIES[index:] + COMPANIES[:index]
            for company in order:
                phone.locator(f"li.card:has(h3:has-text('{company}'))").get_by_role("button").click()
                phone.get_by_text("Dine ønsker er gemt").wait_for()
            assert_accessible(phone)
            for width in (320, 390):
                _fits(phone, width)
            phone.set_viewport_size({"width": 390, "height": 844})
            first = phone.locator(".wish-list li").first
            assert COMPANIES[index] in first.inner_text()

        # 3. The coordinator allocates the week for the school.
        _log_in(page, world, world["coordinator"])
        page.goto(base + "/skole/erhvervspraktik/fordeling")
        assert_accessible(page)
        page.get_by_label("Praktikuge").select_option(_monday(3).isoformat())
        page.get_by_label("Lodtrækningens tal (kan udelades)").fill("2026")
        page.get_by_role("button", name="Lav fordelingen").click()
        page.get_by_role("heading", name="Resultat af fordelingen").wait_for()
        assert "3 af højst 3 mulige" in page.content()
        assert "2026" in page.content()
        assert_accessible(page)

        # 4. The companies confirm, each from its one request list.
        for company in COMPANIES:
            _log_in(page, world, world["hr"][company])
            page.goto(base + "/virksomhed/erhvervspraktik/forespoergsler")
            assert_accessible(page)
            page.get_by_role("link", name=re.compile("^Svar")).first.click()
            page.get_by_label("Ja, eleven er velkommen").check()
            page.get_by_role("button", name="Send svar").click()
            page.get_by_text("Tak. Skolen og forælderen får besked.").wait_for()

        # 5. Ida's guardian consents on a phone; Bo's declines with a reason.
        phone.context.clear_cookies()
        phone.goto(_guardian_link(world, "Ida"))
        assert "Ida skal i erhvervspraktik" in phone.content() and "Statens Erstatningsordning" in phone.content()
        assert_accessible(phone)
        for width in (320, 390):
            _fits(phone, width)
        phone.get_by_label("Ja, jeg giver samtykke til praktikken").check()
        phone.get_by_role("button", name="Send mit svar").click()
        phone.get_by_role("heading", name="Tak for dit svar").wait_for()
        assert_accessible(phone)
        phone.goto(_guardian_link(world, "Ida", withdraw=True))  # the page to withdraw it, not used here
        assert "Træk samtykket tilbage" in phone.content()
        assert_accessible(phone)
        for width in (320, 390):
            _fits(phone, width)
        phone.set_viewport_size({"width": 390, "height": 844})
        phone.goto(_guardian_link(world, "Bo"))
        phone.get_by_label("Nej, jeg siger nej til praktikken").check()
        phone.get_by_label("Hvorfor siger du nej?").fill("Han skal på lejrskole den uge")
        phone.get_by_role("button", name="Send mit svar").click()
        phone.get_by_role("heading", name="Tak for dit svar").wait_for()
        assert _booking(world, "Ida").status is BookingStatus.AWAITING_SCHOOL
        assert _booking(world, "Bo").status is BookingStatus.GUARDIAN_DECLINED

        # 6. The coordinator sees where each place stands and approves Ida's.
        _log_in(page, world, world["coordinator"])
        page.goto(base + "/skole/erhvervspraktik")
        assert "Forælder eller værge har sagt nej" in page.content()
        assert_accessible(page)
        page.get_by_role("button", name=re.compile("Godkend")).first.click()
        page.get_by_text("Pladsen er godkendt").wait_for()
        assert_accessible(page)
        assert _booking(world, "Ida").status is BookingStatus.APPROVED

        # 7. Ida downloads her praktikseddel on her phone.
        _log_in(phone, world, world["pupils"]["Ida"])
        phone.goto(base + "/elev/erhvervspraktik")
        phone.get_by_role("link", name="Se hvor langt din plads er").first.click()
        assert_accessible(phone)
        for width in (320, 390):
            _fits(phone, width)
        phone.set_viewport_size({"width": 390, "height": 844})
        with phone.expect_download() as download:
            phone.get_by_role("link", name="Hent praktiksedlen som PDF").click()
        pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
        text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
        assert "Praktikseddel" in text and "Statens Erstatningsordning" in text and "Vera Vejleder" in text
    finally:
        phone_context.close()

    # 8. After the week, Ida's company answers "host again".
    ida = _booking(world, "Ida")
    with world["app"].app_context():
        week = db.session.get(PraktikWeek, ida.praktik_week_id)
        week.starts_on = _monday(-1)
        db.session.commit()
        company = db.session.get(TasterSlot, ida.slot_id).company.name
    _log_in(page, world, world["hr"][company])
    page.goto(base + "/virksomhed/erhvervspraktik/forespoergsler")
    page.get_by_role("link", name=re.compile("Vil I gerne have en elev igen")).click()
    assert_accessible(page)
    page.get_by_label("Ja, gerne").check()
    page.get_by_label("Kort udtalelse om eleven (kan udelades)").fill("Ida var nysgerrig og mødte til tiden.")
    page.get_by_role("button", name="Send svar").click()
    page.get_by_text("Tak for jeres svar").wait_for()
    assert _booking(world, "Ida").host_again is HostAgain.YES

    # 9. The pages in English too.
    page.get_by_role("button", name="English").click()
    page.goto(base + "/virksomhed/erhvervspraktik")
    assert "Work experience for pupils" in page.content()
    assert_accessible(page)
