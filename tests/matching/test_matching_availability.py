"""Availability is a hard rule: no plan places a young person in a period they cannot start in early enough, or
with a company with which they share too few weekdays; the ladder bounds and `upper_bound` stay proven under it."""

from __future__ import annotations

import itertools
import json
import random
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matching_builders import company, instance, ladder_of, youth

from partnerhub.matching import Instance, Period, PlanOptions, instance_from_dict, instance_to_dict, plan
from partnerhub.matching.__main__ import main
from partnerhub.matching.availability import AvailabilityRules
from partnerhub.matching.validate import violations

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FIRST_MONDAY = date(2027, 1, 4)
EVERY_DAY = frozenset(range(1, 8))


def _with_rules(inst: Instance, starts: list[date], rules: AvailabilityRules) -> Instance:
    return Instance(periods=tuple(Period(p.index, p.label, starts[p.index]) for p in inst.periods), youth=inst.youth,
                    companies=inst.companies, trade_areas=inst.trade_areas, candidates=inst.candidates,
                    availability=rules)


def _usable(inst: Instance, y, c, p: int) -> bool:
    """The availability rules written out from their definition (not the engine's code)."""
    rules = inst.availability
    start = inst.periods[p].starts_on
    if p not in y.available_periods or c.capacity[p] <= 0:
        return False
    if y.earliest_start and start and (y.earliest_start - start).days > rules.latest_start_days:
        return False
    company_days = set(c.weekdays[p]) if c.weekdays and c.weekdays[p] else EVERY_DAY
    return len((set(y.weekdays) or EVERY_DAY) & company_days) >= rules.min_common_weekdays


def _check_plan(inst: Instance, result) -> None:
    youth_by_id = {y.id: y for y in inst.youth}
    company_by_id = {c.id: c for c in inst.companies}
    assert violations(inst, result.assignments) == []
    for a in result.assignments:
        y, c = youth_by_id[a.youth_id], company_by_id[a.company_id]
        assert _usable(inst, y, c, a.period), (a, y, c)
        company_days = set(c.weekdays[a.period]) if c.weekdays and c.weekdays[a.period] else EVERY_DAY
        assert set(a.weekdays) == (set(y.weekdays) or EVERY_DAY) & company_days  # the plan shows the real days
    stats = result.stats
    assert stats.ladder <= stats.ladder_bound  # lexicographically: no plan beats the relaxation
    assert stats.coverage == stats.max_coverage
    if stats.levels_at_bound:  # upper_bound bounds the plans with the bound's ladder (docs/matching.md)
        assert result.objective <= result.upper_bound + 1e-6
    assert stats.full_rotations <= stats.full_rotations_upper_bound


def _brute_force(inst: Instance):
    """The lexicographic optimum (ladder, then score) and the most full rotations, by enumerating every plan."""
    scores = {y.id: dict(inst.candidates.get(y.id, ())) for y in inst.youth}
    n_p = len(inst.periods)
    options = []
    for y in inst.youth:
        rotations: list[tuple[tuple[str, int], ...]] = [()]
        for size in range(1, min(y.rotation_k, n_p) + 1):
            for periods in itertools.combinations(range(n_p), size):
                for comps in itertools.permutations([c for c in inst.companies if c.id in scores[y.id]], size):
                    if all(_usable(inst, y, c, p) for c, p in zip(comps, periods, strict=True)):
                        rotations.append(tuple((c.id, p) for c, p in zip(comps, periods, strict=True)))
        options.append(rotations)
    k_eff = [max(len(r) for r in rotations) for rotations in options]
    levels = max(k_eff, default=0)
    caps = {c.id: c.capacity for c in inst.companies}
    best, most_full = None, 0
    for combo in itertools.product(*options):
        used: dict[tuple[str, int], int] = {}
        for rot in combo:
            for seat in rot:
                used[seat] = used.get(seat, 0) + 1
        if any(n > caps[c][p] for (c, p), n in used.items()):
            continue
        value = ladder_of([len(r) for r in combo], k_eff, levels) + (
            round(sum(scores[y.id][c] for y, rot in zip(inst.youth, combo, strict=True) for c, _ in rot), 6),)
        best = value if best is None or value > best else best
        most_full = max(most_full, sum(1 for rot, k in zip(combo, k_eff, strict=True) if k > 0 and len(rot) == k))
    return best, most_full


