"""The planning blueprint and the few helpers its three audiences share."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.planning import forms, ics
from partnerhub.planning.models import AgreementParty, FeedbackAuthor, Placement, PlacementAgreement
from partnerhub.planning.services import agreement_pdf, agreements, appeals, feedback
from partnerhub.planning.services.common import PlanningError
from partnerhub.timeutil import utcnow

bp = Blueprint("planning", __name__)
Page = str | tuple[str, int]  # a rendered page, or one with its status code (422 for a form to correct)


def fail(error: Exception) -> None:
    """A refused change: nothing of it is kept, and the message is shown on the next page."""
    db.session.rollback()
    flash(str(error), "error")


def flash_all(messages: Iterable[str], category: str) -> None:
    for message in messages:
        flash(message, category)


def ics_response(events: list[ics.CalendarEvent], name: str, filename: str) -> Response:
    body = ics.calendar(events, name=name, stamp=utcnow())
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def saved(message: str) -> None:
    """Commits the one change a POST made, and says so."""
    db.session.commit()
    flash(message, "success")


def feedback_page(placement: Placement, author: FeedbackAuthor, back: str) -> Page | BaseResponse:
    """The same questionnaire page for the company and the young person, each with their own questions."""
    form = forms.feedback_form(feedback.questions_for(author),
                               formdata=request.form if request.method == "POST" else None)
    error = None
    if form.validate_on_submit():
        try:
            feedback.give_feedback(current_user, placement, author, form.answers(), form.comment.data)
        except PlanningError as exc:
            db.session.rollback()
            error = str(exc)
        else:
            saved(_("Tak for din feedback."))
            return redirect(back)
    return render_template("planning/feedback.html", placement=placement, form=form, error=error,
                           is_open=feedback.feedback_open(placement)), (422 if error or form.errors else 200)


def agreement_page(agreement: PlacementAgreement, *, sign_url: str, pdf_url: str, back: str,
                   for_company: bool = False) -> str:
    """The printable agreement, the same for every audience: its sections, who has signed, a sign button for the
    reader while their signature is missing, the PDF link and (not for the company) the klagevejledning."""
    agreements.view_agreement(current_user, agreement)
    party = agreements.party_of(current_user, agreement)
    return render_template("planning/agreement.html", agreement=agreement, back=back, sign_url=sign_url,
                           pdf_url=pdf_url, for_company=for_company, party=party,
                           **agreement_context(agreement, for_company=for_company))


def agreement_context(agreement: PlacementAgreement, *, for_company: bool = False) -> dict[str, Any]:
    """What the agreement partial shows: the sections, the parties with their valid signatures, the guidance."""
    return {"sections": agreements.sections(agreement, for_company=for_company),
            "parties": agreements.required_parties(agreement), "signed": agreements.current_signatures(agreement),
            "resign": agreements.needs_new_signatures(agreement),
            "guidance": [] if for_company else appeals.guidance(agreements.latest_deadline(agreement)),
            "sign_form": forms.SignForm()}


def sign_agreement(agreement: PlacementAgreement, party: AgreementParty, back: str) -> BaseResponse:
    """The reader signs as their party; a refusal is flashed, nothing of it kept."""
    form = forms.SignForm()
    if not form.validate_on_submit():
        flash_all((" ".join(str(e) for e in errors) for errors in form.errors.values()), "error")
        return redirect(back)
    try:
        agreements.sign(current_user, agreement, party)
    except PlanningError as error:
        fail(error)
    else:
        saved(_("Tak. Din underskrift er gemt."))
    return redirect(back)


def agreement_pdf_response(agreement: PlacementAgreement, *, for_company: bool = False) -> Response:
    agreements.view_agreement(current_user, agreement)
    body = agreement_pdf.agreement_pdf(agreement, for_company=for_company)
    return Response(body, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="praktikaftale-{agreement.placement_id}.pdf"'})


def check_in_page(placement: Placement, author: FeedbackAuthor, back: str) -> Page | BaseResponse:
    """The first-week check-in, the same two questions for the company and the young person."""
    from partnerhub.planning import seam_forms
    from partnerhub.planning.services import checkins

    form = seam_forms.CheckInForm()
    error = None
    if form.validate_on_submit():
        try:
            answer = checkins.give_answer(current_user, placement, author, how=int(form.how.data),
                                          wants_help=form.wants_help.data == "yes", help_text=form.help_text.data)
        except PlanningError as exc:
            db.session.rollback()
            error = str(exc)
        else:
            saved(_("Tak for dit svar.") if not answer.is_bad
                  else _("Tak for dit svar. Ungeenheden kontakter dig snart."))
            return redirect(back)
    return render_template("planning/check_in.html", placement=placement, form=form, error=error, back=back,
                           answer=checkins.answer_of(placement, author), is_open=checkins.is_open(placement),
                           opens_on=checkins.opens_on(placement), for_company=author is FeedbackAuthor.COMPANY), \
        (422 if error or form.errors else 200)
