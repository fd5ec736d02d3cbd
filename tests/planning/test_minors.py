"""Minors in the youth unit (issue 15): nothing starts without the guardian's consent, given or declined through a
mailed single-use link, and the young-worker rules refuse an evening slot for a 16-year-old, in Danish."""

from __future__ import annotations

import datetime as dt
import re
from datetime import timedelta

from partnerhub.audit.models import AuditEvent
from partnerhub.companies.models import CompanyCapacity, MinorWork
from partnerhub.extensions import db
from partnerhub.guardians.models import ConsentStatus, Guardian, GuardianConsent
from partnerhub.outbox.models import OutboxMessage
from partnerhub.permissions import Role
from partnerhub.planning.models import FollowUpKind, FollowUpTask, Placement, PlacementStatus, Proposal
from partnerhub.planning.services import proposals
from partnerhub.reference.models import SchedulingRule
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import YouthProfile
from tests import factories
from tests.conftest import login
from tests.planning.conftest import World, add_youth
from tests.planning.helpers import make_proposal, make_round

LINK = re.compile(r"https?://\S+/samtykke/(?:tilbagekald/)?[\w-]+")


def _as(client, user) -> None:  # noqa: ANN001
    client.post("/log-ud")
    assert login(client, user.email).status_code == 302


def _minor(world: World, name: str, years: int = 15, *, guardian: bool = True) -> YouthProfile:
    """Born in December: exactly `years` old in the first period (December counts as the birthday month)."""
    profile = add_youth(world, name)
    profile.birth_year, profile.birth_month = world.periods[0].starts_on.year - years - 1, 12
    if guardian:
        db.session.add(Guardian(youth_profile_id=profile.id, name=f"Forælder til {name}",
                                email=f"foraelder.{name.lower()}@eksempel.dk", phone="75 12 34 56"))
    db.session.commit()
    return profile


def _declare(world: World, *, minor_work: MinorWork = MinorWork.YOUTH) -> None:
    for company in world.companies:
        company.minor_work = minor_work
        company.minor_tasks_ok = "Pakke varer"
    db.session.commit()


def _accepted(client, world: World, profile: YouthProfile) -> Placement:  # noqa: ANN001
    """Staff approve a one-company rotation; HR accept and confirm the written statement, through the pages."""
    proposal = make_proposal(make_round(world.periods, [profile]), profile, world.companies[:1])
    proposals.approve(world.staff, proposal)
    db.session.commit()
    placement = db.session.get(Proposal, proposal.id).placements[0]
    _as(client, world.hr[placement.company_id])
    assert client.post(f"/virksomhed/tilbud/{placement.id}/svar", data={"answer": "accept"}).status_code == 302
    assert client.post(f"/virksomhed/tilbud/{placement.id}/erklaering",
                       data={"employer": "y", "steward": "y"}).status_code == 302
    return placement


def _links_to(email: str) -> list[str]:
    bodies = db.session.scalars(db.select(OutboxMessage.body).where(OutboxMessage.recipient == email)
                                .order_by(OutboxMessage.id)).all()
    return [found for body in bodies for found in LINK.findall(body)]


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def _start(client, world: World, placement: Placement):  # noqa: ANN001, ANN202
    _as(client, world.staff)
    response = client.post(f"/medarbejder/placeringer/{placement.id}", data={"action": "start"},
                           follow_redirects=True)
    db.session.expire_all()
    return response.get_data(as_text=True), db.session.get(Placement, placement.id).status


