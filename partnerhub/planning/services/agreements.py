"""Placement agreements: staff write and approve one per placement, every party signs it in the app, and a change to
the company, the dates or the hours leaves the earlier signatures behind, so everyone signs again (as NAV's open
agreement system does for its arbeidstrening agreements).

Only staff see a draft; company HR and the young person see an approved agreement of their own placement, anything
else is simply not found. Every signature, approval, change and read is audit-logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from partnerhub.accounts.models import User
from partnerhub.audit.service import record, record_now
from partnerhub.extensions import db
from partnerhub.forms import weekday_label, weekdays_from_text, weekdays_to_text
from partnerhub.i18n import gettext as _
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.outbox.service import send_mail
from partnerhub.permissions import Role
from partnerhub.planning.models import (
    AGREEMENT_TRANSITIONS,
    LIVE,
    AgreementParty,
    AgreementSignature,
    AgreementStatus,
    Placement,
    PlacementAgreement,
    PlacementStatus,
)
from partnerhub.planning.services.appeals import Decision
from partnerhub.planning.services.common import PlanningError, link, require_staff
from partnerhub.planning.services.placements import capacity_of
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import YouthProfile

ADULT_AGE = 18  # a guardian signs too below this age (../shared/data/young_worker_rules.csv, guardian_consent_under)
RULE_BASIS = ("Virksomhedspraktik efter lov om en aktiv beskæftigelsesindsats, kapitel 11 (§§ 57-61); "
              "aftalens formål efter § 59")
DEFAULT_ABSENCE_RULE = _l("Er du syg eller forhindret, ringer du til virksomheden og til din kontaktperson i "
                          "Ungeenheden, før du skulle møde. Kommer du ikke, kontakter Ungeenheden dig for at finde "
                          "ud af, hvad der skal til.")
TERMS_FIELDS = ("starts_on", "ends_on", "weekdays", "hours_from", "hours_to")  # with the company: what is signed


@dataclass
class AgreementValues:
    """What staff write in the agreement form."""

    purpose_youth: str | None
    purpose_staff: str | None
    reasons: str | None
    tasks: str | None
    starts_on: date
    ends_on: date
    weekdays: list[int]
    hours_from: str
    hours_to: str
    company_contact: str | None
    unit_contact: str | None
    mentor: str | None
    absence_rule: str | None
    change_reason: str | None


def form_values(actor: User, placement: Placement) -> dict[str, Any]:
    """What the agreement form shows first: the stored agreement, or for a new one the company's declared days and
    hours, its tasks and contact, and the staff member writing it as the unit's contact. Nothing is stored until
    staff save."""
    agreement = placement.agreement
    if agreement is not None:
        return {**{key: getattr(agreement, key) for key in (
            "purpose_youth", "purpose_staff", "reasons", "tasks", "hours_from", "hours_to", "company_contact",
            "unit_contact", "mentor", "absence_rule")}, "weekdays": weekdays_from_text(agreement.weekdays),
            "starts_on": placement.starts_on, "ends_on": placement.ends_on}
    capacity = capacity_of(placement)
    company = placement.company
    contact = ", ".join(part for part in (company.contact_name, company.contact_phone) if part)
    return {"starts_on": placement.starts_on, "ends_on": placement.ends_on,
            "weekdays": capacity.weekday_list if capacity else [1, 2, 3, 4, 5],
            "hours_from": capacity.hours_from if capacity else "08:00",
            "hours_to": capacity.hours_to if capacity else "15:00",
            "tasks": company.tasks_description, "company_contact": contact or None,
            "unit_contact": actor.name, "absence_rule": str(DEFAULT_ABSENCE_RULE)}


def transition_agreement(actor: User, agreement: PlacementAgreement, new_status: AgreementStatus) -> None:
    """The one way an agreement's status changes: a draft is approved once, with a purpose and reasons."""
    if new_status not in AGREEMENT_TRANSITIONS[agreement.status]:
        raise PlanningError(_("Aftalen er allerede '%(status)s'.", status=agreement.status.label))
    if new_status is AgreementStatus.APPROVED:
        _require_text(agreement.purpose_staff, _("Skriv formålet med praktikken, før aftalen kan godkendes."))
        _require_text(agreement.reasons, _("Skriv begrundelsen for afgørelsen, før aftalen kan godkendes."))
        agreement.approved_at, agreement.approved_by_id = utcnow(), actor.id
    agreement.status = new_status
    db.session.flush()
    record(actor, "agreement_status", object_type="placement_agreement", object_id=agreement.id,
           subject_user_id=agreement.placement.profile.user_id, detail={"to": str(new_status)})


