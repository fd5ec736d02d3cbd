"""`flask export-round ROUND_ID --out FILE.json`: the round as the engine's rotation-instance/1 file.
`flask follow-up escalate` and `flask follow-up schedule`: reminders for overdue follow-up tasks.
`flask follow-up check-ins`: mails each side of a first-week check-in that has opened a link (once), and a follow-up
task for each one left unanswered past its deadline."""

from __future__ import annotations

import json
from datetime import timedelta

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from partnerhub.extensions import db
from partnerhub.matching import instance_to_dict
from partnerhub.planning.engine_adapter import build_instance
from partnerhub.planning.models import PlanningRound
from partnerhub.planning.services.followup import escalate_overdue
from partnerhub.planning.services.rounds import participant_profiles


@click.command("export-round")
@click.argument("round_id", type=int)
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True),
              help="Where to write the JSON file.")
def export_round_command(round_id: int, out: str) -> None:
    """Write a planning round as rotation-instance/1, so the engine's CLI and benchmark can replay it."""
    round_ = db.session.get(PlanningRound, round_id)
    if round_ is None:
        raise click.ClickException(f"Runde {round_id} findes ikke.")
    round_input = build_instance(round_, participant_profiles(round_))
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(instance_to_dict(round_input.instance), handle, ensure_ascii=False, indent=1)
    click.echo(f"Runde {round_id}: {len(round_input.instance.youth)} unge, "
               f"{len(round_input.instance.companies)} virksomheder -> {out}")


follow_up_cli = AppGroup("follow-up", help="Reminders for overdue follow-up tasks.")


@follow_up_cli.command("escalate")
def escalate_command() -> None:
    """Send one reminder per overdue open task that has not had one (safe to run again: it sends nothing twice)."""
    reminded = escalate_overdue()
    db.session.commit()
    click.echo(f"Påmindelser sendt for {reminded} opgave(r) over fristen." if reminded
               else "Ingen nye opgaver over fristen.")


@follow_up_cli.command("check-ins")
def check_ins_command() -> None:
    """Create a follow-up task for each running placement whose first-week check-in is unanswered past its deadline
    (safe to run again: a placement gets one such task)."""
    from partnerhub.planning.services.checkins import follow_up_missing, invite_open

    invited = invite_open()
    created = follow_up_missing()
    db.session.commit()
    if invited:
        click.echo(f"{invited} invitation(er) til tjek efter første uge sendt.")
    click.echo(f"Opfølgning oprettet for {created} tjek uden svar." if created else "Ingen tjek uden svar.")


@follow_up_cli.command("schedule")
@click.option("--every-hours", default=24, show_default=True, type=click.IntRange(1, 24 * 30))
def schedule_command(every_hours: int) -> None:
    """Queue the escalation job on RQ; it re-queues itself, so a worker run with the scheduler keeps it going."""
    from partnerhub.jobs.service import schedule_every
    from partnerhub.planning.jobs import ESCALATION_KIND

    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("REDIS_URL er ikke sat – planlagte jobs kræver Redis. "
                                   "Brug 'flask follow-up escalate' fra cron.")
    schedule_every(ESCALATION_KIND, timedelta(hours=every_hours))
    click.echo(f"Påmindelser om opfølgning planlagt hver {every_hours}. time.")


def register(app: Flask) -> None:
    app.cli.add_command(export_round_command)
    app.cli.add_command(follow_up_cli)
