"""Validators and filters shared by several features' forms."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, Form, IntegerField
from wtforms.validators import ValidationError

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def strip_text(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def is_valid_cvr(value: str) -> bool:
    """CVR numbers are 8 digits whose weighted sum (2,7,6,5,4,3,2,1) is divisible by 11."""
    if len(value) != 8 or not value.isdigit() or value[0] == "0":
        return False
    return sum(int(d) * w for d, w in zip(value, CVR_WEIGHTS, strict=True)) % 11 == 0


def normalise_cvr(value: Any) -> Any:
    """Accepts '12 34 56 78' and 'DK12345678' as people write them."""
    if not isinstance(value, str):
        return value
    cleaned = value.replace(" ", "").replace("-", "").upper()
    return cleaned[2:] if cleaned.startswith("DK") else cleaned


def validate_cvr(form: Form, field: Field) -> None:
    if not field.data:
        return
    if not (len(field.data) == 8 and field.data.isdigit()):
        raise ValidationError(_l("Et CVR-nummer er 8 cifre, fx 12345674."))
    if not is_valid_cvr(field.data):
        raise ValidationError(_l("CVR-nummeret findes ikke – tjek cifrene (kontrolcifferet passer ikke)."))


class EmptyForm(FlaskForm):
    """A button that changes something: it carries only the CSRF token."""


class WholeNumberField(IntegerField):
    """An integer field whose "not a number" message is ours, in the user's language and about this field."""

    def __init__(self, *args: Any, invalid_message: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message or _l("Skriv et helt tal, fx 3.")

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or valuelist[0] in ("", None):
            self.data = None
            return
        try:
            self.data = int(str(valuelist[0]).strip())
        except ValueError as error:
            self.data = None
            raise ValueError(self.invalid_message) from error
