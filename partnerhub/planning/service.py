"""Planning workflows. Every function takes the acting user and flushes; the view or CLI commits once.

Each workflow has one transition function that reads its table in models.py and refuses any other move.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app, has_request_context, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from partnerhub import matching
from partnerhub.accounts.models import User
from partnerhub.audit.service import record
from partnerhub.companies import service as companies
from partnerhub.companies.models import Company, CompanyCapacity, CompanyStatus, PlanningPeriod
from partnerhub.extensions import db
from partnerhub.jobs.models import BackgroundJob
from partnerhub.jobs.service import handler, submit
from partnerhub.outbox.service import send_mail
from partnerhub.permissions import Role
from partnerhub.planning import engine_adapter as adapter
from partnerhub.planning.models import (
    FOLLOW_UP_TRANSITIONS,
    LIVE,
    PLACEMENT_TRANSITIONS,
    PROPOSAL_TRANSITIONS,
    ROUND_TRANSITIONS,
    SEAT_HOLDING,
    YOUTH_ANSWER_TRANSITIONS,
    AttendanceException,
    AttendanceKind,
    Feedback,
    FeedbackAuthor,
    FollowUpKind,
    FollowUpStatus,
    FollowUpTask,
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
    SeatCounter,
    YouthAnswer,
)
from partnerhub.reference import service as reference_service
from partnerhub.reference.models import SchedulingRule, TradeArea
from partnerhub.reference.service import town_distance_km
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import Readiness, YouthProfile, YouthStaffRecord, youth_trade_areas

JOB_KIND = "planning-run"
MAX_PERIODS = 6
MAX_WEEKS = 26

REJECT_CODES = {
    "travel": _l("For lang transport"),
    "fit": _l("Passer ikke til den unges ønsker"),
    "timing": _l("Tidspunktet passer ikke"),
    "needs": _l("Virksomheden kan ikke tage de hensyn, den unge har brug for"),
    "other": _l("Andet"),
}
# Which scheduling rule holds the legal maximum length of one praktik offer for each readiness group.
DURATION_RULE = {
    Readiness.OBVIOUSLY_READY: "praktik_max_uddparat",
    Readiness.READY: "praktik_max_uddparat",
    Readiness.ACTIVITY_READY: "praktik_max_aktparat",
}
YOUTH_QUESTIONS = {
    "welcome": _l("Blev du taget godt imod?"),
    "learned": _l("Lærte du noget nyt?"),
    "again": _l("Vil du gerne arbejde med noget lignende igen?"),
}
COMPANY_QUESTIONS = {
    "attendance": _l("Kom den unge til tiden og som aftalt?"),
    "engagement": _l("Var den unge engageret i opgaverne?"),
    "cooperation": _l("Hvordan gik samarbejdet med Ungeenheden?"),
}


ROUND_MODES = ("lexicographic", "diverse")  # the engine's modes (matching.PlanOptions.mode)


class PlanningError(Exception):
    """A refusal with a translated message for the person who asked."""


class CapacityError(PlanningError):
    """The last seat went to someone else."""


# ---- small helpers -------------------------------------------------------------------------------------------------

def today() -> date:
    return utcnow().date()


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def link(endpoint: str, **values: Any) -> str:
    """A full link in a request or with SERVER_NAME; otherwise (CLI, worker, seed) the path, which staff can follow."""
    if has_request_context() or current_app.config.get("SERVER_NAME"):
        return url_for(endpoint, _external=True, **values)
    return current_app.url_map.bind("localhost").build(endpoint, values)


def _require_staff(actor: User) -> None:
    if getattr(actor, "role", None) is not Role.STAFF:
        raise PermissionError("staff only")


def consultant_of(profile: YouthProfile) -> User | None:
    record_ = profile.staff_record
    return record_.consultant if record_ is not None else None


# ---- rules ---------------------------------------------------------------------------------------------------------

def max_weeks_for(readiness: Readiness | None) -> tuple[int | None, SchedulingRule | None]:
    """The legal maximum of one praktik offer for a readiness group, read from the scheduling rules (data, not code)."""
    if readiness is None:
        return None, None
    rule = reference_service.rule_by_key(DURATION_RULE[readiness])
    if rule is None or not str(rule.value).strip().isdigit():
        return None, rule
    return int(rule.value), rule


def duration_warnings(period_weeks: int, profiles: list[YouthProfile]) -> list[str]:
    """One warning per readiness group whose legal maximum is shorter than the round's periods."""
    counts: dict[Readiness, int] = defaultdict(int)
    for profile in profiles:
        readiness = profile.staff_record.readiness if profile.staff_record else None
        if readiness is not None:
            counts[readiness] += 1
    return _duration_warnings(period_weeks, counts)


def round_duration_warnings(round_: PlanningRound) -> list[str]:
    """The same warnings for a saved round, counted in SQL rather than by loading every participant."""
    counts = dict(db.session.execute(
        db.select(YouthStaffRecord.readiness, db.func.count())
        .join(RoundParticipant, RoundParticipant.youth_profile_id == YouthStaffRecord.profile_id)
        .where(RoundParticipant.round_id == round_.id, YouthStaffRecord.readiness.is_not(None))
        .group_by(YouthStaffRecord.readiness)).all())
    return _duration_warnings(round_.period_weeks, counts)


def _duration_warnings(period_weeks: int, counts: dict[Readiness, int]) -> list[str]:
    warnings = []
    for readiness, count in sorted(counts.items(), key=lambda kv: kv[0].value):
        weeks, rule = max_weeks_for(readiness)
        if weeks is not None and period_weeks > weeks:
            warnings.append(_(
                "%(count)d unge er %(group)s: en praktik må højst vare %(max)d uger (%(basis)s), men perioderne er "
                "%(weeks)d uger.", count=count, group=readiness.label.lower(), max=weeks,
                basis=rule.legal_basis or rule.key, weeks=period_weeks))
    return warnings


# ---- rounds --------------------------------------------------------------------------------------------------------

def default_participants() -> list[YouthProfile]:
    """Every active young person without a placement that is offered, accepted, running or paused."""
    busy = db.select(Placement.youth_profile_id).where(Placement.status.in_(LIVE))
    return list(db.session.scalars(
        db.select(YouthProfile).join(User, User.id == YouthProfile.user_id)
        .where(User.active.is_(True), YouthProfile.id.not_in(busy))
        .order_by(YouthProfile.first_name, YouthProfile.id)))


def period_dates(starts_on: date, index: int, weeks: int) -> tuple[date, date]:
    """A period runs Monday of its first week to Friday of its last, as the demo and the companies' pages do."""
    start = starts_on + timedelta(weeks=index * weeks)
    return start, start + timedelta(weeks=weeks) - timedelta(days=3)


def _carry_capacity(actor: User, period: PlanningPeriod) -> None:
    """A new period starts with each company's latest declared capacity, which the company can then change."""
    latest: dict[int, CompanyCapacity] = {}
    for capacity in db.session.scalars(
        db.select(CompanyCapacity).join(PlanningPeriod).join(Company)
        .where(Company.status == CompanyStatus.APPROVED, CompanyCapacity.period_id != period.id)
        .order_by(PlanningPeriod.starts_on)
    ):
        latest[capacity.company_id] = capacity
    for capacity in latest.values():
        if companies.capacity_for(capacity.company, period) is None:
            companies.save_capacity(actor, capacity.company, period, seats=capacity.seats,
                                    weekdays=capacity.weekday_list, hours_from=capacity.hours_from,
                                    hours_to=capacity.hours_to, note=capacity.note)


