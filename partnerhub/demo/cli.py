"""`flask seed-demo`: demo data and the printed logins that the README promises."""

from __future__ import annotations

import click
from flask import Flask, current_app

from partnerhub.demo.service import DEMO_PASSWORD, seed_demo
from partnerhub.extensions import db


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Load demo data (idempotent) and print one login per role."""
    if not current_app.config["DEMO_DATA_ALLOWED"]:
        raise click.ClickException("Demodata er slået fra i denne konfiguration (produktion).")
    logins = seed_demo()
    db.session.commit()
    click.echo(f"\nDemo-logins (adgangskode for alle: {DEMO_PASSWORD}):")
    for login in logins:
        click.echo(f"  {login.role.label:<28} {login.email}")
    click.echo("")


def register(app: Flask) -> None:
    app.cli.add_command(seed_demo_command)
