"""Issue 17, eligibility: not at the last employer, not too long at one company, a company's load of interns and a
staff flag; hard rules for the matcher and for every manual edit, with Danish reasons; a warning after too many
internships without progress."""

from __future__ import annotations

from datetime import timedelta

from partnerhub.audit.models import AuditEvent
from partnerhub.companies.models import Company
from partnerhub.eligibility.models import CompanyFlag, FlagStatus, LastEmployer
from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.planning.models import PlacementStatus, PlanningRound, Proposal, ProposalStatus
from partnerhub.planning.services import proposals
from partnerhub.reference.models import SchedulingRule
from partnerhub.youth.models import YouthProfile
from tests import factories
from tests.conftest import login
from tests.planning.conftest import World, add_youth, this_monday
from tests.planning.helpers import make_placement, make_proposal, make_round

LAST_EMPLOYER_REFUSAL = "Firma 1 er den unges seneste arbejdsgiver"


def _as(client, user) -> None:  # noqa: ANN001
    client.post("/log-ud")
    assert login(client, user.email).status_code == 302


def _manual(client, round_: PlanningRound, profile: YouthProfile, period_id: int, company: Company):  # noqa: ANN001, ANN202
    return client.post(f"/medarbejder/planlaegning/{round_.id}/manuel",
                       data={"youth": str(profile.id), f"period_{period_id}": str(company.id)})


def _history(profile: YouthProfile, company: Company, *, weeks: int, ended_days_ago: int = 3,
             status: PlacementStatus = PlacementStatus.COMPLETED) -> None:
    """An earlier placement of `weeks` weeks at the company that ended some days ago (from the placements table)."""
    ends_on = this_monday() - timedelta(days=ended_days_ago)
    period = factories.PeriodFactory(name=f"Før {profile.first_name} {company.id} {weeks}",
                                     starts_on=ends_on - timedelta(days=7 * weeks - 1), ends_on=ends_on)
    round_ = make_round([period], [profile], name="Tidligere runde")
    make_placement(make_proposal(round_, profile, [company], ProposalStatus.APPROVED), 0, status)


def _run(client, world: World, round_: PlanningRound) -> dict[int, set[int]]:  # noqa: ANN001
    _as(client, world.staff)
    assert client.post(f"/medarbejder/planlaegning/{round_.id}/koer").status_code == 302
    db.session.expire_all()
    found = db.session.scalars(db.select(Proposal).where(Proposal.round_id == round_.id,
                                                         Proposal.status == ProposalStatus.PROPOSED))
    return {p.youth_profile_id: {i.company_id for i in p.items} for p in found}


# ---- the last employer ------------------------------------------------------------------------------------------

def test_the_young_person_records_the_last_employer_and_a_manual_placement_there_is_refused(client,
                                                                                             world: World) -> None:
    ada = add_youth(world, "Ada")
    _as(client, ada.user)
    page = client.get("/ung/seneste-arbejdsgiver")
    assert page.status_code == 200 and "Din seneste arbejdsgiver" in page.get_data(as_text=True)
    ended = (this_monday() - timedelta(days=60)).strftime("%d.%m.%Y")
    saved = client.post("/ung/seneste-arbejdsgiver", data={"company": str(world.companies[0].id), "ended_on": ended})
    assert saved.status_code == 302
    row = db.session.scalar(db.select(LastEmployer).where(LastEmployer.youth_profile_id == ada.id))
    assert row.company_id == world.companies[0].id and row.recorded_by_id == ada.user_id
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "last_employer_recorded",
                                                         AuditEvent.subject_user_id == ada.user_id)) is not None
    data_page = client.get("/ung/mine-data").get_data(as_text=True)  # their right of access
    assert "Seneste arbejdsgiver" in data_page and "Firma 1" in data_page
    assert (this_monday() - timedelta(days=60)).isoformat() in data_page

    round_ = make_round(world.periods, [ada])
    _as(client, world.staff)
    refused = _manual(client, round_, ada, world.periods[0].id, world.companies[0])
    page_text = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert LAST_EMPLOYER_REFUSAL + f" (jobbet sluttede {ended}). Den unge kan ikke komme i praktik der før 12 " \
                                   "måneder efter." in page_text
    assert _manual(client, round_, ada, world.periods[0].id, world.companies[1]).status_code == 302


