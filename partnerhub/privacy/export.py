"""The access export (GDPR art. 15): everything held about one young person, in words they can read.

Privacy sits above the features, so it reads their models directly; tests/test_privacy_coverage.py fails when a
table that holds a young person is missing here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from partnerhub.accounts.models import User
from partnerhub.audit.models import AuditEvent
from partnerhub.audit.service import record
from partnerhub.eligibility.models import LastEmployer
from partnerhub.extensions import db
from partnerhub.fair.models import CuriosityLevel, CuriousMark, FairAttendee
from partnerhub.guardians.models import GuardianConsent
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.oidc.models import OidcIdentity
from partnerhub.outbox.models import OutboxMessage
from partnerhub.permissions import Role
from partnerhub.planning.models import (
    FeedbackAuthor,
    FollowUpTask,
    Outcome,
    Placement,
    PlacementAgreement,
    PlanningRound,
    Proposal,
    RoundParticipant,
)
from partnerhub.planning.seam_models import CheckIn, HandoverNote
from partnerhub.schools.models import Pupil, PupilReferral
from partnerhub.tasters.services.privacy import export_pupil as taster_export
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import YouthProfile

EXPORT_FORMAT = "partnerhub-personal-data/2"
ROLE_CODES = {role.value for role in Role}
CURIOSITY_LABELS = {CuriosityLevel.CURIOUS: _l("Jeg er nysgerrig"),
                    CuriosityLevel.WANT_TO_TRY: _l("Det vil jeg gerne prøve")}
# The feedback questions as asked (planning/service.py asks them; privacy may not import it, so the words are here).
FEEDBACK_QUESTIONS = {
    "welcome": _l("Blev du taget godt imod?"),
    "learned": _l("Lærte du noget nyt?"),
    "again": _l("Vil du gerne arbejde med noget lignende igen?"),
    "attendance": _l("Kom den unge til tiden og som aftalt?"),
    "engagement": _l("Var den unge engageret i opgaverne?"),
    "cooperation": _l("Hvordan gik samarbejdet med Ungeenheden?"),
}
MATCH_REASONS = {
    "shared_terms": _l("Ord fra dine interesser, der passer til virksomheden"),
    "shared_trade_areas": _l("Fælles fagområder"),
    "shared_main_areas": _l("Fælles hovedområder"),
    "curious_hits": _l("Noget, du har markeret som spændende"),
}


def _when(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _label(value: Any) -> str | None:
    """An enum member as the words the person sees on the site, never its code."""
    return None if value is None else str(value.label)


def _name(user: User | None) -> str | None:
    return user.name if user is not None else None


def _account(user: User) -> dict:
    return {"email": user.email, "name": user.name, "role": _label(user.role), "language": user.locale,
            "created_at": _when(user.created_at), "last_login_at": _when(user.last_login_at)}


def _profile(profile: YouthProfile) -> dict:
    return {
        "first_name": profile.first_name, "last_name": profile.last_name, "birth_year": profile.birth_year,
        "town": profile.town.name if profile.town else None, "transport": _label(profile.transport),
        "max_travel": profile.max_travel, "max_travel_unit": _label(profile.max_travel_unit),
        "interests": profile.interests, "trade_areas": [area.name for area in profile.trade_areas],
        "weekdays": profile.weekday_label if profile.weekdays else None,
        "earliest_start": _when(profile.earliest_start),
        "needs_adjustments": profile.needs_adjustments, "accommodations": profile.accommodations,
        "share_accommodation_details": profile.share_accommodation_details,
    }


def _youth_unit_record(profile: YouthProfile) -> dict | None:
    staff = profile.staff_record
    if staff is None:
        return None
    return {"readiness": _label(staff.readiness), "effort_focus": staff.effort_focus,
            "consultant": _name(staff.consultant), "notes": staff.notes}


def _curious_marks(profile: YouthProfile) -> list[dict]:
    marks = db.session.scalars(db.select(CuriousMark).where(CuriousMark.youth_profile_id == profile.id)
                               .order_by(CuriousMark.id))
    return [{"company": mark.company.name if mark.company else None,
             "trade_area": mark.trade_area.name if mark.trade_area else None,
             "level": str(CURIOSITY_LABELS[mark.level]), "reflection": mark.reflection,
             "created_at": _when(mark.created_at)} for mark in marks]


def _fair_events(profile: YouthProfile) -> list[dict]:
    attendees = db.session.scalars(db.select(FairAttendee).where(FairAttendee.youth_profile_id == profile.id)
                                   .order_by(FairAttendee.id))
    return [{"fair": row.event.name, "held_on": _when(row.event.held_on), "place": row.event.place,
             "signed_up_at": _when(row.created_at)} for row in attendees]


def _planning_rounds(profile: YouthProfile) -> list[dict]:
    rounds = db.session.execute(
        db.select(PlanningRound, RoundParticipant).join(RoundParticipant, RoundParticipant.round_id == PlanningRound.id)
        .where(RoundParticipant.youth_profile_id == profile.id).order_by(RoundParticipant.id)).all()
    return [{"round": round_.name, "starts_on": _when(round_.starts_on), "ends_on": _when(round_.ends_on),
             "included_at": _when(participant.created_at)} for round_, participant in rounds]


def _match_reasons(explanation: dict | None) -> dict:
    explanation = explanation or {}
    reasons = {str(label): explanation[key] for key, label in MATCH_REASONS.items() if explanation.get(key)}
    if explanation.get("distance_km") is not None:
        reasons[str(_l("Afstand (km)"))] = explanation["distance_km"]
    return reasons


def _proposals(profile: YouthProfile) -> list[dict]:
    proposals = db.session.scalars(db.select(Proposal).where(Proposal.youth_profile_id == profile.id)
                                   .order_by(Proposal.id))
    return [{
        "round": proposal.round.name, "status": _label(proposal.status), "created_at": _when(proposal.created_at),
        "decided_at": _when(proposal.decided_at), "reason_for_rejection": proposal.reject_text,
        "your_answer": _label(proposal.youth_answer), "answered_at": _when(proposal.youth_answered_at),
        "your_comment": proposal.youth_comment,
        "companies": [{"company": item.company.name, "period": item.period.name,
                       "starts_on": _when(item.period.starts_on), "ends_on": _when(item.period.ends_on),
                       "why_suggested": _match_reasons(item.explanation)} for item in proposal.items],
    } for proposal in proposals]


def _placements(profile: YouthProfile) -> list[dict]:
    placements = db.session.scalars(db.select(Placement).where(Placement.youth_profile_id == profile.id)
                                    .order_by(Placement.starts_on, Placement.id))
    return [{
        "company": placement.company.name, "period": placement.period.name,
        "starts_on": _when(placement.starts_on), "ends_on": _when(placement.ends_on),
        "status": _label(placement.status), "status_changed_at": _when(placement.status_changed_at),
        "company_answered_at": _when(placement.company_answered_at),
        "reason_declined": placement.decline_reason, "reason_ended": placement.end_reason,
        "written_statement_complete": placement.statement_complete,
        "guardian_consents": [{"status": _label(c.status), "requested_at": _when(c.requested_at),
                               "reminders": c.reminders, "answered_at": _when(c.answered_at),
                               "withdrawn_at": _when(c.withdrawn_at), "reason": c.reason}
                              for c in db.session.scalars(db.select(GuardianConsent).where(
                                  GuardianConsent.placement_id == placement.id).order_by(GuardianConsent.id))],
        "attendance": [{"day": _when(row.day), "kind": _label(row.kind)} for row in placement.attendance],
        "feedback": [{"from": _label(row.author), "comment": row.comment, "given_at": _when(row.created_at),
                      "answers": {str(FEEDBACK_QUESTIONS.get(key, key)): score
                                  for key, score in (row.answers or {}).items()}}
                     for row in sorted(placement.feedback, key=lambda f: f.author is not FeedbackAuthor.YOUTH)],
        "agreement": _agreement(placement.agreement),
        "handover_note": _handover_note(placement),
        "check_ins": [{"from": _label(row.author), "how_it_goes_1_to_5": row.how, "wants_help": row.wants_help,
                       "help_with": row.help_text, "given_at": _when(row.created_at)}
                      for row in db.session.scalars(db.select(CheckIn).where(CheckIn.placement_id == placement.id)
                                                    .order_by(CheckIn.id))],
    } for placement in placements]


def _handover_note(placement: Placement) -> dict | None:
    """The company's note for the next company, as written and as the young person changed it, with its status."""
    note = db.session.scalar(db.select(HandoverNote).where(HandoverNote.placement_id == placement.id))
    if note is None:
        return None
    return {"status": _label(note.status), "written_at": _when(note.written_at),
            "did_well": note.did_well, "helped": note.helped, "watch": note.watch,
            "your_version": {"did_well": note.youth_did_well, "helped": note.youth_helped,
                             "watch": note.youth_watch} if note.youth_edited else None,
            "answered_at": _when(note.youth_answered_at)}


