"""What every results figure shares: the filters, the breakdown "dimension" and the table a figure becomes.

Every count is one GROUP BY query over a "dimension" subquery (young person -> breakdown key), so a breakdown by
trade area, town, readiness or round is the same query with another subquery, and 10,000 young people stay fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa

from partnerhub.accounts.models import User
from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.permissions import Role
from partnerhub.planning.models import PlanningRound, RoundParticipant
from partnerhub.reference.models import Town, TradeArea
from partnerhub.youth.models import Readiness, YouthProfile, YouthStaffRecord, youth_trade_areas

MIN_GROUP = 5  # a number about fewer young people than this is hidden from companies and management: too revealing
HIDDEN = f"<{MIN_GROUP}"  # what a hidden count shows, on the page and in the export
# A count of MIN_GROUP or more, hidden too so a hidden small count can't be worked out from the row's total
# (as Danmarks Statistik marks a figure withheld for confidentiality).
WITHHELD = ".."

DIMENSIONS = {"": _l("Ingen opdeling"), "trade_area": _l("Fagområde"), "town": _l("By"),
              "readiness": _l("Parathedskategori"), "round": _l("Planlægningsrunde")}


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


def youth_filter(filters: Filters) -> sa.Select:
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


def dimension(breakdown: str) -> sa.Subquery:
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


def in_range(column: Any, filters: Filters) -> list:
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


@dataclass
class Table:
    """A figure as rows: what the chart draws, what the screen reader reads and what the export writes."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    note: str = ""
    # Columns that count young people, and columns computed from them (hidden along with them).
    people_columns: tuple[int, ...] = ()
    derived_columns: tuple[int, ...] = ()
    # A people column that is the sum of the row's other people columns ("I alt"): the row's parts and total.
    total_column: int | None = None


def suppress(count: int) -> int | None:
    """Fewer than MIN_GROUP young people behind a number: hide it (None), so no one can be identified."""
    return count if count >= MIN_GROUP else None


def sees_small_counts(actor: User) -> bool:
    """Staff and admins work with the people behind the numbers; management sees numbers only, never a person, so a
    count of 1–4 young people (who could be recognised in a small town or group) is hidden from it."""
    return actor.role is not Role.MANAGEMENT


def hidden_small_counts(table: Table) -> Table:
    """The table with every count of 1 to MIN_GROUP - 1 young people shown as HIDDEN, and a row's derived figures
    (a share) hidden with it; 0 stays, as it identifies nobody."""
    rows = []
    withheld_any = False
    for row in table.rows:
        shown = list(row)
        hid = False
        for index in table.people_columns:
            value = shown[index]
            if isinstance(value, int) and 0 < value < MIN_GROUP:
                shown[index], hid = HIDDEN, True
        if hid and table.total_column is not None:
            withheld_any |= _withhold_until_underivable(row, shown, table, table.total_column)
        if hid:
            for index in table.derived_columns:
                shown[index] = HIDDEN
        rows.append(shown)
    notes = [table.note, _("Et tal under %(n)d unge vises som %(hidden)s, så ingen kan genkendes.", n=MIN_GROUP,
                           hidden=HIDDEN)]
    if withheld_any:
        notes.append(_("%(withheld)s er et tal, der også er skjult, så et tal under %(n)d ikke kan regnes ud fra "
                       "summen.", withheld=WITHHELD, n=MIN_GROUP))
    return Table(table.key, table.title, table.columns, rows, " ".join(part for part in notes if part),
                 table.people_columns, table.derived_columns, table.total_column)


def _withhold_until_underivable(row: list[Any], shown: list[Any], table: Table, total: int) -> bool:
    """Complementary suppression: the total less the shown parts is what the hidden parts add up to; while that
    sum is 1 to MIN_GROUP - 1 young people, one more part (the smallest shown) is withheld, or at last the total.
    Returns whether anything was withheld."""
    parts = [index for index in table.people_columns if index != total]
    withheld = False
    while isinstance(shown[total], int):
        hidden_sum = row[total] - sum(shown[index] for index in parts if isinstance(shown[index], int))
        if hidden_sum == 0 or hidden_sum >= MIN_GROUP:
            break
        candidates = [index for index in parts if isinstance(shown[index], int) and shown[index] > 0]
        if candidates:
            shown[min(candidates, key=lambda index: row[index])] = WITHHELD
        else:
            shown[total] = WITHHELD
        withheld = True
    return withheld

