"""`flask load-reference`: loads the sourced reference data; safe to run on every start."""

from __future__ import annotations

import click
from flask import Flask

from partnerhub.extensions import db
from partnerhub.reference.service import data_dir, load_reference


@click.command("load-reference")
def load_reference_command() -> None:
    """Load trade areas, educations, towns, partner networks and scheduling rules (idempotent)."""
    report = load_reference()
    db.session.commit()
    click.echo(f"Referencedata fra {data_dir()}: {report.created} nye, {report.updated} opdateret.")


def register(app: Flask) -> None:
    app.cli.add_command(load_reference_command)
