"""Cost figures behind the business case (with their sources and change history) and companies' commitments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partnerhub.companies.models import Company
from partnerhub.extensions import Model, str_enum
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.labels import LabelledEnum
from partnerhub.reference.words import confidence_label
from partnerhub.reporting.words import figure_words
from partnerhub.timeutil import utcnow


class CostFigure(Model):
    """One figure from cost_figures.csv. A range is kept as low/high so no page can pretend to a false point."""

    __tablename__ = "cost_figures"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    description: Mapped[str] = mapped_column(Text)
    value_text: Mapped[str | None] = mapped_column(String(64))  # as written in the source file
    value_low: Mapped[float | None]
    value_high: Mapped[float | None]
    unit: Mapped[str | None] = mapped_column(String(40))
    scope: Mapped[str | None] = mapped_column(String(120))
    data_year: Mapped[str | None] = mapped_column(String(80))
    source_org: Mapped[str | None] = mapped_column(String(160))
    source_title: Mapped[str | None] = mapped_column(String(300))
    source_url: Mapped[str | None] = mapped_column(String(300))
    publication_year: Mapped[str | None] = mapped_column(String(40))
    confidence: Mapped[str | None] = mapped_column(String(16))
    caveat: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    changes: Mapped[list[CostFigureChange]] = relationship(back_populates="figure", cascade="all, delete-orphan",
                                                           order_by="CostFigureChange.id.desc()")

    @property
    def confidence_label(self) -> str:
        return confidence_label(self.confidence)

    def words(self, name: str) -> str:
        """A column of the shipped file (description, unit, years, title, caveat) in the reader's language."""
        return figure_words(getattr(self, name))

    @property
    def is_range(self) -> bool:
        return self.value_low is not None and self.value_high is not None and self.value_low != self.value_high


class CostFigureChange(Model):
    """An admin's edit of a figure: the old and new values, so a business case can be traced back in time."""

    __tablename__ = "cost_figure_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    figure_id: Mapped[int] = mapped_column(ForeignKey("cost_figures.id", ondelete="CASCADE"), index=True)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    before: Mapped[dict] = mapped_column(JSON)
    after: Mapped[dict] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)

    figure: Mapped[CostFigure] = relationship(back_populates="changes")


class CommitmentKind(LabelledEnum):
    INTERNSHIP_PLACES = "internship_places", _l("Praktikpladser (unge i praktik)")
    FLEX_JOBS = "flex_jobs", _l("Fleksjob")
    PAID_HOURS = "paid_hours", _l("Lønnede timer")


class Commitment(Model):
    """A social clause: the company promises N of something per year; internship places are counted, not typed."""

    __tablename__ = "commitments"
    __table_args__ = (UniqueConstraint("company_id", "year", "kind", name="uq_commitments_company_year_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    year: Mapped[int]
    kind: Mapped[CommitmentKind] = mapped_column(str_enum(CommitmentKind))
    target: Mapped[int]
    achieved: Mapped[int] = mapped_column(default=0)  # reported, for flex jobs and paid hours
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    company: Mapped[Company] = relationship()
