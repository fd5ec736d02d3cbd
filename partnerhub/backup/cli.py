"""`flask backup create FILE` and `flask backup restore FILE` for the SQLite database."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from partnerhub.backup.service import BackupError, create_backup, restore_backup
from partnerhub.extensions import db

backup_cli = AppGroup("backup", help="Backup and restore of the SQLite database.")


def _print_counts(counts: dict[str, int]) -> None:
    for table, rows in counts.items():
        click.echo(f"  {table:<28} {rows:>8}")


@backup_cli.command("create")
@click.argument("target", type=click.Path(path_type=Path))
def create_command(target: Path) -> None:
    """Write a consistent copy of the database to TARGET (works while the app runs)."""
    try:
        counts = create_backup(current_app.config["SQLALCHEMY_DATABASE_URI"], target)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup skrevet til {target}:")
    _print_counts(counts)


@backup_cli.command("restore")
@click.argument("source", type=click.Path(path_type=Path))
@click.confirmation_option(prompt="Databasen bliver erstattet af backuppen. Vil du fortsætte?")
def restore_command(source: Path) -> None:
    """Replace the database with SOURCE; refused while the app runs. The data replaced is kept in a dated copy."""
    db.session.remove()
    db.engine.dispose()
    try:
        counts, safety_copy = restore_backup(current_app.config["SQLALCHEMY_DATABASE_URI"], source)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    finally:
        db.engine.dispose()  # this process's next query opens the restored file afresh
    click.echo(f"Gendannet fra {source}:")
    _print_counts(counts)
    if safety_copy is not None:
        click.echo(f"De data, der blev erstattet, er gemt i {safety_copy}.")


def register(app: Flask) -> None:
    app.cli.add_command(backup_cli)
