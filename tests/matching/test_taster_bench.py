"""The taster benchmark runs end to end on a tiny municipality, and the engine stays free of the web stack."""

import subprocess
import sys

from partnerhub.matching.__main__ import main
from partnerhub.matching.taster_bench import generate


def test_bench_taster_runs_on_a_tiny_municipality(capsys):
    assert main(["bench-taster", "--pupils", "40", "--companies", "8", "--schools", "3", "--weeks", "2"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert sum(line.startswith("   rank-maximal ") for line in lines) == 3  # two weeks and the total
    assert sum(line.startswith("   serial dictatorship ") for line in lines) == 3
    assert "first choice" in out and "top 3" in out and "CPU" in out and "targets" in out
    assert "placed = maximum: met" in out


def test_bench_taster_refuses_a_municipality_without_schools_or_weeks(capsys):
    assert main(["bench-taster", "--schools", "0"]) == 2
    assert main(["bench-taster", "--weeks", "0"]) == 2
    assert capsys.readouterr().err.count("error: ") == 2


def test_generated_municipality_is_seeded_and_realistic():
    weeks = generate(200, 30, 4, 2, seed=3)
    assert weeks == generate(200, 30, 4, 2, seed=3)
    pupils = [p for w in weeks for p in w.pupils]
    assert len(pupils) == 200 and len({p.id for p in pupils}) == 200
    assert all(len(p.wishes) <= 6 and {s.min_age for w in weeks for s in w.slots} <= {13, 14, 15} for p in pupils)
    for w in weeks:  # wishes are for the pupil's own week
        assert {s for p in w.pupils for s in p.wishes} <= {s.id for s in w.slots}


def test_taster_modules_import_neither_flask_nor_sqlalchemy():
    code = (
        "import sys, partnerhub.matching.taster, partnerhub.matching.taster_bench\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in {'flask', 'sqlalchemy'})))\n"
    )
    # our own interpreter running a constant snippet
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    assert result.stdout.strip() == ""
