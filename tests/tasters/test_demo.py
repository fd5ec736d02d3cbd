"""The demo offers three companies' slots in the demo school's praktik week, and loading it twice adds nothing."""

from __future__ import annotations

import pytest

from partnerhub.demo.tasters import seed_tasters
from partnerhub.extensions import db
from partnerhub.tasters.models import TasterSlot
from partnerhub.tasters.services.slots import rule_problems
from tests import factories
from tests.tasters.helpers import monday, week_for

pytestmark = pytest.mark.usefixtures("app")


def test_three_companies_offer_slots_in_the_week_once() -> None:
    from partnerhub.demo.service import seed_demo

    seed_demo()
    week_for(factories.SchoolClassFactory(), monday(4))
    seed_tasters()
    slots = list(db.session.scalars(db.select(TasterSlot).where(TasterSlot.starts_on == monday(4))))
    assert len({slot.company_id for slot in slots}) == 3
    assert seed_tasters() == 0
    for slot in slots:  # the demo keeps the young-worker rules
        assert rule_problems(min_age=slot.min_age, starts_on=slot.starts_on, ends_on=slot.ends_on,
                             weekdays=slot.weekday_list, hours_from=slot.hours_from, hours_to=slot.hours_to) == []
