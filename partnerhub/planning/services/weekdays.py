"""The days a young person actually comes: their own weekdays intersected with the company's, as the matcher plans
them (matching.common_weekdays), so pages and the engine never disagree about "Mon–Thu" against "Mon–Fri"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from partnerhub import matching
from partnerhub.companies.models import CompanyCapacity
from partnerhub.extensions import db
from partnerhub.forms import WEEKDAY_IN_SENTENCE, weekday_label, weekdays_to_text
from partnerhub.planning.models import Placement, ProposalItem
from partnerhub.youth.models import YouthProfile


def shared_weekdays(profile: YouthProfile, capacity: CompanyCapacity | None) -> list[int]:
    """ISO weekdays both can; a side that has not said counts as every day (as in the engine)."""
    return list(matching.common_weekdays(profile.weekday_list, capacity.weekday_list if capacity else []))


@dataclass
class PlacementDays:
    """What the young person's plan says about one placement: the real days, and the first and last of them."""

    label: str  # "man, tir, ons, tor"
    first: date | None
    last: date | None

    @property
    def first_weekday(self) -> str:
        return str(WEEKDAY_IN_SENTENCE[self.first.isoweekday()]) if self.first else ""

    @property
    def last_weekday(self) -> str:
        return str(WEEKDAY_IN_SENTENCE[self.last.isoweekday()]) if self.last else ""


def placement_days(placement: Placement, capacity: CompanyCapacity | None) -> PlacementDays:
    """First day: the first common weekday on or after both the start and the young person's earliest start."""
    days = set(shared_weekdays(placement.profile, capacity))
    earliest = placement.profile.earliest_start
    start = max(placement.starts_on, earliest) if earliest else placement.starts_on
    span = [start + timedelta(days=n) for n in range((placement.ends_on - start).days + 1)]
    on_days = [d for d in span if d.isoweekday() in days]
    return PlacementDays(weekday_label(weekdays_to_text(sorted(days))), on_days[0] if on_days else None,
                         on_days[-1] if on_days else None)


def item_weekday_labels(profile: YouthProfile, items: list[ProposalItem]) -> dict[int, str]:
    """Proposal item id -> the days the young person and the company share in that period ("" if none)."""
    if not items:
        return {}
    capacities = {(c.company_id, c.period_id): c for c in db.session.scalars(db.select(CompanyCapacity).where(
        CompanyCapacity.company_id.in_({i.company_id for i in items}),
        CompanyCapacity.period_id.in_({i.period_id for i in items})))}
    return {item.id: weekday_label(weekdays_to_text(shared_weekdays(
        profile, capacities.get((item.company_id, item.period_id))))) for item in items}