def test_a_15_year_old_cannot_start_before_the_guardian_consents_through_the_mailed_link(client,
                                                                                         world: World) -> None:
    _declare(world)
    ida = _minor(world, "Ida")
    placement = _accepted(client, world, ida)
    page, status = _start(client, world, placement)
    assert status is PlacementStatus.ACCEPTED
    assert "En forælder eller værge skal give samtykke, før praktikken kan starte." in page

    [answer_link] = _links_to("foraelder.ida@eksempel.dk")  # mailed when the company said yes
    consent = db.session.scalar(db.select(GuardianConsent))
    assert consent.expires_at - consent.requested_at == timedelta(days=14)
    client.post("/log-ud")
    plan = client.get(_path(answer_link)).get_data(as_text=True)
    for fact in ("Firma 1", "Vej 1, Hedensted", "mandag, tirsdag, onsdag, torsdag, fredag", "08:00–15:00", "Kontakt 1",
                 placement.starts_on.strftime("%d.%m.%Y")):
        assert fact in plan, fact
    assert client.post(_path(answer_link), data={"answer": "yes"}).status_code == 200
    assert client.get(_path(answer_link)).status_code == 404  # single use
    page, status = _start(client, world, placement)
    assert status is PlacementStatus.ACTIVE, page
    actions = set(db.session.scalars(db.select(AuditEvent.action).where(
        AuditEvent.subject_user_id == ida.user_id)))
    assert {"guardian_consent_requested", "guardian_consent_viewed", "guardian_consent"} <= actions
    timeline = client.get(f"/medarbejder/unge/{ida.id}/forloeb").get_data(as_text=True)
    assert "Forælder eller værge bedt om samtykke til Firma 1" in timeline
    assert "Forælder eller værge: samtykke givet" in timeline


def test_a_guardian_who_declines_must_say_why_and_staff_get_a_task_and_see_it(client, world: World) -> None:
    _declare(world)
    bo = _minor(world, "Bo", years=16)
    placement = _accepted(client, world, bo)
    [answer_link] = _links_to("foraelder.bo@eksempel.dk")
    client.post("/log-ud")
    no_reason = client.post(_path(answer_link), data={"answer": "no", "reason": ""})
    assert no_reason.status_code == 422 and "Skriv kort, hvorfor du siger nej" in no_reason.get_data(as_text=True)
    assert client.post(_path(answer_link), data={"answer": "no", "reason": "Han skal til tandlæge"}).status_code \
        == 200
    consent = db.session.scalar(db.select(GuardianConsent))
    assert consent.status is ConsentStatus.DECLINED and consent.reason == "Han skal til tandlæge"
    assert db.session.scalar(db.select(FollowUpTask).where(FollowUpTask.kind == FollowUpKind.GUARDIAN)) is not None
    _page, status = _start(client, world, placement)
    assert status is PlacementStatus.ACCEPTED
    waiting = client.get("/medarbejder/samtykker").get_data(as_text=True)
    assert "Bo" in waiting and "Sagt nej" in waiting and "Han skal til tandlæge" in waiting
    assert client.post(f"/medarbejder/samtykker/{placement.id}/send").status_code == 302  # a new link
    assert len(_links_to("foraelder.bo@eksempel.dk")) == 2


def test_consent_can_be_withdrawn_and_then_the_placement_cannot_start(client, world: World) -> None:
    _declare(world)
    cai = _minor(world, "Cai")
    placement = _accepted(client, world, cai)
    client.post("/log-ud")
    client.post(_path(_links_to("foraelder.cai@eksempel.dk")[0]), data={"answer": "yes"})
    withdraw_link = _links_to("foraelder.cai@eksempel.dk")[-1]
    assert "/samtykke/tilbagekald/" in withdraw_link
    refused = client.post(_path(withdraw_link), data={"reason": ""})
    assert refused.status_code == 422
    assert client.post(_path(withdraw_link), data={"reason": "Vi flytter"}).status_code == 200
    assert client.get(_path(withdraw_link)).status_code == 404
    page, status = _start(client, world, placement)
    assert status is PlacementStatus.ACCEPTED and "skal give samtykke" in page


