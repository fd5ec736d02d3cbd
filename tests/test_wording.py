"""What the pages say is true, in the reader's language, with the right plural forms (issue 14)."""

from __future__ import annotations

import re

from flask import Flask

from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.planning.models import PlacementStatus, ProposalStatus
from partnerhub.planning.services import placements, proposals
from tests import factories
from tests.conftest import login
from tests.planning.conftest import World, add_youth, world  # noqa: F401 - the planning world fixture
from tests.planning.helpers import make_proposal, make_round

NOTE = "Mormor hjælper med morgenerne – NOTE-5512"


def _client_as(app: Flask, user):  # noqa: ANN001, ANN202
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    return client


def _company_get_pages(app: Flask, values: dict[str, int]) -> list[str]:
    """Every page an HR user can open with GET (their own routes and the public ones), filled in with values."""
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            view = app.view_functions[rule.endpoint]
            roles = getattr(view, "allowed_roles", ())
            if "GET" not in (rule.methods or ()) or not (roles == "public" or Role.COMPANY in roles):
                continue
            if rule.endpoint in {"main.health", "static"} or not set(rule.arguments) <= set(values):
                continue
            urls.append(rule.build({name: values[name] for name in rule.arguments}, append_unknown=False)[1])
    return urls


def test_the_staff_notes_page_says_who_sees_the_notes_and_that_is_what_happens(app: Flask, world: World) -> None:  # noqa: F811
    """The young person reads the notes on their data page (right of access); no company page ever shows them."""
    ada = add_youth(world, "Ada")
    staff = _client_as(app, world.staff)
    record_url = f"/medarbejder/unge/{ada.id}/sag"
    page = staff.get(record_url).get_data(as_text=True)
    promise = "Kun Ungeenheden og den unge selv kan se disse oplysninger."
    assert promise in page and "Virksomheder ser dem aldrig." in page and "ser aldrig disse" not in page
    hint = re.search(r'<p class="field-hint" id="notes-hint">([^<]*)</p>', page)
    assert hint is not None and "Den unge kan læse noterne" in hint.group(1), "the promise stands by the field"
    assert 'aria-describedby="notes-hint"' in page
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    saved = staff.post(record_url, data={"csrf_token": token.group(1) if token else "", "readiness": "",
                                         "effort_focus": "", "consultant": "", "notes": NOTE})
    assert saved.status_code == 302

    own = _client_as(app, ada.user).get("/ung/mine-data")
    assert own.status_code == 200 and NOTE in own.get_data(as_text=True)

    host = world.companies[0]
    proposal = make_proposal(make_round(world.periods, [ada]), ada, [host])
    proposals.approve(world.staff, proposal)
    db.session.commit()
    placement = proposal.placements[0]
    hr = world.hr[host.id]
    placements.answer_offer(hr, placement, accept=True)
    placements.confirm_statement(hr, placement, employer=True, steward=True)
    placements.transition_placement(world.staff, placement, PlacementStatus.ACTIVE)
    fair = factories.fair_objects(trade_area=world.areas["byggeri-haandvaerk"], youth=ada)
    db.session.commit()
    assert proposal.status is ProposalStatus.APPROVED
    company = _client_as(app, hr)
    values = {"placement_id": placement.id, "event_id": fair["fair_event"].id, "company_id": host.id,
              "area_id": world.areas["byggeri-haandvaerk"].id, "photo_id": fair["photo"].id}
    pages = _company_get_pages(app, values)
    assert f"/virksomhed/tilbud/{placement.id}" in pages and f"/virksomhed/tilbud/{placement.id}/fremmoede" in pages
    shown_ada = []
    for url in pages:
        response = company.get(url)
        body = response.get_data().decode("utf-8", errors="replace")
        assert "NOTE-5512" not in body, url
        if response.status_code == 200 and "Ada" in body:
            shown_ada.append(url)
    assert f"/virksomhed/tilbud/{placement.id}" in shown_ada, "the company does see the young person, not the notes"
