"""SQLite backups through SQLite's own online-backup API, so a copy taken while the app runs is consistent."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    """A refusal with a message for the operator."""


def sqlite_path(database_url: str) -> Path:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError(
            "Backup-kommandoen er til SQLite-filer. Brug pg_dump/pg_restore til PostgreSQL (se docs/operations.md)."
        )
    return Path(url.database)


def table_counts(path: Path) -> dict[str, int]:
    """Row counts per table: printed after a backup or restore so the operator can compare them."""
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        names = [row[0] for row in rows]
        # Table names come from sqlite_master itself, never from a user.
        return {name: connection.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}  # noqa: S608  # nosec B608


def create_backup(database_url: str, target: Path) -> dict[str, int]:
    source_path = sqlite_path(database_url)
    if not source_path.exists():
        raise BackupError(f"Databasen {source_path} findes ikke.")
    if target.exists():
        raise BackupError(f"{target} findes allerede – vælg et nyt filnavn, så ingen backup overskrives.")
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source_path) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return table_counts(target)


def restore_backup(database_url: str, backup: Path) -> dict[str, int]:
    """Checks the backup's integrity before it replaces anything, and keeps the replaced file beside it."""
    target_path = sqlite_path(database_url)
    if not backup.exists():
        raise BackupError(f"Backup-filen {backup} findes ikke.")
    try:
        with sqlite3.connect(backup) as connection:
            healthy = connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:
        healthy = False
    if not healthy:
        raise BackupError(f"{backup} er beskadiget eller ikke en SQLite-database – intet er ændret.")
    if target_path.exists():
        target_path.replace(target_path.with_suffix(target_path.suffix + ".before-restore"))
    with sqlite3.connect(backup) as source, sqlite3.connect(target_path) as destination:
        source.backup(destination)
    return table_counts(target_path)
