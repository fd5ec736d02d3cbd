"""Language choice (Danish unless the person has chosen English), and translating with the chosen language."""

from __future__ import annotations

from types import SimpleNamespace

import flask_babel
from babel import Locale
from babel.support import NullTranslations
from flask import Flask, current_app, has_request_context, session
from flask.globals import _cv_app
from flask_babel import LazyString
from flask_login import current_user


def select_locale() -> str:
    """An explicit choice wins; the browser's language does not, because the municipality's language is Danish."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI and background jobs speak the municipality's language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = str(session.get("lang", ""))
    return chosen if chosen in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


# ---- translating, with the request's catalogue looked up once ---------------------------------------------------
# Flask-Babel finds the catalogue anew for every string: three lookups through `g`'s proxy, the locale, and the
# locale turned into its identifier for the cache key, about 10 µs each time. A staff list page translates 250-odd
# strings (labels, column heads, one sentence per row), so that was 2.5-4 ms of its CPU. These functions keep the
# catalogue on Flask-Babel's own per-request state, next to the locale it belongs to, and ask Flask-Babel again
# whenever that locale is no longer the same object: `force_locale` (mails in the reader's language) and `refresh`
# replace or remove it, so a forced or changed language is never served the old catalogue.

def _babel_state() -> SimpleNamespace | None:
    """Flask-Babel's per-request state (it keeps it on `g` as `_flask_babel`), or None outside an app context."""
    app_context = _cv_app.get(None)
    return None if app_context is None else app_context.g.__dict__.get("_flask_babel")


def translations() -> NullTranslations:
    """The catalogue of the current language: Flask-Babel's, remembered for the rest of the request."""
    state = _babel_state()
    if state is not None:
        remembered = state.__dict__.get("partnerhub_translations")
        if remembered is not None and remembered[0] is state.__dict__.get("babel_locale"):
            return remembered[1]
    found = flask_babel.get_translations()
    state = _babel_state()
    if state is not None:  # Flask-Babel has now made it, with the request's locale on it
        state.partnerhub_translations = (state.__dict__.get("babel_locale"), found)
    return found


def get_locale() -> Locale | None:
    """The current language as Flask-Babel chose it for this request (or forced it)."""
    state = _babel_state()
    locale = None if state is None else state.__dict__.get("babel_locale")
    return locale if locale is not None else flask_babel.get_locale()


def gettext(string: str, **variables: object) -> str:
    """Flask-Babel's `gettext`, with the catalogue looked up once per request."""
    translated = translations().gettext(string)
    return translated % variables if variables else translated


def ngettext(singular: str, plural: str, num: int, **variables: object) -> str:
    """Flask-Babel's `ngettext` (the count is also `%(num)d`), with the catalogue looked up once per request."""
    variables.setdefault("num", num)
    return translations().ngettext(singular, plural, num) % variables


def lazy_gettext(string: str, **variables: object) -> LazyString:
    """A string translated when it is shown (labels and choices made at import time)."""
    return LazyString(gettext, string, **variables)


def init_app(app: Flask) -> None:
    """Templates translate through the functions above; called after Flask-Babel's own set-up, which it replaces."""
    # install_gettext_callables is added by the i18n extension, which Flask-Babel has loaded
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda string: translations().gettext(string),
        ngettext=lambda singular, plural, num: translations().ngettext(singular, plural, num),
        newstyle=True)
