"""Planning services: every transition (legal and illegal), the engine adapter, seats, follow-up rules, outcome."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from partnerhub import matching
from partnerhub.companies import service as companies
from partnerhub.extensions import db
from partnerhub.fair.services.marks import set_mark
from partnerhub.planning import engine_adapter as adapter
from partnerhub.planning import ics
from partnerhub.planning.models import (
    FOLLOW_UP_TRANSITIONS,
    PLACEMENT_TRANSITIONS,
    PROPOSAL_TRANSITIONS,
    ROUND_TRANSITIONS,
    SEAT_HOLDING,
    YOUTH_ANSWER_TRANSITIONS,
    AttendanceKind,
    FeedbackAuthor,
    FollowUpKind,
    FollowUpStatus,
    FollowUpTask,
    OutcomeKind,
    Placement,
    PlacementStatus,
    ProposalStatus,
    RoundStatus,
    SeatCounter,
    YouthAnswer,
)
from partnerhub.planning.services import (
    alternatives,
    attendance,
    checks,
    common,
    feedback,
    followup,
    outcomes,
    placements,
    proposals,
    rounds,
)
from partnerhub.planning.services import timeline as timelines
from partnerhub.reference.models import TradeArea
from partnerhub.youth.models import Readiness, Transport, TravelUnit, YouthProfile
from tests.planning.conftest import World, add_youth
from tests.planning.helpers import make_proposal, make_round


def _round(world: World, profiles: list[YouthProfile], k: int = 3):  # noqa: ANN202
    return make_round(world.periods, profiles, k=k)


def _approved(world: World, profile: YouthProfile, companies_: list | None = None):  # noqa: ANN202
    round_ = _round(world, [profile])
    proposal = make_proposal(round_, profile, companies_ or world.companies)
    proposals.approve(world.staff, proposal)
    db.session.commit()
    return proposal


def _taken(company_id: int, period_id: int) -> int:
    return db.session.scalar(db.select(SeatCounter.taken).where(SeatCounter.company_id == company_id,
                                                                SeatCounter.period_id == period_id)) or 0


# ---- adapter ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("transport", "minutes", "km"), [
    (Transport.WALK, 60, 5.0), (Transport.BIKE, 30, 7.5), (Transport.MOPED, 30, 15.0),
    (Transport.PUBLIC, 45, 18.8), (Transport.CAR, 30, 25.0),
])
def test_travel_minutes_become_km_by_mode(transport: Transport, minutes: int, km: float) -> None:
    profile = YouthProfile(first_name="A", transport=transport, max_travel=minutes, max_travel_unit=TravelUnit.MINUTES)
    assert adapter.max_travel_km(profile) == pytest.approx(km, abs=0.05)


def test_travel_in_km_is_taken_as_given_and_missing_gets_the_default() -> None:
    assert adapter.max_travel_km(YouthProfile(first_name="A", max_travel=12, max_travel_unit=TravelUnit.KM)) == 12.0
    assert adapter.max_travel_km(YouthProfile(first_name="A")) == adapter.DEFAULT_MAX_TRAVEL_KM


def test_instance_maps_curious_marks_capacity_and_ids(world: World) -> None:
    profile = add_youth(world, "Ada")
    set_mark(world.staff, profile, company_id=world.companies[1].id)
    set_mark(world.staff, profile, trade_area_id=world.areas["dyr-natur"].id)
    nowhere = add_youth(world, "Bo")
    nowhere.town = None
    db.session.commit()
    round_ = _round(world, [profile, nowhere])
    result = adapter.build_instance(round_, [profile, nowhere])
    youth = {y.id: y for y in result.instance.youth}
    assert set(youth) == {f"y{profile.id}"} and result.skipped == {nowhere.id: adapter.NO_TOWN}
    assert youth[f"y{profile.id}"].curious == (f"c{world.companies[1].id}", "dyr-natur")
    assert youth[f"y{profile.id}"].max_travel_km == 40.0
    assert {c.id: c.capacity for c in result.instance.companies} == {f"c{c.id}": (1, 1, 1) for c in world.companies}
    assert matching.instance_from_dict(matching.instance_to_dict(result.instance)).youth[0].id == f"y{profile.id}"


def test_rerun_passes_approved_placements_as_fixed_and_visited_companies_as_excluded(world: World) -> None:
    profile = add_youth(world, "Ada")
    proposal = _approved(world, profile, world.companies[:2])
    first, second = proposal.placements
    placements.answer_offer(world.hr[second.company_id], second, accept=False, reason="Travlt")
    db.session.commit()
    result = adapter.build_instance(proposal.round, [profile])
    youth = result.instance.youth[0]
    assert youth.fixed == (matching.FixedPlacement(f"c{first.company_id}", 0),)
    assert youth.excluded_companies == (f"c{second.company_id}",)
    capacity = {c.id: c.capacity for c in result.instance.companies}
    assert capacity[f"c{first.company_id}"] == (1, 1, 1)  # our own fixed seat is handed to the engine as fixed
    assert capacity[f"c{second.company_id}"] == (1, 1, 1)  # the decline gave the seat back


# ---- rounds and runs ----------------------------------------------------------------------------------------------

def test_create_round_defaults_to_active_youth_without_live_placement_and_reuses_periods(
        world: World, planning_on_monday: dt.date) -> None:
    busy = add_youth(world, "Optaget")
    free = add_youth(world, "Fri")
    inactive = add_youth(world, "Inaktiv")
    inactive.user.active = False
    _approved(world, busy, world.companies[:1])
    round_ = rounds.create_round(world.staff, name="Forår", starts_on=world.periods[0].starts_on, period_count=3,
                                 period_weeks=4, rotation_k=3)
    db.session.commit()
    assert [p.profile.id for p in round_.participants] == [free.id]
    assert [rp.period_id for rp in round_.periods] == [p.id for p in world.periods]


def test_create_round_with_new_dates_creates_periods_and_carries_capacity(world: World) -> None:
    start = world.periods[-1].ends_on + dt.timedelta(days=3)
    round_ = rounds.create_round(world.staff, name="Sommer", starts_on=start, period_count=2, period_weeks=2,
                                 rotation_k=2, participant_ids=[])
    db.session.commit()
    new_periods = rounds.round_period_list(round_)
    assert [p.starts_on for p in new_periods] == [start, start + dt.timedelta(weeks=2)]
    assert all(len(companies.capacities_in_period(p)) == 3 for p in new_periods)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"period_count": 0}, "perioder"), ({"period_weeks": 30}, "uger"), ({"rotation_k": 4}, "virksomheder"),
    ({"starts_on": "tuesday"}, "mandag"),
])
def test_create_round_refuses_bad_input(world: World, kwargs: dict, message: str,
                                        planning_on_monday: dt.date) -> None:
    values = {"name": "X", "starts_on": world.periods[0].starts_on, "period_count": 3, "period_weeks": 4,
              "rotation_k": 3, **kwargs}
    if values["starts_on"] == "tuesday":
        values["starts_on"] = world.periods[0].starts_on + dt.timedelta(days=1)
    with pytest.raises(common.PlanningError, match=message):
        rounds.create_round(world.staff, **values)


def test_duration_warning_per_readiness_group_from_the_rules(world: World) -> None:
    ready = add_youth(world, "Klar", readiness=Readiness.READY)
    activity = add_youth(world, "Aktiv", readiness=Readiness.ACTIVITY_READY)
    warnings = checks.duration_warnings(5, [ready, activity])
    assert len(warnings) == 1 and "4 uger" in warnings[0] and "LAB § 61" in warnings[0]
    assert len(checks.duration_warnings(14, [ready, activity])) == 2
    assert checks.duration_warnings(4, [ready, activity]) == []


def test_run_creates_proposals_and_rerun_replaces_only_unapproved(world: World) -> None:
    ada, bo = add_youth(world, "Ada"), add_youth(world, "Bo")
    round_ = _round(world, [ada, bo], k=2)
    job = rounds.start_run(world.staff, round_)
    db.session.commit()
    db.session.refresh(job)
    assert job.status.value == "succeeded", job.error
    assert round_.status is RoundStatus.PROPOSED
    by_youth = {p.youth_profile_id: p for p in round_.proposals}
    assert set(by_youth) == {ada.id, bo.id}
    item = by_youth[ada.id].items[0]
    assert item.explanation["distance_km"] >= 0 and "components" in item.explanation
    proposals.approve(world.staff, by_youth[ada.id])
    db.session.commit()
    approved_companies = {i.company_id for i in by_youth[ada.id].items}
    rounds.run_round(world.staff, round_)
    db.session.commit()
    db.session.expire_all()
    statuses = sorted((p.youth_profile_id, p.status.value) for p in round_.proposals)
    assert (ada.id, "approved") in statuses and (bo.id, "superseded") in statuses and (bo.id, "proposed") in statuses
    new_for_ada = [p for p in round_.proposals if p.youth_profile_id == ada.id and p.status is ProposalStatus.PROPOSED]
    for proposal in new_for_ada:  # a re-run never proposes an approved company again
        assert not approved_companies & {i.company_id for i in proposal.items}


def _every_move(states, table, prepare, move) -> None:  # noqa: ANN001
    """Every (from, to) pair: the listed ones succeed, all others are refused and change nothing."""
    for old in states:
        for new in states:
            subject = prepare(old)
            if new in table[old]:
                move(subject, new)
                assert subject.status is new if hasattr(subject, "status") else True, (old, new)
            else:
                with pytest.raises(common.PlanningError):
                    move(subject, new)


def test_round_transitions(world: World) -> None:
    round_ = _round(world, [])

    def prepare(old: RoundStatus):  # noqa: ANN202
        round_.status = old
        return round_

    _every_move(list(RoundStatus), ROUND_TRANSITIONS, prepare,
                lambda r, new: rounds.transition_round(world.staff, r, new))


# ---- proposals ----------------------------------------------------------------------------------------------------

def test_proposal_transitions(world: World) -> None:
    proposal = make_proposal(_round(world, []), add_youth(world, "Ada"), world.companies[:1])

    def prepare(old: ProposalStatus):  # noqa: ANN202
        proposal.status = old
        db.session.flush()
        return proposal

    _every_move(list(ProposalStatus), PROPOSAL_TRANSITIONS, prepare,
                lambda p, new: proposals.transition_proposal(world.staff, p, new))


def test_approve_books_seats_offers_by_mail_and_refuses_a_full_company(world: World) -> None:
    ada, bo = add_youth(world, "Ada"), add_youth(world, "Bo")
    round_ = _round(world, [ada, bo])
    first = make_proposal(round_, ada, world.companies)
    second = make_proposal(round_, bo, world.companies[:1])
    proposals.approve(world.staff, first)
    db.session.commit()
    assert [p.status for p in first.placements] == [PlacementStatus.OFFERED] * 3
    assert all(_taken(i.company_id, i.period_id) == 1 for i in first.items)
    from partnerhub.outbox.models import OutboxMessage
    subjects = [m.subject for m in db.session.scalars(db.select(OutboxMessage))]
    assert sum("Ny praktikant" in s for s in subjects) == 3 and any("plan er klar" in s for s in subjects)
    with pytest.raises(common.CapacityError):
        proposals.approve(world.staff, second)
    db.session.rollback()
    db.session.refresh(second)
    assert second.status is ProposalStatus.PROPOSED and _taken(world.companies[0].id, world.periods[0].id) == 1


def test_reject_needs_a_known_code_and_keeps_the_text(world: World) -> None:
    proposal = make_proposal(_round(world, []), add_youth(world, "Ada"), world.companies[:1])
    with pytest.raises(common.PlanningError):
        proposals.reject(world.staff, proposal, "nonsense", None)
    proposals.reject(world.staff, proposal, "travel", "  For langt  ")
    assert proposal.status is ProposalStatus.REJECTED and proposal.reject_text == "For langt"


def test_edit_swaps_adds_and_drops_with_hard_checks_and_warnings(world: World) -> None:
    ada = add_youth(world, "Ada", accommodations="Roligt sted")
    round_ = _round(world, [ada], k=2)
    proposal = make_proposal(round_, ada, world.companies[:1])
    p1, p2, p3 = world.periods
    check = proposals.set_item(world.staff, proposal, p1, world.companies[1])  # swap
    assert [i.company_id for i in proposal.items] == [world.companies[1].id]
    assert any("hensyn" in w for w in check.warnings)  # company 2 has no special-needs suitability
    proposals.set_item(world.staff, proposal, p2, world.companies[0])  # add a period
    with pytest.raises(common.PlanningError, match="to gange"):
        proposals.set_item(world.staff, proposal, p3, world.companies[0])
    with pytest.raises(common.PlanningError, match="Højst 2"):
        proposals.set_item(world.staff, proposal, p3, world.companies[2])
    proposals.drop_item(world.staff, proposal, p1)
    assert [i.period_id for i in proposal.items] == [p2.id]
    with pytest.raises(common.PlanningError):
        proposals.drop_item(world.staff, proposal, p2)  # the last one: reject instead
    assert proposal.source == "edited"


def test_alternatives_are_ranked_by_score_and_skip_full_companies(world: World) -> None:
    ada, bo = add_youth(world, "Ada", "Juelsminde"), add_youth(world, "Bo")
    round_ = _round(world, [ada, bo])
    _full = _approved(world, bo, world.companies[:1])
    ranked = alternatives.alternatives(round_, ada, world.periods[0], {})
    assert [a.company.id for a in ranked][0] == world.companies[1].id  # Juelsminde: nearest
    assert world.companies[0].id not in {a.company.id for a in ranked}
    assert all(a.score is not None for a in ranked)


def test_manual_placement_uses_the_same_checks(world: World) -> None:
    ada, bo = add_youth(world, "Ada"), add_youth(world, "Bo")
    round_ = _round(world, [ada])
    _approved(world, bo, world.companies[:1])
    with pytest.raises(common.PlanningError, match="ingen ledig plads"):
        proposals.manual_proposal(world.staff, round_, ada, {world.periods[0].id: world.companies[0].id})
    proposal, _check = proposals.manual_proposal(world.staff, round_, ada, {world.periods[0].id: world.companies[1].id,
                                                                            world.periods[1].id: world.companies[0].id})
    assert proposal.source == "manual" and len(proposal.items) == 2


# ---- placements ---------------------------------------------------------------------------------------------------

def test_placement_transitions(world: World) -> None:
    placement = _approved(world, add_youth(world, "Ada"), world.companies[:1]).placements[0]
    placement.statement_employer = placement.statement_steward = True

    def prepare(old: PlacementStatus):  # noqa: ANN202
        placement.status = old
        return placement

    _every_move(list(PlacementStatus), PLACEMENT_TRANSITIONS, prepare,
                lambda p, new: placements.transition_placement(world.staff, p, new, reason="grund"))


def test_start_needs_the_written_statement_and_end_needs_a_reason(world: World) -> None:
    placement = _approved(world, add_youth(world, "Ada"), world.companies[:1]).placements[0]
    hr = world.hr[placement.company_id]
    placements.answer_offer(hr, placement, accept=True)
    with pytest.raises(common.PlanningError, match="udtalelse"):
        placements.staff_change_placement(world.staff, placement, "start", None)
    placements.confirm_statement(hr, placement, employer=True, steward=True)
    placements.staff_change_placement(world.staff, placement, "start", None)
    with pytest.raises(common.PlanningError, match="grund"):
        placements.staff_change_placement(world.staff, placement, "end", "")
    placements.staff_change_placement(world.staff, placement, "pause", None)
    placements.staff_change_placement(world.staff, placement, "end", "Flyttet")
    assert placement.status is PlacementStatus.ENDED and _taken(placement.company_id, placement.period_id) == 0


def test_decline_reopens_the_period_with_a_task_and_a_new_offer_fills_it(world: World) -> None:
    ada = add_youth(world, "Ada")
    proposal = _approved(world, ada, world.companies[:2])
    declined = proposal.placements[1]
    other_hr = world.hr[world.companies[0].id]
    with pytest.raises(PermissionError):
        placements.answer_offer(other_hr, declined, accept=False, reason="x")
    placements.answer_offer(world.hr[declined.company_id], declined, accept=False, reason="Ingen mentor i perioden")
    db.session.commit()
    assert _taken(declined.company_id, declined.period_id) == 0
    task = db.session.scalar(db.select(FollowUpTask).where(FollowUpTask.kind == FollowUpKind.DECLINED))
    assert task.assigned_to_id == world.staff.id and "Ingen mentor" in task.note
    ranked = alternatives.alternatives(proposal.round, ada, declined.period,
                                       {p.period_id: p.company_id for p in proposal.placements
                                        if p.status in SEAT_HOLDING})
    assert ranked and ranked[0].company.id == world.companies[2].id  # never the company that is already in the rotation
    proposals.set_item(world.staff, proposal, declined.period, world.companies[2])
    db.session.commit()
    live = [p for p in proposal.placements if p.status is PlacementStatus.OFFERED]
    assert {p.company_id for p in live} == {world.companies[0].id, world.companies[2].id}


def test_replace_rest_withdraws_placements_that_have_not_started(world: World) -> None:
    proposal = _approved(world, add_youth(world, "Ada"))
    count = placements.replace_rest(world.staff, proposal)
    assert count == 2  # period 1 starts this week, so it stays
    assert [p.status for p in proposal.placements] == [PlacementStatus.OFFERED, PlacementStatus.CANCELLED,
                                                       PlacementStatus.CANCELLED]


def test_youth_answer_transitions(world: World) -> None:
    ada = add_youth(world, "Ada")
    proposal = _approved(world, ada, world.companies[:1])
    for old in YouthAnswer:
        for new in YouthAnswer:
            proposal.youth_answer = old
            if new in YOUTH_ANSWER_TRANSITIONS[old]:
                proposals.youth_answer(ada.user, proposal, new, "hej")
                assert proposal.youth_answer is new
            else:
                with pytest.raises(common.PlanningError):
                    proposals.youth_answer(ada.user, proposal, new)
    proposal.youth_answer = YouthAnswer.PENDING
    proposal.status = ProposalStatus.PROPOSED
    with pytest.raises(common.PlanningError, match="ikke klar"):
        proposals.youth_answer(ada.user, proposal, YouthAnswer.ACCEPTED)


def test_asking_for_a_talk_creates_a_task_and_only_the_owner_may_answer(world: World) -> None:
    ada, bo = add_youth(world, "Ada"), add_youth(world, "Bo")
    proposal = _approved(world, ada, world.companies[:1])
    with pytest.raises(PermissionError):
        proposals.youth_answer(bo.user, proposal, YouthAnswer.ACCEPTED)
    proposals.youth_answer(ada.user, proposal, YouthAnswer.TALK, "Jeg er nervøs")
    task = db.session.scalar(db.select(FollowUpTask).where(FollowUpTask.kind == FollowUpKind.TALK))
    assert task.youth_profile_id == ada.id and task.note == "Jeg er nervøs"


# ---- attendance and follow-up -------------------------------------------------------------------------------------

def _running(world: World, name: str = "Ada") -> Placement:
    placement = _approved(world, add_youth(world, name), world.companies[:1]).placements[0]
    hr = world.hr[placement.company_id]
    placements.answer_offer(hr, placement, accept=True)
    placements.confirm_statement(hr, placement, employer=True, steward=True)
    db.session.commit()
    return placement


def _tasks(kind: FollowUpKind) -> list[FollowUpTask]:
    return list(db.session.scalars(db.select(FollowUpTask).where(FollowUpTask.kind == kind)))


def test_attendance_without_the_statement_is_refused(world: World) -> None:
    placement = _approved(world, add_youth(world, "Ada"), world.companies[:1]).placements[0]
    hr = world.hr[placement.company_id]
    placements.answer_offer(hr, placement, accept=True)
    with pytest.raises(common.PlanningError, match="udtalelse"):
        attendance.record_attendance(hr, placement, {placement.starts_on: AttendanceKind.NO_SHOW})


def test_a_no_show_creates_one_follow_up_with_a_due_date_and_never_ends_the_placement(world: World, app) -> None:  # noqa: ANN001
    placement = _running(world)
    hr = world.hr[placement.company_id]
    tasks = attendance.record_attendance(hr, placement, {placement.starts_on: AttendanceKind.NO_SHOW})
    assert len(tasks) == 1 and tasks[0].kind is FollowUpKind.NO_SHOW
    assert tasks[0].due_on == common.today() + dt.timedelta(days=app.config["FOLLOW_UP_DUE_DAYS"])
    assert tasks[0].assigned_to_id == world.staff.id
    assert placement.status is PlacementStatus.ACTIVE  # started by the first attendance, not ended by the no-show
    attendance.record_attendance(hr, placement, {placement.starts_on: AttendanceKind.NO_SHOW})
    assert len(_tasks(FollowUpKind.NO_SHOW)) == 1


def _two_weeks_back(placement: Placement) -> None:
    """Move a running placement into the past, so its first days can be recorded whatever today is."""
    placement.starts_on -= dt.timedelta(weeks=2)
    placement.ends_on -= dt.timedelta(weeks=2)


def test_one_absence_is_fine_two_in_a_row_create_a_follow_up(world: World) -> None:
    placement = _running(world)
    _two_weeks_back(placement)
    hr = world.hr[placement.company_id]
    monday = placement.starts_on
    assert attendance.record_attendance(hr, placement, {monday: AttendanceKind.ABSENT}) == []
    tasks = attendance.record_attendance(hr, placement, {monday + dt.timedelta(days=1): AttendanceKind.ABSENT})
    assert [t.kind for t in tasks] == [FollowUpKind.ABSENCES]


def test_absences_across_a_weekend_count_as_in_a_row(world: World) -> None:
    placement = _running(world)
    _two_weeks_back(placement)
    friday, monday = placement.starts_on + dt.timedelta(days=4), placement.starts_on + dt.timedelta(days=7)
    hr = world.hr[placement.company_id]
    tasks = attendance.record_attendance(hr, placement, {friday: AttendanceKind.ABSENT, monday: AttendanceKind.ABSENT})
    assert [t.kind for t in tasks] == [FollowUpKind.ABSENCES]


def test_attendance_outside_the_placement_or_in_the_future_is_refused(world: World) -> None:
    placement = _running(world)
    hr = world.hr[placement.company_id]
    with pytest.raises(common.PlanningError, match="uden for"):
        attendance.record_attendance(hr, placement, {placement.starts_on - dt.timedelta(days=1): AttendanceKind.ABSENT})
    with pytest.raises(common.PlanningError, match="gået"):
        attendance.record_attendance(hr, placement, {placement.ends_on: AttendanceKind.ABSENT})
    with pytest.raises(PermissionError):
        attendance.record_attendance(world.hr[world.companies[1].id], placement, {})


def test_follow_up_transitions(world: World) -> None:
    task = FollowUpTask(youth_profile_id=add_youth(world, "Ada").id, kind=FollowUpKind.NO_SHOW,
                        due_on=common.today())
    db.session.add(task)
    db.session.flush()

    def prepare(old: FollowUpStatus):  # noqa: ANN202
        task.status = old
        return task

    _every_move(list(FollowUpStatus), FOLLOW_UP_TRANSITIONS, prepare,
                lambda t, new: followup.transition_task(world.staff, t, new, "Ringet op"))
    assert task.done_by_id == world.staff.id


# ---- feedback, outcome, timeline ----------------------------------------------------------------------------------

def test_feedback_opens_at_the_end_and_each_side_answers_for_itself(world: World) -> None:
    placement = _running(world)
    hr = world.hr[placement.company_id]
    answers = {"attendance": 4, "engagement": 5, "cooperation": 3}
    with pytest.raises(common.PlanningError):
        feedback.give_feedback(hr, placement, FeedbackAuthor.COMPANY, answers, None)
    placements.staff_change_placement(world.staff, placement, "start", None)
    placements.staff_change_placement(world.staff, placement, "complete", None)
    with pytest.raises(common.PlanningError, match="1 til 5"):
        feedback.give_feedback(hr, placement, FeedbackAuthor.COMPANY, {**answers, "attendance": 6}, None)
    with pytest.raises(PermissionError):
        feedback.give_feedback(hr, placement, FeedbackAuthor.YOUTH, {"welcome": 5, "learned": 5, "again": 5}, None)
    feedback.give_feedback(hr, placement, FeedbackAuthor.COMPANY, answers, "God start")
    youth_user = placement.profile.user
    feedback.give_feedback(youth_user, placement, FeedbackAuthor.YOUTH, {"welcome": 5, "learned": 4, "again": 2}, "")
    assert {f.author for f in placement.feedback} == {FeedbackAuthor.COMPANY, FeedbackAuthor.YOUTH}


def test_outcome_sets_reminders_at_3_6_and_12_months_once(world: World) -> None:
    ada = add_youth(world, "Ada")
    with pytest.raises(common.PlanningError, match="uddannelse"):
        outcomes.record_outcome(world.staff, ada, OutcomeKind.EDUCATION)
    outcomes.record_outcome(world.staff, ada, OutcomeKind.EDUCATION, education="Tømrer (EUD)")
    reminders = sorted(t.due_on for t in _tasks(FollowUpKind.OUTCOME_CHECK))
    today = common.today()
    assert reminders == [common.add_months(today, m) for m in (3, 6, 12)]
    outcomes.record_outcome(world.staff, ada, OutcomeKind.JOB)
    assert len(_tasks(FollowUpKind.OUTCOME_CHECK)) == 3


def test_add_months_clamps_to_the_end_of_the_month() -> None:
    assert common.add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
    assert common.add_months(dt.date(2026, 1, 31), 12) == dt.date(2027, 1, 31)


def test_timeline_holds_every_kind_of_event_newest_first(world: World) -> None:
    placement = _running(world)
    hr = world.hr[placement.company_id]
    attendance.record_attendance(hr, placement, {placement.starts_on: AttendanceKind.NO_SHOW})
    proposals.youth_answer(placement.profile.user, placement.proposal, YouthAnswer.ACCEPTED)
    outcomes.record_outcome(world.staff, placement.profile, OutcomeKind.INTERNSHIP)
    events = timelines.timeline(world.staff, placement.profile)
    kinds = {e.kind for e in events}
    assert {"round", "proposal", "placement", "answer", "attendance", "follow_up", "outcome"} <= kinds
    assert [e.when for e in events] == sorted((e.when for e in events), reverse=True)


# ---- hooks, ICS, CLI ----------------------------------------------------------------------------------------------

def test_partner_network_counts_hosted_youth_and_shared_pairs(world: World) -> None:
    proposal = _approved(world, add_youth(world, "Ada"), world.companies[:2])
    for placement in proposal.placements:
        placements.answer_offer(world.hr[placement.company_id], placement, accept=True)
    db.session.commit()
    a, b, c = (company.id for company in world.companies)
    assert placements.hosted_counts([a, b, c]) == {a: 1, b: 1, c: 0}
    assert placements.shared_pairs() == {tuple(sorted((a, b)))}


def _parse_ics(text: str) -> list[dict[str, str]]:
    """A strict reader: CRLF only, lines of at most 75 octets, folded lines unfolded, TEXT unescaped."""
    assert "\n" not in text.replace("\r\n", "")
    raw = text.split("\r\n")
    assert raw[-1] == ""
    assert all(len(line.encode()) <= 75 for line in raw)
    lines: list[str] = []
    for line in raw[:-1]:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR" and "VERSION:2.0" in lines
    events, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            name, _sep, value = line.partition(":")
            current[name] = (value.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";")
                             .replace("\\\\", "\\"))
    return events


def test_ics_is_rfc5545_with_escaped_text_and_folded_lines() -> None:
    text = ics.calendar([ics.CalendarEvent(uid="p-1@partnerhub", starts_on=dt.date(2026, 3, 2),
                                           ends_on=dt.date(2026, 3, 27), summary="Praktik hos Bager; Brød, kage",
                                           location="Havnevej 4, Juelsminde",
                                           description="Spørg efter Åse\n" + "ø" * 60)],
                        name="Min plan", stamp=dt.datetime(2026, 1, 1, 12))
    (event,) = _parse_ics(text)
    assert event["SUMMARY"] == "Praktik hos Bager; Brød, kage"
    assert event["DTSTART;VALUE=DATE"] == "20260302" and event["DTEND;VALUE=DATE"] == "20260328"
    assert event["DESCRIPTION"] == "Spørg efter Åse\n" + "ø" * 60
    assert event["DTSTAMP"] == "20260101T120000Z" and event["UID"] == "p-1@partnerhub"


def test_export_round_cli_writes_a_rotation_instance(world: World, app, tmp_path) -> None:  # noqa: ANN001
    ada = add_youth(world, "Ada")
    round_ = _round(world, [ada])
    out = tmp_path / "round.json"
    result = app.test_cli_runner().invoke(args=["export-round", str(round_.id), "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "rotation-instance/1" and data["youth"][0]["id"] == f"y{ada.id}"
    assert matching.instance_from_dict(data).companies[0].capacity == (1, 1, 1)
    missing = app.test_cli_runner().invoke(args=["export-round", "999999", "--out", str(out)])
    assert missing.exit_code != 0


def test_undecided_means_no_trade_area_or_areas_in_more_than_one_main_area(world: World) -> None:
    areas = sorted(db.session.scalars(db.select(TradeArea)), key=lambda a: (a.main_area_code, a.key))
    by_main: dict[str, list[TradeArea]] = {}
    for area in areas:
        by_main.setdefault(area.main_area_code, []).append(area)
    settled = next(group for group in by_main.values() if len(group) >= 2)
    elsewhere = next(group[0] for main, group in by_main.items() if main != settled[0].main_area_code)
    ada = add_youth(world, "Ada")
    ada.trade_areas = []
    assert adapter.is_undecided(ada)
    ada.trade_areas = settled[:2]
    assert not adapter.is_undecided(ada)
    ada.trade_areas = [settled[0], elsewhere]
    assert adapter.is_undecided(ada)
    youth = adapter.engine_youth(ada, world.periods, 2, curious=())
    assert youth.diverse_preferred


def test_placement_status_groups_fit_together() -> None:
    """Every status is not started, started or called off; the other groups are built from those."""
    from partnerhub.planning import models

    assert set(PlacementStatus) == models.NOT_STARTED | models.STARTED | models.CALLED_OFF
    assert not (models.NOT_STARTED & models.STARTED or models.STARTED & models.CALLED_OFF
                or models.NOT_STARTED & models.CALLED_OFF)
    assert models.LIVE == models.NOT_STARTED | models.RUNNING
    assert models.LIVE | {PlacementStatus.COMPLETED} == models.SEAT_HOLDING
    assert models.STARTED | {PlacementStatus.ACCEPTED} == models.HOSTED
    assert models.STARTED == models.RUNNING | models.FINISHED
    for status in PlacementStatus:
        placement = Placement(status=status)
        assert placement.holds_seat == (status in SEAT_HOLDING) and placement.is_live == (status in models.LIVE)
        assert placement.called_off == (status in models.CALLED_OFF)
