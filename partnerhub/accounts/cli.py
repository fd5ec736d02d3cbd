"""`flask create-user`: how the first admin (and any staff) account comes into being."""

from __future__ import annotations

import click
from flask import Flask

from partnerhub.accounts.service import create_user, email_taken, password_problem
from partnerhub.audit.service import record
from partnerhub.extensions import db
from partnerhub.permissions import Role


@click.command("create-user")
@click.option("--email", required=True, help="E-mail address used to log in.")
@click.option("--name", required=True, help="Full name shown in the app.")
@click.option("--role", type=click.Choice([Role.STAFF.value, Role.ADMIN.value]), required=True)
@click.password_option(help="Password (12–128 characters); asked for if not given.")
def create_user_command(email: str, name: str, role: str, password: str) -> None:
    """Create a staff or admin account (companies and young people register themselves or are invited)."""
    if email_taken(email):
        raise click.ClickException(f"Der findes allerede en bruger med e-mailen {email}.")
    problem = password_problem(password, email=email)
    if problem:
        raise click.ClickException(problem)
    user = create_user(email=email, name=name, role=Role(role), password=password)
    record(None, "user_created", object_type="user", object_id=user.id, subject_user_id=user.id,
           detail={"role": role, "via": "cli"})
    db.session.commit()
    click.echo(f"Oprettet: {user.email} ({role})")


def register(app: Flask) -> None:
    app.cli.add_command(create_user_command)
