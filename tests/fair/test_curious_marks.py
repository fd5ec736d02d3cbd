"""Curious marks: one per target, and read back per young person in one query for the matcher."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from partnerhub.extensions import db
from partnerhub.fair.models import CuriosityLevel, CuriousMark
from partnerhub.fair.services.marks import curious_marks_by_youth, remove_mark, set_mark
from partnerhub.reference.models import TradeArea
from tests import factories


@pytest.fixture
def trade_area() -> TradeArea:
    from partnerhub.reference.models import MainArea

    main = MainArea(code="TBT", name_da="Teknologi, byggeri og transport", name_en="Technology")
    area = TradeArea(key="byggeri", name_da="Byggeri og håndværk", name_en="Building", main_area=main)
    db.session.add_all([main, area])
    db.session.commit()
    return area


def test_marks_are_read_back_per_young_person(app, trade_area: TradeArea) -> None:
    company = factories.CompanyFactory()
    sisse, dennis = factories.YouthProfileFactory(), factories.YouthProfileFactory()
    set_mark(sisse.user, sisse, company_id=company.id, reflection="Jeg kan lide at bygge")
    set_mark(sisse.user, sisse, trade_area_id=trade_area.id, level=CuriosityLevel.WANT_TO_TRY)
    set_mark(dennis.user, dennis, trade_area_id=trade_area.id)
    db.session.commit()
    marks = curious_marks_by_youth([sisse.id, dennis.id])
    assert marks[sisse.id].company_ids == {company.id} and marks[sisse.id].trade_area_ids == {trade_area.id}
    assert marks[dennis.id].company_ids == set() and marks[dennis.id].trade_area_ids == {trade_area.id}
    assert set(curious_marks_by_youth([dennis.id])) == {dennis.id}


def test_marking_the_same_target_twice_updates_the_one_mark(app) -> None:
    company = factories.CompanyFactory()
    sisse = factories.YouthProfileFactory()
    set_mark(sisse.user, sisse, company_id=company.id)
    set_mark(sisse.user, sisse, company_id=company.id, level=CuriosityLevel.WANT_TO_TRY, reflection="  ")
    db.session.commit()
    mark = db.session.scalars(db.select(CuriousMark)).one()
    assert mark.level is CuriosityLevel.WANT_TO_TRY and mark.reflection is None


def test_a_mark_targets_exactly_one_thing(app, trade_area: TradeArea) -> None:
    sisse = factories.YouthProfileFactory()
    with pytest.raises(ValueError):
        set_mark(sisse.user, sisse)
    db.session.add(CuriousMark(youth_profile_id=sisse.id, company_id=factories.CompanyFactory().id,
                               trade_area_id=trade_area.id))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_only_the_owner_removes_a_mark(app) -> None:
    company = factories.CompanyFactory()
    sisse, dennis = factories.YouthProfileFactory(), factories.YouthProfileFactory()
    mark = set_mark(sisse.user, sisse, company_id=company.id)
    db.session.commit()
    with pytest.raises(PermissionError):
        remove_mark(dennis.user, dennis, mark)
    remove_mark(sisse.user, sisse, mark)
    db.session.commit()
    assert curious_marks_by_youth() == {}
