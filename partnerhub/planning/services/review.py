"""The review list of a round's proposals: filters, ordering and paging in SQL, warnings for the rows shown.

The list reads columns, not objects: a page of 25 proposals was ~180 ORM objects (proposals, profiles, staff records,
items, companies, towns) from eight queries, most of the page's CPU (issue 19). Now one query gives the page's
proposals with their young people and the number that match, and one the rotations with their companies, periods and
seats taken; each row leaves here in the page's own words, and the warnings come from the same rules
(checks.facts_warnings) the proposal page names them with."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from partnerhub.companies.models import Company, PlanningPeriod
from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.planning import engine_adapter as adapter
from partnerhub.planning.models import PlanningRound, Proposal, ProposalItem, ProposalStatus, SeatCounter
from partnerhub.planning.services.checks import ItemFacts, facts_warnings, max_weeks_for
from partnerhub.reference.models import Town, TradeArea
from partnerhub.reference.service import employer_ratio, km_between
from partnerhub.youth.models import (
    Readiness,
    YouthProfile,
    YouthStaffRecord,
    adjustments_needed,
    name_of,
    youth_trade_areas,
)
from partnerhub.youth.service import travel_limit_of

SORTED_AFTER_LOADING = ("warnings", "companies")  # computed per row, so these sorts need every matching row
NO_VALUE = "–"  # a young person without a town or a group


@cache
def _statements() -> tuple[Any, Any, dict[str, tuple[Any, ...]]]:
    """The list's two statements without the request's filters, and its orders. Built once (on first use: building
    them at import would configure the mappers before a gunicorn worker means to): a statement of this many
    columns costs more to put together than to run. Both read plain rows and run on the session's connection, past
    the ORM's per-statement work, as there are no objects to load.

    The pages' other statements built once (`functools.cache`, with what varies as bind parameters) are built once
    for the same reason and one more: SQLAlchemy works out a statement's cache key on every execution of a new
    statement object but keeps it on the object, so one used again skips that (issue 19; 1.6 ms of the round page's
    requests). tests/planning/test_round_list.py checks that each round's page still shows its own rows."""
    youth_town, company_town = aliased(Town), aliased(Town)
    proposals = sa.select(
        Proposal.id, Proposal.status, Proposal.score, YouthProfile.first_name, YouthProfile.last_name,
        YouthProfile.accommodations, YouthProfile.max_travel, YouthProfile.max_travel_unit, YouthProfile.transport,
        YouthProfile.earliest_start, youth_town.name.label("town"), youth_town.lat, youth_town.lon,
        YouthStaffRecord.readiness,
    ).join(YouthProfile, YouthProfile.id == Proposal.youth_profile_id) \
        .outerjoin(youth_town, youth_town.id == YouthProfile.town_id) \
        .outerjoin(YouthStaffRecord, YouthStaffRecord.profile_id == YouthProfile.id)
    items = sa.select(
        ProposalItem.proposal_id, Company.name.label("company"), Company.employees,
        Company.suits_special_needs.label("suits"), company_town.lat, company_town.lon,
        PlanningPeriod.name.label("period"), PlanningPeriod.starts_on, PlanningPeriod.ends_on, SeatCounter.taken,
    ).join(Company, Company.id == ProposalItem.company_id) \
        .outerjoin(company_town, company_town.id == Company.town_id) \
        .join(PlanningPeriod, PlanningPeriod.id == ProposalItem.period_id) \
        .order_by(ProposalItem.proposal_id, ProposalItem.position, ProposalItem.id)
    orders = {"score": (Proposal.score.desc(), Proposal.id),
              "name": (sa.func.lower(YouthProfile.first_name), Proposal.id)}
    return proposals, items, orders


@cache
def _items_with_seats(by_ids: bool) -> Any:
    """The rotations of the proposals asked for, with the seats their companies have taken in the round's periods
    (as the proposal page counts them), built once (see _statements). With `by_ids` the proposals are the bind
    parameter `proposal_ids`; without, the caller adds a subquery (the sorted-after-loading path)."""
    statement = _statements()[1].outerjoin(SeatCounter, sa.and_(
        SeatCounter.company_id == ProposalItem.company_id, SeatCounter.period_id == ProposalItem.period_id,
        SeatCounter.period_id.in_(sa.bindparam("round_periods", expanding=True))))
    return statement.where(ProposalItem.proposal_id.in_(sa.bindparam("proposal_ids", expanding=True))) \
        if by_ids else statement


def _counted_in_order(query: Any, sort: str) -> Any:
    """The proposals in the list's order, each row with the number that match (a window over the whole query)."""
    return query.add_columns(sa.func.count().over().label("total")).order_by(*_statements()[2][sort])


@cache
def _page_statement(sort: str, by_status: bool) -> Any:
    """The list's usual page (a round, perhaps a status, no other filter) as one statement built once per order,
    with the round, status and window as bind parameters (see _statements for why)."""
    query = _statements()[0].where(Proposal.round_id == sa.bindparam("round_id"))
    if by_status:
        query = query.where(Proposal.status == sa.bindparam("status", type_=Proposal.status.type))
    return _counted_in_order(query, sort).offset(sa.bindparam("first", type_=sa.Integer)) \
        .limit(sa.bindparam("per_page", type_=sa.Integer))


