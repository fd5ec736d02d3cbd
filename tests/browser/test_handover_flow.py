"""The seams of a rotation in a browser: the first company writes a handover note, the next company cannot see it,
the young person edits and approves it on a phone, and then the next company reads the young person's version with
nothing from the staff-only record in it. A first-week check-in nobody answers becomes a follow-up task staff see,
and the check-in, the seams page and the re-plan preview pass axe and fit 320 and 390 px."""

from __future__ import annotations

import datetime as dt
import re
import uuid

from partnerhub import create_app
from partnerhub.config import TestConfig
from partnerhub.demo.service import DEMO_PASSWORD, DEMO_ROTATION
from partnerhub.extensions import db
from partnerhub.planning.models import Placement, PlacementStatus, ProposalStatus
from partnerhub.planning.services import checkins
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import YouthProfile, YouthStaffRecord
from tests import factories
from tests.browser.conftest import assert_accessible, log_in
from tests.browser.test_phone_fit import OVERFLOW_SCRIPT
from tests.planning.helpers import make_placement, make_proposal, make_round

STAFF = "medarbejder@demo.partnerhub.dk"
STAFF_NOTE = "SAGSNOTE-MAA-ALDRIG-UD-9921"
YOUTH_EDIT = "Jeg siger selv til, når jeg har brug for en pause"


def _app(database_uri: str):
    return create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_uri)


def _dennis_and_both_companies(database_uri: str) -> tuple[int, int, str, str]:
    """Dennis's two demo placements in order, an HR login for each company, a password for Dennis and a staff-only
    note on his record that must never reach a company."""
    with _app(database_uri).app_context():
        email, _companies = DEMO_ROTATION
        profile = db.session.scalar(db.select(YouthProfile).join(YouthProfile.user).where(
            YouthProfile.user.has(email=email)))
        first, second = db.session.scalars(db.select(Placement).where(Placement.youth_profile_id == profile.id)
                                           .order_by(Placement.starts_on)).all()[:2]
        profile.user.password_hash = factories.UserFactory.build().password_hash
        record = profile.staff_record or YouthStaffRecord(profile_id=profile.id)
        record.notes = STAFF_NOTE
        db.session.add(record)
        emails = []
        for placement in (first, second):
            hr_email = f"hr-{uuid.uuid4().hex[:6]}@overlevering.example.dk"
            factories.UserFactory(role=factories.Role.COMPANY, company=placement.company, email=hr_email)
            emails.append(hr_email)
        db.session.commit()
        return first.id, second.id, emails[0], emails[1]


def _log_out(page) -> None:
    page.get_by_role("button", name=re.compile("Log ud|Log out")).click()
    page.wait_for_url(re.compile(r"/log-ind|/$"))


def _fits(page) -> None:
    for width in (320, 390):
        page.set_viewport_size({"width": width, "height": 800})
        problems = page.evaluate(OVERFLOW_SCRIPT)
        assert problems == [], f"{page.url} at {width} px: {problems}"
        assert_accessible(page)


def test_a_handover_note_is_written_approved_by_the_young_person_and_seen_by_the_next_company(
        page, phone_page, live_server: str, live_database_uri: str) -> None:
    first_id, second_id, hr_first, hr_second = _dennis_and_both_companies(live_database_uri)
    base = live_server

    log_in(page, base, hr_first, factories.PASSWORD)
    page.goto(f"{base}/virksomhed/tilbud/{first_id}")
    page.get_by_role("link", name="Skriv en kort overlevering til den næste virksomhed").click()
    page.wait_for_url(re.compile(rf"/tilbud/{first_id}/overlevering$"))
    _fits(page)
    page.get_by_role("button", name=re.compile("Send til")).click()
    page.wait_for_load_state("load")
    assert "Skriv, hvad den unge har gjort godt." in page.content()
    assert_accessible(page)
    page.get_by_label("Hvad har den unge gjort godt?").fill("Dennis mødte til tiden og spurgte, når han var i tvivl")
    page.get_by_label("Hvad hjalp den unge?").fill("En fast makker på værkstedet")
    page.get_by_label("Hvad skal den næste virksomhed være opmærksom på?").fill("Han bliver træt sidst på dagen")
    page.get_by_role("button", name=re.compile("Send til")).click()
    page.wait_for_load_state("load")
    assert "Venter på den unge" in page.content() and STAFF_NOTE not in page.content()
    assert_accessible(page)
    _log_out(page)

    # The next company cannot see it yet.
    log_in(page, base, hr_second, factories.PASSWORD)
    assert page.request.get(f"{base}/virksomhed/tilbud/{second_id}/overlevering-modtaget").status == 404
    page.goto(f"{base}/virksomhed/tilbud/{second_id}")
    assert "Læs overleveringen" not in page.content()
    _log_out(page)

    # Dennis reads it on his phone, changes one answer and sends it on.
    email, _companies = DEMO_ROTATION
    log_in(phone_page, base, email, factories.PASSWORD)
    phone_page.goto(f"{base}/ung/plan")
    phone_page.get_by_role("link", name=re.compile("har skrevet om dig til din næste praktik")).click()
    phone_page.wait_for_url(re.compile(rf"/ung/plan/praktik/{first_id}/overlevering$"))
    assert "Han bliver træt sidst på dagen" in phone_page.content()
    _fits(phone_page)
    phone_page.get_by_label("Det skal den næste virksomhed vide").fill(YOUTH_EDIT)
    phone_page.get_by_role("button", name="Ja, send den videre").click()
    phone_page.wait_for_load_state("load")
    assert "Tak. Overleveringen er sendt videre." in phone_page.content()
    _fits(phone_page)
    phone_page.get_by_role("button", name="English").click()
    phone_page.wait_for_load_state("load")
    assert "You said yes." in phone_page.content()
    _fits(phone_page)
    phone_page.get_by_role("button", name="Dansk").click()
    phone_page.wait_for_load_state("load")
    _log_out(phone_page)

    # Now the next company reads Dennis's version, and nothing staff-only.
    log_in(page, base, hr_second, factories.PASSWORD)
    page.goto(f"{base}/virksomhed/tilbud/{second_id}")
    page.get_by_role("link", name="Læs overleveringen om Dennis").click()
    page.wait_for_url(re.compile(rf"/tilbud/{second_id}/overlevering-modtaget$"))
    content = page.content()
    assert YOUTH_EDIT in content and "Dennis mødte til tiden" in content
    assert "Han bliver træt sidst på dagen" not in content and STAFF_NOTE not in content
    _fits(page)
    _log_out(page)


