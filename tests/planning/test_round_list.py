"""The round page's list of proposals, as staff read it: each row's young person, town, group, rotation, score,
number of warnings and status, the four sorts, the filters, the pager and the bulk approval's checkboxes, in Danish
and in English. The warnings are counted by the same rules the proposal page names them with."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass

import pytest

from partnerhub.extensions import db
from partnerhub.planning.models import Proposal, ProposalStatus, SeatCounter
from partnerhub.planning.services.checks import item_warnings
from partnerhub.planning.views import staff as staff_views
from partnerhub.youth.models import Readiness, TravelUnit
from tests import factories
from tests.conftest import login
from tests.planning.conftest import World, add_youth
from tests.planning.helpers import make_proposal, make_round


@dataclass
class Row:
    proposal_id: int
    name: str
    town: str
    readiness: str
    rotation: list[str]
    score: str
    warnings: int
    status: str
    checkbox: str | None  # the hidden label of the bulk approval's checkbox, None without one


ROW = re.compile(r"<tr>\s*<td>(.*?)</td>\s*<td><a href=\"/medarbejder/planlaegning/forslag/(\d+)\">(.*?)</a><br>"
                 r"<span class=\"muted\">(.*?)</span></td>\s*<td>(.*?)</td>\s*<td><ol class=\"rotation\">(.*?)</ol>"
                 r"</td>\s*<td>(.*?)</td>\s*<td>(\d+)</td>\s*<td>(.*?)</td>\s*</tr>", re.S)


def rows_of(page: str) -> list[Row]:
    rows = []
    for check, pid, name, town, readiness, rotation, score, warnings, status in ROW.findall(page):
        label = re.search(r'<label class="visually-hidden" for="vaelg-(\d+)">(.*?)</label>', check)
        assert not check or (label and label.group(1) == pid and f'value="{pid}" id="vaelg-{pid}"' in check)
        rows.append(Row(int(pid), html.unescape(name), html.unescape(town), html.unescape(readiness),
                        [html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", li)).strip())
                         for li in re.findall(r"<li>(.*?)</li>", rotation, re.S)],
                        score, int(warnings), html.unescape(status),
                        html.unescape(label.group(2)) if label else None))
    return rows


def expected_warnings(proposal: Proposal) -> int:
    """What the proposal page would name for the rotation's items (without the refusals it adds for approval)."""
    db.session.expire_all()
    proposal = db.session.get_one(Proposal, proposal.id)
    taken = {(s.company_id, s.period_id): s.taken for s in db.session.scalars(db.select(SeatCounter))}
    return sum(len(item_warnings(proposal.profile, item.company, item.period, extra_seat=proposal.is_open,
                                 taken=taken.get((item.company_id, item.period_id), 0))) for item in proposal.items)


@pytest.fixture
def listed(client, world: World) -> dict[str, Proposal]:  # noqa: ANN001
    """Four proposals that differ in every column: warnings from the seats, the needs, the travel and the start."""
    ada = add_youth(world, "Ada")  # Hedensted, 40 km, ready: Firma 1 is in her own town
    bo = factories.YouthProfileFactory(first_name="bo", last_name=None, town=None)  # no town, no staff record
    cy = add_youth(world, "Cy", "Juelsminde", readiness=Readiness.ACTIVITY_READY, accommodations="Rolig plads")
    cy.max_travel, cy.max_travel_unit = 5, TravelUnit.KM
    cy.earliest_start = world.periods[0].starts_on + dt.timedelta(days=3)
    dan = add_youth(world, "Dan", "Tørring")
    round_ = make_round(world.periods, [ada, bo, cy, dan], name="Listerunde")
    made = {
        "ada": make_proposal(round_, ada, world.companies[:1]),
        "bo": make_proposal(round_, bo, world.companies[:2]),
        "cy": make_proposal(round_, cy, [world.companies[1], world.companies[2], world.companies[0]]),
        "dan": make_proposal(round_, dan, world.companies[1:], status=ProposalStatus.APPROVED),
    }
    made["ada"].score, made["bo"].score, made["cy"].score, made["dan"].score = 0.25, 0.9, 0.9, 1.5
    db.session.add(SeatCounter(company_id=world.companies[0].id, period_id=world.periods[0].id, taken=4))
    db.session.commit()
    assert login(client, world.staff.email).status_code == 302  # the tests' client is staff's
    return made