@st.composite
def availability_instances(draw, max_youth=3, max_companies=3, n_periods=3):
    """Tiny instances with start dates, earliest starts, weekdays on both sides and given candidates."""
    days = st.sets(st.integers(1, 5), max_size=5).map(lambda s: tuple(sorted(s)))
    cs = []
    for i in range(draw(st.integers(1, max_companies))):
        per_period = draw(st.booleans())
        weekdays = tuple(draw(days) for _ in range(n_periods)) if per_period else (draw(days),) * n_periods
        cs.append(company(f"c{i}", capacity=tuple(draw(st.integers(0, 2)) for _ in range(n_periods)),
                          weekdays=weekdays if draw(st.booleans()) else ()))
    ys, cands = [], {}
    for i in range(draw(st.integers(1, max_youth))):
        late = draw(st.one_of(st.none(), st.integers(-3, 28 * n_periods)))
        ys.append(youth(f"y{i}", available_periods=tuple(range(n_periods)), rotation_k=draw(st.integers(1, n_periods)),
                        earliest_start=None if late is None else FIRST_MONDAY + timedelta(days=late),
                        weekdays=draw(days)))
        chosen = draw(st.sets(st.integers(0, len(cs) - 1), max_size=len(cs)))
        cands[f"y{i}"] = tuple((f"c{j}", draw(st.integers(1, 99)) / 100) for j in sorted(chosen))
    inst = instance(ys, cs, n_periods, candidates=cands)
    rules = AvailabilityRules(latest_start_days=draw(st.sampled_from([0, 4, 6, 13])),
                              min_common_weekdays=draw(st.integers(0, 4)))
    return _with_rules(inst, [FIRST_MONDAY + timedelta(weeks=4 * p) for p in range(n_periods)], rules)


@SETTINGS
@given(availability_instances(), st.sampled_from(["lexicographic", "diverse"]))
def test_no_plan_breaks_availability_and_the_bounds_hold_against_brute_force(inst, mode):
    result = plan(inst, PlanOptions(mode=mode))
    _check_plan(inst, result)
    if mode == "lexicographic":
        (*best_ladder, best_score), most_full = _brute_force(inst)
        bound = result.stats.ladder_bound
        assert tuple(best_ladder) <= bound  # no feasible plan has a better ladder than ladder_bound
        if tuple(best_ladder) == bound:
            assert best_score <= result.upper_bound + 1e-6
        assert most_full <= result.stats.full_rotations_upper_bound
        assert result.stats.coverage == best_ladder[0] if best_ladder else True


