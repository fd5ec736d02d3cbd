# PartnerHub: the README's two commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app partnerhub
STAMP := $(VENV)/.installed-dev

# Some machines (this project's CI among them) set PYTHONDONTWRITEBYTECODE=1. Then no process keeps its compiled
# code: every pytest worker, every subprocess a test starts and every gunicorn worker compiles the package again, and
# pytest rewrites every test module's asserts again on every run (collection 14 → 7 CPU-s a worker). Make's own
# processes keep bytecode; `install` compiles the package once, so the first processes of a fresh clone share it too.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test test-fast install lint typecheck bench bench-web i18n-extract translations worker clean

# uv installs what pyproject.toml asks for, the same versions pip resolves, in a fraction of pip's time: a fresh
# clone's `make install` went 57 -> 26 s (docs/benchmarks.md). It comes from PyPI into the venv itself, so the
# machine needs nothing new. --compile-bytecode does what pip does by default: without it each first import compiles
# the libraries, and the first suite on a fresh clone took ~20 s longer.
UV := $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python

# Its own target, so a venv made before uv was used gets it too (order-only below: a newer uv reinstalls nothing).
$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet uv

$(STAMP): pyproject.toml | $(BIN)/uv
	$(UV) -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) translations
	$(BIN)/python -m compileall -q -j 0 partnerhub tests bench >/dev/null

translations: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d partnerhub/translations -D messages >/dev/null

run: install
	mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) load-reference
	$(FLASK) seed-demo
	$(FLASK) run --host 127.0.0.1 --port 5000

# The suite runs in PYTEST_WORKERS processes (pytest-xdist); the browser tests stay together on one of them.
PYTEST_WORKERS ?= auto
PYTEST_PARALLEL := -n $(PYTEST_WORKERS) --dist loadgroup

# ruff first (a second); mypy and bandit, one core each for about 15 s, run beside pytest instead of before it, so
# they fill the core pytest leaves idle at its start and end. Their output is printed after pytest's, and the target
# fails if any of the three failed.
test: install
	$(BIN)/ruff check .
	@checks=$$(mktemp -d); \
	$(BIN)/mypy >$$checks/mypy 2>&1 & mypy=$$!; \
	$(BIN)/bandit -q -ll -r partnerhub >$$checks/bandit 2>&1 & bandit=$$!; \
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS); tests=$$?; \
	wait $$mypy; typed=$$?; wait $$bandit; secure=$$?; \
	echo "== mypy (exit $$typed)"; cat $$checks/mypy; echo "== bandit (exit $$secure)"; cat $$checks/bandit; \
	rm -rf $$checks; [ $$tests -eq 0 ] && [ $$typed -eq 0 ] && [ $$secure -eq 0 ]

# The quick loop while developing: SQLite only, no browser, and the fuzz tests on a fixed sample of their inputs
# (TEST_FUZZ=quick; `make test` tries them all).
test-fast: install
	TEST_FUZZ=quick $(BIN)/python -m pytest $(PYTEST_PARALLEL) -k "not postgresql" -m "not browser" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/bandit -q -ll -r partnerhub

# The files it checks are listed in pyproject.toml ([tool.mypy] files).
typecheck: install
	$(BIN)/mypy

bench: install
	$(BIN)/python -m partnerhub.matching bench

# Needs the machine's PostgreSQL (127.0.0.1:5432, trust auth); creates and drops its own database partnerhub_bench.
bench-web: install
	$(UV) -e '.[bench]'
	$(BIN)/python bench/web.py $(BENCH_ARGS)

i18n-extract: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o partnerhub/translations/messages.pot --no-location --sort-output partnerhub templates
	$(BIN)/pybabel update -i partnerhub/translations/messages.pot -d partnerhub/translations -D messages --no-fuzzy-matching --ignore-obsolete

worker: install
	$(FLASK) worker

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +
