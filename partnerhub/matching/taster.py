"""Taster internships (erhvervspraktik): pupils' ranked wishes -> slots, most pupils first, then the best ranks.

Pure: dataclasses in, a `TasterAllocation` out. `allocate` is exact: it places the maximum number of pupils and,
among those allocations, is rank-maximal (most first choices, then most second choices, ...); the remaining ties
are broken by a seeded lottery. `serial_dictatorship` is the common prao practice, kept as the baseline.
docs/matching.md ("Taster internships") has the objective, the method and why it is exact.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .rules import EARTH_RADIUS_KM

MAX_WISHES = 6
# Why one wish is not allowed (`wish_reason_codes`).
WISH_TOO_YOUNG = "too_young"
WISH_TOO_FAR = "too_far"
# Why a pupil got no slot (`TasterAllocation.unplaced_reasons`).
REASON_NO_WISHES = "no_wishes"
REASON_ALL_TOO_FAR = "all_wishes_too_far"
REASON_ALL_TOO_YOUNG = "all_wishes_too_young"
REASON_FULL = "full"
TASTER_REASON_CODES = (REASON_NO_WISHES, REASON_ALL_TOO_FAR, REASON_ALL_TOO_YOUNG, REASON_FULL)
# The lottery's arc costs are drawn from [0, LOTTERY_RANGE); times the node count they stay far below int64.
LOTTERY_RANGE = 1 << 20
# Node numbers fixed in every network built here.
_SOURCE, _SINK = 0, 1


@dataclass(frozen=True)
class TasterPupil:
    """A pupil in one praktik week: age on the week's first day, school location, wished slot ids best first."""

    id: int
    age_years: int
    school_lat: float | None
    school_lon: float | None
    wishes: tuple[int, ...]


@dataclass(frozen=True)
class TasterSlot:
    """A company's taster slot in that week: places, minimum age and where it is."""

    id: int
    places: int
    min_age: int
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class TasterAllocation:
    """The result: who goes where, the seed that re-derives it, and the figures to judge it by."""

    assignments: dict[int, int]  # pupil id -> slot id
    seed: int
    placed: int
    maximum_placeable: int  # the most pupils any allocation could place
    rank_profile: tuple[int, ...]  # pupils placed at rank 1, 2, ... MAX_WISHES
    unplaced_reasons: dict[int, str]  # pupil id -> one of TASTER_REASON_CODES
    method: str = "rank_maximal"  # or "serial_dictatorship"
    ranks: dict[int, int] = field(default_factory=dict)  # pupil id -> rank (1 = first choice) of their slot


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine): the travel limit is a straight line from the school."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, max(0.0, a))))


def _distance_or_none(pupil: TasterPupil, slot: TasterSlot) -> float | None:
    """School-to-slot km, or None when either position is unknown (travel is then not checked)."""
    lat1, lon1, lat2, lon2 = pupil.school_lat, pupil.school_lon, slot.lat, slot.lon
    if lat1 is None or lon1 is None or lat2 is None or lon2 is None:
        return None
    return distance_km(lat1, lon1, lat2, lon2)


def wish_reason_codes(pupil: TasterPupil, slot: TasterSlot, *, max_travel_km: float | None = None) -> tuple[str, ...]:
    """Why `pupil` may not get `slot` ("too_young", "too_far"); empty when the wish is allowed (places aside)."""
    codes: list[str] = []
    if slot.min_age > pupil.age_years:
        codes.append(WISH_TOO_YOUNG)
    if max_travel_km is not None and (km := _distance_or_none(pupil, slot)) is not None and km > max_travel_km:
        codes.append(WISH_TOO_FAR)
    return tuple(codes)


def ranked_wishes(pupil: TasterPupil, known_slots: Iterable[int]) -> list[int]:
    """The pupil's wishes without duplicates and unknown slot ids, best first: rank r is index r - 1."""
    known = set(known_slots)
    seen: list[int] = []
    for slot_id in pupil.wishes:
        if slot_id in known and slot_id not in seen:
            seen.append(slot_id)
    return seen


