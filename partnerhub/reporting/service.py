"""The figures behind the dashboard, the business case and the partnership page.

Every count is one GROUP BY query over a "dimension" subquery (young person -> breakdown key), so a breakdown by
trade area, town, readiness or round is the same query with another subquery, and 10,000 young people stay fast.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from partnerhub.accounts.models import User
from partnerhub.audit.service import record
from partnerhub.companies.models import Company, CompanyCapacity, PlanningPeriod
from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.planning.models import (
    HOSTED,
    LIVE,
    Outcome,
    OutcomeKind,
    Placement,
    PlanningRound,
    Proposal,
    ProposalStatus,
    RoundParticipant,
)
from partnerhub.planning.services.common import add_months, today
from partnerhub.reference.models import Town, TradeArea
from partnerhub.reporting.models import Commitment, CommitmentKind, CostFigure, CostFigureChange
from partnerhub.youth.models import Readiness, YouthProfile, YouthStaffRecord, youth_trade_areas

DATA_FILE = Path(__file__).parent / "data" / "cost_figures.csv"
HORIZONS = (3, 6, 12)
OUTCOME_CLASSES = ("education", "job", "other", "unknown")
OUTCOME_CLASS_LABELS = {"education": _l("Uddannelse"), "job": _l("Job"), "other": _l("Andet"),
                        "unknown": _l("Ukendt")}
CLASS_OF_KIND = {OutcomeKind.EDUCATION: "education", OutcomeKind.JOB: "job", OutcomeKind.INTERNSHIP: "other",
                 OutcomeKind.OTHER_OFFER: "other", OutcomeKind.UNKNOWN: "unknown"}
YOUTH_STATUS_LABELS = {"placed_now": _l("I praktik nu"), "placed_before": _l("Har været i praktik"),
                       "not_placed": _l("Ikke i praktik endnu")}
DIMENSIONS = {"": _l("Ingen opdeling"), "trade_area": _l("Fagområde"), "town": _l("By"),
              "readiness": _l("Parathedskategori"), "round": _l("Planlægningsrunde")}
MIN_GROUP = 5  # a number about fewer young people than this is not shown to companies: they could be identified

# Which figures the business case reads; each role has a low and a high figure, so the answer is a range.
BUSINESS_CASE_FIGURES = {
    "benefit_low": "udd_hjaelp_u25_hjemme_2023",
    "benefit_high": "aktivitetstillaeg_2529_ude_2023",
    "education_gain_low": "kraka_transfer_health_2023",
    "education_gain_high": "ae_gain_faglaert_societal",
    "effort_cost": "lmi_budget_per_youth",
}
# Our own stated assumptions, shown on the page next to the figures they change.
COMPLETION_SHARE = (0.5, 0.7)  # of those who start an education, the share that complete it
JOB_YEARS_OFF_BENEFITS = (1, 1)  # a job counted as one year off benefits, no more
BENEFIT_MONTHLY = {"udd_hjaelp_u25_hjemme_2023": 2820.0, "aktivitetstillaeg_2529_ude_2023": 11944.0}


# ---- filters -------------------------------------------------------------------------------------------------------

@dataclass
class Filters:
    date_from: date | None = None
    date_to: date | None = None
    trade_area_id: int | None = None
    town_id: int | None = None
    readiness: str | None = None
    round_id: int | None = None
    breakdown: str = ""

    def as_args(self) -> dict[str, str]:
        """The same filters as query arguments, for export links."""
        values = {"date_from": self.date_from.isoformat() if self.date_from else "",
                  "date_to": self.date_to.isoformat() if self.date_to else "",
                  "trade_area": self.trade_area_id or "", "town": self.town_id or "",
                  "readiness": self.readiness or "", "round": self.round_id or "", "breakdown": self.breakdown}
        return {k: str(v) for k, v in values.items() if v}


def _youth_filter(filters: Filters) -> sa.Select:
    """The ids of the young people the filters keep, as a subquery every figure joins on."""
    query = sa.select(YouthProfile.id.label("youth_id"))
    if filters.town_id:
        query = query.where(YouthProfile.town_id == filters.town_id)
    if filters.trade_area_id:
        query = query.where(YouthProfile.id.in_(
            sa.select(youth_trade_areas.c.profile_id)
            .where(youth_trade_areas.c.trade_area_id == filters.trade_area_id)))
    if filters.readiness == "none":
        query = query.where(~YouthProfile.id.in_(
            sa.select(YouthStaffRecord.profile_id).where(YouthStaffRecord.readiness.is_not(None))))
    elif filters.readiness:
        query = query.where(YouthProfile.id.in_(
            sa.select(YouthStaffRecord.profile_id).where(YouthStaffRecord.readiness == Readiness(filters.readiness))))
    if filters.round_id:
        query = query.where(YouthProfile.id.in_(
            sa.select(RoundParticipant.youth_profile_id).where(RoundParticipant.round_id == filters.round_id)))
    return query


def _dimension(breakdown: str) -> sa.Subquery:
    """(youth_id, key) pairs; a young person with two trade areas counts once under each (said on the page)."""
    if breakdown == "trade_area":
        query = sa.select(youth_trade_areas.c.profile_id.label("youth_id"),
                          sa.cast(youth_trade_areas.c.trade_area_id, sa.String).label("key"))
    elif breakdown == "town":
        query = sa.select(YouthProfile.id.label("youth_id"),
                          sa.func.coalesce(sa.cast(YouthProfile.town_id, sa.String), "none").label("key"))
    elif breakdown == "readiness":
        query = (sa.select(YouthProfile.id.label("youth_id"),
                           sa.func.coalesce(sa.cast(YouthStaffRecord.readiness, sa.String), "none").label("key"))
                 .outerjoin(YouthStaffRecord, YouthStaffRecord.profile_id == YouthProfile.id))
    elif breakdown == "round":
        query = sa.select(RoundParticipant.youth_profile_id.label("youth_id"),
                          sa.cast(RoundParticipant.round_id, sa.String).label("key"))
    else:
        query = sa.select(YouthProfile.id.label("youth_id"), sa.literal("all").label("key"))
    return query.subquery("dim")


def _in_range(column: Any, filters: Filters) -> list:
    conditions = []
    if filters.date_from:
        conditions.append(column >= filters.date_from)
    if filters.date_to:
        conditions.append(column <= filters.date_to)
    return conditions


def dimension_labels(breakdown: str) -> dict[str, str]:
    """Breakdown keys to names, loaded once per page (a few dozen rows at most)."""
    labels: dict[str, str] = {"all": _("Alle"), "none": _("Ikke oplyst")}
    if breakdown == "trade_area":
        labels |= {str(i): name for i, name in db.session.execute(sa.select(TradeArea.id, TradeArea.name_da))}
    elif breakdown == "town":
        labels |= {str(i): name for i, name in db.session.execute(sa.select(Town.id, Town.name))}
    elif breakdown == "readiness":
        labels |= {r.value: r.label for r in Readiness}
    elif breakdown == "round":
        labels |= {str(i): name for i, name in db.session.execute(sa.select(PlanningRound.id, PlanningRound.name))}
    return labels


# ---- the dashboard's tables ----------------------------------------------------------------------------------------

@dataclass
class Table:
    """A figure as rows: what the chart draws, what the screen reader reads and what the export writes."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    note: str = ""


