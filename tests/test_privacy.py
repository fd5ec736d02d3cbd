"""Privacy by design: access export, erasure, consent, retention and the CPR guard."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from html import unescape

import pytest
from flask import Flask

from partnerhub.accounts.models import User
from partnerhub.audit.models import AuditEvent
from partnerhub.extensions import db
from partnerhub.outbox.models import OutboxMessage
from partnerhub.planning.models import FollowUpKind, FollowUpStatus, FollowUpTask, PlacementStatus
from partnerhub.privacy.cpr import EXEMPT_COLUMNS, MACHINE_TOKEN, CprNumberRefused, looks_like_cpr
from partnerhub.privacy.service import LIVE_PLACEMENT_STATUSES, run_retention
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import Readiness, YouthProfile
from tests import factories
from tests.conftest import login


@pytest.fixture
def sisse() -> YouthProfile:
    profile = factories.YouthProfileFactory(first_name="Sisse", interests="Jeg kan lide heste",
                                            accommodations="Ordblind", share_accommodation_details=True)
    factories.StaffRecordFactory(profile=profile, readiness=Readiness.ACTIVITY_READY, notes="Bor hos moster")
    return profile


def test_young_person_sees_everything_held_including_who_looked(client, login_as, sisse: YouthProfile) -> None:
    staff = login_as("staff")
    client.get(f"/medarbejder/unge/{sisse.id}")
    client.post("/log-ud")
    login(client, sisse.user.email)
    page = client.get("/ung/mine-data").get_data(as_text=True)
    assert "Jeg kan lide heste" in page and "Bor hos moster" in page
    assert staff.name in page and "Ung set" in page and "youth_viewed" not in page
    data = json.loads(client.get("/ung/mine-data.json").get_data(as_text=True))
    assert data["profile"]["interests"] == "Jeg kan lide heste"
    assert data["youth_unit_record"]["readiness"] == "Aktivitetsparat"  # the label, never the code
    assert any(row["who"] == staff.name and row["action"] == "youth_viewed" for row in data["access_log"])
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id)).where(
        AuditEvent.action == "personal_data_exported", AuditEvent.subject_user_id == sisse.user_id)) == 2


def test_staff_export_on_behalf_is_logged(client, login_as, sisse: YouthProfile) -> None:
    staff = login_as("staff")
    response = client.get(f"/medarbejder/unge/{sisse.id}/data.json")
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert json.loads(response.get_data(as_text=True))["account"]["email"] == sisse.user.email
    event = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "personal_data_exported")).one()
    assert event.actor_id == staff.id and event.subject_user_id == sisse.user_id


def test_anonymisation_keeps_numbers_but_nothing_that_names_the_person(client, login_as, sisse: YouthProfile) -> None:
    login_as("staff")
    email = sisse.user.email
    refused = client.post(f"/medarbejder/unge/{sisse.id}/anonymiser", data={"reason": "Bedt om sletning"})
    assert refused.status_code == 422 and "Sæt flueben" in refused.get_data(as_text=True)
    response = client.post(f"/medarbejder/unge/{sisse.id}/anonymiser",
                           data={"reason": "Bedt om sletning", "confirm": "y"})
    assert response.status_code == 302
    profile = db.session.get(YouthProfile, sisse.id)
    assert profile.first_name == "Anonymiseret" and profile.interests is None and profile.accommodations is None
    assert profile.staff_record.notes is None and profile.staff_record.readiness is Readiness.ACTIVITY_READY
    assert profile.user.email != email and profile.user.password_hash is None and profile.user.anonymised_at
    client.post("/log-ud")
    assert login(client, email).status_code == 200
    assert "Sisse" not in client.get("/").get_data(as_text=True)


def test_consent_is_withdrawn_in_one_click(client, sisse: YouthProfile) -> None:
    login(client, sisse.user.email)
    assert client.post("/ung/samtykke/tilbagekald").status_code == 302
    assert db.session.get(YouthProfile, sisse.id).share_accommodation_details is False


def test_erasure_request_reaches_the_youth_unit(client, sisse: YouthProfile) -> None:
    login(client, sisse.user.email)
    client.post("/ung/sletning")
    message = db.session.scalars(db.select(OutboxMessage)).one()
    assert "slettet" in message.body and "Sisse" in message.body


def _age(profile: YouthProfile, days: int) -> None:
    old = utcnow() - timedelta(days=days)
    profile.created_at = profile.user.created_at = old
    profile.user.last_login_at = None
    if profile.staff_record is not None:
        profile.staff_record.updated_at = old
    db.session.commit()


def test_retention_dry_run_reports_and_changes_nothing_then_the_run_anonymises(app: Flask, sisse: YouthProfile) -> None:
    active = factories.YouthProfileFactory(first_name="Dennis")
    _age(sisse, 900)
    db.session.add(AuditEvent(action="ancient", occurred_at=utcnow() - timedelta(days=2000)))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["retention", "run", "--dry-run"])
    assert result.exit_code == 0 and "Prøvekørsel" in result.output and f"ung nr. {sisse.id} (Sisse)" in result.output
    assert "audit-hændelser" in result.output and ": 1" in result.output.split("audit-hændelser")[1]
    assert db.session.get(YouthProfile, sisse.id).first_name == "Sisse"

    result = app.test_cli_runner().invoke(args=["retention", "run"])
    assert result.exit_code == 0
    db.session.expire_all()
    assert db.session.get(YouthProfile, sisse.id).first_name == "Anonymiseret"
    assert db.session.get(YouthProfile, active.id).first_name == "Dennis"
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id)).where(AuditEvent.action == "ancient")) == 0


def _aged_effort(sisse: YouthProfile, days: int = 900) -> dict:
    """Sisse inactive for `days`, with a placement whose period also lies that far back (so only the rule keeps her)."""
    old_day = (utcnow() - timedelta(days=days)).date()
    period = factories.PeriodFactory(starts_on=old_day, ends_on=old_day + timedelta(days=25))
    proposal = factories.ProposalFactory(profile=sisse, round__period=period)
    item = factories.ProposalItemFactory(proposal=proposal)
    placement = factories.PlacementFactory(item=item, status=PlacementStatus.COMPLETED)
    _age(sisse, days)
    return {"placement": placement}


def _run_retention_cli(app: Flask) -> str:
    result = app.test_cli_runner().invoke(args=["retention", "run"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result.output


@pytest.mark.parametrize("status", sorted(LIVE_PLACEMENT_STATUSES))
def test_retention_keeps_a_young_person_with_a_live_placement(app: Flask, sisse: YouthProfile,
                                                              status: PlacementStatus) -> None:
    effort = _aged_effort(sisse)
    effort["placement"].status = status
    db.session.commit()
    output = _run_retention_cli(app)
    assert "beholdt pga. igangværende forløb: 1" in output and f"ung nr. {sisse.id}" not in output
    assert db.session.get(YouthProfile, sisse.id).first_name == "Sisse"
    report = run_retention(None, dry_run=True)
    assert report.kept_in_effort == 1 and report.youth == []


def test_retention_keeps_a_young_person_with_an_open_follow_up_task(app: Flask, sisse: YouthProfile) -> None:
    _aged_effort(sisse)
    task = factories.FollowUpTaskFactory(profile=sisse, kind=FollowUpKind.TALK,
                                         due_on=(utcnow() - timedelta(days=800)).date())
    _age(sisse, 900)
    assert "beholdt pga. igangværende forløb: 1" in _run_retention_cli(app)
    assert db.session.get(YouthProfile, sisse.id).first_name == "Sisse"
    task = db.session.get(FollowUpTask, task.id)
    task.status, task.done_at = FollowUpStatus.DONE, utcnow() - timedelta(days=800)
    db.session.commit()
    assert "beholdt pga. igangværende forløb: 0" in _run_retention_cli(app)
    assert db.session.get(YouthProfile, sisse.id).first_name == "Anonymiseret"


def test_retention_keeps_a_young_person_whose_outcome_reminder_is_due(app: Flask, sisse: YouthProfile) -> None:
    _aged_effort(sisse)
    factories.OutcomeFactory(profile=sisse, recorded_at=utcnow() - timedelta(days=800))
    factories.FollowUpTaskFactory(profile=sisse, kind=FollowUpKind.OUTCOME_CHECK,
                                  due_on=(utcnow() - timedelta(days=1)).date(),
                                  created_at=utcnow() - timedelta(days=800))
    _age(sisse, 900)
    output = _run_retention_cli(app)
    assert "beholdt pga. igangværende forløb: 1" in output
    assert db.session.get(YouthProfile, sisse.id).first_name == "Sisse"


@pytest.mark.parametrize("recent", ["placement_ended", "outcome_recorded", "task_closed", "proposal_answered"])
def test_retention_counts_planning_as_activity(app: Flask, sisse: YouthProfile, recent: str) -> None:
    """Something that happened last month is recent activity, however old the profile is."""
    effort = _aged_effort(sisse)
    last_month = utcnow() - timedelta(days=30)
    if recent == "placement_ended":
        effort["placement"].ends_on = last_month.date()
    elif recent == "outcome_recorded":
        factories.OutcomeFactory(profile=sisse, recorded_at=last_month)
    elif recent == "task_closed":
        factories.FollowUpTaskFactory(profile=sisse, status=FollowUpStatus.DONE, done_at=last_month)
    else:
        effort["placement"].proposal.youth_answered_at = last_month
    _age(sisse, 900)
    output = _run_retention_cli(app)
    assert f"ung nr. {sisse.id}" not in output and "beholdt pga. igangværende forløb: 0" in output
    assert db.session.get(YouthProfile, sisse.id).first_name == "Sisse"


def test_admin_sets_retention_with_validation_and_sees_a_dry_run(client, login_as, sisse: YouthProfile) -> None:
    login_as("admin")
    _age(sisse, 400)
    page = client.get("/admin/privatliv").get_data(as_text=True)
    assert "Prøvekørsel" in page and "Sisse" not in page
    refused = client.post("/admin/privatliv", data={"youth_inactive_days": "10", "audit_retention_days": "abc"})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "mellem 90 og 3650" in text and "helt tal" in text
    assert client.post("/admin/privatliv", data={"youth_inactive_days": "365",
                                                 "audit_retention_days": "1825"}).status_code == 302
    assert "Sisse" in client.get("/admin/privatliv").get_data(as_text=True)
    assert client.post("/admin/privatliv/koer").status_code == 302
    assert db.session.get(YouthProfile, sisse.id).first_name == "Anonymiseret"


@pytest.mark.parametrize(("text", "is_cpr"), [
    ("0101901234", True), ("010190-1234", True), ("Mit nr er 311299 1234", True),
    ("3213901234", False), ("31415926", False), ("12345678901", False), ("tlf 75 89 12 34", False),
])
def test_cpr_detector(text: str, is_cpr: bool) -> None:
    assert looks_like_cpr(text) is is_cpr


def test_generated_tokens_are_not_mistaken_for_cpr_numbers(app: Flask) -> None:
    from partnerhub.outbox.models import OutboxMessage

    db.session.add(OutboxMessage(recipient="a@eksempel.dk", subject="3f1e0101901234ab9c8d7e6f5a4b3c2d.png",
                                 body="Hej"))
    db.session.commit()
    db.session.add(OutboxMessage(recipient="a@eksempel.dk", subject="CPR 0101901234", body="Hej"))
    with pytest.raises(CprNumberRefused):
        db.session.commit()
    db.session.rollback()


def test_a_cpr_number_is_refused_with_a_clear_message_and_not_stored(client, sisse: YouthProfile) -> None:
    login(client, sisse.user.email)
    profile_page = client.get("/ung/profil").get_data(as_text=True)
    assert "Hvad er du interesseret i?" in profile_page
    sisse_profile = db.session.get(YouthProfile, sisse.id)
    data = {"town": str(sisse_profile.town_id or ""), "interests": "Mit CPR er 010190-1234"}
    response = client.post("/ung/profil", data=data)
    assert response.status_code == 422
    assert "CPR" in response.get_data(as_text=True)
    assert "010190" not in (db.session.get(YouthProfile, sisse.id).interests or "")


def test_no_cpr_like_value_is_stored_anywhere_after_the_demo_data(app: Flask) -> None:
    app.test_cli_runner().invoke(args=["seed-demo"])
    # What the guard itself leaves out is not a person's number: a password or token hash, or a long machine token,
    # can hold ten random digits that read as a date (a fresh salt did, about once in a few hundred runs).
    for table in db.metadata.sorted_tables:
        text_columns = [c for c in table.columns
                        if isinstance(c.type, db.String | db.Text) and c.key not in EXEMPT_COLUMNS]
        for row in db.session.execute(db.select(*text_columns)).all() if text_columns else []:
            for column, value in zip(text_columns, row, strict=True):
                assert not (isinstance(value, str) and not MACHINE_TOKEN.match(value) and looks_like_cpr(value)), (
                    f"{table.name}.{column.key}")
    assert db.session.scalar(db.select(db.func.count(User.id))) > 100


RAW_CODES = ("active", "absent", "talk", "open", "education", "curious", "approved", "pending", "youth", "staff",
             "welcome", "shared_terms")


def _visible_text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_the_data_page_shows_planning_in_plain_words(client) -> None:
    """The young person's own page: every section with labels they can read, never an enum code."""
    everything = factories.youth_with_everything(first_name="Sisse")
    login(client, everything["profile"].user.email)
    page = _visible_text(client.get("/ung/mine-data").get_data(as_text=True))
    for expected in ("Tømrer Hansen ApS", "I gang", "Fravær", "Den unge vil gerne tale om planen", "Åben",
                     "Startet på en uddannelse", "Tømrer", "Startede i august", "Jeg vil gerne starte sent",
                     "Gode kolleger", "Blev du taget godt imod? 5 af 5", "Jeg er nysgerrig", "Det lød sjovt",
                     "Godkendt", "Har ikke svaret", "Messe", "Runde", "Din praktikplan er klar", "træ",
                     "Mette Medarbejder (Medarbejder i Ungeenheden)", "Ring efter praktikken"):
        assert expected in page, expected
    raw = [code for code in RAW_CODES if re.search(rf"\b{code}\b", page)]
    assert raw == [], f"raw codes on the page: {raw}"


def test_the_staff_export_page_and_english_labels(client, login_as) -> None:
    everything = factories.youth_with_everything(first_name="Sisse")
    login_as("staff", locale="en")
    page = _visible_text(client.get(f"/medarbejder/unge/{everything['profile'].id}/data").get_data(as_text=True))
    for expected in ("Tømrer Hansen ApS", "Running", "Absent", "Were you made welcome?", "I'm curious"):
        assert expected in page, expected
    data = client.get(f"/medarbejder/unge/{everything['profile'].id}/data.json").get_json()
    assert data["placements"][0]["status"] == "Running" and data["placements"][0]["attendance"][0]["kind"] == "Absent"
