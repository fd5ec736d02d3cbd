"""`flask load-fair-texts`: the shipped booth texts for each trade area; safe to run on every start."""

from __future__ import annotations

import click
from flask import Flask

from partnerhub.extensions import db
from partnerhub.fair.services.area_booths import load_area_booths


@click.command("load-fair-texts")
def load_fair_texts_command() -> None:
    """Add booth texts for trade areas that have none (never overwrites an admin's edits)."""
    created = load_area_booths()
    db.session.commit()
    click.echo(f"Messetekster: {created} nye fagområde-stande.")


def register(app: Flask) -> None:
    app.cli.add_command(load_fair_texts_command)
