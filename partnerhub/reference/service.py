"""Loading and maintaining reference data; the loader is idempotent so `make run` can call it every time."""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask import current_app, g

from partnerhub.accounts.models import User
from partnerhub.audit.service import record
from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.matching.young_workers import YoungWorkerRules
from partnerhub.reference.models import (
    Education,
    MainArea,
    PartnerNetwork,
    SchedulingRule,
    Town,
    TradeArea,
    _english,
)
from partnerhub.reference.rule_values import rule_value_problem, stored_rule_value
from partnerhub.timeutil import utcnow

PACKAGED_DATA_DIR = Path(__file__).parent / "data"


class ReferenceError(Exception):
    """A refusal with a translated message."""


def data_dir() -> Path:
    configured = current_app.config.get("REFERENCE_DATA_DIR")
    return Path(configured) if configured else PACKAGED_DATA_DIR


def _rows(name: str) -> list[dict[str, str]]:
    with (data_dir() / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0


def _add_missing(model: type, rows: list[dict]) -> int:
    """The missing rows in one INSERT (the ORM's bulk path): an empty database gets some 180 rows, and an object per
    row cost more than the rest of the load. The worker caches built from these tables see the statement too."""
    if rows:
        db.session.execute(db.insert(model), rows)
    return len(rows)


def load_reference() -> LoadReport:
    """Inserts what is missing and refreshes source facts; never touches what an admin renamed or retired."""
    report = LoadReport()
    main_areas_known = set(db.session.scalars(db.select(MainArea.code)))
    report.created += _add_missing(MainArea, [
        {"code": row["code"], "name_da": row["name_da"], "name_en": row["name_en"]}
        for row in _rows("main_areas.csv") if row["code"] not in main_areas_known])
    area_ids = {key: id_ for key, id_ in db.session.execute(db.select(TradeArea.key, TradeArea.id))}
    report.created += _add_missing(TradeArea, [
        {"key": row["key"], "name_da": row["name_da"], "name_en": row["name_en"],
         "main_area_code": row["main_area_code"]}
        for row in _rows("trade_areas.csv") if row["key"] not in area_ids])
    area_ids = {key: id_ for key, id_ in db.session.execute(db.select(TradeArea.key, TradeArea.id))}
    educations = {e.name_da: e for e in db.session.scalars(db.select(Education))}
    new_educations = []
    for row in _rows("educations.csv"):
        education = educations.get(row["education_da"])
        if education is None:
            new_educations.append({
                "name_da": row["education_da"], "name_en": row["education_en"], "main_area_code": row["main_area_code"],
                "trade_area_id": area_ids[row["trade_area_key"]], "mapping_confidence": row["mapping_confidence"],
                "note": row["note"] or None})
        elif education.mapping_confidence != row["mapping_confidence"]:
            education.mapping_confidence = row["mapping_confidence"]
            report.updated += 1
    report.created += _add_missing(Education, new_educations)
    towns = {t.name: t for t in db.session.scalars(db.select(Town))}
    new_towns = []
    for row in _rows("towns.csv"):
        values = {"lat": float(row["lat"]), "lon": float(row["lon"]), "coord_source": row["coord_source"],
                  "coord_confidence": row["coord_confidence"], "population": _int_or_none(row["population"]),
                  "postcode": row["postcode_unverified"] or None, "note": row["note"] or None}
        town = towns.get(row["town"])
        if town is None:
            new_towns.append({"name": row["town"], **values})
        else:
            changed = {k: v for k, v in values.items() if getattr(town, k) != v}
            for key, value in changed.items():
                setattr(town, key, value)
            report.updated += bool(changed)
    report.created += _add_missing(Town, new_towns)
    networks = set(db.session.scalars(db.select(PartnerNetwork.key)))
    report.created += _add_missing(PartnerNetwork, [
        {"key": row["key"], "name": row["name"], "description": row["description"], "source_url": row["source_url"]}
        for row in _rows("partner_networks.csv") if row["key"] not in networks])
    rules = set(db.session.scalars(db.select(SchedulingRule.key)))
    report.created += _add_missing(SchedulingRule, [  # an admin's edit of a value is kept
        {"key": row["rule_key"], "applies_to": row["applies_to"], "rule": row["rule"], "value": row["value"],
         "unit": row["unit"], "legal_basis": row["legal_basis"] or None, "source_url": row["source_url"] or None,
         "source_year": _int_or_none(row["source_year"]), "confidence": row["confidence"], "note": row["note"] or None}
        for row in _rows("scheduling_rules.csv") + _rows("young_worker_rules.csv") if row["rule_key"] not in rules])
    db.session.flush()
    return report


# ---- trade areas -------------------------------------------------------------------------------------------------

def trade_areas(*, include_retired: bool = False) -> list[TradeArea]:
    query = db.select(TradeArea).order_by(TradeArea.main_area_code, TradeArea.name_da)
    if not include_retired:
        query = query.where(TradeArea.retired_at.is_(None))
    return list(db.session.scalars(query))


def main_areas() -> list[MainArea]:
    return list(db.session.scalars(db.select(MainArea).order_by(MainArea.code)))


def _slug(text: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
    return re.sub(r"[^a-z0-9]+", "-", text.lower().translate(table)).strip("-")[:50] or "omraade"


def save_trade_area(actor: User, area: TradeArea | None, *, name_da: str, name_en: str,
                    main_area_code: str) -> TradeArea:
    if db.session.get(MainArea, main_area_code) is None:
        raise ReferenceError(_("Vælg et hovedområde."))
    if area is None:
        key = _slug(name_da)
        while db.session.scalar(db.select(TradeArea.id).where(TradeArea.key == key)) is not None:
            key += "-x"
        area = TradeArea(key=key, name_da=name_da, name_en=name_en, main_area_code=main_area_code)
        db.session.add(area)
        action = "trade_area_created"
    else:
        area.name_da, area.name_en, area.main_area_code = name_da, name_en, main_area_code
        area.updated_at = utcnow()
        action = "trade_area_changed"
    db.session.flush()
    record(actor, action, object_type="trade_area", object_id=area.id, detail={"name": name_da})
    return area


def set_trade_area_retired(actor: User, area: TradeArea, retired: bool) -> None:
    """Retiring hides an area from new choices; profiles that already carry it keep it."""
    area.retired_at = utcnow() if retired else None
    record(actor, "trade_area_retired" if retired else "trade_area_restored", object_type="trade_area",
           object_id=area.id)


def active_trade_area_choices() -> list[tuple[int, str]]:
    return [(a.id, a.name) for a in trade_areas()]


def trade_area_names() -> dict[str, str]:
    """Every trade area's key -> its name in the page's language, retired ones included (an old explanation may name
    one), from plain rows: a proposal page names the areas its companies share with the young person."""
    english = _english()
    return {key: name_en if english else name_da for key, name_da, name_en in db.session.execute(
        db.select(TradeArea.key, TradeArea.name_da, TradeArea.name_en))}


def town_and_trade_area_choices() -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(id, name) of every town as towns() orders them, and of the active trade areas as active_trade_area_choices()
    orders and names them (in the page's language), from one query of plain rows: the young person's profile form
    shows both lists on every view and every save."""
    towns = db.select(sa.literal("town").label("kind"), Town.id, sa.literal("").label("main_area"),
                      Town.name.label("name_da"), Town.name.label("name_en"))
    areas = db.select(sa.literal("area"), TradeArea.id, TradeArea.main_area_code, TradeArea.name_da,
                      TradeArea.name_en).where(TradeArea.retired_at.is_(None))
    both = sa.union_all(towns, areas)
    columns = both.selected_columns
    rows = db.session.execute(both.order_by(columns.kind, columns.main_area, columns.name_da)).all()
    english = _english()
    return ([(row.id, row.name_da) for row in rows if row.kind == "town"],
            [(row.id, row.name_en if english else row.name_da) for row in rows if row.kind == "area"])


# ---- towns ------------------------------------------------------------------------------------------------------

def towns() -> list[Town]:
    return list(db.session.scalars(db.select(Town).order_by(Town.name)))


def _town_key(name: str) -> str:
    return unicodedata.normalize("NFC", name).strip().casefold()


def town_by_name(name: str) -> Town | None:
    """Compared in Python: SQLite's lower() folds only A-Z (so "Ørum" never matched), and NFD input must match NFC."""
    key = _town_key(name)
    return next((town for town in towns() if _town_key(town.name) == key), None)


def town_for_postcode(postcode: str) -> Town | None:
    """A postcode shared by several towns maps to the largest of them; the person can still pick the exact town."""
    query = (db.select(Town).where(Town.postcode == postcode.strip())
             .order_by(Town.population.desc().nulls_last(), Town.name))
    return db.session.scalars(query).first()


def resolve_town(text: str) -> Town | None:
    """Accepts a town name or a 4-digit postcode, as people write them."""
    text = (text or "").strip()
    if not text:
        return None
    if text.isdigit() and len(text) == 4:
        return town_for_postcode(text)
    return town_by_name(text)


# ---- partner networks ------------------------------------------------------------------------------------------

def networks(*, include_retired: bool = False) -> list[PartnerNetwork]:
    query = db.select(PartnerNetwork).order_by(PartnerNetwork.name)
    if not include_retired:
        query = query.where(PartnerNetwork.retired_at.is_(None))
    return list(db.session.scalars(query))


def save_network(actor: User, network: PartnerNetwork | None, *, name: str, description: str | None,
                 source_url: str | None) -> PartnerNetwork:
    if network is None:
        key = _slug(name)
        while db.session.scalar(db.select(PartnerNetwork.id).where(PartnerNetwork.key == key)) is not None:
            key += "-x"
        network = PartnerNetwork(key=key, name=name)
        db.session.add(network)
    network.name, network.description, network.source_url = name, description or None, source_url or None
    db.session.flush()
    record(actor, "network_saved", object_type="partner_network", object_id=network.id, detail={"name": name})
    return network


def set_network_retired(actor: User, network: PartnerNetwork, retired: bool) -> None:
    network.retired_at = utcnow() if retired else None
    record(actor, "network_retired" if retired else "network_restored", object_type="partner_network",
           object_id=network.id)


# ---- scheduling rules: the employer ratio -------------------------------------------------------------------------

@dataclass(frozen=True)
class EmployerRatio:
    """rimelighedskrav: 1 per `small_per` ordinary employees up to `threshold` (min `minimum`), +1 per `large_per`."""

    small_per: int = 5
    threshold: int = 50
    large_per: int = 10
    minimum: int = 1
    legal_basis: str = "BEK nr. 2636 af 28/12/2021 § 65 stk. 1"

    def limit(self, employees: int | None) -> int:
        employees = max(employees or 0, 0)
        base = min(employees, self.threshold) // self.small_per
        extra = max(employees - self.threshold, 0) // self.large_per
        return max(base, self.minimum) + extra


_PER = re.compile(r"(\d+)\s*per\s*(\d+)")


def rule_by_key(key: str) -> SchedulingRule | None:
    """The rules table read once per request: list pages ask for the same rule for every row."""
    cache = g.setdefault("_scheduling_rules", None)
    if cache is None:
        cache = g._scheduling_rules = {rule.key: rule for rule in db.session.scalars(db.select(SchedulingRule))}
    return cache.get(key)


def employer_ratio() -> EmployerRatio:
    """Reads the ratio from the rules table, so a change in the law is an edit of data, not of code.
    Parsed once per request, like the rules themselves: a review page checks it for every item."""
    cached = g.get("_employer_ratio")
    if cached is None:
        cached = g._employer_ratio = _parse_employer_ratio()
    return cached


def _parse_employer_ratio() -> EmployerRatio:
    small = rule_by_key("ratio_small")
    large = rule_by_key("ratio_large")
    ratio = EmployerRatio()
    if small is None or large is None:
        return ratio
    small_match, large_match = _PER.search(small.value), _PER.search(large.value)
    threshold = re.search(r"0\s*-\s*(\d+)", small.applies_to)
    minimum = re.search(r"at least (\d+)", small.value)
    return EmployerRatio(
        small_per=int(small_match.group(2)) if small_match else ratio.small_per,
        threshold=int(threshold.group(1)) if threshold else ratio.threshold,
        large_per=int(large_match.group(2)) if large_match else ratio.large_per,
        minimum=int(minimum.group(1)) if minimum else ratio.minimum,
        legal_basis=small.legal_basis or ratio.legal_basis,
    )


def young_worker_rules() -> YoungWorkerRules:
    """The rules for under-18s as the engine reads them, from the admin's rules table (read once per request)."""
    cached = g.get("_young_worker_rules")
    if cached is None:
        cached = g._young_worker_rules = _parse_young_worker_rules()
    return cached


def _rule_int(key: str, default: int) -> int:
    rule = rule_by_key(key)
    return int(rule.value) if rule is not None and rule.value.strip().isdigit() else default


def _parse_young_worker_rules() -> YoungWorkerRules:
    defaults = YoungWorkerRules()
    light = rule_by_key("minor_light_work_only")
    light_ages = re.search(r"(\d+)\s*-\s*(\d+)", light.applies_to) if light is not None else None
    return YoungWorkerRules(
        no_placement_under=_rule_int("minor_no_placement_under", defaults.no_placement_under),
        light_work_under=int(light_ages.group(2)) + 1 if light_ages else defaults.light_work_under,
        consent_under=_rule_int("guardian_consent_under", defaults.consent_under),
        max_hours_day=_rule_int("minor_max_hours_day", int(defaults.max_hours_day)),
        max_hours_week=_rule_int("minor_max_hours_week", int(defaults.max_hours_week)),
        no_work_from=_rule_int("minor_no_work_from", defaults.no_work_from),
        no_work_until=_rule_int("minor_no_work_until", defaults.no_work_until),
        light_work_only=light is None or light.value.strip() in ("true", "required"),
    )


def rules() -> list[SchedulingRule]:
    return list(db.session.scalars(db.select(SchedulingRule).order_by(SchedulingRule.key)))


def update_rule(actor: User, rule: SchedulingRule, value: str) -> None:
    value = stored_rule_value(rule.unit, value)
    problem = rule_value_problem(rule.unit, value)
    if problem:
        raise ReferenceError(problem)
    g.pop("_scheduling_rules", None)
    g.pop("_employer_ratio", None)
    g.pop("_young_worker_rules", None)
    old = rule.value
    rule.value = value
    rule.updated_at = utcnow()
    record(actor, "scheduling_rule_changed", object_type="scheduling_rule", object_id=rule.key,
           detail={"from": old, "to": value})


EARTH_RADIUS_KM = 6371.0088


def town_distance_km(a: Town | None, b: Town | None) -> float | None:
    """Straight-line km between two towns; the travel limit is a straight line too, so pages and planner agree."""
    if a is None or b is None:
        return None
    return km_between(a.lat, a.lon, b.lat, b.lon)


def km_between(lat_a: float, lon_a: float, lat_b: float, lon_b: float) -> float:
    """The same from coordinates, for a list that reads the towns' columns rather than towns."""
    lat1, lon1, lat2, lon2 = map(math.radians, (lat_a, lon_a, lat_b, lon_b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))
