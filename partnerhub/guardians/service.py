"""Guardian consent: who must consent, the mailed single-use link, the answer, a withdrawal, reminders, and the
gate that keeps a placement from starting without it. Every step is audit-logged against the young person."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from flask import current_app
from flask_babel import force_locale

from partnerhub.accounts.models import User
from partnerhub.audit.service import record, record_now
from partnerhub.companies.models import CompanyCapacity
from partnerhub.companies.service import mail_recipients
from partnerhub.extensions import db
from partnerhub.forms import WEEKDAY_IN_SENTENCE
from partnerhub.guardians.models import (
    CONSENT_NEEDS_REASON,
    CONSENT_TRANSITIONS,
    ConsentStatus,
    Guardian,
    GuardianConsent,
)
from partnerhub.i18n import gettext as _
from partnerhub.matching.young_workers import age_on
from partnerhub.outbox.service import send_mail
from partnerhub.planning.models import LIVE, NOT_STARTED, FollowUpKind, Placement, PlacementStatus
from partnerhub.planning.services import young_workers
from partnerhub.planning.services.common import PlanningError, link, require_staff
from partnerhub.planning.services.followup import create_task
from partnerhub.reference.service import young_worker_rules
from partnerhub.security import token_digest
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import YouthProfile

if TYPE_CHECKING:
    from partnerhub.tasters.models import TasterConsent

# ---- who needs consent ------------------------------------------------------------------------------------------

def is_minor(birth_year: int | None, birth_month: int | None) -> bool:
    """Under the consent age today, from the birth month and year alone (the forms ask for the guardian then)."""
    if not birth_year:
        return False
    return age_on(birth_year, birth_month, utcnow().date()) < young_worker_rules().consent_under


def consent_needed(placement: Placement) -> bool:
    """The guardian consents when the young person is under the consent age on the placement's first day."""
    age = young_workers.age_on(placement.profile, placement.starts_on)
    return age is None or age < young_worker_rules().consent_under


def latest_consent(placement: Placement) -> GuardianConsent | None:
    return db.session.scalar(db.select(GuardianConsent).where(GuardianConsent.placement_id == placement.id)
                             .order_by(GuardianConsent.id.desc()).limit(1))


def start_problem(placement: Placement) -> str | None:
    """Why the placement may not start for want of consent, or None."""
    if not consent_needed(placement):
        return None
    if not placement.profile.birth_year:
        return _("Skriv den unges fødselsår, før praktikken starter: under 18 år skal en forælder eller værge "
                 "give samtykke.")
    consent = latest_consent(placement)
    if consent is None or not consent.is_given:
        return _("Den unge er under 18. En forælder eller værge skal give samtykke, før praktikken kan starte.")
    return None


# ---- the guardian's details -------------------------------------------------------------------------------------

def save_guardian(actor: User, profile: YouthProfile, *, name: str | None, email: str | None,
                  phone: str | None) -> Guardian | None:
    """Records, changes or (all fields empty) removes the guardian; the young person or staff do it."""
    guardian = profile.guardian
    if not (name or email or phone):
        if guardian is not None:
            db.session.delete(guardian)
            record(actor, "guardian_removed", object_type="youth", object_id=profile.id,
                   subject_user_id=profile.user_id)
        return None
    if guardian is None:
        guardian = Guardian(youth_profile_id=profile.id, name=name or "", email=email or "", phone=phone or "")
        db.session.add(guardian)
        action = "guardian_recorded"
    else:
        if (guardian.name, guardian.email, guardian.phone) == (name, email, phone):
            return guardian
        action = "guardian_changed"
        guardian.updated_at = utcnow()
    guardian.name, guardian.email, guardian.phone = name or "", (email or "").strip().lower(), phone or ""
    profile.guardian = guardian
    db.session.flush()
    record(actor, action, object_type="youth", object_id=profile.id, subject_user_id=profile.user_id)
    return guardian


# ---- the workflow -----------------------------------------------------------------------------------------------

