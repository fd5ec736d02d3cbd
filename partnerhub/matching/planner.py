"""Rotation planner: an exact min-cost-flow relaxation, then periods by edge colouring, then repair.

The relaxation drops only one rule of the rotation model: "at most one company per period for a young
person". Everything else (k, never the same company twice, per-period seats against the young person's
available periods) is a network flow, solved exactly by OR-Tools. See docs/matching.md for the proofs.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from ortools.graph.python import min_cost_flow
from scipy.sparse.csgraph import dijkstra

from .model import (
    REASON_CAPACITY_TAKEN,
    REASON_NO_COMPANY_IN_RANGE,
    REASON_NOT_AVAILABLE,
    Assignment,
    Instance,
    Plan,
    PlanOptions,
    PlanStats,
    UnplacedReason,
)
from .rules import Prepared, haversine_km, prepare
from .similarity import ScoredPairs, pair_rows, score_pairs

_INT64_SAFE = 2**62
SCORE_SCALE = 10**6  # scores become integers at this scale
# Rung weights tried before the proven ones: just above 2, then 8 pairs' scores (see `_ladder_flow`).
FAST_CYCLE_FACTORS = (2, 8)
ProgressFn = Callable[[str, float], None]


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
    if int(yi.max()).bit_length() + s_bits + c_bits > 62:
        return np.lexsort((ci, -score, yi))
    key = (yi.astype(np.int64) << (s_bits + c_bits)) | (score_rank.astype(np.int64) << c_bits) | ci
    return np.argsort(key)


@dataclass
class FlowResult:
    """The relaxation's optimum: chosen pairs and the exact integer score it reached."""

    chosen: np.ndarray  # bool per pair
    int_score: int
    scale: int
    class_flow: dict[int, list[tuple[int, int]]]  # class node -> [(period, flow)]; coverage repair only
    class_of_pair: np.ndarray


def effective_k(prep: Prepared, yi: np.ndarray, ci: np.ndarray) -> np.ndarray:
    """New placements a youth could get if alone in the round: min(k left, max matching candidates->periods).

    The matching size comes from the König-Ore formula |A| - max_T(|T| - |N(T)|) over period sets T,
    where N(T) counts candidates with a seat in some period of T (P is small, so 2^P sets is cheap).
    """
    n_y, n_p = len(prep.youth_ids), prep.n_periods
    bits = 1 << np.arange(n_p)
    masks = ((prep.seats_left[ci] > 0) & prep.avail[yi]).astype(np.int64) @ bits
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
    return np.minimum(prep.k_left, matching).astype(np.int64)


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


