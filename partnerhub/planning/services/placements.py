"""Placements: a young person at one company in one period, from the offer to its end, and who may load which."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Select
from sqlalchemy.orm import joinedload, selectinload

from partnerhub.accounts.models import User
from partnerhub.audit.service import record, record_now
from partnerhub.companies.models import Company, CompanyCapacity, PlanningPeriod
from partnerhub.companies.service import mail_recipients
from partnerhub.extensions import db
from partnerhub.guardians import service as guardians
from partnerhub.i18n import gettext as _
from partnerhub.outbox.service import send_mail
from partnerhub.permissions import Role
from partnerhub.planning.models import (
    HOSTED,
    NEEDS_REASON,
    PLACEMENT_TRANSITIONS,
    SEAT_HOLDING,
    FollowUpKind,
    Placement,
    PlacementStatus,
    Proposal,
    ProposalItem,
)
from partnerhub.planning.services.common import PlanningError, link, require_staff, today
from partnerhub.planning.services.followup import create_task
from partnerhub.planning.services.seats import book_seat, release_seat
from partnerhub.planning.services.young_workers import placement_errors
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import YouthProfile
from partnerhub.youth.service import company_facing_summary

STAFF_ACTIONS = {"start": PlacementStatus.ACTIVE, "pause": PlacementStatus.PAUSED, "resume": PlacementStatus.ACTIVE,
                 "end": PlacementStatus.ENDED, "complete": PlacementStatus.COMPLETED,
                 "cancel": PlacementStatus.CANCELLED}
# The company's answer, given by phone and entered by staff.
COMPANY_ANSWERS = {"company_yes": True, "company_no": False}


def transition_placement(actor: User | None, placement: Placement, new_status: PlacementStatus, *,
                         reason: str | None = None) -> None:
    """The one way a placement's status changes; a placement that gives back its seat frees it for others."""
    if new_status not in PLACEMENT_TRANSITIONS[placement.status]:
        raise PlanningError(_("En praktik, der er '%(old)s', kan ikke blive '%(new)s'.", old=placement.status.label,
                              new=new_status.label))
    if new_status is PlacementStatus.ACTIVE and not placement.statement_complete:
        raise PlanningError(_("Den skriftlige udtalelse fra arbejdsgiver og tillidsrepræsentant skal være på plads, "
                              "før praktikken starter."))
    if new_status is PlacementStatus.ACTIVE:
        _refuse_start_against_young_worker_rules(placement)
    if new_status in NEEDS_REASON and not (reason or "").strip():
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


def _refuse_start_against_young_worker_rules(placement: Placement) -> None:
    """Under 18: nothing starts or resumes without the guardian's consent, or against the young-worker rules."""
    problems = placement_errors(placement)
    consent = guardians.start_problem(placement)
    if consent:
        problems.append(consent)
    if problems:
        raise PlanningError(" ".join(problems))


def require_own_company(actor: User, placement: Placement) -> None:
    """HR act only on their own company's placements."""
    if actor.role is not Role.COMPANY or actor.company_id != placement.company_id:
        raise PermissionError("not this company's placement")


def busy_periods(profile_id: int, exclude_proposal_id: int | None = None) -> set[int]:
    """The periods in which the young person already holds a seat (outside one proposal, if given)."""
    query = db.select(Placement.period_id).where(Placement.youth_profile_id == profile_id,
                                                 Placement.status.in_(SEAT_HOLDING))
    if exclude_proposal_id is not None:
        query = query.where(Placement.proposal_id != exclude_proposal_id)
    return set(db.session.scalars(query))


def offer_placement(actor: User, proposal: Proposal, item: ProposalItem) -> Placement:
    """Books the seat (or refuses with CapacityError), creates the placement and mails the offer to the company."""
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
    company = db.session.get_one(Company, placement.company_id)
    period = db.session.get_one(PlanningPeriod, placement.period_id)
    offer_link = link("planning.company_offer", placement_id=placement.id)
    for recipient in mail_recipients(company):
        send_mail(recipient.email, _("Ny praktikant foreslået: %(period)s", period=period.name),
                  _("Ungeenheden foreslår en ung i praktik hos %(company)s fra %(start)s til %(end)s.\n\n"
                    "Se forslaget og svar her: %(link)s", company=company.name,
                    start=placement.starts_on.strftime("%d.%m.%Y"), end=placement.ends_on.strftime("%d.%m.%Y"),
                    link=offer_link), recipient_user_id=recipient.user_id)


