"""Issue 14: the admin rule editor refuses a value that does not fit the rule's type and range, in Danish."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.reference.models import SchedulingRule
from partnerhub.reference.service import PACKAGED_DATA_DIR, load_reference

RULES: dict[str, dict[str, str]] = {}
for rules_name in ("scheduling_rules.csv", "young_worker_rules.csv"):  # the young-worker rules are edited alike
    with (Path(PACKAGED_DATA_DIR) / rules_name).open(encoding="utf-8") as rules_file:
        RULES.update({row["rule_key"]: row for row in csv.DictReader(rules_file)})

# Per unit: values the planner could not read, or that are out of range.
BAD_VALUES = {"weeks": ["abc def", "0", "53", "4.5", "-4"], "weeks total": ["abc", "0", "105"],
              "months": ["abc", "0", "37", "6 mdr"], "bool": ["abc", "maybe", "1"],
              "persons": ["abc", "1 per 0", "en per fem", "1 per 5 abc"],
              "date": ["abc", "2027-13-01", "01-01-2027", "2027-01-01 / x"],
              "days": ["abc", "-1", "29", "4.5", "4 dage"], "weekdays": ["abc", "0", "8", "2.5"],
              "years": ["abc", "9", "26", "13.5"], "hours": ["abc", "0", "61", "7,5"],
              "hour of day": ["abc", "24", "-1", "20:00"], "per employee": ["abc", "0", "21", "1.5"],
              "placements": ["abc", "0", "21", "3 stk"]}


@pytest.fixture(autouse=True)
def _reference(app) -> None:
    load_reference()
    db.session.commit()


def test_every_unit_in_the_rules_data_has_bad_values_to_try() -> None:
    assert {row["unit"] for row in RULES.values()} == set(BAD_VALUES)


@pytest.mark.parametrize("key", sorted(RULES))
def test_a_bad_value_is_refused_and_shown_again(client, login_as, key: str) -> None:
    login_as(Role.ADMIN)
    for bad in BAD_VALUES[RULES[key]["unit"]]:
        response = client.post(f"/admin/reference/regler/{key}", data={"value": bad})
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and "Skriv " in page.split('class="error-summary"')[1][:600], bad
        assert f'value="{bad}"' in page
        assert db.session.get(SchedulingRule, key).value == RULES[key]["value"]


@pytest.mark.parametrize("key", sorted(RULES))
def test_the_packaged_value_and_a_changed_good_value_are_accepted(client, login_as, key: str) -> None:
    login_as(Role.ADMIN)
    good = {"weeks": "6", "weeks total": "39", "months": "12", "bool": "true",
            "persons": "1 per 6 ordinary employees (always at least 1)", "date": "2028-01-01", "days": "6",
            "weekdays": "3", "years": "14", "hours": "7", "hour of day": "21", "per employee": "3",
            "placements": "4"}[RULES[key]["unit"]]
    for value in (RULES[key]["value"], good):
        response = client.post(f"/admin/reference/regler/{key}", data={"value": value})
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        assert db.session.get(SchedulingRule, key).value == value