def youth_by_readiness_status(filters: Filters) -> Table:
    live = sa.select(Placement.youth_profile_id).where(Placement.status.in_(LIVE)).scalar_subquery()
    hosted = sa.select(Placement.youth_profile_id).where(Placement.status.in_(HOSTED)).scalar_subquery()
    status = sa.case((YouthProfile.id.in_(live), "placed_now"), (YouthProfile.id.in_(hosted), "placed_before"),
                     else_="not_placed")
    readiness = sa.func.coalesce(sa.cast(YouthStaffRecord.readiness, sa.String), "none")
    dim = _dimension(filters.breakdown)
    kept = _youth_filter(filters)
    query = (sa.select(dim.c.key, readiness, status, sa.func.count())
             .select_from(YouthProfile)
             .join(dim, dim.c.youth_id == YouthProfile.id)
             .outerjoin(YouthStaffRecord, YouthStaffRecord.profile_id == YouthProfile.id)
             .where(YouthProfile.id.in_(kept))
             .group_by(dim.c.key, readiness, status))
    if filters.date_to:
        query = query.where(YouthProfile.created_at < datetime.combine(filters.date_to + timedelta(days=1), time.min))
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(YOUTH_STATUS_LABELS, 0))
    for key, ready, state, count in db.session.execute(query):
        counts[(key, ready)][state] = count
    labels = dimension_labels(filters.breakdown)
    ready_labels = {r.value: r.label for r in Readiness} | {"none": _("Ikke vurderet")}
    table = Table("youth", _("Unge efter parathedskategori og status"),
                  [_("Gruppe"), _("Parathedskategori")] + [str(label) for label in YOUTH_STATUS_LABELS.values()]
                  + [_("I alt")])
    order = [*ready_labels]
    for (key, ready), states in sorted(counts.items(), key=lambda item: (labels.get(item[0][0], item[0][0]),
                                                                          order.index(item[0][1]))):
        table.rows.append([labels.get(key, key), ready_labels.get(ready, ready), *states.values(),
                           sum(states.values())])
    return table


