"""`flask retention run [--dry-run]` and `flask retention schedule`: the retention rule from the command line."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from partnerhub.extensions import db
from partnerhub.privacy.service import run_retention

retention_cli = AppGroup("retention", help="Anonymise inactive young people and expire old audit events.")


@retention_cli.command("run")
@click.option("--dry-run", is_flag=True, help="Only report what would happen.")
def run_command(dry_run: bool) -> None:
    """Apply the retention rules set by an admin (a dry run first is wise)."""
    report = run_retention(None, dry_run=dry_run)
    db.session.commit()
    heading = "Prøvekørsel – intet er ændret" if dry_run else "Oprydning udført"
    click.echo(f"{heading}:")
    click.echo(f"  unge uden aktivitet siden {report.cutoff:%Y-%m-%d}: {len(report.youth)}")
    for profile_id, first_name, last_seen in report.youth:
        click.echo(f"    ung nr. {profile_id} ({first_name}), sidst aktiv {last_seen:%Y-%m-%d}")
    click.echo(f"  beholdt pga. igangværende forløb: {report.kept_in_effort}")
    click.echo(f"  audit-hændelser før {report.audit_cutoff:%Y-%m-%d}: {report.audit_events}")
    click.echo(f"  erstattede forslag, som ingen har rørt: {report.superseded_proposals}")
    click.echo(f"  elever efter skoleåret og den fastsatte periode: {report.pupils}")


@retention_cli.command("schedule")
@click.option("--every-hours", default=24, show_default=True, type=click.IntRange(1, 24 * 30))
def schedule_command(every_hours: int) -> None:
    """Queue the retention job on RQ; it re-queues itself, so a worker run with the scheduler keeps it going."""
    from partnerhub.privacy.jobs import schedule_next

    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("REDIS_URL er ikke sat – planlagte jobs kræver Redis. Brug 'flask retention run'.")
    schedule_next(timedelta(hours=every_hours))
    click.echo(f"Oprydning planlagt hver {every_hours}. time.")


def register(app: Flask) -> None:
    app.cli.add_command(retention_cli)
