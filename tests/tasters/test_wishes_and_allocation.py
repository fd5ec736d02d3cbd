"""Pupils rank up to 6 slots in their class's week (or the coordinator does it for them); the allocation runs the
pure engine with a recorded seed; wishes close afterwards; the results say who was not placed and why."""

from __future__ import annotations

import pytest

from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.tasters.models import BookingStatus, TasterBooking, TasterRun, TasterWish
from tests import factories
from tests.tasters.helpers import monday, slot_for, week_for, wish

pytestmark = pytest.mark.usefixtures("app")


@pytest.fixture
def world() -> dict:
    school_class = factories.SchoolClassFactory()
    week = week_for(school_class, monday(3))
    companies = [factories.CompanyFactory() for _ in range(3)]
    slots = [slot_for(company, monday(3), places=1, title=f"Forløb {n}") for n, company in enumerate(companies)]
    pupils = [factories.PupilFactory(school_class=school_class) for _ in range(4)]
    return {"class": school_class, "week": week, "slots": slots, "pupils": pupils, "school": school_class.school}


def _wishes(pupil) -> list[int]:
    return list(db.session.scalars(db.select(TasterWish.slot_id).where(TasterWish.pupil_id == pupil.id)
                                   .order_by(TasterWish.rank)))


def _act(client, pupil, week, action: str):
    return client.post(f"/erhvervspraktik/elev/{pupil.id}/uge/{week.id}/oensker", data={"action": action})


def test_a_pupil_ranks_reorders_and_removes_wishes(client, login_as, world) -> None:
    pupil, week, slots = world["pupils"][0], world["week"], world["slots"]
    login_as(Role.PUPIL, pupil=pupil)
    page = client.get(f"/erhvervspraktik/elev/{pupil.id}/uge/{week.id}").get_data(as_text=True)
    assert "Forløb 0" in page and "Forløb 2" in page
    for slot in slots:
        assert _act(client, pupil, week, f"add:{slot.id}").status_code == 302
    assert _wishes(pupil) == [s.id for s in slots]
    third = db.session.scalars(db.select(TasterWish).where(TasterWish.slot_id == slots[2].id)).one()
    _act(client, pupil, week, f"up:{third.id}")
    assert _wishes(pupil) == [slots[0].id, slots[2].id, slots[1].id]
    first = db.session.scalars(db.select(TasterWish).where(TasterWish.slot_id == slots[0].id)).one()
    _act(client, pupil, week, f"remove:{first.id}")
    assert _wishes(pupil) == [slots[2].id, slots[1].id]
    assert [w.rank for w in db.session.scalars(db.select(TasterWish).where(TasterWish.pupil_id == pupil.id)
                                                .order_by(TasterWish.rank))] == [1, 2]


def test_at_most_six_wishes(client, login_as, world) -> None:
    pupil, week = world["pupils"][0], world["week"]
    extra = [slot_for(factories.CompanyFactory(), monday(3)) for _ in range(4)]
    login_as(Role.PUPIL, pupil=pupil)
    for slot in world["slots"] + extra:
        _act(client, pupil, week, f"add:{slot.id}")
    assert len(_wishes(pupil)) == 6
    page = client.get(f"/erhvervspraktik/elev/{pupil.id}/uge/{week.id}").get_data(as_text=True)
    assert "Du kan højst ønske 6 forløb" in page


def test_a_slot_for_older_pupils_cannot_be_wished(client, login_as, world) -> None:
    pupil, week = world["pupils"][0], world["week"]
    older = slot_for(factories.CompanyFactory(), monday(3), min_age=17, title="Kun for de ældste")
    login_as(Role.PUPIL, pupil=pupil)
    assert "Kun for de ældste" not in client.get(f"/erhvervspraktik/elev/{pupil.id}/uge/{week.id}").get_data(
        as_text=True)
    _act(client, pupil, week, f"add:{older.id}")
    assert _wishes(pupil) == []


def test_the_coordinator_enters_wishes_for_a_pupil_and_another_school_cannot(client, login_as, world) -> None:
    pupil, week, slot = world["pupils"][1], world["week"], world["slots"][0]
    login_as(Role.COORDINATOR, school=world["school"])
    assert _act(client, pupil, week, f"add:{slot.id}").status_code == 302
    assert _wishes(pupil) == [slot.id]
    client.post("/log-ud")
    login_as(Role.COORDINATOR)  # another school's coordinator
    assert client.get(f"/erhvervspraktik/elev/{pupil.id}/uge/{week.id}").status_code == 404
    assert _act(client, pupil, week, f"add:{world['slots'][1].id}").status_code == 404
    client.post("/log-ud")
    login_as(Role.PUPIL, pupil=world["pupils"][2])  # another pupil
    assert client.get(f"/erhvervspraktik/elev/{pupil.id}/uge/{week.id}").status_code == 404


