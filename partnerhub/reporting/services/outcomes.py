"""Where young people went after their placements: education, job, other or unknown, at 3, 6 and 12 months."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

import sqlalchemy as sa

from partnerhub.accounts.models import User
from partnerhub.companies.models import PlanningPeriod
from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.planning.models import HOSTED, Outcome, OutcomeKind, Placement
from partnerhub.planning.services.common import add_months, today
from partnerhub.reporting.services.common import (
    HIDDEN,
    MIN_GROUP,
    Filters,
    Table,
    dimension,
    dimension_labels,
    in_range,
    sees_small_counts,
    youth_filter,
)

HORIZONS = (3, 6, 12)
OUTCOME_CLASSES = ("education", "job", "other", "unknown")
OUTCOME_CLASS_LABELS = {"education": _l("Uddannelse"), "job": _l("Job"), "other": _l("Andet"),
                        "unknown": _l("Ukendt")}
CLASS_OF_KIND = {OutcomeKind.EDUCATION: "education", OutcomeKind.JOB: "job", OutcomeKind.INTERNSHIP: "other",
                 OutcomeKind.OTHER_OFFER: "other", OutcomeKind.UNKNOWN: "unknown"}


def _reference_dates(filters: Filters) -> sa.Subquery:
    """Each young person's last day in a hosted placement in the range: the clock for 3, 6 and 12 months."""
    return (sa.select(Placement.youth_profile_id.label("youth_id"), sa.func.max(Placement.ends_on).label("ref"))
            .join(PlanningPeriod, PlanningPeriod.id == Placement.period_id)
            .where(Placement.status.in_(HOSTED), Placement.youth_profile_id.in_(youth_filter(filters)),
                   *in_range(PlanningPeriod.starts_on, filters))
            .group_by(Placement.youth_profile_id).subquery("refs"))


def outcome_classes(filters: Filters, youth_ids: sa.Select | None = None,
                    on: date | None = None) -> list[tuple[int, str, dict[int, str | None]]]:
    """Per young person and breakdown key and, per horizon, the outcome class (None while not yet due).

    The classification is per person in Python, over two narrow queries of placed young people only: adding
    months to a date differs between SQLite and PostgreSQL, and these rows are few next to all young people.
    """
    on = on or today()
    refs = _reference_dates(filters)
    dim = dimension(filters.breakdown)
    query = sa.select(refs.c.youth_id, refs.c.ref, dim.c.key).join(dim, dim.c.youth_id == refs.c.youth_id)
    if youth_ids is not None:
        query = query.where(refs.c.youth_id.in_(youth_ids))
    people = db.session.execute(query).all()
    outcomes: dict[int, list[tuple[datetime, OutcomeKind]]] = defaultdict(list)
    for youth_id, kind, recorded_at in db.session.execute(
            sa.select(Outcome.youth_profile_id, Outcome.kind, Outcome.recorded_at)
            .where(Outcome.youth_profile_id.in_(sa.select(refs.c.youth_id)))
            .order_by(Outcome.recorded_at, Outcome.id)):
        outcomes[youth_id].append((recorded_at, kind))
    result: list[tuple[int, str, dict[int, str | None]]] = []
    for youth_id, ref, key in people:
        by_horizon: dict[int, str | None] = {}
        for months in HORIZONS:
            due = add_months(ref, months)
            if due > on:
                by_horizon[months] = None
                continue
            latest = [kind for at, kind in outcomes.get(youth_id, []) if at.date() <= due]
            by_horizon[months] = CLASS_OF_KIND[latest[-1]] if latest else "unknown"
        result.append((youth_id, key, by_horizon))
    return result


def outcomes_table(filters: Filters) -> Table:
    classes = outcome_classes(filters)
    counts: dict[tuple[str, int], dict[str, int]] = defaultdict(lambda: dict.fromkeys(OUTCOME_CLASSES, 0))
    for _youth_id, key, by_horizon in classes:
        for months, cls in by_horizon.items():
            if cls is not None:
                counts[(key, months)][cls] += 1
    labels = dimension_labels(filters.breakdown)
    table = Table("outcomes", _("Resultater 3, 6 og 12 måneder efter sidste praktik"),
                  [_("Gruppe"), _("Måneder efter"), *[str(OUTCOME_CLASS_LABELS[c]) for c in OUTCOME_CLASSES],
                   _("I alt")],
                  note=_("Det senest registrerede resultat på det tidspunkt; uden registrering tæller den unge som "
                         "ukendt. Unge, hvis tidspunkt ikke er nået endnu, er ikke med."),
                  people_columns=tuple(range(2, 3 + len(OUTCOME_CLASSES))), total_column=2 + len(OUTCOME_CLASSES))
    for (key, months), per_class in sorted(counts.items(), key=lambda item: (labels.get(item[0][0], item[0][0]),
                                                                             item[0][1])):
        table.rows.append([labels.get(key, key), months, *per_class.values(), sum(per_class.values())])
    return table


def recorded_outcome_counts(youth_ids: sa.Select | None = None) -> dict[str, int]:
    """Young people by their latest recorded outcome class (education, job, other, unknown)."""
    latest = (sa.select(Outcome.youth_profile_id, sa.func.max(Outcome.id).label("outcome_id"))
              .group_by(Outcome.youth_profile_id))
    if youth_ids is not None:
        latest = latest.where(Outcome.youth_profile_id.in_(youth_ids))
    latest_sq = latest.subquery()
    rows = db.session.execute(sa.select(Outcome.kind, sa.func.count()).join(
        latest_sq, latest_sq.c.outcome_id == Outcome.id).group_by(Outcome.kind))
    counts = dict.fromkeys(OUTCOME_CLASSES, 0)
    for kind, count in rows:
        counts[CLASS_OF_KIND[kind]] += count
    return counts


def shown_outcome_counts(actor: User, counts: dict[str, int]) -> dict[str, int | str]:
    """The counts as the actor may see them: management gets a count under MIN_GROUP young people as HIDDEN."""
    if sees_small_counts(actor):
        return dict(counts)
    return {cls: HIDDEN if 0 < count < MIN_GROUP else count for cls, count in counts.items()}
