"""Account workflows: registration, login, invitations and password reset. The views stay thin."""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from werkzeug.security import check_password_hash, generate_password_hash

from partnerhub.accounts.models import Invitation, User
from partnerhub.audit.service import record
from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.outbox.service import send_mail
from partnerhub.permissions import Role
from partnerhub.security import public_url, token_digest
from partnerhub.timeutil import utcnow

PASSWORD_MIN_LENGTH = 12
PASSWORD_MAX_LENGTH = 128
_COMMON_PASSWORDS = frozenset(
    line.strip().lower()
    for line in (Path(__file__).parent / "common_passwords.txt").read_text(encoding="utf-8").splitlines()
    if line.strip()
)
# Per hash method, a hash verified when the e-mail is unknown, so a login costs the same work either way.
_DUMMY_HASHES: dict[str, str] = {}


class AccountError(Exception):
    """A refusal the user can act on; the message is already translated."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Returns why a password is refused (ASVS 2.1: 12–128 characters, not a common password), or None."""
    if len(password) < PASSWORD_MIN_LENGTH:
        return _("Adgangskoden skal være mindst %(n)d tegn.", n=PASSWORD_MIN_LENGTH)
    if len(password) > PASSWORD_MAX_LENGTH:
        return _("Adgangskoden må højst være %(n)d tegn.", n=PASSWORD_MAX_LENGTH)
    lowered = password.lower()
    if lowered in _COMMON_PASSWORDS or len(set(lowered)) <= 2:
        return _("Den adgangskode er for almindelig. Vælg en anden – fx tre tilfældige ord.")
    local_part = normalise_email(email).split("@")[0]
    if len(local_part) >= 4 and local_part in lowered:
        return _("Adgangskoden må ikke indeholde din e-mailadresse.")
    return None


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def set_password(user: User, password: str) -> None:
    """Also ends every other session of the user, as a changed password should."""
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    user.session_generation += 1


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == normalise_email(email)))


def email_taken(email: str) -> bool:
    return find_user_by_email(email) is not None


def _dummy_hash() -> str:
    """A hash with the configured method and parameters, so an unknown e-mail takes as long as a known one."""
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = generate_password_hash(secrets.token_urlsafe(16), method=method)
    return _DUMMY_HASHES[method]


def authenticate(email: str, password: str) -> User | None:
    user = find_user_by_email(email)
    if user is None or user.password_hash is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    return user


def registration_received(email: str) -> str:
    """The one answer to a registration, whether or not the e-mail already had an account (ASVS 2.x)."""
    return _("Tak! Vi har sendt en mail til %(email)s. Log ind med din e-mail og den adgangskode, du valgte.",
             email=normalise_email(email))


def registration_email_in_use(email: str, password: str) -> bool:
    """Mails the owner if the e-mail already has an account, so the page can answer as for a new one.

    The password is hashed here too (a new account hashes it when created), so both answers take as long."""
    user = find_user_by_email(email)
    if user is None:
        return False
    hash_password(password)
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        send_mail(
            user.email,
            _("Nogen prøvede at oprette en bruger med din e-mail"),
            _(
                "Hej %(name)s\n\nNogen har lige prøvet at oprette en ny bruger i PartnerHub med din e-mail. "
                "Du har allerede en bruger, så der er ikke oprettet en ny.\n\nVar det dig, kan du logge ind her:\n"
                "%(login)s\n\nHar du glemt din adgangskode, kan du få en ny her:\n%(reset)s\n\n"
                "Var det ikke dig, kan du se bort fra denne mail.\n\nVenlig hilsen\nPartnerHub",
                name=user.name,
                login=public_url("accounts.login"),
                reset=public_url("accounts.forgot_password"),
            ),
            recipient_user_id=user.id,
        )
    record(None, "registration_with_existing_email", object_type="user", object_id=user.id,
           subject_user_id=user.id)
    return True


def send_welcome(user: User) -> None:
    """A new account gets a mail too, so both kinds of registration end the same way."""
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        send_mail(
            user.email,
            _("Velkommen til PartnerHub"),
            _(
                "Hej %(name)s\n\nDin bruger i PartnerHub er oprettet. Log ind her med din e-mail og den "
                "adgangskode, du valgte:\n%(login)s\n\nVenlig hilsen\nUngeenheden, Hedensted Kommune",
                name=user.name,
                login=public_url("accounts.login"),
            ),
            recipient_user_id=user.id,
        )


def record_login(user: User) -> None:
    user.last_login_at = utcnow()
    record(user, "login", object_type="user", object_id=user.id, subject_user_id=user.id)


def end_all_sessions(user: User) -> None:
    """Flask's session is a signed cookie; only changing the login identity makes an old copy worthless."""
    user.session_generation += 1


def create_user(
    *, email: str, name: str, role: Role, password: str | None = None, company_id: int | None = None
) -> User:
    user = User(email=normalise_email(email), name=name.strip(), role=role, company_id=company_id)
    if password is not None:
        user.password_hash = hash_password(password)
        user.password_changed_at = utcnow()
    db.session.add(user)
    db.session.flush()
    return user



