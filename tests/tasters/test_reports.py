"""The reports per school and class, by trade area and per company, with counts under 5 pupils shown as <5."""

from __future__ import annotations

import pytest

from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.tasters.models import BookingStatus, HostAgain, TasterBooking
from tests import factories
from tests.tasters.helpers import hr_company, monday, slot_for, week_for

pytestmark = pytest.mark.usefixtures("app")


def _placed(school_class, week, slots, n: int, *, rank: int = 1, host_again=None) -> None:
    for i in range(n):
        pupil = factories.PupilFactory(school_class=school_class)
        db.session.add(TasterBooking(pupil_id=pupil.id, slot_id=slots[i % len(slots)].id, praktik_week_id=week.id,
                                     wish_rank=rank, status=BookingStatus.APPROVED, host_again=host_again))
    db.session.commit()


def _row(page: str, first: str) -> str:
    start = page.index(f'<th scope="row">{first}</th>')
    return page[start:page.index("</tr>", start)]


def test_counts_under_five_are_hidden_and_five_are_shown(client, login_as) -> None:
    company, hr = hr_company()
    big, small = factories.SchoolClassFactory(name="9.X"), factories.SchoolClassFactory(name="8.Y")
    big_week, small_week = week_for(big, monday(3)), week_for(small, monday(3))
    slot = slot_for(company, monday(3), places=10)
    _placed(big, big_week, [slot], 5, host_again=HostAgain.YES)
    _placed(small, small_week, [slot], 2, rank=2)
    login_as(Role.STAFF)
    page = client.get("/skole/erhvervspraktik/tal").get_data(as_text=True)
    big_row = _row(page, big.school.name)
    assert "<td>5</td>" in big_row and "100 %" in big_row and "<td>30</td>" in big_row  # 5 days x 6 hours
    small_row = _row(page, small.school.name)
    assert "&lt;5" in small_row and "0 %" not in small_row
    assert "vises som &lt;5" in page
    # The company's own figures: 7 hosted, 5 of them answered yes (a share from 7 people, so shown).
    assert "<td>7</td>" in _row(page, company.name)


def test_a_coordinator_sees_only_their_own_schools(client, login_as) -> None:
    mine, theirs = factories.SchoolClassFactory(), factories.SchoolClassFactory()
    login_as(Role.COORDINATOR, school=mine.school)
    page = client.get("/skole/erhvervspraktik/tal").get_data(as_text=True)
    assert mine.school.name in page and theirs.school.name not in page