def move_consent(consent: GuardianConsent | TasterConsent, new_status: ConsentStatus, *, reason: str | None = None,
                 error: type[Exception] = PlanningError) -> ConsentStatus:
    """The consent workflow's rule, for a youth-unit placement's consent and a pupil's taster place alike: refuses an
    illegal move or a missing reason (as `error`), stamps when and why. Returns the old status, for the audit log."""
    if new_status not in CONSENT_TRANSITIONS[consent.status]:
        raise error(_("Samtykket er allerede '%(status)s'.", status=consent.status.label))
    if new_status in CONSENT_NEEDS_REASON and not (reason or "").strip():
        raise error(_("Skriv en grund."))
    old = consent.status
    consent.status = new_status
    now = utcnow()
    if new_status in (ConsentStatus.GIVEN, ConsentStatus.DECLINED):
        consent.answered_at = now
    if new_status is ConsentStatus.WITHDRAWN:
        consent.withdrawn_at = now
    if new_status in CONSENT_NEEDS_REASON:
        consent.reason = (reason or "").strip()
    db.session.flush()
    return old


def transition_consent(actor: User | None, consent: GuardianConsent, new_status: ConsentStatus, *,
                       reason: str | None = None) -> None:
    """The one way a consent's status changes; declining and withdrawing need the guardian's reason."""
    old = move_consent(consent, new_status, reason=reason)
    record(actor, "guardian_consent", object_type="placement", object_id=consent.placement_id,
           subject_user_id=consent.placement.profile.user_id,
           detail={"from": str(old), "to": str(new_status), "reason": consent.reason})


def request_consent(actor: User | None, placement: Placement) -> GuardianConsent:
    """Mails the guardian a single-use, expiring link to the plan; an older open request stops working."""
    guardian = placement.profile.guardian
    if guardian is None:
        raise PlanningError(_("Der er ingen forælder eller værge skrevet på den unge. Skriv dem på profilen først."))
    if not placement.is_live or not consent_needed(placement):
        raise PlanningError(_("Praktikken har ikke brug for samtykke."))
    previous = latest_consent(placement)
    if previous is not None and previous.is_given:
        raise PlanningError(_("Forælderen har allerede givet samtykke."))
    if previous is not None and previous.is_waiting:
        transition_consent(actor, previous, ConsentStatus.REPLACED)
    token, now = secrets.token_urlsafe(32), utcnow()
    consent = GuardianConsent(placement_id=placement.id, guardian_id=guardian.id, token_hash=token_digest(token),
                              requested_at=now, expires_at=now + current_app.config["GUARDIAN_CONSENT_LIFETIME"],
                              requested_by_id=actor.id if actor else None)
    db.session.add(consent)
    db.session.flush()
    record(actor, "guardian_consent_requested", object_type="placement", object_id=placement.id,
           subject_user_id=placement.profile.user_id)
    _mail_request(consent, token, reminder=False)
    return consent


def _mail_request(consent: GuardianConsent, token: str, *, reminder: bool) -> None:
    placement = consent.placement
    days = current_app.config["GUARDIAN_CONSENT_LIFETIME"].days
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = (_("Påmindelse: %(name)s venter på dit svar om praktik", name=placement.profile.first_name)
                   if reminder else
                   _("%(name)s skal i praktik – vi har brug for dit samtykke", name=placement.profile.first_name))
        send_mail(consent.guardian.email, subject, _(
            "Hej %(guardian)s\n\n%(name)s er under 18 år og skal i praktik hos %(company)s fra %(start)s til "
            "%(end)s. Før praktikken kan starte, skal du som forælder eller værge sige ja.\n\n"
            "Se planen og svar her:\n%(link)s\n\nLinket virker én gang og i %(days)d dage.\n\n"
            "Venlig hilsen\nUngeenheden, Hedensted Kommune",
            guardian=consent.guardian.name, name=placement.profile.first_name, company=placement.company.name,
            start=placement.starts_on.strftime("%d.%m.%Y"), end=placement.ends_on.strftime("%d.%m.%Y"),
            link=link("guardians.answer", token=token), days=days))


def consent_for_token(token: str) -> GuardianConsent | None:
    """The request behind an answer link, if it can still be answered (once, before it expires)."""
    consent = db.session.scalar(db.select(GuardianConsent).where(GuardianConsent.token_hash == token_digest(token)))
    if consent is None or not consent.answerable(utcnow()) or not consent.placement.is_live:
        return None
    return consent


