"""PartnerHub never stores a CPR number: a last check on every text value before it reaches the database."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import String, Text, event
from sqlalchemy.orm import Session

CPR_PATTERN = re.compile(r"(?<!\d)(\d{2})(\d{2})(\d{2})[- ]?(\d{4})(?!\d)")
# Hashes, tokens and generated file names can hold ten digits by chance; people never type them.
EXEMPT_COLUMNS = {"password_hash", "token_hash"}
MACHINE_TOKEN = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9_.:$/+=-]{24,}$")


class CprNumberRefused(ValueError):
    """Raised instead of storing something that looks like a CPR number."""


def looks_like_cpr(text: str) -> bool:
    """Ten digits (optionally DDMMYY-XXXX) whose first six are a real date."""
    for day, month, year, _serial in CPR_PATTERN.findall(text):
        try:
            date(2000 + int(year), int(month), int(day))
        except ValueError:
            continue
        return True
    return False


def register_listeners() -> None:
    """Called by create_app; idempotent, since the check is on every ORM session and tests build many apps."""
    if not event.contains(Session, "before_flush", _refuse_cpr_numbers):
        event.listen(Session, "before_flush", _refuse_cpr_numbers)


def _refuse_cpr_numbers(session: Session, flush_context: object, instances: object) -> None:
    """The last line of defence: any text column about to be written that holds a CPR-shaped value is refused."""
    for obj in list(session.new) + list(session.dirty):
        mapper = getattr(obj, "__mapper__", None)
        if mapper is None:
            continue
        for column in mapper.columns:
            if column.key in EXEMPT_COLUMNS or not isinstance(column.type, String | Text):
                continue
            value = getattr(obj, column.key, None)
            if isinstance(value, str) and not MACHINE_TOKEN.match(value) and looks_like_cpr(value):
                raise CprNumberRefused(f"{mapper.class_.__name__}.{column.key}")
