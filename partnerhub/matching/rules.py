"""Hard rules shared by scorer and planner: distance, seats left after fixed placements, availability
(the start and weekday rules themselves live in availability.py)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .availability import DayRule, startable_periods
from .eligibility import eligibility_bans
from .model import Instance
from .young_workers import young_worker_bans

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike) -> np.ndarray:
    """Great-circle distance in km; the travel limit is a straight line, so this is the rule itself."""
    lat1, lon1, lat2, lon2 = (np.radians(np.asarray(v, dtype=np.float64)) for v in (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


@dataclass(frozen=True)
class Prepared:
    """Index arrays for an instance: youth and companies sorted by id, fixed placements already subtracted."""

    youth_ids: list[str]
    company_ids: list[str]
    youth_index: dict[str, int]
    company_index: dict[str, int]
    n_periods: int
    capacity: np.ndarray  # (companies, periods) offered seats
    seats_left: np.ndarray  # (companies, periods) seats after fixed placements
    avail: np.ndarray  # (youth, periods) bool: available and not already busy with a fixed placement
    k_left: np.ndarray  # (youth,) placements still allowed after fixed ones
    fixed_count: np.ndarray  # (youth,)
    banned: set[tuple[int, int]]  # (youth, company) pairs ruled out: excluded or already fixed
    youth_lat: np.ndarray
    youth_lon: np.ndarray
    travel_km: np.ndarray
    needs: np.ndarray
    company_lat: np.ndarray
    company_lon: np.ndarray
    suits: np.ndarray
    days: DayRule  # weekdays of youth and company periods, and the minimum they must share (availability.py)
    ineligible: dict[tuple[int, int], str]  # (youth, company) -> eligibility code; these pairs are also banned


def prepare(instance: Instance) -> Prepared:
    """Turn the instance into arrays once; fixed placements consume seats and count toward k here."""
    youth = sorted(instance.youth, key=lambda y: y.id)
    companies = sorted(instance.companies, key=lambda c: c.id)
    n_p = len(instance.periods)
    company_index = {c.id: i for i, c in enumerate(companies)}
    capacity = np.array([c.capacity for c in companies], dtype=np.int64).reshape(len(companies), n_p)
    seats_left = capacity.copy()
    avail = np.zeros((len(youth), n_p), dtype=bool)
    k_left = np.zeros(len(youth), dtype=np.int64)
    fixed_count = np.zeros(len(youth), dtype=np.int64)
    banned: set[tuple[int, int]] = set()
    period_starts = [p.starts_on for p in sorted(instance.periods, key=lambda p: p.index)]
    for yi, y in enumerate(youth):
        for p in startable_periods(y.available_periods, y.earliest_start, period_starts, instance.availability):
            avail[yi, p] = True
        for cid in y.excluded_companies:
            if cid in company_index:
                banned.add((yi, company_index[cid]))
        for f in y.fixed:
            ci = company_index[f.company_id]
            seats_left[ci, f.period] -= 1
            avail[yi, f.period] = False
            banned.add((yi, ci))
        fixed_count[yi] = len(y.fixed)
        k_left[yi] = max(0, y.rotation_k - len(y.fixed))
    youth_index = {y.id: i for i, y in enumerate(youth)}
    banned |= young_worker_bans(instance, youth_index, company_index)
    ineligible = eligibility_bans(instance.ineligible, youth_index, company_index)
    banned |= ineligible.keys()
    if (seats_left < 0).any():
        ci, p = np.argwhere(seats_left < 0)[0]
        raise ValueError(f"fixed placements exceed the capacity of company {companies[ci].id} in period {p}")
    return Prepared(
        youth_ids=[y.id for y in youth],
        company_ids=[c.id for c in companies],
        youth_index=youth_index,
        company_index=company_index,
        n_periods=n_p,
        capacity=capacity,
        seats_left=seats_left,
        avail=avail,
        k_left=k_left,
        fixed_count=fixed_count,
        banned=banned,
        youth_lat=np.array([y.lat for y in youth], dtype=np.float64),
        youth_lon=np.array([y.lon for y in youth], dtype=np.float64),
        travel_km=np.array([y.max_travel_km for y in youth], dtype=np.float64),
        needs=np.array([y.needs_adjustments for y in youth], dtype=bool),
        company_lat=np.array([c.lat for c in companies], dtype=np.float64),
        company_lon=np.array([c.lon for c in companies], dtype=np.float64),
        suits=np.array([c.suits_special_needs for c in companies], dtype=bool),
        days=DayRule.build([y.weekdays for y in youth], [c.weekdays for c in companies], n_p,
                           instance.availability.min_common_weekdays),
        ineligible=ineligible,
    )


def usable_periods(prep: Prepared, yi: np.ndarray, ci: np.ndarray) -> np.ndarray:
    """(pairs, P) bool: the company has a seat, the young person is free and can start, and they share enough
    weekdays. Every part of the planner reads a pair's periods from here, so the relaxation, its bounds and
    the plan obey the same availability rules."""
    usable: np.ndarray = (prep.seats_left[ci] > 0) & prep.avail[yi]
    if not prep.days.trivial:
        usable &= prep.days.pair_periods(yi, ci)
    return usable


def hard_rule_mask(prep: Prepared, yi: np.ndarray, ci: np.ndarray, dist_km: np.ndarray) -> np.ndarray:
    """True for pairs that pass travel, needs, exclusion and 'a seat exists in a period the youth is free, can
    start in and shares enough weekdays with the company'."""
    ok = dist_km <= prep.travel_km[yi] + 1e-9
    ok &= ~prep.needs[yi] | prep.suits[ci]
    ok &= usable_periods(prep, yi, ci).any(axis=1)
    ok &= prep.k_left[yi] > 0
    if prep.banned:
        n_c = max(len(prep.company_ids), 1)
        banned_keys = np.fromiter((y * n_c + c for y, c in prep.banned), dtype=np.int64)
        ok &= ~np.isin(yi.astype(np.int64) * n_c + ci, banned_keys)
    return ok
