"""Company registration, the HR home page, and the staff's approval of companies."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from partnerhub.accounts.forms import CompanyRegistrationForm
from partnerhub.accounts.views import start_session
from partnerhub.companies import service
from partnerhub.companies.forms import CompanyDecisionForm
from partnerhub.companies.models import Company, CompanyStatus
from partnerhub.extensions import db
from partnerhub.permissions import Role, public, role_required

bp = Blueprint("companies", __name__)


@bp.route("/opret/virksomhed", methods=["GET", "POST"])
@public
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = CompanyRegistrationForm()
    if form.validate_on_submit():
        try:
            user = service.register_company(
                company_name=form.company_name.data, cvr=form.cvr.data, hr_name=form.name.data,
                email=form.email.data, password=form.password.data,
            )
        except service.CompanyError as error:
            form.cvr.errors.append(str(error))
        else:
            db.session.commit()
            start_session(user)
            flash(_("Tak! Virksomheden er oprettet. Ungeenheden godkender den snarest."), "success")
            return redirect(url_for("companies.home"))
    return render_template("companies/register.html", form=form)


@bp.route("/virksomhed")
@role_required(Role.COMPANY)
def home():
    return render_template("companies/home.html", company=current_user.company)


@bp.route("/medarbejder/virksomheder")
@role_required(Role.STAFF)
def staff_list():
    return render_template("companies/staff_list.html", companies=service.companies_by_status())


@bp.route("/medarbejder/virksomheder/<id:company_id>", methods=["GET", "POST"])
@role_required(Role.STAFF)
def staff_detail(company_id: int):
    company = db.get_or_404(Company, company_id)
    form = CompanyDecisionForm()
    if form.validate_on_submit():
        try:
            service.change_status(current_user, company, CompanyStatus(form.decision.data))
        except service.CompanyError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("%(name)s har nu status: %(status)s.", name=company.name, status=company.status.label), "success")
        return redirect(url_for("companies.staff_detail", company_id=company.id))
    return render_template("companies/staff_detail.html", company=company, form=form)