def test_bad_input_on_the_last_employer_page_is_shown_again_in_danish(client, world: World) -> None:
    ada = add_youth(world, "Ada")
    _as(client, ada.user)
    empty = client.post("/ung/seneste-arbejdsgiver", data={"company": "", "employer_name": ""})
    assert empty.status_code == 422 and "Vælg virksomheden, eller skriv arbejdsgiverens navn." in empty.get_data(
        as_text=True)
    future = (this_monday() + timedelta(days=30)).strftime("%d.%m.%Y")
    later = client.post("/ung/seneste-arbejdsgiver", data={"employer_name": "Bageren", "ended_on": future})
    assert later.status_code == 422 and "Slutdatoen kan ikke ligge i fremtiden" in later.get_data(as_text=True)
    assert 'value="Bageren"' in later.get_data(as_text=True)
    unknown = client.post("/ung/seneste-arbejdsgiver", data={"company": "999999"})
    assert unknown.status_code == 422 and "Vælg en virksomhed fra listen." in unknown.get_data(as_text=True)
    outside = client.post("/ung/seneste-arbejdsgiver", data={"employer_name": "Bageren"})
    assert outside.status_code == 302  # an employer outside PartnerHub is kept, but rules nothing out
    assert client.post("/ung/seneste-arbejdsgiver/slet").status_code == 302
    assert db.session.scalar(db.select(LastEmployer).where(LastEmployer.youth_profile_id == ada.id)) is None


def test_staff_record_it_the_matcher_never_proposes_it_and_says_why_nobody_was_placed(client, world: World) -> None:
    bo, cy = add_youth(world, "Bo"), add_youth(world, "Cy")
    _as(client, world.staff)
    assert client.post(f"/medarbejder/unge/{bo.id}/seneste-arbejdsgiver",
                       data={"company": str(world.companies[0].id), "ended_on": ""}).status_code == 302
    detail = client.get(f"/medarbejder/unge/{bo.id}").get_data(as_text=True)
    assert "Firma 1 (ikke slut)" in detail
    found = _run(client, world, make_round(world.periods, [bo, cy], k=3))
    assert world.companies[0].id not in found[bo.id] and found[bo.id]
    assert world.companies[0].id in found[cy.id]

    # Only Firma 1 left for Dan (the others flagged): he is not placed, and the round page says why in words.
    dan = add_youth(world, "Dan")
    for company in world.companies[1:]:
        db.session.add(CompanyFlag(company_id=company.id, reason="Konflikt", flagged_by_id=world.staff.id))
    db.session.add(LastEmployer(youth_profile_id=dan.id, company_id=world.companies[0].id))
    db.session.commit()
    round_ = make_round(world.periods, [dan], name="Dans runde")
    assert dan.id not in _run(client, world, round_)
    page = client.get(f"/medarbejder/planlaegning/{round_.id}").get_data(as_text=True)
    assert "virksomhederne inden for rejseafstand må ikke foreslås: virksomheden er markeret af en medarbejder, " \
           "den unges seneste arbejdsgiver" in page
    assert "not_eligible" not in page and "last_employer" not in page
    scores = client.get(f"/medarbejder/planlaegning/{round_.id}/unge/{dan.id}/vurdering").get_data(as_text=True)
    assert "Virksomheder, matcheren ikke må foreslå" in scores
    assert LAST_EMPLOYER_REFUSAL + " (jobbet er ikke slut)." in scores


def test_the_period_is_an_admin_rule_an_old_job_no_longer_counts(client, world: World) -> None:
    ada = add_youth(world, "Ada")
    db.session.add(LastEmployer(youth_profile_id=ada.id, company_id=world.companies[0].id,
                                ended_on=this_monday() - timedelta(days=100)))
    admin = factories.UserFactory(role=Role.ADMIN)
    db.session.commit()
    round_ = make_round(world.periods, [ada])
    _as(client, world.staff)
    assert _manual(client, round_, ada, world.periods[0].id, world.companies[0]).status_code == 422
    _as(client, admin)
    assert client.post("/admin/reference/regler/eligibility_last_employer_months",
                       data={"value": "3"}).status_code == 302
    assert db.session.get(SchedulingRule, "eligibility_last_employer_months").value == "3"
    _as(client, world.staff)
    assert _manual(client, round_, ada, world.periods[0].id, world.companies[0]).status_code == 302


