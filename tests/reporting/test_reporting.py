"""Every figure against values worked out by hand on one fixed data set (the story is in conftest.data)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import openpyxl
import pytest

from partnerhub.audit.models import AuditEvent
from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.planning.models import Outcome, OutcomeKind
from partnerhub.reporting import exports
from partnerhub.reporting.models import Commitment, CommitmentKind, CostFigure, CostFigureChange
from partnerhub.reporting.services import award, business_case, common, cost_figures, dashboard, outcomes, partnership
from tests import factories


def rows(table: common.Table) -> list[list]:
    return table.rows


def test_youth_by_readiness_and_status(data: dict) -> None:
    table = dashboard.youth_by_readiness_status(common.Filters())
    # group, readiness, placed now, placed before, not placed, total
    assert rows(table) == [["Alle", "Uddannelsesparat", 1, 2, 0, 3], ["Alle", "Aktivitetsparat", 0, 2, 0, 2],
                           ["Alle", "Ikke vurderet", 0, 0, 1, 1]]


def test_placements_per_period_leave_out_declined(data: dict) -> None:
    assert rows(dashboard.placements_per_period(common.Filters())) == [
        ["P1", date(2026, 1, 5), "Alle", 5], ["P2", date(2026, 2, 2), "Alle", 2]]
    in_february = common.Filters(date_from=date(2026, 2, 1), date_to=date(2026, 2, 28))
    assert rows(dashboard.placements_per_period(in_february)) == [["P2", date(2026, 2, 2), "Alle", 2]]


def test_capacity_offered_against_used(data: dict) -> None:
    assert rows(dashboard.capacity_per_period(common.Filters())) == [["P1", date(2026, 1, 5), 5, 5, 100],
                                                                   ["P2", date(2026, 2, 2), 3, 2, 67]]


def test_sharing_by_town(data: dict) -> None:
    assert rows(dashboard.sharing(common.Filters())) == [["Alle", 5, 2, 3]]
    first, second = data["towns"]
    by_town = dashboard.sharing(common.Filters(breakdown="town"))
    assert sorted(rows(by_town)) == sorted([[first.name, 4, 2, 3], [second.name, 1, 0, 1]])
    only_second = dashboard.sharing(common.Filters(town_id=second.id))
    assert rows(only_second) == [["Alle", 1, 0, 1]]


def test_outcomes_at_3_6_and_12_months(data: dict) -> None:
    # 3 months: y1 education, y3 other (internship), y2 (job came later), y4 and y5 unknown.
    # 6 months: y2's job counts; 12 months is not due yet on 22 Nov 2026, so it has no row.
    assert rows(outcomes.outcomes_table(common.Filters())) == [["Alle", 3, 1, 0, 1, 3, 5],
                                                              ["Alle", 6, 1, 1, 1, 2, 5]]


def test_outcomes_by_readiness(data: dict) -> None:
    table = outcomes.outcomes_table(common.Filters(breakdown="readiness"))
    assert rows(table) == [["Aktivitetsparat", 3, 0, 0, 0, 2, 2], ["Aktivitetsparat", 6, 0, 0, 0, 2, 2],
                           ["Uddannelsesparat", 3, 1, 0, 1, 1, 3], ["Uddannelsesparat", 6, 1, 1, 1, 0, 3]]


def test_cost_figures_seed_once_and_keep_edits(data: dict) -> None:
    count = db.session.scalar(db.select(db.func.count()).select_from(CostFigure))
    assert count == 20
    rockwool = db.session.scalar(db.select(CostFigure).where(CostFigure.key == "rockwool_annual_cost_2016"))
    assert (rockwool.value_low, rockwool.value_high) == (12e9, 15e9)
    admin = factories.UserFactory(role=Role.ADMIN)
    figure = db.session.scalar(db.select(CostFigure).where(CostFigure.key == "ae_gain_faglaert_societal"))
    assert cost_figures.update_cost_figure(admin, figure, {"value_low": 6e6, "value_high": 7.5e6, "data_year": "2017",
                                                      "confidence": "medium", "caveat": "x"}, "SOSU-tallet")
    db.session.commit()
    assert cost_figures.seed_cost_figures() == 0
    assert figure.value_high == 7.5e6
    change = db.session.scalar(db.select(CostFigureChange))
    assert change.before["value_high"] == 7e6 and change.after["value_high"] == 7.5e6
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "cost_figure_changed"))
    staff = factories.UserFactory(role=Role.STAFF)
    with pytest.raises(PermissionError):
        cost_figures.update_cost_figure(staff, figure, {"value_low": 1.0}, "nej")


def test_business_case_ranges(data: dict) -> None:
    case = business_case.business_case()
    assert (case.annual_benefit.low, case.annual_benefit.high) == (2820 * 12, 11944 * 12)
    assert (case.education_gain.low, case.education_gain.high) == (1_860_000, 7_000_000)
    scenario = case.education_value(10)
    assert (scenario.low, scenario.high) == pytest.approx((10 * 0.5 * 1_860_000, 10 * 0.7 * 7_000_000))
    assert case.effort(10) == 10 * 258646
    counts = outcomes.recorded_outcome_counts()
    assert counts == {"education": 2, "job": 1, "other": 0, "unknown": 1}
    value = business_case.outcome_value(case, counts)
    assert value.low == pytest.approx(2 * 0.5 * 1_860_000 + 33_840)
    assert value.high == pytest.approx(2 * 0.7 * 7_000_000 + 143_328)


def test_partnership_suppresses_counts_under_five(data: dict) -> None:
    staff = factories.UserFactory(role=Role.STAFF)
    page = partnership.partnership(staff, data["a"])
    assert page.hosted == 5
    assert page.periods == [("P1", 5)]
    assert page.partners == [("B ApS", None), ("C ApS", None)]  # one young person each: hidden
    assert page.outcomes_total == 4  # y4 has no outcome, so too few to show any
    assert set(page.outcomes.values()) == {None}
    # Value share: y1 education shared with B (1/2), y3 education (1), y2 job shared with C (1/2).
    assert page.value_share.low == pytest.approx(1.5 * 0.5 * 1_860_000 + 0.5 * 33_840)
    assert page.value_share.high == pytest.approx(1.5 * 0.7 * 7_000_000 + 0.5 * 143_328)
    small = partnership.partnership(staff, data["b"])
    assert small.hosted == 1 and small.value_share is None  # its own count is shown (issue 14); the value is not
    db.session.add(Outcome(youth_profile_id=data["youth"][3].id, kind=OutcomeKind.JOB))
    db.session.commit()
    page = partnership.partnership(staff, data["a"])
    assert page.outcomes_total == 5
    assert page.outcomes == {"education": None, "job": None, "other": None, "unknown": None}  # each under 5


def test_commitments_and_award(data: dict) -> None:
    staff = factories.UserFactory(role=Role.STAFF)
    partnership.save_commitment(staff, data["a"], year=2026, kind=CommitmentKind.INTERNSHIP_PLACES, target=10,
                                achieved=0)
    partnership.save_commitment(staff, data["a"], year=2026, kind=CommitmentKind.PAID_HOURS, target=100, achieved=25)
    db.session.commit()
    progress = {c.kind: met for c, met in partnership.commitment_progress(data["a"])}
    assert progress == {CommitmentKind.INTERNSHIP_PLACES: 5, CommitmentKind.PAID_HOURS: 25}
    assert db.session.scalar(db.select(db.func.count()).select_from(Commitment)) == 2
    ranked = award.award_candidates(staff, 2026)
    assert [(r["name"], r["moved_on"], r["hosted"], r["partners"], r["fulfilment"]) for r in ranked] == [
        ("A ApS", 3, 5, 2, 38), ("B ApS", 1, 1, 1, None), ("C ApS", 1, 1, 1, None)]


def test_csv_and_xlsx_read_back(data: dict) -> None:
    table = dashboard.capacity_per_period(common.Filters())
    raw = exports.to_csv(table)
    assert raw.startswith(b"\xef\xbb\xbf")
    read = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert read[0] == ["Periode", "Startdato", "Pladser hos godkendte virksomheder", "Pladser brugt", "Udnyttelse (%)"]
    assert read[1] == ["P1", "2026-01-05", "5", "5", "100"]
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(table)))
    values = list(book.active.iter_rows(values_only=True))
    assert values[0] == ("Periode", "Startdato", "Pladser hos godkendte virksomheder", "Pladser brugt",
                         "Udnyttelse (%)")
    assert values[2] == ("P2", datetime(2026, 2, 2), 3, 2, 67)  # a real date, shown as dd.mm.yyyy
    assert book.active["B3"].is_date and book.active["B3"].number_format == "dd.mm.yyyy"
    assert book.active.title == "Tilbudt kapacitet mod brugt kap"


def test_export_neutralises_formulas(app) -> None:
    table = common.Table("x", "x", ["Navn"], [["=HYPERLINK(\"x\")"]])
    lines = exports.to_csv(table).decode("utf-8-sig").splitlines()
    assert next(csv.reader(io.StringIO(lines[1]), delimiter=";"))[0].startswith("'=")
