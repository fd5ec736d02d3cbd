"""Registration and home page for young people; list, detail and invitations for staff."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from partnerhub.accounts import service as accounts
from partnerhub.accounts.forms import YouthRegistrationForm
from partnerhub.eligibility import service as eligibility
from partnerhub.extensions import db
from partnerhub.forms import EmptyForm, choices, page_number, required
from partnerhub.guardians.forms import GuardianMixin, birth_month_value
from partnerhub.i18n import get_locale
from partnerhub.i18n import gettext as _
from partnerhub.permissions import Role, public, role_required
from partnerhub.youth import service
from partnerhub.youth.forms import StaffCreateYouthForm, StaffRecordForm, YouthProfileForm
from partnerhub.youth.models import Readiness, Transport, TravelUnit, YouthProfile

bp = Blueprint("youth", __name__)


def _guardian(form: GuardianMixin) -> service.GuardianDetails:
    return form.guardian_name.data or None, form.guardian_email.data or None, form.guardian_phone.data or None


@bp.route("/opret/ung", methods=["GET", "POST"])
@public
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = YouthRegistrationForm()
    if form.validate_on_submit():
        if not accounts.registration_email_in_use(form.email.data, form.password.data):
            user = service.register_youth(
                first_name=form.first_name.data, last_name=form.last_name.data,
                birth_year=required(form.birth_year.data), email=form.email.data, password=form.password.data,
                locale=str(get_locale()),
                birth_month=birth_month_value(form), guardian=_guardian(form),
            )
            accounts.send_welcome(user)
        db.session.commit()
        flash(accounts.registration_received(form.email.data), "success")
        return redirect(url_for("accounts.login"))
    return render_template("youth/register.html", form=form)


@bp.route("/ung")
@role_required(Role.YOUTH)
def home():
    return render_template("youth/home.html", profile=service.profile_for(current_user))


@bp.route("/medarbejder/unge")
@role_required(Role.STAFF)
def staff_list():
    search = request.args.get("q", "")
    return render_template("youth/staff_list.html", page=service.profiles_page(search, page_number()), search=search)


@bp.route("/medarbejder/unge/ny", methods=["GET", "POST"])
@role_required(Role.STAFF)
def staff_create():
    form = StaffCreateYouthForm()
    if form.validate_on_submit():
        profile = service.create_and_invite_youth(
            current_user, first_name=form.first_name.data, last_name=form.last_name.data,
            birth_year=form.birth_year.data, email=form.email.data, birth_month=birth_month_value(form),
            guardian=_guardian(form),
        )
        db.session.commit()
        flash(_("%(name)s er oprettet, og invitationen er sendt.", name=profile.first_name), "success")
        return redirect(url_for("youth.staff_detail", profile_id=profile.id))
    return render_template("youth/staff_create.html", form=form)


@bp.route("/medarbejder/unge/<id:profile_id>")
@role_required(Role.STAFF)
def staff_detail(profile_id: int):
    profile = service.view_profile(current_user, db.get_or_404(YouthProfile, profile_id))
    return render_template("youth/staff_detail.html", profile=profile, resend_form=EmptyForm(),
                           staff_record=profile.staff_record, last_employer=eligibility.last_employer(profile),
                           progress_warning=eligibility.progress_warning(profile))


def _profile_form(profile: YouthProfile) -> YouthProfileForm:
    form = YouthProfileForm(obj=profile)
    form.setup()
    meaning = service.travel_meaning(profile)
    form.max_travel.description = service.travel_speeds_text() + (
        " " + _("Nu: %(limit)s – %(meaning)s.", limit=profile.travel_label, meaning=meaning) if meaning else "")
    if request.method == "GET":
        form.town.data = str(profile.town_id) if profile.town_id else ""
        form.transport.data = profile.transport.value if profile.transport else ""
        form.max_travel_unit.data = (profile.max_travel_unit or TravelUnit.KM).value
        form.trade_areas.data = [str(a.id) for a in profile.trade_areas]
        form.weekdays.data = profile.weekday_list
        form.birth_month.data = str(profile.birth_month or "")
        if profile.guardian is not None:
            form.guardian_name.data = profile.guardian.name
            form.guardian_email.data = profile.guardian.email
            form.guardian_phone.data = profile.guardian.phone
    return form


def _save_profile(form: YouthProfileForm, profile: YouthProfile) -> None:
    service.update_profile(
        current_user, profile, first_name=form.first_name.data, last_name=form.last_name.data,
        birth_year=required(form.birth_year.data), town_id=form.resolved_town_id(),
        transport=Transport(form.transport.data),
        max_travel=required(form.max_travel.data), max_travel_unit=TravelUnit(form.max_travel_unit.data),
        interests=form.interests.data, trade_area_ids=form.trade_area_ids, weekdays=form.weekdays.data,
        earliest_start=form.earliest_start.data, accommodations=form.accommodations.data,
        share_accommodation_details=form.share_accommodation_details.data, birth_month=birth_month_value(form),
        guardian=_guardian(form),
    )


@bp.route("/ung/profil", methods=["GET", "POST"])
@role_required(Role.YOUTH)
def edit_profile():
    profile = service.profile_for_form(current_user)
    if profile is None:
        abort(404)
    form = _profile_form(profile)
    if form.validate_on_submit():
        _save_profile(form, profile)
        db.session.commit()
        flash(_("Din profil er gemt."), "success")
        return redirect(url_for("youth.home"))
    return render_template("youth/profile_form.html", form=form, profile=profile, staff=False), (
        422 if form.errors else 200)


@bp.route("/medarbejder/unge/<id:profile_id>/profil", methods=["GET", "POST"])
@role_required(Role.STAFF)
def staff_edit_profile(profile_id: int):
    profile = db.get_or_404(YouthProfile, profile_id)
    form = _profile_form(profile)
    if form.validate_on_submit():
        _save_profile(form, profile)
        db.session.commit()
        flash(_("Profilen for %(name)s er gemt.", name=profile.first_name), "success")
        return redirect(url_for("youth.staff_detail", profile_id=profile.id))
    if request.method == "GET":
        service.view_profile(current_user, profile)
        db.session.commit()
    return render_template("youth/profile_form.html", form=form, profile=profile, staff=True), (
        422 if form.errors else 200)


@bp.route("/medarbejder/unge/<id:profile_id>/sag", methods=["GET", "POST"])
@role_required(Role.STAFF)
def staff_record(profile_id: int):
    profile = db.get_or_404(YouthProfile, profile_id)
    staff_record = service.view_notes(current_user, profile)
    form = StaffRecordForm(obj=staff_record)
    form.consultant.choices = choices([("", _("Ingen endnu"))]
                                      + [(str(u.id), u.name) for u in service.staff_users()])
    if request.method == "GET":
        form.readiness.data = staff_record.readiness.value if staff_record.readiness else ""
        form.consultant.data = str(staff_record.consultant_id or "")
    if form.validate_on_submit():
        service.update_staff_record(
            current_user, profile, readiness=Readiness(form.readiness.data) if form.readiness.data else None,
            effort_focus=form.effort_focus.data,
            consultant_id=int(form.consultant.data) if form.consultant.data else None, notes=form.notes.data,
        )
        db.session.commit()
        flash(_("Sagsoplysningerne er gemt."), "success")
        return redirect(url_for("youth.staff_detail", profile_id=profile.id))
    return render_template("youth/staff_record.html", form=form, profile=profile), (422 if form.errors else 200)


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

