"""What a busy morning's pages may cost (issue 19), counted, never timed: work that does not grow with the data.

The fair's searches are built once per process and reused, not rebuilt per request; distances are worked out per
town, not per company; the hall sums open places in SQL instead of loading every post; and a gunicorn worker
configures the ORM before its first request. Each counts calls or rows, so the machine's load cannot make it
flaky."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from sqlalchemy import event

from partnerhub.companies.models import Company, CompanyStatus, InternshipPost, NeedKind
from partnerhub.extensions import db
from partnerhub.fair import search
from partnerhub.fair.services import area_booths, companies
from partnerhub.permissions import Role
from partnerhub.reference.models import Town, TradeArea
from partnerhub.reference.service import load_reference
from partnerhub.youth.models import Transport, TravelUnit
from tests import factories


@pytest.fixture
def fair(app) -> dict:
    """30 approved companies in two towns, each with an open post, in one area with its booth texts."""
    load_reference()
    area_booths.load_area_booths()
    area = db.session.scalar(db.select(TradeArea).where(TradeArea.key == "mad-koekken"))
    towns = [db.session.scalar(db.select(Town).where(Town.name == name)) for name in ("Juelsminde", "Tørring")]
    for number in range(30):
        company = factories.CompanyFactory(name=f"Kantine {number:02d}", town=towns[number % 2], trade_areas=[area],
                                           tasks_description="Du laver frokost i kantinen.")
        factories.PostFactory(company=company, title="Kantinehjælper", trade_area=area, seats=1)
    db.session.commit()
    return {"area": area, "towns": towns}


@contextmanager
def counting(target: object, name: str) -> Iterator[mock.MagicMock]:
    """Counts the calls of target.name while letting them through."""
    with mock.patch.object(target, name, wraps=getattr(target, name)) as spy:
        yield spy


def test_the_fair_searches_are_built_once_not_per_request(client, fair: dict) -> None:
    """The companies' and the areas' search texts are tokenised when the index is built, and never again while no
    change comes in: the area search used to score every area's texts from scratch on each request."""
    assert client.get("/messe", query_string={"q": "kantine"}).status_code == 200  # builds what it needs
    with counting(search, "_document_forms") as tokenised, counting(search, "SearchIndex") as built:
        for word in ("kantine", "frokost", "kok", "mad", "kantine"):
            assert client.get("/messe", query_string={"q": word}).status_code == 200
    assert built.call_count == 0
    assert tokenised.call_count == 0


def test_an_area_text_change_rebuilds_the_area_search(client, fair: dict) -> None:
    """The per-process area search is kept fresh by the same flush listener as the companies'."""
    area = fair["area"]
    assert area.name_da not in _found_area_chips(client, "tallerkenrens")
    booth = area_booths.area_booth_for(area)
    booth.work_da = "Du står for tallerkenrens og opvask."
    db.session.commit()
    assert area.name_da in _found_area_chips(client, "tallerkenrens")


def _found_area_chips(client, query: str) -> str:
    page = client.get("/messe", query_string={"q": query}).get_data(as_text=True)
    return page.split('class="chip-list"')[1].split("</ul>")[0] if 'class="chip-list"' in page else ""


def test_distances_are_worked_out_per_town_not_per_company(client, login_as, fair: dict) -> None:
    """A search or an area page measures only the cards it shows; near-me measures once per town, however many
    companies there are."""
    user = login_as(Role.YOUTH)
    profile = user.youth_profile
    profile.town, profile.max_travel, profile.max_travel_unit = fair["towns"][0], 200, TravelUnit.KM
    profile.transport = Transport.CAR
    db.session.commit()
    shown = companies.FAIR_PAGE_SIZE
    for query in ({"q": "kantine"}, {"omraade": str(fair["area"].id)}, {"naer": "y"}):
        with counting(companies, "town_distance_km") as measured:
            page = client.get("/messe", query_string=query).get_data(as_text=True)
        assert page.count('class="company-card"') == shown
        assert measured.call_count <= shown + len(fair["towns"]), (query, measured.call_count)


def test_open_places_are_summed_in_sql_not_loaded_post_by_post(client, fair: dict) -> None:
    """The hall and every area page show each area's open places; no post is loaded to count them."""
    loaded: list[object] = []

    def note(target: object, _context: object) -> None:
        loaded.append(target)

    event.listen(InternshipPost, "load", note)
    try:
        hall = client.get("/messe").get_data(as_text=True)
    finally:
        event.remove(InternshipPost, "load", note)
    assert "Ledige pladser nu: 30" in hall
    assert loaded == []
    assert area_booths.open_places_by_area()[fair["area"].id] == 30