def _require_text(value: str | None, message: str) -> None:
    if not (value or "").strip():
        raise PlanningError(message)


def save_agreement(actor: User, placement: Placement, values: AgreementValues, *, approve: bool) -> PlacementAgreement:
    """Writes the agreement (and approves it when asked). Once approved, a change of dates or hours needs a reason
    the young person can read, and the earlier signatures no longer count."""
    require_staff(actor)
    if placement.status not in LIVE:
        raise PlanningError(_("Praktikken er ikke længere aktuel, så aftalen kan ikke ændres."))
    period = placement.period
    if not period.starts_on <= values.starts_on <= values.ends_on <= period.ends_on:
        raise PlanningError(_("Datoerne skal ligge i perioden %(start)s–%(end)s, og slutdatoen må ikke være før "
                              "startdatoen.", start=period.starts_on.strftime("%d.%m.%Y"),
                              end=period.ends_on.strftime("%d.%m.%Y")))
    agreement = placement.agreement or PlacementAgreement(placement=placement, rule_basis=RULE_BASIS)
    before = _terms_values(agreement, placement)
    weekdays = weekdays_to_text(values.weekdays)
    new_terms = {"starts_on": values.starts_on, "ends_on": values.ends_on, "weekdays": weekdays,
                 "hours_from": values.hours_from, "hours_to": values.hours_to}
    changed = [key for key in TERMS_FIELDS if before.get(key) != new_terms[key]] if agreement.is_approved else []
    if agreement.is_approved:
        _require_text(values.purpose_staff, _("Formålet kan ikke slettes fra en godkendt aftale."))
        _require_text(values.reasons, _("Begrundelsen kan ikke slettes fra en godkendt aftale."))
    if changed:
        _require_text(values.change_reason, _("Skriv, hvorfor datoer, dage eller tider ændres. Den unge kan læse "
                                              "begrundelsen."))
        agreement.change_reason, agreement.changed_at = values.change_reason, utcnow()
    for key in ("purpose_youth", "purpose_staff", "reasons", "tasks", "company_contact", "unit_contact", "mentor",
                "absence_rule"):
        setattr(agreement, key, (getattr(values, key) or "").strip() or None)
    placement.starts_on, placement.ends_on = values.starts_on, values.ends_on
    agreement.weekdays, agreement.hours_from, agreement.hours_to = weekdays, values.hours_from, values.hours_to
    agreement.updated_by_id = actor.id
    db.session.add(agreement)
    db.session.flush()
    record(actor, "agreement_changed" if changed else "agreement_saved", object_type="placement_agreement",
           object_id=agreement.id, subject_user_id=placement.profile.user_id,
           detail={"changed": changed, "reason": agreement.change_reason if changed else None})
    if approve and not agreement.is_approved:
        transition_agreement(actor, agreement, AgreementStatus.APPROVED)
        _ask_to_sign(agreement, changed=False)
    elif changed:
        _ask_to_sign(agreement, changed=True)
    return agreement


def _ask_to_sign(agreement: PlacementAgreement, *, changed: bool) -> None:
    """Mails the young person and the company's HR users a link to the agreement: it is new, or changed and to be
    signed again."""
    placement = agreement.placement
    company = placement.company
    youth = placement.profile.user
    subject = (_("Praktikaftalen med %(company)s er ændret – skriv under igen", company=company.name) if changed
               else _("Din praktikaftale med %(company)s er klar", company=company.name))
    send_mail(youth.email, subject, _("Hej %(name)s\n\nLæs aftalen og skriv under her: %(link)s",
                                      name=placement.profile.first_name,
                                      link=link("planning.youth_agreement", placement_id=placement.id)),
              recipient_user_id=youth.id)
    for hr in (u for u in company.hr_users if u.active):
        send_mail(hr.email, subject, _("Læs praktikaftalen og skriv under her: %(link)s",
                                       link=link("planning.company_agreement", placement_id=placement.id)),
                  recipient_user_id=hr.id)


