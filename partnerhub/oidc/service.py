"""Signing in through an identity provider: checking what it vouches for, and who that is in PartnerHub."""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass
from datetime import date

import requests
from authlib.common.errors import AuthlibBaseError
from flask import current_app, session
from joserfc.errors import JoseError
from werkzeug.wrappers import Response

from partnerhub.accounts.models import User
from partnerhub.accounts.service import authenticate, create_user, find_user_by_email, normalise_email
from partnerhub.audit.service import record
from partnerhub.companies.models import Company
from partnerhub.extensions import db
from partnerhub.forms import is_valid_cvr
from partnerhub.i18n import gettext as _
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.oidc.models import Audience, OidcIdentity
from partnerhub.oidc.providers import Provider, claims_options, client_for, configured, provider_for
from partnerhub.permissions import Role
from partnerhub.timeutil import utcnow

log = logging.getLogger(__name__)

SESSION_KEY = "oidc"
PENDING_KEY = "oidc_pending"
# A verified login waiting for its person to finish signing up or to link a password account.
PENDING_LIFETIME_SECONDS = 15 * 60
# Pages with the youth staff record (case notes): closed to a sign-in below the staff provider's minimum assurance.
STAFF_ONLY_ENDPOINTS = frozenset({"youth.staff_record"})


class SignInRefused(Exception):
    """A refusal the person can read; `reason` is the audit log's short code for it."""

    def __init__(self, reason: str, message: str, **detail: object) -> None:
        super().__init__(message)
        self.reason = reason
        self.detail = detail


@dataclass
class VerifiedLogin:
    """What a provider vouched for, already checked; kept in the session only until sign-up or linking is done."""

    audience: str
    issuer: str
    subject: str
    id_token: str
    name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    email: str | None = None
    birth_year: int | None = None
    birth_month: int | None = None
    cvr: str | None = None
    company_name: str | None = None
    staff_role: str | None = None
    assurance: str | None = None
    assurance_ok: bool = True
    verified_at: float = 0.0

    @property
    def audience_enum(self) -> Audience:
        return Audience(self.audience)

    @property
    def staff_role_enum(self) -> Role:
        """The role a staff login's groups give; a youth or company login has none."""
        if self.staff_role is None:
            raise ValueError("only a staff login has a staff role")
        return Role(self.staff_role)

    @property
    def display_name(self) -> str:
        parts = [part for part in (self.given_name, self.family_name) if part]
        return self.name or " ".join(parts) or ""


# ---- talking to the provider ----------------------------------------------------------------------------------------

def authorization_redirect(provider: Provider, redirect_uri: str) -> Response:
    """Discovery, then the authorisation request with state, nonce and a PKCE challenge (Authlib keeps them)."""
    client = client_for(provider.audience)
    try:
        metadata = client.load_server_metadata()
    except (requests.RequestException, ValueError) as error:
        raise SignInRefused("provider_unreachable", _unreachable_message(), error=type(error).__name__) from error
    if metadata.get("issuer", "").rstrip("/") != provider.issuer:
        raise SignInRefused("wrong_issuer", _unreachable_message())
    extra = {"acr_values": provider.acr_values} if provider.acr_values else {}
    return client.authorize_redirect(redirect_uri, **extra)


def _unreachable_message() -> str:
    return _("Vi kunne ikke få forbindelse til login-tjenesten. Prøv igen om lidt.")


def complete_authorization(provider: Provider) -> VerifiedLogin:
    """Checks state, swaps the code (with the PKCE verifier) and validates the ID token: signature, issuer,
    audience, expiry with the configured clock skew, and the nonce; a new signing key is fetched once if unknown."""
    client = client_for(provider.audience)
    try:
        token = client.authorize_access_token(claims_options=claims_options(provider),
                                              leeway=current_app.config["OIDC_CLOCK_SKEW_SECONDS"])
    except (AuthlibBaseError, JoseError, ValueError) as error:
        reason = getattr(error, "error", None) or type(error).__name__
        raise SignInRefused("token_invalid", _("Login blev afbrudt eller kunne ikke godkendes. Prøv at logge ind "
                                               "igen."), error=str(reason)[:80]) from error
    except requests.RequestException as error:
        raise SignInRefused("provider_unreachable", _unreachable_message(), error=type(error).__name__) from error
    claims = token.get("userinfo")
    if not claims or not token.get("id_token"):
        raise SignInRefused("no_id_token", _("Login-tjenesten sendte ikke et gyldigt ID-token. Prøv igen."))
    return verified_login(provider, dict(claims), token["id_token"])


