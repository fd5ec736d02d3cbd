"""Proposals: one young person's rotation in a round, from the matcher or by hand; staff edit, approve or reject it,
and the young person answers the approved plan."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Integer, Select, bindparam
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from partnerhub import matching
from partnerhub.accounts.models import User
from partnerhub.audit.service import record, record_now
from partnerhub.companies.models import Company, CompanyCapacity, CompanyStatus, PlanningPeriod
from partnerhub.eligibility.service import pair_errors as eligibility_errors
from partnerhub.eligibility.service import rotation_errors
from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.i18n import ngettext
from partnerhub.outbox.service import send_mail
from partnerhub.permissions import Role
from partnerhub.planning import engine_adapter as adapter
from partnerhub.planning.models import (
    PROPOSAL_TRANSITIONS,
    YOUTH_ANSWER_TRANSITIONS,
    FollowUpKind,
    Placement,
    PlanningRound,
    Proposal,
    ProposalItem,
    ProposalStatus,
    RoundParticipant,
    RoundPeriod,
    YouthAnswer,
)
from partnerhub.planning.services.alternatives import current_companies, scores_for
from partnerhub.planning.services.checks import Check, check_rotation, distance_km, item_warnings
from partnerhub.planning.services.common import PlanningError, link, require_staff
from partnerhub.planning.services.followup import create_task
from partnerhub.planning.services.placements import (
    busy_periods,
    capacities_of,
    companies_without_login,
    offer_placement,
)
from partnerhub.planning.services.seats import seats_taken_by_seat
from partnerhub.planning.services.weekdays import PlacementDays, placement_days
from partnerhub.reference.models import MainArea
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import YouthProfile
from partnerhub.youth.service import profiles_page

REJECT_CODES = {
    "travel": _l("For lang transport"),
    "fit": _l("Passer ikke til den unges ønsker"),
    "timing": _l("Tidspunktet passer ikke"),
    "needs": _l("Virksomheden kan ikke tage de hensyn, den unge har brug for"),
    "other": _l("Andet"),
}


def transition_proposal(actor: User | None, proposal: Proposal, new_status: ProposalStatus, *, audit: bool = True,
                        detail: dict[str, Any] | None = None) -> None:
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


def approve(actor: User, proposal: Proposal) -> list[Placement]:
    """Books every seat of the rotation or none (the caller rolls back on error), then sends the offers."""
    require_staff(actor)
    if not proposal.items:
        raise PlanningError(_("Forslaget har ingen virksomheder."))
    busy = busy_periods(proposal.youth_profile_id)
    clash = [item.period.name for item in proposal.items if item.period_id in busy]
    if clash:
        raise PlanningError(_("Den unge har allerede en praktik i %(periods)s.", periods=", ".join(clash)))
    # A flag, a recorded last employer or a company's load may have come after the matcher ran.
    refused = [error for item in proposal.items
               for error in eligibility_errors(proposal.profile, item.company, item.period, proposal.id)]
    if refused:
        raise PlanningError(" ".join(refused))
    transition_proposal(actor, proposal, ProposalStatus.APPROVED)
    placements = [offer_placement(actor, proposal, item) for item in proposal.items]
    _notify_youth(proposal)
    return placements


def approval_messages(offered: list[Placement], approved: int | None = None) -> tuple[str, str | None]:
    """What staff are told after approving: which companies got the offer in PartnerHub, and which have no HR login
    and must be rung, by name, so nobody believes an offer reached a company that got nothing it can answer."""
    ring = companies_without_login(offered)
    reached = sorted({p.company.name for p in offered} - {c.name for c in ring}, key=str.lower)
    done = (_("Forslaget er godkendt, og den unge kan se sin plan.") if approved is None else
            ngettext("%(num)d forslag er godkendt.", "%(num)d forslag er godkendt.", approved))
    if reached:
        done += " " + _("Tilbud sendt i PartnerHub til: %(companies)s.", companies=", ".join(reached))
    if not ring:
        return done, None
    call = ngettext("Ring til %(companies)s: virksomheden har intet HR-login og kan ikke se tilbuddet i PartnerHub.",
                    "Ring til %(companies)s: virksomhederne har intet HR-login og kan ikke se tilbuddet i PartnerHub.",
                    len(ring), companies=", ".join(
                        f"{c.name} ({c.contact_phone})" if c.contact_phone else c.name for c in ring))
    return done, call


def _notify_youth(proposal: Proposal) -> None:
    user = proposal.profile.user
    send_mail(user.email, _("Din praktikplan er klar"),
              _("Hej %(name)s\n\nDin plan er klar. Se den og sig ja, eller bed om en snak med din kontaktperson: "
                "%(link)s", name=proposal.profile.first_name, link=link("planning.youth_plan")),
              recipient_user_id=user.id)


def reject(actor: User, proposal: Proposal, code: str, text: str | None) -> None:
    require_staff(actor)
    if code not in REJECT_CODES:
        raise PlanningError(_("Vælg en grund."))
    proposal.reject_code, proposal.reject_text = code, (text or "").strip() or None
    transition_proposal(actor, proposal, ProposalStatus.REJECTED, detail={"code": code})


def set_item(actor: User, proposal: Proposal, period: PlanningPeriod, company: Company) -> Check:
    """Swap the company in a period, or add a period. An approved rotation gets a new offer for that period
    (after a decline, or after the rest of the rotation was replaced)."""
    require_staff(actor)
    if proposal.status not in (ProposalStatus.PROPOSED, ProposalStatus.APPROVED):
        raise PlanningError(_("Forslaget kan ikke ændres, når det er '%(status)s'.", status=proposal.status.label))
    if proposal.is_approved and any(p.period_id == period.id and p.holds_seat for p in proposal.placements):
        raise PlanningError(_("Perioden har allerede en praktik. Afslut eller erstat den først."))
    wanted = {**current_companies(proposal), period.id: company.id}
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
    item.score = scores_for(proposal.round, proposal.profile).get(company.id, 0.0)
    item.explanation = {"manual": True, "distance_km": distance_km(proposal.profile, company)}
    _renumber(proposal)
    if proposal.is_open:
        proposal.source = "edited" if proposal.source == "matcher" else proposal.source
    db.session.flush()
    record(actor, "proposal_item_set", object_type="proposal", object_id=proposal.id,
           subject_user_id=proposal.profile.user_id,
           detail={"period_id": period.id, "company_id": company.id, "was": old_company})
    if proposal.is_approved:
        offer_placement(actor, proposal, item)
    return check


def drop_item(actor: User, proposal: Proposal, period: PlanningPeriod) -> None:
    require_staff(actor)
    if not proposal.is_open:
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
    require_staff(actor)
    if round_.is_closed:
        raise PlanningError(_("Runden er lukket."))
    check = check_rotation(round_, profile, companies_by_period)
    if check.errors:
        raise PlanningError(" ".join(check.errors))
    for old in round_.proposals:
        if old.youth_profile_id == profile.id and old.is_open:
            transition_proposal(actor, old, ProposalStatus.SUPERSEDED)
    scores = scores_for(round_, profile)
    proposal = Proposal(round_id=round_.id, youth_profile_id=profile.id, source="manual")
    db.session.add(proposal)
    for period_id, company_id in companies_by_period.items():
        company = db.session.get_one(Company, company_id)
        proposal.items.append(ProposalItem(company_id=company_id, period=db.session.get(PlanningPeriod, period_id),
                                           score=scores.get(company_id, 0.0),
                                           explanation={"manual": True, "distance_km": distance_km(profile, company)}))
    _renumber(proposal)
    if not any(p.youth_profile_id == profile.id for p in round_.participants):
        round_.participants.append(RoundParticipant(youth_profile_id=profile.id))
    db.session.flush()
    db.session.expire(round_, ["proposals"])
    record(actor, "proposal_manual", object_type="proposal", object_id=proposal.id, subject_user_id=profile.user_id,
           detail={"items": {str(k): v for k, v in companies_by_period.items()}})
    return proposal, check


@cache
def _page_statements() -> tuple[Select[Any], Select[Any]]:
    """The proposal page's proposal and its items, with the proposal's id a bind parameter: built once, as the round
    page's statements are (review._statements says why)."""
    proposal_id = bindparam("proposal_id", type_=Integer)
    proposal = db.select(Proposal).where(Proposal.id == proposal_id).options(
        joinedload(Proposal.round), joinedload(Proposal.profile).joinedload(YouthProfile.staff_record))
    items = db.select(ProposalItem).where(ProposalItem.proposal_id == proposal_id).order_by(ProposalItem.position) \
        .options(joinedload(ProposalItem.company).joinedload(Company.town), joinedload(ProposalItem.period))
    return proposal, items


