"""How far a plan's ladder is from its bound, rung by rung (printed by the CLI and the bench)."""

from __future__ import annotations

from collections.abc import Sequence


def rung_gaps(ladder: Sequence[int], ladder_bound: Sequence[int]) -> list[float]:
    """Percent of the bound reached at each rung (100.0 where the bound is 0)."""
    return [100.0 * got / bound if bound else 100.0 for got, bound in zip(ladder, ladder_bound, strict=True)]


def rung_gaps_text(ladder: Sequence[int], ladder_bound: Sequence[int]) -> str:
    """'rung 1 300/300 (100.000%), rung 2 ...' for the CLI and the bench."""
    return ", ".join(
        f"rung {j} {got}/{bound} ({pct:.3f}% of bound)"
        for j, (got, bound, pct) in enumerate(
            zip(ladder, ladder_bound, rung_gaps(ladder, ladder_bound), strict=True), 1
        )
    )
