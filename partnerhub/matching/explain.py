"""Why a proposal was made: shared words, shared areas, curious marks, distance and the score's parts."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

from .model import Explanation, Instance, ScoreWeights
from .pairs import ScoredPairs, pair_rows
from .rules import Prepared, haversine_km
from .similarity import pair_components
from .text import company_document, stem, stems, words, youth_document

MAX_TERMS = 5


def _stem_to_word(text: str) -> dict[str, str]:
    """First surface word per stem, so explanations show the young person's own words, not stems."""
    out: dict[str, str] = {}
    for w in words(text):
        out.setdefault(stem(w), w)
    return out


def _rarest_shared(mine: dict[str, str], theirs: set[str], idf: dict[str, float], limit: int) -> tuple[str, ...]:
    common = [s for s in mine if s in theirs]
    common.sort(key=lambda s: (-idf.get(s, 0.0), mine[s]))
    return tuple(mine[s] for s in common[:limit])


def shared_terms(
    youth_text: str, company_text: str, idf: dict[str, float] | None = None, limit: int = MAX_TERMS
) -> tuple[str, ...]:
    """Words both texts share (compared by Danish stem), rarest first: rare shared words explain most."""
    return _rarest_shared(_stem_to_word(youth_text), set(stems(company_text)), idf or {}, limit)


def explain_assignments(
    instance: Instance,
    prep: Prepared,
    pairs: ScoredPairs,
    triples: Sequence[tuple[int, int, int]],
    weights: ScoreWeights,
) -> dict[tuple[int, int], Explanation]:
    """One Explanation per (youth, company) pair of the plan.

    Texts are stemmed once per document and pairs are looked up with one sorted search, since at L a
    plan has about 72,000 pairs among two million candidates.
    """
    if not triples:
        return {}
    youth = sorted(instance.youth, key=lambda y: y.id)
    companies = sorted(instance.companies, key=lambda c: c.id)
    names = {t.id: t.name or t.id for t in instance.trade_areas}
    area_main = {t.id: t.main_area for t in instance.trade_areas}
    keys = sorted({(y, c) for y, c, _ in triples})
    involved_y = {y for y, _ in keys}
    involved_c = {c for _, c in keys}
    # Document frequency over every text of the round, so "rare" means rare in this round.
    df: Counter[str] = Counter()
    youth_words: dict[int, dict[str, str]] = {}
    company_stems: dict[int, set[str]] = {}
    for y, person in enumerate(youth):
        mine = _stem_to_word(youth_document(person, names))
        df.update(mine.keys())
        if y in involved_y:
            youth_words[y] = mine
    for c, company in enumerate(companies):
        theirs = set(stems(company_document(company, names)))
        df.update(theirs)
        if c in involved_c:
            company_stems[c] = theirs
    n_docs = len(youth) + len(companies)
    idf = {s: math.log((1 + n_docs) / (1 + f)) + 1 for s, f in df.items()}

    rows = pair_rows(pairs.yi, pairs.ci, max(len(companies), 1), keys)  # -1: fixed, outside the candidates
    columns = {k: v[np.maximum(rows, 0)].tolist() for k, v in pairs.components.items()} if len(pairs) else {}
    rows = rows.tolist()
    outside = [k for k, n in zip(keys, rows, strict=True) if n < 0]
    extra = {}
    if outside:
        if instance.candidates is None:
            extra = pair_components(instance, prep, weights, outside)
        else:
            for y, c in outside:
                given = dict(instance.candidates.get(prep.youth_ids[y], ()))
                extra[(y, c)] = {"given": float(given.get(prep.company_ids[c], 0.0))}
    ky = np.array([y for y, _ in keys])
    kc = np.array([c for _, c in keys])
    distances = haversine_km(prep.youth_lat[ky], prep.youth_lon[ky], prep.company_lat[kc], prep.company_lon[kc])

    out = {}
    for i, ((y, c), n, km) in enumerate(zip(keys, rows, distances.tolist(), strict=True)):
        yo, co = youth[y], companies[c]
        comps = {k: v[i] for k, v in columns.items()} if n >= 0 else extra[(y, c)]
        shared_areas = tuple(a for a in yo.trade_areas if a in co.trade_areas)
        youth_mains = {area_main[a] for a in yo.trade_areas if area_main.get(a)}
        company_mains = set(co.main_areas) | {area_main[a] for a in co.trade_areas if area_main.get(a)}
        curious = tuple(m for m in yo.curious if m == co.id or m in co.trade_areas)
        out[(y, c)] = Explanation(
            shared_terms=_rarest_shared(youth_words[y], company_stems[c], idf, MAX_TERMS),
            shared_trade_areas=shared_areas,
            shared_main_areas=tuple(sorted(youth_mains & company_mains)),
            curious_hits=curious,
            distance_km=float(km),
            components=comps,
        )
    return out
