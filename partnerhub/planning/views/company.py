"""Company HR pages: answer an offer, confirm the written statement, record attendance, give feedback, write the
handover note for the next company and read the one written for them, answer the first-week check-in, and download
the interns' calendar. Another company's placement is not found."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from partnerhub.extensions import db
from partnerhub.forms import parse_date
from partnerhub.i18n import gettext as _
from partnerhub.permissions import Role, role_required
from partnerhub.planning import forms, seam_forms
from partnerhub.planning.models import AgreementParty, FeedbackAuthor, Placement, PlacementAgreement
from partnerhub.planning.services import agreements, attendance, calendars, checkins, feedback, handover, placements
from partnerhub.planning.services.common import PlanningError, today
from partnerhub.planning.views.common import (
    Page,
    agreement_page,
    agreement_pdf_response,
    bp,
    check_in_page,
    fail,
    feedback_page,
    ics_response,
    saved,
    sign_agreement,
)


def _company_id() -> int:
    if current_user.company_id is None:
        abort(403)
    return int(current_user.company_id)


def _company_placement_or_404(placement_id: int) -> Placement:
    placement = placements.company_placement(_company_id(), placement_id)
    if placement is None:
        abort(404)
    return placement


@bp.route("/virksomhed/tilbud")
@role_required(Role.COMPANY)
def company_offers() -> str:
    all_placements = placements.company_placements(_company_id())
    return render_template("planning/company_offers.html",
                           waiting=[p for p in all_placements if p.awaiting_answer],
                           others=[p for p in all_placements if not p.awaiting_answer],
                           incoming=handover.incoming_for_company(_company_id()))


def _company_offer_page(placement: Placement, *, answer_form: FlaskForm | None = None) -> str:
    summary = placements.company_view(current_user, placement)
    statement = forms.StatementForm(employer=placement.statement_employer, steward=placement.statement_steward)
    return render_template("planning/company_offer.html", placement=placement, summary=summary,
                           answer_form=answer_form or forms.OfferAnswerForm(), statement_form=statement,
                           answer_entered_by_unit=placements.answer_entered_by_unit(placement),
                           feedback_open=feedback.feedback_open(placement),
                           handover_note=handover.note_of(placement), can_hand_over=handover.can_write(placement),
                           incoming=handover.incoming_note(_company_id(), placement.id) is not None,
                           check_in_open=checkins.is_open(placement),
                           check_in_answered=checkins.answer_of(placement, FeedbackAuthor.COMPANY) is not None)


@bp.route("/virksomhed/tilbud/<id:placement_id>")
@role_required(Role.COMPANY)
def company_offer(placement_id: int) -> str:
    return _company_offer_page(_company_placement_or_404(placement_id))


@bp.route("/virksomhed/tilbud/<id:placement_id>/svar", methods=["POST"])
@role_required(Role.COMPANY)
def company_answer(placement_id: int) -> Page | Response:
    placement = _company_placement_or_404(placement_id)
    form = forms.OfferAnswerForm()
    if form.validate_on_submit():
        try:
            placements.answer_offer(current_user, placement, accept=form.answer.data == "accept",
                                    reason=form.reason.data)
        except PlanningError as error:
            db.session.rollback()
            form.answer.errors.append(str(error))
        else:
            saved(_("Tak for jeres svar.") if placement.is_accepted
                  else _("Tak. Ungeenheden finder en anden løsning for perioden."))
            return redirect(url_for("planning.company_offer", placement_id=placement.id))
    return _company_offer_page(placement, answer_form=form), 422


@bp.route("/virksomhed/tilbud/<id:placement_id>/erklaering", methods=["POST"])
@role_required(Role.COMPANY)
def company_statement(placement_id: int) -> Response:
    placement = _company_placement_or_404(placement_id)
    form = forms.StatementForm()
    if form.validate_on_submit():
        try:
            placements.confirm_statement(current_user, placement, employer=form.employer.data,
                                         steward=form.steward.data)
        except PlanningError as error:
            fail(error)
        else:
            saved(_("Tjeklisten er gemt.") if placement.statement_complete else _(
                "Tjeklisten er gemt. Praktikken kan først starte, når begge udtalelser er på plads."))
    return redirect(url_for("planning.company_offer", placement_id=placement.id))


@bp.route("/virksomhed/tilbud/<id:placement_id>/fremmoede", methods=["GET", "POST"])
@role_required(Role.COMPANY)
def company_attendance(placement_id: int) -> Page | Response:
    placement = _company_placement_or_404(placement_id)
    week = attendance.attendance_week(placement, parse_date(request.args.get("uge") or request.form.get("week") or ""))
    form = forms.attendance_form(week.days, week.current, formdata=request.form if request.method == "POST" else None)
    error = None
    if form.validate_on_submit():
        try:
            tasks = attendance.record_attendance(current_user, placement, attendance.marks_from_form(form.values()))
        except PlanningError as exc:
            db.session.rollback()
            error = str(exc)
        else:
            saved(_("Fremmødet for ugen er gemt."))
            if tasks:
                flash(_("Ungeenheden er bedt om at følge op med den unge."), "info")
            return redirect(url_for("planning.company_attendance", placement_id=placement.id,
                                    uge=week.monday.isoformat()))
    return render_template("planning/company_attendance.html", placement=placement, form=form, monday=week.monday,
                           weeks=week.weeks, error=error, today=today()), (422 if error or form.errors else 200)


@bp.route("/virksomhed/tilbud/<id:placement_id>/feedback", methods=["GET", "POST"])
@role_required(Role.COMPANY)
def company_feedback(placement_id: int) -> Page | Response:
    placement = _company_placement_or_404(placement_id)
    return feedback_page(placement, FeedbackAuthor.COMPANY,
                         url_for("planning.company_offer", placement_id=placement.id))


@bp.route("/virksomhed/tilbud/kalender.ics")
@role_required(Role.COMPANY)
def company_calendar() -> Response:
    events = calendars.company_calendar(current_user, _company_id())
    return ics_response(events, _("Praktikanter"), "praktikanter.ics")


def _company_agreement_or_404(placement_id: int) -> PlacementAgreement:
    agreement = agreements.company_agreement(_company_id(), placement_id)
    if agreement is None:
        abort(404)
    return agreement


@bp.route("/virksomhed/tilbud/<id:placement_id>/aftale")
@role_required(Role.COMPANY)
def company_agreement(placement_id: int) -> str:
    return agreement_page(_company_agreement_or_404(placement_id), for_company=True,
                          sign_url=url_for("planning.company_sign_agreement", placement_id=placement_id),
                          pdf_url=url_for("planning.company_agreement_pdf", placement_id=placement_id),
                          back=url_for("planning.company_offer", placement_id=placement_id))


@bp.route("/virksomhed/tilbud/<id:placement_id>/aftale/underskriv", methods=["POST"])
@role_required(Role.COMPANY)
def company_sign_agreement(placement_id: int) -> Response:
    return sign_agreement(_company_agreement_or_404(placement_id), AgreementParty.COMPANY,
                          url_for("planning.company_agreement", placement_id=placement_id))


@bp.route("/virksomhed/tilbud/<id:placement_id>/aftale.pdf")
@role_required(Role.COMPANY)
def company_agreement_pdf(placement_id: int) -> Response:
    return agreement_pdf_response(_company_agreement_or_404(placement_id), for_company=True)


@bp.route("/virksomhed/tilbud/<id:placement_id>/overlevering", methods=["GET", "POST"])
@role_required(Role.COMPANY)
def company_handover(placement_id: int) -> Page | Response:
    """The outgoing company writes its note; the young person reads it before anyone else."""
    found = handover.outgoing_note(_company_id(), placement_id)
    if found is None:
        abort(404)
    placement, note = found
    following = handover.next_placement(placement)
    form = seam_forms.HandoverForm()
    error = None
    if note is None and form.validate_on_submit():
        try:
            handover.write_note(current_user, placement, handover.NoteText(
                did_well=form.did_well.data, helped=form.helped.data, watch=form.watch.data))
        except PlanningError as exc:
            db.session.rollback()
            error = str(exc)
        else:
            saved(_("Tak. Den unge læser overleveringen først og bestemmer, om den må gå videre."))
            return redirect(url_for("planning.company_handover", placement_id=placement.id))
    if note is not None:
        handover.view_note(current_user, note)
    return render_template("planning/company_handover.html", placement=placement, note=note, form=form,
                           error=error, can_write=handover.can_write(placement), following=following), \
        (422 if error or form.errors else 200)


@bp.route("/virksomhed/tilbud/<id:placement_id>/overlevering-modtaget")
@role_required(Role.COMPANY)
def company_incoming_handover(placement_id: int) -> str:
    """The next company reads the note, and only once the young person has approved it."""
    found = handover.incoming_note(_company_id(), placement_id)
    if found is None:
        abort(404)
    placement, note = found
    handover.view_note(current_user, note, as_next_company=True)
    return render_template("planning/company_incoming_handover.html", placement=placement, note=note,
                           text=handover.shared_text(note), first_name=placement.profile.first_name)


@bp.route("/virksomhed/tilbud/<id:placement_id>/tjek-ind", methods=["GET", "POST"])
@role_required(Role.COMPANY)
def company_check_in(placement_id: int) -> Page | Response:
    placement = _company_placement_or_404(placement_id)
    return check_in_page(placement, FeedbackAuthor.COMPANY,
                         url_for("planning.company_offer", placement_id=placement.id))