def test_the_halls_counts_are_counted_once_and_again_after_a_change(client, fair: dict) -> None:
    """The hall's companies and open places per area are kept with the fair's search: a second view counts
    nothing, and a new post made through the app is counted on the next view."""
    assert "Ledige pladser nu: 30" in client.get("/messe").get_data(as_text=True)
    statements = _statements(client, "/messe")
    assert not [s for s in statements if "sum(internship_posts.seats)" in s or "count(company_trade_areas" in s]
    company = db.session.scalar(db.select(InternshipPost)).company
    factories.PostFactory(company=company, title="Opvasker", trade_area=fair["area"], seats=2)
    db.session.commit()
    assert "Ledige pladser nu: 32" in client.get("/messe").get_data(as_text=True)
    assert "Ledige pladser nu: 32" in client.get(f"/messe/omraade/{fair['area'].id}").get_data(as_text=True)


def test_the_hall_keeps_its_areas_and_booths_and_shows_an_admins_edit_at_once(client, login_as, fair: dict) -> None:
    """The hall, a search, an area page and a company's booth show the areas and their booths' icons and texts from
    a copy kept with the fair's search: once it is read, a view reads neither table again. An admin's edit through
    the app shows on the next view of each page, and a retired area leaves the hall and its page is gone."""
    area = fair["area"]
    company = db.session.scalar(db.select(Company).where(Company.name == "Kantine 00"))
    paths = ("/messe", "/messe?q=kantine", f"/messe/omraade/{area.id}", f"/messe/virksomhed/{company.id}")
    for path in paths:
        assert client.get(path).status_code == 200  # reads what is kept
    for path in paths:
        statements = _statements(client, path)
        read = [s for s in statements if "FROM fair_area_booths" in s or (
            "FROM trade_areas" in s and "company_trade_areas" not in s)]  # the booth page's own company's areas
        assert read == [], path
    hall = client.get("/messe").get_data(as_text=True)
    assert hall.count('class="booth"') == len(area_booths.active_areas())
    assert area_booths.area_booth_for(area).text("work") in hall

    login_as(Role.ADMIN)
    texts = {"icon": "plug", "work_da": "Du står for tallerkenrens.", "work_en": "You do the dishes.",
             "day_da": "En dag ved opvasken.", "day_en": "A day at the sink.", "easy_da": "Opvask.",
             "easy_en": "Dishes."}
    assert client.post(f"/admin/messe/omraader/{area.id}", data=texts).status_code == 302
    assert "Du står for tallerkenrens." in client.get("/messe").get_data(as_text=True)
    area_page = client.get(f"/messe/omraade/{area.id}").get_data(as_text=True)
    assert "Du står for tallerkenrens." in area_page and "En dag ved opvasken." in area_page
    assert "#i-plug" in client.get(f"/messe/virksomhed/{company.id}").get_data(as_text=True)

    assert client.post(f"/admin/reference/fagomraader/{area.id}/udfas").status_code == 302
    assert f'href="/messe/omraade/{area.id}"' not in client.get("/messe").get_data(as_text=True)
    assert client.get(f"/messe/omraade/{area.id}").status_code == 404


def test_a_search_lists_the_approved_companies_once_and_never_shows_one_no_longer_approved(client, fair: dict) -> None:
    """Every search starts from the approved companies the filters keep, kept with the fair's search; the cards are
    still loaded only if the company is approved now, so one rejected by another worker (plain SQL here, which no
    listener of this process sees) is gone from the page at once."""
    assert client.get("/messe", query_string={"q": "kantine"}).get_data(as_text=True).count(
        'class="company-card"') == companies.FAIR_PAGE_SIZE
    statements = _statements(client, "/messe?q=frokost")
    assert not [s for s in statements if s.startswith("SELECT companies.id, companies.town_id")]
    first = db.session.scalar(db.select(Company).where(Company.name == "Kantine 00"))
    db.session.execute(db.update(Company).where(Company.id == first.id).values(status=CompanyStatus.REJECTED))
    db.session.commit()
    page = client.get("/messe", query_string={"q": "kantine"}).get_data(as_text=True)
    assert "Kantine 00" not in page and "Kantine 01" in page


