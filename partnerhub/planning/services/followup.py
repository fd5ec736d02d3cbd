"""Follow-up tasks for the young person's consultant: created by no-shows, absences, declines, a request to talk
and outcome reminders; done by staff. The strategy is to follow up, never to drop."""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _

from partnerhub.accounts.models import User
from partnerhub.audit.service import record
from partnerhub.extensions import db
from partnerhub.outbox.service import send_mail
from partnerhub.planning.models import FOLLOW_UP_TRANSITIONS, FollowUpKind, FollowUpStatus, FollowUpTask, Placement
from partnerhub.planning.services.common import PlanningError, link, require_staff, today
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import YouthProfile


def consultant_of(profile: YouthProfile) -> User | None:
    record_ = profile.staff_record
    return record_.consultant if record_ is not None else None


def create_task(profile: YouthProfile, kind: FollowUpKind, *, placement: Placement | None = None,
                due_on: date | None = None, note: str | None = None) -> FollowUpTask | None:
    """One open task per kind and placement: a second no-show adds to the same follow-up, not a pile of tasks."""
    if kind is not FollowUpKind.OUTCOME_CHECK:
        existing = db.session.scalar(db.select(FollowUpTask).where(
            FollowUpTask.youth_profile_id == profile.id, FollowUpTask.kind == kind,
            FollowUpTask.status == FollowUpStatus.OPEN,
            FollowUpTask.placement_id == (placement.id if placement else None)))
        if existing is not None:
            return None
    consultant = consultant_of(profile)
    task = FollowUpTask(youth_profile_id=profile.id, placement_id=placement.id if placement else None, kind=kind,
                        due_on=due_on or today() + timedelta(days=current_app.config["FOLLOW_UP_DUE_DAYS"]),
                        assigned_to_id=consultant.id if consultant else None, note=note)
    db.session.add(task)
    db.session.flush()
    record(None, "follow_up_created", object_type="follow_up", object_id=task.id, subject_user_id=profile.user_id,
           detail={"kind": str(kind), "placement_id": task.placement_id})
    if consultant is not None:
        send_mail(consultant.email, _("Opfølgning: %(name)s", name=profile.first_name),
                  _("%(kind)s. Frist: %(due)s.\n%(link)s", kind=kind.label, due=task.due_on.strftime("%d.%m.%Y"),
                    link=link("planning.follow_ups")), recipient_user_id=consultant.id)
    return task


def transition_task(actor: User, task: FollowUpTask, new_status: FollowUpStatus, note: str | None = None) -> None:
    """The one way a task's status changes; a note is added to the task's history."""
    require_staff(actor)
    if new_status not in FOLLOW_UP_TRANSITIONS[task.status]:
        raise PlanningError(_("Opgaven er allerede udført."))
    task.status, task.done_at, task.done_by_id = new_status, utcnow(), actor.id
    if note:
        task.note = f"{task.note}\n{note}" if task.note else note
    db.session.flush()
    record(actor, "follow_up_done", object_type="follow_up", object_id=task.id,
           subject_user_id=task.profile.user_id)


def open_tasks(assignee: User | None = None) -> list[FollowUpTask]:
    """Open tasks, soonest due first; one staff member's, or everyone's."""
    query = db.select(FollowUpTask).where(FollowUpTask.status == FollowUpStatus.OPEN).order_by(FollowUpTask.due_on)
    if assignee is not None:
        query = query.where(FollowUpTask.assigned_to_id == assignee.id)
    return list(db.session.scalars(query))
