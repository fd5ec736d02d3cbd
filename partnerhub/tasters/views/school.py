"""The school's taster pages (coordinators for their own schools, staff for all): the bookings waiting for the school,
the allocation and its results, approving and cancelling places, and the reports."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from partnerhub.extensions import db
from partnerhub.forms import EmptyForm, choices
from partnerhub.i18n import gettext as _
from partnerhub.permissions import Role, role_required
from partnerhub.schools.models import School
from partnerhub.tasters.forms import AllocationForm, CancelForm
from partnerhub.tasters.models import BookingStatus
from partnerhub.tasters.services import allocation, bookings, consent, reports
from partnerhub.tasters.services.common import TasterError, is_staff
from partnerhub.tasters.views.common import bp

SCHOOL = (Role.COORDINATOR, Role.STAFF)
ALL_SCHOOLS = "all"


@bp.route("/skole/erhvervspraktik")
@role_required(*SCHOOL)
def school_home():
    return render_template("tasters/school_home.html", rows=bookings.school_bookings(current_user),
                           runs=allocation.runs_for(current_user), Status=BookingStatus, form=EmptyForm())


def _allocation_form() -> AllocationForm:
    form = AllocationForm()
    weeks = allocation.weeks_to_run(current_user)
    form.week.choices = choices([("", _("Vælg uge …"))] + [
        (day.isoformat(), _("Uge %(week)d (fra %(date)s): %(schools)s", week=day.isocalendar()[1],
                            date=day.strftime("%d.%m.%Y"), schools=", ".join(s.name for s in schools)))
        for day, schools in weeks])
    schools = sorted({school for _day, found in weeks for school in found}, key=lambda s: s.name)
    options = [(str(school.id), school.name) for school in schools]
    if is_staff(current_user):
        options = [(ALL_SCHOOLS, _("Alle skoler med elever i praktik den uge"))] + options
    form.school.choices = choices(options)
    return form


@bp.route("/skole/erhvervspraktik/fordeling", methods=["GET", "POST"])
@role_required(*SCHOOL)
def allocate():
    form = _allocation_form()
    if form.validate_on_submit():
        school = None if form.school.data == ALL_SCHOOLS else db.session.get(School, int(form.school.data))
        try:
            run = allocation.run_allocation(current_user, date.fromisoformat(form.week.data), school,
                                            max_travel_km=form.max_travel_km.data, seed=form.seed.data)
        except TasterError as error:
            form.week.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("Fordelingen er lavet. Virksomhederne er spurgt."), "success")
            return redirect(url_for("tasters.run_result", run_id=run.id))
    return render_template("tasters/allocate.html", form=form), (422 if form.errors else 200)


@bp.route("/skole/erhvervspraktik/fordeling/<id:run_id>")
@role_required(*SCHOOL)
def run_result(run_id: int):
    run = allocation.run_of(current_user, run_id)
    if run is None:
        abort(404)
    return render_template("tasters/run_result.html", result=allocation.run_result(current_user, run))


def _school_booking(booking_id: int):
    booking = bookings.booking_for(current_user, booking_id)
    if booking is None:
        abort(404)
    return booking


@bp.route("/skole/erhvervspraktik/plads/<id:booking_id>/godkend", methods=["POST"])
@role_required(*SCHOOL)
def approve(booking_id: int):
    booking = _school_booking(booking_id)
    if EmptyForm().validate_on_submit():
        try:
            bookings.approve(current_user, booking)
        except TasterError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Pladsen er godkendt. Praktiksedlen er klar."), "success")
    return redirect(url_for("tasters.booking", booking_id=booking.id))


@bp.route("/skole/erhvervspraktik/plads/<id:booking_id>/aflys", methods=["POST"])
@role_required(*SCHOOL)
def cancel(booking_id: int):
    booking = _school_booking(booking_id)
    form = CancelForm()
    if form.validate_on_submit():
        try:
            bookings.cancel(current_user, booking, form.reason.data)
        except TasterError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Pladsen er aflyst, og virksomheden har fået besked."), "success")
    else:
        flash(_("Skriv kort, hvorfor pladsen aflyses."), "error")
    return redirect(url_for("tasters.booking", booking_id=booking.id))


@bp.route("/skole/erhvervspraktik/plads/<id:booking_id>/send-samtykke", methods=["POST"])
@role_required(*SCHOOL)
def resend_consent(booking_id: int):
    booking = _school_booking(booking_id)
    if EmptyForm().validate_on_submit():
        try:
            sent = consent.request(current_user, booking)
        except TasterError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            if sent is not None:
                flash(_("Linket er sendt til forælder eller værge."), "success")
            else:
                flash(_("Eleven har ingen e-mail til forælder eller værge. Skriv den på eleven først."), "error")
    return redirect(url_for("tasters.booking", booking_id=booking.id))


@bp.route("/skole/erhvervspraktik/tal")
@role_required(*SCHOOL)
def school_report():
    return render_template("tasters/school_report.html", reports=reports.school_reports(current_user))
