"""Each score component moves the score the right way, and the hard rules and top-K keep candidates sparse."""

import joblib
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matching_builders import company, instance, youth
from scipy import sparse

from partnerhub.matching import ScoreWeights, score_candidates, similarity
from partnerhub.matching.rules import hard_rule_mask, haversine_km, prepare
from partnerhub.matching.similarity import COMPONENTS, _Features, _spatial_blocks, _top_k, score_pairs

FAR_LON = 9.70 + 0.2  # about 12.5 km east at this latitude


def _score(ys, cs, yid="y1", cid="c1", weights=None):
    cands = score_candidates(instance(ys, cs), weights or ScoreWeights())
    return {c.company_id: c for c in cands[yid]}.get(cid)


def _pair_scores(y, c_a, c_b):
    """Scores of one youth against two companies that differ in a single respect."""
    cands = {c.company_id: c for c in score_candidates(instance([y], [c_a, c_b]))[y.id]}
    return cands[c_a.id], cands[c_b.id]


def test_text_similarity_raises_the_score_and_copes_with_compounds():
    y = youth("y1", interests_text="Jeg drømmer om at blive tømrerlærling og arbejde med træ og værktøj")
    close = company("c1", description="Tømrerfirma: vi arbejder med træ, tagkonstruktioner og værktøj")
    other = company("c2", description="Frisørsalon med hårfarvning og kunder i butikken")
    a, b = _pair_scores(y, close, other)
    assert a.components["text"] > b.components["text"] > -1e-12
    assert a.score > b.score


def test_trade_area_overlap_raises_the_score_and_first_wish_counts_most():
    y = youth("y1", trade_areas=("kok", "toemrer"))
    first = company("c1", trade_areas=("kok",))
    second = company("c2", trade_areas=("toemrer",))
    a, b = _pair_scores(y, first, second)
    assert a.components["trade_area"] > b.components["trade_area"] > 0
    none = _pair_scores(y, first, company("c3", trade_areas=("kontorassistent",)))[1]
    assert none.components["trade_area"] == 0


def test_main_area_overlap_raises_the_score():
    y = youth("y1", trade_areas=("kok",))
    same_main = company("c1", trade_areas=("landmand",))  # both in foedevarer
    other_main = company("c2", trade_areas=("toemrer",))
    a, b = _pair_scores(y, same_main, other_main)
    assert a.components["main_area"] > b.components["main_area"]
    assert a.score > b.score


def test_curious_company_mark_raises_that_company():
    y = youth("y1", curious=("c1",))
    a, b = _pair_scores(y, company("c1"), company("c2"))
    assert a.components["curious_company"] > 0 == b.components["curious_company"]
    assert a.score > b.score


def test_curious_trade_area_mark_raises_companies_in_that_area():
    y = youth("y1", curious=("landmand",))
    a, b = _pair_scores(y, company("c1", trade_areas=("landmand",)), company("c2", trade_areas=("kok",)))
    assert a.components["curious_area"] > 0 == b.components["curious_area"]
    assert a.score > b.score


def test_distance_decays_gently_within_the_travel_limit():
    y = youth("y1", max_travel_km=30)
    a, b = _pair_scores(y, company("c1"), company("c2", lon=FAR_LON))
    assert a.components["distance"] > b.components["distance"] > 0.5 * a.components["distance"]
    assert a.score > b.score


def test_zero_weight_switches_a_component_off():
    y = youth("y1", curious=("c1",))
    w = ScoreWeights(curious_company=0.0)
    assert _score([y], [company("c1")], weights=w).components["curious_company"] == 0


@pytest.mark.parametrize(
    ("y_kw", "c_kw"),
    [
        ({"max_travel_km": 5}, {"lon": FAR_LON}),  # beyond the travel limit
        ({"needs_adjustments": True}, {"suits_special_needs": False}),  # needs not met
        ({"excluded_companies": ("c1",)}, {}),  # excluded for this youth
        ({"available_periods": (0,)}, {"capacity": (0, 2, 2)}),  # no seat when the youth is free
        ({"available_periods": ()}, {}),  # not available at all
    ],
)
def test_hard_rules_remove_the_pair(y_kw, c_kw):
    assert _score([youth("y1", **y_kw)], [company("c1", **c_kw)]) is None