def _page(client, proposals: dict[str, Proposal], query: str = "") -> str:  # noqa: ANN001
    round_id = next(iter(proposals.values())).round_id
    response = client.get(f"/medarbejder/planlaegning/{round_id}{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_each_row_says_who_where_which_group_the_rotation_score_warnings_and_status(
        client, world: World, listed: dict[str, Proposal]) -> None:  # noqa: ANN001
    rows = {row.proposal_id: row for row in rows_of(_page(client, listed, "?status="))}
    ada, bo, cy, dan = (rows[listed[key].id] for key in ("ada", "bo", "cy", "dan"))
    assert (ada.name, ada.town, ada.readiness, ada.rotation, ada.score, ada.status) == (
        "Ada Efternavnsen", "Hedensted", "Uddannelsesparat", ["Firma 1 (P1)"], "0,25", "Forslag")
    assert (bo.name, bo.town, bo.readiness, bo.rotation, bo.score) == ("bo", "–", "–", ["Firma 1 (P1)", "Firma 2 (P2)"],
                                                                       "0,90")
    assert cy.rotation == ["Firma 2 (P1)", "Firma 3 (P2)", "Firma 1 (P3)"] and cy.readiness == "Aktivitetsparat"
    assert (dan.status, dan.checkbox, dan.score) == ("Godkendt", None, "1,50")
    assert ada.checkbox == "Vælg forslaget til Ada Efternavnsen" and bo.checkbox == "Vælg forslaget til bo"
    # Firma 1 is at its limit in P1 (Ada, bo); bo's towns are unknown; Cy needs adjustments Firma 2 and 3 do not
    # offer, lives more than 5 km from Tørring and Hedensted and starts after P1 does; Juelsminde is close to Dan's
    # 40 km. The list counts what the proposal page names.
    assert (ada.warnings, bo.warnings, cy.warnings, dan.warnings) == (1, 3, 5, 1)
    for key, row in (("ada", ada), ("bo", bo), ("cy", cy), ("dan", dan)):
        assert row.warnings == expected_warnings(listed[key]), key


def test_the_four_sorts_and_the_default_of_open_proposals(client, world: World,  # noqa: ANN001
                                                         listed: dict[str, Proposal]) -> None:
    ids = {key: p.id for key, p in listed.items()}

    def order(query: str) -> list[int]:
        return [row.proposal_id for row in rows_of(_page(client, listed, query))]

    assert order("") == [ids["bo"], ids["cy"], ids["ada"]]  # open only; score, then the older first
    assert order("?status=") == [ids["dan"], ids["bo"], ids["cy"], ids["ada"]]
    assert order("?status=&sort=name") == [ids["ada"], ids["bo"], ids["cy"], ids["dan"]]  # "bo" is not after "Dan"
    assert order("?status=&sort=companies") == [ids["cy"], ids["bo"], ids["dan"], ids["ada"]]
    warned = sorted(listed.values(), key=lambda p: (-expected_warnings(p), p.id))
    assert order("?status=&sort=warnings") == [p.id for p in warned]
    assert order("?status=approved") == [ids["dan"]]
    assert order("?status=&readiness=aktivitetsparat") == [ids["cy"]]
    assert order(f"?status=&town={world.towns['Tørring'].id}") == [ids["dan"]]
    assert order("?status=&min_score=0.8") == [ids["dan"], ids["bo"], ids["cy"]]
    assert order("?status=&trade_area=byggeri-haandvaerk") == [ids["dan"], ids["cy"], ids["ada"]]  # bo chose none
    assert order("?status=bogus&sort=bogus") == [ids["bo"], ids["cy"], ids["ada"]]  # unknown values are ignored
    assert "Ingen forslag at vise." in _page(client, listed, "?status=rejected")


