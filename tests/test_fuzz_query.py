"""Junk in the query string of every GET page, as every role: a clear answer (ignored, 400, 404), never a 5xx.

The routes come from app.url_map, the ids from the demo data (one matcher run added), chosen so each role gets a page
it owns where there is one; the parameters each view reads are found by recording what it asks request.args for, so a
filter added tomorrow is fuzzed without anyone listing it here.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

import pytest
from flask import Flask, Request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import AnyConverter, Rule

from partnerhub.accounts.models import User
from partnerhub.accounts.service import find_user_by_email
from partnerhub.companies.models import Company, InternshipPost, PlanningPeriod
from partnerhub.demo.service import DEMO_LOGINS, DEMO_PASSWORD, DEMO_ROUND_NAME, seed_demo
from partnerhub.extensions import db
from partnerhub.fair.models import BoothPhoto, FairEvent
from partnerhub.jobs.models import BackgroundJob
from partnerhub.outbox.models import OutboxMessage
from partnerhub.permissions import Role
from partnerhub.planning.models import Placement, PlanningRound, Proposal, ProposalStatus
from partnerhub.planning.services import rounds
from partnerhub.reference.models import PartnerNetwork, SchedulingRule, TradeArea
from partnerhub.reporting.models import CostFigure
from partnerhub.schools.models import PraktikWeek, Pupil, PupilReferral, School, SchoolClass
from partnerhub.schools.service import coordinator_school_ids
from partnerhub.tasters.models import TasterBooking, TasterRun, TasterSlot
from partnerhub.youth.models import YouthProfile
from tests.conftest import QUICK_FUZZ, login

JUNK = ["zzz", "abc", "\x00", "%00", "-1", "99999999999999999999", "2026-13-45", "1e308", "' OR 1=1 --", "ﾟ･✿",
        "x" * 5000, ""]
UNKNOWN_PARAMETERS = ["zzz", "abc", "side[]"]
ANONYMOUS = "anonymous"
ROLES = [ANONYMOUS, *(login.role.value for login in DEMO_LOGINS)]
CANDIDATES_PER_ARGUMENT = 4
MISSING_ID = 987654
QUICK_JUNK_PER_PARAMETER = 3


def _all_at_once(parameters: list[str], index: int) -> list[str]:
    """The queries that set every parameter at once, with parameters no view reads, too.

    A view that reads no parameter cannot tell one junk value from another: only what reads the whole query does
    (the NUL guard, the language form's `next` echo of the full path, a template's `request.args.to_dict()`). Each
    junk value then goes under its own key, once per unknown parameter's shape (`zzz3`, `side3[]`), so all of them
    are seen in one request by whatever reads every key; and once more without the NUL value, which the guard refuses
    before anything else reads the query."""
    if not parameters:
        every = [(name.replace("[]", f"{n}[]") if name.endswith("[]") else f"{name}{n}", junk)
                 for name in UNKNOWN_PARAMETERS for n, junk in enumerate(JUNK)]
        return [urlencode([(key, junk) for key, junk in every if "\x00" not in junk]), urlencode(every)]
    return [urlencode(dict.fromkeys([*parameters, *UNKNOWN_PARAMETERS], junk)) for junk in _junk_for(index)]


def _junk_for(index: int) -> list[str]:
    """Every junk value (for a parameter, or for a page's all-at-once requests); under TEST_FUZZ=quick three, a
    different three for each parameter and each page."""
    if not QUICK_FUZZ:
        return JUNK
    return [JUNK[(index * QUICK_JUNK_PER_PARAMETER + k) % len(JUNK)] for k in range(QUICK_JUNK_PER_PARAMETER)]


class _RecordingArgs(ImmutableMultiDict):
    """request.args that remembers every key a view asks for (get, [], in, getlist: what views and WTForms use)."""

    asked: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.asked.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None, type: Callable | None = None) -> Any:
        self.asked.add(key)
        return super().get(key, default, type)

    def getlist(self, key: str, type: Callable | None = None) -> list:
        self.asked.add(key)
        return super().getlist(key, type)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self.asked.add(key)
        return super().__contains__(key)


class _RecordingRequest(Request):
    parameter_storage_class = _RecordingArgs


@contextmanager
def recording(app: Flask) -> Iterator[set[str]]:
    asked: set[str] = set()
    _RecordingArgs.asked = asked
    original, app.request_class = app.request_class, _RecordingRequest
    try:
        yield asked
    finally:
        app.request_class = original
        _RecordingArgs.asked = set()


def _ids(model: Any, *where: Any) -> list[int]:
    return list(db.session.scalars(db.select(model.id).where(*where).order_by(model.id).limit(CANDIDATES_PER_ARGUMENT)))


def _owned_first(model: Any, owned: Any | None) -> list[int]:
    """The role's own objects first (its placements, its company's posts), then any: a 404 teaches little."""
    first = _ids(model, owned) if owned is not None else []
    return first + [i for i in _ids(model) if i not in first]


def _candidates(user: Any) -> dict[str, list[Any]]:
    company_id = getattr(user, "company_id", None)
    profile = getattr(user, "youth_profile", None)
    placement_owner = (Placement.company_id == company_id if company_id else
                       Placement.youth_profile_id == profile.id if profile else None)
    demo_round = db.session.scalar(db.select(PlanningRound.id).where(PlanningRound.name == DEMO_ROUND_NAME))
    return {
        "round_id": [demo_round, *_ids(PlanningRound)],
        "job_id": _ids(BackgroundJob),
        "profile_id": _ids(YouthProfile),
        "proposal_id": _ids(Proposal, Proposal.round_id == demo_round),
        "period_id": _ids(PlanningPeriod),
        "placement_id": _owned_first(Placement, placement_owner),
        "company_id": _ids(Company),
        "event_id": _ids(FairEvent),
        "area_id": _ids(TradeArea),
        "photo_id": _ids(BoothPhoto),
        "message_id": _ids(OutboxMessage),
        "figure_id": _ids(CostFigure),
        "network_id": _ids(PartnerNetwork),
        "post_id": _owned_first(InternshipPost, InternshipPost.company_id == company_id if company_id else None),
        "rule_key": list(db.session.scalars(db.select(SchedulingRule.key).limit(2))),
        "slot_id": _owned_first(TasterSlot, TasterSlot.company_id == company_id if company_id else None),
        "booking_id": _ids(TasterBooking),
        "run_id": _ids(TasterRun),
        "token": ["ugyldig"],
        "slug": ["ung", "virksomhed", "medarbejder"],
        **_school_candidates(user),
    }


def _school_candidates(user: Any) -> dict[str, list[Any]]:
    """A coordinator's own school, class and pupil first (another school's are 404 for them)."""
    mine = list(coordinator_school_ids(user)) if user is not None else []
    class_owner = SchoolClass.school_id.in_(mine) if mine else None
    own_classes = db.select(SchoolClass.id).where(SchoolClass.school_id.in_(mine))
    return {
        "school_id": _owned_first(School, School.id.in_(mine) if mine else None),
        "class_id": _owned_first(SchoolClass, class_owner),
        "pupil_id": _owned_first(Pupil, Pupil.school_class_id.in_(own_classes) if mine else None),
        "week_id": _ids(PraktikWeek),
        "referral_id": _ids(PupilReferral),
        "user_id": _ids(User, User.role == Role.COORDINATOR),
    }


def _argument_values(rule: Rule, name: str, candidates: dict[str, list[Any]]) -> list[Any]:
    converter = rule._converters[name]  # the converter is what says which values a path takes
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)
    assert name in candidates, f"{rule.rule}: no seeded values for <{name}>; add them to _candidates"
    # No such row in the demo (a booth photo): an id nobody has still runs the route, which must answer 404.
    return [value for value in candidates[name] if value is not None] or [MISSING_ID]


def _urls(app: Flask, rule: Rule, candidates: dict[str, list[Any]]) -> Iterator[str]:
    names = sorted(rule.arguments)
    adapter = app.url_map.bind("localhost")
    for values in itertools.product(*(_argument_values(rule, name, candidates) for name in names)):
        yield adapter.build(rule.endpoint, dict(zip(names, values, strict=True)))


def _get_rules(app: Flask) -> list[Rule]:
    return sorted((r for r in app.url_map.iter_rules() if "GET" in r.methods and r.endpoint != "static"),
                  key=lambda r: r.rule)


def _page_for(client: Any, app: Flask, rule: Rule,
              candidates: dict[str, list[Any]]) -> tuple[str, int, set[str]]:
    """The first address of the route that answers 2xx to this role, else the first one tried; with what that request
    asked request.args for (recorded here, so _parameters_read need not ask for the same page again)."""
    first: tuple[str, int, set[str]] | None = None
    for url in itertools.islice(_urls(app, rule, candidates), 40):
        with recording(app) as asked:
            status = client.get(url).status_code
        if first is None:
            first = (url, status, set(asked))
        if status != 404:  # a page, or a refusal no other id would change
            return url, status, set(asked)
    assert first is not None, f"{rule.rule}: no address could be built"
    return first


def _parameters_read(client: Any, app: Flask, url: str, asked_plain: set[str] | None = None) -> set[str]:
    """Everything the view asks request.args for; asked again with those set, as a view may read more then.

    asked_plain: what the view asked for with no query at all, if that request was already made and recorded."""
    seen: set[str] = set()
    query: dict[str, str] = {}
    for round_ in range(3):
        if round_ == 0 and asked_plain is not None:
            asked = asked_plain
        else:
            with recording(app) as asked:
                client.get(url + ("?" + urlencode(query) if query else ""))
        if asked <= seen:
            break
        seen |= asked
        query = dict.fromkeys(sorted(seen), "1")
    return seen


@pytest.fixture(scope="module")
def demo(app: Flask, module_rows: Any) -> dict[str, Any]:
    """The demo data plus one finished matcher run, so the progress page has a job to show."""
    seed_demo()
    staff = find_user_by_email(next(d.email for d in DEMO_LOGINS if d.role is Role.STAFF))
    round_ = db.session.scalar(db.select(PlanningRound).where(PlanningRound.name == DEMO_ROUND_NAME))
    rounds.start_run(staff, round_)
    db.session.commit()
    return {}


@pytest.mark.parametrize("role", ROLES)
def test_junk_query_parameters_never_give_a_5xx(role: str, app: Flask, client: Any, demo: dict,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)  # a crash is a 500 here, counted, not raised
    user = None
    if role != ANONYMOUS:
        email = next(d.email for d in DEMO_LOGINS if d.role.value == role)
        assert login(client, email, DEMO_PASSWORD).status_code == 302
        user = find_user_by_email(email)
    candidates = _candidates(user)
    failures: list[str] = []
    visited = 0
    for rule in _get_rules(app):
        url, status, asked_plain = _page_for(client, app, rule, candidates)
        if status >= 500:
            failures.append(f"{url} -> {status} with no query at all")
            continue
        if status >= 400:  # refused before the view reads anything: one request with junk is enough
            response = client.get(url + "?" + urlencode(dict.fromkeys(UNKNOWN_PARAMETERS, JUNK[0])))
            if response.status_code >= 500:
                failures.append(f"{url} (refused) with unknown parameters -> {response.status_code}")
            continue
        parameters = sorted(_parameters_read(client, app, url, asked_plain))
        visited += 1
        for index, parameter in enumerate(parameters):  # one at a time: no other one refuses first
            for junk in _junk_for(index):
                response = client.get(url + "?" + urlencode({parameter: junk}))
                if response.status_code >= 500:
                    failures.append(f"{url}?{parameter}={junk[:30]!r} -> {response.status_code}")
        for query in _all_at_once(parameters, visited):  # with parameters no view reads, too
            response = client.get(url + "?" + query)
            if response.status_code >= 500:
                failures.append(f"{url}?{query[:60]} -> {response.status_code}")
    assert visited >= 5, "the fuzz reached almost no page: the logins or the ids are wrong"
    assert failures == [], "\n".join(failures)


def test_the_recorder_finds_the_filters_a_view_reads(app: Flask, client: Any, demo: dict) -> None:
    """Guards the fuzz: if recording stopped seeing request.args, every view would look parameter-free and pass."""
    assert login(client, next(d.email for d in DEMO_LOGINS if d.role is Role.STAFF), DEMO_PASSWORD).status_code == 302
    round_id = _candidates(None)["round_id"][0]
    read = _parameters_read(client, app, f"/medarbejder/planlaegning/{round_id}")
    assert {"status", "readiness", "town", "trade_area", "min_score", "sort", "side"} <= read
    # The fuzz itself records the first, query-free request while it looks for the page: the same set comes out.
    rule = next(rule for rule in _get_rules(app) if rule.endpoint == "planning.round_detail")
    url, status, asked_plain = _page_for(client, app, rule, _candidates(None))
    assert (url, status) == (f"/medarbejder/planlaegning/{round_id}", 200)
    assert asked_plain and _parameters_read(client, app, url, asked_plain) == read


def test_an_unknown_round_filter_is_ignored(client: Any, demo: dict) -> None:
    """The probe's 500s: an unknown filter value shows the round as if that filter were not set."""
    assert login(client, next(d.email for d in DEMO_LOGINS if d.role is Role.STAFF), DEMO_PASSWORD).status_code == 302
    round_id = _candidates(None)["round_id"][0]
    plain = client.get(f"/medarbejder/planlaegning/{round_id}")
    chosen = r'<option selected value="([^"]*)"'
    expected = re.findall(chosen, plain.get_data(as_text=True))
    assert ProposalStatus.PROPOSED.value in expected  # the default: open proposals
    for query in ("status=zzz", "readiness=zzz", "town=abc", "trade_area=zzz", "min_score=abc", "sort=zzz",
                  "side=99999999999999999999"):
        junk = client.get(f"/medarbejder/planlaegning/{round_id}?{query}")
        assert junk.status_code == 200, query
        assert re.findall(chosen, junk.get_data(as_text=True)) == expected, query


def test_a_huge_audit_page_number_is_a_page_past_the_end(client: Any, demo: dict) -> None:
    """Before, a number too big for the database's integer was a 500; now it is bounded like every list's page."""
    assert login(client, next(d.email for d in DEMO_LOGINS if d.role is Role.ADMIN), DEMO_PASSWORD).status_code == 302
    response = client.get("/admin/audit/?page=99999999999999999999")
    assert response.status_code == 200 and "Ingen hændelser." in response.get_data(as_text=True)
