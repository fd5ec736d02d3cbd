"""The seams of a rotation: the handover note from one company to the next, and the check-in after the first week of
each period. Kept beside planning/models.py (which is full), with the same rule: a workflow is an enum plus a
transition table, and the one transition function in services/handover.py refuses any move the table does not list.

Nothing here copies a staff-only field: a note holds only what the outgoing company wrote and what the young person
made of it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partnerhub.extensions import Model, str_enum
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.labels import LabelledEnum
from partnerhub.planning.models import FeedbackAuthor, Placement
from partnerhub.timeutil import utcnow


class HandoverStatus(LabelledEnum):
    WITH_YOUTH = "with_youth", _l("Venter på den unge")  # written by the company; only the young person sees it
    APPROVED = "approved", _l("Godkendt af den unge")  # the next company sees the young person's version
    DECLINED = "declined", _l("Den unge ville ikke give den videre")  # it stays between the young person and writer


HANDOVER_TRANSITIONS: dict[HandoverStatus, frozenset[HandoverStatus]] = {
    HandoverStatus.WITH_YOUTH: frozenset({HandoverStatus.APPROVED, HandoverStatus.DECLINED}),
    HandoverStatus.APPROVED: frozenset(),  # once passed on it cannot be taken back from the next company's memory
    HandoverStatus.DECLINED: frozenset({HandoverStatus.APPROVED}),  # the young person may still change their mind
}
HANDOVER_FIELDS = ("did_well", "helped", "watch")  # what the company writes, and the young person may edit


class HandoverNote(Model):
    """The outgoing company's short note about one placement, for the company of the next period in the rotation.

    The company's words stay as written; the young person's edit is stored beside them and is what the next company
    reads. The next company is the rotation's next placement at the time it is read, so a re-plan hands the note on to
    the new company (after the young person's approval, as always)."""

    __tablename__ = "handover_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"), unique=True)
    status: Mapped[HandoverStatus] = mapped_column(str_enum(HandoverStatus), default=HandoverStatus.WITH_YOUTH)
    did_well: Mapped[str] = mapped_column(Text)
    helped: Mapped[str | None] = mapped_column(Text)
    watch: Mapped[str | None] = mapped_column(Text)
    youth_did_well: Mapped[str | None] = mapped_column(Text)  # the young person's version, when they edited it
    youth_helped: Mapped[str | None] = mapped_column(Text)
    youth_watch: Mapped[str | None] = mapped_column(Text)
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    written_at: Mapped[datetime] = mapped_column(default=utcnow)
    youth_answered_at: Mapped[datetime | None]

    placement: Mapped[Placement] = relationship()

    @property
    def youth_edited(self) -> bool:
        return any(getattr(self, f"youth_{name}") is not None for name in HANDOVER_FIELDS)

    def shared(self, name: str) -> str | None:
        """What goes on for one field: the young person's version where they edited, else the company's words."""
        return getattr(self, f"youth_{name}") if self.youth_edited else getattr(self, name)

    @property
    def is_approved(self) -> bool:
        return self.status is HandoverStatus.APPROVED

    @property
    def with_youth(self) -> bool:
        return self.status is HandoverStatus.WITH_YOUTH


class CheckIn(Model):
    """One side's answer to the check-in after the first week of a placement: how it goes (1-5) and whether the
    youth unit should help. A bad answer, or none in time, gives the contact person a follow-up task."""

    __tablename__ = "check_ins"
    __table_args__ = (UniqueConstraint("placement_id", "author", name="uq_check_ins_placement_author"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"), index=True)
    author: Mapped[FeedbackAuthor] = mapped_column(str_enum(FeedbackAuthor))
    how: Mapped[int]  # "Hvordan går det?" 1 (rigtig dårligt) .. 5 (rigtig godt)
    wants_help: Mapped[bool] = mapped_column(default=False)  # "Er der noget, vi skal hjælpe med?"
    help_text: Mapped[str | None] = mapped_column(Text)
    given_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    placement: Mapped[Placement] = relationship()

    @property
    def is_bad(self) -> bool:
        return self.how <= 2 or self.wants_help