def proposal_for_page(proposal_id: int) -> Proposal | None:
    """A proposal with what its page shows of it on every view (the round, the young person and their staff record),
    in one query instead of four."""
    return db.session.scalar(_page_statements()[0], {"proposal_id": proposal_id})


def view_proposal(actor: User, proposal: Proposal) -> list[tuple[ProposalItem, list[str]]]:
    """Each item of the rotation with the rules it bends (an open proposal still needs its seats, and an
    eligibility rule that has come since the run would refuse its approval). Logged. The items, their companies and
    the checks are loaded for the whole rotation at once, not item by item."""
    require_staff(actor)
    record_now(actor, "proposal_viewed", object_type="proposal", object_id=proposal.id,
               subject_user_id=proposal.profile.user_id)
    items = list(db.session.scalars(_page_statements()[1], {"proposal_id": proposal.id}))
    set_committed_value(proposal, "items", items)
    profile = proposal.profile
    errors = rotation_errors(profile, [(item.company, item.period) for item in items], proposal.id) \
        if proposal.is_open else [[] for _item in items]
    taken = seats_taken_by_seat({item.company_id for item in items}, [item.period_id for item in items])
    return [(item, refused + item_warnings(profile, item.company, item.period, extra_seat=proposal.is_open,
                                           taken=taken.get((item.company_id, item.period_id), 0)))
            for item, refused in zip(items, errors, strict=True)]


