"""Privacy cannot miss a table: read from the SQLAlchemy metadata, not from a list someone has to remember.

Every foreign key that points at a young person (users, youth_profiles), or at a table that itself belongs to the
person (placements -> attendance, feedback ...), must have a decision below. For every table that belongs to the
person the test fills each personal text column with a marker, then checks through HTTP, as staff use it, that the
access export (GDPR art. 15) holds every row and every marker, and that erasure leaves no marker anywhere in the
database. A new table, or a new key or text column on an old one, fails here until someone decides what it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
import sqlalchemy as sa

from partnerhub.extensions import db
from tests import factories

ROOTS = ("users", "youth_profiles")
OWNS = "owns"  # the key makes the row the person's


@dataclass(frozen=True)
class Actor:
    """The key names who did something (staff, HR or the person on a row that is theirs anyway), not whose it is."""

    why: str


@dataclass(frozen=True)
class Policy:
    """What happens to a table that belongs to the person."""

    section: str | None  # where the rows are in the export: "placements", "placements[].attendance" ...
    kept: dict[str, str] = field(default_factory=dict)  # text columns that survive erasure -> why
    not_exported: dict[str, str] = field(default_factory=dict)  # personal columns left out of the export -> why
    export_exempt: str | None = None  # why the whole table is left out of the export
    deleted: bool = False  # erasure deletes the rows instead of blanking their columns


# Every foreign key into a person's table: "table.column" -> OWNS or Actor(why).
LINKS: dict[str, str | Actor] = {
    "youth_profiles.user_id": OWNS,
    "youth_profiles.created_by_id": Actor("the staff member who registered the young person"),
    "youth_staff_records.profile_id": OWNS,
    "youth_staff_records.consultant_id": Actor("the consultant (staff); exported by name"),
    "youth_staff_records.updated_by_id": Actor("the staff member who last changed the record"),
    "youth_trade_areas.profile_id": OWNS,
    "curious_marks.youth_profile_id": OWNS,
    "fair_attendees.youth_profile_id": OWNS,
    "fair_attendees.registered_by_id": Actor("who signed the person up (themselves or staff)"),
    "round_participants.youth_profile_id": OWNS,
    "proposals.youth_profile_id": OWNS,
    "proposals.decided_by_id": Actor("the staff member who approved or rejected"),
    "proposal_items.proposal_id": OWNS,
    "placements.youth_profile_id": OWNS,
    "placements.proposal_id": OWNS,
    "placements.company_answered_by_id": Actor("the company's HR user who answered the offer"),
    "placements.statement_confirmed_by_id": Actor("the HR user who confirmed the written statement"),
    "attendance_exceptions.placement_id": OWNS,
    "attendance_exceptions.recorded_by_id": Actor("who recorded the absence (HR or staff)"),
    "placement_agreements.placement_id": OWNS,
    "placement_agreements.approved_by_id": Actor("the staff member who approved the agreement"),
    "placement_agreements.updated_by_id": Actor("the staff member who last saved the agreement"),
    "agreement_signatures.agreement_id": OWNS,
    "agreement_signatures.signer_user_id": Actor("who signed (the person, HR or staff); the row is the person's "
                                                 "through its agreement"),
    "placement_feedback.placement_id": OWNS,
    "placement_feedback.given_by_id": Actor("the author; the row is the person's through its placement"),
    "handover_notes.placement_id": OWNS,
    "handover_notes.written_by_id": Actor("the outgoing company's HR user who wrote the note"),
    "check_ins.placement_id": OWNS,
    "check_ins.given_by_id": Actor("who answered (the person or the company's HR user); the row is the person's "
                                   "through its placement"),
    "follow_up_tasks.youth_profile_id": OWNS,
    "follow_up_tasks.placement_id": OWNS,
    "follow_up_tasks.assigned_to_id": Actor("the consultant the task is for"),
    "follow_up_tasks.done_by_id": Actor("the staff member who closed the task"),
    "outcomes.youth_profile_id": OWNS,
    "outcomes.recorded_by_id": Actor("the staff member who recorded the outcome"),
    "audit_events.subject_user_id": OWNS,
    "audit_events.actor_id": OWNS,  # the person's own logins and actions are theirs too
    "invitations.user_id": OWNS,
    "invitations.created_by_id": Actor("the staff member who sent the invitation"),
    "outbox_messages.recipient_user_id": OWNS,
    "oidc_identities.user_id": OWNS,
    "guardians.youth_profile_id": OWNS,
    "guardian_consents.placement_id": OWNS,
    "guardian_consents.guardian_id": OWNS,
    "guardian_consents.requested_by_id": Actor("the staff member who asked the guardian (or none: automatic)"),
    "youth_last_employers.youth_profile_id": OWNS,
    "youth_last_employers.recorded_by_id": Actor("who recorded the last employer (the person or staff)"),
    "pupils.user_id": OWNS,  # the pupil's own login, set when they accept the coordinator's invitation
    "pupils.created_by_id": Actor("the school coordinator who added the pupil"),
    "pupil_referrals.pupil_id": OWNS,
    "pupil_referrals.youth_profile_id": OWNS,  # the youth profile staff started from the school's flag
    "pupil_referrals.requested_by_id": Actor("the school coordinator who flagged the pupil"),
    "pupil_referrals.started_by_id": Actor("the staff member who started the youth profile"),
    # A coordinator is a school employee; the link is their work, not a young person's data.
    "coordinator_schools.user_id": Actor("a school coordinator's link to the school they work for"),
    # Keys that only ever hold staff or admin users: no young person can create these rows.
    "company_flags.flagged_by_id": Actor("the staff member who flagged a company"),
    "company_flags.lifted_by_id": Actor("the staff member who lifted a company's flag"),
    "background_jobs.created_by_id": Actor("staff or admin who started a job"),
    "commitments.created_by_id": Actor("staff who recorded a company's commitment"),
    "cost_figures.updated_by_id": Actor("the admin who edited a cost figure"),
    "cost_figure_changes.changed_by_id": Actor("the admin who edited a cost figure"),
    "fair_events.created_by_id": Actor("staff who created the fair"),
    "planning_rounds.created_by_id": Actor("staff who created the round"),
    "retention_settings.updated_by_id": Actor("the admin who set the retention rule"),
    # Taster internships: who acted (a coordinator, staff, the company's HR user, or the pupil on their own wish).
    "taster_runs.created_by_id": Actor("the coordinator or staff member who ran the allocation"),
    "taster_wishes.entered_by_id": Actor("who entered the wish: the pupil or their coordinator"),
    "taster_wishes.pupil_id": OWNS,
    "taster_bookings.pupil_id": OWNS,
    "taster_consents.booking_id": OWNS,
    "taster_bookings.company_confirmed_by_id": Actor("the company's HR user who confirmed the place"),
    "taster_bookings.approved_by_id": Actor("the coordinator or staff member who approved the place"),
    "taster_bookings.company_answered_by_id": Actor("the company's HR user who answered after the week"),
}

# Every table that belongs to the person: where it is exported and how it is erased.
POLICIES: dict[str, Policy] = {
    "users": Policy(
        "account",
        kept={"locale": "the language setting (da/en) identifies no one"},
        not_exported={"password_hash": "a one-way hash, meaningless to the person and a risk if passed on"},
    ),
    "youth_profiles": Policy("profile", kept={"weekdays": "weekday numbers for statistics; identify no one"}),
    "youth_staff_records": Policy("youth_unit_record"),
    "youth_trade_areas": Policy("profile.trade_areas"),
    "curious_marks": Policy("curious_marks"),
    "fair_attendees": Policy("fair_events"),
    "round_participants": Policy("planning_rounds"),
    "proposals": Policy("proposals", kept={"source": "a code (matcher/manual/edited), not about the person",
                                           "reject_code": "a reason code from a fixed list, for statistics"}),
    "proposal_items": Policy("proposals[].companies"),
    "placements": Policy("placements"),
    "attendance_exceptions": Policy("placements[].attendance"),
    "placement_agreements": Policy("placements[].agreement", kept={
        "weekdays": "weekday numbers of the placement; identify no one",
        "hours_from": "a clock time", "hours_to": "a clock time",
        "rule_basis": "a citation of the law the placement is under, the same for everyone"}),
    "agreement_signatures": Policy("placements[].agreement.signatures[]", kept={
        "terms": "the company, dates and hours signed; nothing about the person, and what shows a signature was "
                 "valid"}),
    "placement_feedback": Policy("placements[].feedback",
                                 kept={"answers": "scores 1-5 for the placement statistics"}),
    "handover_notes": Policy("placements[].handover_note"),
    "check_ins": Policy("placements[].check_ins"),
    "follow_up_tasks": Policy("follow_up_tasks"),
    "outcomes": Policy("outcomes"),
    # The audit log is append-only evidence with its own retention rule: rows stay, free text in them is blanked.
    "audit_events": Policy("access_log", kept={
        "actor_role": "a role code", "action": "an action code", "object_type": "a code", "object_id": "an id",
        "outcome": "ok/denied", "ip": "evidence of who accessed the data; expires with the audit retention rule",
    }),
    "invitations": Policy(None, export_exempt="a hash of a one-time sign-in link; nothing the person could read",
                          deleted=True),
    "outbox_messages": Policy("messages", deleted=True),
    "oidc_identities": Policy("linked_logins", kept={"audience": "a code (youth/company/staff)"}, deleted=True),
    "guardians": Policy("guardian", deleted=True),
    "youth_last_employers": Policy("last_employer", deleted=True),
    "guardian_consents": Policy("placements[].guardian_consents", deleted=True, not_exported={
        "token_hash": "a hash of a one-time link; nothing the person could read",
        "withdraw_token_hash": "a hash of a one-time link; nothing the person could read"}),
    "pupils": Policy("school_pupils", deleted=True),
    "taster_wishes": Policy("school_pupils[].taster_wishes", deleted=True),
    "taster_bookings": Policy("school_pupils[].taster_bookings", deleted=True),
    "taster_consents": Policy("school_pupils[].taster_bookings[].guardian_consents", deleted=True, not_exported={
        "token_hash": "a hash of a one-time link; nothing the person could read",
        "withdraw_token_hash": "a hash of a one-time link; nothing the person could read"}),
    "pupil_referrals": Policy("school_referrals", deleted=True, not_exported={
        "token_hash": "a hash of a one-time link; nothing the person could read",
        "withdraw_token_hash": "a hash of a one-time link; nothing the person could read"}),
}

# JSON columns cannot be filled with a marker generically; these are planted by the fixture instead.
PLANTED_JSON = {"proposal_items.explanation", "audit_events.detail"}


def _is_text(column: sa.Column) -> bool:
    return isinstance(column.type, sa.String | sa.Text) and not isinstance(column.type, sa.Enum)


def _person_links() -> tuple[dict[str, list[sa.ForeignKey]], list[str]]:
    """Follows the keys out from the roots: owned tables with their owning keys, and keys nobody decided on."""
    owned: dict[str, list[sa.ForeignKey]] = {root: [] for root in ROOTS}
    undecided: list[str] = []
    changed = True
    while changed:
        changed = False
        for table in db.metadata.sorted_tables:
            for fk in table.foreign_keys:
                if fk.column.table.name not in owned:
                    continue
                name = f"{table.name}.{fk.parent.name}"
                decision = LINKS.get(name)
                if decision is None:
                    if name not in undecided:
                        undecided.append(name)
                elif decision == OWNS and fk not in owned.setdefault(table.name, []):
                    owned[table.name].append(fk)
                    changed = True
    return owned, undecided


def _personal_columns(table: sa.Table) -> list[sa.Column]:
    policy = POLICIES[table.name]
    return [c for c in table.columns if (_is_text(c) or isinstance(c.type, sa.JSON)) and c.name not in policy.kept]


def _marker(table: str, column: str) -> str:
    names = sorted(f"{t.name}.{c.name}" for t in db.metadata.sorted_tables for c in t.columns)
    return f"PRIV{names.index(f'{table}.{column}'):03d}Z"


def _rows_of_person(owned: dict[str, list[sa.ForeignKey]], user_id: int, profile_id: int) -> dict[str, list]:
    """Each owned table's rows that belong to the person, found through the owning keys alone."""
    ids: dict[str, set] = {"users": {user_id}, "youth_profiles": {profile_id}}
    rows: dict[str, list] = {}
    for table in db.metadata.sorted_tables:  # parents before children, so ids are known when needed
        if table.name not in owned:
            continue
        condition = sa.or_(*[fk.parent.in_(ids.get(fk.column.table.name, set())) for fk in owned[table.name]]) \
            if owned[table.name] else table.c.id.in_(ids[table.name])
        found = db.session.execute(sa.select(table).where(condition)).all()
        rows[table.name] = found
        if "id" in table.c:
            ids.setdefault(table.name, set()).update(row.id for row in found)
    return rows