@dataclass
class _Prepared:
    """Pupils and slots sorted by id, with every allowed (pupil, slot, rank) wish as arrays."""

    pupil_ids: list[int]
    slot_ids: list[int]
    places: np.ndarray  # per slot
    arc_pupil: np.ndarray  # index into pupil_ids
    arc_slot: np.ndarray  # index into slot_ids
    arc_rank: np.ndarray  # 1 = first choice
    no_arc_reason: dict[int, str]  # pupil id -> reason, for pupils with no allowed wish


def _prepare(
    pupils: Sequence[TasterPupil], slots: Sequence[TasterSlot], max_travel_km: float | None
) -> _Prepared:
    """Check the input and list the allowed wishes; raises ValueError on input no allocation can take."""
    by_id = {s.id: s for s in slots}
    if len(by_id) != len(slots):
        raise ValueError("duplicate slot ids")
    if len({p.id for p in pupils}) != len(pupils):
        raise ValueError("duplicate pupil ids")
    if any(s.places < 0 for s in slots):
        raise ValueError("a slot has negative places")
    if max_travel_km is not None and max_travel_km < 0:
        raise ValueError("max_travel_km must not be negative")
    slot_ids = sorted(by_id)
    slot_index = {sid: k for k, sid in enumerate(slot_ids)}
    ordered = sorted(pupils, key=lambda p: p.id)
    arc_pupil: list[int] = []
    arc_slot: list[int] = []
    arc_rank: list[int] = []
    reasons: dict[int, str] = {}
    for i, pupil in enumerate(ordered):
        wishes = ranked_wishes(pupil, by_id)
        if len(wishes) > MAX_WISHES:
            raise ValueError(f"pupil {pupil.id} has more than {MAX_WISHES} wishes")
        codes = [wish_reason_codes(pupil, by_id[sid], max_travel_km=max_travel_km) for sid in wishes]
        for rank, (sid, why) in enumerate(zip(wishes, codes, strict=True), start=1):
            if not why and by_id[sid].places > 0:
                arc_pupil.append(i)
                arc_slot.append(slot_index[sid])
                arc_rank.append(rank)
        if not wishes:
            reasons[pupil.id] = REASON_NO_WISHES
        elif all(codes):
            too_young = all(WISH_TOO_YOUNG in why for why in codes)
            reasons[pupil.id] = REASON_ALL_TOO_YOUNG if too_young else REASON_ALL_TOO_FAR
    return _Prepared(
        pupil_ids=[p.id for p in ordered],
        slot_ids=slot_ids,
        places=np.array([by_id[sid].places for sid in slot_ids], dtype=np.int64),
        arc_pupil=np.array(arc_pupil, dtype=np.int64),
        arc_slot=np.array(arc_slot, dtype=np.int64),
        arc_rank=np.array(arc_rank, dtype=np.int64),
        no_arc_reason=reasons,
    )


