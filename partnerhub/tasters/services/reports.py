"""The taster internships in numbers: per school and class, by trade area, and per company. Counts of pupils under
MIN_GROUP are shown as "<5" with the figures computed from them, as everywhere in partnerhub.reporting."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask_babel import format_decimal, format_percent

from partnerhub.accounts.models import User
from partnerhub.companies.models import Company
from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.reporting.services.common import Table, hidden_small_counts
from partnerhub.schools.models import Pupil, SchoolClass
from partnerhub.tasters.models import BookingStatus, HostAgain, TasterBooking, TasterSlot
from partnerhub.tasters.services.common import school_scope


@dataclass
class Reports:
    classes: Table
    trade_areas: Table
    companies: Table


def _approved(schools: set[int] | None) -> list[TasterBooking]:
    query = db.select(TasterBooking).join(Pupil).join(SchoolClass).where(
        TasterBooking.status == BookingStatus.APPROVED)
    if schools is not None:
        query = query.where(SchoolClass.school_id.in_(schools))
    return list(db.session.scalars(query))


def _share(part: int, whole: int) -> str:
    return format_percent(part / whole, "#,##0 %") if whole else "–"


def school_reports(actor: User) -> Reports:
    """Staff see every school, a coordinator their own; companies appear by name with their pupils hosted."""
    schools = school_scope(actor)
    bookings = _approved(schools)
    classes_q = db.select(SchoolClass).order_by(SchoolClass.school_year.desc(), SchoolClass.name)
    if schools is not None:
        classes_q = classes_q.where(SchoolClass.school_id.in_(schools))
    by_class: dict[int, list[TasterBooking]] = defaultdict(list)
    for booking in bookings:
        by_class[booking.pupil.school_class_id].append(booking)
    class_rows = []
    for school_class in db.session.scalars(classes_q):
        placed = by_class.get(school_class.id, [])
        pupils = {b.pupil_id for b in placed}
        hours = sum(b.hours for b in placed)
        class_rows.append([school_class.school.name, school_class.name, len(school_class.pupils), len(pupils),
                           _share(sum(1 for b in placed if b.wish_rank == 1), len(placed)),
                           format_decimal(round(hours / len(pupils), 1), "#,##0.#") if pupils else "–",
                           len({b.slot.company_id for b in placed})])
    classes = Table("classes", _("Pr. skole og klasse"),
                    [_("Skole"), _("Klasse"), _("Elever"), _("Elever i praktik"), _("Fik deres 1. ønske"),
                     _("Timer på en arbejdsplads pr. elev"), _("Virksomheder")], class_rows,
                    people_columns=(2, 3), derived_columns=(4, 5))
    per_area: dict[str, set[int]] = defaultdict(set)
    area_companies: dict[str, set[int]] = defaultdict(set)
    for booking in bookings:
        areas = booking.slot.company.trade_areas or []
        for area in areas:
            per_area[area.name].add(booking.pupil_id)
            area_companies[area.name].add(booking.slot.company_id)
        if not areas:
            per_area[_("Uden fagområde")].add(booking.pupil_id)
            area_companies[_("Uden fagområde")].add(booking.slot.company_id)
    trade_areas = Table("trade_areas", _("Pr. fagområde"), [_("Fagområde"), _("Elever i praktik"), _("Virksomheder")],
                        [[name, len(per_area[name]), len(area_companies[name])] for name in sorted(per_area)],
                        people_columns=(1,))
    return Reports(hidden_small_counts(classes), hidden_small_counts(trade_areas), company_table(bookings))


def company_table(bookings: list[TasterBooking], only: Company | None = None) -> Table:
    per_company: dict[int, list[TasterBooking]] = defaultdict(list)
    for booking in bookings:
        if only is None or booking.slot.company_id == only.id:
            per_company[booking.slot.company_id].append(booking)
    rows = []
    for hosted in sorted(per_company.values(), key=lambda found: found[0].slot.company.name):
        answers = [b.host_again for b in hosted if b.host_again is not None]
        rows.append([hosted[0].slot.company.name, len({b.pupil_id for b in hosted}),
                     sum(1 for a in answers if a is HostAgain.YES), sum(1 for a in answers if a is HostAgain.MAYBE),
                     sum(1 for a in answers if a is HostAgain.NO)])
    table = Table("companies", _("Pr. virksomhed"),
                  [_("Virksomhed"), _("Elever haft i praktik"), _("Vil gerne igen"), _("Måske igen"),
                   _("Ikke igen")], rows, people_columns=(1,), derived_columns=(2, 3, 4))
    return hidden_small_counts(table)


def own_company_table(company: Company) -> Table:
    bookings = list(db.session.scalars(db.select(TasterBooking).join(TasterSlot).where(
        TasterSlot.company_id == company.id, TasterBooking.status == BookingStatus.APPROVED)))
    return company_table(bookings, company)
