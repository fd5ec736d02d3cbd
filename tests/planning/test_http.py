"""Planning pages per role: the owner gets in, others do not, and staff-only facts never reach HR or young people."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from partnerhub.audit.models import AuditEvent
from partnerhub.extensions import db
from partnerhub.planning.models import (
    FeedbackAuthor,
    FollowUpKind,
    FollowUpTask,
    Outcome,
    PlacementStatus,
    PlanningRound,
    Proposal,
    ProposalStatus,
    YouthAnswer,
)
from partnerhub.planning.services import feedback, followup, placements, proposals
from partnerhub.youth.models import Readiness
from tests.conftest import login
from tests.planning.conftest import FOCUS_MARKER, LAST_NAME_MARKER, STAFF_MARKER, World, add_youth
from tests.planning.helpers import make_proposal, make_round

SECRETS = (STAFF_MARKER, FOCUS_MARKER, LAST_NAME_MARKER, Readiness.ACTIVITY_READY.label)


def _as(client, user) -> None:  # noqa: ANN001
    client.post("/log-ud")
    assert login(client, user.email).status_code == 302


def _approved(world: World, profile, companies=None) -> Proposal:  # noqa: ANN001
    proposal = make_proposal(make_round(world.periods, [profile]), profile, companies or world.companies)
    proposals.approve(world.staff, proposal)
    db.session.commit()
    return proposal


def _no_secrets(body: str) -> None:
    for secret in SECRETS:
        assert secret not in body


def test_staff_create_a_round_run_it_and_approve_from_the_list(client, world: World,  # noqa: ANN001
                                                               planning_on_monday: dt.date) -> None:
    ada = add_youth(world, "Ada")
    _as(client, world.staff)
    page = client.get("/medarbejder/planlaegning/ny")
    assert page.status_code == 200 and f'value="{ada.id}"' in page.get_data(as_text=True)
    bad = client.post("/medarbejder/planlaegning/ny", data={
        "name": "Forår", "starts_on": "2026-03-03", "period_count": "3", "period_weeks": "4", "rotation_k": "5",
        "participants": [str(ada.id)]})
    body = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "Vælg en mandag" in body and 'value="Forår"' in body
    created = client.post("/medarbejder/planlaegning/ny", data={
        "name": "Forår", "starts_on": world.periods[0].starts_on.isoformat(), "period_count": "3",
        "period_weeks": "4", "rotation_k": "3", "carry_capacity": "y", "participants": [str(ada.id)]})
    assert created.status_code == 302
    round_ = db.session.scalar(db.select(PlanningRound))
    listed = client.get("/medarbejder/planlaegning").get_data(as_text=True)
    assert re.search(r">Forår</a></td>\s*<td>[^<]+</td>\s*<td>[^<]+</td>\s*<td>1</td>", listed)
    assert re.search(r"Unge i runden</dt><dd>1</dd>",
                     client.get(f"/medarbejder/planlaegning/{round_.id}").get_data(as_text=True))
    run = client.post(f"/medarbejder/planlaegning/{round_.id}/koer")
    assert run.status_code == 302 and "/koersel/" in run.headers["Location"]
    progress = client.get(run.headers["Location"])
    assert progress.status_code == 200 and "Færdig" in progress.get_data(as_text=True)
    detail = client.get(f"/medarbejder/planlaegning/{round_.id}?status=proposed&sort=warnings&min_score=0.3"
                        f"&readiness=uddannelsesparat&town={ada.town_id}")
    assert detail.status_code == 200 and "Ada" in detail.get_data(as_text=True)
    filtered = client.get(f"/medarbejder/planlaegning/{round_.id}?readiness=aktivitetsparat")
    assert "vaelg-" not in filtered.get_data(as_text=True)
    proposal = db.session.scalar(db.select(Proposal))
    page = client.get(f"/medarbejder/planlaegning/forslag/{proposal.id}").get_data(as_text=True)
    assert "km fra den unges by" in page and "Samme fagområde" in page
    approve = client.post(f"/medarbejder/planlaegning/{round_.id}/godkend", data={"proposal_ids": [str(proposal.id)]})
    assert approve.status_code == 302
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).status is ProposalStatus.APPROVED
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id)).where(AuditEvent.action == "proposal_status"))


def test_a_round_in_the_diverse_mode_runs_the_matcher_in_that_mode(client, world: World,  # noqa: ANN001
                                                                   planning_on_monday: dt.date) -> None:
    ada = add_youth(world, "Ada")
    _as(client, world.staff)
    form = {"name": "Bred", "starts_on": world.periods[0].starts_on.isoformat(), "period_count": "3",
            "period_weeks": "4", "rotation_k": "2", "participants": [str(ada.id)]}
    bad = client.post("/medarbejder/planlaegning/ny", data={**form, "mode": "fastest"})
    assert bad.status_code == 422 and 'value="Bred"' in bad.get_data(as_text=True)
    assert "Vælg, hvordan matcheren skal vælge." in bad.get_data(as_text=True)
    assert db.session.scalar(db.select(PlanningRound)) is None
    created = client.post("/medarbejder/planlaegning/ny", data={**form, "mode": "diverse"})
    assert created.status_code == 302
    round_ = db.session.scalar(db.select(PlanningRound))
    assert round_.mode == "diverse"
    assert "bredt for unge uden én fast retning" in client.get(
        f"/medarbejder/planlaegning/{round_.id}").get_data(as_text=True)
    client.post(f"/medarbejder/planlaegning/{round_.id}/koer")
    db.session.expire_all()
    assert db.session.get(PlanningRound, round_.id).stats["mode"] == "diverse"


def test_staff_edit_reject_and_manual_pages(client, world: World) -> None:  # noqa: ANN001
    ada, bo = add_youth(world, "Ada"), add_youth(world, "Bo")
    round_ = make_round(world.periods, [ada, bo])
    proposal = make_proposal(round_, ada, world.companies[:1])
    _as(client, world.staff)
    url = f"/medarbejder/planlaegning/forslag/{proposal.id}/periode/{world.periods[1].id}"
    page = client.get(url)
    assert page.status_code == 200 and "Firma 2" in page.get_data(as_text=True)
    refused = client.post(url, data={"company": str(world.companies[0].id)})
    assert refused.status_code == 422 and "fra listen" in refused.get_data(as_text=True)  # already in the rotation
    assert client.post(url, data={"company": str(world.companies[1].id)}).status_code == 302
    nothing = client.post(f"/medarbejder/planlaegning/forslag/{proposal.id}/afvis", data={"code": ""})
    assert nothing.status_code == 302
    assert client.post(f"/medarbejder/planlaegning/forslag/{proposal.id}/afvis",
                       data={"code": "fit", "text": "Vil hellere butik"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).status is ProposalStatus.REJECTED
    manual_url = f"/medarbejder/planlaegning/{round_.id}/manuel"
    assert client.get(manual_url + f"?ung={bo.id}").status_code == 200
    typed = client.post(manual_url, data={"youth": ""})
    assert typed.status_code == 422
    made = client.post(manual_url, data={"youth": str(bo.id),
                                         f"period_{world.periods[0].id}": str(world.companies[2].id)})
    assert made.status_code == 302 and "/forslag/" in made.headers["Location"]


def test_hr_sees_only_the_company_facing_summary_and_answers(client, world: World) -> None:  # noqa: ANN001
    ada = add_youth(world, "Ada", readiness=Readiness.ACTIVITY_READY, accommodations="Hemmeligt hensyn")
    proposal = _approved(world, ada, world.companies[:2])
    first, second = proposal.placements
    hr = world.hr[first.company_id]
    _as(client, hr)
    for url in ("/virksomhed/tilbud", f"/virksomhed/tilbud/{first.id}", "/virksomhed/tilbud/kalender.ics"):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.get_data(as_text=True)
        _no_secrets(body)
        assert "Hemmeligt hensyn" not in body
    offer = client.get(f"/virksomhed/tilbud/{first.id}").get_data(as_text=True)
    assert "Ada" in offer and "Jeg kan lide træ" in offer and "Har brug for hensyn" in offer
    assert ada.transport.label in offer  # HR may know how the young person gets there
    assert client.get(f"/virksomhed/tilbud/{second.id}").status_code == 404  # the other company's offer
    assert client.post(f"/virksomhed/tilbud/{second.id}/svar", data={"answer": "accept"}).status_code == 404
    missing_reason = client.post(f"/virksomhed/tilbud/{first.id}/svar", data={"answer": "decline"})
    assert missing_reason.status_code == 422 and "hvorfor" in missing_reason.get_data(as_text=True)
    assert client.post(f"/virksomhed/tilbud/{first.id}/svar", data={"answer": "accept"}).status_code == 302
    assert client.post(f"/virksomhed/tilbud/{first.id}/erklaering",
                       data={"employer": "y", "steward": "y"}).status_code == 302
    attendance_url = f"/virksomhed/tilbud/{first.id}/fremmoede"
    page = client.get(attendance_url)
    assert page.status_code == 200
    _no_secrets(page.get_data(as_text=True))
    day = first.starts_on
    saved = client.post(attendance_url, data={"week": day.isoformat(), f"day_{day:%Y%m%d}": "no_show"})
    assert saved.status_code == 302
    db.session.expire_all()
    task = db.session.scalar(db.select(FollowUpTask).where(FollowUpTask.kind == FollowUpKind.NO_SHOW))
    assert task is not None and task.assigned_to_id == world.staff.id
    feedback = client.get(f"/virksomhed/tilbud/{first.id}/feedback")
    assert feedback.status_code == 200
    _no_secrets(feedback.get_data(as_text=True))
    other_hr = world.hr[second.company_id]
    _as(client, other_hr)
    assert client.post(f"/virksomhed/tilbud/{second.id}/svar",
                       data={"answer": "decline", "reason": "Ingen tid"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(type(second), second.id).status is PlacementStatus.DECLINED


def test_company_never_sees_the_young_persons_feedback_but_staff_see_both(client, world: World) -> None:  # noqa: ANN001
    ada = add_youth(world, "Ada")
    placement = _approved(world, ada, world.companies[:1]).placements[0]
    hr = world.hr[placement.company_id]
    placements.answer_offer(hr, placement, accept=True)
    placements.confirm_statement(hr, placement, employer=True, steward=True)
    placements.staff_change_placement(world.staff, placement, "start", None)
    placements.staff_change_placement(world.staff, placement, "complete", None)
    feedback.give_feedback(ada.user, placement, FeedbackAuthor.YOUTH,
                           {"welcome": 2, "learned": 3, "again": 1}, "UNGEKOMMENTAR-991")
    db.session.commit()
    _as(client, hr)
    for url in (f"/virksomhed/tilbud/{placement.id}", f"/virksomhed/tilbud/{placement.id}/feedback",
                "/virksomhed/tilbud"):
        assert "UNGEKOMMENTAR-991" not in client.get(url).get_data(as_text=True)
    answers = {"q_attendance": "4", "q_engagement": "4", "q_cooperation": "5", "comment": "FIRMAKOMMENTAR-55"}
    assert client.post(f"/virksomhed/tilbud/{placement.id}/feedback", data=answers).status_code == 302
    _as(client, world.staff)
    page = client.get(f"/medarbejder/planlaegning/forslag/{placement.proposal_id}").get_data(as_text=True)
    assert "UNGEKOMMENTAR-991" in page and "FIRMAKOMMENTAR-55" in page


def test_young_person_sees_the_whole_plan_answers_and_downloads_it(client, world: World) -> None:  # noqa: ANN001
    ada, bo = add_youth(world, "Ada"), add_youth(world, "Bo")
    proposal = _approved(world, ada)
    _as(client, ada.user)
    plan = client.get("/ung/plan")
    body = plan.get_data(as_text=True)
    assert plan.status_code == 200 and "Firma 1" in body and "Vej 1" in body and "Kontakt 1" in body
    assert "Du bygger og saver træ" in body and "Fra mandag" in body
    _no_secrets(body)
    ics = client.get("/ung/plan/kalender.ics")
    assert ics.status_code == 200 and ics.mimetype == "text/calendar" and ics.get_data(as_text=True).count(
        "BEGIN:VEVENT") == 3
    _no_secrets(ics.get_data(as_text=True))
    assert client.post(f"/ung/plan/{proposal.id}/svar", data={"answer": "accepted"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).youth_answer is YouthAnswer.ACCEPTED
    _as(client, bo.user)
    assert client.post(f"/ung/plan/{proposal.id}/svar", data={"answer": "talk"}).status_code == 404
    assert client.get(f"/ung/plan/praktik/{proposal.placements[0].id}/feedback").status_code == 404
    assert "Firma 1" not in client.get("/ung/plan").get_data(as_text=True)


def test_follow_ups_timeline_and_outcome_for_staff(client, world: World) -> None:  # noqa: ANN001
    ada = add_youth(world, "Ada")
    proposal = _approved(world, ada, world.companies[:1])
    followup.create_task(ada, FollowUpKind.NO_SHOW, placement=proposal.placements[0])
    db.session.commit()
    _as(client, world.staff)
    page = client.get("/medarbejder/opfoelgning").get_data(as_text=True)
    assert "Udeblivelse" in page and "Ada" in page
    task = db.session.scalar(db.select(FollowUpTask))
    assert client.post(f"/medarbejder/opfoelgning/{task.id}", data={"note": "Ringet"}).status_code == 302
    bad = client.post(f"/medarbejder/unge/{ada.id}/resultat", data={"kind": "education", "note": "Skrevet"})
    assert bad.status_code == 422 and "hvilken uddannelse" in bad.get_data(as_text=True) and "Skrevet" in \
        bad.get_data(as_text=True)
    assert client.post(f"/medarbejder/unge/{ada.id}/resultat",
                       data={"kind": "education", "education": "Tømrer"}).status_code == 302
    assert db.session.scalar(db.select(Outcome)).education == "Tømrer"
    timeline = client.get(f"/medarbejder/unge/{ada.id}/forloeb").get_data(as_text=True)
    assert "Resultat: Startet på en uddannelse – Tømrer" in timeline and "Tilbud sendt til Firma 1" in timeline
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id)).where(
        AuditEvent.action == "youth_timeline_viewed")) >= 1


def test_staff_pause_end_and_replace_rest_through_the_page(client, world: World) -> None:  # noqa: ANN001
    proposal = _approved(world, add_youth(world, "Ada"))
    first = proposal.placements[0]
    _as(client, world.staff)
    assert client.post(f"/medarbejder/placeringer/{first.id}", data={"action": "cancel"}).status_code == 302
    assert client.post(f"/medarbejder/planlaegning/forslag/{proposal.id}/erstat-resten").status_code == 302
    db.session.expire_all()
    statuses = [p.status for p in db.session.get(Proposal, proposal.id).placements]
    assert statuses == [PlacementStatus.CANCELLED] * 3
    page = client.get(f"/medarbejder/planlaegning/forslag/{proposal.id}").get_data(as_text=True)
    assert "Find en virksomhed til" in page


@pytest.mark.parametrize("path", ["/virksomhed/tilbud/{p}/fremmoede?uge=nonsense", "/virksomhed/tilbud/{p}/fremmoede"
                                  "?uge=1999-01-01"])
def test_attendance_week_parameter_is_forgiving(client, world: World, path: str) -> None:  # noqa: ANN001
    placement = _approved(world, add_youth(world, "Ada"), world.companies[:1]).placements[0]
    _as(client, world.hr[placement.company_id])
    assert client.get(path.format(p=placement.id)).status_code == 200


def test_future_attendance_is_refused_with_a_message(client, world: World) -> None:  # noqa: ANN001
    placement = _approved(world, add_youth(world, "Ada"), world.companies[:1]).placements[0]
    hr = world.hr[placement.company_id]
    placements.answer_offer(hr, placement, accept=True)
    placements.confirm_statement(hr, placement, employer=True, steward=True)
    db.session.commit()
    _as(client, hr)
    day = placement.ends_on - dt.timedelta(days=1)
    response = client.post(f"/virksomhed/tilbud/{placement.id}/fremmoede",
                           data={"week": day.isoformat(), f"day_{day:%Y%m%d}": "absent"})
    assert response.status_code == 422 and "dage, der er gået" in response.get_data(as_text=True)


def test_a_curious_mark_raises_that_company_in_the_matchers_scoring(client, world: World) -> None:  # noqa: ANN001
    from partnerhub.fair.services.marks import set_mark

    ada = add_youth(world, "Ada")
    round_ = make_round(world.periods, [ada])
    _as(client, world.staff)
    url = f"/medarbejder/planlaegning/{round_.id}/unge/{ada.id}/vurdering"
    target = world.companies[2]

    def score_of(page: str) -> float:
        row = page.split(f">{target.name}</a></th>")[1].split("</tr>")[0]
        return float(row.split("<td>")[1].split("</td>")[0].replace(",", "."))  # a Danish page: 0,412

    before = client.get(url).get_data(as_text=True)
    assert "Nej" in before.split(f">{target.name}</a></th>")[1].split("</tr>")[0]
    set_mark(ada.user, ada, company_id=target.id)
    db.session.commit()
    after = client.get(url).get_data(as_text=True)
    assert score_of(after) == pytest.approx(score_of(before) + 0.15, abs=0.002)
    assert "Ja, +0,150" in after.split(f">{target.name}</a></th>")[1].split("</tr>")[0]


def _youth_options(body: str) -> set[str]:
    return set(re.findall(r'<input[^>]*name="youth"[^>]*type="radio" value="(\d+)"', body))


def test_manual_placement_finds_the_young_person_by_a_name_search(client, world: World, monkeypatch) -> None:  # noqa: ANN001
    """No list of every young person: a search field (a GET form, so it works without JavaScript) lists the
    matches as radio buttons; a chosen young person stays chosen when the form comes back with an error."""
    from partnerhub.youth import service as youth_service

    ada, bo, _anna = add_youth(world, "Ada"), add_youth(world, "Bo"), add_youth(world, "Anna")
    round_ = make_round(world.periods, [ada, bo])
    _as(client, world.staff)
    url = f"/medarbejder/planlaegning/{round_.id}/manuel"
    empty = client.get(url).get_data(as_text=True)
    assert 'role="search"' in empty and '<label for="q">Søg efter den unge</label>' in empty
    assert 'type="search"' in empty and 'name="youth"' not in empty and "<select id=\"youth\"" not in empty
    found = client.get(url + "?q=ad").get_data(as_text=True)
    assert "1 fundet for »ad«." in found and _youth_options(found) == {str(ada.id)}
    assert 'value="ad"' in found  # the search stays in the field
    assert "Ingen unge fundet" in client.get(url + "?q=zzz").get_data(as_text=True)
    chosen = client.get(url + f"?ung={bo.id}").get_data(as_text=True)
    assert re.search(rf'<input checked[^>]*name="youth"[^>]*value="{bo.id}">', chosen)
    unknown = client.post(url, data={"youth": "999999"})
    assert unknown.status_code == 422 and "Vælg en ung." in unknown.get_data(as_text=True)
    kept = client.post(url + "?q=ad", data={"youth": str(ada.id)})  # no company chosen: refused, Ada still chosen
    assert kept.status_code == 422 and "Vælg mindst én virksomhed." in kept.get_data(as_text=True)
    assert re.search(rf'<input checked[^>]*name="youth"[^>]*value="{ada.id}">', kept.get_data(
        as_text=True))
    monkeypatch.setattr(youth_service, "PROFILES_PER_PAGE", 1)
    broad = client.get(url + "?q=a").get_data(as_text=True)
    assert "3 fundet for »a«." in broad and "Skriv mere af navnet" in broad
    made = client.post(url, data={"youth": str(ada.id), f"period_{world.periods[0].id}": str(world.companies[0].id)})
    assert made.status_code == 302 and "/forslag/" in made.headers["Location"]


def test_network_page_counts_hosted_young_people_and_shared_companies(client, world: World) -> None:  # noqa: ANN001
    """The companies' network page gets its hosted and shared facts from the placements, passed in by the view."""
    proposal = _approved(world, add_youth(world, "Ada"), world.companies[:2])
    for placement in proposal.placements:
        placements.answer_offer(world.hr[placement.company_id], placement, accept=True)
    db.session.commit()
    first, second, third = world.companies
    _as(client, world.hr[first.id])
    page = client.get("/virksomhed/netvaerk").get_data(as_text=True)
    row = page.split(f"<td>{first.name}</td>")[1].split("</tr>")[0]
    assert re.search(rf"<td>1</td>\s*<td>[^<]*</td>\s*<td>{second.name}</td>", row)
    third_row = page.split(f"<td>{third.name}</td>")[1].split("</tr>")[0]
    assert re.search(r"<td>0</td>\s*<td>[^<]*</td>\s*<td>–</td>", third_row)


