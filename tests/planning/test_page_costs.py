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
from tests.planning.conftest import World, add_youth
from tests.planning.helpers import make_placement, make_proposal, make_round


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


def test_the_proposal_page_runs_the_same_queries_for_one_company_or_three(client, world: World) -> None:  # noqa: ANN001
    ada, bo = (factories.YouthProfileFactory(first_name=name, town=world.towns["Hedensted"]) for name in ("Ada", "Bo"))
    round_ = make_round(world.periods, [ada, bo])
    one = make_proposal(round_, ada, world.companies[:1])
    three = make_proposal(round_, bo, world.companies)
    _as_staff(client, world)
    assert queries_for(client, f"/medarbejder/planlaegning/forslag/{three.id}") == \
        queries_for(client, f"/medarbejder/planlaegning/forslag/{one.id}")


def test_the_proposal_page_still_names_each_rule_an_item_breaks(client, world: World) -> None:  # noqa: ANN001
    from partnerhub.eligibility.models import CompanyFlag, LastEmployer

    ada = factories.YouthProfileFactory(first_name="Ada", town=world.towns["Hedensted"])
    round_ = make_round(world.periods, [ada])
    proposal = make_proposal(round_, ada, world.companies)
    db.session.add(CompanyFlag(company_id=world.companies[1].id, reason="Konflikt", flagged_by_id=world.staff.id))
    db.session.add(LastEmployer(youth_profile_id=ada.id, company_id=world.companies[2].id))
    db.session.commit()
    _as_staff(client, world)
    page = client.get(f"/medarbejder/planlaegning/forslag/{proposal.id}").get_data(as_text=True)
    assert "Firma 2 er markeret af en medarbejder" in page
    assert "Firma 3 er den unges seneste arbejdsgiver (jobbet er ikke slut)" in page
    assert "Firma 1 er markeret" not in page and "Firma 1 er den unges" not in page


def test_each_proposal_page_shows_its_own_proposal(client, world: World) -> None:  # noqa: ANN001
    """The page's proposal and items statements are built once per process, with the proposal's id a bind parameter
    (proposals._page_statements): an id baked into either would show the next proposal's page the first one's young
    person or companies. Two proposals, each twice, in turn."""
    ada, bo = add_youth(world, "Ada"), add_youth(world, "Bo")
    round_ = make_round(world.periods, [ada, bo])
    pages = [(make_proposal(round_, ada, world.companies[:1]), "Ada", "Firma 1", "Firma 2"),
             (make_proposal(round_, bo, world.companies[1:2]), "Bo", "Firma 2", "Firma 1")]
    db.session.commit()
    _as_staff(client, world)
    for proposal, name, own_company, other_company in pages + pages:
        page = client.get(f"/medarbejder/planlaegning/forslag/{proposal.id}").get_data(as_text=True)
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
        assert heading is not None and name in heading.group(1), (proposal.id, heading)
        assert own_company in page and other_company not in page, proposal.id


def test_the_company_offer_list_runs_the_same_queries_for_one_placement_or_three(client, world: World) -> None:  # noqa: ANN001
    first, second = world.companies[0], world.companies[1]
    for company, count in ((first, 1), (second, 3)):
        for n in range(count):
            profile = factories.YouthProfileFactory(first_name=f"Praktikant{company.id}x{n}")
            make_placement(make_proposal(make_round(world.periods, [profile]), profile, [company]))
    counts = []
    for company in (first, second):
        client.post("/log-ud")
        assert login(client, world.hr[company.id].email).status_code == 302
        counts.append(queries_for(client, "/virksomhed/tilbud"))
        assert f"Praktikant{company.id}x0" in client.get("/virksomhed/tilbud").get_data(as_text=True)
    assert counts[0] == counts[1]


def test_the_company_home_runs_the_same_queries_for_one_post_or_three(client, world: World) -> None:  # noqa: ANN001
    first, second = world.companies[0], world.companies[1]
    areas = list(world.areas.values())[:3]
    for company, count in ((first, 1), (second, 3)):
        for n in range(count):
            factories.PostFactory(company=company, title=f"Opslag{company.id}x{n}", trade_area=areas[n],
                                  period=world.periods[n])
    counts = []
    for company in (first, second):
        client.post("/log-ud")
        assert login(client, world.hr[company.id].email).status_code == 302
        counts.append(queries_for(client, "/virksomhed"))
        page = client.get("/virksomhed").get_data(as_text=True)
        assert f"Opslag{company.id}x0" in page and world.periods[0].label in page and areas[0].name in page
    assert counts[0] == counts[1]


def test_the_young_persons_plan_runs_the_same_queries_for_one_placement_or_three(client, world: World) -> None:  # noqa: ANN001
    from partnerhub.planning.services import proposals
    from tests.planning.conftest import add_youth

    ada, bo = add_youth(world, "Ada"), add_youth(world, "Bo")
    for profile, companies in ((ada, world.companies[2:]), (bo, world.companies)):
        proposals.approve(world.staff, make_proposal(make_round(world.periods, [profile]), profile, companies))
    db.session.commit()
    counts = []
    for profile, shown in ((ada, ["Firma 3"]), (bo, ["Firma 1", "Firma 2", "Firma 3"])):
        client.post("/log-ud")
        assert login(client, profile.user.email).status_code == 302
        counts.append(queries_for(client, "/ung/plan"))
        page = client.get("/ung/plan").get_data(as_text=True)
        assert all(f"{name}</h3>" in page and f"Vej {name[-1]}" in page for name in shown)
    assert counts[0] == counts[1]


def test_the_round_page_runs_the_same_few_queries_for_one_proposal_or_many(client, world: World) -> None:  # noqa: ANN001
    """The review list reads its page in a fixed number of queries (issue 19: 20 before, 12 now) whatever the number
    of proposals, companies and offers to ring on it; a lazy load per row or per offer would add one per row."""
    from partnerhub.planning.models import ProposalStatus

    world.hr[world.companies[1].id].active = False  # Firma 2 has nobody to log in: its offers are to be rung
    db.session.commit()
    counts = []
    for size in (1, 4):
        profiles = [factories.YouthProfileFactory(first_name=f"Liste{size}x{n}", town=world.towns["Hedensted"])
                    for n in range(size + 1)]
        round_ = make_round(world.periods, profiles, name=f"Runde {size}")
        for n, profile in enumerate(profiles[:size]):
            make_proposal(round_, profile, world.companies[:1 + n % 3])
        for n in range(size):  # one offer to ring per proposal: an approved rotation with Firma 2 in it
            extra = factories.YouthProfileFactory(first_name=f"Ring{size}x{n}", town=world.towns["Hedensted"])
            make_placement(make_proposal(round_, extra, [world.companies[0], world.companies[1]],
                                         status=ProposalStatus.APPROVED), item_index=1)
        round_.unplaced = {str(profiles[-1].id): "capacity_taken"}
        db.session.commit()
        _as_staff(client, world)
        counts.append(queries_for(client, f"/medarbejder/planlaegning/{round_.id}?status="))
        page = client.get(f"/medarbejder/planlaegning/{round_.id}?status=").get_data(as_text=True)
        assert f"Liste{size}x0" in page and f"Ring{size}x0" in page and "Virksomheder, der skal ringes op" in page
    assert counts[0] == counts[1] <= 14  # the page's 12, and the test's savepoint and its release
