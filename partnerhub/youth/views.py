"""Registration and home page for young people; list, detail and invitations for staff."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from partnerhub.accounts.forms import YouthRegistrationForm
from partnerhub.accounts.views import start_session
from partnerhub.extensions import db
from partnerhub.forms import EmptyForm
from partnerhub.permissions import Role, public, role_required
from partnerhub.youth import service
from partnerhub.youth.forms import StaffCreateYouthForm
from partnerhub.youth.models import YouthProfile

bp = Blueprint("youth", __name__)


@bp.route("/opret/ung", methods=["GET", "POST"])
@public
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = YouthRegistrationForm()
    if form.validate_on_submit():
        user = service.register_youth(
            first_name=form.first_name.data, last_name=form.last_name.data, birth_year=form.birth_year.data,
            email=form.email.data, password=form.password.data, locale=str(get_locale()),
        )
        db.session.commit()
        start_session(user)
        flash(_("Velkommen, %(name)s! Din profil er oprettet.", name=user.name), "success")
        return redirect(url_for("youth.home"))
    return render_template("youth/register.html", form=form)


@bp.route("/ung")
@role_required(Role.YOUTH)
def home():
    return render_template("youth/home.html", profile=service.profile_for(current_user))


@bp.route("/medarbejder/unge")
@role_required(Role.STAFF)
def staff_list():
    return render_template("youth/staff_list.html", profiles=service.all_profiles())


@bp.route("/medarbejder/unge/ny", methods=["GET", "POST"])
@role_required(Role.STAFF)
def staff_create():
    form = StaffCreateYouthForm()
    if form.validate_on_submit():
        profile = service.create_and_invite_youth(
            current_user, first_name=form.first_name.data, last_name=form.last_name.data,
            birth_year=form.birth_year.data, email=form.email.data,
        )
        db.session.commit()
        flash(_("%(name)s er oprettet, og invitationen er sendt.", name=profile.first_name), "success")
        return redirect(url_for("youth.staff_detail", profile_id=profile.id))
    return render_template("youth/staff_create.html", form=form)


@bp.route("/medarbejder/unge/<id:profile_id>")
@role_required(Role.STAFF)
def staff_detail(profile_id: int):
    profile = service.view_profile(current_user, db.get_or_404(YouthProfile, profile_id))
    db.session.commit()
    return render_template("youth/staff_detail.html", profile=profile, resend_form=EmptyForm())


@bp.route("/medarbejder/unge/<id:profile_id>/gensend-invitation", methods=["POST"])
@role_required(Role.STAFF)
def staff_resend_invitation(profile_id: int):
    profile = db.get_or_404(YouthProfile, profile_id)
    if profile.user.has_password:
        flash(_("%(name)s har allerede valgt en adgangskode.", name=profile.first_name), "info")
    else:
        service.resend_invitation(current_user, profile)
        db.session.commit()
        flash(_("Invitationen er sendt igen."), "success")
    return redirect(url_for("youth.staff_detail", profile_id=profile.id))

