"""The fair over HTTP: browsing, filters, marks, easy-read, the booth editor, events, print and QR, curiosity."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
import segno

from partnerhub.audit.models import AuditEvent
from partnerhub.companies.models import CompanyNeed, CompanyStatus, NeedKind
from partnerhub.extensions import db
from partnerhub.fair.models import (
    AreaBooth,
    BoothSignup,
    CuriosityLevel,
    CuriousMark,
    FairAttendee,
    FairEvent,
    SignupState,
)
from partnerhub.fair.services import area_booths, common, companies, company_booths, events, marks
from partnerhub.fair.services.marks import set_mark
from partnerhub.permissions import Role
from partnerhub.reference.models import Town, TradeArea
from partnerhub.reference.service import load_reference
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import Transport, TravelUnit
from partnerhub.youth.service import travel_limit_km
from tests import factories
from tests.conftest import login


@pytest.fixture
def fair(app, tmp_path) -> dict:
    """Reference data with booth texts, three approved companies in two towns and one pending company."""
    app.config["FAIR_PHOTO_DIR"] = str(tmp_path / "photos")
    load_reference()
    area_booths.load_area_booths()
    areas = {a.key: a for a in db.session.scalars(db.select(TradeArea))}
    towns = {t.name: t for t in db.session.scalars(db.select(Town))}
    carpenter = factories.CompanyFactory(
        name="Løsning Tømrerforretning", town=towns["Løsning"], trade_areas=[areas["byggeri-haandvaerk"]],
        tasks_description="Du hjælper med tag og vinduer.", offers_teaching=True)
    kitchen = factories.CompanyFactory(
        name="Juelsminde Havnekøkken", town=towns["Juelsminde"], trade_areas=[areas["mad-koekken"]],
        tasks_description="Du snitter grøntsager.", needs=[CompanyNeed(kind=NeedKind.QUIET_WORKPLACE)])
    garage = factories.CompanyFactory(
        name="Tørring Auto & Dæk", town=towns["Tørring"], trade_areas=[areas["biler-transport"]],
        tasks_description="Du hjælper mekanikeren med olieskift.")
    pending = factories.CompanyFactory(name="Ventende Tømrer ApS", status=CompanyStatus.PENDING,
                                       trade_areas=[areas["byggeri-haandvaerk"]])
    factories.PostFactory(company=carpenter, title="Tømrerhjælper", trade_area=areas["byggeri-haandvaerk"], seats=3)
    factories.PostFactory(company=pending, title="Skjult", trade_area=areas["byggeri-haandvaerk"], seats=9)
    db.session.commit()
    return {"areas": areas, "towns": towns, "carpenter": carpenter, "kitchen": kitchen, "garage": garage,
            "pending": pending}


def names(response) -> list[str]:
    return re.findall(r'/messe/virksomhed/\d+">([^<]+)</a>', response.get_data(as_text=True))


def youth_in(login_as, town: Town, km: int):
    user = login_as(Role.YOUTH)
    profile = user.youth_profile
    profile.town, profile.max_travel = town, km
    profile.max_travel_unit, profile.transport = TravelUnit.KM, Transport.BIKE
    db.session.commit()
    return profile


# ---- browsing -----------------------------------------------------------------------------------------------------

def test_the_hall_shows_every_area_with_its_texts_companies_and_open_places(client, fair: dict) -> None:
    page = client.get("/messe").get_data(as_text=True)
    assert page.count('class="booth"') == len([a for a in fair["areas"].values() if a.active])
    booth = db.session.scalar(db.select(AreaBooth).where(AreaBooth.trade_area_id == fair["areas"]["mad-koekken"].id))
    assert booth.work_da in page
    area_page = client.get(f"/messe/omraade/{fair['areas']['byggeri-haandvaerk'].id}").get_data(as_text=True)
    assert "En dag her kunne se sådan ud" in area_page and "Løsning Tømrerforretning" in area_page
    assert "Ledige pladser nu: 3" in area_page  # the pending company's 9 seats are not open to anyone
    assert "Ventende" not in area_page


def test_no_entry_requirements_are_shown_anywhere(client, fair: dict) -> None:
    for url in ("/messe", f"/messe/omraade/{fair['areas']['el-it'].id}", f"/messe/virksomhed/{fair['kitchen'].id}"):
        page = client.get(url).get_data(as_text=True).lower()
        assert "karaktergennemsnit" not in page and "adgangskrav" not in page


def test_a_pending_company_has_no_public_booth_but_its_hr_can_preview_it(client, login_as, fair: dict) -> None:
    assert client.get(f"/messe/virksomhed/{fair['pending'].id}").status_code == 404
    login_as(Role.COMPANY, company=fair["pending"])
    preview = client.get("/virksomhed/stand/vis")
    assert preview.status_code == 200 and "Forhåndsvisning" in preview.get_data(as_text=True)
    assert client.get(f"/messe/virksomhed/{fair['pending'].id}").status_code == 200


@pytest.mark.parametrize(("query", "expected"), [
    ("tomrer", "Løsning Tømrerforretning"),
    ("toemrer", "Løsning Tømrerforretning"),
    ("kok", "Juelsminde Havnekøkken"),
    ("mekanikker", "Tørring Auto &amp; Dæk"),
])
def test_search_is_tolerant_of_spelling_and_typos(client, fair: dict, query: str, expected: str) -> None:
    assert names(client.get("/messe", query_string={"q": query}))[0] == expected


def test_search_also_finds_areas_by_their_educations(client, fair: dict) -> None:
    page = client.get("/messe", query_string={"q": "mekaniker"}).get_data(as_text=True)
    assert f'/messe/omraade/{fair["areas"]["biler-transport"].id}"' in page


def test_filters_for_special_needs_teaching_and_area(client, fair: dict) -> None:
    assert names(client.get("/messe?behov=quiet_workplace")) == ["Juelsminde Havnekøkken"]
    assert names(client.get("/messe?behov=quiet_workplace&behov=mentor")) == []  # each kind ticked must be met
    assert names(client.get("/messe?undervisning=y")) == ["Løsning Tømrerforretning"]
    assert names(client.get(f"/messe?omraade={fair['areas']['biler-transport'].id}")) == ["Tørring Auto &amp; Dæk"]
    assert client.get("/messe?omraade=99999999999").status_code == 200  # a silly id is just no filter


def test_a_list_card_shows_the_companys_areas_needs_town_and_open_places(client, fair: dict) -> None:
    """The cards of a search or an area page are read as plain rows: they still name every area (in the page's
    language, by Danish name), each kind of need, a missing town, and count only the seats of active posts whose
    period (if any) has not ended, as the booth does."""
    areas, today = fair["areas"], utcnow().date()
    shared = factories.CompanyFactory(
        name="Fælles Værksted", trade_areas=[areas["mad-koekken"], areas["byggeri-haandvaerk"]],
        tasks_description="Du hjælper i værkstedet.",
        needs=[CompanyNeed(kind=NeedKind.MENTOR), CompanyNeed(kind=NeedKind.QUIET_WORKPLACE)])
    ended = factories.PeriodFactory(starts_on=today - timedelta(days=60), ends_on=today - timedelta(days=30))
    coming = factories.PeriodFactory(starts_on=today + timedelta(days=1), ends_on=today + timedelta(days=30))
    factories.PostFactory(company=shared, seats=2)
    factories.PostFactory(company=shared, seats=5, period=ended)
    factories.PostFactory(company=shared, seats=1, period=coming)
    factories.PostFactory(company=shared, seats=4, active=False)
    db.session.commit()
    first, second = sorted([areas["mad-koekken"], areas["byggeri-haandvaerk"]], key=lambda a: a.name_da)
    for path in ("/messe?q=f%C3%A6lles", f"/messe/omraade/{areas['mad-koekken'].id}"):
        page = client.get(path).get_data(as_text=True)
        card = page.split(f'/messe/virksomhed/{shared.id}"')[1].split("</li>")[0]
        assert "By ikke oplyst" in card and "Du hjælper i værkstedet." in card
        assert "Kan give dig: Roligt arbejdsmiljø, En mentor på arbejdspladsen" in card
        assert f'<span class="tag">{first.name_da}</span> <span class="tag">{second.name_da}</span>' in card
        assert "Ledige pladser nu: 3" in card
    booth = client.get(f"/messe/virksomhed/{shared.id}").get_data(as_text=True)
    assert companies.company_cards([shared], None)[0].open_seats == 3 and "Fælles Værksted" in booth
    client.post("/sprog", data={"lang": "en"})
    card = client.get("/messe?q=f%C3%A6lles").get_data(as_text=True).split(f'/messe/virksomhed/{shared.id}"')[1]
    assert f'<span class="tag">{first.name_en}</span> <span class="tag">{second.name_en}</span>' in card


def test_a_long_list_of_companies_comes_in_pages_that_keep_the_filters(client, fair: dict) -> None:
    area = fair["areas"]["mad-koekken"]
    for number in range(companies.FAIR_PAGE_SIZE + 5):
        factories.CompanyFactory(name=f"Kantine {number:02d}", town=fair["towns"]["Hedensted"], trade_areas=[area],
                                 tasks_description="Du laver frokost i kantinen.")
    db.session.commit()
    first = client.get(f"/messe/omraade/{area.id}")
    assert len(names(first)) == companies.FAIR_PAGE_SIZE
    assert "Virksomheder: 30" in first.get_data(as_text=True)
    assert f'href="/messe/omraade/{area.id}?side=2"' in first.get_data(as_text=True)
    second = names(client.get(f"/messe/omraade/{area.id}?side=2"))
    assert len(second) == 6 and not set(second) & set(names(first))
    assert names(client.get(f"/messe/omraade/{area.id}?side=999")) == second  # past the end shows the last page
    for silly in ("0", "-3", "abc", "9" * 30):
        assert names(client.get(f"/messe/omraade/{area.id}?side={silly}")) in (names(first), second)
    searched = client.get("/messe", query_string={"q": "kantine", "undervisning": ""})
    assert len(names(searched)) == companies.FAIR_PAGE_SIZE and "Virksomheder: 29" in searched.get_data(as_text=True)
    assert "side=2" in searched.get_data(as_text=True) and "q=kantine" in searched.get_data(as_text=True)
    assert len(names(client.get("/messe", query_string={"q": "kantine", "side": 2}))) == 5


def test_search_sees_a_booth_change_at_once(client, login_as, fair: dict) -> None:
    assert names(client.get("/messe", query_string={"q": "gryderne"})) == []  # the search index is built here
    login_as(Role.COMPANY, company=fair["kitchen"])
    client.post("/virksomhed/stand", data={"pitch": "Kom og lav mad!", "tasks_description": "Du rører i gryderne.",
                                           "icon": "pot"})
    assert names(client.get("/messe", query_string={"q": "gryderne"})) == ["Juelsminde Havnekøkken"]


def test_near_me_keeps_what_is_within_my_travel_limit(client, login_as, fair: dict) -> None:
    youth_in(login_as, fair["towns"]["Hedensted"], 8)  # Løsning is ~4 km away, Juelsminde and Tørring further
    assert names(client.get("/messe?naer=y")) == ["Løsning Tømrerforretning"]
    booth = client.get(f"/messe/virksomhed/{fair['carpenter'].id}").get_data(as_text=True)
    assert "km fra dig" in booth and "inden for din rejsetid" in booth


def test_travel_minutes_become_km_at_the_speed_of_the_transport(app) -> None:
    profile = factories.YouthProfileFactory(max_travel=30, max_travel_unit=TravelUnit.MINUTES, transport=Transport.BIKE)
    assert travel_limit_km(profile) == pytest.approx(7.5)


def test_near_me_without_a_town_is_explained_not_applied(client, login_as, fair: dict) -> None:
    login_as(Role.YOUTH)
    page = client.get("/messe?naer=y")
    assert "Skriv din by" in page.get_data(as_text=True)


# ---- curious marks ------------------------------------------------------------------------------------------------

def test_a_young_person_marks_lists_and_removes_their_own_marks(client, login_as, fair: dict) -> None:
    user = login_as(Role.YOUTH)
    area = fair["areas"]["dyr-natur"]
    response = client.post(f"/messe/omraade/{area.id}/nysgerrig", data={"level": "want_to_try",
                                                                        "reflection": "Jeg kan lide dyr"})
    assert response.status_code == 302
    client.post(f"/messe/virksomhed/{fair['kitchen'].id}/nysgerrig", data={"level": "curious"})
    marks = db.session.scalars(db.select(CuriousMark).where(CuriousMark.youth_profile_id == user.youth_profile.id))
    marks = {(m.trade_area_id, m.company_id): m for m in marks}
    assert marks[(area.id, None)].level is CuriosityLevel.WANT_TO_TRY
    assert marks[(area.id, None)].reflection == "Jeg kan lide dyr"
    listed = client.get("/messe/mine").get_data(as_text=True)
    assert "Jeg kan lide dyr" in listed and "Juelsminde Havnekøkken" in listed
    mark_id = marks[(None, fair["kitchen"].id)].id
    assert client.post(f"/messe/mine/{mark_id}/fjern").status_code == 302
    assert db.session.scalar(db.select(CuriousMark).where(CuriousMark.id == mark_id)) is None


def test_a_too_long_reflection_is_shown_again_with_what_was_typed(client, login_as, fair: dict) -> None:
    login_as(Role.YOUTH)
    text = "å" * 501
    response = client.post(f"/messe/virksomhed/{fair['kitchen'].id}/nysgerrig",
                           data={"level": "want_to_try", "reflection": text})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Skriv højst 500 tegn" in page and text in page
    assert 'value="want_to_try" checked' in page or re.search(r'checked[^>]*value="want_to_try"', page)


def test_a_young_person_cannot_touch_someone_elses_mark(client, login_as, fair: dict) -> None:
    other = factories.YouthProfileFactory()
    mark = set_mark(other.user, other, company_id=fair["kitchen"].id)
    db.session.commit()
    login_as(Role.YOUTH)
    assert client.post(f"/messe/mine/{mark.id}/fjern").status_code == 404
    assert db.session.get(CuriousMark, mark.id) is not None
    assert "Juelsminde Havnekøkken" not in client.get("/messe/mine").get_data(as_text=True)


def test_marks_on_a_pending_company_are_refused(client, login_as, fair: dict) -> None:
    login_as(Role.YOUTH)
    assert client.post(f"/messe/virksomhed/{fair['pending'].id}/nysgerrig", data={"level": "curious"}).status_code \
        == 404


# ---- easy-read ----------------------------------------------------------------------------------------------------

def test_easy_read_is_a_form_post_kept_in_the_session(client, fair: dict) -> None:
    area = fair["areas"]["mad-koekken"]
    booth = db.session.scalar(db.select(AreaBooth).where(AreaBooth.trade_area_id == area.id))
    normal = client.get(f"/messe/omraade/{area.id}").get_data(as_text=True)
    assert booth.day_da in normal and 'class="easy-read"' not in normal
    response = client.post("/messe/let-laesning", data={"easy_read": "on", "next": f"/messe/omraade/{area.id}"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/messe/omraade/{area.id}")
    easy = client.get(f"/messe/omraade/{area.id}").get_data(as_text=True)
    assert 'class="easy-read"' in easy and booth.easy_da in easy and booth.day_da not in easy
    assert 'aria-pressed="true"' in easy and "data-read-aloud" in easy
    client.post("/messe/let-laesning", data={"easy_read": "off"})
    assert 'class="easy-read"' not in client.get("/messe").get_data(as_text=True)


def test_easy_read_survives_logging_in_and_out(client, fair: dict) -> None:
    """The switch is a reading preference, like the language: a young person who turned it on before logging in
    keeps it after, and logging out doesn't take it away either."""
    user = factories.user_for_role(Role.YOUTH)
    db.session.commit()
    client.post("/messe/let-laesning", data={"easy_read": "on"})
    assert login(client, user.email).status_code == 302
    assert 'class="easy-read"' in client.get("/").get_data(as_text=True)
    client.post("/log-ud")
    assert 'class="easy-read"' in client.get("/messe").get_data(as_text=True)


