"""What every template may use: the current language, roles and navigation."""

from __future__ import annotations

from flask import Flask
from flask_babel import get_locale

from partnerhub.permissions import Role


def register(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")

    @app.context_processor
    def inject() -> dict:
        return {"current_locale": str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"]), "Role": Role}