def test_a_page_of_cards_is_read_in_one_query_fresh_whatever_the_companies_hold(client, fair: dict) -> None:
    """The 24 cards were 24 companies loaded with their towns, areas, posts, periods and needs (five queries and
    half the search's CPU); they are one query of plain rows, the same however much each company holds, and read
    on every page, so a name changed by another worker (plain SQL, unseen by this process) shows at once."""
    assert client.get("/messe", query_string={"q": "kantine"}).status_code == 200  # builds the search and lists
    before = _statements(client, "/messe?q=kantine")
    other_area = db.session.scalar(db.select(TradeArea).where(TradeArea.key == "byggeri-haandvaerk"))
    for company in db.session.scalars(db.select(Company)):
        company.trade_areas.append(other_area)
        company.set_need_kinds(list(NeedKind))
        factories.PostFactory(company=company, period=factories.PeriodFactory(), seats=2)
    db.session.commit()
    assert client.get("/messe", query_string={"q": "kantine"}).status_code == 200  # builds them again
    assert len(_statements(client, "/messe?q=kantine")) == len(before)
    assert len([s for s in before if "company_needs" in s or "internship_posts" in s]) == 1  # posts and needs too
    first = db.session.scalar(db.select(Company).where(Company.name == "Kantine 00"))
    db.session.connection().execute(  # on the connection: no session listener of this process hears of it
        Company.__table__.update().where(Company.__table__.c.id == first.id).values(name="Kantine Nul"))
    db.session.commit()
    assert "Kantine Nul" in client.get("/messe", query_string={"q": "kantine"}).get_data(as_text=True)


def test_an_area_page_asks_the_same_number_of_queries_whatever_the_posts_periods(client, fair: dict) -> None:
    """The page's companies come with their posts and the posts' periods; no period is fetched one by one."""
    area_id = fair["area"].id
    before = _queries(client, f"/messe/omraade/{area_id}")
    for number, company_post in enumerate(db.session.scalars(db.select(InternshipPost).order_by(InternshipPost.id))):
        company_post.period = factories.PeriodFactory(name=f"Periode {number}")
    db.session.commit()
    assert _queries(client, f"/messe/omraade/{area_id}") == before


def _queries(client, path: str) -> int:
    return len(_statements(client, path))


def _statements(client, path: str) -> list[str]:
    statements: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return statements


def test_a_gunicorn_worker_configures_the_orm_before_its_first_request(project_root: Path) -> None:
    """Configuring the mappers took its first visitor's request about 0.2 s of CPU; the worker does it at start."""
    script = ("from partnerhub import create_app; from partnerhub.config import TestConfig; "
              "from partnerhub.extensions import db; import runpy; app = create_app(TestConfig); "
              "mappers = list(db.Model.registry.mappers); before = all(m.configured for m in mappers); "
              "runpy.run_path('gunicorn.conf.py')['post_worker_init'](None); "
              "print(before, all(m.configured for m in mappers))")
    configured = subprocess.run([sys.executable, "-c", script], cwd=project_root, capture_output=True, text=True,  # noqa: S603
                                check=True, timeout=120)
    assert configured.stdout.split()[-2:] == ["False", "True"]


def test_a_gunicorn_worker_collects_garbage_less_often_than_python_does(project_root: Path) -> None:
    """Full collections over a worker's search indexes took 100-170 ms with every thread waiting (issue 19)."""
    script = ("import gc, runpy; default = gc.get_threshold(); conf = runpy.run_path('gunicorn.conf.py'); "
              "conf['post_worker_init'](None); "
              "print(default[0], gc.get_threshold()[0], conf['NEW_OBJECTS_BEFORE_A_COLLECTION'])")
    result = subprocess.run([sys.executable, "-c", script], cwd=project_root, capture_output=True, text=True,  # noqa: S603
                            check=True, timeout=120)
    default, worker, configured = map(int, result.stdout.split()[-3:])
    assert worker == configured > default


def test_every_under_18_in_the_bench_data_has_a_guardian(app, client) -> None:
    """The profile form asks an under-18 for a guardian; without one in the data the load test's profile posts were
    refused (422), a third of them."""
    from partnerhub.demo.scale import BENCH_PASSWORD, bench_email
    from partnerhub.guardians.service import is_minor
    from partnerhub.youth.models import YouthProfile
    from tests.conftest import login

    result = app.test_cli_runner().invoke(args=["bench-data", "--youth", "60", "--companies", "10", "--rounds", "0"])
    assert result.exit_code == 0, result.output
    minors = [p for p in db.session.scalars(db.select(YouthProfile)) if is_minor(p.birth_year, p.birth_month)]
    assert minors and all(p.guardian is not None for p in minors)
    number = int(minors[0].user.email.split("-")[-1].split("@")[0])
    assert login(client, bench_email("ung", number), BENCH_PASSWORD).status_code == 302
    form = client.get("/ung/profil").get_data(as_text=True)
    assert minors[0].guardian.email in form