def placements_per_period(filters: Filters) -> Table:
    dim = _dimension(filters.breakdown)
    query = (sa.select(dim.c.key, PlanningPeriod.id, PlanningPeriod.name, PlanningPeriod.starts_on, sa.func.count())
             .select_from(Placement)
             .join(PlanningPeriod, PlanningPeriod.id == Placement.period_id)
             .join(dim, dim.c.youth_id == Placement.youth_profile_id)
             .where(Placement.status.in_(HOSTED), Placement.youth_profile_id.in_(_youth_filter(filters)),
                    *_in_range(PlanningPeriod.starts_on, filters))
             .group_by(dim.c.key, PlanningPeriod.id, PlanningPeriod.name, PlanningPeriod.starts_on)
             .order_by(PlanningPeriod.starts_on, dim.c.key))
    labels = dimension_labels(filters.breakdown)
    table = Table("placements", _("Praktikforløb pr. periode"),
                  [_("Periode"), _("Startdato"), _("Gruppe"), _("Praktikforløb")],
                  note=_("Tæller forløb, som den unge har sagt ja til og er mødt op til (ikke afslåede eller "
                         "tilbagetrukne)."))
    for key, _id, name, starts_on, count in db.session.execute(query):
        table.rows.append([name, starts_on.isoformat(), labels.get(key, key), count])
    return table


def capacity_per_period(filters: Filters) -> Table:
    """Offered seats against seats used; capacity belongs to companies, so only the date range applies."""
    offered = (sa.select(CompanyCapacity.period_id, sa.func.sum(CompanyCapacity.seats).label("seats"))
               .group_by(CompanyCapacity.period_id).subquery())
    used = (sa.select(Placement.period_id, sa.func.count().label("used"))
            .where(Placement.status.in_(HOSTED)).group_by(Placement.period_id).subquery())
    query = (sa.select(PlanningPeriod.name, PlanningPeriod.starts_on, sa.func.coalesce(offered.c.seats, 0),
                       sa.func.coalesce(used.c.used, 0))
             .outerjoin(offered, offered.c.period_id == PlanningPeriod.id)
             .outerjoin(used, used.c.period_id == PlanningPeriod.id)
             .where(*_in_range(PlanningPeriod.starts_on, filters))
             .order_by(PlanningPeriod.starts_on))
    table = Table("capacity", _("Tilbudt kapacitet mod brugt kapacitet"),
                  [_("Periode"), _("Startdato"), _("Pladser tilbudt"), _("Pladser brugt"), _("Udnyttelse (%)")],
                  note=_("Kapacitet hører til virksomhederne, så her gælder kun datoerne, ikke de unges opdeling."))
    for name, starts_on, seats, count in db.session.execute(query):
        share = round(100 * count / seats) if seats else None
        table.rows.append([name, starts_on.isoformat(), int(seats), int(count), share])
    return table


