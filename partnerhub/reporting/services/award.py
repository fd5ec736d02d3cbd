"""The responsibility award: companies ranked for staff by outcomes, hosting, sharing and kept commitments."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from partnerhub.accounts.models import User
from partnerhub.companies.models import Company
from partnerhub.extensions import db
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.permissions import Role
from partnerhub.planning.models import HOSTED, Outcome, OutcomeKind, Placement
from partnerhub.reporting.models import Commitment
from partnerhub.reporting.services.partnership import commitment_progress

AWARD_CRITERIA = (
    _l("Unge der er kommet videre i uddannelse eller job efter et forløb her"),
    _l("Unge virksomheden har haft i praktik"),
    _l("Virksomheder den har delt unge med"),
    _l("Opfyldte forpligtelser (sociale klausuler), i procent"),
)


def award_candidates(actor: User, year: int) -> list[dict[str, Any]]:
    """Staff only. Ranked by the criteria in the order listed: outcomes first, because that is the strategy's aim."""
    if actor.role not in (Role.STAFF, Role.ADMIN):
        raise PermissionError
    start, end = date(year, 1, 1), date(year, 12, 31)
    in_year = (Placement.status.in_(HOSTED), Placement.starts_on >= start, Placement.starts_on <= end)
    hosted = dict(db.session.execute(
        sa.select(Placement.company_id, sa.func.count(sa.distinct(Placement.youth_profile_id))).where(*in_year)
        .group_by(Placement.company_id)).all())
    latest = (sa.select(Outcome.youth_profile_id.label("youth_id"), sa.func.max(Outcome.id).label("outcome_id"))
              .group_by(Outcome.youth_profile_id).subquery())
    moved_on = dict(db.session.execute(
        sa.select(Placement.company_id, sa.func.count(sa.distinct(Placement.youth_profile_id)))
        .join(latest, latest.c.youth_id == Placement.youth_profile_id)
        .join(Outcome, Outcome.id == latest.c.outcome_id)
        .where(*in_year, Outcome.kind.in_((OutcomeKind.EDUCATION, OutcomeKind.JOB)))
        .group_by(Placement.company_id)).all())
    mine, theirs = sa.orm.aliased(Placement), sa.orm.aliased(Placement)
    partners = dict(db.session.execute(
        sa.select(mine.company_id, sa.func.count(sa.distinct(theirs.company_id)))
        .join(theirs, theirs.youth_profile_id == mine.youth_profile_id)
        .where(mine.status.in_(HOSTED), theirs.status.in_(HOSTED), theirs.company_id != mine.company_id,
               mine.starts_on >= start, mine.starts_on <= end)
        .group_by(mine.company_id)).all())
    names = dict(db.session.execute(sa.select(Company.id, Company.name).where(Company.id.in_(list(hosted)))).all())
    committed = set(db.session.scalars(sa.select(Commitment.company_id).where(Commitment.year == year)))
    rows: list[dict[str, Any]] = []
    for company_id, count in hosted.items():
        fulfilment = None
        if company_id in committed:  # only these few need the per-company commitment count
            progress = commitment_progress(db.session.get_one(Company, company_id))
            year_rows = [(c, met) for c, met in progress if c.year == year and c.target]
            fulfilment = (round(100 * sum(min(met / c.target, 1) for c, met in year_rows) / len(year_rows))
                          if year_rows else None)
        rows.append({"company_id": company_id, "name": names.get(company_id, ""),
                     "moved_on": moved_on.get(company_id, 0), "hosted": count,
                     "partners": partners.get(company_id, 0), "fulfilment": fulfilment})
    rows.sort(key=lambda r: (-r["moved_on"], -r["hosted"], -r["partners"], -(r["fulfilment"] or 0), r["name"]))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows
