"""What the pages say is true, in the reader's language, with the right plural forms (issue 14)."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from html import unescape

import openpyxl
import pytest
from babel.messages.pofile import read_po
from flask import Flask

from partnerhub.extensions import db
from partnerhub.jobs.models import BackgroundJob, JobStatus
from partnerhub.permissions import Role
from partnerhub.planning.models import PlacementStatus, ProposalStatus
from partnerhub.planning.services import placements, proposals
from partnerhub.reference.models import SchedulingRule, Town, TradeArea
from partnerhub.reference.service import load_reference
from partnerhub.reporting.services import cost_figures
from partnerhub.youth.models import Readiness, Transport, TravelUnit
from tests import factories
from tests.conftest import login
from tests.planning.conftest import World, add_youth, this_monday, world  # noqa: F401 - the planning world fixture
from tests.planning.helpers import make_proposal, make_round

NOTE = "Mormor hjælper med morgenerne – NOTE-5512"


def _client_as(app: Flask, user):
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    return client


def _company_get_pages(app: Flask, values: dict[str, int]) -> list[str]:
    """Every page an HR user can open with GET (their own routes and the public ones), filled in with values."""
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            view = app.view_functions[rule.endpoint]
            roles = getattr(view, "allowed_roles", ())
            if "GET" not in (rule.methods or ()) or not (roles == "public" or Role.COMPANY in roles):
                continue
            if rule.endpoint in {"main.health", "static"} or not set(rule.arguments) <= set(values):
                continue
            urls.append(rule.build({name: values[name] for name in rule.arguments}, append_unknown=False)[1])
    return urls


def test_the_staff_notes_page_says_who_sees_the_notes_and_that_is_what_happens(app: Flask, world: World) -> None:  # noqa: F811
    """The young person reads the notes on their data page (right of access); no company page ever shows them."""
    ada = add_youth(world, "Ada")
    staff = _client_as(app, world.staff)
    record_url = f"/medarbejder/unge/{ada.id}/sag"
    page = staff.get(record_url).get_data(as_text=True)
    promise = "Kun Ungeenheden og den unge selv kan se disse oplysninger."
    assert promise in page and "Virksomheder ser dem aldrig." in page and "ser aldrig disse" not in page
    hint = re.search(r'<p class="field-hint" id="notes-hint">([^<]*)</p>', page)
    assert hint is not None and "Den unge kan læse noterne" in hint.group(1), "the promise stands by the field"
    assert 'aria-describedby="notes-hint"' in page
    saved = staff.post(record_url, data={"readiness": "", "effort_focus": "", "consultant": "", "notes": NOTE})
    assert saved.status_code == 302

    own = _client_as(app, ada.user).get("/ung/mine-data")
    assert own.status_code == 200 and NOTE in own.get_data(as_text=True)

    host = world.companies[0]
    proposal = make_proposal(make_round(world.periods, [ada]), ada, [host])
    proposals.approve(world.staff, proposal)
    db.session.commit()
    placement = proposal.placements[0]
    hr = world.hr[host.id]
    placements.answer_offer(hr, placement, accept=True)
    placements.confirm_statement(hr, placement, employer=True, steward=True)
    placements.transition_placement(world.staff, placement, PlacementStatus.ACTIVE)
    fair = factories.fair_objects(trade_area=world.areas["byggeri-haandvaerk"], youth=ada)
    db.session.commit()
    assert proposal.status is ProposalStatus.APPROVED
    company = _client_as(app, hr)
    values = {"placement_id": placement.id, "event_id": fair["fair_event"].id, "company_id": host.id,
              "area_id": world.areas["byggeri-haandvaerk"].id, "photo_id": fair["photo"].id}
    pages = _company_get_pages(app, values)
    assert f"/virksomhed/tilbud/{placement.id}" in pages and f"/virksomhed/tilbud/{placement.id}/fremmoede" in pages
    shown_ada = []
    for url in pages:
        response = company.get(url)
        body = response.get_data().decode("utf-8", errors="replace")
        assert "NOTE-5512" not in body, url
        if response.status_code == 200 and "Ada" in body:
            shown_ada.append(url)
    assert f"/virksomhed/tilbud/{placement.id}" in shown_ada, "the company does see the young person, not the notes"


# --- Plural forms: every main page with counts of 1 and 2, in Danish and English ---------------------------------

DANISH_PLURALS = ("pladser", "ledige pladser", "rækker", "arbejdspladser", "uger", "unge", "virksomheder",
                  "praktikker", "dage", "måneder", "billeder", "andre forslag", "perioder", "timer", "minutter")
DANISH_SINGULARS = ("plads", "ledig plads", "række", "arbejdsplads", "uge", "ung", "virksomhed", "praktik", "dag",
                    "måned", "periode", "time", "minut")
ENGLISH_PLURALS = ("places", "free places", "rows", "workplaces", "weeks", "young people", "companies", "proposals",
                   "internships", "days", "months", "photos", "other proposals", "periods", "hours", "minutes")
ENGLISH_SINGULARS = ("place", "free place", "row", "workplace", "week", "young person", "company", "proposal",
                     "internship", "day", "month", "period", "hour", "minute")


def _words(nouns: tuple[str, ...]) -> str:
    return "|".join(re.escape(noun) for noun in sorted(nouns, key=len, reverse=True))


SLIPS = {
    "da": re.compile(rf"(?<![\d.,])\b1 (?:{_words(DANISH_PLURALS)})\b|(?<![\d.,])\b(?:[2-9]|\d\d+) "
                     rf"(?:{_words(DANISH_SINGULARS)})\b(?![-–])|kr\.\."),
    "en": re.compile(rf"(?<![\d.,])\b1 (?:{_words(ENGLISH_PLURALS)})\b|(?<![\d.,])\b(?:[2-9]|\d\d+) "
                     rf"(?:{_words(ENGLISH_SINGULARS)})\b(?![-–])|kr\.\.|DKK\."),
}


def slips(html: str, language: str) -> list[str]:
    """The count-and-noun slips in a page's visible text ('1 pladser', '2 × 1 uger', 'kr..')."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    text = unescape(re.sub(r"<[^>]+>", " ", text))
    text = re.sub(r"\s+", " ", text)
    return [m.group(0) for m in SLIPS[language].finditer(text)]


