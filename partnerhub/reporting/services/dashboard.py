"""The dashboard's tables: young people, placements, capacity, shared rotations and outcomes, one query each."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta

import sqlalchemy as sa

from partnerhub.accounts.models import User
from partnerhub.companies.models import Company, CompanyCapacity, PlanningPeriod
from partnerhub.companies.service import declared_seats
from partnerhub.extensions import db
from partnerhub.i18n import get_locale
from partnerhub.i18n import gettext as _
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.planning.models import HOSTED, LIVE, Outcome, Placement, PlanningRound, RoundParticipant
from partnerhub.reference.models import Town, TradeArea
from partnerhub.reporting.services.common import (
    Filters,
    Table,
    dimension,
    dimension_labels,
    hidden_small_counts,
    in_range,
    sees_small_counts,
    youth_filter,
)
from partnerhub.reporting.services.outcomes import outcomes_table
from partnerhub.worker_cache import WorkerCache
from partnerhub.youth.models import Readiness, YouthProfile, YouthStaffRecord

YOUTH_STATUS_LABELS = {"placed_now": _l("I praktik nu"), "placed_before": _l("Har været i praktik"),
                       "not_placed": _l("Ikke i praktik endnu")}


def youth_by_readiness_status(filters: Filters) -> Table:
    live = sa.select(Placement.youth_profile_id).where(Placement.status.in_(LIVE)).scalar_subquery()
    hosted = sa.select(Placement.youth_profile_id).where(Placement.status.in_(HOSTED)).scalar_subquery()
    status = sa.case((YouthProfile.id.in_(live), "placed_now"), (YouthProfile.id.in_(hosted), "placed_before"),
                     else_="not_placed")
    readiness = sa.func.coalesce(sa.cast(YouthStaffRecord.readiness, sa.String), "none")
    dim = dimension(filters.breakdown)
    kept = youth_filter(filters)
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
                  + [_("I alt")], people_columns=(2, 3, 4, 5), total_column=5)
    order = [*ready_labels]
    for (key, ready), states in sorted(counts.items(), key=lambda item: (labels.get(item[0][0], item[0][0]),
                                                                          order.index(item[0][1]))):
        table.rows.append([labels.get(key, key), ready_labels.get(ready, ready), *states.values(),
                           sum(states.values())])
    return table


def placements_per_period(filters: Filters) -> Table:
    dim = dimension(filters.breakdown)
    query = (sa.select(dim.c.key, PlanningPeriod.id, PlanningPeriod.name, PlanningPeriod.starts_on, sa.func.count())
             .select_from(Placement)
             .join(PlanningPeriod, PlanningPeriod.id == Placement.period_id)
             .join(dim, dim.c.youth_id == Placement.youth_profile_id)
             .where(Placement.status.in_(HOSTED), Placement.youth_profile_id.in_(youth_filter(filters)),
                    *in_range(PlanningPeriod.starts_on, filters))
             .group_by(dim.c.key, PlanningPeriod.id, PlanningPeriod.name, PlanningPeriod.starts_on)
             .order_by(PlanningPeriod.starts_on, dim.c.key))
    labels = dimension_labels(filters.breakdown)
    table = Table("placements", _("Praktikforløb pr. periode"),
                  [_("Periode"), _("Startdato"), _("Gruppe"), _("Praktikforløb")],
                  note=_("Tæller forløb, som den unge har sagt ja til og er mødt op til (ikke afslåede eller "
                         "tilbagetrukne)."), people_columns=(3,))
    for key, _id, name, starts_on, count in db.session.execute(query):
        table.rows.append([name, starts_on, labels.get(key, key), count])
    return table


def capacity_per_period(filters: Filters) -> Table:
    """Offered seats against seats used; capacity belongs to companies, so only the date range applies."""
    offered = declared_seats()  # the round page counts the same seats
    used = (sa.select(Placement.period_id, sa.func.count().label("used"))
            .where(Placement.status.in_(HOSTED)).group_by(Placement.period_id).subquery())
    query = (sa.select(PlanningPeriod.name, PlanningPeriod.starts_on, sa.func.coalesce(offered.c.seats, 0),
                       sa.func.coalesce(used.c.used, 0))
             .outerjoin(offered, offered.c.period_id == PlanningPeriod.id)
             .outerjoin(used, used.c.period_id == PlanningPeriod.id)
             .where(*in_range(PlanningPeriod.starts_on, filters))
             .order_by(PlanningPeriod.starts_on))
    table = Table("capacity", _("Tilbudt kapacitet mod brugt kapacitet"),
                  [_("Periode"), _("Startdato"), _("Pladser hos godkendte virksomheder"), _("Pladser brugt"),
                   _("Udnyttelse (%)")],
                  note=_("Pladser er dem, godkendte virksomheder har skrevet for perioden; virksomheder, der venter "
                         "på godkendelse eller er afvist, tælles ikke med. Det er samme tal som på rundens side. "
                         "Brugt er pladser, hvor virksomheden har sagt ja til en ung. Kapacitet hører til "
                         "virksomhederne, så her gælder kun datoerne, ikke de unges opdeling."),
                  people_columns=(3,), derived_columns=(4,))
    for name, starts_on, seats, count in db.session.execute(query):
        share = round(100 * count / seats) if seats else None
        table.rows.append([name, starts_on, int(seats), int(count), share])
    return table


def sharing(filters: Filters) -> Table:
    """Young people who met two or more companies (a shared rotation), and the companies taking part."""
    dim = dimension(filters.breakdown)
    per_youth = (sa.select(Placement.youth_profile_id.label("youth_id"),
                           sa.func.count(sa.distinct(Placement.company_id)).label("companies"))
                 .join(PlanningPeriod, PlanningPeriod.id == Placement.period_id)
                 .where(Placement.status.in_(HOSTED), Placement.youth_profile_id.in_(youth_filter(filters)),
                        *in_range(PlanningPeriod.starts_on, filters))
                 .group_by(Placement.youth_profile_id).subquery())
    shared = sa.func.sum(sa.case((per_youth.c.companies >= 2, 1), else_=0))
    youth_rows = db.session.execute(
        sa.select(dim.c.key, sa.func.count(), shared).select_from(per_youth)
        .join(dim, dim.c.youth_id == per_youth.c.youth_id).group_by(dim.c.key)).all()
    companies: dict[str, int] = dict(db.session.execute(
        sa.select(dim.c.key, sa.func.count(sa.distinct(Placement.company_id))).select_from(Placement)
        .join(PlanningPeriod, PlanningPeriod.id == Placement.period_id)
        .join(dim, dim.c.youth_id == Placement.youth_profile_id)
        .where(Placement.status.in_(HOSTED), Placement.youth_profile_id.in_(youth_filter(filters)),
               *in_range(PlanningPeriod.starts_on, filters))
        .group_by(dim.c.key)).all())
    labels = dimension_labels(filters.breakdown)
    table = Table("sharing", _("Delte forløb og deltagende virksomheder"),
                  [_("Gruppe"), _("Unge i praktik"), _("Unge i delte forløb (2+ virksomheder)"),
                   _("Virksomheder der deltager")], people_columns=(1, 2))
    for key, youth, shared_count in sorted(youth_rows, key=lambda row: labels.get(str(row[0]), str(row[0]))):
        table.rows.append([labels.get(key, key), youth, int(shared_count or 0), companies.get(key, 0)])
    return table


def _as_seen_by(actor: User, table: Table) -> Table:
    return table if sees_small_counts(actor) else hidden_small_counts(table)


# Counting the tables reads every young person, placement and capacity (about 20 ms of the app's CPU and 20 ms of
# PostgreSQL's at 10,000 young people), and staff open the page often while the figures change slowly: each worker
# process keeps the tables it counted, per language and filters, for RESULTS_CACHE_SECONDS (see worker_cache), and
# the page says when they were counted. A write in this process to anything they count recounts them at once.
RESULTS = WorkerCache("results_dashboard", {
    **dict.fromkeys((Placement, PlanningPeriod, CompanyCapacity, Outcome, RoundParticipant, PlanningRound, Town,
                     TradeArea)),
    YouthProfile: frozenset({"town", "town_id", "created_at", "trade_areas"}),  # what filters and breakdowns read
    YouthStaffRecord: frozenset({"readiness", "profile_id"}),
    Company: frozenset({"status"}),  # only approved companies' capacity counts
}, "RESULTS_CACHE_SECONDS")


def _count_tables(filters: Filters) -> list[Table]:
    return [youth_by_readiness_status(filters), placements_per_period(filters), capacity_per_period(filters),
            sharing(filters), outcomes_table(filters)]


def dashboard(actor: User, filters: Filters) -> tuple[datetime, list[Table]]:
    """Every table as the actor may see it (management gets counts under five young people hidden), and when they
    were counted (UTC). The tables are counted for everyone alike; the hiding is done for each reader."""
    key = (str(get_locale()), tuple(sorted(filters.as_args().items())))
    counted_at, tables = RESULTS.get(key, lambda: _count_tables(filters))
    return counted_at, [_as_seen_by(actor, table) for table in tables]


def dashboard_table(actor: User, filters: Filters, key: str) -> Table | None:
    """One table for an export, hidden the same way as on the page."""
    builders = {"youth": youth_by_readiness_status, "placements": placements_per_period,
                "capacity": capacity_per_period, "sharing": sharing, "outcomes": outcomes_table}
    builder = builders.get(key)
    return _as_seen_by(actor, builder(filters)) if builder else None