class _Network:
    """source -> pupil (1) -> slot (one arc per allowed wish) -> sink (places), and a source -> sink bypass.

    `optimise(cost)` finds a min-cost flow among the flows still allowed and then narrows the allowed flows to
    exactly the optimal ones for that cost (see `_narrow`), so a sequence of calls optimises lexicographically.
    """

    def __init__(self, prep: _Prepared) -> None:
        n_p, n_s, n_a = len(prep.pupil_ids), len(prep.slot_ids), len(prep.arc_pupil)
        pupil_node = 2 + np.arange(n_p, dtype=np.int64)
        slot_node = 2 + n_p + np.arange(n_s, dtype=np.int64)
        self.n_nodes = 2 + n_p + n_s
        self.n_pupils = n_p
        self.wish_arcs = slice(n_p, n_p + n_a)
        self.tail = np.concatenate([np.full(n_p, _SOURCE), pupil_node[prep.arc_pupil], slot_node, [_SOURCE]])
        self.head = np.concatenate([pupil_node, slot_node[prep.arc_slot], np.full(n_s, _SINK), [_SINK]])
        self.cap = np.concatenate([np.ones(n_p + n_a), prep.places, [n_p]]).astype(np.int64)
        self.tail, self.head = self.tail.astype(np.int64), self.head.astype(np.int64)
        self.free = np.ones(len(self.tail), dtype=bool)  # arcs whose flow is not decided yet
        self.fixed = np.zeros(len(self.tail), dtype=np.int64)  # the decided flow (0 or the capacity)
        self.supply = np.zeros(self.n_nodes, dtype=np.int64)
        self.supply[_SOURCE], self.supply[_SINK] = n_p, -n_p

    def optimise(self, cost: np.ndarray, narrow: bool = True) -> np.ndarray:
        """An optimal flow (all arcs) for `cost` among the allowed flows; then only optimal flows stay allowed."""
        free = np.flatnonzero(self.free)
        supply = self.supply.copy()
        np.subtract.at(supply, self.tail, self.fixed)
        np.add.at(supply, self.head, self.fixed)
        flow = self.fixed.copy()
        if len(free):
            from .flow import solve_min_cost_flow  # OR-Tools on first use: the web app imports this module's names

            flow[free] = solve_min_cost_flow(self.tail[free], self.head[free], self.cap[free], cost[free], supply)
            if narrow:
                self._narrow(free, flow[free], cost[free])
        return flow

    def _narrow(self, free: np.ndarray, flow: np.ndarray, cost: np.ndarray) -> None:
        """Fix every free arc whose flow is the same in all optimal flows (complementary slackness).

        Shortest-path distances d in the residual graph (no negative cycle: the flow is optimal) are dual
        potentials; with reduced cost c + d(tail) - d(head), a flow is optimal iff it uses no arc of positive
        reduced cost and fills every arc of negative reduced cost. Those arcs are fixed (0 or full); the
        arcs of reduced cost 0 stay free, and every feasible flow on them is an optimal one.
        """
        tail, head, cap = self.tail[free], self.head[free], self.cap[free]
        fwd, bwd = flow < cap, flow > 0
        r_tail = np.concatenate([tail[fwd], head[bwd]])
        r_head = np.concatenate([head[fwd], tail[bwd]])
        r_cost = np.concatenate([cost[fwd], -cost[bwd]])
        dist = np.zeros(self.n_nodes, dtype=np.int64)  # a virtual root reaches every node at cost 0
        for _ in range(self.n_nodes + 1):  # Bellman-Ford, all arcs relaxed at once per round
            new = dist.copy()
            np.minimum.at(new, r_head, dist[r_tail] + r_cost)
            if np.array_equal(new, dist):
                break
            dist = new
        else:
            raise RuntimeError("negative residual cycle: the flow was not optimal")
        reduced = cost + dist[tail] - dist[head]
        self.free[free[reduced != 0]] = False
        self.fixed[free[reduced < 0]] = cap[reduced < 0]
        self.fixed[free[reduced > 0]] = 0


def _result(
    prep: _Prepared, chosen: np.ndarray, seed: int, maximum: int, method: str
) -> TasterAllocation:
    """Assignments, profile and reasons from the chosen wish arcs (a bool per arc)."""
    assignments: dict[int, int] = {}
    ranks: dict[int, int] = {}
    profile = [0] * MAX_WISHES
    for a in np.flatnonzero(chosen).tolist():
        pid = prep.pupil_ids[int(prep.arc_pupil[a])]
        assignments[pid] = prep.slot_ids[int(prep.arc_slot[a])]
        ranks[pid] = int(prep.arc_rank[a])
        profile[ranks[pid] - 1] += 1
    unplaced = {
        pid: prep.no_arc_reason.get(pid, REASON_FULL) for pid in prep.pupil_ids if pid not in assignments
    }
    return TasterAllocation(
        assignments=dict(sorted(assignments.items())),
        seed=seed,
        placed=len(assignments),
        maximum_placeable=maximum,
        rank_profile=tuple(profile),
        unplaced_reasons=unplaced,
        method=method,
        ranks=dict(sorted(ranks.items())),
    )


