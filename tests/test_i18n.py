"""The English catalogue is complete and in step with the source, so no English page shows Danish."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po
from flask import render_template_string

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _catalogue(project_root: Path):
    with open(project_root / "partnerhub/translations/en/LC_MESSAGES/messages.po", "rb") as handle:
        return read_po(handle)


def test_every_message_has_an_english_translation_with_the_same_placeholders(project_root: Path) -> None:
    catalogue = _catalogue(project_root)
    missing = [m.id for m in catalogue if m.id and not all(m.string if isinstance(m.string, tuple) else (m.string,))]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert missing == [] and fuzzy == []
    mismatched = [
        m.id for m in catalogue if m.id and _placeholders(m.id) != _placeholders(m.string)
    ]
    assert mismatched == []


def _placeholders(text: str | tuple[str, ...]) -> set[str]:
    """A plural message (ngettext) is a tuple of forms; every form counts."""
    forms = text if isinstance(text, tuple) else (text,)
    return {name for form in forms for name in PLACEHOLDER.findall(form)}


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


def test_a_forced_or_changed_language_is_never_served_the_catalogue_remembered_for_the_request(app) -> None:
    """partnerhub.i18n remembers the request's catalogue; a mail in the reader's language (force_locale) and a
    language switch inside the request (refresh) must still get their own."""
    import flask_babel
    from flask import session

    from partnerhub.i18n import get_locale, gettext, ngettext

    with app.test_request_context("/"):
        assert gettext("Log ind") == "Log ind"
        assert ngettext("%(num)d plads", "%(num)d pladser", 2) == "2 pladser"
        with flask_babel.force_locale("en"):
            assert gettext("Log ind") == "Log in"
            assert ngettext("%(num)d plads", "%(num)d pladser", 2) == "2 places"
            assert str(get_locale()) == "en"
        assert gettext("Log ind") == "Log ind"
        assert str(get_locale()) == "da"
        session["lang"] = "en"
        flask_babel.refresh()
        assert gettext("Log ind") == "Log in"
        assert render_template_string("{{ _('Log ind') }} {{ ngettext('%(num)d plads', '%(num)d pladser', 1) }}") \
            == "Log in 1 place"
