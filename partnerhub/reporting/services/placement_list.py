"""The personal-data exports: the placement list and a round's approved plan, for staff only."""

from __future__ import annotations

import sqlalchemy as sa

from partnerhub.accounts.models import User
from partnerhub.companies.models import Company, PlanningPeriod
from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.permissions import Role
from partnerhub.planning.models import Placement, PlanningRound, Proposal, ProposalStatus
from partnerhub.reporting.services.common import Table
from partnerhub.youth.models import YouthProfile


def placement_rows(actor: User, round_id: int | None = None, *, approved_plan: bool = False) -> Table:
    """Names and companies: staff only, and every export is audit-logged by the caller's record()."""
    if actor.role is not Role.STAFF:
        raise PermissionError
    query = (sa.select(Placement, YouthProfile, Company, PlanningPeriod, Proposal.round_id)
             .join(YouthProfile, YouthProfile.id == Placement.youth_profile_id)
             .join(Company, Company.id == Placement.company_id)
             .join(PlanningPeriod, PlanningPeriod.id == Placement.period_id)
             .join(Proposal, Proposal.id == Placement.proposal_id)
             .order_by(Placement.starts_on, YouthProfile.first_name, Placement.id))
    if round_id is not None:
        query = query.where(Proposal.round_id == round_id)
    if approved_plan:
        query = query.where(Proposal.status == ProposalStatus.APPROVED)
    table = Table("plan" if approved_plan else "placement_list",
                  _("Godkendt plan") if approved_plan else _("Praktikforløb"),
                  [_("Runde"), _("Ung"), _("Virksomhed"), _("Periode"), _("Start"), _("Slut"), _("Status")])
    rounds = dict(db.session.execute(sa.select(PlanningRound.id, PlanningRound.name)).all())
    for placement, profile, company, period, rid in db.session.execute(query):
        table.rows.append([rounds.get(rid, ""), profile.display_name, company.name, period.name,
                           placement.starts_on, placement.ends_on, placement.status.label])
    return table
