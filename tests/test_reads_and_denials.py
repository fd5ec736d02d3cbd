"""A service's refusal is a 403 page, and a read (GET) commits nothing but the audit log."""

from __future__ import annotations

import pytest

from partnerhub import create_app
from partnerhub.audit.models import AuditEvent
from partnerhub.audit.service import WriteDuringReadError, record
from partnerhub.companies.models import Company
from partnerhub.config import TestConfig
from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.privacy.models import RetentionSettings
from partnerhub.reference.models import Town
from partnerhub.reporting.models import CostFigure
from partnerhub.reporting.services import partnership
from tests import factories


def test_a_permission_error_from_a_service_is_a_logged_403_not_a_500(client, login_as, monkeypatch) -> None:
    login_as(Role.COMPANY)

    def refuse(actor: object, company: Company) -> None:
        raise PermissionError("not this company")

    monkeypatch.setattr(partnership, "partnership", refuse)
    response = client.get("/virksomhed/partnerskab")
    assert response.status_code == 403
    assert "Du har ikke adgang til siden" in response.get_data(as_text=True)
    denial = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "access_denied"))
    assert denial is not None and denial.outcome == "denied" and denial.detail["path"] == "/virksomhed/partnerskab"


def test_a_get_that_writes_anything_but_the_audit_log_is_refused(tmp_path) -> None:
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'reads.sqlite'}")

    @app.get("/test-only/skriv-ved-laesning")
    def writes_on_read():
        db.session.add(Town(name="Skrevet ved en GET", lat=55.8, lon=9.7, coord_source="test", coord_confidence="high"))
        db.session.commit()
        return "skrevet"

    @app.get("/test-only/log-ved-laesning")
    def logs_on_read():
        record(None, "youth_viewed")
        db.session.commit()
        return "logget"

    with app.app_context():
        db.create_all()
    client = app.test_client()  # each request gets its own app context and session, as in production
    with pytest.raises(WriteDuringReadError):
        client.get("/test-only/skriv-ved-laesning")
    assert client.get("/test-only/log-ved-laesning").status_code == 200
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Town.id))) == 0
        assert db.session.scalar(db.select(db.func.count(AuditEvent.id))) == 1
        db.drop_all()
        db.engine.dispose()


def test_viewing_personal_data_is_logged_without_the_view_committing(client, login_as) -> None:
    staff = login_as(Role.STAFF)
    profile = factories.YouthProfileFactory()
    assert client.get(f"/medarbejder/unge/{profile.id}").status_code == 200
    viewed = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "youth_viewed")).all()
    assert [(e.actor_id, e.subject_user_id) for e in viewed] == [(staff.id, profile.user_id)]


def test_the_business_case_page_and_the_retention_page_write_nothing(client, login_as) -> None:
    """Both used to create their rows on the first visit; the cost figures now come with `flask load-reference`."""
    login_as(Role.ADMIN)
    assert client.get("/medarbejder/samfundsoekonomi").status_code == 200
    assert client.get("/admin/privatliv").status_code == 200
    assert db.session.scalar(db.select(db.func.count(CostFigure.id))) == 0
    assert db.session.get(RetentionSettings, 1) is None


def test_load_reference_brings_the_cost_figures(app) -> None:
    result = app.test_cli_runner().invoke(args=["load-reference"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(db.select(db.func.count(CostFigure.id))) > 0
    assert "nøgletal" in result.output