def _unit_arcs(
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


def _min_cost_flow(
    tail: np.ndarray, head: np.ndarray, cap: np.ndarray, cost: np.ndarray, supplies: np.ndarray
) -> np.ndarray:
    """Flow on every arc of an optimal flow (node supplies: positive gives, negative takes)."""
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(tail, head, cap, cost)
    smcf.set_nodes_supplies(np.arange(len(supplies), dtype=np.int64), supplies)
    status = smcf.solve()
    if status != smcf.OPTIMAL:
        raise RuntimeError(f"min-cost flow did not solve: {status}")
    return smcf.flows(np.arange(len(tail), dtype=np.int64))


def _ladder_flow(
    net: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    supplies: np.ndarray,
    placements: tuple[np.ndarray, np.ndarray, np.ndarray],
    node_of: np.ndarray,
    levels: int,
    top_score: int,
    proven: list[int],
) -> np.ndarray:
    """Optimal flow for the proven rung weights, found with small ones whenever that can be certified.

    `net` is (tail, head, capacity, cost) with the source's unit arcs first, as `_unit_arcs` lists them
    for `placements` (units, placements already made, effective k); `node_of` maps those youth to nodes.
    Rung weights just above a few pairs' scores (`FAST_CYCLE_FACTORS` times `top_score`) make OR-Tools
    about twice as fast as the proven ones (fewer cost-scaling phases are spent on the ladder alone).
    Such a flow still maximises the score among flows with its own ladder, so if `_ladder_is_lex_max`
    proves that no flow has a better ladder, it is optimal for the proven weights too. When it is
    refuted, the next, larger weights are tried, and the proven ones last.
    """
    tail, head, cap, cost = net
    unit_youth, proven_gain, unit_rank = _unit_arcs(*placements, proven, levels)
    unit_node = node_of[unit_youth]
    for factor in FAST_CYCLE_FACTORS:
        cost[: len(unit_node)] = -_unit_arcs(*placements, ladder_weights(levels, factor * top_score), levels)[1]
        flow = _min_cost_flow(tail, head, cap, cost, supplies)
        if _ladder_is_lex_max(tail, head, cap, flow, unit_node, unit_rank, flow[: len(unit_node)] > 0):
            return flow
    cost[: len(unit_node)] = -proven_gain
    return _min_cost_flow(tail, head, cap, cost, supplies)


def _ladder_is_lex_max(
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
    inner = (tail != 0) & (head != 0)  # without the source: its arcs are the units being exchanged
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
        if reached[1] or (reached & (used_worst > rank)).any():
            return False
    return True


def solve_flow(problem: Problem, keep: np.ndarray | None = None) -> FlowResult:
    """Lexicographic optimum of the relaxation (ladder first, then score) by one OR-Tools min-cost flow.

    With `keep` given, every youth takes at most one unit and the score is 1 for kept pairs: that is the
    maximum seat matching that keeps as many current placements as possible (the coverage repair).
    """
    prep = problem.prep
    n_y, n_p = len(prep.youth_ids), prep.n_periods
    yi, ci = problem.yi, problem.ci
    if keep is None:
        units = problem.units
        fixed = prep.fixed_count
        k_eff = problem.k_eff
        levels = problem.levels
    else:
        units = np.where((prep.fixed_count == 0) & (problem.units > 0), 1, 0)
        fixed = np.zeros(n_y, dtype=np.int64)
        k_eff = units
        levels = 1

    # Nodes: 0 source, 1 sink, youth, diverse (youth, group), class (company, periods), (company, period).
    # A class with a single period needs no node of its own: its pairs go straight to the seat node,
    # whose arc to the sink already limits them to the seats (fewer nodes make OR-Tools faster).
    seat_mask = (prep.seats_left > 0).astype(np.int64) @ (1 << np.arange(n_p))
    avail_mask = prep.avail.astype(np.int64) @ (1 << np.arange(n_p))
    pair_class_key = ci.astype(np.int64) * (1 << n_p) + (seat_mask[ci] & avail_mask[yi])
    class_keys, class_of_pair = np.unique(pair_class_key, return_inverse=True)
    cls_company = class_keys >> n_p
    cls_mask = class_keys & ((1 << n_p) - 1)
    cls_periods = ((cls_mask[:, None] >> np.arange(n_p)) & 1).astype(bool)  # class x period
    cls_single = cls_periods.sum(axis=1) == 1
    multi = np.flatnonzero(~cls_single)
    youth_node0 = 2
    use_groups = keep is None and problem.bonus > 0 and (problem.group >= 0).any()
    if use_groups:
        grouped = problem.group >= 0
        g_keys, g_of_pair = np.unique(
            yi[grouped].astype(np.int64) * 64 + problem.group[grouped], return_inverse=True
        )
        group_node0 = youth_node0 + n_y
        n_groups = len(g_keys)
    else:
        group_node0, n_groups = youth_node0 + n_y, 0
    class_node0 = group_node0 + n_groups
    seat_node0 = class_node0 + len(multi)
    n_nodes = seat_node0 + prep.seats_left.size

    score = problem.score if keep is None else keep.astype(np.float64)
    scale = SCORE_SCALE if keep is None else 1
    levels = max(levels, 1)
    while True:
        s_int = np.rint(score * scale).astype(np.int64)
        bonus_int = int(round(problem.bonus * scale)) if use_groups else 0
        top_score = int(max(np.abs(s_int).max() if len(s_int) else 0, bonus_int, 1))
        proven = ladder_weights(levels, (n_nodes + 1) * top_score)
        max_cost = sum(proven) + (n_nodes + 1) * top_score
        if max_cost * 2 * (n_nodes + 2) < _INT64_SAFE or scale == 1:
            break
        scale //= 10
    if max_cost * 2 * (n_nodes + 2) >= _INT64_SAFE:
        raise ValueError("instance too large for exact integer costs; split it into regions")

    tails: list[np.ndarray] = []
    heads: list[np.ndarray] = []
    caps: list[np.ndarray] = []
    costs: list[np.ndarray] = []

    def add(t, h, c, w):
        tails.append(np.asarray(t, dtype=np.int64))
        heads.append(np.asarray(h, dtype=np.int64))
        caps.append(np.asarray(c, dtype=np.int64))
        costs.append(np.asarray(w, dtype=np.int64))

    unit_youth = _unit_arcs(units, fixed, k_eff, proven, levels)[0]  # costs are set by `_ladder_flow`
    total_units = len(unit_youth)
    add(np.zeros(total_units), youth_node0 + unit_youth, np.ones(total_units), np.zeros(total_units))
    add([0], [1], [max(total_units, 1)], [0])  # bypass: leaving a unit unused costs nothing

    pair_ok = units[yi] > 0
    pair_idx = np.flatnonzero(pair_ok)
    if use_groups:
        gp = np.flatnonzero(pair_ok & grouped)
        plain = np.flatnonzero(pair_ok & ~grouped)
        g_node = np.full(len(yi), -1, dtype=np.int64)
        g_node[np.flatnonzero(grouped)] = group_node0 + g_of_pair
        # youth -> (youth, group): the first company in a new main area earns the bonus, the rest nothing.
        g_youth = (g_keys // 64).astype(np.int64)
        add(
            youth_node0 + g_youth,
            group_node0 + np.arange(n_groups),
            np.ones(n_groups),
            np.full(n_groups, -bonus_int),
        )
        add(
            youth_node0 + g_youth,
            group_node0 + np.arange(n_groups),
            np.maximum(units[g_youth] - 1, 0),
            np.zeros(n_groups),
        )
        pair_tail = np.empty(len(yi), dtype=np.int64)
        pair_tail[plain] = youth_node0 + yi[plain]
        pair_tail[gp] = g_node[gp]
    else:
        pair_tail = youth_node0 + yi.astype(np.int64)
    class_head = np.empty(len(class_keys), dtype=np.int64)
    class_head[multi] = class_node0 + np.arange(len(multi))
    single = np.flatnonzero(cls_single)
    class_head[single] = seat_node0 + cls_company[single] * n_p + cls_periods[single].argmax(axis=1)
    first_pair_arc = sum(len(t) for t in tails)
    add(pair_tail[pair_idx], class_head[class_of_pair[pair_idx]], np.ones(len(pair_idx)), -s_int[pair_idx])

    first_class_arc = sum(len(t) for t in tails)
    arc_class, arc_period = np.nonzero(cls_periods[multi])  # multi-period class -> each of its seats
    arc_company = cls_company[multi][arc_class]
    add(
        class_node0 + arc_class,
        seat_node0 + arc_company * n_p + arc_period,
        prep.seats_left[arc_company, arc_period],
        np.zeros(len(arc_class)),
    )
    seats = prep.seats_left.ravel()
    live = np.flatnonzero(seats > 0)
    add(seat_node0 + live, np.ones(len(live)), seats[live], np.zeros(len(live)))

    net = tuple(np.concatenate(parts) for parts in (tails, heads, caps, costs))
    supplies = np.zeros(n_nodes, dtype=np.int64)
    supplies[0], supplies[1] = total_units, -total_units
    flow = _ladder_flow(
        net,
        supplies,
        (units, fixed, k_eff),
        youth_node0 + np.arange(n_y),
        levels,
        top_score,
        proven,
    )
    pair_flow = flow[first_pair_arc : first_pair_arc + len(pair_idx)]
    chosen = np.zeros(len(yi), dtype=bool)
    chosen[pair_idx] = pair_flow > 0
    int_score = int(s_int[chosen].sum())
    if use_groups:
        int_score += bonus_int * len(
            set(zip(yi[chosen & grouped].tolist(), problem.group[chosen & grouped].tolist(), strict=True))
        )
    class_flow: dict[int, list[tuple[int, int]]] = {}
    if keep is None:  # only the coverage repair hands out the flow's own periods
        return FlowResult(chosen, int_score, scale, class_flow, class_of_pair)
    if len(arc_class):
        flows = flow[first_class_arc : first_class_arc + len(arc_class)]
        for k, p, f in zip(multi[arc_class].tolist(), arc_period.tolist(), flows.tolist(), strict=True):
            if f > 0:
                class_flow.setdefault(k, []).append((p, f))
    single_flow = np.bincount(class_of_pair[chosen], minlength=len(class_keys))
    single_period = cls_periods.argmax(axis=1)
    for k in np.flatnonzero(cls_single & (single_flow > 0)).tolist():
        class_flow[k] = [(int(single_period[k]), int(single_flow[k]))]
    return FlowResult(chosen, int_score, scale, class_flow, class_of_pair)


class Colouring:
    """Periods as colours of the chosen pairs: a capacitated edge colouring grown by alternating chains.

    To give (y, c) period a when c is full in a but has room in b, one young person in (c, a) moves to b;
    if that person was busy in b at company d, their d-placement moves to a, and so on (a Kempe chain,
    searched over every choice). With constant capacity and full availability such a chain always exists
    (König), so every chosen pair gets a period.
    """

    def __init__(self, avail: np.ndarray, seats: np.ndarray, budget: int = 4_000):
        self.n_p = avail.shape[1]
        self.avail = avail.tolist()
        self.cap = seats.tolist()
        self.youth_at = [[-1] * self.n_p for _ in range(avail.shape[0])]
        self.members: list[list[set[int]]] = [[set() for _ in range(self.n_p)] for _ in range(len(self.cap))]
        self.pairs: set[tuple[int, int]] = set()
        self.budget = budget
        self.free = [sum(max(v, 0) for v in row) for row in self.cap]  # free seats per company
        self.placed = [0] * avail.shape[0]  # placements per youth

    def _put(self, y: int, c: int, p: int) -> None:
        self.youth_at[y][p] = c
        self.members[c][p].add(y)
        self.free[c] -= 1
        self.placed[y] += 1

    def _take(self, y: int, c: int, p: int) -> None:
        self.youth_at[y][p] = -1
        self.members[c][p].discard(y)
        self.free[c] += 1
        self.placed[y] -= 1

    def _room(self, c: int, p: int) -> bool:
        return len(self.members[c][p]) < self.cap[c][p]

    def place(self, y: int, c: int, p: int) -> bool:
        """Put (y, c) in period p if y is free then and c has a seat left."""
        if (y, c) in self.pairs or not self.avail[y][p] or self.youth_at[y][p] != -1 or not self._room(c, p):
            return False
        self._put(y, c, p)
        self.pairs.add((y, c))
        return True

    def place_any(self, y: int, cands: Sequence[int]) -> bool:
        """Put y at the best candidate that has a seat in a period y is free (no one moves)."""
        free = [p for p in range(self.n_p) if self.avail[y][p] and self.youth_at[y][p] == -1]
        if not free:
            return False
        for c in cands:
            if self.free[c] <= 0 or (y, c) in self.pairs:
                continue
            row, cap = self.members[c], self.cap[c]
            for p in free:
                if len(row[p]) < cap[p]:
                    self._put(y, c, p)
                    self.pairs.add((y, c))
                    return True
        return False

    def insert(self, y: int, c: int, own_moves: bool = True) -> bool:
        """Give (y, c) some period, moving others along one alternating chain if needed; drops nobody."""
        if (y, c) in self.pairs:
            return False
        free_y = [p for p in range(self.n_p) if self.avail[y][p] and self.youth_at[y][p] == -1]
        for p in free_y:
            if self.place(y, c, p):
                return True
        room_c = [p for p in range(self.n_p) if self._room(c, p)]
        for a in free_y:
            if self.cap[c][a] <= 0:
                continue
            for b in room_c:
                moves = self._chain(c, a, b, y)
                if moves is not None:
                    self._apply(moves)
                    self._put(y, c, a)
                    self.pairs.add((y, c))
                    return True
        if not own_moves:
            return False
        # Youth side: move one of y's own placements out of a period in which c has room.
        for a in room_c:
            e = self.youth_at[y][a]
            if e == -1 or not self.avail[y][a]:
                continue
            self._take(y, e, a)
            self.pairs.discard((y, e))
            self._put(y, c, a)
            self.pairs.add((y, c))
            if self.insert(y, e, own_moves=False):
                return True
            self._take(y, c, a)
            self.pairs.discard((y, c))
            self._put(y, e, a)
            self.pairs.add((y, e))
        return False

    def augment(self, y: int, cands: Sequence[Sequence[int]], max_seats: int = 100, width: int = 12) -> bool:
        """Give y one more placement along a shortest augmenting path over full seats (breadth first).

        A full seat (c, p) passes one of its young people u on: u moves to c in another period, to one of
        u's own candidates (the first `width`, best first) in p or in a period u is free, or swaps
        periods with u's placement d elsewhere (u: c p->q, d q->p, a Kempe step). The path ends at a
        seat with room. Every young person keeps their placement count (y gains one), each moves at
        most once, and the applied path is re-checked against seats; on any conflict it is undone.
        """
        n_p = self.n_p
        avail, youth_at, members, cap, pairs = self.avail, self.youth_at, self.members, self.cap, self.pairs
        free = [p for p in range(n_p) if avail[y][p] and youth_at[y][p] == -1]
        if not free:
            return False
        parent: dict[tuple[int, int], tuple] = {}
        queue: deque[tuple[int, int]] = deque()
        seen = {y}

        def reach(seat, moves, prev):
            """Record how a seat is entered; True when it has room (the path ends here)."""
            if seat in parent:
                return False
            parent[seat] = (moves, prev)
            if len(members[seat[0]][seat[1]]) < cap[seat[0]][seat[1]]:
                return True
            queue.append(seat)
            return False

        end = None
        for c in cands[y]:
            if (y, c) in pairs:
                continue
            for p in free:
                if cap[c][p] > 0 and reach((c, p), ((y, -1, -1, c, p),), None):
                    end = (c, p)
                    break
            if end:
                break
        expanded = 0
        while end is None and queue and expanded < max_seats:
            seat = queue.popleft()
            expanded += 1
            c, p = seat
            for u in sorted(members[c][p]):
                if u in seen:
                    continue
                seen.add(u)
                row, ok = youth_at[u], avail[u]
                for q in range(n_p):  # same company, another period (free, or swap with u's own)
                    if q == p or not ok[q] or cap[c][q] <= 0:
                        continue
                    d = row[q]
                    if d == -1:
                        if reach((c, q), ((u, c, p, c, q),), seat):
                            end = (c, q)
                    elif (
                        len(members[c][q]) < cap[c][q]
                        and cap[d][p] > 0
                        and reach((d, p), ((u, c, p, c, q), (u, d, q, d, p)), seat)
                    ):
                        end = (d, p)
                    if end:
                        break
                if end:
                    break
                for c2 in cands[u][:width]:  # another of u's candidates
                    if (u, c2) in pairs:
                        continue
                    for q in range(n_p):
                        if (
                            cap[c2][q] > 0
                            and ok[q]
                            and (q == p or row[q] == -1)
                            and reach((c2, q), ((u, c, p, c2, q),), seat)
                        ):
                            end = (c2, q)
                            break
                    if end:
                        break
                if end:
                    break
        if end is None:
            return False
        moves: list[tuple[int, int, int, int, int]] = []
        seat = end
        while seat is not None:
            step, seat = parent[seat]
            moves.extend(step)
        self._apply_moves(moves)
        touched = {(c, p) for _, c, p, _, _ in moves if c >= 0} | {(c, p) for _, _, _, c, p in moves}
        if all(len(members[c][p]) <= cap[c][p] for c, p in touched):
            return True
        self._apply_moves([(u, c2, q, c, p) for u, c, p, c2, q in reversed(moves)])
        return False

    def _apply_moves(self, moves: Sequence[tuple[int, int, int, int, int]]) -> None:
        """Moves (youth, from company, from period, to company, to period); from company -1 is a new pair."""
        for u, c, p, _, _ in moves:
            if c >= 0:
                self._take(u, c, p)
                self.pairs.discard((u, c))
        for u, _, _, c, p in moves:
            if c >= 0:
                self._put(u, c, p)
                self.pairs.add((u, c))

    def _chain(self, c: int, a: int, b: int, newcomer: int) -> list[tuple[int, int, int, int]] | None:
        """Moves (youth, company, from, to) that free a seat for the newcomer in (c, a), or None."""
        budget = [self.budget]
        used = {newcomer}

        def search(company: int, depth: int) -> list[tuple[int, int, int, int]] | None:
            # `company` is full in a; move one of its young people from a to b (it has room in b).
            if depth > 300:
                return None
            for u in sorted(self.members[company][a]):
                if u in used or not self.avail[u][b]:
                    continue
                budget[0] -= 1
                if budget[0] < 0:
                    return None
                d = self.youth_at[u][b]
                if d == -1:
                    return [(u, company, a, b)]
                if self.cap[d][a] <= 0 or d == company:
                    continue
                used.add(u)
                moves = [(u, company, a, b), (u, d, b, a)]
                if self._room(d, a):
                    return moves
                rest = search(d, depth + 1)
                if rest is not None:
                    return moves + rest
                used.discard(u)
            return None

        return search(c, 0)

    def _apply(self, moves: list[tuple[int, int, int, int]]) -> None:
        for u, comp, frm, _ in moves:
            self._take(u, comp, frm)
        for u, comp, _, to in moves:
            self._put(u, comp, to)

    def assignments(self) -> list[tuple[int, int, int]]:
        """(youth, company, period) triples, sorted."""
        out = []
        for y, row in enumerate(self.youth_at):
            for p, c in enumerate(row):
                if c != -1:
                    out.append((y, c, p))
        return sorted(out)


def _by_youth(problem: Problem, only: np.ndarray | None = None) -> list[list[int]]:
    """Pair indices per youth (of the pairs in `only`, if given), best score first (ties: lower company)."""
    order = problem.best_first if only is None else problem.best_first[only[problem.best_first]]
    n_y = len(problem.prep.youth_ids)
    bounds = np.searchsorted(problem.yi[order], np.arange(n_y + 1)).tolist()
    flat = order.tolist()
    return [flat[bounds[y] : bounds[y + 1]] for y in range(n_y)]


def _fill(
    col: Colouring, problem: Problem, wanted: Sequence[Sequence[int]], per_youth: list[list[int]]
) -> None:
    """Insert wanted pairs rung by rung, then top up youth below their effective k from their candidates.

    Top-up, rung by rung: a free seat at the best candidate if there is one, else one augmenting path
    (`Colouring.augment`), which may move others between periods and to other candidates.
    """
    prep = problem.prep
    ci = problem.ci.tolist()
    cands = [[ci[n] for n in pairs] for pairs in per_youth]
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


def _improve_periods(
    col: Colouring, problem: Problem, sweeps: int = 1, width: int = 15, focus: np.ndarray | None = None
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
    prep = problem.prep
    n_y, n_p = len(prep.youth_ids), prep.n_periods
    if not len(problem.yi):
        return
    yi, ci = problem.yi.astype(np.int64), problem.ci.astype(np.int64)
    s_int = np.rint(problem.score * SCORE_SCALE).astype(np.int64)
    order = problem.best_first
    rank = np.empty(len(yi), dtype=np.int64)
    pair_count = np.bincount(yi, minlength=n_y)
    rank[order] = np.arange(len(yi)) - np.repeat(np.cumsum(pair_count) - pair_count, pair_count)
    units = problem.units
    n_c = len(prep.company_ids)
    # Diverse mode: the bonus depends on a young person's whole rotation, so diverse-preferred youth keep
    # their placements here (their seats are taken out of the period's capacity).
    frozen = np.zeros(n_y, dtype=bool)
    if problem.bonus > 0:
        frozen[yi[problem.group >= 0]] = True
    if focus is not None:
        frozen |= ~focus
    for _ in range(sweeps):
        changed = False
        for p in range(n_p):
            at = np.array(col.youth_at, dtype=np.int64).reshape(n_y, n_p)
            degree = (at >= 0).sum(axis=1)
            here = at[:, p]
            placed = here >= 0
            optional = ~placed & prep.avail[:, p] & (degree < units)
            in_flow = (placed | optional) & ~frozen
            seats = prep.seats_left[:, p] - np.bincount(here[placed & frozen], minlength=n_c)
            elsewhere = np.zeros(len(yi), dtype=bool)
            for q in range(n_p):
                if q != p:
                    elsewhere |= at[yi, q] == ci
            ok = in_flow[yi] & (seats[ci] > 0) & ~elsewhere & prep.avail[yi, p]
            ok &= (rank < width) | (here[yi] == ci)  # a youth's best candidates and their current one
            idx = np.flatnonzero(ok)
            # Youth placed in p must stay placed (a supply of one); the others may gain a unit from the source.
            ys = np.flatnonzero(in_flow)
            gainers = np.flatnonzero(optional & ~frozen)
            y_node = np.full(n_y, -1, dtype=np.int64)
            y_node[ys] = 2 + np.arange(len(ys))
            c_node0 = 2 + len(ys)
            top_score = int(max(np.abs(s_int[idx]).max() if len(idx) else 0, 1))
            levels = max(problem.levels, 1)
            proven = ladder_weights(levels, (c_node0 + n_c + 1) * top_score)
            if sum(proven) * 2 * (c_node0 + n_c + 2) >= _INT64_SAFE:
                return
            one = np.ones(len(gainers), dtype=np.int64)
            net = (
                np.concatenate([np.zeros(len(gainers) + 1, np.int64), y_node[yi[idx]], c_node0 + np.arange(n_c)]),
                np.concatenate([y_node[gainers], [1], c_node0 + ci[idx], np.ones(n_c, np.int64)]),
                np.concatenate([one, [len(gainers)], np.ones(len(idx), np.int64), seats]),
                np.concatenate([np.zeros(len(gainers) + 1, np.int64), -s_int[idx], np.zeros(n_c, np.int64)]),
            )
            supplies = np.zeros(c_node0 + n_c, dtype=np.int64)
            supplies[y_node[ys[placed[ys]]]] = 1
            supplies[0], supplies[1] = len(gainers), -len(ys)
            flow = _ladder_flow(
                net,
                supplies,
                (one, prep.fixed_count[gainers] + degree[gainers], problem.k_eff[gainers]),  # their next rung
                y_node[gainers],
                levels,
                top_score,
                proven,
            )[len(gainers) + 1 : len(gainers) + 1 + len(idx)]
            new = {int(yi[n]): int(ci[n]) for n in idx[flow > 0].tolist()}
            old = {int(y): int(here[y]) for y in np.flatnonzero(placed & ~frozen).tolist()}
            if new == old:
                continue
            changed = True
            for y, c in old.items():
                if new.get(y) != c:
                    col._take(y, c, p)
                    col.pairs.discard((y, c))
            for y, c in new.items():
                if old.get(y) != c:
                    col._put(y, c, p)
                    col.pairs.add((y, c))
        if not changed:
            break


def build_problem(prep: Prepared, pairs: ScoredPairs, instance: Instance, options: PlanOptions) -> Problem:
    """Attach effective k, ladder size and diverse groups to the scored pairs."""
    k_eff_new = effective_k(prep, pairs.yi, pairs.ci)
    k_eff = np.where(prep.fixed_count + k_eff_new > 0, prep.fixed_count + k_eff_new, 0)
    levels = int(k_eff.max()) if len(k_eff) else 0
    group = np.full(len(pairs.yi), -1, dtype=np.int64)
    bonus = 0.0
    if options.mode == "diverse" and options.diverse_bonus > 0:
        bonus = options.diverse_bonus
        area_main = {t.id: t.main_area for t in instance.trade_areas}
        companies = sorted(instance.companies, key=lambda c: c.id)
        primary = []
        for c in companies:
            mains = [m for m in c.main_areas if m] or [
                area_main[a] for a in c.trade_areas if area_main.get(a)
            ]
            primary.append(mains[0] if mains else "")
        names = sorted(set(primary) - {""})
        code = np.array([names.index(m) if m else -1 for m in primary], dtype=np.int64)
        diverse = np.array(
            [y.diverse_preferred for y in sorted(instance.youth, key=lambda y: y.id)], dtype=bool
        )
        if len(pairs.yi):
            group = np.where(diverse[pairs.yi], code[pairs.ci], -1)
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


@dataclass
class Solution:
    """The planner's raw result before explanations are attached."""

    triples: list[tuple[int, int, int]]  # (youth, company, period) new placements
    pair_of: np.ndarray  # pair index of each triple
    bound_int: int
    scale: int
    bound_ladder: tuple[int, ...]
    ladder: tuple[int, ...]


def ladder_counts(degree: np.ndarray, k_eff: np.ndarray, levels: int) -> tuple[int, ...]:
    """Rung j = youth with at least min(j, effective k) placements (youth with effective k 0 never count)."""
    ok = k_eff > 0
    return tuple(int((ok & (degree >= np.minimum(j, k_eff))).sum()) for j in range(1, levels + 1))


def solve(problem: Problem, progress: ProgressFn | None = None) -> Solution:
    """Relaxation, colouring, repair, and the coverage guarantee."""
    prep = problem.prep
    n_y = len(prep.youth_ids)
    relaxed = solve_flow(problem)
    if progress:
        progress("planning", 0.5)
    deg_relaxed = prep.fixed_count + np.bincount(problem.yi[relaxed.chosen], minlength=n_y)
    bound_ladder = ladder_counts(deg_relaxed, problem.k_eff, problem.levels)
    per_youth = _by_youth(problem)
    wanted = _by_youth(problem, only=relaxed.chosen)
    col = Colouring(prep.avail, prep.seats_left)
    _fill(col, problem, wanted, per_youth)
    degree = prep.fixed_count + np.array(col.placed, dtype=np.int64)
    max_coverage = bound_ladder[0] if bound_ladder else 0
    if ((degree > 0) & (problem.k_eff > 0)).sum() < max_coverage:
        col = _cover(problem, col, per_youth)
    # keeps everyone's placement count or raises it
    _improve_periods(col, problem, focus=_around_deviations(problem, col, relaxed.chosen))
    degree = prep.fixed_count + np.array(col.placed, dtype=np.int64)
    triples = col.assignments()
    pair_of = _pair_index(problem, [(y, c) for y, c, _ in triples])
    return Solution(
        triples,
        pair_of,
        relaxed.int_score,
        relaxed.scale,
        bound_ladder,
        ladder_counts(degree, problem.k_eff, problem.levels),
    )


def _around_deviations(problem: Problem, col: Colouring, relaxed: np.ndarray) -> np.ndarray:
    """Youth whose companies differ from the relaxation's optimum, and everyone seated where they could go.

    Were every young person given exactly their relaxed companies, the plan would reach the bound and no
    exchange could improve it; the gains lie around the few who are not (L: 414 of 50,000 young people;
    with their neighbourhood 31,000 instead of all 50,000 go into the per-period flows).
    """
    n_y = len(problem.prep.youth_ids)
    planned = np.zeros(len(problem.yi), dtype=bool)
    planned[_pair_index(problem, [(y, c) for y, c, _ in col.assignments()])] = True
    deviating = np.bincount(problem.yi[planned != relaxed], minlength=n_y) > 0
    their_options = np.zeros(len(problem.prep.company_ids), dtype=bool)
    their_options[problem.ci[deviating[problem.yi]]] = True
    seated_at = np.array(col.youth_at, dtype=np.int64).reshape(n_y, -1)
    return deviating | ((seated_at >= 0) & their_options[seated_at]).any(axis=1)


def _pair_index(problem: Problem, keys: Sequence[tuple[int, int]]) -> np.ndarray:
    """Pair index of each (youth, company) in keys (all of them are candidate pairs)."""
    return pair_rows(problem.yi, problem.ci, max(len(problem.prep.company_ids), 1), keys)


def _cover(problem: Problem, col: Colouring, per_youth: list[list[int]]) -> Colouring:
    """Restart from a maximum seat matching that keeps most current placements, then add the rest back."""
    prep = problem.prep
    current = {(y, c) for y, c, _ in col.assignments()}
    keep = np.array([(int(y), int(c)) in current for y, c in zip(problem.yi, problem.ci, strict=True)])
    reps = solve_flow(problem, keep=keep)
    fresh = Colouring(prep.avail, prep.seats_left)
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
    _fill(fresh, problem, previous, per_youth)
    return fresh


def unplaced_reason(prep: Prepared, y: int, has_candidates: bool, in_range: bool) -> str:
    """Stable reason code for a youth with no placement at all."""
    if prep.k_left[y] <= 0 or not prep.avail[y].any():
        return REASON_NOT_AVAILABLE
    if has_candidates:
        return REASON_CAPACITY_TAKEN
    return REASON_NOT_AVAILABLE if in_range else REASON_NO_COMPANY_IN_RANGE


def _in_range_any(prep: Prepared, instance: Instance, ys: list[int]) -> dict[int, bool]:
    """For youth without candidates: is any company within travel and needs (seats aside)?"""
    out = {}
    banned = prep.banned
    for y in ys:
        d = haversine_km(prep.youth_lat[y], prep.youth_lon[y], prep.company_lat, prep.company_lon)
        ok = (d <= prep.travel_km[y] + 1e-9) & (~prep.needs[y] | prep.suits)
        ok &= np.array([(y, c) not in banned for c in range(len(prep.company_ids))], dtype=bool)
        if instance.candidates is not None:
            given = {cid for cid, _ in instance.candidates.get(prep.youth_ids[y], ())}
            ok &= np.array([cid in given for cid in prep.company_ids], dtype=bool)
        out[y] = bool(ok.any())
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

    explanations = (
        explain_assignments(instance, prep, pairs, sol.triples + fixed_triples, options.weights)
        if options.explain
        else {}
    )
    assignments = [
        Assignment(
            prep.youth_ids[y],
            prep.company_ids[c],
            p,
            score,
            False,
            explanations.get((y, c)),
        )
        for (y, c, p), score in zip(sol.triples, new_scores, strict=True)
    ] + [
        Assignment(
            prep.youth_ids[y], prep.company_ids[c], p, fixed_scores[(y, c)], True, explanations.get((y, c))
        )
        for y, c, p in fixed_triples
    ]
    assignments.sort(key=lambda a: (a.youth_id, a.period, a.company_id))

    n_y = len(prep.youth_ids)
    degree = np.bincount([y for y, _, _ in sol.triples], minlength=n_y) + prep.fixed_count
    has_cand = np.bincount(problem.yi, minlength=n_y) > 0
    missing = [y for y in range(n_y) if degree[y] == 0]
    in_range = _in_range_any(prep, instance, [y for y in missing if not has_cand[y]])
    unplaced = [
        UnplacedReason(prep.youth_ids[y], unplaced_reason(prep, y, bool(has_cand[y]), in_range.get(y, False)))
        for y in missing
    ]
    used = len(sol.triples) + len(fixed_triples)
    offered = int(prep.capacity.sum())
    ladder = sol.ladder
    stats = PlanStats(
        mode=options.mode,
        youth_total=n_y,
        coverage=int((degree > 0).sum()),
        max_coverage=sol.bound_ladder[0] if sol.bound_ladder else 0,
        full_rotations=ladder[-1] if ladder else 0,
        full_rotation_bound=sol.bound_ladder[-1] if sol.bound_ladder else 0,
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
