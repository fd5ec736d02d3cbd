"""factory_boy factories: test data is built, never loaded from dumps."""

from __future__ import annotations

import datetime as dt

import factory
from werkzeug.security import generate_password_hash

from partnerhub.accounts.models import Invitation, User
from partnerhub.audit.models import AuditEvent
from partnerhub.companies.models import Company, CompanyCapacity, CompanyStatus, InternshipPost, PlanningPeriod
from partnerhub.eligibility.models import LastEmployer
from partnerhub.extensions import db
from partnerhub.fair.models import CuriousMark, FairAttendee, FairEvent
from partnerhub.guardians.models import ConsentStatus, Guardian, GuardianConsent
from partnerhub.oidc.models import Audience, OidcIdentity
from partnerhub.outbox.models import OutboxMessage
from partnerhub.permissions import Role
from partnerhub.planning.models import (
    AgreementParty,
    AgreementSignature,
    AgreementStatus,
    AttendanceException,
    AttendanceKind,
    Feedback,
    FeedbackAuthor,
    FollowUpKind,
    FollowUpStatus,
    FollowUpTask,
    Outcome,
    OutcomeKind,
    Placement,
    PlacementAgreement,
    PlacementStatus,
    PlanningRound,
    Proposal,
    ProposalItem,
    ProposalStatus,
    RoundParticipant,
    RoundPeriod,
)
from partnerhub.planning.seam_models import CheckIn, HandoverNote, HandoverStatus
from partnerhub.reference.models import MainArea, Town, TradeArea
from partnerhub.schools.models import Pupil, PupilReferral, ReferralStatus, School, SchoolClass
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
    if role is Role.COORDINATOR:
        school = kwargs.pop("school", None) or SchoolFactory()
        user = UserFactory(role=role, **kwargs)
        school.coordinators.append(user)
        db.session.commit()
        return user
    if role is Role.PUPIL:
        pupil = kwargs.pop("pupil", None) or PupilFactory()
        user = UserFactory(role=role, name=pupil.display_name, **kwargs)
        pupil.user = user
        db.session.commit()
        return user
    return UserFactory(role=role, **kwargs)


class TownFactory(BaseFactory):
    class Meta:
        model = Town

    name = factory.Sequence(lambda n: f"Testby {n}")
    lat = 55.77
    lon = 9.70
    coord_source = "test"
    coord_confidence = "exact"


class SchoolFactory(BaseFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"Testskolen {n}")
    town = factory.SubFactory(TownFactory)


def _current_school_year() -> int:
    today = utcnow().date()
    return today.year if today.month >= 8 else today.year - 1


class SchoolClassFactory(BaseFactory):
    class Meta:
        model = SchoolClass

    school = factory.SubFactory(SchoolFactory)
    school_year = factory.LazyFunction(_current_school_year)
    grade = 8
    name = factory.Sequence(lambda n: f"8.{chr(ord('A') + n % 26)}{n // 26 or ''}")


class PupilFactory(BaseFactory):
    class Meta:
        model = Pupil

    school_class = factory.SubFactory(SchoolClassFactory)
    first_name = factory.Sequence(lambda n: f"Elev{n}")
    last_name = "Hansen"
    birth_year = factory.LazyFunction(lambda: utcnow().year - 14)
    birth_month = 3
    guardian_name = "Forælder Hansen"
    guardian_email = factory.Sequence(lambda n: f"foraelder{n}@eksempel.dk")
    remove_after = factory.LazyAttribute(lambda o: dt.date(o.school_class.school_year + 2, 7, 31))


PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cf"
    "c0f01f0005000201a5d4f6d90000000049454e44ae426082"
)


def fair_objects(*, trade_area, youth: YouthProfile) -> dict:
    """An approved company with a booth photo, a fair event it signed up for, and a young person's mark on it."""
    import io

    from partnerhub.fair.models import FairEvent
    from partnerhub.fair.services.company_booths import add_photo
    from partnerhub.fair.services.events import sign_up_booth
    from partnerhub.fair.services.marks import set_mark

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


# --- Everything a young person can leave behind, for the privacy coverage tests ------------------------------------


class MainAreaFactory(BaseFactory):
    class Meta:
        model = MainArea

    code = factory.Sequence(lambda n: f"T{n}")
    name_da = factory.Sequence(lambda n: f"Hovedområde {n}")
    name_en = factory.Sequence(lambda n: f"Main area {n}")


