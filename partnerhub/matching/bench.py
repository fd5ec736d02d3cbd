"""Benchmark: seeded synthetic rounds S, M, L; the engine against greedy, stable matching and a HiGHS MILP."""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import resource
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from .model import Company, Instance, MainArea, Period, Plan, PlanOptions, TradeArea, Youth
from .problem import effective_k, ladder_counts
from .rules import prepare
from .stats import rung_gaps_text
from .validate import violations

SIZES = {  # youth, companies, towns, (lat range), (lon range)
    "S": (300, 80, 8, (55.68, 55.90), (9.45, 10.05)),
    "M": (5_000, 1_500, 40, (55.60, 56.90), (8.20, 10.90)),
    "L": (50_000, 15_000, 150, (54.70, 57.60), (8.20, 12.60)),
    "R": (5_000, 1_500, 40, (55.60, 56.90), (8.20, 10.90)),  # a region: M's size, more varied rounds
}


@dataclass(frozen=True)
class Variation:
    """How uneven a generated round is: shares of companies with seats varying by period, of youth away."""

    varying_capacity: float  # share of companies whose seats differ by period
    away: float  # share of youth not available in every period
    away_one_period: bool  # True: such a young person misses exactly one period; False: one or two


# S, M and L as the benchmark has always had them; R as a region reported them (30 % of companies with
# seats varying by period, 35 % of young people away for one period), where the third rung fell short.
VARIATIONS = {
    "S": Variation(0.25, 0.25, False),
    "M": Variation(0.25, 0.25, False),
    "L": Variation(0.25, 0.25, False),
    "R": Variation(0.30, 0.35, True),
}
CONSTANT = Variation(0.0, 0.0, False)


def _available_periods(rng: np.random.Generator, variation: Variation) -> tuple[int, ...]:
    """All three periods, or (for the `away` share) one or two of them, or all but one."""
    if not rng.random() < variation.away:
        return (0, 1, 2)
    if variation.away_one_period:
        away = int(rng.integers(3))
        return tuple(p for p in range(3) if p != away)
    return tuple(sorted(rng.choice(3, size=int(rng.integers(1, 3)), replace=False).tolist()))
MAIN = (
    ("omsorg", "Omsorg, sundhed og pædagogik"),
    ("kontor", "Kontor, handel og forretningsservice"),
    ("foedevarer", "Fødevarer, jordbrug og oplevelser"),
    ("teknologi", "Teknologi, byggeri og transport"),
)
AREAS = (
    ("sosu_hjaelper", "Social- og sundhedshjælper", "omsorg", "ældre pleje omsorg hjemmepleje beboere hjælp"),
    ("paed_assistent", "Pædagogisk assistent", "omsorg", "børn leg børnehave vuggestue pædagog aktiviteter"),
    ("tandklinik", "Tandklinikassistent", "omsorg", "tænder patienter klinik instrumenter rengøring"),
    ("salgsassistent", "Salgsassistent", "kontor", "butik kunder salg kasse varer tøj"),
    ("kontorassistent", "Kontorassistent", "kontor", "kontor computer telefon post regneark"),
    ("digital_handel", "Digital handel", "kontor", "webshop markedsføring sociale medier billeder"),
    ("kok", "Kok", "foedevarer", "køkken mad madlavning restaurant gryder menu"),
    ("bager", "Bager og konditor", "foedevarer", "bageri kager brød dej ovn"),
    ("landmand", "Landmand", "foedevarer", "stald køer grise traktor marker dyr"),
    ("dyrepasser", "Dyrepasser", "foedevarer", "dyr zoo fodring hunde katte heste"),
    ("anlaegsgartner", "Anlægsgartner", "foedevarer", "haver planter fliser beplantning natur"),
    ("toemrer", "Tømrer", "teknologi", "træ værktøj tag byggeplads tømrerlærling"),
    ("murer", "Murer", "teknologi", "mursten mørtel byggeplads fliser facader"),
    ("elektriker", "Elektriker", "teknologi", "strøm kabler installationer lys tavler"),
    ("smed", "Smed", "teknologi", "metal svejsning stål maskiner værksted"),
    ("mekaniker", "Personvognsmekaniker", "teknologi", "biler motor værksted reparation dæk"),
    ("datatekniker", "Datatekniker", "teknologi", "computere netværk programmering servere"),
    ("lager_logistik", "Lager- og logistikoperatør", "teknologi", "lager truck varer pakning logistik"),
    ("chauffoer", "Chauffør", "teknologi", "lastbil kørsel levering ruter"),
    ("receptionist", "Receptionist", "foedevarer", "hotel gæster reception service booking"),
)
HOBBIES = [
    "fodbold",
    "gaming",
    "musik",
    "håndbold",
    "tiktok",
    "natur",
    "fiskeri",
    "motorcykler",
    "ridning",
    "tegning",
]