def _random_round(rng: random.Random, n_youth: int, n_companies: int, n_periods: int) -> Instance:
    """A seeded round of the engine's own scoring (no given candidates), with every availability rule in play."""
    areas = ["toemrer", "kok", "landmand", "kontorassistent"]
    cs = []
    for i in range(n_companies):
        days = tuple(sorted(rng.sample(range(1, 6), rng.randint(1, 5))))
        weekdays = tuple(tuple(sorted(rng.sample(range(1, 6), rng.randint(1, 5)))) for _ in range(n_periods)) \
            if rng.random() < 0.3 else (days,) * n_periods
        cs.append(company(f"c{i:03}", lat=55.7 + rng.random() * 0.2, lon=9.6 + rng.random() * 0.3,
                          capacity=tuple(rng.randint(0, 3) for _ in range(n_periods)),
                          trade_areas=(rng.choice(areas),),
                          description=" ".join(rng.sample(["tømrer", "kok", "køkken", "stald", "kontor"], 2)),
                          weekdays=weekdays))
    ys = []
    for i in range(n_youth):
        late = rng.choice([None, None, rng.randint(-5, 28 * n_periods)])
        ys.append(youth(f"y{i:03}", lat=55.7 + rng.random() * 0.2, lon=9.6 + rng.random() * 0.3,
                        available_periods=tuple(sorted(rng.sample(range(n_periods), rng.randint(1, n_periods)))),
                        rotation_k=rng.randint(1, n_periods), max_travel_km=rng.choice([8.0, 15.0, 30.0]),
                        trade_areas=(rng.choice(areas),), interests_text=rng.choice(["tømrer", "kok", "dyr", ""]),
                        earliest_start=None if late is None else FIRST_MONDAY + timedelta(days=late),
                        weekdays=tuple(sorted(rng.sample(range(1, 8), rng.randint(1, 7)))),
                        diverse_preferred=rng.random() < 0.5))
    inst = instance(ys, cs, n_periods)
    rules = AvailabilityRules(latest_start_days=rng.choice([0, 4, 6]), min_common_weekdays=rng.randint(1, 4))
    return _with_rules(inst, [FIRST_MONDAY + timedelta(weeks=4 * p) for p in range(n_periods)], rules)


def test_seeded_random_rounds_never_break_availability():
    """Many larger rounds (the engine's own scores, both modes): every rule holds and every bound dominates."""
    rng = random.Random(20270104)
    for _ in range(40):
        inst = _random_round(rng, rng.randint(5, 60), rng.randint(2, 15), rng.randint(2, 4))
        for mode in ("lexicographic", "diverse"):
            _check_plan(inst, plan(inst, PlanOptions(mode=mode)))


def test_a_period_the_young_person_cannot_start_in_is_not_available():
    """Starts 23.01: the period of 04.01 is out, the one of 01.02 is in, although 04.01's has the better score."""
    ys = [youth("y1", rotation_k=2, available_periods=(0, 1), earliest_start=date(2027, 1, 23))]
    cs = [company("c1", capacity=(1, 1)), company("c2", capacity=(1, 1))]
    inst = _with_rules(instance(ys, cs, 2, candidates={"y1": (("c1", 0.9), ("c2", 0.8))}),
                       [date(2027, 1, 4), date(2027, 2, 1)], AvailabilityRules(latest_start_days=4))
    result = plan(inst)
    assert [(a.company_id, a.period) for a in result.assignments] == [("c1", 1)]
    assert result.stats.ladder_bound == (1,)  # effective k is 1, not 2: the bound knows the rule too
    assert result.upper_bound < 0.9 + 1e-5


def test_too_few_common_days_is_no_candidate_and_the_plan_shows_the_common_days():
    ys = [youth("y1", rotation_k=1, available_periods=(0,), weekdays=(1, 2, 3, 4))]
    cs = [company("c1", capacity=(1,), weekdays=((4, 5),)), company("c2", capacity=(1,), weekdays=((1, 2, 3, 4, 5),))]
    inst = _with_rules(instance(ys, cs, 1, candidates={"y1": (("c1", 0.9), ("c2", 0.2))}), [FIRST_MONDAY],
                       AvailabilityRules(min_common_weekdays=2))
    result = plan(inst)
    assert [(a.company_id, a.weekdays) for a in result.assignments] == [("c2", (1, 2, 3, 4))]


def test_cli_reads_and_writes_the_availability_fields(tmp_path):
    """Old files still load (every field optional); new ones round-trip, and the plan file lists the real days."""
    inst = _with_rules(
        instance([youth("y1", rotation_k=1, weekdays=(1, 2, 3, 4), earliest_start=date(2027, 1, 23))],
                 [company("c1", weekdays=((1, 2, 3, 4, 5),) * 3)], 3, candidates={"y1": (("c1", 0.5),)}),
        [FIRST_MONDAY + timedelta(weeks=4 * p) for p in range(3)], AvailabilityRules(latest_start_days=4,
                                                                                      min_common_weekdays=3))
    data = instance_to_dict(inst)
    assert instance_from_dict(json.loads(json.dumps(data))) == inst
    path, out = tmp_path / "inst.json", tmp_path / "plan.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["plan", str(path), "--out", str(out)]) == 0  # what `python -m partnerhub.matching` calls
    rows = json.loads(out.read_text(encoding="utf-8"))["assignments"]
    assert [(r["period"], r["weekdays"]) for r in rows] == [(1, [1, 2, 3, 4])]
    old = {key: value for key, value in data.items() if key != "availability_rules"}
    assert instance_from_dict(old).availability == AvailabilityRules()


