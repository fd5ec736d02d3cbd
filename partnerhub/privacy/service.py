"""Access export, anonymisation and retention. Other features plug in their own data through the registries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from partnerhub.accounts.models import Invitation, User
from partnerhub.accounts.service import end_all_sessions
from partnerhub.audit.models import AuditEvent
from partnerhub.audit.service import record
from partnerhub.extensions import db
from partnerhub.fair.models import CuriousMark
from partnerhub.permissions import Role
from partnerhub.privacy.models import DEFAULT_AUDIT_RETENTION_DAYS, DEFAULT_YOUTH_INACTIVE_DAYS, RetentionSettings
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import YouthProfile

ExportSection = Callable[[YouthProfile], Any]
Anonymiser = Callable[[YouthProfile], None]
RetentionGuard = Callable[[YouthProfile], bool]

# Features register what they hold about a young person, so the export and the erasure never miss a table.
_EXPORT_SECTIONS: dict[str, ExportSection] = {}
_ANONYMISERS: list[Anonymiser] = []
_RETENTION_GUARDS: list[RetentionGuard] = []
ANONYMOUS_NAME = "Anonymiseret"


def register_export_section(name: str, section: ExportSection) -> None:
    _EXPORT_SECTIONS[name] = section


def register_anonymiser(anonymiser: Anonymiser) -> None:
    if anonymiser not in _ANONYMISERS:
        _ANONYMISERS.append(anonymiser)


def register_retention_guard(guard: RetentionGuard) -> None:
    """A guard returning True keeps a young person (e.g. one with an active placement) out of retention."""
    if guard not in _RETENTION_GUARDS:
        _RETENTION_GUARDS.append(guard)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "value") and hasattr(value, "name"):  # enums
        return value.value
    return value


def personal_data_export(actor: User, profile: YouthProfile) -> dict:
    """Everything held about one young person, including who looked at it (GDPR art. 15)."""
    user = profile.user
    staff = profile.staff_record
    events = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.subject_user_id == user.id).order_by(AuditEvent.id)
    ).all()
    actors = {u.id: u for u in db.session.scalars(db.select(User).where(User.id.in_({e.actor_id for e in events})))}
    marks = db.session.scalars(db.select(CuriousMark).where(CuriousMark.youth_profile_id == profile.id)).all()
    export = {
        "format": "partnerhub-personal-data/1",
        "generated_at": _plain(utcnow()),
        "account": {
            "email": user.email, "name": user.name, "role": _plain(user.role), "language": user.locale,
            "created_at": _plain(user.created_at), "last_login_at": _plain(user.last_login_at),
        },
        "profile": {
            "first_name": profile.first_name, "last_name": profile.last_name, "birth_year": profile.birth_year,
            "town": profile.town.name if profile.town else None, "transport": _plain(profile.transport),
            "max_travel": profile.max_travel, "max_travel_unit": _plain(profile.max_travel_unit),
            "interests": profile.interests, "trade_areas": [area.name_da for area in profile.trade_areas],
            "weekdays": profile.weekday_list, "earliest_start": _plain(profile.earliest_start),
            "needs_adjustments": profile.needs_adjustments, "accommodations": profile.accommodations,
            "share_accommodation_details": profile.share_accommodation_details,
        },
        "youth_unit_record": None if staff is None else {
            "readiness": _plain(staff.readiness), "effort_focus": staff.effort_focus,
            "consultant": staff.consultant.name if staff.consultant else None, "notes": staff.notes,
        },
        "curious_marks": [
            {"company_id": m.company_id, "trade_area_id": m.trade_area_id, "level": _plain(m.level),
             "reflection": m.reflection, "created_at": _plain(m.created_at)}
            for m in marks
        ],
        "access_log": [
            {"when": _plain(e.occurred_at), "who": actors[e.actor_id].name if e.actor_id in actors else None,
             "role": e.actor_role, "action": e.action, "outcome": e.outcome}
            for e in events
        ],
    }
    for name, section in sorted(_EXPORT_SECTIONS.items()):
        export[name] = section(profile)
    record(actor, "personal_data_exported", object_type="youth", object_id=profile.id, subject_user_id=user.id)
    return export


def anonymise(actor: User | None, profile: YouthProfile, reason: str) -> None:
    """Erasure keeps the row and its numbers (town, readiness, placements) but nothing that names the person."""
    user = profile.user
    if user.anonymised_at is not None:
        return
    user.email = f"anonymiseret-{user.id}@partnerhub.invalid"
    user.name = ANONYMOUS_NAME
    user.password_hash = None
    user.active = False
    user.anonymised_at = utcnow()
    end_all_sessions(user)
    profile.first_name, profile.last_name = ANONYMOUS_NAME, None
    profile.interests = profile.accommodations = None
    profile.share_accommodation_details = False
    if profile.staff_record is not None:
        profile.staff_record.notes = profile.staff_record.effort_focus = None
    for mark in db.session.scalars(db.select(CuriousMark).where(CuriousMark.youth_profile_id == profile.id)):
        mark.reflection = None
    db.session.execute(db.delete(Invitation).where(Invitation.user_id == user.id))
    for anonymiser in _ANONYMISERS:
        anonymiser(profile)
    record(actor, "youth_anonymised", object_type="youth", object_id=profile.id, subject_user_id=user.id,
           detail={"reason": reason[:200]})


def withdraw_sharing_consent(actor: User, profile: YouthProfile) -> None:
    """One click: companies go back to seeing only "needs adjustments"."""
    profile.share_accommodation_details = False
    record(actor, "consent_withdrawn", object_type="youth", object_id=profile.id, subject_user_id=profile.user_id,
           detail={"consent": "share_accommodation_details"})


def retention_settings() -> RetentionSettings:
    """The one settings row; until an admin first saves it, the defaults, unsaved, so a read writes nothing."""
    return db.session.get(RetentionSettings, 1) or RetentionSettings(
        id=1, youth_inactive_days=DEFAULT_YOUTH_INACTIVE_DAYS, audit_retention_days=DEFAULT_AUDIT_RETENTION_DAYS)


def update_retention_settings(actor: User, *, youth_inactive_days: int, audit_retention_days: int) -> None:
    settings = retention_settings()
    db.session.add(settings)
    before = {"youth_inactive_days": settings.youth_inactive_days,
              "audit_retention_days": settings.audit_retention_days}
    settings.youth_inactive_days = youth_inactive_days
    settings.audit_retention_days = audit_retention_days
    settings.updated_by_id = actor.id
    record(actor, "retention_settings_changed", object_type="retention_settings", object_id=1,
           detail={"before": before, "after": {"youth_inactive_days": youth_inactive_days,
                                               "audit_retention_days": audit_retention_days}})


def last_activity(profile: YouthProfile) -> datetime:
    moments = [profile.created_at, profile.user.created_at, profile.user.last_login_at, profile.profile_updated_at]
    if profile.staff_record is not None:
        moments.append(profile.staff_record.updated_at)
    return max(moment for moment in moments if moment is not None)


@dataclass
class RetentionReport:
    dry_run: bool
    cutoff: datetime
    audit_cutoff: datetime
    youth: list[tuple[int, str, datetime]] = field(default_factory=list)  # profile id, first name, last activity
    kept_by_guard: int = 0
    audit_events: int = 0


def run_retention(actor: User | None, *, dry_run: bool, now: datetime | None = None) -> RetentionReport:
    """Anonymises young people inactive past the limit and drops audit events past theirs; a dry run only counts."""
    now = now or utcnow()
    settings = retention_settings()
    report = RetentionReport(dry_run=dry_run, cutoff=now - timedelta(days=settings.youth_inactive_days),
                             audit_cutoff=now - timedelta(days=settings.audit_retention_days))
    profiles = db.session.scalars(
        db.select(YouthProfile).join(User, YouthProfile.user_id == User.id)
        .where(User.role == Role.YOUTH, User.anonymised_at.is_(None), YouthProfile.created_at < report.cutoff)
        .order_by(YouthProfile.id)
    ).all()
    for profile in profiles:
        if last_activity(profile) >= report.cutoff:
            continue
        if any(guard(profile) for guard in _RETENTION_GUARDS):
            report.kept_by_guard += 1
            continue
        report.youth.append((profile.id, profile.first_name, last_activity(profile)))
        if not dry_run:
            anonymise(actor, profile, "retention")
    old_events = db.select(AuditEvent).where(AuditEvent.occurred_at < report.audit_cutoff)
    report.audit_events = db.session.scalar(db.select(db.func.count()).select_from(old_events.subquery())) or 0
    if not dry_run:
        # The audit log's own retention rule: the one deletion allowed, done in bulk outside the ORM's guard.
        db.session.execute(db.delete(AuditEvent).where(AuditEvent.occurred_at < report.audit_cutoff))
        record(actor, "retention_run", detail={"anonymised": len(report.youth), "audit_deleted": report.audit_events})
    return report
