"""The file command reproduces plans from exported rounds; bad input must give one line and exit code 2."""

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from partnerhub.matching import instance_from_dict, load_instance
from partnerhub.matching.__main__ import main
from partnerhub.matching.io import InstanceError
from partnerhub.matching.validate import violations

REPO = Path(__file__).resolve().parents[2]
SHARED_EXAMPLE = REPO / ".." / "shared" / "matching" / "example-instance.json"
# shared/ sits beside the repo in CI; a copy (identical, checked below when both exist) keeps a lone clone testable.
EXAMPLE = SHARED_EXAMPLE if SHARED_EXAMPLE.is_file() else Path(__file__).parent / "data" / "example-instance.json"


def _run(*args):
    """The real command line, in its own interpreter: used once, for the round trip."""
    return subprocess.run(  # noqa: S603 - runs our own interpreter on test files
        [sys.executable, "-m", "partnerhub.matching", *args], capture_output=True, text=True, cwd=REPO
    )


def _run_in_process(capsys, *args) -> subprocess.CompletedProcess[str]:
    """The same entry point `python -m partnerhub.matching` calls, without starting an interpreter and importing
    scikit-learn again (about 2 CPU-seconds a call); an exception it failed to turn into one line fails the test."""
    code = main(list(args))
    captured = capsys.readouterr()
    return subprocess.CompletedProcess(["partnerhub.matching", *args], code, captured.out, captured.err)


def test_example_instance_is_present():
    assert EXAMPLE.is_file(), f"the example instance is missing at {EXAMPLE}"
    copy = Path(__file__).parent / "data" / "example-instance.json"
    if SHARED_EXAMPLE.is_file():
        assert copy.read_bytes() == SHARED_EXAMPLE.read_bytes(), "tests/matching/data is out of date with shared/"


def test_plan_round_trip_on_the_example_instance(tmp_path):
    out = tmp_path / "plan.json"
    result = _run("plan", str(EXAMPLE), "--out", str(out))
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "rotation-plan/2"
    assert {"youth_placed", "full_rotation", "capacity_used", "seconds"} <= set(data["stats"])
    assert data["objective"] == pytest.approx(sum(a["score"] for a in data["assignments"]), abs=1e-5)
    assert data["objective"] <= data["upper_bound"] + 1e-9
    inst = load_instance(EXAMPLE)
    from partnerhub.matching import Assignment

    plan_rows = [Assignment(a["youth"], a["company"], a["period"], a["score"]) for a in data["assignments"]]
    assert violations(inst, plan_rows) == []
    assert data["stats"]["coverage"] == data["stats"]["max_coverage"]


def test_given_candidates_are_used_verbatim(tmp_path, capsys):
    raw = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    y0 = raw["youth"][0]
    y0["max_travel_km"] = 500
    raw["candidates"] = {y0["id"]: [["c00003", 0.77]]}
    src = tmp_path / "inst.json.gz"
    with gzip.open(src, "wt", encoding="utf-8") as fh:
        json.dump(raw, fh)
    out = tmp_path / "plan.json"
    assert _run_in_process(capsys, "plan", str(src), "--out", str(out)).returncode == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [(a["youth"], a["company"], a["score"]) for a in data["assignments"]] == [
        (y0["id"], "c00003", 0.77)
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"format": "rotation-instance/9"}', "expected 'rotation-instance/1'"),
        ('{"periods": [{"index": 0}], "youth": [], "companies": [{"id": "c1"}]}', "missing required field"),
        (
            '{"periods": [{"index": 0}], "companies": [], "youth": [{"id": "y", "lat": "x", "lon": 9,'
            ' "available_periods": [0], "rotation_k": 1, "max_travel_km": 5}]}',
            "expected a number",
        ),
    ],
)
def test_bad_input_gives_one_line_and_exit_code_2(tmp_path, capsys, content, message):
    src = tmp_path / "bad.json"
    src.write_text(content, encoding="utf-8")
    result = _run_in_process(capsys, "plan", str(src), "--out", str(tmp_path / "p.json"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and message in result.stderr


def test_missing_file_is_reported_without_traceback(tmp_path, capsys):
    result = _run_in_process(capsys, "plan", str(tmp_path / "nope.json"), "--out", str(tmp_path / "p.json"))
    assert result.returncode == 2 and result.stderr.startswith("error:") and "file not found" in result.stderr


def test_unknown_keys_are_ignored_and_plain_int_capacity_means_every_period():
    inst = instance_from_dict(
        {
            "format": "rotation-instance/1",
            "shiny_new_key": 1,
            "periods": [{"index": 0}, {"index": 1}],
            "youth": [
                {
                    "id": "y",
                    "lat": 55.0,
                    "lon": 9.0,
                    "available_periods": [0],
                    "rotation_k": 1,
                    "max_travel_km": 10,
                    "future": True,
                    "fixed": [["c", 1]],
                }
            ],
            "companies": [{"id": "c", "lat": 55.0, "lon": 9.0, "capacity": 2}],
        }
    )
    assert inst.companies[0].capacity == (2, 2)
    assert inst.youth[0].fixed[0].company_id == "c"


def test_candidates_naming_an_unknown_company_are_an_instance_error():
    from partnerhub.matching import plan

    inst = instance_from_dict(
        {
            "periods": [{"index": 0}],
            "companies": [],
            "youth": [
                {
                    "id": "y",
                    "lat": 55.0,
                    "lon": 9.0,
                    "available_periods": [0],
                    "rotation_k": 1,
                    "max_travel_km": 10,
                }
            ],
            "candidates": {"y": [["ghost", 0.5]]},
        }
    )
    with pytest.raises(InstanceError, match="unknown company"):
        plan(inst)