@dataclass
class ProposalRow:
    """One row of the list as the page shows it, the labels already in the page's language."""

    id: int
    name: str  # the young person's
    town: str  # the young person's, or NO_VALUE
    readiness: str  # the group's label, or NO_VALUE
    score: float
    status: str  # the status's label
    is_open: bool  # staff can still approve it: it gets a checkbox
    choose: str  # the checkbox's label for a screen reader ("" without one)
    rotation: list[tuple[str, str]] = field(default_factory=list)  # (company, period), in the rotation's order
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Young:
    """What the warnings need of a row's young person; kept here, not shown."""

    town: tuple[float, float] | None
    needs_adjustments: bool
    travel_limit_km: float
    max_weeks: int | None
    earliest_start: date | None


def proposal_rows(round_: PlanningRound, *, readiness: str = "", trade_area: str = "", town: str = "",
                  min_score: float | None = None, status: str = "proposed", sort: str = "score",
                  page: int = 1, per_page: int | None = None) -> tuple[list[ProposalRow], int]:
    """One page of the review list, with its warnings, and the number of matching proposals. Filters, ordering and
    paging run in SQL and only the page's proposals are read, so a round of thousands stays fast; sorting by
    warnings or by companies (both computed per row) reads every matching row and is the one slow path."""
    proposals, _items, orders = _statements()
    query = proposals.where(Proposal.round_id == round_.id)
    if status:
        query = query.where(Proposal.status == ProposalStatus(status))
    if readiness:
        query = query.where(YouthStaffRecord.readiness == Readiness(readiness))
    if trade_area:
        query = query.where(YouthProfile.id.in_(
            sa.select(youth_trade_areas.c.profile_id)
            .join(TradeArea, TradeArea.id == youth_trade_areas.c.trade_area_id).where(TradeArea.key == trade_area)))
    if town:
        query = query.where(YouthProfile.town_id == int(town))
    if min_score is not None:
        query = query.where(Proposal.score >= min_score)
    connection = db.session.connection()
    first = (max(page, 1) - 1) * (per_page or 0)
    if sort in SORTED_AFTER_LOADING:
        found = connection.execute(query).all()
        rows = _with_rotations(round_, found, query.with_only_columns(Proposal.id))
        if sort == "warnings":
            rows.sort(key=lambda r: (-len(r.warnings), r.id))
        else:
            rows.sort(key=lambda r: (-len(r.rotation), r.id))
        return (rows[first:first + per_page] if per_page else rows), len(found)
    order = sort if sort in orders else "score"
    if per_page and not (readiness or trade_area or town or min_score is not None):
        shown = connection.execute(_page_statement(order, bool(status)), {
            "round_id": round_.id, "status": ProposalStatus(status) if status else None, "first": first,
            "per_page": per_page}).all()
    else:
        paged = _counted_in_order(query, order)
        shown = connection.execute(paged.offset(first).limit(per_page) if per_page else paged).all()
    if shown:
        total = shown[0].total
    elif first:  # past the last page: the window had no row to count on
        total = connection.scalar(sa.select(sa.func.count()).select_from(
            query.with_only_columns(Proposal.id).subquery())) or 0
    else:
        total = 0
    return _with_rotations(round_, shown, [row.id for row in shown]), total


def _with_rotations(round_: PlanningRound, found: Sequence[Any], ids: Any) -> list[ProposalRow]:
    """The rows in the order found, each with its rotation and warnings; `ids` (a list or a subquery) says whose
    items to read, in one query with the companies, their towns, the periods and the seats the companies have
    taken (in the round's periods, as the proposal page counts them)."""
    rows, young = {}, {}
    for row in found:
        name, is_open = name_of(row.first_name, row.last_name), row.status is ProposalStatus.PROPOSED
        rows[row.id] = ProposalRow(
            id=row.id, name=name, town=row.town or NO_VALUE,
            readiness=row.readiness.label if row.readiness else NO_VALUE, score=row.score, status=row.status.label,
            is_open=is_open, choose=_("Vælg forslaget til %(name)s", name=name) if is_open else "")
        young[row.id] = _Young(
            town=None if row.lat is None else (row.lat, row.lon),
            needs_adjustments=adjustments_needed(row.accommodations),
            travel_limit_km=adapter.travel_or_default(travel_limit_of(row.max_travel, row.max_travel_unit,
                                                                      row.transport)),
            max_weeks=max_weeks_for(row.readiness)[0], earliest_start=row.earliest_start)
    if not rows:
        return []
    ratio = employer_ratio()
    round_periods = [rp.period_id for rp in round_.periods]
    if isinstance(ids, list):
        items = db.session.connection().execute(_items_with_seats(True), {
            "round_periods": round_periods, "proposal_ids": ids})
    else:
        items = db.session.connection().execute(_items_with_seats(False).where(ProposalItem.proposal_id.in_(ids)), {
            "round_periods": round_periods})
    for item in items:
        row, person = rows[item.proposal_id], young[item.proposal_id]
        row.rotation.append((item.company, item.period))
        km = None if person.town is None or item.lat is None else round(km_between(*person.town, item.lat, item.lon),
                                                                         1)
        row.warnings += facts_warnings(ItemFacts(
            company_name=item.company, ratio_limit=ratio.limit(item.employees),
            unmet_needs=person.needs_adjustments and not item.suits, distance_km=km,
            travel_limit_km=person.travel_limit_km, max_weeks=person.max_weeks, earliest_start=person.earliest_start,
            starts_on=item.starts_on, ends_on=item.ends_on), extra_seat=row.is_open, taken=item.taken or 0)
    return list(rows.values())