def test_a_withdrawal_during_a_pause_keeps_the_placement_from_resuming(client, world: World) -> None:
    _declare(world)
    placement = _accepted(client, world, _minor(world, "Ulla"))
    client.post("/log-ud")
    client.post(_path(_links_to("foraelder.ulla@eksempel.dk")[0]), data={"answer": "yes"})
    _page, status = _start(client, world, placement)
    assert status is PlacementStatus.ACTIVE
    client.post(f"/medarbejder/placeringer/{placement.id}", data={"action": "pause"})
    client.post("/log-ud")
    client.post(_path(_links_to("foraelder.ulla@eksempel.dk")[-1]), data={"reason": "Hun er syg"})
    _as(client, world.staff)
    page = client.post(f"/medarbejder/placeringer/{placement.id}", data={"action": "resume"},
                       follow_redirects=True).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Placement, placement.id).status is PlacementStatus.PAUSED and "skal give samtykke" in page


def test_a_withdrawal_while_the_placement_runs_pauses_it_and_tells_the_company(client, world: World) -> None:
    """The withdrawal page promises that the young person stops: a running placement is paused at once, the
    company hears not to expect them (without the family's reason), and staff get the task."""
    _declare(world)
    placement = _accepted(client, world, _minor(world, "Vera"))
    client.post("/log-ud")
    client.post(_path(_links_to("foraelder.vera@eksempel.dk")[0]), data={"answer": "yes"})
    _page, status = _start(client, world, placement)
    assert status is PlacementStatus.ACTIVE
    client.post("/log-ud")
    assert client.post(_path(_links_to("foraelder.vera@eksempel.dk")[-1]),
                       data={"reason": "Vi er flyttet"}).status_code == 200
    db.session.expire_all()
    assert db.session.get(Placement, placement.id).status is PlacementStatus.PAUSED
    hr = world.hr[placement.company_id]
    [to_company] = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.recipient == hr.email,
                                                                     OutboxMessage.subject.contains("pause"))).all()
    assert "Vera" in to_company.body and "Vi er flyttet" not in to_company.body
    assert db.session.scalar(db.select(FollowUpTask).where(FollowUpTask.kind == FollowUpKind.GUARDIAN)) is not None
    _as(client, hr)
    assert "Sat på pause" in client.get(f"/virksomhed/tilbud/{placement.id}").get_data(as_text=True)


def test_an_expired_or_unknown_link_is_refused_kindly(client, world: World) -> None:
    _declare(world)
    placement = _accepted(client, world, _minor(world, "Dina"))
    link = _links_to("foraelder.dina@eksempel.dk")[0]
    db.session.scalar(db.select(GuardianConsent)).expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    client.post("/log-ud")
    expired = client.get(_path(link))
    assert expired.status_code == 404 and "Linket virker ikke længere" in expired.get_data(as_text=True)
    assert client.get("/samtykke/ikke-et-link").status_code == 404
    assert db.session.get(Placement, placement.id).status is PlacementStatus.ACCEPTED


def test_a_minor_without_a_guardian_is_shown_to_staff_and_cannot_start(client, world: World) -> None:
    _declare(world)
    eva = _minor(world, "Eva", guardian=False)
    placement = _accepted(client, world, eva)
    assert db.session.scalar(db.select(db.func.count(GuardianConsent.id))) == 0
    _as(client, world.staff)
    waiting = client.get("/medarbejder/samtykker").get_data(as_text=True)
    assert "Eva" in waiting and "Ingen forælder eller værge skrevet på" in waiting
    refused = client.post(f"/medarbejder/samtykker/{placement.id}/send", follow_redirects=True)
    assert "ingen forælder eller værge skrevet på den unge" in refused.get_data(as_text=True)
    _page, status = _start(client, world, placement)
    assert status is PlacementStatus.ACCEPTED


def test_an_adult_starts_without_any_consent(client, world: World) -> None:
    adult = add_youth(world, "Frida")  # the factory's 19-year-old
    placement = _accepted(client, world, adult)
    _page, status = _start(client, world, placement)
    assert status is PlacementStatus.ACTIVE
    assert db.session.scalar(db.select(db.func.count(GuardianConsent.id))) == 0


