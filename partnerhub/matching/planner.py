"""Rotation planner: the relaxation's optimum (flow.py), periods by edge colouring (colouring.py), repair.

Coverage first (exactly maximal), then the rotation ladder, then the total score; see docs/matching.md.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .colouring import Colouring
from .eligibility import ordered_codes
from .flow import full_rotations_upper_bound, solve_flow
from .improve import improve_periods
from .memory import release_freed_memory
from .model import (
    REASON_CAPACITY_TAKEN,
    REASON_NO_COMPANY_IN_RANGE,
    REASON_NOT_AVAILABLE,
    REASON_NOT_ELIGIBLE,
    Assignment,
    Instance,
    Plan,
    PlanOptions,
    PlanStats,
    UnplacedReason,
)
from .problem import Problem, build_problem, by_youth, companies_by_youth, ladder_counts, pair_index
from .rules import Prepared, haversine_km, prepare
from .similarity import score_pairs

# Slack on the travel limit so a company exactly at the limit is in range despite float rounding.
TRAVEL_EPSILON_KM = 1e-9
ProgressFn = Callable[[str, float], None]


def _fill(col: Colouring, problem: Problem, wanted: Sequence[Sequence[int]]) -> None:
    """Insert wanted pairs rung by rung, then top up youth below their effective k from their candidates.

    Top-up, rung by rung: a free seat at the best candidate if there is one, else one augmenting path
    (`Colouring.augment`), which may move others between periods and to other candidates.
    """
    prep = problem.prep
    ci = problem.ci.tolist()
    cands = companies_by_youth(problem)  # each youth's candidate companies, best first
    n_y = len(prep.youth_ids)
    rounds = max((len(w) for w in wanted), default=0)
    for r in range(rounds):
        for y, pairs in enumerate(wanted):
            if r < len(pairs):
                col.insert(y, ci[pairs[r]])
    live = np.flatnonzero(problem.units > 0).tolist()
    k_eff = problem.k_eff.tolist()
    fixed = prep.fixed_count.tolist()
    stuck: set[int] = set()  # youth whose augmenting search failed once (not retried on higher rungs)
    placed = col.placed
    for rung in range(1, problem.levels + 1):
        # Seats only fill up during the top-up, so a youth none of whose candidates has a free seat now
        # will not find one later in this rung (this skips most of L's 45,000 futile searches).
        open_seats = np.array(col.free)[problem.ci] > 0
        may_place = (np.bincount(problem.yi[open_seats], minlength=n_y) > 0).tolist()
        for y in live:
            # The relaxation reaches len(wanted[y]): an augmenting path is worth its cost up to there.
            target = min(rung, k_eff[y]) - fixed[y]
            while placed[y] < target:
                if may_place[y] and col.place_any(y, cands[y]):
                    continue
                if y in stuck or placed[y] >= len(wanted[y]) or not col.augment(y, cands):
                    stuck.add(y)
                    break


@dataclass
class Solution:
    """The planner's raw result before explanations are attached."""

    triples: list[tuple[int, int, int]]  # (youth, company, period) new placements
    pair_of: np.ndarray  # pair index of each triple
    bound_int: int
    scale: int
    bound_ladder: tuple[int, ...]
    ladder: tuple[int, ...]
    full_rotations_bound: int  # a true upper bound on full rotations (`flow.full_rotations_upper_bound`)


def solve(problem: Problem, progress: ProgressFn | None = None) -> Solution:
    """Relaxation, colouring, repair, and the coverage guarantee."""
    prep = problem.prep
    n_y = len(prep.youth_ids)
    # Before the colouring's per-youth lists exist, so its network does not add to their memory (L: -110 MB).
    release_freed_memory(len(problem.yi))
    full_bound = full_rotations_upper_bound(problem)
    release_freed_memory(len(problem.yi))  # the bound's network, freed but resident, under the relaxation
    relaxed = solve_flow(problem)
    if progress:
        progress("planning", 0.5)
    deg_relaxed = prep.fixed_count + np.bincount(problem.yi[relaxed.chosen], minlength=n_y)
    bound_ladder = ladder_counts(deg_relaxed, problem.k_eff, problem.levels)
    wanted = by_youth(problem, only=relaxed.chosen)
    col = Colouring(prep.avail, prep.seats_left, days=prep.days.lookup())
    _fill(col, problem, wanted)
    degree = prep.fixed_count + np.array(col.placed, dtype=np.int64)
    max_coverage = bound_ladder[0] if bound_ladder else 0
    if ((degree > 0) & (problem.k_eff > 0)).sum() < max_coverage:
        col = _cover(problem, col)
    # never makes the ladder lexicographically worse (nor coverage lower)
    improve_periods(col, problem, focus=_around_deviations(problem, col, relaxed.chosen))
    degree = prep.fixed_count + np.array(col.placed, dtype=np.int64)
    triples = col.assignments()
    pair_of = pair_index(problem, [(y, c) for y, c, _ in triples])
    return Solution(
        triples,
        pair_of,
        relaxed.int_score,
        relaxed.scale,
        bound_ladder,
        ladder_counts(degree, problem.k_eff, problem.levels),
        full_bound,
    )


