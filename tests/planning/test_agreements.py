"""The placement agreement through HTTP: written and approved by staff (never without a purpose), read and signed by
each party on their own placement only, signed again after a change of company, dates or hours, and carrying the
klagevejledning on the young person's plan and in the PDF."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from partnerhub.audit.models import AuditEvent
from partnerhub.extensions import db
from partnerhub.outbox.models import OutboxMessage
from partnerhub.planning.models import AgreementParty, Placement, PlacementAgreement
from partnerhub.planning.services import agreements, appeals
from partnerhub.timeutil import utcnow
from tests.conftest import login
from tests.planning.conftest import World, add_youth
from tests.planning.helpers import make_proposal, make_round

PURPOSE = "Prøve tømrerfaget – og finde ud af, om “træ” er noget for Ada"


def _as(client, user) -> None:  # noqa: ANN001
    client.post("/log-ud")
    assert login(client, user.email).status_code == 302


def _placement(world: World, name: str = "Ada", birth_year: int | None = None, company: int = 0) -> Placement:
    from partnerhub.planning.services import proposals

    profile = add_youth(world, name)
    if birth_year is not None:
        profile.birth_year, profile.birth_month = birth_year, None
    proposal = make_proposal(make_round(world.periods, [profile], name=f"Runde {name}"), profile,
                             [world.companies[company]])
    proposals.approve(world.staff, proposal)
    db.session.commit()
    return proposal.placements[0]


def _form(placement: Placement, **changes: object) -> dict:
    data = {"purpose_staff": PURPOSE, "purpose_youth": "Jeg vil gerne bygge ting med mine hænder",
            "reasons": "Ada vil arbejde med træ, og Firma 1 ligger tæt på hende.", "tasks": "Save, måle og slibe",
            "starts_on": placement.starts_on.isoformat(), "ends_on": placement.ends_on.isoformat(),
            "weekdays": ["1", "2", "3", "4"], "hours_from": "08:00", "hours_to": "14:00",
            "company_contact": "Kontakt 1, 75 00 00 00", "unit_contact": "Mette Medarbejder, 76 00 00 00",
            "mentor": "", "absence_rule": "Ring til Kontakt 1 før kl. 8.", "change_reason": "", "approve": "1"}
    data.update(changes)
    return data


def _approved_agreement(client, world: World, placement: Placement) -> PlacementAgreement:  # noqa: ANN001
    _as(client, world.staff)
    response = client.post(f"/medarbejder/placeringer/{placement.id}/aftale", data=_form(placement))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.expire_all()
    agreement = db.session.get_one(Placement, placement.id).agreement
    assert agreement is not None and agreement.is_approved
    return agreement


def _sign_all(client, world: World, placement: Placement) -> None:  # noqa: ANN001
    _as(client, world.hr[placement.company_id])
    assert client.post(f"/virksomhed/tilbud/{placement.id}/aftale/underskriv", data={"confirm": "y"}).status_code == 302
    _as(client, placement.profile.user)
    assert client.post(f"/ung/plan/praktik/{placement.id}/aftale/underskriv", data={"confirm": "y"}).status_code == 302
    _as(client, world.staff)
    assert client.post(f"/medarbejder/placeringer/{placement.id}/aftale/underskriv",
                       data={"confirm": "y"}).status_code == 302


def _signed_parties(placement_id: int) -> set[AgreementParty]:
    db.session.expire_all()
    agreement = db.session.get_one(Placement, placement_id).agreement
    assert agreement is not None
    return set(agreements.current_signatures(agreement))


def _pdf_text(response) -> str:  # noqa: ANN001
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_approval_is_refused_without_a_purpose_and_the_form_keeps_what_was_typed(client, world: World) -> None:
    placement = _placement(world)
    _as(client, world.staff)
    response = client.post(f"/medarbejder/placeringer/{placement.id}/aftale",
                           data=_form(placement, purpose_staff="  ", tasks="Save brædder til en hønsegård"))
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Skriv formålet med praktikken, før aftalen kan godkendes." in body
    assert "Save brædder til en hønsegård" in body and "Jeg vil gerne bygge ting med mine hænder" in body
    db.session.expire_all()
    assert db.session.get_one(Placement, placement.id).agreement is None  # nothing of the refused approval is kept
    client.post("/sprog", data={"lang": "en"})
    english = client.post(f"/medarbejder/placeringer/{placement.id}/aftale", data=_form(placement, purpose_staff=""))
    assert english.status_code == 422
    assert "Write the purpose of the placement before the agreement can be approved." in english.get_data(as_text=True)


def test_approval_is_refused_without_reasons_for_the_decision(client, world: World) -> None:
    placement = _placement(world)
    _as(client, world.staff)
    response = client.post(f"/medarbejder/placeringer/{placement.id}/aftale", data=_form(placement, reasons=""))
    assert response.status_code == 422
    assert "Skriv begrundelsen for afgørelsen, før aftalen kan godkendes." in response.get_data(as_text=True)
    assert PURPOSE in response.get_data(as_text=True)


def test_a_draft_is_saved_without_a_purpose_but_the_parties_do_not_see_it(client, world: World) -> None:
    placement = _placement(world)
    _as(client, world.staff)
    saved = client.post(f"/medarbejder/placeringer/{placement.id}/aftale",
                        data=_form(placement, purpose_staff="", approve="", save="1"))
    assert saved.status_code == 302
    _as(client, placement.profile.user)
    assert client.get(f"/ung/plan/praktik/{placement.id}/aftale").status_code == 404
    _as(client, world.hr[placement.company_id])
    assert client.get(f"/virksomhed/tilbud/{placement.id}/aftale").status_code == 404


def test_each_role_sees_only_the_agreements_of_its_own_placements(client, world: World) -> None:
    ada = _placement(world, "Ada")
    _approved_agreement(client, world, ada)
    bo = _placement(world, "Bo", company=2)
    _approved_agreement(client, world, bo)
    other_hr = world.hr[world.companies[1].id]
    _as(client, other_hr)
    for url in (f"/virksomhed/tilbud/{ada.id}/aftale", f"/virksomhed/tilbud/{ada.id}/aftale.pdf"):
        assert client.get(url).status_code == 404
    assert client.post(f"/virksomhed/tilbud/{ada.id}/aftale/underskriv", data={"confirm": "y"}).status_code == 404
    assert client.get(f"/ung/plan/praktik/{ada.id}/aftale").status_code == 403
    _as(client, bo.profile.user)
    for url in (f"/ung/plan/praktik/{ada.id}/aftale", f"/ung/plan/praktik/{ada.id}/aftale.pdf"):
        assert client.get(url).status_code == 404
    assert client.post(f"/ung/plan/praktik/{ada.id}/aftale/underskriv", data={"confirm": "y"}).status_code == 404
    assert client.get(f"/ung/plan/praktik/{bo.id}/aftale").status_code == 200
    assert client.get(f"/medarbejder/placeringer/{ada.id}/aftale").status_code == 403
    _as(client, world.hr[ada.company_id])
    page = client.get(f"/virksomhed/tilbud/{ada.id}/aftale")
    assert page.status_code == 200 and PURPOSE in page.get_data(as_text=True)
    assert AgreementParty.YOUTH not in _signed_parties(ada.id) and AgreementParty.COMPANY not in _signed_parties(
        bo.id)


def test_the_company_reads_the_agreement_without_the_decision_reasons_or_the_last_name(client, world: World) -> None:
    placement = _placement(world)
    _approved_agreement(client, world, placement)
    _as(client, world.hr[placement.company_id])
    body = client.get(f"/virksomhed/tilbud/{placement.id}/aftale").get_data(as_text=True)
    pdf = _pdf_text(client.get(f"/virksomhed/tilbud/{placement.id}/aftale.pdf"))
    for text in (body, pdf):
        assert "Firma 1 ligger tæt på hende" not in text and "Ankestyrelsen" not in text
        assert placement.profile.last_name not in text and "Ada" in text


def test_every_party_signs_and_each_signature_is_audit_logged_with_its_time(client, world: World) -> None:
    placement = _placement(world)
    agreement = _approved_agreement(client, world, placement)
    _sign_all(client, world, placement)
    page = client.get(f"/medarbejder/placeringer/{placement.id}/aftale").get_data(as_text=True)
    db.session.expire_all()
    signed_at = db.session.get_one(PlacementAgreement, agreement.id).signatures[0].signed_at
    local = signed_at.replace(tzinfo=dt.UTC).astimezone(ZoneInfo("Europe/Copenhagen"))
    assert f"skrev under {local.strftime('%d.%m.%Y %H:%M')}" in page  # Danish time, as the signer saw it
    assert _signed_parties(placement.id) == {AgreementParty.COMPANY, AgreementParty.YOUTH, AgreementParty.STAFF}
    db.session.expire_all()
    assert agreements.is_fully_signed(db.session.get_one(PlacementAgreement, agreement.id))
    events = list(db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "agreement_signed",
                                                                  AuditEvent.object_id == str(agreement.id))))
    assert sorted(e.detail["party"] for e in events) == ["company", "staff", "youth"]
    assert all(dt.datetime.fromisoformat(e.detail["signed_at"]) <= utcnow() for e in events)
    again = client.post(f"/medarbejder/placeringer/{placement.id}/aftale/underskriv", data={"confirm": "y"},
                        follow_redirects=True)
    assert "Ungeenheden har allerede skrevet under." in again.get_data(as_text=True)


def test_signing_needs_the_box_ticked(client, world: World) -> None:
    placement = _placement(world)
    _approved_agreement(client, world, placement)
    _as(client, placement.profile.user)
    page = client.post(f"/ung/plan/praktik/{placement.id}/aftale/underskriv", data={}, follow_redirects=True)
    assert "Sæt kryds, hvis du er enig i aftalen." in page.get_data(as_text=True)
    assert _signed_parties(placement.id) == set()


@pytest.mark.parametrize("change", ["dates", "hours", "days"])
def test_a_change_of_dates_or_hours_after_signing_needs_everyone_to_sign_again(client, world: World,
                                                                               change: str) -> None:
    placement = _placement(world)
    _approved_agreement(client, world, placement)
    _sign_all(client, world, placement)
    changed = {"dates": {"starts_on": (placement.starts_on + dt.timedelta(days=7)).isoformat()},
               "hours": {"hours_to": "15:00"}, "days": {"weekdays": ["1", "2"]}}[change]
    refused = client.post(f"/medarbejder/placeringer/{placement.id}/aftale", data=_form(placement, **changed))
    assert refused.status_code == 422 and "Skriv, hvorfor datoer, dage eller tider ændres." in refused.get_data(
        as_text=True)
    assert len(_signed_parties(placement.id)) == 3
    done = client.post(f"/medarbejder/placeringer/{placement.id}/aftale",
                       data=_form(placement, change_reason="Firmaet holder lukket første uge", **changed))
    assert done.status_code == 302
    assert _signed_parties(placement.id) == set()
    page = client.get(f"/medarbejder/placeringer/{placement.id}/aftale").get_data(as_text=True)
    assert "Alle skal skrive under igen." in page
    _sign_all(client, world, placement)
    assert len(_signed_parties(placement.id)) == 3
    assert "Alle skal skrive under igen." not in client.get(
        f"/medarbejder/placeringer/{placement.id}/aftale").get_data(as_text=True)


def test_the_young_person_and_the_company_are_asked_by_mail_to_sign_and_to_sign_again(client, world: World) -> None:
    placement = _placement(world)
    _approved_agreement(client, world, placement)
    hr = world.hr[placement.company_id]

    def mails_to(email: str) -> list[OutboxMessage]:
        return list(db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.recipient == email,
                                                                       OutboxMessage.subject.contains("aftale"))))

    youth_mail, hr_mail = mails_to(placement.profile.user.email), mails_to(hr.email)
    assert len(youth_mail) == 1 and f"/ung/plan/praktik/{placement.id}/aftale" in youth_mail[0].body
    assert len(hr_mail) == 1 and f"/virksomhed/tilbud/{placement.id}/aftale" in hr_mail[0].body
    _as(client, world.staff)
    client.post(f"/medarbejder/placeringer/{placement.id}/aftale",
                data=_form(placement, hours_to="12:00", change_reason="Kortere dage"))
    assert [m.subject for m in mails_to(hr.email)][-1] == "Praktikaftalen med Firma 1 er ændret – skriv under igen"
    assert len(mails_to(placement.profile.user.email)) == 2


def test_a_change_of_other_text_keeps_the_signatures(client, world: World) -> None:
    placement = _placement(world)
    _approved_agreement(client, world, placement)
    _sign_all(client, world, placement)
    response = client.post(f"/medarbejder/placeringer/{placement.id}/aftale",
                           data=_form(placement, tasks="Save, måle, slibe og male"))
    assert response.status_code == 302
    assert len(_signed_parties(placement.id)) == 3


def test_a_change_of_company_after_signing_needs_everyone_to_sign_again(client, world: World) -> None:
    placement = _placement(world)
    _approved_agreement(client, world, placement)
    _sign_all(client, world, placement)
    company = placement.company
    _as(client, world.hr[company.id])
    profile_form = {"name": "Firma 1 Byg ApS", "cvr": company.cvr, "employees": "20", "address": "Vej 1",
                    "town": str(company.town_id), "contact_name": "Kontakt 1", "contact_phone": "75 00 00 00",
                    "contact_email": "kontakt@firma1.dk", "trade_areas": [str(a.id) for a in company.trade_areas],
                    "tasks_description": "Du bygger og saver træ"}
    response = client.post("/virksomhed/profil", data=profile_form)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert _signed_parties(placement.id) == set()
    page = client.get(f"/virksomhed/tilbud/{placement.id}/aftale").get_data(as_text=True)
    assert "Alle skal skrive under igen." in page and "Firma 1 Byg ApS" in page


def test_the_guardian_signs_too_when_the_young_person_is_under_18(client, world: World) -> None:
    minor = _placement(world, "Mia", birth_year=utcnow().year - 16)
    _approved_agreement(client, world, minor)
    _sign_all(client, world, minor)
    db.session.expire_all()
    agreement = db.session.get_one(Placement, minor.id).agreement
    assert agreement is not None and agreements.missing_parties(agreement) == [AgreementParty.GUARDIAN]
    page = client.get(f"/medarbejder/placeringer/{minor.id}/aftale").get_data(as_text=True)
    assert "Forælder eller værge: mangler at skrive under" in page
    nameless = client.post(f"/medarbejder/placeringer/{minor.id}/aftale/vaerge", data={"confirm": "y"},
                           follow_redirects=True)
    assert "Skriv navnet på forælderen eller værgen." in nameless.get_data(as_text=True)
    assert client.post(f"/medarbejder/placeringer/{minor.id}/aftale/vaerge",
                       data={"confirm": "y", "guardian_name": "Lone Jensen"}).status_code == 302
    assert AgreementParty.GUARDIAN in _signed_parties(minor.id)

    adult = _placement(world, "Bo", birth_year=utcnow().year - 20, company=1)
    _approved_agreement(client, world, adult)
    refused = client.post(f"/medarbejder/placeringer/{adult.id}/aftale/vaerge",
                          data={"confirm": "y", "guardian_name": "Lone Jensen"}, follow_redirects=True)
    assert "Den unge er over 18 år" in refused.get_data(as_text=True)
    assert AgreementParty.GUARDIAN not in _signed_parties(adult.id)


def test_klagevejledning_is_on_the_youth_plan_and_in_the_pdf(client, world: World) -> None:
    placement = _placement(world)
    agreement = _approved_agreement(client, world, placement)
    deadline = appeals.appeal_deadline(agreement.approved_at).strftime("%d.%m.%Y")
    _as(client, placement.profile.user)
    plan = client.get("/ung/plan").get_data(as_text=True)
    assert "Klagevejledning" in plan and "Ankestyrelsen" in plan
    assert f"klage senest den {deadline}" in plan and "Firma 1 ligger tæt på hende" in plan
    pdf = _pdf_text(client.get(f"/ung/plan/praktik/{placement.id}/aftale.pdf"))
    for text in ("Klagevejledning", "Ankestyrelsen", f"senest den {deadline}", PURPOSE,
                 "Jeg vil gerne bygge ting med mine hænder", "Firma 1 ligger tæt på hende"):
        assert text in pdf, text


def test_an_early_end_carries_its_reason_and_klagevejledning_on_the_plan(client, world: World) -> None:
    from partnerhub.planning.models import PlacementStatus
    from partnerhub.planning.services import placements

    placement = _placement(world)
    _approved_agreement(client, world, placement)
    placement.status = PlacementStatus.ACTIVE
    placements.transition_placement(world.staff, placement, PlacementStatus.ENDED, reason="Ada fik en læreplads")
    db.session.commit()
    _as(client, placement.profile.user)
    plan = client.get("/ung/plan").get_data(as_text=True)
    assert "er afsluttet før tid" in plan and "Ada fik en læreplads" in plan
    assert plan.count("klage senest den") == 2