def generate(size: str, seed: int = 7, constant: bool = False) -> Instance:
    """A seeded synthetic round: scarce seats, some varying by period, some youth free in some periods."""
    n_y, n_c, n_towns, lat_r, lon_r = SIZES[size]
    variation = CONSTANT if constant else VARIATIONS[size]
    rng = np.random.default_rng(seed)
    towns = np.c_[rng.uniform(*lat_r, n_towns), rng.uniform(*lon_r, n_towns)]
    weight = 1.0 / np.arange(1, n_towns + 1)
    weight /= weight.sum()

    def places(n: int) -> tuple[np.ndarray, np.ndarray]:
        t = rng.choice(n_towns, size=n, p=weight)
        return towns[t, 0] + rng.normal(0, 0.03, n), towns[t, 1] + rng.normal(0, 0.05, n)

    area_ids = [a[0] for a in AREAS]
    vocab = {a[0]: a[3].split() for a in AREAS}
    main_of = {a[0]: a[2] for a in AREAS}
    clat, clon = places(n_c)
    companies = []
    for i in range(n_c):
        areas = tuple(rng.choice(area_ids, size=int(rng.integers(1, 3)), replace=False).tolist())
        words = [w for a in areas for w in rng.choice(vocab[a], size=3, replace=False).tolist()]
        base = int(rng.choice([1, 1, 1, 2, 2, 3]))
        cap: tuple[int, ...] = (base,) * 3
        if not constant and rng.random() < variation.varying_capacity:
            cap = tuple(int(v) for v in rng.integers(0, base + 2, size=3))
        companies.append(
            Company(
                id=f"c{i:05d}",
                name=f"Firma {i}",
                lat=float(clat[i]),
                lon=float(clon[i]),
                capacity=cap,
                trade_areas=areas,
                main_areas=tuple(dict.fromkeys(main_of[a] for a in areas)),
                description=f"Vi arbejder med {', '.join(words[:-1])} og {words[-1]}."
                " Praktikanter hjælper til.",
                suits_special_needs=bool(rng.random() < 0.35),
            )
        )
    ylat, ylon = places(n_y)
    youth = []
    for i in range(n_y):
        areas = tuple(rng.choice(area_ids, size=int(rng.integers(1, 4)), replace=False).tolist())
        likes = rng.choice(vocab[areas[0]], size=2, replace=False).tolist()
        text = f"Jeg kan godt lide {likes[0]} og {likes[1]}. I fritiden går jeg op i {rng.choice(HOBBIES)}."
        avail = (0, 1, 2) if constant else _available_periods(rng, variation)
        curious = []
        if rng.random() < 0.3:
            curious.append(str(rng.choice(area_ids)))
        if rng.random() < 0.3:
            curious.append(f"c{int(rng.integers(n_c)):05d}")
        youth.append(
            Youth(
                id=f"y{i:06d}",
                lat=float(ylat[i]),
                lon=float(ylon[i]),
                available_periods=avail,
                rotation_k=int(rng.choice([2, 3])),
                max_travel_km=float(rng.choice([10, 15, 20, 25, 30])),
                trade_areas=areas,
                interests_text=text,
                curious=tuple(curious),
                needs_adjustments=bool(rng.random() < 0.1),
                diverse_preferred=bool(rng.random() < 0.2),
                age=int(rng.integers(15, 30)),
            )
        )
    return Instance(
        periods=tuple(Period(p, f"Periode {p + 1}") for p in range(3)),
        youth=tuple(youth),
        companies=tuple(companies),
        trade_areas=tuple(TradeArea(a[0], a[1], a[2]) for a in AREAS),
        main_areas=tuple(MainArea(m, n) for m, n in MAIN),
        meta={"name": f"bench-{size}{'-constant' if constant else ''}", "seed": seed},
    )


def _peak_mb() -> float:
    """Peak resident set size of this process (ru_maxrss, kB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _summarise(inst: Instance, triples: list[tuple[str, str, int, float]]) -> dict:
    """Objective, coverage, ladder and capacity of any method's plan, computed the same way for all."""
    candidates = _given(inst)
    from .model import Assignment

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



