"""A company's partnership page: the young people it hosted, its partners, their outcomes and its commitments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from partnerhub.accounts.models import User
from partnerhub.audit.service import record
from partnerhub.companies.models import Company, PlanningPeriod
from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.planning.models import HOSTED, Outcome, Placement
from partnerhub.reporting.models import Commitment, CommitmentKind
from partnerhub.reporting.services.business_case import COMPLETION_SHARE, JOB_YEARS_OFF_BENEFITS, Range, business_case
from partnerhub.reporting.services.common import MIN_GROUP as MIN_GROUP
from partnerhub.reporting.services.common import suppress
from partnerhub.reporting.services.outcomes import CLASS_OF_KIND, recorded_outcome_counts


@dataclass
class Partnership:
    company: Company
    hosted: int
    periods: list[tuple[str, int]]
    partners: list[tuple[str, int | None]]
    outcomes: dict[str, int | None]
    outcomes_total: int
    value_share: Range | None
    commitments: list[tuple[Commitment, int]]


def can_view_partnership(actor: User, company: Company) -> bool:
    return actor.role in (Role.STAFF, Role.ADMIN) or (actor.role is Role.COMPANY and actor.company_id == company.id)


def partnership(actor: User, company: Company) -> Partnership:
    """Counted in young people. The company's own counts (hosted, per period) are shown as they are: it knows the
    young people it hosted. Where they went next (partners, outcomes) is about others: withheld under MIN_GROUP."""
    if not can_view_partnership(actor, company):
        raise PermissionError
    hosted_q = sa.select(Placement.youth_profile_id).where(Placement.company_id == company.id,
                                                           Placement.status.in_(HOSTED))
    hosted = db.session.scalar(sa.select(sa.func.count(sa.distinct(Placement.youth_profile_id)))
                               .where(Placement.company_id == company.id, Placement.status.in_(HOSTED))) or 0
    periods = [(name, count) for name, _start, count in db.session.execute(
        sa.select(PlanningPeriod.name, PlanningPeriod.starts_on, sa.func.count(sa.distinct(Placement.youth_profile_id)))
        .join(Placement, Placement.period_id == PlanningPeriod.id)
        .where(Placement.company_id == company.id, Placement.status.in_(HOSTED))
        .group_by(PlanningPeriod.id, PlanningPeriod.name, PlanningPeriod.starts_on).order_by(PlanningPeriod.starts_on))]
    other = sa.orm.aliased(Placement)
    partners = [(name, suppress(count)) for name, count in db.session.execute(
        sa.select(Company.name, sa.func.count(sa.distinct(other.youth_profile_id)))
        .join(other, other.company_id == Company.id)
        .where(other.youth_profile_id.in_(hosted_q), other.status.in_(HOSTED), Company.id != company.id)
        .group_by(Company.id, Company.name).order_by(Company.name))]
    counts = recorded_outcome_counts(hosted_q)
    total = sum(counts.values())
    shown: dict[str, int | None] = {cls: (suppress(n) if total >= MIN_GROUP else None) for cls, n in counts.items()}
    value = None
    if hosted >= MIN_GROUP:
        value = _value_share(company.id, hosted_q)
    return Partnership(company, hosted, periods, partners, shown, total, value, commitment_progress(company))


def _value_share(company_id: int, hosted_q: sa.Select) -> Range | None:
    """A young person's outcome is shared equally by every company that hosted them."""
    hosts = (sa.select(Placement.youth_profile_id.label("youth_id"),
                       sa.func.count(sa.distinct(Placement.company_id)).label("hosts"))
             .where(Placement.status.in_(HOSTED), Placement.youth_profile_id.in_(hosted_q))
             .group_by(Placement.youth_profile_id).subquery())
    latest = (sa.select(Outcome.youth_profile_id.label("youth_id"), sa.func.max(Outcome.id).label("outcome_id"))
              .where(Outcome.youth_profile_id.in_(hosted_q)).group_by(Outcome.youth_profile_id).subquery())
    shares: dict[str, float] = {"education": 0.0, "job": 0.0}
    for kind, n_hosts in db.session.execute(
            sa.select(Outcome.kind, hosts.c.hosts).join(latest, latest.c.outcome_id == Outcome.id)
            .join(hosts, hosts.c.youth_id == latest.c.youth_id)):
        cls = CLASS_OF_KIND[kind]
        if cls in shares:
            shares[cls] += 1 / n_hosts
    case = business_case()
    if case.education_gain is None or case.annual_benefit is None:
        return None
    return (case.education_gain.scale(shares["education"] * COMPLETION_SHARE[0], shares["education"]
                                      * COMPLETION_SHARE[1])
            + case.annual_benefit.scale(shares["job"] * JOB_YEARS_OFF_BENEFITS[0]))


def commitment_progress(company: Company) -> list[tuple[Commitment, int]]:
    """Internship places are counted from placements started that year; flex jobs and hours are as reported."""
    rows = []
    for commitment in db.session.scalars(sa.select(Commitment).where(Commitment.company_id == company.id)
                                         .order_by(Commitment.year.desc(), Commitment.kind)):
        if commitment.kind is CommitmentKind.INTERNSHIP_PLACES:
            met = db.session.scalar(sa.select(sa.func.count()).select_from(Placement).where(
                Placement.company_id == company.id, Placement.status.in_(HOSTED),
                Placement.starts_on >= date(commitment.year, 1, 1),
                Placement.starts_on <= date(commitment.year, 12, 31))) or 0
        else:
            met = commitment.achieved
        rows.append((commitment, met))
    return rows


def save_commitment(actor: User, company: Company, *, year: int, kind: CommitmentKind, target: int,
                    achieved: int) -> Commitment:
    """One commitment per company, year and kind: saving again updates it."""
    if not can_view_partnership(actor, company):
        raise PermissionError
    commitment = db.session.scalar(sa.select(Commitment).where(
        Commitment.company_id == company.id, Commitment.year == year, Commitment.kind == kind))
    if commitment is None:
        commitment = Commitment(company_id=company.id, year=year, kind=kind, created_by_id=actor.id)
        db.session.add(commitment)
    commitment.target = target
    commitment.achieved = achieved
    record(actor, "commitment_saved", object_type="company", object_id=company.id,
           detail={"year": year, "kind": kind.value, "target": target, "achieved": achieved})
    db.session.flush()
    return commitment
