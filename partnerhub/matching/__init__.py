"""Pure matching engine: scores young people against companies and plans rotations; no Flask, no database.

The planner and the similarity load OR-Tools and scikit-learn (about 2 CPU-seconds), so they are imported on first
use (PEP 562): the web app, its CLI and every worker process that only reads the data classes or the young-worker
rules start without them.
"""

import importlib
from typing import TYPE_CHECKING, Any

from .availability import AvailabilityRules, common_weekdays
from .io import InstanceError, instance_from_dict, instance_to_dict, load_instance, plan_to_dict, write_plan
from .model import (
    REASON_CAPACITY_TAKEN,
    REASON_CODES,
    REASON_NO_COMPANY_IN_RANGE,
    REASON_NOT_AVAILABLE,
    REASON_NOT_ELIGIBLE,
    Assignment,
    Candidate,
    Company,
    Explanation,
    FixedPlacement,
    Instance,
    MainArea,
    Period,
    Plan,
    PlanOptions,
    PlanStats,
    ScoreWeights,
    TradeArea,
    UnplacedReason,
    Youth,
)
from .replan import changes as replan_changes
from .replan import hold_fixed
from .young_workers import WorkSchedule, YoungWorkerRules

if TYPE_CHECKING:
    from .planner import plan
    from .similarity import score_candidates

_ON_FIRST_USE = {"plan": ".planner", "score_candidates": ".similarity"}


def __getattr__(name: str) -> Any:  # noqa: ANN401 - whatever the named function is
    if name in _ON_FIRST_USE:
        value = getattr(importlib.import_module(_ON_FIRST_USE[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "REASON_CAPACITY_TAKEN",
    "REASON_CODES",
    "REASON_NOT_AVAILABLE",
    "REASON_NOT_ELIGIBLE",
    "REASON_NO_COMPANY_IN_RANGE",
    "Assignment",
    "AvailabilityRules",
    "Candidate",
    "Company",
    "Explanation",
    "FixedPlacement",
    "Instance",
    "InstanceError",
    "MainArea",
    "Period",
    "Plan",
    "PlanOptions",
    "PlanStats",
    "ScoreWeights",
    "TradeArea",
    "UnplacedReason",
    "WorkSchedule",
    "YoungWorkerRules",
    "Youth",
    "common_weekdays",
    "hold_fixed",
    "instance_from_dict",
    "instance_to_dict",
    "load_instance",
    "plan",
    "plan_to_dict",
    "replan_changes",
    "score_candidates",
    "write_plan",
]
