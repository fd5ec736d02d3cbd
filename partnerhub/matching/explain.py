"""Why a proposal was made: shared words, shared areas, curious marks, distance and the score's parts."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from .model import Explanation, Instance, ScoreWeights
from .rules import Prepared, haversine_km
from .similarity import ScoredPairs, company_document, pair_components, stems, words, youth_document

MAX_TERMS = 5


def _stem_to_word(text: str) -> dict[str, str]:
    """First surface word per stem, so explanations show the young person's own words, not stems."""
    out: dict[str, str] = {}
    for w, s in zip(words(text), stems(text), strict=True):
        out.setdefault(s, w)
    return out


def shared_terms(
    youth_text: str, company_text: str, idf: dict[str, float] | None = None, limit: int = MAX_TERMS
) -> tuple[str, ...]:
    """Words both texts share (compared by Danish stem), rarest first: rare shared words explain most."""
    mine = _stem_to_word(youth_text)
    theirs = set(stems(company_text))
    common = [s for s in mine if s in theirs]
    idf = idf or {}
    common.sort(key=lambda s: (-idf.get(s, 0.0), mine[s]))
    return tuple(mine[s] for s in common[:limit])


def explain_assignments(
    instance: Instance,
    prep: Prepared,
    pairs: ScoredPairs,
    triples: Sequence[tuple[int, int, int]],
    weights: ScoreWeights,
) -> dict[tuple[int, int], Explanation]:
    """One Explanation per (youth, company) pair of the plan."""
    if not triples:
        return {}
    youth = sorted(instance.youth, key=lambda y: y.id)
    companies = sorted(instance.companies, key=lambda c: c.id)
    names = {t.id: t.name or t.id for t in instance.trade_areas}
    area_main = {t.id: t.main_area for t in instance.trade_areas}
    keys = sorted({(y, c) for y, c, _ in triples})
    involved_y = sorted({y for y, _ in keys})
    involved_c = sorted({c for _, c in keys})
    ydoc = {y: youth_document(youth[y], names) for y in involved_y}
    cdoc = {c: company_document(companies[c], names) for c in involved_c}
    # Document frequency over every text of the round, so "rare" means rare in this round.
    df: Counter[str] = Counter()
    all_docs = [youth_document(y, names) for y in youth] + [company_document(c, names) for c in companies]
    for doc in all_docs:
        df.update(set(stems(doc)))
    n_docs = len(all_docs)
    idf = {s: math.log((1 + n_docs) / (1 + f)) + 1 for s, f in df.items()}

    index = {(int(y), int(c)): n for n, (y, c) in enumerate(zip(pairs.yi, pairs.ci, strict=True))}
    outside = [k for k in keys if k not in index]
    extra = {}
    if outside:
        if instance.candidates is None:
            extra = pair_components(instance, prep, weights, outside)
        else:
            for y, c in outside:
                given = dict(instance.candidates.get(prep.youth_ids[y], ()))
                extra[(y, c)] = {"given": float(given.get(prep.company_ids[c], 0.0))}

    out = {}
    for y, c in keys:
        yo, co = youth[y], companies[c]
        if (y, c) in index:
            n = index[(y, c)]
            comps = {k: float(v[n]) for k, v in pairs.components.items()}
        else:
            comps = extra[(y, c)]
        shared_areas = tuple(a for a in yo.trade_areas if a in co.trade_areas)
        youth_mains = {area_main[a] for a in yo.trade_areas if area_main.get(a)}
        company_mains = set(co.main_areas) | {area_main[a] for a in co.trade_areas if area_main.get(a)}
        curious = tuple(m for m in yo.curious if m == co.id or m in co.trade_areas)
        out[(y, c)] = Explanation(
            shared_terms=shared_terms(ydoc[y], cdoc[c], idf),
            shared_trade_areas=shared_areas,
            shared_main_areas=tuple(sorted(youth_mains & company_mains)),
            curious_hits=curious,
            distance_km=float(haversine_km(yo.lat, yo.lon, co.lat, co.lon)),
            components=comps,
        )
    return out
