"""`flask guardians remind`: the daily reminder to guardians who have not answered (cron or a scheduler runs it)."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from partnerhub.extensions import db
from partnerhub.guardians import service

guardians_cli = AppGroup("guardians", help="Forældres og værgers samtykke.")


@guardians_cli.command("remind")
def remind_command() -> None:
    """Mails a reminder to every guardian whose consent link is still unanswered after the reminder interval: for a
    youth-unit placement and for a pupil's taster place alike."""
    from partnerhub.tasters.services import consent as taster_consent  # the tasters build on the guardians

    sent = service.send_reminders()
    taster_sent = taster_consent.send_reminders()
    db.session.commit()
    click.echo(f"reminders sent: {sent}")
    click.echo(f"taster reminders sent: {taster_sent}")


def register(app: Flask) -> None:
    app.cli.add_command(guardians_cli)