def _given(inst: Instance) -> Mapping[str, tuple[tuple[str, float], ...]]:
    """The instance's given candidates (the peers only run on instances that have them)."""
    if inst.candidates is None:
        raise ValueError("the peers need an instance with given candidates")
    return inst.candidates

def _with_candidates(inst: Instance, pairs: dict[str, list[tuple[str, float]]]) -> Instance:
    return replace(inst, candidates={y: tuple(v) for y, v in pairs.items()})


# ---------------------------------------------------------------- engine runs (fresh processes) ----
def _end_to_end(inst: Instance) -> tuple[Plan, dict]:
    """plan() with explanations, timed: wall, CPU of this process and of any workers it ran, peak RSS.

    Peak RSS is read right after planning, so the bench's own later work is not counted; a worker's peak
    (`RUSAGE_CHILDREN` is the largest finished child) is reported beside this process's.
    """
    from .planner import plan

    t0, c0 = time.perf_counter(), time.process_time()
    children0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = plan(inst, PlanOptions())
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return result, {
        "wall": wall,
        "cpu_s": cpu,
        "workers_cpu_s": (children.ru_utime + children.ru_stime) - (children0.ru_utime + children0.ru_stime),
        "peak_mb": _peak_mb(),
        "workers_peak_mb": children.ru_maxrss / 1024,
        "load_avg_1m": os.getloadavg()[0],
    }


def _engine_full(size: str, seed: int, queue) -> None:
    """Full pipeline in a fresh process, so ru_maxrss is this run's own peak."""
    inst = generate(size, seed)
    result, timing = _end_to_end(inst)
    pairs: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for y, c, s in _scored_pairs(inst):  # the same scorer's top-K, as given candidates for the planner runs
        pairs[y].append((c, s))
    s = result.stats
    queue.put(
        {
            **timing,
            "similarity_s": s.seconds_similarity,
            "planning_s": s.seconds_planning,
            "similarity_cpu_s": s.cpu_seconds_similarity,
            "planning_cpu_s": s.cpu_seconds_planning,
            "objective": result.objective,
            "upper_bound": result.upper_bound,
            "coverage": s.coverage,
            "max_coverage": s.max_coverage,
            "full_rotations": s.full_rotations,
            "full_rotations_upper_bound": s.full_rotations_upper_bound,
            "ladder": list(s.ladder),
            "ladder_bound": list(s.ladder_bound),
            "levels_at_bound": s.levels_at_bound,
            "capacity_used": s.capacity_used,
            "pairs": s.pairs_scored,
            "feasible": not violations(inst, result.assignments),
            "candidates": dict(pairs),
        }
    )


END_TO_END_TARGETS = {"S": 0.3, "M": 2.0, "L": 30.0}  # seconds, issue 19
END_TO_END_PEAK_MB = 1536  # at L


def _fmt_end_to_end(size: str, f: dict) -> str:
    """The end-to-end line: wall beside CPU (this process + workers), peak RSS, and the issue's targets."""
    target = END_TO_END_TARGETS.get(size)
    verdict = f", target < {target:g} s: {'met' if f['wall'] < target else 'MISSED'}" if target else ""
    if size == "L":
        peak_ok = f["peak_mb"] < END_TO_END_PEAK_MB
        verdict += f", this process's peak < {END_TO_END_PEAK_MB} MB: {'met' if peak_ok else 'MISSED'}"
    return (
        f"end to end (similarity + planning + explanations): {f['wall']:.2f} s wall,"
        f" CPU {f['cpu_s']:.2f} s + workers {f['workers_cpu_s']:.2f} s, load {f['load_avg_1m']:.2f},"
        f" peak RSS {f['peak_mb']:.0f} MB (largest worker {f['workers_peak_mb']:.0f} MB){verdict}"
    )


def _scored_pairs(inst: Instance) -> list[tuple[str, str, float]]:
    from .rules import prepare as prep_fn
    from .similarity import score_pairs

    prep = prep_fn(inst)
    sp = score_pairs(inst, prep, PlanOptions().weights, PlanOptions().top_k)
    return [
        (prep.youth_ids[y], prep.company_ids[c], float(s))
        for y, c, s in zip(sp.yi, sp.ci, sp.score, strict=True)
    ]


