"""Command line: `plan` a rotation-instance/1 file, or run the `bench`; bad input exits 2 with one line."""

from __future__ import annotations

import argparse
import sys

from .io import InstanceError, load_instance, write_plan
from .model import PlanOptions
from .stats import rung_gaps_text


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and dispatch; errors a user can fix are printed, never raised."""
    parser = argparse.ArgumentParser(prog="python -m partnerhub.matching")
    sub = parser.add_subparsers(dest="command", required=True)
    p_plan = sub.add_parser("plan", help="plan a rotation-instance/1 file (.json or .json.gz)")
    p_plan.add_argument("instance")
    p_plan.add_argument("--out", required=True, help="where to write the rotation-plan/2 JSON")
    p_plan.add_argument("--mode", choices=["lexicographic", "diverse"], default="lexicographic")
    p_plan.add_argument("--top-k", type=int, default=40)
    p_bench = sub.add_parser("bench", help="benchmark the engine against its peers on synthetic instances")
    p_bench.add_argument("--sizes", default="S,M,L,R", help="S, M, L; R: a region (M, seats and youth uneven)")
    p_bench.add_argument("--out", default=None, help="also write the results as JSON here")
    p_bench.add_argument("--peer-timeout", type=float, default=300.0)
    p_taster = sub.add_parser("bench-taster", help="taster internships: the allocation against serial dictatorship")
    p_taster.add_argument("--pupils", type=int, default=2000)
    p_taster.add_argument("--companies", type=int, default=300)
    p_taster.add_argument("--schools", type=int, default=10)
    p_taster.add_argument("--weeks", type=int, default=4)
    p_taster.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    if args.command == "bench-taster":
        from .taster_bench import run_taster_bench

        return run_taster_bench(args.pupils, args.companies, args.schools, args.weeks, args.seed)

    if args.command == "bench":
        from .bench import run_bench

        return run_bench([s.strip() for s in args.sizes.split(",") if s.strip()], args.out, args.peer_timeout)

    from .planner import plan

    try:
        instance = load_instance(args.instance)
        result = plan(instance, PlanOptions(mode=args.mode, top_k=args.top_k))
        write_plan(result, args.out)
    except (InstanceError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: cannot write {args.out}: {exc.strerror}", file=sys.stderr)
        return 2
    s = result.stats
    print(
        f"placed {s.coverage}/{s.youth_total} (max {s.max_coverage}), full rotations {s.full_rotations} "
        f"(upper bound {s.full_rotations_upper_bound}), objective {result.objective:.4f}, "
        f"upper bound {result.upper_bound:.4f}"
    )
    print(f"ladder {list(s.ladder)}, ladder bound {list(s.ladder_bound)} ({rung_gaps_text(s.ladder, s.ladder_bound)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