def consent_for_withdraw_token(token: str) -> GuardianConsent | None:
    """A given consent the guardian can still withdraw: until the placement is over."""
    consent = db.session.scalar(db.select(GuardianConsent).where(
        GuardianConsent.withdraw_token_hash == token_digest(token)))
    if consent is None or not consent.is_given or not consent.placement.is_live:
        return None
    return consent


def answer(consent: GuardianConsent, *, consents: bool, reason: str | None) -> None:
    """The guardian's answer through the link; a yes mails a link to withdraw it, a no gives staff a task."""
    if consents:
        withdraw_token = secrets.token_urlsafe(32)
        consent.withdraw_token_hash = token_digest(withdraw_token)
        transition_consent(None, consent, ConsentStatus.GIVEN)
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            send_mail(consent.guardian.email, _("Tak for dit samtykke"), _(
                "Hej %(guardian)s\n\nTak. Du har sagt ja til, at %(name)s er i praktik hos %(company)s.\n\n"
                "Fortryder du, kan du trække samtykket tilbage her:\n%(link)s\n\n"
                "Venlig hilsen\nUngeenheden, Hedensted Kommune",
                guardian=consent.guardian.name, name=consent.placement.profile.first_name,
                company=consent.placement.company.name, link=link("guardians.withdraw", token=withdraw_token)))
        return
    transition_consent(None, consent, ConsentStatus.DECLINED, reason=reason)
    _task_for_staff(consent, _("Forælder eller værge sagde nej til praktikken hos %(company)s: %(reason)s",
                               company=consent.placement.company.name, reason=consent.reason))


def withdraw(consent: GuardianConsent, *, reason: str | None) -> None:
    """After a withdrawal the placement cannot start or resume, and a running one is paused at once (the page
    promises it "can't continue"); the company hears not to expect the young person, without the family's reason;
    staff get a task to talk with the family."""
    from partnerhub.planning.services.placements import transition_placement  # placements asks this module

    transition_consent(None, consent, ConsentStatus.WITHDRAWN, reason=reason)
    consent.withdraw_token_hash = None
    placement = consent.placement
    if placement.status is PlacementStatus.ACTIVE:
        transition_placement(None, placement, PlacementStatus.PAUSED,
                             reason=_("Forælder eller værge trak samtykket tilbage."))
        _tell_company_of_pause(placement)
    _task_for_staff(consent, _("Forælder eller værge trak samtykket til praktikken hos %(company)s tilbage: "
                               "%(reason)s", company=consent.placement.company.name, reason=consent.reason))


def _tell_company_of_pause(placement: Placement) -> None:
    """The company's HR (or its contact e-mail) learn the placement is paused; why is the family's business."""
    company = placement.company
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        for recipient in mail_recipients(company):
            send_mail(recipient.email, _("Praktikken er sat på pause: %(name)s", name=placement.profile.first_name), _(
                "Praktikken for %(name)s hos %(company)s er sat på pause fra i dag. Regn ikke med %(name)s, før "
                "Ungeenheden kontakter jer.\n\nSe praktikken her: %(link)s",
                name=placement.profile.first_name, company=company.name,
                link=link("planning.company_offer", placement_id=placement.id)), recipient_user_id=recipient.user_id)


def _task_for_staff(consent: GuardianConsent, note: str) -> None:
    create_task(consent.placement.profile, FollowUpKind.GUARDIAN, placement=consent.placement, note=note)


def reminder_due(consent: GuardianConsent | TasterConsent, now: datetime) -> bool:
    """An open request is reminded GUARDIAN_REMINDER_AFTER after the last mail, at most GUARDIAN_MAX_REMINDERS times:
    the rule for a youth-unit placement's consent and a taster place's alike."""
    config = current_app.config
    return consent.status is ConsentStatus.REQUESTED and now < consent.expires_at \
        and consent.reminders < config["GUARDIAN_MAX_REMINDERS"] \
        and now - (consent.reminded_at or consent.requested_at) >= config["GUARDIAN_REMINDER_AFTER"]


