"""The results page keeps its counted tables for a minute per worker process, and says so: "Tallene er fra kl. …
Nye ændringer kommer med inden for 1 minut." These tests turn the copy on (the test config counts afresh) and check
that promise through the page: the figures are counted once, a change made through the app shows at once, a change
the process did not see shows once the minute is over, and each reader still gets their own view of the same counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy import event

from partnerhub import worker_cache
from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.planning.models import Placement, PlacementStatus, ProposalStatus
from tests import factories
from tests.planning import helpers

PAGE = "/medarbejder/resultater"
SHARING_ROW = re.compile(r'aria-label="Delte forløb[^"]*".*?<th scope="row">Alle</th><td>([^<]+)</td>', re.S)


@pytest.fixture
def kept_for_a_minute(app: Flask) -> Iterator[None]:
    app.config["RESULTS_CACHE_SECONDS"] = 60
    yield
    app.config["RESULTS_CACHE_SECONDS"] = 0


@pytest.fixture
def statements(app: Flask) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    yield seen
    event.remove(db.engine, "before_cursor_execute", count)


def _youth_in_placement(html: str) -> str:
    found = SHARING_ROW.search(html)
    assert found, html[:3000]
    return found.group(1)


def _counting_queries(seen: list[str]) -> int:
    return sum("FROM placements" in statement for statement in seen)


def test_the_page_says_when_its_figures_were_counted_and_counts_them_once(
        client, login_as, data: dict, kept_for_a_minute: None, statements: list[str]) -> None:
    login_as(Role.STAFF)
    first = client.get(PAGE).get_data(as_text=True)
    assert re.search(r"Tallene er fra kl\. \d\d:\d\d\. Nye ændringer kommer med inden for 1 minut\.", first)
    assert _youth_in_placement(first) == "5"
    counted = _counting_queries(statements)
    assert counted >= 4  # the youth, placements, capacity and sharing tables each read the placements
    statements.clear()
    again = client.get(PAGE).get_data(as_text=True)
    assert _youth_in_placement(again) == "5"
    assert _counting_queries(statements) == 0


def test_a_change_made_through_the_app_shows_at_once(client, login_as, data: dict, kept_for_a_minute: None) -> None:
    login_as(Role.STAFF)
    assert _youth_in_placement(client.get(PAGE).get_data(as_text=True)) == "5"
    proposal = helpers.make_proposal(data["round"], data["youth"][5], [data["c"]], status=ProposalStatus.APPROVED)
    helpers.make_placement(proposal, 0, status=PlacementStatus.COMPLETED)  # through the ORM, as every page writes
    assert _youth_in_placement(client.get(PAGE).get_data(as_text=True)) == "6"


def test_a_bulk_statement_through_the_session_shows_at_once(client, login_as, data: dict,
                                                           kept_for_a_minute: None) -> None:
    """An UPDATE or INSERT of many rows (load-reference's, a service's) writes no objects, so no flush sees it; the
    session's statement listener does."""
    login_as(Role.STAFF)
    assert _youth_in_placement(client.get(PAGE).get_data(as_text=True)) == "5"
    db.session.execute(db.update(Placement).where(Placement.youth_profile_id == data["youth"][0].id)
                       .values(status=PlacementStatus.DECLINED))
    db.session.commit()
    assert _youth_in_placement(client.get(PAGE).get_data(as_text=True)) == "4"


