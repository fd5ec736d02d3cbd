"""The plan's bounds are what their names say: `ladder_bound` per rung, a true bound on full rotations."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from matching_builders import company, given_candidate_instances, instance, max_full_rotations, youth

from partnerhub.matching import PlanOptions, instance_to_dict, plan
from partnerhub.matching.__main__ import main

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _two_seats_three_youth():
    """Two seats in different periods: the ladder gives one each to two youth (coverage first), but one
    young person can take both, a full rotation. So the ladder's last rung (0) is no bound on full rotations."""
    ys = [youth("y0", rotation_k=2), youth("y1", rotation_k=3), youth("y2", rotation_k=2)]
    cs = [company("c0", capacity=(0, 1, 0)), company("c1", capacity=(1, 0, 0))]
    cands = {
        "y0": (("c0", 0.21), ("c1", 0.22)),
        "y1": (("c0", 0.92), ("c1", 0.9)),
        "y2": (("c0", 0.15), ("c1", 0.5)),
    }
    return instance(ys, cs, 3, candidates=cands)


@SETTINGS
@given(given_candidate_instances(max_youth=4, max_companies=3, n_periods=3))
def test_full_rotations_upper_bound_is_at_least_the_brute_force_maximum(inst):
    result = plan(inst)
    best = max_full_rotations(inst)
    assert result.stats.full_rotations <= best <= result.stats.full_rotations_upper_bound


def test_a_plan_can_have_more_full_rotations_than_the_ladders_last_rung():
    inst = _two_seats_three_youth()
    result = plan(inst)
    assert max_full_rotations(inst) == 1
    assert result.stats.ladder_bound == (2, 0)  # coverage 2 first, so nobody gets both seats
    assert result.stats.full_rotations_upper_bound == 1


def test_plan_json_names_the_true_bound_and_the_ladder_bound_per_rung(tmp_path, capsys):
    path = tmp_path / "inst.json"
    path.write_text(json.dumps(instance_to_dict(_two_seats_three_youth())), encoding="utf-8")
    out = tmp_path / "plan.json"
    assert main(["plan", str(path), "--out", str(out)]) == 0  # what `python -m partnerhub.matching` calls
    printed = capsys.readouterr().out
    stats = json.loads(out.read_text(encoding="utf-8"))["stats"]
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "rotation-plan/2"
    assert "full_rotation_bound" not in stats
    assert stats["full_rotations_upper_bound"] == 1
    assert stats["ladder_bound"] == [2, 0]
    assert "full rotations 0 (upper bound 1)" in printed
    assert "rung 1 2/2 (100.000% of bound), rung 2 0/0 (100.000% of bound)" in printed


def test_companies_usable_in_one_period_only_count_once_in_the_bound():
    """Two companies whose only seats are in period 0 cannot both be a young person's: the score bound
    must not add them up (the true optimum is c1 in period 0 and c3 in period 1: 0.9 + 0.1)."""
    ys = [youth("y1", rotation_k=2, available_periods=(0, 1))]
    cs = [company("c1", capacity=(1, 0)), company("c2", capacity=(1, 0)), company("c3", capacity=(0, 1))]
    inst = instance(ys, cs, 2, candidates={"y1": (("c1", 0.9), ("c2", 0.8), ("c3", 0.1))})
    result = plan(inst)
    assert result.objective == pytest.approx(1.0)
    assert result.upper_bound == pytest.approx(1.0, abs=1e-5)


