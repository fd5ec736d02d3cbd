"""Erasure by anonymisation, consent withdrawal and retention; the access export lives in export.py.

Privacy sits above the features, so it reads and blanks their models directly (models modules only);
tests/test_privacy_coverage.py fails when a table holding a young person is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from flask import current_app

from partnerhub.accounts.models import Invitation, User
from partnerhub.accounts.service import end_all_sessions
from partnerhub.audit.models import AuditEvent
from partnerhub.audit.service import record
from partnerhub.eligibility.models import LastEmployer
from partnerhub.extensions import db
from partnerhub.fair.models import CuriousMark
from partnerhub.guardians.models import Guardian, GuardianConsent
from partnerhub.oidc.models import OidcIdentity
from partnerhub.outbox.models import OutboxMessage
from partnerhub.permissions import Role
from partnerhub.planning.models import (
    AgreementSignature,
    Feedback,
    FollowUpStatus,
    FollowUpTask,
    Outcome,
    Placement,
    PlacementAgreement,
    PlacementStatus,
    Proposal,
    ProposalItem,
    ProposalStatus,
    YouthAnswer,
)
from partnerhub.planning.seam_models import CheckIn, HandoverNote
from partnerhub.privacy.models import DEFAULT_AUDIT_RETENTION_DAYS, DEFAULT_YOUTH_INACTIVE_DAYS, RetentionSettings
from partnerhub.schools.models import Pupil, PupilReferral
from partnerhub.tasters.services.privacy import erase_pupil as erase_tasters
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import YouthProfile

ANONYMOUS_NAME = "Anonymiseret"
# A placement agreed and not finished ("live"). The planning engineer will name this group on the model; until
# then the statuses are listed here: offered, accepted, active or paused keeps a young person out of retention.
LIVE_PLACEMENT_STATUSES = frozenset({PlacementStatus.OFFERED, PlacementStatus.ACCEPTED, PlacementStatus.ACTIVE,
                                     PlacementStatus.PAUSED})
# Audit details that may hold free text typed about the person (a placement's end or decline reason).
AUDIT_FREE_TEXT_KEYS = ("reason",)


def _blank_planning_text(profile: YouthProfile) -> None:
    """The planning free text: comments, reasons, notes and the matcher's quotes of the person's own words."""
    proposal_ids = db.select(Proposal.id).where(Proposal.youth_profile_id == profile.id)
    placement_ids = db.select(Placement.id).where(Placement.youth_profile_id == profile.id)
    db.session.execute(db.update(Proposal).where(Proposal.youth_profile_id == profile.id)
                       .values(youth_comment=None, reject_text=None))
    db.session.execute(db.update(ProposalItem).where(ProposalItem.proposal_id.in_(proposal_ids))
                       .values(explanation=None))
    db.session.execute(db.update(Placement).where(Placement.youth_profile_id == profile.id)
                       .values(decline_reason=None, end_reason=None))
    db.session.execute(db.update(Feedback).where(Feedback.placement_id.in_(placement_ids)).values(comment=None))
    db.session.execute(db.update(CheckIn).where(CheckIn.placement_id.in_(placement_ids)).values(help_text=None))
    db.session.execute(db.update(HandoverNote).where(HandoverNote.placement_id.in_(placement_ids)).values(
        did_well="", helped=None, watch=None, youth_did_well=None, youth_helped=None, youth_watch=None))
    agreement_ids = db.select(PlacementAgreement.id).where(PlacementAgreement.placement_id.in_(placement_ids))
    db.session.execute(db.update(PlacementAgreement).where(PlacementAgreement.placement_id.in_(placement_ids))
                       .values(purpose_youth=None, purpose_staff=None, reasons=None, tasks=None, company_contact=None,
                               unit_contact=None, mentor=None, absence_rule=None, change_reason=None))
    db.session.execute(db.update(AgreementSignature).where(AgreementSignature.agreement_id.in_(agreement_ids))
                       .values(signer_name=None))
    db.session.execute(db.update(FollowUpTask).where(FollowUpTask.youth_profile_id == profile.id)
                       .values(note=None, done_note=None))
    db.session.execute(db.update(Outcome).where(Outcome.youth_profile_id == profile.id)
                       .values(education=None, note=None))


def _blank_audit_free_text(user: User) -> None:
    """Audit rows stay (who, what, when), but free text copied into their details goes; done outside the ORM,
    whose guard keeps the log append-only for everything else."""
    events = db.session.execute(db.select(AuditEvent.id, AuditEvent.detail)
                                .where(AuditEvent.subject_user_id == user.id)).all()
    for event_id, detail in events:
        if isinstance(detail, dict) and any(detail.get(key) for key in AUDIT_FREE_TEXT_KEYS):
            blanked = {**detail, **{key: None for key in AUDIT_FREE_TEXT_KEYS if key in detail}}
            db.session.execute(db.update(AuditEvent.__table__).where(AuditEvent.__table__.c.id == event_id)
                               .values(detail=blanked))


def _delete_guardian(profile: YouthProfile) -> None:
    """The guardian is personal data about the family: their details, consents and the mails sent to them go."""
    guardian = db.session.scalar(db.select(Guardian).where(Guardian.youth_profile_id == profile.id))
    if guardian is None:
        return
    db.session.execute(db.delete(OutboxMessage).where(OutboxMessage.recipient_user_id.is_(None),
                                                      OutboxMessage.recipient == guardian.email))
    db.session.execute(db.delete(GuardianConsent).where(GuardianConsent.guardian_id == guardian.id))
    db.session.execute(db.delete(Guardian).where(Guardian.id == guardian.id))


def _delete_school_records(user: User, profile: YouthProfile) -> None:
    """The person as a pupil (their class, guardian, needs) and the school's flags about them go."""
    pupil_ids = db.select(Pupil.id).where(Pupil.user_id == user.id)
    db.session.execute(db.delete(PupilReferral).where(PupilReferral.pupil_id.in_(pupil_ids)
                                                      | (PupilReferral.youth_profile_id == profile.id)))
    for pupil in db.session.scalars(db.select(Pupil).where(Pupil.user_id == user.id)):
        erase_tasters(pupil)  # the taster wishes, places and consents
    db.session.execute(db.delete(Pupil).where(Pupil.user_id == user.id))


