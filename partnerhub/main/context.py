"""What every template may use: the current language, roles and navigation."""

from __future__ import annotations

from flask import Flask
from flask_babel import format_decimal

from partnerhub import form_html
from partnerhub.audit.labels import AuditAction, AuditObject, AuditOutcome
from partnerhub.i18n import get_locale
from partnerhub.labels import label_of
from partnerhub.permissions import Role
from partnerhub.schools.service import week_label
from partnerhub.youth.service import travel_meaning


def decimal(value: float | None, digits: int = 2) -> str:
    """A number with the page language's decimal mark: 0,82 on Danish pages, 0.82 on English ones."""
    if value is None:
        return "–"
    return str(format_decimal(value, format="#,##0." + "0" * digits if digits else "#,##0"))


def register(app: Flask) -> None:
    form_html.install()  # form fields' attributes, as WTForms writes them, with less CPU
    app.jinja_env.add_extension("jinja2.ext.do")
    # The audit log stores codes; these show them in words on the audit search and in a person's access log.
    app.jinja_env.filters["audit_action"] = lambda code: label_of(AuditAction, code)
    app.jinja_env.filters["audit_object"] = lambda code: label_of(AuditObject, code)
    app.jinja_env.filters["audit_outcome"] = lambda code: label_of(AuditOutcome, code)
    app.jinja_env.filters["role_label"] = lambda code: label_of(Role, code)
    # A travel limit in minutes, said in km by the young person's transport ("på cykel ca. 5 km"), or None.
    app.jinja_env.filters["travel_meaning"] = travel_meaning
    app.jinja_env.filters["decimal"] = decimal
    # A praktik week in words, the same on the school's, the pupil's, the company's and the guardian's pages.
    app.jinja_env.globals["week_label"] = week_label

    @app.context_processor
    def inject() -> dict:
        return {"current_locale": str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"]), "Role": Role}