def _unanswered_check_in(database_uri: str) -> tuple[int, int, str]:
    """A young person whose placement started two weeks ago and whose check-in nobody answered, and one a week and
    a day in, with a password, whose check-in is open now."""
    app = _app(database_uri)
    with app.app_context():
        today = utcnow().date()
        monday = today - dt.timedelta(days=today.weekday())
        ids = []
        youth_email = f"ung-{uuid.uuid4().hex[:6]}@tjek.example.dk"
        for started, name, email in ((monday - dt.timedelta(weeks=2), "Tjekka", None),
                                     (today - dt.timedelta(days=8), "Svarine", youth_email)):
            period = factories.PeriodFactory(name=f"Tjek {uuid.uuid4().hex[:4]}", starts_on=started,
                                             ends_on=started + dt.timedelta(days=25))
            company = factories.CompanyFactory(name=f"Tjekfirma {uuid.uuid4().hex[:4]}")
            profile = factories.YouthProfileFactory(first_name=name, **({"user__email": email} if email else {}))
            round_ = make_round([period], [profile], name=f"Tjekrunde {name}")
            proposal = make_proposal(round_, profile, [company], status=ProposalStatus.APPROVED)
            ids.append(make_placement(proposal, status=PlacementStatus.ACTIVE).id)
        assert checkins.follow_up_missing() >= 1  # what `flask follow-up check-ins` runs, on the live database
        db.session.commit()
        return ids[0], ids[1], youth_email


def test_an_unanswered_first_week_check_in_is_a_follow_up_task_staff_see(page, phone_page, live_server: str,
                                                                         live_database_uri: str) -> None:
    _late_id, open_id, youth_email = _unanswered_check_in(live_database_uri)
    base = live_server
    log_in(page, base, STAFF, DEMO_PASSWORD)
    page.goto(f"{base}/medarbejder/opfoelgning")
    content = page.content()
    assert "Tjek efter første uge: et dårligt svar eller intet svar" in content and "Tjekka" in content
    assert "Intet svar på tjekket efter første uge fra den unge og Tjekfirma" in content
    assert_accessible(page)
    # The seams page and the re-plan form of Dennis's rotation pass axe and fit phones too.
    with _app(live_database_uri).app_context():
        email, _companies = DEMO_ROTATION
        proposal_id = db.session.scalar(db.select(Placement.proposal_id).join(Placement.profile).where(
            YouthProfile.user.has(email=email)))
    page.goto(f"{base}/medarbejder/planlaegning/forslag/{proposal_id}")
    page.get_by_role("link", name="Se overgangene: overleveringer og tjek efter første uge").click()
    page.wait_for_url(re.compile(r"/overgange$"))
    assert "Tørring Auto & Dæk → Hedensted Logistikcenter A/S" in page.locator("main").inner_text()
    _fits(page)
    page.get_by_role("link", name="En periode er ændret: planlæg resten om").click()
    page.wait_for_url(re.compile(r"/omplanlaeg$"))
    _fits(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Hvilken periode er ændret?").select_option(index=1)
    page.get_by_label("Den unge er syg eller forhindret i en periode").check()
    page.get_by_role("button", name="Vis, hvad der ændres").click()
    page.wait_for_load_state("load")
    assert "Det ændres" in page.content() or "Matcheren finder ikke noget bedre" in page.content()
    _fits(page)
    _log_out(page)

    # The young person whose check-in is open answers it on a phone.
    log_in(phone_page, base, youth_email, factories.PASSWORD)
    phone_page.goto(f"{base}/ung/plan")
    phone_page.get_by_role("link", name=re.compile("Svar på to korte spørgsmål")).click()
    phone_page.wait_for_url(re.compile(rf"/praktik/{open_id}/tjek-ind$"))
    _fits(phone_page)
    phone_page.get_by_role("button", name="Send svar").click()
    phone_page.wait_for_load_state("load")
    assert "Vælg, hvordan det går." in phone_page.content()
    _fits(phone_page)
    phone_page.get_by_label("Godt", exact=True).check()
    phone_page.get_by_label("Nej", exact=True).check()
    phone_page.get_by_role("button", name="Send svar").click()
    phone_page.wait_for_url(re.compile(r"/ung/plan$"))
    assert "Tak for dit svar." in phone_page.content()
