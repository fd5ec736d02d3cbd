"""`flask seed-demo`: demo data and the printed logins that the README promises."""

from __future__ import annotations

import time

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


@click.command("bench-data")
@click.option("--youth", default=10_000, show_default=True, type=click.IntRange(1, 200_000))
@click.option("--companies", default=2_000, show_default=True, type=click.IntRange(1, 50_000))
@click.option("--rounds", default=3, show_default=True, type=click.IntRange(0, 10))
def bench_data_command(youth: int, companies: int, rounds: int) -> None:
    """Fill an EMPTY database with synthetic data for the web benchmark (never for real use)."""
    from partnerhub.accounts.models import User
    from partnerhub.demo.scale import BENCH_PASSWORD, generate

    if db.session.scalar(db.select(db.func.count(User.id))):
        raise click.ClickException("Databasen er ikke tom – benchmark-data lægges kun i en tom database.")
    started = time.monotonic()
    report = generate(youth, companies, rounds, current_app.config["PASSWORD_HASH_METHOD"], progress=click.echo)
    click.echo(f"Færdig på {time.monotonic() - started:.0f} s: {report.youth} unge, {report.companies} virksomheder, "
               f"{report.rounds} runder, {report.approved} godkendte forløb. Adgangskode: {BENCH_PASSWORD}")


def register(app: Flask) -> None:
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(bench_data_command)
