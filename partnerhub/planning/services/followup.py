"""Follow-up tasks: created by no-shows, absences, declines, a request to talk and outcome reminders; done by staff.
The strategy is to follow up, never to drop, so no task can sit where nobody sees it.

Who is responsible (the rule staff read on the Opfølgning page and in the README):
1. the young person's contact person (Kontaktperson), while that account is active;
2. otherwise the staff member who created the latest planning round the young person is in, who then also becomes
   the contact person, so the next task goes to the same person;
3. otherwise nobody yet: the task shows in every staff member's default view until someone takes it ("Tag
   opgaven"), and whoever takes it becomes the contact person if there is none.
A task whose assignee was deactivated counts as unassigned. An overdue task gets one reminder mail (to the
responsible person, or to every active staff member when there is none) from the scheduled escalation job.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, and_, or_

from partnerhub.accounts.models import User
from partnerhub.audit.service import record
from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.outbox.service import send_mail
from partnerhub.permissions import Role
from partnerhub.planning.models import (
    FOLLOW_UP_TRANSITIONS,
    FollowUpKind,
    FollowUpStatus,
    FollowUpTask,
    Placement,
    PlanningRound,
    RoundParticipant,
)
from partnerhub.planning.services.common import PlanningError, link, require_staff, today
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import YouthProfile, YouthStaffRecord

WHOSE = ("mine", "all")  # the default view: mine and the unassigned ones; or everyone's
STATUSES = ("open", "done", "all")


def _acting_staff(user: User | None) -> User | None:
    return user if user is not None and user.active and user.role is Role.STAFF else None


def consultant_of(profile: YouthProfile) -> User | None:
    """The contact person, while their account can still act."""
    record_ = profile.staff_record
    return _acting_staff(record_.consultant) if record_ is not None else None


def round_creator_of(profile: YouthProfile) -> User | None:
    """Who planned the young person: the creator of the latest round they take part in."""
    creator_id = db.session.scalar(
        db.select(PlanningRound.created_by_id).join(RoundParticipant, RoundParticipant.round_id == PlanningRound.id)
        .where(RoundParticipant.youth_profile_id == profile.id, PlanningRound.created_by_id.is_not(None))
        .order_by(PlanningRound.created_at.desc(), PlanningRound.id.desc()).limit(1))
    return _acting_staff(db.session.get(User, creator_id)) if creator_id else None


def responsible_staff(profile: YouthProfile) -> User | None:
    """The rule in the module docstring: the contact person, else the round's creator, else nobody yet."""
    return consultant_of(profile) or round_creator_of(profile)


def _make_contact_person(actor: User | None, profile: YouthProfile, staff: User) -> None:
    """A young person without an active contact person gets one, so every young person has somebody."""
    if consultant_of(profile) is not None:
        return
    staff_record = profile.staff_record
    if staff_record is None:
        staff_record = YouthStaffRecord(profile_id=profile.id)
        db.session.add(staff_record)
        profile.staff_record = staff_record
    staff_record.consultant_id, staff_record.consultant = staff.id, staff
    record(actor, "contact_person_assigned", object_type="youth", object_id=profile.id,
           subject_user_id=profile.user_id, detail={"consultant_id": staff.id})


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
    staff = responsible_staff(profile)
    if staff is not None:
        _make_contact_person(None, profile, staff)
    task = FollowUpTask(youth_profile_id=profile.id, placement_id=placement.id if placement else None, kind=kind,
                        due_on=due_on or today() + timedelta(days=current_app.config["FOLLOW_UP_DUE_DAYS"]),
                        assigned_to_id=staff.id if staff else None, note=note)
    db.session.add(task)
    db.session.flush()
    record(None, "follow_up_created", object_type="follow_up", object_id=task.id, subject_user_id=profile.user_id,
           detail={"kind": str(kind), "placement_id": task.placement_id, "assigned_to_id": task.assigned_to_id})
    if staff is not None:
        send_mail(staff.email, _("Opfølgning: %(name)s", name=profile.first_name),
                  _("%(kind)s. Frist: %(due)s.\n%(link)s", kind=kind.label, due=task.due_on.strftime("%d.%m.%Y"),
                    link=link("planning.follow_ups")), recipient_user_id=staff.id)
    return task


def take_task(actor: User, task: FollowUpTask) -> None:
    """"Tag opgaven": the task becomes the actor's; a young person without a contact person gets the actor."""
    require_staff(actor)
    if not task.is_open:
        raise PlanningError(_("Opgaven er allerede udført."))
    task.assigned_to_id, task.assigned_to = actor.id, actor
    _make_contact_person(actor, task.profile, actor)
    db.session.flush()
    record(actor, "follow_up_taken", object_type="follow_up", object_id=task.id,
           subject_user_id=task.profile.user_id)


