"""Calendar files: the company's interns and the young person's plan, as events for any calendar program."""

from __future__ import annotations

from partnerhub.accounts.models import User
from partnerhub.audit.service import record_now
from partnerhub.i18n import gettext as _
from partnerhub.planning.ics import CalendarEvent
from partnerhub.planning.services.placements import company_placements
from partnerhub.planning.services.proposals import youth_proposals
from partnerhub.youth.models import YouthProfile


def company_calendar(actor: User, company_id: int) -> list[CalendarEvent]:
    """Every placement at the company that holds its seat; the young person by first name only. Logged."""
    events = [CalendarEvent(
        uid=f"placement-{p.id}@partnerhub", starts_on=p.starts_on, ends_on=p.ends_on,
        summary=_("Praktik: %(name)s", name=p.profile.first_name), location=p.company.address or "",
        description=_("Praktik gennem Ungeenheden, %(period)s.", period=p.period.name))
        for p in company_placements(company_id) if p.holds_seat]
    record_now(actor, "company_calendar_downloaded", object_type="company", object_id=company_id)
    return events


def youth_calendar(profile: YouthProfile) -> list[CalendarEvent]:
    """The young person's approved plans, with where to go and whom to ask for."""
    events = []
    for proposal in youth_proposals(profile):
        for placement in proposal.placements:
            if placement.called_off:
                continue
            company = placement.company
            where = ", ".join(x for x in (company.address, company.town.name if company.town else None) if x)
            events.append(CalendarEvent(
                uid=f"placement-{placement.id}@partnerhub", starts_on=placement.starts_on, ends_on=placement.ends_on,
                summary=_("Praktik hos %(company)s", company=company.name), location=where,
                description=_("Kontakt: %(contact)s %(phone)s\n%(tasks)s", contact=company.contact_name or "",
                              phone=company.contact_phone or "", tasks=company.tasks_description or "")))
    return events
