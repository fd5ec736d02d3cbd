"""Companies that host internships; HR users act for one company each."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint, exists, select
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from partnerhub.extensions import Model, db, str_enum
from partnerhub.forms import weekday_label, weekdays_from_text
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.labels import LabelledEnum
from partnerhub.reference.models import PartnerNetwork, Town, TradeArea
from partnerhub.timeutil import utcnow

if TYPE_CHECKING:
    from partnerhub.accounts.models import User
    from partnerhub.fair.models import CompanyBooth


class CompanyStatus(LabelledEnum):
    PENDING = "pending", _l("Afventer godkendelse")
    APPROVED = "approved", _l("Godkendt")
    REJECTED = "rejected", _l("Afvist")

class MinorWork(LabelledEnum):
    """What a company says about tasks for people under 18; the values are the engine's MINOR_WORK_* codes."""

    NONE = "none", _l("Vi har ikke opgaver til unge under 18")
    YOUTH = "youth", _l("Vi har opgaver til 15–17-årige (ingen maskiner, kemikalier eller tunge løft)")
    LIGHT = "light", _l("Vi har lette opgaver, som også 13–14-årige må lave")


# Staff may reconsider a rejection, but an approved partner is never silently un-approved.
COMPANY_TRANSITIONS: dict[CompanyStatus, frozenset[CompanyStatus]] = {
    CompanyStatus.PENDING: frozenset({CompanyStatus.APPROVED, CompanyStatus.REJECTED}),
    CompanyStatus.REJECTED: frozenset({CompanyStatus.APPROVED}),
    CompanyStatus.APPROVED: frozenset(),
}

class NeedKind(LabelledEnum):
    """A kind of need a company can meet: named, so a young person can look for exactly the one they have."""

    QUIET_WORKPLACE = "quiet_workplace", _l("Roligt arbejdsmiljø")
    FLEXIBLE_HOURS = "flexible_hours", _l("Fleksible timer")
    PHYSICAL_ACCESS = "physical_access", _l("Fysisk tilgængelig (fx for kørestol)")
    MENTOR = "mentor", _l("En mentor på arbejdspladsen")


company_trade_areas = Table(
    "company_trade_areas", db.metadata,
    Column("company_id", ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True),
    Column("trade_area_id", ForeignKey("trade_areas.id"), primary_key=True),
)
company_networks = Table(
    "company_networks", db.metadata,
    Column("company_id", ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True),
    Column("network_id", ForeignKey("partner_networks.id"), primary_key=True),
)
# "We are open to sharing a young person with these partners" – one direction per row.
company_sharing_partners = Table(
    "company_sharing_partners", db.metadata,
    Column("company_id", ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True),
    Column("partner_id", ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True),
)


