"""Feedback after a placement: the young person and the company each answer three questions from 1 to 5."""

from __future__ import annotations

from datetime import timedelta

from flask_babel.speaklater import LazyString

from partnerhub.accounts.models import User
from partnerhub.audit.service import record
from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.permissions import Role
from partnerhub.planning.models import Feedback, FeedbackAuthor, Placement
from partnerhub.planning.services.common import PlanningError, today
from partnerhub.planning.services.placements import require_own_company
from partnerhub.timeutil import utcnow

YOUTH_QUESTIONS: dict[str, LazyString] = {
    "welcome": _l("Blev du taget godt imod?"),
    "learned": _l("Lærte du noget nyt?"),
    "again": _l("Vil du gerne arbejde med noget lignende igen?"),
}
COMPANY_QUESTIONS: dict[str, LazyString] = {
    "attendance": _l("Kom den unge til tiden og som aftalt?"),
    "engagement": _l("Var den unge engageret i opgaverne?"),
    "cooperation": _l("Hvordan gik samarbejdet med Ungeenheden?"),
}
OPENS_DAYS_BEFORE_END = 7


def questions_for(author: FeedbackAuthor) -> dict[str, LazyString]:
    return COMPANY_QUESTIONS if author is FeedbackAuthor.COMPANY else YOUTH_QUESTIONS


def feedback_open(placement: Placement) -> bool:
    """Feedback opens in the last week of the period, or once the placement is over."""
    if placement.is_finished:
        return True
    return placement.is_running and today() >= placement.ends_on - timedelta(days=OPENS_DAYS_BEFORE_END)


def give_feedback(actor: User, placement: Placement, author: FeedbackAuthor, answers: dict[str, int],
                  comment: str | None) -> Feedback:
    """One answer per author and placement; giving it again replaces the earlier one."""
    if author is FeedbackAuthor.COMPANY:
        require_own_company(actor, placement)
    elif actor.role is not Role.YOUTH or placement.profile.user_id != actor.id:
        raise PermissionError("not this young person's placement")
    questions = questions_for(author)
    if not feedback_open(placement):
        raise PlanningError(_("Du kan give feedback i den sidste uge af perioden."))
    if set(answers) != set(questions) or not all(1 <= v <= 5 for v in answers.values()):
        raise PlanningError(_("Svar på alle spørgsmål med 1 til 5."))
    feedback = db.session.scalar(db.select(Feedback).where(Feedback.placement_id == placement.id,
                                                           Feedback.author == author))
    if feedback is None:
        feedback = Feedback(placement_id=placement.id, author=author, answers=answers)
        db.session.add(feedback)
    feedback.answers, feedback.comment, feedback.given_by_id = answers, (comment or "").strip() or None, actor.id
    feedback.created_at = utcnow()
    db.session.flush()
    record(actor, "feedback_given", object_type="placement", object_id=placement.id,
           subject_user_id=placement.profile.user_id, detail={"author": str(author)})
    return feedback
