""""Kunne have gavn af Ungeenheden": the coordinator flags a pupil with a reason, the guardian consents through a
mailed single-use link (the guardians' mechanism: only the hash is stored, it expires), and after consent staff see
the pupil and can start a youth profile from it. Staff never see a flag the guardian has not consented to."""

from __future__ import annotations

import secrets

from flask import current_app
from flask_babel import force_locale

from partnerhub.accounts.models import User
from partnerhub.audit.service import record
from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.outbox.service import send_mail
from partnerhub.permissions import Role
from partnerhub.schools import service
from partnerhub.schools.models import REFERRAL_TRANSITIONS, Pupil, PupilReferral, ReferralStatus
from partnerhub.security import public_url, token_digest
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import YouthProfile
from partnerhub.youth.service import create_and_invite_youth

OPEN = (ReferralStatus.REQUESTED, ReferralStatus.GIVEN)



def transition(actor: User | None, referral: PupilReferral, new_status: ReferralStatus, *,
               reason: str | None = None) -> None:
    """The one way a referral's status changes; a guardian's no or withdrawal needs their reason."""
    if new_status not in REFERRAL_TRANSITIONS[referral.status]:
        raise service.SchoolError(_("Henvisningen er allerede '%(status)s'.", status=referral.status.label))
    if new_status is ReferralStatus.WITHDRAWN and not (reason or "").strip():
        raise service.SchoolError(_("Skriv en grund."))
    old = referral.status
    referral.status = new_status
    if new_status in (ReferralStatus.GIVEN, ReferralStatus.DECLINED):
        referral.answered_at = utcnow()
    if reason:
        referral.guardian_reason = reason.strip()
    db.session.flush()
    record(actor, "pupil_referral", object_type="pupil", object_id=referral.pupil_id,
           subject_user_id=referral.pupil.user_id, detail={"from": str(old), "to": str(new_status)})


def open_referral(pupil: Pupil) -> PupilReferral | None:
    return db.session.scalar(db.select(PupilReferral).where(PupilReferral.pupil_id == pupil.id,
                                                            PupilReferral.status.in_(OPEN))
                             .order_by(PupilReferral.id.desc()).limit(1))


def latest_referral(pupil: Pupil) -> PupilReferral | None:
    return db.session.scalar(db.select(PupilReferral).where(PupilReferral.pupil_id == pupil.id)
                             .order_by(PupilReferral.id.desc()).limit(1))


def flag(actor: User, pupil: Pupil, *, reason: str) -> PupilReferral:
    """The coordinator's flag; the guardian is asked at once, by mail."""
    if not service.coordinator_can_see_pupil(actor, pupil):
        raise PermissionError("not this pupil's coordinator")
    if not pupil.guardian_email:
        raise service.SchoolError(_("Skriv forælderens e-mail på eleven først – forælderen skal sige ja."))
    reason = (reason or "").strip()
    if not reason:
        raise service.SchoolError(_("Skriv hvorfor eleven kunne have gavn af Ungeenheden."))
    problem = service.cpr_problem({"reason": reason})
    if problem:
        raise service.SchoolError(problem)
    previous = open_referral(pupil)
    if previous is not None:
        transition(actor, previous, ReferralStatus.CANCELLED)
    token, now = secrets.token_urlsafe(32), utcnow()
    referral = PupilReferral(pupil_id=pupil.id, reason=reason, token_hash=token_digest(token), requested_at=now,
                             expires_at=now + current_app.config["GUARDIAN_CONSENT_LIFETIME"],
                             requested_by_id=actor.id)
    db.session.add(referral)
    db.session.flush()
    record(actor, "pupil_referral_requested", object_type="pupil", object_id=pupil.id,
           subject_user_id=pupil.user_id)
    days = current_app.config["GUARDIAN_CONSENT_LIFETIME"].days
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        send_mail(pupil.guardian_email, _("Må Ungeenheden kontakte %(name)s?", name=pupil.first_name), _(
            "Hej %(guardian)s\n\nSkolevejlederen på %(school)s tror, at %(name)s kunne have gavn af Ungeenheden i "
            "Hedensted Kommune. Ungeenheden hjælper unge videre mod uddannelse og job.\n\n"
            "Ungeenheden må kun få %(name)s' navn og skolens begrundelse, hvis du siger ja. Læs mere og svar her:\n"
            "%(link)s\n\nLinket virker én gang og i %(days)d dage.\n\nVenlig hilsen\n%(school)s",
            guardian=pupil.guardian_name or _("forælder"), school=pupil.school.name, name=pupil.first_name,
            link=public_url("schools.referral_answer", token=token), days=days))
    return referral