def test_reminders_go_to_guardians_who_have_not_answered_with_a_fresh_link(client, world: World, app) -> None:
    _declare(world)
    _accepted(client, world, _minor(world, "Gry"))
    first = _links_to("foraelder.gry@eksempel.dk")[0]
    runner = app.test_cli_runner()
    assert "reminders sent: 0" in runner.invoke(args=["guardians", "remind"]).output
    consent = db.session.scalar(db.select(GuardianConsent))
    consent.requested_at -= timedelta(days=4)
    db.session.commit()
    assert "reminders sent: 1" in runner.invoke(args=["guardians", "remind"]).output
    assert "reminders sent: 0" in runner.invoke(args=["guardians", "remind"]).output  # not again at once
    for expected in ("1", "0"):  # a second reminder three days later, then no more (at most two)
        consent = db.session.scalar(db.select(GuardianConsent))
        consent.reminded_at -= timedelta(days=4)
        db.session.commit()
        assert f"reminders sent: {expected}" in runner.invoke(args=["guardians", "remind"]).output
    fresh = _links_to("foraelder.gry@eksempel.dk")[-1]
    client.post("/log-ud")
    assert client.get(_path(first)).status_code == 404
    assert client.get(_path(fresh)).status_code == 200


# ---- the young-worker rules in manual edits, the start and the matcher -------------------------------------------

def _evening(world: World, company_index: int = 0) -> None:
    for capacity in db.session.scalars(db.select(CompanyCapacity).where(
            CompanyCapacity.company_id == world.companies[company_index].id)):
        capacity.hours_from, capacity.hours_to = "16:00", "21:00"
    db.session.commit()


def test_an_evening_slot_for_a_16_year_old_is_refused_with_a_danish_message(client, world: World) -> None:
    _declare(world)
    _evening(world)
    hans = _minor(world, "Hans", years=16)
    round_ = make_round(world.periods, [hans])
    _as(client, world.staff)
    url = f"/medarbejder/planlaegning/{round_.id}/manuel"
    refused = client.post(url, data={"youth": str(hans.id),
                                     f"period_{world.periods[0].id}": str(world.companies[0].id)})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Unge under 18 må ikke arbejde mellem kl. 20 og kl. 06. Hos Firma 1 er arbejdstiden 16:00–21:00." in page
    day_slot = client.post(url, data={"youth": str(hans.id),
                                      f"period_{world.periods[0].id}": str(world.companies[1].id)})
    assert day_slot.status_code == 302


def test_the_rule_is_data_an_admin_changes_it_and_the_evening_slot_is_allowed(client, world: World) -> None:
    _declare(world)
    _evening(world)
    ib = _minor(world, "Ib", years=16)
    admin = factories.UserFactory(role=Role.ADMIN)
    db.session.commit()
    _as(client, admin)
    assert client.post("/admin/reference/regler/minor_no_work_from", data={"value": "22"}).status_code == 302
    assert db.session.get(SchedulingRule, "minor_no_work_from").value == "22"
    round_ = make_round(world.periods, [ib])
    _as(client, world.staff)
    made = client.post(f"/medarbejder/planlaegning/{round_.id}/manuel",
                       data={"youth": str(ib.id), f"period_{world.periods[0].id}": str(world.companies[0].id)})
    assert made.status_code == 302


def test_a_company_that_has_not_said_is_refused_for_a_minor_in_a_manual_edit(client, world: World) -> None:
    jo = _minor(world, "Jo")
    round_ = make_round(world.periods, [jo])
    _as(client, world.staff)
    refused = client.post(f"/medarbejder/planlaegning/{round_.id}/manuel",
                          data={"youth": str(jo.id), f"period_{world.periods[0].id}": str(world.companies[0].id)})
    assert refused.status_code == 422
    assert "Firma 1 har ikke sagt, hvilke opgaver der passer til unge under 18." in refused.get_data(as_text=True)


