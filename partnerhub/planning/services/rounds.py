"""Planning rounds: periods shared with the companies' capacity, the young people in the round, the matcher run
as a background job, and closing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy import Select
from sqlalchemy.orm import joinedload, selectinload

from partnerhub import matching
from partnerhub.accounts.models import User
from partnerhub.audit.service import record, record_now
from partnerhub.companies import service as companies
from partnerhub.companies.models import Company, CompanyCapacity, CompanyStatus, PlanningPeriod
from partnerhub.eligibility.service import reason_phrases
from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.i18n import ngettext
from partnerhub.jobs.models import BackgroundJob
from partnerhub.jobs.service import Progress, handler, record_lost_workers, submit
from partnerhub.matching.model import Mode
from partnerhub.planning import engine_adapter as adapter
from partnerhub.planning.models import (
    LIVE,
    ROUND_TRANSITIONS,
    Placement,
    PlanningRound,
    Proposal,
    ProposalItem,
    ProposalStatus,
    RoundParticipant,
    RoundPeriod,
    RoundStatus,
)
from partnerhub.planning.services.checks import group_duration_warnings
from partnerhub.planning.services.common import PlanningError, require_staff, today
from partnerhub.planning.services.placements import offers_to_ring
from partnerhub.planning.services.proposals import transition_proposal
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import Readiness, YouthProfile, YouthStaffRecord, name_of

JOB_KIND = "planning-run"
MAX_PERIODS = 6
MAX_WEEKS = 26
OVERLAP_NAMES_SHOWN = 5  # the overlap warning names this many young people, then says how many more
ROUND_MODES = ("lexicographic", "diverse")  # the engine's modes (matching.PlanOptions.mode)


def default_participants() -> list[YouthProfile]:
    """Every active young person without a placement that is offered, accepted, running or paused."""
    busy = db.select(Placement.youth_profile_id).where(Placement.status.in_(LIVE))
    return list(db.session.scalars(
        db.select(YouthProfile).join(User, User.id == YouthProfile.user_id)
        .where(User.active.is_(True), YouthProfile.id.not_in(busy))
        .order_by(YouthProfile.first_name, YouthProfile.id)))


def next_start() -> date:
    """The first day a new round is offered: the next planning period's Monday, or else next Monday."""
    upcoming = db.session.scalar(db.select(PlanningPeriod.starts_on).where(PlanningPeriod.starts_on >= today())
                                 .order_by(PlanningPeriod.starts_on))
    if upcoming is not None and upcoming.weekday() == 0:
        return upcoming
    day = today()
    return day + timedelta(days=(7 - day.weekday()) % 7 or 7)


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


def _refuse_bad_shape(*, starts_on: date, period_count: int, period_weeks: int, rotation_k: int, mode: str,
                      history: bool = False) -> None:
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
    if starts_on < today() and not history:
        raise PlanningError(past_start_message())


def past_start_message() -> str:
    """One wording for the form and the service: a round cannot be planned backwards in time."""
    return _("Første dag kan ikke ligge før i dag (%(today)s).", today=today().strftime("%d.%m.%Y"))


def round_end(starts_on: date, period_count: int, period_weeks: int) -> date:
    """The Friday the last period of a round of that shape ends."""
    return period_dates(starts_on, period_count - 1, period_weeks)[1]


def in_other_open_rounds(starts_on: date, ends_on: date, *, except_round_id: int | None = None) -> dict[int, str]:
    """Young person id -> the name of an open round over some of the same days. Two open rounds would plan the same
    person twice, so the new-round form does not tick them and says why."""
    overlapping = {r.id: r.name for r in db.session.scalars(
        db.select(PlanningRound).where(PlanningRound.status != RoundStatus.CLOSED,
                                       PlanningRound.starts_on <= ends_on))
        if r.ends_on >= starts_on and r.id != except_round_id}
    if not overlapping:
        return {}
    rows = db.session.execute(db.select(RoundParticipant.youth_profile_id, RoundParticipant.round_id)
                              .where(RoundParticipant.round_id.in_(overlapping)).order_by(RoundParticipant.round_id))
    busy: dict[int, str] = {}
    for profile_id, round_id in rows:
        busy.setdefault(profile_id, overlapping[round_id])
    return busy


