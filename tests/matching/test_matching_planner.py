"""Planner properties: feasible, maximum coverage, lexicographic optimum on tiny instances, determinism."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matching_builders import (
    brute_force,
    company,
    eligible_pairs,
    given_candidate_instances,
    instance,
    ladder_of,
    max_coverage,
    youth,
)

from partnerhub.matching import (
    REASON_CAPACITY_TAKEN,
    REASON_NO_COMPANY_IN_RANGE,
    REASON_NOT_AVAILABLE,
    FixedPlacement,
    PlanOptions,
    plan,
    plan_to_dict,
)
from partnerhub.matching.validate import violations

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def scored_instances(draw):
    """Small instances the engine scores itself: random places, travel limits, needs and capacities."""
    n_p = draw(st.integers(1, 3))
    words = ["lager", "truck", "køkken", "mad", "dyr", "træ", "kontor", "computer", "butik"]
    cs = []
    for i in range(draw(st.integers(1, 6))):
        cs.append(
            company(
                f"c{i}",
                lat=55.7 + draw(st.integers(0, 20)) / 100,
                lon=9.6 + draw(st.integers(0, 20)) / 100,
                capacity=tuple(draw(st.integers(0, 2)) for _ in range(n_p)),
                suits_special_needs=draw(st.booleans()),
                trade_areas=tuple(draw(st.sets(st.sampled_from(["kok", "toemrer", "landmand"]), max_size=2))),
                description=" ".join(draw(st.lists(st.sampled_from(words), max_size=4))),
            )
        )
    ys = []
    for i in range(draw(st.integers(1, 10))):
        ys.append(
            youth(
                f"y{i}",
                lat=55.7 + draw(st.integers(0, 20)) / 100,
                lon=9.6 + draw(st.integers(0, 20)) / 100,
                available_periods=tuple(sorted(draw(st.sets(st.integers(0, n_p - 1))))),
                rotation_k=draw(st.integers(1, n_p)),
                max_travel_km=draw(st.sampled_from([3, 8, 15, 40])),
                needs_adjustments=draw(st.booleans()),
                trade_areas=tuple(draw(st.sets(st.sampled_from(["kok", "toemrer", "landmand"]), max_size=2))),
                interests_text=" ".join(draw(st.lists(st.sampled_from(words), max_size=4))),
                curious=tuple(draw(st.sets(st.sampled_from([c.id for c in cs] + ["kok"]), max_size=2))),
                diverse_preferred=draw(st.booleans()),
            )
        )
    return instance(ys, cs, n_p)


def _ladder(inst, result, k_eff):
    degree = {y.id: 0 for y in inst.youth}
    for a in result.assignments:
        degree[a.youth_id] += 1
    return ladder_of([degree[y.id] for y in inst.youth], k_eff, max(k_eff, default=0))


@SETTINGS
@given(scored_instances(), st.sampled_from(["lexicographic", "diverse"]))
def test_every_plan_is_feasible_and_covers_the_maximum(inst, mode):
    result = plan(inst, PlanOptions(mode=mode, top_k=50))
    assert violations(inst, result.assignments) == []
    assert result.stats.coverage == result.stats.max_coverage == max_coverage(inst)
    assert result.objective <= result.upper_bound + 1e-6 or not result.stats.levels_at_bound


@SETTINGS
@given(given_candidate_instances(uniform=True, n_periods=3))
def test_constant_capacity_full_availability_reaches_the_brute_force_optimum(inst):
    best, k_eff = brute_force(inst)
    result = plan(inst)
    assert violations(inst, result.assignments) == []
    assert _ladder(inst, result, k_eff) == best[:-1]
    assert result.objective == pytest.approx(best[-1], abs=1e-6)
    assert result.stats.levels_at_bound
    assert result.upper_bound == pytest.approx(best[-1], abs=1e-5)


@SETTINGS
@given(given_candidate_instances())
def test_varying_capacity_and_availability_stays_within_the_bound(inst):
    best, k_eff = brute_force(inst)
    result = plan(inst)
    assert violations(inst, result.assignments) == []
    ladder = _ladder(inst, result, k_eff)
    assert ladder[:1] == best[:-1][:1]  # coverage is always exactly maximal
    assert ladder + (round(result.objective, 6),) <= best  # never better than the optimum (sanity)
    assert result.stats.ladder_bound >= best[:-1]  # the bound vector dominates the optimum
    if result.stats.ladder_bound == best[:-1]:
        assert result.upper_bound >= best[-1] - 1e-6


@SETTINGS
@given(given_candidate_instances(max_youth=3, max_companies=3, n_periods=2))
def test_coverage_matches_an_independent_maximum_matching(inst):
    assert plan(inst).stats.coverage == max_coverage(inst)


def test_same_input_gives_the_same_plan():
    ys = [youth(f"y{i}", lat=55.7 + i / 100, interests_text="lager truck") for i in range(12)]
    cs = [company(f"c{i}", lon=9.6 + i / 50, capacity=(1, 0, 2), description="lager") for i in range(5)]
    first = plan_to_dict(plan(instance(ys, cs)))
    second = plan_to_dict(plan(instance(list(reversed(ys)), list(reversed(cs)))))
    for d in (first, second):
        d["stats"].pop("seconds"), d["stats"].pop("seconds_similarity"), d["stats"].pop("seconds_planning")
    assert first == second


def test_never_the_same_company_twice_even_when_it_is_the_only_good_one():
    inst = instance([youth("y1", rotation_k=3)], [company("c1", capacity=(5, 5, 5))])
    result = plan(inst)
    assert [(a.company_id, a.period) for a in result.assignments] == [("c1", 0)]
    assert result.stats.full_rotations == 1  # effective k is 1: only one company exists


def test_coverage_comes_before_longer_rotations():
    # One seat per period at one company; three youth want three placements each.
    inst = instance([youth(f"y{i}") for i in range(3)], [company("c1"), company("c2", capacity=(0, 0, 0))])
    result = plan(inst)
    assert result.stats.coverage == 3


def test_fixed_placements_keep_their_seat_and_count_toward_k():
    ys = [
        youth("y1", rotation_k=2, fixed=(FixedPlacement("c1", 0),)),
        youth("y2", rotation_k=2),
    ]
    cs = [company("c1", capacity=(1, 1, 0)), company("c2", capacity=(1, 1, 1))]
    result = plan(instance(ys, cs))
    assert violations(instance(ys, cs), result.assignments) == []
    y1 = sorted((a.company_id, a.period, a.fixed) for a in result.assignments if a.youth_id == "y1")
    assert ("c1", 0, True) in y1 and len(y1) == 2 and all(c != "c1" or f for c, _, f in y1)
    assert not any(a.youth_id == "y2" and (a.company_id, a.period) == ("c1", 0) for a in result.assignments)
    assert result.stats.assignments_fixed == 1


def test_fixed_placement_that_fills_k_leaves_the_youth_alone():
    ys = [youth("y1", rotation_k=1, fixed=(FixedPlacement("c1", 1),))]
    result = plan(instance(ys, [company("c1"), company("c2")]))
    assert [(a.company_id, a.period, a.fixed) for a in result.assignments] == [("c1", 1, True)]
    assert result.unplaced == ()


def test_excluded_companies_are_never_proposed():
    ys = [youth("y1", excluded_companies=("c1",), rotation_k=3)]
    result = plan(instance(ys, [company("c1"), company("c2")]))
    assert {a.company_id for a in result.assignments} == {"c2"}


def test_fixed_placements_beyond_capacity_are_refused():
    ys = [youth(f"y{i}", fixed=(FixedPlacement("c1", 0),)) for i in range(2)]
    with pytest.raises(ValueError, match="exceed the capacity"):
        plan(instance(ys, [company("c1")]))


def test_diverse_mode_spreads_an_undecided_youth_over_main_areas():
    y = youth("y1", rotation_k=2, diverse_preferred=True, trade_areas=("kok",), interests_text="køkken mad")
    cs = [
        company("c1", trade_areas=("kok",), main_areas=("foedevarer",), description="køkken mad"),
        company("c2", trade_areas=("landmand",), main_areas=("foedevarer",), description="køkken mad"),
        company("c3", trade_areas=("toemrer",), main_areas=("teknologi",), description="køkken mad"),
    ]
    plain = {a.company_id for a in plan(instance([y], cs)).assignments}
    diverse = {a.company_id for a in plan(instance([y], cs), PlanOptions(mode="diverse")).assignments}
    assert plain == {"c1", "c2"}
    assert "c3" in diverse and len(diverse) == 2


@pytest.mark.parametrize(
    ("y_kw", "cs", "code"),
    [
        ({"available_periods": ()}, [company("c1")], REASON_NOT_AVAILABLE),
        ({"max_travel_km": 1}, [company("c1", lon=10.5)], REASON_NO_COMPANY_IN_RANGE),
        ({"needs_adjustments": True}, [company("c1")], REASON_NO_COMPANY_IN_RANGE),
        ({"available_periods": (2,)}, [company("c1", capacity=(1, 1, 0))], REASON_NOT_AVAILABLE),
    ],
)
def test_unplaced_reason_codes(y_kw, cs, code):
    result = plan(instance([youth("y1", **y_kw)], cs))
    assert [(u.youth_id, u.code) for u in result.unplaced] == [("y1", code)]


def test_capacity_taken_when_nearby_seats_went_to_others():
    ys = [youth("y1", available_periods=(0,)), youth("y2", available_periods=(0,))]
    result = plan(instance(ys, [company("c1", capacity=(1, 0, 0))]))
    assert [u.code for u in result.unplaced] == [REASON_CAPACITY_TAKEN]
    assert result.stats.coverage == 1


def test_given_candidates_replace_the_own_similarity_but_not_the_hard_rules():
    ys = [youth("y1", max_travel_km=5)]
    cs = [company("c1"), company("c2", lon=10.5), company("c3")]
    cands = {"y1": (("c1", 0.2), ("c2", 0.9))}
    result = plan(instance(ys, cs, candidates=cands))
    assert [(a.company_id, a.score) for a in result.assignments] == [("c1", 0.2)]
    assert eligible_pairs(instance(ys, cs, candidates=cands)) == {"y1": {"c1": 0.2}}


def test_progress_reports_stages_from_zero_to_one():
    seen = []
    plan(instance([youth("y1")], [company("c1")]), progress=lambda stage, f: seen.append((stage, f)))
    assert seen[0][1] == 0.0 and seen[-1] == ("done", 1.0)
    assert all(0.0 <= f <= 1.0 for _, f in seen)


def test_augmenting_path_moves_a_seated_youth_to_another_candidate():
    import numpy as np

    from partnerhub.matching.colouring import Colouring

    # one period; c0 and c1 have one seat each; youth 0 sits at c0, youth 1 can only use c0
    col = Colouring(np.ones((2, 1), dtype=bool), np.array([[1], [1]]))
    assert col.place(0, 0, 0)
    assert col.augment(1, [[0, 1], [0]])
    assert col.youth_at == [[1], [0]]
    assert col.pairs == {(0, 1), (1, 0)}


def test_per_period_improvement_swaps_companies_and_never_drops_anyone():
    from partnerhub.matching.colouring import Colouring
    from partnerhub.matching.improve import improve_periods
    from partnerhub.matching.model import PlanOptions
    from partnerhub.matching.problem import build_problem
    from partnerhub.matching.rules import prepare
    from partnerhub.matching.similarity import score_pairs

    ys = [youth("y1", available_periods=(0,)), youth("y2", available_periods=(0,)), youth("y3")]
    cs = [company("c1", capacity=(1, 0, 0)), company("c2", capacity=(1, 0, 0)), company("c3", capacity=(0, 1, 0))]
    cands = {"y1": (("c1", 0.9), ("c2", 0.1)), "y2": (("c1", 0.8), ("c2", 0.7)), "y3": (("c3", 0.5),)}
    inst = instance(ys, cs, candidates=cands)
    prep = prepare(inst)
    problem = build_problem(prep, score_pairs(inst, prep, PlanOptions().weights, 40), inst, PlanOptions())
    col = Colouring(prep.avail, prep.seats_left)
    assert col.place(0, 1, 0) and col.place(1, 0, 0)  # the worse way round (0.1 + 0.8); y3 unplaced
    improve_periods(col, problem)
    assert [row[0] for row in col.youth_at[:2]] == [0, 1]  # y1 -> c1, y2 -> c2 (0.9 + 0.7)
    assert col.youth_at[2] == [-1, 2, -1]  # y3 gains its free seat in period 1


def test_ladder_certificate_refutes_a_worse_ladder_and_accepts_the_best():
    import numpy as np

    from partnerhub.matching.flow import ladder_is_lex_max

    # 0 source, 1 sink, 2 = y1 (k = 1: its one unit earns rungs 1-2, rank 0), 3 = y2 (k = 2: first unit
    # rank 1, second unit rank 2), 4 = one seat both can use. Arcs: y2's two units first, then y1's unit.
    tail = np.array([0, 0, 0, 2, 3, 4])
    head = np.array([3, 3, 2, 4, 4, 1])
    cap = np.array([1, 1, 1, 1, 1, 1])
    unit_node, unit_rank = np.array([3, 3, 2]), np.array([1, 2, 0])
    # y2 holds the seat with its first unit; y1 is left out: y1's unit (rank 0) beats y2's (rank 1)
    worse = np.array([1, 0, 0, 0, 1, 1])
    assert not ladder_is_lex_max(tail, head, cap, worse, unit_node, unit_rank, worse[:3] > 0)
    best = np.array([0, 0, 1, 1, 0, 1])
    assert ladder_is_lex_max(tail, head, cap, best, unit_node, unit_rank, best[:3] > 0)
    # a second seat for y2 only: leaving it empty while y2 could use it is refuted (a path to the sink)
    tail2, head2, cap2 = np.r_[tail, 3, 5], np.r_[head, 5, 1], np.r_[cap, 1, 1]
    unused_seat = np.r_[best, 0, 0]
    assert not ladder_is_lex_max(tail2, head2, cap2, unused_seat, unit_node, unit_rank, unused_seat[:3] > 0)
    both = np.r_[1, 0, 1, 1, 0, 1, 1, 1]
    assert ladder_is_lex_max(tail2, head2, cap2, both, unit_node, unit_rank, both[:3] > 0)


@SETTINGS
@given(given_candidate_instances(max_youth=4, max_companies=3, n_periods=3), st.sampled_from([0, 1, 2]))
def test_small_rung_weights_never_change_the_optimum_or_the_bound(inst, factor):
    """Whatever the first, fast rung weights, the certificate (or the fall-back) gives the proven optimum."""
    from partnerhub.matching import flow

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flow, "FAST_CYCLE_FACTORS", ())  # only the proven weights
        proven = plan(inst)
        patch.setattr(flow, "FAST_CYCLE_FACTORS", (factor,))  # 0: one rung is worth a single score unit
        fast = plan(inst)
    assert fast.stats.ladder_bound == proven.stats.ladder_bound
    assert fast.upper_bound == pytest.approx(proven.upper_bound, abs=1e-9)


@SETTINGS
@given(given_candidate_instances(uniform=True, n_periods=3))
def test_weakest_first_rung_weights_still_reach_the_brute_force_optimum(inst):
    from partnerhub.matching import flow

    best, k_eff = brute_force(inst)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flow, "FAST_CYCLE_FACTORS", (0,))
        result = plan(inst)
    assert _ladder(inst, result, k_eff) == best[:-1]
    assert result.objective == pytest.approx(best[-1], abs=1e-6)


def test_a_fast_flow_that_trades_coverage_for_score_is_refuted_and_solved_again():
    from partnerhub.matching import flow

    # With rung weights worth one score unit, y2's two good placements (0.9 + 0.9) beat giving y1 its only
    # candidate (0.1 + 0.9); the certificate must refute that flow, so coverage still comes first.
    ys = [youth("y1", rotation_k=1, available_periods=(0, 1)), youth("y2", rotation_k=2, available_periods=(0, 1))]
    cs = [company("c1", capacity=(1, 1)), company("c2", capacity=(1, 0))]
    cands = {"y1": (("c2", 0.1),), "y2": (("c1", 0.9), ("c2", 0.9))}
    inst = instance(ys, cs, 2, candidates=cands)
    solves = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flow, "FAST_CYCLE_FACTORS", (0,))
        real = flow.solve_min_cost_flow
        patch.setattr(flow, "solve_min_cost_flow", lambda *net: solves.append(1) or real(*net))
        result = plan(inst)
    assert result.stats.coverage == result.stats.max_coverage == 2
    assert {(a.youth_id, a.company_id) for a in result.assignments} == {("y1", "c2"), ("y2", "c1")}
    assert len(solves) >= 2  # the fast relaxation and the proven one
