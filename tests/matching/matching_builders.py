"""Small instance builders and independent reference solvers for the matching tests."""

from __future__ import annotations

import itertools
import math

import numpy as np
from hypothesis import strategies as st
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching

from partnerhub.matching import Company, Instance, Period, TradeArea, Youth

AREAS = (
    TradeArea("toemrer", "Tømrer", "teknologi"),
    TradeArea("kok", "Kok", "foedevarer"),
    TradeArea("landmand", "Landmand", "foedevarer"),
    TradeArea("kontorassistent", "Kontorassistent", "kontor"),
)


def youth(yid: str, **kw) -> Youth:
    base = dict(id=yid, lat=55.77, lon=9.70, available_periods=(0, 1, 2), rotation_k=3, max_travel_km=30.0)
    base.update(kw)
    return Youth(**base)


def company(cid: str, **kw) -> Company:
    base = dict(id=cid, name=f"Firma {cid}", lat=55.77, lon=9.70, capacity=(1, 1, 1))
    base.update(kw)
    return Company(**base)


def instance(ys, cs, n_periods: int = 3, candidates=None) -> Instance:
    return Instance(
        periods=tuple(Period(p, f"P{p}") for p in range(n_periods)),
        youth=tuple(ys),
        companies=tuple(cs),
        trade_areas=AREAS,
        candidates=candidates,
    )


def km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


def eligible_pairs(inst: Instance) -> dict[str, dict[str, float]]:
    """Hard-rule-feasible pairs computed from scratch (given scores, or 0 when the engine scores itself)."""
    out: dict[str, dict[str, float]] = {}
    for y in inst.youth:
        given = dict(inst.candidates.get(y.id, ())) if inst.candidates is not None else None
        row = {}
        for c in inst.companies:
            if given is not None and c.id not in given:
                continue
            if km(y.lat, y.lon, c.lat, c.lon) > y.max_travel_km:
                continue
            if y.needs_adjustments and not c.suits_special_needs:
                continue
            if c.id in y.excluded_companies:
                continue
            row[c.id] = given[c.id] if given is not None else 0.0
        out[y.id] = row
    return out


def max_coverage(inst: Instance) -> int:
    """Maximum matching of youth to (company, period, seat) copies, by scipy (independent of the engine)."""
    pairs = eligible_pairs(inst)
    cols = {}
    for c in inst.companies:
        for p, cap in enumerate(c.capacity):
            for j in range(cap):
                cols[(c.id, p, j)] = len(cols)
    rows, cidx = [], []
    for r, y in enumerate(inst.youth):
        for cid in pairs[y.id]:
            for (ccid, p, _j), col in cols.items():
                if ccid == cid and p in y.available_periods:
                    rows.append(r)
                    cidx.append(col)
    if not cols or not inst.youth:
        return 0
    graph = csr_matrix((np.ones(len(rows)), (rows, cidx)), shape=(len(inst.youth), len(cols)))
    return int((maximum_bipartite_matching(graph, perm_type="column") >= 0).sum())


def _options(y: Youth, pairs: dict[str, float], caps: dict[str, tuple[int, ...]], n_p: int):
    """Every rotation one youth could take alone: distinct companies in distinct available periods."""
    slots = [p for p in y.available_periods if p < n_p]
    opts = [()]
    cids = sorted(pairs)
    for size in range(1, min(y.rotation_k, len(slots)) + 1):
        for periods in itertools.combinations(slots, size):
            for comps in itertools.permutations(cids, size):
                if all(caps[c][p] > 0 for c, p in zip(comps, periods, strict=True)):
                    opts.append(tuple(zip(comps, periods, strict=True)))
    return opts


def _feasible_plans(inst: Instance):
    """(every feasible plan as one rotation per youth, effective k per youth) of a tiny instance."""
    pairs = eligible_pairs(inst)
    caps = {c.id: c.capacity for c in inst.companies}
    n_p = len(inst.periods)
    options = [_options(y, pairs[y.id], caps, n_p) for y in inst.youth]
    k_eff = [max(len(o) for o in opts) for opts in options]

    def plans():
        for combo in itertools.product(*options):
            used: dict[tuple[str, int], int] = {}
            ok = True
            for rot in combo:
                for c, p in rot:
                    used[(c, p)] = used.get((c, p), 0) + 1
                    if used[(c, p)] > caps[c][p]:
                        ok = False
            if ok:
                yield combo

    return plans(), k_eff


def max_full_rotations(inst: Instance) -> int:
    """The most young people with their effective k placements in any feasible plan, ladder ignored."""
    plans, k_eff = _feasible_plans(inst)
    return max(sum(1 for rot, k in zip(combo, k_eff, strict=True) if k > 0 and len(rot) == k) for combo in plans)


def brute_force(inst: Instance):
    """The lexicographic optimum (ladder rungs, then score) by enumerating every plan of a tiny instance."""
    pairs = eligible_pairs(inst)
    plans, k_eff = _feasible_plans(inst)
    levels = max(k_eff, default=0)
    best = None
    for combo in plans:
        value = ladder_of([len(r) for r in combo], k_eff, levels) + (
            round(sum(pairs[y.id][c] for y, rot in zip(inst.youth, combo, strict=True) for c, _ in rot), 6),
        )
        if best is None or value > best:
            best = value
    return best, k_eff


def ladder_of(degrees, k_eff, levels) -> tuple[int, ...]:
    return tuple(
        sum(1 for d, k in zip(degrees, k_eff, strict=True) if k > 0 and d >= min(j, k))
        for j in range(1, levels + 1)
    )


@st.composite
def given_candidate_instances(draw, max_youth=3, max_companies=3, n_periods=2, uniform=False):
    """Tiny instances with given candidate scores (2-decimal scores, so integer scaling is exact)."""
    n_y = draw(st.integers(1, max_youth))
    n_c = draw(st.integers(1, max_companies))
    cap_strategy = st.integers(0, 2)
    cs = []
    for i in range(n_c):
        if uniform:
            cap = (draw(st.integers(1, 2)),) * n_periods
        else:
            cap = tuple(draw(cap_strategy) for _ in range(n_periods))
        cs.append(company(f"c{i}", capacity=cap))
    ys, cands = [], {}
    for i in range(n_y):
        avail = (
            tuple(range(n_periods))
            if uniform
            else tuple(sorted(draw(st.sets(st.integers(0, n_periods - 1), max_size=n_periods))))
        )
        ys.append(youth(f"y{i}", available_periods=avail, rotation_k=draw(st.integers(1, n_periods))))
        chosen = draw(st.sets(st.integers(0, n_c - 1), max_size=n_c))
        cands[f"y{i}"] = tuple((f"c{j}", draw(st.integers(1, 99)) / 100) for j in sorted(chosen))
    return instance(ys, cs, n_periods, candidates=cands)