def cancel(actor: User, referral: PupilReferral) -> None:
    if not service.coordinator_can_see_pupil(actor, referral.pupil):
        raise PermissionError("not this pupil's coordinator")
    transition(actor, referral, ReferralStatus.CANCELLED)


def referral_for_token(token: str) -> PupilReferral | None:
    referral = db.session.scalar(db.select(PupilReferral).where(PupilReferral.token_hash == token_digest(token)))
    if referral is None or not referral.answerable(utcnow()):
        return None
    return referral


def referral_for_withdraw_token(token: str) -> PupilReferral | None:
    referral = db.session.scalar(db.select(PupilReferral).where(
        PupilReferral.withdraw_token_hash == token_digest(token)))
    if referral is None or referral.status is not ReferralStatus.GIVEN:
        return None
    return referral


def answer(referral: PupilReferral, *, consents: bool, reason: str | None) -> None:
    """The guardian's answer through the link; a yes mails a link to withdraw it again."""
    if not consents:
        transition(None, referral, ReferralStatus.DECLINED, reason=reason)
        return
    withdraw_token = secrets.token_urlsafe(32)
    referral.withdraw_token_hash = token_digest(withdraw_token)
    transition(None, referral, ReferralStatus.GIVEN)
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        send_mail(referral.pupil.guardian_email or "", _("Tak for dit svar"), _(
            "Hej\n\nTak. Du har sagt ja til, at Ungeenheden må kontakte %(name)s.\n\n"
            "Fortryder du, kan du trække samtykket tilbage her:\n%(link)s\n\nVenlig hilsen\n%(school)s",
            name=referral.pupil.first_name, school=referral.pupil.school.name,
            link=public_url("schools.referral_withdraw", token=withdraw_token)))


def withdraw(referral: PupilReferral, *, reason: str | None) -> None:
    transition(None, referral, ReferralStatus.WITHDRAWN, reason=reason)
    referral.withdraw_token_hash = None


def consented(actor: User) -> list[PupilReferral]:
    """Staff's list: only pupils whose guardian said yes (and has not withdrawn)."""
    if actor.role is not Role.STAFF:
        raise PermissionError("staff only")
    referrals = list(db.session.scalars(db.select(PupilReferral).where(
        PupilReferral.status == ReferralStatus.GIVEN).order_by(PupilReferral.answered_at)))
    record(actor, "pupil_referrals_viewed", object_type="pupil_referral", detail={"count": len(referrals)})
    return referrals


def start_youth_profile(actor: User, referral: PupilReferral, *, email: str) -> YouthProfile:
    """The red thread: a youth profile from the pupil's name, birth month/year and guardian; the young person gets
    the usual invitation to choose a password."""
    if actor.role is not Role.STAFF:
        raise PermissionError("staff only")
    if referral.status is not ReferralStatus.GIVEN:
        raise service.SchoolError(_("Forælderen har ikke sagt ja (eller har trukket samtykket tilbage)."))
    if referral.youth_profile_id is not None:
        raise service.SchoolError(_("Der er allerede startet en profil i Ungeenheden."))
    problem = service.pupil_email_problem(email)
    if problem:
        raise service.SchoolError(problem)
    pupil = referral.pupil
    profile = create_and_invite_youth(
        actor, first_name=pupil.first_name, last_name=pupil.last_name, birth_year=pupil.birth_year,
        birth_month=pupil.birth_month, email=email,
        guardian=(pupil.guardian_name, pupil.guardian_email, pupil.guardian_phone))
    referral.youth_profile_id = profile.id
    referral.started_at = utcnow()
    referral.started_by_id = actor.id
    db.session.flush()
    record(actor, "pupil_referral_started", object_type="pupil", object_id=pupil.id,
           subject_user_id=profile.user_id, detail={"youth_profile_id": profile.id})
    return profile


def consented_ids() -> list[int]:
    """How many consented referrals wait for staff (no names: for a count on staff pages)."""
    return list(db.session.scalars(db.select(PupilReferral.id).where(
        PupilReferral.status == ReferralStatus.GIVEN, PupilReferral.youth_profile_id.is_(None))))
