"""The results pages over HTTP: filters, files, who may see which company, and the audit trail of exports."""

from __future__ import annotations

import csv
import io

import openpyxl

from partnerhub.audit.models import AuditEvent
from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.reporting.models import Commitment, CostFigure, CostFigureChange


def test_dashboard_shows_charts_and_tables(client, login_as, data: dict) -> None:
    login_as(Role.STAFF)
    response = client.get("/medarbejder/resultater?breakdown=readiness")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count('<svg role="img"') == 5
    assert "Resultater 3, 6 og 12 måneder efter sidste praktik" in html
    assert "Uddannelsesparat" in html


def test_bad_filters_are_422_with_a_message(client, login_as, data: dict) -> None:
    login_as(Role.ADMIN)
    response = client.get("/medarbejder/resultater?date_from=31.02.2026")
    assert response.status_code == 422
    assert "Skriv datoen som dd.mm.åååå" in response.get_data(as_text=True)
    response = client.get("/medarbejder/resultater?date_from=2026-03-01&date_to=2026-02-01")
    assert response.status_code == 422
    assert client.get("/medarbejder/resultater?town=999999").status_code == 422
    assert client.get("/medarbejder/resultater/eksport/youth.csv?breakdown=nonsense").status_code == 422


def test_dashboard_exports_read_back(client, login_as, data: dict) -> None:
    login_as(Role.ADMIN)
    response = client.get("/medarbejder/resultater/eksport/sharing.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    assert list(sheet.iter_rows(values_only=True)) == [
        ("Gruppe", "Unge i praktik", "Unge i delte forløb (2+ virksomheder)", "Virksomheder der deltager"),
        ("Alle", 5, 2, 3)]
    response = client.get("/medarbejder/resultater/eksport/placements.csv?date_from=2026-02-01")
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="resultater-praktikforloeb-pr-periode-')
    read = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert read == [["Periode", "Startdato", "Gruppe", "Praktikforløb"], ["P2", "2026-02-02", "Alle", "2"]]
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent).where(
        AuditEvent.action.like("export%"))) == 0  # aggregated counts carry no personal data


def test_personal_data_exports_are_staff_only_and_logged(client, login_as, data: dict) -> None:
    staff = login_as(Role.STAFF)
    response = client.get("/medarbejder/resultater/praktikforloeb.xlsx")
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    assert rows[0] == ("Runde", "Ung", "Virksomhed", "Periode", "Start", "Slut", "Status")
    assert len(rows) == 1 + 8  # every placement, declined included
    assert {row[1] for row in rows[1:]} == {p.display_name for p in data["youth"][:5]}
    response = client.get(f"/medarbejder/planlaegning/{data['round'].id}/plan.csv")
    plan = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert len(plan) == 1 + 8 and plan[1][0] == "Testrunde"
    events = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action.like("export%"))
                                .order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor_id, e.detail["rows"]) for e in events] == [
        ("export_placements", staff.id, 8), ("export_round_plan", staff.id, 8)]


def test_company_sees_only_its_own_partnership(client, login_as, data: dict) -> None:
    login_as(Role.COMPANY, company=data["a"])
    html = client.get("/virksomhed/partnerskab").get_data(as_text=True)
    assert "Partnerskab: A ApS" in html and "B ApS" in html  # B is a sharing partner, its count hidden
    assert "færre end 5" in html
    assert client.get(f"/medarbejder/virksomheder/{data['b'].id}/partnerskab").status_code == 403
    assert "Partnerskab: B ApS" not in client.get("/virksomhed/partnerskab").get_data(as_text=True)


def test_company_records_a_commitment(client, login_as, data: dict) -> None:
    login_as(Role.COMPANY, company=data["a"])
    response = client.post("/virksomhed/partnerskab", data={"year": "2026", "kind": "flex_jobs", "target": "2",
                                                           "achieved": "1"})
    assert response.status_code == 302
    commitment = db.session.scalar(db.select(Commitment))
    assert (commitment.company_id, commitment.target, commitment.achieved) == (data["a"].id, 2, 1)
    assert client.post("/virksomhed/partnerskab", data={"year": "x", "kind": "flex_jobs",
                                                        "target": "2"}).status_code == 422


def test_staff_see_any_partnership_and_the_award(client, login_as, data: dict) -> None:
    login_as(Role.STAFF)
    assert "Partnerskab: B ApS" in client.get(f"/medarbejder/virksomheder/{data['b'].id}/partnerskab").get_data(
        as_text=True)
    html = client.get("/medarbejder/ansvarspris?aar=2026").get_data(as_text=True)
    assert html.index("A ApS") < html.index("B ApS")
    assert "Unge der er kommet videre i uddannelse eller job" in html
    assert client.get("/medarbejder/ansvarspris?aar=abc").status_code == 422


def test_business_case_shows_sources_and_ranges(client, login_as, data: dict) -> None:
    login_as(Role.STAFF)
    html = client.get("/medarbejder/samfundsoekonomi?people=10").get_data(as_text=True)
    assert "9.300.000–49.000.000 kr." in html  # 10 × 50 % × 1.86m to 10 × 70 % × 7m
    assert "Kraka Economics" in html and "kraka-economics.dk" in html
    assert "Beskrivende sammenligning med resten af årgangen, ikke en årsagsvirkning" in html  # the caveat, in Danish
    assert "beskrivende, ikke kausale" in html
    assert client.get("/medarbejder/samfundsoekonomi?people=-1").status_code == 422


def test_admin_edits_a_figure_with_history(client, login_as, data: dict) -> None:
    admin = login_as(Role.ADMIN)
    figure = db.session.scalar(db.select(CostFigure).where(CostFigure.key == "ae_gain_faglaert_societal"))
    url = f"/admin/noegletal/{figure.id}"
    assert client.get(url).status_code == 200
    bad = client.post(url, data={"value_low": "8000000", "value_high": "7000000", "confidence": "medium",
                                 "reason": "x"})
    assert bad.status_code == 422
    response = client.post(url, data={"value_low": "7000000", "value_high": "7500000", "confidence": "medium",
                                      "data_year": "2017", "caveat": "SOSU 7,5 mio.", "reason": "SOSU-tallet"})
    assert response.status_code == 302
    change = db.session.scalar(db.select(CostFigureChange))
    assert (change.changed_by_id, change.before["value_high"], change.after["value_high"]) == (admin.id, 7e6, 7.5e6)
    assert "SOSU-tallet" in client.get(url).get_data(as_text=True)
