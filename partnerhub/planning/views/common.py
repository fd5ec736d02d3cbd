"""The planning blueprint and the few helpers its three audiences share."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Blueprint, Response, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from partnerhub.extensions import db
from partnerhub.planning import forms, ics
from partnerhub.planning.models import FeedbackAuthor, Placement
from partnerhub.planning.services import feedback
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
