"""A young person's "curious" marks from the fair: what caught their eye, company or whole trade area."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from partnerhub.extensions import db, str_enum
from partnerhub.timeutil import utcnow


class CuriosityLevel(enum.StrEnum):
    CURIOUS = "curious"  # "Nysgerrig"
    WANT_TO_TRY = "want_to_try"  # "Det vil jeg gerne prøve"


class CuriousMark(db.Model):
    __tablename__ = "curious_marks"
    __table_args__ = (
        CheckConstraint("(company_id IS NULL) <> (trade_area_id IS NULL)", name="one_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    youth_profile_id: Mapped[int] = mapped_column(ForeignKey("youth_profiles.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    trade_area_id: Mapped[int | None] = mapped_column(ForeignKey("trade_areas.id", ondelete="CASCADE"), index=True)
    level: Mapped[CuriosityLevel] = mapped_column(str_enum(CuriosityLevel), default=CuriosityLevel.CURIOUS)
    reflection: Mapped[str | None] = mapped_column(String(500))  # "what caught you?"
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
