"""factory_boy factories: test data is built, never loaded from dumps."""

from __future__ import annotations

import datetime as dt

import factory
from werkzeug.security import generate_password_hash

from partnerhub.accounts.models import User
from partnerhub.companies.models import Company, CompanyCapacity, CompanyStatus, InternshipPost, PlanningPeriod
from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import YouthProfile, YouthStaffRecord

PASSWORD = "korrekt-hest-batteri-hæfteklamme"
_PASSWORD_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


def _valid_cvr(n: int) -> str:
    """Builds the n-th valid CVR number (modulus 11) from 20000000 upwards."""
    weights = (2, 7, 6, 5, 4, 3, 2, 1)
    base = 2000000 + n * 3
    while True:
        for check in range(10):
            candidate = f"{base}{check}"
            if sum(int(d) * w for d, w in zip(candidate, weights, strict=True)) % 11 == 0:
                return candidate
        base += 1


class BaseFactory(factory.alchemy.SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


class CompanyFactory(BaseFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Testvirksomhed {n} ApS")
    cvr = factory.Sequence(_valid_cvr)
    status = CompanyStatus.APPROVED
    status_changed_at = factory.LazyFunction(utcnow)


class UserFactory(BaseFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"bruger{n}@eksempel.dk")
    name = factory.Sequence(lambda n: f"Bruger {n}")
    role = Role.STAFF
    password_hash = _PASSWORD_HASH
    active = True


class YouthProfileFactory(BaseFactory):
    class Meta:
        model = YouthProfile

    user = factory.SubFactory(UserFactory, role=Role.YOUTH)
    first_name = factory.Sequence(lambda n: f"Ung{n}")
    birth_year = factory.LazyFunction(lambda: utcnow().year - 19)


class PeriodFactory(BaseFactory):
    class Meta:
        model = PlanningPeriod

    name = factory.Sequence(lambda n: f"Periode {n + 1}")
    starts_on = factory.Sequence(lambda n: dt.date(2026, 3, 2) + dt.timedelta(weeks=4 * n))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + dt.timedelta(days=25))


class CapacityFactory(BaseFactory):
    class Meta:
        model = CompanyCapacity

    company = factory.SubFactory(CompanyFactory)
    period = factory.SubFactory(PeriodFactory)
    seats = 1
    weekdays = "1,2,3,4,5"
    hours_from = "08:00"
    hours_to = "15:00"


class PostFactory(BaseFactory):
    class Meta:
        model = InternshipPost

    company = factory.SubFactory(CompanyFactory)
    title = factory.Sequence(lambda n: f"Praktik {n}")
    description = "Du hjælper til på værkstedet."
    seats = 1


class StaffRecordFactory(BaseFactory):
    class Meta:
        model = YouthStaffRecord

    profile = factory.SubFactory(YouthProfileFactory)


def user_for_role(role: Role, **kwargs: object) -> User:
    """A ready-to-log-in user of any role, with a company (HR) or a profile (young person)."""
    if role is Role.COMPANY:
        company = kwargs.pop("company", None) or CompanyFactory()
        return UserFactory(role=role, company=company, **kwargs)
    if role is Role.YOUTH:
        return YouthProfileFactory(user__role=Role.YOUTH, **{f"user__{k}": v for k, v in kwargs.items()}).user
    return UserFactory(role=role, **kwargs)


PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cf"
    "c0f01f0005000201a5d4f6d90000000049454e44ae426082"
)


def fair_objects(*, trade_area, youth: YouthProfile) -> dict:
    """An approved company with a booth photo, a fair event it signed up for, and a young person's mark on it."""
    import io

    from partnerhub.fair.models import FairEvent
    from partnerhub.fair.service import add_photo, set_mark, sign_up_booth

    fair_company = CompanyFactory(trade_areas=[trade_area])
    hr = UserFactory(role=Role.COMPANY, company=fair_company)
    photo = add_photo(hr, fair_company, io.BytesIO(PNG_1PX), alt_text="To lærlinge bygger en terrasse")
    event = FairEvent(name="Testmessen", held_on=utcnow().date() + dt.timedelta(days=10), time_text="kl. 10–14",
                      place="Hallen", areas=[trade_area])
    db.session.add(event)
    db.session.flush()
    signup = sign_up_booth(hr, event, fair_company, booth_name="Testvirksomhedens stand",
                           trade_area_id=trade_area.id, staff_count=2, needs=None)
    mark = set_mark(youth.user, youth, company_id=fair_company.id, reflection="Det lød sjovt")
    db.session.commit()
    return {"fair_company": fair_company, "photo": photo, "fair_event": event, "signup": signup, "mark": mark}