def test_easy_read_refuses_a_foreign_next_url(client) -> None:
    response = client.post("/messe/let-laesning", data={"easy_read": "on", "next": "https://evil.example/"})
    assert response.headers["Location"].endswith("/messe")


# ---- the booth editor ---------------------------------------------------------------------------------------------

def test_hr_edits_its_own_booth_and_it_shows_on_the_public_page(client, login_as, fair: dict) -> None:
    login_as(Role.COMPANY, company=fair["kitchen"])
    response = client.post("/virksomhed/stand", data={"pitch": "Kom og lav mad med os!",
                                                      "tasks_description": "Du rører i gryderne.", "icon": "pot"})
    assert response.status_code == 302
    assert fair["kitchen"].tasks_description == "Du rører i gryderne."  # the matcher reads the same words
    public = client.get(f"/messe/virksomhed/{fair['kitchen'].id}").get_data(as_text=True)
    assert "Kom og lav mad med os!" in public and "#i-pot" in public
    preview = client.get("/virksomhed/stand/vis").get_data(as_text=True)
    assert "Kom og lav mad med os!" in preview


def test_a_booth_form_with_errors_keeps_what_was_typed(client, login_as, fair: dict) -> None:
    login_as(Role.COMPANY, company=fair["kitchen"])
    response = client.post("/virksomhed/stand", data={"pitch": "p" * 601, "tasks_description": "Mine ord"})
    assert response.status_code == 422 and "Mine ord" in response.get_data(as_text=True)


