"""The young person's pages: the whole plan, the answer to it, the calendar file, the handover note from a company
(approve, edit or keep it back), the first-week check-in and feedback afterwards."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.permissions import Role, role_required
from partnerhub.planning import forms, seam_forms
from partnerhub.planning.models import AgreementParty, FeedbackAuthor, PlacementAgreement, YouthAnswer
from partnerhub.planning.seam_models import HandoverNote
from partnerhub.planning.services import (
    agreements,
    appeals,
    calendars,
    checkins,
    feedback,
    handover,
    placements,
    proposals,
)
from partnerhub.planning.services.common import PlanningError
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
from partnerhub.youth.models import YouthProfile
from partnerhub.youth.service import profile_for


def _own_profile() -> YouthProfile:
    profile = profile_for(current_user)
    if profile is None:
        abort(403)
    return profile


@bp.route("/ung/plan")
@role_required(Role.YOUTH)
def youth_plan() -> str:
    profile = _own_profile()
    return render_template("planning/youth_plan.html", plans=proposals.youth_plan_cards(profile),
                           form=forms.YouthAnswerForm(), feedback_open=feedback.feedback_open, plan_profile=profile,
                           decisions=agreements.decisions, fully_signed=agreements.is_fully_signed,
                           guidance=appeals.guidance(), handover_notes=handover.notes_for(profile),
                           check_in_open=checkins.is_open, check_in_answer=checkins.answer_of,
                           youth_author=FeedbackAuthor.YOUTH)


@bp.route("/ung/plan/<id:proposal_id>/svar", methods=["POST"])
@role_required(Role.YOUTH)
def youth_answer(proposal_id: int) -> Response:
    proposal_ = proposals.youth_plan(_own_profile(), proposal_id)
    if proposal_ is None:
        abort(404)
    form = forms.YouthAnswerForm()
    if form.validate_on_submit():
        try:
            proposals.youth_answer(current_user, proposal_, YouthAnswer(form.answer.data), form.comment.data)
        except PlanningError as error:
            fail(error)
        else:
            saved(_("Tak! Du har sagt ja til planen.") if proposal_.youth_said_yes
                  else _("Tak. Din kontaktperson kontakter dig snart."))
    else:
        flash(_("Vælg et svar."), "error")
    return redirect(url_for("planning.youth_plan"))


@bp.route("/ung/plan/kalender.ics")
@role_required(Role.YOUTH)
def youth_calendar() -> Response:
    return ics_response(calendars.youth_calendar(_own_profile()), _("Min praktikplan"), "min-plan.ics")


@bp.route("/ung/plan/praktik/<id:placement_id>/feedback", methods=["GET", "POST"])
@role_required(Role.YOUTH)
def youth_feedback(placement_id: int) -> Page | Response:
    placement = placements.youth_placement(_own_profile(), placement_id)
    if placement is None:
        abort(404)
    return feedback_page(placement, FeedbackAuthor.YOUTH, url_for("planning.youth_plan"))


def _youth_agreement_or_404(placement_id: int) -> PlacementAgreement:
    agreement = agreements.youth_agreement(_own_profile(), placement_id)
    if agreement is None:
        abort(404)
    return agreement


@bp.route("/ung/plan/praktik/<id:placement_id>/aftale")
@role_required(Role.YOUTH)
def youth_agreement(placement_id: int) -> str:
    return agreement_page(_youth_agreement_or_404(placement_id),
                          sign_url=url_for("planning.youth_sign_agreement", placement_id=placement_id),
                          pdf_url=url_for("planning.youth_agreement_pdf", placement_id=placement_id),
                          back=url_for("planning.youth_plan"))


@bp.route("/ung/plan/praktik/<id:placement_id>/aftale/underskriv", methods=["POST"])
@role_required(Role.YOUTH)
def youth_sign_agreement(placement_id: int) -> Response:
    return sign_agreement(_youth_agreement_or_404(placement_id), AgreementParty.YOUTH,
                          url_for("planning.youth_agreement", placement_id=placement_id))


@bp.route("/ung/plan/praktik/<id:placement_id>/aftale.pdf")
@role_required(Role.YOUTH)
def youth_agreement_pdf(placement_id: int) -> Response:
    return agreement_pdf_response(_youth_agreement_or_404(placement_id))


@bp.route("/ung/plan/praktik/<id:placement_id>/overlevering", methods=["GET", "POST"])
@role_required(Role.YOUTH)
def youth_handover(placement_id: int) -> Page | Response:
    """The young person reads the note about them and decides: send it on (as it is, or as they changed it) or not."""
    note = handover.youth_note(_own_profile(), placement_id)
    if note is None:
        abort(404)
    text = {name: note.shared(name) for name in ("did_well", "helped", "watch")}
    posted = request.method == "POST"
    form = seam_forms.YouthHandoverForm() if posted else seam_forms.YouthHandoverForm(data=text)
    decline_form = seam_forms.DeclineHandoverForm()
    error = None
    try:
        if posted and _answer_handover(note, form, decline_form):
            return redirect(url_for("planning.youth_handover", placement_id=placement_id))
    except PlanningError as exc:
        db.session.rollback()
        error = str(exc)
    handover.view_note(current_user, note)
    return render_template("planning/youth_handover.html", note=note, form=form, decline_form=decline_form,
                           error=error, text=text, following=handover.next_placement(note.placement)), \
        (422 if posted else 200)


def _answer_handover(note: HandoverNote, form: seam_forms.YouthHandoverForm,
                     decline_form: seam_forms.DeclineHandoverForm) -> bool:
    """A "no" needs only the form token; a "yes" sends the text as the young person left it. True once saved."""
    if "decline" in request.form:
        if not decline_form.validate_on_submit():
            return False
        handover.youth_answer(current_user, note, approve=False)
        saved(_("Tak. Overleveringen bliver ikke sendt videre."))
        return True
    if not form.validate_on_submit():
        return False
    handover.youth_answer(current_user, note, approve=True, edited=handover.NoteText(
        did_well=form.did_well.data, helped=form.helped.data, watch=form.watch.data))
    saved(_("Tak. Overleveringen er sendt videre."))
    return True


@bp.route("/ung/plan/praktik/<id:placement_id>/tjek-ind", methods=["GET", "POST"])
@role_required(Role.YOUTH)
def youth_check_in(placement_id: int) -> Page | Response:
    placement = placements.youth_placement(_own_profile(), placement_id)
    if placement is None:
        abort(404)
    return check_in_page(placement, FeedbackAuthor.YOUTH, url_for("planning.youth_plan"))

