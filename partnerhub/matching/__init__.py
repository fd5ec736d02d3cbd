"""Pure matching engine: scores young people against companies and plans rotations; no Flask, no database."""

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
from .planner import plan
from .replan import changes as replan_changes
from .replan import hold_fixed
from .similarity import score_candidates
from .young_workers import WorkSchedule, YoungWorkerRules

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
