"""PartnerHub: brokering shared internships between companies and young people."""

from __future__ import annotations

from typing import TYPE_CHECKING

from partnerhub.config import Config, ProductionConfig, selected_config

if TYPE_CHECKING:  # the pure engine in partnerhub.matching must import without Flask
    from flask import Flask


def create_app(config_object: type[Config] | None = None, **overrides: object) -> Flask:
    """Only wires things up; every decision lives in config, the extensions or a feature package."""
    from flask import Flask

    from partnerhub import server_timing
    from partnerhub.forms import refuse_nul_bytes

    config_class = config_object or selected_config()
    if issubclass(config_class, ProductionConfig):
        config_class.validate()
    app = Flask(__name__, instance_relative_config=True)  # templates: partnerhub/templates (see pyproject.toml)
    app.config.from_object(config_class)
    app.config.update(overrides)
    register_extensions(app)
    register_data_rules(app)
    app.before_request(refuse_nul_bytes)
    server_timing.init_app(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_context(app)
    register_cli(app)
    return app


def register_extensions(app: Flask) -> None:
    from partnerhub import i18n, security
    from partnerhub.backup import service as backup
    from partnerhub.extensions import babel, csrf, db, limiter, login_manager, mail, migrate
    from partnerhub.models import load_models
    from partnerhub.oidc import guards as oidc_guards

    load_models()
    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    limiter.init_app(app)
    mail.init_app(app)
    security.init_app(app)
    oidc_guards.init_app(app)
    backup.init_app(app)


def register_data_rules(app: Flask) -> None:
    """What holds for every write, from a page, the CLI, a job or a test: the session listeners and job kinds."""
    from partnerhub.audit import models as audit_models
    from partnerhub.audit import service as audit_service
    from partnerhub.fair.services import companies as fair_companies
    from partnerhub.planning import jobs as planning_jobs
    from partnerhub.planning.services import rounds as planning_rounds
    from partnerhub.privacy import cpr
    from partnerhub.privacy import jobs as privacy_jobs
    from partnerhub.reporting.services import dashboard as dashboards

    audit_models.register_listeners()  # the audit log is append-only
    audit_service.init_app(app)  # a GET commits only the audit log, and its events are always committed
    cpr.register_listeners()  # no CPR number is ever stored
    fair_companies.FAIR_PUBLIC_DATA.register_listeners()  # the fair's search sees this process's changes at once
    dashboards.RESULTS.register_listeners()  # so do the results dashboard's counts
    privacy_jobs.register_jobs()
    planning_rounds.register_jobs()
    planning_jobs.register_jobs()  # the follow-up escalation


def register_blueprints(app: Flask) -> None:
    from partnerhub.accounts import views as accounts
    from partnerhub.admin import views as admin
    from partnerhub.audit import views as audit
    from partnerhub.companies import views as companies
    from partnerhub.eligibility import views as eligibility
    from partnerhub.fair import views as fair
    from partnerhub.guardians import views as guardians
    from partnerhub.imports import views as imports
    from partnerhub.main import views as main
    from partnerhub.oidc import views as oidc
    from partnerhub.outbox import views as outbox
    from partnerhub.planning import views as planning
    from partnerhub.privacy import views as privacy
    from partnerhub.reference import views as reference
    from partnerhub.reporting import views as reporting
    from partnerhub.schools import views as schools
    from partnerhub.staff import views as staff
    from partnerhub.tasters import views as tasters
    from partnerhub.youth import views as youth

    features = (main, accounts, companies, youth, staff, admin, audit, outbox, reference, imports, planning, fair,
                privacy, reporting, oidc, guardians, eligibility, schools, tasters)
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
    from partnerhub.guardians.cli import register as register_guardians_cli
    from partnerhub.invariants.cli import register as register_invariants_cli
    from partnerhub.jobs.cli import register as register_jobs_cli
    from partnerhub.planning.cli import register as register_planning_cli
    from partnerhub.privacy.cli import register as register_privacy_cli
    from partnerhub.reference.cli import register as register_reference_cli

    register_accounts_cli(app)
    register_demo_cli(app)
    register_guardians_cli(app)
    register_jobs_cli(app)
    register_backup_cli(app)
    register_reference_cli(app)
    register_privacy_cli(app)
    register_fair_cli(app)
    register_planning_cli(app)
    register_invariants_cli(app)