def verified_login(provider: Provider, claims: dict, id_token: str) -> VerifiedLogin:
    """Turns checked claims into what PartnerHub uses; a CPR number anywhere we know of refuses the login."""
    cpr_claims = sorted(name for name in current_app.config["OIDC_CPR_CLAIMS"] if name in claims)
    if cpr_claims:
        log.warning("OIDC-login afvist: ID-tokenet havde et CPR-nummer i %s; værdien er kasseret.", cpr_claims)
        raise SignInRefused("cpr_claim_dropped",
                            _("Login-tjenesten sendte et CPR-nummer. PartnerHub må ikke modtage CPR-numre, så du er "
                              "ikke logget ind. Kontakt Ungeenheden."), claims=cpr_claims)
    login = VerifiedLogin(
        audience=str(provider.audience), issuer=provider.issuer, subject=str(claims["sub"]), id_token=id_token,
        name=_text(claims.get(provider.name_claim)), given_name=_text(claims.get(provider.given_name_claim)),
        family_name=_text(claims.get(provider.family_name_claim)), email=_email(claims.get(provider.email_claim)),
        verified_at=time.time(),
    )
    if provider.audience is Audience.YOUTH:
        login.birth_year, login.birth_month = _birth_year_month(claims.get(provider.birthdate_claim))
    elif provider.audience is Audience.COMPANY:
        login.cvr = _cvr_claim(provider, claims)
        login.company_name = _text(claims.get(provider.company_name_claim))
    else:
        login.staff_role = str(_staff_role(provider, claims))
        login.assurance = _text(claims.get(provider.assurance_claim))
        login.assurance_ok = provider.assurance_enough(login.assurance)
    return login


def _text(value: object) -> str | None:
    return value.strip()[:160] or None if isinstance(value, str) else None


def _email(value: object) -> str | None:
    text = _text(value)
    return normalise_email(text) if text and "@" in text else None


def _birth_year_month(value: object) -> tuple[int | None, int | None]:
    """OIDC's birthdate is YYYY-MM-DD (or YYYY alone); only the year and month are kept."""
    text = _text(value) or ""
    try:
        if len(text) == 4 and text.isdigit():
            return int(text), None
        born = date.fromisoformat(text[:10])
    except ValueError:
        return None, None
    return born.year, born.month


def _cvr_claim(provider: Provider, claims: dict) -> str:
    value = claims.get(provider.cvr_claim)
    cvr = str(value).replace(" ", "") if isinstance(value, str | int) else ""
    if not cvr:
        raise SignInRefused("missing_claim", _("Login-tjenesten sendte ikke virksomhedens CVR-nummer. Log ind med "
                                               "MitID Erhverv for den virksomhed, du handler for."),
                            claim=provider.cvr_claim)
    if not is_valid_cvr(cvr):
        raise SignInRefused("invalid_cvr", _("CVR-nummeret fra login-tjenesten er ikke gyldigt."))
    return cvr


def _staff_role(provider: Provider, claims: dict) -> Role:
    groups = claims.get(provider.groups_claim)
    names = {groups} if isinstance(groups, str) else {str(g) for g in groups} if isinstance(groups, list) else set()
    if names & provider.admin_groups:
        return Role.ADMIN
    if names & provider.staff_groups:
        return Role.STAFF
    if names & provider.management_groups:  # the most limited role: only when no group gives more
        return Role.MANAGEMENT
    raise SignInRefused("no_role", _("Din bruger i kommunen har ikke adgang til PartnerHub. Bed din leder eller IT "
                                     "om at give dig adgang."), claim=provider.groups_claim)


