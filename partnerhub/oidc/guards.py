"""Wiring of the sign-in package: the request guard for staff-only fields and closed password sign-ups."""


from __future__ import annotations

from flask import Flask, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from partnerhub.accounts.service import usable_invitation
from partnerhub.i18n import gettext as _
from partnerhub.oidc import providers, service

# Registering with a password is closed where the audience signs in only through its provider.
PASSWORD_REGISTRATION_ENDPOINTS = {"youth.register": "youth", "companies.register": "company"}


def guard_requests() -> ResponseReturnValue | None:
    """Staff-only fields need the staff provider's minimum assurance; closed password sign-ups send people on."""
    if request.endpoint in service.STAFF_ONLY_ENDPOINTS and service.staff_fields_locked():
        return render_template("oidc/assurance_too_low.html", explanation=service.assurance_explanation()), 403
    audience = PASSWORD_REGISTRATION_ENDPOINTS.get(request.endpoint or "")
    if audience and audience in current_app.config["PASSWORD_LOGIN_DISABLED_FOR"]:
        flash(_("Du opretter dig ved at logge ind med knappen herunder."), "info")
        return redirect(url_for("accounts.login"))
    if request.endpoint == "accounts.accept_invitation" and _invited_without_passwords():
        flash(_("Du skal ikke vælge en adgangskode: log ind med knappen herunder."), "info")
        return redirect(url_for("accounts.login"))
    return None


def _invited_without_passwords() -> bool:
    """An invitation would set a password, which the invited person's audience may not use."""
    invitation = usable_invitation(str((request.view_args or {}).get("token", "")))
    return invitation is not None and not service.password_login_allowed(invitation.user.role)


def init_app(app: Flask) -> None:
    providers.init_app(app)
    app.before_request(guard_requests)
    app.context_processor(lambda: {"staff_fields_locked": service.staff_fields_locked})
