"""Benchmark instances: seeded synthetic rounds S, M, L and R (a region), with uneven seats and availability."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .model import Company, Instance, MainArea, Period, TradeArea, Youth

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
