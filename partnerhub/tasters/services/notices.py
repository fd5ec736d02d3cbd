"""Each completed step tells the next party, by mail through the outbox (Danish: the mails go out in the app's
default language, like every other mail from PartnerHub)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from flask import current_app
from flask_babel import force_locale

from partnerhub.companies.models import Company
from partnerhub.i18n import gettext as _
from partnerhub.outbox.service import send_mail
from partnerhub.planning.services.common import link
from partnerhub.tasters.models import TasterBooking


def _send(recipients: Iterable[tuple[str, int | None]], subject: str, body: str) -> None:
    seen = set()
    for email, user_id in recipients:
        if email and email not in seen:
            seen.add(email)
            send_mail(email, subject, body, recipient_user_id=user_id)


def _coordinators(booking: TasterBooking) -> list[tuple[str, int | None]]:
    return [(user.email, user.id) for user in booking.pupil.school.coordinators if user.active]


def _hr(company: Company) -> list[tuple[str, int | None]]:
    return [(user.email, user.id) for user in company.hr_users if user.active]


def companies_asked(bookings: list[TasterBooking]) -> None:
    """After an allocation: one mail per company with how many pupils wait for its answer."""
    per_company = defaultdict(list)
    for booking in bookings:
        per_company[booking.slot.company].append(booking)
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        for company, asked in per_company.items():
            _send(_hr(company), _("Elever vil gerne i erhvervspraktik hos jer"), _(
                "Hej\n\n%(n)d elever har fået en plads hos %(company)s i erhvervspraktik. Sig ja eller nej til "
                "dem her:\n%(link)s\n\nVenlig hilsen\nUngeenheden, Hedensted Kommune", n=len(asked),
                company=company.name, link=link("tasters.company_requests")))


def school_told(booking: TasterBooking, message: str) -> None:
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        _send(_coordinators(booking), _("Erhvervspraktik: nyt om %(pupil)s", pupil=booking.pupil.first_name),
              _("Hej\n\n%(message)s\n\nSe pladsen her:\n%(link)s\n\nVenlig hilsen\nPartnerHub", message=message,
                link=link("tasters.booking", booking_id=booking.id)))


def company_told(booking: TasterBooking, message: str) -> None:
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        _send(_hr(booking.slot.company), _("Erhvervspraktik: nyt om en elev"),
              _("Hej\n\n%(message)s\n\nSe pladsen her:\n%(link)s\n\nVenlig hilsen\nPartnerHub", message=message,
                link=link("tasters.booking", booking_id=booking.id)))


def approved(booking: TasterBooking) -> None:
    """The school approved: the company and the pupil get the praktikseddel link."""
    message = _("Skolen har godkendt pladsen hos %(company)s for %(pupil)s. Praktiksedlen er klar.",
                company=booking.slot.company.name, pupil=booking.pupil.display_name)
    company_told(booking, message)
    pupil = booking.pupil
    if pupil.user is not None:
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            _send([(pupil.user.email, pupil.user.id)], _("Din erhvervspraktik er godkendt"),
                  _("Hej %(name)s\n\n%(message)s\n\nSe din praktikseddel her:\n%(link)s\n\nVenlig hilsen\nPartnerHub",
                    name=pupil.first_name, message=message, link=link("tasters.seddel_page", booking_id=booking.id)))