def _section(export: dict, path: str) -> list[Any]:
    """Resolves "placements[].attendance" to the flat list of attendance rows over all placements."""
    items: list[Any] = [export]
    for part in path.split("."):
        key, many = part.removesuffix("[]"), part.endswith("[]")
        items = [item.get(key) for item in items]
        if many:
            items = [entry for item in items for entry in item or []]
    if len(items) == 1 and isinstance(items[0], list):
        return items[0]
    return [item for item in items if item is not None]


def _plant_markers(owned: dict, rows: dict[str, list]) -> dict[str, str]:
    """Writes a marker into every personal text column of every row (outside the ORM, so no guard interferes)."""
    planted: dict[str, str] = {}
    for name, found in rows.items():
        table = db.metadata.tables[name]
        for column in _personal_columns(table):
            key = f"{name}.{column.name}"
            marker = _marker(name, column.name)
            planted[key] = marker
            if isinstance(column.type, sa.JSON):
                assert key in PLANTED_JSON, f"{key}: a JSON column with no decision; add it to kept or PLANTED_JSON"
                continue
            for row in found:
                where = sa.and_(*[pk == getattr(row, pk.name) for pk in table.primary_key.columns])
                db.session.execute(sa.update(table).where(where).values({column.name: marker}))
    db.session.commit()
    return planted


