"""What every template may use: the current language, roles and navigation."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from babel.numbers import get_decimal_symbol, get_group_symbol, parse_pattern
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
    locale = get_locale()
    if (locale is not None and isinstance(value, int | float | Decimal) and not isinstance(value, bool)
            and 0 <= digits <= MAX_FAST_DIGITS):
        fast = _fixed_decimal(value, digits, _symbols(str(locale)))
        if fast is not None:
            return fast
    return str(format_decimal(value, format="#,##0." + "0" * digits if digits else "#,##0"))


# Babel's format_decimal costs about 20 µs a number (it parses the pattern and looks up the locale's symbols each
# time), and a proposal page shows some 50 of them. For the filter's own patterns, "#,##0" and "#,##0.00" and the
# like, the steps of babel's NumberPattern.apply are done here with the symbols looked up once per language: Decimal
# of the value's str, its sign apart, quantized to the digits (the decimal context's rounding, as babel), grouped by
# three. tests/test_decimal_filter.py compares the two on generated numbers; anything else goes to babel.
MAX_FAST_DIGITS = 6
_SYMBOLS: dict[str, tuple[str, str, str]] = {}


def _symbols(locale: str) -> tuple[str, str, str]:
    """(decimal mark, group mark, the pattern's negative prefix) of a language, looked up once per process."""
    found = _SYMBOLS.get(locale)
    if found is None:
        pattern = parse_pattern("#,##0.00")
        found = _SYMBOLS[locale] = (get_decimal_symbol(locale), get_group_symbol(locale), pattern.prefix[1])
    return found


def _fixed_decimal(value: float | Decimal, digits: int, symbols: tuple[str, str, str]) -> str | None:
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():
        return None
    negative = number.is_signed()
    try:
        rounded = abs(number).normalize().quantize(Decimal(10) ** -digits)
    except InvalidOperation:  # more digits than the decimal context holds: babel says what it says
        return None
    whole, _, fraction = f"{rounded:f}".partition(".")
    mark, group, minus = symbols
    text = f"{int(whole):,}".replace(",", group) + (mark + fraction if digits else "")
    return minus + text if negative else text


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