def test_per_period_flow_trades_a_longer_rotation_for_a_full_one():
    """y1 (k 3) holds a second seat that y2 (k 2) needs to be full: rung 2 stays, rung 3 gains one."""
    from partnerhub.matching.colouring import Colouring
    from partnerhub.matching.improve import improve_periods
    from partnerhub.matching.problem import build_problem
    from partnerhub.matching.rules import prepare
    from partnerhub.matching.similarity import score_pairs

    ys = [youth("y1", rotation_k=3), youth("y2", rotation_k=2, available_periods=(0, 1))]
    cs = [company("c1", capacity=(1, 0, 0)), company("c2", capacity=(0, 1, 0)), company("c3", capacity=(0, 0, 1))]
    cands = {"y1": (("c2", 0.9), ("c3", 0.9), ("c1", 0.1)), "y2": (("c1", 0.5), ("c2", 0.5))}
    inst = instance(ys, cs, candidates=cands)
    prep = prepare(inst)
    problem = build_problem(prep, score_pairs(inst, prep, PlanOptions().weights, 40), inst, PlanOptions())
    col = Colouring(prep.avail, prep.seats_left)
    assert col.place(0, 1, 1) and col.place(0, 2, 2) and col.place(1, 0, 0)  # y1: c2, c3; y2: c1 only
    improve_periods(col, problem)
    assert col.youth_at[1] == [0, 1, -1]  # y2 is full: c1 then c2
    assert col.youth_at[0] == [-1, -1, 2]  # y1 keeps c3


def _bound_by_min_cost_flow(problem):
    """The bound as first defined: one min-cost flow with unit cost -lcm/u_y on y's source arcs."""
    import numpy as np

    from partnerhub.matching import flow as fl

    units = problem.units
    ys = np.flatnonzero(units > 0)
    already_full = int(((problem.k_eff > 0) & (units == 0)).sum())
    if not len(ys):
        return already_full
    lcm = int(np.lcm.reduce(np.unique(units[ys])))
    classes = fl._classes(problem)
    n_y = len(problem.prep.youth_ids)
    class_node0 = 2 + n_y
    seat_node0 = class_node0 + len(classes.multi)
    arcs = fl._Arcs()
    arcs.add(np.full(len(ys), fl.SOURCE), 2 + ys, units[ys], -(lcm // units[ys]))
    total = int(units[ys].sum())
    arcs.add([fl.SOURCE], [fl.SINK], [total], [0])
    pair_idx = np.flatnonzero(units[problem.yi] > 0)
    fl._pair_and_seat_arcs(arcs, problem, classes, 2 + problem.yi[pair_idx].astype(np.int64), pair_idx,
                           np.zeros(len(pair_idx)), class_node0, seat_node0)
    supplies = np.zeros(seat_node0 + problem.prep.seats_left.size, dtype=np.int64)
    supplies[fl.SOURCE], supplies[fl.SINK] = total, -total
    tail, head, cap, cost = arcs.network()
    flows = fl.solve_min_cost_flow(tail, head, cap, cost, supplies)
    return already_full + int(-(flows * cost).sum()) // lcm


@pytest.mark.parametrize("size,constant,mode", [("S", False, "lexicographic"), ("S", True, "lexicographic"),
                                                 ("S", False, "diverse"), ("R", False, "lexicographic")])
def test_full_rotation_bound_by_max_flows_equals_the_min_cost_flow(size, constant, mode):
    """The polymatroid greedy (one max flow per unit count) reaches the min-cost flow's optimum exactly."""
    from partnerhub.matching.bench_instances import generate
    from partnerhub.matching.flow import full_rotations_upper_bound
    from partnerhub.matching.problem import build_problem
    from partnerhub.matching.rules import prepare
    from partnerhub.matching.similarity import score_pairs

    inst = generate(size, 3, constant=constant)
    prep = prepare(inst)
    options = PlanOptions(mode=mode)
    problem = build_problem(prep, score_pairs(inst, prep, options.weights, options.top_k), inst, options)
    assert full_rotations_upper_bound(problem) == _bound_by_min_cost_flow(problem)


@SETTINGS
@given(given_candidate_instances(max_youth=5, max_companies=3, n_periods=3))
def test_full_rotation_bound_by_max_flows_equals_the_min_cost_flow_on_small_rounds(inst):
    from partnerhub.matching.flow import full_rotations_upper_bound
    from partnerhub.matching.problem import build_problem
    from partnerhub.matching.rules import prepare
    from partnerhub.matching.similarity import score_pairs

    prep = prepare(inst)
    options = PlanOptions()
    problem = build_problem(prep, score_pairs(inst, prep, options.weights, options.top_k), inst, options)
    assert full_rotations_upper_bound(problem) == _bound_by_min_cost_flow(problem)
