"""A pupil's privacy (issue 15): removed after the school year plus the set period by the retention run, the
access export holds the pupil's data, and removing a pupil closes their login without naming them."""

from __future__ import annotations

import datetime as dt
import json

from partnerhub.accounts.models import User
from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.privacy.service import run_retention
from partnerhub.schools.models import Pupil, PupilReferral, ReferralStatus
from tests import factories


def test_the_retention_run_deletes_pupils_past_the_school_year_and_the_period(app) -> None:
    old_class = factories.SchoolClassFactory(school_year=2020, name="8.X")
    old = factories.PupilFactory(school_class=old_class, remove_after=dt.date(2021, 7, 31) + dt.timedelta(days=90))
    user = factories.user_for_role(Role.PUPIL, pupil=old)
    db.session.add(PupilReferral(pupil_id=old.id, reason="Fravær", token_hash="e" * 64,
                                 expires_at=dt.datetime(2021, 1, 1), status=ReferralStatus.DECLINED))
    current = factories.PupilFactory()
    db.session.commit()
    old_id, current_id, user_id = old.id, current.id, user.id
    dry = run_retention(None, dry_run=True)
    assert dry.pupils == 1 and db.session.get(Pupil, old_id) is not None
    report = run_retention(None, dry_run=False)
    db.session.commit()
    db.session.expire_all()
    assert report.pupils == 1
    assert db.session.get(Pupil, old_id) is None and db.session.get(Pupil, current_id) is not None
    assert db.session.scalar(db.select(db.func.count(PupilReferral.id))) == 0
    closed = db.session.get(User, user_id)
    assert not closed.active and closed.anonymised_at and old.first_name not in closed.name


def test_remove_after_is_the_end_of_the_school_year_plus_the_configured_period(app) -> None:
    from partnerhub.schools.service import remove_after

    assert remove_after(2026) == dt.date(2027, 7, 31) + app.config["PUPIL_RETENTION_AFTER_SCHOOL_YEAR"]


def test_the_pupil_export_holds_the_pupil_and_is_logged(client, login_as) -> None:
    pupil = factories.PupilFactory(contact_needs="Nøddeallergi", guardian_phone="20304050")
    login_as(Role.COORDINATOR, school=pupil.school)
    response = client.get(f"/skole/elever/{pupil.id}/data.json")
    data = json.loads(response.get_data(as_text=True))
    assert data["pupil"]["contact_needs"] == "Nøddeallergi" and data["pupil"]["class"] == pupil.school_class.name
    login_as(Role.STAFF)
    assert client.get(f"/skole/elever/{pupil.id}/data.json").status_code == 200
