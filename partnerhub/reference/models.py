"""Reference data: trade areas over the EUD educations, towns, partner networks and the law's scheduling rules."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partnerhub.extensions import Model
from partnerhub.i18n import get_locale, gettext, ngettext
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.labels import LabelledEnum, label_of
from partnerhub.reference.words import confidence_label, rule_words
from partnerhub.timeutil import utcnow

# A source row marked low or verify must never be shown as if it were certain.
UNCERTAIN_CONFIDENCE = frozenset({"low", "verify", "estimate"})


def _english() -> bool:
    locale = get_locale()
    return locale is not None and locale.language == "en"


class MainArea(Model):
    """One of the 4 EUD hovedområder (since the 2015 reform)."""

    __tablename__ = "main_areas"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name_da: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))

    @property
    def name(self) -> str:
        return self.name_en if _english() else self.name_da


class TradeArea(Model):
    """A friendly name young people understand; retired instead of deleted, so old profiles keep their meaning."""

    __tablename__ = "trade_areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    name_da: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    main_area_code: Mapped[str] = mapped_column(ForeignKey("main_areas.code"), index=True)
    retired_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime | None]

    main_area: Mapped[MainArea] = relationship()
    educations: Mapped[list[Education]] = relationship(back_populates="trade_area", order_by="Education.name_da")

    @property
    def name(self) -> str:
        return self.name_en if _english() else self.name_da

    @property
    def active(self) -> bool:
        return self.retired_at is None

    @property
    def education_names(self) -> str:
        return ", ".join(e.name for e in self.educations)


class Education(Model):
    """One EUD education from the source list, kept as the secondary label under a trade area."""

    __tablename__ = "educations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name_da: Mapped[str] = mapped_column(String(160), unique=True)
    name_en: Mapped[str] = mapped_column(String(160))
    main_area_code: Mapped[str] = mapped_column(ForeignKey("main_areas.code"))
    trade_area_id: Mapped[int | None] = mapped_column(ForeignKey("trade_areas.id"), index=True)
    mapping_confidence: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(String(300))

    trade_area: Mapped[TradeArea | None] = relationship(back_populates="educations")

    @property
    def name(self) -> str:
        return self.name_en if _english() else self.name_da

    @property
    def uncertain(self) -> bool:
        return self.mapping_confidence in UNCERTAIN_CONFIDENCE


class Town(Model):
    """A town in Hedensted Kommune; estimated coordinates are flagged, never presented as exact."""

    __tablename__ = "towns"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    lat: Mapped[float]
    lon: Mapped[float]
    coord_source: Mapped[str] = mapped_column(String(120))
    coord_confidence: Mapped[str] = mapped_column(String(16))
    population: Mapped[int | None]
    postcode: Mapped[str | None] = mapped_column(String(4), index=True)
    note: Mapped[str | None] = mapped_column(String(300))

    @property
    def coordinates_uncertain(self) -> bool:
        return self.coord_confidence in UNCERTAIN_CONFIDENCE

    @property
    def coord_source_label(self) -> str:
        """The file says "estimate" where no register gave the coordinates."""
        return confidence_label(self.coord_source) if self.coord_source == "estimate" else self.coord_source


class PartnerNetwork(Model):
    """Networks such as Code of Care or LønMotiverende Indsats; admin-managed, retired rather than deleted."""

    __tablename__ = "partner_networks"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str | None] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(String(300))
    retired_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def active(self) -> bool:
        return self.retired_at is None


class RuleUnit(LabelledEnum):
    """The units scheduling_rules.csv and young_worker_rules.csv use, in words."""

    BOOL = "bool", _l("ja/nej")
    DATE = "date", _l("dato")
    DAYS = "days", _l("dage")
    HOURS = "hours", _l("timer")
    HOUR_OF_DAY = "hour of day", _l("klokkeslæt (time)")
    YEARS = "years", _l("år")
    MONTHS = "months", _l("måneder")
    PERSONS = "persons", _l("personer")
    WEEKS = "weeks", _l("uger")
    WEEKS_TOTAL = "weeks total", _l("uger i alt")
    WEEKDAYS = "weekdays", _l("ugedage")
    PER_EMPLOYEE = "per employee", _l("praktikanter pr. almindelig ansat")
    PLACEMENTS = "placements", _l("praktikker")


class SchedulingRule(Model):
    """A rule of Danish law kept as data (the law changes), with its source and confidence."""

    __tablename__ = "scheduling_rules"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    applies_to: Mapped[str] = mapped_column(String(200))
    rule: Mapped[str] = mapped_column(String(300))
    value: Mapped[str] = mapped_column(String(120))
    unit: Mapped[str] = mapped_column(String(40))
    legal_basis: Mapped[str | None] = mapped_column(String(300))
    source_url: Mapped[str | None] = mapped_column(String(300))
    source_year: Mapped[int | None]
    confidence: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(String(300))
    updated_at: Mapped[datetime | None]

    @property
    def uncertain(self) -> bool:
        return self.confidence in UNCERTAIN_CONFIDENCE

    @property
    def unit_label(self) -> str:
        return label_of(RuleUnit, self.unit)

    @property
    def rule_label(self) -> str:
        return rule_words(self.rule)

    @property
    def applies_to_label(self) -> str:
        return rule_words(self.applies_to)

    @property
    def value_label(self) -> str:
        return rule_words(self.value)

    @property
    def value_with_unit(self) -> str:
        """"1 uge", "4 dage", "kl. 20": a whole number meets its unit through ngettext, anything else is the value
        and the unit's name side by side (a ratio, a date, yes/no)."""
        number = self.value.strip()
        if not number.isdigit():
            return f"{self.value_label} {self.unit_label}"
        count = int(number)
        counted = {
            "weeks": lambda: ngettext("%(num)d uge", "%(num)d uger", count),
            "weeks total": lambda: ngettext("%(num)d uge i alt", "%(num)d uger i alt", count),
            "months": lambda: ngettext("%(num)d måned", "%(num)d måneder", count),
            "days": lambda: ngettext("%(num)d dag", "%(num)d dage", count),
            "weekdays": lambda: ngettext("%(num)d ugedag", "%(num)d ugedage", count),
            "hours": lambda: ngettext("%(num)d time", "%(num)d timer", count),
            "years": lambda: ngettext("%(num)d år", "%(num)d år", count),
            "persons": lambda: ngettext("%(num)d person", "%(num)d personer", count),
            "placements": lambda: ngettext("%(num)d praktik", "%(num)d praktikker", count),
            "per employee": lambda: ngettext("%(num)d praktikant pr. almindelig ansat",
                                             "%(num)d praktikanter pr. almindelig ansat", count),
        }.get(self.unit)
        if counted is not None:
            return counted()
        if self.unit == "hour of day":
            return gettext("kl. %(hour)02d", hour=count)
        return f"{self.value_label} {self.unit_label}"

    @property
    def confidence_label(self) -> str:
        return confidence_label(self.confidence)