def _around_deviations(problem: Problem, col: Colouring, relaxed: np.ndarray) -> np.ndarray:
    """Youth whose companies differ from the relaxation's optimum, and everyone seated where they could go.

    Were every young person given exactly their relaxed companies, the plan would reach the bound and no
    exchange could improve it; the gains lie around the few who are not (L: 414 of 50,000 young people;
    with their neighbourhood 31,000 instead of all 50,000 go into the per-period flows).
    """
    n_y = len(problem.prep.youth_ids)
    planned = np.zeros(len(problem.yi), dtype=bool)
    planned[pair_index(problem, [(y, c) for y, c, _ in col.assignments()])] = True
    deviating = np.bincount(problem.yi[planned != relaxed], minlength=n_y) > 0
    their_options = np.zeros(len(problem.prep.company_ids), dtype=bool)
    their_options[problem.ci[deviating[problem.yi]]] = True
    seated_at = np.array(col.youth_at, dtype=np.int64).reshape(n_y, -1)
    return deviating | ((seated_at >= 0) & their_options[seated_at]).any(axis=1)


def _cover(problem: Problem, col: Colouring) -> Colouring:
    """Restart from a maximum seat matching that keeps most current placements, then add the rest back."""
    per_youth = by_youth(problem)
    prep = problem.prep
    current = {(y, c) for y, c, _ in col.assignments()}
    keep = np.array([(int(y), int(c)) in current for y, c in zip(problem.yi, problem.ci, strict=True)])
    reps = solve_flow(problem, keep=keep)
    fresh = Colouring(prep.avail, prep.seats_left, days=prep.days.lookup())
    # The flow routes each chosen pair through a class node to concrete periods; hand those periods out.
    members: dict[int, list[int]] = {}
    for n in np.flatnonzero(reps.chosen).tolist():
        members.setdefault(int(reps.class_of_pair[n]), []).append(n)
    for k, pair_list in sorted(members.items()):
        slots = [p for p, f in sorted(reps.class_flow.get(k, [])) for _ in range(f)]
        for n, p in zip(sorted(pair_list), slots, strict=False):
            if not fresh.place(int(problem.yi[n]), int(problem.ci[n]), p):
                raise RuntimeError("coverage repair produced an unplaceable seat")
    previous: list[list[int]] = [[] for _ in range(len(prep.youth_ids))]
    for y, c, _ in col.assignments():
        previous[y].append(next(n for n in per_youth[y] if problem.ci[n] == c))
    _fill(fresh, problem, previous)
    return fresh


def unplaced_reason(prep: Prepared, y: int, has_candidates: bool, in_range: bool | tuple[str, ...]) -> str:
    """Stable reason code for a youth with no placement at all; `in_range` is a tuple of eligibility codes when
    every company in range was ruled out by them."""
    if prep.k_left[y] <= 0 or not prep.avail[y].any():
        return REASON_NOT_AVAILABLE
    if has_candidates:
        return REASON_CAPACITY_TAKEN
    if isinstance(in_range, tuple):
        return REASON_NOT_ELIGIBLE
    return REASON_NOT_AVAILABLE if in_range else REASON_NO_COMPANY_IN_RANGE


def _in_range_any(prep: Prepared, instance: Instance, ys: list[int]) -> dict[int, bool | tuple[str, ...]]:
    """For youth without candidates: is any company within travel and needs (seats aside)? When the only ones
    are ruled out by eligibility rules, their codes instead, for the explanation."""
    out: dict[int, bool | tuple[str, ...]] = {}
    banned = prep.banned
    for y in ys:
        d = haversine_km(prep.youth_lat[y], prep.youth_lon[y], prep.company_lat, prep.company_lon)
        ok = (d <= prep.travel_km[y] + TRAVEL_EPSILON_KM) & (~prep.needs[y] | prep.suits)
        if instance.candidates is not None:
            given = {cid for cid, _ in instance.candidates.get(prep.youth_ids[y], ())}
            ok &= np.array([cid in given for cid in prep.company_ids], dtype=bool)
        codes = {prep.ineligible[(y, c)] for c in np.flatnonzero(ok).tolist() if (y, c) in prep.ineligible}
        ok &= np.array([(y, c) not in banned for c in range(len(prep.company_ids))], dtype=bool)
        out[y] = True if ok.any() else (ordered_codes(codes) if codes else False)
    return out