def anonymise(actor: User | None, profile: YouthProfile, reason: str) -> None:
    """Erasure keeps the rows and their numbers (town, readiness, placements, outcomes) but nothing that names the
    person or was written about them."""
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
    db.session.flush()
    db.session.execute(db.update(CuriousMark).where(CuriousMark.youth_profile_id == profile.id)
                       .values(reflection=None))
    _blank_planning_text(profile)
    _blank_audit_free_text(user)
    db.session.execute(db.delete(Invitation).where(Invitation.user_id == user.id))
    db.session.execute(db.delete(OutboxMessage).where(OutboxMessage.recipient_user_id == user.id))
    _delete_guardian(profile)
    db.session.execute(db.delete(LastEmployer).where(LastEmployer.youth_profile_id == profile.id))
    _delete_school_records(user, profile)
    # Unlinked, so signing in with MitID again starts afresh instead of reaching the anonymised account.
    db.session.execute(db.delete(OidcIdentity).where(OidcIdentity.user_id == user.id))
    db.session.expire_all()
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
    """The latest sign of life: the profile, the account, the staff record, and the planning that follows them."""
    moments = [profile.created_at, profile.user.created_at, profile.user.last_login_at, profile.profile_updated_at]
    if profile.staff_record is not None:
        moments.append(profile.staff_record.updated_at)
    latest_placement_day = db.session.scalar(db.select(db.func.max(Placement.ends_on))
                                             .where(Placement.youth_profile_id == profile.id))
    if latest_placement_day is not None:
        moments.append(datetime.combine(latest_placement_day, time.min))
    moments += db.session.execute(db.select(
        db.select(db.func.max(Outcome.recorded_at)).where(Outcome.youth_profile_id == profile.id).scalar_subquery(),
        db.select(db.func.max(FollowUpTask.done_at)).where(FollowUpTask.youth_profile_id == profile.id)
        .scalar_subquery(),
        db.select(db.func.max(Proposal.youth_answered_at)).where(Proposal.youth_profile_id == profile.id)
        .scalar_subquery(),
    )).one()
    return max(moment for moment in moments if moment is not None)