def test_special_needs_company_is_allowed_for_youth_with_needs():
    assert _score([youth("y1", needs_adjustments=True)], [company("c1", suits_special_needs=True)]) is not None


def test_candidates_are_capped_at_top_k_per_youth():
    cs = [company(f"c{i:02d}", lon=9.70 + i * 0.001) for i in range(30)]
    ys = [youth(f"y{i}") for i in range(5)]
    cands = score_candidates(instance(ys, cs), top_k=7)
    assert all(len(v) == 7 for v in cands.values())
    nearest_first = [c.company_id for c in cands["y0"]]
    assert nearest_first == [f"c{i:02d}" for i in range(7)]


def test_scoring_never_builds_a_youth_x_company_matrix(monkeypatch):
    """Two towns 200 km apart: pairs are computed per block of neighbours, never youth x all companies."""
    shapes = []
    real_text, real_components = similarity._block_text, similarity._Features.block_components

    def text(a, rows, cols, offset):
        shapes.append((len(rows), len(cols)))
        return real_text(a, rows, cols, offset)

    def components(self, rows, cols, dist_km, weights):
        shapes.append(dist_km.shape)
        return real_components(self, rows, cols, dist_km, weights)

    def refuse(*_a, **_k):
        raise AssertionError("dense matrix built with toarray/todense")

    monkeypatch.setattr(similarity, "_block_text", text)
    monkeypatch.setattr(similarity._Features, "block_components", components)
    monkeypatch.setattr(sparse.csr_matrix, "toarray", refuse)
    monkeypatch.setattr(sparse.csr_matrix, "todense", refuse)
    cs, ys = [], []
    for town, lat in enumerate((55.0, 56.8)):
        cs += [
            company(f"c{town}{i:02d}", description="lager og truck", lat=lat, lon=9.70 + i * 0.01) for i in range(20)
        ]
        ys += [youth(f"y{town}{i:02d}", interests_text="truck og lager", lat=lat) for i in range(10)]
    cands = score_candidates(instance(ys, cs), top_k=3)
    assert sum(len(v) for v in cands.values()) == 60
    assert all(c.company_id[1] == yid[1] for yid, v in cands.items() for c in v)
    # every (youth x companies) matrix holds one town's 10 youth and the 20 companies they can reach
    assert shapes and all(rows <= 10 and cols <= 20 for rows, cols in shapes)


def test_components_sum_to_the_score():
    y = youth("y1", trade_areas=("kok",), curious=("c1", "kok"), interests_text="mad og køkken")
    c = _score([y], [company("c1", trade_areas=("kok",), description="køkken og mad")])
    assert c.score == pytest.approx(sum(c.components.values()))
    assert set(c.components) == {
        "text",
        "trade_area",
        "main_area",
        "curious_company",
        "curious_area",
        "distance",
    }


# ---------------------------------------------------------------- block-wise scoring = per-pair scoring ----
WORD_POOL = ("tømrer", "træ", "køkken", "mad", "køer", "traktor", "kontor", "computer", "lager", "truck", "og", "med")
AREA_IDS = ("toemrer", "kok", "landmand", "kontorassistent")


@st.composite
def _random_round(draw):
    """Youth and companies spread over a few grid cells, with every hard rule in play."""
    n_y, n_c = draw(st.integers(1, 14)), draw(st.integers(1, 14))
    place = st.tuples(st.floats(55.60, 55.95), st.floats(9.40, 10.05))
    text = st.lists(st.sampled_from(WORD_POOL), max_size=6).map(" ".join)
    areas = st.lists(st.sampled_from(AREA_IDS), max_size=3, unique=True).map(tuple)
    cids = [f"c{i:02d}" for i in range(n_c)]
    cs = []
    for cid in cids:
        lat, lon = draw(place)
        cs.append(
            company(
                cid,
                lat=lat,
                lon=lon,
                description=draw(text),
                trade_areas=draw(areas),
                capacity=draw(st.tuples(*[st.integers(0, 2)] * 3)),
                suits_special_needs=draw(st.booleans()),
            )
        )
    ys = []
    for i in range(n_y):
        lat, lon = draw(place)
        ys.append(
            youth(
                f"y{i:02d}",
                lat=lat,
                lon=lon,
                interests_text=draw(text),
                trade_areas=draw(areas),
                max_travel_km=draw(st.sampled_from([5.0, 10.0, 20.0, 30.0])),
                needs_adjustments=draw(st.booleans()),
                available_periods=draw(st.lists(st.integers(0, 2), max_size=3, unique=True).map(sorted).map(tuple)),
                curious=tuple(draw(st.lists(st.sampled_from(cids + list(AREA_IDS)), max_size=2, unique=True))),
                excluded_companies=tuple(draw(st.lists(st.sampled_from(cids), max_size=2, unique=True))),
            )
        )
    return instance(ys, cs), draw(st.integers(1, 6))


