"""Read rotation-instance/1 and write rotation-plan/2, so plans can be reproduced outside the app."""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from .availability import ALL_DAYS, AvailabilityRules, weekday_mask
from .model import (
    Company,
    FixedPlacement,
    Instance,
    MainArea,
    Period,
    Plan,
    TradeArea,
    Youth,
)

INSTANCE_FORMAT = "rotation-instance/1"
# /2: stats.full_rotation_bound (it was only the last rung of ladder_bound) became full_rotations_upper_bound.
PLAN_FORMAT = "rotation-plan/2"


class InstanceError(ValueError):
    """A bad instance; the message is one line a person can act on."""


def load_instance(path: str | Path) -> Instance:
    """Read a .json or .json.gz instance; every failure becomes an InstanceError with a one-line message."""
    path = Path(path)
    try:
        if path.name.endswith(".gz"):
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                data = json.load(fh)
        else:
            with path.open(encoding="utf-8") as fh:
                data = json.load(fh)
    except FileNotFoundError as exc:
        raise InstanceError(f"{path}: file not found") from exc
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise InstanceError(f"{path}: cannot read file ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise InstanceError(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    return instance_from_dict(data)


def _req(obj: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in obj:
        raise InstanceError(f"{where}: missing required field '{key}'")
    return obj[key]


def _num(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InstanceError(f"{where}: expected a number, got {value!r}")
    return float(value)


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InstanceError(f"{where}: expected an integer, got {value!r}")
    return value


def _str(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise InstanceError(f"{where}: expected a string, got {value!r}")
    return value


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise InstanceError(f"{where}: expected a list of strings")
    return tuple(_str(v, where) for v in value)


def _list(obj: Mapping[str, Any], key: str, where: str, required: bool = True) -> list[Any]:
    value = obj.get(key) if not required else _req(obj, key, where)
    if value is None:
        return []
    if not isinstance(value, list):
        raise InstanceError(f"{where}: '{key}' must be a list")
    return value


def _date(value: Any, where: str) -> date | None:
    """An optional ISO date (YYYY-MM-DD); null or absent means "not given"."""
    if value is None:
        return None
    try:
        return date.fromisoformat(_str(value, where))
    except ValueError as exc:
        raise InstanceError(f"{where}: expected a date as YYYY-MM-DD, got {value!r}") from exc


def _weekdays(value: Any, where: str) -> tuple[int, ...]:
    """ISO weekdays 1 (Monday) .. 7 (Sunday); absent or empty means every day."""
    if value is None:
        return ()
    if not isinstance(value, list) or any(isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 7
                                          for v in value):
        raise InstanceError(f"{where}: weekdays must be a list of ISO weekdays 1 (Monday) .. 7 (Sunday)")
    return tuple(sorted(set(value)))


def _company_weekdays(value: Any, n_periods: int, where: str) -> tuple[tuple[int, ...], ...]:
    """One list for every period, or one list per period."""
    if value is None or value == []:
        return ()
    if isinstance(value, list) and all(isinstance(v, list) for v in value):
        if len(value) != n_periods:
            raise InstanceError(f"{where}: weekdays has {len(value)} lists, expected one per period ({n_periods})")
        return tuple(_weekdays(v, where) for v in value)
    return (_weekdays(value, where),) * n_periods


def _availability_rules(value: Any) -> AvailabilityRules:
    where = "availability_rules"
    if value is None:
        return AvailabilityRules()
    if not isinstance(value, Mapping):
        raise InstanceError(f"{where}: expected an object")
    default = AvailabilityRules()
    latest = _int(value.get("latest_start_days", default.latest_start_days), f"{where}.latest_start_days")
    common = _int(value.get("min_common_weekdays", default.min_common_weekdays), f"{where}.min_common_weekdays")
    if not 0 <= latest <= 366:
        raise InstanceError(f"{where}.latest_start_days: expected 0..366 days, got {latest}")
    if not 0 <= common <= 7:
        raise InstanceError(f"{where}.min_common_weekdays: expected 0..7, got {common}")
    return AvailabilityRules(latest_start_days=latest, min_common_weekdays=common)


def _fixed(value: Any, where: str) -> tuple[FixedPlacement, ...]:
    out = []
    for item in value or []:
        if isinstance(item, Mapping):
            out.append(
                FixedPlacement(
                    _str(_req(item, "company", where), where), _int(_req(item, "period", where), where)
                )
            )
        elif isinstance(item, list) and len(item) == 2:
            out.append(FixedPlacement(_str(item[0], where), _int(item[1], where)))
        else:
            raise InstanceError(f"{where}: a fixed placement is {{'company': id, 'period': p}} or [id, p]")
    return tuple(out)


def instance_from_dict(data: Any) -> Instance:
    """Build and check an Instance from parsed JSON; unknown keys are ignored, bad values are named."""
    if not isinstance(data, Mapping):
        raise InstanceError("instance: the top level must be a JSON object")
    fmt = data.get("format", INSTANCE_FORMAT)
    if fmt != INSTANCE_FORMAT:
        raise InstanceError(f"instance: format is {fmt!r}, expected {INSTANCE_FORMAT!r}")

    periods = []
    for i, p in enumerate(_list(data, "periods", "instance")):
        where = f"periods[{i}]"
        if not isinstance(p, Mapping):
            raise InstanceError(f"{where}: expected an object")
        periods.append(Period(_int(_req(p, "index", where), where), str(p.get("label", "")),
                              _date(p.get("starts_on"), f"{where}.starts_on")))
    n_periods = len(periods)
    if n_periods == 0:
        raise InstanceError("instance: 'periods' is empty")
    if sorted(p.index for p in periods) != list(range(n_periods)):
        raise InstanceError(f"instance: period indices must be 0..{n_periods - 1}")
    periods.sort(key=lambda p: p.index)

    main_areas = tuple(
        MainArea(_str(_req(m, "id", f"main_areas[{i}]"), f"main_areas[{i}]"), str(m.get("name", "")))
        for i, m in enumerate(_list(data, "main_areas", "instance", required=False))
    )
    trade_areas = []
    for i, t in enumerate(_list(data, "trade_areas", "instance", required=False)):
        where = f"trade_areas[{i}]"
        trade_areas.append(
            TradeArea(_str(_req(t, "id", where), where), str(t.get("name", "")), str(t.get("main_area", "")))
        )

    companies = []
    for i, c in enumerate(_list(data, "companies", "instance")):
        where = f"companies[{i}]"
        if not isinstance(c, Mapping):
            raise InstanceError(f"{where}: expected an object")
        cid = _str(_req(c, "id", where), where)
        where = f"company {cid}"
        cap_raw = _req(c, "capacity", where)
        if isinstance(cap_raw, list):
            if len(cap_raw) != n_periods:
                raise InstanceError(f"{where}: capacity has {len(cap_raw)} entries, expected {n_periods}")
            capacity = tuple(_int(v, where) for v in cap_raw)
        else:
            capacity = (_int(cap_raw, where),) * n_periods
        if any(v < 0 for v in capacity):
            raise InstanceError(f"{where}: capacity must not be negative")
        lat, lon = _num(_req(c, "lat", where), where), _num(_req(c, "lon", where), where)
        companies.append(
            Company(
                id=cid,
                name=str(c.get("name", cid)),
                lat=lat,
                lon=lon,
                capacity=capacity,
                trade_areas=_str_list(c.get("trade_areas"), where),
                main_areas=_str_list(c.get("main_areas"), where),
                description=str(c.get("description") or ""),
                suits_special_needs=bool(c.get("suits_special_needs", False)),
                town=str(c.get("town") or ""),
                weekdays=_company_weekdays(c.get("weekdays"), n_periods, where),
            )
        )
    company_ids = {c.id for c in companies}
    if len(company_ids) != len(companies):
        raise InstanceError("instance: company ids are not unique")

    youth = []
    for i, y in enumerate(_list(data, "youth", "instance")):
        where = f"youth[{i}]"
        if not isinstance(y, Mapping):
            raise InstanceError(f"{where}: expected an object")
        yid = _str(_req(y, "id", where), where)
        where = f"youth {yid}"
        avail = tuple(sorted({_int(p, where) for p in _list(y, "available_periods", where)}))
        if any(not 0 <= p < n_periods for p in avail):
            raise InstanceError(f"{where}: available_periods must lie in 0..{n_periods - 1}")
        fixed = _fixed(y.get("fixed"), where)
        for f in fixed:
            if f.company_id not in company_ids or not 0 <= f.period < n_periods:
                raise InstanceError(f"{where}: fixed placement {f.company_id}/{f.period} names no known seat")
        if len({f.period for f in fixed}) != len(fixed) or len({f.company_id for f in fixed}) != len(fixed):
            raise InstanceError(f"{where}: fixed placements repeat a period or a company")
        age = y.get("age")
        youth.append(
            Youth(
                id=yid,
                lat=_num(_req(y, "lat", where), where),
                lon=_num(_req(y, "lon", where), where),
                available_periods=avail,
                rotation_k=_int(_req(y, "rotation_k", where), where),
                max_travel_km=_num(_req(y, "max_travel_km", where), where),
                trade_areas=_str_list(y.get("trade_areas"), where),
                interests_text=str(y.get("interests_text") or ""),
                curious=_str_list(y.get("curious"), where),
                needs_adjustments=bool(y.get("needs_adjustments", False)),
                diverse_preferred=bool(y.get("diverse_preferred", False)),
                excluded_companies=_str_list(y.get("excluded_companies"), where),
                fixed=fixed,
                age=age if isinstance(age, int) and not isinstance(age, bool) else None,
                town=str(y.get("town") or ""),
                earliest_start=_date(y.get("earliest_start"), f"{where}.earliest_start"),
                weekdays=_weekdays(y.get("weekdays"), where),
            )
        )
    if len({y.id for y in youth}) != len(youth):
        raise InstanceError("instance: youth ids are not unique")

    candidates = None
    if data.get("candidates") is not None:
        raw = data["candidates"]
        if not isinstance(raw, Mapping):
            raise InstanceError("instance: 'candidates' must map youth ids to [[company id, score], ...]")
        candidates = {}
        for yid, pairs in raw.items():
            where = f"candidates[{yid}]"
            if not isinstance(pairs, list):
                raise InstanceError(f"{where}: expected a list of [company id, score]")
            out = []
            for pair in pairs:
                if not isinstance(pair, list) or len(pair) != 2:
                    raise InstanceError(f"{where}: expected [company id, score], got {pair!r}")
                out.append((_str(pair[0], where), _num(pair[1], where)))
            candidates[_str(yid, "candidates")] = tuple(out)

    meta = data.get("meta")
    ineligible = {}
    for i, row in enumerate(_list(data, "ineligible", "instance", required=False)):
        where = f"ineligible[{i}]"
        if not isinstance(row, Mapping):
            raise InstanceError(f"{where}: expected an object with youth, company and reason")
        key = (_str(_req(row, "youth", where), where), _str(_req(row, "company", where), where))
        ineligible[key] = _str(_req(row, "reason", where), where)
    return Instance(
        periods=tuple(periods),
        youth=tuple(youth),
        companies=tuple(companies),
        trade_areas=tuple(trade_areas),
        main_areas=main_areas,
        candidates=candidates,
        meta=dict(meta) if isinstance(meta, Mapping) else {},
        availability=_availability_rules(data.get("availability_rules")),
        ineligible=ineligible,
    )


def instance_to_dict(instance: Instance) -> dict[str, Any]:
    """Write an Instance back to rotation-instance/1 (used by the bench to export planner-only files)."""
    out: dict[str, Any] = {
        "format": INSTANCE_FORMAT,
        "meta": dict(instance.meta),
        "periods": [{"index": p.index, "label": p.label}
                    | ({"starts_on": p.starts_on.isoformat()} if p.starts_on else {}) for p in instance.periods],
        "main_areas": [{"id": m.id, "name": m.name} for m in instance.main_areas],
        "trade_areas": [{"id": t.id, "name": t.name, "main_area": t.main_area} for t in instance.trade_areas],
        "youth": [],
        "companies": [],
    }
    for y in instance.youth:
        row: dict[str, Any] = {
            "id": y.id,
            "age": y.age,
            "lat": y.lat,
            "lon": y.lon,
            "town": y.town,
            "trade_areas": list(y.trade_areas),
            "interests_text": y.interests_text,
            "curious": list(y.curious),
            "available_periods": list(y.available_periods),
            "rotation_k": y.rotation_k,
            "max_travel_km": y.max_travel_km,
            "needs_adjustments": y.needs_adjustments,
        }
        if y.diverse_preferred:
            row["diverse_preferred"] = True
        if y.excluded_companies:
            row["excluded_companies"] = list(y.excluded_companies)
        if y.fixed:
            row["fixed"] = [{"company": f.company_id, "period": f.period} for f in y.fixed]
        if y.earliest_start:
            row["earliest_start"] = y.earliest_start.isoformat()
        if y.weekdays:
            row["weekdays"] = list(y.weekdays)
        out["youth"].append(row)
    for c in instance.companies:
        out["companies"].append(
            {
                "id": c.id,
                "name": c.name,
                "lat": c.lat,
                "lon": c.lon,
                "town": c.town,
                "trade_areas": list(c.trade_areas),
                "main_areas": list(c.main_areas),
                "description": c.description,
                "suits_special_needs": c.suits_special_needs,
                "capacity": list(c.capacity),
            }
            | ({"weekdays": [list(d) for d in c.weekdays]} if c.weekdays else {})
        )
    if instance.availability != AvailabilityRules():
        out["availability_rules"] = {"latest_start_days": instance.availability.latest_start_days,
                                     "min_common_weekdays": instance.availability.min_common_weekdays}
    if instance.candidates is not None:
        out["candidates"] = {y: [[c, s] for c, s in pairs] for y, pairs in instance.candidates.items()}
    if instance.ineligible:
        out["ineligible"] = [{"youth": y, "company": c, "reason": code}
                             for (y, c), code in sorted(instance.ineligible.items())]
    return out


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """Serialise a Plan as rotation-plan/2; explanations, reasons and bound details ride along."""
    s = plan.stats
    total = max(s.youth_total, 1)
    assignments = []
    for a in plan.assignments:
        row: dict[str, Any] = {
            "youth": a.youth_id,
            "company": a.company_id,
            "period": a.period,
            "score": round(a.score, 6),
        }
        if a.fixed:
            row["fixed"] = True
        if a.weekdays and weekday_mask(a.weekdays) != ALL_DAYS:
            row["weekdays"] = list(a.weekdays)  # the days both can; absent: every day
        if a.explanation is not None:
            e = a.explanation
            row["why"] = {
                "shared_terms": list(e.shared_terms),
                "shared_trade_areas": list(e.shared_trade_areas),
                "shared_main_areas": list(e.shared_main_areas),
                "curious": list(e.curious_hits),
                "distance_km": round(e.distance_km, 2),
                "components": {k: round(v, 6) for k, v in e.components.items()},
            }
        assignments.append(row)
    return {
        "format": PLAN_FORMAT,
        "assignments": assignments,
        "objective": round(plan.objective, 6),
        "upper_bound": round(plan.upper_bound, 6),
        "unplaced": [{"youth": u.youth_id, "reason": u.code, "detail": u.detail} for u in plan.unplaced],
        "stats": {
            "youth_placed": round(s.coverage / total, 6),
            "full_rotation": round(s.full_rotations / total, 6),
            "capacity_used": round(s.capacity_used, 6),
            "seconds": round(s.seconds_similarity + s.seconds_planning, 3),
            "mode": s.mode,
            "coverage": s.coverage,
            "max_coverage": s.max_coverage,
            "full_rotations": s.full_rotations,
            "full_rotations_upper_bound": s.full_rotations_upper_bound,
            "ladder": list(s.ladder),
            "ladder_bound": list(s.ladder_bound),
            "levels_at_bound": s.levels_at_bound,
            "seconds_similarity": round(s.seconds_similarity, 3),
            "seconds_planning": round(s.seconds_planning, 3),
            "pairs_scored": s.pairs_scored,
        },
    }


def write_plan(plan: Plan, path: str | Path) -> None:
    """Write the plan as UTF-8 JSON (gzip when the name ends in .gz)."""
    path = Path(path)
    text = json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=1)
    if path.name.endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            fh.write(text)
    else:
        path.write_text(text, encoding="utf-8")