def overlap_warning(busy: dict[int, str], profiles: list[YouthProfile]) -> str | None:
    """Names the young people who are already in another open round over the same days, with that round."""
    named = [f"{p.display_name} ({busy[p.id]})" for p in profiles if p.id in busy]
    if not named:
        return None
    names = ", ".join(named[:OVERLAP_NAMES_SHOWN])
    if len(named) > OVERLAP_NAMES_SHOWN:  # the checkboxes name the round for everyone; the warning stays short
        names += " " + ngettext("og %(num)d mere", "og %(num)d flere", len(named) - OVERLAP_NAMES_SHOWN)
    return ngettext("%(num)d ung er allerede med i en anden åben runde i de samme uger: %(names)s.",
                    "%(num)d unge er allerede med i en anden åben runde i de samme uger: %(names)s.",
                    len(named), names=names)


def round_overlap_warning(round_: PlanningRound) -> str | None:
    """After creating a round: the participants staff ticked although another open round has them."""
    busy = in_other_open_rounds(round_.starts_on, round_.ends_on, except_round_id=round_.id)
    return overlap_warning(busy, [rp.profile for rp in round_.participants])


def create_round(actor: User, *, name: str, starts_on: date, period_count: int, period_weeks: int, rotation_k: int,
                 participant_ids: list[int] | None = None, carry_capacity: bool = True,
                 mode: str = "lexicographic", history: bool = False) -> PlanningRound:
    """A round over new or reused periods; without a list of young people, everyone free to take part is in it.
    Staff can't plan backwards in time; `history` is for loading rounds that already happened (the bench data)."""
    require_staff(actor)
    _refuse_bad_shape(starts_on=starts_on, period_count=period_count, period_weeks=period_weeks,
                      rotation_k=rotation_k, mode=mode, history=history)
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


def transition_round(actor: User | None, round_: PlanningRound, new_status: RoundStatus) -> None:
    """The one way a round's status changes."""
    if new_status not in ROUND_TRANSITIONS[round_.status]:
        raise PlanningError(_("Runden kan ikke gå fra '%(old)s' til '%(new)s'.", old=round_.status.label,
                              new=new_status.label))
    old = round_.status
    round_.status = new_status
    db.session.flush()
    record(actor, "planning_round_status", object_type="planning_round", object_id=round_.id,
           detail={"from": str(old), "to": str(new_status)})


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


UNPLACED_SHOWN = 20  # the round page names this many young people without a proposal; their own page has the rest
UNPLACED_PER_PAGE = 100


@dataclass(frozen=True)
class UnplacedYoung:
    """A young person in the list of those without a proposal: whom the line names and links to (two columns)."""

    id: int
    display_name: str


@dataclass
class Unplaced:
    """One page of the last run's young people without a rotation: each with the reason code and, for eligibility,
    the rules in words; `total` counts them all."""

    rows: list[tuple[UnplacedYoung, str, str]]
    total: int


def unplaced_page(round_: PlanningRound, page: int, per_page: int) -> Unplaced:
    """A page of the unplaced young people in the run's order: a large round leaves hundreds, too many to load and
    draw on every view of the round page; only the page's names are read."""
    reasons = [(int(pid), code) for pid, code in (round_.unplaced or {}).items()]
    shown = reasons[(max(page, 1) - 1) * per_page: max(page, 1) * per_page]
    names = {pid: name_of(first, last) for pid, first, last in db.session.connection().execute(  # plain rows
        _names_of(), {"ids": [pid for pid, _code in shown]})} if shown else {}
    phrases: dict[str, str] = {}  # many share the same eligibility codes
    rows = []
    for pid, code in shown:
        if pid in names:
            kind, _sep, detail = code.partition(":")
            if detail not in phrases:
                phrases[detail] = reason_phrases(detail.split(","))
            rows.append((UnplacedYoung(pid, names[pid]), kind, phrases[detail]))
    return Unplaced(rows, len(reasons))


# The round page's statements, built once with bind parameters (why: review._statements).
@cache
def _names_of() -> Select[int, str, str | None]:
    return sa.select(YouthProfile.id, YouthProfile.first_name, YouthProfile.last_name) \
        .where(YouthProfile.id.in_(sa.bindparam("ids", expanding=True)))


@cache
def _participants_by_group() -> Select[Readiness | None, int]:
    return sa.select(YouthStaffRecord.readiness, sa.func.count()).select_from(RoundParticipant) \
        .outerjoin(YouthStaffRecord, YouthStaffRecord.profile_id == RoundParticipant.youth_profile_id) \
        .where(RoundParticipant.round_id == sa.bindparam("round_id")).group_by(YouthStaffRecord.readiness)


