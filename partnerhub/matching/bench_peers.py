"""Benchmark peers: greedy, stable matching (hospital-residents), a HiGHS MILP and scipy's max coverage."""

from __future__ import annotations

import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping
from multiprocessing.queues import Queue
from typing import Any

import numpy as np

from .model import Assignment, Instance
from .problem import effective_k, ladder_counts
from .rules import prepare
from .validate import violations


def summarise(inst: Instance, triples: list[tuple[str, str, int, float]]) -> dict:
    """Objective, coverage, ladder and capacity of any method's plan, computed the same way for all."""
    candidates = given_candidates(inst)
    prep = prepare(inst)
    yi = np.array(
        [prep.youth_index[y] for y, pairs in candidates.items() for _ in pairs], dtype=np.int64
    )
    ci = np.array(
        [prep.company_index[c] for pairs in candidates.values() for c, _ in pairs], dtype=np.int64
    )
    k_eff = effective_k(prep, yi, ci)
    degree = np.zeros(len(prep.youth_ids), dtype=np.int64)
    for y, _, _, _ in triples:
        degree[prep.youth_index[y]] += 1
    ladder = ladder_counts(degree, k_eff, int(k_eff.max()) if len(k_eff) else 0)
    bad = violations(inst, [Assignment(y, c, p, s) for y, c, p, s in triples])
    return {
        "objective": float(sum(t[3] for t in triples)),
        "coverage": int((degree > 0).sum()),
        "full_rotations": ladder[-1] if ladder else 0,
        "ladder": list(ladder),
        "capacity_used": len(triples) / max(int(prep.capacity.sum()), 1),
        "feasible": not bad,
    }


def given_candidates(inst: Instance) -> Mapping[str, tuple[tuple[str, float], ...]]:
    """The instance's given candidates (the peers only run on instances that have them)."""
    if inst.candidates is None:
        raise ValueError("the peers need an instance with given candidates")
    return inst.candidates


def greedy(inst: Instance) -> list[tuple[str, str, int, float]]:
    """Best pairs first, each into the earliest period where both sides are free."""
    candidates = given_candidates(inst)
    youth = {y.id: y for y in inst.youth}
    cap = {c.id: list(c.capacity) for c in inst.companies}
    busy: dict[str, set[int]] = defaultdict(set)
    taken: dict[str, set[str]] = defaultdict(set)
    out = []
    rows = sorted(
        ((s, y, c) for y, pairs in candidates.items() for c, s in pairs),
        key=lambda r: (-r[0], r[1], r[2]),
    )
    for s, y, c in rows:
        yo = youth[y]
        if len(busy[y]) >= yo.rotation_k or c in taken[y]:
            continue
        for p in yo.available_periods:
            if p not in busy[y] and cap[c][p] > 0:
                cap[c][p] -= 1
                busy[y].add(p)
                taken[y].add(c)
                out.append((y, c, p, s))
                break
    return out


def hr_worker(inst: Instance, queue: Queue[dict[str, Any]]) -> None:
    """Hospital-residents (resident-optimal) per period, in a big-stack thread: the package recurses."""
    candidates = given_candidates(inst)
    from matching.games import HospitalResident

    result: dict = {}

    def run() -> None:
        try:
            t0 = time.perf_counter()
            youth = {y.id: y for y in inst.youth}
            score = {(y, c): s for y, pairs in candidates.items() for c, s in pairs}
            used: dict[str, set[str]] = defaultdict(set)
            out = []
            for p in range(len(inst.periods)):
                cap = {c.id: c.capacity[p] for c in inst.companies if c.capacity[p] > 0}
                prefs = {}
                for y, pairs in candidates.items():
                    if p in youth[y].available_periods and len(used[y]) < youth[y].rotation_k:
                        ranked = [
                            c
                            for c, _ in sorted(pairs, key=lambda r: (-r[1], r[0]))
                            if c in cap and c not in used[y]
                        ]
                        if ranked:
                            prefs[y] = ranked
                hosp: dict[str, list[str]] = defaultdict(list)
                for y, ranked in prefs.items():
                    for c in ranked:
                        hosp[c].append(y)
                hosp_prefs = {c: [y for _, y in sorted((-score[(y, c)], y) for y in ys)] for c, ys in hosp.items()}
                if not prefs:
                    continue
                game = HospitalResident.create_from_dictionaries(
                    prefs, hosp_prefs, {c: cap[c] for c in hosp_prefs}
                )
                for h, residents in game.solve(optimal="resident").items():
                    for r in residents:
                        used[str(r)].add(str(h))
                        out.append((str(r), str(h), p, score[(str(r), str(h))]))
            result["triples"] = out
            result["seconds"] = time.perf_counter() - t0
        except BaseException as exc:  # noqa: BLE001 - RecursionError and MemoryError are the expected failures
            result["status"] = f"failed: {type(exc).__name__}"

    sys.setrecursionlimit(1_000_000)
    threading.stack_size(512 * 1024 * 1024)
    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    queue.put(result)