def renew_for_reminder(consent: GuardianConsent | TasterConsent, now: datetime) -> str:
    """A reminder carries a new link (only hashes are stored), so the old one stops; returns the new token."""
    token = secrets.token_urlsafe(32)
    consent.token_hash = token_digest(token)
    consent.reminded_at, consent.reminders = now, consent.reminders + 1
    return token


def send_reminders(now: datetime | None = None) -> int:
    """Reminds each guardian whose link is still open after GUARDIAN_REMINDER_AFTER, at most MAX times. The link
    in a reminder is new (only hashes are stored), so the request gets a fresh token and the old link stops."""
    now = now or utcnow()
    waiting = db.session.scalars(db.select(GuardianConsent).where(
        GuardianConsent.status == ConsentStatus.REQUESTED, GuardianConsent.expires_at > now)).all()
    sent = 0
    for consent in waiting:
        if not reminder_due(consent, now) or not consent.placement.is_live:
            continue
        token = renew_for_reminder(consent, now)
        record(None, "guardian_consent_reminded", object_type="placement", object_id=consent.placement_id,
               subject_user_id=consent.placement.profile.user_id)
        _mail_request(consent, token, reminder=True)
        sent += 1
    db.session.flush()
    return sent


# ---- what the guardian and staff see ----------------------------------------------------------------------------

@dataclass
class PlanFacts:
    """The plan in plain words for the guardian: where, when and whom to call."""

    first_name: str
    company: str
    address: str
    starts_on: str
    ends_on: str
    days: str
    hours: str
    contact: str
    max_hours_day: int
    max_hours_week: int
    no_work_from: int
    no_work_until: int


def plan_facts(placement: Placement) -> PlanFacts:
    """What the guardian reads, with the rule values the plan was checked against."""
    company, rules = placement.company, young_worker_rules()
    capacity = db.session.scalar(db.select(CompanyCapacity).where(
        CompanyCapacity.company_id == placement.company_id, CompanyCapacity.period_id == placement.period_id))
    address = ", ".join(part for part in (company.address, company.town.name if company.town else None) if part)
    contact = " · ".join(part for part in (company.contact_name, company.contact_phone, company.contact_email)
                         if part)
    return PlanFacts(
        first_name=placement.profile.first_name, company=company.name, address=address or "–",
        starts_on=placement.starts_on.strftime("%d.%m.%Y"), ends_on=placement.ends_on.strftime("%d.%m.%Y"),
        days=", ".join(str(WEEKDAY_IN_SENTENCE[day]) for day in sorted(capacity.weekday_list if capacity
                                                                         else [1, 2, 3, 4, 5])),
        hours=f"{capacity.hours_from}–{capacity.hours_to}" if capacity else "–", contact=contact or "–",
        max_hours_day=int(rules.max_hours_day), max_hours_week=int(rules.max_hours_week),
        no_work_from=rules.no_work_from, no_work_until=rules.no_work_until)


def view_plan(consent: GuardianConsent) -> PlanFacts:
    """The guardian opened the link: logged, since it shows the young person's plan."""
    record_now(None, "guardian_consent_viewed", object_type="placement", object_id=consent.placement_id,
           subject_user_id=consent.placement.profile.user_id)
    return plan_facts(consent.placement)


@dataclass
class Waiting:
    placement: Placement
    consent: GuardianConsent | None


def waiting_for_consent(actor: User) -> list[Waiting]:
    """Staff's list: every live, not-started placement of a minor without a given consent, soonest first."""
    require_staff(actor)
    placements = db.session.scalars(db.select(Placement).where(Placement.status.in_(NOT_STARTED & LIVE))
                                    .order_by(Placement.starts_on, Placement.id)).all()
    out = []
    for placement in placements:
        if consent_needed(placement):
            consent = latest_consent(placement)
            if consent is None or not consent.is_given:
                out.append(Waiting(placement, consent))
    return out


def consents_of(profile: YouthProfile) -> list[GuardianConsent]:
    """Every consent request for the young person's placements, oldest first (the timeline and the export)."""
    return list(db.session.scalars(db.select(GuardianConsent).join(Placement)
                                   .where(Placement.youth_profile_id == profile.id).order_by(GuardianConsent.id)))