@dataclass
class RoundOverview:
    """What the round page shows beside the proposal list."""

    job: BackgroundJob | None
    periods: list[tuple[PlanningPeriod, tuple[int, int]]]  # each period with (companies, seats) declared
    participant_count: int
    unplaced: Unplaced  # the first UNPLACED_SHOWN of them
    warnings: list[str]
    to_ring: list[Placement]  # offers awaiting companies without a login (placements.offers_to_ring)


def round_overview(actor: User, round_: PlanningRound) -> RoundOverview:
    """The round's last run, capacity, unplaced young people, duration warnings and offers to ring. Viewing it is
    logged, after the reads: the log's own commit hands the connection back, and a read after it would check one
    out (and ping it) again."""
    require_staff(actor)
    capacities = companies.capacity_summary(round_period_list(round_))
    by_group: dict[Readiness | None, int] = dict(db.session.connection().execute(  # young people per group
        _participants_by_group(), {"round_id": round_.id}).all())
    overview = RoundOverview(
        job=db.session.get(BackgroundJob, round_.last_job_id) if round_.last_job_id else None,
        periods=[(rp.period, capacities[rp.period_id]) for rp in round_.periods],
        participant_count=sum(by_group.values()),
        unplaced=unplaced_page(round_, 1, UNPLACED_SHOWN),
        warnings=group_duration_warnings(round_.period_weeks, {
            group: count for group, count in by_group.items() if group is not None}),
        to_ring=offers_to_ring(round_.id))
    record_now(actor, "planning_round_viewed", object_type="planning_round", object_id=round_.id)
    return overview


def view_unplaced(actor: User, round_: PlanningRound, page: int) -> Unplaced:
    """The full list of the round's unplaced young people, a page at a time; viewing names them, so it is logged."""
    require_staff(actor)
    record_now(actor, "planning_round_viewed", object_type="planning_round", object_id=round_.id,
               detail={"unplaced_page": page})
    return unplaced_page(round_, page, UNPLACED_PER_PAGE)


# ---- the matcher run -----------------------------------------------------------------------------------------------

def start_run(actor: User, round_: PlanningRound) -> BackgroundJob:
    """Queues the matcher; the request returns at once and the progress page polls the job."""
    require_staff(actor)
    if round_.is_closed:
        raise PlanningError(_("Runden er lukket."))
    record(actor, "planning_run_started", object_type="planning_round", object_id=round_.id)
    record_lost_workers(JOB_KIND, {"round_id": round_.id})  # a run whose worker died is failed, not running
    job = submit(actor, JOB_KIND, {"round_id": round_.id})  # submit commits, so the worker finds the job
    round_.last_job_id = job.id
    db.session.flush()
    return job


def round_job(round_: PlanningRound, job_id: int) -> BackgroundJob | None:
    """The round's matcher run with that id; any other job is not found here."""
    job = db.session.get(BackgroundJob, job_id)
    if job is None or job.kind != JOB_KIND or job.payload.get("round_id") != round_.id:
        return None
    return job


def register_jobs() -> None:
    """Called by create_app, so the web process and the worker both know the matcher run."""
    handler(JOB_KIND)(run_round_job)


def run_round_job(job: BackgroundJob, progress: Progress) -> dict[str, Any]:
    """The job handler: the worker runs the round as the staff member who started it."""
    round_ = db.session.get(PlanningRound, job.payload["round_id"])
    if round_ is None:
        raise PlanningError("round not found")
    actor = db.session.get(User, job.created_by_id) if job.created_by_id else None
    progress("preparing", 0.0)
    return run_round(actor, round_, progress=progress)


def run_round(actor: User | None, round_: PlanningRound, progress: Progress | None = None) -> dict[str, Any]:
    """Runs the engine; proposals not yet approved are superseded, approved ones are passed as fixed."""
    round_input = adapter.build_instance(round_, participant_profiles(round_))
    options = matching.PlanOptions(mode=cast("Mode", round_.mode))  # create_round let only ROUND_MODES in
    plan = matching.plan(round_input.instance, options, progress=progress)
    for proposal in round_.proposals:
        if proposal.is_open:
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
    # A not_eligible reason keeps its eligibility codes: "not_eligible:last_employer,company_load".
    unplaced = {str(adapter.parse_key(u.youth_id)): f"{u.code}:{u.detail}" if u.detail else u.code
                for u in plan.unplaced}
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
    """No more runs or approvals; the proposals nobody approved are superseded."""
    require_staff(actor)
    for proposal in round_.proposals:
        if proposal.is_open:
            transition_proposal(actor, proposal, ProposalStatus.SUPERSEDED)
    transition_round(actor, round_, RoundStatus.CLOSED)
