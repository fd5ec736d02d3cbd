"""A backup restores every row; a broken or missing backup changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerhub import create_app
from partnerhub.accounts.models import User
from partnerhub.audit.models import AuditEvent
from partnerhub.config import TestConfig
from partnerhub.demo.service import seed_demo
from partnerhub.extensions import db


@pytest.fixture
def sqlite_app(tmp_path: Path):
    """A migrated SQLite file with demo data: backups are about files, so this test owns its own."""
    from flask_migrate import upgrade

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'live.sqlite'}")
    with app.app_context():
        upgrade()
        seed_demo()
        db.session.add(AuditEvent(action="before_backup"))
        db.session.commit()
        yield app
        db.engine.dispose()


def _snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, so 'restored' means all of it, not just the counts."""
    return {
        table.name: sorted(tuple(str(v) for v in row) for row in db.session.execute(table.select()).all())
        for table in db.metadata.sorted_tables
    }


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
    assert (tmp_path / "live.sqlite.before-restore").exists()


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