def _database_text() -> str:
    """Every text and JSON value in every table, to prove a marker survives nowhere."""
    parts = []
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if _is_text(c) or isinstance(c.type, sa.JSON)]
        if columns:
            for row in db.session.execute(sa.select(*columns)).all():
                parts.append(json.dumps([value for value in row], ensure_ascii=False, default=str))
    return "\n".join(parts)


def test_every_key_to_a_person_has_a_decision(app) -> None:
    owned, undecided = _person_links()
    assert not undecided, f"foreign keys to a person's data with no privacy decision in LINKS: {undecided}"
    all_keys = {f"{t.name}.{fk.parent.name}" for t in db.metadata.sorted_tables for fk in t.foreign_keys}
    assert not set(LINKS) - all_keys, f"LINKS names keys that no longer exist: {set(LINKS) - all_keys}"
    assert set(owned) == set(POLICIES), f"owned tables without a policy: {set(owned) - set(POLICIES)}; " \
                                        f"policies for tables no longer owned: {set(POLICIES) - set(owned)}"
    for name, policy in POLICIES.items():
        columns = {c.name for c in db.metadata.tables[name].columns}
        assert set(policy.kept) | set(policy.not_exported) <= columns, f"{name}: policy names unknown columns"
        assert (policy.section is None) == (policy.export_exempt is not None), f"{name}: export it or say why not"