def companies_without_login(offered: Iterable[Placement]) -> list[Company]:
    """The companies among these offers that have no active HR user: they cannot see or answer the offer in
    PartnerHub (at most a mail to their contact address without a way in), so staff must ring them."""
    found = {p.company_id: p.company for p in offered if not p.company.has_hr_login}
    return sorted(found.values(), key=lambda c: (c.name.lower(), c.id))


def offers_to_ring(round_id: int) -> list[Placement]:
    """The round's offers still awaiting an answer from a company without an active HR user, by start date.

    Asked as "in the round's proposals" and "at a company without a login": PostgreSQL planned the join with a
    correlated NOT EXISTS as a walk over every offered placement of every round by company (20 ms at 7,500
    placements, on each view of the round page); this way it reads the round's proposals and the companies once.
    The company, young person and period the page names come in the same query, not one lazy load per offer."""
    return list(db.session.scalars(_offers_to_ring_statement(), {"round_id": round_id}))


@cache
def _offers_to_ring_statement() -> Select[Placement]:
    """offers_to_ring's statement, built once with the round as a bind parameter: the round page runs it on every
    view (why once: review._statements)."""
    without_login = db.select(Company.id).where(~sa.exists().where(
        User.company_id == Company.id, User.role == Role.COMPANY, User.active.is_(True)))
    return (db.select(Placement)
            .where(Placement.proposal_id.in_(db.select(Proposal.id).where(Proposal.round_id == sa.bindparam(
                "round_id"))), Placement.status == PlacementStatus.OFFERED, Placement.company_id.in_(without_login))
            .options(joinedload(Placement.company), joinedload(Placement.profile), joinedload(Placement.period))
            .order_by(Placement.starts_on, Placement.id))


def answer_offer(actor: User, placement: Placement, *, accept: bool, reason: str | None = None) -> None:
    """HR accepts or declines; a decline reopens the period for staff, who get a task and ranked alternatives."""
    require_own_company(actor, placement)
    _record_company_answer(actor, placement, accept=accept, reason=reason)


def record_answer_for_company(actor: User, placement: Placement, *, accept: bool, reason: str | None) -> None:
    """Staff note the answer a company gave by phone, with the same effects as the company's own click; the audit
    log says staff entered it, and the company sees its answer on its offer page."""
    require_staff(actor)
    if placement.status is not PlacementStatus.OFFERED:
        raise PlanningError(_("%(company)s har allerede svaret.", company=placement.company.name))
    _record_company_answer(actor, placement, accept=accept, reason=reason)
    record(actor, "company_answer_entered_by_staff", object_type="placement", object_id=placement.id,
           subject_user_id=placement.profile.user_id, detail={"accept": accept})


def answer_entered_by_unit(placement: Placement) -> bool:
    """The company answered by phone and staff entered it: the one who answered is not among its HR users."""
    return placement.company_answered_by_id is not None and \
        placement.company_answered_by_id not in {user.id for user in placement.company.hr_users}


def _record_company_answer(actor: User, placement: Placement, *, accept: bool, reason: str | None) -> None:
    placement.company_answered_at, placement.company_answered_by_id = utcnow(), actor.id
    if accept:
        transition_placement(actor, placement, PlacementStatus.ACCEPTED)
        if guardians.consent_needed(placement) and placement.profile.guardian is not None \
                and guardians.latest_consent(placement) is None:
            guardians.request_consent(None, placement)  # the plan is agreed: the guardian is asked at once
        return
    transition_placement(actor, placement, PlacementStatus.DECLINED, reason=reason)
    create_task(placement.profile, FollowUpKind.DECLINED, placement=placement,
                note=_("%(company)s sagde nej til %(period)s: %(reason)s", company=placement.company.name,
                       period=placement.period.name, reason=reason))


def confirm_statement(actor: User, placement: Placement, *, employer: bool, steward: bool) -> None:
    """HR confirm the written statement from employer and shop steward; both are needed before the start."""
    require_own_company(actor, placement)
    if not placement.statement_open:
        raise PlanningError(_("Praktikken er ikke længere aktuel."))
    placement.statement_employer, placement.statement_steward = employer, steward
    placement.statement_confirmed_at = utcnow() if employer and steward else None
    placement.statement_confirmed_by_id = actor.id if employer and steward else None
    db.session.flush()
    record(actor, "placement_statement", object_type="placement", object_id=placement.id,
           detail={"employer": employer, "steward": steward})


