"""Idempotent demo data: running it twice changes nothing, so `make run` can always call it."""

from __future__ import annotations

from dataclasses import dataclass

from partnerhub.accounts.models import User
from partnerhub.accounts.service import create_user, find_user_by_email
from partnerhub.companies.models import Company, CompanyStatus
from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import YouthProfile

DEMO_PASSWORD = "demo-partnerhub-2026"  # noqa: S105 - printed on purpose; refused in production config


@dataclass(frozen=True)
class DemoLogin:
    role: Role
    email: str
    name: str


DEMO_LOGINS = (
    DemoLogin(Role.ADMIN, "admin@demo.partnerhub.dk", "Anne Admin"),
    DemoLogin(Role.STAFF, "medarbejder@demo.partnerhub.dk", "Mette Ungeenheden"),
    DemoLogin(Role.COMPANY, "hr@demo.partnerhub.dk", "Henrik Hansen"),
    DemoLogin(Role.YOUTH, "ung@demo.partnerhub.dk", "Sisse"),
)
DEMO_COMPANY = {"name": "Juelsminde Tømrer & Snedker ApS", "cvr": "31415926"}


def _demo_company() -> Company:
    company = db.session.scalar(db.select(Company).where(Company.cvr == DEMO_COMPANY["cvr"]))
    if company is None:
        company = Company(name=DEMO_COMPANY["name"], cvr=DEMO_COMPANY["cvr"], status=CompanyStatus.APPROVED,
                          status_changed_at=utcnow())
        db.session.add(company)
        db.session.flush()
    return company


def _ensure_user(login: DemoLogin, company: Company) -> User:
    user = find_user_by_email(login.email)
    if user is not None:
        return user
    user = create_user(
        email=login.email, name=login.name, role=login.role, password=DEMO_PASSWORD,
        company_id=company.id if login.role is Role.COMPANY else None,
    )
    if login.role is Role.YOUTH:
        db.session.add(YouthProfile(user_id=user.id, first_name=login.name, birth_year=utcnow().year - 19))
    return user


def seed_demo() -> list[DemoLogin]:
    company = _demo_company()
    for login in DEMO_LOGINS:
        _ensure_user(login, company)
    return list(DEMO_LOGINS)
