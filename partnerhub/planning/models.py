"""Planning rounds, proposals, placements and what happens during and after a placement.

Every workflow is an enum plus a transition table; the one function per workflow in services/ reads the table
and refuses any move it does not list. Status groups are named once here, as sets and as properties on the model.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partnerhub.accounts.models import User
from partnerhub.companies.models import Company, PlanningPeriod
from partnerhub.extensions import Model, str_enum
from partnerhub.forms import weekday_label
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.labels import LabelledEnum
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import YouthProfile


class RoundStatus(LabelledEnum):
    DRAFT = "draft"  # created, matcher not run yet
    PROPOSED = "proposed"  # the matcher has run at least once
    CLOSED = "closed"  # no more runs or approvals


class ProposalStatus(LabelledEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"  # replaced by a new run of the matcher


class YouthAnswer(LabelledEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    TALK = "talk"  # the young person wants to talk with their consultant first


class PlacementStatus(LabelledEnum):
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    ACTIVE = "active"
    PAUSED = "paused"
    ENDED = "ended"  # ended early, with a reason
    COMPLETED = "completed"
    CANCELLED = "cancelled"  # withdrawn by staff before it started (the rest of a rotation replaced)


class AttendanceKind(LabelledEnum):
    """Only exceptions are stored: a day without a row is a day the young person was there."""

    ABSENT = "absent"  # fravær (with notice, or ill)
    NO_SHOW = "no_show"  # udeblivelse


class FollowUpKind(LabelledEnum):
    NO_SHOW = "no_show"
    ABSENCES = "absences"
    TALK = "talk"
    DECLINED = "declined"
    OUTCOME_CHECK = "outcome_check"
    GUARDIAN = "guardian"  # the guardian declined or withdrew their consent
    CHECK_IN = "check_in", _l("Tjek efter første uge: et dårligt svar eller intet svar")  # planning/seam_models.py


class FollowUpStatus(LabelledEnum):
    OPEN = "open"
    DONE = "done"


class OutcomeKind(LabelledEnum):
    EDUCATION = "education"
    JOB = "job"
    INTERNSHIP = "internship"  # a new internship or løntilskud
    OTHER_OFFER = "other_offer"
    UNKNOWN = "unknown"


class FeedbackAuthor(LabelledEnum):
    YOUTH = "youth"
    COMPANY = "company"


class AgreementStatus(LabelledEnum):
    DRAFT = "draft"  # staff are writing it; only staff see it
    APPROVED = "approved"  # staff approved it: the parties can read and sign it


class AgreementParty(LabelledEnum):
    """Who signs a placement agreement; the guardian only when the young person is under 18 at the start."""

    COMPANY = "company"
    YOUTH = "youth"
    GUARDIAN = "guardian"
    STAFF = "staff"


_LABELS = [
    (RoundStatus.DRAFT, _l("Ikke kørt endnu")),
    (RoundStatus.PROPOSED, _l("Forslag klar")),
    (RoundStatus.CLOSED, _l("Lukket")),
    (ProposalStatus.PROPOSED, _l("Forslag")),
    (ProposalStatus.APPROVED, _l("Godkendt")),
    (ProposalStatus.REJECTED, _l("Afvist")),
    (ProposalStatus.SUPERSEDED, _l("Erstattet af ny kørsel")),
    (YouthAnswer.PENDING, _l("Har ikke svaret")),
    (YouthAnswer.ACCEPTED, _l("Har sagt ja")),
    (YouthAnswer.TALK, _l("Vil gerne tale med sin kontaktperson")),
    (PlacementStatus.OFFERED, _l("Tilbudt")),
    (PlacementStatus.ACCEPTED, _l("Accepteret")),
    (PlacementStatus.DECLINED, _l("Afslået")),
    (PlacementStatus.ACTIVE, _l("I gang")),
    (PlacementStatus.PAUSED, _l("Sat på pause")),
    (PlacementStatus.ENDED, _l("Afsluttet før tid")),
    (PlacementStatus.COMPLETED, _l("Gennemført")),
    (PlacementStatus.CANCELLED, _l("Trukket tilbage")),
    (AttendanceKind.ABSENT, _l("Fravær")),
    (AttendanceKind.NO_SHOW, _l("Udeblevet")),
    (FollowUpKind.NO_SHOW, _l("Udeblivelse")),
    (FollowUpKind.ABSENCES, _l("To fraværsdage i træk")),
    (FollowUpKind.TALK, _l("Den unge vil gerne tale om planen")),
    (FollowUpKind.DECLINED, _l("En virksomhed har sagt nej")),
    (FollowUpKind.OUTCOME_CHECK, _l("Tjek resultatet")),
    (FollowUpKind.GUARDIAN, _l("Forælder eller værge har sagt nej eller trukket samtykket tilbage")),
    (FollowUpStatus.OPEN, _l("Åben")),
    (FollowUpStatus.DONE, _l("Udført")),
    (OutcomeKind.EDUCATION, _l("Startet på en uddannelse")),
    (OutcomeKind.JOB, _l("Job")),
    (OutcomeKind.INTERNSHIP, _l("Ny praktik eller løntilskud")),
    (OutcomeKind.OTHER_OFFER, _l("Andet tilbud")),
    (OutcomeKind.UNKNOWN, _l("Ukendt")),
    (FeedbackAuthor.YOUTH, _l("Den unge")),
    (FeedbackAuthor.COMPANY, _l("Virksomheden")),
    (AgreementStatus.DRAFT, _l("Kladde")),
    (AgreementStatus.APPROVED, _l("Godkendt")),
    (AgreementParty.COMPANY, _l("Virksomheden")),
    (AgreementParty.YOUTH, _l("Den unge")),
    (AgreementParty.GUARDIAN, _l("Forælder eller værge")),
    (AgreementParty.STAFF, _l("Ungeenheden")),
]
LABELS = {(type(member).__name__, member.value): label for member, label in _LABELS}

ROUND_TRANSITIONS: dict[RoundStatus, frozenset[RoundStatus]] = {
    RoundStatus.DRAFT: frozenset({RoundStatus.PROPOSED, RoundStatus.CLOSED}),
    RoundStatus.PROPOSED: frozenset({RoundStatus.PROPOSED, RoundStatus.CLOSED}),  # a re-run stays "proposed"
    RoundStatus.CLOSED: frozenset(),
}
PROPOSAL_TRANSITIONS: dict[ProposalStatus, frozenset[ProposalStatus]] = {
    ProposalStatus.PROPOSED: frozenset({ProposalStatus.APPROVED, ProposalStatus.REJECTED, ProposalStatus.SUPERSEDED}),
    ProposalStatus.APPROVED: frozenset(),
    ProposalStatus.REJECTED: frozenset(),
    ProposalStatus.SUPERSEDED: frozenset(),
}
YOUTH_ANSWER_TRANSITIONS: dict[YouthAnswer, frozenset[YouthAnswer]] = {
    YouthAnswer.PENDING: frozenset({YouthAnswer.ACCEPTED, YouthAnswer.TALK}),
    YouthAnswer.TALK: frozenset({YouthAnswer.ACCEPTED}),  # after the talk the young person can still say yes
    # A yes can become a wish to talk, but only until a company has answered (proposals.youth_answer checks that).
    YouthAnswer.ACCEPTED: frozenset({YouthAnswer.TALK}),
}
PLACEMENT_TRANSITIONS: dict[PlacementStatus, frozenset[PlacementStatus]] = {
    PlacementStatus.OFFERED: frozenset({PlacementStatus.ACCEPTED, PlacementStatus.DECLINED, PlacementStatus.CANCELLED}),
    PlacementStatus.ACCEPTED: frozenset({PlacementStatus.ACTIVE, PlacementStatus.CANCELLED}),
    PlacementStatus.ACTIVE: frozenset({PlacementStatus.PAUSED, PlacementStatus.ENDED, PlacementStatus.COMPLETED}),
    PlacementStatus.PAUSED: frozenset({PlacementStatus.ACTIVE, PlacementStatus.ENDED}),
    PlacementStatus.DECLINED: frozenset(),
    PlacementStatus.ENDED: frozenset(),
    PlacementStatus.COMPLETED: frozenset(),
    PlacementStatus.CANCELLED: frozenset(),
}
AGREEMENT_TRANSITIONS: dict[AgreementStatus, frozenset[AgreementStatus]] = {
    AgreementStatus.DRAFT: frozenset({AgreementStatus.APPROVED}),
    AgreementStatus.APPROVED: frozenset(),  # a change keeps it approved; the changed terms need new signatures
}
FOLLOW_UP_TRANSITIONS: dict[FollowUpStatus, frozenset[FollowUpStatus]] = {
    FollowUpStatus.OPEN: frozenset({FollowUpStatus.DONE}),
    FollowUpStatus.DONE: frozenset(),
}
# Placement status groups, named once: services, views, templates and reports use these, never literal lists.
# A placement in one of these holds its seat; the others gave it back.
SEAT_HOLDING = frozenset({PlacementStatus.OFFERED, PlacementStatus.ACCEPTED, PlacementStatus.ACTIVE,
                          PlacementStatus.PAUSED, PlacementStatus.COMPLETED})
# "An active placement" for the round's default participants: anything agreed that has not finished.
LIVE = frozenset({PlacementStatus.OFFERED, PlacementStatus.ACCEPTED, PlacementStatus.ACTIVE, PlacementStatus.PAUSED})
# The company took the young person in (accepted or later): what the partner network and the results count.
HOSTED = frozenset({PlacementStatus.ACCEPTED, PlacementStatus.ACTIVE, PlacementStatus.PAUSED, PlacementStatus.ENDED,
                    PlacementStatus.COMPLETED})
# The first day has come: attendance can be recorded.
STARTED = frozenset({PlacementStatus.ACTIVE, PlacementStatus.PAUSED, PlacementStatus.ENDED, PlacementStatus.COMPLETED})
# Under way right now.
RUNNING = frozenset({PlacementStatus.ACTIVE, PlacementStatus.PAUSED})
# Over, early or as planned.
FINISHED = frozenset({PlacementStatus.ENDED, PlacementStatus.COMPLETED})
# Agreed or offered, not started: staff may still withdraw it to plan the rest of a rotation anew.
NOT_STARTED = frozenset({PlacementStatus.OFFERED, PlacementStatus.ACCEPTED})
# Still current for the written statement from employer and shop steward.
STATEMENT_OPEN = frozenset({PlacementStatus.OFFERED, PlacementStatus.ACCEPTED, PlacementStatus.ACTIVE})
# It will not happen: the company said no, or staff withdrew it. The young person does not see these.
CALLED_OFF = frozenset({PlacementStatus.DECLINED, PlacementStatus.CANCELLED})
# The company has answered the offer (a yes, a no, or what followed a yes); staff withdrawing it is no answer.
COMPANY_ANSWERED = frozenset(set(PlacementStatus) - {PlacementStatus.OFFERED, PlacementStatus.CANCELLED})
# A move into one of these needs a written reason.
NEEDS_REASON = frozenset({PlacementStatus.ENDED, PlacementStatus.DECLINED})


class PlanningRound(Model):
    __tablename__ = "planning_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    starts_on: Mapped[date]
    period_count: Mapped[int]
    period_weeks: Mapped[int]
    rotation_k: Mapped[int]
    status: Mapped[RoundStatus] = mapped_column(str_enum(RoundStatus), default=RoundStatus.DRAFT)
    mode: Mapped[str] = mapped_column(String(16), default="lexicographic")
    last_job_id: Mapped[int | None] = mapped_column(ForeignKey("background_jobs.id", ondelete="SET NULL"))
    unplaced: Mapped[dict | None] = mapped_column(JSON)  # engine id -> reason code of the last run
    stats: Mapped[dict | None] = mapped_column(JSON)  # the last run's coverage and bound figures
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    periods: Mapped[list[RoundPeriod]] = relationship(order_by="RoundPeriod.position", cascade="all, delete-orphan")
    participants: Mapped[list[RoundParticipant]] = relationship(cascade="all, delete-orphan")
    proposals: Mapped[list[Proposal]] = relationship(back_populates="round", order_by="Proposal.id")

    @property
    def ends_on(self) -> date:
        return self.starts_on + timedelta(weeks=self.period_count * self.period_weeks) - timedelta(days=3)

    @property
    def is_closed(self) -> bool:
        return self.status is RoundStatus.CLOSED


class RoundPeriod(Model):
    """Links a round to the shared PlanningPeriods, in order: company capacity is declared per PlanningPeriod."""

    __tablename__ = "round_periods"
    __table_args__ = (UniqueConstraint("round_id", "period_id", name="uq_round_periods_round_period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("planning_rounds.id", ondelete="CASCADE"), index=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("planning_periods.id"), index=True)
    position: Mapped[int]

    period: Mapped[PlanningPeriod] = relationship()


class RoundParticipant(Model):
    __tablename__ = "round_participants"
    __table_args__ = (UniqueConstraint("round_id", "youth_profile_id", name="uq_round_participants_round_youth"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("planning_rounds.id", ondelete="CASCADE"), index=True)
    youth_profile_id: Mapped[int] = mapped_column(ForeignKey("youth_profiles.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    profile: Mapped[YouthProfile] = relationship()


class Proposal(Model):
    """One young person's rotation in a round: companies in order, with their periods."""

    __tablename__ = "proposals"
    __table_args__ = (Index("ix_proposals_review_order", "round_id", "status", "score", "id"),)  # the review's order

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("planning_rounds.id", ondelete="CASCADE"), index=True)
    youth_profile_id: Mapped[int] = mapped_column(ForeignKey("youth_profiles.id", ondelete="CASCADE"), index=True)
    status: Mapped[ProposalStatus] = mapped_column(str_enum(ProposalStatus), default=ProposalStatus.PROPOSED,
                                                   index=True)
    source: Mapped[str] = mapped_column(String(16), default="matcher")  # matcher | manual | edited
    score: Mapped[float] = mapped_column(default=0.0)
    # Optimistic lock: a status change is an UPDATE ... WHERE version = :seen, so two clicks cannot both approve.
    version: Mapped[int] = mapped_column()
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's declarative hook
    reject_code: Mapped[str | None] = mapped_column(String(32))
    reject_text: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    youth_answer: Mapped[YouthAnswer] = mapped_column(str_enum(YouthAnswer), default=YouthAnswer.PENDING)
    youth_answered_at: Mapped[datetime | None]
    youth_comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    round: Mapped[PlanningRound] = relationship(back_populates="proposals")
    profile: Mapped[YouthProfile] = relationship()
    items: Mapped[list[ProposalItem]] = relationship(back_populates="proposal", cascade="all, delete-orphan",
                                                     order_by="ProposalItem.position")
    placements: Mapped[list[Placement]] = relationship(back_populates="proposal", order_by="Placement.starts_on")

    @property
    def is_open(self) -> bool:
        """A proposal staff can still edit, approve or reject."""
        return self.status is ProposalStatus.PROPOSED

    @property
    def is_approved(self) -> bool:
        return self.status is ProposalStatus.APPROVED

    @property
    def youth_said_yes(self) -> bool:
        return self.youth_answer is YouthAnswer.ACCEPTED

    @property
    def youth_wants_talk(self) -> bool:
        return self.youth_answer is YouthAnswer.TALK

    @property
    def company_has_answered(self) -> bool:
        """Some company has answered its offer: from then on the young person's answer is fixed (staff can help)."""
        return any(p.status in COMPANY_ANSWERED for p in self.placements)

    @property
    def youth_has_answered(self) -> bool:
        return self.youth_answer is not YouthAnswer.PENDING

    @property
    def youth_answer_open(self) -> bool:
        """The young person can answer, or change their answer: nobody has answered yet, or no company has."""
        return not self.youth_has_answered or not self.company_has_answered