def test_photo_upload_checks_type_size_and_alt_text(app, client, login_as, fair: dict) -> None:
    login_as(Role.COMPANY, company=fair["kitchen"])

    def upload(content: bytes, alt: str = "Køkkenet set fra døren", name: str = "a.png"):
        return client.post("/virksomhed/stand/foto", data={"photo": (io.BytesIO(content), name), "alt_text": alt},
                           content_type="multipart/form-data")

    assert upload(factories.PNG_1PX, alt="").status_code == 422
    refused = upload(b"<svg onload=alert(1)>", name="evil.png")
    assert refused.status_code == 422 and "PNG, JPEG eller WebP" in refused.get_data(as_text=True)
    app.config["FAIR_PHOTO_MAX_BYTES"] = 10
    try:
        assert "for stort" in upload(factories.PNG_1PX).get_data(as_text=True)
    finally:
        app.config["FAIR_PHOTO_MAX_BYTES"] = 2_000_000
    assert upload(factories.PNG_1PX).status_code == 302
    photo = fair["kitchen"].booth.photos[0]
    served = client.get(f"/messe/foto/{photo.id}")
    assert served.status_code == 200 and served.mimetype == "image/png" and served.data == factories.PNG_1PX
    page = client.get(f"/messe/virksomhed/{fair['kitchen'].id}").get_data(as_text=True)
    assert 'alt="Køkkenet set fra døren"' in page


