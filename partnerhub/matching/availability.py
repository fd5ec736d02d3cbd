"""When a young person can come: the start rule per period and the common weekdays per pair (hard rules).

Kept apart from the other hard rules (rules.py: travel, needs, exclusions) so that further rules, such as age
rules for under-18s, can sit beside it without touching it. Two rules, both with a threshold the caller sets
(`AvailabilityRules`; in the app they come from the admin-editable scheduling rules):

- **start**: a period is available only if the young person can start within its first
  `latest_start_days` days (`can_start_in`); without dates (an old instance, or no "earliest start") every
  listed period stays available;
- **days**: a pair (young person, company) can be used in a period only if the young person's weekdays and
  the company's weekdays in that period share at least `min_common_weekdays` days (`DayRule`); the plan shows
  exactly those common days.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np

#: ISO weekdays 1 (Monday) .. 7 (Sunday) as bits 0..6; "no days given" means every day.
ALL_DAYS = 0b1111111
DEFAULT_LATEST_START_DAYS = 4  # can start by Friday of the first week of a period that starts on a Monday
DEFAULT_MIN_COMMON_WEEKDAYS = 1
_POPCOUNT = np.array([bin(m).count("1") for m in range(ALL_DAYS + 1)], dtype=np.int64)


@dataclass(frozen=True, slots=True)
class AvailabilityRules:
    """The thresholds of the two availability rules (documented defaults keep old instances unchanged)."""

    latest_start_days: int = DEFAULT_LATEST_START_DAYS  # a start this many days after the period's first day is ok
    min_common_weekdays: int = DEFAULT_MIN_COMMON_WEEKDAYS  # fewer common weekdays: the pair is no candidate


def weekday_mask(days: Iterable[int]) -> int:
    """ISO weekdays as a bit mask; an empty list means "not given", i.e. every day."""
    mask = 0
    for day in days:
        mask |= 1 << (day - 1)
    return mask or ALL_DAYS


@lru_cache(maxsize=256)  # 128 masks; a plan asks once per placement (L: 72,000 times)
def mask_days(mask: int) -> tuple[int, ...]:
    """The ISO weekdays of a bit mask, Monday first."""
    return tuple(d for d in range(1, 8) if mask >> (d - 1) & 1)


def common_weekdays(youth_days: Iterable[int], company_days: Iterable[int]) -> tuple[int, ...]:
    """The days both can: what a plan should show (either side empty means every day)."""
    return mask_days(weekday_mask(youth_days) & weekday_mask(company_days))


def can_start_in(earliest_start: date | None, period_start: date | None, latest_start_days: int) -> bool:
    """True when the young person can start no later than `latest_start_days` days into the period."""
    if earliest_start is None or period_start is None:
        return True
    return (earliest_start - period_start).days <= latest_start_days


def startable_periods(
    available: Iterable[int],
    earliest_start: date | None,
    period_starts: Sequence[date | None],
    rules: AvailabilityRules,
) -> tuple[int, ...]:
    """The young person's available periods that they can also start in early enough."""
    return tuple(p for p in available if can_start_in(earliest_start, period_starts[p], rules.latest_start_days))


@dataclass(frozen=True)
class DayRule:
    """Weekday masks of youth (n_y,) and companies (n_c, P): which (pair, period) has enough common days.

    `trivial` is True when every young person and every company period share enough days; then callers skip
    the rule altogether (old instances, and the benchmark, plan exactly as before).
    """

    youth_mask: np.ndarray
    company_mask: np.ndarray
    min_days: int
    trivial: bool

    @classmethod
    def build(cls, youth_days: Sequence[Sequence[int]], company_days: Sequence[Sequence[Sequence[int]]],
              n_periods: int, min_days: int) -> DayRule:
        """company_days[c] lists one weekday list per period, or none at all (every day in every period)."""
        youth_mask = np.array([weekday_mask(d) for d in youth_days], dtype=np.int64)
        company_mask = np.full((len(company_days), n_periods), ALL_DAYS, dtype=np.int64)
        for c, per_period in enumerate(company_days):
            for p, days in enumerate(per_period):
                company_mask[c, p] = weekday_mask(days)
        distinct_y, distinct_c = np.unique(youth_mask), np.unique(company_mask)
        trivial = bool((_POPCOUNT[distinct_y[:, None] & distinct_c[None, :]] >= min_days).all()) \
            if len(distinct_y) and len(distinct_c) else True
        return cls(youth_mask, company_mask, min_days, trivial)

    def pair_periods(self, yi: np.ndarray, ci: np.ndarray) -> np.ndarray:
        """(pairs, P) bool: enough common days in each period."""
        if self.trivial:
            return np.ones((len(yi), self.company_mask.shape[1]), dtype=bool)
        common = self.youth_mask[yi][:, None] & self.company_mask[ci]
        ok: np.ndarray = _POPCOUNT[common] >= self.min_days
        return ok

    def pair_ok_in(self, yi: np.ndarray, ci: np.ndarray, p: int) -> np.ndarray:
        """(pairs,) bool: enough common days in period p."""
        ok: np.ndarray = _POPCOUNT[self.youth_mask[yi] & self.company_mask[ci, p]] >= self.min_days
        return ok

    def ok_matrix(self, rows: np.ndarray, cols: np.ndarray, p: int) -> np.ndarray:
        """(rows, cols) bool for one period: the dense form the scorer's blocks use."""
        common = self.youth_mask[rows][:, None] & self.company_mask[cols, p][None, :]
        ok: np.ndarray = _POPCOUNT[common] >= self.min_days
        return ok

    def common(self, y: int, c: int, p: int) -> tuple[int, ...]:
        """The days young person y and company c share in period p."""
        return mask_days(int(self.youth_mask[y] & self.company_mask[c, p]))

    def lookup(self) -> tuple[list[int], list[list[int]], list[bool]] | None:
        """Plain lists for the colouring's inner loops (None: the rule never refuses a pair)."""
        if self.trivial:
            return None
        return self.youth_mask.tolist(), self.company_mask.tolist(), (self.min_days <= _POPCOUNT).tolist()