@pytest.fixture
def everything(app) -> dict:
    objects = factories.youth_with_everything(first_name="Sisse")
    objects["item"].explanation = {"shared_terms": [_marker("proposal_items", "explanation")], "distance_km": 3.0}
    ended = objects["audit"][1]
    db.session.execute(sa.update(db.metadata.tables["audit_events"]).where(sa.column("id") == ended.id)
                       .values(detail={"from": "active", "to": "ended",
                                       "reason": _marker("audit_events", "detail")}))
    db.session.commit()
    return objects


def test_the_export_holds_every_row_and_erasure_leaves_nothing_personal(client, login_as, everything) -> None:
    profile = everything["profile"]
    user_id, profile_id = profile.user_id, profile.id
    owned, undecided = _person_links()
    assert not undecided
    rows = _rows_of_person(owned, user_id, profile_id)
    empty = [name for name, found in rows.items() if not found]
    assert not empty, f"factories.youth_with_everything() makes no row in {empty}: add one"
    planted = _plant_markers(owned, rows)
    before = _database_text()
    missing_plants = [key for key, marker in planted.items() if marker not in before]
    assert not missing_plants, f"personal columns the fixture left empty: {missing_plants}"

    login_as("staff")
    response = client.get(f"/medarbejder/unge/{profile_id}/data.json")
    assert response.status_code == 200
    export = json.loads(response.get_data(as_text=True))
    exported = response.get_data(as_text=True)
    problems = []
    for name, policy in POLICIES.items():
        if policy.section is None:
            continue
        in_export = len(_section(export, policy.section))
        # The audit log grows while the test runs (the staff login, the export itself): at least the rows read.
        if in_export < len(rows[name]) or (in_export != len(rows[name]) and name != "audit_events"):
            problems.append(f"export: {name} has {len(rows[name])} row(s), section '{policy.section}' {in_export}")
        for column in _personal_columns(db.metadata.tables[name]):
            if column.name not in policy.not_exported and planted[f"{name}.{column.name}"] not in exported:
                problems.append(f"export: {name}.{column.name} is missing")

    response = client.post(f"/medarbejder/unge/{profile_id}/anonymiser",
                           data={"reason": "Bedt om sletning", "confirm": "y"})
    assert response.status_code == 302
    after = _database_text()
    problems += [f"erasure: {key} survives" for key, marker in sorted(planted.items()) if marker in after]
    rows_after = _rows_of_person(owned, user_id, profile_id)
    problems += [f"erasure: {name} rows should be deleted" for name, policy in POLICIES.items()
                 if policy.deleted and rows_after[name]]
    assert not problems, "\n".join(problems)
    for kept_for_statistics in ("placements", "attendance_exceptions", "outcomes", "placement_feedback"):
        assert len(rows_after[kept_for_statistics]) == len(rows[kept_for_statistics]), kept_for_statistics
    assert [row.answers for row in rows_after["placement_feedback"]] == [row.answers for row in rows[
        "placement_feedback"]], "feedback scores stay for the statistics"


def test_a_new_table_holding_a_young_person_without_a_decision_fails(app) -> None:
    """The guard itself: a table (or a key on a table reached through the person) nobody decided on is reported."""
    diary = sa.Table("test_only_youth_diary", db.metadata,
                     sa.Column("id", sa.Integer, primary_key=True),
                     sa.Column("placement_id", sa.ForeignKey("placements.id")),
                     sa.Column("entry", sa.Text))
    try:
        _owned, undecided = _person_links()
    finally:
        db.metadata.remove(diary)
    assert undecided == ["test_only_youth_diary.placement_id"]