class Company(Model):
    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    cvr: Mapped[str] = mapped_column(String(8), unique=True)
    status: Mapped[CompanyStatus] = mapped_column(str_enum(CompanyStatus), default=CompanyStatus.PENDING, index=True)
    status_changed_at: Mapped[datetime | None]  # who changed it is in the audit log
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    p_number: Mapped[str | None] = mapped_column(String(10))
    address: Mapped[str | None] = mapped_column(String(160))
    town_id: Mapped[int | None] = mapped_column(ForeignKey("towns.id"), index=True)
    employees: Mapped[int | None]  # ordinary employees, the basis of the employer ratio
    contact_name: Mapped[str | None] = mapped_column(String(120))
    contact_phone: Mapped[str | None] = mapped_column(String(20))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    tasks_description: Mapped[str | None] = mapped_column(Text)  # "what a young person would do here"
    task_tags: Mapped[str | None] = mapped_column(String(300))  # comma-separated, in the company's own words
    offers_teaching: Mapped[bool] = mapped_column(default=False)  # indlagt undervisning
    open_to_sharing: Mapped[bool] = mapped_column(default=False)
    # Young workers: not said (None) means never proposed for anyone under 18.
    minor_work: Mapped[MinorWork | None] = mapped_column(str_enum(MinorWork))
    minor_tasks_ok: Mapped[str | None] = mapped_column(Text)  # the tasks an under-18 may do here
    minor_tasks_not: Mapped[str | None] = mapped_column(Text)  # and those they may not (machines, chemicals ...)
    profile_updated_at: Mapped[datetime | None]

    hr_users: Mapped[list[User]] = relationship(
        back_populates="company", foreign_keys="User.company_id", order_by="User.id"
    )
    town: Mapped[Town | None] = relationship()
    trade_areas: Mapped[list[TradeArea]] = relationship(secondary=company_trade_areas, order_by="TradeArea.name_da")
    networks: Mapped[list[PartnerNetwork]] = relationship(secondary=company_networks, order_by="PartnerNetwork.name")
    sharing_partners: Mapped[list[Company]] = relationship(
        secondary=company_sharing_partners,
        primaryjoin="Company.id == company_sharing_partners.c.company_id",
        secondaryjoin="Company.id == company_sharing_partners.c.partner_id",
        order_by="Company.name",
    )
    capacities: Mapped[list[CompanyCapacity]] = relationship(back_populates="company", cascade="all, delete-orphan")
    posts: Mapped[list[InternshipPost]] = relationship(back_populates="company", cascade="all, delete-orphan",
                                                       order_by="InternshipPost.id")
    needs: Mapped[list[CompanyNeed]] = relationship(cascade="all, delete-orphan", order_by="CompanyNeed.kind")
    if TYPE_CHECKING:  # the backref of CompanyBooth.company (partnerhub/fair/models.py), for the type checker
        booth: CompanyBooth | None

    @property
    def is_approved(self) -> bool:
        return self.status is CompanyStatus.APPROVED

    @property
    def has_hr_login(self) -> bool:
        """An active HR user can see and answer offers in PartnerHub; a company without one must be rung up."""
        return any(user.active for user in self.hr_users)

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in (self.task_tags or "").split(",") if t.strip()]

    @property
    def need_kinds(self) -> list[NeedKind]:
        """The kinds of need the company can meet, in the order the fair lists them."""
        kinds = {need.kind for need in self.needs}
        return [kind for kind in NeedKind if kind in kinds]

    def set_need_kinds(self, kinds: Iterable[NeedKind]) -> None:
        """Keeps the rows of kinds still met and adds the new ones (each kind is a primary key, never twice)."""
        wanted, existing = set(kinds), {need.kind for need in self.needs}
        self.needs = [need for need in self.needs if need.kind in wanted] + [
            CompanyNeed(kind=kind) for kind in NeedKind if kind in wanted and kind not in existing]

    @hybrid_property
    def suits_special_needs(self) -> bool:
        """The matcher's one yes/no: any kind of need met is enough for a young person who needs some adjustment
        (the engine knows no kinds); the planner's checks and the engine adapter read it."""
        return bool(self.needs)

    @suits_special_needs.inplace.expression
    @classmethod
    def _suits_special_needs_expression(cls):  # a SQL expression
        return exists(select(CompanyNeed.company_id).where(CompanyNeed.company_id == cls.id))

    @property
    def special_needs_suitability(self) -> list[str]:
        return [kind.label for kind in self.need_kinds]


class CompanyNeed(Model):
    """One kind of need a company can meet (a row per kind, so the fair filters by each in SQL)."""

    __tablename__ = "company_needs"

    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[NeedKind] = mapped_column(str_enum(NeedKind), primary_key=True)


def meets_need(kind: NeedKind) -> ColumnElement[bool]:
    """Companies that meet this kind of need, for a WHERE clause."""
    return Company.id.in_(select(CompanyNeed.company_id).where(CompanyNeed.kind == kind))


class PlanningPeriod(Model):
    """A period of a planning round (e.g. 4 weeks); companies declare their capacity per period."""

    __tablename__ = "planning_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    starts_on: Mapped[date] = mapped_column(index=True)
    ends_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y})"


class CompanyCapacity(Model):
    """How many young people a company can host at once in one period, and when."""

    __tablename__ = "company_capacities"
    __table_args__ = (UniqueConstraint("company_id", "period_id", name="uq_company_capacities_company_period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("planning_periods.id", ondelete="CASCADE"), index=True)
    seats: Mapped[int]
    weekdays: Mapped[str] = mapped_column(String(20), default="1,2,3,4,5")  # ISO weekdays, 1 = Monday
    hours_from: Mapped[str] = mapped_column(String(5), default="08:00")
    hours_to: Mapped[str] = mapped_column(String(5), default="15:00")
    note: Mapped[str | None] = mapped_column(String(300))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    company: Mapped[Company] = relationship(back_populates="capacities")
    period: Mapped[PlanningPeriod] = relationship()

    @property
    def weekday_list(self) -> list[int]:
        return weekdays_from_text(self.weekdays)

    @property
    def weekday_label(self) -> str:
        return weekday_label(self.weekdays)


class InternshipPost(Model):
    """An internship place a company offers; listed on its fair booth."""

    __tablename__ = "internship_posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    trade_area_id: Mapped[int | None] = mapped_column(ForeignKey("trade_areas.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    period_id: Mapped[int | None] = mapped_column(ForeignKey("planning_periods.id", ondelete="SET NULL"))
    seats: Mapped[int] = mapped_column(default=1)
    open_for_sharing: Mapped[bool] = mapped_column(default=True)  # open for shared (rotating) placements
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime | None]

    company: Mapped[Company] = relationship(back_populates="posts")
    trade_area: Mapped[TradeArea | None] = relationship()
    period: Mapped[PlanningPeriod | None] = relationship()