def test_hr_of_one_company_cannot_touch_another_companys_photo_or_signup(client, login_as, fair: dict) -> None:
    hr_kitchen = factories.UserFactory(role=Role.COMPANY, company=fair["kitchen"])
    photo = company_booths.add_photo(hr_kitchen, fair["kitchen"], io.BytesIO(factories.PNG_1PX), alt_text="Gryder")
    event = FairEvent(name="Messen", held_on=utcnow().date() + timedelta(days=5), time_text="10–14", place="Hal",
                      areas=[fair["areas"]["mad-koekken"]])
    db.session.add(event)
    db.session.flush()
    events.sign_up_booth(hr_kitchen, event, fair["kitchen"], booth_name="Køkkenet",
                          trade_area_id=fair["areas"]["mad-koekken"].id, staff_count=2, needs="Strøm")
    db.session.commit()
    login_as(Role.COMPANY, company=fair["garage"])
    assert client.post(f"/virksomhed/stand/foto/{photo.id}/slet").status_code == 404
    assert client.post(f"/virksomhed/messer/{event.id}/traek-tilbage").status_code == 404
    form = client.get(f"/virksomhed/messer/{event.id}").get_data(as_text=True)
    assert "Strøm" not in form and "Køkkenet" not in form
    assert db.session.scalar(db.select(BoothSignup)).state is SignupState.PENDING