def test_the_slip_check_finds_the_slips_it_names() -> None:
    assert slips("<p>1 pladser</p><p>2 × 1 uger</p><p>Du skal prøve 1 arbejdspladser</p><p>10 kr..</p>", "da") == [
        "1 pladser", "1 uger", "1 arbejdspladser", "kr.."]
    assert slips("<p>2 plads</p><p>1 rækker er i orden</p>", "da") == ["2 plads", "1 rækker"]
    assert slips("<p>1 plads · 2 pladser · 2 unge · 1 ung · 12.02.2026 · 1 virksomhed</p>", "da") == []
    assert slips("<p>1 places</p><p>2 row</p><p>1 young people</p>", "en") == ["1 places", "2 row", "1 young people"]
    assert slips("<p>1 place, 2 places, 1 young person, 2 young people</p>", "en") == []


@dataclass
class CountWorld:
    staff: object
    admin: object
    hr: object
    youth: list
    companies: list
    periods: list
    round: object
    proposal: object
    placement: object


def _count_world(n: int) -> CountWorld:
    """n periods, n companies with n seats each, n young people, a post with n seats, a round of n weeks and an
    approved rotation of n workplaces, so each main page shows counts of exactly n."""
    load_reference()
    db.session.commit()
    town = db.session.scalar(db.select(Town).where(Town.name == "Hedensted"))
    area = db.session.scalar(db.select(TradeArea).where(TradeArea.key == "byggeri-haandvaerk"))
    start = this_monday()
    periods = [factories.PeriodFactory(name=f"P{i + 1}", starts_on=start + dt.timedelta(weeks=4 * i),
                                       ends_on=start + dt.timedelta(weeks=4 * i, days=25)) for i in range(n)]
    staff = factories.UserFactory(role=Role.STAFF, name="Mette Medarbejder")
    companies = []
    for i in range(n):
        company = factories.CompanyFactory(name=f"Firma {i + 1}", town=town, employees=20, address="Vej 1",
                                           tasks_description="Du bygger og saver træ", contact_name="Kontakt",
                                           contact_phone="75 00 00 00")
        company.trade_areas = [area]
        for period in periods:
            factories.CapacityFactory(company=company, period=period, seats=n)
        companies.append(company)
    spare = factories.CompanyFactory(name="Reserven ApS", town=town, employees=20, tasks_description="Træ")
    spare.trade_areas = [area]
    factories.CapacityFactory(company=spare, period=periods[0], seats=n)
    factories.PostFactory(company=companies[0], seats=n)
    youth = []
    for i in range(n):
        profile = factories.YouthProfileFactory(first_name=f"Ung{i + 1}", town=town, transport=Transport.BIKE,
                                                max_travel=30, max_travel_unit=TravelUnit.MINUTES,
                                                interests="træ", weekdays="1,2,3,4,5")
        profile.trade_areas = [area]
        factories.StaffRecordFactory(profile=profile, readiness=Readiness.READY, notes="Note", consultant_id=staff.id)
        youth.append(profile)
    db.session.commit()
    round_ = make_round(periods, youth, k=n)
    round_.period_weeks = n
    round_.stats = {"youth_total": n, "coverage": n, "max_coverage": n, "full_rotations": n, "proposals": n}
    proposal = make_proposal(round_, youth[0], companies)
    proposals.approve(staff, proposal)
    for other in youth[1:]:
        make_proposal(round_, other, list(reversed(companies)))
    db.session.commit()
    return CountWorld(staff=staff, admin=factories.UserFactory(role=Role.ADMIN), hr=factories.UserFactory(
        role=Role.COMPANY, company=companies[0]), youth=youth, companies=companies, periods=periods, round=round_,
        proposal=proposal, placement=proposal.placements[0])


