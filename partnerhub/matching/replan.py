"""Re-planning part of one young person's rotation with everything else held fixed.

When one period changes (a company says no, the young person is ill for a while) only the later periods of that
rotation should move. ``hold_fixed`` narrows an instance to exactly that question, so ``plan`` answers it with its
ordinary rules and bound:

* only the named young person is planned; everyone else is held fixed by the capacities the caller passes (their
  seats already taken off, as the app's adapter does for every run);
* the young person's fixed placements outside ``open_periods`` stay fixed (they keep their seat, count toward k, and
  their companies are not proposed again);
* their fixed placements inside ``open_periods`` are let go, so those periods can be planned anew; the caller's
  capacities must count the seats they held as free (the adapter counts a young person's own seats as theirs);
* the young person can only be placed in ``open_periods``.

``changes`` then says, per open period, what the plan would change. Pure: no Flask, no database.
"""

from __future__ import annotations

from dataclasses import replace

from .model import Instance, Plan


def hold_fixed(instance: Instance, youth_id: str, open_periods: tuple[int, ...]) -> Instance:
    """The instance with only `youth_id` left to plan, in `open_periods` only; see the module docstring."""
    youth = next((y for y in instance.youth if y.id == youth_id), None)
    if youth is None:
        raise ValueError(f"{youth_id} is not in the instance")
    unknown = set(open_periods) - {p.index for p in instance.periods}
    if unknown:
        raise ValueError(f"periods {sorted(unknown)} are not in the instance")
    opened = frozenset(open_periods)
    kept = tuple(f for f in youth.fixed if f.period not in opened)
    available = tuple(p for p in youth.available_periods if p in opened)
    narrowed = replace(youth, fixed=kept, available_periods=available)
    return replace(instance, youth=(narrowed,))


def changes(before: dict[int, str | None], plan: Plan, youth_id: str,
            open_periods: tuple[int, ...]) -> dict[int, tuple[str | None, str | None]]:
    """Open period -> (company before, company after) where the plan changes it; unchanged periods are left out.
    `before` maps each open period to the company the young person had there (None: nothing)."""
    after: dict[int, str | None] = dict.fromkeys(open_periods)
    for assignment in plan.assignments:
        if assignment.youth_id == youth_id and not assignment.fixed and assignment.period in after:
            after[assignment.period] = assignment.company_id
    return {p: (before.get(p), after[p]) for p in open_periods if before.get(p) != after[p]}