# ---- who it is in PartnerHub ----------------------------------------------------------------------------------------

def identity_for(login: VerifiedLogin) -> OidcIdentity | None:
    return db.session.scalar(db.select(OidcIdentity).where(OidcIdentity.issuer == login.issuer,
                                                           OidcIdentity.subject == login.subject))


def sign_in(login: VerifiedLogin) -> User | None:
    """The linked user, brought up to date with what the provider says; None when nobody is linked yet (and a new
    staff member whose e-mail is free is created at once, with the role their groups give)."""
    identity = identity_for(login)
    if identity is None:
        return _provision_staff(login) if login.audience_enum is Audience.STAFF else None
    user = identity.user
    check_may_use(login, user)
    if login.audience_enum is Audience.STAFF and user.role is not login.staff_role_enum:
        record(None, "oidc_role_changed", object_type="user", object_id=user.id, subject_user_id=user.id,
               detail={"from": str(user.role), "to": login.staff_role})
        user.role = login.staff_role_enum
    if login.audience_enum is Audience.YOUTH:
        _update_birth(user, login)
    identity.last_login_at = utcnow()
    return user


def _provision_staff(login: VerifiedLogin) -> User | None:
    """The municipality's IdP vouches for its staff's e-mail: a free one gets a new account, and an account an admin
    created that has no password yet is linked. An account with a password is linked only with that password."""
    if not login.email:
        return None
    existing = find_user_by_email(login.email)
    if existing is None:
        return _create_linked_user(login, create_user(email=login.email, name=login.display_name or login.email,
                                                      role=login.staff_role_enum))
    if existing.has_password or existing.role not in Audience.STAFF.roles:
        return None
    check_may_use(login, existing)
    existing.role = login.staff_role_enum
    return _create_linked_user(login, existing)


def check_may_use(login: VerifiedLogin, user: User) -> None:
    """The account must be active and of this audience; a company user's CVR must be their own company's."""
    if not user.active:
        raise SignInRefused("inactive", _("Din bruger er lukket. Kontakt Ungeenheden."))
    if user.role not in login.audience_enum.roles:
        raise SignInRefused("wrong_audience", _("Den bruger kan ikke logge ind her. Vælg det login, der passer til "
                                                "dig."))
    if login.audience_enum is Audience.COMPANY and (user.company is None or user.company.cvr != login.cvr):
        raise SignInRefused("cvr_mismatch", _("Du er logget ind for en anden virksomhed (CVR %(cvr)s) end den, din "
                                              "bruger i PartnerHub hører til. Log ind for den rigtige virksomhed.",
                                              cvr=login.cvr), cvr=login.cvr)


def _update_birth(user: User, login: VerifiedLogin) -> None:
    profile = getattr(user, "youth_profile", None)
    if profile is not None and login.birth_year:
        profile.birth_year, profile.birth_month = login.birth_year, login.birth_month


def _create_linked_user(login: VerifiedLogin, user: User) -> User:
    db.session.add(OidcIdentity(user_id=user.id, audience=login.audience_enum, issuer=login.issuer,
                                subject=login.subject, last_login_at=utcnow()))
    record(user, "oidc_linked", object_type="user", object_id=user.id, subject_user_id=user.id,
           detail={"audience": login.audience, "issuer": login.issuer, "new_user": True})
    db.session.flush()
    return user


def link_with_password(login: VerifiedLogin, email: str, password: str) -> User:
    """Links an existing password account once, right after both a provider login and a password login."""
    user = authenticate(email, password)
    if user is None:
        raise SignInRefused("link_bad_password", _("E-mail eller adgangskode er forkert."))
    check_may_use(login, user)
    if login.audience_enum is Audience.STAFF:
        user.role = login.staff_role_enum
    existing = db.session.scalar(db.select(OidcIdentity).where(OidcIdentity.user_id == user.id,
                                                               OidcIdentity.audience == login.audience_enum))
    if existing is not None:
        raise SignInRefused("already_linked", _("Din bruger er allerede koblet til et andet login. Bed en "
                                                "administrator om at fjerne koblingen først."))
    if login.audience_enum is Audience.YOUTH:
        _update_birth(user, login)
    return _create_linked_user(login, user)