def in_running_effort(profile: YouthProfile) -> bool:
    """Retention never touches a live placement or an open follow-up task (outcome reminders are such tasks)."""
    live_placement = db.select(Placement.id).where(Placement.youth_profile_id == profile.id,
                                                   Placement.status.in_(LIVE_PLACEMENT_STATUSES))
    open_task = db.select(FollowUpTask.id).where(FollowUpTask.youth_profile_id == profile.id,
                                                 FollowUpTask.status == FollowUpStatus.OPEN)
    return bool(db.session.scalar(db.select(live_placement.exists() | open_task.exists())))


@dataclass
class RetentionReport:
    dry_run: bool
    cutoff: datetime
    audit_cutoff: datetime
    youth: list[tuple[int, str, datetime]] = field(default_factory=list)  # profile id, first name, last activity
    kept_in_effort: int = 0  # inactive, but with a live placement or an open follow-up task
    audit_events: int = 0
    superseded_proposals: int = 0  # replaced by a later matcher run, never acted on, past the limit
    pupils: int = 0  # past their school year's end plus the set period (PUPIL_RETENTION_AFTER_SCHOOL_YEAR)


def _untouched_superseded_proposals(created_before: datetime) -> list[int]:
    """Proposals a later matcher run replaced and nobody acted on hold no history the audit log needs (no decision,
    no answer, no placement, no audit event names them), so re-runs don't pile them up. The rest are kept."""
    named_in_audit = db.select(AuditEvent.object_id).where(AuditEvent.object_type == "proposal",
                                                           AuditEvent.object_id.is_not(None))
    return list(db.session.scalars(db.select(Proposal.id).where(
        Proposal.status == ProposalStatus.SUPERSEDED, Proposal.source == "matcher",
        Proposal.created_at < created_before, Proposal.decided_by_id.is_(None),
        Proposal.youth_answer == YouthAnswer.PENDING, Proposal.youth_comment.is_(None), ~Proposal.placements.any(),
        db.cast(Proposal.id, db.String).not_in(named_in_audit),
    )))


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
        seen = last_activity(profile)
        if seen >= report.cutoff:
            continue
        if in_running_effort(profile):
            report.kept_in_effort += 1
            continue
        report.youth.append((profile.id, profile.first_name, seen))
        if not dry_run:
            anonymise(actor, profile, "retention")
    from partnerhub.schools.service import run_pupil_retention

    report.pupils = run_pupil_retention(actor, dry_run=dry_run, today=now.date())
    superseded = _untouched_superseded_proposals(now - timedelta(days=current_app.config["SUPERSEDED_PROPOSAL_DAYS"]))
    report.superseded_proposals = len(superseded)
    if not dry_run and superseded:
        db.session.execute(db.delete(ProposalItem).where(ProposalItem.proposal_id.in_(superseded)))
        db.session.execute(db.delete(Proposal).where(Proposal.id.in_(superseded)))
    old_events = db.select(AuditEvent).where(AuditEvent.occurred_at < report.audit_cutoff)
    report.audit_events = db.session.scalar(db.select(db.func.count()).select_from(old_events.subquery())) or 0
    if not dry_run:
        # The audit log's own retention rule: the one deletion allowed, done in bulk outside the ORM's guard.
        db.session.execute(db.delete(AuditEvent).where(AuditEvent.occurred_at < report.audit_cutoff))
        record(actor, "retention_run", detail={"anonymised": len(report.youth), "audit_deleted": report.audit_events,
                                               "superseded_proposals_deleted": report.superseded_proposals,
                                               "pupils_deleted": report.pupils})
    return report
