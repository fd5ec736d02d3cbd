"""A municipality-scale-plus data set for the web benchmark: written in bulk, because 12,000 ORM objects one by
one would make the benchmark's set-up slower than the benchmark."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from werkzeug.security import generate_password_hash

from partnerhub.accounts.models import User
from partnerhub.companies.models import (
    Company,
    CompanyCapacity,
    CompanyNeed,
    CompanyStatus,
    NeedKind,
    PlanningPeriod,
    company_trade_areas,
)
from partnerhub.demo import data
from partnerhub.extensions import db
from partnerhub.guardians.models import Guardian
from partnerhub.guardians.service import is_minor
from partnerhub.permissions import Role
from partnerhub.reference.models import Town, TradeArea
from partnerhub.reference.service import load_reference
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import Readiness, Transport, TravelUnit, YouthProfile, YouthStaffRecord, youth_trade_areas

BENCH_PASSWORD = "bench-partnerhub-2026"  # noqa: S105 - a throwaway benchmark database
BENCH_SEED = 4242
WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


@dataclass(frozen=True)
class ScaleReport:
    youth: int
    companies: int
    staff: int
    rounds: int
    approved: int


def bench_email(kind: str, number: int) -> str:
    return f"bench-{kind}-{number:05d}@partnerhub.invalid"


def _cvr(number: int) -> str:
    base = 6_000_000 + number
    while True:
        for check in range(10):
            candidate = f"{base}{check}"
            if sum(int(d) * w for d, w in zip(candidate, WEIGHTS, strict=True)) % 11 == 0:
                return candidate
        base += 1_000_000


def _insert(model_or_table, rows: list[dict], chunk: int = 2000) -> None:
    table = getattr(model_or_table, "__table__", model_or_table)
    for start in range(0, len(rows), chunk):
        db.session.execute(table.insert(), rows[start:start + chunk])


def _periods(count: int) -> list[PlanningPeriod]:
    today = utcnow().date()
    monday = today - timedelta(days=today.weekday()) - timedelta(weeks=4 * (count - 3))
    periods = [PlanningPeriod(name=f"Benchperiode {n + 1}", starts_on=monday + timedelta(weeks=4 * n),
                              ends_on=monday + timedelta(weeks=4 * n, days=25)) for n in range(count)]
    db.session.add_all(periods)
    db.session.flush()
    return periods


def generate(youth_count: int, company_count: int, rounds: int, password_method: str,
             progress: Callable[[str], None] = print) -> ScaleReport:
    """Builds the data set into an empty database; the planning rounds run the real matcher and approve through
    the real service, so the history has the shape production would have."""
    rng = random.Random(BENCH_SEED)
    load_reference()
    towns = list(db.session.scalars(db.select(Town).order_by(Town.id)))
    areas = list(db.session.scalars(db.select(TradeArea).order_by(TradeArea.id)))
    password_hash = generate_password_hash(BENCH_PASSWORD, method=password_method)
    now = utcnow()
    staff_count = 20
    _insert(User, [{"email": bench_email("staff", n), "name": f"Medarbejder {n}", "role": Role.STAFF.value,
                    "password_hash": password_hash, "active": True, "session_generation": 0, "created_at": now}
                   for n in range(staff_count)])
    progress(f"{staff_count} staff")

    periods = _periods(3 * rounds)
    need_shares = ((NeedKind.MENTOR, 0.5), (NeedKind.PHYSICAL_ACCESS, 0.3), (NeedKind.QUIET_WORKPLACE, 0.3),
                   (NeedKind.FLEXIBLE_HOURS, 0.4))
    companies: list[dict] = []
    needs: list[list[NeedKind]] = []
    for n in range(company_count):
        row = {
            "name": f"{rng.choice(data.COMPANIES)[0].split(' ')[0]} Benchvirksomhed {n} ApS", "cvr": _cvr(n),
            "status": CompanyStatus.APPROVED.value, "status_changed_at": now, "created_at": now,
            "town_id": rng.choice(towns).id, "employees": rng.randint(2, 120), "address": f"Industrivej {n % 90 + 1}",
            "tasks_description": rng.choice(data.COMPANIES)[4], "task_tags": rng.choice(data.COMPANIES)[5],
            "offers_teaching": rng.random() < 0.3,
        }
        needs.append([kind for kind, share in need_shares if rng.random() < share])  # drawn as the booleans were
        row["open_to_sharing"] = rng.random() < 0.5
        companies.append(row)
    _insert(Company, companies)
    company_ids = list(db.session.scalars(db.select(Company.id).order_by(Company.id)))
    _insert(CompanyNeed, [{"company_id": cid, "kind": kind.value}
                          for cid, kinds in zip(company_ids, needs, strict=True) for kind in kinds])
    _insert(company_trade_areas, [{"company_id": cid, "trade_area_id": area.id}
                                  for cid in company_ids for area in rng.sample(areas, rng.randint(1, 2))])
    _insert(User, [{"email": bench_email("hr", n), "name": f"HR {n}", "role": Role.COMPANY.value,
                    "password_hash": password_hash, "active": True, "session_generation": 0, "created_at": now,
                    "company_id": cid} for n, cid in enumerate(company_ids)])
    _insert(CompanyCapacity, [{"company_id": cid, "period_id": period.id, "seats": rng.randint(1, 3),
                               "weekdays": "1,2,3,4,5", "hours_from": "08:00", "hours_to": "15:00", "updated_at": now}
                              for cid in company_ids for period in periods])
    progress(f"{company_count} companies with capacity in {len(periods)} periods")

    _insert(User, [{"email": bench_email("ung", n), "name": rng.choice(data.FIRST_NAMES), "role": Role.YOUTH.value,
                    "password_hash": password_hash, "active": True, "session_generation": 0, "created_at": now}
                   for n in range(youth_count)])
    youth_users = list(db.session.execute(
        db.select(User.id, User.name).where(User.role == Role.YOUTH).order_by(User.id)))
    transports = list(Transport)
    profiles = []
    for user_id, first_name in youth_users:
        area = rng.choice(areas)
        profiles.append({
            "user_id": user_id, "first_name": first_name, "last_name": rng.choice(data.LAST_NAMES),
            "birth_year": now.year - rng.randint(16, 28), "created_at": now, "town_id": rng.choice(towns).id,
            "transport": rng.choice(transports).value, "max_travel": rng.choice([10, 15, 20, 30]),
            "max_travel_unit": TravelUnit.KM.value, "weekdays": "1,2,3,4,5",
            "interests": rng.choice(data.INTERESTS.get(area.key, ["Jeg vil gerne prøve noget nyt."])),
            "needs_adjustments": rng.random() < 0.1, "share_accommodation_details": False,
            "profile_updated_at": now, "_area": area.id,
        })
    _insert(YouthProfile, [{k: v for k, v in row.items() if k != "_area"} for row in profiles])
    profile_ids = list(db.session.scalars(db.select(YouthProfile.id).order_by(YouthProfile.id)))
    _insert(youth_trade_areas, [{"profile_id": pid, "trade_area_id": row["_area"]}
                                for pid, row in zip(profile_ids, profiles, strict=True)])
    # An under-18 has a guardian on record, as the profile form requires (no draw: the seed's sequence is kept).
    _insert(Guardian, [{"youth_profile_id": pid, "name": f"Forælder til {row['first_name']}",
                        "email": f"voksen-{pid:05d}@example.dk", "phone": "20 12 34 56", "created_at": now}
                       for pid, row in zip(profile_ids, profiles, strict=True) if is_minor(row["birth_year"], None)])
    readiness = list(Readiness)
    staff_ids = list(db.session.scalars(db.select(User.id).where(User.role == Role.STAFF)))
    _insert(YouthStaffRecord, [{"profile_id": pid, "readiness": rng.choice(readiness).value, "updated_at": now,
                                "consultant_id": rng.choice(staff_ids), "notes": "Benchmark-note."}
                               for pid in profile_ids])
    db.session.commit()
    progress(f"{youth_count} young people")

    approved = _history(rounds, periods, staff_ids[0], progress)
    return ScaleReport(youth=youth_count, companies=company_count, staff=staff_count, rounds=rounds,
                       approved=approved)


def _history(rounds: int, periods: list[PlanningPeriod], staff_id: int, progress: Callable[[str], None]) -> int:
    """Each round: the matcher proposes for everyone in it, staff approve a share, the rest stays proposed."""
    from partnerhub.planning.models import RoundParticipant
    from partnerhub.planning.services import proposals as planning_proposals
    from partnerhub.planning.services import rounds as planning_rounds
    from partnerhub.planning.services.common import PlanningError

    staff = db.session.get_one(User, staff_id)
    all_profiles = list(db.session.scalars(db.select(YouthProfile.id).order_by(YouthProfile.id)))
    approved_total = 0
    for number in range(rounds):
        first = periods[3 * number]
        round_ = planning_rounds.create_round(staff, name=f"Benchrunde {number + 1}", starts_on=first.starts_on,
                                              period_count=3, period_weeks=4, rotation_k=3, history=True)
        share = all_profiles[number::rounds]
        db.session.execute(db.delete(RoundParticipant).where(RoundParticipant.round_id == round_.id))
        _insert(RoundParticipant, [{"round_id": round_.id, "youth_profile_id": pid} for pid in share])
        db.session.commit()
        db.session.expire(round_)
        planning_rounds.run_round(staff, round_)
        db.session.commit()
        proposals = [p for p in round_.proposals if p.is_open]
        approved = 0
        for proposal in proposals[: len(proposals) // 3]:
            try:
                planning_proposals.approve(staff, proposal)
                approved += 1
            except PlanningError:
                db.session.rollback()
                continue
            if approved % 200 == 0:
                db.session.commit()
        db.session.commit()
        approved_total += approved
        progress(f"round {number + 1}: {len(share)} young people, {len(proposals)} proposals, {approved} approved")
    return approved_total
