"""Company registration, the HR pages (profile, capacity, posts, colleagues, network), and staff's view of companies."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from partnerhub.accounts import service as accounts
from partnerhub.companies import service
from partnerhub.companies.forms import (
    CapacityForm,
    CompanyDecisionForm,
    CompanyProfileForm,
    CompanyRegistrationWithFactsForm,
    CvrLookupForm,
    InviteHrForm,
    PeriodForm,
    PostForm,
    SharingForm,
)
from partnerhub.companies.models import Company, CompanyStatus, PlanningPeriod
from partnerhub.companies.registry import look_up
from partnerhub.eligibility import service as eligibility
from partnerhub.extensions import db
from partnerhub.forms import EmptyForm, choices, required
from partnerhub.i18n import gettext as _
from partnerhub.permissions import Role, public, role_required
from partnerhub.planning.services import placements

bp = Blueprint("companies", __name__)


@bp.route("/opret/virksomhed", methods=["GET", "POST"])
@public
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = CompanyRegistrationWithFactsForm()
    lookup = CvrLookupForm(request.args)
    if request.method == "GET" and "lookup_cvr" in request.args and lookup.validate():
        _fill_from_registry(form, lookup.lookup_cvr.data)
    if form.validate_on_submit():
        try:
            service.refuse_taken_cvr(form.cvr.data)
            if not accounts.registration_email_in_use(form.email.data, form.password.data):
                accounts.send_welcome(service.register_company(
                    company_name=form.company_name.data, cvr=form.cvr.data, hr_name=form.name.data,
                    email=form.email.data, password=form.password.data, address=form.address.data,
                    employees=form.employees.data,
                ))
        except service.CompanyError as error:
            form.cvr.errors.append(str(error))
        else:
            db.session.commit()
            flash(accounts.registration_received(form.email.data), "success")
            return redirect(url_for("accounts.login"))
    return render_template("companies/register.html", form=form, lookup=lookup)


def _fill_from_registry(form: CompanyRegistrationWithFactsForm, cvr: str) -> None:
    form.cvr.data = cvr
    facts, reachable = look_up(cvr)
    if facts is not None:
        form.company_name.data, form.address.data, form.employees.data = facts.name, facts.address, facts.employees
        flash(_("Vi har hentet navn, adresse og antal ansatte fra CVR-registret. Tjek dem, og ret dem, hvis de "
                "ikke passer."), "success")
    elif reachable:
        flash(_("Vi fandt ikke CVR-nummeret i CVR-registret. Skriv oplysningerne selv."), "warning")
    else:
        flash(_("CVR-registret svarer ikke lige nu. Skriv oplysningerne selv, eller prøv igen om lidt."), "warning")


def _own_company() -> Company:
    company = current_user.company
    if company is None:
        abort(403)
    return company


def _own_company_id() -> int:
    """The HR user's company's id, read without loading the company: a page that loads it with what it shows would
    otherwise load it twice."""
    if current_user.company_id is None:
        abort(403)
    return current_user.company_id


@bp.route("/virksomhed")
@role_required(Role.COMPANY)
def home():
    company = service.home_company(_own_company_id())
    return render_template("companies/home.html", company=company, ratio_limit=service.ratio_limit(company))


@bp.route("/virksomhed/profil", methods=["GET", "POST"])
@role_required(Role.COMPANY)
def edit_profile():
    return _profile_form(_own_company(), done=url_for("companies.home"))


@bp.route("/medarbejder/virksomheder/<id:company_id>/profil", methods=["GET", "POST"])
@role_required(Role.STAFF)
def staff_edit_profile(company_id: int):
    """Staff correct a company's profile for it (a phone call, a typo); the audit log says who changed what."""
    company = db.get_or_404(Company, company_id)
    return _profile_form(company, done=url_for("companies.staff_detail", company_id=company.id))


def _profile_form(company: Company, *, done: str):  # a response or a page with its status
    form = CompanyProfileForm(obj=company)
    form.setup()
    if request.method == "GET":
        form.town.data = str(company.town_id) if company.town_id else ""
        form.trade_areas.data = [str(a.id) for a in company.trade_areas]
        form.networks.data = [str(n.id) for n in company.networks]
        form.need_kinds.data = [kind.value for kind in company.need_kinds]
        form.minor_work.data = company.minor_work.value if company.minor_work else ""
    if form.validate_on_submit():
        fields = {name: getattr(form, name).data for name in service.PROFILE_FIELDS}
        try:
            service.update_profile(current_user, company, town_id=form.resolved_town_id(),
                                   trade_area_ids=form.trade_area_ids, network_ids=form.network_ids,
                                   need_kinds=form.chosen_need_kinds, **fields)
        except service.CompanyError as error:
            db.session.rollback()
            form.cvr.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Profilen er gemt."), "success")
            return redirect(done)
    return render_template("companies/profile_form.html", form=form, company=company), (
        422 if form.errors else 200)


def _fill_capacity_form(form: CapacityForm, company: Company, chosen: str) -> None:
    """The period in ?periode= and what the company already offers in it, or the working week for a new one."""
    period = db.session.get(PlanningPeriod, int(chosen)) if chosen.isdigit() and len(chosen) < 10 else None
    existing = service.capacity_for(company, period) if period else None
    if period:
        form.period.data = str(period.id)
    if existing:
        form.seats.data, form.weekdays.data = existing.seats, existing.weekday_list
        form.hours_from.data, form.hours_to.data, form.note.data = existing.hours_from, existing.hours_to, existing.note
    elif not form.weekdays.data:
        form.weekdays.data = [1, 2, 3, 4, 5]


