"""Attendance: HR mark only the exceptions (absence, no-show) per working day; a no-show or two absences in a row
become a follow-up task for the consultant. The placement itself is never ended here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from partnerhub.accounts.models import User
from partnerhub.audit.service import record
from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.planning.models import (
    AttendanceException,
    AttendanceKind,
    FollowUpKind,
    FollowUpTask,
    Placement,
    PlacementStatus,
)
from partnerhub.planning.services.common import PlanningError, today
from partnerhub.planning.services.followup import create_task
from partnerhub.planning.services.placements import capacity_of, require_own_company, transition_placement
from partnerhub.timeutil import utcnow

WORKDAYS = [1, 2, 3, 4, 5]  # ISO weekdays Monday to Friday


def _previous_workday(day: date) -> date:
    day -= timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def record_attendance(actor: User, placement: Placement,
                      marks: dict[date, AttendanceKind | None]) -> list[FollowUpTask]:
    """Only exceptions are stored. A no-show, or two absences on consecutive working days, creates a follow-up task
    for the consultant. The placement itself is never ended here."""
    require_own_company(actor, placement)
    for day in marks:
        if not placement.starts_on <= day <= placement.ends_on:
            raise PlanningError(_("%(day)s ligger uden for praktikken.", day=day.strftime("%d.%m.%Y")))
        if day > today():
            raise PlanningError(_("Fremmøde kan kun registreres for dage, der er gået."))
    if placement.is_accepted:
        transition_placement(actor, placement, PlacementStatus.ACTIVE)  # refused without the written statement
    if not placement.is_started:
        raise PlanningError(_("Fremmøde kan registreres, når praktikken er i gang."))
    changed = _store_marks(actor, placement, marks)
    db.session.flush()
    record(actor, "attendance_recorded", object_type="placement", object_id=placement.id,
           subject_user_id=placement.profile.user_id, detail={"changed": changed})
    return _follow_ups(placement, changed)


def _store_marks(actor: User, placement: Placement, marks: dict[date, AttendanceKind | None]) -> dict[str, str]:
    """Adds, changes or removes the exception rows; returns what changed, by ISO day."""
    existing = {a.day: a for a in placement.attendance}
    changed = {}
    for day, kind in marks.items():
        row = existing.get(day)
        if kind is None and row is not None:
            placement.attendance.remove(row)
            changed[day.isoformat()] = "present"
        elif kind is not None and (row is None or row.kind is not kind):
            if row is None:
                row = AttendanceException(day=day, kind=kind, recorded_by_id=actor.id)
                placement.attendance.append(row)
            row.kind, row.recorded_by_id, row.recorded_at = kind, actor.id, utcnow()
            changed[day.isoformat()] = str(kind)
    return changed


def _follow_ups(placement: Placement, changed: dict[str, str]) -> list[FollowUpTask]:
    exceptions = {a.day: a.kind for a in placement.attendance}
    tasks = []
    for day_text, kind_text in sorted(changed.items()):
        day = date.fromisoformat(day_text)
        if kind_text == AttendanceKind.NO_SHOW.value:
            tasks.append(create_task(placement.profile, FollowUpKind.NO_SHOW, placement=placement,
                                     note=_("Udeblev %(day)s hos %(company)s.", day=day.strftime("%d.%m.%Y"),
                                            company=placement.company.name)))
        if kind_text in (AttendanceKind.ABSENT.value, AttendanceKind.NO_SHOW.value):
            neighbours = [_previous_workday(day)] + [d for d in exceptions if _previous_workday(d) == day]
            if any(n in exceptions for n in neighbours):
                tasks.append(create_task(placement.profile, FollowUpKind.ABSENCES, placement=placement,
                                         note=_("To fraværsdage i træk omkring %(day)s hos %(company)s.",
                                                day=day.strftime("%d.%m.%Y"), company=placement.company.name)))
    return [t for t in tasks if t is not None]


def week_days(placement: Placement, monday: date, weekdays: list[int] | None = None) -> list[date]:
    """The working days of one week that fall inside the placement (and, if known, on the company's weekdays)."""
    days = [monday + timedelta(days=i) for i in range(5)]
    allowed = set(weekdays or WORKDAYS)
    return [d for d in days if placement.starts_on <= d <= placement.ends_on and d.isoweekday() in allowed]


@dataclass
class AttendanceWeek:
    """One week of the attendance page: its Monday, the days HR can mark, what is stored, and every week to pick."""

    monday: date
    days: list[date]
    current: dict[date, str]
    weeks: list[date]


def attendance_week(placement: Placement, day: date | None) -> AttendanceWeek:
    """The week holding `day`, or this week kept inside the placement; only the company's working days."""
    if day is None:
        day = min(max(today(), placement.starts_on), placement.ends_on)
    monday = day - timedelta(days=day.weekday())
    capacity = capacity_of(placement)
    first = placement.starts_on - timedelta(days=placement.starts_on.weekday())
    weeks = [first + timedelta(weeks=n) for n in range((placement.ends_on - first).days // 7 + 1)]
    return AttendanceWeek(monday=monday, days=week_days(placement, monday, capacity.weekday_list if capacity else None),
                          current={a.day: a.kind.value for a in placement.attendance}, weeks=weeks)


def marks_from_form(values: dict[date, str]) -> dict[date, AttendanceKind | None]:
    """The form's choice per day as marks; a future day left at "present" is skipped: nothing to record yet."""
    known = {k.value for k in AttendanceKind}
    return {day: AttendanceKind(value) if value in known else None
            for day, value in values.items() if value or day <= today()}