def _agreement(agreement: PlacementAgreement | None) -> dict | None:
    """The placement's written agreement, every field of it, with every signature (also those a change outdated)."""
    if agreement is None:
        return None
    return {
        "status": _label(agreement.status), "purpose_in_own_words": agreement.purpose_youth,
        "purpose": agreement.purpose_staff, "reasons": agreement.reasons, "tasks": agreement.tasks,
        "weekdays": agreement.weekday_label, "hours": f"{agreement.hours_from}-{agreement.hours_to}",
        "company_contact": agreement.company_contact, "unit_contact": agreement.unit_contact,
        "mentor": agreement.mentor, "absence_rule": agreement.absence_rule, "rule_basis": agreement.rule_basis,
        "reason_changed": agreement.change_reason, "changed_at": _when(agreement.changed_at),
        "approved_at": _when(agreement.approved_at),
        "signatures": [{"party": _label(row.party), "name": row.signer_name, "signed_at": _when(row.signed_at),
                        "terms_signed": row.terms, "still_valid": row.is_current} for row in agreement.signatures],
    }


def _follow_up_tasks(profile: YouthProfile) -> list[dict]:
    tasks = db.session.scalars(db.select(FollowUpTask).where(FollowUpTask.youth_profile_id == profile.id)
                               .order_by(FollowUpTask.due_on, FollowUpTask.id))
    return [{"about": _label(task.kind), "status": _label(task.status), "due_on": _when(task.due_on),
             "consultant": _name(task.assigned_to), "note": task.note, "done_at": _when(task.done_at),
             "done_note": task.done_note}
            for task in tasks]


