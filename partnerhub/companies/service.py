"""Company workflows. Every function takes the acting user, so the audit log knows who did it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TypeVar

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from sqlalchemy import Select, Subquery
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from partnerhub.accounts.models import User
from partnerhub.accounts.service import create_user, invite
from partnerhub.audit.service import record
from partnerhub.companies.models import (
    COMPANY_TRANSITIONS,
    Company,
    CompanyCapacity,
    CompanyStatus,
    InternshipPost,
    MinorWork,
    NeedKind,
    PlanningPeriod,
)
from partnerhub.extensions import db
from partnerhub.forms import weekdays_to_text
from partnerhub.i18n import gettext as _
from partnerhub.outbox.service import send_mail
from partnerhub.permissions import Role
from partnerhub.reference import service as reference
from partnerhub.reference.models import PartnerNetwork, TradeArea
from partnerhub.security import public_url
from partnerhub.timeutil import utcnow


class CompanyError(Exception):
    """A refusal with a translated message for the person who asked."""


def cvr_taken(cvr: str, *, except_company_id: int | None = None) -> bool:
    query = db.select(Company.id).where(Company.cvr == cvr)
    if except_company_id is not None:
        query = query.where(Company.id != except_company_id)
    return db.session.scalar(query) is not None


def refuse_taken_cvr(cvr: str) -> None:
    """Checked before the e-mail, so the answer about the company never depends on whether the e-mail exists."""
    if cvr_taken(cvr):
        raise CompanyError(_("Virksomheden er allerede oprettet. Bed en kollega om en invitation."))


def register_company(*, company_name: str, cvr: str, hr_name: str, email: str, password: str,
                     address: str | None = None, employees: int | None = None) -> User:
    """Self-registration: the company exists at once but stays pending until staff approve it."""
    refuse_taken_cvr(cvr)
    company = Company(name=company_name.strip(), cvr=cvr, contact_name=hr_name.strip(),
                      address=(address or "").strip() or None, employees=employees)
    db.session.add(company)
    db.session.flush()
    user = create_user(email=email, name=hr_name, role=Role.COMPANY, password=password, company_id=company.id)
    record(user, "company_registered", object_type="company", object_id=company.id, subject_user_id=user.id)
    return user


def change_status(actor: User, company: Company, new_status: CompanyStatus) -> None:
    """The one way a company's status changes; it refuses moves the workflow does not allow."""
    if new_status not in COMPANY_TRANSITIONS[company.status]:
        raise CompanyError(
            _("En virksomhed med status '%(old)s' kan ikke få status '%(new)s'.",
              old=company.status.label, new=new_status.label)
        )
    old_status = company.status
    company.status = new_status
    company.status_changed_at = utcnow()
    record(actor, "company_status_changed", object_type="company", object_id=company.id,
           detail={"from": str(old_status), "to": str(new_status)})
    if new_status is CompanyStatus.APPROVED:
        _mail_approval(company)


@dataclass(frozen=True)
class MailRecipient:
    email: str
    user_id: int | None  # None: the company's contact address, no login yet
    locale: str | None
    name: str


def mail_recipients(company: Company) -> list[MailRecipient]:
    """Who hears from the unit on the company's behalf: each active HR user, or the contact address when the
    company has no login yet."""
    users = [MailRecipient(u.email, u.id, u.locale, u.name) for u in company.hr_users if u.active]
    if users or not company.contact_email:
        return users
    return [MailRecipient(company.contact_email, None, None, company.contact_name or company.name)]


