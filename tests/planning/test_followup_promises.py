"""Nobody is dropped (issue 14): every follow-up task has somebody, or everybody, until it is done; counts tell the
truth; a task closes only with a note on what was done, and stays findable; an overdue task escalates once."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from partnerhub.extensions import db
from partnerhub.jobs.models import JobStatus
from partnerhub.jobs.service import submit
from partnerhub.outbox.models import OutboxMessage
from partnerhub.permissions import Role
from partnerhub.planning.jobs import ESCALATION_KIND
from partnerhub.planning.models import FollowUpKind, FollowUpStatus, FollowUpTask
from partnerhub.planning.services import followup
from partnerhub.timeutil import utcnow
from tests import factories
from tests.conftest import login
from tests.planning.conftest import World, add_youth
from tests.planning.helpers import make_round

TASK_CARD = re.compile(r'<li class="card follow-up')


def _as(client, user) -> None:  # noqa: ANN001
    client.post("/log-ud")
    assert login(client, user.email).status_code == 302


def _without_contact(world: World, name: str):  # noqa: ANN202
    """A young person whose staff record names no contact person (as after a CSV import)."""
    profile = add_youth(world, name)
    profile.staff_record.consultant_id = None
    db.session.commit()
    return profile


def _task(profile, *, due_in: int = 2, assigned_to=None, status=FollowUpStatus.OPEN) -> FollowUpTask:  # noqa: ANN001
    task = FollowUpTask(youth_profile_id=profile.id, kind=FollowUpKind.NO_SHOW, status=status,
                        due_on=utcnow().date() + dt.timedelta(days=due_in),
                        assigned_to_id=assigned_to.id if assigned_to else None,
                        done_at=utcnow() if status is FollowUpStatus.DONE else None)
    db.session.add(task)
    db.session.commit()
    return task


@pytest.fixture
def colleague(world: World):  # noqa: ANN201
    return factories.UserFactory(role=Role.STAFF, name="Kasper Kollega")


def test_an_unassigned_no_show_is_in_every_staff_members_default_view_until_taken(
        client, world: World, colleague) -> None:  # noqa: ANN001
    ada = _without_contact(world, "Ada")
    followup.create_task(ada, FollowUpKind.NO_SHOW, note="Udeblev i dag.")
    db.session.commit()
    for staff in (world.staff, colleague):
        _as(client, staff)
        page = client.get("/medarbejder/opfoelgning").get_data(as_text=True)
        assert "Ada" in page and "Ingen har taget opgaven" in page and "Tag opgaven" in page
        assert "Ansvarlig: ingen" not in page

    task = db.session.scalar(db.select(FollowUpTask))
    assert client.post(f"/medarbejder/opfoelgning/{task.id}/tag").status_code == 302
    mine = client.get("/medarbejder/opfoelgning").get_data(as_text=True)
    assert "Ansvarlig: Kasper Kollega (dig)" in mine
    db.session.expire_all()
    assert ada.staff_record.consultant_id == colleague.id  # whoever takes it becomes the contact person

    _as(client, world.staff)
    assert "Ada" not in client.get("/medarbejder/opfoelgning").get_data(as_text=True)
    everyone = client.get("/medarbejder/opfoelgning?whose=all").get_data(as_text=True)
    assert "Ada" in everyone and "Ansvarlig: Kasper Kollega" in everyone


def test_a_deactivated_contact_person_leaves_the_task_with_everyone(client, world: World, colleague) -> None:  # noqa: ANN001
    ada = add_youth(world, "Ada")  # Mette is the contact person
    _task(ada, assigned_to=world.staff)
    world.staff.active = False
    db.session.commit()
    _as(client, colleague)
    page = client.get("/medarbejder/opfoelgning").get_data(as_text=True)
    assert "Ada" in page and "Ingen har taget opgaven" in page


def test_the_round_creator_is_responsible_for_a_young_person_without_a_contact_person(
        client, world: World, colleague) -> None:  # noqa: ANN001
    ada = _without_contact(world, "Ada")
    round_ = make_round(world.periods, [ada])
    round_.created_by_id = colleague.id
    db.session.commit()
    followup.create_task(ada, FollowUpKind.NO_SHOW)
    db.session.commit()
    _as(client, colleague)
    page = client.get("/medarbejder/opfoelgning").get_data(as_text=True)
    assert "Ada" in page and "Ansvarlig: Kasper Kollega (dig)" in page
    db.session.expire_all()
    assert ada.staff_record.consultant_id == colleague.id
    mail = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.recipient_user_id == colleague.id))
    assert mail is not None and "Opfølgning: Ada" in mail.subject and mail.body.endswith(
        "http://localhost/medarbejder/opfoelgning")


def test_a_deactivated_contact_person_hands_new_tasks_to_the_round_creator(client, world: World, colleague) -> None:  # noqa: ANN001
    ada = add_youth(world, "Ada")  # Mette is the contact person
    round_ = make_round(world.periods, [ada])
    round_.created_by_id = colleague.id
    world.staff.active = False
    db.session.commit()
    followup.create_task(ada, FollowUpKind.ABSENCES)
    db.session.commit()
    _as(client, colleague)
    page = client.get("/medarbejder/opfoelgning").get_data(as_text=True)
    assert "Ada" in page and "Ansvarlig: Kasper Kollega (dig)" in page
    db.session.expire_all()
    assert ada.staff_record.consultant_id == colleague.id


def test_scheduling_the_escalation_without_redis_says_what_to_do(app) -> None:  # noqa: ANN001
    result = app.test_cli_runner().invoke(args=["follow-up", "schedule"])
    assert result.exit_code != 0 and "REDIS_URL er ikke sat" in result.output and "follow-up escalate" in result.output


def test_staff_home_and_planning_page_count_what_the_default_view_lists(client, world: World, colleague) -> None:  # noqa: ANN001
    ada, bo, cy, di = (add_youth(world, name) for name in ("Ada", "Bo", "Cy", "Di"))
    _task(ada, due_in=-1, assigned_to=world.staff)  # mine, overdue
    _task(bo, due_in=3)  # nobody's: everyone's
    _task(cy, due_in=-2, assigned_to=colleague)  # a colleague's: not in my default view
    _task(di, assigned_to=world.staff, status=FollowUpStatus.DONE)  # done: not open
    _as(client, world.staff)
    listed = client.get("/medarbejder/opfoelgning").get_data(as_text=True)
    shown = re.sub(r'value="[^"]*"', "", listed)  # a random CSRF token may spell "Cy"
    assert len(TASK_CARD.findall(listed)) == 2 and "Ada" in shown and "Bo" in shown and "Cy" not in shown
    assert "2 opgaver" in listed
    home = client.get("/medarbejder").get_data(as_text=True)
    assert "2 åbne opgaver til dig eller uden ansvarlig" in home and "1 opgave er over fristen" in home
    assert "Mine opfølgninger (2)" in client.get("/medarbejder/planlaegning").get_data(as_text=True)

    client.post("/sprog", data={"lang": "en"})
    home = client.get("/medarbejder").get_data(as_text=True)
    assert "2 open tasks for you or without anyone responsible" in home and "1 task is overdue" in home
    assert "My follow-ups (2)" in client.get("/medarbejder/planlaegning").get_data(as_text=True)


def test_a_task_cannot_be_closed_without_saying_what_was_done(client, world: World) -> None:  # noqa: ANN001
    ada = add_youth(world, "Ada")
    task = _task(ada, assigned_to=world.staff)
    _as(client, world.staff)
    empty = client.post(f"/medarbejder/opfoelgning/{task.id}", data={"note": "   "})
    body = empty.get_data(as_text=True)
    assert empty.status_code == 422 and "Skriv, hvad der blev gjort, før du lukker opgaven." in body
    assert 'aria-invalid="true"' in body
    too_long = "Ringede til Ada. " * 200
    kept = client.post(f"/medarbejder/opfoelgning/{task.id}?whose=all", data={"note": too_long})
    assert kept.status_code == 422 and too_long.strip() in kept.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(FollowUpTask, task.id).status is FollowUpStatus.OPEN

    client.post("/sprog", data={"lang": "en"})
    english = client.post(f"/medarbejder/opfoelgning/{task.id}", data={"note": ""}).get_data(as_text=True)
    assert "Write what was done before you close the task." in english


def test_closing_a_task_a_colleague_closed_meanwhile_says_so(client, world: World) -> None:  # noqa: ANN001
    task = _task(add_youth(world, "Ada"), assigned_to=world.staff, status=FollowUpStatus.DONE)
    _as(client, world.staff)
    for note in ("", "Ringede"):
        response = client.post(f"/medarbejder/opfoelgning/{task.id}", data={"note": note}, follow_redirects=True)
        assert response.status_code == 200 and "Opgaven er allerede udført." in response.get_data(as_text=True)
    assert client.post(f"/medarbejder/opfoelgning/{task.id}/tag", follow_redirects=True).get_data(
        as_text=True).count("Opgaven er allerede udført.") == 1


def test_closed_tasks_are_found_by_filter_and_on_the_timeline(client, world: World) -> None:  # noqa: ANN001
    ada = add_youth(world, "Ada")
    task = _task(ada, assigned_to=world.staff)
    _as(client, world.staff)
    assert client.post(f"/medarbejder/opfoelgning/{task.id}",
                       data={"note": "Ringede til Ada; hun møder igen mandag."}).status_code == 302
    assert "Ada" not in client.get("/medarbejder/opfoelgning").get_data(as_text=True)
    done = client.get("/medarbejder/opfoelgning?status=done").get_data(as_text=True)
    assert "Ada" in done and "Ringede til Ada; hun møder igen mandag." in done and "af Mette Medarbejder" in done
    assert "Ringede til Ada" in client.get("/medarbejder/opfoelgning?status=all&whose=all").get_data(as_text=True)
    timeline = client.get(f"/medarbejder/unge/{ada.id}/forloeb").get_data(as_text=True)
    assert "Opfølgning udført af Mette Medarbejder: Udeblivelse – Ringede til Ada; hun møder igen mandag." in timeline


def test_the_escalation_job_reminds_once_per_overdue_task_and_the_flag_shows(
        app, client, world: World, colleague) -> None:  # noqa: ANN001
    ada, bo, cy = (add_youth(world, name) for name in ("Ada", "Bo", "Cy"))
    late = _task(ada, due_in=-1, assigned_to=world.staff)
    nobodys = _task(bo, due_in=-3)
    _task(cy, due_in=1, assigned_to=world.staff)  # not late yet

    def reminders() -> list[OutboxMessage]:
        return list(db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.subject.like("Påmindelse%"))
                                       .order_by(OutboxMessage.id)))

    result = app.test_cli_runner().invoke(args=["follow-up", "escalate"])
    assert result.exit_code == 0 and "2 opgave(r)" in result.output
    sent = reminders()
    assert [(m.recipient_user_id, "Ada" in m.subject) for m in sent if "Ada" in m.subject] == [(world.staff.id, True)]
    assert sorted(m.recipient_user_id for m in sent if "Bo" in m.subject) == sorted([world.staff.id, colleague.id])
    assert all(m.body.endswith("http://localhost/medarbejder/opfoelgning") for m in sent)

    job = submit(None, ESCALATION_KIND)  # the scheduled job: nothing new to send
    db.session.refresh(job)
    assert job.status is JobStatus.SUCCEEDED and job.result == {"reminded": 0}
    assert app.test_cli_runner().invoke(args=["follow-up", "escalate"]).output.startswith("Ingen nye")
    assert len(reminders()) == len(sent) == 3

    _as(client, world.staff)
    page = client.get("/medarbejder/opfoelgning").get_data(as_text=True)
    today = utcnow().strftime("%d.%m.%Y")
    assert page.count(f"Påmindelse sendt {today}") == 2 and page.count("Over fristen") == 2
    db.session.expire_all()
    assert db.session.get(FollowUpTask, late.id).escalated_at is not None
    assert db.session.get(FollowUpTask, nobodys.id).escalated_at is not None


def test_the_escalation_job_kind_sends_the_reminder(app, world: World) -> None:  # noqa: ANN001
    _task(add_youth(world, "Ada"), due_in=-1, assigned_to=world.staff)
    job = submit(None, ESCALATION_KIND, {"scheduled": True})
    db.session.refresh(job)
    assert job.status is JobStatus.SUCCEEDED and job.result == {"reminded": 1}
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id)).where(
        OutboxMessage.subject.like("Påmindelse%"), OutboxMessage.recipient_user_id == world.staff.id)) == 1


@pytest.mark.parametrize("query", [
    "whose=%3Cscript%3E&status=999", "status=done&side=-4", "status=&whose=", "side=abc&alle=2",
    "whose=all&whose=mine&status[]=x", "status=" + "x" * 5000, "side=99999999999999999999",
])
def test_junk_in_the_filter_gives_the_default_view_not_an_error(client, world: World, query: str) -> None:  # noqa: ANN001
    _task(add_youth(world, "Ada"), assigned_to=world.staff)
    _as(client, world.staff)
    response = client.get(f"/medarbejder/opfoelgning?{query}")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<script>" not in body and 'class="filter-form"' in body
