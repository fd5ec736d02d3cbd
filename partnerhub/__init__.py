"""PartnerHub: brokering shared internships between companies and young people."""

from __future__ import annotations

from typing import TYPE_CHECKING

from partnerhub.config import Config, ProductionConfig, selected_config

if TYPE_CHECKING:  # the pure engine in partnerhub.matching must import without Flask
    from flask import Flask


def create_app(config_object: type[Config] | None = None, **overrides: object) -> Flask:
    """Only wires things up; every decision lives in config, the extensions or a feature package."""
    from flask import Flask

    from partnerhub.forms import refuse_nul_bytes

    config_class = config_object or selected_config()
    if issubclass(config_class, ProductionConfig):
        config_class.validate()
    app = Flask(__name__, template_folder="../templates", instance_relative_config=True)
    app.config.from_object(config_class)
    app.config.update(overrides)
    register_extensions(app)
    app.before_request(refuse_nul_bytes)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_context(app)
    register_cli(app)
    return app


def register_extensions(app: Flask) -> None:
    import partnerhub.models  # noqa: F401 - every table registered before anything queries
    from partnerhub import security
    from partnerhub.extensions import babel, csrf, db, limiter, login_manager, mail, migrate
    from partnerhub.i18n import select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    mail.init_app(app)
    security.init_app(app)


def register_blueprints(app: Flask) -> None:
    from partnerhub import (
        accounts,
        admin,
        audit,
        companies,
        imports,
        main,
        outbox,
        planning,
        reference,
        reporting,
        staff,
        youth,
    )
    from partnerhub.fair import views as fair
    from partnerhub.privacy import views as privacy

    features = (main, accounts, companies, youth, staff, admin, audit, outbox, reference, imports, planning, fair,
                privacy, reporting)
    for feature in features:
        app.register_blueprint(feature.bp)


def register_errorhandlers(app: Flask) -> None:
    from partnerhub.main.errors import register

    register(app)


def register_template_context(app: Flask) -> None:
    from partnerhub.main.context import register

    register(app)


def register_cli(app: Flask) -> None:
    from partnerhub.accounts.cli import register as register_accounts_cli
    from partnerhub.backup.cli import register as register_backup_cli
    from partnerhub.demo.cli import register as register_demo_cli
    from partnerhub.fair.cli import register as register_fair_cli
    from partnerhub.jobs.cli import register as register_jobs_cli
    from partnerhub.planning.cli import register as register_planning_cli
    from partnerhub.privacy.cli import register as register_privacy_cli
    from partnerhub.reference.cli import register as register_reference_cli

    register_accounts_cli(app)
    register_demo_cli(app)
    register_jobs_cli(app)
    register_backup_cli(app)
    register_reference_cli(app)
    register_privacy_cli(app)
    register_fair_cli(app)
    register_planning_cli(app)