# ---- fair events --------------------------------------------------------------------------------------------------

def test_event_workflow_staff_create_company_signs_up_staff_confirm_youth_attend(client, login_as, fair: dict) -> None:
    staff = login_as(Role.STAFF)
    areas = fair["areas"]
    held_on = (utcnow().date() + timedelta(days=14)).strftime("%d.%m.%Y")
    response = client.post("/medarbejder/messer/ny", data={
        "name": "Forårsmessen", "held_on": held_on, "time_text": "kl. 10–14", "place": "Hallen i Hedensted",
        "quiet_hour": "kl. 9–10", "areas": [str(areas["mad-koekken"].id), str(areas["byggeri-haandvaerk"].id)]})
    assert response.status_code == 302
    event = db.session.scalar(db.select(FairEvent))
    assert {a.key for a in event.areas} == {"mad-koekken", "byggeri-haandvaerk"}

    client.post("/log-ud")
    login_as(Role.COMPANY, company=fair["kitchen"])
    assert "Forårsmessen" in client.get("/virksomhed/messer").get_data(as_text=True)
    wrong_area = client.post(f"/virksomhed/messer/{event.id}", data={
        "booth_name": "Havnekøkkenet", "trade_area": str(areas["el-it"].id), "staff_count": "2"})
    assert wrong_area.status_code == 422 and "Havnekøkkenet" in wrong_area.get_data(as_text=True)
    assert client.post(f"/virksomhed/messer/{event.id}", data={
        "booth_name": "Havnekøkkenet", "trade_area": str(areas["mad-koekken"].id), "staff_count": "3",
        "needs": "Strøm og vand"}).status_code == 302
    signup = db.session.scalar(db.select(BoothSignup))
    assert (signup.state, signup.staff_count, signup.needs) == (SignupState.PENDING, 3, "Strøm og vand")

    client.post("/log-ud")
    from tests.conftest import login
    login(client, staff.email)
    assert client.post(f"/medarbejder/messer/{event.id}/stande/{signup.id}",
                       data={"state": "confirmed"}).status_code == 302
    assert signup.state is SignupState.CONFIRMED
    youth = factories.YouthProfileFactory(first_name="Dennis")
    assert client.post(f"/medarbejder/messer/{event.id}/deltagere", data={"youth": str(youth.id)}).status_code == 302
    assert client.post(f"/medarbejder/messer/{event.id}/deltagere", data={"youth": "nope"}).status_code == 422
    attendee = db.session.scalar(db.select(FairAttendee))
    assert attendee.youth_profile_id == youth.id and attendee.registered_by_id == staff.id

    printed = client.get(f"/medarbejder/messer/{event.id}/print").get_data(as_text=True)
    assert "Havnekøkkenet" in printed and f"/messe/qr/{fair['kitchen'].id}.svg" in printed
    assert "print.css" in printed and 'class="floor-plan"' in printed

    client.post("/log-ud")
    login_as(Role.YOUTH)
    public = client.get(f"/messe/begivenhed/{event.id}").get_data(as_text=True)
    assert "Havnekøkkenet" in public and "kl. 9–10" in public
    assert client.post(f"/messe/begivenhed/{event.id}/tilmeld", data={"attend": "yes"}).status_code == 302
    assert "Du er tilmeldt" in client.get(f"/messe/begivenhed/{event.id}").get_data(as_text=True)
    client.post(f"/messe/begivenhed/{event.id}/tilmeld", data={"attend": "no"})
    assert len(event.attendees) == 1