def round_periods(actor: User, name: str, starts_on: date, count: int, weeks: int,
                  carry_capacity: bool = True) -> list[PlanningPeriod]:
    """Reuses the PlanningPeriods with the same dates (companies declared capacity there); creates the rest."""
    periods = []
    for index in range(count):
        start, end = period_dates(starts_on, index, weeks)
        period = db.session.scalar(db.select(PlanningPeriod).where(PlanningPeriod.starts_on == start,
                                                                   PlanningPeriod.ends_on == end))
        if period is None:
            period = companies.create_period(actor, name=f"{name}, periode {index + 1}", starts_on=start, ends_on=end)
            if carry_capacity:
                _carry_capacity(actor, period)
        periods.append(period)
    return periods


def create_round(actor: User, *, name: str, starts_on: date, period_count: int, period_weeks: int, rotation_k: int,
                 participant_ids: list[int] | None = None, carry_capacity: bool = True,
                 mode: str = "lexicographic") -> PlanningRound:
    _require_staff(actor)
    if mode not in ROUND_MODES:
        raise PlanningError(_("Vælg, hvordan matcheren skal vælge."))
    if not 1 <= period_count <= MAX_PERIODS:
        raise PlanningError(_("Vælg mellem 1 og %(max)d perioder.", max=MAX_PERIODS))
    if not 1 <= period_weeks <= MAX_WEEKS:
        raise PlanningError(_("En periode er mellem 1 og %(max)d uger.", max=MAX_WEEKS))
    if not 1 <= rotation_k <= period_count:
        raise PlanningError(_("Antal virksomheder pr. ung skal være mellem 1 og antallet af perioder."))
    if starts_on.weekday() != 0:
        raise PlanningError(_("En runde starter på en mandag."))
    round_ = PlanningRound(name=name, starts_on=starts_on, period_count=period_count, period_weeks=period_weeks,
                           rotation_k=rotation_k, mode=mode, created_by_id=actor.id)
    db.session.add(round_)
    for position, period in enumerate(round_periods(actor, name, starts_on, period_count, period_weeks,
                                                    carry_capacity)):
        round_.periods.append(RoundPeriod(period=period, position=position))
    profiles = default_participants() if participant_ids is None else list(db.session.scalars(
        db.select(YouthProfile).where(YouthProfile.id.in_(participant_ids))))
    for profile in profiles:
        round_.participants.append(RoundParticipant(youth_profile_id=profile.id))
    db.session.flush()
    record(actor, "planning_round_created", object_type="planning_round", object_id=round_.id,
           detail={"participants": len(profiles), "periods": [p.period_id for p in round_.periods]})
    return round_


def transition_round(actor: Any, round_: PlanningRound, new_status: RoundStatus) -> None:
    """The one way a round's status changes."""
    if new_status not in ROUND_TRANSITIONS[round_.status]:
        raise PlanningError(_("Runden kan ikke gå fra '%(old)s' til '%(new)s'.", old=round_.status.label,
                              new=new_status.label))
    old = round_.status
    round_.status = new_status
    db.session.flush()
    record(actor, "planning_round_status", object_type="planning_round", object_id=round_.id,
           detail={"from": str(old), "to": str(new_status)})


def participant_count(round_: PlanningRound) -> int:
    return db.session.scalar(sa.select(sa.func.count()).where(RoundParticipant.round_id == round_.id)) or 0


def rounds_with_participant_counts() -> list[tuple[PlanningRound, int]]:
    """Newest first; counted in SQL, because a round of 10,000 young people is too many rows to load for a number."""
    counts = (sa.select(RoundParticipant.round_id, sa.func.count().label("n"))
              .group_by(RoundParticipant.round_id).subquery())
    rows = db.session.execute(
        sa.select(PlanningRound, sa.func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.round_id == PlanningRound.id)
        .order_by(PlanningRound.starts_on.desc(), PlanningRound.id.desc()))
    return [(round_, count) for round_, count in rows]


def participant_profiles(round_: PlanningRound) -> list[YouthProfile]:
    """One query with what the round pages and the engine adapter read, not one per young person."""
    return list(db.session.scalars(
        db.select(YouthProfile).join(RoundParticipant, RoundParticipant.youth_profile_id == YouthProfile.id)
        .where(RoundParticipant.round_id == round_.id).order_by(RoundParticipant.id)
        .options(selectinload(YouthProfile.staff_record), selectinload(YouthProfile.trade_areas),
                 joinedload(YouthProfile.town))))


def round_period_list(round_: PlanningRound) -> list[PlanningPeriod]:
    return [rp.period for rp in round_.periods]


def start_run(actor: User, round_: PlanningRound) -> BackgroundJob:
    """Queues the matcher; the request returns at once and the progress page polls the job."""
    _require_staff(actor)
    if round_.status is RoundStatus.CLOSED:
        raise PlanningError(_("Runden er lukket."))
    record(actor, "planning_run_started", object_type="planning_round", object_id=round_.id)
    job = submit(actor, JOB_KIND, {"round_id": round_.id})  # submit commits, so the worker finds the job
    round_.last_job_id = job.id
    db.session.flush()
    return job


@handler(JOB_KIND)
def run_round_job(job: BackgroundJob, progress) -> dict:  # noqa: ANN001 - the jobs module's Progress
    round_ = db.session.get(PlanningRound, job.payload["round_id"])
    if round_ is None:
        raise PlanningError("round not found")
    actor = db.session.get(User, job.created_by_id) if job.created_by_id else None
    progress("preparing", 0.0)
    return run_round(actor, round_, progress=progress)


def run_round(actor: Any, round_: PlanningRound, progress=None) -> dict:  # noqa: ANN001
    """Runs the engine; proposals not yet approved are superseded, approved ones are passed as fixed."""
    round_input = adapter.build_instance(round_, participant_profiles(round_))
    plan = matching.plan(round_input.instance, matching.PlanOptions(mode=round_.mode), progress=progress)
    for proposal in round_.proposals:
        if proposal.status is ProposalStatus.PROPOSED:
            transition_proposal(actor, proposal, ProposalStatus.SUPERSEDED, audit=False)
    period_by_index = dict(enumerate(round_input.periods))
    created = 0
    for profile_id, assignments in adapter.rotations(plan).items():
        proposal = Proposal(round_id=round_.id, youth_profile_id=profile_id, source="matcher",
                            score=round(sum(a.score for a in assignments), 4))
        db.session.add(proposal)
        for position, assignment in enumerate(assignments):
            proposal.items.append(ProposalItem(
                company_id=adapter.parse_key(assignment.company_id), period_id=period_by_index[assignment.period].id,
                position=position, score=round(assignment.score, 4),
                explanation=adapter.explanation_dict(assignment.explanation)))
        created += 1
    unplaced = {str(adapter.parse_key(u.youth_id)): u.code for u in plan.unplaced}
    unplaced.update({str(pid): code for pid, code in round_input.skipped.items()})
    stats = plan.stats
    round_.unplaced = unplaced
    round_.stats = {"youth_total": stats.youth_total + len(round_input.skipped), "coverage": stats.coverage,
                    "max_coverage": stats.max_coverage, "full_rotations": stats.full_rotations,
                    "objective": round(plan.objective, 3), "upper_bound": round(plan.upper_bound, 3),
                    "proposals": created, "fixed": stats.assignments_fixed, "mode": stats.mode,
                    "finished_at": utcnow().isoformat()}
    transition_round(actor, round_, RoundStatus.PROPOSED)
    db.session.flush()
    db.session.expire(round_, ["proposals"])
    record(actor, "planning_run_finished", object_type="planning_round", object_id=round_.id,
           detail={"proposals": created, "unplaced": len(unplaced)})
    return dict(round_.stats)


