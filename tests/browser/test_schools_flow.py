"""Schools in the browser (issue 15): a coordinator imports a class list with two bad rows (reported by line, nothing
half-imported), fixes the file and imports it; the coordinator's, the pupil's and the staff's school pages fit 320 and
390 px phones with easy-read on and off, in Danish and English, and axe finds nothing on them."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from partnerhub.demo.schools import COORDINATOR_EMAIL, PUPIL_EMAIL
from partnerhub.demo.service import DEMO_PASSWORD
from partnerhub.extensions import db
from partnerhub.schools.models import Pupil, SchoolClass
from partnerhub.timeutil import utcnow
from tests.browser.conftest import assert_accessible, log_in
from tests.browser.test_phone_fit import MODE_IDS, MODES, _check, _crawl, _log_in_english, _set_mode
from tests.test_access_matrix import MATRIX

YEAR = utcnow().year
HEADER = "navn;foedt;klasse;foraelder_email;elev_email\n"
ROWS = [f"Asta Brix;02/{YEAR - 14};8.Q;asta.mor@eksempel.dk;",
        f"Bertram Ege;{YEAR - 14}-07;8.Q;bertram.far@eksempel.dk;",
        f"Cecilie Fog;15/{YEAR - 14};8.Q;cecilie.mor@eksempel.dk;",  # line 4: month 15
        f"Dagmar Gram;05/{YEAR - 14};8.Q;dagmar.mor@eksempel.dk;",
        "Erik Hald;0101121234;8.Q;erik.far@eksempel.dk;"]  # line 6: a CPR number
FIXED = [ROWS[0], ROWS[1], f"Cecilie Fog;12/{YEAR - 14};8.Q;cecilie.mor@eksempel.dk;", ROWS[3],
         f"Erik Hald;01/{YEAR - 14};8.Q;erik.far@eksempel.dk;"]


def _file(rows: list[str]) -> dict:
    # As Excel in Denmark saves it: Windows-1252, ';' and CRLF.
    return {"name": "8q.csv", "mimeType": "text/csv", "buffer": (HEADER + "\n".join(rows) + "\n").replace(
        "\n", "\r\n").encode("cp1252")}


def _pupils_in_8q(live_app: Flask) -> int:
    with live_app.app_context():
        return db.session.scalar(db.select(db.func.count(Pupil.id)).join(SchoolClass).where(
            SchoolClass.name == "8.Q")) or 0


def test_a_coordinator_imports_a_class_list_after_fixing_two_bad_rows(phone_page, live_app: Flask,
                                                                      live_server: str) -> None:
    page = phone_page
    log_in(page, live_server, COORDINATOR_EMAIL, DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/skole$"))
    page.get_by_role("link", name="Importér en klasseliste (CSV)").first.click()
    page.locator("input[type=file]").set_input_files(_file(ROWS))
    page.get_by_role("button", name="Prøvekør").click()
    alert = page.get_by_role("alert")
    assert "intet er importeret" in alert.inner_text()
    errors = alert.locator("li").all_inner_texts()
    assert len(errors) == 2, errors
    assert errors[0].startswith("Linje 4:") and "måned/år" in errors[0]
    assert errors[1].startswith("Linje 6:") and "CPR-nummer" in errors[1]
    assert page.get_by_role("button", name=re.compile("Importér")).count() == 0
    assert _pupils_in_8q(live_app) == 0  # nothing half-imported
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.locator("input[type=file]").set_input_files(_file(FIXED))
    page.get_by_role("button", name="Prøvekør igen").click()
    assert page.get_by_role("alert").count() == 0
    assert "5 rækker er i orden" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Importér 5 elever").click()
    page.wait_for_url(re.compile(r"/skole$"))
    assert "5 elever er importeret" in page.locator(".flashes").inner_text()
    assert _pupils_in_8q(live_app) == 5
    page.get_by_role("link", name="8.Q").click()
    assert "Cecilie Fog" in page.content() and "5 elever" in page.content()
    assert_accessible(page)


SCHOOL_ROLES = ("coordinator", "pupil", "staff")
NOT_LINKED = {
    "schools.import_sample": "a CSV download",
    "schools.pupil_export": "a JSON download",
    "schools.referral_answer": "the guardian's page from a mailed link; checked below",
    "schools.referral_withdraw": "the guardian's page from a mailed link (same layout as the answer page)",
    "schools.new_class": "checked by the coordinator's crawl when linked; listed in case the school has no class",
}


def _school_endpoints(role: str) -> set[str]:
    return {endpoint for endpoint, route in MATRIX.items()
            if endpoint.startswith("schools.") and route.method == "GET" and role in route.allowed}


@pytest.mark.parametrize(("easy", "english"), MODES, ids=MODE_IDS)
def test_the_school_pages_fit_phones_and_pass_axe(phone_page, live_app: Flask, live_server: str, easy: bool,
                                                  english: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    page = phone_page
    problems: list[str] = []
    for email, home, role in ((COORDINATOR_EMAIL, "/skole", "coordinator"), (PUPIL_EMAIL, "/elev", "pupil"),
                              ("medarbejder@demo.partnerhub.dk", "/medarbejder/skoler", "staff")):
        _set_mode(page, live_server, easy=easy, english=english)
        log_in(page, live_server, email, DEMO_PASSWORD) if not english else _log_in_english(page, live_server, email)
        page.wait_for_load_state("load")
        _set_mode(page, live_server, easy=easy, english=english)
        monkeypatch.setattr("tests.browser.test_phone_fit._youth_endpoints", lambda role=role: _school_endpoints(role))
        pages = _crawl(page, live_app, live_server, (home,))
        missing = _school_endpoints(role) - set(pages) - set(NOT_LINKED)
        if missing:
            problems.append(f"{role}: pages the crawl never reached: {sorted(missing)}")
        problems += _check(page, live_server, sorted(set(pages.values())))
        page.locator("form[action$='/log-ud'] button").click()
        page.wait_for_load_state("load")
    assert problems == [], "\n".join(problems)


def test_the_guardian_consents_to_the_youth_unit_through_the_mailed_link(phone_page, live_app: Flask,
                                                                        live_server: str) -> None:
    from partnerhub.accounts.service import find_user_by_email
    from partnerhub.outbox.models import OutboxMessage
    from partnerhub.schools import referrals

    with live_app.test_request_context(method="POST"):  # a service's write, as from the coordinator's form
        coordinator = find_user_by_email(COORDINATOR_EMAIL)
        pupil = db.session.scalar(db.select(Pupil).where(Pupil.first_name == "Noah"))
        referrals.flag(coordinator, pupil, reason="Trives bedst med praktiske opgaver")
        db.session.commit()
        body = db.session.scalars(db.select(OutboxMessage.body).where(OutboxMessage.recipient == pupil.guardian_email)
                                  .order_by(OutboxMessage.id.desc())).first()
    link = re.search(r"https?://\S+/ungeenheden/samtykke/[\w-]+", body).group(0)
    page = phone_page
    _set_mode(page, live_server, easy=True, english=False)
    page.goto(live_server + "/" + link.split("://", 1)[1].split("/", 1)[1])
    assert "Trives bedst med praktiske opgaver" in page.content()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_label("Ja, Ungeenheden må kontakte os").check()
    page.get_by_role("button", name="Send mit svar").click()
    assert "Du har sagt ja" in page.content()
    assert_accessible(page)
