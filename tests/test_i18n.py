"""The English catalogue is complete and in step with the source, so no English page shows Danish."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _catalogue(project_root: Path):
    with open(project_root / "partnerhub/translations/en/LC_MESSAGES/messages.po", "rb") as handle:
        return read_po(handle)


def _forms(text: str | tuple[str, ...]) -> tuple[str, ...]:
    """A message's forms: one, or the singular and plural of an ngettext message."""
    return (text,) if isinstance(text, str) else tuple(text)


def test_every_message_has_an_english_translation_with_the_same_placeholders(project_root: Path) -> None:
    catalogue = _catalogue(project_root)
    missing = [m.id for m in catalogue if m.id and not all(_forms(m.string))]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert missing == [] and fuzzy == []
    mismatched = [
        m.id for m in catalogue if m.id
        for source, english in zip(_forms(m.id), _forms(m.string), strict=True)
        if set(PLACEHOLDER.findall(source)) != set(PLACEHOLDER.findall(english))
    ]
    assert mismatched == []


def test_catalogue_holds_every_string_in_the_source(project_root: Path, tmp_path: Path) -> None:
    pot = tmp_path / "messages.pot"
    subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l",
         "-k", "lazy_gettext", "-o", str(pot), "partnerhub", "templates"],
        cwd=project_root, check=True, capture_output=True,
    )
    with open(pot, "rb") as handle:
        source_ids = {m.id for m in read_po(handle) if m.id}
    catalogue_ids = {m.id for m in _catalogue(project_root) if m.id}
    assert source_ids - catalogue_ids == set(), "Run `make i18n-extract` and translate the new strings"
