"""Company and youth profiles: validation paths, the employer ratio, copy-forward, ownership and staff-only data."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from partnerhub.audit.models import AuditEvent
from partnerhub.companies import service as companies_service
from partnerhub.companies.models import CompanyCapacity, CompanyStatus, NeedKind
from partnerhub.companies.service import ratio_warning
from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.reference import service as reference
from partnerhub.reference.models import Education, PartnerNetwork, Town, TradeArea
from partnerhub.reference.service import EmployerRatio, employer_ratio, load_reference
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import Readiness, YouthProfile
from partnerhub.youth.service import company_facing_summary
from tests import factories

MARKER = "HEMMELIG-NOTE-7731"


@pytest.fixture
def ref(app) -> None:
    load_reference()
    db.session.commit()


def _town(name: str = "Hedensted") -> Town:
    return db.session.scalar(db.select(Town).where(Town.name == name))


def _area(key: str = "byggeri-haandvaerk") -> TradeArea:
    return db.session.scalar(db.select(TradeArea).where(TradeArea.key == key))


# ---- reference data ------------------------------------------------------------------------------------------------

def test_reference_loads_all_educations_once_and_flags_uncertain_rows(ref) -> None:
    load_reference()  # a second run adds nothing
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(Education.id))) == 104
    assert {a.main_area_code for a in reference.trade_areas()} == {"OSP", "KHF", "FJO", "TBT"}
    frisoer = db.session.scalar(db.select(Education).where(Education.name_da == "Frisør"))
    assert frisoer.uncertain and frisoer.trade_area.name_da == "Frisør og skønhed"
    assert _town("Lindved").coordinates_uncertain and not _town("Hedensted").coordinates_uncertain
    assert reference.resolve_town("8722").name == "Hedensted"
    assert reference.resolve_town("7130").name == "Juelsminde"  # shared with Glud: the larger town wins
    assert reference.resolve_town("Atlantis") is None


@pytest.mark.parametrize(("employees", "limit"), [(0, 1), (4, 1), (5, 1), (12, 2), (50, 10), (59, 10), (60, 11),
                                                    (120, 17)])
def test_employer_ratio(employees: int, limit: int) -> None:
    assert EmployerRatio().limit(employees) == limit


def test_employer_ratio_is_read_from_the_rules_data_and_warning_names_the_rule(ref) -> None:
    assert employer_ratio() == EmployerRatio(legal_basis=employer_ratio().legal_basis)
    company = factories.CompanyFactory(employees=12)
    assert ratio_warning(company, 2) is None
    warning = ratio_warning(company, 3)
    assert "Rimelighedskravet" in warning and "BEK nr. 2636" in warning and "højst have 2" in warning


def test_admin_sees_low_confidence_towns_flagged(client, login_as, ref) -> None:
    login_as(Role.ADMIN)
    page = client.get("/admin/reference/byer").get_data(as_text=True)
    assert "Lindved" in page and page.count("koordinater anslået – tjek") == 8


def test_admin_retires_a_trade_area_without_losing_it_from_profiles(client, login_as, ref) -> None:
    area = _area()
    company = factories.CompanyFactory(trade_areas=[area])
    login_as(Role.ADMIN)
    assert client.post(f"/admin/reference/fagomraader/{area.id}/udfas").status_code == 302
    db.session.refresh(area)
    assert not area.active and area in db.session.get(type(company), company.id).trade_areas
    assert area.id not in [i for i, _ in reference.active_trade_area_choices()]


# ---- company profile ---------------------------------------------------------------------------------------------

def _company_profile(**overrides: object) -> dict:
    data = {"name": "Hornsyld Smede ApS", "cvr": "31415926", "address": "Vestergade 3", "town": "", "postcode": "8783",
            "employees": "12", "contact_name": "Lise Smed", "contact_phone": "75 55 55 55",
            "contact_email": "lise@smed.dk", "trade_areas": [str(_area().id)],
            "tasks_description": "Du hjælper på værkstedet.", "task_tags": "svejsning, metal",
            "need_kinds": ["mentor", "quiet_workplace"]}
    data.update(overrides)
    return data


def test_hr_fills_in_the_profile_with_a_postcode(client, login_as, ref) -> None:
    user = login_as(Role.COMPANY)
    response = client.post("/virksomhed/profil", data=_company_profile(cvr=user.company.cvr))
    assert response.status_code == 302
    company = user.company
    db.session.refresh(company)
    assert company.town.name == "Hornsyld" and company.employees == 12
    assert company.need_kinds == [NeedKind.QUIET_WORKPLACE, NeedKind.MENTOR]
    assert [a.key for a in company.trade_areas] == ["byggeri-haandvaerk"]
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "company_profile_updated"))


def test_staff_correct_a_companys_profile_and_the_change_is_logged_as_theirs(client, login_as, ref) -> None:
    company = factories.CompanyFactory(name="Gammelt Navn ApS")
    db.session.commit()
    staff = login_as(Role.STAFF)
    detail = client.get(f"/medarbejder/virksomheder/{company.id}").get_data(as_text=True)
    assert f'href="/medarbejder/virksomheder/{company.id}/profil"' in detail
    assert 'value="Gammelt Navn ApS"' in client.get(f"/medarbejder/virksomheder/{company.id}/profil").get_data(
        as_text=True)
    bad = client.post(f"/medarbejder/virksomheder/{company.id}/profil",
                      data=_company_profile(cvr="31415927", name="Nyt Navn ApS"))
    assert bad.status_code == 422 and 'value="Nyt Navn ApS"' in bad.get_data(as_text=True)
    saved = client.post(f"/medarbejder/virksomheder/{company.id}/profil",
                        data=_company_profile(cvr=company.cvr, name="Nyt Navn ApS"))
    assert saved.status_code == 302 and saved.headers["Location"].endswith(f"/medarbejder/virksomheder/{company.id}")
    db.session.refresh(company)
    assert company.name == "Nyt Navn ApS" and company.town.name == "Hornsyld"
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "company_profile_updated"))
    assert event.actor_id == staff.id and event.object_id == str(company.id)


def test_only_the_companys_own_hr_or_staff_may_change_its_profile(ref) -> None:
    company, other = factories.CompanyFactory(), factories.CompanyFactory()
    outsider = factories.UserFactory(role=Role.COMPANY, company=other)
    youth = factories.UserFactory(role=Role.YOUTH)
    db.session.commit()
    for actor in (outsider, youth):
        with pytest.raises(PermissionError):
            companies_service.update_profile(actor, company, town_id=None, trade_area_ids=[], network_ids=[],
                                             name="Kapret")
    assert company.name != "Kapret"


@pytest.mark.parametrize(("overrides", "message"), [
    ({"cvr": "31415927"}, "kontrolcifferet passer ikke"),
    ({"employees": "mange"}, "Skriv antallet af ansatte som et helt tal"),
    ({"postcode": "9999"}, "hører ikke til en by i Hedensted"),
    ({"town": "999999", "postcode": ""}, "Den by kender vi ikke"),
    ({"tasks_description": "x" * 2001}, "højst være 2000 tegn"),
    ({"trade_areas": []}, "Vælg mindst ét fagområde"),
])
def test_company_profile_errors_rerender_with_what_was_typed(client, login_as, ref, overrides, message) -> None:
    login_as(Role.COMPANY)
    response = client.post("/virksomhed/profil", data=_company_profile(**overrides))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and message in page
    assert 'value="Vestergade 3"' in page and 'value="Lise Smed"' in page


def test_company_profile_error_in_english(client, login_as, ref) -> None:
    login_as(Role.COMPANY)
    client.post("/sprog", data={"lang": "en"})
    page = client.post("/virksomhed/profil", data=_company_profile(postcode="9999")).get_data(as_text=True)
    assert "does not belong to a town in Hedensted" in page


# ---- capacity ---------------------------------------------------------------------------------------------------

def test_capacity_above_the_ratio_is_saved_with_a_warning_naming_the_rule(client, login_as, ref) -> None:
    user = login_as(Role.COMPANY)
    user.company.employees = 7
    period = factories.PeriodFactory()
    db.session.commit()
    response = client.post("/virksomhed/kapacitet", data={"period": str(period.id), "seats": "3",
                                                          "weekdays": ["1", "3"], "hours_from": "08:00",
                                                          "hours_to": "14:00"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Rimelighedskravet" in page and "højst have 1" in page
    capacity = db.session.scalar(db.select(CompanyCapacity))
    assert capacity.seats == 3 and capacity.weekday_list == [1, 3]


@pytest.mark.parametrize(("seats", "message"), [("-1", "mellem 0 og 50"), ("51", "mellem 0 og 50"),
                                                 ("to", "Skriv antallet som et helt tal")])
def test_capacity_out_of_range_is_refused_and_kept(client, login_as, ref, seats, message) -> None:
    login_as(Role.COMPANY)
    period = factories.PeriodFactory()
    response = client.post("/virksomhed/kapacitet", data={"period": str(period.id), "seats": seats,
                                                          "weekdays": ["2"], "hours_from": "09:00",
                                                          "hours_to": "13:00", "note": "kun formiddag"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and message in page
    assert 'value="kun formiddag"' in page and f'value="{seats}"' in page
    assert db.session.scalar(db.select(db.func.count(CompanyCapacity.id))) == 0


def test_capacity_copies_forward_from_the_latest_earlier_period(client, login_as, ref) -> None:
    user = login_as(Role.COMPANY)
    first, second, third = factories.PeriodFactory(), factories.PeriodFactory(), factories.PeriodFactory()
    factories.CapacityFactory(company=user.company, period=first, seats=1)
    factories.CapacityFactory(company=user.company, period=second, seats=2, weekdays="2,4", hours_from="10:00")
    assert client.post(f"/virksomhed/kapacitet/{third.id}/kopier").status_code == 302
    copied = db.session.scalar(db.select(CompanyCapacity).where(CompanyCapacity.period_id == third.id))
    assert (copied.seats, copied.weekdays, copied.hours_from) == (2, "2,4", "10:00")
    client.post(f"/virksomhed/kapacitet/{first.id}/kopier")  # nothing earlier than the first period
    assert db.session.scalar(db.select(db.func.count(CompanyCapacity.id))) == 3


# ---- posts and ownership -------------------------------------------------------------------------------------------

def test_hr_creates_a_post_and_cannot_reach_another_companys_post(client, login_as, ref) -> None:
    login_as(Role.COMPANY)
    response = client.post("/virksomhed/opslag/ny", data={"title": "Lagerhjælper", "trade_area": str(_area().id),
                                                          "description": "Du pakker ordrer.", "seats": "2",
                                                          "open_for_sharing": "y", "active": "y"})
    assert response.status_code == 302
    other = factories.PostFactory()
    assert client.get(f"/virksomhed/opslag/{other.id}").status_code == 404
    assert client.post(f"/virksomhed/opslag/{other.id}", data={"title": "Overtaget"}).status_code == 404
    db.session.refresh(other)
    assert other.title != "Overtaget"


def test_post_seats_out_of_range_rerenders(client, login_as, ref) -> None:
    login_as(Role.COMPANY)
    page = client.post("/virksomhed/opslag/ny", data={"title": "Køkkenhjælp", "trade_area": str(_area().id),
                                                     "description": "Du hjælper i køkkenet.", "seats": "0"})
    assert page.status_code == 422 and "mellem 1 og 50" in page.get_data(as_text=True)
    assert 'value="Køkkenhjælp"' in page.get_data(as_text=True)


def _statements_and_page(client, path: str) -> tuple[list[str], str]:
    statements: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        page = client.get(path).get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return statements, page


def test_the_company_home_lists_each_area_need_network_colleague_and_post_once(client, login_as, ref) -> None:
    """The home page joins the company's kinds of need, networks and HR users to its row: each still shows once and
    in its order, the company is read once (it was read for the HR user, then again with what it shows), and a
    company with all of them asks no more queries than one with one of each."""
    networks = list(db.session.scalars(db.select(PartnerNetwork).order_by(PartnerNetwork.name)))
    areas = [_area(), _area("mad-koekken"), _area("biler-transport")]
    small = factories.CompanyFactory(name="Lille ApS", trade_areas=areas[:1], networks=networks[:1])
    small.set_need_kinds([NeedKind.MENTOR])
    big = factories.CompanyFactory(name="Stor ApS", trade_areas=areas, networks=networks)
    big.set_need_kinds(list(NeedKind))
    for company in (small, big):
        factories.PostFactory(company=company, title=f"Opslag {company.name}", trade_area=areas[0])
    factories.UserFactory(name="Bo Kollega", role=Role.COMPANY, company=big)
    db.session.commit()
    counts = []
    for company in (small, big):
        login_as(Role.COMPANY, company=company, name=f"HR hos {company.name}")
        statements, page = _statements_and_page(client, "/virksomhed")
        counts.append(len(statements))
        assert len([s for s in statements if s.startswith("SELECT companies.id")]) == 1
        client.post("/log-ud")
    assert counts[0] == counts[1]
    facts = page.split('<dl class="facts">')[1].split("</dl>")[0]
    assert ", ".join(sorted(a.name_da for a in areas)) in facts
    assert ", ".join(kind.label for kind in NeedKind) in facts
    assert ", ".join(n.name for n in networks) in facts and len(networks) >= 2
    users = sorted(big.hr_users, key=lambda user: user.id)
    assert len(users) == 2 and ", ".join(user.name for user in users) in facts
    assert page.count("Opslag Stor ApS") == 1


def test_hr_invites_a_colleague_to_the_same_company(client, login_as, ref) -> None:
    user = login_as(Role.COMPANY)
    assert client.post("/virksomhed/brugere", data={"name": "Bo Kollega", "email": "bo@firma.dk"}).status_code == 302
    colleague = db.session.scalar(db.select(type(user)).where(type(user).email == "bo@firma.dk"))
    assert colleague.company_id == user.company_id and colleague.role is Role.COMPANY and not colleague.has_password


def test_pending_company_cannot_see_the_network(client, login_as, ref) -> None:
    login_as(Role.COMPANY, company=factories.CompanyFactory(status=CompanyStatus.PENDING))
    assert client.get("/virksomhed/netvaerk").status_code == 403


def test_network_shows_companies_and_sharing_but_no_youth_data(client, login_as, ref) -> None:
    partner = factories.CompanyFactory(name="Uldum Maskinværksted", town=_town("Uldum"), trade_areas=[_area()])
    youth = factories.YouthProfileFactory(first_name="Dennis-Marker")
    factories.StaffRecordFactory(profile=youth, notes=MARKER, readiness=Readiness.ACTIVITY_READY)
    user = login_as(Role.COMPANY)
    response = client.post("/virksomhed/netvaerk", data={"open_to_sharing": "y", "partners": [str(partner.id)]})
    assert response.status_code == 302
    page = client.get("/virksomhed/netvaerk").get_data(as_text=True)
    assert "Uldum Maskinværksted" in page and "Uldum" in page
    assert page.count("Uldum Maskinværksted") >= 2  # listed, and named as a sharing partner
    assert "Dennis-Marker" not in page and MARKER not in page and "Aktivitetsparat" not in page
    assert [p.id for p in user.company.sharing_partners] == [partner.id]


# ---- youth profile and staff-only data ---------------------------------------------------------------------------

def _youth_profile(**overrides: object) -> dict:
    data = {"first_name": "Maria", "last_name": "", "birth_year": str(utcnow().year - 20), "town": "",
            "postcode": "7130", "transport": "bike", "max_travel": "12", "max_travel_unit": "km",
            "interests": "Jeg kan godt lide dyr.", "trade_areas": [str(_area("dyr-natur").id)],
            "weekdays": ["1", "2", "3"], "earliest_start": "2026-03-02",
            "accommodations": "Jeg har brug for ro.", "share_accommodation_details": ""}
    data.update(overrides)
    return data


def test_young_person_fills_in_the_profile(client, login_as, ref) -> None:
    user = login_as(Role.YOUTH)
    assert client.post("/ung/profil", data=_youth_profile()).status_code == 302
    profile = user.youth_profile
    db.session.refresh(profile)
    assert profile.town.name == "Juelsminde" and profile.weekday_list == [1, 2, 3] and profile.max_travel == 12
    summary = company_facing_summary(profile)
    assert summary["needs_adjustments"] is True and summary["accommodations"] is None
    assert "Maria" in client.get("/ung").get_data(as_text=True)


def test_saving_the_profile_keeps_added_and_retired_trade_areas_and_drops_unticked_ones(client, login_as, ref) -> None:
    user = login_as(Role.YOUTH)
    animals, building, retired = _area("dyr-natur"), _area(), _area("boern-paedagogik")
    user.youth_profile.trade_areas = [animals, retired]
    retired.retired_at = utcnow()
    db.session.commit()
    for ticked, kept in (([animals, building], {animals, building, retired}), ([building], {building, retired}),
                         ([building, animals], {animals, building, retired})):
        data = _youth_profile(trade_areas=[str(a.id) for a in ticked])
        assert client.post("/ung/profil", data=data).status_code == 302
        db.session.expire_all()
        assert set(db.session.get(YouthProfile, user.youth_profile.id).trade_areas) == kept


def test_the_profile_form_offers_every_town_and_the_active_trade_areas_as_they_are_now(client, login_as, ref) -> None:
    import re

    user = login_as(Role.YOUTH)
    retired, renamed, town = _area(), _area("dyr-natur"), _town("Barrit")
    retired.retired_at = utcnow()
    renamed.name_da, renamed.name_en, town.name = "Dyr og skov", "Animals and woods", "Barrit Strand"
    db.session.add(Town(name="Aaby", lat=55.7, lon=9.9, coord_source="test", coord_confidence="high"))
    db.session.commit()
    for language in ("da", "en"):
        user.locale = language
        db.session.commit()
        page = client.get("/ung/profil").get_data(as_text=True)
        towns = re.search(r'<select id="town" name="town">(.*?)</select>', page).group(1)
        assert re.findall(r'<option (?:selected )?value="(\d+)">([^<]*)</option>', towns) == [
            (str(t.id), t.name) for t in reference.towns()]
        areas = re.findall(r'name="trade_areas" type="checkbox" value="(\d+)"> <label for="trade_areas-\d+">([^<]*)<',
                           page)
        names = {a.id: a.name_en if language == "en" else a.name_da for a in reference.trade_areas()}
        assert areas == [(str(i), names[i]) for i, _name in reference.active_trade_area_choices()]
        assert str(retired.id) not in dict(areas) and (str(renamed.id), names[renamed.id]) in areas
        assert "Barrit Strand" in towns and "Aaby" in towns


@pytest.mark.parametrize(("overrides", "message"), [
    ({"birth_year": "1950"}, "mellem 13 og 29"),
    ({"birth_year": str(utcnow().year - 12)}, "mellem 13 og 29"),
    ({"postcode": "", "town": ""}, "Vælg en by, eller skriv et postnummer"),
    ({"max_travel": "0"}, "mellem 1 og 200"),
    ({"interests": "x" * 1001}, "højst være 1000 tegn"),
    ({"weekdays": []}, "Vælg mindst én dag"),
    ({"earliest_start": "32.13.2026"}, "Skriv datoen som dd.mm.åååå"),
])
def test_youth_profile_errors_rerender_with_what_was_typed(client, login_as, ref, overrides, message) -> None:
    login_as(Role.YOUTH)
    response = client.post("/ung/profil", data=_youth_profile(**overrides))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and message in page
    assert "Jeg har brug for ro." in page and 'value="Maria"' in page


def test_shared_accommodations_reach_the_company_summary_only_with_consent(ref) -> None:
    profile = factories.YouthProfileFactory(accommodations="Jeg har ADHD.", share_accommodation_details=True)
    assert company_facing_summary(profile)["accommodations"] == "Jeg har ADHD."
    assert "readiness" not in company_facing_summary(profile) and "notes" not in company_facing_summary(profile)


def test_staff_notes_views_are_audit_logged_and_saved(client, login_as, ref) -> None:
    profile = factories.YouthProfileFactory()
    staff = login_as(Role.STAFF)
    assert client.get(f"/medarbejder/unge/{profile.id}/sag").status_code == 200
    assert client.get(f"/medarbejder/unge/{profile.id}/sag").status_code == 200
    response = client.post(f"/medarbejder/unge/{profile.id}/sag", data={
        "readiness": "aktivitetsparat", "effort_focus": "Struktur i hverdagen", "consultant": str(staff.id),
        "notes": MARKER})
    assert response.status_code == 302
    views = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "youth_notes_viewed")).all()
    assert len(views) == 3 and all(v.actor_id == staff.id and v.subject_user_id == profile.user_id for v in views)
    db.session.refresh(profile)
    assert profile.staff_record.notes == MARKER and profile.staff_record.readiness is Readiness.ACTIVITY_READY


def test_staff_edits_any_young_persons_profile(client, login_as, ref) -> None:
    profile = factories.YouthProfileFactory()
    login_as(Role.STAFF)
    response = client.post(f"/medarbejder/unge/{profile.id}/profil", data=_youth_profile(first_name="Dennis"))
    assert response.status_code == 302
    db.session.refresh(profile)
    assert profile.first_name == "Dennis" and profile.town.name == "Juelsminde"


def test_staff_only_fields_never_reach_company_or_youth_pages(client, login_as, ref) -> None:
    youth_user = factories.user_for_role(Role.YOUTH)
    factories.StaffRecordFactory(profile=youth_user.youth_profile, notes=MARKER, effort_focus=MARKER + "-fokus",
                                 readiness=Readiness.ACTIVITY_READY)
    from tests.conftest import login

    login(client, youth_user.email)
    for url in ("/ung", "/ung/profil"):
        page = client.get(url).get_data(as_text=True)
        assert MARKER not in page and "Aktivitetsparat" not in page, url
    client.post("/log-ud")
    login_as(Role.COMPANY)
    for url in ("/virksomhed", "/virksomhed/profil", "/virksomhed/kapacitet", "/virksomhed/opslag/ny",
                "/virksomhed/brugere", "/virksomhed/netvaerk"):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.get_data(as_text=True)
        assert MARKER not in page and "Aktivitetsparat" not in page, url
    assert client.get(f"/medarbejder/unge/{youth_user.youth_profile.id}/sag").status_code == 403


def test_staff_creates_a_period_and_bad_dates_rerender(client, login_as) -> None:
    login_as(Role.STAFF)
    bad = client.post("/medarbejder/perioder", data={"name": "Forår", "starts_on": "2026-03-30",
                                                     "ends_on": "2026-03-01"})
    assert bad.status_code == 422 and "Sidste dag skal være efter første dag" in bad.get_data(as_text=True)
    assert 'value="Forår"' in bad.get_data(as_text=True)
    good = client.post("/medarbejder/perioder", data={"name": "Forår", "starts_on": "02.03.2026",
                                                      "ends_on": "27.03.2026"})
    assert good.status_code == 302


def test_the_staff_member_who_creates_a_young_person_is_their_contact_person(client, login_as) -> None:
    """The staff page has a "Kontaktperson" line and follow-up goes to that person: a young person staff created
    must not be left with "–" (nobody) until a task happens to be made."""
    staff = login_as("staff", name="Mette Medarbejder")
    response = client.post("/medarbejder/unge/ny", data={"first_name": "Dennis", "last_name": "",
                                                         "birth_year": utcnow().year - 20,
                                                         "email": "dennis@eksempel.dk"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    contact = page.split("Kontaktperson")[1].split("</dd>")[0]
    assert "Mette Medarbejder" in contact
    profile = db.session.scalar(db.select(YouthProfile).where(YouthProfile.first_name == "Dennis"))
    assert profile.staff_record.consultant_id == staff.id
