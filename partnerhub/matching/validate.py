"""An independent feasibility check of a plan, written without the planner's code so it can catch its bugs."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from .model import Assignment, Instance

_EVERY_DAY = frozenset(range(1, 8))


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


def violations(instance: Instance, assignments: Iterable[Assignment]) -> list[str]:
    """Every broken rule of the rotation model, one message each; an empty list means feasible."""
    youth = {y.id: y for y in instance.youth}
    companies = {c.id: c for c in instance.companies}
    n_p = len(instance.periods)
    periods = {p.index: p for p in instance.periods}
    rules = instance.availability
    problems: list[str] = []
    seats: Counter[tuple[str, int]] = Counter()
    per_youth_period: Counter[tuple[str, int]] = Counter()
    per_pair: Counter[tuple[str, str]] = Counter()
    per_youth: Counter[str] = Counter()
    seen_fixed: set[tuple[str, str, int]] = set()
    for a in assignments:
        y, c = youth.get(a.youth_id), companies.get(a.company_id)
        if y is None or c is None or not 0 <= a.period < n_p:
            problems.append(f"{a.youth_id}/{a.company_id}/{a.period}: unknown youth, company or period")
            continue
        seats[(c.id, a.period)] += 1
        per_youth_period[(y.id, a.period)] += 1
        per_pair[(y.id, c.id)] += 1
        per_youth[y.id] += 1
        if a.fixed:
            seen_fixed.add((y.id, c.id, a.period))
            continue  # approved earlier: it keeps its seat whatever the rules say today
        if a.period not in y.available_periods:
            problems.append(f"{y.id}: placed in period {a.period} but not available")
        start = periods[a.period].starts_on
        if y.earliest_start and start and (y.earliest_start - start).days > rules.latest_start_days:
            problems.append(f"{y.id}: placed in period {a.period} but can only start {y.earliest_start}")
        company_days = set(c.weekdays[a.period]) if c.weekdays and c.weekdays[a.period] else _EVERY_DAY
        common = (set(y.weekdays) or _EVERY_DAY) & company_days
        if len(common) < rules.min_common_weekdays:
            problems.append(f"{y.id}->{c.id}: {len(common)} common weekdays in period {a.period}, "
                            f"fewer than {rules.min_common_weekdays}")
        if _km(y.lat, y.lon, c.lat, c.lon) > y.max_travel_km + 1e-6:
            problems.append(f"{y.id}->{c.id}: beyond the travel limit")
        if y.needs_adjustments and not c.suits_special_needs:
            problems.append(f"{y.id}->{c.id}: needs adjustments the company does not offer")
        if c.id in y.excluded_companies:
            problems.append(f"{y.id}->{c.id}: company is excluded for this youth")
        if (y.id, c.id) in instance.ineligible:
            problems.append(f"{y.id}->{c.id}: not eligible ({instance.ineligible[(y.id, c.id)]})")
        if instance.candidates is not None and c.id not in {
            cid for cid, _ in instance.candidates.get(y.id, ())
        }:
            problems.append(f"{y.id}->{c.id}: not among the given candidates")
    for (cid, p), n in seats.items():
        if n > companies[cid].capacity[p]:
            problems.append(f"{cid}: {n} young people in period {p}, capacity {companies[cid].capacity[p]}")
    problems += [f"{y}: {n} placements in period {p}" for (y, p), n in per_youth_period.items() if n > 1]
    problems += [f"{y}: company {c} {n} times" for (y, c), n in per_pair.items() if n > 1]
    problems += [
        f"{y}: {n} placements, k={youth[y].rotation_k}"
        for y, n in per_youth.items()
        if n > youth[y].rotation_k
    ]
    for y in instance.youth:
        for f in y.fixed:
            if (y.id, f.company_id, f.period) not in seen_fixed:
                problems.append(f"{y.id}: fixed placement {f.company_id}/{f.period} missing from the plan")
    return problems
