"""The last employer (the young person's own page and staff's) and staff flags on companies (staff and admins)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from partnerhub.companies.models import Company, CompanyStatus
from partnerhub.eligibility import service
from partnerhub.eligibility.forms import FlagForm, LastEmployerForm, LiftForm
from partnerhub.extensions import db
from partnerhub.forms import EmptyForm
from partnerhub.i18n import gettext as _
from partnerhub.permissions import Role, role_required
from partnerhub.youth.models import YouthProfile
from partnerhub.youth.service import profile_for

bp = Blueprint("eligibility", __name__)
Page = tuple[str, int]


def _company_choices() -> list[tuple[str, str]]:
    return [(str(c.id), c.name) for c in db.session.scalars(
        db.select(Company).where(Company.status == CompanyStatus.APPROVED).order_by(Company.name))]


def _last_employer_page(profile: YouthProfile, *, staff: bool, done: str) -> Page | Response:
    row = service.last_employer(profile)
    form = LastEmployerForm()
    form.setup(_company_choices())
    if request.method == "GET" and row is not None:
        form.company.data = str(row.company_id) if row.company_id else ""
        form.employer_name.data = row.employer_name or ""
        form.ended_on.data = row.ended_on
    error = None
    if form.validate_on_submit():
        try:
            service.save_last_employer(current_user, profile, company_id=int(form.company.data) if form.company.data
                                       else None, employer_name=form.employer_name.data, ended_on=form.ended_on.data)
        except service.EligibilityError as exc:
            error = str(exc)
        else:
            db.session.commit()
            flash(_("Den seneste arbejdsgiver er gemt."), "success")
            return redirect(done)
    return render_template("eligibility/last_employer.html", form=form, profile=profile, row=row, staff=staff,
                           clear_form=EmptyForm(), error=error,
                           months=service.eligibility_rules().last_employer_months), (
        422 if form.errors or error else 200)


@bp.route("/ung/seneste-arbejdsgiver", methods=["GET", "POST"])
@role_required(Role.YOUTH)
def own_last_employer():
    profile = profile_for(current_user)
    if profile is None:
        abort(404)
    return _last_employer_page(profile, staff=False, done=url_for("youth.home"))


@bp.route("/ung/seneste-arbejdsgiver/slet", methods=["POST"])
@role_required(Role.YOUTH)
def own_last_employer_clear() -> Response:
    profile = profile_for(current_user)
    if profile is None:
        abort(404)
    if EmptyForm().validate_on_submit():
        service.clear_last_employer(current_user, profile)
        db.session.commit()
        flash(_("Den seneste arbejdsgiver er slettet."), "success")
    return redirect(url_for("eligibility.own_last_employer"))


@bp.route("/medarbejder/unge/<id:profile_id>/seneste-arbejdsgiver", methods=["GET", "POST"])
@role_required(Role.STAFF)
def staff_last_employer(profile_id: int):
    profile = db.get_or_404(YouthProfile, profile_id)
    return _last_employer_page(profile, staff=True, done=url_for("youth.staff_detail", profile_id=profile.id))


@bp.route("/medarbejder/unge/<id:profile_id>/seneste-arbejdsgiver/slet", methods=["POST"])
@role_required(Role.STAFF)
def staff_last_employer_clear(profile_id: int) -> Response:
    profile = db.get_or_404(YouthProfile, profile_id)
    if EmptyForm().validate_on_submit():
        service.clear_last_employer(current_user, profile)
        db.session.commit()
        flash(_("Den seneste arbejdsgiver er slettet."), "success")
    return redirect(url_for("eligibility.staff_last_employer", profile_id=profile.id))


def _flag_page(company: Company, flag_form: FlagForm, lift_form: LiftForm, error: str | None = None) -> Page:
    return render_template("eligibility/company_flag.html", company=company, flags=service.flags_of(company),
                           active=service.active_flag(company.id), flag_form=flag_form, lift_form=lift_form,
                           error=error), 422 if error or flag_form.errors or lift_form.errors else 200


@bp.route("/medarbejder/virksomheder/<id:company_id>/markering", methods=["GET", "POST"])
@role_required(Role.STAFF, Role.ADMIN)
def company_flag(company_id: int):
    """Flag the company (no proposals until lifted) or lift the flag with a note; both are audit-logged."""
    company = db.get_or_404(Company, company_id)
    flag_form, lift_form = FlagForm(prefix="flag"), LiftForm(prefix="lift")
    if request.method == "POST":
        active = service.active_flag(company.id)
        form = lift_form if active is not None else flag_form
        if not form.validate_on_submit():
            return _flag_page(company, flag_form, lift_form)
        try:
            if active is not None:
                service.lift_flag(current_user, active, lift_form.note.data)
                message = _("Markeringen af %(company)s er ophævet.", company=company.name)
            else:
                service.flag_company(current_user, company, flag_form.reason.data)
                message = _("%(company)s er markeret og foreslås ikke, før markeringen ophæves.", company=company.name)
        except service.EligibilityError as exc:
            return _flag_page(company, flag_form, lift_form, str(exc))
        db.session.commit()
        flash(message, "success")
        return redirect(url_for("eligibility.company_flag", company_id=company.id))
    return _flag_page(company, flag_form, lift_form)
