"""The whole planning loop on the demo data, in a browser, with axe on every page visited."""

from __future__ import annotations

import datetime as dt
import re
import uuid

from partnerhub.demo.service import DEMO_PASSWORD
from partnerhub.planning.services import rounds
from tests.browser.conftest import assert_accessible, log_in

STAFF = "medarbejder@demo.partnerhub.dk"
ROTATION = (("hr@demo.partnerhub.dk", "Juelsminde Tømrer & Snedker ApS"),
            ("hr-pleje@demo.partnerhub.dk", "Daugård Plejecenter"),
            ("hr-butik@demo.partnerhub.dk", "SuperKøb Rask Mølle"))


def _log_out(page) -> None:
    page.get_by_role("button", name="Log ud").click()
    page.wait_for_url(re.compile(r"/log-ind|/$"))


def _visit(page, click_target, url_pattern: str) -> None:
    click_target.click()
    page.wait_for_url(re.compile(url_pattern))
    assert_accessible(page)


def test_staff_plan_companies_and_young_person_answer_follow_up_and_outcome(page, live_server: str,
                                                                           monkeypatch) -> None:
    round_name = f"Browserrunde {uuid.uuid4().hex[:4]}"
    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday())
    # Staff plan the round on its first day: a round starting in the past is refused (issue 14), and the walk needs
    # a period that has begun so that HR can record attendance. The live server runs in this process.
    monkeypatch.setattr(rounds, "today", lambda: monday)

    # 1. Staff create a round and run the matcher.
    log_in(page, live_server, STAFF, DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/medarbejder$"))
    _visit(page, page.get_by_role("link", name="Planlægning", exact=True).first, r"/medarbejder/planlaegning$")
    _visit(page, page.get_by_role("link", name="Ny runde"), r"/medarbejder/planlaegning/ny$")
    page.get_by_label("Navn på runden").fill(round_name)
    page.get_by_label("Første dag (en mandag)").fill(monday.isoformat())
    page.get_by_label("Antal perioder").fill("3")
    page.get_by_label("Uger pr. periode").fill("4")
    page.get_by_label("Højst antal virksomheder pr. ung").fill("3")
    # The demo round is open over the same weeks, so its young people are not ticked; staff tick them on purpose.
    assert "allerede med i en anden åben runde" in page.locator("main").inner_text()
    for box in page.locator('input[name="participants"]').all():
        box.check()
    _visit(page, page.get_by_role("button", name="Opret runden"), r"/medarbejder/planlaegning/\d+$")
    round_url = page.url
    _visit(page, page.get_by_role("button", name="Kør matcheren"), r"/koersel/\d+$")
    assert "Færdig" in page.content()
    _visit(page, page.get_by_role("link", name="Se forslagene"), r"/medarbejder/planlaegning/\d+$")

    # 2. Staff review a proposal, place Sisse in a 3-company rotation and approve it.
    _visit(page, page.locator("table tbody a").first, r"/forslag/\d+$")
    assert "km fra den unges by" in page.content()
    page.goto(round_url)
    _visit(page, page.get_by_role("link", name="Placér en ung manuelt"), r"/manuel$")
    page.get_by_label("Søg efter den unge").fill("Sisse")
    page.keyboard.press("Enter")  # the search is a plain GET form: keyboard and no JavaScript are enough
    page.wait_for_url(re.compile(r"/manuel\?q=Sisse$"))
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Sisse")).check()
    for n, (_email, company) in enumerate(ROTATION, start=1):
        page.get_by_label(re.compile(rf"periode {n} \(")).select_option(label=company)
    _visit(page, page.get_by_role("button", name="Lav forslaget"), r"/forslag/\d+$")
    page.get_by_role("button", name="Godkend forslaget").click()
    page.wait_for_load_state("load")
    assert "Forslaget er godkendt" in page.get_by_role("status").first.inner_text()
    assert_accessible(page)
    _log_out(page)

    # 3. Each company accepts; the first also confirms the statement and records a no-show.
    for index, (email, company) in enumerate(ROTATION):
        log_in(page, live_server, email, DEMO_PASSWORD)
        page.wait_for_url(re.compile(r"/virksomhed$"))
        _visit(page, page.get_by_role("link", name="Unge i praktik"), r"/virksomhed/tilbud$")
        offer = page.get_by_role("link", name=re.compile(rf"Sisse, {round_name}")).first
        _visit(page, offer, r"/virksomhed/tilbud/\d+$")
        assert "Aktivitetsparat" not in page.content() and "Uddannelsesparat" not in page.content()
        page.get_by_label("Ja, vi tager imod den unge").check()
        page.get_by_role("button", name="Send svar").click()
        page.wait_for_load_state("load")
        assert "Accepteret" in page.content(), company
        assert_accessible(page)
        if index == 0:
            page.get_by_label("Arbejdsgiveren har givet sin skriftlige udtalelse").check()
            page.get_by_label(re.compile("Tillidsrepræsentanten har givet")).check()
            page.get_by_role("button", name="Gem tjeklisten").click()
            page.wait_for_load_state("load")
            _visit(page, page.get_by_role("link", name="Registrér fremmøde"), r"/fremmoede")
            page.get_by_label(monday.strftime("%d.%m.%Y")).select_option(label="Udeblevet")
            page.get_by_role("button", name="Gem ugen").click()
            page.wait_for_load_state("load")
            assert "følge op" in page.content()
            assert_accessible(page)
        _log_out(page)

    # 4. The young person sees the whole plan and accepts it.
    log_in(page, live_server, "ung@demo.partnerhub.dk", DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/ung$"))
    _visit(page, page.get_by_role("link", name="Min plan"), r"/ung/plan$")
    for _email, company in ROTATION:
        assert company in page.locator("main").inner_text()
    page.get_by_label("Ja, jeg vil gerne").first.check()
    page.get_by_role("button", name="Send mit svar").first.click()
    page.wait_for_load_state("load")
    assert "Du har sagt ja til planen" in page.content()
    assert_accessible(page)
    _log_out(page)

    # 5.–7. Staff see the follow-up task, record the outcome, and the timeline shows it all.
    log_in(page, live_server, STAFF, DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/medarbejder$"))
    _visit(page, page.get_by_role("link", name="Opfølgning", exact=True).first, r"/medarbejder/opfoelgning")
    task = page.locator(".follow-up", has_text="Udeblivelse").filter(has_text="Sisse")
    assert task.count() >= 1
    assert_accessible(page)
    task.first.get_by_role("button", name="Marker som udført").click()  # nothing written: refused, kept open
    page.wait_for_load_state("load")
    assert "Skriv, hvad der blev gjort, før du lukker opgaven." in page.content()
    assert_accessible(page)
    task = page.locator(".follow-up", has_text="Udeblivelse").filter(has_text="Sisse").first
    task.get_by_label("Hvad blev der gjort?").fill("Ringede til Sisse; hun møder igen i morgen.")
    task.get_by_role("button", name="Marker som udført").click()
    page.wait_for_load_state("load")
    assert "Opgaven er markeret som udført." in page.content()
    page.get_by_label("Status").select_option(label="Udførte")
    _visit(page, page.get_by_role("button", name="Vis"), r"status=done")
    task = page.locator(".follow-up", has_text="Ringede til Sisse; hun møder igen i morgen.")
    assert task.count() == 1
    assert_accessible(page)
    _visit(page, task.first.get_by_role("link", name="Sisse"), r"/forloeb$")
    page.get_by_label("Resultat", exact=True).select_option(label="Startet på en uddannelse")
    page.get_by_label("Hvilken uddannelse?").fill("Social- og sundhedshjælper")
    _visit(page, page.get_by_role("button", name="Gem resultat"), r"/forloeb$")
    timeline = page.locator(".timeline").inner_text()
    for expected in (f"Med i planlægningsrunden {round_name}", "Forslag:", "Forslaget blev godkendt",
                     "Tilbud sendt til Juelsminde Tømrer & Snedker ApS", "Daugård Plejecenter: accepteret",
                     "SuperKøb Rask Mølle: accepteret", "Den unge: har sagt ja", "Udeblevet",
                     "Opfølgning: Udeblivelse",
                     "Opfølgning udført af Mette Ungeenheden: Udeblivelse – Ringede til Sisse",
                     "Resultat: Startet på en uddannelse – Social- og sundhedshjælper"):
        assert expected in timeline, expected
