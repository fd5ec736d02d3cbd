"""The check-in after the first week of each period: the young person and the company each answer two short
questions ("Hvordan går det?" from 1 to 5, and "Er der noget, vi skal hjælpe med?").

When the check-in opens, the scheduled job mails both sides a link (once). A bad answer (1 or 2, or a yes to help)
gives the young person's contact person a follow-up task at once; no answer
from one side by CHECK_IN_ANSWER_DAYS after the first week gives one from the scheduled job (`flask follow-up
check-ins`, also run by `flask follow-up escalate` and the scheduled escalation job). Both are ordinary follow-up
tasks (planning/services/followup.py), so they show in the default follow-up view and follow its rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app

from partnerhub.accounts.models import User
from partnerhub.audit.service import record
from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.outbox.models import OutboxMessage
from partnerhub.outbox.service import send_mail
from partnerhub.permissions import Role
from partnerhub.planning.models import RUNNING, FeedbackAuthor, FollowUpKind, FollowUpTask, Placement
from partnerhub.planning.seam_models import CheckIn
from partnerhub.planning.services.common import PlanningError, link, today
from partnerhub.planning.services.followup import create_task
from partnerhub.planning.services.placements import require_own_company

FIRST_WEEK = timedelta(days=7)
HOW_CHOICES = [
    ("1", _l("Rigtig dårligt")), ("2", _l("Dårligt")), ("3", _l("Okay")), ("4", _l("Godt")), ("5", _l("Rigtig godt")),
]


def opens_on(placement: Placement) -> date:
    """The day after the first week."""
    return placement.starts_on + FIRST_WEEK


def due_on(placement: Placement) -> date:
    """The last day to answer before the youth unit follows up."""
    return opens_on(placement) + timedelta(days=current_app.config["CHECK_IN_ANSWER_DAYS"])


def is_open(placement: Placement, day: date | None = None) -> bool:
    """From the day after the first week until the placement ends, while it runs (a paused one too)."""
    day = day or today()
    return placement.status in RUNNING and opens_on(placement) <= day <= placement.ends_on


def answer_of(placement: Placement, author: FeedbackAuthor) -> CheckIn | None:
    return db.session.scalar(db.select(CheckIn).where(CheckIn.placement_id == placement.id,
                                                      CheckIn.author == author))


def _require(actor: User, placement: Placement, author: FeedbackAuthor) -> None:
    if author is FeedbackAuthor.COMPANY:
        require_own_company(actor, placement)
    elif actor.role is not Role.YOUTH or placement.profile.user_id != actor.id:
        raise PermissionError("not this young person's placement")


def give_answer(actor: User, placement: Placement, author: FeedbackAuthor, *, how: int, wants_help: bool,
                help_text: str | None) -> CheckIn:
    """One answer per side; a bad one asks the contact person to follow up."""
    _require(actor, placement, author)
    if not is_open(placement):
        raise PlanningError(_("Tjekket åbner, når den første uge er gået."))
    if answer_of(placement, author) is not None:
        raise PlanningError(_("Du har allerede svaret. Tak!"))
    if not 1 <= how <= 5:
        raise PlanningError(_("Vælg, hvordan det går."))
    answer = CheckIn(placement_id=placement.id, placement=placement, author=author, how=how, wants_help=wants_help,
                     help_text=(help_text or "").strip() or None, given_by_id=actor.id)
    db.session.add(answer)
    db.session.flush()
    record(actor, "check_in_given", object_type="placement", object_id=placement.id,
           subject_user_id=placement.profile.user_id, detail={"author": str(author), "bad": answer.is_bad})
    if answer.is_bad:
        who = _("Den unge") if author is FeedbackAuthor.YOUTH else placement.company.name
        create_task(placement.profile, FollowUpKind.CHECK_IN, placement=placement,
                    note=_("%(who)s svarede efter første uge hos %(company)s: %(how)s.%(help)s", who=who,
                           company=placement.company.name, how=dict(HOW_CHOICES)[str(how)],
                           help=(" " + _("Vil gerne have hjælp: %(text)s", text=answer.help_text or "–"))
                           if wants_help else ""))
    return answer


def follow_up_missing(day: date | None = None) -> int:
    """The scheduled part: every running placement whose check-in is past its deadline with a side missing gets one
    follow-up task. A placement that already had a check-in task (open or done) gets no second one, so running the
    job again, or after staff closed the task, creates nothing."""
    day = day or today()
    latest_start = day - FIRST_WEEK - timedelta(days=current_app.config["CHECK_IN_ANSWER_DAYS"]) - timedelta(days=1)
    had_task = db.select(FollowUpTask.placement_id).where(FollowUpTask.kind == FollowUpKind.CHECK_IN,
                                                          FollowUpTask.placement_id.is_not(None))
    candidates = db.session.scalars(db.select(Placement).where(
        Placement.status.in_(RUNNING), Placement.starts_on <= latest_start, Placement.id.not_in(had_task))
        .order_by(Placement.starts_on, Placement.id))
    created = 0
    for placement in candidates:
        missing = [author for author in FeedbackAuthor if answer_of(placement, author) is None]
        if not missing:
            continue
        names = [_("den unge") if a is FeedbackAuthor.YOUTH else placement.company.name for a in missing]
        who = names[0] if len(names) == 1 else _("%(first)s og %(second)s", first=names[0], second=names[1])
        if create_task(placement.profile, FollowUpKind.CHECK_IN, placement=placement,
                       note=_("Intet svar på tjekket efter første uge fra %(who)s (frist %(due)s).",
                              who=who, due=due_on(placement).strftime("%d.%m.%Y"))):
            created += 1
    db.session.flush()
    return created


def invite_open(day: date | None = None) -> int:
    """Mails each side whose check-in is open and unanswered a link to it, once: a mail with that link already in the
    outbox means the side was asked, so running the job again sends nothing twice."""
    day = day or today()
    opened = db.session.scalars(db.select(Placement).where(
        Placement.status.in_(RUNNING), Placement.starts_on <= day - FIRST_WEEK, Placement.ends_on >= day)
        .order_by(Placement.starts_on, Placement.id))
    sent = 0
    for placement in opened:
        if answer_of(placement, FeedbackAuthor.YOUTH) is None:
            user = placement.profile.user
            sent += _invite(user.email, user.id, link("planning.youth_check_in", placement_id=placement.id),
                            _("Hvordan går det hos %(company)s?", company=placement.company.name))
        if answer_of(placement, FeedbackAuthor.COMPANY) is None:
            url = link("planning.company_check_in", placement_id=placement.id)
            for hr in (u for u in placement.company.hr_users if u.active):
                sent += _invite(hr.email, hr.id, url, _("Hvordan går det med %(name)s?",
                                                        name=placement.profile.first_name))
    db.session.flush()
    return sent


def _invite(email: str, user_id: int, url: str, subject: str) -> int:
    asked = db.session.scalar(db.select(OutboxMessage.id).where(OutboxMessage.recipient_user_id == user_id,
                                                                OutboxMessage.body.contains(url)).limit(1))
    if asked is not None:
        return 0
    send_mail(email, subject, _("Den første uge er gået. Svar på to korte spørgsmål, så vi ved, om vi skal hjælpe: "
                                "%(link)s", link=url), recipient_user_id=user_id)
    return 1


@dataclass
class CheckInStatus:
    """One placement's check-in as staff see it on the rotation's seams page."""

    opens_on: date
    due_on: date
    youth: CheckIn | None
    company: CheckIn | None

    def state(self, day: date) -> str:
        if self.youth is not None and self.company is not None:
            return "bad" if self.youth.is_bad or self.company.is_bad else "answered"
        if day < self.opens_on:
            return "not_yet"
        return "late" if day > self.due_on else "waiting"


STATE_LABELS = {"not_yet": _l("Ikke åbnet endnu"), "waiting": _l("Venter på svar"),
                "late": _l("Intet svar inden fristen"), "answered": _l("Begge har svaret: det går"),
                "bad": _l("Et svar kræver opfølgning")}


def status_of(placement: Placement) -> CheckInStatus:
    return CheckInStatus(opens_on=opens_on(placement), due_on=due_on(placement),
                         youth=answer_of(placement, FeedbackAuthor.YOUTH),
                         company=answer_of(placement, FeedbackAuthor.COMPANY))