def _terms_values(agreement: PlacementAgreement, placement: Placement) -> dict[str, Any]:
    return {"starts_on": placement.starts_on, "ends_on": placement.ends_on, "weekdays": agreement.weekdays,
            "hours_from": agreement.hours_from, "hours_to": agreement.hours_to}


# ---- signatures ----------------------------------------------------------------------------------------------------

def is_minor_on(profile: YouthProfile, day: date) -> bool:
    """Under 18 on that day, from the birth year and, when known, the month. In the year they turn 18 a young person
    counts as under 18 until the month after their birth month (or all year when the month is unknown): when the
    data cannot settle it, the guardian signs too."""
    if profile.birth_year is None:
        return False
    age_this_year = day.year - profile.birth_year
    if age_this_year != ADULT_AGE:
        return age_this_year < ADULT_AGE
    return profile.birth_month is None or profile.birth_month >= day.month


def required_parties(agreement: PlacementAgreement) -> list[AgreementParty]:
    """Company, young person and staff always; the guardian too when the young person is under 18 at the start."""
    placement = agreement.placement
    minor = is_minor_on(placement.profile, placement.starts_on)
    return [party for party in AgreementParty if party is not AgreementParty.GUARDIAN or minor]


def current_signatures(agreement: PlacementAgreement) -> dict[AgreementParty, AgreementSignature]:
    """The signatures that still count: made on the terms as they are now."""
    return {s.party: s for s in agreement.signatures if s.is_current}


def missing_parties(agreement: PlacementAgreement) -> list[AgreementParty]:
    signed = current_signatures(agreement)
    return [party for party in required_parties(agreement) if party not in signed]


def is_fully_signed(agreement: PlacementAgreement) -> bool:
    return agreement.is_approved and not missing_parties(agreement)


def needs_new_signatures(agreement: PlacementAgreement) -> bool:
    """Someone signed terms that have changed since, and has not signed the terms as they are now."""
    outdated = {s.party for s in agreement.signatures if not s.is_current}
    return bool(outdated - set(current_signatures(agreement)))


def party_of(actor: User, agreement: PlacementAgreement) -> AgreementParty | None:
    """The party an account signs as: HR of the placement's company, the young person themselves, or staff."""
    placement = agreement.placement
    if actor.role is Role.COMPANY and actor.company_id == placement.company_id:
        return AgreementParty.COMPANY
    if actor.role is Role.YOUTH and actor.id == placement.profile.user_id:
        return AgreementParty.YOUTH
    if actor.role is Role.STAFF:
        return AgreementParty.STAFF
    return None


def sign(actor: User, agreement: PlacementAgreement, party: AgreementParty, *,
         guardian_name: str | None = None) -> AgreementSignature:
    """One party signs the terms as they are now. Staff record the guardian's signature, with the guardian's name,
    because a guardian has no account; every signature is logged with its time."""
    own = party_of(actor, agreement)
    if own is None or (party is not own and not (party is AgreementParty.GUARDIAN and own is AgreementParty.STAFF)):
        raise PermissionError("not a party to this agreement")
    if not agreement.is_approved:
        raise PlanningError(_("Aftalen er ikke godkendt endnu."))
    if agreement.placement.status not in LIVE:
        raise PlanningError(_("Praktikken er ikke længere aktuel, så aftalen kan ikke underskrives."))
    if party not in required_parties(agreement):
        raise PlanningError(_("Den unge er over 18 år, så en forælder eller værge skal ikke skrive under."))
    if party in current_signatures(agreement):
        raise PlanningError(_("%(party)s har allerede skrevet under.", party=party.label))
    name = (guardian_name or "").strip() if party is AgreementParty.GUARDIAN else actor.name
    if not name:
        raise PlanningError(_("Skriv navnet på forælderen eller værgen."))
    signature = AgreementSignature(agreement=agreement, party=party, signer_user_id=actor.id, signer_name=name,
                                   terms=agreement.terms, signed_at=utcnow())
    db.session.add(signature)
    db.session.flush()
    record(actor, "agreement_signed", object_type="placement_agreement", object_id=agreement.id,
           subject_user_id=agreement.placement.profile.user_id,
           detail={"party": str(party), "terms": signature.terms, "signed_at": signature.signed_at.isoformat()})
    return signature


