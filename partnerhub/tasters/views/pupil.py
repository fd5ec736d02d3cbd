"""The pupil's pages (on a phone): the praktik weeks, the ranked wishes, the place and the reflection afterwards.
The wish page is the coordinator's too, for entering a pupil's wishes for them."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from partnerhub.extensions import db
from partnerhub.forms import EmptyForm
from partnerhub.i18n import gettext as _
from partnerhub.matching.taster import MAX_WISHES
from partnerhub.permissions import Role, role_required
from partnerhub.schools.models import Pupil
from partnerhub.schools.service import pupil_for_user
from partnerhub.tasters.forms import ReflectionForm
from partnerhub.tasters.services import after_week, bookings, wishes
from partnerhub.tasters.services import slots as slot_service
from partnerhub.tasters.services.common import TasterError, can_see_pupil
from partnerhub.tasters.views.common import bp


def _own_pupil() -> Pupil:
    pupil = pupil_for_user(current_user)
    if pupil is None:
        abort(403)
    return pupil


@bp.route("/elev/erhvervspraktik")
@role_required(Role.PUPIL)
def pupil_home():
    pupil = _own_pupil()
    return render_template("tasters/pupil_home.html", pupil=pupil, weeks=wishes.weeks_of(pupil),
                           bookings=bookings.pupil_bookings(pupil), wishes_of=wishes.wishes_of,
                           is_over=after_week.is_over)


def _pupil_and_week(pupil_id: int, week_id: int):
    pupil = db.session.get(Pupil, pupil_id)
    if pupil is None or not can_see_pupil(current_user, pupil):
        abort(404)
    week = wishes.week_of(pupil, week_id)
    if week is None:
        abort(404)
    return pupil, week


@bp.route("/erhvervspraktik/elev/<id:pupil_id>/uge/<id:week_id>")
@role_required(Role.PUPIL, Role.COORDINATOR, Role.STAFF)
def wishes_page(pupil_id: int, week_id: int):
    pupil, week = _pupil_and_week(pupil_id, week_id)
    current = wishes.wishes_of(pupil, week)
    chosen = {wish.slot_id for wish in current}
    return render_template("tasters/wishes.html", pupil=pupil, week=week, wishes=current,
                           slots=[s for s in wishes.choosable(pupil, week) if s.id not in chosen],
                           closed=wishes.is_closed(week), max_wishes=MAX_WISHES, form=EmptyForm(),
                           free=lambda slot: slot.places - slot_service.booked_places(slot, week.starts_on))


@bp.route("/erhvervspraktik/elev/<id:pupil_id>/uge/<id:week_id>/oensker", methods=["POST"])
@role_required(Role.PUPIL, Role.COORDINATOR, Role.STAFF)
def wish_action(pupil_id: int, week_id: int):
    pupil, week = _pupil_and_week(pupil_id, week_id)
    back = redirect(url_for("tasters.wishes_page", pupil_id=pupil.id, week_id=week.id))
    if not EmptyForm().validate_on_submit():
        return back
    try:
        if not wishes.apply(current_user, pupil, week, request.form.get("action") or ""):
            abort(404)
    except TasterError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Dine ønsker er gemt.") if current_user.role is Role.PUPIL else _("Elevens ønsker er gemt."),
              "success")
    return back


@bp.route("/elev/erhvervspraktik/plads/<id:booking_id>/refleksion", methods=["GET", "POST"])
@role_required(Role.PUPIL)
def pupil_reflection(booking_id: int):
    pupil = _own_pupil()
    booking = bookings.booking_for(current_user, booking_id)
    if booking is None:
        abort(404)
    form = ReflectionForm(obj=booking)
    if form.validate_on_submit():
        try:
            after_week.reflect(current_user, pupil, booking, text=form.reflection.data)
        except TasterError as error:
            form.reflection.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("Tak. Din vejleder kan læse det."), "success")
            return redirect(url_for("tasters.pupil_home"))
    return render_template("tasters/reflection.html", form=form, booking=booking,
                           open=after_week.is_over(booking)), (422 if form.errors else 200)
