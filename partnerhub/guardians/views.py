"""The guardian's pages, reached by a mailed single-use link (no account), and staff's list of who is waiting."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from partnerhub.extensions import db
from partnerhub.forms import EmptyForm
from partnerhub.guardians import service
from partnerhub.guardians.forms import ConsentForm, WithdrawForm
from partnerhub.i18n import gettext as _
from partnerhub.permissions import Role, public, role_required
from partnerhub.planning.models import Placement
from partnerhub.planning.services.common import PlanningError

bp = Blueprint("guardians", __name__)


@bp.route("/samtykke/<token>", methods=["GET", "POST"])
@public
def answer(token: str):
    consent = service.consent_for_token(token)
    if consent is None:
        return render_template("guardians/link_invalid.html"), 404
    form = ConsentForm()
    if form.validate_on_submit():
        service.answer(consent, consents=form.answer.data == "yes", reason=form.reason.data)
        db.session.commit()
        return render_template("guardians/answered.html", given=consent.is_given,
                               first_name=consent.placement.profile.first_name)
    return render_template("guardians/answer.html", form=form, plan=service.view_plan(consent)), (
        422 if form.errors else 200)


@bp.route("/samtykke/tilbagekald/<token>", methods=["GET", "POST"])
@public
def withdraw(token: str):
    consent = service.consent_for_withdraw_token(token)
    if consent is None:
        return render_template("guardians/link_invalid.html"), 404
    form = WithdrawForm()
    if form.validate_on_submit():
        service.withdraw(consent, reason=form.reason.data)
        db.session.commit()
        return render_template("guardians/withdrawn.html", first_name=consent.placement.profile.first_name)
    return render_template("guardians/withdraw.html", form=form, plan=service.view_plan(consent)), (
        422 if form.errors else 200)


@bp.route("/medarbejder/samtykker")
@role_required(Role.STAFF)
def staff_waiting():
    return render_template("guardians/staff_waiting.html", rows=service.waiting_for_consent(current_user),
                           form=EmptyForm())


@bp.route("/medarbejder/samtykker/<id:placement_id>/send", methods=["POST"])
@role_required(Role.STAFF)
def staff_request(placement_id: int):
    placement = db.get_or_404(Placement, placement_id)
    if EmptyForm().validate_on_submit():
        try:
            consent = service.request_consent(current_user, placement)
        except PlanningError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Linket er sendt til %(name)s.", name=consent.guardian.name), "success")
    return redirect(url_for("guardians.staff_waiting"))
