"""The templates' `decimal` filter writes every number exactly as Babel's format_decimal does (partnerhub/main/
context.py does the common patterns itself, with the language's symbols looked up once)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import pytest
from babel.numbers import format_decimal
from flask import Flask
from flask_babel import force_locale
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerhub import create_app
from partnerhub.config import TestConfig
from partnerhub.main.context import decimal
from tests.conftest import QUICK_FUZZ

NUMBERS = st.one_of(
    st.floats(), st.integers(min_value=-10**30, max_value=10**30),
    st.decimals(allow_nan=True, allow_infinity=True, places=None),
    st.sampled_from([0.0, -0.0, 0.005, 0.015, 0.125, 2.675, 1.005, -0.004, 0.0491, 999.995, 1234567.891, 1e-7, 1e22]),
)


@pytest.fixture(scope="module")
def page_app() -> Flask:
    """The filter reads only the request's language, never the database: one app for the module, not one run per
    backend (the comparison costs ~13 CPU-s a backend, 2 % of the suite, and would test nothing more on PostgreSQL)."""
    return create_app(TestConfig, SQLALCHEMY_DATABASE_URI="sqlite://")


@settings(max_examples=200 if QUICK_FUZZ else 3000, deadline=None, suppress_health_check=list(HealthCheck))
@given(value=NUMBERS, digits=st.integers(min_value=0, max_value=7), language=st.sampled_from(["da", "en"]))
def test_the_filter_writes_numbers_as_babel_does(page_app: Flask, value: float | Decimal, digits: int,
                                                 language: str) -> None:
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    try:
        expected: str | type[Exception] = format_decimal(value, format=pattern, locale=language)
    except InvalidOperation:  # more digits than the decimal context holds: the filter fails as babel does
        expected = InvalidOperation
    with page_app.test_request_context(), force_locale(language):
        if expected is InvalidOperation:
            with pytest.raises(InvalidOperation):
                decimal(value, digits)
        else:
            assert decimal(value, digits) == expected


def test_the_filter_marks_decimals_and_groups_in_the_page_language(app) -> None:
    with app.test_request_context():
        assert (decimal(1234.5), decimal(0.825, 1), decimal(-3, 0), decimal(None)) == ("1.234,50", "0,8", "-3", "–")
        with force_locale("en"):
            assert (decimal(1234.5), decimal(0.825, 1)) == ("1,234.50", "0.8")