@bp.route("/virksomhed/kapacitet", methods=["GET", "POST"])
@role_required(Role.COMPANY)
def capacity():
    company = _own_company()
    periods = service.periods()
    form = CapacityForm()
    form.set_periods(periods)
    if request.method == "GET":
        _fill_capacity_form(form, company, request.args.get("periode", ""))
    if form.validate_on_submit():
        period = db.get_or_404(PlanningPeriod, int(form.period.data))
        _capacity, warning = service.save_capacity(
            current_user, company, period, seats=required(form.seats.data), weekdays=form.weekdays.data,
            hours_from=form.hours_from.data, hours_to=form.hours_to.data, note=form.note.data,
        )
        db.session.commit()
        flash(_("Kapaciteten for %(period)s er gemt.", period=period.name), "success")
        if warning:
            flash(warning, "warning")
        return redirect(url_for("companies.capacity"))
    rows = [(period, service.capacity_for(company, period)) for period in periods]
    return render_template("companies/capacity.html", company=company, form=form, rows=rows,
                           ratio_limit=service.ratio_limit(company), copy_form=EmptyForm()), (
        422 if form.errors else 200)


@bp.route("/virksomhed/kapacitet/<id:period_id>/kopier", methods=["POST"])
@role_required(Role.COMPANY)
def copy_capacity(period_id: int):
    company = _own_company()
    period = db.get_or_404(PlanningPeriod, period_id)
    if EmptyForm().validate_on_submit():
        try:
            _capacity, warning = service.copy_capacity_forward(current_user, company, period)
        except service.CompanyError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Kapaciteten er kopieret til %(period)s.", period=period.name), "success")
            if warning:
                flash(warning, "warning")
    return redirect(url_for("companies.capacity"))


@bp.route("/virksomhed/opslag/ny", methods=["GET", "POST"])
@bp.route("/virksomhed/opslag/<id:post_id>", methods=["GET", "POST"])
@role_required(Role.COMPANY)
def edit_post(post_id: int | None = None):
    company = _own_company()
    post = None
    if post_id is not None:
        post = service.post_of(company, post_id)
        if post is None:
            abort(404)
    form = PostForm(obj=post)
    form.setup(service.periods())
    if request.method == "GET" and post is not None:
        form.trade_area.data = str(post.trade_area_id or "")
        form.period.data = str(post.period_id or "")
    if form.validate_on_submit():
        saved = service.save_post(
            current_user, company, post, title=form.title.data, trade_area_id=int(form.trade_area.data),
            description=form.description.data, period_id=int(form.period.data) if form.period.data else None,
            seats=required(form.seats.data), open_for_sharing=form.open_for_sharing.data, active=form.active.data,
        )
        db.session.commit()
        flash(_("Opslaget '%(title)s' er gemt.", title=saved.title), "success")
        return redirect(url_for("companies.home"))
    return render_template("companies/post_form.html", form=form, post=post), (422 if form.errors else 200)


@bp.route("/virksomhed/brugere", methods=["GET", "POST"])
@role_required(Role.COMPANY)
def hr_users():
    company = _own_company()
    form = InviteHrForm()
    if form.validate_on_submit():
        user = service.invite_hr_user(current_user, company, name=form.name.data, email=form.email.data)
        db.session.commit()
        flash(_("%(name)s har fået en invitation.", name=user.name), "success")
        return redirect(url_for("companies.hr_users"))
    return render_template("companies/hr_users.html", company=company, form=form), (422 if form.errors else 200)


@bp.route("/virksomhed/netvaerk", methods=["GET", "POST"])
@role_required(Role.COMPANY)
def network():
    company = _own_company()
    if not company.is_approved:
        abort(403)
    rows = service.network_rows(placements.hosted_counts, placements.shared_pairs)
    form = SharingForm(obj=company)
    form.partners.choices = choices([(str(r.company.id), r.company.name) for r in rows
                                     if r.company.id != company.id])
    if request.method == "GET":
        form.partners.data = [str(p.id) for p in company.sharing_partners]
    if form.validate_on_submit():
        service.set_sharing(current_user, company, open_to_sharing=form.open_to_sharing.data,
                            partner_ids=form.partner_ids)
        db.session.commit()
        flash(_("Jeres ønsker om deling er gemt."), "success")
        return redirect(url_for("companies.network"))
    return render_template("companies/network.html", company=company, rows=rows, form=form), (
        422 if form.errors else 200)


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
    rows = [(period, service.capacity_for(company, period)) for period in service.periods()]
    return render_template("companies/staff_detail.html", company=company, form=form, rows=rows,
                           ratio_limit=service.ratio_limit(company), flag=eligibility.active_flag(company.id))


@bp.route("/medarbejder/perioder", methods=["GET", "POST"])
@role_required(Role.STAFF)
def periods():
    form = PeriodForm()
    if form.validate_on_submit():
        period = service.create_period(current_user, name=form.name.data, starts_on=required(form.starts_on.data),
                                       ends_on=required(form.ends_on.data))
        db.session.commit()
        flash(_("Perioden %(name)s er oprettet.", name=period.name), "success")
        return redirect(url_for("companies.periods"))
    return render_template("companies/periods.html", periods=service.periods(), form=form), (
        422 if form.errors else 200)
