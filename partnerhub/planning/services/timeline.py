"""The red thread: everything that happened for one young person, across rounds, placements and follow-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from partnerhub.accounts.models import User
from partnerhub.audit.service import record_now
from partnerhub.extensions import db
from partnerhub.guardians.models import ConsentStatus, GuardianConsent
from partnerhub.i18n import gettext as _
from partnerhub.planning.models import (
    FollowUpTask,
    Outcome,
    Placement,
    PlacementStatus,
    PlanningRound,
    Proposal,
    RoundParticipant,
)
from partnerhub.planning.services.common import require_staff
from partnerhub.planning.services.proposals import REJECT_CODES
from partnerhub.youth.models import YouthProfile


@dataclass
class Event:
    when: datetime
    kind: str
    text: str


def timeline(actor: User, profile: YouthProfile) -> list[Event]:
    """Everything that happened for one young person, newest first. Viewing it is logged."""
    require_staff(actor)
    record_now(actor, "youth_timeline_viewed", object_type="youth", object_id=profile.id,
               subject_user_id=profile.user_id)
    events: list[Event] = []
    for participant in db.session.scalars(db.select(RoundParticipant).where(
            RoundParticipant.youth_profile_id == profile.id)):
        round_ = db.session.get_one(PlanningRound, participant.round_id)
        events.append(Event(participant.created_at, "round", _("Med i planlægningsrunden %(name)s", name=round_.name)))
    for proposal in db.session.scalars(db.select(Proposal).where(Proposal.youth_profile_id == profile.id)):
        events.extend(_proposal_events(proposal))
    for placement in db.session.scalars(db.select(Placement).where(Placement.youth_profile_id == profile.id)).all():
        events.extend(_placement_events(placement))
    for task in db.session.scalars(db.select(FollowUpTask).where(FollowUpTask.youth_profile_id == profile.id)):
        events.append(Event(task.created_at, "follow_up",
                            _("Opfølgning: %(kind)s (frist %(due)s, %(status)s)", kind=task.kind.label,
                              due=task.due_on.strftime("%d.%m.%Y"), status=task.status.label.lower())))
        if task.done_at is not None:
            who = task.done_by.name if task.done_by else _("en tidligere medarbejder")
            events.append(Event(task.done_at, "follow_up_done",
                                _("Opfølgning udført af %(name)s: %(kind)s", name=who, kind=task.kind.label)
                                + (f" – {task.done_note}" if task.done_note else "")))
    for outcome in db.session.scalars(db.select(Outcome).where(Outcome.youth_profile_id == profile.id)):
        events.append(Event(outcome.recorded_at, "outcome",
                            _("Resultat: %(kind)s", kind=outcome.kind.label)
                            + (f" – {outcome.education}" if outcome.education else "")))
    events.sort(key=lambda e: e.when, reverse=True)
    return events


def _proposal_events(proposal: Proposal) -> list[Event]:
    names = ", ".join(i.company.name for i in proposal.items)
    events = [Event(proposal.created_at, "proposal", _("Forslag: %(companies)s", companies=names))]
    if proposal.decided_at:
        text = _("Forslaget blev %(status)s", status=proposal.status.label.lower())
        if proposal.reject_code:
            text += f" ({REJECT_CODES[proposal.reject_code]})"
        events.append(Event(proposal.decided_at, "proposal", text))
    if proposal.youth_answered_at:
        events.append(Event(proposal.youth_answered_at, "answer",
                            _("Den unge: %(answer)s", answer=proposal.youth_answer.label.lower())))
    return events


def _placement_events(placement: Placement) -> list[Event]:
    company = placement.company.name
    events = [Event(placement.created_at, "placement",
                    _("Tilbud sendt til %(company)s (%(period)s)", company=company, period=placement.period.name))]
    if placement.company_answered_at:
        answer = PlacementStatus.DECLINED if placement.decline_reason else PlacementStatus.ACCEPTED
        events.append(Event(placement.company_answered_at, "answer",
                            _("%(company)s: %(status)s", company=company, status=answer.label.lower())
                            + (f" – {placement.decline_reason}" if placement.decline_reason else "")))
    if placement.status_changed_at and (placement.is_started or placement.status is PlacementStatus.CANCELLED):
        events.append(Event(placement.status_changed_at, "placement",
                            _("Praktikken hos %(company)s: %(status)s", company=company,
                              status=placement.status.label.lower())
                            + (f" – {placement.end_reason}" if placement.end_reason else "")))
    events.extend(_consent_events(placement))
    for exception in placement.attendance:
        events.append(Event(exception.recorded_at, "attendance",
                            _("%(kind)s %(day)s hos %(company)s", kind=exception.kind.label,
                              day=exception.day.strftime("%d.%m.%Y"), company=company)))
    for feedback in placement.feedback:
        average = sum(feedback.answers.values()) / max(len(feedback.answers), 1)
        events.append(Event(feedback.created_at, "feedback",
                            _("Feedback fra %(author)s om %(company)s: %(avg).1f af 5",
                              author=feedback.author.label.lower(), company=company, avg=average)
                            + (f" – {feedback.comment}" if feedback.comment else "")))
    return events


def _consent_events(placement: Placement) -> list[Event]:
    """Each request to the guardian, their answer and a withdrawal, with the guardian's reason."""
    events = []
    company = placement.company.name
    for consent in db.session.scalars(db.select(GuardianConsent).where(GuardianConsent.placement_id == placement.id)
                                      .order_by(GuardianConsent.id)):
        events.append(Event(consent.requested_at, "consent",
                            _("Forælder eller værge bedt om samtykke til %(company)s", company=company)))
        if consent.reminded_at:
            events.append(Event(consent.reminded_at, "consent", _("Påmindelse sendt til forælder eller værge")))
        if consent.answered_at:
            answer = ConsentStatus.GIVEN if consent.withdrawn_at or consent.is_given else consent.status
            events.append(Event(consent.answered_at, "consent",
                                _("Forælder eller værge: %(answer)s", answer=answer.label.lower())
                                + (f" – {consent.reason}" if consent.reason and not consent.withdrawn_at else "")))
        if consent.withdrawn_at:
            events.append(Event(consent.withdrawn_at, "consent",
                                _("Forælder eller værge: %(answer)s", answer=ConsentStatus.WITHDRAWN.label.lower())
                                + (f" – {consent.reason}" if consent.reason else "")))
    return events
