"""Building blocks for planning tests: a round over given periods and companies, built from the models directly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from partnerhub.companies.models import Company, PlanningPeriod
from partnerhub.extensions import db
from partnerhub.jobs.models import BackgroundJob, JobStatus
from partnerhub.planning.models import (
    FollowUpKind,
    FollowUpTask,
    Placement,
    PlacementStatus,
    PlanningRound,
    Proposal,
    ProposalItem,
    ProposalStatus,
    RoundParticipant,
    RoundPeriod,
)
from partnerhub.planning.services import rounds
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import YouthProfile


def make_round(periods: list[PlanningPeriod], profiles: list[YouthProfile] = (), *, k: int = 3,
               name: str = "Testrunde") -> PlanningRound:
    weeks = ((periods[0].ends_on - periods[0].starts_on).days + 3) // 7
    round_ = PlanningRound(name=name, starts_on=periods[0].starts_on, period_count=len(periods), period_weeks=weeks,
                           rotation_k=k)
    db.session.add(round_)
    for position, period in enumerate(periods):
        round_.periods.append(RoundPeriod(period=period, position=position))
    for profile in profiles:
        round_.participants.append(RoundParticipant(youth_profile_id=profile.id))
    db.session.commit()
    return round_


def make_proposal(round_: PlanningRound, profile: YouthProfile, companies: list[Company],
                  status: ProposalStatus = ProposalStatus.PROPOSED) -> Proposal:
    proposal = Proposal(round_id=round_.id, youth_profile_id=profile.id, status=status, score=0.5)
    db.session.add(proposal)
    for position, (company, rp) in enumerate(zip(companies, round_.periods, strict=False)):
        proposal.items.append(ProposalItem(company_id=company.id, period_id=rp.period_id, position=position,
                                           score=0.5, explanation={"shared_terms": ["træ"], "distance_km": 3.0}))
    db.session.commit()
    return proposal


def make_placement(proposal: Proposal, item_index: int = 0,
                   status: PlacementStatus = PlacementStatus.OFFERED) -> Placement:
    """A placement without touching the seat counter (for access tests; service tests go through approve())."""
    item = proposal.items[item_index]
    placement = Placement(proposal_id=proposal.id, youth_profile_id=proposal.youth_profile_id,
                          company_id=item.company_id, period_id=item.period_id, starts_on=item.period.starts_on,
                          ends_on=item.period.ends_on, status=status)
    db.session.add(placement)
    db.session.commit()
    return placement


def make_job(round_: PlanningRound) -> BackgroundJob:
    job = BackgroundJob(kind="planning-run", payload={"round_id": round_.id}, status=JobStatus.SUCCEEDED,
                        progress=1.0, finished_at=utcnow())
    db.session.add(job)
    db.session.commit()
    return job


def make_task(profile: YouthProfile, placement: Placement | None = None) -> FollowUpTask:
    task = FollowUpTask(youth_profile_id=profile.id, placement_id=placement.id if placement else None,
                        kind=FollowUpKind.NO_SHOW, due_on=utcnow().date())
    db.session.add(task)
    db.session.commit()
    return task


def start_worker_for_a_queued_run(script: str, round_: PlanningRound, staff_id: int, database: dict,
                                  project_root: Path) -> tuple[BackgroundJob, subprocess.Popen]:
    """Queues a matcher run without running it here and starts `script` as the separate worker process for it."""
    job = BackgroundJob(kind=rounds.JOB_KIND, payload={"round_id": round_.id}, created_by_id=staff_id)
    db.session.add(job)
    db.session.commit()
    settings = {key: value for key, value in database.items() if key != "schema"}
    worker = subprocess.Popen(  # noqa: S603 - our own worker script
        [sys.executable, "-c", script, str(job.id)], cwd=project_root,
        env={**os.environ, "SETTINGS": json.dumps(settings)},
    )
    return job, worker