def test_a_proposal_edit_to_the_last_employer_is_refused_and_so_is_an_approval(client, world: World) -> None:
    ada = add_youth(world, "Ada")
    round_ = make_round(world.periods, [ada])
    proposal = make_proposal(round_, ada, world.companies[1:2])
    db.session.add(LastEmployer(youth_profile_id=ada.id, company_id=world.companies[0].id))
    db.session.commit()
    _as(client, world.staff)
    edit = client.post(f"/medarbejder/planlaegning/forslag/{proposal.id}/periode/{world.periods[1].id}",
                       data={"company": str(world.companies[0].id)})
    assert edit.status_code == 422 and LAST_EMPLOYER_REFUSAL in edit.get_data(as_text=True)
    # A matcher proposal made before the last employer was recorded says so, and cannot be approved any more.
    stale = make_proposal(make_round(world.periods, [ada], name="Gammel"), ada, world.companies[:1])
    assert LAST_EMPLOYER_REFUSAL in client.get(f"/medarbejder/planlaegning/forslag/{stale.id}").get_data(
        as_text=True)
    approve = client.post(f"/medarbejder/planlaegning/forslag/{stale.id}/godkend", follow_redirects=True)
    assert LAST_EMPLOYER_REFUSAL in approve.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Proposal, stale.id).status is ProposalStatus.PROPOSED


# ---- not again at the same company beyond the total, and progress ------------------------------------------------

def test_too_long_at_the_same_company_is_refused_and_a_shorter_history_is_not(client, world: World) -> None:
    ada, bo = add_youth(world, "Ada"), add_youth(world, "Bo")
    _history(ada, world.companies[0], weeks=26)  # 26 weeks + a 26-day period > 26 weeks
    _history(bo, world.companies[0], weeks=22)  # 22 weeks + 26 days = 180 days <= 182
    round_ = make_round(world.periods, [ada, bo])
    _as(client, world.staff)
    refused = _manual(client, round_, ada, world.periods[0].id, world.companies[0])
    assert refused.status_code == 422
    assert "Den unge har allerede været 26 uger i praktik hos Firma 1. Med denne periode bliver det mere end de 26 " \
           "uger, reglerne tillader." in refused.get_data(as_text=True)
    assert _manual(client, round_, bo, world.periods[0].id, world.companies[0]).status_code == 302


def test_staff_are_warned_after_more_internships_than_the_rule_without_education_or_a_job(client,
                                                                                          world: World) -> None:
    ada = add_youth(world, "Ada")
    for n, company in enumerate(world.companies + world.companies[:1]):
        _history(ada, company, weeks=2, ended_days_ago=3 + 30 * n)
    _as(client, world.staff)
    warning = "Ada har haft 4 praktikker uden at komme videre i uddannelse eller job (reglen: højst 3)."
    assert warning in client.get(f"/medarbejder/unge/{ada.id}").get_data(as_text=True)
    round_ = make_round(world.periods, [ada])
    made = client.post(f"/medarbejder/planlaegning/{round_.id}/manuel", follow_redirects=True,
                       data={"youth": str(ada.id), f"period_{world.periods[0].id}": str(world.companies[1].id)})
    assert made.status_code == 200 and warning in made.get_data(as_text=True)  # a warning, never a refusal
    proposal = db.session.scalar(db.select(Proposal).where(Proposal.round_id == round_.id))
    assert warning in client.get(f"/medarbejder/planlaegning/forslag/{proposal.id}").get_data(as_text=True)
    assert client.post(f"/medarbejder/unge/{ada.id}/resultat",
                       data={"kind": "education", "education": "Tømrer"}).status_code == 302
    assert warning not in client.get(f"/medarbejder/unge/{ada.id}").get_data(as_text=True)



