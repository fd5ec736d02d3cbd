"""SQLite backups through SQLite's own online-backup API, so a copy taken while the app runs is consistent.

A restore must not run under a serving app: every web process (from its first request) and `flask worker` hold a
shared lock on `<database>.serving.lock`, and a restore needs it exclusively. The kernel drops a dead process's lock,
so there is no stale pid file to clean up."""

from __future__ import annotations

import fcntl
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from flask import Flask
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


def _lock_file(database: Path) -> IO[bytes]:
    return (database.parent / f"{database.name}.serving.lock").open("ab")


def hold_serving_lock(database_url: str) -> int | None:
    """Marks this process as serving the SQLite file until it exits (a bare descriptor, held for the process's
    life); waits while a restore runs."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    path = Path(url.database)
    if not path.parent.is_dir():
        return None
    descriptor = os.open(path.parent / f"{path.name}.serving.lock", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(descriptor, fcntl.LOCK_SH)
    return descriptor


def init_app(app: Flask) -> None:
    """The first request of each web process takes the serving lock (a CLI command never serves a request)."""

    def take_serving_lock() -> None:
        if "backup_serving_lock" not in app.extensions:
            app.extensions["backup_serving_lock"] = hold_serving_lock(app.config["SQLALCHEMY_DATABASE_URI"])

    app.before_request(take_serving_lock)


def safety_copy_path(database: Path) -> Path:
    """`<database>.before-restore-<UTC time>`, numbered if that exists: an earlier safety copy is never replaced."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    candidate = database.parent / f"{database.name}.before-restore-{stamp}"
    number = 1
    while candidate.exists():
        number += 1
        candidate = database.parent / f"{database.name}.before-restore-{stamp}-{number}"
    return candidate


def restore_backup(database_url: str, backup: Path) -> tuple[dict[str, int], Path | None]:
    """Checks the backup, refuses while the app serves, copies the current data aside, then restores in place.

    In place (SQLite's backup API into the live file), so a connection that is still open, such as a cron job's,
    reads the restored data and never writes into the safety copy. Returns the row counts and the safety copy."""
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
    with _lock_file(target_path) as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise BackupError(
                "PartnerHub kører stadig: en webserver eller en worker bruger databasen. Stop dem først "
                "(fx systemctl stop partnerhub partnerhub-worker), og kør så gendannelsen igen – intet er ændret."
            ) from error
        safety_copy = None
        if target_path.exists():
            safety_copy = safety_copy_path(target_path)
            with sqlite3.connect(target_path) as live, sqlite3.connect(safety_copy) as copy:
                live.backup(copy)
        with sqlite3.connect(backup) as source, sqlite3.connect(target_path) as destination:
            source.backup(destination)
    return table_counts(target_path), safety_copy