def _pages(w: CountWorld, n: int) -> dict[str, tuple[object, list[str]]]:
    youth, company, rid = w.youth[0], w.companies[0], w.round.id
    return {
        "staff": (w.staff, [
            "/medarbejder", "/medarbejder/planlaegning", f"/medarbejder/planlaegning/{rid}",
            f"/medarbejder/planlaegning/forslag/{w.proposal.id}",
            f"/medarbejder/planlaegning/forslag/{w.proposal.id}/periode/{w.periods[0].id}",
            f"/medarbejder/planlaegning/{rid}/manuel?q=Ung", "/medarbejder/virksomheder",
            f"/medarbejder/virksomheder/{company.id}", f"/medarbejder/virksomheder/{company.id}/partnerskab",
            "/medarbejder/unge", f"/medarbejder/unge/{youth.id}", f"/medarbejder/unge/{youth.id}/forloeb",
            f"/medarbejder/unge/{youth.id}/data", "/medarbejder/opfoelgning", "/medarbejder/resultater",
            f"/medarbejder/samfundsoekonomi?people={n}", "/medarbejder/perioder", "/medarbejder/ansvarspris"]),
        "company": (w.hr, ["/virksomhed", "/virksomhed/tilbud", f"/virksomhed/tilbud/{w.placement.id}",
                           f"/virksomhed/tilbud/{w.placement.id}/fremmoede", "/virksomhed/kapacitet",
                           "/virksomhed/partnerskab", "/virksomhed/netvaerk", "/virksomhed/messer"]),
        "youth": (youth.user, ["/ung", "/ung/plan", "/ung/mine-data", "/ung/profil", "/messe"]),
        "admin": (w.admin, ["/admin/", "/admin/reference/regler", "/admin/reference/byer", "/admin/privatliv",
                            "/admin/audit/", "/medarbejder/samfundsoekonomi"]),
    }


