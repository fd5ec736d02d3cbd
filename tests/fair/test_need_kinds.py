"""Issue 14: the kinds of need a company can meet are named, edited on the company profile, shown to young people
as filters at the fair, and still reach the matcher as its one yes/no."""

from __future__ import annotations

import re

from partnerhub.companies.models import Company, CompanyNeed, NeedKind
from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.planning.engine_adapter import engine_company
from partnerhub.reference.models import TradeArea
from partnerhub.reference.service import load_reference
from tests import factories

DANISH = ["Roligt arbejdsmiljø", "Fleksible timer", "Fysisk tilgængelig (fx for kørestol)",
          "En mentor på arbejdspladsen"]
ENGLISH = ["Quiet workplace", "Flexible hours", "Physical access (e.g. for a wheelchair)", "A mentor at work"]


def names(response) -> list[str]:
    return re.findall(r'<h3><a href="/messe/virksomhed/\d+">([^<]+)</a></h3>', response.get_data(as_text=True))


def checked(page: str) -> list[str]:
    """The kinds of need whose box is ticked."""
    return re.findall(r'<input checked[^>]*name="(?:behov|need_kinds)"[^>]*value="([a-z_]+)"', page)


def _companies() -> dict[str, Company]:
    load_reference()
    area = db.session.scalars(db.select(TradeArea)).first()
    made = {
        "quiet": factories.CompanyFactory(name="Stille Værksted", trade_areas=[area],
                                          needs=[CompanyNeed(kind=NeedKind.QUIET_WORKPLACE)]),
        "both": factories.CompanyFactory(name="Rolig Mentor ApS", trade_areas=[area],
                                         needs=[CompanyNeed(kind=NeedKind.QUIET_WORKPLACE),
                                                CompanyNeed(kind=NeedKind.MENTOR)]),
        "none": factories.CompanyFactory(name="Travl Butik", trade_areas=[area]),
    }
    db.session.commit()
    return made


def test_the_hall_names_each_kind_as_a_visible_filter_in_both_languages(client, login_as) -> None:
    login_as(Role.YOUTH)
    page = client.get("/messe").get_data(as_text=True)
    search_form = page.split('role="search"')[1].split("</form>")[0]
    visible = search_form.split("<details")[0]  # not folded away under "Filtre"
    for kind, label in zip(NeedKind, DANISH, strict=True):
        assert f'name="behov" type="checkbox" value="{kind.value}"' in visible and label in visible
    assert "Det har jeg brug for" in visible
    client.post("/sprog", data={"lang": "en"})
    visible = client.get("/messe").get_data(as_text=True).split('role="search"')[1].split("<details")[0]
    assert all(label in visible for label in ENGLISH) and not any(label in visible for label in DANISH)


def test_the_fair_finds_companies_that_meet_every_kind_ticked(client) -> None:
    _companies()
    assert sorted(names(client.get("/messe?behov=quiet_workplace"))) == ["Rolig Mentor ApS", "Stille Værksted"]
    assert names(client.get("/messe?behov=quiet_workplace&behov=mentor")) == ["Rolig Mentor ApS"]
    assert names(client.get("/messe?behov=physical_access")) == []
    page = client.get("/messe?behov=mentor").get_data(as_text=True)
    assert checked(page) == ["mentor"]  # the box shows what applies
    assert "Kan give dig: Roligt arbejdsmiljø, En mentor på arbejdspladsen" in page
    ignored = client.get("/messe?behov=y&q=butik")  # an old link's on/off value filters nothing and breaks nothing
    assert ignored.status_code == 200 and names(ignored) == ["Travl Butik"]


def test_the_booth_lists_the_kinds_the_company_meets(client) -> None:
    made = _companies()
    page = client.get(f"/messe/virksomhed/{made['both'].id}").get_data(as_text=True)
    flags = page.split('class="flag-list"')[1].split("</ul>")[0]
    assert "Roligt arbejdsmiljø" in flags and "En mentor på arbejdspladsen" in flags and "Fleksible timer" not in flags


def test_hr_edits_the_kinds_on_the_profile(client, login_as) -> None:
    load_reference()
    user = login_as(Role.COMPANY)
    form = client.get("/virksomhed/profil").get_data(as_text=True)
    assert all(label in form for label in DANISH)
    area = next(area for area in db.session.scalars(db.select(TradeArea)) if area.active)
    data = {"name": "Smedjen", "cvr": user.company.cvr, "address": "Vej 1", "town": "", "postcode": "8783",
            "employees": "12", "contact_name": "Lise", "contact_phone": "75 55 55 55", "contact_email": "",
            "trade_areas": [str(area.id)], "tasks_description": "Du hjælper på værkstedet.",
            "need_kinds": ["flexible_hours", "physical_access"]}
    assert client.post("/virksomhed/profil", data=data).status_code == 302
    db.session.refresh(user.company)
    assert user.company.need_kinds == [NeedKind.FLEXIBLE_HOURS, NeedKind.PHYSICAL_ACCESS]
    page = client.get("/virksomhed/profil").get_data(as_text=True)
    assert checked(page) == ["flexible_hours", "physical_access"]
    data["need_kinds"] = ["flexible_hours"]
    client.post("/virksomhed/profil", data=data)
    db.session.refresh(user.company)
    assert user.company.need_kinds == [NeedKind.FLEXIBLE_HOURS]
    refused = client.post("/virksomhed/profil", data={**data, "need_kinds": ["flexible_hours", "hemmelig"],
                                                      "task_tags": "svejsning"})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "Vælg det, I kan tilbyde, fra listen." in page and 'value="svejsning"' in page
    db.session.refresh(user.company)
    assert user.company.need_kinds == [NeedKind.FLEXIBLE_HOURS]


def test_the_matcher_still_gets_its_yes_or_no(app) -> None:
    made = _companies()
    assert engine_company(made["quiet"], (1,)).suits_special_needs is True
    assert engine_company(made["none"], (1,)).suits_special_needs is False
    assert set(db.session.scalars(db.select(Company.name).where(Company.suits_special_needs))) == {
        "Stille Værksted", "Rolig Mentor ApS"}