def close_round(actor: User, round_: PlanningRound) -> None:
    _require_staff(actor)
    for proposal in round_.proposals:
        if proposal.status is ProposalStatus.PROPOSED:
            transition_proposal(actor, proposal, ProposalStatus.SUPERSEDED)
    transition_round(actor, round_, RoundStatus.CLOSED)


# ---- seats: never overbook -----------------------------------------------------------------------------------------

def _ensure_counter(company_id: int, period_id: int) -> None:
    """Insert-or-ignore, so two first bookings of the same seat never collide on the unique key."""
    table = SeatCounter.__table__
    values = {"company_id": company_id, "period_id": period_id, "taken": 0}
    if db.engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    db.session.execute(insert(table).values(**values).on_conflict_do_nothing(
        index_elements=["company_id", "period_id"]))


def book_seat(company_id: int, period_id: int) -> None:
    """One conditional UPDATE: it only counts when a seat is still free, so the database decides who gets the last
    one. PostgreSQL re-checks the condition after a concurrent commit; SQLite runs writers one at a time."""
    _ensure_counter(company_id, period_id)
    seats = (sa.select(CompanyCapacity.seats)
             .where(CompanyCapacity.company_id == company_id, CompanyCapacity.period_id == period_id)
             .scalar_subquery())
    result = db.session.execute(
        sa.update(SeatCounter)
        .where(SeatCounter.company_id == company_id, SeatCounter.period_id == period_id, SeatCounter.taken < seats)
        .values(taken=SeatCounter.taken + 1)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        company = db.session.get(Company, company_id)
        period = db.session.get(PlanningPeriod, period_id)
        raise CapacityError(_("%(company)s har ikke flere ledige pladser i %(period)s. En anden har lige fået den "
                              "sidste plads – vælg en anden virksomhed.", company=company.name, period=period.name))


def release_seat(company_id: int, period_id: int) -> None:
    db.session.execute(
        sa.update(SeatCounter)
        .where(SeatCounter.company_id == company_id, SeatCounter.period_id == period_id, SeatCounter.taken > 0)
        .values(taken=SeatCounter.taken - 1)
        .execution_options(synchronize_session=False))


def free_seats(company_id: int, period_id: int) -> int:
    seats = db.session.scalar(db.select(CompanyCapacity.seats).where(CompanyCapacity.company_id == company_id,
                                                                      CompanyCapacity.period_id == period_id)) or 0
    taken = db.session.scalar(db.select(SeatCounter.taken).where(SeatCounter.company_id == company_id,
                                                                 SeatCounter.period_id == period_id)) or 0
    return max(0, seats - taken)


# ---- proposals -----------------------------------------------------------------------------------------------------

def transition_proposal(actor: Any, proposal: Proposal, new_status: ProposalStatus, *, audit: bool = True,
                        detail: dict | None = None) -> None:
    """The one way a proposal's status changes. The version column turns a double click or two staff members into
    one winner: the loser's UPDATE matches no row and is refused."""
    if new_status not in PROPOSAL_TRANSITIONS[proposal.status]:
        raise PlanningError(_("Forslaget er allerede '%(status)s'.", status=proposal.status.label))
    old = proposal.status
    proposal.status = new_status
    if new_status in (ProposalStatus.APPROVED, ProposalStatus.REJECTED):
        proposal.decided_at = utcnow()
        proposal.decided_by_id = getattr(actor, "id", None)
    try:
        db.session.flush()
    except StaleDataError as error:
        raise PlanningError(_("En anden har lige behandlet forslaget. Genindlæs siden.")) from error
    if audit:
        record(actor, "proposal_status", object_type="proposal", object_id=proposal.id,
               subject_user_id=proposal.profile.user_id,
               detail={"from": str(old), "to": str(new_status), **(detail or {})})


def _busy_periods(profile_id: int, exclude_proposal_id: int | None = None) -> set[int]:
    query = db.select(Placement.period_id).where(Placement.youth_profile_id == profile_id,
                                                 Placement.status.in_(SEAT_HOLDING))
    if exclude_proposal_id is not None:
        query = query.where(Placement.proposal_id != exclude_proposal_id)
    return set(db.session.scalars(query))


def approve(actor: User, proposal: Proposal) -> list[Placement]:
    """Books every seat of the rotation or none (the caller rolls back on error), then sends the offers."""
    _require_staff(actor)
    if not proposal.items:
        raise PlanningError(_("Forslaget har ingen virksomheder."))
    busy = _busy_periods(proposal.youth_profile_id)
    clash = [item.period.name for item in proposal.items if item.period_id in busy]
    if clash:
        raise PlanningError(_("Den unge har allerede en praktik i %(periods)s.", periods=", ".join(clash)))
    transition_proposal(actor, proposal, ProposalStatus.APPROVED)
    placements = [_place(actor, proposal, item) for item in proposal.items]
    _notify_youth(proposal)
    return placements


def _place(actor: User, proposal: Proposal, item: ProposalItem) -> Placement:
    book_seat(item.company_id, item.period_id)
    placement = Placement(proposal=proposal, youth_profile_id=proposal.youth_profile_id, company_id=item.company_id,
                          period_id=item.period_id, starts_on=item.period.starts_on, ends_on=item.period.ends_on,
                          status=PlacementStatus.OFFERED, status_changed_at=utcnow())
    db.session.add(placement)
    db.session.flush()
    record(actor, "placement_offered", object_type="placement", object_id=placement.id,
           subject_user_id=proposal.profile.user_id, detail={"company_id": item.company_id,
                                                              "period_id": item.period_id})
    _send_offer(placement)
    return placement


def _send_offer(placement: Placement) -> None:
    """E-mail through the outbox to every HR user of the company; the in-app inbox is the company's offer list."""
    company = db.session.get(Company, placement.company_id)
    period = db.session.get(PlanningPeriod, placement.period_id)
    offer_link = link("planning.company_offer", placement_id=placement.id)
    recipients = [(u.email, u.id) for u in company.hr_users if u.active] or (
        [(company.contact_email, None)] if company.contact_email else [])
    for email, user_id in recipients:
        send_mail(email, _("Ny praktikant foreslået: %(period)s", period=period.name),
                  _("Ungeenheden foreslår en ung i praktik hos %(company)s fra %(start)s til %(end)s.\n\n"
                    "Se forslaget og svar her: %(link)s", company=company.name,
                    start=placement.starts_on.strftime("%d.%m.%Y"), end=placement.ends_on.strftime("%d.%m.%Y"),
                    link=offer_link), recipient_user_id=user_id)


def _notify_youth(proposal: Proposal) -> None:
    user = proposal.profile.user
    send_mail(user.email, _("Din praktikplan er klar"),
              _("Hej %(name)s\n\nDin plan er klar. Se den og sig ja, eller bed om en snak med din kontaktperson: "
                "%(link)s", name=proposal.profile.first_name, link=link("planning.youth_plan")),
              recipient_user_id=user.id)


def reject(actor: User, proposal: Proposal, code: str, text: str | None) -> None:
    _require_staff(actor)
    if code not in REJECT_CODES:
        raise PlanningError(_("Vælg en grund."))
    proposal.reject_code, proposal.reject_text = code, (text or "").strip() or None
    transition_proposal(actor, proposal, ProposalStatus.REJECTED, detail={"code": code})


# ---- checks, warnings and ranked alternatives ----------------------------------------------------------------------

@dataclass
class Check:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def distance_km(profile: YouthProfile, company: Company) -> float | None:
    if profile.town is None or company.town is None:
        return None
    return round(town_distance_km(profile.town, company.town), 1)


def item_warnings(profile: YouthProfile, company: Company, period: PlanningPeriod, *, extra_seat: bool = True,
                  taken: int | None = None) -> list[str]:
    """Ratio rule, special needs, travel and the legal duration: shown to staff, never a silent refusal.
    A list page passes `taken` from one query for all its items, instead of one query per item."""
    warnings = []
    if taken is None:
        taken = db.session.scalar(db.select(SeatCounter.taken).where(SeatCounter.company_id == company.id,
                                                                     SeatCounter.period_id == period.id)) or 0
    limit = companies.ratio_limit(company)
    if taken + (1 if extra_seat else 0) > limit:
        warnings.append(_("Rimelighedskravet: %(company)s må højst have %(limit)d i praktik på én gang.",
                          company=company.name, limit=limit))
    if profile.needs_adjustments and not company.suits_special_needs:
        warnings.append(_("Den unge har brug for hensyn, og %(company)s har ikke skrevet, at de kan tage hensyn.",
                          company=company.name))
    km = distance_km(profile, company)
    limit_km = adapter.max_travel_km(profile)
    if km is None:
        warnings.append(_("Afstanden kendes ikke (by mangler)."))
    elif km > limit_km:
        warnings.append(_("%(km)s km – længere end de %(limit)s km, den unge kan rejse.", km=km, limit=limit_km))
    elif km > 0.8 * limit_km:
        warnings.append(_("%(km)s km – tæt på grænsen for, hvor langt den unge kan rejse.", km=km))
    weeks = ((period.ends_on - period.starts_on).days + 3) // 7
    readiness = profile.staff_record.readiness if profile.staff_record else None
    max_weeks, _rule = max_weeks_for(readiness)
    if max_weeks is not None and weeks > max_weeks:
        warnings.append(_("Perioden er %(weeks)d uger; en praktik må højst vare %(max)d uger for den unges målgruppe.",
                          weeks=weeks, max=max_weeks))
    if profile.earliest_start and profile.earliest_start > period.starts_on:
        warnings.append(_("Den unge kan først starte %(date)s.", date=profile.earliest_start.strftime("%d.%m.%Y")))
    return warnings


def check_rotation(round_: PlanningRound, profile: YouthProfile, companies_by_period: dict[int, int],
                   proposal: Proposal | None = None) -> Check:
    """Hard rules refuse (capacity, never the same company twice, at most k companies, the round's periods);
    softer rules only warn."""
    check = Check()
    period_ids = {rp.period_id for rp in round_.periods}
    if not companies_by_period:
        check.errors.append(_("Vælg mindst én virksomhed."))
    if set(companies_by_period) - period_ids:
        check.errors.append(_("Perioden hører ikke til runden."))
        return check
    company_ids = list(companies_by_period.values())
    if len(set(company_ids)) != len(company_ids):
        check.errors.append(_("Den samme virksomhed må ikke komme to gange i et forløb."))
    if len(set(company_ids)) > round_.rotation_k:
        check.errors.append(_("Højst %(k)d virksomheder pr. ung i denne runde.", k=round_.rotation_k))
    busy = _busy_periods(profile.id, proposal.id if proposal else None)
    for period_id, company_id in companies_by_period.items():
        company = db.session.get(Company, company_id)
        period = db.session.get(PlanningPeriod, period_id)
        if company is None or not company.is_approved:
            check.errors.append(_("Virksomheden findes ikke eller er ikke godkendt."))
            continue
        holds = proposal is not None and any(
            p.period_id == period_id and p.company_id == company_id and p.status in SEAT_HOLDING
            for p in proposal.placements)
        if not holds and free_seats(company_id, period_id) < 1:
            check.errors.append(_("%(company)s har ingen ledig plads i %(period)s.", company=company.name,
                                  period=period.name))
        if period_id in busy:
            check.errors.append(_("Den unge er allerede i praktik i %(period)s.", period=period.name))
        check.warnings.extend(item_warnings(profile, company, period, extra_seat=not holds))
    return check


@dataclass
class Alternative:
    company: Company
    score: float | None
    distance: float | None
    free: int
    warnings: list[str]
    competing: int  # other open proposals in the round that want the same seat


def _scores_for(round_: PlanningRound, profile: YouthProfile) -> dict[int, float]:
    """Scores every company for one young person with the engine's own scoring (hard rules applied)."""
    if profile.town is None:
        return {}
    periods = round_period_list(round_)
    approved = db.session.scalars(db.select(Company).where(Company.status == CompanyStatus.APPROVED,
                                                           Company.town_id.is_not(None))).all()
    engine_companies = tuple(adapter.engine_company(c, tuple(1 for _ in periods)) for c in approved)
    curious = adapter.curious_keys([profile.id]).get(profile.id, ())
    youth = adapter.engine_youth(profile, periods, round_.rotation_k, curious=curious)
    trade_areas, main_areas = adapter.taxonomy()
    instance = matching.Instance(periods=tuple(matching.Period(i, p.name) for i, p in enumerate(periods)),
                                 youth=(youth,), companies=engine_companies, trade_areas=trade_areas,
                                 main_areas=main_areas)
    ranked = matching.score_candidates(instance, top_k=len(engine_companies) or 1).get(youth.id, [])
    return {adapter.parse_key(c.company_id): round(c.score, 4) for c in ranked}


def alternatives(round_: PlanningRound, profile: YouthProfile, period: PlanningPeriod,
                 current: dict[int, int]) -> list[Alternative]:
    """Companies with a free seat in the period, best score first; companies outside the young person's hard
    rules (travel, needs) come last, with their warnings, for a manual choice."""
    scores = _scores_for(round_, profile)
    used = {c for p, c in current.items() if p != period.id}
    competing: dict[int, int] = defaultdict(int)
    for company_id in db.session.scalars(
        db.select(ProposalItem.company_id).join(Proposal)
        .where(Proposal.round_id == round_.id, Proposal.status == ProposalStatus.PROPOSED,
               ProposalItem.period_id == period.id, Proposal.youth_profile_id != profile.id)):
        competing[company_id] += 1
    rows = []
    for capacity in companies.capacities_in_period(period):
        company = capacity.company
        free = free_seats(company.id, period.id)
        if free < 1 or company.id in used:
            continue
        rows.append(Alternative(company, scores.get(company.id), distance_km(profile, company), free,
                                item_warnings(profile, company, period), competing.get(company.id, 0)))
    rows.sort(key=lambda a: (a.score is None, -(a.score or 0.0), a.distance or 0.0, a.company.name))
    return rows


def _item_score(round_: PlanningRound, profile: YouthProfile, company_id: int) -> float:
    return _scores_for(round_, profile).get(company_id, 0.0)


def set_item(actor: User, proposal: Proposal, period: PlanningPeriod, company: Company) -> Check:
    """Swap the company in a period, or add a period. An approved rotation gets a new offer for that period
    (after a decline, or after the rest of the rotation was replaced)."""
    _require_staff(actor)
    if proposal.status not in (ProposalStatus.PROPOSED, ProposalStatus.APPROVED):
        raise PlanningError(_("Forslaget kan ikke ændres, når det er '%(status)s'.", status=proposal.status.label))
    current = {item.period_id: item.company_id for item in proposal.items}
    if proposal.status is ProposalStatus.APPROVED:
        live = [p for p in proposal.placements if p.period_id == period.id and p.status in SEAT_HOLDING]
        if live:
            raise PlanningError(_("Perioden har allerede en praktik. Afslut eller erstat den først."))
        # In an approved rotation only seat-holding periods count as "taken" companies.
        current = {p.period_id: p.company_id for p in proposal.placements if p.status in SEAT_HOLDING}
    wanted = {**current, period.id: company.id}
    check = check_rotation(proposal.round, proposal.profile, wanted, proposal)
    if check.errors:
        raise PlanningError(" ".join(check.errors))
    item = next((i for i in proposal.items if i.period_id == period.id), None)
    old_company = item.company_id if item else None
    if item is None:
        item = ProposalItem(period_id=period.id, company_id=company.id)
        proposal.items.append(item)
    item.company_id = company.id
    item.period = period
    item.score = _item_score(proposal.round, proposal.profile, company.id)
    item.explanation = {"manual": True, "distance_km": distance_km(proposal.profile, company)}
    _renumber(proposal)
    if proposal.status is ProposalStatus.PROPOSED:
        proposal.source = "edited" if proposal.source == "matcher" else proposal.source
    db.session.flush()
    record(actor, "proposal_item_set", object_type="proposal", object_id=proposal.id,
           subject_user_id=proposal.profile.user_id,
           detail={"period_id": period.id, "company_id": company.id, "was": old_company})
    if proposal.status is ProposalStatus.APPROVED:
        _place(actor, proposal, item)
    return check


def drop_item(actor: User, proposal: Proposal, period: PlanningPeriod) -> None:
    _require_staff(actor)
    if proposal.status is not ProposalStatus.PROPOSED:
        raise PlanningError(_("Kun et forslag, der ikke er godkendt, kan ændres sådan."))
    item = next((i for i in proposal.items if i.period_id == period.id), None)
    if item is None:
        raise PlanningError(_("Perioden er ikke i forslaget."))
    if len(proposal.items) == 1:
        raise PlanningError(_("Et forslag skal have mindst én virksomhed. Afvis forslaget i stedet."))
    proposal.items.remove(item)
    _renumber(proposal)
    proposal.source = "edited" if proposal.source == "matcher" else proposal.source
    db.session.flush()
    record(actor, "proposal_item_dropped", object_type="proposal", object_id=proposal.id,
           subject_user_id=proposal.profile.user_id, detail={"period_id": period.id, "company_id": item.company_id})


def _renumber(proposal: Proposal) -> None:
    for position, item in enumerate(sorted(proposal.items, key=lambda i: i.period.starts_on)):
        item.position = position
    proposal.score = round(sum(i.score for i in proposal.items), 4)


def manual_proposal(actor: User, round_: PlanningRound, profile: YouthProfile,
                    companies_by_period: dict[int, int]) -> tuple[Proposal, Check]:
    """Staff place a young person by hand, with the same checks; it becomes a proposal they then approve."""
    _require_staff(actor)
    if round_.status is RoundStatus.CLOSED:
        raise PlanningError(_("Runden er lukket."))
    check = check_rotation(round_, profile, companies_by_period)
    if check.errors:
        raise PlanningError(" ".join(check.errors))
    for old in round_.proposals:
        if old.youth_profile_id == profile.id and old.status is ProposalStatus.PROPOSED:
            transition_proposal(actor, old, ProposalStatus.SUPERSEDED)
    scores = _scores_for(round_, profile)
    proposal = Proposal(round_id=round_.id, youth_profile_id=profile.id, source="manual")
    db.session.add(proposal)
    for period_id, company_id in companies_by_period.items():
        proposal.items.append(ProposalItem(company_id=company_id, period=db.session.get(PlanningPeriod, period_id),
                                           score=scores.get(company_id, 0.0),
                                           explanation={"manual": True,
                                                        "distance_km": distance_km(profile,
                                                                                   db.session.get(Company,
                                                                                                  company_id))}))
    _renumber(proposal)
    if not any(p.youth_profile_id == profile.id for p in round_.participants):
        round_.participants.append(RoundParticipant(youth_profile_id=profile.id))
    db.session.flush()
    db.session.expire(round_, ["proposals"])
    record(actor, "proposal_manual", object_type="proposal", object_id=proposal.id, subject_user_id=profile.user_id,
           detail={"items": {str(k): v for k, v in companies_by_period.items()}})
    return proposal, check


@dataclass
class ProposalRow:
    proposal: Proposal
    readiness: Readiness | None
    warnings: list[str]


def proposal_rows(round_: PlanningRound, *, readiness: str = "", trade_area: str = "", town: str = "",
                  min_score: float | None = None, status: str = "proposed", sort: str = "score",
                  page: int = 1, per_page: int | None = None) -> tuple[list[ProposalRow], int]:
    """One page of the review list and the number of matching proposals. Filters, ordering and paging run in SQL and
    only the page's proposals are loaded, so a round of thousands stays fast; sorting by warnings (computed per item)
    needs every row and is the one slow path."""
    query = db.select(Proposal.id).join(YouthProfile, YouthProfile.id == Proposal.youth_profile_id) \
        .where(Proposal.round_id == round_.id)
    if status:
        query = query.where(Proposal.status == ProposalStatus(status))
    if readiness:
        query = query.join(YouthStaffRecord, YouthStaffRecord.profile_id == YouthProfile.id) \
            .where(YouthStaffRecord.readiness == Readiness(readiness))
    if trade_area:
        query = query.where(YouthProfile.id.in_(
            db.select(youth_trade_areas.c.profile_id)
            .join(TradeArea, TradeArea.id == youth_trade_areas.c.trade_area_id).where(TradeArea.key == trade_area)))
    if town:
        query = query.where(YouthProfile.town_id == int(town))
    if min_score is not None:
        query = query.where(Proposal.score >= min_score)
    total = db.session.scalar(db.select(db.func.count()).select_from(query.subquery())) or 0
    in_sql = {"score": (Proposal.score.desc(), Proposal.id), "name": (db.func.lower(YouthProfile.first_name),
                                                                       Proposal.id)}
    if sort in in_sql or sort not in ("warnings", "companies"):
        query = query.order_by(*in_sql.get(sort, in_sql["score"]))
        if per_page:
            query = query.offset((max(page, 1) - 1) * per_page).limit(per_page)
    ids = list(db.session.scalars(query))
    loaded = {p.id: p for p in db.session.scalars(
        db.select(Proposal).where(Proposal.id.in_(ids)).options(
            selectinload(Proposal.profile).options(
                selectinload(YouthProfile.staff_record), joinedload(YouthProfile.town)),
            selectinload(Proposal.items).options(
                joinedload(ProposalItem.company).joinedload(Company.town), joinedload(ProposalItem.period)),
        ))} if ids else {}
    rows = [ProposalRow(loaded[i], loaded[i].profile.staff_record.readiness if loaded[i].profile.staff_record
                        else None, []) for i in ids]
    if sort in ("warnings", "companies"):
        if sort == "warnings":
            add_warnings(round_, rows)
            rows.sort(key=lambda r: (-len(r.warnings), r.proposal.id))
        else:
            rows.sort(key=lambda r: (-len(r.proposal.items), r.proposal.id))
        if per_page:
            rows = rows[(max(page, 1) - 1) * per_page: max(page, 1) * per_page]
    return rows, total


def add_warnings(round_: PlanningRound, rows: list[ProposalRow]) -> list[ProposalRow]:
    """Warnings cost real work per item, so a page computes them for the rows it shows (all of them only when staff
    sort by warnings); the seats taken come from one query."""
    period_ids = [rp.period_id for rp in round_.periods]
    company_ids = {item.company_id for row in rows for item in row.proposal.items}
    taken_by_seat = {(c, p): t for c, p, t in db.session.execute(
        db.select(SeatCounter.company_id, SeatCounter.period_id, SeatCounter.taken)
        .where(SeatCounter.period_id.in_(period_ids), SeatCounter.company_id.in_(company_ids)))} if company_ids else {}
    for row in rows:
        proposal = row.proposal
        row.warnings = [warning for item in proposal.items for warning in item_warnings(
            proposal.profile, item.company, item.period, extra_seat=proposal.status is ProposalStatus.PROPOSED,
            taken=taken_by_seat.get((item.company_id, item.period_id), 0))]
    return rows


# ---- placements ----------------------------------------------------------------------------------------------------

def transition_placement(actor: Any, placement: Placement, new_status: PlacementStatus, *,
                         reason: str | None = None) -> None:
    """The one way a placement's status changes; a placement that gives back its seat frees it for others."""
    if new_status not in PLACEMENT_TRANSITIONS[placement.status]:
        raise PlanningError(_("En praktik, der er '%(old)s', kan ikke blive '%(new)s'.", old=placement.status.label,
                              new=new_status.label))
    if new_status is PlacementStatus.ACTIVE and not placement.statement_complete:
        raise PlanningError(_("Den skriftlige udtalelse fra arbejdsgiver og tillidsrepræsentant skal være på plads, "
                              "før praktikken starter."))
    if new_status in (PlacementStatus.ENDED, PlacementStatus.DECLINED) and not (reason or "").strip():
        raise PlanningError(_("Skriv en grund."))
    old = placement.status
    placement.status = new_status
    placement.status_changed_at = utcnow()
    if new_status is PlacementStatus.ENDED:
        placement.end_reason = reason
    if new_status is PlacementStatus.DECLINED:
        placement.decline_reason = reason
    if old in SEAT_HOLDING and new_status not in SEAT_HOLDING:
        release_seat(placement.company_id, placement.period_id)
    db.session.flush()
    record(actor, "placement_status", object_type="placement", object_id=placement.id,
           subject_user_id=placement.profile.user_id,
           detail={"from": str(old), "to": str(new_status), "reason": reason})


def _own_company_placement(actor: User, placement: Placement) -> None:
    if actor.role is not Role.COMPANY or actor.company_id != placement.company_id:
        raise PermissionError("not this company's placement")


def answer_offer(actor: User, placement: Placement, *, accept: bool, reason: str | None = None) -> None:
    """HR accepts or declines; a decline reopens the period for staff, who get a task and ranked alternatives."""
    _own_company_placement(actor, placement)
    placement.company_answered_at, placement.company_answered_by_id = utcnow(), actor.id
    if accept:
        transition_placement(actor, placement, PlacementStatus.ACCEPTED)
        return
    transition_placement(actor, placement, PlacementStatus.DECLINED, reason=reason)
    create_task(placement.profile, FollowUpKind.DECLINED, placement=placement,
                note=_("%(company)s sagde nej til %(period)s: %(reason)s", company=placement.company.name,
                       period=placement.period.name, reason=reason))


def confirm_statement(actor: User, placement: Placement, *, employer: bool, steward: bool) -> None:
    _own_company_placement(actor, placement)
    if placement.status not in (PlacementStatus.OFFERED, PlacementStatus.ACCEPTED, PlacementStatus.ACTIVE):
        raise PlanningError(_("Praktikken er ikke længere aktuel."))
    placement.statement_employer, placement.statement_steward = employer, steward
    placement.statement_confirmed_at = utcnow() if employer and steward else None
    placement.statement_confirmed_by_id = actor.id if employer and steward else None
    db.session.flush()
    record(actor, "placement_statement", object_type="placement", object_id=placement.id,
           detail={"employer": employer, "steward": steward})


def staff_change_placement(actor: User, placement: Placement, action: str, reason: str | None) -> None:
    """Pause, resume, start, complete or end early. Nothing here ends a placement by itself."""
    _require_staff(actor)
    targets = {"start": PlacementStatus.ACTIVE, "pause": PlacementStatus.PAUSED, "resume": PlacementStatus.ACTIVE,
               "end": PlacementStatus.ENDED, "complete": PlacementStatus.COMPLETED,
               "cancel": PlacementStatus.CANCELLED}
    if action not in targets:
        raise PlanningError(_("Ukendt handling."))
    transition_placement(actor, placement, targets[action], reason=reason)


def replace_rest(actor: User, proposal: Proposal) -> int:
    """Withdraws every placement of the rotation that has not started, so staff can plan the rest anew."""
    _require_staff(actor)
    count = 0
    for placement in proposal.placements:
        if placement.status in (PlacementStatus.OFFERED, PlacementStatus.ACCEPTED) and placement.starts_on > today():
            transition_placement(actor, placement, PlacementStatus.CANCELLED, reason="replace_rest")
            count += 1
    return count


def youth_answer(actor: User, proposal: Proposal, answer: YouthAnswer, comment: str | None = None) -> None:
    """The young person says yes to the whole plan, or asks for a talk (a task for their consultant)."""
    if actor.role is not Role.YOUTH or proposal.profile.user_id != actor.id:
        raise PermissionError("not this young person's plan")
    if proposal.status is not ProposalStatus.APPROVED:
        raise PlanningError(_("Planen er ikke klar endnu."))
    if answer not in YOUTH_ANSWER_TRANSITIONS[proposal.youth_answer]:
        raise PlanningError(_("Du har allerede svaret."))
    proposal.youth_answer, proposal.youth_answered_at = answer, utcnow()
    proposal.youth_comment = (comment or "").strip() or None
    db.session.flush()
    record(actor, "plan_answered", object_type="proposal", object_id=proposal.id, subject_user_id=actor.id,
           detail={"answer": str(answer)})
    if answer is YouthAnswer.TALK:
        create_task(proposal.profile, FollowUpKind.TALK, note=proposal.youth_comment)


# ---- attendance and follow-up --------------------------------------------------------------------------------------

def create_task(profile: YouthProfile, kind: FollowUpKind, *, placement: Placement | None = None,
                due_on: date | None = None, note: str | None = None) -> FollowUpTask | None:
    """One open task per kind and placement: a second no-show adds to the same follow-up, not a pile of tasks."""
    if kind is not FollowUpKind.OUTCOME_CHECK:
        existing = db.session.scalar(db.select(FollowUpTask).where(
            FollowUpTask.youth_profile_id == profile.id, FollowUpTask.kind == kind,
            FollowUpTask.status == FollowUpStatus.OPEN,
            FollowUpTask.placement_id == (placement.id if placement else None)))
        if existing is not None:
            return None
    consultant = consultant_of(profile)
    task = FollowUpTask(youth_profile_id=profile.id, placement_id=placement.id if placement else None, kind=kind,
                        due_on=due_on or today() + timedelta(days=current_app.config["FOLLOW_UP_DUE_DAYS"]),
                        assigned_to_id=consultant.id if consultant else None, note=note)
    db.session.add(task)
    db.session.flush()
    record(None, "follow_up_created", object_type="follow_up", object_id=task.id, subject_user_id=profile.user_id,
           detail={"kind": str(kind), "placement_id": task.placement_id})
    if consultant is not None:
        send_mail(consultant.email, _("Opfølgning: %(name)s", name=profile.first_name),
                  _("%(kind)s. Frist: %(due)s.\n%(link)s", kind=kind.label, due=task.due_on.strftime("%d.%m.%Y"),
                    link=link("planning.follow_ups")), recipient_user_id=consultant.id)
    return task


def transition_task(actor: User, task: FollowUpTask, new_status: FollowUpStatus, note: str | None = None) -> None:
    _require_staff(actor)
    if new_status not in FOLLOW_UP_TRANSITIONS[task.status]:
        raise PlanningError(_("Opgaven er allerede udført."))
    task.status, task.done_at, task.done_by_id = new_status, utcnow(), actor.id
    if note:
        task.note = f"{task.note}\n{note}" if task.note else note
    db.session.flush()
    record(actor, "follow_up_done", object_type="follow_up", object_id=task.id,
           subject_user_id=task.profile.user_id)


def _previous_workday(day: date) -> date:
    day -= timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def record_attendance(actor: User, placement: Placement,
                      marks: dict[date, AttendanceKind | None]) -> list[FollowUpTask]:
    """Only exceptions are stored. A no-show, or two absences on consecutive working days, creates a follow-up task
    for the consultant. The placement itself is never ended here."""
    _own_company_placement(actor, placement)
    for day in marks:
        if not placement.starts_on <= day <= placement.ends_on:
            raise PlanningError(_("%(day)s ligger uden for praktikken.", day=day.strftime("%d.%m.%Y")))
        if day > today():
            raise PlanningError(_("Fremmøde kan kun registreres for dage, der er gået."))
    if placement.status is PlacementStatus.ACCEPTED:
        transition_placement(actor, placement, PlacementStatus.ACTIVE)  # refused without the written statement
    if placement.status not in (PlacementStatus.ACTIVE, PlacementStatus.PAUSED, PlacementStatus.ENDED,
                                PlacementStatus.COMPLETED):
        raise PlanningError(_("Fremmøde kan registreres, når praktikken er i gang."))
    existing = {a.day: a for a in placement.attendance}
    changed = {}
    for day, kind in marks.items():
        row = existing.get(day)
        if kind is None and row is not None:
            placement.attendance.remove(row)
            changed[day.isoformat()] = "present"
        elif kind is not None and (row is None or row.kind is not kind):
            if row is None:
                row = AttendanceException(day=day, kind=kind, recorded_by_id=actor.id)
                placement.attendance.append(row)
            row.kind, row.recorded_by_id, row.recorded_at = kind, actor.id, utcnow()
            changed[day.isoformat()] = str(kind)
    db.session.flush()
    record(actor, "attendance_recorded", object_type="placement", object_id=placement.id,
           subject_user_id=placement.profile.user_id, detail={"changed": changed})
    exceptions = {a.day: a.kind for a in placement.attendance}
    tasks = []
    for day_text, kind_text in sorted(changed.items()):
        day = date.fromisoformat(day_text)
        if kind_text == AttendanceKind.NO_SHOW.value:
            tasks.append(create_task(placement.profile, FollowUpKind.NO_SHOW, placement=placement,
                                     note=_("Udeblev %(day)s hos %(company)s.", day=day.strftime("%d.%m.%Y"),
                                            company=placement.company.name)))
        if kind_text in (AttendanceKind.ABSENT.value, AttendanceKind.NO_SHOW.value):
            neighbours = [_previous_workday(day)] + [d for d in exceptions if _previous_workday(d) == day]
            if any(n in exceptions for n in neighbours):
                tasks.append(create_task(placement.profile, FollowUpKind.ABSENCES, placement=placement,
                                         note=_("To fraværsdage i træk omkring %(day)s hos %(company)s.",
                                                day=day.strftime("%d.%m.%Y"), company=placement.company.name)))
    return [t for t in tasks if t is not None]


def week_days(placement: Placement, monday: date, weekdays: list[int] | None = None) -> list[date]:
    """The working days of one week that fall inside the placement (and, if known, on the company's weekdays)."""
    days = [monday + timedelta(days=i) for i in range(5)]
    allowed = set(weekdays or [1, 2, 3, 4, 5])
    return [d for d in days if placement.starts_on <= d <= placement.ends_on and d.isoweekday() in allowed]


# ---- feedback and outcome ------------------------------------------------------------------------------------------

def feedback_open(placement: Placement) -> bool:
    """Feedback opens in the last week of the period, or once the placement is over."""
    if placement.status in (PlacementStatus.ENDED, PlacementStatus.COMPLETED):
        return True
    return placement.status in (PlacementStatus.ACTIVE, PlacementStatus.PAUSED) and \
        today() >= placement.ends_on - timedelta(days=7)


def give_feedback(actor: User, placement: Placement, author: FeedbackAuthor, answers: dict[str, int],
                  comment: str | None) -> Feedback:
    if author is FeedbackAuthor.COMPANY:
        _own_company_placement(actor, placement)
        questions = COMPANY_QUESTIONS
    else:
        if actor.role is not Role.YOUTH or placement.profile.user_id != actor.id:
            raise PermissionError("not this young person's placement")
        questions = YOUTH_QUESTIONS
    if not feedback_open(placement):
        raise PlanningError(_("Du kan give feedback i den sidste uge af perioden."))
    if set(answers) != set(questions) or not all(1 <= v <= 5 for v in answers.values()):
        raise PlanningError(_("Svar på alle spørgsmål med 1 til 5."))
    feedback = db.session.scalar(db.select(Feedback).where(Feedback.placement_id == placement.id,
                                                           Feedback.author == author))
    if feedback is None:
        feedback = Feedback(placement_id=placement.id, author=author, answers=answers)
        db.session.add(feedback)
    feedback.answers, feedback.comment, feedback.given_by_id = answers, (comment or "").strip() or None, actor.id
    feedback.created_at = utcnow()
    db.session.flush()
    record(actor, "feedback_given", object_type="placement", object_id=placement.id,
           subject_user_id=placement.profile.user_id, detail={"author": str(author)})
    return feedback


def record_outcome(actor: User, profile: YouthProfile, kind: OutcomeKind, *, education: str | None = None,
                   note: str | None = None) -> Outcome:
    """Each update is kept; the first outcome sets reminders at 3, 6 and 12 months to check it still holds."""
    _require_staff(actor)
    if kind is OutcomeKind.EDUCATION and not (education or "").strip():
        raise PlanningError(_("Skriv hvilken uddannelse."))
    outcome = Outcome(youth_profile_id=profile.id, kind=kind, education=(education or "").strip() or None,
                      note=(note or "").strip() or None, recorded_by_id=actor.id)
    db.session.add(outcome)
    db.session.flush()
    record(actor, "outcome_recorded", object_type="youth", object_id=profile.id, subject_user_id=profile.user_id,
           detail={"kind": str(kind)})
    reminders_open = db.session.scalar(db.select(sa.func.count(FollowUpTask.id)).where(
        FollowUpTask.youth_profile_id == profile.id, FollowUpTask.kind == FollowUpKind.OUTCOME_CHECK,
        FollowUpTask.status == FollowUpStatus.OPEN))
    if not reminders_open:
        for months in current_app.config["OUTCOME_FOLLOW_UP_MONTHS"]:
            create_task(profile, FollowUpKind.OUTCOME_CHECK, due_on=add_months(today(), months),
                        note=_("Opfølgning efter %(months)d måneder: gælder resultatet stadig?", months=months))
    return outcome


def open_tasks(assignee: User | None = None) -> list[FollowUpTask]:
    query = db.select(FollowUpTask).where(FollowUpTask.status == FollowUpStatus.OPEN).order_by(FollowUpTask.due_on)
    if assignee is not None:
        query = query.where(FollowUpTask.assigned_to_id == assignee.id)
    return list(db.session.scalars(query))


# ---- timeline ------------------------------------------------------------------------------------------------------

@dataclass
class Event:
    when: datetime
    kind: str
    text: str


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def timeline(actor: User, profile: YouthProfile) -> list[Event]:
    """The red thread: everything that happened for one young person, newest first. Viewing it is logged."""
    _require_staff(actor)
    record(actor, "youth_timeline_viewed", object_type="youth", object_id=profile.id, subject_user_id=profile.user_id)
    events: list[Event] = []
    for participant in db.session.scalars(db.select(RoundParticipant).where(
            RoundParticipant.youth_profile_id == profile.id)):
        round_ = db.session.get(PlanningRound, participant.round_id)
        events.append(Event(participant.created_at, "round", _("Med i planlægningsrunden %(name)s", name=round_.name)))
    for proposal in db.session.scalars(db.select(Proposal).where(Proposal.youth_profile_id == profile.id)):
        names = ", ".join(i.company.name for i in proposal.items)
        events.append(Event(proposal.created_at, "proposal", _("Forslag: %(companies)s", companies=names)))
        if proposal.decided_at:
            text = _("Forslaget blev %(status)s", status=proposal.status.label.lower())
            if proposal.reject_code:
                text += f" ({REJECT_CODES[proposal.reject_code]})"
            events.append(Event(proposal.decided_at, "proposal", text))
        if proposal.youth_answered_at:
            events.append(Event(proposal.youth_answered_at, "answer",
                                _("Den unge: %(answer)s", answer=proposal.youth_answer.label.lower())))
    placements = db.session.scalars(db.select(Placement).where(Placement.youth_profile_id == profile.id)).all()
    for placement in placements:
        events.append(Event(placement.created_at, "placement",
                            _("Tilbud sendt til %(company)s (%(period)s)", company=placement.company.name,
                              period=placement.period.name)))
        if placement.company_answered_at:
            events.append(Event(placement.company_answered_at, "answer",
                                _("%(company)s: %(status)s", company=placement.company.name,
                                  status=(PlacementStatus.DECLINED.label if placement.decline_reason
                                          else PlacementStatus.ACCEPTED.label).lower())
                                + (f" – {placement.decline_reason}" if placement.decline_reason else "")))
        if placement.status_changed_at and placement.status in (PlacementStatus.ACTIVE, PlacementStatus.PAUSED,
                                                                 PlacementStatus.ENDED, PlacementStatus.COMPLETED,
                                                                 PlacementStatus.CANCELLED):
            events.append(Event(placement.status_changed_at, "placement",
                                _("Praktikken hos %(company)s: %(status)s", company=placement.company.name,
                                  status=placement.status.label.lower())
                                + (f" – {placement.end_reason}" if placement.end_reason else "")))
        for exception in placement.attendance:
            events.append(Event(exception.recorded_at, "attendance",
                                _("%(kind)s %(day)s hos %(company)s", kind=exception.kind.label,
                                  day=exception.day.strftime("%d.%m.%Y"), company=placement.company.name)))
        for feedback in placement.feedback:
            average = sum(feedback.answers.values()) / max(len(feedback.answers), 1)
            events.append(Event(feedback.created_at, "feedback",
                                _("Feedback fra %(author)s om %(company)s: %(avg).1f af 5",
                                  author=feedback.author.label.lower(), company=placement.company.name, avg=average)
                                + (f" – {feedback.comment}" if feedback.comment else "")))
    for task in db.session.scalars(db.select(FollowUpTask).where(FollowUpTask.youth_profile_id == profile.id)):
        events.append(Event(task.created_at, "follow_up",
                            _("Opfølgning: %(kind)s (frist %(due)s, %(status)s)", kind=task.kind.label,
                              due=task.due_on.strftime("%d.%m.%Y"), status=task.status.label.lower())))
    for outcome in db.session.scalars(db.select(Outcome).where(Outcome.youth_profile_id == profile.id)):
        events.append(Event(outcome.recorded_at, "outcome",
                            _("Resultat: %(kind)s", kind=outcome.kind.label)
                            + (f" – {outcome.education}" if outcome.education else "")))
    events.sort(key=lambda e: e.when, reverse=True)
    return events


# ---- what companies and young people may load ----------------------------------------------------------------------

def company_placement(company_id: int, placement_id: int) -> Placement | None:
    """Ownership at the query: another company's placement is simply not found."""
    return db.session.scalar(db.select(Placement).where(Placement.id == placement_id,
                                                        Placement.company_id == company_id))


def company_placements(company_id: int) -> list[Placement]:
    return list(db.session.scalars(db.select(Placement).where(
        Placement.company_id == company_id,
        Placement.status.not_in([PlacementStatus.CANCELLED])).order_by(Placement.starts_on, Placement.id)))


def youth_proposals(profile: YouthProfile) -> list[Proposal]:
    """The young person sees approved plans only: proposals are staff's working material."""
    return list(db.session.scalars(db.select(Proposal).where(
        Proposal.youth_profile_id == profile.id, Proposal.status == ProposalStatus.APPROVED).order_by(Proposal.id)))


def youth_placement(profile: YouthProfile, placement_id: int) -> Placement | None:
    return db.session.scalar(db.select(Placement).where(Placement.id == placement_id,
                                                        Placement.youth_profile_id == profile.id))


# ---- partner network hooks -----------------------------------------------------------------------------------------

HOSTED = (PlacementStatus.ACCEPTED, PlacementStatus.ACTIVE, PlacementStatus.PAUSED, PlacementStatus.ENDED,
          PlacementStatus.COMPLETED)


def hosted_counter(company_ids: list[int]) -> dict[int, int]:
    """Distinct young people each company has hosted (accepted or later)."""
    if not company_ids:
        return {}
    rows = db.session.execute(
        db.select(Placement.company_id, sa.func.count(sa.distinct(Placement.youth_profile_id)))
        .where(Placement.company_id.in_(company_ids), Placement.status.in_(HOSTED))
        .group_by(Placement.company_id))
    return {company_id: count for company_id, count in rows}


def shared_pairs_source() -> set[tuple[int, int]]:
    """Two companies have shared a young person when both hosted the same one."""
    by_youth: dict[int, set[int]] = defaultdict(set)
    for youth_id, company_id in db.session.execute(
            db.select(Placement.youth_profile_id, Placement.company_id).where(Placement.status.in_(HOSTED))):
        by_youth[youth_id].add(company_id)
    pairs = set()
    for hosts in by_youth.values():
        ordered = sorted(hosts)
        pairs |= {(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:]}
    return pairs


companies.register_hosted_counter(hosted_counter)
companies.register_shared_pairs_source(shared_pairs_source)


@dataclass
class CandidateScore:
    company: Company
    score: float
    distance_km: float
    components: dict[str, float]

    @property
    def curious(self) -> bool:
        return self.components.get("curious_company", 0) > 0 or self.components.get("curious_area", 0) > 0


def candidate_scores(actor: User, round_: PlanningRound, profile: YouthProfile,
                     limit: int = 20) -> list[CandidateScore]:
    """The matcher's own scoring of one young person's reachable companies, split into its parts, so staff can see
    why a company is proposed – and how a "curious" mark from the fair moves it."""
    _require_staff(actor)
    round_input = adapter.build_instance(round_, [profile])
    candidates = matching.score_candidates(round_input.instance).get(adapter.youth_key(profile.id), [])[:limit]
    ids = [adapter.parse_key(c.company_id) for c in candidates]
    companies = {c.id: c for c in db.session.scalars(db.select(Company).where(Company.id.in_(ids)))} if ids else {}
    record(actor, "match_scores_viewed", object_type="planning_round", object_id=round_.id,
           subject_user_id=profile.user_id)
    return [CandidateScore(company=companies[adapter.parse_key(c.company_id)], score=round(float(c.score), 3),
                           distance_km=round(float(c.distance_km), 1),
                           components={k: round(float(v), 3) for k, v in c.components.items()})
            for c in candidates]