def _cardinality_cost(net: _Network) -> np.ndarray:
    """-1 on each pupil's source arc: the min cost is minus the most pupils that can be placed."""
    cost = np.zeros(len(net.tail), dtype=np.int64)
    cost[: net.n_pupils] = -1
    return cost


def allocate(
    pupils: Sequence[TasterPupil], slots: Sequence[TasterSlot], *, seed: int, max_travel_km: float | None = None
) -> TasterAllocation:
    """The maximum number of pupils placed, then rank-maximal, then a seeded lottery among the equal ones.

    Each stage is a min-cost flow over the allocations that are optimal for all earlier stages: (1) pupils
    placed, (2..6) pupils at rank 1, 2, ... 5 (rank 6 then follows), then the lottery from `random.Random(seed)`:
    (7) a ticket per pupil (the placed pupils' tickets sum to the least), (8) a draw per wish (which of equally
    good slots). Tickets are drawn in pupil id order, then the draws in (pupil id, rank) order, so input order
    does not matter.
    """
    prep = _prepare(pupils, slots, max_travel_km)
    net = _Network(prep)
    n_arcs = len(net.tail)
    flow = net.optimise(_cardinality_cost(net))
    maximum = int(flow[: net.n_pupils].sum())
    wish = net.wish_arcs
    for rank in range(1, MAX_WISHES):
        at_rank = prep.arc_rank == rank
        if not (net.free[wish] & at_rank).any():
            continue
        cost = np.zeros(n_arcs, dtype=np.int64)
        cost[wish] = -at_rank.astype(np.int64)
        flow = net.optimise(cost)
    rng = random.Random(seed)
    tickets = np.zeros(n_arcs, dtype=np.int64)
    tickets[: net.n_pupils] = [rng.randrange(LOTTERY_RANGE) for _ in prep.pupil_ids]
    draws = np.zeros(n_arcs, dtype=np.int64)
    draws[wish] = [rng.randrange(LOTTERY_RANGE) for _ in range(len(prep.arc_pupil))]
    if net.free[: net.n_pupils].any():  # who is placed, where that is still open: the lower tickets
        flow = net.optimise(tickets)
    if net.free[wish].any():  # which of equally good slots: one draw per wish
        flow = net.optimise(draws, narrow=False)
    return _result(prep, flow[wish] > 0, seed, maximum, "rank_maximal")


def maximum_placeable(
    pupils: Sequence[TasterPupil], slots: Sequence[TasterSlot], *, max_travel_km: float | None = None
) -> int:
    """The most pupils any allocation can place (a max flow)."""
    prep = _prepare(pupils, slots, max_travel_km)
    net = _Network(prep)
    return int(net.optimise(_cardinality_cost(net), narrow=False)[: net.n_pupils].sum())


def serial_dictatorship(
    pupils: Sequence[TasterPupil], slots: Sequence[TasterSlot], *, seed: int, max_travel_km: float | None = None
) -> TasterAllocation:
    """The common prao practice: pupils in a random order (from the seed), each takes their best wish left."""
    prep = _prepare(pupils, slots, max_travel_km)
    order = list(range(len(prep.pupil_ids)))
    random.Random(seed).shuffle(order)
    left = prep.places.copy()
    arcs_of: list[list[int]] = [[] for _ in prep.pupil_ids]
    for a in np.argsort(prep.arc_rank, kind="stable").tolist():
        arcs_of[int(prep.arc_pupil[a])].append(a)
    chosen = np.zeros(len(prep.arc_pupil), dtype=bool)
    for i in order:
        for a in arcs_of[i]:
            s = int(prep.arc_slot[a])
            if left[s] > 0:
                left[s] -= 1
                chosen[a] = True
                break
    net = _Network(prep)
    maximum = int(net.optimise(_cardinality_cost(net), narrow=False)[: net.n_pupils].sum())
    return _result(prep, chosen, seed, maximum, "serial_dictatorship")