def milp_worker(inst: Instance, time_limit: float, queue: Queue[dict[str, Any]]) -> None:
    """Independent optimum of the exact rotation model: scipy HiGHS MILP, one stage per rung, then score."""
    candidates = given_candidates(inst)
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix

    t0 = time.perf_counter()
    youth = {y.id: y for y in inst.youth}
    caps = {c.id: c.capacity for c in inst.companies}
    yids = sorted(candidates)
    var: list[tuple[str, str, int, float]] = []  # (youth, company, period, score)
    for y in yids:
        for c, s in candidates[y]:
            for p in youth[y].available_periods:
                if caps[c][p] > 0:
                    var.append((y, c, p, s))
    prep = prepare(inst)
    yi = np.array([prep.youth_index[y] for y in yids for _ in candidates[y]], dtype=np.int64)
    ci = np.array([prep.company_index[c] for y in yids for c, _ in candidates[y]], dtype=np.int64)
    k_eff_all = effective_k(prep, yi, ci)
    k_eff = {y: int(k_eff_all[prep.youth_index[y]]) for y in yids}
    levels = max(k_eff.values(), default=0)
    n_x = len(var)
    z_index: dict[tuple[str, int], int] = {}
    for y in yids:
        if k_eff[y] > 0:
            for j in range(1, levels + 1):
                z_index[(y, j)] = n_x + len(z_index)
    n = n_x + len(z_index)
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    lo: list[float] = []
    hi: list[float] = []
    r = 0

    def group(keyfun: Callable[[tuple[str, str, int, float]], Hashable], bound_of: Callable[[Any], float]) -> None:
        nonlocal r
        groups: dict = defaultdict(list)
        for i, v in enumerate(var):
            groups[keyfun(v)].append(i)
        for key, idx in groups.items():
            rows.extend([r] * len(idx))
            cols.extend(idx)
            vals.extend([1.0] * len(idx))
            lo.append(-np.inf)
            hi.append(bound_of(key))
            r += 1

    group(lambda v: (v[0], v[2]), lambda k: 1)  # one company per period
    group(lambda v: v[0], lambda k: youth[k].rotation_k)  # at most k
    group(lambda v: (v[0], v[1]), lambda k: 1)  # never the same company twice
    group(lambda v: (v[1], v[2]), lambda k: caps[k[0]][k[1]])  # seats
    by_youth: dict = defaultdict(list)
    for i, v in enumerate(var):
        by_youth[v[0]].append(i)
    for (y, j), zi in z_index.items():  # min(j, k_eff) * z_yj <= degree
        need = min(j, k_eff[y])
        idx = by_youth[y]
        rows.extend([r] * (len(idx) + 1))
        cols.extend([*idx, zi])
        vals.extend([-1.0] * len(idx) + [float(need)])
        lo.append(-np.inf)
        hi.append(0.0)
        r += 1
    a = coo_matrix((vals, (rows, cols)), shape=(r, n)).tocsr()
    cons = [LinearConstraint(a, np.array(lo), np.array(hi))]
    integrality = np.ones(n)
    bounds = Bounds(np.zeros(n), np.ones(n))
    stages = [("rung", j) for j in range(1, levels + 1)] + [("score", 0)]
    values = []
    status = "optimal"
    x = None
    for kind, j in stages:
        remaining = time_limit - (time.perf_counter() - t0)
        if remaining <= 1:
            status = "timeout"
            break
        cost = np.zeros(n)
        if kind == "rung":
            for (_y, jj), zi in z_index.items():
                if jj == j:
                    cost[zi] = -1.0
        else:
            cost[:n_x] = -np.array([v[3] for v in var])
        res = milp(
            cost,
            constraints=cons,
            integrality=integrality,
            bounds=bounds,
            options={"time_limit": remaining, "mip_rel_gap": 0.0, "disp": False},
        )
        if res.status != 0 or res.x is None:
            status = "timeout" if res.status == 1 else f"failed ({res.message})"
            break
        value = -res.fun
        values.append(value)
        x = res.x
        if kind == "rung":  # lock this rung before optimising the next one
            row = np.zeros(n)
            row[[zi for (y, jj), zi in z_index.items() if jj == j]] = 1.0
            cons.append(
                LinearConstraint(row.reshape(1, -1), np.array([round(value) - 1e-6]), np.array([np.inf]))
            )
    out: dict = {"status": status, "seconds": time.perf_counter() - t0, "variables": n_x}
    if status == "optimal" and x is not None:
        out["triples"] = [(v[0], v[1], v[2], v[3]) for v, xv in zip(var, x[:n_x], strict=True) if xv > 0.5]
    queue.put(out)


def scipy_max_coverage(inst: Instance) -> int:
    """Independent max coverage: scipy Hopcroft-Karp on youth x (company, period, seat) copies."""
    candidates = given_candidates(inst)
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import maximum_bipartite_matching

    col0: dict[tuple[str, int], tuple[int, int]] = {}
    n_cols = 0
    for company in inst.companies:
        for p, cap in enumerate(company.capacity):
            col0[(company.id, p)] = (n_cols, cap)
            n_cols += cap
    youth = {y.id: y for y in inst.youth}
    yids = sorted(candidates)
    rows: list[int] = []
    cols: list[int] = []
    for r, y in enumerate(yids):
        for c, _ in candidates[y]:
            for p in youth[y].available_periods:
                start, cap = col0[(c, p)]
                rows.extend([r] * cap)
                cols.extend(range(start, start + cap))
    graph = csr_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(len(yids), max(n_cols, 1)))
    return int((maximum_bipartite_matching(graph, perm_type="column") >= 0).sum())