def open_periods(proposal: Proposal) -> list[PlanningPeriod]:
    """The round's periods staff can still fill: not in an open proposal, or without a held seat once approved."""
    if proposal.is_open:
        taken = {item.period_id for item in proposal.items}
    elif proposal.is_approved:
        taken = {p.period_id for p in proposal.placements if p.holds_seat}
    else:
        return []
    return list(db.session.scalars(  # one query, not one per period left open
        db.select(PlanningPeriod).join(RoundPeriod, RoundPeriod.period_id == PlanningPeriod.id)
        .where(RoundPeriod.round_id == proposal.round_id, PlanningPeriod.id.not_in(taken))
        .order_by(RoundPeriod.position)))


PLAN_OPTIONS = matching.PlanOptions()  # the bonus the app's runs use (rounds.run_round passes only the mode)


@dataclass
class Breadth:
    """The "diverse" mode's breadth rule gave this rotation its bonus: companies from these main areas."""

    main_areas: list[str]
    bonus: float


def breadth_note(proposal: Proposal) -> Breadth | None:
    """When the breadth rule shaped the rotation: a matcher proposal from a "diverse" run, for a young person with no
    one direction yet (the engine's diverse_preferred), whose companies span two or more main areas, each of which
    earned the bonus in the matcher's objective. Otherwise None: the page then says nothing about breadth."""
    stats = proposal.round.stats or {}
    if proposal.source != "matcher" or stats.get("mode") != "diverse" or not adapter.is_undecided(proposal.profile):
        return None
    codes = sorted({adapter.primary_main_area(item.company) for item in proposal.items} - {""})
    if len(codes) < 2:
        return None
    names = {m.code: m.name for m in db.session.scalars(db.select(MainArea).where(MainArea.code.in_(codes)))}
    return Breadth([names.get(code, code) for code in codes], PLAN_OPTIONS.diverse_bonus)


@dataclass
class YouthSearch:
    """The young people a manual placement can choose from: the one already chosen first, then the name matches."""

    options: list[YouthProfile]
    total: int  # how many match the search
    more: bool  # more match than are shown: the search is too broad
    chosen: YouthProfile | None


def youth_search(search: str, chosen: str | None = None) -> YouthSearch:
    """A name search instead of a list of every young person, which no page can hold in a municipality."""
    profile = db.session.get(YouthProfile, int(chosen)) if chosen and chosen.isdigit() and len(chosen) < 10 else None
    page = profiles_page(search) if search else None
    matches = [p for p in (page.items if page else []) if p is not profile]
    total = (page.total or 0) if page else 0
    return YouthSearch(options=([profile] if profile else []) + matches, total=total,
                       more=page is not None and total > len(page.items), chosen=profile)


