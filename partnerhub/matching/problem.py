"""The planner's view of a round: feasible pairs with scores, each young person's effective k, the ladder."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .model import Instance, PlanOptions
from .pairs import ScoredPairs, pair_rows
from .rules import Prepared, usable_periods

# Bits available in an int64 sort key before `best_first_order` falls back to a three-key lexsort.
SORT_KEY_BITS = 62
# `build_problem` packs (youth, main area) into youth * GROUP_STRIDE + area; there are far fewer main areas.
GROUP_STRIDE = 64


@dataclass
class Problem:
    """The planner's view: feasible pairs with scores, seats, availability and each youth's effective k."""

    prep: Prepared
    yi: np.ndarray  # pair -> youth
    ci: np.ndarray  # pair -> company
    score: np.ndarray  # pair -> score (float)
    units: np.ndarray  # youth -> new placements the youth can still take (effective k minus fixed)
    k_eff: np.ndarray  # youth -> effective k including fixed placements (0: cannot be placed at all)
    levels: int  # rungs on the ladder = max effective k
    group: np.ndarray  # pair -> diverse group (primary main area) or -1
    bonus: float  # diverse bonus per distinct main area (0 outside diverse mode)
    best_first: np.ndarray  # pair indices youth by youth, best score first, ties to the lower company


def best_first_order(yi: np.ndarray, ci: np.ndarray, score: np.ndarray) -> np.ndarray:
    """The lexsort by (youth, score descending, company) as one argsort of an exact int64 key.

    The score enters as its rank among the distinct scores, so the order is exact; a 3-key lexsort of
    L's two million pairs costs about a second, this a third of that.
    """
    if not len(yi):
        return np.zeros(0, dtype=np.int64)
    distinct, score_rank = np.unique(-score, return_inverse=True)
    c_bits = int(ci.max()).bit_length()
    s_bits = len(distinct).bit_length()
    if int(yi.max()).bit_length() + s_bits + c_bits > SORT_KEY_BITS:
        return np.lexsort((ci, -score, yi))
    key = (yi.astype(np.int64) << (s_bits + c_bits)) | (score_rank.astype(np.int64) << c_bits) | ci
    return np.argsort(key)


def effective_k(prep: Prepared, yi: np.ndarray, ci: np.ndarray) -> np.ndarray:
    """New placements a youth could get if alone in the round: min(k left, max matching candidates->periods).

    The matching size comes from the König-Ore formula |A| - max_T(|T| - |N(T)|) over period sets T,
    where N(T) counts candidates with a seat in some period of T (P is small, so 2^P sets is cheap).
    """
    n_y, n_p = len(prep.youth_ids), prep.n_periods
    bits = 1 << np.arange(n_p)
    masks = usable_periods(prep, yi, ci).astype(np.int64) @ bits
    hist = np.zeros((n_y, 1 << n_p), dtype=np.int64)
    np.add.at(hist, (yi, masks), 1)
    n_cand = hist.sum(axis=1)
    avail_mask = prep.avail.astype(np.int64) @ bits
    best_deficiency = np.zeros(n_y, dtype=np.int64)
    all_masks = np.arange(1 << n_p)
    for t in range(1, 1 << n_p):
        # candidates whose seat periods avoid T are outside N(T)
        outside = hist[:, (all_masks & t) == 0].sum(axis=1)
        inside_avail = (avail_mask & t) == t
        deficiency = np.where(inside_avail, bin(t).count("1") - (n_cand - outside), 0)
        best_deficiency = np.maximum(best_deficiency, deficiency)
    matching = prep.avail.sum(axis=1) - best_deficiency
    result: np.ndarray = np.minimum(prep.k_left, matching).astype(np.int64)
    return result


def ladder_counts(degree: np.ndarray, k_eff: np.ndarray, levels: int) -> tuple[int, ...]:
    """Rung j = youth with at least min(j, effective k) placements (youth with effective k 0 never count)."""
    ok = k_eff > 0
    return tuple(int((ok & (degree >= np.minimum(j, k_eff))).sum()) for j in range(1, levels + 1))


def _diverse_groups(instance: Instance, pairs: ScoredPairs) -> np.ndarray:
    """Pair -> index of the company's primary main area for diverse-preferred youth, else -1."""
    area_main = {t.id: t.main_area for t in instance.trade_areas}
    companies = sorted(instance.companies, key=lambda c: c.id)
    primary = []
    for c in companies:
        mains = [m for m in c.main_areas if m] or [area_main[a] for a in c.trade_areas if area_main.get(a)]
        primary.append(mains[0] if mains else "")
    names = sorted(set(primary) - {""})
    code = np.array([names.index(m) if m else -1 for m in primary], dtype=np.int64)
    diverse = np.array([y.diverse_preferred for y in sorted(instance.youth, key=lambda y: y.id)], dtype=bool)
    group = np.full(len(pairs.yi), -1, dtype=np.int64)
    if len(pairs.yi):
        group = np.where(diverse[pairs.yi], code[pairs.ci], -1)
    return group


def build_problem(prep: Prepared, pairs: ScoredPairs, instance: Instance, options: PlanOptions) -> Problem:
    """Attach effective k, ladder size and diverse groups to the scored pairs."""
    k_eff_new = effective_k(prep, pairs.yi, pairs.ci)
    k_eff = np.where(prep.fixed_count + k_eff_new > 0, prep.fixed_count + k_eff_new, 0)
    levels = int(k_eff.max()) if len(k_eff) else 0
    group = np.full(len(pairs.yi), -1, dtype=np.int64)
    bonus = 0.0
    if options.mode == "diverse" and options.diverse_bonus > 0:
        bonus = options.diverse_bonus
        group = _diverse_groups(instance, pairs)
    return Problem(
        prep,
        pairs.yi,
        pairs.ci,
        pairs.score,
        k_eff_new,
        k_eff,
        levels,
        group,
        bonus,
        best_first_order(pairs.yi, pairs.ci, pairs.score),
    )


def by_youth(problem: Problem, only: np.ndarray | None = None) -> list[list[int]]:
    """Pair indices per youth (of the pairs in `only`, if given), best score first (ties: lower company)."""
    order = problem.best_first if only is None else problem.best_first[only[problem.best_first]]
    n_y = len(problem.prep.youth_ids)
    bounds = np.searchsorted(problem.yi[order], np.arange(n_y + 1)).tolist()
    flat = order.tolist()
    return [flat[bounds[y] : bounds[y + 1]] for y in range(n_y)]


def companies_by_youth(problem: Problem) -> list[list[int]]:
    """The companies of `by_youth(problem)`, entry by entry (one numpy gather, not 2 million look-ups)."""
    order = problem.best_first
    bounds = np.searchsorted(problem.yi[order], np.arange(len(problem.prep.youth_ids) + 1)).tolist()
    flat = problem.ci[order].tolist()
    return [flat[bounds[y] : bounds[y + 1]] for y in range(len(bounds) - 1)]


def pair_index(problem: Problem, keys: Sequence[tuple[int, int]]) -> np.ndarray:
    """Pair index of each (youth, company) in keys (all of them are candidate pairs)."""
    return pair_rows(problem.yi, problem.ci, max(len(problem.prep.company_ids), 1), keys)
