"""Exact per-period improvement: one min-cost flow per period re-assigns it, everything else held fixed.

docs/matching.md ("Method", step 5) says why a pass never makes the plan worse and what it can reach.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .colouring import Colouring
from .flow import INT64_SAFE, SCORE_SCALE, SINK, SOURCE, Network, ladder_flow, ladder_weights
from .problem import Problem

# Candidates per young person given arcs in a period's flow (their best ones, plus their current company).
IMPROVE_WIDTH = 15


@dataclass
class _PairData:
    """Per-pair arrays shared by every period's flow."""

    yi: np.ndarray
    ci: np.ndarray
    s_int: np.ndarray  # integer scores at SCORE_SCALE
    rank: np.ndarray  # rank of the pair among its youth's pairs, best first


def _pair_data(problem: Problem) -> _PairData:
    n_y = len(problem.prep.youth_ids)
    yi, ci = problem.yi.astype(np.int64), problem.ci.astype(np.int64)
    order = problem.best_first
    rank = np.empty(len(yi), dtype=np.int64)
    pair_count = np.bincount(yi, minlength=n_y)
    rank[order] = np.arange(len(yi)) - np.repeat(np.cumsum(pair_count) - pair_count, pair_count)
    return _PairData(yi, ci, np.rint(problem.score * SCORE_SCALE).astype(np.int64), rank)


def _frozen_youth(problem: Problem, focus: np.ndarray | None) -> np.ndarray:
    """Youth who keep their placements: those outside `focus` (their seats leave the period's capacity)."""
    frozen = np.zeros(len(problem.prep.youth_ids), dtype=bool)
    if focus is not None:
        frozen |= ~focus
    return frozen


def _pinned_youth(problem: Problem) -> np.ndarray:
    """Diverse mode: diverse-preferred youth, who keep their company in a period if they keep a seat there.

    Their bonus depends on their whole rotation, which one period's flow cannot see; so a placed one may
    only keep their company or give the seat up (which costs a rung, so only for a better ladder), and a
    free one may gain a seat (a rung), never swap companies for score alone.
    """
    pinned = np.zeros(len(problem.prep.youth_ids), dtype=bool)
    if problem.bonus > 0:
        pinned[problem.yi[problem.group >= 0]] = True
    return pinned


def improve_periods(
    col: Colouring, problem: Problem, sweeps: int = 1, width: int = IMPROVE_WIDTH, focus: np.ndarray | None = None
) -> None:
    """Exact per-period re-optimisation: one min-cost flow per period, everything else held fixed.

    In period p every young person placed in p keeps a placement in p (their company may change), young
    people free in p and below their effective k may gain one, and each company keeps its seats in p.
    Other periods are held fixed, so "never the same company twice" and "one company per period" hold
    by construction. The flow maximises the ladder gain first (the same rung weights as the relaxation)
    and then the score, so a pass never makes the plan worse. A few sweeps over the periods reach a
    local optimum of this large neighbourhood (it contains every swap and exchange cycle within a period).
    Young people outside `focus` keep their placements (their seats are taken out of the period's).
    """
    if not len(problem.yi):
        return
    pairs = _pair_data(problem)
    frozen = _frozen_youth(problem, focus)
    pinned = _pinned_youth(problem)
    for _ in range(sweeps):
        changed = False
        for p in range(problem.prep.n_periods):
            new_old = _reassign_period(col, problem, pairs, frozen, pinned, p, width)
            if new_old is None:
                return
            new, old = new_old
            if new != old:
                changed = True
                _apply_period(col, p, new, old)
        if not changed:
            break