def _per_pair_reference(inst, top_k):
    """The scorer before blocks: every pair, the hard-rule mask, per-pair components, then `_top_k` per block."""
    prep = prepare(inst)
    weights = ScoreWeights()
    feats = _Features(inst, prep, weights)
    w = np.array([getattr(weights, name) for name in COMPONENTS])
    out = {}
    for block in _spatial_blocks(prep):
        yi = np.repeat(block, len(prep.company_ids)).astype(np.int32)
        ci = np.tile(np.arange(len(prep.company_ids)), len(block)).astype(np.int32)
        dist = haversine_km(prep.youth_lat[yi], prep.youth_lon[yi], prep.company_lat[ci], prep.company_lon[ci])
        keep = hard_rule_mask(prep, yi, ci, dist)
        yi, ci, dist = yi[keep], ci[keep], dist[keep]
        if not len(yi):
            continue
        comps = feats.components(yi, ci, dist, weights)
        score = (np.stack([comps[name] for name in COMPONENTS], axis=1) * w).sum(axis=1)
        for n in _top_k(yi, ci, score, top_k):
            out[(int(yi[n]), int(ci[n]))] = (float(score[n]), float(dist[n]))
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_random_round())
def test_block_scoring_keeps_the_same_pairs_and_scores_as_per_pair_scoring(round_):
    inst, top_k = round_
    prep = prepare(inst)
    pairs = score_pairs(inst, prep, ScoreWeights(), top_k)
    got = {
        (int(y), int(c)): (float(s), float(d))
        for y, c, s, d in zip(pairs.yi, pairs.ci, pairs.score, pairs.dist_km, strict=True)
    }
    assert got.keys() == _per_pair_reference(inst, top_k).keys()
    for key, (score, dist) in _per_pair_reference(inst, top_k).items():
        assert got[key][0] == pytest.approx(score, abs=1e-6)
        assert got[key][1] == dist
    weighted = sum(pairs.components[name] for name in COMPONENTS)
    assert np.allclose(weighted, pairs.score)


def test_two_worker_processes_give_the_same_pairs_as_one(monkeypatch):
    """Large rounds score their blocks in two processes; the pairs and scores do not change."""
    ys = [
        youth(f"y{i:03d}", lat=55.6 + 0.01 * i, interests_text="truck og lager", trade_areas=("kok",))
        for i in range(60)
    ]
    cs = [company(f"c{i:03d}", lat=55.6 + 0.012 * i, description="lager", trade_areas=("kok",)) for i in range(40)]
    inst = instance(ys, cs)
    prep = prepare(inst)
    one = score_pairs(inst, prep, ScoreWeights(), 5)
    monkeypatch.setattr(similarity, "PARALLEL_MIN_YOUTH", 1)
    monkeypatch.setattr(similarity.os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    assert similarity.similarity_workers(len(ys)) == 2
    runs = []

    class CountedParallel(joblib.Parallel):
        def __init__(self, *a, **k):
            runs.append(k["n_jobs"])
            super().__init__(*a, **k)

    monkeypatch.setattr(joblib, "Parallel", CountedParallel)
    fit = similarity._Features.__init__

    def counted_fit(self, *a, **k):
        runs.append("fit")
        fit(self, *a, **k)

    monkeypatch.setattr(similarity._Features, "__init__", counted_fit)
    two = score_pairs(inst, prep, ScoreWeights(), 5)
    # The workers start before the TF-IDF fit (a worker forked later reported the grown parent's size
    # as its own peak RSS), then score the blocks.
    assert runs == [2, "fit", 2]
    assert len(one) > 100
    for part in ("yi", "ci", "score", "dist_km"):
        assert np.array_equal(getattr(one, part), getattr(two, part))
    assert all(np.array_equal(one.components[k], two.components[k]) for k in COMPONENTS)