def _outcomes(profile: YouthProfile) -> list[dict]:
    outcomes = db.session.scalars(db.select(Outcome).where(Outcome.youth_profile_id == profile.id)
                                  .order_by(Outcome.recorded_at, Outcome.id))
    return [{"outcome": _label(row.kind), "education": row.education, "note": row.note,
             "recorded_at": _when(row.recorded_at)} for row in outcomes]


def _guardian(profile: YouthProfile) -> dict | None:
    guardian = profile.guardian
    if guardian is None:
        return None
    return {"name": guardian.name, "email": guardian.email, "phone": guardian.phone,
            "recorded_at": _when(guardian.created_at), "changed_at": _when(guardian.updated_at)}


def _last_employer(profile: YouthProfile) -> dict | None:
    row = db.session.scalar(db.select(LastEmployer).where(LastEmployer.youth_profile_id == profile.id))
    if row is None:
        return None
    return {"company": row.company.name if row.company else None, "employer_name": row.employer_name,
            "ended_on": _when(row.ended_on), "recorded_at": _when(row.recorded_at)}


def _messages(user: User, profile: YouthProfile) -> list[dict]:
    """Mails to the person, and to their guardian about them (the consent requests)."""
    to_guardian = OutboxMessage.recipient_user_id.is_(None) & (OutboxMessage.recipient == profile.guardian.email) \
        if profile.guardian is not None else sa.false()
    messages = db.session.scalars(db.select(OutboxMessage).where((OutboxMessage.recipient_user_id == user.id)
                                                                 | to_guardian).order_by(OutboxMessage.id))
    return [{"sent_at": _when(m.created_at), "to": m.recipient, "subject": m.subject, "body": m.body}
            for m in messages]


def _linked_logins(user: User) -> list[dict]:
    """Sign-ins through MitID or another provider: the provider's pseudonym for the person is data we hold."""
    identities = db.session.scalars(db.select(OidcIdentity).where(OidcIdentity.user_id == user.id)
                                    .order_by(OidcIdentity.id))
    return [{"audience": _label(i.audience), "provider": i.issuer, "subject": i.subject,
             "linked_at": _when(i.linked_at), "last_login_at": _when(i.last_login_at)} for i in identities]