def _reassign_period(
    col: Colouring, problem: Problem, pairs: _PairData, frozen: np.ndarray, pinned: np.ndarray, p: int, width: int
) -> tuple[dict[int, int], dict[int, int]] | None:
    """The optimal (new, old) youth -> company maps of period p; None if its costs would overflow."""
    prep = problem.prep
    n_y, n_p, n_c = len(prep.youth_ids), prep.n_periods, len(prep.company_ids)
    yi, ci, s_int = pairs.yi, pairs.ci, pairs.s_int
    at = np.array(col.youth_at, dtype=np.int64).reshape(n_y, n_p)
    degree = (at >= 0).sum(axis=1)
    here = at[:, p]
    placed = here >= 0
    optional = ~placed & prep.avail[:, p] & (degree < problem.units)
    in_flow = (placed | optional) & ~frozen
    seats = prep.seats_left[:, p] - np.bincount(here[placed & frozen], minlength=n_c)
    elsewhere = np.zeros(len(yi), dtype=bool)
    for q in range(n_p):
        if q != p:
            elsewhere |= at[yi, q] == ci
    ok = in_flow[yi] & (seats[ci] > 0) & ~elsewhere & prep.avail[yi, p]
    if not prep.days.trivial:  # enough common weekdays in p (availability.DayRule)
        ok &= prep.days.pair_ok_in(yi, ci, p)
    ok &= (pairs.rank < width) | (here[yi] == ci)  # a youth's best candidates and their current one
    ok &= ~(pinned[yi] & placed[yi]) | (here[yi] == ci)
    idx = np.flatnonzero(ok)
    arc_score = s_int[idx] + _bonus_at_stake(problem, at, pinned, p, idx)
    # One source unit per young person: a placed one keeps the rung their placement in p holds (they may
    # lose it only for a lexicographically better ladder), a free one gains their next rung.
    ys = np.flatnonzero(in_flow)
    y_node = np.full(n_y, -1, dtype=np.int64)
    y_node[ys] = 2 + np.arange(len(ys))
    c_node0 = 2 + len(ys)
    top_score = int(max(np.abs(arc_score).max() if len(idx) else 0, 1))
    levels = max(problem.levels, 1)
    proven = ladder_weights(levels, (c_node0 + n_c + 1) * top_score)
    if sum(proven) * 2 * (c_node0 + n_c + 2) >= INT64_SAFE:
        return None
    one = np.ones(len(ys), dtype=np.int64)
    net: Network = (
        np.concatenate([np.full(len(ys) + 1, SOURCE, np.int64), y_node[yi[idx]], c_node0 + np.arange(n_c)]),
        np.concatenate([y_node[ys], [SINK], c_node0 + ci[idx], np.full(n_c, SINK, np.int64)]),
        np.concatenate([one, [len(ys)], np.ones(len(idx), np.int64), seats]),
        np.concatenate([np.zeros(len(ys) + 1, np.int64), -arc_score, np.zeros(n_c, np.int64)]),
    )
    supplies = np.zeros(c_node0 + n_c, dtype=np.int64)
    supplies[SOURCE], supplies[SINK] = len(ys), -len(ys)
    made = prep.fixed_count[ys] + degree[ys] - placed[ys]  # placements besides the unit at stake in p
    flow = ladder_flow(
        net, supplies, (one, made, problem.k_eff[ys]), y_node[ys], levels, top_score, proven
    )[len(ys) + 1 : len(ys) + 1 + len(idx)]
    new = {int(yi[n]): int(ci[n]) for n in idx[flow > 0].tolist()}
    old = {int(y): int(here[y]) for y in np.flatnonzero(placed & ~frozen).tolist()}
    return new, old


def _bonus_at_stake(problem: Problem, at: np.ndarray, pinned: np.ndarray, p: int, idx: np.ndarray) -> np.ndarray:
    """Integer diverse bonus each arc carries: its main area is none of the youth's other periods' areas."""
    out = np.zeros(len(idx), dtype=np.int64)
    if problem.bonus <= 0:
        return out
    group = problem.group
    company_group = np.full(len(problem.prep.company_ids), -1, dtype=np.int64)
    company_group[problem.ci[group >= 0]] = group[group >= 0]
    at_group = np.where(at >= 0, company_group[np.maximum(at, 0)], -1)
    at_group[:, p] = -1
    y, g = problem.yi[idx], group[idx]
    new_area = pinned[y] & (g >= 0) & ~(at_group[y] == g[:, None]).any(axis=1)
    out[new_area] = int(round(problem.bonus * SCORE_SCALE))
    return out


def _apply_period(col: Colouring, p: int, new: dict[int, int], old: dict[int, int]) -> None:
    """Replace the old placements of period p by the new ones in the colouring."""
    for y, c in old.items():
        if new.get(y) != c:
            col.unseat(y, c, p)
    for y, c in new.items():
        if old.get(y) != c:
            col.seat(y, c, p)