# Phrases that must be on the pages, so the check is known to look at real counts (not at pages without any).
EXPECTED = {
    ("da", 1): ["1 plads", "1 × 1 uge", "Du skal prøve 1 arbejdsplads.", "1 ledig plads", "1 af 1 ung fik",
                "Hvis 1 ung mere starter"],
    ("da", 2): ["2 pladser", "2 × 2 uger", "Du skal prøve 2 arbejdspladser.", "2 ledige pladser", "2 af 2 unge fik",
                "Hvis 2 flere unge starter"],
    ("en", 1): ["1 place", "1 × 1 week", "You will try 1 workplace.", "1 free place", "1 of 1 young person got",
                "If 1 more young person starts"],
    ("en", 2): ["2 places", "2 × 2 weeks", "You will try 2 workplaces.", "2 free places", "2 of 2 young people got",
                "If 2 more young people start"],
}


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("n", [1, 2])
def test_main_pages_of_every_role_have_no_plural_slips(app: Flask, n: int, language: str) -> None:
    w = _count_world(n)
    found, seen = [], ""
    for role, (user, urls) in _pages(w, n).items():
        user.locale = language
        db.session.commit()
        client = _client_as(app, user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (role, url, response.status_code)
            body = response.get_data(as_text=True)
            seen += body
            found += [(url, slip) for slip in slips(body, language)]
    staff = _client_as(app, w.staff)
    rows = "fornavn,efternavn,foedselsaar,email,by,maalgruppe\n" + "".join(
        f"Ny{i},,2004,ny{i}@eksempel.dk,Hedensted,Uddannelsesparat\n" for i in range(n))
    preview = staff.post("/medarbejder/import/", data={"kind": "youth", "file": (io.BytesIO(rows.encode()), "u.csv")},
                         content_type="multipart/form-data").get_data(as_text=True)
    seen += preview
    found += [("import", slip) for slip in slips(preview, language)]
    assert found == []
    text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", seen)))
    missing = [phrase for phrase in EXPECTED[(language, n)] if phrase not in text]
    assert missing == [], "the pages no longer show these counts, so the check would look at nothing"


# --- Words on Danish pages are Danish, and English pages English -------------------------------------------------


def _visible(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_english_pages_show_the_profile_choices_and_the_data_page_in_english(app: Flask) -> None:
    load_reference()
    area = db.session.scalar(db.select(TradeArea).where(TradeArea.key == "byggeri-haandvaerk"))
    profile = factories.YouthProfileFactory(transport=Transport.BIKE, max_travel=20,
                                            max_travel_unit=TravelUnit.MINUTES)
    profile.trade_areas = [area]
    factories.CuriousMarkFactory(profile=profile, trade_area_id=area.id, company_id=None)
    profile.user.locale = "en"
    db.session.commit()
    client = _client_as(app, profile.user)
    form = client.get("/ung/profil").get_data(as_text=True)
    assert '<option selected value="bike">Bike</option>' in form and '<option value="walk">Walk</option>' in form
    assert '<option selected value="min">minutes</option>' in form and "minutter" not in form
    data = _visible(client.get("/ung/mine-data").get_data(as_text=True))
    assert f"Trade areas {area.name_en}" in data and "Bike" in data and "minutes" in data
    assert area.name_da not in data and "Cykel" not in data and "minutter" not in data
    staff = factories.UserFactory(role=Role.STAFF, locale="en")
    db.session.commit()
    record = _client_as(app, staff).get(f"/medarbejder/unge/{profile.id}/sag").get_data(as_text=True)
    assert f'value="{Readiness.READY.value}">Education-ready</option>' in record
    assert "Uddannelsesparat</option>" not in record


def test_danish_pages_name_the_matcher_stage_the_rules_and_the_sources_in_danish(app: Flask) -> None:
    load_reference()
    cost_figures.seed_cost_figures()
    staff, admin = factories.UserFactory(role=Role.STAFF), factories.UserFactory(role=Role.ADMIN)
    round_ = make_round([factories.PeriodFactory()])
    job = BackgroundJob(kind="planning-run", payload={"round_id": round_.id}, status=JobStatus.RUNNING,
                        stage="preparing", progress=0.0)
    db.session.add(job)
    db.session.commit()
    staff_client, admin_client = _client_as(app, staff), _client_as(app, admin)
    progress = _visible(staff_client.get(f"/medarbejder/planlaegning/{round_.id}/koersel/{job.id}").get_data(
        as_text=True))
    assert "Arbejder … (gør klar)" in progress and "preparing" not in progress
    job.stage = "similarity"
    db.session.commit()
    progress = _visible(staff_client.get(f"/medarbejder/planlaegning/{round_.id}/koersel/{job.id}").get_data(
        as_text=True))
    assert "(finder de bedste match)" in progress and "similarity" not in progress

    too_many = staff_client.get("/medarbejder/samfundsoekonomi?people=200000")
    assert too_many.status_code == 422
    body = _visible(too_many.get_data(as_text=True))
    assert "Skriv et tal mellem 0 og 100000." in body and "Number must be" not in body

    rules = _visible(admin_client.get("/admin/reference/regler").get_data(as_text=True))
    assert "Længste varighed pr. tilbud" in rules and "1 pr. 5 almindelige ansatte (altid mindst 1)" in rules
    for english in ("max duration per offer", "ordinary employees", "employers with", " high ", " medium "):
        assert english not in rules, english
    assert " høj " in rules
    towns = _visible(admin_client.get("/admin/reference/byer").get_data(as_text=True))
    assert "anslået" in towns and "estimate" not in towns
    case = _visible(admin_client.get("/medarbejder/samfundsoekonomi").get_data(as_text=True))
    assert " høj " in case and "Uddannelseshjælp, under 25 år, udeboende" in case and "kr. pr. måned" in case
    for english in (" high ", "living away", "DKK", "per month", "not found in this pass", "Benefit abolished",
                    "as above", "unknown", "persons", "percent"):
        assert english not in case, english
    assert "kr.." not in case

    audit = admin_client.get("/admin/audit/").get_data(as_text=True)
    assert '<option value="youth_notes_viewed">Sagsoplysninger set</option>' in audit
    wrong = admin_client.get("/admin/audit/?action=no_such_code")
    assert wrong.status_code == 422 and "Vælg en handling fra listen." in wrong.get_data(as_text=True)


def test_xlsx_exports_hold_real_dates_and_danish_sheet_and_file_names(app: Flask, world: World) -> None:  # noqa: F811
    ada = add_youth(world, "Ada")
    proposal = make_proposal(make_round(world.periods, [ada]), ada, world.companies[:1])
    proposals.approve(world.staff, proposal)
    db.session.commit()
    client = _client_as(app, world.staff)
    for url, sheet_name, stem, date_columns in [
        ("/medarbejder/resultater/praktikforloeb.xlsx", "Praktikforløb", "praktikforloeb-", (4, 5)),
        (f"/medarbejder/planlaegning/{proposal.round_id}/plan.xlsx", "Godkendt plan", "godkendt-plan-", (4, 5)),
        ("/medarbejder/resultater/eksport/capacity.xlsx", "Tilbudt kapacitet mod brugt kap",
         "resultater-tilbudt-kapacitet-mod-brugt-kapacitet-", (1,)),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'filename="{stem}' in response.headers["Content-Disposition"], url
        sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
        assert sheet.title == sheet_name
        rows = list(sheet.iter_rows(min_row=2))
        assert rows, url
        for row in rows:
            for column in date_columns:
                cell = row[column]
                assert cell.is_date and isinstance(cell.value, dt.datetime), (url, cell.coordinate, cell.value)
                assert cell.number_format == "dd.mm.yyyy"
        assert rows[0][date_columns[0]].value.date() == world.periods[0].starts_on


# --- Attendance and the written statement say why before anyone trips over them ---------------------------------


def test_future_attendance_days_say_why_they_are_grey_and_the_statement_checklist_is_explained_first(
        app: Flask, world: World) -> None:  # noqa: F811
    ada = add_youth(world, "Ada")
    host = world.companies[0]
    proposal = make_proposal(make_round(world.periods, [ada]), ada, [host])
    proposals.approve(world.staff, proposal)
    db.session.commit()
    placement = proposal.placements[0]
    hr = world.hr[host.id]
    placements.answer_offer(hr, placement, accept=True)
    db.session.commit()
    company = _client_as(app, hr)

    offer = _visible(company.get(f"/virksomhed/tilbud/{placement.id}").get_data(as_text=True))
    checklist = "praktikken kan først starte, når begge flueben er sat."
    assert checklist in offer, "explained before the first save, not after a failed start"
    half = company.post(f"/virksomhed/tilbud/{placement.id}/erklaering", data={"employer": "y"},
                        follow_redirects=True)
    assert "Praktikken kan først starte, når begge udtalelser er på plads." in _visible(half.get_data(as_text=True))
    whole = company.post(f"/virksomhed/tilbud/{placement.id}/erklaering",
                         data={"employer": "y", "steward": "y"}, follow_redirects=True)
    assert "Tjeklisten er gemt." in whole.get_data(as_text=True)
    assert "når begge udtalelser er på plads" not in whole.get_data(as_text=True)

    placements.transition_placement(world.staff, placement, PlacementStatus.ACTIVE)
    db.session.commit()
    next_week = (placement.starts_on + dt.timedelta(weeks=1)).isoformat()
    html = company.get(f"/virksomhed/tilbud/{placement.id}/fremmoede?uge={next_week}").get_data(as_text=True)
    hint = re.search(r'<p class="field-hint" id="future-days-hint">([^<]+)</p>', html)
    assert hint is not None and "ikke er kommet endnu" in hint.group(1)
    disabled = re.findall(r"<select[^>]*disabled[^>]*>", html)
    assert len(disabled) == 5 and all('aria-describedby="future-days-hint"' in tag for tag in disabled)


def test_the_rule_editor_reads_and_writes_danish_and_stores_the_files_form(app: Flask) -> None:
    load_reference()
    admin = factories.UserFactory(role=Role.ADMIN)
    db.session.commit()
    client = _client_as(app, admin)
    form = client.get("/admin/reference/regler/ratio_small").get_data(as_text=True)
    assert 'value="1 pr. 5 almindelige ansatte (altid mindst 1)"' in form and "ordinary employees" not in form
    saved = client.post("/admin/reference/regler/ratio_small",
                        data={"value": "1 pr. 6 almindelige ansatte (altid mindst 1)"})
    assert saved.status_code == 302
    assert db.session.get(SchedulingRule, "ratio_small").value == "1 per 6 ordinary employees (always at least 1)"
    rules = _visible(client.get("/admin/reference/regler").get_data(as_text=True))
    assert "1 pr. 6 almindelige ansatte (altid mindst 1)" in rules and "1 pr. 6 almindeligt ansatte" in rules
    no = client.post("/admin/reference/regler/loentilskud_forbidden_aabenlyst", data={"value": "nej"})
    assert no.status_code == 302
    assert db.session.get(SchedulingRule, "loentilskud_forbidden_aabenlyst").value == "false"
    wrong = client.post("/admin/reference/regler/ratio_small", data={"value": "en per fem"})
    text = _visible(wrong.get_data(as_text=True))
    assert "'1 pr. 5 almindelige ansatte (altid mindst 1)'" in text and "(always at least" not in text
    wrong = _visible(client.post("/admin/reference/regler/loentilskud_forbidden_aabenlyst",
                                 data={"value": "måske"}).get_data(as_text=True))
    assert "Skriv et af ordene: ja, nej, påkrævet, ikke påkrævet." in wrong


# --- A scan of every template and the catalogue: Danish words in Danish, English in English ---------------------

ENGLISH_WORDS = re.compile(r"\b(?:the|and|of|with|this|that|are|you|your|please|must|between|number|field|required|"
                           r"should|which|will|not|per|estimate|preparing|none|yes|no|invalid|choice|error)\b", re.I)
DANISH_WORDS = re.compile(r"\b(?:og|ikke|du|er|til|af|med|på|skal|eller|vælg|skriv|der|den|det|som|hvis|når|fra|"
                          r"jeres|dig|din|dine)\b", re.I)
QUOTED = re.compile(r"\"[^\"]*\"|»[^«]*«|%\(\w+\)[sd]")  # quoted titles, placeholders
# Shown in their own language on purpose: the product's name and the language switch ("English" on Danish pages).
OWN_LANGUAGE = {"PartnerHub", "English", "Dansk"}


def _forms(text: str | tuple[str, ...]) -> tuple[str, ...]:
    return (text,) if isinstance(text, str) else tuple(text)


def test_no_template_shows_words_outside_the_catalogue(project_root) -> None:
    """Every word a template shows goes through _() or ngettext(), so it is Danish in Danish and English in English."""
    stray = {}
    for path in sorted((project_root / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for pattern in (r"\{#.*?#\}", r"\{%.*?%\}", r"\{\{.*?\}\}", r"<(script|style)\b.*?</\1>", r"<[^>]*>",
                        r"&#?\w+;"):
            text = re.sub(pattern, " ", text, flags=re.S)
        words = set(re.findall(r"[A-Za-zÆØÅæøå]{2,}", text)) - OWN_LANGUAGE
        if words:
            stray[str(path.relative_to(project_root))] = sorted(words)
    assert stray == {}


def test_danish_messages_hold_no_english_and_english_messages_no_danish(project_root) -> None:
    with open(project_root / "partnerhub/translations/en/LC_MESSAGES/messages.po", "rb") as handle:
        catalogue = read_po(handle)
    english_in_danish = [source for m in catalogue if m.id for source in _forms(m.id)
                         if ENGLISH_WORDS.search(QUOTED.sub(" ", source))]
    danish_in_english = [english for m in catalogue if m.id for english in _forms(m.string)
                         if DANISH_WORDS.search(QUOTED.sub(" ", english))]
    assert english_in_danish == [] and danish_in_english == []
    assert ENGLISH_WORDS.search("Number must be between 0 and 100000.") and DANISH_WORDS.search("Vælg en periode")
