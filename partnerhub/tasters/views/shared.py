"""Pages everyone involved in a place shares (the status of the chain and the praktikseddel), and the guardian's
pages reached by the mailed single-use link (no account)."""

from __future__ import annotations

from flask import Response, abort, render_template
from flask_login import current_user

from partnerhub.audit.service import record
from partnerhub.extensions import db
from partnerhub.forms import EmptyForm
from partnerhub.guardians.forms import ConsentForm, WithdrawForm
from partnerhub.permissions import Role, public, role_required
from partnerhub.tasters.forms import CancelForm
from partnerhub.tasters.models import BookingStatus, TasterBooking
from partnerhub.tasters.services import after_week, bookings, consent, seddel
from partnerhub.tasters.views.common import bp

INVOLVED = (Role.COMPANY, Role.COORDINATOR, Role.PUPIL, Role.STAFF)


def _booking(booking_id: int) -> TasterBooking:
    booking = bookings.booking_for(current_user, booking_id)
    if booking is None:
        abort(404)
    return booking


@bp.route("/erhvervspraktik/plads/<id:booking_id>")
@role_required(*INVOLVED)
def booking(booking_id: int):
    found = _booking(booking_id)
    record(current_user, "taster_booking_viewed", object_type="taster_booking", object_id=found.id,
           subject_user_id=found.pupil.user_id)
    return render_template("tasters/booking.html", booking=found, steps=bookings.step_states(found),
                           consent=consent.latest(found), Status=BookingStatus, form=EmptyForm(),
                           cancel_form=CancelForm(), seddel_ready=seddel.available(found),
                           is_over=after_week.is_over(found))


@bp.route("/erhvervspraktik/plads/<id:booking_id>/praktikseddel")
@role_required(*INVOLVED)
def seddel_page(booking_id: int):
    found = _booking(booking_id)
    if not seddel.available(found):
        abort(404)
    return render_template("tasters/seddel.html", booking=found, sections=seddel.viewed(current_user, found))


@bp.route("/erhvervspraktik/plads/<id:booking_id>/praktikseddel.pdf")
@role_required(*INVOLVED)
def seddel_pdf(booking_id: int):
    found = _booking(booking_id)
    if not seddel.available(found):
        abort(404)
    return Response(seddel.seddel_pdf(current_user, found), mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="praktikseddel-{found.id}.pdf"'})


@bp.route("/samtykke/erhvervspraktik/<token>", methods=["GET", "POST"])
@public
def guardian_answer(token: str):
    found = consent.for_token(token)
    if found is None:
        return render_template("guardians/link_invalid.html"), 404
    form = ConsentForm()
    if form.validate_on_submit():
        consent.answer(found, consents=form.answer.data == "yes", reason=form.reason.data)
        db.session.commit()
        return render_template("tasters/guardian_answered.html", given=found.booking.status is not
                               BookingStatus.GUARDIAN_DECLINED, first_name=found.booking.pupil.first_name)
    return render_template("tasters/guardian_answer.html", form=form, plan=consent.view_plan(found),
                           insurance=seddel.insurance_note()), (422 if form.errors else 200)


@bp.route("/samtykke/erhvervspraktik/tilbagekald/<token>", methods=["GET", "POST"])
@public
def guardian_withdraw(token: str):
    found = consent.for_withdraw_token(token)
    if found is None:
        return render_template("guardians/link_invalid.html"), 404
    form = WithdrawForm()
    if form.validate_on_submit():
        consent.withdraw(found, reason=form.reason.data)
        db.session.commit()
        return render_template("tasters/guardian_withdrawn.html", first_name=found.booking.pupil.first_name)
    return render_template("tasters/guardian_withdraw.html", form=form, plan=consent.view_plan(found)), (
        422 if form.errors else 200)
