"""The staff and company pages do a bounded amount of work whatever the size of the municipality: a fixed number of
SQL queries however many rows a page is about, and long lists a page at a time. Counted, never timed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from partnerhub.extensions import db
from partnerhub.planning.models import PlanningRound
from partnerhub.planning.services import rounds
from tests import factories
from tests.conftest import login
from tests.planning.conftest import World
from tests.planning.helpers import make_round


@contextmanager
def counted_queries() -> Iterator[list[str]]:
    """The SQL statements run while the block runs (the test's requests included)."""
    statements: list[str] = []

    def count(_conn, _cursor, statement, _params, _context, _many) -> None:  # noqa: ANN001
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)


def queries_for(client, url: str) -> int:  # noqa: ANN001
    client.get(url)  # the first request warms what every request shares
    with counted_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def _as_staff(client, world: World) -> None:  # noqa: ANN001
    assert login(client, world.staff.email).status_code == 302


def _unplaced_round(world: World, count: int) -> tuple[PlanningRound, list]:
    profiles = [factories.YouthProfileFactory(first_name=f"Uplaceret{n:03d}") for n in range(count)]
    round_ = make_round(world.periods, profiles, name="Stor runde")
    round_.unplaced = {str(p.id): "capacity_taken" if n % 2 else "not_eligible:company_flagged"
                       for n, p in enumerate(profiles)}
    db.session.commit()
    return round_, profiles


def _names(page: str) -> list[str]:
    return re.findall(r"Uplaceret\d{3}", page)


def test_the_round_page_names_the_first_unplaced_and_links_to_all_of_them(client, world: World,  # noqa: ANN001
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    round_, profiles = _unplaced_round(world, rounds.UNPLACED_SHOWN + 5)
    _as_staff(client, world)
    page = client.get(f"/medarbejder/planlaegning/{round_.id}").get_data(as_text=True)
    assert _names(page) == [p.first_name for p in profiles[:rounds.UNPLACED_SHOWN]]
    assert f"Se alle {len(profiles)} unge uden forslag" in page
    assert f"/medarbejder/planlaegning/{round_.id}/manuel?ung={profiles[0].id}" in page
    assert "pladserne gik til andre" in page and "virksomheden er markeret af en medarbejder" in page

    # The list of them all, a page at a time, in the run's order, with the same reasons and links.
    monkeypatch.setattr(rounds, "UNPLACED_PER_PAGE", 10)
    seen = []
    for number in (1, 2, 3):
        listed = client.get(f"/medarbejder/planlaegning/{round_.id}/uden-forslag?side={number}")
        assert listed.status_code == 200
        body = listed.get_data(as_text=True)
        assert f"gav {len(profiles)} unge intet forslag" in body
        seen += _names(body)
    assert seen == [p.first_name for p in profiles]
    assert "pladserne gik til andre" in body and f"manuel?ung={profiles[-1].id}" in body


def test_a_round_without_many_unplaced_lists_them_all_on_its_page(client, world: World) -> None:  # noqa: ANN001
    round_, profiles = _unplaced_round(world, 3)
    _as_staff(client, world)
    page = client.get(f"/medarbejder/planlaegning/{round_.id}").get_data(as_text=True)
    assert _names(page) == [p.first_name for p in profiles] and "Se alle" not in page


def test_the_unplaced_list_is_logged_as_a_view_of_the_round(client, world: World) -> None:  # noqa: ANN001
    from partnerhub.audit.models import AuditEvent

    round_, _profiles = _unplaced_round(world, 3)
    _as_staff(client, world)
    client.get(f"/medarbejder/planlaegning/{round_.id}/uden-forslag")
    viewed = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "planning_round_viewed",
                                                            AuditEvent.object_id == str(round_.id))).all()
    assert viewed