def test_a_rotation_is_checked_by_the_same_rules_as_each_of_its_pairs(world: World) -> None:
    from partnerhub.eligibility.service import pair_errors, rotation_errors

    ada, eva, finn = add_youth(world, "Ada"), add_youth(world, "Eva"), add_youth(world, "Finn")
    flagged, crowded, former, long_stay = (*world.companies, factories.CompanyFactory(name="Firma 4", employees=20))
    crowded.employees = 1
    db.session.add(CompanyFlag(company_id=flagged.id, reason="Konflikt", flagged_by_id=world.staff.id))
    db.session.add(LastEmployer(youth_profile_id=ada.id, company_id=former.id,
                                ended_on=this_monday() - timedelta(days=40)))
    for name in (eva, finn):
        _history(name, crowded, weeks=4, ended_days_ago=40)
    _history(ada, long_stay, weeks=26)
    _history(ada, crowded, weeks=1, ended_days_ago=400)
    other = make_proposal(make_round(world.periods, [ada]), ada, [long_stay], ProposalStatus.APPROVED)
    make_placement(other)  # a placement of the proposal being checked is left out of the history
    pairs = [(company, period) for company in (flagged, crowded, former, long_stay) for period in world.periods]
    for exclude in (None, other.id):
        found = rotation_errors(ada, pairs, exclude)
        assert found == [pair_errors(ada, company, period, exclude) for company, period in pairs]
        text = " ".join(error for errors in found for error in errors)
        assert all(found) and all(rule in text for rule in (
            "Firma 1 er markeret", "Firma 2 har haft 2 i praktik", "Firma 3 er den unges seneste arbejdsgiver",
            "allerede været 26 uger i praktik hos Firma 4"))


def test_only_internships_started_on_or_after_the_day_of_the_last_education_or_job_count(world: World) -> None:
    from datetime import datetime, time

    from partnerhub.eligibility.service import internships_without_progress
    from partnerhub.planning.models import Outcome, OutcomeKind

    ada = add_youth(world, "Ada")
    assert internships_without_progress(ada) == 0
    _history(ada, world.companies[0], weeks=2, ended_days_ago=100)  # before the outcome
    _history(ada, world.companies[1], weeks=2, ended_days_ago=60)  # starts on the outcome's day, later in the day
    _history(ada, world.companies[2], weeks=2, ended_days_ago=3)
    _history(ada, world.companies[2], weeks=1, ended_days_ago=3, status=PlacementStatus.OFFERED)  # never started
    assert internships_without_progress(ada) == 3
    outcome_day = this_monday() - timedelta(days=60 + 13)
    db.session.add(Outcome(youth_profile_id=ada.id, kind=OutcomeKind.JOB,
                           recorded_at=datetime.combine(outcome_day, time(15, 30))))
    db.session.add(Outcome(youth_profile_id=ada.id, kind=OutcomeKind.EDUCATION,
                           recorded_at=datetime.combine(outcome_day - timedelta(days=200), time(9))))
    db.session.commit()
    assert internships_without_progress(ada) == 2

# ---- company load ------------------------------------------------------------------------------------------------

def test_a_company_with_as_many_interns_as_its_staff_allow_is_not_proposed(client, world: World) -> None:
    small = world.companies[0]
    small.employees = 1  # the rule: 2 interns in 12 months per ordinary employee
    db.session.commit()
    for name in ("Eva", "Finn"):
        _history(add_youth(world, name), small, weeks=4, ended_days_ago=40)
    ada = add_youth(world, "Ada")
    round_ = make_round(world.periods, [ada], k=3)
    _as(client, world.staff)
    refused = _manual(client, round_, ada, world.periods[0].id, small)
    assert refused.status_code == 422
    assert "Firma 1 har haft 2 i praktik de seneste 12 måneder og må højst have 2 i forhold til sine ansatte." \
        in refused.get_data(as_text=True)
    assert small.id not in _run(client, world, round_)[ada.id]
    # The ratio rule at one time stays beside it.
    assert "Rimelighedskravet giver højst 1 på én gang." in client.get(
        f"/medarbejder/virksomheder/{small.id}").get_data(as_text=True)


# ---- staff flags -------------------------------------------------------------------------------------------------

