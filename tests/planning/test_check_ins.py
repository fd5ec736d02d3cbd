"""The check-in after the first week of a period: two questions for the young person and the company; a bad answer,
or no answer by CHECK_IN_ANSWER_DAYS after the first week, is a follow-up task in the contact person's default view."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerhub.extensions import db
from partnerhub.outbox.models import OutboxMessage
from partnerhub.planning.models import FollowUpKind, FollowUpStatus, FollowUpTask, Placement, PlacementStatus
from partnerhub.planning.services import checkins, followup, proposals
from tests.conftest import login
from tests.planning.conftest import World, add_youth
from tests.planning.helpers import make_proposal, make_round


def _as(client, user) -> None:  # noqa: ANN001
    client.post("/log-ud")
    assert login(client, user.email).status_code == 302


@pytest.fixture
def running(world: World) -> Placement:
    """Ada's first placement, running since the world's first Monday."""
    ada = add_youth(world, "Ada")
    proposal = make_proposal(make_round(world.periods, [ada]), ada, world.companies[:2])
    placement = sorted(proposals.approve(world.staff, proposal), key=lambda p: p.starts_on)[0]
    placement.status = PlacementStatus.ACTIVE
    db.session.commit()
    return placement


def _on(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    monkeypatch.setattr(checkins, "today", lambda: day)


def _check_in_tasks(placement: Placement) -> list[FollowUpTask]:
    return list(db.session.scalars(db.select(FollowUpTask).where(FollowUpTask.placement_id == placement.id,
                                                                 FollowUpTask.kind == FollowUpKind.CHECK_IN)))


def test_the_check_in_opens_after_the_first_week(client, world: World, running: Placement,  # noqa: ANN001
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    _on(monkeypatch, running.starts_on + dt.timedelta(days=3))
    _as(client, running.profile.user)
    assert "Svar på to korte spørgsmål" not in client.get("/ung/plan").get_data(as_text=True)
    early = client.post(f"/ung/plan/praktik/{running.id}/tjek-ind", data={"how": "4", "wants_help": "no"})
    assert early.status_code == 422 and "Tjekket åbner, når den første uge er gået." in early.get_data(as_text=True)
    _on(monkeypatch, running.starts_on + dt.timedelta(days=7))
    assert "Svar på to korte spørgsmål" in client.get("/ung/plan").get_data(as_text=True)
    junk = client.post(f"/ung/plan/praktik/{running.id}/tjek-ind", data={"how": "9", "help_text": "hej"})
    assert junk.status_code == 422 and "hej</textarea>" in junk.get_data(as_text=True)
    good = client.post(f"/ung/plan/praktik/{running.id}/tjek-ind", data={"how": "4", "wants_help": "no"})
    assert good.status_code == 302 and _check_in_tasks(running) == []


def test_a_bad_answer_is_a_follow_up_task_in_the_contact_persons_default_view(
        client, world: World, running: Placement, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    _on(monkeypatch, running.starts_on + dt.timedelta(days=8))
    _as(client, world.hr[running.company_id])
    assert "Svar på to korte spørgsmål efter første uge" in client.get(
        f"/virksomhed/tilbud/{running.id}").get_data(as_text=True)
    answered = client.post(f"/virksomhed/tilbud/{running.id}/tjek-ind",
                           data={"how": "2", "wants_help": "yes", "help_text": "Hun virker træt om morgenen"})
    assert answered.status_code == 302
    [task] = _check_in_tasks(running)
    assert task.assigned_to_id == world.staff.id and task.is_open and "træt om morgenen" in task.note
    assert task in followup.tasks(world.staff)[0]
    _as(client, world.staff)
    page = client.get("/medarbejder/opfoelgning").get_data(as_text=True)
    assert "Tjek efter første uge: et dårligt svar eller intet svar" in page and "Ada" in page
    second = client.post(f"/virksomhed/tilbud/{running.id}/tjek-ind", data={"how": "1", "wants_help": "no"})
    assert second.status_code in (302, 403)  # staff cannot answer for the company


def test_no_answer_by_the_deadline_creates_one_follow_up_task_from_the_scheduled_job(
        app, client, world: World, running: Placement, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    due = running.starts_on + dt.timedelta(days=7 + app.config["CHECK_IN_ANSWER_DAYS"])
    _on(monkeypatch, due)  # the last day to answer: nothing yet
    first_run = app.test_cli_runner().invoke(args=["follow-up", "check-ins"]).output
    assert "2 invitation(er)" in first_run and "Ingen tjek uden svar" in first_run  # Ada and Firma 1's HR user
    assert _check_in_tasks(running) == []
    _on(monkeypatch, due + dt.timedelta(days=1))
    result = app.test_cli_runner().invoke(args=["follow-up", "check-ins"])
    assert result.exit_code == 0 and "Opfølgning oprettet for 1" in result.output
    [task] = _check_in_tasks(running)
    assert "den unge og Firma 1" in task.note
    _as(client, world.staff)
    page = client.get("/medarbejder/opfoelgning").get_data(as_text=True)
    assert "Intet svar på tjekket efter første uge" in page
    # Once handled, the job does not create it again.
    followup.transition_task(world.staff, task, FollowUpStatus.DONE, "Ringet til Ada")
    db.session.commit()
    assert app.test_cli_runner().invoke(args=["follow-up", "check-ins"]).output == "Ingen tjek uden svar.\n"
    assert len(_check_in_tasks(running)) == 1


def test_both_sides_are_invited_once_when_the_check_in_opens(world: World, running: Placement,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    _on(monkeypatch, running.starts_on + dt.timedelta(days=6))
    assert checkins.invite_open() == 0  # still the first week
    _on(monkeypatch, running.starts_on + dt.timedelta(days=7))
    assert checkins.invite_open() == 2
    assert checkins.invite_open() == 0  # asked once
    mails = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.body.contains("tjek-ind"))).all()
    assert {m.recipient_user_id for m in mails} == {running.profile.user_id, world.hr[running.company_id].id}
    assert any(f"/ung/plan/praktik/{running.id}/tjek-ind" in m.body for m in mails)


def test_both_answered_in_time_means_no_task(app, world: World, running: Placement,  # noqa: ANN001
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _on(monkeypatch, running.starts_on + dt.timedelta(days=8))
    checkins.give_answer(running.profile.user, running, checkins.FeedbackAuthor.YOUTH, how=5, wants_help=False,
                         help_text=None)
    checkins.give_answer(world.hr[running.company_id], running, checkins.FeedbackAuthor.COMPANY, how=4,
                         wants_help=False, help_text=None)
    _on(monkeypatch, running.starts_on + dt.timedelta(days=30))
    assert checkins.follow_up_missing() == 0
    assert checkins.status_of(running).state(running.starts_on + dt.timedelta(days=30)) == "answered"


def test_the_seams_page_shows_each_boundary_and_each_check_in(client, world: World, running: Placement,  # noqa: ANN001
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    _on(monkeypatch, running.starts_on + dt.timedelta(days=20))
    _as(client, world.staff)
    page = client.get(f"/medarbejder/planlaegning/forslag/{running.proposal_id}/overgange")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Firma 1 → Firma 2" in body and "Ikke skrevet endnu" in body
    assert "Intet svar inden fristen" in body or "Venter på svar" in body
