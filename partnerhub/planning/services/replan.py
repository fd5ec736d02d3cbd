"""Re-plan the rest of one rotation after a period changed: a company said no, or the young person is ill for two
weeks. Staff pick the changed period and the reason; only that young person's later periods that have not started
(and the changed period itself, when it no longer has a placement) are planned again. The engine holds everything
else fixed (matching.hold_fixed): every other young person, this young person's earlier and started placements, and
every company's seats.

Staff see a preview first (which young person, which periods, which companies before and after). Applying it
plans again, refuses if the answer differs from the preview staff saw, and then withdraws the old offers and books
the new ones in one transaction: either all of it happens or none of it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import cast

from partnerhub import matching
from partnerhub.accounts.models import User
from partnerhub.audit.service import record
from partnerhub.companies.models import Company, PlanningPeriod
from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.matching.model import Mode
from partnerhub.planning import engine_adapter as adapter
from partnerhub.planning.models import Placement, PlacementStatus, Proposal, ProposalItem
from partnerhub.planning.services.checks import check_rotation, distance_km
from partnerhub.planning.services.common import PlanningError, require_staff
from partnerhub.planning.services.placements import offer_placement, transition_placement

REASONS = {
    "company_declined": _l("Virksomheden har sagt nej eller kan ikke alligevel"),
    "ill": _l("Den unge er syg eller forhindret i en periode"),
    "other": _l("Andet"),
}


@dataclass
class Change:
    period: PlanningPeriod
    before: Company | None
    after: Company | None
    placement: Placement | None  # the placement that is withdrawn, if any


@dataclass
class Preview:
    proposal: Proposal
    changed_period: PlanningPeriod
    reason: str
    open_periods: list[PlanningPeriod]
    changes: list[Change]
    kept: list[Placement]  # the rotation's placements that stay as they are
    signature: str  # what staff saw; apply refuses a different answer

    @property
    def changes_anything(self) -> bool:
        return bool(self.changes)


def _holding(proposal: Proposal) -> dict[int, Placement]:
    """Period id -> the rotation's placement that holds its seat there."""
    return {p.period_id: p for p in proposal.placements if p.holds_seat}


def open_periods(proposal: Proposal, changed: PlanningPeriod) -> list[PlanningPeriod]:
    """The periods to plan again: every later period of the round whose placement has not started (or that has
    none), and the changed period itself when it no longer holds a placement (the company said no)."""
    holding = _holding(proposal)
    periods = [rp.period for rp in proposal.round.periods]
    position = next(i for i, p in enumerate(periods) if p.id == changed.id)
    chosen = [changed] if changed.id not in holding else []
    for period in periods[position + 1:]:
        placement = holding.get(period.id)
        if placement is None or placement.is_not_started:
            chosen.append(period)
    return chosen


def _refuse(proposal: Proposal, changed: PlanningPeriod, reason: str) -> None:
    if not proposal.is_approved:
        raise PlanningError(_("Kun et godkendt forløb kan planlægges om."))
    if changed.id not in {rp.period_id for rp in proposal.round.periods}:
        raise PlanningError(_("Perioden hører ikke til runden."))
    if reason not in REASONS:
        raise PlanningError(_("Vælg en grund."))


def preview(actor: User, proposal: Proposal, changed: PlanningPeriod, reason: str) -> Preview:
    """What a re-plan would change; nothing is stored."""
    require_staff(actor)
    _refuse(proposal, changed, reason)
    periods = open_periods(proposal, changed)
    if not periods:
        raise PlanningError(_("Der er ingen senere perioder, der kan planlægges om."))
    round_input = adapter.build_instance(proposal.round, [proposal.profile])
    if round_input.skipped:
        raise PlanningError(_("Den unge har ingen by i sin profil, så matcheren kan ikke finde virksomheder."))
    index = {p.id: i for i, p in enumerate(round_input.periods)}
    open_indices = tuple(index[p.id] for p in periods)
    youth_id = adapter.youth_key(proposal.youth_profile_id)
    instance = matching.hold_fixed(round_input.instance, youth_id, open_indices)
    plan = matching.plan(instance, matching.PlanOptions(mode=cast("Mode", proposal.round.mode)))
    holding = _holding(proposal)
    before = {index[p.id]: adapter.company_key(holding[p.id].company_id) if p.id in holding else None
              for p in periods}
    diff = matching.replan_changes(before, plan, youth_id, open_indices)
    by_index = dict(enumerate(round_input.periods))
    changes = []
    for i, (old, new) in sorted(diff.items()):
        period = by_index[i]
        changes.append(Change(period=period, placement=holding.get(period.id),
                              before=db.session.get(Company, adapter.parse_key(old)) if old else None,
                              after=db.session.get(Company, adapter.parse_key(new)) if new else None))
    changed_ids = {c.period.id for c in changes}
    kept = sorted((p for p in holding.values() if p.period_id not in changed_ids), key=lambda p: p.starts_on)
    signature = hashlib.sha256(repr(sorted((c.period.id, c.before.id if c.before else 0, c.after.id if c.after else 0)
                                           for c in changes)).encode()).hexdigest()[:16]
    return Preview(proposal=proposal, changed_period=changed, reason=reason, open_periods=periods, changes=changes,
                   kept=kept, signature=signature)


def apply(actor: User, proposal: Proposal, changed: PlanningPeriod, reason: str, signature: str) -> Preview:
    """Plans again and applies exactly what the preview showed, or refuses; the caller commits once (all or
    nothing: a refused seat rolls the whole change back)."""
    result = preview(actor, proposal, changed, reason)
    if result.signature != signature:
        raise PlanningError(_("Planen er ændret, siden du så forhåndsvisningen. Se den nye forhåndsvisning."))
    if not result.changes:
        raise PlanningError(_("Omplanlægningen ændrer ingenting."))
    for change in result.changes:
        if change.placement is not None:
            transition_placement(actor, change.placement, PlacementStatus.CANCELLED, reason=f"replan:{reason}")
    wanted = {p.period_id: p.company_id for p in result.kept}
    wanted.update({c.period.id: c.after.id for c in result.changes if c.after is not None})
    check = check_rotation(proposal.round, proposal.profile, wanted, proposal)
    if check.errors:
        raise PlanningError(" ".join(check.errors))
    items = {item.period_id: item for item in proposal.items}
    for change in result.changes:
        item = items.get(change.period.id)
        if change.after is None:
            if item is not None:
                proposal.items.remove(item)
            continue
        if item is None:
            item = ProposalItem(period_id=change.period.id, period=change.period, company_id=change.after.id)
            proposal.items.append(item)
        item.company_id, item.company = change.after.id, change.after
        item.explanation = {"manual": True, "replanned": reason,
                            "distance_km": distance_km(proposal.profile, change.after)}
    for position, item in enumerate(sorted(proposal.items, key=lambda i: i.period.starts_on)):
        item.position = position
    db.session.flush()
    for change in result.changes:
        if change.after is not None:
            offer_placement(actor, proposal, next(i for i in proposal.items if i.period_id == change.period.id))
    record(actor, "replan_applied", object_type="proposal", object_id=proposal.id,
           subject_user_id=proposal.profile.user_id,
           detail={"changed_period_id": changed.id, "reason": None, "reason_code": reason,
                   "changes": [{"period_id": c.period.id, "from": c.before.id if c.before else None,
                                "to": c.after.id if c.after else None} for c in result.changes]})
    return result
