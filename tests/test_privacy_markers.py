"""No page or JSON answer for a company or another young person ever carries a staff-only fact.

Planted marker values sit in the staff-only fields of the young person every route in the access matrix is built
around; every GET route those roles may open is rendered and searched for them.
"""

from __future__ import annotations

import pytest

from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.youth.models import Readiness, YouthStaffRecord
from tests.test_access_matrix import MATRIX, objects  # noqa: F401 - objects is a fixture

NOTES_MARKER = "PLANTET-NOTE-7f3a"
FOCUS_MARKER = "PLANTET-FOKUS-91bc"


def _staff_only_markers() -> list[str]:
    readiness = Readiness.ACTIVITY_READY
    return [NOTES_MARKER, FOCUS_MARKER, readiness.value, readiness.label]


@pytest.mark.parametrize("role", [Role.COMPANY, Role.YOUTH])
def test_company_and_youth_pages_never_show_staff_only_fields(role: Role, client, login_as,
                                                              objects: dict) -> None:  # noqa: F811
    youth = objects["youth"]
    db.session.add(YouthStaffRecord(profile_id=youth.id, readiness=Readiness.ACTIVITY_READY,
                                    notes=NOTES_MARKER, effort_focus=FOCUS_MARKER))
    db.session.commit()
    login_as(role)
    pages = [endpoint for endpoint, route in sorted(MATRIX.items())
             if route.method == "GET" and role.value in route.allowed]
    assert pages, "the role should be able to open some pages"
    for endpoint in pages:
        response = client.get(MATRIX[endpoint].url(objects))
        if not (response.mimetype.startswith("text/") or response.mimetype.endswith("json")):
            continue  # photos and QR codes carry no text to leak
        body = response.get_data(as_text=True)
        for marker in _staff_only_markers():
            assert marker not in body, f"{endpoint} shows a staff-only value to {role}"
