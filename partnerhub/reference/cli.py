"""`flask load-reference`: loads the sourced reference data; safe to run on every start."""

from __future__ import annotations

import click
from flask import Flask

from partnerhub.extensions import db
from partnerhub.reference.service import data_dir, load_reference
from partnerhub.reporting.services.cost_figures import seed_cost_figures


@click.command("load-reference")
def load_reference_command() -> None:
    """Load trade areas, educations, towns, networks, scheduling rules and the business case's cost figures."""
    report = load_reference()
    figures = seed_cost_figures()
    db.session.commit()
    click.echo(f"Referencedata fra {data_dir()}: {report.created} nye, {report.updated} opdateret; "
               f"{figures} nye samfundsøkonomiske nøgletal.")


def register(app: Flask) -> None:
    app.cli.add_command(load_reference_command)