def _access_log(user: User) -> list[dict]:
    """Who saw or changed the person's data, and what the person did themselves (their logins included)."""
    events = db.session.scalars(
        db.select(AuditEvent).where((AuditEvent.subject_user_id == user.id) | (AuditEvent.actor_id == user.id))
        .order_by(AuditEvent.id)
    ).all()
    actors = {u.id: u for u in db.session.scalars(db.select(User).where(User.id.in_({e.actor_id for e in events})))}
    return [{"when": _when(e.occurred_at), "who": _name(actors.get(e.actor_id)),
             "role": _label(Role(e.actor_role)) if e.actor_role in ROLE_CODES else e.actor_role,
             "action": e.action, "outcome": e.outcome, "from_ip": e.ip, "detail": e.detail}
            for e in events]


def _pupil(pupil: Pupil) -> dict:
    return {"name": pupil.display_name, "first_name": pupil.first_name, "last_name": pupil.last_name,
            "school": pupil.school.name, "class": pupil.school_class.name,
            "school_year": pupil.school_class.school_year_label, "birth_year": pupil.birth_year,
            "birth_month": pupil.birth_month, "email": pupil.email, "guardian_name": pupil.guardian_name,
            "guardian_email": pupil.guardian_email, "guardian_phone": pupil.guardian_phone,
            "contact_needs": pupil.contact_needs, "added_at": _when(pupil.created_at),
            "removed_after": _when(pupil.remove_after)}


def _referral(referral: PupilReferral) -> dict:
    return {"reason": referral.reason, "status": _label(referral.status), "requested_at": _when(referral.requested_at),
            "answered_at": _when(referral.answered_at), "guardian_reason": referral.guardian_reason,
            "youth_profile_started_at": _when(referral.started_at)}


def _school_pupils(user: User) -> list[dict]:
    """The person as a pupil at a school (class, guardian, what a host should know)."""
    pupils = db.session.scalars(db.select(Pupil).where(Pupil.user_id == user.id).order_by(Pupil.id))
    return [{**_pupil(pupil), **taster_export(pupil)} for pupil in pupils]


def _school_referrals(user: User, profile: YouthProfile | None) -> list[dict]:
    """The school's "kunne have gavn af Ungeenheden" flags about the person, and the guardian's answers."""
    pupil_ids = db.select(Pupil.id).where(Pupil.user_id == user.id)
    conditions: list[sa.ColumnElement[bool]] = [PupilReferral.pupil_id.in_(pupil_ids)]
    if profile is not None:
        conditions.append(PupilReferral.youth_profile_id == profile.id)
    referrals = db.session.scalars(db.select(PupilReferral).where(db.or_(*conditions)).order_by(PupilReferral.id))
    return [_referral(referral) for referral in referrals]


def pupil_data_export(actor: User, pupil: Pupil) -> dict:
    """Everything held about one pupil (who may have no login), including who looked at it; logged."""
    referrals = db.session.scalars(db.select(PupilReferral).where(PupilReferral.pupil_id == pupil.id)
                                   .order_by(PupilReferral.id))
    export = {"format": EXPORT_FORMAT, "generated_at": _when(utcnow()),
              "pupil": {**_pupil(pupil), **taster_export(pupil)},
              "account": _account(pupil.user) if pupil.user else None,
              "school_referrals": [_referral(referral) for referral in referrals],
              "access_log": _access_log(pupil.user) if pupil.user else []}
    record(actor, "personal_data_exported", object_type="pupil", object_id=pupil.id, subject_user_id=pupil.user_id)
    return export


def personal_data_export(actor: User, profile: YouthProfile) -> dict:
    """Everything held about one young person, including who looked at it; the export itself is logged."""
    user = profile.user
    export = {
        "format": EXPORT_FORMAT,
        "generated_at": _when(utcnow()),
        "account": _account(user),
        "profile": _profile(profile),
        "youth_unit_record": _youth_unit_record(profile),
        "curious_marks": _curious_marks(profile),
        "fair_events": _fair_events(profile),
        "planning_rounds": _planning_rounds(profile),
        "proposals": _proposals(profile),
        "placements": _placements(profile),
        "follow_up_tasks": _follow_up_tasks(profile),
        "outcomes": _outcomes(profile),
        "guardian": _guardian(profile),
        "last_employer": _last_employer(profile),
        "school_pupils": _school_pupils(user),
        "school_referrals": _school_referrals(user, profile),
        "messages": _messages(user, profile),
        "linked_logins": _linked_logins(user),
        "access_log": _access_log(user),
    }
    record(actor, "personal_data_exported", object_type="youth", object_id=profile.id, subject_user_id=user.id)
    return export