def sharing(filters: Filters) -> Table:
    """Young people who met two or more companies (a shared rotation), and the companies taking part."""
    dim = _dimension(filters.breakdown)
    per_youth = (sa.select(Placement.youth_profile_id.label("youth_id"),
                           sa.func.count(sa.distinct(Placement.company_id)).label("companies"))
                 .join(PlanningPeriod, PlanningPeriod.id == Placement.period_id)
                 .where(Placement.status.in_(HOSTED), Placement.youth_profile_id.in_(_youth_filter(filters)),
                        *_in_range(PlanningPeriod.starts_on, filters))
                 .group_by(Placement.youth_profile_id).subquery())
    shared = sa.func.sum(sa.case((per_youth.c.companies >= 2, 1), else_=0))
    youth_rows = db.session.execute(
        sa.select(dim.c.key, sa.func.count(), shared).select_from(per_youth)
        .join(dim, dim.c.youth_id == per_youth.c.youth_id).group_by(dim.c.key)).all()
    companies = dict(db.session.execute(
        sa.select(dim.c.key, sa.func.count(sa.distinct(Placement.company_id))).select_from(Placement)
        .join(PlanningPeriod, PlanningPeriod.id == Placement.period_id)
        .join(dim, dim.c.youth_id == Placement.youth_profile_id)
        .where(Placement.status.in_(HOSTED), Placement.youth_profile_id.in_(_youth_filter(filters)),
               *_in_range(PlanningPeriod.starts_on, filters))
        .group_by(dim.c.key)).all())
    labels = dimension_labels(filters.breakdown)
    table = Table("sharing", _("Delte forløb og deltagende virksomheder"),
                  [_("Gruppe"), _("Unge i praktik"), _("Unge i delte forløb (2+ virksomheder)"),
                   _("Virksomheder der deltager")])
    for key, youth, shared_count in sorted(youth_rows, key=lambda row: labels.get(row[0], row[0])):
        table.rows.append([labels.get(key, key), youth, int(shared_count or 0), companies.get(key, 0)])
    return table


def _reference_dates(filters: Filters) -> sa.Subquery:
    """Each young person's last day in a hosted placement in the range: the clock for 3, 6 and 12 months."""
    return (sa.select(Placement.youth_profile_id.label("youth_id"), sa.func.max(Placement.ends_on).label("ref"))
            .join(PlanningPeriod, PlanningPeriod.id == Placement.period_id)
            .where(Placement.status.in_(HOSTED), Placement.youth_profile_id.in_(_youth_filter(filters)),
                   *_in_range(PlanningPeriod.starts_on, filters))
            .group_by(Placement.youth_profile_id).subquery("refs"))


def outcome_classes(filters: Filters, youth_ids: sa.Select | None = None,
                    on: date | None = None) -> list[tuple[int, str, dict[int, str | None]]]:
    """Per young person and breakdown key and, per horizon, the outcome class (None while not yet due).

    The classification is per person in Python, over two narrow queries of placed young people only: adding
    months to a date differs between SQLite and PostgreSQL, and these rows are few next to all young people.
    """
    on = on or today()
    refs = _reference_dates(filters)
    dim = _dimension(filters.breakdown)
    query = sa.select(refs.c.youth_id, refs.c.ref, dim.c.key).join(dim, dim.c.youth_id == refs.c.youth_id)
    if youth_ids is not None:
        query = query.where(refs.c.youth_id.in_(youth_ids))
    people = db.session.execute(query).all()
    outcomes: dict[int, list[tuple[datetime, OutcomeKind]]] = defaultdict(list)
    for youth_id, kind, recorded_at in db.session.execute(
            sa.select(Outcome.youth_profile_id, Outcome.kind, Outcome.recorded_at)
            .where(Outcome.youth_profile_id.in_(sa.select(refs.c.youth_id)))
            .order_by(Outcome.recorded_at, Outcome.id)):
        outcomes[youth_id].append((recorded_at, kind))
    result: list[tuple[int, str, dict[int, str | None]]] = []
    for youth_id, ref, key in people:
        by_horizon: dict[int, str | None] = {}
        for months in HORIZONS:
            due = add_months(ref, months)
            if due > on:
                by_horizon[months] = None
                continue
            latest = [kind for at, kind in outcomes.get(youth_id, []) if at.date() <= due]
            by_horizon[months] = CLASS_OF_KIND[latest[-1]] if latest else "unknown"
        result.append((youth_id, key, by_horizon))
    return result


def outcomes_table(filters: Filters) -> Table:
    classes = outcome_classes(filters)
    counts: dict[tuple[str, int], dict[str, int]] = defaultdict(lambda: dict.fromkeys(OUTCOME_CLASSES, 0))
    for _youth_id, key, by_horizon in classes:
        for months, cls in by_horizon.items():
            if cls is not None:
                counts[(key, months)][cls] += 1
    labels = dimension_labels(filters.breakdown)
    table = Table("outcomes", _("Resultater 3, 6 og 12 måneder efter sidste praktik"),
                  [_("Gruppe"), _("Måneder efter"), *[str(OUTCOME_CLASS_LABELS[c]) for c in OUTCOME_CLASSES],
                   _("I alt")],
                  note=_("Det senest registrerede resultat på det tidspunkt; uden registrering tæller den unge som "
                         "ukendt. Unge, hvis tidspunkt ikke er nået endnu, er ikke med."))
    for (key, months), per_class in sorted(counts.items(), key=lambda item: (labels.get(item[0][0], item[0][0]),
                                                                             item[0][1])):
        table.rows.append([labels.get(key, key), months, *per_class.values(), sum(per_class.values())])
    return table


