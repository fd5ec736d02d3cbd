"""The guardian's consent to a pupil's taster place, the same way as for the youth unit's minors
(partnerhub.guardians): a hashed, single-use, expiring link by mail to the plan in plain Danish; yes or no with a
reason; a yes can be withdrawn by a second link."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import force_locale

from partnerhub.accounts.models import User
from partnerhub.audit.service import record, record_now
from partnerhub.extensions import db
from partnerhub.forms import WEEKDAY_IN_SENTENCE
from partnerhub.guardians.models import ConsentStatus
from partnerhub.guardians.service import move_consent, reminder_due, renew_for_reminder
from partnerhub.i18n import gettext as _
from partnerhub.outbox.service import send_mail
from partnerhub.planning.services.common import link
from partnerhub.reference.service import young_worker_rules
from partnerhub.security import token_digest
from partnerhub.tasters.models import BookingStatus, TasterBooking, TasterConsent
from partnerhub.tasters.services import notices
from partnerhub.tasters.services.bookings import transition
from partnerhub.tasters.services.common import TasterError
from partnerhub.timeutil import utcnow


def latest(booking: TasterBooking) -> TasterConsent | None:
    return db.session.scalar(db.select(TasterConsent).where(TasterConsent.booking_id == booking.id)
                             .order_by(TasterConsent.id.desc()).limit(1))


def _move(consent: TasterConsent, new_status: ConsentStatus, *, reason: str | None = None) -> None:
    """The one way a consent's status changes: the guardians' own rule (move_consent), with this audit action."""
    old = move_consent(consent, new_status, reason=reason, error=TasterError)
    record(None, "taster_guardian_consent", object_type="taster_booking", object_id=consent.booking_id,
           subject_user_id=consent.booking.pupil.user_id, detail={"from": str(old), "to": str(new_status)})


def request(actor: User | None, booking: TasterBooking) -> TasterConsent | None:
    """Mails the guardian the link; without a guardian e-mail the school is told to add one and send it."""
    if booking.status is not BookingStatus.AWAITING_GUARDIAN:
        raise TasterError(_("Pladsen venter ikke på forælder eller værge."))
    email = booking.pupil.guardian_email
    if not email:
        notices.school_told(booking, _("%(pupil)s mangler en e-mail til forælder eller værge. Skriv den på eleven, "
                                       "og send linket.", pupil=booking.pupil.first_name))
        return None
    previous = latest(booking)
    if previous is not None and previous.status is ConsentStatus.REQUESTED:
        _move(previous, ConsentStatus.REPLACED)
    token, now = secrets.token_urlsafe(32), utcnow()
    consent = TasterConsent(booking_id=booking.id, token_hash=token_digest(token), requested_at=now,
                            expires_at=now + current_app.config["GUARDIAN_CONSENT_LIFETIME"])
    db.session.add(consent)
    db.session.flush()
    record(actor, "taster_guardian_consent_requested", object_type="taster_booking", object_id=booking.id,
           subject_user_id=booking.pupil.user_id)
    _mail_request(consent, token, reminder=False)
    return consent


def _mail_request(consent: TasterConsent, token: str, *, reminder: bool) -> None:
    booking = consent.booking
    facts = plan(booking)
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = _("%(name)s skal i erhvervspraktik – vi har brug for dit samtykke", name=facts.first_name)
        if reminder:
            subject = _("Påmindelse: %(subject)s", subject=subject)
        send_mail(booking.pupil.guardian_email or "", subject,
                  _("Hej %(guardian)s\n\n%(name)s skal i erhvervspraktik hos %(company)s, %(address)s, fra "
                    "%(start)s til %(end)s (%(days)s, kl. %(hours)s). Kontaktperson: %(contact)s.\n\n"
                    "Før praktikken kan blive til noget, skal du som forælder eller værge sige ja.\n\n"
                    "Se planen og svar her:\n%(link)s\n\nLinket virker én gang og i %(lifetime)d dage.\n\n"
                    "Venlig hilsen\n%(school)s og Ungeenheden, Hedensted Kommune",
                    guardian=booking.pupil.guardian_name or "", name=facts.first_name, company=facts.company,
                    address=facts.address, start=facts.starts_on, end=facts.ends_on, days=facts.days,
                    hours=facts.hours, contact=facts.contact, link=link("tasters.guardian_answer", token=token),
                    lifetime=current_app.config["GUARDIAN_CONSENT_LIFETIME"].days, school=facts.school))


def send_reminders(now: datetime | None = None) -> int:
    """As for the youth unit's minors, by the same rule (guardians.service.reminder_due and renew_for_reminder)."""
    now = now or utcnow()
    waiting = db.session.scalars(db.select(TasterConsent).where(
        TasterConsent.status == ConsentStatus.REQUESTED, TasterConsent.expires_at > now)).all()
    sent = 0
    for consent in waiting:
        if not reminder_due(consent, now) or consent.booking.status is not BookingStatus.AWAITING_GUARDIAN \
                or not consent.booking.pupil.guardian_email:
            continue
        token = renew_for_reminder(consent, now)
        record(None, "taster_guardian_consent_reminded", object_type="taster_booking", object_id=consent.booking_id,
               subject_user_id=consent.booking.pupil.user_id)
        _mail_request(consent, token, reminder=True)
        sent += 1
    db.session.flush()
    return sent


