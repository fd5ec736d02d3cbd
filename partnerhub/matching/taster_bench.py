"""`python -m partnerhub.matching bench-taster`: the taster allocation against serial dictatorship.

A seeded municipality (Hedensted's towns from partnerhub/reference/data/towns.csv): schools in the towns, each
school's pupils in one of the praktik weeks, companies in the towns offering slots in some weeks. Popular trades
are oversubscribed (few companies, many wishes), wishes follow a pupil's two favourite trades, the company's
appeal and the distance (pupils do not know the travel limit, so some wishes are too far).
"""

from __future__ import annotations

import csv
import math
import os
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .taster import (
    MAX_WISHES,
    TASTER_REASON_CODES,
    TasterAllocation,
    TasterPupil,
    TasterSlot,
    allocate,
    serial_dictatorship,
)

TOWNS_CSV = Path(__file__).resolve().parent.parent / "reference" / "data" / "towns.csv"
# (trade, pupils' popularity, share of the companies): demand and supply deliberately apart.
TRADES = (
    ("mekaniker", 3.0, 0.06),
    ("frisør", 2.5, 0.04),
    ("it", 2.5, 0.05),
    ("pædagog", 2.0, 0.07),
    ("elektriker", 2.0, 0.07),
    ("tømrer", 2.0, 0.08),
    ("landbrug", 1.5, 0.10),
    ("kok", 1.5, 0.07),
    ("sosu", 0.8, 0.08),
    ("butik", 0.8, 0.14),
    ("smed", 0.7, 0.10),
    ("lager", 0.5, 0.08),
    ("kontor", 0.6, 0.06),
)
MAX_TRAVEL_KM = 20.0
TARGET_SECONDS = 2.0


@dataclass(frozen=True)
class Week:
    """One praktik week: its pupils and the slots offered in it."""

    number: int
    pupils: list[TasterPupil]
    slots: list[TasterSlot]


def load_towns() -> list[tuple[str, float, float, int]]:
    """(name, lat, lon, population or 800 when unknown), largest first."""
    with TOWNS_CSV.open(encoding="utf-8") as fh:
        rows = [(r["town"], float(r["lat"]), float(r["lon"]), int(r["population"] or 800)) for r in csv.DictReader(fh)]
    return sorted(rows, key=lambda r: -r[3])


def _near(rng: random.Random, lat: float, lon: float, km: float) -> tuple[float, float]:
    """A point up to about `km` from (lat, lon)."""
    d, angle = km * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
    return lat + d * math.cos(angle) / 111.2, lon + d * math.sin(angle) / (111.2 * math.cos(math.radians(lat)))


def generate(
    n_pupils: int = 2000, n_companies: int = 300, n_schools: int = 10, n_weeks: int = 4, seed: int = 7
) -> list[Week]:
    """The municipality, week by week; the same arguments always give the same weeks."""
    rng = random.Random(seed)
    towns = load_towns()
    school_towns = [towns[k % len(towns)] for k in range(n_schools)]  # the largest towns get the first schools
    schools = [_near(rng, lat, lon, 1.5) for _, lat, lon, _ in school_towns]
    school_size = [math.sqrt(t[3]) for t in school_towns]
    load = [0.0] * n_weeks
    school_week = []
    for size in school_size:  # largest school first, into the week with the fewest pupils so far
        school_week.append(min(range(n_weeks), key=lambda w: (load[w], w)))
        load[school_week[-1]] += size
    trade_names = [t[0] for t in TRADES]
    popularity = [t[1] for t in TRADES]
    companies = []
    for c in range(n_companies):
        _, lat, lon, _ = rng.choices(towns, weights=[math.sqrt(t[3]) for t in towns])[0]
        trade = rng.choices(range(len(TRADES)), weights=[t[2] for t in TRADES])[0]
        weeks = rng.sample(range(n_weeks), k=min(n_weeks, rng.choices((1, 2, 3, 4), weights=(1, 2, 3, 5))[0]))
        min_age = rng.choices((13, 14, 15), weights=(45, 35, 20))[0]
        companies.append((c, _near(rng, lat, lon, 3.0), trade, weeks, min_age, rng.lognormvariate(0, 0.6)))
    slots: list[list[TasterSlot]] = [[] for _ in range(n_weeks)]
    appeal: dict[int, tuple[int, float]] = {}
    for c, (lat, lon), trade, weeks, min_age, charm in companies:
        for w in sorted(weeks):
            sid = 100_000 * (w + 1) + c
            slots[w].append(TasterSlot(sid, rng.choices((1, 2, 3, 4), weights=(2, 4, 3, 2))[0], min_age, lat, lon))
            appeal[sid] = (trade, charm)
    pupils: list[list[TasterPupil]] = [[] for _ in range(n_weeks)]
    for pid in range(1, n_pupils + 1):
        school = rng.choices(range(n_schools), weights=school_size)[0]
        w = school_week[school]
        fav = rng.choices(range(len(trade_names)), weights=popularity, k=2)
        n_wishes = rng.choices((0, 1, 2, 3, 4, 5, MAX_WISHES), weights=(1, 2, 2, 3, 5, 7, 80))[0]
        keys = []
        for slot in slots[w]:
            trade, charm = appeal[slot.id]
            affinity = 4.0 if trade == fav[0] else 2.5 if trade == fav[1] else 0.15 * popularity[trade]
            km = _km(schools[school], (slot.lat, slot.lon))
            weight = affinity * charm * math.exp(-km / 12.0)
            keys.append((math.log(weight) - math.log(-math.log(rng.random() or 1e-300)), slot.id))  # Gumbel top-k
        wishes = tuple(sid for _, sid in sorted(keys, reverse=True)[:n_wishes])
        age = rng.choices((13, 14, 15), weights=(20, 70, 10))[0]
        pupils[w].append(TasterPupil(pid, age, schools[school][0], schools[school][1], wishes))
    return [Week(w + 1, pupils[w], slots[w]) for w in range(n_weeks)]