def create_youth(login: VerifiedLogin, *, first_name: str, last_name: str | None, email: str, birth_year: int,
                 locale: str, birth_month: int | None = None,
                 guardian: tuple[str | None, str | None, str | None] = (None, None, None)) -> User:
    """A young person's first MitID login: a profile without a password, with the birth month MitID gave (or the
    one they chose) and, under 18, the guardian (name, e-mail, phone) who is asked before a placement starts."""
    from partnerhub.guardians.service import save_guardian  # the guardian package builds on accounts
    from partnerhub.youth.models import YouthProfile

    user = create_user(email=email, name=f"{first_name} {last_name or ''}".strip(), role=Role.YOUTH)
    user.locale = locale
    if birth_month is None and login.birth_year == birth_year:
        birth_month = login.birth_month
    profile = YouthProfile(user_id=user.id, first_name=first_name.strip(), last_name=(last_name or "").strip()
                           or None, birth_year=birth_year, birth_month=birth_month)
    db.session.add(profile)
    db.session.flush()
    record(user, "youth_registered", object_type="user", object_id=user.id, subject_user_id=user.id,
           detail={"via": "oidc"})
    save_guardian(user, profile, name=guardian[0], email=guardian[1], phone=guardian[2])
    return _create_linked_user(login, user)


def company_for_cvr(cvr: str) -> Company | None:
    return db.session.scalar(db.select(Company).where(Company.cvr == cvr))


def create_company_user(login: VerifiedLogin, *, name: str, email: str, company_name: str | None = None,
                        address: str | None = None, employees: int | None = None) -> User:
    """MitID Erhverv's first login: joins the company of the CVR, or registers it (pending staff approval)."""
    company = company_for_cvr(login.cvr or "")
    if company is None:
        company = Company(name=(company_name or "").strip(), cvr=login.cvr, contact_name=name.strip(),
                          address=(address or "").strip() or None, employees=employees)
        db.session.add(company)
        db.session.flush()
        action = "company_registered"
    else:
        action = "hr_user_joined"
    user = create_user(email=email, name=name, role=Role.COMPANY, company_id=company.id)
    record(user, action, object_type="company", object_id=company.id, subject_user_id=user.id,
           detail={"via": "oidc"})
    return _create_linked_user(login, user)


# ---- the session ----------------------------------------------------------------------------------------------------

def remember_pending(login: VerifiedLogin) -> None:
    session[PENDING_KEY] = asdict(login)


def pending_login(audience: Audience) -> VerifiedLogin | None:
    data = session.get(PENDING_KEY)
    if not isinstance(data, dict) or data.get("audience") != str(audience):
        return None
    try:
        login = VerifiedLogin(**data)
    except TypeError:  # a cookie from before a release that changed the fields: log in again
        return None
    return login if time.time() - login.verified_at <= PENDING_LIFETIME_SECONDS else None


def remember_session(login: VerifiedLogin) -> None:
    """After start_session(): which provider to log out of, and whether staff-only fields may be opened."""
    session.pop(PENDING_KEY, None)
    session[SESSION_KEY] = {"audience": login.audience, "id_token": login.id_token,
                            "assurance": login.assurance, "assurance_ok": login.assurance_ok}


def record_login(user: User, login: VerifiedLogin) -> None:
    user.last_login_at = utcnow()
    record(user, "oidc_login", object_type="user", object_id=user.id, subject_user_id=user.id,
           detail={"audience": login.audience, "issuer": login.issuer, "assurance": login.assurance,
                   "assurance_ok": login.assurance_ok})


def record_refusal(audience: Audience, refusal: SignInRefused, user: User | None = None) -> None:
    detail = {"audience": str(audience), "reason": refusal.reason, **refusal.detail}
    record(None, "oidc_login_refused", object_type="user", object_id=user.id if user else None,
           subject_user_id=user.id if user else None, outcome="denied", detail=detail)


