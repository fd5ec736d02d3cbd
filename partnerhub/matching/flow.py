"""The relaxation as one exact min-cost flow, its lexicographic rung weights and their certificate.

The relaxation drops only one rule of the rotation model: "at most one company per period for a young
person". Everything else (k, never the same company twice, per-period seats against the young person's
available periods) is a network flow, solved exactly by OR-Tools. docs/matching.md ("Why min cost =
lexicographic optimum") has the proofs for `ladder_weights` and `ladder_is_lex_max`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from ortools.graph.python import max_flow, min_cost_flow
from scipy.sparse.csgraph import dijkstra

from .problem import GROUP_STRIDE, Problem
from .rules import usable_periods

# OR-Tools' cost scaling multiplies costs by the node count; costs times 2 * nodes must stay below this.
INT64_SAFE = 2**62
# Scores become integers at this scale (reduced by 10x steps when the costs would not fit INT64_SAFE).
SCORE_SCALE = 10**6
# Rung weights tried before the proven ones: just above 2, then 8 pairs' scores (see `ladder_flow`).
FAST_CYCLE_FACTORS = (2, 8)
# Node numbers fixed in every network built here.
SOURCE, SINK = 0, 1

Network = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # (tail, head, capacity, cost) per arc
Placements = tuple[np.ndarray, np.ndarray, np.ndarray]  # (units, placements already made, effective k)


@dataclass
class FlowResult:
    """The relaxation's optimum: chosen pairs and the exact integer score it reached."""

    chosen: np.ndarray  # bool per pair
    int_score: int
    scale: int
    class_flow: dict[int, list[tuple[int, int]]]  # class node -> [(period, flow)]; coverage repair only
    class_of_pair: np.ndarray


def ladder_weights(levels: int, cycle_score: int) -> list[int]:
    """Rung weights W_1 > ... > W_L with W_j > 2*sum(W_i, i>j) + (score any simple cycle can move).

    A simple residual cycle touches at most two source arcs, so it moves at most two rung units; these
    weights make every lexicographically improving cycle negative in cost, hence min cost = lex optimum.
    """
    weights = [0] * (levels + 1)
    tail = 0
    for j in range(levels, 0, -1):
        weights[j] = 2 * tail + cycle_score + 1
        tail += weights[j]
    return weights


