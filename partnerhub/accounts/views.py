"""Login, logout, invitations and password reset: validate, call the service, flash, redirect."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, logout_user

from partnerhub.accounts import service
from partnerhub.accounts.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    SetPasswordForm,
    YouthInvitationForm,
)
from partnerhub.accounts.models import User
from partnerhub.accounts.sessions import safe_next_url, start_session
from partnerhub.audit.service import record
from partnerhub.extensions import db, limiter
from partnerhub.forms import EmptyForm
from partnerhub.i18n import gettext as _
from partnerhub.permissions import Role, public, role_required
from partnerhub.security import fresh_session

bp = Blueprint("accounts", __name__)


def _login_account_key() -> str:
    """Counts attempts per e-mail as well as per IP, so one account cannot be guessed at from many addresses."""
    return "login-account:" + service.normalise_email(request.form.get("email", ""))


def _login_failed(response: Response) -> bool:
    """Only a wrong password counts against the account, so people who log in often are never locked out."""
    return g.get("login_failed", False)


def _refuse_login(user: User | None, email: str, message: str) -> None:
    """A wrong password counts against the account; a right one where the audience must use its provider does not."""
    if user is None:
        g.login_failed = True
        record(None, "login_failed", outcome="denied", detail={"email": service.normalise_email(email)})
    else:
        record(user, "login_refused", object_type="user", object_id=user.id, subject_user_id=user.id,
               outcome="denied", detail={"reason": "password_login_disabled"})
    db.session.commit()
    flash(message, "error")


@bp.route("/log-ind", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT_PER_IP"], methods=["POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT_PER_ACCOUNT"], key_func=_login_account_key, methods=["POST"],
    deduct_when=_login_failed,
)
@public
def login():
    from partnerhub.oidc import service as oidc  # here: the sign-in package itself builds on accounts

    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = service.authenticate(form.email.data, form.password.data)
        if user is None:
            _refuse_login(None, form.email.data, _("E-mail eller adgangskode er forkert."))
        elif not oidc.password_login_allowed(user.role):
            _refuse_login(user, form.email.data, oidc.password_refused_message(user.role))
        else:
            service.record_login(user)
            db.session.commit()
            start_session(user)
            flash(_("Du er logget ind."), "success")
            return redirect(safe_next_url(request.args.get("next")) or url_for("main.home"))
    return render_template("accounts/login.html", form=form, sign_in_buttons=oidc.sign_in_buttons(),
                           start_form=EmptyForm(), password_login_shown=oidc.password_login_shown())


@bp.route("/log-ud", methods=["POST"])
@role_required(*Role)
def logout():
    from partnerhub.oidc import service as oidc  # here: the sign-in package itself builds on accounts

    user = current_user._get_current_object()
    service.end_all_sessions(user)
    record(user, "logout", object_type="user", object_id=user.id, subject_user_id=user.id)
    provider_logout = oidc.logout_url(user, url_for("main.index", _external=True))  # reads the session: before
    db.session.commit()
    logout_user()
    fresh_session()
    flash(_("Du er logget ud."), "success")
    return redirect(provider_logout or url_for("main.index"))


@bp.route("/glemt-adgangskode", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["PASSWORD_RESET_RATE_LIMIT"], methods=["POST"])
@public
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        service.request_password_reset(form.email.data)
        db.session.commit()
        flash(_("Hvis e-mailen findes hos os, har vi sendt et link til at nulstille adgangskoden."), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/nulstil-adgangskode/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    user = service.user_for_reset_token(token)
    if user is None:
        flash(_("Linket er udløbet eller allerede brugt. Bed om et nyt."), "error")
        return redirect(url_for("accounts.forgot_password"))
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            service.reset_password(user, form.password.data)
        except service.AccountError as error:
            form.password.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Din adgangskode er skiftet. Log ind med den nye."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/set_password.html", form=form, title=_("Vælg en ny adgangskode"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token: str):
    invitation = service.usable_invitation(token)
    if invitation is None:
        return render_template("accounts/invitation_invalid.html"), 404
    youth = service.needs_privacy_notice(invitation.user)
    form = YouthInvitationForm() if youth else SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = service.accept_invitation(
                invitation, form.password.data,
                privacy_read=isinstance(form, YouthInvitationForm) and bool(form.privacy_read.data))
        except service.AccountError as error:
            form.password.errors.append(str(error))
        else:
            service.record_login(user)
            db.session.commit()
            start_session(user)
            flash(_("Velkommen til PartnerHub! Din adgangskode er gemt."), "success")
            return redirect(url_for("main.home"))
    return render_template("accounts/set_password.html", form=form,
                           privacy_notice=service.privacy_notice_template(invitation.user),
                           retention_days=current_app.config["PUPIL_RETENTION_AFTER_SCHOOL_YEAR"].days,
                           title=_("Velkommen, %(name)s", name=invitation.user.name),
                           intro=_("Vælg en adgangskode, så kan du logge ind på PartnerHub."))


@bp.route("/konto", methods=["GET", "POST"])
@role_required(*Role)
def account():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            service.change_password(current_user, form.current_password.data, form.password.data)
        except service.AccountError as error:
            form.current_password.errors.append(str(error))
        else:
            db.session.commit()
            start_session(current_user._get_current_object())
            flash(_("Din adgangskode er skiftet."), "success")
            return redirect(url_for("accounts.account"))
    return render_template("accounts/account.html", form=form)