def plan(instance: Instance, options: PlanOptions | None = None, progress: ProgressFn | None = None) -> Plan:
    """Plan a round: coverage first (exactly maximal), then the rotation ladder, then total score."""
    from .explain import explain_assignments

    options = options or PlanOptions()
    t0, c0 = time.perf_counter(), time.process_time()
    prep = prepare(instance)
    if progress:
        progress("similarity", 0.0)
    pairs = score_pairs(instance, prep, options.weights, options.top_k, progress)
    t1, c1 = time.perf_counter(), time.process_time()
    if progress:
        progress("planning", 0.0)
    problem = build_problem(prep, pairs, instance, options)
    sol = solve(problem, progress)
    if progress:
        progress("planning", 0.9)

    fixed_triples = []
    youth_sorted = sorted(instance.youth, key=lambda y: y.id)
    for yi, y in enumerate(youth_sorted):
        for f in y.fixed:
            fixed_triples.append((yi, prep.company_index[f.company_id], f.period))
    fixed_scores = _fixed_scores(instance, prep, options, fixed_triples)

    new_scores = problem.score[sol.pair_of].tolist()
    new_score = sum(new_scores)
    bonus_real = 0.0
    if problem.bonus > 0:
        bonus_unit = round(problem.bonus * sol.scale) / sol.scale
        groups = set(zip((y for y, _, _ in sol.triples), problem.group[sol.pair_of].tolist(), strict=True))
        bonus_real = bonus_unit * sum(1 for _, g in groups if g >= 0)
    fixed_total = float(sum(fixed_scores.values()))
    objective = new_score + bonus_real + fixed_total
    slack = 0.5 * float(problem.units.sum())
    upper_bound = fixed_total + (sol.bound_int + slack) / sol.scale

    t_explain, c_explain = time.perf_counter(), time.process_time()
    explanations = (
        explain_assignments(instance, prep, pairs, sol.triples + fixed_triples, options.weights)
        if options.explain
        else {}
    )
    t_explain, c_explain = time.perf_counter() - t_explain, time.process_time() - c_explain
    assignments = [
        Assignment(
            prep.youth_ids[y],
            prep.company_ids[c],
            p,
            score,
            False,
            explanations.get((y, c)),
            prep.days.common(y, c, p),
        )
        for (y, c, p), score in zip(sol.triples, new_scores, strict=True)
    ] + [
        Assignment(prep.youth_ids[y], prep.company_ids[c], p, fixed_scores[(y, c)], True, explanations.get((y, c)),
                   prep.days.common(y, c, p))
        for y, c, p in fixed_triples
    ]
    assignments.sort(key=lambda a: (a.youth_id, a.period, a.company_id))

    n_y = len(prep.youth_ids)
    degree = np.bincount([y for y, _, _ in sol.triples], minlength=n_y) + prep.fixed_count
    has_cand = np.bincount(problem.yi, minlength=n_y) > 0
    missing = [y for y in range(n_y) if degree[y] == 0]
    in_range = _in_range_any(prep, instance, [y for y in missing if not has_cand[y]])
    unplaced = []
    for person in missing:
        reach = in_range.get(person, False)
        code = unplaced_reason(prep, person, bool(has_cand[person]), reach)
        detail = ",".join(reach) if code == REASON_NOT_ELIGIBLE and isinstance(reach, tuple) else ""
        unplaced.append(UnplacedReason(prep.youth_ids[person], code, detail))
    used = len(sol.triples) + len(fixed_triples)
    offered = int(prep.capacity.sum())
    ladder = sol.ladder
    stats = PlanStats(
        mode=options.mode,
        youth_total=n_y,
        coverage=int((degree > 0).sum()),
        max_coverage=sol.bound_ladder[0] if sol.bound_ladder else 0,
        full_rotations=ladder[-1] if ladder else 0,
        full_rotations_upper_bound=sol.full_rotations_bound,
        ladder=ladder,
        ladder_bound=sol.bound_ladder,
        levels_at_bound=ladder == sol.bound_ladder,
        capacity_used=used / offered if offered else 0.0,
        assignments_new=len(sol.triples),
        assignments_fixed=len(fixed_triples),
        seconds_similarity=t1 - t0,
        seconds_planning=time.perf_counter() - t1,
        cpu_seconds_similarity=c1 - c0,
        cpu_seconds_planning=time.process_time() - c1,
        seconds_explanations=t_explain,
        cpu_seconds_explanations=c_explain,
        pairs_scored=len(pairs),
    )
    if progress:
        progress("done", 1.0)
    return Plan(tuple(assignments), tuple(unplaced), objective, upper_bound, stats)


def _fixed_scores(
    instance: Instance, prep: Prepared, options: PlanOptions, triples: list[tuple[int, int, int]]
) -> dict[tuple[int, int], float]:
    """Scores of already-approved pairs (they are outside the candidate set because they are fixed)."""
    if not triples:
        return {}
    if instance.candidates is not None:
        out = {}
        for y, c, _ in triples:
            given = dict(instance.candidates.get(prep.youth_ids[y], ()))
            out[(y, c)] = float(given.get(prep.company_ids[c], 0.0))
        return out
    from .similarity import pair_scores

    return pair_scores(instance, prep, options.weights, [(y, c) for y, c, _ in triples])