def test_the_signup_workflow_refuses_illegal_moves(app, fair: dict) -> None:
    hr = factories.UserFactory(role=Role.COMPANY, company=fair["kitchen"])
    event = FairEvent(name="M", held_on=utcnow().date() + timedelta(days=3), time_text="10", place="Hal",
                      areas=[fair["areas"]["mad-koekken"]])
    db.session.add(event)
    db.session.flush()
    signup = events.sign_up_booth(hr, event, fair["kitchen"], booth_name="K",
                                   trade_area_id=fair["areas"]["mad-koekken"].id, staff_count=1, needs=None)
    with pytest.raises(common.FairError):
        events.change_signup_state(hr, signup, SignupState.PENDING)
    events.change_signup_state(hr, signup, SignupState.WITHDRAWN)
    with pytest.raises(common.FairError):
        events.change_signup_state(hr, signup, SignupState.CONFIRMED)
    events.sign_up_booth(hr, event, fair["kitchen"], booth_name="K2", trade_area_id=fair["areas"]["mad-koekken"].id,
                          staff_count=1, needs=None)
    assert signup.state is SignupState.PENDING and signup.booth_name == "K2"
    events.change_signup_state(hr, signup, SignupState.DECLINED)
    with pytest.raises(common.FairError):
        events.sign_up_booth(hr, event, fair["kitchen"], booth_name="K3",
                              trade_area_id=fair["areas"]["mad-koekken"].id, staff_count=1, needs=None)
    event.held_on = utcnow().date() - timedelta(days=1)
    with pytest.raises(common.FairError):
        events.register_attendee(hr, event, factories.YouthProfileFactory())