class TradeAreaFactory(BaseFactory):
    class Meta:
        model = TradeArea

    key = factory.Sequence(lambda n: f"fagomraade-{n}")
    name_da = factory.Sequence(lambda n: f"Fagområde {n}")
    name_en = factory.Sequence(lambda n: f"Trade area {n}")
    main_area = factory.SubFactory(MainAreaFactory)


class CuriousMarkFactory(BaseFactory):
    class Meta:
        model = CuriousMark

    youth_profile_id = factory.LazyAttribute(lambda o: o.profile.id)
    company_id = factory.LazyFunction(lambda: CompanyFactory().id)
    reflection = "Det lød sjovt"

    class Params:
        profile = factory.SubFactory(YouthProfileFactory)


class FairEventFactory(BaseFactory):
    class Meta:
        model = FairEvent

    name = factory.Sequence(lambda n: f"Messe {n}")
    held_on = factory.LazyFunction(lambda: utcnow().date() + dt.timedelta(days=14))
    time_text = "kl. 10–14"
    place = "Hallen"


class FairAttendeeFactory(BaseFactory):
    class Meta:
        model = FairAttendee

    event = factory.SubFactory(FairEventFactory)
    profile = factory.SubFactory(YouthProfileFactory)


class RoundFactory(BaseFactory):
    """A planning round over one period (a RoundPeriod is added for it)."""

    class Meta:
        model = PlanningRound

    name = factory.Sequence(lambda n: f"Runde {n}")
    starts_on = factory.LazyAttribute(lambda o: o.period.starts_on)
    period_count = 1
    period_weeks = 4
    rotation_k = 1
    periods = factory.LazyAttribute(lambda o: [RoundPeriod(period=o.period, position=0)])

    class Params:
        period = factory.SubFactory(PeriodFactory)


class RoundParticipantFactory(BaseFactory):
    class Meta:
        model = RoundParticipant

    round_id = factory.LazyFunction(lambda: RoundFactory().id)
    profile = factory.SubFactory(YouthProfileFactory)


class ProposalFactory(BaseFactory):
    class Meta:
        model = Proposal

    round = factory.SubFactory(RoundFactory)
    profile = factory.SubFactory(YouthProfileFactory)
    status = ProposalStatus.APPROVED
    score = 0.5


class ProposalItemFactory(BaseFactory):
    class Meta:
        model = ProposalItem

    proposal = factory.SubFactory(ProposalFactory)
    company = factory.SubFactory(CompanyFactory)
    period = factory.LazyAttribute(lambda o: o.proposal.round.periods[0].period)
    score = 0.5
    explanation = factory.LazyFunction(lambda: {"shared_terms": ["træ"], "shared_trade_areas": [],
                                                "shared_main_areas": [], "curious_hits": [], "distance_km": 3.0})


class PlacementFactory(BaseFactory):
    """A placement from a proposal item (the seat counter is not touched)."""

    class Meta:
        model = Placement

    proposal = factory.LazyAttribute(lambda o: o.item.proposal)
    profile = factory.LazyAttribute(lambda o: o.item.proposal.profile)
    company = factory.LazyAttribute(lambda o: o.item.company)
    period = factory.LazyAttribute(lambda o: o.item.period)
    starts_on = factory.LazyAttribute(lambda o: o.item.period.starts_on)
    ends_on = factory.LazyAttribute(lambda o: o.item.period.ends_on)
    status = PlacementStatus.ACTIVE

    class Params:
        item = factory.SubFactory(ProposalItemFactory)


class AgreementFactory(BaseFactory):
    """An approved placement agreement with every text filled in."""

    class Meta:
        model = PlacementAgreement

    placement = factory.SubFactory(PlacementFactory)
    status = AgreementStatus.APPROVED
    purpose_youth = "Jeg vil se, om jeg kan lide at bygge ting"
    purpose_staff = "Afklaring af retning mod tømrerfaget"
    reasons = "Den unge ønsker byggeri, og virksomheden ligger tæt på"
    tasks = "Hjælpe på værkstedet"
    company_contact = "Hans Hansen, 12345678"
    unit_contact = "Mette Medarbejder, 87654321"
    mentor = "Jens Mentor"
    absence_rule = "Ring før kl. 8"
    rule_basis = "LAB kap. 11"
    change_reason = "Startdatoen flyttet en uge"
    approved_at = factory.LazyFunction(utcnow)


class AgreementSignatureFactory(BaseFactory):
    class Meta:
        model = AgreementSignature

    agreement = factory.SubFactory(AgreementFactory)
    party = AgreementParty.YOUTH
    signer_name = "Sisse Eksempel"
    terms = factory.LazyAttribute(lambda o: o.agreement.terms)