def _engine_given(inst: Instance, queue) -> None:
    """Planner only, with given candidates (the format's planner-only comparison)."""
    from .planner import plan

    t0 = time.perf_counter()
    result = plan(inst, PlanOptions(explain=False))
    wall = time.perf_counter() - t0
    s = result.stats
    queue.put(
        {
            "wall": wall,
            "planning_s": s.seconds_planning,
            "planning_cpu_s": s.cpu_seconds_planning,
            "load_avg_1m": os.getloadavg()[0],
            "peak_mb": _peak_mb(),
            "objective": result.objective,
            "upper_bound": result.upper_bound,
            "coverage": s.coverage,
            "max_coverage": s.max_coverage,
            "full_rotations": s.full_rotations,
            "full_rotations_upper_bound": s.full_rotations_upper_bound,
            "ladder": list(s.ladder),
            "ladder_bound": list(s.ladder_bound),
            "levels_at_bound": s.levels_at_bound,
            "capacity_used": s.capacity_used,
            "feasible": not violations(inst, result.assignments),
        }
    )


def _in_process(target, args, timeout: float, method: str = "fork") -> dict:
    """Run target in a child process with a time limit; a crash or timeout is reported, not raised."""
    ctx = mp.get_context(method)
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, queue))
    proc.start()
    try:
        out = queue.get(timeout=timeout)
    except Exception:  # noqa: BLE001 - queue.Empty or a dead child: both mean no result
        out = {"status": "timeout" if proc.is_alive() else "failed"}
    proc.join(5)
    if proc.is_alive():
        proc.kill()
        proc.join()
    return out


# ---------------------------------------------------------------- peers -------------------------------
def greedy(inst: Instance) -> list[tuple[str, str, int, float]]:
    """Best pairs first, each into the earliest period where both sides are free."""
    candidates = _given(inst)
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


def _hr_worker(inst: Instance, queue) -> None:
    """Hospital-residents (resident-optimal) per period, in a big-stack thread: the package recurses."""
    candidates = _given(inst)
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
                hosp_prefs = {c: sorted(ys, key=lambda y, c=c: (-score[(y, c)], y)) for c, ys in hosp.items()}
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


def _milp_worker(inst: Instance, time_limit: float, queue) -> None:
    """Independent optimum of the exact rotation model: scipy HiGHS MILP, one stage per rung, then score."""
    candidates = _given(inst)
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix

    t0 = time.perf_counter()
    youth = {y.id: y for y in inst.youth}
    caps = {c.id: c.capacity for c in inst.companies}
    yids = sorted(candidates)
    var = []  # (youth, company, period, score)
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
    rows, cols, vals, lo, hi = [], [], [], [], []
    r = 0

    def group(keyfun, bound_of):
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
        c = np.zeros(n)
        if kind == "rung":
            for (_y, jj), zi in z_index.items():
                if jj == j:
                    c[zi] = -1.0
        else:
            c[:n_x] = -np.array([v[3] for v in var])
        res = milp(
            c,
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


# ---------------------------------------------------------------- orchestration -----------------------
def bench_size(size: str, peer_timeout: float = 300.0, seed: int = 7) -> dict:
    """Run everything for one size and return a JSON-ready record."""
    record: dict = {"size": size, "youth": SIZES[size][0], "companies": SIZES[size][1], "seed": seed}
    full = _in_process(_engine_full, (size, seed), timeout=3600, method="spawn")
    if "candidates" not in full:
        record["engine_full"] = full
        return record
    pairs = full.pop("candidates")
    record["engine_full"] = full
    inst = _with_candidates(generate(size, seed), pairs)
    record["engine_given"] = _in_process(_engine_given, (inst,), timeout=3600, method="spawn")
    const = generate(size, seed, constant=True)
    const_pairs: dict = defaultdict(list)
    for y, c, s in _scored_pairs(const):
        const_pairs[y].append((c, s))
    record["engine_given_constant"] = _in_process(
        _engine_given, (_with_candidates(const, const_pairs),), timeout=3600, method="spawn"
    )
    from .io import instance_to_dict  # noqa: F401 - kept importable for exporting instances by hand

    t0 = time.perf_counter()
    g = greedy(inst)
    record["greedy"] = {**_summarise(inst, g), "seconds": time.perf_counter() - t0}
    hr = _in_process(_hr_worker, (inst,), timeout=peer_timeout)
    record["stable_hr"] = (
        {**_summarise(inst, hr["triples"]), "seconds": hr["seconds"]}
        if "triples" in hr
        else {"status": hr.get("status", "failed")}
    )
    lp = _in_process(_milp_worker, (inst, peer_timeout), timeout=peer_timeout + 120)
    record["milp_highs"] = (
        {**_summarise(inst, lp["triples"]), "seconds": lp["seconds"], "status": "optimal"}
        if "triples" in lp
        else {"status": lp.get("status", "timeout")}
    )
    record["max_coverage_scipy"] = _scipy_max_coverage(inst)
    return record


def _scipy_max_coverage(inst: Instance) -> int:
    """Independent max coverage: scipy Hopcroft-Karp on youth x (company, period, seat) copies."""
    candidates = _given(inst)
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import maximum_bipartite_matching

    col0, n_cols = {}, 0
    for c in inst.companies:
        for p, cap in enumerate(c.capacity):
            col0[(c.id, p)] = (n_cols, cap)
            n_cols += cap
    youth = {y.id: y for y in inst.youth}
    yids = sorted(candidates)
    rows, cols = [], []
    for r, y in enumerate(yids):
        for c, _ in candidates[y]:
            for p in youth[y].available_periods:
                start, cap = col0[(c, p)]
                rows.extend([r] * cap)
                cols.extend(range(start, start + cap))
    graph = csr_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(len(yids), max(n_cols, 1)))
    return int((maximum_bipartite_matching(graph, perm_type="column") >= 0).sum())