def dashboard(filters: Filters) -> list[Table]:
    return [youth_by_readiness_status(filters), placements_per_period(filters), capacity_per_period(filters),
            sharing(filters), outcomes_table(filters)]


def dashboard_table(filters: Filters, key: str) -> Table | None:
    builders = {"youth": youth_by_readiness_status, "placements": placements_per_period,
                "capacity": capacity_per_period, "sharing": sharing, "outcomes": outcomes_table}
    builder = builders.get(key)
    return builder(filters) if builder else None


# ---- cost figures and the business case ----------------------------------------------------------------------------

def _parse_value(text: str) -> tuple[float | None, float | None]:
    """"7000000" is a point, "12000000000-15000000000" a range; "<1" and blanks are kept as text only."""
    text = (text or "").strip()
    if not text:
        return None, None
    try:
        if "-" in text[1:]:
            low, high = text.split("-", 1)
            return float(low), float(high)
        value = float(text)
    except ValueError:
        return None, None
    return value, value


def seed_cost_figures() -> int:
    """Adds the figures the file has and the database lacks; an admin's later edits are never overwritten."""
    existing = set(db.session.scalars(sa.select(CostFigure.key)))
    added = 0
    with DATA_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["figure_key"] in existing:
                continue
            low, high = _parse_value(row["value"])
            db.session.add(CostFigure(
                key=row["figure_key"], description=row["description"], value_text=row["value"] or None,
                value_low=low, value_high=high, unit=row["unit"] or None, scope=row["scope"] or None,
                data_year=row["price_or_data_year"] or None, source_org=row["source_org"] or None,
                source_title=row["source_title"] or None, source_url=row["source_url"] or None,
                publication_year=row["publication_year"] or None, confidence=row["confidence"] or None,
                caveat=row["caveat"] or None))
            added += 1
    db.session.flush()
    return added


def cost_figures() -> list[CostFigure]:
    return list(db.session.scalars(sa.select(CostFigure).order_by(CostFigure.id)))


EDITABLE = ("value_low", "value_high", "data_year", "confidence", "caveat")


def update_cost_figure(actor: User, figure: CostFigure, values: dict[str, Any], reason: str | None) -> bool:
    """Only admins; the old and new values go to the history table and the audit log."""
    if actor.role is not Role.ADMIN:
        raise PermissionError
    before = {name: getattr(figure, name) for name in EDITABLE}
    after = {name: values.get(name, before[name]) for name in EDITABLE}
    if before == after:
        return False
    for name, value in after.items():
        setattr(figure, name, value)
    figure.value_text = None if after["value_low"] is None else (
        f"{after['value_low']:g}" if after["value_low"] == after["value_high"]
        else f"{after['value_low']:g}-{after['value_high']:g}")
    figure.updated_by_id = actor.id
    db.session.add(CostFigureChange(figure=figure, changed_by_id=actor.id, before=before, after=after,
                                    reason=reason or None))
    record(actor, "cost_figure_changed", object_type="cost_figure", object_id=figure.id,
           detail={"key": figure.key, "before": before, "after": after})
    db.session.flush()
    return True


@dataclass
class Range:
    low: float
    high: float

    def __add__(self, other: Range) -> Range:
        return Range(self.low + other.low, self.high + other.high)

    def scale(self, low_factor: float, high_factor: float | None = None) -> Range:
        return Range(self.low * low_factor, self.high * (low_factor if high_factor is None else high_factor))


@dataclass
class BusinessCase:
    figures: dict[str, CostFigure]
    annual_benefit: Range | None
    education_gain: Range | None
    effort_cost: float | None
    missing: list[str]

    def education_value(self, people: int) -> Range | None:
        """Lifetime gain for N young people who start an education; only the share that completes it counts."""
        if self.education_gain is None:
            return None
        return self.education_gain.scale(people * COMPLETION_SHARE[0], people * COMPLETION_SHARE[1])

    def job_value(self, people: int) -> Range | None:
        if self.annual_benefit is None:
            return None
        return self.annual_benefit.scale(people * JOB_YEARS_OFF_BENEFITS[0], people * JOB_YEARS_OFF_BENEFITS[1])

    def effort(self, people: int) -> float | None:
        return None if self.effort_cost is None else people * self.effort_cost