class AttendanceFactory(BaseFactory):
    class Meta:
        model = AttendanceException

    placement = factory.SubFactory(PlacementFactory)
    day = factory.LazyAttribute(lambda o: o.placement.starts_on)
    kind = AttendanceKind.ABSENT


class FeedbackFactory(BaseFactory):
    class Meta:
        model = Feedback

    placement = factory.SubFactory(PlacementFactory)
    author = FeedbackAuthor.YOUTH
    answers = factory.LazyFunction(lambda: {"tasks": 4, "welcome": 5})
    comment = "Gode kolleger"


class FollowUpTaskFactory(BaseFactory):
    class Meta:
        model = FollowUpTask

    profile = factory.SubFactory(YouthProfileFactory)
    kind = FollowUpKind.TALK
    status = FollowUpStatus.OPEN
    due_on = factory.LazyFunction(lambda: utcnow().date() + dt.timedelta(days=7))
    note = "Ring efter praktikken"


class OutcomeFactory(BaseFactory):
    class Meta:
        model = Outcome

    youth_profile_id = factory.LazyAttribute(lambda o: o.profile.id)
    kind = OutcomeKind.EDUCATION
    education = "Tømrer"
    note = "Startede i august"

    class Params:
        profile = factory.SubFactory(YouthProfileFactory)


class InvitationFactory(BaseFactory):
    class Meta:
        model = Invitation

    user_id = factory.LazyAttribute(lambda o: o.user.id)
    token_hash = factory.Sequence(lambda n: f"{n:064x}")
    expires_at = factory.LazyFunction(lambda: utcnow() + dt.timedelta(days=7))

    class Params:
        user = factory.SubFactory(UserFactory)


class OutboxMessageFactory(BaseFactory):
    class Meta:
        model = OutboxMessage

    recipient = factory.LazyAttribute(lambda o: o.user.email)
    recipient_user_id = factory.LazyAttribute(lambda o: o.user.id)
    subject = "Din praktikplan er klar"
    body = "Hej, din plan er klar."

    class Params:
        user = factory.SubFactory(UserFactory)


class AuditEventFactory(BaseFactory):
    class Meta:
        model = AuditEvent

    action = "youth_viewed"
    object_type = "youth"
    outcome = "ok"