def test_allocation_places_the_maximum_records_the_seed_and_closes_wishes(client, login_as, world) -> None:
    pupils, week, slots = world["pupils"], world["week"], world["slots"]
    wish(pupils[0], week, slots[0], slots[1])
    wish(pupils[1], week, slots[0])
    wish(pupils[2], week, slots[0], slots[2])
    # pupils[3] wishes nothing
    login_as(Role.COORDINATOR, school=world["school"])
    response = client.post("/skole/erhvervspraktik/fordeling", data={
        "week": week.starts_on.isoformat(), "school": str(world["school"].id), "seed": "42"})
    assert response.status_code == 302, response.get_data(as_text=True)
    run = db.session.scalars(db.select(TasterRun)).one()
    assert (run.seed, run.placed, run.maximum, run.pupils) == (42, 3, 3, 4)
    bookings = {b.pupil_id: b for b in db.session.scalars(db.select(TasterBooking))}
    assert {b.slot_id for b in bookings.values()} == {s.id for s in slots}
    assert all(b.status is BookingStatus.AWAITING_COMPANY for b in bookings.values())
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "3 af højst 3 mulige" in page
    assert "Har ikke ønsket nogen forløb" in page and "no_wishes" not in page
    assert "42" in page
    # Wishes are closed now.
    before = _wishes(pupils[3])
    client.post("/log-ud")
    login_as(Role.PUPIL, pupil=pupils[3])
    _act(client, pupils[3], week, f"add:{slots[0].id}")
    assert _wishes(pupils[3]) == before == []
    assert "Fordelingen er lavet" in client.get(f"/erhvervspraktik/elev/{pupils[3].id}/uge/{week.id}").get_data(
        as_text=True)


def test_the_same_seed_gives_the_same_allocation(client, login_as, world) -> None:
    pupils, week, slots = world["pupils"], world["week"], world["slots"]
    for pupil in pupils:
        wish(pupil, week, slots[0], slots[1], slots[2])
    login_as(Role.STAFF)
    results = []
    for _ in range(2):
        client.post("/skole/erhvervspraktik/fordeling", data={"week": week.starts_on.isoformat(), "school": "all",
                                                               "seed": "7"})
        run = db.session.scalars(db.select(TasterRun).order_by(TasterRun.id.desc())).first()
        results.append(sorted((b.pupil_id, b.slot_id) for b in db.session.scalars(
            db.select(TasterBooking).where(TasterBooking.run_id == run.id))))
    assert results[0] == results[1] and len(results[0]) == 3
    # The first run's bookings, still waiting for the companies, were replaced by the second.
    assert db.session.scalar(db.select(db.func.count(TasterBooking.id)).where(
        TasterBooking.status == BookingStatus.CANCELLED)) == 3


def test_a_coordinator_cannot_allocate_another_school(client, login_as, world) -> None:
    login_as(Role.COORDINATOR)
    response = client.post("/skole/erhvervspraktik/fordeling", data={
        "week": world["week"].starts_on.isoformat(), "school": str(world["school"].id)})
    assert response.status_code == 422
    assert db.session.scalars(db.select(TasterRun)).first() is None


def test_every_reason_the_engine_gives_has_words() -> None:
    from partnerhub.matching import taster as engine
    from partnerhub.tasters.services.allocation import REASONS

    assert set(REASONS) == set(engine.TASTER_REASON_CODES)


def test_the_taster_pages_name_the_week_as_the_school_pages_do(client, login_as, world) -> None:
    """The pupil's home says "uge 10 (8. – 12. marts 2027)"; the work-experience pages must say the same, not a bare
    "fra 08.03.2027" that a 13-year-old has to match up with it."""
    from partnerhub.schools.service import week_label

    pupil, week = world["pupils"][0], world["week"]
    login_as(Role.PUPIL, pupil=pupil)
    with client.application.test_request_context():
        label = week_label(week)
    for url in ("/elev", "/elev/erhvervspraktik", f"/erhvervspraktik/elev/{pupil.id}/uge/{week.id}"):
        page = client.get(url, follow_redirects=True).get_data(as_text=True)
        assert label[1:] in page, url
        assert week.starts_on.strftime("%d.%m.%Y") not in page, url
