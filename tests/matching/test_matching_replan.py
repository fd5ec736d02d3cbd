"""matching.hold_fixed: re-planning one young person's later periods leaves everything else exactly as it was, and
the seats hold once the others' placements are added back."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerhub.matching import FixedPlacement, hold_fixed, plan, replan_changes
from partnerhub.matching.validate import violations
from tests.matching.matching_builders import company, instance, youth

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def planned_worlds(draw):
    """A small round, planned in full: young people near a handful of companies with random seats."""
    n_youth = draw(st.integers(2, 6))
    n_companies = draw(st.integers(3, 6))
    companies = [company(f"c{i}", lat=55.77 + draw(st.floats(-0.05, 0.05)), lon=9.70,
                         capacity=tuple(draw(st.integers(0, 2)) for _ in range(3))) for i in range(n_companies)]
    young = [youth(f"y{i}", rotation_k=draw(st.integers(1, 3))) for i in range(n_youth)]
    first = plan(instance(young, companies))
    return young, companies, first, draw(st.integers(0, n_youth - 1)), draw(st.integers(0, 2))


@SETTINGS
@given(planned_worlds())
def test_only_the_open_periods_of_one_young_person_change_and_seats_hold(world) -> None:
    young, companies, first, who, changed = world
    target = young[who].id
    others = [a for a in first.assignments if a.youth_id != target]
    mine = [a for a in first.assignments if a.youth_id == target]
    # The caller's side: every seat the others hold is taken off; the young person's own seats stay in.
    used = Counter((a.company_id, a.period) for a in others)
    reduced = [company(c.id, lat=c.lat, lon=c.lon, capacity=tuple(c.capacity[p] - used[(c.id, p)] for p in range(3)))
               for c in companies]
    fixed = tuple(FixedPlacement(a.company_id, a.period) for a in mine)
    current = [youth(y.id, rotation_k=y.rotation_k, fixed=fixed if y.id == target else ()) for y in young]
    open_periods = tuple(p for p in range(3) if p > changed)
    narrowed = hold_fixed(instance(current, reduced), target, open_periods)
    again = plan(narrowed)

    assert [y.id for y in narrowed.youth] == [target]
    assert violations(narrowed, again.assignments) == []
    kept = {(a.company_id, a.period) for a in mine if a.period not in open_periods}
    assert {(a.company_id, a.period) for a in again.assignments if a.period not in open_periods} == kept
    assert all(a.fixed for a in again.assignments if a.period not in open_periods)
    # Put back together with everyone else's (untouched) placements, no company is over its seats.
    together = Counter((a.company_id, a.period) for a in others + list(again.assignments))
    capacity = {(c.id, p): c.capacity[p] for c in companies for p in range(3)}
    assert all(count <= capacity[key] for key, count in together.items())
    per_company = Counter(a.company_id for a in again.assignments)
    assert max(per_company.values(), default=0) <= 1  # never the same company twice
    before = {p: next((a.company_id for a in mine if a.period == p), None) for p in open_periods}
    for period, (old, new) in replan_changes(before, again, target, open_periods).items():
        assert period in open_periods and old != new


def test_hold_fixed_refuses_unknown_youth_and_periods() -> None:
    inst = instance([youth("y1")], [company("c1")])
    with pytest.raises(ValueError, match="not in the instance"):
        hold_fixed(inst, "y9", (1,))
    with pytest.raises(ValueError, match="periods"):
        hold_fixed(inst, "y1", (7,))


def test_a_let_go_placement_can_be_planned_again_in_its_own_seat() -> None:
    """The young person's own seat in an open period is free for them (the caller counts it as theirs)."""
    inst = instance([youth("y1", fixed=(FixedPlacement("c1", 0), FixedPlacement("c2", 1)))],
                    [company("c1", capacity=(1, 0, 0)), company("c2", capacity=(0, 1, 0))])
    again = plan(hold_fixed(inst, "y1", (1,)))
    assert sorted((a.company_id, a.period, a.fixed) for a in again.assignments) == [("c1", 0, True),
                                                                                    ("c2", 1, False)]
    assert replan_changes({1: "c2"}, again, "y1", (1,)) == {}