def youth_with_everything(**profile_fields: object) -> dict:
    """A young person with a row in every table that holds them: profile, staff record, trade area, curious mark,
    fair, round, proposal, placement with attendance, feedback and a guardian's consent, follow-up task, outcome,
    invitation, mail, guardian and audit events, so a test can check the export and the erasure against real rows."""
    staff = UserFactory(role=Role.STAFF, name="Mette Medarbejder")
    profile = YouthProfileFactory(**profile_fields)
    StaffRecordFactory(profile=profile, consultant_id=staff.id, notes="Bor hos moster", effort_focus="Mødestabilitet")
    profile.trade_areas = [TradeAreaFactory(name_da="Byggeri og håndværk")]
    company = CompanyFactory(name="Tømrer Hansen ApS")
    mark = CuriousMarkFactory(profile=profile, company_id=company.id, reflection="Det lød sjovt")
    attendee = FairAttendeeFactory(profile=profile, registered_by_id=profile.user_id)
    proposal = ProposalFactory(profile=profile, youth_comment="Jeg vil gerne starte sent", reject_text=None)
    participant = RoundParticipantFactory(round_id=proposal.round_id, profile=profile)
    item = ProposalItemFactory(proposal=proposal, company=company)
    placement = PlacementFactory(item=item, end_reason=None, company_answered_by_id=None)
    attendance = AttendanceFactory(placement=placement, recorded_by_id=staff.id)
    agreement = AgreementFactory(placement=placement, approved_by_id=staff.id, updated_by_id=staff.id)
    signature = AgreementSignatureFactory(agreement=agreement, signer_user_id=profile.user_id,
                                          signer_name=profile.first_name)
    feedback = FeedbackFactory(placement=placement, given_by_id=profile.user_id)
    task = FollowUpTaskFactory(profile=profile, placement=placement, assigned_to=staff)
    handover_note = HandoverNote(placement_id=placement.id, status=HandoverStatus.APPROVED, did_well="Mødte til tiden",
                                 helped="En fast makker", watch="Korte pauser", youth_did_well="Jeg mødte til tiden",
                                 youth_helped="Min makker", youth_watch="Jeg siger til")
    check_in = CheckIn(placement_id=placement.id, author=FeedbackAuthor.YOUTH, how=2, wants_help=True,
                       help_text="Jeg er træt om morgenen", given_by_id=profile.user_id)
    db.session.add_all([handover_note, check_in])
    outcome = OutcomeFactory(profile=profile, recorded_by_id=staff.id)
    invitation = InvitationFactory(user=profile.user, created_by_id=staff.id)
    message = OutboxMessageFactory(user=profile.user)
    guardian = Guardian(youth_profile_id=profile.id, name="Lone Mor", email="lone@eksempel.dk", phone="75123456")
    db.session.add(guardian)
    db.session.flush()
    consent = GuardianConsent(placement_id=placement.id, guardian_id=guardian.id, token_hash="a" * 64,
                              withdraw_token_hash="b" * 64, expires_at=utcnow(), requested_by_id=staff.id,
                              status=ConsentStatus.WITHDRAWN, reason="Vi flytter")
    db.session.add(consent)
    identity = OidcIdentity(user_id=profile.user_id, audience=Audience.YOUTH, issuer="https://mitid.example",
                            subject="pseudonym-4711")
    db.session.add(identity)
    db.session.add(LastEmployer(youth_profile_id=profile.id, employer_name="Bageriet på hjørnet",
                                ended_on=dt.date(2026, 3, 31), recorded_by_id=profile.user_id))
    viewed = AuditEventFactory(actor_id=staff.id, actor_role="staff", subject_user_id=profile.user_id,
                               object_id=str(profile.id))
    ended = AuditEventFactory(actor_id=staff.id, actor_role="staff", action="placement_status",
                              object_type="placement", object_id=str(placement.id), subject_user_id=profile.user_id,
                              detail={"from": "active", "to": "ended", "reason": "Mødte ikke op"})
    logged_in = AuditEventFactory(actor_id=profile.user_id, actor_role="youth", action="login", object_type=None,
                                  ip="10.1.2.3")
    # The person was a pupil whose school flagged them for the youth unit, where this profile started.
    pupil = PupilFactory(user_id=profile.user_id, first_name=profile.first_name, email="elev@eksempel.dk",
                         guardian_phone="75123456", contact_needs="Nøddeallergi")
    referral = PupilReferral(pupil_id=pupil.id, reason="Meget fravær", token_hash="c" * 64,
                             withdraw_token_hash="d" * 64, expires_at=utcnow(), requested_by_id=staff.id,
                             status=ReferralStatus.GIVEN, guardian_reason="Vi vil gerne", youth_profile_id=profile.id,
                             started_by_id=staff.id)
    db.session.add(referral)
    db.session.flush()
    # ... who ranked a taster slot, got a place, and whose guardian answered.
    from partnerhub.schools.models import PraktikWeek
    from partnerhub.tasters.models import BookingStatus, TasterBooking, TasterConsent, TasterSlot, TasterWish

    week = PraktikWeek(school_class_id=pupil.school_class_id, starts_on=dt.date(2026, 3, 2), days=5)
    slot = TasterSlot(company_id=company.id, title="En uge i værkstedet", starts_on=week.starts_on,
                      ends_on=week.starts_on + dt.timedelta(days=4), places=1, hours_from="08:00", hours_to="14:00",
                      min_age=13, tasks="Save", contact_name="Mester", contact_phone="75123456")
    db.session.add_all([week, slot])
    db.session.flush()
    db.session.add(TasterWish(pupil_id=pupil.id, praktik_week_id=week.id, slot_id=slot.id, rank=1))
    booking = TasterBooking(pupil_id=pupil.id, slot_id=slot.id, praktik_week_id=week.id, wish_rank=1,
                            status=BookingStatus.APPROVED, reason="-", certificate="Dygtig", reflection="Sjovt")
    db.session.add(booking)
    db.session.flush()
    db.session.add(TasterConsent(booking_id=booking.id, token_hash="e" * 64, withdraw_token_hash="f" * 64,
                                 expires_at=utcnow(), reason="-"))
    db.session.commit()
    return {"staff": staff, "profile": profile, "company": company, "mark": mark, "attendee": attendee,
            "proposal": proposal, "participant": participant, "item": item, "placement": placement,
            "attendance": attendance, "agreement": agreement, "signature": signature, "feedback": feedback,
            "task": task, "outcome": outcome, "handover_note": handover_note, "check_in": check_in,
            "invitation": invitation, "message": message, "identity": identity, "audit": [viewed, ended, logged_in],
            "guardian": guardian, "consent": consent, "pupil": pupil, "referral": referral}