def test_staff_see_an_illegal_move_as_a_message_not_an_error(client, login_as, fair: dict) -> None:
    hr = factories.UserFactory(role=Role.COMPANY, company=fair["kitchen"])
    event = FairEvent(name="M", held_on=utcnow().date() + timedelta(days=3), time_text="10", place="Hal",
                      areas=[fair["areas"]["mad-koekken"]])
    db.session.add(event)
    db.session.flush()
    signup = events.sign_up_booth(hr, event, fair["kitchen"], booth_name="K",
                                   trade_area_id=fair["areas"]["mad-koekken"].id, staff_count=1, needs=None)
    events.change_signup_state(hr, signup, SignupState.WITHDRAWN)
    db.session.commit()
    login_as(Role.STAFF)
    response = client.post(f"/medarbejder/messer/{event.id}/stande/{signup.id}", data={"state": "confirmed"},
                           follow_redirects=True)
    assert "kan ikke gå fra" in response.get_data(as_text=True)
    assert client.post(f"/medarbejder/messer/{event.id}/stande/{signup.id}", data={"state": "bogus"}).status_code \
        == 302


# ---- QR codes -----------------------------------------------------------------------------------------------------

def _matrix_from_svg(svg: str) -> tuple[int, set[tuple[int, int]]]:
    """Reads segno's run-length path back into dark cells, so the test checks the drawing, not just the header."""
    root = ET.fromstring(svg.split("?>", 1)[1])  # noqa: S314 - our own server's output
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    width, height = int(root.get("width")), int(root.get("height"))
    assert width == height
    path = next(p for p in root.iterfind(".//s:path", ns) if p.get("class") == "qrline").get("d")
    x = y = 0.0
    dark: set[tuple[int, int]] = set()
    for command, a, b in re.findall(r"([MmHh])(-?[\d.]+)(?:\s(-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            for step in range(int(a)):
                dark.add((int(x) + step, int(y)))
            x += float(a)
    return width, dark


def test_qr_code_is_an_svg_that_encodes_the_booth_url(client, fair: dict) -> None:
    response = client.get(f"/messe/qr/{fair['kitchen'].id}.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    width, dark = _matrix_from_svg(svg)
    modules = width // 4 - 8  # scale 4, quiet zone of 4 modules on each side
    assert (modules - 17) % 4 == 0 and modules >= 21  # a real QR version: 21, 25, 29 … modules
    expected = segno.make(f"http://localhost/messe/virksomhed/{fair['kitchen'].id}", error="m", micro=False)
    assert expected.symbol_size(scale=1, border=0)[0] == modules
    expected_dark = {(c + 4, r + 4) for r, row in enumerate(expected.matrix) for c, v in enumerate(row) if v}
    assert dark == expected_dark
    for cx, cy in ((4, 4), (4 + modules - 7, 4), (4, 4 + modules - 7)):  # the three finder patterns
        assert all((cx + i, cy) in dark and (cx, cy + i) in dark for i in range(7))
    assert client.get(f"/messe/qr/{fair['pending'].id}.svg").status_code == 404


# ---- after the fair -----------------------------------------------------------------------------------------------

def test_staff_see_who_was_curious_about_what_and_the_view_is_audited(client, login_as, fair: dict) -> None:
    sisse = factories.YouthProfileFactory(first_name="Sisse")
    dennis = factories.YouthProfileFactory(first_name="Dennis")
    area = fair["areas"]["mad-koekken"]
    set_mark(sisse.user, sisse, trade_area_id=area.id, level=CuriosityLevel.WANT_TO_TRY, reflection="Jeg elsker mad")
    set_mark(dennis.user, dennis, trade_area_id=area.id)
    set_mark(dennis.user, dennis, company_id=fair["garage"].id)
    event = FairEvent(name="M", held_on=utcnow().date(), time_text="10", place="Hal", areas=[area])
    db.session.add(event)
    db.session.flush()
    db.session.add(FairAttendee(event=event, youth_profile_id=sisse.id))
    db.session.commit()
    overview = marks.curiosity_overview()
    assert [(c.name, c.want_to_try, c.curious) for c in overview.by_area] == [("Mad og køkken", 1, 1)]
    assert [c.name for c in overview.by_company] == ["Tørring Auto & Dæk"]
    staff = login_as(Role.STAFF)
    page = client.get(f"/medarbejder/messer/{event.id}/nysgerrighed").get_data(as_text=True)
    assert "Sisse" in page and "Jeg elsker mad" in page and "Dennis" not in page  # only the fair's attendees
    assert "Dennis" in client.get("/medarbejder/nysgerrighed").get_data(as_text=True)
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "fair_curiosity_viewed",
                                                         AuditEvent.actor_id == staff.id)) is not None