def test_staff_note_a_company_answer_given_by_phone(client, world: World) -> None:  # noqa: ANN001
    """Many companies ring rather than click: staff enter "yes" or "no" on the proposal page, with the same effects
    as the company's own answer, and the company sees that the unit noted it."""
    ada = add_youth(world, "Ada")
    first, second = _approved(world, ada, world.companies[:2]).placements
    _as(client, world.staff)
    url = f"/medarbejder/placeringer/{first.id}"
    client.post(url, data={"action": "company_yes"})
    db.session.expire_all()
    first = db.session.get(type(first), first.id)
    assert first.status is PlacementStatus.ACCEPTED and first.company_answered_by_id == world.staff.id
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "company_answer_entered_by_staff"))
    again = client.post(url, data={"action": "company_no", "reason": "Fejl"}, follow_redirects=True)
    assert "har allerede svaret" in again.get_data(as_text=True)

    no_reason = client.post(f"/medarbejder/placeringer/{second.id}", data={"action": "company_no"},
                            follow_redirects=True)
    assert "Skriv en grund." in no_reason.get_data(as_text=True)
    client.post(f"/medarbejder/placeringer/{second.id}", data={"action": "company_no", "reason": "Travlt i juli"})
    db.session.expire_all()
    assert db.session.get(type(second), second.id).status is PlacementStatus.DECLINED
    task = db.session.scalar(db.select(FollowUpTask).where(FollowUpTask.kind == FollowUpKind.DECLINED))
    assert task is not None and "Travlt i juli" in task.note

    _as(client, world.hr[first.company_id])
    offer = client.get(f"/virksomhed/tilbud/{first.id}").get_data(as_text=True)
    assert "Ungeenheden noterede jeres svar efter en telefonsamtale" in offer
    assert client.post(f"/medarbejder/placeringer/{second.id}", data={"action": "company_yes"}).status_code == 403