class ProposalItem(Model):
    __tablename__ = "proposal_items"
    __table_args__ = (UniqueConstraint("proposal_id", "period_id", name="uq_proposal_items_proposal_period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("planning_periods.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    score: Mapped[float] = mapped_column(default=0.0)
    explanation: Mapped[dict | None] = mapped_column(JSON)

    proposal: Mapped[Proposal] = relationship(back_populates="items")
    company: Mapped[Company] = relationship()
    period: Mapped[PlanningPeriod] = relationship()


class SeatCounter(Model):
    """Seats taken per company and period. Booking is one conditional UPDATE, so it holds on SQLite as well."""

    __tablename__ = "seat_counters"
    __table_args__ = (UniqueConstraint("company_id", "period_id", name="uq_seat_counters_company_period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("planning_periods.id", ondelete="CASCADE"), index=True)
    taken: Mapped[int] = mapped_column(default=0)


class Placement(Model):
    """A young person at one company in one period: the offer, the answers and the days that follow."""

    __tablename__ = "placements"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    youth_profile_id: Mapped[int] = mapped_column(ForeignKey("youth_profiles.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("planning_periods.id"), index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    status: Mapped[PlacementStatus] = mapped_column(str_enum(PlacementStatus), default=PlacementStatus.OFFERED,
                                                    index=True)
    company_answered_at: Mapped[datetime | None]
    company_answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decline_reason: Mapped[str | None] = mapped_column(Text)
    # The written statement from employer and shop steward (BEK 2636/2021 § 65 stk. 6), confirmed by HR.
    statement_employer: Mapped[bool] = mapped_column(default=False)
    statement_steward: Mapped[bool] = mapped_column(default=False)
    statement_confirmed_at: Mapped[datetime | None]
    statement_confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    end_reason: Mapped[str | None] = mapped_column(Text)
    status_changed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="placements")
    profile: Mapped[YouthProfile] = relationship()
    company: Mapped[Company] = relationship()
    period: Mapped[PlanningPeriod] = relationship()
    attendance: Mapped[list[AttendanceException]] = relationship(back_populates="placement",
                                                                 order_by="AttendanceException.day",
                                                                 cascade="all, delete-orphan")
    feedback: Mapped[list[Feedback]] = relationship(back_populates="placement", cascade="all, delete-orphan")
    agreement: Mapped[PlacementAgreement | None] = relationship(back_populates="placement", uselist=False,
                                                                cascade="all, delete-orphan")

    @property
    def statement_complete(self) -> bool:
        return self.statement_employer and self.statement_steward

    @property
    def awaiting_answer(self) -> bool:
        """Offered; the company has not answered yet."""
        return self.status is PlacementStatus.OFFERED

    @property
    def is_accepted(self) -> bool:
        return self.status is PlacementStatus.ACCEPTED

    @property
    def holds_seat(self) -> bool:
        return self.status in SEAT_HOLDING

    @property
    def is_live(self) -> bool:
        return self.status in LIVE

    @property
    def is_hosted(self) -> bool:
        return self.status in HOSTED

    @property
    def is_started(self) -> bool:
        return self.status in STARTED

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def is_not_started(self) -> bool:
        return self.status in NOT_STARTED

    @property
    def statement_open(self) -> bool:
        return self.status in STATEMENT_OPEN

    @property
    def called_off(self) -> bool:
        return self.status in CALLED_OFF


class AttendanceException(Model):
    __tablename__ = "attendance_exceptions"
    __table_args__ = (UniqueConstraint("placement_id", "day", name="uq_attendance_exceptions_placement_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"), index=True)
    day: Mapped[date]
    kind: Mapped[AttendanceKind] = mapped_column(str_enum(AttendanceKind))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    placement: Mapped[Placement] = relationship(back_populates="attendance")


class FollowUpTask(Model):
    """Work for the young person's consultant; the strategy is to follow up, never to drop."""

    __tablename__ = "follow_up_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    youth_profile_id: Mapped[int] = mapped_column(ForeignKey("youth_profiles.id", ondelete="CASCADE"), index=True)
    placement_id: Mapped[int | None] = mapped_column(ForeignKey("placements.id", ondelete="SET NULL"), index=True)
    kind: Mapped[FollowUpKind] = mapped_column(str_enum(FollowUpKind))
    status: Mapped[FollowUpStatus] = mapped_column(str_enum(FollowUpStatus), default=FollowUpStatus.OPEN, index=True)
    due_on: Mapped[date] = mapped_column(index=True)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None]
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    done_note: Mapped[str | None] = mapped_column(Text)  # "Hvad blev der gjort?": required to close the task
    escalated_at: Mapped[datetime | None]  # when the overdue reminder went out; it goes out once per task

    profile: Mapped[YouthProfile] = relationship()
    placement: Mapped[Placement | None] = relationship()
    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id])
    done_by: Mapped[User | None] = relationship(foreign_keys=[done_by_id])

    @property
    def is_open(self) -> bool:
        return self.status is FollowUpStatus.OPEN

    @property
    def responsible(self) -> User | None:
        """The assignee while they can still act; a deactivated assignee leaves the task unassigned (for all)."""
        return self.assigned_to if self.assigned_to is not None and self.assigned_to.active else None

    def is_overdue(self, day: date) -> bool:
        return self.is_open and self.due_on < day


class Feedback(Model):
    __tablename__ = "placement_feedback"
    __table_args__ = (UniqueConstraint("placement_id", "author", name="uq_placement_feedback_placement_author"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"), index=True)
    author: Mapped[FeedbackAuthor] = mapped_column(str_enum(FeedbackAuthor))
    answers: Mapped[dict] = mapped_column(JSON)  # question key -> 1..5
    comment: Mapped[str | None] = mapped_column(Text)
    given_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    placement: Mapped[Placement] = relationship(back_populates="feedback")

    @property
    def by_youth(self) -> bool:
        return self.author is FeedbackAuthor.YOUTH


class Outcome(Model):
    """What a young person went on to; each update is a new row, so the timeline keeps the history."""

    __tablename__ = "outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    youth_profile_id: Mapped[int] = mapped_column(ForeignKey("youth_profiles.id", ondelete="CASCADE"), index=True)
    kind: Mapped[OutcomeKind] = mapped_column(str_enum(OutcomeKind))
    education: Mapped[str | None] = mapped_column(String(160))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class PlacementAgreement(Model):
    """The written agreement of one placement (LAB § 59: its precise purpose), signed by every party in the app.

    It sits beside the employer's and shop steward's written statement (BEK 2636/2021 § 65 stk. 6), which stays a
    checklist on the placement: that statement is the company's own declaration, this is the agreement between all
    the parties. The dates are the placement's own (starts_on/ends_on), so they are stored once."""

    __tablename__ = "placement_agreements"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"), unique=True)
    status: Mapped[AgreementStatus] = mapped_column(str_enum(AgreementStatus), default=AgreementStatus.DRAFT)
    purpose_youth: Mapped[str | None] = mapped_column(Text)  # the young person's own words
    purpose_staff: Mapped[str | None] = mapped_column(Text)  # the staff member's words; needed to approve
    reasons: Mapped[str | None] = mapped_column(Text)  # why the youth unit decided on this placement
    tasks: Mapped[str | None] = mapped_column(Text)
    weekdays: Mapped[str] = mapped_column(String(20), default="1,2,3,4,5")  # ISO weekdays, 1 = Monday
    hours_from: Mapped[str] = mapped_column(String(5), default="08:00")
    hours_to: Mapped[str] = mapped_column(String(5), default="15:00")
    company_contact: Mapped[str | None] = mapped_column(String(200))
    unit_contact: Mapped[str | None] = mapped_column(String(200))
    mentor: Mapped[str | None] = mapped_column(String(200))
    absence_rule: Mapped[str | None] = mapped_column(Text)
    rule_basis: Mapped[str] = mapped_column(String(300))
    change_reason: Mapped[str | None] = mapped_column(Text)  # why the last change of dates, company or hours
    changed_at: Mapped[datetime | None]
    approved_at: Mapped[datetime | None]
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    placement: Mapped[Placement] = relationship(back_populates="agreement")
    signatures: Mapped[list[AgreementSignature]] = relationship(back_populates="agreement",
                                                                order_by="AgreementSignature.signed_at",
                                                                cascade="all, delete-orphan")

    @property
    def is_approved(self) -> bool:
        return self.status is AgreementStatus.APPROVED

    @property
    def weekday_label(self) -> str:
        return weekday_label(self.weekdays)

    @property
    def terms(self) -> str:
        """What a signature binds: the company, the dates and the hours. A change to any of them (the company's
        name or CVR included) leaves every earlier signature behind, so everyone signs again."""
        company = self.placement.company
        return (f"company={company.id};{company.cvr or ''};{company.name}|"
                f"dates={self.placement.starts_on.isoformat()}..{self.placement.ends_on.isoformat()}|"
                f"days={self.weekdays}|hours={self.hours_from}-{self.hours_to}")


class AgreementSignature(Model):
    """One party's signature on the terms as they were; it counts only while the terms are unchanged."""

    __tablename__ = "agreement_signatures"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("placement_agreements.id", ondelete="CASCADE"), index=True)
    party: Mapped[AgreementParty] = mapped_column(str_enum(AgreementParty))
    signer_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    signer_name: Mapped[str | None] = mapped_column(String(160))
    terms: Mapped[str] = mapped_column(Text)  # PlacementAgreement.terms when signed
    signed_at: Mapped[datetime] = mapped_column(default=utcnow)

    agreement: Mapped[PlacementAgreement] = relationship(back_populates="signatures")

    @property
    def is_current(self) -> bool:
        return self.terms == self.agreement.terms
