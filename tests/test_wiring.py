"""Explicit wiring: importing a module registers nothing and loads no engine; create_app() wires everything."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from partnerhub.accounts.models import User
from partnerhub.audit.models import AuditEvent
from partnerhub.extensions import db
from partnerhub.permissions import Role
from partnerhub.privacy.cpr import CprNumberRefused

ROOT = Path(__file__).resolve().parent.parent
MODEL_MODULES = sorted(
    ".".join(path.relative_to(ROOT).with_suffix("").parts) for path in (ROOT / "partnerhub").glob("*/models.py")
)


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    """A fresh interpreter, so nothing the test process already imported or registered can hide a side effect."""
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,  # noqa: S603 - our own code
                          check=False)


def test_every_feature_with_tables_is_listed() -> None:
    assert len(MODEL_MODULES) >= 11 and "partnerhub.planning.models" in MODEL_MODULES


# One fresh interpreter imports what every models module shares (the extensions: Flask, SQLAlchemy, Alembic, ...),
# checks that this loaded no engine, then forks a child per models module, which imports that module alone and says
# what it loaded. Each module is still judged on its own import; the shared part is paid once, not 16 times.
ENGINES_PER_MODULE = """
import json, os, sys
import partnerhub.extensions
ENGINES = ("sklearn", "ortools")
assert not [name for name in ENGINES if name in sys.modules], "the extensions loaded an engine"
found = {}
for module in sys.argv[1:]:
    read, write = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(read)
        try:
            __import__(module)
            loaded = [name for name in ENGINES if name in sys.modules]
        except BaseException as error:
            loaded = [f"import failed: {error!r}"]
        os.write(write, json.dumps(loaded).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as answer:
        found[module] = json.loads(answer.read() or '["no answer"]')
    os.waitpid(child, 0)
print(json.dumps(found))
"""

# One worker runs the whole module under xdist (--dist loadgroup), so its module fixture,
# the interpreter that imports each models module (2.7 CPU-s), is built once, not once on each worker that draws
# one of its tests.
pytestmark = pytest.mark.xdist_group("wiring")


@pytest.fixture(scope="module")
def engines_loaded_per_module() -> dict[str, list[str]]:
    result = subprocess.run([sys.executable, "-c", ENGINES_PER_MODULE, *MODEL_MODULES], cwd=ROOT,  # noqa: S603 - our own code
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


@pytest.mark.parametrize("module", MODEL_MODULES)
def test_importing_a_models_module_loads_neither_scikit_learn_nor_or_tools(
    module: str, engines_loaded_per_module: dict[str, list[str]],
) -> None:
    assert engines_loaded_per_module[module] == []


def test_loading_every_model_loads_neither_scikit_learn_nor_or_tools() -> None:
    result = run_python("import partnerhub.models, sys; partnerhub.models.load_models(); "
                        "import sqlalchemy.orm; sqlalchemy.orm.configure_mappers(); "
                        "assert 'sklearn' not in sys.modules and 'ortools' not in sys.modules, 'engine loaded'")
    assert result.returncode == 0, result.stderr[-2000:]


def test_starting_the_web_app_loads_neither_scikit_learn_nor_or_tools() -> None:
    """Every gunicorn worker, CLI call and job process builds the app; the engine (about 1 CPU-second of imports)
    loads only when a plan or an allocation is actually made."""
    result = run_python("from partnerhub import create_app; import sys; create_app(); "
                        "assert 'sklearn' not in sys.modules and 'ortools' not in sys.modules, 'engine loaded'")
    assert result.returncode == 0, result.stderr[-2000:]


LISTENERS = """
from sqlalchemy import event
from sqlalchemy.orm import Session
from partnerhub.audit.models import _refuse_audit_changes
from partnerhub.fair.services.companies import FAIR_PUBLIC_DATA
from partnerhub.privacy.cpr import _refuse_cpr_numbers
from partnerhub.reporting.services.dashboard import RESULTS
import partnerhub.models
partnerhub.models.load_models()

def registered():
    return [event.contains(Session, 'before_flush', _refuse_audit_changes),
            event.contains(Session, 'before_flush', _refuse_cpr_numbers),
            event.contains(Session, "after_flush", FAIR_PUBLIC_DATA.note_changes),
            event.contains(Session, "after_flush", RESULTS.note_changes),
            event.contains(Session, "do_orm_execute", FAIR_PUBLIC_DATA.note_statement),
            event.contains(Session, "do_orm_execute", RESULTS.note_statement)]

assert registered() == [False] * 6, registered()
from partnerhub import create_app
from partnerhub.config import TestConfig
create_app(TestConfig)
create_app(TestConfig)
assert registered() == [True] * 6, registered()
flushes = list(Session().dispatch.before_flush)
assert flushes.count(_refuse_audit_changes) == 1 and flushes.count(_refuse_cpr_numbers) == 1, flushes
"""


def test_importing_registers_no_listener_and_create_app_registers_each_once() -> None:
    result = run_python(LISTENERS)
    assert result.returncode == 0, result.stderr[-2000:]


def test_the_cpr_guard_applies_to_the_cli(app) -> None:
    result = app.test_cli_runner().invoke(args=["create-user", "--email", "ny@hedensted.dk", "--name",
                                                "Ny 010190-1234", "--role", "staff", "--password",
                                                "et-langt-godt-kodeord"])
    assert isinstance(result.exception, CprNumberRefused)
    db.session.rollback()
    assert db.session.scalar(db.select(User).where(User.email == "ny@hedensted.dk")) is None


def test_the_audit_guard_applies_through_the_app(client, login_as) -> None:
    """An admin's audit search writes an event through a request; the app cannot then rewrite it."""
    login_as(Role.ADMIN)
    assert client.get("/admin/audit/", query_string={"action": "login"}).status_code == 200
    searched = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "audit_searched"))
    searched.detail = {"action": "something else"}
    with pytest.raises(PermissionError):
        db.session.commit()
    db.session.rollback()


# A feature's views are its views.py, or the modules of its views/ package (planning: one per audience).
VIEW_FILES = sorted([*(ROOT / "partnerhub").rglob("views.py"), *(ROOT / "partnerhub").glob("*/views/*.py")])


def _feature(path: Path) -> str:
    return path.relative_to(ROOT / "partnerhub").parts[0]


@pytest.mark.parametrize("path", VIEW_FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_views_never_import_another_features_views(path: Path) -> None:
    own = f"partnerhub.{_feature(path)}.views"
    imported = [node.module for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                if isinstance(node, ast.ImportFrom) and node.module]
    assert [m for m in imported if ".views" in m and not (m == own or m.startswith(own + "."))] == []


@pytest.mark.parametrize("path", VIEW_FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_function_in_a_views_module_is_at_most_25_lines(path: Path) -> None:
    functions = [node for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                 if isinstance(node, ast.FunctionDef)]
    assert [(f.name, f.end_lineno - f.lineno + 1) for f in functions if f.end_lineno - f.lineno + 1 > 25] == []


def test_no_module_in_the_package_is_over_600_lines() -> None:
    """The house rule: a feature that outgrows 600 lines a file splits into modules named after its nouns."""
    long_files = {str(path.relative_to(ROOT)): length for path in (ROOT / "partnerhub").rglob("*.py")
                  if (length := len(path.read_text(encoding="utf-8").splitlines())) > 600}
    assert long_files == {}
