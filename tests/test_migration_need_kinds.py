"""Migration 0010 turns the company's old yes/no needs columns into named kinds, and the downgrade turns them back."""

from __future__ import annotations

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from partnerhub import create_app
from partnerhub.config import TestConfig
from partnerhub.extensions import db

OLD_COLUMNS = ("suits_quiet_workplace", "suits_flexible_hours", "suits_physical_access", "offers_mentor")


def _company(connection, cvr: str, **flags: bool) -> None:
    values = {"name": f"Firma {cvr}", "cvr": cvr, "status": "approved", "created_at": "2026-01-05 10:00:00",
              "offers_teaching": False, "open_to_sharing": False, **dict.fromkeys(OLD_COLUMNS, False), **flags}
    connection.execute(sa.table("companies", *(sa.column(name) for name in values)).insert(), values)


def test_old_booleans_become_kinds_and_back(database: dict, tmp_path) -> None:
    settings = {key: value for key, value in database.items() if key != "schema"}
    if settings["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        settings["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'needs.sqlite'}"
    else:
        schema = database["schema"] + "_needs"
        admin = sa.create_engine(settings["SQLALCHEMY_DATABASE_URI"])
        with admin.begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        settings["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"options": f"-csearch_path={schema}"}}
    app = create_app(TestConfig, **settings)
    try:
        with app.app_context():
            upgrade(revision="0009_oidc")
            with db.engine.begin() as connection:
                _company(connection, "11111111", suits_quiet_workplace=True, offers_mentor=True)
                _company(connection, "22222222", suits_flexible_hours=True, suits_physical_access=True)
                _company(connection, "33333333")
            upgrade(revision="0011_need_kinds")
            with db.engine.connect() as connection:
                kinds = set(connection.execute(sa.text(
                    "SELECT c.cvr, n.kind FROM company_needs n JOIN companies c ON c.id = n.company_id")).all())
            assert kinds == {("11111111", "quiet_workplace"), ("11111111", "mentor"),
                             ("22222222", "flexible_hours"), ("22222222", "physical_access")}
            assert not set(OLD_COLUMNS) & {c["name"] for c in sa.inspect(db.engine).get_columns("companies")}
            downgrade(revision="0009_oidc")
            with db.engine.connect() as connection:
                old = sa.table("companies", *(sa.column(name) for name in ("cvr", *OLD_COLUMNS)))
                rows = {row[0]: tuple(bool(v) for v in row[1:]) for row in connection.execute(sa.select(old))}
            assert rows == {"11111111": (True, False, False, True), "22222222": (False, True, True, False),
                            "33333333": (False, False, False, False)}
            downgrade(revision="base")
            db.engine.dispose()
    finally:
        if not settings["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
            with admin.begin() as connection:
                connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            admin.dispose()