def staff_change_placement(actor: User, placement: Placement, action: str, reason: str | None) -> None:
    """Pause, resume, start, complete or end early, or note the company's answer given by phone. Nothing here ends
    a placement by itself."""
    require_staff(actor)
    if action in COMPANY_ANSWERS:
        record_answer_for_company(actor, placement, accept=COMPANY_ANSWERS[action], reason=reason)
        return
    if action not in STAFF_ACTIONS:
        raise PlanningError(_("Ukendt handling."))
    transition_placement(actor, placement, STAFF_ACTIONS[action], reason=reason)


def replace_rest(actor: User, proposal: Proposal) -> int:
    """Withdraws every placement of the rotation that has not started, so staff can plan the rest anew."""
    require_staff(actor)
    count = 0
    for placement in proposal.placements:
        if placement.is_not_started and placement.starts_on > today():
            transition_placement(actor, placement, PlacementStatus.CANCELLED, reason="replace_rest")
            count += 1
    return count


def company_view(actor: User, placement: Placement) -> dict[str, Any]:
    """What HR may know about the young person in their placement: the company-facing summary only. Logged."""
    require_own_company(actor, placement)
    record_now(actor, "placement_viewed_by_company", object_type="placement", object_id=placement.id,
               subject_user_id=placement.profile.user_id)
    return company_facing_summary(placement.profile)


def capacity_of(placement: Placement) -> CompanyCapacity | None:
    """The company's declared capacity (weekdays, hours) for the placement's period."""
    return db.session.scalar(db.select(CompanyCapacity).where(CompanyCapacity.company_id == placement.company_id,
                                                              CompanyCapacity.period_id == placement.period_id))


def capacities_of(placements: list[Placement]) -> dict[int, CompanyCapacity | None]:
    """Placement id -> capacity_of(placement), for a list of placements in one query (a plan page shows several)."""
    if not placements:
        return {}
    found = {(c.company_id, c.period_id): c for c in db.session.scalars(db.select(CompanyCapacity).where(
        CompanyCapacity.company_id.in_({p.company_id for p in placements}),
        CompanyCapacity.period_id.in_({p.period_id for p in placements})))}
    return {p.id: found.get((p.company_id, p.period_id)) for p in placements}


# ---- what companies and young people may load: ownership at the query, another's placement is simply not found --

def company_placement(company_id: int, placement_id: int) -> Placement | None:
    return db.session.scalar(db.select(Placement).where(Placement.id == placement_id,
                                                        Placement.company_id == company_id))


def company_placements(company_id: int) -> list[Placement]:
    """Everything but what staff withdrew; a declined offer stays in the company's list. The young person and the
    period, which the list names, come along (two queries, not two per placement)."""
    return list(db.session.scalars(db.select(Placement).where(
        Placement.company_id == company_id,
        Placement.status.not_in([PlacementStatus.CANCELLED])).order_by(Placement.starts_on, Placement.id)
        .options(selectinload(Placement.profile), selectinload(Placement.period))))


def youth_placement(profile: YouthProfile, placement_id: int) -> Placement | None:
    return db.session.scalar(db.select(Placement).where(Placement.id == placement_id,
                                                        Placement.youth_profile_id == profile.id))


# ---- the partner network: company facts only -----------------------------------------------------------------------

def hosted_counts(company_ids: list[int]) -> dict[int, int]:
    """Distinct young people each company has hosted (accepted or later); 0 for a company that has hosted none."""
    counts = dict.fromkeys(company_ids, 0)
    if company_ids:
        counts.update(db.session.execute(
            db.select(Placement.company_id, sa.func.count(sa.distinct(Placement.youth_profile_id)))
            .where(Placement.company_id.in_(company_ids), Placement.status.in_(HOSTED))
            .group_by(Placement.company_id)).all())
    return counts


def shared_pairs() -> set[tuple[int, int]]:
    """Two companies (lower id first) have shared a young person when both hosted the same one."""
    by_youth: dict[int, set[int]] = defaultdict(set)
    for youth_id, company_id in db.session.execute(
            db.select(Placement.youth_profile_id, Placement.company_id).where(Placement.status.in_(HOSTED))):
        by_youth[youth_id].add(company_id)
    pairs: set[tuple[int, int]] = set()
    for hosts in by_youth.values():
        ordered = sorted(hosts)
        pairs |= {(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:]}
    return pairs
