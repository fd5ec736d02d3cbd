"""The company's taster pages: its slots, one request list across schools, and the answers after the week."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from partnerhub.extensions import db
from partnerhub.forms import EmptyForm
from partnerhub.i18n import gettext as _
from partnerhub.permissions import Role, role_required
from partnerhub.tasters.forms import CompanyAnswerForm, HostAgainForm, SlotForm
from partnerhub.tasters.models import BookingStatus, HostAgain, TasterBooking
from partnerhub.tasters.services import after_week, bookings, reports
from partnerhub.tasters.services import slots as slot_service
from partnerhub.tasters.services.common import TasterError
from partnerhub.tasters.views.common import bp, own_company


@bp.route("/virksomhed/erhvervspraktik")
@role_required(Role.COMPANY)
def company_slots():
    company = own_company()
    return render_template("tasters/company_slots.html", slots=slot_service.company_slots(company),
                           booked=slot_service.booked_places, waiting=bookings.waiting_for_company(company),
                           form=EmptyForm())


@bp.route("/virksomhed/erhvervspraktik/ny", methods=["GET", "POST"])
@bp.route("/virksomhed/erhvervspraktik/<id:slot_id>", methods=["GET", "POST"])
@role_required(Role.COMPANY)
def edit_slot(slot_id: int | None = None):
    company = own_company()
    slot = None
    if slot_id is not None:
        slot = slot_service.slot_of(company, slot_id)
        if slot is None:
            abort(404)
    form = SlotForm(obj=slot) if slot is not None else SlotForm()
    if slot is not None and not form.is_submitted():
        form.weekdays.data, form.min_age.data = slot.weekday_list, str(slot.min_age)
    refused: list[str] = []
    if form.validate_on_submit():
        try:
            slot = slot_service.save_slot(current_user, company, slot, form.to_input())
        except slot_service.SlotRefused as error:
            refused = error.reasons
        else:
            db.session.commit()
            flash(_("Forløbet er gemt, og skolernes elever kan se det."), "success")
            return redirect(url_for("tasters.company_slots"))
    status = 422 if (form.errors or refused) else 200
    return render_template("tasters/edit_slot.html", form=form, slot=slot, refused=refused), status


@bp.route("/virksomhed/erhvervspraktik/<id:slot_id>/traek-tilbage", methods=["POST"])
@role_required(Role.COMPANY)
def withdraw_slot(slot_id: int):
    company = own_company()
    slot = slot_service.slot_of(company, slot_id)
    if slot is None:
        abort(404)
    if EmptyForm().validate_on_submit():
        try:
            slot_service.withdraw_slot(current_user, company, slot)
        except TasterError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Forløbet er trukket tilbage."), "success")
    return redirect(url_for("tasters.company_slots"))


@bp.route("/virksomhed/erhvervspraktik/forespoergsler")
@role_required(Role.COMPANY)
def company_requests():
    company = own_company()
    return render_template("tasters/company_requests.html", rows=bookings.company_requests(company),
                           Status=BookingStatus, is_over=after_week.is_over)


def _company_booking(booking_id: int) -> TasterBooking:
    booking = bookings.booking_for(current_user, booking_id)
    if booking is None:
        abort(404)
    return booking


@bp.route("/virksomhed/erhvervspraktik/plads/<id:booking_id>/svar", methods=["GET", "POST"])
@role_required(Role.COMPANY)
def company_answer(booking_id: int):
    company, booking = own_company(), _company_booking(booking_id)
    form = CompanyAnswerForm()
    if form.validate_on_submit():
        try:
            bookings.company_answer(current_user, company, booking, accept=form.answer.data == "yes",
                                    reason=form.reason.data)
        except TasterError as error:
            form.answer.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("Tak. Skolen og forælderen får besked.") if booking.status is not BookingStatus.COMPANY_DECLINED
                  else _("Tak. Skolen får besked."), "success")
            return redirect(url_for("tasters.company_requests"))
    return render_template("tasters/company_answer.html", form=form, booking=booking), (422 if form.errors else 200)


@bp.route("/virksomhed/erhvervspraktik/plads/<id:booking_id>/efter-ugen", methods=["GET", "POST"])
@role_required(Role.COMPANY)
def company_after_week(booking_id: int):
    company, booking = own_company(), _company_booking(booking_id)
    form = HostAgainForm(obj=booking)
    if booking.host_again is not None and not form.is_submitted():
        form.host_again.data = booking.host_again.value
    if form.validate_on_submit():
        try:
            after_week.company_answer(current_user, company, booking, host_again=HostAgain(form.host_again.data),
                                      certificate=form.certificate.data)
        except TasterError as error:
            form.host_again.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("Tak for jeres svar."), "success")
            return redirect(url_for("tasters.company_requests"))
    return render_template("tasters/company_after_week.html", form=form, booking=booking,
                           open=after_week.is_over(booking)), (422 if form.errors else 200)


@bp.route("/virksomhed/erhvervspraktik/tal")
@role_required(Role.COMPANY)
def company_report():
    return render_template("tasters/company_report.html", table=reports.own_company_table(own_company()))
