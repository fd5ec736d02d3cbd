"""Sign-in through MitID, MitID Erhverv and the municipality's identity provider: start, callback, first login."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from partnerhub.accounts.sessions import safe_next_url, start_session
from partnerhub.audit.service import writes_on_get
from partnerhub.companies.registry import look_up
from partnerhub.extensions import db
from partnerhub.forms import EmptyForm
from partnerhub.guardians.forms import birth_month_value
from partnerhub.i18n import get_locale
from partnerhub.i18n import gettext as _
from partnerhub.oidc import service
from partnerhub.oidc.forms import CompanySignupForm, CompanyUserSignupForm, LinkAccountForm, YouthSignupForm
from partnerhub.oidc.models import Audience, OidcIdentity
from partnerhub.oidc.providers import Provider, provider_for
from partnerhub.permissions import Role, public, role_required

bp = Blueprint("oidc", __name__)

NEXT_KEY = "oidc_next"


def _provider(slug: str) -> Provider:
    audience = Audience.of_slug(slug)
    provider = provider_for(audience) if audience else None
    if provider is None:
        abort(404)
    return provider


def _refused(provider: Provider, refusal: service.SignInRefused):
    service.record_refusal(provider.audience, refusal)
    db.session.commit()
    flash(str(refusal), "error")
    return redirect(url_for("accounts.login"))


@bp.route("/log-ind/<slug>", methods=["POST"])
@public
def start(slug: str):
    provider = _provider(slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    session[NEXT_KEY] = safe_next_url(request.args.get("next"))
    try:
        return service.authorization_redirect(provider, url_for("oidc.callback", slug=slug, _external=True))
    except service.SignInRefused as refusal:
        return _refused(provider, refusal)


@bp.route("/log-ind/<slug>/svar")
@public
@writes_on_get("the provider sends the person back here by a redirect (a GET) to sign them in")
def callback(slug: str):
    provider = _provider(slug)
    try:
        login = service.complete_authorization(provider)
        user = service.sign_in(login)
    except service.SignInRefused as refusal:
        db.session.rollback()
        return _refused(provider, refusal)
    if user is None:
        service.remember_pending(login)
        return redirect(url_for("oidc.first_login", slug=slug))
    return _finish(user, login)


def _finish(user, login: service.VerifiedLogin):
    next_url = session.get(NEXT_KEY)
    service.record_login(user, login)
    db.session.commit()
    start_session(user)
    service.remember_session(login)
    flash(_("Du er logget ind med %(provider)s.", provider=service.button_label(login.audience_enum)), "success")
    return redirect(next_url or url_for("main.home"))


def _signup_form(login: service.VerifiedLogin):
    if login.audience_enum is Audience.YOUTH:
        form = YouthSignupForm(prefix="new")
        if request.method == "GET":
            form.first_name.data, form.last_name.data = login.given_name, login.family_name
            form.birth_year.data, form.email.data = login.birth_year, login.email
            form.birth_month.data = str(login.birth_month) if login.birth_month else ""
        return form
    if login.audience_enum is Audience.COMPANY:
        joining = service.company_for_cvr(login.cvr or "") is not None
        form = CompanyUserSignupForm(prefix="new") if joining else CompanySignupForm(prefix="new")
        if request.method == "GET":
            form.name.data, form.email.data = login.display_name or None, login.email
            if not joining:
                facts, _reachable = look_up(login.cvr or "")
                form.company_name.data = facts.name if facts else login.company_name
                form.address.data, form.employees.data = (facts.address, facts.employees) if facts else (None, None)
        return form
    return None


@bp.route("/log-ind/<slug>/ny", methods=["GET", "POST"])
@public
def first_login(slug: str):
    """A verified login nobody is linked to yet: create the account from it, or link a password account."""
    provider = _provider(slug)
    login = service.pending_login(provider.audience)
    if login is None or current_user.is_authenticated:
        return _log_in_again()
    form = _signup_form(login)
    if form is not None and form.validate_on_submit():
        user = _create_account(login, form)
        return _finish(user, login)
    return _first_login_page(login, provider, form, LinkAccountForm(prefix="link"))


def _log_in_again():
    flash(_("Log ind igen for at fortsætte."), "info")
    return redirect(url_for("accounts.login"))


def _first_login_page(login: service.VerifiedLogin, provider: Provider, form,
                      link_form: LinkAccountForm):
    """The sign-up form (none for staff) and the link form, side by side."""
    company = service.company_for_cvr(login.cvr) if login.cvr else None
    failed = bool((form is not None and form.errors) or link_form.errors)
    return render_template("oidc/first_login.html", form=form, link_form=link_form, login=login,
                           slug=provider.audience.slug, company=company,
                           provider_label=service.button_label(provider.audience)), (422 if failed else 200)


def _create_account(login: service.VerifiedLogin, form):
    if login.audience_enum is Audience.YOUTH:
        return service.create_youth(login, first_name=form.first_name.data, last_name=form.last_name.data,
                                    email=form.email.data, birth_year=form.birth_year.data,
                                    birth_month=birth_month_value(form), locale=str(get_locale()),
                                    guardian=(form.guardian_name.data or None, form.guardian_email.data or None,
                                              form.guardian_phone.data or None))
    facts = {name: getattr(form, name).data for name in ("company_name", "address", "employees") if name in form}
    return service.create_company_user(login, name=form.name.data, email=form.email.data, **facts)


@bp.route("/log-ind/<slug>/kobl", methods=["POST"])
@public
def link(slug: str):
    provider = _provider(slug)
    login = service.pending_login(provider.audience)
    if login is None or current_user.is_authenticated:
        return _log_in_again()
    form = LinkAccountForm(prefix="link")
    if form.validate_on_submit():
        try:
            user = service.link_with_password(login, form.link_email.data, form.link_password.data)
        except service.SignInRefused as refusal:
            db.session.rollback()
            service.record_refusal(provider.audience, refusal)
            db.session.commit()
            form.link_password.errors.append(str(refusal))
        else:
            flash(_("Dit login er nu koblet til din bruger i PartnerHub."), "success")
            return _finish(user, login)
    return _first_login_page(login, provider, _signup_form(login), form)


@bp.route("/admin/logins")
@role_required(Role.ADMIN)
def identities():
    return render_template("oidc/identities.html", identities=service.linked_identities(), unlink_form=EmptyForm())


@bp.route("/admin/logins/<id:identity_id>/fjern", methods=["POST"])
@role_required(Role.ADMIN)
def unlink(identity_id: int):
    identity = db.get_or_404(OidcIdentity, identity_id)
    if EmptyForm().validate_on_submit():
        name = identity.user.name
        service.unlink(current_user, identity)
        db.session.commit()
        flash(_("Koblingen for %(name)s er fjernet. Næste login med udbyderen skal kobles igen.", name=name),
              "success")
    return redirect(url_for("oidc.identities"))
