"""A small planning world: three 4-week periods, companies with seats, staff, and young people with towns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from partnerhub.accounts.models import User
from partnerhub.companies.models import Company, CompanyNeed, NeedKind, PlanningPeriod
from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.reference.models import Town, TradeArea
from partnerhub.reference.service import load_reference
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import Readiness, Transport, TravelUnit, YouthProfile
from tests import factories

STAFF_MARKER = "HEMMELIG-STAFF-NOTE-7731"
FOCUS_MARKER = "FOKUS-MARKOER-4410"
LAST_NAME_MARKER = "Efternavnsen"


@dataclass
class World:
    staff: User
    periods: list[PlanningPeriod]
    companies: list[Company]
    hr: dict[int, User]
    youth: list[YouthProfile]
    towns: dict[str, Town]
    areas: dict[str, TradeArea]


def this_monday() -> dt.date:
    today = utcnow().date()
    return today - dt.timedelta(days=today.weekday())


def add_youth(world: World, name: str, town: str = "Hedensted", *, readiness: Readiness = Readiness.READY,
              areas: tuple[str, ...] = ("byggeri-haandvaerk",), accommodations: str | None = None) -> YouthProfile:
    profile = factories.YouthProfileFactory(
        first_name=name, last_name=LAST_NAME_MARKER, town=world.towns[town], transport=Transport.CAR,
        max_travel=40, max_travel_unit=TravelUnit.KM, interests="Jeg kan lide træ og at bygge ting",
        weekdays="1,2,3,4,5", accommodations=accommodations)
    profile.trade_areas = [world.areas[a] for a in areas]
    factories.StaffRecordFactory(profile=profile, readiness=readiness, notes=STAFF_MARKER, effort_focus=FOCUS_MARKER,
                                 consultant_id=world.staff.id)
    db.session.commit()
    world.youth.append(profile)
    return profile


@pytest.fixture
def world(app) -> World:  # noqa: ANN001
    load_reference()
    db.session.commit()
    towns = {t.name: t for t in db.session.scalars(db.select(Town))}
    areas = {a.key: a for a in db.session.scalars(db.select(TradeArea))}
    start = this_monday()
    periods = [factories.PeriodFactory(name=f"P{n + 1}", starts_on=start + dt.timedelta(weeks=4 * n),
                                       ends_on=start + dt.timedelta(weeks=4 * n, days=25)) for n in range(3)]
    staff = factories.UserFactory(role=Role.STAFF, name="Mette Medarbejder")
    companies, hr = [], {}
    for n, town in enumerate(["Hedensted", "Juelsminde", "Tørring"]):
        company = factories.CompanyFactory(
            name=f"Firma {n + 1}", town=towns[town], employees=20, address=f"Vej {n + 1}",
            tasks_description="Du bygger og saver træ", contact_name=f"Kontakt {n + 1}", contact_phone="75 00 00 00",
            needs=[CompanyNeed(kind=NeedKind.QUIET_WORKPLACE)] if n == 0 else [])
        company.trade_areas = [areas["byggeri-haandvaerk"]]
        for period in periods:
            factories.CapacityFactory(company=company, period=period, seats=1)
        companies.append(company)
        hr[company.id] = factories.UserFactory(role=Role.COMPANY, company=company)
    db.session.commit()
    return World(staff=staff, periods=periods, companies=companies, hr=hr, youth=[], towns=towns, areas=areas)


@pytest.fixture
def planning_on_monday(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """Today is the world's first Monday for the round rules, so a round over the world's periods is not refused as
    starting in the past (the world's periods start this week's Monday, which is yesterday on a Tuesday)."""
    from partnerhub.planning.services import rounds

    monday = this_monday()
    monkeypatch.setattr(rounds, "today", lambda: monday)
    return monday
