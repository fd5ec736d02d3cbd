"""A company offers taster slots: the young-worker rules at the slot's minimum age, the safety points, and the
fair booth's "Prøv en dag / en uge"."""

from __future__ import annotations

import pytest

from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.tasters.models import TasterSlot
from tests import factories
from tests.tasters.helpers import monday, slot_for, week_for

pytestmark = pytest.mark.usefixtures("app")


def _form(**overrides: str) -> dict:
    start = monday()
    data = {"title": "En uge som tømrer", "starts_on": start.isoformat(),
            "ends_on": (start.replace(day=start.day) + __import__("datetime").timedelta(days=4)).isoformat(),
            "weekdays": ["1", "2", "3", "4", "5"], "places": "2", "hours_from": "08:00", "hours_to": "14:00",
            "min_age": "14", "tasks": "Måle op og save", "bring": "Sikkerhedssko", "contact_name": "Mester Jensen",
            "contact_phone": "75 12 34 56", "risk_assessed": "y", "tasks_suit_age": "y",
            "insurance_understood": "y"}
    data.update(overrides)
    return data


def _slots() -> list[TasterSlot]:
    return list(db.session.scalars(db.select(TasterSlot)))


def test_a_company_offers_a_slot(client, login_as) -> None:
    user = login_as(Role.COMPANY)
    response = client.post("/virksomhed/erhvervspraktik/ny", data=_form())
    assert response.status_code == 302, response.get_data(as_text=True)
    [slot] = _slots()
    assert (slot.company_id, slot.places, slot.min_age, slot.hours_from, slot.hours_to) == (
        user.company_id, 2, 14, "08:00", "14:00")
    assert slot.risk_assessed and slot.tasks_suit_age and slot.insurance_understood
    page = client.get("/virksomhed/erhvervspraktik").get_data(as_text=True)
    assert "En uge som tømrer" in page


def test_an_evening_slot_for_a_sixteen_year_old_is_refused_in_danish(client, login_as) -> None:
    login_as(Role.COMPANY)
    response = client.post("/virksomhed/erhvervspraktik/ny", data=_form(min_age="16", hours_from="15:00",
                                                                         hours_to="21:00"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Elever under 18 må ikke arbejde mellem kl. 20 og kl. 06" in page
    assert 'value="21:00"' in page  # what was typed stays
    assert _slots() == []


def test_the_refusal_is_in_english_too(client, login_as) -> None:
    login_as(Role.COMPANY)
    client.post("/sprog", data={"lang": "en", "next": "/"})
    response = client.post("/virksomhed/erhvervspraktik/ny", data=_form(min_age="16", hours_from="15:00",
                                                                         hours_to="21:00"))
    assert response.status_code == 422
    assert "Pupils under 18 may not work between 20 and 06" in response.get_data(as_text=True)


def test_more_than_eight_hours_a_day_is_refused(client, login_as) -> None:
    login_as(Role.COMPANY)
    response = client.post("/virksomhed/erhvervspraktik/ny", data=_form(hours_from="07:00", hours_to="16:00"))
    assert response.status_code == 422
    assert "må højst arbejde 8 timer om dagen" in response.get_data(as_text=True)
    assert _slots() == []


def test_the_safety_points_must_be_confirmed(client, login_as) -> None:
    login_as(Role.COMPANY)
    data = _form()
    del data["insurance_understood"]
    response = client.post("/virksomhed/erhvervspraktik/ny", data=data)
    assert response.status_code == 422
    assert "Bekræft alle tre punkter om sikkerhed og forsikring" in response.get_data(as_text=True)
    assert _slots() == []


def test_bad_input_rerenders_with_danish_messages(client, login_as) -> None:
    login_as(Role.COMPANY)
    response = client.post("/virksomhed/erhvervspraktik/ny", data=_form(places="mange", starts_on="i morgen",
                                                                         min_age="99", hours_to="25:00"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Skriv antallet som et helt tal" in page and "Vælg en alder fra listen" in page


def test_another_companys_slot_is_not_found(client, login_as) -> None:
    slot = slot_for(factories.CompanyFactory())
    login_as(Role.COMPANY)
    assert client.get(f"/virksomhed/erhvervspraktik/{slot.id}").status_code == 404
    assert client.post(f"/virksomhed/erhvervspraktik/{slot.id}/traek-tilbage").status_code == 404


def test_the_booth_shows_try_a_day_and_a_pupil_sees_only_their_week(client, login_as) -> None:
    company = factories.CompanyFactory()
    pupil = factories.PupilFactory()
    week = week_for(pupil.school_class, monday(3))
    in_week = slot_for(company, monday(3), title="Forløb i elevens uge")
    slot_for(company, monday(6), title="Forløb en anden uge")
    page = client.get(f"/messe/virksomhed/{company.id}").get_data(as_text=True)
    assert "Prøv en dag / en uge" in page
    assert "Forløb i elevens uge" in page and "Forløb en anden uge" in page
    login_as(Role.PUPIL, pupil=pupil)
    page = client.get(f"/messe/virksomhed/{company.id}").get_data(as_text=True)
    assert "Forløb i elevens uge" in page and "Forløb en anden uge" not in page
    assert f"/erhvervspraktik/elev/{pupil.id}/uge/{week.id}" in page
    assert in_week.is_open
