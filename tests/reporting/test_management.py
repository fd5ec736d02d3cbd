"""The read-only management role (ledelse, issue 14): the results in numbers, counts under five hidden, no person.

Which routes management reaches is in tests/test_access_matrix.py; here is what it sees on them.
"""

from __future__ import annotations

import csv
import io
import re

import openpyxl

from partnerhub.accounts.models import Invitation, User
from partnerhub.extensions import db
from partnerhub.outbox.models import OutboxMessage
from partnerhub.permissions import Role


def menu(html: str) -> str:
    return html.split('aria-label="Hovedmenu"')[1].split("</nav>")[0]


def test_management_lands_on_the_dashboard_with_its_own_menu(client, login_as, data: dict) -> None:
    login_as(Role.MANAGEMENT)
    assert client.get("/hjem").headers["Location"] == "/medarbejder/resultater"
    html = client.get("/medarbejder/resultater").get_data(as_text=True)
    links = re.findall(r'href="([^"]+)"', menu(html))
    assert "/medarbejder/resultater" in links and "/medarbejder/samfundsoekonomi" in links
    assert not [link for link in links if link.startswith(("/medarbejder/unge", "/medarbejder/virksomheder",
                                                            "/medarbejder/planlaegning", "/admin"))]
    assert "praktikforloeb" not in html and "ansvarspris" not in html  # no list with names, no award candidates


def test_management_sees_counts_under_five_hidden_and_staff_see_them(client, login_as, data: dict) -> None:
    login_as(Role.MANAGEMENT)
    html = client.get("/medarbejder/resultater").get_data(as_text=True)
    sharing = html.split('id="section-sharing"')[1].split("</section>")[0]
    assert "<td>5</td><td>&lt;5</td><td>3</td>" in sharing  # 5 in placement, 2 shared (hidden), 3 companies
    assert "Et tal under 5 unge vises som &lt;5" in sharing
    client.post("/log-ud")
    login_as(Role.STAFF)
    sharing = client.get("/medarbejder/resultater").get_data(as_text=True).split('id="section-sharing"')[1]
    assert "<td>5</td><td>2</td><td>3</td>" in sharing.split("</section>")[0]


def _rows(html: str, section: str) -> list[list[str]]:
    body = html.split(f'id="section-{section}"')[1].split("</section>")[0]
    return [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_a_hidden_count_cannot_be_worked_out_from_the_row_total(client, login_as, data: dict) -> None:
    """"Et tal under 5 unge vises som <5, så ingen kan genkendes": with a total beside it, one more figure must go,
    or 8 − 6 gives the hidden 2 back. The activity-ready row: 2 placed before (y4, y5) and 6 never placed."""
    from partnerhub.youth.models import Readiness, YouthStaffRecord
    from tests import factories

    for _ in range(6):
        profile = factories.YouthProfileFactory()
        db.session.add(YouthStaffRecord(profile_id=profile.id, readiness=Readiness.ACTIVITY_READY))
    db.session.commit()
    login_as(Role.STAFF)
    staff_rows = _rows(client.get("/medarbejder/resultater").get_data(as_text=True), "youth")
    assert ["Alle", "Aktivitetsparat", "0", "2", "6", "8"] in staff_rows
    client.post("/log-ud")
    login_as(Role.MANAGEMENT)
    html = client.get("/medarbejder/resultater").get_data(as_text=True)
    rows = _rows(html, "youth")
    assert ["Alle", "Aktivitetsparat", "0", "&lt;5", "..", "8"] in rows
    for row in rows[1:]:
        *parts, total = row[2:]
        if total.isdigit() and "&lt;5" in parts:
            left = int(total) - sum(int(part) for part in parts if part.isdigit())
            assert left == 0 or left >= 5, row
    assert "er et tal, der også er skjult" in html.split('id="section-youth"')[1].split("</section>")[0]


def test_management_exports_hide_counts_under_five(client, login_as, data: dict) -> None:
    login_as(Role.MANAGEMENT)
    response = client.get("/medarbejder/resultater/eksport/sharing.xlsx")
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    assert rows[1] == ("Alle", 5, "<5", 3)
    response = client.get("/medarbejder/resultater/eksport/placements.csv?date_from=2026-02-01")
    read = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert read == [["Periode", "Startdato", "Gruppe", "Praktikforløb"], ["P2", "2026-02-02", "Alle", "<5"]]
    assert client.get("/medarbejder/resultater/praktikforloeb.csv").status_code == 403


def test_management_business_case_hides_small_counts_and_the_value_they_would_reveal(client, login_as,
                                                                                      data: dict) -> None:
    login_as(Role.MANAGEMENT)
    response = client.get("/medarbejder/samfundsoekonomi")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Unge i uddannelse: &lt;5" in html and "Unge i job: &lt;5" in html
    assert "vises ikke, fordi færre end 5 unge står bag et af tallene" in html
    assert "/admin/noegletal/" not in html  # nothing to edit
    client.post("/log-ud")
    login_as(Role.STAFF)
    html = client.get("/medarbejder/samfundsoekonomi").get_data(as_text=True)
    assert "Unge i uddannelse: 2" in html and "vises ikke" not in html


def test_admin_invites_a_management_user(client, login_as) -> None:
    login_as(Role.ADMIN)
    form = client.get("/admin/").get_data(as_text=True)
    assert '<option value="management">Ledelse</option>' in form
    response = client.post("/admin/brugere/ny", data={"name": "Lone Leder", "email": "lone@hedensted.dk",
                                                      "role": "management"})
    assert response.status_code == 302
    user = db.session.scalar(db.select(User).where(User.email == "lone@hedensted.dk"))
    assert user.role is Role.MANAGEMENT and user.password_hash is None
    assert db.session.scalar(db.select(Invitation).where(Invitation.user_id == user.id)) is not None
    assert db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.recipient == "lone@hedensted.dk"))
