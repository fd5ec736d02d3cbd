"""`flask check`: exits 1 and lists each broken rule, so cron, a deploy script or a test can act on it."""

from __future__ import annotations

import click
from flask import Flask

from partnerhub.invariants.checks import CHECKS, violations


@click.command("check")
def check_command() -> None:
    """Verify the data's rules: seats within capacity, one seat per young person and period, and more."""
    found = violations()
    for violation in found:
        click.echo(f"  {violation.rule}: {violation.detail}")
    if found:
        raise click.ClickException(f"{len(found)} brud på reglerne fundet ({len(CHECKS)} regler tjekket).")
    click.echo(f"Alle {len(CHECKS)} regler holder.")


def register(app: Flask) -> None:
    app.cli.add_command(check_command)