def unit_arcs(
    units: np.ndarray, fixed: np.ndarray, k_eff: np.ndarray, weights: list[int], levels: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Source arcs of the youth's placements: (youth, gain, rank), youth by youth, placements in order.

    The d-th placement earns rung d, and the one that reaches effective k earns all higher rungs at once
    (a concave reward). `rank` orders the gains for any rung weights from `ladder_weights` (0 is the most
    valuable): (d, reaches k) > (d, does not) > (d + 1, reaches k), since W_d > sum of the later rungs.
    """
    ys = np.flatnonzero(units > 0)
    youth = np.repeat(ys, units[ys])
    start = np.cumsum(units[ys]) - units[ys]
    d = fixed[youth] + 1 + np.arange(len(youth)) - np.repeat(start, units[ys])
    reaches_k = d == k_eff[youth]
    w = np.array(weights[: levels + 1], dtype=np.int64)
    rest = np.cumsum(w[::-1])[::-1]  # rest[d] = W_d + ... + W_levels
    gain = np.where(reaches_k, rest[d], w[d])
    rank = 2 * (d - 1) + ~reaches_k
    return youth, gain, rank


def solve_min_cost_flow(
    tail: np.ndarray, head: np.ndarray, cap: np.ndarray, cost: np.ndarray, supplies: np.ndarray
) -> np.ndarray:
    """Flow on every arc of an optimal flow (node supplies: positive gives, negative takes)."""
    smcf = min_cost_flow.SimpleMinCostFlow()
    # OR-Tools takes node and arc numbers as int32: int64 arrays would be copied on every call (L: 2 x 17 MiB)
    smcf.add_arcs_with_capacity_and_unit_cost(_int32(tail), _int32(head), cap, cost)
    smcf.set_nodes_supplies(np.arange(len(supplies), dtype=np.int32), supplies)
    status = smcf.solve()
    if status != smcf.OPTIMAL:
        raise RuntimeError(f"min-cost flow did not solve: {status}")
    flows: np.ndarray = smcf.flows(np.arange(len(tail), dtype=np.int32))
    return flows


def _int32(a: np.ndarray) -> np.ndarray:
    """Node or arc numbers as int32 (OR-Tools' index type), without a copy when they already are."""
    if a.dtype == np.int32:
        return a
    if len(a) and int(a.max()) > np.iinfo(np.int32).max:
        raise ValueError("network too large for OR-Tools' int32 node numbers; split it into regions")
    return a.astype(np.int32)


def ladder_flow(
    net: Network,
    supplies: np.ndarray,
    placements: Placements,
    node_of: np.ndarray,
    levels: int,
    top_score: int,
    proven: list[int],
) -> np.ndarray:
    """Optimal flow for the proven rung weights, found with small ones whenever that can be certified.

    `net` is (tail, head, capacity, cost) with the source's unit arcs first, as `unit_arcs` lists them
    for `placements` (units, placements already made, effective k); `node_of` maps those youth to nodes.
    Rung weights just above a few pairs' scores (`FAST_CYCLE_FACTORS` times `top_score`) make OR-Tools
    about twice as fast as the proven ones (fewer cost-scaling phases are spent on the ladder alone).
    Such a flow still maximises the score among flows with its own ladder, so if `ladder_is_lex_max`
    proves that no flow has a better ladder, it is optimal for the proven weights too. When it is
    refuted, the next, larger weights are tried, and the proven ones last.
    """
    tail, head, cap, cost = net
    unit_youth, proven_gain, unit_rank = unit_arcs(*placements, proven, levels)
    unit_node = node_of[unit_youth]
    for factor in FAST_CYCLE_FACTORS:
        cost[: len(unit_node)] = -unit_arcs(*placements, ladder_weights(levels, factor * top_score), levels)[1]
        flow = solve_min_cost_flow(tail, head, cap, cost, supplies)
        if ladder_is_lex_max(tail, head, cap, flow, unit_node, unit_rank, flow[: len(unit_node)] > 0):
            return flow
    cost[: len(unit_node)] = -proven_gain
    return solve_min_cost_flow(tail, head, cap, cost, supplies)


def ladder_is_lex_max(
    tail: np.ndarray,
    head: np.ndarray,
    cap: np.ndarray,
    flow: np.ndarray,
    unit_node: np.ndarray,
    unit_rank: np.ndarray,
    used: np.ndarray,
) -> bool:
    """True when no flow in the network has a lexicographically better ladder than `flow`.

    The sets of source arcs one flow can use at once are the independent sets of a matroid (a gammoid),
    and the ladder is the weight of the used set (`unit_rank` orders the weights). A set is of maximum
    weight for every weighting in that order iff no unused unit arc e can be added (no residual path
    from its youth to the sink) or swapped for a used, less valuable unit arc f of another youth (a
    residual path from e's youth to f's youth). One multi-source search per rank checks both.
    """
    inner = (tail != SOURCE) & (head != SOURCE)  # without the source: its arcs are the units being exchanged
    forward, backward = inner & (flow < cap), inner & (flow > 0)
    n_nodes = int(max(tail.max(), head.max())) + 1
    graph = sp.csr_matrix(
        (
            np.ones(int(forward.sum() + backward.sum()), dtype=np.int8),
            (np.concatenate([tail[forward], head[backward]]), np.concatenate([head[forward], tail[backward]])),
        ),
        shape=(n_nodes, n_nodes),
    )
    unused_best = np.full(n_nodes, np.iinfo(np.int64).max)
    np.minimum.at(unused_best, unit_node[~used], unit_rank[~used])
    used_worst = np.full(n_nodes, -1)
    np.maximum.at(used_worst, unit_node[used], unit_rank[used])
    for rank in np.unique(unit_rank[~used]).tolist():
        starts = np.flatnonzero(unused_best <= rank)
        reached = np.isfinite(dijkstra(graph, indices=starts, unweighted=True, min_only=True))
        if reached[SINK] or (reached & (used_worst > rank)).any():
            return False
    return True


def integer_scores(
    score: np.ndarray, scale: int, bonus: float, levels: int, n_nodes: int
) -> tuple[np.ndarray, int, int, list[int], int]:
    """Scores as integers at the largest scale (SCORE_SCALE, then /10 steps) whose costs fit in int64.

    Returns (integer scores, integer bonus, top score, proven rung weights, scale).
    """
    while True:
        s_int = np.rint(score * scale).astype(np.int64)
        bonus_int = int(round(bonus * scale))
        top_score = int(max(np.abs(s_int).max() if len(s_int) else 0, bonus_int, 1))
        proven = ladder_weights(levels, (n_nodes + 1) * top_score)
        max_cost = sum(proven) + (n_nodes + 1) * top_score
        if max_cost * 2 * (n_nodes + 2) < INT64_SAFE or scale == 1:
            break
        scale //= 10
    if max_cost * 2 * (n_nodes + 2) >= INT64_SAFE:
        raise ValueError("instance too large for exact integer costs; split it into regions")
    return s_int, bonus_int, top_score, proven, scale


@dataclass
class _Arcs:
    """Arcs collected in groups; `count` is where the next group starts (to read its flows back)."""

    tails: list[np.ndarray] = field(default_factory=list)
    heads: list[np.ndarray] = field(default_factory=list)
    caps: list[np.ndarray] = field(default_factory=list)
    costs: list[np.ndarray] = field(default_factory=list)
    count: int = 0

    def add(self, tail: object, head: object, cap: object, cost: object) -> int:
        """Append a group of arcs; returns the index of its first arc."""
        first = self.count
        self.tails.append(_int32(np.asarray(tail, dtype=np.int64)))  # node numbers: OR-Tools' int32
        self.heads.append(_int32(np.asarray(head, dtype=np.int64)))
        self.caps.append(np.asarray(cap, dtype=np.int64))
        self.costs.append(np.asarray(cost, dtype=np.int64))
        self.count += len(self.tails[-1])
        return first

    def network(self) -> Network:
        """The arcs as four arrays; the groups are replaced by them, so the arcs are not held twice."""
        for name in ("tails", "heads", "caps", "costs"):
            setattr(self, name, [np.concatenate(getattr(self, name))])
        return self.tails[0], self.heads[0], self.caps[0], self.costs[0]


@dataclass
class _Classes:
    """Pairs grouped by (company, the periods the young person can use there): the class nodes."""

    keys: np.ndarray  # class -> company << P | period mask
    of_pair: np.ndarray  # pair -> class
    company: np.ndarray  # class -> company
    periods: np.ndarray  # class x period, bool
    single: np.ndarray  # class -> has exactly one period (no node of its own)
    multi: np.ndarray  # indices of classes with several periods (they get nodes)


def _classes(problem: Problem) -> _Classes:
    """Group the pairs into classes; a single-period class needs no node (its seat node caps it)."""
    prep, yi, ci = problem.prep, problem.yi, problem.ci
    n_p = prep.n_periods
    if prep.days.trivial:
        seat_mask = (prep.seats_left > 0).astype(np.int64) @ (1 << np.arange(n_p))
        avail_mask = prep.avail.astype(np.int64) @ (1 << np.arange(n_p))
        pair_mask = seat_mask[ci] & avail_mask[yi]
    else:  # the weekday rule makes a pair's periods depend on both sides
        pair_mask = usable_periods(prep, yi, ci).astype(np.int64) @ (1 << np.arange(n_p))
    pair_class_key = ci.astype(np.int64) * (1 << n_p) + pair_mask
    keys, of_pair = np.unique(pair_class_key, return_inverse=True)
    periods = (((keys & ((1 << n_p) - 1))[:, None] >> np.arange(n_p)) & 1).astype(bool)
    single = periods.sum(axis=1) == 1
    return _Classes(keys, of_pair, keys >> n_p, periods, single, np.flatnonzero(~single))


@dataclass
class _Groups:
    """Diverse mode's (youth, main area) nodes: the first unit into a new main area earns the bonus."""

    grouped: np.ndarray  # pair -> belongs to a group
    keys: np.ndarray  # group -> youth * GROUP_STRIDE + main area
    of_pair: np.ndarray  # grouped pair (in order) -> group


def _groups(problem: Problem) -> _Groups:
    grouped = problem.group >= 0
    keys, of_pair = np.unique(
        problem.yi[grouped].astype(np.int64) * GROUP_STRIDE + problem.group[grouped], return_inverse=True
    )
    return _Groups(grouped, keys, of_pair)


def _flow_targets(problem: Problem, keep: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """(units, placements made, effective k, levels): the ladder, or one unit each for the coverage repair."""
    prep = problem.prep
    if keep is None:
        return problem.units, prep.fixed_count, problem.k_eff, problem.levels
    units = np.where((prep.fixed_count == 0) & (problem.units > 0), 1, 0)
    return units, np.zeros(len(prep.youth_ids), dtype=np.int64), units, 1


def _pair_tails(
    problem: Problem,
    arcs: _Arcs,
    groups: _Groups | None,
    units: np.ndarray,
    pair_ok: np.ndarray,
    youth_node0: int,
    group_node0: int,
    bonus_int: int,
) -> np.ndarray:
    """Node each pair's arc leaves from (youth, or its diverse group), adding the youth -> group arcs."""
    yi = problem.yi
    if groups is None:
        tails: np.ndarray = youth_node0 + yi.astype(np.int64)
        return tails
    n_groups = len(groups.keys)
    grouped_ok = np.flatnonzero(pair_ok & groups.grouped)
    plain = np.flatnonzero(pair_ok & ~groups.grouped)
    g_node = np.full(len(yi), -1, dtype=np.int64)
    g_node[np.flatnonzero(groups.grouped)] = group_node0 + groups.of_pair
    g_youth = (groups.keys // GROUP_STRIDE).astype(np.int64)
    group_nodes = group_node0 + np.arange(n_groups)
    arcs.add(youth_node0 + g_youth, group_nodes, np.ones(n_groups), np.full(n_groups, -bonus_int))
    arcs.add(youth_node0 + g_youth, group_nodes, np.maximum(units[g_youth] - 1, 0), np.zeros(n_groups))
    tails = np.empty(len(yi), dtype=np.int64)
    tails[plain] = youth_node0 + yi[plain]
    tails[grouped_ok] = g_node[grouped_ok]
    return tails


def _class_flows(
    flow: np.ndarray,
    classes: _Classes,
    first_class_arc: int,
    arc_class: np.ndarray,
    arc_period: np.ndarray,
    chosen: np.ndarray,
) -> dict[int, list[tuple[int, int]]]:
    """Class -> [(period, units)] as the flow routed them (the coverage repair hands these periods out)."""
    class_flow: dict[int, list[tuple[int, int]]] = {}
    if len(arc_class):
        flows = flow[first_class_arc : first_class_arc + len(arc_class)]
        for k, p, f in zip(classes.multi[arc_class].tolist(), arc_period.tolist(), flows.tolist(), strict=True):
            if f > 0:
                class_flow.setdefault(k, []).append((p, f))
    single_flow = np.bincount(classes.of_pair[chosen], minlength=len(classes.keys))
    single_period = classes.periods.argmax(axis=1)
    for k in np.flatnonzero(classes.single & (single_flow > 0)).tolist():
        class_flow[k] = [(int(single_period[k]), int(single_flow[k]))]
    return class_flow


def _pair_and_seat_arcs(
    arcs: _Arcs,
    problem: Problem,
    classes: _Classes,
    pair_tail: np.ndarray,
    pair_idx: np.ndarray,
    pair_cost: np.ndarray,
    class_node0: int,
    seat_node0: int,
) -> tuple[int, int, np.ndarray, np.ndarray]:
    """Arcs pair -> class (capacity 1: never the same company twice) -> (company, period) seat -> sink.

    Returns (first pair arc, first class arc, class and period of each class arc) to read flows back.
    """
    n_p = problem.prep.n_periods
    seats_left = problem.prep.seats_left
    class_head = np.empty(len(classes.keys), dtype=np.int64)
    class_head[classes.multi] = class_node0 + np.arange(len(classes.multi))
    single = np.flatnonzero(classes.single)
    class_head[single] = seat_node0 + classes.company[single] * n_p + classes.periods[single].argmax(axis=1)
    first_pair_arc = arcs.add(pair_tail, class_head[classes.of_pair[pair_idx]], np.ones(len(pair_idx)), pair_cost)
    arc_class, arc_period = np.nonzero(classes.periods[classes.multi])  # multi-period class -> its seats
    arc_company = classes.company[classes.multi][arc_class]
    first_class_arc = arcs.add(
        class_node0 + arc_class,
        seat_node0 + arc_company * n_p + arc_period,
        seats_left[arc_company, arc_period],
        np.zeros(len(arc_class)),
    )
    seats = seats_left.ravel()
    live = np.flatnonzero(seats > 0)
    arcs.add(seat_node0 + live, np.full(len(live), SINK), seats[live], np.zeros(len(live)))
    return first_pair_arc, first_class_arc, arc_class, arc_period


def full_rotations_upper_bound(problem: Problem) -> int:
    """A proven upper bound on the full rotations of ANY feasible plan, whatever its ladder.

    A young person with u new units left is full only with all u of them, so [full] <= (units used) / u.
    Summed over youth and maximised over the relaxation's flows (which contain every feasible plan's
    placements), max sum(flow_y / u_y) bounds the full rotations. Youth whose fixed placements already
    reach their effective k count as 1. docs/matching.md ("Full rotations, a true bound") has the argument.

    The maximum is that of a min-cost flow with unit cost -lcm/u_y on y's source arcs, but the flows a
    set of youth can send form a polymatroid, so the greedy order is optimal: one max flow per distinct u
    (youth with u = 1 first, then also u = 2, ...), the source arcs of the next group opened on the same
    network; group i adds (lcm / u_i) * (its flow gain). Same value, a fraction of the min-cost time.
    """
    prep = problem.prep
    n_y = len(prep.youth_ids)
    units = problem.units
    already_full = int(((problem.k_eff > 0) & (units == 0)).sum())
    if not (units > 0).any():
        return already_full
    lcm = int(np.lcm.reduce(np.unique(units[units > 0])))
    classes = _classes(problem)
    youth_node0 = 2
    class_node0 = youth_node0 + n_y
    seat_node0 = class_node0 + len(classes.multi)
    arcs = _Arcs()
    ys = np.flatnonzero(units > 0)
    arcs.add(np.full(len(ys), SOURCE), youth_node0 + ys, np.zeros(len(ys)), np.zeros(len(ys)))
    pair_idx = np.flatnonzero(units[problem.yi] > 0)
    _pair_and_seat_arcs(
        arcs,
        problem,
        classes,
        youth_node0 + problem.yi[pair_idx].astype(np.int64),
        pair_idx,
        np.zeros(len(pair_idx)),
        class_node0,
        seat_node0,
    )
    tail, head, cap, _cost = arcs.network()
    smf = max_flow.SimpleMaxFlow()
    smf.add_arcs_with_capacity(tail, head, cap)
    total, before = 0, 0
    for u in np.unique(units[ys]).tolist():  # ascending u: the most valuable units (lcm / u) first
        group = np.flatnonzero(units[ys] == u)
        smf.set_arcs_capacity(group.astype(np.int32), units[ys[group]].astype(np.int64))
        if smf.solve(SOURCE, SINK) != smf.OPTIMAL:
            raise RuntimeError("max flow did not solve")
        reached = int(smf.optimal_flow())
        total += (lcm // u) * (reached - before)
        before = reached
    return already_full + total // lcm


@dataclass
class _PeriodCaps:
    """Nodes (youth, period) capping a young person's single-period companies in one period at one.

    The relaxation drops "one company per period"; a company whose only usable period for y is p can
    only be taken in p, so at most one of those companies counts for y. Every feasible plan obeys this,
    so the relaxation stays a relaxation (its bound stays proven) and comes closer to what periods allow.
    """

    node_of_pair: np.ndarray  # per entry of pair_idx: offset of its (youth, period) node, or -1
    youth: np.ndarray  # per node: its youth


def _period_caps(problem: Problem, classes: _Classes, pair_idx: np.ndarray, plain: np.ndarray) -> _PeriodCaps:
    """(youth, period) nodes where a youth has two or more plain pairs usable only in that period."""
    n_p = problem.prep.n_periods
    cls = classes.of_pair[pair_idx]
    single = np.flatnonzero(classes.single[cls] & plain[pair_idx])
    key = problem.yi[pair_idx[single]].astype(np.int64) * n_p + classes.periods[cls[single]].argmax(axis=1)
    uniq, inv, counts = np.unique(key, return_inverse=True, return_counts=True)
    shared = counts >= 2
    offset = np.full(len(uniq), -1, dtype=np.int64)
    offset[shared] = np.arange(int(shared.sum()))
    node_of_pair = np.full(len(pair_idx), -1, dtype=np.int64)
    node_of_pair[single] = offset[inv]
    return _PeriodCaps(node_of_pair, uniq[shared] // n_p)


def solve_flow(problem: Problem, keep: np.ndarray | None = None) -> FlowResult:
    """Lexicographic optimum of the relaxation (ladder first, then score) by one OR-Tools min-cost flow.

    With `keep` given, every youth takes at most one unit and the score is 1 for kept pairs: that is the
    maximum seat matching that keeps as many current placements as possible (the coverage repair).
    """
    prep = problem.prep
    n_y = len(prep.youth_ids)
    yi = problem.yi
    units, fixed, k_eff, levels = _flow_targets(problem, keep)
    classes = _classes(problem)

    # Nodes: 0 source, 1 sink, youth, diverse (youth, group), class (company, periods), (company, period).
    youth_node0 = 2
    use_groups = keep is None and problem.bonus > 0 and bool((problem.group >= 0).any())
    groups = _groups(problem) if use_groups else None
    group_node0 = youth_node0 + n_y
    class_node0 = group_node0 + (len(groups.keys) if groups is not None else 0)
    seat_node0 = class_node0 + len(classes.multi)
    period_node0 = seat_node0 + prep.seats_left.size
    pair_ok = units[yi] > 0
    pair_idx = np.flatnonzero(pair_ok)
    plain = ~groups.grouped if groups is not None else np.ones(len(yi), dtype=bool)
    caps = _period_caps(problem, classes, pair_idx, plain) if keep is None else None
    n_nodes = period_node0 + (len(caps.youth) if caps is not None else 0)

    score = problem.score if keep is None else keep.astype(np.float64)
    levels = max(levels, 1)
    s_int, bonus_int, top_score, proven, scale = integer_scores(
        score, SCORE_SCALE if keep is None else 1, problem.bonus if use_groups else 0.0, levels, n_nodes
    )

    arcs = _Arcs()
    unit_youth = unit_arcs(units, fixed, k_eff, proven, levels)[0]  # costs are set by `ladder_flow`
    total_units = len(unit_youth)
    arcs.add(np.zeros(total_units), youth_node0 + unit_youth, np.ones(total_units), np.zeros(total_units))
    arcs.add([SOURCE], [SINK], [max(total_units, 1)], [0])  # bypass: leaving a unit unused costs nothing

    pair_tail = _pair_tails(problem, arcs, groups, units, pair_ok, youth_node0, group_node0, bonus_int)[pair_idx]
    if caps is not None and len(caps.youth):
        n_caps = len(caps.youth)
        arcs.add(youth_node0 + caps.youth, period_node0 + np.arange(n_caps), np.ones(n_caps), np.zeros(n_caps))
        pair_tail = np.where(caps.node_of_pair >= 0, period_node0 + caps.node_of_pair, pair_tail)
    first_pair_arc, first_class_arc, arc_class, arc_period = _pair_and_seat_arcs(
        arcs, problem, classes, pair_tail, pair_idx, -s_int[pair_idx], class_node0, seat_node0
    )

    supplies = np.zeros(n_nodes, dtype=np.int64)
    supplies[SOURCE], supplies[SINK] = total_units, -total_units
    # Only the coverage repair reads the flow's periods back; the other per-pair arrays live on in the arcs.
    class_arcs = (arc_class, arc_period) if keep is not None else None
    del s_int, pair_tail, caps, arc_class, arc_period  # L: about 80 MiB under OR-Tools' peak
    flow = ladder_flow(
        arcs.network(), supplies, (units, fixed, k_eff), youth_node0 + np.arange(n_y), levels, top_score, proven
    )
    chosen = np.zeros(len(yi), dtype=bool)
    chosen[pair_idx] = flow[first_pair_arc : first_pair_arc + len(pair_idx)] > 0
    int_score = int(np.rint(score[chosen] * scale).astype(np.int64).sum())  # the integer scores of the arcs
    if groups is not None:
        in_group = chosen & groups.grouped
        int_score += bonus_int * len(set(zip(yi[in_group].tolist(), problem.group[in_group].tolist(), strict=True)))
    if class_arcs is None:  # only the coverage repair hands out the flow's own periods
        return FlowResult(chosen, int_score, scale, {}, classes.of_pair)
    class_flow = _class_flows(flow, classes, first_class_arc, *class_arcs, chosen)
    return FlowResult(chosen, int_score, scale, class_flow, classes.of_pair)
