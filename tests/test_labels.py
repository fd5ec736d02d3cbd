"""Every code a person can see is shown in words: enums carry translated labels, pages and exports use them."""

from __future__ import annotations

import ast
import csv
import io
from html import escape
from pathlib import Path

import pytest
from flask_babel import force_locale

import partnerhub.models
from partnerhub.audit.labels import AuditAction, AuditObject, AuditOutcome
from partnerhub.audit.models import AuditEvent
from partnerhub.extensions import db
from partnerhub.labels import LabelledEnum
from partnerhub.permissions import Role
from partnerhub.planning.models import PlacementStatus
from partnerhub.reference.models import RuleUnit
from partnerhub.reference.service import load_reference
from partnerhub.youth.models import Readiness, Transport, TravelUnit
from tests import factories
from tests.planning import helpers

ROOT = Path(__file__).resolve().parent.parent
partnerhub.models.load_models()


def all_labelled_enums() -> list[type[LabelledEnum]]:
    found, todo = [], list(LabelledEnum.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__name__}")


def test_the_shared_enum_replaced_the_copies() -> None:
    names = {cls.__name__ for cls in all_labelled_enums()}
    assert {"CompanyStatus", "Transport", "TravelUnit", "Readiness", "Role", "SignupState", "CommitmentKind",
            "CuriosityLevel", "PlacementStatus", "AuditAction"} <= names


@pytest.mark.parametrize("enum_class", all_labelled_enums(), ids=lambda cls: cls.__name__)
def test_every_member_has_a_label_in_danish_and_english(app, enum_class: type[LabelledEnum]) -> None:
    for member in enum_class:
        assert member.lazy_label is not member.value, f"{enum_class.__name__}.{member.name} has no label"
        with force_locale("da"):
            danish = member.label
        with force_locale("en"):
            english = member.label
        assert danish.strip() and english.strip(), member
        assert danish != member.value or member.value == "km", member  # "km" is the word as well as the code
        assert english != danish or english in {"km", "Job", "Administrator"}, (member, "not in the English catalogue")


def _audit_calls() -> list[ast.Call]:
    calls = []
    for path in (ROOT / "partnerhub").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(node, "func", None)
            if isinstance(node, ast.Call) and getattr(name, "id", getattr(name, "attr", None)) in ("record",
                                                                                                "record_now"):
                calls.append(node)
    return calls


def _literals(node: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def test_every_audit_action_and_object_the_code_writes_has_words() -> None:
    calls = _audit_calls()
    assert len(calls) > 60
    actions = {code for call in calls if len(call.args) >= 2 for code in _literals(call.args[1])}
    objects = {code for call in calls for k in call.keywords if k.arg == "object_type" for code in _literals(k.value)}
    assert actions - {a.value for a in AuditAction} == set()
    assert objects - {o.value for o in AuditObject} == set()


def test_the_audit_search_shows_actions_roles_objects_and_outcomes_in_words(client, login_as) -> None:
    admin = login_as(Role.ADMIN)
    roles = list(Role)
    for index, action in enumerate(AuditAction):
        objects = list(AuditObject)
        db.session.add(AuditEvent(action=action.value, actor_id=admin.id, actor_role=roles[index % len(roles)].value,
                                  object_type=objects[index % len(objects)].value, object_id="7",
                                  outcome=list(AuditOutcome)[index % 2].value))
    db.session.commit()
    pages = [client.get(f"/admin/audit/?page={number}").get_data(as_text=True) for number in (1, 2)]
    rows = "".join(page.split("<tbody>")[1].split("</tbody>")[0] for page in pages)  # 100 events a page
    for action in AuditAction:
        assert f"<td>{escape(action.label)}</td>" in rows and f"<td>{action.value}</td>" not in rows
    for role in Role:
        assert f"({escape(role.label)})" in rows and f"({role.value})" not in rows
    for obj in AuditObject:
        assert f"<td>{escape(obj.label)} 7</td>" in rows and f">{obj.value} 7<" not in rows
    for outcome in AuditOutcome:
        assert f"<td>{outcome.label}</td>" in rows and f"<td>{outcome.value}</td>" not in rows


@pytest.mark.parametrize("transport", list(Transport))
def test_the_youth_data_page_shows_transport_unit_and_readiness_in_words(client, login_as,
                                                                          transport: Transport) -> None:
    user = login_as(Role.YOUTH)
    profile = user.youth_profile
    profile.transport, profile.max_travel, profile.max_travel_unit = transport, 20, TravelUnit.MINUTES
    factories.StaffRecordFactory(profile=profile, readiness=Readiness.ACTIVITY_READY)
    db.session.commit()
    page = client.get("/ung/mine-data").get_data(as_text=True)
    for member in (transport, TravelUnit.MINUTES, Readiness.ACTIVITY_READY):
        assert f"<dd>{escape(member.label)}</dd>" in page and f"<dd>{member.value}</dd>" not in page


def test_the_scheduling_rules_show_their_units_in_words(client, login_as) -> None:
    load_reference()
    db.session.commit()
    login_as(Role.ADMIN)
    page = client.get("/admin/reference/regler").get_data(as_text=True)
    assert f" {RuleUnit.WEEKS.label}</td>" in page and " weeks</td>" not in page and " months</td>" not in page


@pytest.mark.parametrize("status", list(PlacementStatus))
def test_the_placements_export_shows_each_status_in_words(client, login_as, status: PlacementStatus) -> None:
    period = factories.PeriodFactory()
    profile, company = factories.YouthProfileFactory(), factories.CompanyFactory()
    proposal = helpers.make_proposal(helpers.make_round([period], [profile]), profile, [company])
    helpers.make_placement(proposal, status=status)
    login_as(Role.STAFF)
    body = client.get("/medarbejder/resultater/praktikforloeb.csv").data.decode("utf-8-sig")
    statuses = [row[-1] for row in csv.reader(io.StringIO(body), delimiter=";")][1:]
    assert statuses == [status.label]