def test_bad_availability_fields_get_a_one_line_message():
    from partnerhub.matching import InstanceError

    base = instance_to_dict(instance([youth("y1")], [company("c1")]))
    for patch, expected in (
        ({"availability_rules": {"min_common_weekdays": 9}}, "min_common_weekdays"),
        ({"periods": [{"index": 0, "starts_on": "04.01.2027"}, {"index": 1}, {"index": 2}]}, "YYYY-MM-DD"),
    ):
        try:
            instance_from_dict(base | patch)
        except InstanceError as error:
            assert expected in str(error)
        else:
            raise AssertionError(patch)
    bad_days = json.loads(json.dumps(base))
    bad_days["youth"][0]["weekdays"] = [0, 8]
    try:
        instance_from_dict(bad_days)
    except InstanceError as error:
        assert "ISO weekdays" in str(error)
    else:
        raise AssertionError("weekdays 0 and 8 were accepted")


def _without_days(result) -> list[tuple]:
    return [(a.youth_id, a.company_id, a.period, a.score, a.fixed) for a in result.assignments]


def test_rules_that_refuse_nothing_leave_the_plan_as_it_was():
    """Weekdays on both sides that always share enough days, and earliest starts, plan exactly like an instance
    without them whose available periods were cut by hand (the benchmark's plans do not move)."""
    rng = random.Random(7)
    for _ in range(10):
        inst = _random_round(rng, 40, 10, 3)
        plain_youth, cut_youth = [], []
        starts = [p.starts_on for p in inst.periods]
        for y in inst.youth:
            can = tuple(p for p in y.available_periods
                        if y.earliest_start is None or (y.earliest_start - starts[p]).days <= 4)
            cut_youth.append(youth(y.id, lat=y.lat, lon=y.lon, available_periods=can, rotation_k=y.rotation_k,
                                   max_travel_km=y.max_travel_km, trade_areas=y.trade_areas,
                                   interests_text=y.interests_text, diverse_preferred=y.diverse_preferred))
            plain_youth.append(youth(y.id, lat=y.lat, lon=y.lon, available_periods=y.available_periods,
                                     rotation_k=y.rotation_k, max_travel_km=y.max_travel_km,
                                     trade_areas=y.trade_areas, interests_text=y.interests_text,
                                     diverse_preferred=y.diverse_preferred, earliest_start=y.earliest_start,
                                     weekdays=(1, 2, 3, 4, 5)))
        companies = [company(c.id, lat=c.lat, lon=c.lon, capacity=c.capacity, trade_areas=c.trade_areas,
                             description=c.description, weekdays=((1, 2, 3),) * 3) for c in inst.companies]
        ruled = _with_rules(instance(plain_youth, companies, 3), starts, AvailabilityRules(latest_start_days=4,
                                                                                             min_common_weekdays=3))
        cut = instance(cut_youth, [company(c.id, lat=c.lat, lon=c.lon, capacity=c.capacity,
                                           trade_areas=c.trade_areas, description=c.description)
                                   for c in inst.companies], 3)
        for mode in ("lexicographic", "diverse"):
            a, b = plan(ruled, PlanOptions(mode=mode)), plan(cut, PlanOptions(mode=mode))
            assert _without_days(a) == _without_days(b)
            assert (a.objective, a.upper_bound, a.stats.ladder_bound) == (b.objective, b.upper_bound,
                                                                          b.stats.ladder_bound)
