"""The business case: what the recorded outcomes are worth to society, as a low-high range from the cost figures."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from partnerhub.extensions import db
from partnerhub.reporting.models import CostFigure

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


def outcome_value(case: BusinessCase, counts: dict[str, int]) -> Range | None:
    parts = [case.education_value(counts["education"]), case.job_value(counts["job"])]
    if any(part is None for part in parts):
        return None
    return parts[0] + parts[1]  # type: ignore[operator]
