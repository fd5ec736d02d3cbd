"""A backup restores every row; a broken or missing backup changes nothing."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from partnerhub import create_app
from partnerhub.accounts.models import User
from partnerhub.audit.models import AuditEvent
from partnerhub.config import TestConfig
from partnerhub.demo.service import seed_demo
from partnerhub.extensions import db

# One worker runs the whole module under xdist (--dist loadgroup), so its module fixture,
# a migrated SQLite file with the demo (2 CPU-s), is built once, not once on each worker that draws one of its tests.
pytestmark = pytest.mark.xdist_group("backup")


@pytest.fixture(scope="module")
def migrated_demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file with demo data, built once; each test copies it."""
    from flask_migrate import upgrade

    path = tmp_path_factory.mktemp("backup-template") / "live.sqlite"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        upgrade()
        seed_demo()
        db.session.add(AuditEvent(action="before_backup"))
        db.session.commit()
        db.engine.dispose()
    return path


@pytest.fixture
def sqlite_app(tmp_path: Path, migrated_demo_file: Path):
    """A migrated SQLite file with demo data: backups are about files, so this test owns its own copy."""
    shutil.copyfile(migrated_demo_file, tmp_path / "live.sqlite")
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'live.sqlite'}")
    with app.app_context():
        yield app
        db.engine.dispose()
    lock = app.extensions.pop("backup_serving_lock", None)
    if lock is not None:
        os.close(lock)


def _snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, so 'restored' means all of it, not just the counts."""
    return {
        table.name: sorted(tuple(str(v) for v in row) for row in db.session.execute(table.select()).all())
        for table in db.metadata.sorted_tables
    }


def _actions(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {row[0] for row in connection.execute("SELECT action FROM audit_events")}


def _write(action: str) -> None:
    db.session.add(AuditEvent(action=action))
    db.session.commit()


def test_restoring_twice_keeps_both_safety_copies_and_recovers_what_was_written_between(sqlite_app,
                                                                                       tmp_path: Path) -> None:
    runner = sqlite_app.test_cli_runner()
    backup_file = tmp_path / "backup.sqlite"
    assert runner.invoke(args=["backup", "create", str(backup_file)]).exit_code == 0
    # A second process that keeps its connection open through the restores, like a cron job mid-run.
    bystander = sa.create_engine(f"sqlite:///{tmp_path / 'live.sqlite'}")
    with bystander.connect() as connection:
        connection.execute(sa.text("SELECT 1"))
        _write("written_before_first_restore")
        first = runner.invoke(args=["backup", "restore", str(backup_file), "--yes"])
        assert first.exit_code == 0, first.output
        _write("written_between_restores")
        second = runner.invoke(args=["backup", "restore", str(backup_file), "--yes"])
        assert second.exit_code == 0, second.output
        actions = {row[0] for row in connection.execute(sa.text("SELECT action FROM audit_events"))}
        assert "written_between_restores" not in actions  # the open connection reads the restored file
        connection.execute(sa.text("INSERT INTO audit_events (action, outcome, occurred_at) "
                                   "VALUES ('bystander_after_restore', 'ok', CURRENT_TIMESTAMP)"))
        connection.commit()
    bystander.dispose()

    copies = sorted(tmp_path.glob("live.sqlite.before-restore-*"))
    assert len(copies) == 2, copies
    assert [str(path) in result.output for path, result in zip(copies, (first, second), strict=True)] == [True, True]
    assert "written_before_first_restore" in _actions(copies[0]) and "written_between_restores" in _actions(copies[1])
    assert "bystander_after_restore" not in _actions(copies[1])  # its write went to the live database
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id))
                             .where(AuditEvent.action == "bystander_after_restore")) == 1

    recovered = runner.invoke(args=["backup", "restore", str(copies[1]), "--yes"])
    assert recovered.exit_code == 0, recovered.output
    assert "written_between_restores" in {event.action for event in db.session.scalars(db.select(AuditEvent))}
    assert len(list(tmp_path.glob("live.sqlite.before-restore-*"))) == 3


def test_restore_refuses_while_the_app_serves(sqlite_app, tmp_path: Path) -> None:
    backup_file = tmp_path / "backup.sqlite"
    runner = sqlite_app.test_cli_runner()
    assert runner.invoke(args=["backup", "create", str(backup_file)]).exit_code == 0
    assert sqlite_app.test_client().get("/sundhed").status_code == 200  # this process now serves the database
    _write("written_while_serving")
    result = runner.invoke(args=["backup", "restore", str(backup_file), "--yes"])
    assert result.exit_code == 1 and "PartnerHub kører stadig" in result.output
    assert "written_while_serving" in _actions(tmp_path / "live.sqlite")
    assert not list(tmp_path.glob("live.sqlite.before-restore-*"))


def test_backup_then_restore_finds_every_row(sqlite_app, tmp_path: Path) -> None:
    runner = sqlite_app.test_cli_runner()
    before = _snapshot()
    assert sum(len(rows) for rows in before.values()) > 5
    backup_file = tmp_path / "backups" / "partnerhub-1.sqlite"
    result = runner.invoke(args=["backup", "create", str(backup_file)])
    assert result.exit_code == 0, result.output
    assert "users" in result.output

    db.session.execute(db.delete(User).where(User.role == "youth"))
    db.session.add(AuditEvent(action="after_backup"))
    db.session.commit()
    assert _snapshot() != before

    db.session.remove()
    result = runner.invoke(args=["backup", "restore", str(backup_file), "--yes"])
    assert result.exit_code == 0, result.output
    assert _snapshot() == before
    safety_copies = list(tmp_path.glob("live.sqlite.before-restore-*"))
    assert len(safety_copies) == 1 and _actions(safety_copies[0]) >= {"before_backup", "after_backup"}


def test_backup_refuses_to_overwrite_and_restore_refuses_a_broken_file(sqlite_app, tmp_path: Path) -> None:
    runner = sqlite_app.test_cli_runner()
    existing = tmp_path / "exists.sqlite"
    existing.write_text("already here")
    result = runner.invoke(args=["backup", "create", str(existing)])
    assert result.exit_code != 0 and "findes allerede" in result.output
    assert existing.read_text() == "already here"

    before = _snapshot()
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    db.session.remove()
    result = runner.invoke(args=["backup", "restore", str(broken), "--yes"])
    assert result.exit_code == 1 and "beskadiget" in result.output
    assert _snapshot() == before


def test_backup_explains_itself_on_postgresql() -> None:
    from partnerhub.backup.service import BackupError, sqlite_path

    with pytest.raises(BackupError, match="pg_dump"):
        sqlite_path("postgresql+psycopg://postgres@127.0.0.1/test")