def _mail_approval(company: Company) -> None:
    """The company is told it may now declare seats and get offers: to each active HR user in their own language,
    or to the contact address when it has no login yet. Links come from PUBLIC_URL, never the request."""
    for recipient in mail_recipients(company):
        email, user_id, name = recipient.email, recipient.user_id, recipient.name
        with force_locale(recipient.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
            send_mail(email, _("%(company)s er godkendt i PartnerHub", company=company.name), _(
                "Hej %(name)s\n\nUngeenheden har godkendt %(company)s som partner i PartnerHub. Nu kan I skrive, "
                "hvor mange praktikpladser I har, og svare, når vi foreslår en ung i praktik hos jer.\n\n"
                "Skriv jeres pladser her:\n%(capacity)s\n\nLog ind her:\n%(login)s\n\n"
                "Venlig hilsen\nUngeenheden, Hedensted Kommune", name=name, company=company.name,
                capacity=public_url("companies.capacity"), login=public_url("accounts.login")),
                recipient_user_id=user_id)


def companies_by_status(status: CompanyStatus | None = None) -> list[Company]:
    query = db.select(Company).order_by(Company.status, Company.name)
    if status is not None:
        query = query.where(Company.status == status)
    return list(db.session.scalars(query))


def pending_count() -> int:
    return db.session.scalar(
        db.select(db.func.count(Company.id)).where(Company.status == CompanyStatus.PENDING)
    ) or 0


# ---- profile ------------------------------------------------------------------------------------------------------

PROFILE_FIELDS = ("name", "cvr", "p_number", "address", "employees", "contact_name", "contact_phone", "contact_email",
                  "tasks_description", "task_tags", "offers_teaching", "minor_work", "minor_tasks_ok",
                  "minor_tasks_not")


IdModel = TypeVar("IdModel", Company, PartnerNetwork, TradeArea)


def _by_ids(model: type[IdModel], ids: Iterable[int]) -> list[IdModel]:
    ids = list(ids)
    return list(db.session.scalars(db.select(model).where(model.id.in_(ids)))) if ids else []


def update_profile(actor: User, company: Company, *, town_id: int | None, trade_area_ids: Iterable[int],
                   network_ids: Iterable[int], need_kinds: Iterable[NeedKind] = (), **fields: object) -> None:
    """The company's own HR or Ungeenheden's staff. Retired trade areas a company already had are kept: retiring
    never rewrites history."""
    if not (actor.role is Role.STAFF or (actor.role is Role.COMPANY and actor.company_id == company.id)):
        raise PermissionError("only the company's own HR or staff edit its profile")
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown profile fields: {sorted(unknown)}")
    if "cvr" in fields and cvr_taken(str(fields["cvr"]), except_company_id=company.id):
        raise CompanyError(_("En anden virksomhed i PartnerHub har allerede det CVR-nummer."))
    for key, value in fields.items():
        if key == "minor_work":
            value = MinorWork(str(value)) if value else None
        setattr(company, key, value if value != "" else None)
    company.town_id = town_id
    kept_retired = [a for a in company.trade_areas if not a.active]
    company.trade_areas = _by_ids(TradeArea, trade_area_ids) + [a for a in kept_retired
                                                                if a.id not in set(trade_area_ids)]
    company.networks = _by_ids(PartnerNetwork, network_ids)
    company.set_need_kinds(need_kinds)
    company.profile_updated_at = utcnow()
    db.session.flush()
    record(actor, "company_profile_updated", object_type="company", object_id=company.id)


# ---- capacity -----------------------------------------------------------------------------------------------------

def home_company(company_id: int) -> Company:
    """The company with what its home page shows (facts, trade areas, networks, colleagues, posts with their area
    and period) in three queries, not two more per post.

    Its kinds of need (at most 4), networks (a handful exist) and HR users (one or two) are joined to its row: their
    product stays a few dozen rows, cheaper to read than the three queries more they took (2.0–3.3 against
    4.0–5.6 ms with them). Its areas and posts, which can be many, come by their own queries."""
    return db.session.scalars(db.select(Company).where(Company.id == company_id).options(
        joinedload(Company.town), joinedload(Company.needs), joinedload(Company.networks),
        joinedload(Company.hr_users), selectinload(Company.trade_areas),
        selectinload(Company.posts).options(joinedload(InternshipPost.trade_area), joinedload(InternshipPost.period))
    )).unique().one()


def periods() -> list[PlanningPeriod]:
    return list(db.session.scalars(db.select(PlanningPeriod).order_by(PlanningPeriod.starts_on)))


def create_period(actor: User, *, name: str, starts_on: date, ends_on: date) -> PlanningPeriod:
    if ends_on < starts_on:
        raise CompanyError(_("Sidste dag skal være efter første dag."))
    period = PlanningPeriod(name=name, starts_on=starts_on, ends_on=ends_on)
    db.session.add(period)
    db.session.flush()
    record(actor, "period_created", object_type="planning_period", object_id=period.id)
    return period


def ratio_limit(company: Company) -> int:
    return reference.employer_ratio().limit(company.employees)


def ratio_warning(company: Company, seats: int) -> str | None:
    """A warning (not a refusal): the jobcenter decides, but the company must know it is over the rule."""
    ratio = reference.employer_ratio()
    limit = ratio.limit(company.employees)
    if seats <= limit:
        return None
    return _(
        "Rimelighedskravet (%(basis)s): med %(employees)d almindelige ansatte må I højst have %(limit)d i praktik, "
        "løntilskud eller nytteindsats på én gang – 1 pr. %(small)d ansatte op til %(threshold)d (altid mindst "
        "%(minimum)d), plus 1 pr. %(large)d ansatte derover. I har skrevet %(seats)d.",
        basis=ratio.legal_basis, employees=company.employees or 0, limit=limit, small=ratio.small_per,
        threshold=ratio.threshold, minimum=ratio.minimum, large=ratio.large_per, seats=seats,
    )


def capacity_for(company: Company, period: PlanningPeriod) -> CompanyCapacity | None:
    return db.session.scalar(db.select(CompanyCapacity).where(CompanyCapacity.company_id == company.id,
                                                              CompanyCapacity.period_id == period.id))


def save_capacity(actor: User, company: Company, period: PlanningPeriod, *, seats: int, weekdays: list[int],
                  hours_from: str, hours_to: str, note: str | None = None) -> tuple[CompanyCapacity, str | None]:
    """Creates or replaces the company's capacity for one period; returns it with the employer-ratio warning."""
    if not 0 <= seats <= 50:
        raise CompanyError(_("Antallet skal være mellem 0 og %(max)d.", max=50))
    capacity = capacity_for(company, period)
    if capacity is None:
        capacity = CompanyCapacity(company=company, period=period, seats=seats)
        db.session.add(capacity)
    capacity.seats = seats
    capacity.weekdays = weekdays_to_text(weekdays)
    capacity.hours_from, capacity.hours_to, capacity.note = hours_from, hours_to, note or None
    db.session.flush()
    record(actor, "capacity_saved", object_type="company", object_id=company.id,
           detail={"period_id": period.id, "seats": seats})
    return capacity, ratio_warning(company, seats)


def copy_capacity_forward(actor: User, company: Company, period: PlanningPeriod) -> tuple[CompanyCapacity, str | None]:
    """Copies the latest earlier period's capacity, so a company with steady capacity fills it in once."""
    if capacity_for(company, period) is not None:
        raise CompanyError(_("Perioden er allerede udfyldt. Ret den i stedet."))
    previous = db.session.scalars(
        db.select(CompanyCapacity).join(PlanningPeriod)
        .where(CompanyCapacity.company_id == company.id, PlanningPeriod.starts_on < period.starts_on)
        .order_by(PlanningPeriod.starts_on.desc())
    ).first()
    if previous is None:
        raise CompanyError(_("Der er ingen tidligere periode at kopiere fra."))
    return save_capacity(actor, company, period, seats=previous.seats, weekdays=previous.weekday_list,
                         hours_from=previous.hours_from, hours_to=previous.hours_to, note=previous.note)


def declared_seats() -> Subquery:
    """The one definition of a period's places: seats declared by approved companies (a pending or rejected company
    is no partner yet). Columns period_id, companies, seats. The round page and the dashboard both count this."""
    return (db.select(CompanyCapacity.period_id, db.func.count(CompanyCapacity.id).label("companies"),
                      db.func.coalesce(db.func.sum(CompanyCapacity.seats), 0).label("seats"))
            .join(Company).where(Company.status == CompanyStatus.APPROVED)
            .group_by(CompanyCapacity.period_id).subquery())


@cache
def _seats_in_periods() -> Select[int, int, int]:
    """capacity_summary's statement, built once with the periods as a bind parameter: the round page asks on
    every view (why once: planning/services/review.py, _statements)."""
    seats = declared_seats()
    return db.select(seats.c.period_id, seats.c.companies, seats.c.seats) \
        .where(seats.c.period_id.in_(sa.bindparam("period_ids", expanding=True)))


def capacity_summary(periods: list[PlanningPeriod]) -> dict[int, tuple[int, int]]:
    """Period id -> (approved companies with seats declared, total seats), counted in SQL in one query."""
    counted = {period_id: (int(companies), int(total)) for period_id, companies, total in db.session.execute(
        _seats_in_periods(), {"period_ids": [p.id for p in periods]})}
    return {period.id: counted.get(period.id, (0, 0)) for period in periods}


def capacities_in_period(period: PlanningPeriod) -> list[CompanyCapacity]:
    """For planning: every approved company's declared capacity in one period."""
    return list(db.session.scalars(
        db.select(CompanyCapacity).join(Company)
        .where(CompanyCapacity.period_id == period.id, Company.status == CompanyStatus.APPROVED)
        .options(contains_eager(CompanyCapacity.company))
        .order_by(Company.name)
    ))


# ---- posts -----------------------------------------------------------------------------------------------------

def save_post(actor: User, company: Company, post: InternshipPost | None, *, title: str, trade_area_id: int,
              description: str, period_id: int | None, seats: int, open_for_sharing: bool,
              active: bool = True) -> InternshipPost:
    if post is not None and post.company_id != company.id:
        raise CompanyError(_("Opslaget tilhører en anden virksomhed."))
    if post is None:
        post = InternshipPost(company=company, title=title, description=description)
        db.session.add(post)
    else:
        post.updated_at = utcnow()
    post.title, post.trade_area_id, post.description = title, trade_area_id, description
    post.period_id, post.seats, post.open_for_sharing, post.active = period_id, seats, open_for_sharing, active
    db.session.flush()
    record(actor, "post_saved", object_type="internship_post", object_id=post.id)
    return post


def post_of(company: Company, post_id: int) -> InternshipPost | None:
    """Ownership at the query: another company's post is simply not found."""
    return db.session.scalar(db.select(InternshipPost).where(InternshipPost.id == post_id,
                                                             InternshipPost.company_id == company.id))


# ---- HR users --------------------------------------------------------------------------------------------------

def invite_hr_user(actor: User, company: Company, *, name: str, email: str) -> User:
    """HR invites a colleague to the same company; the colleague chooses a password through the mailed link."""
    if actor.role is Role.COMPANY and actor.company_id != company.id:
        raise CompanyError(_("Du kan kun invitere kolleger til din egen virksomhed."))
    user = create_user(email=email, name=name, role=Role.COMPANY, company_id=company.id)
    record(actor, "hr_user_invited", object_type="user", object_id=user.id, subject_user_id=user.id,
           detail={"company_id": company.id})
    invite(actor, user)
    return user


# ---- partner network -------------------------------------------------------------------------------------------

HostedCounts = Callable[[list[int]], dict[int, int]]  # company ids -> young people each has hosted
SharedPairs = Callable[[], set[tuple[int, int]]]  # (lower id, higher id) of companies that shared a young person


@dataclass(frozen=True)
class NetworkRow:
    company: Company
    hosted: int
    open_to: list[Company]
    shared_with: list[Company]


def network_rows(hosted_counts: HostedCounts, shared_pairs: SharedPairs) -> list[NetworkRow]:
    """Only company facts: the network page never carries a young person's personal data. Who hosted whom is
    placement data, so the caller passes the functions that count it (planning's)."""
    companies = companies_by_status(CompanyStatus.APPROVED)
    by_id = {c.id: c for c in companies}
    hosted = hosted_counts(list(by_id))
    pairs = shared_pairs()
    rows = []
    for company in companies:
        shared = [by_id[b if a == company.id else a] for a, b in pairs
                  if company.id in (a, b) and (b if a == company.id else a) in by_id]
        rows.append(NetworkRow(company, hosted.get(company.id, 0),
                               [p for p in company.sharing_partners if p.is_approved] if company.open_to_sharing
                               else [], sorted(shared, key=lambda c: c.name)))
    return rows


def set_sharing(actor: User, company: Company, *, open_to_sharing: bool, partner_ids: Iterable[int]) -> None:
    partner_ids = [pid for pid in partner_ids if pid != company.id]
    partners = [c for c in _by_ids(Company, partner_ids) if c.is_approved]
    company.open_to_sharing = open_to_sharing
    company.sharing_partners = partners if open_to_sharing else []
    db.session.flush()
    record(actor, "company_sharing_changed", object_type="company", object_id=company.id,
           detail={"open": open_to_sharing, "partners": [p.id for p in partners]})
