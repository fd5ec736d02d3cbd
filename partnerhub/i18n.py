"""Language choice: Danish unless the person has chosen English."""

from __future__ import annotations

from flask import current_app, has_request_context, session
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
