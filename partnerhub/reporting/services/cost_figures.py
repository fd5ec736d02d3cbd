"""The cost figures behind the business case: seeded from the shipped file, edited by admins with a history."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from partnerhub.accounts.models import User
from partnerhub.audit.service import record
from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.reporting.models import CostFigure, CostFigureChange

DATA_FILE = Path(__file__).parent.parent / "data" / "cost_figures.csv"


def _parse_value(text: str) -> tuple[float | None, float | None]:
    """"7000000" is a point, "12000000000-15000000000" a range; "<1" and blanks are kept as text only."""
    text = (text or "").strip()
    if not text:
        return None, None
    try:
        if "-" in text[1:]:
            low, high = text.split("-", 1)
            return float(low), float(high)
        value = float(text)
    except ValueError:
        return None, None
    return value, value


def seed_cost_figures() -> int:
    """Adds the figures the file has and the database lacks; an admin's later edits are never overwritten."""
    existing = set(db.session.scalars(sa.select(CostFigure.key)))
    added = 0
    with DATA_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["figure_key"] in existing:
                continue
            low, high = _parse_value(row["value"])
            db.session.add(CostFigure(
                key=row["figure_key"], description=row["description"], value_text=row["value"] or None,
                value_low=low, value_high=high, unit=row["unit"] or None, scope=row["scope"] or None,
                data_year=row["price_or_data_year"] or None, source_org=row["source_org"] or None,
                source_title=row["source_title"] or None, source_url=row["source_url"] or None,
                publication_year=row["publication_year"] or None, confidence=row["confidence"] or None,
                caveat=row["caveat"] or None))
            added += 1
    db.session.flush()
    return added


def cost_figures() -> list[CostFigure]:
    return list(db.session.scalars(sa.select(CostFigure).order_by(CostFigure.id)))


EDITABLE = ("value_low", "value_high", "data_year", "confidence", "caveat")


def update_cost_figure(actor: User, figure: CostFigure, values: dict[str, Any], reason: str | None) -> bool:
    """Only admins; the old and new values go to the history table and the audit log."""
    if actor.role is not Role.ADMIN:
        raise PermissionError
    before = {name: getattr(figure, name) for name in EDITABLE}
    after = {name: values.get(name, before[name]) for name in EDITABLE}
    if before == after:
        return False
    for name, value in after.items():
        setattr(figure, name, value)
    figure.value_text = None if after["value_low"] is None else (
        f"{after['value_low']:g}" if after["value_low"] == after["value_high"]
        else f"{after['value_low']:g}-{after['value_high']:g}")
    figure.updated_by_id = actor.id
    db.session.add(CostFigureChange(figure=figure, changed_by_id=actor.id, before=before, after=after,
                                    reason=reason or None))
    record(actor, "cost_figure_changed", object_type="cost_figure", object_id=figure.id,
           detail={"key": figure.key, "before": before, "after": after})
    db.session.flush()
    return True
