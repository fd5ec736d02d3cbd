"""Idempotent demo data: running it twice changes nothing, so `make run` can always call it."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from partnerhub.accounts.models import User
from partnerhub.accounts.service import create_user, find_user_by_email
from partnerhub.companies.models import (
    Company,
    CompanyCapacity,
    CompanyNeed,
    CompanyStatus,
    InternshipPost,
    MinorWork,
    NeedKind,
    PlanningPeriod,
)
from partnerhub.demo import data
from partnerhub.demo.schools import seed_schools
from partnerhub.extensions import db
from partnerhub.forms import is_valid_cvr
from partnerhub.guardians.models import Guardian
from partnerhub.permissions import Role
from partnerhub.reference.models import PartnerNetwork, Town, TradeArea
from partnerhub.reference.service import load_reference
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import Readiness, Transport, TravelUnit, YouthProfile, YouthStaffRecord

DEMO_PASSWORD = "demo-partnerhub-2026"  # noqa: S105 - printed on purpose; refused in production config
DEMO_SEED = 2026
DEMO_YOUTH_COUNT = 150


@dataclass(frozen=True)
class DemoLogin:
    role: Role
    email: str
    name: str


DEMO_LOGINS = (
    DemoLogin(Role.ADMIN, "admin@demo.partnerhub.dk", "Anne Admin"),
    DemoLogin(Role.STAFF, "medarbejder@demo.partnerhub.dk", "Mette Ungeenheden"),
    DemoLogin(Role.COMPANY, "hr@demo.partnerhub.dk", "Henrik Hansen"),
    DemoLogin(Role.YOUTH, "ung@demo.partnerhub.dk", "Sisse"),
    DemoLogin(Role.MANAGEMENT, "ledelse@demo.partnerhub.dk", "Lars Ledelse"),
    DemoLogin(Role.COORDINATOR, "vejleder@demo.partnerhub.dk", "Karin Vejleder"),
    DemoLogin(Role.PUPIL, "elev@demo.partnerhub.dk", "Freja Lund"),
)
DEMO_COMPANY = {"name": "Juelsminde Tømrer & Snedker ApS", "cvr": "31415926"}
# More HR logins, so a whole shared rotation (three companies) can be answered in the demo.
DEMO_EXTRA_HR = (
    DemoLogin(Role.COMPANY, "hr-pleje@demo.partnerhub.dk", "Pia Poulsen"),
    DemoLogin(Role.COMPANY, "hr-butik@demo.partnerhub.dk", "Bo Bech"),
)
DEMO_EXTRA_HR_COMPANIES = ("Daugård Plejecenter", "SuperKøb Rask Mølle")
DEMO_ROUND_NAME = "Demo: forårsrunde"
HISTORY_PREFIX = "Demo-historik"
HISTORY_ROUND_NAME = "Demo-historik: sidste års runde"
# (company name, index of the young person among the history's young people), per past period.
HISTORY_SIZE = 14
# Dennis is already in a shared rotation in the demo round: a car workshop near home, then the logistics centre.
DEMO_ROTATION = ("dennis@demo.partnerhub.dk", ("Tørring Auto & Dæk", "Hedensted Logistikcenter A/S"))
# The Copenhagen strategy's personas (Sisse, Dennis, Maria), moved to Hedensted; the rest are drawn by the seed.
PERSONAS = (
    ("ung@demo.partnerhub.dk", "Sisse", 23, "Hedensted", Readiness.READY, "FVU-opkvalificering i dansk og matematik",
     "Jeg kan godt lide at hjælpe andre og vil gerne prøve at arbejde med ældre eller i en butik.",
     ["omsorg-sundhed", "butik-handel"], None),
    ("dennis@demo.partnerhub.dk", "Dennis", 19, "Tørring", Readiness.ACTIVITY_READY,
     "Stabiliserende indsats og struktur i hverdagen", "Jeg kan lide at skrue på knallerter og være for mig selv.",
     ["biler-transport"], "Jeg har brug for et roligt sted og at starte med korte dage."),
    ("maria@demo.partnerhub.dk", "Maria", 20, "Juelsminde", Readiness.ACTIVITY_READY, "Afklaring til fleksjob",
     "Jeg kan godt lide dyr og at have faste opgaver.", ["dyr-natur"],
     "Jeg har brug for, at opgaverne bliver vist, ikke kun forklaret."),
)


def _demo_company() -> Company:
    company = db.session.scalar(db.select(Company).where(Company.cvr == DEMO_COMPANY["cvr"]))
    if company is None:
        company = Company(name=DEMO_COMPANY["name"], cvr=DEMO_COMPANY["cvr"], status=CompanyStatus.APPROVED,
                          status_changed_at=utcnow())
        db.session.add(company)
        db.session.flush()
    return company


def _ensure_user(login: DemoLogin, company: Company) -> User:
    user = find_user_by_email(login.email)
    if user is not None:
        return user
    user = create_user(
        email=login.email, name=login.name, role=login.role, password=DEMO_PASSWORD,
        company_id=company.id if login.role is Role.COMPANY else None,
    )
    if login.role is Role.YOUTH:
        db.session.add(YouthProfile(user_id=user.id, first_name=login.name, birth_year=utcnow().year - 23))
    return user


def _cvr(rng: random.Random, taken: set[str]) -> str:
    """A fictional CVR number that passes the modulus-11 check."""
    while True:
        candidate = str(rng.randint(20_000_000, 49_999_999))
        if is_valid_cvr(candidate) and candidate not in taken:
            taken.add(candidate)
            return candidate


def _periods() -> list[PlanningPeriod]:
    existing = [period for period in db.session.scalars(db.select(PlanningPeriod).order_by(PlanningPeriod.starts_on))
                if not period.name.startswith(HISTORY_PREFIX)]
    if existing:
        return existing
    today = utcnow().date()
    monday = today + timedelta(days=(7 - today.weekday()) % 7 or 7)
    periods = []
    for n in range(3):
        start = monday + timedelta(weeks=4 * n)
        periods.append(PlanningPeriod(name=f"Runde 1, periode {n + 1}", starts_on=start,
                                      ends_on=start + timedelta(days=25)))
    db.session.add_all(periods)
    db.session.flush()
    return periods


def _companies(rng: random.Random, towns: dict[str, Town], areas: dict[str, TradeArea],
               periods: list[PlanningPeriod], networks: list[PartnerNetwork], demo: Company) -> None:
    taken = set(db.session.scalars(db.select(Company.cvr)))
    existing = set(db.session.scalars(db.select(Company.name)))
    demo_area = areas["byggeri-haandvaerk"]
    if demo.profile_updated_at is None:
        demo.town, demo.employees, demo.trade_areas = towns["Juelsminde"], 12, [demo_area]
        demo.address, demo.contact_name, demo.contact_phone = "Havnevej 4", "Henrik Hansen", "75 00 12 34"
        demo.tasks_description = ("Du er med på værkstedet og ude hos kunder: skærer træ til, monterer køkkener og "
                                  "hjælper med at lægge gulve.")
        demo.task_tags = "træ, køkkener, gulve"
        demo.set_need_kinds([NeedKind.MENTOR, NeedKind.FLEXIBLE_HOURS])
        demo.minor_work, demo.minor_tasks_ok = MinorWork.YOUTH, "Bære værktøj, måle op, slibe og male"
        demo.minor_tasks_not = "Sav, høvl og arbejde på stillads"
        demo.profile_updated_at = utcnow()
        demo.posts.append(InternshipPost(title="Snedkerhjælper", trade_area=demo_area, seats=2,
                                         description="Du hjælper med at bygge og montere køkkener.",
                                         period=periods[0]))
        for period in periods:
            demo.capacities.append(CompanyCapacity(period=period, seats=2, weekdays="1,2,3,4",
                                                   hours_from="07:00", hours_to="14:30"))
    for index, (name, town, keys, employees, tasks, tags) in enumerate(data.COMPANIES):
        seats = max(1, min(rng.randint(1, 4), employees // 5 or 1))
        if name in existing:
            continue
        pending = index % 13 == 12  # a few companies still wait for approval
        teaching = rng.random() < 0.3
        # Drawn in the order the demo always drew them, so the same seed gives the same companies.
        needs = [kind for kind, share in ((NeedKind.MENTOR, 0.6), (NeedKind.PHYSICAL_ACCESS, 0.4),
                                          (NeedKind.QUIET_WORKPLACE, 0.35), (NeedKind.FLEXIBLE_HOURS, 0.5))
                 if rng.random() < share]
        company = Company(
            name=name, cvr=_cvr(rng, taken), town=towns[town], employees=employees,
            status=CompanyStatus.PENDING if pending else CompanyStatus.APPROVED,
            status_changed_at=None if pending else utcnow(), address=f"{rng.choice(data.STREETS)} {rng.randint(1, 80)}",
            contact_name=f"{rng.choice(data.FIRST_NAMES)} {rng.choice(data.LAST_NAMES[:16])}",
            contact_phone=f"75 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            tasks_description=tasks, task_tags=tags, trade_areas=[areas[k] for k in keys],
            offers_teaching=teaching, needs=[CompanyNeed(kind=kind) for kind in needs],
            open_to_sharing=rng.random() < 0.6,
            networks=[n for n in networks if rng.random() < 0.25], profile_updated_at=utcnow(),
        )
        minor_work, tasks_ok, tasks_not = data.MINOR_WORK_BY_AREA[keys[0]]  # no draw: the same seed, same companies
        company.minor_work = MinorWork(minor_work)
        company.minor_tasks_ok, company.minor_tasks_not = tasks_ok or None, tasks_not or None
        db.session.add(company)
        for period in periods:
            company.capacities.append(CompanyCapacity(
                period=period, seats=seats, weekdays=rng.choice(["1,2,3,4,5", "1,2,3,4", "2,3,4", "1,3,5"]),
                hours_from=rng.choice(["07:00", "08:00", "09:00"]), hours_to=rng.choice(["14:00", "15:00", "15:30"])))
        company.posts.append(InternshipPost(
            title=tags.split(",")[0].strip().capitalize() + " – praktik", trade_area=areas[keys[0]],
            description=tasks, seats=seats, open_for_sharing=rng.random() < 0.7, period=rng.choice(periods)))
    db.session.flush()


def _youth(rng: random.Random, towns: dict[str, Town], areas: dict[str, TradeArea], staff: User) -> None:
    year = utcnow().year
    town_list = sorted(towns.values(), key=lambda t: t.name)
    weights = [t.population or 600 for t in town_list]
    readiness_cycle = [Readiness.OBVIOUSLY_READY] * 2 + [Readiness.READY] * 5 + [Readiness.ACTIVITY_READY] * 4
    # email, first and last name, age, town, readiness, effort focus, interests, trade area keys, accommodations
    seeded: list[tuple[str, str, str | None, int, Town, Readiness, str, str, list[str], str | None]] = []
    for email, first, age, town, readiness, focus, interests, keys, accommodations in data_personas():
        seeded.append((email, first, None, age, towns[town], readiness, focus, interests, keys, accommodations))
    for n in range(DEMO_YOUTH_COUNT - len(seeded)):
        keys = rng.sample(sorted(data.INTERESTS), k=rng.choice([1, 1, 2]))
        readiness = rng.choice(readiness_cycle)
        interests = " ".join(rng.choice(data.INTERESTS[k]) for k in keys)
        accommodations = rng.choice(data.ACCOMMODATIONS) if (
            readiness is Readiness.ACTIVITY_READY and rng.random() < 0.5) else None
        seeded.append((f"ung{n + 1:03d}@demo.partnerhub.dk", rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES),
                       rng.randint(16, 29), rng.choices(town_list, weights)[0], readiness,
                       rng.choice(data.EFFORT_FOCUS[readiness.value]), interests, keys, accommodations))
    existing = set(db.session.scalars(db.select(User.email).where(User.role == Role.YOUTH)))
    for email, first, last, age, town, readiness, focus, interests, keys, accommodations in seeded:
        transport = rng.choice(list(Transport))
        unit = TravelUnit.MINUTES if transport is Transport.PUBLIC else TravelUnit.KM
        travel = {Transport.WALK: 3, Transport.BIKE: 10, Transport.PUBLIC: 45, Transport.MOPED: 20,
                  Transport.CAR: 35}[transport]
        days = rng.choice(["1,2,3,4,5", "1,2,3,4,5", "1,2,3", "2,3,4", "1,2,4,5"])
        start = utcnow().date() + timedelta(days=rng.randint(0, 60))
        share = rng.random() < 0.4
        if email in existing:
            user = find_user_by_email(email)
            profile = user.youth_profile if user else None
            if profile is None or profile.profile_updated_at is not None:
                continue  # never overwrite what a demo user typed
        else:
            user = create_user(email=email, name=first, role=Role.YOUTH)
            profile = YouthProfile(user_id=user.id, first_name=first)
            db.session.add(profile)
        profile.last_name, profile.birth_year, profile.town = last, year - age, town
        profile.transport, profile.max_travel, profile.max_travel_unit = transport, travel, unit
        profile.interests, profile.weekdays, profile.earliest_start = interests, days, start
        profile.trade_areas = [areas[k] for k in keys]
        profile.accommodations, profile.share_accommodation_details = accommodations, bool(accommodations and share)
        profile.profile_updated_at = utcnow()
        db.session.flush()
        db.session.add(YouthStaffRecord(profile_id=profile.id, readiness=readiness, effort_focus=focus,
                                        consultant_id=staff.id, updated_by_id=staff.id))
        if age < 18 and profile.guardian is None:  # an under-18's guardian consents before a placement starts
            parent = data.FIRST_NAMES[profile.id % len(data.FIRST_NAMES)]  # no draw: the same seed, same people
            db.session.add(Guardian(youth_profile_id=profile.id, name=f"{parent} {last or ''}".strip(),
                                    email=f"voksen.{email}", phone=f"20 {10 + profile.id % 90} 12 34"))
    db.session.flush()


def data_personas() -> list[tuple]:
    return [(email, first, age, town, readiness, focus, interests, keys, acc)
            for email, first, age, town, readiness, focus, interests, keys, acc in PERSONAS]


def seed_demo() -> list[DemoLogin]:
    """Reference data, the 5 demo logins, ~40 companies and ~150 young people, always the same (fixed seed)."""
    load_reference()
    rng = random.Random(DEMO_SEED)
    company = _demo_company()
    users = {login.role: _ensure_user(login, company) for login in DEMO_LOGINS}
    towns = {t.name: t for t in db.session.scalars(db.select(Town))}
    areas = {a.key: a for a in db.session.scalars(db.select(TradeArea))}
    networks = list(db.session.scalars(db.select(PartnerNetwork).order_by(PartnerNetwork.key)))
    periods = _periods()
    _companies(rng, towns, areas, periods, networks, company)
    _youth(rng, towns, areas, users[Role.STAFF])
    _fair(areas, users)
    extra = _extra_hr_logins()
    _planning_round(users[Role.STAFF], periods)
    _results_history(users[Role.STAFF], company)
    seed_schools(users[Role.STAFF], users[Role.COORDINATOR], users[Role.PUPIL])
    from partnerhub.demo.tasters import seed_tasters  # after the schools' demo weeks; imports this module

    seed_tasters()
    return list(DEMO_LOGINS) + extra


DEMO_FAIR_NAME = "Uddannelsesmessen i Hedensted"
DEMO_PITCHES = {
    "Juelsminde Tømrer & Snedker ApS": "Vi er 12 glade tømrere og snedkere ved havnen i Juelsminde. Kom og prøv at "
                                       "bygge noget, du kan se, når dagen er slut – vi viser dig, hvordan.",
    "Daugård Plejecenter": "Hos os er der tid til en snak og en gåtur. Du behøver ikke kunne noget på forhånd – "
                           "beboerne glæder sig bare til at møde dig.",
    "Tørring Auto & Dæk": "Kan du lide biler og at skrue? Hos os får du olie på fingrene fra første dag.",
    "Juelsminde Havnekøkken": "Travlt, varmt og sjovt. Vi laver mad til gæster fra hele landet hver sommer.",
}
# (email, company name or trade-area key, want to try?, reflection)
DEMO_MARKS = (
    ("ung@demo.partnerhub.dk", "omsorg-sundhed", True, "Jeg kan godt lide at hjælpe og at snakke med ældre."),
    ("ung@demo.partnerhub.dk", "Daugård Plejecenter", False, "Gåturen i haven lød hyggelig."),
    ("ung@demo.partnerhub.dk", "butik-handel", False, None),
    ("dennis@demo.partnerhub.dk", "Tørring Auto & Dæk", True, "Jeg skruer selv på min knallert."),
    ("maria@demo.partnerhub.dk", "dyr-natur", True, "Dyr er rolige, og det kan jeg lide."),
    ("ung001@demo.partnerhub.dk", "mad-koekken", False, None),
    ("ung002@demo.partnerhub.dk", "byggeri-haandvaerk", True, None),
)


def _fair(areas: dict[str, TradeArea], users: dict[Role, User]) -> None:
    """Booth texts, a few booth pitches, one fair event in three weeks with signups, and some curious marks."""
    from partnerhub.fair.models import BoothSignup, CompanyBooth, CuriosityLevel, FairAttendee, FairEvent, SignupState
    from partnerhub.fair.services.area_booths import load_area_booths
    from partnerhub.fair.services.marks import mark_for, set_mark

    load_area_booths()
    companies = {c.name: c for c in db.session.scalars(db.select(Company))}
    for name, pitch in DEMO_PITCHES.items():
        company = companies.get(name)
        if company is not None and company.booth is None:
            company.booth = CompanyBooth(company_id=company.id, pitch=pitch, updated_at=utcnow())
    staff = users[Role.STAFF]
    if db.session.scalar(db.select(FairEvent).where(FairEvent.name == DEMO_FAIR_NAME)) is None:
        keys = ("omsorg-sundhed", "butik-handel", "mad-koekken", "dyr-natur", "byggeri-haandvaerk", "biler-transport")
        event = FairEvent(
            name=DEMO_FAIR_NAME, held_on=utcnow().date() + timedelta(days=21), time_text="kl. 10–14",
            place="Idrætscentret i Hedensted",
            quiet_hour="kl. 9–10: færre mennesker og ingen musik", created_by_id=staff.id,
            description="Mød virksomheder fra hele kommunen og prøv små opgaver ved standene. Det er gratis.",
            areas=[areas[k] for k in keys],
        )
        db.session.add(event)
        booths = (("Juelsminde Tømrer & Snedker ApS", "byggeri-haandvaerk", SignupState.CONFIRMED),
                  ("Daugård Plejecenter", "omsorg-sundhed", SignupState.CONFIRMED),
                  ("Tørring Auto & Dæk", "biler-transport", SignupState.CONFIRMED),
                  ("Juelsminde Havnekøkken", "mad-koekken", SignupState.PENDING))
        for name, key, state in booths:
            if name in companies:
                event.signups.append(BoothSignup(company_id=companies[name].id, booth_name=name,
                                                 trade_area_id=areas[key].id, staff_count=2, state=state,
                                                 needs="Strøm og et bord" if key == "mad-koekken" else None))
        db.session.flush()
        for login in ("ung@demo.partnerhub.dk", "dennis@demo.partnerhub.dk", "maria@demo.partnerhub.dk"):
            user = find_user_by_email(login)
            if user is not None and user.youth_profile is not None:
                event.attendees.append(FairAttendee(youth_profile_id=user.youth_profile.id,
                                                    registered_by_id=staff.id))
    for email, target, want, reflection in DEMO_MARKS:
        user = find_user_by_email(email)
        profile = user.youth_profile if user else None
        if profile is None:
            continue
        target_ids = ({"trade_area_id": areas[target].id} if target in areas
                      else {"company_id": companies[target].id} if target in companies else None)
        if target_ids is None or mark_for(profile, **target_ids) is not None:
            continue  # never overwrite what a demo user changed
        set_mark(None, profile, level=CuriosityLevel.WANT_TO_TRY if want else CuriosityLevel.CURIOUS,
                 reflection=reflection, **target_ids)


def _extra_hr_logins() -> list[DemoLogin]:
    logins = []
    for login, company_name in zip(DEMO_EXTRA_HR, DEMO_EXTRA_HR_COMPANIES, strict=True):
        company = db.session.scalar(db.select(Company).where(Company.name == company_name))
        if company is None:
            continue
        if find_user_by_email(login.email) is None:
            create_user(email=login.email, name=login.name, role=Role.COMPANY, password=DEMO_PASSWORD,
                        company_id=company.id)
        logins.append(login)
    return logins


def _planning_round(staff: User, periods: list[PlanningPeriod]) -> None:
    """A demo round over the demo periods, with one approved and accepted rotation; the rest is for staff to run."""
    from partnerhub.planning.models import PlacementStatus, PlanningRound, YouthAnswer
    from partnerhub.planning.services import placements, proposals, rounds
    from partnerhub.planning.services.common import PlanningError

    if db.session.scalar(db.select(PlanningRound.id).where(PlanningRound.name == DEMO_ROUND_NAME)) is not None:
        return
    first = periods[0]
    weeks = ((first.ends_on - first.starts_on).days + 3) // 7
    if first.starts_on.weekday() != 0 or len(periods) < 2 or weeks < 1:
        return  # periods someone changed by hand: leave planning to staff
    round_ = rounds.create_round(staff, name=DEMO_ROUND_NAME, starts_on=first.starts_on,
                                 period_count=min(3, len(periods)), period_weeks=weeks, rotation_k=3)
    email, company_names = DEMO_ROTATION
    user = find_user_by_email(email)
    chosen = [db.session.scalar(db.select(Company).where(Company.name == name)) for name in company_names]
    if user is None or user.youth_profile is None or None in chosen:
        return
    wanted = {rp.period_id: company.id for rp, company in zip(round_.periods, chosen, strict=False)}
    try:
        proposal, _check = proposals.manual_proposal(staff, round_, user.youth_profile, wanted)
        proposals.approve(staff, proposal)
    except PlanningError:
        return  # no seat left in an old demo database: the round is still there to run
    for placement in proposal.placements:
        placements.transition_placement(staff, placement, PlacementStatus.ACCEPTED)
    proposals.youth_answer(user, proposal, YouthAnswer.ACCEPTED)
    db.session.flush()


def _results_history(staff: User, demo_company: Company) -> None:
    """A closed round from last year with outcomes and a commitment, so the results pages have something to show.

    Written straight to the tables, not through the planning service: these placements are history, so no offer
    mails, seats or follow-up tasks should come of them.
    """
    from partnerhub.planning.models import (
        Outcome,
        OutcomeKind,
        Placement,
        PlacementStatus,
        PlanningRound,
        Proposal,
        ProposalItem,
        ProposalStatus,
        RoundParticipant,
        RoundPeriod,
        RoundStatus,
    )
    from partnerhub.reporting.models import Commitment, CommitmentKind
    from partnerhub.reporting.services.cost_figures import seed_cost_figures

    seed_cost_figures()
    if db.session.scalar(db.select(PlanningRound.id).where(PlanningRound.name == HISTORY_ROUND_NAME)) is not None:
        return
    persona_emails = {persona[0] for persona in PERSONAS}
    profiles = [p for p in db.session.scalars(db.select(YouthProfile).join(User, User.id == YouthProfile.user_id)
                                              .order_by(YouthProfile.id))
                if p.user.email not in persona_emails][:HISTORY_SIZE]
    partners = list(db.session.scalars(db.select(Company).where(Company.id != demo_company.id,
                                                                  Company.status == CompanyStatus.APPROVED)
                                       .order_by(Company.id).limit(4)))
    if len(profiles) < HISTORY_SIZE or len(partners) < 4:
        return
    today = utcnow().date()
    first = today - timedelta(days=today.weekday()) - timedelta(weeks=44)
    periods = []
    for n in range(2):
        start = first + timedelta(weeks=4 * n)
        period = PlanningPeriod(name=f"{HISTORY_PREFIX} {n + 1}", starts_on=start, ends_on=start + timedelta(days=25))
        db.session.add(period)
        periods.append(period)
    round_ = PlanningRound(name=HISTORY_ROUND_NAME, starts_on=first, period_count=2, period_weeks=4, rotation_k=2,
                           status=RoundStatus.CLOSED, created_by_id=staff.id)
    db.session.add(round_)
    db.session.flush()
    # Half of them rotate: the demo company first (its page passes the at-least-5 rule), then a partner.
    hosts_of = [[demo_company if index < 8 else partners[index % 4]] + ([partners[(index // 2) % 4]]
                                                                        if index % 2 == 0 else [])
                for index in range(len(profiles))]
    for position, period in enumerate(periods):
        round_.periods.append(RoundPeriod(period_id=period.id, position=position))
        for company in (demo_company, *partners):
            # Enough seats for everyone placed there: the history keeps the rule `flask check` verifies.
            placed = sum(1 for hosts in hosts_of if len(hosts) > position and hosts[position] is company)
            db.session.add(CompanyCapacity(company_id=company.id, period_id=period.id, seats=max(4, placed)))
    kinds = (OutcomeKind.EDUCATION, OutcomeKind.JOB, OutcomeKind.EDUCATION, OutcomeKind.INTERNSHIP,
             OutcomeKind.UNKNOWN, OutcomeKind.EDUCATION, OutcomeKind.JOB)
    for index, profile in enumerate(profiles):
        round_.participants.append(RoundParticipant(youth_profile_id=profile.id))
        hosts = hosts_of[index]
        proposal = Proposal(round_id=round_.id, youth_profile_id=profile.id, status=ProposalStatus.APPROVED,
                            source="manual", score=0.5, decided_by_id=staff.id, decided_at=utcnow())
        db.session.add(proposal)
        db.session.flush()
        for position, (company, period) in enumerate(zip(hosts, periods, strict=False)):
            proposal.items.append(ProposalItem(company_id=company.id, period_id=period.id, position=position))
            db.session.add(Placement(proposal_id=proposal.id, youth_profile_id=profile.id, company_id=company.id,
                                     period_id=period.id, starts_on=period.starts_on, ends_on=period.ends_on,
                                     status=PlacementStatus.COMPLETED, statement_employer=True,
                                     statement_steward=True))
        if index < 12:  # two have nothing recorded yet: they count as unknown
            db.session.add(Outcome(youth_profile_id=profile.id, kind=kinds[index % len(kinds)],
                                   recorded_by_id=staff.id,
                                   recorded_at=datetime.combine(periods[-1].ends_on + timedelta(days=30 + index),
                                                                time(10))))
    db.session.add(Commitment(company_id=demo_company.id, year=today.year, kind=CommitmentKind.INTERNSHIP_PLACES,
                              target=10, created_by_id=staff.id))
    db.session.add(Commitment(company_id=demo_company.id, year=today.year, kind=CommitmentKind.PAID_HOURS,
                              target=200, achieved=80, created_by_id=staff.id))
    db.session.flush()
