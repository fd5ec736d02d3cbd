"""The plan's bounds are what their names say: `ladder_bound` per rung, a true bound on full rotations."""

import json
import subprocess
import sys

from hypothesis import HealthCheck, given, settings
from matching_builders import company, given_candidate_instances, instance, max_full_rotations, youth

from partnerhub.matching import instance_to_dict, plan

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


def test_plan_json_names_the_true_bound_and_the_ladder_bound_per_rung(tmp_path):
    path = tmp_path / "inst.json"
    path.write_text(json.dumps(instance_to_dict(_two_seats_three_youth())), encoding="utf-8")
    out = tmp_path / "plan.json"
    cmd = [sys.executable, "-m", "partnerhub.matching", "plan", str(path), "--out", str(out)]
    run = subprocess.run(cmd, capture_output=True, text=True, check=True)  # noqa: S603 - our own CLI
    stats = json.loads(out.read_text(encoding="utf-8"))["stats"]
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "rotation-plan/2"
    assert "full_rotation_bound" not in stats
    assert stats["full_rotations_upper_bound"] == 1
    assert stats["ladder_bound"] == [2, 0]
    assert "full rotations 0 (upper bound 1)" in run.stdout
    assert "rung 1 2/2 (100.000% of bound), rung 2 0/0 (100.000% of bound)" in run.stdout