def bookable_company_choices() -> list[tuple[str, str]]:
    """Approved companies that have declared seats in some period, by name, for a manual choice."""
    query = db.select(Company).join(CompanyCapacity).where(Company.status == CompanyStatus.APPROVED) \
        .order_by(Company.name).distinct()
    return [(str(c.id), c.name) for c in db.session.scalars(query)]


# ---- the young person's side ---------------------------------------------------------------------------------------

def _approved_plans(profile: YouthProfile) -> Select[Proposal]:
    return db.select(Proposal).where(
        Proposal.youth_profile_id == profile.id, Proposal.status == ProposalStatus.APPROVED).order_by(Proposal.id)


def youth_proposals(profile: YouthProfile) -> list[Proposal]:
    """The young person sees approved plans only: proposals are staff's working material."""
    return list(db.session.scalars(_approved_plans(profile)))


@dataclass
class PlanCard:
    """One approved plan as the young person sees it: the placements that will happen, with days and hours."""

    proposal: Proposal
    placements: list[Placement]
    capacities: dict[int, CompanyCapacity | None]  # placement id -> the company's declared days and hours
    days: dict[int, PlacementDays]  # placement id -> the days the young person really comes (both sides can)


def youth_plan_cards(profile: YouthProfile) -> list[PlanCard]:
    """The plan page's cards. What each placement shows (its company and town, its agreement, the company's days)
    comes in one query for all the plans' placements, not one query per placement."""
    plans = list(db.session.scalars(_approved_plans(profile).options(
        joinedload(Proposal.round), selectinload(Proposal.placements).joinedload(Placement.company)
        .joinedload(Company.town), selectinload(Proposal.placements).joinedload(Placement.agreement))))
    shown = {proposal.id: [p for p in proposal.placements if not p.called_off] for proposal in plans}
    capacities = capacities_of([p for placements in shown.values() for p in placements])
    return [PlanCard(proposal, shown[proposal.id], {p.id: capacities[p.id] for p in shown[proposal.id]},
                     {p.id: placement_days(p, capacities[p.id]) for p in shown[proposal.id]}) for proposal in plans]


def youth_plan(profile: YouthProfile, proposal_id: int) -> Proposal | None:
    """One of the young person's approved plans; anyone else's, or one not approved, is simply not found."""
    return db.session.scalar(db.select(Proposal).where(
        Proposal.id == proposal_id, Proposal.youth_profile_id == profile.id,
        Proposal.status == ProposalStatus.APPROVED))


def youth_answer(actor: User, proposal: Proposal, answer: YouthAnswer, comment: str | None = None) -> None:
    """The young person says yes to the whole plan, or asks for a talk (a task for their consultant). They can change
    their mind until a company has answered, because until then nobody has acted on their answer."""
    if actor.role is not Role.YOUTH or proposal.profile.user_id != actor.id:
        raise PermissionError("not this young person's plan")
    if not proposal.is_approved:
        raise PlanningError(_("Planen er ikke klar endnu."))
    if answer is proposal.youth_answer:
        raise PlanningError(_("Det har du allerede svaret."))
    if answer not in YOUTH_ANSWER_TRANSITIONS[proposal.youth_answer]:
        raise PlanningError(_("Du har allerede svaret."))
    if not proposal.youth_answer_open:
        raise PlanningError(_("En virksomhed har allerede svaret på planen, så du kan ikke ændre dit svar her. "
                              "Ring til din kontaktperson, hvis noget har ændret sig."))
    old = proposal.youth_answer
    proposal.youth_answer, proposal.youth_answered_at = answer, utcnow()
    proposal.youth_comment = (comment or "").strip() or None
    db.session.flush()
    record(actor, "plan_answered", object_type="proposal", object_id=proposal.id, subject_user_id=actor.id,
           detail={"answer": str(answer), "was": str(old)})
    if answer is YouthAnswer.TALK:
        create_task(proposal.profile, FollowUpKind.TALK, note=proposal.youth_comment)