def _fmt(rec: dict) -> str:
    """A compact, human-readable block per size."""
    lines = [
        f"== {rec['size']}: {rec['youth']} youth, {rec['companies']} companies, 3 periods"
        f" (seed {rec['seed']})"
    ]
    f = rec["engine_full"]
    if "objective" not in f:
        return "\n".join([*lines, f"engine: {f}"])
    lines.append(
        f"engine full pipeline: {f['wall']:.2f} s (similarity {f['similarity_s']:.2f} s,"
        f" planning {f['planning_s']:.2f} s; CPU {f['similarity_cpu_s']:.2f} + {f['planning_cpu_s']:.2f} s,"
        f" load {f['load_avg_1m']:.2f})"
        f", peak RSS {f['peak_mb']:.0f} MB, pairs {f['pairs']}"
    )
    lines.append(_fmt_end_to_end(rec["size"], f))
    for key, label in (
        ("engine_full", "engine (own similarity)"),
        ("engine_given", "engine (given candidates)"),
        ("engine_given_constant", "engine (given, constant cap, full availability)"),
    ):
        e = rec[key]
        if "objective" not in e:
            lines.append(f"{label}: {e}")
            continue
        pct = 100 * e["objective"] / e["upper_bound"] if e["upper_bound"] else 100.0
        extra = (
            f", planning {e['planning_s']:.2f} s (CPU {e['planning_cpu_s']:.2f} s, load {e['load_avg_1m']:.2f})"
            f", peak RSS {e['peak_mb']:.0f} MB"
            if key != "engine_full"
            else ""
        )
        lines.append(
            f"{label}: objective {e['objective']:.3f}, upper_bound {e['upper_bound']:.3f}"
            f" ({pct:.3f}% of bound), coverage {e['coverage']}/{e['max_coverage']} max,"
            f" full rotations {e['full_rotations']} (true upper bound {e['full_rotations_upper_bound']}),"
            f" {rung_gaps_text(e['ladder'], e['ladder_bound'])},"
            f" capacity used {100 * e['capacity_used']:.1f}%, feasible {e['feasible']}{extra}"
        )
    lines.append(f"independent max coverage (scipy Hopcroft-Karp): {rec['max_coverage_scipy']}")
    for key in ("greedy", "stable_hr", "milp_highs"):
        p = rec[key]
        if "objective" not in p:
            lines.append(f"{key}: {p.get('status')}")
            continue
        lines.append(
            f"{key}: objective {p['objective']:.3f}, coverage {p['coverage']}, full {p['full_rotations']}, "
            f"ladder {p['ladder']}, capacity used {100 * p['capacity_used']:.1f}%, feasible {p['feasible']}, "
            f"{p['seconds']:.2f} s"
        )
    return "\n".join(lines)


def run_bench(sizes: list[str], out: str | None = None, peer_timeout: float = 300.0) -> int:
    """CLI entry: run the sizes, print a block per size, optionally write JSON."""
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        print(f"error: unknown size(s) {', '.join(unknown)}; choose from {', '.join(SIZES)}", file=sys.stderr)
        return 2
    records = []
    for size in sizes:
        rec = bench_size(size, peer_timeout)
        records.append(rec)
        print(_fmt(rec), flush=True)
    if out:
        with open(out, "w", encoding="utf-8") as fh:
            json.dump(records, fh, indent=1)
    return 0
