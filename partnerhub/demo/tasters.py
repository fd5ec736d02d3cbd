"""Demo taster slots: three companies with HR logins offer slots in every coming praktik week of the demo
school's classes (partnerhub/demo/schools.py makes them), so pupils can rank and a coordinator can allocate.
Idempotent: a slot with the same company, title and first day is never made twice."""

from __future__ import annotations

from datetime import timedelta

from partnerhub.companies.models import Company, MinorWork
from partnerhub.demo.service import DEMO_COMPANY, DEMO_EXTRA_HR_COMPANIES
from partnerhub.extensions import db
from partnerhub.schools.models import PraktikWeek
from partnerhub.tasters.models import TasterSlot
from partnerhub.timeutil import utcnow

# (company name, title, places, min age, hours, tasks, bring)
DEMO_SLOTS = (
    (DEMO_COMPANY["name"], "En uge som tømrer", 3, 14, ("07:30", "13:30"),
     "Måle op, save og samle en fuglekasse; være med på værkstedet og ude hos en kunde.",
     "Sikkerhedssko (kan lånes), arbejdstøj og madpakke"),
    (DEMO_EXTRA_HR_COMPANIES[0], "Prøv en uge i ældreplejen", 2, 13, ("08:00", "13:00"),
     "Gå ture og spille spil med beboerne, hjælpe i køkkenet og dække bord.", "Madpakke og indesko"),
    (DEMO_EXTRA_HR_COMPANIES[1], "En uge i supermarkedet", 4, 13, ("09:00", "14:00"),
     "Fylde varer på hylderne, tjekke datoer og hjælpe kunder med at finde varer.", "Madpakke"),
)
CONTACTS = {DEMO_COMPANY["name"]: ("Henrik Hansen", "75 12 34 56"),
            DEMO_EXTRA_HR_COMPANIES[0]: ("Pia Poulsen", "76 11 22 33"),
            DEMO_EXTRA_HR_COMPANIES[1]: ("Bo Bech", "75 66 77 88")}


def seed_tasters() -> int:
    """Slots in each coming praktik week; returns how many were made now."""
    today = utcnow().date()
    mondays = sorted({week.starts_on for week in db.session.scalars(db.select(PraktikWeek))
                      if week.ends_on >= today})
    made = 0
    for name, title, places, min_age, hours, tasks, bring in DEMO_SLOTS:
        company = db.session.scalar(db.select(Company).where(Company.name == name))
        if company is None:
            continue
        if company.minor_work is None:
            company.minor_work = MinorWork.LIGHT
        for monday in mondays:
            exists = db.session.scalar(db.select(TasterSlot.id).where(
                TasterSlot.company_id == company.id, TasterSlot.title == title, TasterSlot.starts_on == monday))
            if exists is not None:
                continue
            contact_name, contact_phone = CONTACTS[name]
            db.session.add(TasterSlot(
                company_id=company.id, title=title, starts_on=monday, ends_on=monday + timedelta(days=4),
                weekdays="1,2,3,4,5", places=places, hours_from=hours[0], hours_to=hours[1], min_age=min_age,
                tasks=tasks, bring=bring, contact_name=contact_name, contact_phone=contact_phone,
                risk_assessed=True, tasks_suit_age=True, insurance_understood=True))
            made += 1
    db.session.flush()
    return made
