"""Company workflows. Every function takes the acting user, so the audit log knows who did it."""

from __future__ import annotations

from flask_babel import gettext as _

from partnerhub.accounts.models import User
from partnerhub.accounts.service import create_user
from partnerhub.audit.service import record
from partnerhub.companies.models import COMPANY_TRANSITIONS, Company, CompanyStatus
from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.timeutil import utcnow


class CompanyError(Exception):
    """A refusal with a translated message for the person who asked."""


def cvr_taken(cvr: str) -> bool:
    return db.session.scalar(db.select(Company.id).where(Company.cvr == cvr)) is not None


def register_company(*, company_name: str, cvr: str, hr_name: str, email: str, password: str) -> User:
    """Self-registration: the company exists at once but stays pending until staff approve it."""
    if cvr_taken(cvr):
        raise CompanyError(_("Virksomheden er allerede oprettet. Bed en kollega om en invitation."))
    company = Company(name=company_name.strip(), cvr=cvr)
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


def companies_by_status(status: CompanyStatus | None = None) -> list[Company]:
    query = db.select(Company).order_by(Company.status, Company.name)
    if status is not None:
        query = query.where(Company.status == status)
    return list(db.session.scalars(query))


def pending_count() -> int:
    return db.session.scalar(
        db.select(db.func.count(Company.id)).where(Company.status == CompanyStatus.PENDING)
    ) or 0