# ---- reading: who may load which, and what a page or the PDF shows -------------------------------------------------

def view_agreement(actor: User, agreement: PlacementAgreement) -> None:
    """Reading an agreement is reading personal data: logged, whoever reads it."""
    record_now(actor, "agreement_viewed", object_type="placement_agreement", object_id=agreement.id,
               subject_user_id=agreement.placement.profile.user_id)


def company_agreement(company_id: int, placement_id: int) -> PlacementAgreement | None:
    """An approved agreement of the company's own placement; a draft or another company's is not found."""
    return db.session.scalar(db.select(PlacementAgreement).join(Placement).where(
        Placement.id == placement_id, Placement.company_id == company_id,
        PlacementAgreement.status == AgreementStatus.APPROVED))


def youth_agreement(profile: YouthProfile, placement_id: int) -> PlacementAgreement | None:
    """An approved agreement of the young person's own placement; anyone else's is not found."""
    return db.session.scalar(db.select(PlacementAgreement).join(Placement).where(
        Placement.id == placement_id, Placement.youth_profile_id == profile.id,
        PlacementAgreement.status == AgreementStatus.APPROVED))


def sections(agreement: PlacementAgreement, *, for_company: bool = False) -> list[tuple[str, str]]:
    """The agreement's content as (heading, text), in reading order: the page and the PDF show the same. The company
    gets the young person's first name only (as everywhere else) and not the reasons for the youth unit's decision,
    which are addressed to the young person."""
    placement = agreement.placement
    company = placement.company
    profile = placement.profile
    name = profile.first_name if for_company else " ".join(p for p in (profile.first_name, profile.last_name) if p)
    place = ", ".join(part for part in (company.address, company.town.name if company.town else None) if part)
    statement = (_("Bekræftet af virksomheden") if placement.statement_complete else _("Mangler endnu"))
    return [
        (_("Den unge"), name),
        (_("Virksomhed"), f"{company.name} (CVR {company.cvr})" + (f", {place}" if place else "")),
        (_("Formål med den unges egne ord"), agreement.purpose_youth or "–"),
        (_("Formål skrevet af Ungeenheden"), agreement.purpose_staff or "–"),
        (_("Datoer"), _("Fra %(start)s til %(end)s", start=placement.starts_on.strftime("%d.%m.%Y"),
                        end=placement.ends_on.strftime("%d.%m.%Y"))),
        (_("Dage og tider"), f"{weekday_label(agreement.weekdays)}, {agreement.hours_from}–{agreement.hours_to}"),
        (_("Arbejdsopgaver"), agreement.tasks or "–"),
        (_("Kontaktperson i virksomheden"), agreement.company_contact or "–"),
        (_("Kontaktperson i Ungeenheden"), agreement.unit_contact or "–"),
        (_("Mentor"), agreement.mentor or _("Ingen mentor")),
        (_("Hvis du ikke kan komme"), agreement.absence_rule or "–"),
        (_("Regler"), agreement.rule_basis),
        (_("Udtalelse fra arbejdsgiver og tillidsrepræsentant"), statement),
    ] + ([] if for_company else [(_("Begrundelse for afgørelsen"), agreement.reasons or "–")])


def decisions(placement: Placement) -> list[Decision]:
    """The decisions about this placement the young person can complain about: the placement itself (when its
    agreement was approved), the last change of its terms, and an early end."""
    found = []
    agreement = placement.agreement
    if agreement is not None and agreement.is_approved and agreement.approved_at:
        found.append(Decision(_("Afgørelse om praktik hos %(company)s", company=placement.company.name),
                              agreement.approved_at.date(), agreement.reasons or ""))
        if agreement.changed_at and agreement.change_reason:
            found.append(Decision(_("Ændring af praktikken hos %(company)s", company=placement.company.name),
                                  agreement.changed_at.date(), agreement.change_reason))
    if placement.status is PlacementStatus.ENDED and placement.status_changed_at:
        found.append(Decision(_("Praktikken hos %(company)s er afsluttet før tid", company=placement.company.name),
                              placement.status_changed_at.date(), placement.end_reason or ""))
    return found


def latest_deadline(agreement: PlacementAgreement) -> date | None:
    """The last day to complain about the newest decision on this placement, for the klagevejledning."""
    found = decisions(agreement.placement)
    return found[-1].deadline if found else None