def test_the_start_is_refused_when_the_company_changed_to_evening_hours_after_the_offer(client,
                                                                                        world: World) -> None:
    _declare(world)
    kim = _minor(world, "Kim", years=16)
    placement = _accepted(client, world, kim)
    client.post("/log-ud")
    client.post(_path(_links_to("foraelder.kim@eksempel.dk")[0]), data={"answer": "yes"})
    _evening(world)
    page, status = _start(client, world, placement)
    assert status is PlacementStatus.ACCEPTED and "må ikke arbejde mellem kl. 20 og kl. 06" in page


def test_the_matcher_proposes_a_minor_only_to_a_declared_company_within_the_hours(client, world: World) -> None:
    world.companies[1].minor_work = MinorWork.YOUTH  # Juelsminde, day hours
    world.companies[2].minor_work = MinorWork.YOUTH
    db.session.commit()
    _evening(world, 2)
    lea = _minor(world, "Lea", years=16)
    round_ = make_round(world.periods, [lea], k=3)
    _as(client, world.staff)
    client.post(f"/medarbejder/planlaegning/{round_.id}/koer")
    db.session.expire_all()
    proposal = db.session.scalar(db.select(Proposal).where(Proposal.youth_profile_id == lea.id))
    assert proposal is not None
    assert {item.company_id for item in proposal.items} == {world.companies[1].id}


def test_a_13_year_old_gets_light_work_only(client, world: World) -> None:
    world.companies[0].minor_work = MinorWork.LIGHT
    world.companies[1].minor_work = MinorWork.YOUTH
    db.session.commit()
    mo = _minor(world, "Mo", years=13)
    round_ = make_round(world.periods, [mo])
    _as(client, world.staff)
    url = f"/medarbejder/planlaegning/{round_.id}/manuel"
    refused = client.post(url, data={"youth": str(mo.id),
                                     f"period_{world.periods[0].id}": str(world.companies[1].id)})
    assert refused.status_code == 422 and "må kun lave lette opgaver" in refused.get_data(as_text=True)
    assert client.post(url, data={"youth": str(mo.id),
                                  f"period_{world.periods[0].id}": str(world.companies[0].id)}).status_code == 302


def test_the_age_counts_on_each_day_a_placement_after_the_18th_birthday_needs_no_consent(client,
                                                                                        world: World) -> None:
    nor = add_youth(world, "Nor")
    start = world.periods[0].starts_on
    before = start - dt.timedelta(days=40)
    nor.birth_year, nor.birth_month = before.year - 18, before.month  # 18 before the first day
    db.session.commit()
    placement = _accepted(client, world, nor)
    _page, status = _start(client, world, placement)
    assert status is PlacementStatus.ACTIVE


def test_without_a_birth_year_the_start_waits_for_one(client, world: World) -> None:
    ole = add_youth(world, "Ole")
    ole.birth_year = None
    db.session.commit()
    placement = _accepted(client, world, ole)
    page, status = _start(client, world, placement)
    assert status is PlacementStatus.ACCEPTED and "Skriv den unges fødselsår, før praktikken starter" in page


def test_the_guardian_and_the_mails_to_them_are_exported_and_erased_with_the_young_person(client,
                                                                                         world: World) -> None:
    _declare(world)
    pia = _minor(world, "Pia")
    _accepted(client, world, pia)
    _as(client, world.staff)
    export = client.get(f"/medarbejder/unge/{pia.id}/data.json").get_json()
    assert export["guardian"]["email"] == "foraelder.pia@eksempel.dk"
    assert any(m["to"] == "foraelder.pia@eksempel.dk" and "samtykke" in m["subject"] for m in export["messages"])
    assert export["placements"][0]["guardian_consents"][0]["status"] == "Venter på svar"
    assert client.post(f"/medarbejder/unge/{pia.id}/anonymiser",
                       data={"reason": "Bedt om sletning", "confirm": "y"}).status_code == 302
    assert db.session.scalar(db.select(db.func.count(Guardian.id))) == 0
    assert db.session.scalar(db.select(db.func.count(GuardianConsent.id))) == 0
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id)).where(
        OutboxMessage.recipient == "foraelder.pia@eksempel.dk")) == 0