def new_invitation(actor: User | None, user: User) -> str:
    """A single-use, expiring invitation; returns its token (only the hash is stored, so a leak opens nothing).
    `invite` mails it; a school coordinator may instead show it to a pupil without e-mail."""
    token = secrets.token_urlsafe(32)
    db.session.add(Invitation(user_id=user.id, token_hash=token_digest(token),
                              created_by_id=actor.id if actor else None,
                              expires_at=utcnow() + current_app.config["INVITATION_LIFETIME"]))
    return token


def invite(actor: User | None, user: User) -> str:
    """Creates a single-use link and mails it."""
    token = new_invitation(actor, user)
    link = public_url("accounts.accept_invitation", token=token)
    days = current_app.config["INVITATION_LIFETIME"].days
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        send_mail(
            user.email,
            _("Du er inviteret til PartnerHub"),
            _(
                "Hej %(name)s\n\nDu er inviteret til PartnerHub. Vælg din adgangskode her:\n%(link)s\n\n"
                "Linket virker én gang og udløber om %(days)d dage.\n\nVenlig hilsen\nUngeenheden, Hedensted Kommune",
                name=user.name,
                link=link,
                days=days,
            ),
            recipient_user_id=user.id,
        )
    record(actor, "invitation_sent", object_type="user", object_id=user.id, subject_user_id=user.id)
    return token


def usable_invitation(token: str) -> Invitation | None:
    invitation = db.session.scalar(db.select(Invitation).where(Invitation.token_hash == token_digest(token)))
    if invitation is None or not invitation.is_usable(utcnow()) or not invitation.user.active:
        return None
    return invitation


def needs_privacy_notice(user: User) -> bool:
    """Young people and pupils read what PartnerHub keeps about them before their account starts, however it
    began."""
    return user.role in (Role.YOUTH, Role.PUPIL)


def privacy_notice_template(user: User) -> str | None:
    """The notice in words for the reader: a pupil's (school, coordinator, deletion after the school year) or a
    young person's."""
    if user.role is Role.PUPIL:
        return "accounts/_pupil_privacy_notice.html"
    return "accounts/_privacy_notice.html" if needs_privacy_notice(user) else None


def accept_invitation(invitation: Invitation, password: str, *, privacy_read: bool = False) -> User:
    """Sets the password; a young person must have ticked the privacy notice, and the audit log keeps that they did,
    as it does for self-registration."""
    user = invitation.user
    if needs_privacy_notice(user) and not privacy_read:
        raise AccountError(_("Læs teksten om dine data, og sæt flueben."))
    problem = password_problem(password, email=user.email, name=user.name)
    if problem:
        raise AccountError(problem)
    set_password(user, password)
    invitation.used_at = utcnow()
    record(user, "invitation_accepted", object_type="user", object_id=user.id, subject_user_id=user.id,
           detail={"privacy_notice_read": True} if needs_privacy_notice(user) else None)
    return user


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def _password_fingerprint(user: User) -> str:
    """Ties a reset token to the current password, so the token dies once it has been used."""
    return hmac.new(
        current_app.config["SECRET_KEY"].encode(), (user.password_hash or "none").encode(), "sha256"
    ).hexdigest()[:16]


def request_password_reset(email: str) -> None:
    """Sends a reset link if the account exists, and says nothing either way, so e-mails cannot be probed."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        return
    token = _reset_serializer().dumps({"u": user.id, "f": _password_fingerprint(user)})
    link = public_url("accounts.reset_password", token=token)
    minutes = int(current_app.config["PASSWORD_RESET_MAX_AGE"].total_seconds() // 60)
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        send_mail(
            user.email,
            _("Nulstil din adgangskode til PartnerHub"),
            _(
                "Hej %(name)s\n\nVi har fået en anmodning om at nulstille din adgangskode. Brug linket her:\n"
                "%(link)s\n\nLinket virker i %(minutes)d minutter og kun én gang. Har du ikke bedt om det, "
                "kan du se bort fra denne mail.\n\nVenlig hilsen\nPartnerHub",
                name=user.name,
                link=link,
                minutes=minutes,
            ),
            recipient_user_id=user.id,
        )
    record(None, "password_reset_requested", object_type="user", object_id=user.id, subject_user_id=user.id)


def user_for_reset_token(token: str) -> User | None:
    max_age = int(current_app.config["PASSWORD_RESET_MAX_AGE"].total_seconds())
    try:
        data = _reset_serializer().loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    user = db.session.get(User, data.get("u")) if isinstance(data, dict) else None
    if user is None or not user.active or not hmac.compare_digest(_password_fingerprint(user), data.get("f", "")):
        return None
    return user


def reset_password(user: User, password: str) -> None:
    problem = password_problem(password, email=user.email, name=user.name)
    if problem:
        raise AccountError(problem)
    set_password(user, password)
    record(user, "password_reset", object_type="user", object_id=user.id, subject_user_id=user.id)


def change_password(user: User, current_password: str, new_password: str) -> None:
    if user.password_hash is None or not check_password_hash(user.password_hash, current_password):
        raise AccountError(_("Din nuværende adgangskode er forkert."))
    problem = password_problem(new_password, email=user.email, name=user.name)
    if problem:
        raise AccountError(problem)
    set_password(user, new_password)
    record(user, "password_changed", object_type="user", object_id=user.id, subject_user_id=user.id)