def test_the_pager_keeps_the_filters_and_the_last_page_has_the_rest(client, world: World,  # noqa: ANN001
                                                                   listed: dict[str, Proposal],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(staff_views, "PROPOSALS_PER_PAGE", 3)
    first = _page(client, listed, "?status=&sort=warnings")
    assert "Side 1 af 2 (4 forslag)" in first and "Forrige side" not in first
    round_id = listed["ada"].round_id
    assert f'href="/medarbejder/planlaegning/{round_id}?status=&amp;sort=warnings&amp;side=2">Næste side</a>' in first
    second = _page(client, listed, "?status=&sort=warnings&side=2")
    assert "Side 2 af 2 (4 forslag)" in second and "Næste side" not in second
    warned = sorted(listed.values(), key=lambda p: (-expected_warnings(p), p.id))
    assert [row.proposal_id for row in rows_of(first) + rows_of(second)] == [p.id for p in warned]
    by_name = [row.proposal_id for side in (1, 2)
               for row in rows_of(_page(client, listed, f"?status=&sort=name&side={side}"))]
    assert by_name == [listed[key].id for key in ("ada", "bo", "cy", "dan")]
    assert rows_of(_page(client, listed, "?status=&side=9")) == []
    assert "Side " not in _page(client, listed, "")  # three open proposals: one page, no pager


def test_the_checked_rows_are_approved_together(client, world: World,  # noqa: ANN001
                                               listed: dict[str, Proposal]) -> None:
    page = _page(client, listed)
    round_id, cy, ada = listed["cy"].round_id, listed["cy"].id, listed["ada"].id
    assert f'action="/medarbejder/planlaegning/{round_id}/godkend"' in page
    assert f'name="proposal_ids" value="{cy}"' in page
    done = client.post(f"/medarbejder/planlaegning/{round_id}/godkend", data={"proposal_ids": [str(cy), str(ada)]},
                       follow_redirects=True).get_data(as_text=True)
    assert "1 forslag er godkendt. Tilbud sendt i PartnerHub til: Firma 1, Firma 2, Firma 3." in done
    assert "Firma 1 har ikke flere ledige pladser i P1." in done  # Ada's seat: the counter says none is left
    db.session.expire_all()
    assert db.session.get_one(Proposal, cy).status is ProposalStatus.APPROVED
    rows = {row.proposal_id: row for row in rows_of(_page(client, listed, "?status="))}
    assert (rows[cy].status, rows[cy].checkbox, rows[ada].status) == ("Godkendt", None, "Forslag")


def test_the_list_in_english(client, world: World, listed: dict[str, Proposal]) -> None:  # noqa: ANN001
    world.staff.locale = "en"
    db.session.commit()
    page = _page(client, listed, "?status=")
    rows = {row.proposal_id: row for row in rows_of(page)}
    ada, dan = rows[listed["ada"].id], rows[listed["dan"].id]
    assert (ada.readiness, ada.status, ada.score, dan.status) == ("Education-ready", "Proposals", "0.25", "Approved")
    assert ada.checkbox == "Select the proposal for Ada Efternavnsen"
    assert rows[listed["bo"].id].warnings == 3


def test_each_round_page_lists_its_own_proposals_only(client, world: World) -> None:  # noqa: ANN001
    """The list's statements are built once per process, with the round as a bind parameter: a round id baked into
    one would show the next round's staff the first round's young people. Both rounds, each twice, on the usual page
    (the statement built once) and with a filter (the one built per request)."""
    ada, bo = add_youth(world, "Ada"), add_youth(world, "Bo")
    first, second = make_round(world.periods, [ada], name="Første"), make_round(world.periods, [bo], name="Anden")
    make_proposal(first, ada, world.companies[:1])
    make_proposal(second, bo, world.companies[1:2])
    db.session.commit()
    assert login(client, world.staff.email).status_code == 302
    for round_, own, company in [(first, "Ada", "Firma 1"), (second, "Bo", "Firma 2"), (first, "Ada", "Firma 1"),
                                 (second, "Bo", "Firma 2")]:
        for query in ("", "?sort=name", "?min_score=0"):
            response = client.get(f"/medarbejder/planlaegning/{round_.id}{query}")
            assert response.status_code == 200
            rows = rows_of(response.get_data(as_text=True))
            assert [(row.name, row.rotation) for row in rows] == [(f"{own} Efternavnsen", [f"{company} (P1)"])], (
                round_.name, query)
