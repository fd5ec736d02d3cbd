"""Migrations are the only way the schema changes, so they must build exactly what the models describe."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from partnerhub import create_app
from partnerhub.config import TestConfig
from partnerhub.extensions import db


def test_migrations_build_the_models_schema(database: dict, tmp_path) -> None:
    settings = {key: value for key, value in database.items() if key != "schema"}
    if settings["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        settings["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'migrated.sqlite'}"
    else:
        schema = database["schema"] + "_mig"
        admin = sa.create_engine(settings["SQLALCHEMY_DATABASE_URI"])
        with admin.begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        settings["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"options": f"-csearch_path={schema}"}}
    app = create_app(TestConfig, **settings)
    try:
        with app.app_context():
            upgrade()
            with db.engine.connect() as connection:
                differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
            assert differences == [], "Models and migrations differ: run `flask db migrate`"
            downgrade(revision="base")
            assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
            db.engine.dispose()
    finally:
        if not settings["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
            with admin.begin() as connection:
                connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            admin.dispose()
