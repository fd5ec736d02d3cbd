"""The audit log: append-only from the app, searchable by admins only, and it logs its own searches."""

from __future__ import annotations

from datetime import timedelta

import pytest

from partnerhub.audit.models import AuditEvent
from partnerhub.extensions import db
from partnerhub.timeutil import utcnow
from tests import factories


def test_the_app_cannot_change_or_delete_an_audit_event(app) -> None:
    event = AuditEvent(action="youth_viewed")
    db.session.add(event)
    db.session.commit()
    event.action = "something_else"
    with pytest.raises(PermissionError):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, event.id))
    with pytest.raises(PermissionError):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(AuditEvent, event.id).action == "youth_viewed"


def test_admin_searches_by_actor_subject_action_and_dates(client, login_as) -> None:
    staff = factories.UserFactory(email="mette@hedensted.dk")
    youth = factories.YouthProfileFactory(user__email="sisse@eksempel.dk")
    other = factories.YouthProfileFactory(user__email="dennis@eksempel.dk")
    db.session.add_all([
        AuditEvent(action="youth_viewed", actor_id=staff.id, actor_role="staff", subject_user_id=youth.user_id),
        AuditEvent(action="youth_viewed", actor_id=staff.id, actor_role="staff", subject_user_id=other.user_id,
                   occurred_at=utcnow() - timedelta(days=40)),
        AuditEvent(action="login_failed", outcome="denied"),
    ])
    db.session.commit()
    login_as("admin")
    page = client.get("/admin/audit/?subject=Sisse@Eksempel.dk").get_data(as_text=True)
    assert "sisse@eksempel.dk" in page and "dennis@eksempel.dk" not in page
    page = client.get("/admin/audit/?actor=mette@hedensted.dk&date_from=" +
                      (utcnow() - timedelta(days=5)).strftime("%d.%m.%Y")).get_data(as_text=True)
    assert "sisse@eksempel.dk" in page and "dennis@eksempel.dk" not in page
    page = client.get("/admin/audit/?outcome=denied").get_data(as_text=True)
    assert "Mislykket login" in page and "Ung set" not in page.split("<tbody>")[1]
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id)).where(AuditEvent.action == "audit_searched")) == 3


def test_a_bad_date_is_explained_not_a_crash(client, login_as) -> None:
    login_as("admin")
    response = client.get("/admin/audit/?date_from=31.02.2026")
    assert response.status_code == 422
    assert "dd.mm.åååå" in response.get_data(as_text=True)
    assert 'value="31.02.2026"' in response.get_data(as_text=True)