def _figure_range(figures: dict[str, CostFigure], low_key: str, high_key: str) -> Range | None:
    low, high = figures.get(low_key), figures.get(high_key)
    if not low or not high or low.value_low is None or high.value_high is None:
        return None
    low_value, high_value = low.value_low, high.value_high
    return Range(min(low_value, high_value), max(low_value, high_value))


def business_case() -> BusinessCase:
    """The figures the calculation reads, by role; a missing or blank figure leaves its part out, said so."""
    keys = set(BUSINESS_CASE_FIGURES.values()) | {"kraka_lifetime_cost_2023"}
    figures = {f.key: f for f in db.session.scalars(sa.select(CostFigure).where(CostFigure.key.in_(keys)))}
    benefit = _benefit_range(figures)
    gain = _figure_range(figures, BUSINESS_CASE_FIGURES["education_gain_low"],
                         BUSINESS_CASE_FIGURES["education_gain_high"])
    cost = figures.get(BUSINESS_CASE_FIGURES["effort_cost"])
    missing = [key for key in BUSINESS_CASE_FIGURES.values() if key not in figures or figures[key].value_low is None]
    return BusinessCase(figures, benefit, gain, cost.value_low if cost and cost.value_low is not None else None,
                        missing)


def _benefit_range(figures: dict[str, CostFigure]) -> Range | None:
    """Monthly rates to a year. The high end is aktivitetstillæg for 25-29 udeboende: its own row only holds the
    supplement, so the file's stated total (11,944 kr/month) is used, and the page says so."""
    low = figures.get(BUSINESS_CASE_FIGURES["benefit_low"])
    high = figures.get(BUSINESS_CASE_FIGURES["benefit_high"])
    if not low or not high or low.value_low is None or high.value_high is None:
        return None
    high_monthly = high.value_high
    if high.key == "aktivitetstillaeg_2529_ude_2023" and high.value_high == 5399:  # supplement only, as seeded
        high_monthly = BENEFIT_MONTHLY["aktivitetstillaeg_2529_ude_2023"]
    return Range(min(low.value_low, high_monthly) * 12, max(low.value_low, high_monthly) * 12)


def recorded_outcome_counts(youth_ids: sa.Select | None = None) -> dict[str, int]:
    """Young people by their latest recorded outcome class (education, job, other, unknown)."""
    latest = (sa.select(Outcome.youth_profile_id, sa.func.max(Outcome.id).label("outcome_id"))
              .group_by(Outcome.youth_profile_id))
    if youth_ids is not None:
        latest = latest.where(Outcome.youth_profile_id.in_(youth_ids))
    latest_sq = latest.subquery()
    rows = db.session.execute(sa.select(Outcome.kind, sa.func.count()).join(
        latest_sq, latest_sq.c.outcome_id == Outcome.id).group_by(Outcome.kind))
    counts = dict.fromkeys(OUTCOME_CLASSES, 0)
    for kind, count in rows:
        counts[CLASS_OF_KIND[kind]] += count
    return counts


def outcome_value(case: BusinessCase, counts: dict[str, int]) -> Range | None:
    parts = [case.education_value(counts["education"]), case.job_value(counts["job"])]
    if any(part is None for part in parts):
        return None
    return parts[0] + parts[1]  # type: ignore[operator]


# ---- the company's partnership page --------------------------------------------------------------------------------

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


def suppress(count: int) -> int | None:
    """Fewer than MIN_GROUP young people behind a number: hide it (None), so no one can be identified."""
    return count if count >= MIN_GROUP else None


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


# ---- the responsibility award --------------------------------------------------------------------------------------

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
    rows = []
    for company_id, count in hosted.items():
        fulfilment = None
        if company_id in committed:  # only these few need the per-company commitment count
            progress = commitment_progress(db.session.get(Company, company_id))
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


# ---- personal-data exports -----------------------------------------------------------------------------------------

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
                           placement.starts_on.isoformat(), placement.ends_on.isoformat(), placement.status.label])
    return table