def transition_task(actor: User, task: FollowUpTask, new_status: FollowUpStatus, note: str | None = None) -> None:
    """The one way a task's status changes. Closing needs a note saying what was done, so a closed task tells the
    next person what happened."""
    require_staff(actor)
    if new_status not in FOLLOW_UP_TRANSITIONS[task.status]:
        raise PlanningError(_("Opgaven er allerede udført."))
    note = (note or "").strip()
    if new_status is FollowUpStatus.DONE and not note:
        raise PlanningError(_("Skriv, hvad der blev gjort, før du lukker opgaven."))
    task.status, task.done_at, task.done_by_id, task.done_note = new_status, utcnow(), actor.id, note
    db.session.flush()
    record(actor, "follow_up_done", object_type="follow_up", object_id=task.id,
           subject_user_id=task.profile.user_id)


def _unassigned() -> ColumnElement[bool]:
    """No assignee, or one whose account is deactivated: such a task belongs to everyone until taken."""
    inactive = db.select(User.id).where(User.active.is_(False))
    return or_(FollowUpTask.assigned_to_id.is_(None), FollowUpTask.assigned_to_id.in_(inactive))


def _whose(actor: User, whose: str) -> ColumnElement[bool] | None:
    return None if whose == "all" else or_(FollowUpTask.assigned_to_id == actor.id, _unassigned())


def tasks(actor: User, *, whose: str = "mine", status: str = "open", page: int = 1,
          per_page: int = 50) -> tuple[list[FollowUpTask], int]:
    """One page of tasks and the total. Open ones soonest due first; closed ones most recently closed first."""
    require_staff(actor)
    conditions: list[Any] = []
    mine = _whose(actor, whose)
    if mine is not None:
        conditions.append(mine)
    if status in ("open", "done"):
        conditions.append(FollowUpTask.status == FollowUpStatus(status))
    order = ([FollowUpTask.done_at.desc(), FollowUpTask.id.desc()] if status == "done"
             else [FollowUpTask.status, FollowUpTask.due_on, FollowUpTask.id])
    query = db.select(FollowUpTask).where(*conditions)
    total = db.session.scalar(db.select(db.func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(query.order_by(*order).limit(per_page).offset((page - 1) * per_page))
    return list(rows), total


@dataclass(frozen=True)
class TaskCounts:
    """What the staff home and the planning page show: the open tasks of the default view, and how many are late."""

    open: int
    overdue: int


def default_view_counts(actor: User) -> TaskCounts:
    """Counts exactly what the default view ("mine" and unassigned, open) lists."""
    mine = and_(FollowUpTask.status == FollowUpStatus.OPEN, or_(FollowUpTask.assigned_to_id == actor.id,
                                                                _unassigned()))
    late = db.func.sum(db.case((FollowUpTask.due_on < today(), 1), else_=0))
    row = db.session.execute(db.select(db.func.count(FollowUpTask.id), late).where(mine)).one()
    return TaskCounts(open=row[0] or 0, overdue=int(row[1] or 0))


def escalate_overdue() -> int:
    """Sends one reminder per open task past its due date and marks it, so a second run sends nothing. The mark is
    a conditional update, so two runs at once still send each reminder once."""
    overdue = list(db.session.scalars(db.select(FollowUpTask).where(
        FollowUpTask.status == FollowUpStatus.OPEN, FollowUpTask.due_on < today(),
        FollowUpTask.escalated_at.is_(None)).order_by(FollowUpTask.due_on, FollowUpTask.id)))
    sent = 0
    for task in overdue:
        claimed = db.session.execute(db.update(FollowUpTask).where(
            FollowUpTask.id == task.id, FollowUpTask.escalated_at.is_(None),
            FollowUpTask.status == FollowUpStatus.OPEN).values(escalated_at=utcnow()))
        if claimed.rowcount != 1:  # type: ignore[attr-defined]  # CursorResult for an UPDATE
            continue
        db.session.refresh(task)
        recipients = [task.responsible] if task.responsible else list(db.session.scalars(
            db.select(User).where(User.role == Role.STAFF, User.active.is_(True)).order_by(User.id)))
        for staff in recipients:
            if staff is not None:
                send_mail(staff.email, _("Påmindelse: opfølgning for %(name)s er over fristen",
                                         name=task.profile.first_name),
                          _("%(kind)s. Fristen var %(due)s.%(who)s\n%(link)s", kind=task.kind.label,
                            due=task.due_on.strftime("%d.%m.%Y"),
                            who="" if task.responsible else " " + _("Ingen har taget opgaven endnu."),
                            link=link("planning.follow_ups")), recipient_user_id=staff.id)
        record(None, "follow_up_escalated", object_type="follow_up", object_id=task.id,
               subject_user_id=task.profile.user_id, detail={"recipients": len(recipients)})
        sent += 1
    db.session.flush()
    return sent
