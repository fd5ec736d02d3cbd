"""Issue 14's planning edges, through the pages: overlapping open rounds, start dates in the past, companies to
ring, a young person changing their answer, and what the seat figures count."""

from __future__ import annotations

import datetime as dt
import re

from partnerhub.extensions import db
from partnerhub.fair.models import FairEvent
from partnerhub.planning.models import PlanningRound, RoundStatus
from partnerhub.planning.services import checks
from tests.conftest import login
from tests.planning.conftest import World, add_youth, this_monday
from tests.planning.helpers import make_round


def _as(client, user) -> None:  # noqa: ANN001
    client.post("/log-ud")
    assert login(client, user.email).status_code == 302


def _next_monday() -> dt.date:
    return this_monday() + dt.timedelta(weeks=1)


def _round_form(name: str, start: dt.date, participants: list[int]) -> dict:
    return {"name": name, "starts_on": start.isoformat(), "period_count": "2", "period_weeks": "4",
            "rotation_k": "2", "carry_capacity": "y", "participants": [str(p) for p in participants]}


def _ticked(body: str, profile_id: int) -> bool:
    tag = re.search(rf'<input[^>]*name="participants"[^>]*value="{profile_id}"[^>]*>', body)
    assert tag is not None, f"no checkbox for {profile_id}"
    return "checked" in tag.group(0)


# ---- 1. "Ny runde": overlapping open rounds, past start dates, started periods --------------------------------------

def test_new_round_does_not_tick_young_people_in_another_open_round_over_the_same_days(
        client, world: World) -> None:  # noqa: ANN001
    ada, bo, cy = add_youth(world, "Ada"), add_youth(world, "Bo"), add_youth(world, "Cy")
    start = _next_monday()
    _as(client, world.staff)
    first = client.post("/medarbejder/planlaegning/ny", data=_round_form("Vinter", start, [ada.id]))
    assert first.status_code == 302
    old = make_round(world.periods[:1], [cy], name="Gammel")  # closed rounds plan nobody
    old.status = RoundStatus.CLOSED
    db.session.commit()

    page = client.get("/medarbejder/planlaegning/ny").get_data(as_text=True)
    assert not _ticked(page, ada.id) and _ticked(page, bo.id) and _ticked(page, cy.id)
    assert "1 ung er allerede med i en anden åben runde i de samme uger: Ada Efternavnsen (Vinter)." in page
    assert "De er ikke valgt." in page

    both = client.post("/medarbejder/planlaegning/ny", data=_round_form("Dobbelt", start, [ada.id, bo.id]),
                       follow_redirects=True)
    body = both.get_data(as_text=True)
    assert both.status_code == 200 and "Ada Efternavnsen (Vinter)" in body  # staff ticked her anyway: warned again
    assert "Bo Efternavnsen" not in body.split("åben runde")[1].split("</")[0]


def test_a_round_after_the_other_ends_ticks_everyone(client, world: World) -> None:  # noqa: ANN001
    ada = add_youth(world, "Ada")
    _as(client, world.staff)
    far = this_monday() + dt.timedelta(weeks=30)
    assert client.post("/medarbejder/planlaegning/ny", data=_round_form("Senere", far, [ada.id])).status_code == 302
    page = client.get("/medarbejder/planlaegning/ny").get_data(as_text=True)
    assert _ticked(page, ada.id) and "åben runde" not in page


def test_a_round_starting_in_the_past_is_refused_with_what_was_typed(client, world: World) -> None:  # noqa: ANN001
    ada = add_youth(world, "Ada")
    _as(client, world.staff)
    last_week = this_monday() - dt.timedelta(weeks=1)
    refused = client.post("/medarbejder/planlaegning/ny", data=_round_form("Baglæns", last_week, [ada.id]))
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Første dag kan ikke ligge før i dag" in body
    assert 'value="Baglæns"' in body and f'value="{last_week.isoformat()}"' in body
    assert db.session.scalar(db.select(PlanningRound)) is None
    client.post("/sprog", data={"lang": "en"})
    english = client.post("/medarbejder/planlaegning/ny", data=_round_form("Backwards", last_week, [ada.id]))
    assert english.status_code == 422 and "The first day cannot be before today" in english.get_data(as_text=True)


def test_a_manual_placement_in_a_started_period_is_made_with_a_warning(client, world: World,  # noqa: ANN001
                                                                        monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(checks, "today", lambda: this_monday() + dt.timedelta(days=2))  # P1 began two days ago
    ada = add_youth(world, "Ada")
    round_ = make_round(world.periods, [ada])
    started = world.periods[0]
    _as(client, world.staff)
    made = client.post(f"/medarbejder/planlaegning/{round_.id}/manuel", follow_redirects=True,
                       data={"youth": str(ada.id), f"period_{started.id}": str(world.companies[0].id),
                             f"period_{world.periods[1].id}": str(world.companies[1].id)})
    body = made.get_data(as_text=True)
    assert made.status_code == 200 and "Forslaget er lavet" in body
    assert f"P1 startede {started.starts_on.strftime('%d.%m.%Y')}" in body
    assert "P2 startede" not in body


def test_a_fair_event_in_the_past_is_refused_and_a_held_one_keeps_its_day(client, world: World) -> None:  # noqa: ANN001
    area = world.areas["byggeri-haandvaerk"]
    _as(client, world.staff)
    yesterday = dt.date.today() - dt.timedelta(days=1)
    form = {"name": "Gammel messe", "held_on": yesterday.strftime("%d.%m.%Y"), "time_text": "kl. 10–14",
            "place": "Hallen", "areas": [str(area.id)]}
    refused = client.post("/medarbejder/messer/ny", data=form)
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Datoen kan ikke ligge før i dag." in body and 'value="Gammel messe"' in body
    assert db.session.scalar(db.select(FairEvent)) is None
    held = FairEvent(name="Holdt", held_on=yesterday, time_text="10", place="Hal", areas=[area])
    db.session.add(held)
    db.session.commit()
    kept = client.post(f"/medarbejder/messer/{held.id}/ret", data={**form, "name": "Holdt, rettet"})
    assert kept.status_code == 302  # a fair already held can still get its text corrected
    moved = client.post(f"/medarbejder/messer/{held.id}/ret", data={
        **form, "held_on": (yesterday - dt.timedelta(days=7)).strftime("%d.%m.%Y")})
    assert moved.status_code == 422 and "Datoen kan ikke ligge før i dag." in moved.get_data(as_text=True)