def _km(a: tuple[float, float], b: tuple[float | None, float | None]) -> float:
    """Rough planar km, enough to make wishes fade with distance."""
    if b[0] is None or b[1] is None:
        return 0.0
    return math.hypot((a[0] - b[0]) * 111.2, (a[1] - b[1]) * 111.2 * math.cos(math.radians(a[0])))


@dataclass
class Figures:
    """One method's figures on one week (or summed over the weeks)."""

    pupils: int = 0
    placed: int = 0
    maximum: int = 0
    first: int = 0
    top3: int = 0
    wall: float = 0.0
    cpu: float = 0.0

    def add(self, other: Figures) -> None:
        """Sum another week's figures into these."""
        for name in ("pupils", "placed", "maximum", "first", "top3", "wall", "cpu"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def line(self, label: str) -> str:
        """One printed line."""
        n = max(self.pupils, 1)
        return (
            f"{label:<22} placed {self.placed:>5}/{self.pupils:<5} (max {self.maximum:>5}), "
            f"first choice {100 * self.first / n:5.1f} %, top 3 {100 * self.top3 / n:5.1f} %, "
            f"{self.wall:.3f} s wall, CPU {self.cpu:.3f} s"
        )


def measure(method: str, week: Week, seed: int, max_travel_km: float | None) -> tuple[TasterAllocation, Figures]:
    """Run one method on one week and time it (wall and process CPU)."""
    run = allocate if method == "allocate" else serial_dictatorship
    wall, cpu = time.perf_counter(), time.process_time()
    result = run(week.pupils, week.slots, seed=seed, max_travel_km=max_travel_km)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    profile = result.rank_profile
    n = len(week.pupils)
    return result, Figures(n, result.placed, result.maximum_placeable, profile[0], sum(profile[:3]), wall, cpu)


def run_taster_bench(
    n_pupils: int = 2000,
    n_companies: int = 300,
    n_schools: int = 10,
    n_weeks: int = 4,
    seed: int = 7,
    max_travel_km: float | None = MAX_TRAVEL_KM,
) -> int:
    """Print both methods per week and in total, then the issue's targets judged (met / MISSED)."""
    if n_schools < 1 or n_weeks < 1 or n_pupils < 0 or n_companies < 0:
        print("error: --schools and --weeks must be at least 1, --pupils and --companies at least 0", file=sys.stderr)
        return 2
    started = time.perf_counter()
    weeks = generate(n_pupils, n_companies, n_schools, n_weeks, seed)
    generated = time.perf_counter() - started
    n_places = sum(s.places for w in weeks for s in w.slots)
    print(
        f"== taster allocation: {n_pupils} pupils, {n_companies} companies, {n_schools} schools, {n_weeks} weeks, "
        f"{n_places} places, travel limit {max_travel_km} km (seed {seed}; generated in {generated:.2f} s)"
    )
    totals = {"allocate": Figures(), "serial": Figures()}
    for week in weeks:
        print(f"-- week {week.number}: {len(week.pupils)} pupils, {len(week.slots)} slots, "
              f"{sum(s.places for s in week.slots)} places")
        for method, label in (("allocate", "rank-maximal"), ("serial", "serial dictatorship")):
            result, figures = measure(method, week, seed, max_travel_km)
            totals[method].add(figures)
            print("   " + figures.line(label))
            if method == "allocate":
                why = Counter(result.unplaced_reasons.values())
                print("   unplaced (rank-maximal): " + ", ".join(f"{code} {why[code]}" for code in TASTER_REASON_CODES))
    ours, base = totals["allocate"], totals["serial"]
    print("-- total")
    print("   " + ours.line("rank-maximal"))
    print("   " + base.line("serial dictatorship"))
    checks = {
        "placed = maximum": ours.placed == ours.maximum,
        "first-choice share >= serial dictatorship's": ours.first >= base.first,
        "top-3 share >= serial dictatorship's": ours.top3 >= base.top3,
        f"all weeks under {TARGET_SECONDS:g} s wall": ours.wall < TARGET_SECONDS,
    }
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"targets (load average {load:.2f}): " + "; ".join(f"{k}: {'met' if v else 'MISSED'}"
                                                        for k, v in checks.items()))
    return 0
