"""The pupil's taster data in the export and the erasure the schools package calls: every free text out, and none
left after erasure (all of it goes, as the pupil row itself does)."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from partnerhub.extensions import db
from partnerhub.tasters.models import BookingStatus, TasterBooking, TasterConsent, TasterWish
from partnerhub.tasters.services.privacy import erase_pupil, export_pupil
from partnerhub.timeutil import utcnow
from tests import factories
from tests.tasters.helpers import monday, slot_for, week_for, wish

pytestmark = pytest.mark.usefixtures("app")

TEXTS = {"taster_bookings": ("reason", "certificate", "reflection"), "taster_consents": ("reason",)}


def test_every_text_of_the_pupils_taster_rows_is_exported_and_erased() -> None:
    # The guard: a new text column on these tables needs a decision here.
    for table, columns in TEXTS.items():
        texts = {c.name for c in db.metadata.tables[table].columns
                 if isinstance(c.type, sa.String | sa.Text) and not isinstance(c.type, sa.Enum)}
        assert texts - {"token_hash", "withdraw_token_hash", "hours_from", "hours_to"} == set(columns), table
    pupil = factories.PupilFactory()
    week = week_for(pupil.school_class, monday(3))
    slot = slot_for(factories.CompanyFactory(), monday(3))
    wish(pupil, week, slot)
    booking = TasterBooking(pupil_id=pupil.id, slot_id=slot.id, praktik_week_id=week.id,
                            status=BookingStatus.APPROVED, reason="MARK-reason", certificate="MARK-certificate",
                            reflection="MARK-reflection")
    db.session.add(booking)
    db.session.flush()
    db.session.add(TasterConsent(booking_id=booking.id, token_hash="x" * 64, expires_at=utcnow(),
                                 reason="MARK-consent"))
    db.session.commit()
    exported = json.dumps(export_pupil(pupil), ensure_ascii=False)
    for marker in ("MARK-reason", "MARK-certificate", "MARK-reflection", "MARK-consent"):
        assert marker in exported
    assert slot.company.name in exported
    erase_pupil(pupil)
    db.session.commit()
    assert db.session.scalars(db.select(TasterWish)).first() is None
    assert db.session.scalars(db.select(TasterConsent)).first() is None
    assert db.session.scalars(db.select(TasterBooking)).first() is None