def test_a_flagged_company_is_never_proposed_until_the_flag_is_lifted(client, world: World) -> None:
    flagged = world.companies[1]
    url = f"/medarbejder/virksomheder/{flagged.id}/markering"
    _as(client, world.staff)
    empty = client.post(url, data={"flag-reason": "  "})
    assert empty.status_code == 422 and "Skriv hvorfor virksomheden markeres." in empty.get_data(as_text=True)
    assert client.post(url, data={"flag-reason": "Arbejdskonflikt: blokade fra 3F"}).status_code == 302
    flag = db.session.scalar(db.select(CompanyFlag).where(CompanyFlag.company_id == flagged.id))
    assert flag.status is FlagStatus.ACTIVE and flag.flagged_by_id == world.staff.id
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "company_flagged",
                                                         AuditEvent.object_id == str(flagged.id))) is not None
    page = client.get(url).get_data(as_text=True)
    assert "Arbejdskonflikt: blokade fra 3F" in page and "Mette Medarbejder" in page
    assert "Arbejdskonflikt" in client.get(f"/medarbejder/virksomheder/{flagged.id}").get_data(as_text=True)

    ada, bo = add_youth(world, "Ada"), add_youth(world, "Bo")
    round_ = make_round(world.periods, [ada, bo], k=3)
    refused = _manual(client, round_, ada, world.periods[0].id, flagged)
    assert refused.status_code == 422
    assert "Firma 2 er markeret af en medarbejder og kan ikke foreslås, før markeringen er ophævet." \
        in refused.get_data(as_text=True)
    assert "Arbejdskonflikt" not in refused.get_data(as_text=True)  # the reason stays on the flag page
    found = _run(client, world, round_)
    assert all(flagged.id not in companies for companies in found.values()) and found

    # Nobody outside staff sees the reason: the company's HR, the young person, management.
    for user in (world.hr[flagged.id], ada.user, factories.UserFactory(role=Role.MANAGEMENT)):
        db.session.commit()
        _as(client, user)
        for path in ("/virksomhed", "/ung", "/ung/plan", "/ledelse", "/medarbejder/resultater"):
            assert "Arbejdskonflikt" not in client.get(path, follow_redirects=True).get_data(as_text=True), path

    _as(client, world.staff)
    no_note = client.post(url, data={"lift-note": ""})
    assert no_note.status_code == 422 and "Skriv hvorfor markeringen ophæves." in no_note.get_data(as_text=True)
    assert client.post(url, data={"lift-note": "Konflikten er afsluttet"}).status_code == 302
    db.session.expire_all()
    flag = db.session.get(CompanyFlag, flag.id)
    assert flag.status is FlagStatus.LIFTED and flag.lift_note == "Konflikten er afsluttet"
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "company_unflagged")) is not None
    assert "Tidligere markeringer" in client.get(url).get_data(as_text=True)
    assert _manual(client, round_, ada, world.periods[0].id, flagged).status_code == 302


def test_a_flag_after_the_run_stops_the_approval(client, world: World) -> None:
    ada = add_youth(world, "Ada")
    proposal = make_proposal(make_round(world.periods, [ada]), ada, world.companies[:1])
    _as(client, world.staff)
    assert client.post(f"/medarbejder/virksomheder/{world.companies[0].id}/markering",
                       data={"flag-reason": "Misbrug"}).status_code == 302
    try:
        proposals.approve(world.staff, db.session.get(Proposal, proposal.id))
    except proposals.PlanningError as refused:
        assert "Firma 1 er markeret af en medarbejder" in str(refused)
    else:  # pragma: no cover - the point of the test
        raise AssertionError("approved a proposal at a flagged company")


def test_only_staff_and_admins_can_flag_or_lift(client, world: World) -> None:
    ada = add_youth(world, "Ada")
    url = f"/medarbejder/virksomheder/{world.companies[0].id}/markering"
    for user in (world.hr[world.companies[0].id], ada.user, factories.UserFactory(role=Role.MANAGEMENT)):
        db.session.commit()
        _as(client, user)
        assert client.post(url, data={"flag-reason": "Forsøg"}).status_code == 403
        assert client.get(url).status_code == 403
    assert db.session.scalar(db.select(CompanyFlag)) is None
    admin = factories.UserFactory(role=Role.ADMIN)
    db.session.commit()
    _as(client, admin)
    assert client.post(url, data={"flag-reason": "Misbrug af praktikanter"}).status_code == 302
    assert client.post(url, data={"lift-note": "Undersøgt: ingen grund"}).status_code == 302
    assert db.session.scalar(db.select(CompanyFlag)).status is FlagStatus.LIFTED
