"""Outcomes: what a young person went on to, kept as a history, with reminders to check that it still holds."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app

from partnerhub.accounts.models import User
from partnerhub.audit.service import record
from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.planning.models import FollowUpKind, FollowUpStatus, FollowUpTask, Outcome, OutcomeKind
from partnerhub.planning.services.common import PlanningError, add_months, require_staff, today
from partnerhub.planning.services.followup import create_task
from partnerhub.youth.models import YouthProfile


def record_outcome(actor: User, profile: YouthProfile, kind: OutcomeKind, *, education: str | None = None,
                   note: str | None = None) -> Outcome:
    """Each update is kept; the first outcome sets reminders at 3, 6 and 12 months to check it still holds."""
    require_staff(actor)
    if kind is OutcomeKind.EDUCATION and not (education or "").strip():
        raise PlanningError(_("Skriv hvilken uddannelse."))
    outcome = Outcome(youth_profile_id=profile.id, kind=kind, education=(education or "").strip() or None,
                      note=(note or "").strip() or None, recorded_by_id=actor.id)
    db.session.add(outcome)
    db.session.flush()
    record(actor, "outcome_recorded", object_type="youth", object_id=profile.id, subject_user_id=profile.user_id,
           detail={"kind": str(kind)})
    reminders_open = db.session.scalar(db.select(sa.func.count(FollowUpTask.id)).where(
        FollowUpTask.youth_profile_id == profile.id, FollowUpTask.kind == FollowUpKind.OUTCOME_CHECK,
        FollowUpTask.status == FollowUpStatus.OPEN))
    if not reminders_open:
        for months in current_app.config["OUTCOME_FOLLOW_UP_MONTHS"]:
            create_task(profile, FollowUpKind.OUTCOME_CHECK, due_on=add_months(today(), months),
                        note=_("Opfølgning efter %(months)d måneder: gælder resultatet stadig?", months=months))
    return outcome