# ---- admin texts and demo data ------------------------------------------------------------------------------------

def test_admin_edits_an_areas_booth_texts_and_reloading_never_overwrites_them(client, login_as, fair: dict) -> None:
    area = fair["areas"]["el-it"]
    login_as(Role.ADMIN)
    data = {"icon": "plug", "work_da": "Strøm!", "work_en": "Power!", "day_da": "En dag", "day_en": "A day",
            "easy_da": "Kort.", "easy_en": "Short."}
    assert client.post(f"/admin/messe/omraader/{area.id}", data={**data, "icon": "rocket"}).status_code == 422
    assert client.post(f"/admin/messe/omraader/{area.id}", data=data).status_code == 302
    assert area_booths.load_area_booths() == 0
    assert area_booths.area_booth_for(area).work_da == "Strøm!"
    assert "Strøm!" in client.get("/messe").get_data(as_text=True)


def test_demo_data_has_a_fair_and_is_idempotent(app) -> None:
    from partnerhub.demo.service import seed_demo

    seed_demo()
    db.session.commit()
    counts = (db.session.scalar(db.select(db.func.count(CuriousMark.id))),
              db.session.scalar(db.select(db.func.count(BoothSignup.id))),
              db.session.scalar(db.select(db.func.count(AreaBooth.id))))
    seed_demo()
    db.session.commit()
    assert counts == (db.session.scalar(db.select(db.func.count(CuriousMark.id))),
                      db.session.scalar(db.select(db.func.count(BoothSignup.id))),
                      db.session.scalar(db.select(db.func.count(AreaBooth.id))))
    assert counts[0] >= 5 and counts[1] >= 3 and counts[2] == 15
    sisse = db.session.scalar(db.select(FairAttendee).join(FairAttendee.profile).where(
        FairAttendee.profile.has(first_name="Sisse")))
    assert sisse is not None