def test_a_change_this_process_did_not_see_shows_when_the_minute_is_over(
        client, login_as, data: dict, kept_for_a_minute: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another worker's write fires no listener here: the copy is shown until it is a minute old, then recounted."""
    login_as(Role.STAFF)
    assert _youth_in_placement(client.get(PAGE).get_data(as_text=True)) == "5"
    db.session.execute(sa.text("UPDATE placements SET status = :declined WHERE youth_profile_id = :youth"),
                       {"declined": PlacementStatus.DECLINED.value, "youth": data["youth"][0].id})  # as another process
    db.session.commit()
    assert _youth_in_placement(client.get(PAGE).get_data(as_text=True)) == "5"
    later = worker_cache.time.monotonic() + 61
    monkeypatch.setattr(worker_cache.time, "monotonic", lambda: later)
    assert _youth_in_placement(client.get(PAGE).get_data(as_text=True)) == "4"


def test_management_gets_small_counts_hidden_from_the_counts_staff_filled(
        app, client, login_as, data: dict, kept_for_a_minute: None) -> None:
    """One copy of the counts serves every reader; hiding counts under five is done for each reader."""
    login_as(Role.STAFF)
    staff_page = client.get(PAGE + "?breakdown=town").get_data(as_text=True)
    other = app.test_client()
    factories.user_for_role(Role.MANAGEMENT, email="ledelse@hedensted.dk")
    assert other.post("/log-ind", data={"email": "ledelse@hedensted.dk", "password": factories.PASSWORD}
                      ).status_code == 302
    management_page = other.get(PAGE + "?breakdown=town").get_data(as_text=True)
    hidden = "&lt;5"  # reporting.services.common.HIDDEN, as the page escapes it
    assert staff_page.count(hidden) < management_page.count(hidden)
    assert staff_page.count(hidden) == client.get(PAGE + "?breakdown=town").get_data(as_text=True).count(hidden)


def test_each_language_gets_its_own_counted_tables(client, login_as, data: dict, kept_for_a_minute: None) -> None:
    login_as(Role.STAFF)
    assert "Delte forløb og deltagende virksomheder" in client.get(PAGE).get_data(as_text=True)
    client.post("/sprog", data={"lang": "en", "next": PAGE})
    english = client.get(PAGE).get_data(as_text=True)
    assert "Delte forløb og deltagende virksomheder" not in english
    assert "The figures are from" in english


def test_an_edit_the_figures_do_not_read_keeps_them_and_a_town_change_recounts(
        client, login_as, data: dict, kept_for_a_minute: None, statements: list[str]) -> None:
    """A young person editing their interests (the busiest write of a morning) must not make every worker count
    again; moving to another town changes the town breakdown, so it does."""
    login_as(Role.STAFF)
    before = client.get(PAGE + "?breakdown=town").get_data(as_text=True)
    moved = data["youth"][0]
    moved.interests = "Noget helt nyt: dyr og maskiner."
    db.session.commit()
    statements.clear()
    kept = client.get(PAGE + "?breakdown=town").get_data(as_text=True)
    assert _counting_queries(statements) == 0
    assert _tables(kept) == _tables(before)
    moved.town = data["towns"][1]
    db.session.commit()
    statements.clear()
    after = client.get(PAGE + "?breakdown=town").get_data(as_text=True)
    assert _counting_queries(statements) >= 4
    assert _tables(after) != _tables(before)


def _tables(html: str) -> list[str]:
    return re.findall(r"<tbody>.*?</tbody>", html, re.S)


def test_a_worker_keeps_at_most_max_entries_filter_sets(app, client, login_as, data: dict,
                                                        kept_for_a_minute: None) -> None:
    """The date filters are free text, so every new date is a new set of tables: the oldest are dropped."""
    login_as(Role.STAFF)
    for day in range(1, worker_cache.MAX_ENTRIES + 8):
        date_from = f"2026-{1 + day // 28:02d}-{1 + day % 28:02d}"
        assert client.get(PAGE, query_string={"date_from": date_from}).status_code == 200
    kept = app.extensions[worker_cache.EXTENSION]["results_dashboard"]
    assert len(kept) == worker_cache.MAX_ENTRIES
    assert not any(("date_from", "2026-01-02") in key[1] for key in kept)  # the first one asked for is gone


def test_a_bad_filter_is_a_422_with_its_message_when_the_tables_are_kept(client, login_as, data: dict,
                                                                        kept_for_a_minute: None) -> None:
    """A page that counted nothing says nothing about when; it was a 500 with the copy on, as in production."""
    login_as(Role.STAFF)
    response = client.get(PAGE, query_string={"date_from": "31.02.2026"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Skriv datoen som dd.mm.åååå" in html
    assert 'value="31.02.2026"' in html  # what the user typed is kept
    assert "Tallene er fra" not in html
