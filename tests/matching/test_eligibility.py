"""Eligibility as a hard rule: no plan holds an ineligible pair, and the bounds are those of the filtered graph."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matching_builders import brute_force, company, given_candidate_instances, instance, youth

from partnerhub.matching import REASON_NOT_ELIGIBLE, PlanOptions, instance_from_dict, instance_to_dict, plan
from partnerhub.matching import eligibility as rules
from partnerhub.matching.validate import violations

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CODES = st.sampled_from(rules.ELIGIBILITY_CODES)


@st.composite
def with_forbidden(draw, base):
    """An instance with a random set of (youth, company) pairs ruled out, each with a random code."""
    inst = draw(base)
    pairs = [(y.id, c.id) for y in inst.youth for c in inst.companies]
    chosen = draw(st.sets(st.sampled_from(pairs))) if pairs else set()
    return dataclasses.replace(inst, ineligible={pair: draw(CODES) for pair in sorted(chosen)})


def _filtered(inst):
    """The same instance with the ineligible pairs simply missing from the candidates: the reference graph."""
    assert inst.candidates is not None
    cands = {y: tuple((c, s) for c, s in pairs if (y, c) not in inst.ineligible)
             for y, pairs in inst.candidates.items()}
    return dataclasses.replace(inst, candidates=cands, ineligible={})


def _assert_no_forbidden_pair(inst, result):
    assert not [a for a in result.assignments if (a.youth_id, a.company_id) in inst.ineligible]
    assert violations(inst, result.assignments) == []


@SETTINGS
@given(with_forbidden(given_candidate_instances(max_youth=4, max_companies=3, uniform=True, n_periods=3)))
def test_no_plan_holds_a_forbidden_pair_and_the_bounds_are_the_filtered_optimum(inst):
    result = plan(inst)
    _assert_no_forbidden_pair(inst, result)
    assert result.stats.ladder <= result.stats.ladder_bound
    assert result.objective <= result.upper_bound + 1e-6
    # The bounds are computed on the filtered graph: with constant capacity they are exactly its optimum (a bound
    # computed before the filter could lie above it).
    best, _k = brute_force(_filtered(inst))
    assert result.stats.ladder_bound == best[:-1]
    assert result.upper_bound == pytest.approx(best[-1], abs=1e-5)


@SETTINGS
@given(with_forbidden(given_candidate_instances(max_youth=3, max_companies=3, n_periods=2)))
def test_varying_capacity_with_forbidden_pairs_stays_within_the_filtered_bound(inst):
    result = plan(inst)
    _assert_no_forbidden_pair(inst, result)
    best, _k = brute_force(_filtered(inst))
    assert result.stats.ladder <= result.stats.ladder_bound
    assert result.stats.ladder_bound >= best[:-1]
    if result.stats.levels_at_bound:
        assert result.objective <= result.upper_bound + 1e-6


@st.composite
def scored_instances(draw):
    """The engine scores these itself (the sparse top-K path), with random forbidden pairs."""
    n_p = draw(st.integers(1, 3))
    cs = [company(f"c{i}", lat=55.7 + draw(st.integers(0, 20)) / 100, lon=9.6 + draw(st.integers(0, 20)) / 100,
                  capacity=tuple(draw(st.integers(0, 2)) for _ in range(n_p)), trade_areas=("kok",),
                  description="køkken mad")
          for i in range(draw(st.integers(1, 6)))]
    ys = [youth(f"y{i}", lat=55.7 + draw(st.integers(0, 20)) / 100, lon=9.6 + draw(st.integers(0, 20)) / 100,
                available_periods=tuple(range(n_p)), rotation_k=draw(st.integers(1, n_p)),
                interests_text="mad", trade_areas=("kok",))
          for i in range(draw(st.integers(1, 8)))]
    return instance(ys, cs, n_p)


@SETTINGS
@given(with_forbidden(scored_instances()))
def test_the_engines_own_scoring_never_proposes_a_forbidden_pair(inst):
    result = plan(inst, PlanOptions(top_k=50))
    _assert_no_forbidden_pair(inst, result)
    assert result.stats.ladder <= result.stats.ladder_bound
    if result.stats.levels_at_bound:
        assert result.objective <= result.upper_bound + 1e-6


def test_the_property_is_not_vacuous_the_pair_is_taken_without_the_rule():
    inst = instance([youth("y0", rotation_k=1)], [company("c0"), company("c1", lat=56.5)], 3)
    assert {a.company_id for a in plan(inst).assignments} == {"c0"}
    ruled = dataclasses.replace(inst, ineligible={("y0", "c0"): rules.LAST_EMPLOYER})
    result = plan(ruled)
    assert result.assignments == ()
    assert [(u.code, u.detail) for u in result.unplaced] == [(REASON_NOT_ELIGIBLE, rules.LAST_EMPLOYER)]


def test_the_explanation_names_every_rule_that_ruled_out_a_company_in_range():
    inst = instance([youth("y0")], [company("c0"), company("c1"), company("c2", lat=56.9)], 3)
    ruled = dataclasses.replace(inst, ineligible={("y0", "c1"): rules.COMPANY_LOAD,
                                                  ("y0", "c0"): rules.COMPANY_FLAGGED})
    (reason,) = plan(ruled).unplaced
    assert reason.code == REASON_NOT_ELIGIBLE
    assert reason.detail == "company_flagged,company_load"  # in the rules' order, c2 is out of range anyway


def test_ineligible_pairs_travel_with_the_instance_file():
    inst = dataclasses.replace(instance([youth("y0")], [company("c0")], 3),
                               ineligible={("y0", "c0"): rules.SAME_COMPANY_DURATION})
    again = instance_from_dict(json.loads(json.dumps(instance_to_dict(inst))))
    assert again.ineligible == {("y0", "c0"): rules.SAME_COMPANY_DURATION}


def test_the_rule_arithmetic():
    assert rules.months_before(date(2027, 3, 31), 1) == date(2027, 2, 28)
    assert rules.months_before(date(2027, 1, 15), 12) == date(2026, 1, 15)
    start = date(2027, 1, 4)
    assert rules.last_employer_blocks(None, start, 12)  # still employed, or no end date: blocked
    assert rules.last_employer_blocks(date(2026, 6, 30), start, 12)
    assert not rules.last_employer_blocks(date(2026, 1, 4), start, 12)
    assert not rules.duration_exceeded(150, 28, 26) and rules.duration_exceeded(155, 28, 26)
    assert rules.load_limit(None, 2) == 2 and rules.load_limit(0, 2) == 2 and rules.load_limit(7, 2) == 14
    assert rules.load_exceeded(2, 0, 2) and not rules.load_exceeded(1, 0, 2)