def staff_fields_locked() -> bool:
    data = session.get(SESSION_KEY)
    return isinstance(data, dict) and data.get("audience") == str(Audience.STAFF) and not data.get("assurance_ok")


def assurance_explanation() -> str:
    provider = provider_for(Audience.STAFF)
    data = session.get(SESSION_KEY) or {}
    return _("Du er logget ind med sikringsniveau \u201d%(level)s\u201d. Sagsoplysninger og noter om unge kræver "
             "mindst \u201d%(minimum)s\u201d (NSIS). Log ud, og log ind igen med et stærkere login, fx MitID.",
             level=data.get("assurance") or _("ukendt"), minimum=(provider.min_assurance if provider else "") or "")


def logout_url(user: User, post_logout_redirect_uri: str) -> str | None:
    """RP-initiated logout: where to send the browser so the provider ends its session too (None: no provider)."""
    data = session.get(SESSION_KEY)
    if not isinstance(data, dict) or data.get("audience") not in {str(a) for a in configured()}:
        return None
    client = client_for(Audience(data["audience"]))
    try:
        result = client.create_logout_url(post_logout_redirect_uri=post_logout_redirect_uri,
                                          id_token_hint=data.get("id_token"))
    except (RuntimeError, requests.RequestException, ValueError):
        return None
    record(user, "oidc_logout", object_type="user", object_id=user.id, subject_user_id=user.id,
           detail={"audience": data["audience"]})
    return result["url"]


def password_login_allowed(role: Role) -> bool:
    return str(Audience.of_role(role)) not in current_app.config["PASSWORD_LOGIN_DISABLED_FOR"]


def password_refused_message(role: Role) -> str:
    audience = Audience.of_role(role)
    return str(PASSWORD_REFUSED[audience]) % {"provider": button_label(audience)}


def button_label(audience: Audience) -> str:
    provider = provider_for(audience)
    if provider and provider.label:
        return provider.label
    return str(BUTTON_LABELS[audience])


BUTTON_LABELS = {
    Audience.YOUTH: _l("MitID"),
    Audience.COMPANY: _l("MitID Erhverv"),
    Audience.STAFF: _l("kommunens login"),
}
PASSWORD_REFUSED = {
    Audience.YOUTH: _l("Unge logger ind med %(provider)s, ikke med adgangskode. Brug knappen herunder."),
    Audience.COMPANY: _l("Virksomheder logger ind med %(provider)s, ikke med adgangskode. Brug knappen herunder."),
    Audience.STAFF: _l("Medarbejdere logger ind med %(provider)s, ikke med adgangskode. Brug knappen herunder."),
}


@dataclass(frozen=True)
class SignInButton:
    slug: str
    text: str


def sign_in_buttons() -> list[SignInButton]:
    """One button per configured provider, in the order young people, companies, staff."""
    return [SignInButton(audience.slug, str(BUTTON_TEXTS[audience]) % {"provider": button_label(audience)})
            for audience in Audience if audience in configured()]


def password_login_shown() -> bool:
    """The e-mail and password form stays unless every audience signs in only through its provider."""
    return not {str(audience) for audience in Audience} <= current_app.config["PASSWORD_LOGIN_DISABLED_FOR"]


BUTTON_TEXTS = {
    Audience.YOUTH: _l("Log ind med %(provider)s – for unge"),
    Audience.COMPANY: _l("Log ind med %(provider)s – for virksomheder"),
    Audience.STAFF: _l("Log ind med %(provider)s – for medarbejdere"),
}


def linked_identities() -> list[OidcIdentity]:
    return list(db.session.scalars(db.select(OidcIdentity).order_by(OidcIdentity.linked_at.desc())))


def unlink(actor: User, identity: OidcIdentity) -> None:
    """An admin removes a link; the user's sessions end, and the next provider login must link again."""
    user = identity.user
    record(actor, "oidc_unlinked", object_type="user", object_id=user.id, subject_user_id=user.id,
           detail={"audience": str(identity.audience), "issuer": identity.issuer})
    user.session_generation += 1
    db.session.delete(identity)
