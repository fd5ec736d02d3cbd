"""A database that does not answer: 503 with Retry-After and a Danish page, logged once per outage."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from partnerhub import create_app
from partnerhub.config import TestConfig
from partnerhub.extensions import db

DEAD_DATABASES = {
    "sqlite": "sqlite:////nonexistent-dir-partnerhub/gone.sqlite",
    "postgresql": "postgresql+psycopg://postgres@127.0.0.1:1/test?connect_timeout=2",
}


@pytest.mark.parametrize("backend", sorted(DEAD_DATABASES))
def test_a_dead_database_gives_503_with_retry_after_and_one_log_line(backend: str,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=DEAD_DATABASES[backend],
                     DATABASE_OUTAGE_RETRY_AFTER_SECONDS=45)
    client = app.test_client()
    with caplog.at_level(logging.WARNING, logger="partnerhub.main.errors"):
        responses = [client.get("/sundhed"), client.get("/messe"),
                     client.post("/log-ind", data={"email": "a@eksempel.dk", "password": "forkert-forkert-1"})]
        with client.session_transaction() as session:
            session["_user_id"] = "1:0"  # a logged-in member of staff: loading them needs the database
        responses += [client.get("/"), client.get("/medarbejder/planlaegning")]
    for response in responses:
        assert response.status_code == 503, response.request.path
        # Flask-Limiter re-states the header on limited routes as seconds from now, which may round down by one.
        assert 44 <= int(response.headers["Retry-After"]) <= 45
        page = response.get_data(as_text=True)
        assert "PartnerHub er midlertidigt utilgængelig" in page and 'lang="da"' in page
        assert "OperationalError" not in page and "Traceback" not in page
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert len(errors) == 1, [record.getMessage() for record in caplog.records]
    anonymous = app.test_client()  # pages that need no database keep working
    assert anonymous.get("/").status_code == 200 and anonymous.get("/log-ind").status_code == 200


def test_the_outage_page_speaks_english_when_chosen_and_recovery_is_logged(tmp_path: Path,
                                                                          caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "db" / "live.sqlite"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    client = app.test_client()
    with client.session_transaction() as session:
        session["lang"] = "en"
    with caplog.at_level(logging.WARNING, logger="partnerhub.main.errors"):
        down = client.get("/messe")  # the folder does not exist yet: the database cannot be opened
        assert down.status_code == 503 and "temporarily unavailable" in down.get_data(as_text=True)
        path.parent.mkdir()
        with app.app_context():
            db.create_all()
        assert client.get("/messe").status_code == 200
    assert [record.levelname for record in caplog.records] == ["ERROR", "WARNING"]
    assert "answers again, after 1 refused requests" in caplog.records[-1].getMessage()