def for_token(token: str) -> TasterConsent | None:
    consent = db.session.scalar(db.select(TasterConsent).where(TasterConsent.token_hash == token_digest(token)))
    if consent is None or not consent.answerable(utcnow()) or \
            consent.booking.status is not BookingStatus.AWAITING_GUARDIAN:
        return None
    return consent


def for_withdraw_token(token: str) -> TasterConsent | None:
    consent = db.session.scalar(db.select(TasterConsent).where(
        TasterConsent.withdraw_token_hash == token_digest(token)))
    if consent is None or consent.status is not ConsentStatus.GIVEN or not consent.booking.holds_place:
        return None
    return consent


def answer(consent: TasterConsent, *, consents: bool, reason: str | None) -> None:
    """Yes: the school approves next, and the guardian gets a link to withdraw. No: the school is told why."""
    booking = consent.booking
    if not consents:
        _move(consent, ConsentStatus.DECLINED, reason=reason)
        transition(None, booking, BookingStatus.GUARDIAN_DECLINED, reason=consent.reason)
        notices.school_told(booking, _("Forælder eller værge har sagt nej til pladsen hos %(company)s for "
                                       "%(pupil)s: %(reason)s", company=booking.slot.company.name,
                                       pupil=booking.pupil.first_name, reason=consent.reason))
        return
    withdraw_token = secrets.token_urlsafe(32)
    consent.withdraw_token_hash = token_digest(withdraw_token)
    _move(consent, ConsentStatus.GIVEN)
    transition(None, booking, BookingStatus.AWAITING_SCHOOL)
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        send_mail(booking.pupil.guardian_email or "", _("Tak for dit samtykke"), _(
            "Hej %(guardian)s\n\nTak. Du har sagt ja til, at %(name)s er i erhvervspraktik hos %(company)s.\n\n"
            "Fortryder du, kan du trække samtykket tilbage her:\n%(link)s\n\n"
            "Venlig hilsen\nUngeenheden, Hedensted Kommune", guardian=booking.pupil.guardian_name or "",
            name=booking.pupil.first_name, company=booking.slot.company.name,
            link=link("tasters.guardian_withdraw", token=withdraw_token)))
    notices.school_told(booking, _("Forælder eller værge har sagt ja til pladsen hos %(company)s for %(pupil)s. "
                                   "Godkend pladsen.", company=booking.slot.company.name,
                                   pupil=booking.pupil.first_name))


def withdraw(consent: TasterConsent, *, reason: str | None) -> None:
    booking = consent.booking
    _move(consent, ConsentStatus.WITHDRAWN, reason=reason)
    consent.withdraw_token_hash = None
    transition(None, booking, BookingStatus.WITHDRAWN, reason=consent.reason)
    message = _("Forælder eller værge har trukket samtykket til pladsen hos %(company)s for %(pupil)s tilbage.",
                company=booking.slot.company.name, pupil=booking.pupil.first_name)
    notices.school_told(booking, message)
    notices.company_told(booking, message)


@dataclass
class Plan:
    """The place in plain words, for the guardian and the praktikseddel."""

    first_name: str
    pupil: str
    school_class: str
    school: str
    company: str
    address: str
    starts_on: str
    ends_on: str
    days: str
    hours: str
    contact: str
    tasks: str
    bring: str
    max_hours_day: int
    max_hours_week: int
    no_work_from: int
    no_work_until: int


def plan(booking: TasterBooking) -> Plan:
    slot, company, pupil, rules = booking.slot, booking.slot.company, booking.pupil, young_worker_rules()
    days = booking.days
    address = ", ".join(part for part in (company.address, company.town.name if company.town else None) if part)
    return Plan(
        first_name=pupil.first_name, pupil=pupil.display_name, school_class=pupil.school_class.name,
        school=pupil.school.name, company=company.name, address=address or "–",
        starts_on=(days[0] if days else booking.week.starts_on).strftime("%d.%m.%Y"),
        ends_on=(days[-1] if days else booking.week.ends_on).strftime("%d.%m.%Y"),
        days=", ".join(str(WEEKDAY_IN_SENTENCE[day.isoweekday()]) for day in days) or "–",
        hours=f"{slot.hours_from}–{slot.hours_to}", contact=f"{slot.contact_name}, {slot.contact_phone}",
        tasks=slot.tasks, bring=slot.bring or "–", max_hours_day=int(rules.max_hours_day),
        max_hours_week=int(rules.max_hours_week), no_work_from=rules.no_work_from,
        no_work_until=rules.no_work_until)


def view_plan(consent: TasterConsent) -> Plan:
    """The guardian opened the link: logged, since it shows the pupil's plan."""
    record_now(None, "taster_guardian_consent_viewed", object_type="taster_booking", object_id=consent.booking_id,
               subject_user_id=consent.booking.pupil.user_id)
    return plan(consent.booking)
