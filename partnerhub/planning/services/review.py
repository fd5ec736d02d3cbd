"""The review list of a round's proposals: filters, ordering and paging in SQL, warnings for the rows shown."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import defer, joinedload, selectinload

from partnerhub.companies.models import Company
from partnerhub.extensions import db
from partnerhub.planning.models import PlanningRound, Proposal, ProposalItem, ProposalStatus
from partnerhub.planning.services.checks import item_warnings
from partnerhub.planning.services.seats import seats_taken_by_seat
from partnerhub.reference.models import TradeArea
from partnerhub.youth.models import Readiness, YouthProfile, YouthStaffRecord, youth_trade_areas

SORTED_AFTER_LOADING = ("warnings", "companies")  # computed per row, so these sorts need every matching row


@dataclass
class ProposalRow:
    proposal: Proposal
    readiness: Readiness | None
    warnings: list[str]


def proposal_rows(round_: PlanningRound, *, readiness: str = "", trade_area: str = "", town: str = "",
                  min_score: float | None = None, status: str = "proposed", sort: str = "score",
                  page: int = 1, per_page: int | None = None) -> tuple[list[ProposalRow], int]:
    """One page of the review list and the number of matching proposals. Filters, ordering and paging run in SQL and
    only the page's proposals are loaded, so a round of thousands stays fast; sorting by warnings (computed per item)
    needs every row and is the one slow path."""
    query = db.select(Proposal.id).join(YouthProfile, YouthProfile.id == Proposal.youth_profile_id) \
        .where(Proposal.round_id == round_.id)
    if status:
        query = query.where(Proposal.status == ProposalStatus(status))
    if readiness:
        query = query.join(YouthStaffRecord, YouthStaffRecord.profile_id == YouthProfile.id) \
            .where(YouthStaffRecord.readiness == Readiness(readiness))
    if trade_area:
        query = query.where(YouthProfile.id.in_(
            db.select(youth_trade_areas.c.profile_id)
            .join(TradeArea, TradeArea.id == youth_trade_areas.c.trade_area_id).where(TradeArea.key == trade_area)))
    if town:
        query = query.where(YouthProfile.town_id == int(town))
    if min_score is not None:
        query = query.where(Proposal.score >= min_score)
    total = db.session.scalar(db.select(db.func.count()).select_from(query.subquery())) or 0
    in_sql = {"score": (Proposal.score.desc(), Proposal.id), "name": (db.func.lower(YouthProfile.first_name),
                                                                       Proposal.id)}
    if sort not in SORTED_AFTER_LOADING:
        query = query.order_by(*in_sql.get(sort, in_sql["score"]))
        if per_page:
            query = query.offset((max(page, 1) - 1) * per_page).limit(per_page)
    ids = list(db.session.scalars(query))
    rows = _load_rows(ids)
    if sort in SORTED_AFTER_LOADING:
        if sort == "warnings":
            add_warnings(round_, rows)
            rows.sort(key=lambda r: (-len(r.warnings), r.proposal.id))
        else:
            rows.sort(key=lambda r: (-len(r.proposal.items), r.proposal.id))
        if per_page:
            rows = rows[(max(page, 1) - 1) * per_page: max(page, 1) * per_page]
    return rows, total


def _load_rows(ids: list[int]) -> list[ProposalRow]:
    """The proposals with what the list shows, in a fixed number of queries, in the order of `ids`."""
    loaded = {p.id: p for p in db.session.scalars(
        db.select(Proposal).where(Proposal.id.in_(ids)).options(
            selectinload(Proposal.profile).options(
                selectinload(YouthProfile.staff_record), joinedload(YouthProfile.town)),
            selectinload(Proposal.items).options(  # the list shows no explanation: not parsed for 150 items
                defer(ProposalItem.explanation), joinedload(ProposalItem.company).joinedload(Company.town),
                joinedload(ProposalItem.period)),
        ))} if ids else {}
    return [ProposalRow(loaded[i], loaded[i].profile.staff_record.readiness if loaded[i].profile.staff_record
                        else None, []) for i in ids]


def add_warnings(round_: PlanningRound, rows: list[ProposalRow]) -> list[ProposalRow]:
    """Warnings cost real work per item, so a page computes them for the rows it shows (all of them only when staff
    sort by warnings); the seats taken come from one query."""
    period_ids = [rp.period_id for rp in round_.periods]
    company_ids = {item.company_id for row in rows for item in row.proposal.items}
    taken_by_seat = seats_taken_by_seat(company_ids, period_ids)
    for row in rows:
        proposal = row.proposal
        row.warnings = [warning for item in proposal.items for warning in item_warnings(
            proposal.profile, item.company, item.period, extra_seat=proposal.is_open,
            taken=taken_by_seat.get((item.company_id, item.period_id), 0))]
    return rows
