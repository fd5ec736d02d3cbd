"""The pages ship with the package: a wheel holds every template, and the app finds them in a checkout too."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted(str(p.relative_to(ROOT / "templates")) for p in (ROOT / "templates").rglob("*.html"))


def test_the_package_sees_the_top_level_templates_directory() -> None:
    link = ROOT / "partnerhub" / "templates"
    assert link.resolve() == (ROOT / "templates").resolve()
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"]["partnerhub"]
    assert "templates/**/*.html" in patterns
    assert len(TEMPLATES) > 50


def test_the_app_renders_from_the_package_templates(app: Flask) -> None:
    assert Path(app.root_path, app.template_folder).resolve() == (ROOT / "templates").resolve()
    assert app.jinja_env.get_template("base.html") is not None


def test_a_built_wheel_contains_every_template(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],  # noqa: S603
                   check=True, capture_output=True, timeout=600)
    (wheel,) = tmp_path.glob("partnerhub-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert [t for t in TEMPLATES if f"partnerhub/templates/{t}" not in names] == []
    assert "partnerhub/translations/en/LC_MESSAGES/messages.mo" in names


def test_the_readme_layout_names_every_package_and_module_and_nothing_else() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## Layout", 1)[1].split("```", 2)[1]
    here = {p.name + "/" for p in (ROOT / "partnerhub").iterdir() if p.is_dir() and not p.is_symlink()
            and p.name != "__pycache__"} | {p.name for p in (ROOT / "partnerhub").glob("*.py")}
    words = set(layout.split())
    assert here - words == set()
    named = {w for w in words if w.endswith("/") and "/" not in w[:-1]} - {"partnerhub/", "templates/", "migrations/",
                                                                           "bench/", "docs/", "tests/"}
    assert named - here == set()
