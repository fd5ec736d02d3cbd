"""Validators and filters shared by several features' forms."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from flask import current_app, render_template, request
from flask_wtf import FlaskForm
from wtforms import Field, Form, IntegerField, SelectChoice, SelectMultipleField, StringField, widgets
from wtforms.validators import ValidationError

from partnerhub.form_messages import wtforms_translations
from partnerhub.i18n import gettext as _
from partnerhub.i18n import lazy_gettext as _l

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


class LocalisedForm(FlaskForm):
    """Every form's base: WTForms' own messages (a field too long, a choice not offered, an expired CSRF token) come
    in the page's language, Danish too, which WTForms has no catalogue for (see partnerhub/form_messages.py)."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form: Any) -> Any:
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return wtforms_translations()


def refuse_nul_bytes() -> tuple[str, int] | None:
    """Answers 400 before any view runs if the URL, query string or a form field holds a NUL byte.

    Refused rather than stripped: nobody types a NUL, it comes from a probe or pasted binary, and silently changing
    what was sent hides that. One request-level check covers every form, filter and CLI-free route at once, where a
    filter per field would be forgotten on the next form; and PostgreSQL cannot store NUL in text (a 500 otherwise).
    """
    pairs = [*request.args.items(multi=True), *request.form.items(multi=True)]
    if "\x00" not in request.path and not any("\x00" in key + value for key, value in pairs):
        return None
    return render_template(
        "errors/error.html", code=400, title=_("Teksten indeholder et ugyldigt tegn"),
        message=_("Der var et usynligt kontroltegn (NUL) i det, du sendte. Det kan ske, når tekst kopieres fra "
                  "et andet program. Gå tilbage, skriv teksten igen og send den på ny."),
    ), 400


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


# WTForms' own messages are English; every validator without words of its own uses these.
PICK_ONE = _l("Vælg en af mulighederne.")
NUMBER_BETWEEN = _l("Skriv et tal mellem %(min)s og %(max)s.")
WRITE_A_NUMBER = _l("Skriv et tal.")


class EmptyForm(LocalisedForm):
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


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes, which work better on a phone than a multi-select list."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


WEEKDAYS = (
    (1, _l("Mandag")), (2, _l("Tirsdag")), (3, _l("Onsdag")), (4, _l("Torsdag")), (5, _l("Fredag")),
    (6, _l("Lørdag")), (7, _l("Søndag")),
)
WEEKDAY_SHORT = {1: _l("man"), 2: _l("tir"), 3: _l("ons"), 4: _l("tor"), 5: _l("fre"), 6: _l("lør"), 7: _l("søn")}
# A weekday inside a sentence ("Fra mandag 04.01.2027 …"): lower case in Danish, capitalised in English.
WEEKDAY_IN_SENTENCE = {1: _l("mandag"), 2: _l("tirsdag"), 3: _l("onsdag"), 4: _l("torsdag"), 5: _l("fredag"),
                       6: _l("lørdag"), 7: _l("søndag")}


def weekdays_to_text(days: list[int] | None) -> str:
    """Stores ISO weekdays (1 = Monday) as '1,2,3', the same on SQLite and PostgreSQL."""
    return ",".join(str(d) for d in sorted(set(days or [])))


def weekdays_from_text(text: str | None) -> list[int]:
    return [int(d) for d in (text or "").split(",") if d.strip().isdigit()]


def weekday_label(text: str | None) -> str:
    return ", ".join(str(WEEKDAY_SHORT[d]) for d in weekdays_from_text(text) if d in WEEKDAY_SHORT)


def parse_date(text: str) -> date | None:
    """Accepts 2026-03-02 (what a date picker sends) and 02.03.2026 / 2/3-2026 (what people type)."""
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y", "%d/%m-%Y"):
        try:
            return datetime.strptime(text, pattern).date()  # a calendar date, no time zone
        except ValueError:
            continue
    return None


class DateTextField(StringField):
    """A date picker on phones that also accepts typed Danish dates, with our own message and the typed text kept."""

    widget = widgets.DateInput()

    def __init__(self, *args: Any, invalid_message: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message or _l("Skriv datoen som dd.mm.åååå, fx 02.03.2026.")

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        self.data = parse_date(str(valuelist[0]))
        if self.data is None:
            raise ValueError(self.invalid_message)

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return self.data.isoformat() if isinstance(self.data, date) else ""


TIME_OF_DAY = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def validate_time(form: Form, field: Field) -> None:
    """A clock time as tt:mm (08:00), the one format hours are stored in."""
    if not field.data or not TIME_OF_DAY.match(field.data):
        raise ValidationError(_l("Skriv et klokkeslæt som tt:mm, fx 08:00."))


def choices(pairs: Sequence[tuple[object, object]]) -> list[SelectChoice]:
    """WTForms 3.3 wants SelectChoice objects; pairs are easier to write."""
    return [SelectChoice(value, label) for value, label in pairs]


_T = TypeVar("_T")


def required(value: _T | None) -> _T:
    """A field's data once a validator that refuses an empty value (InputRequired, NumberRange) has passed."""
    if value is None:
        raise ValueError("a field that must be filled in was empty after validation")
    return value


def known_values(field: Field) -> set[str]:
    return {str(choice.value) for choice in field.choices if str(choice.value) != ""}


def page_number(parameter: str = "side") -> int:
    """The page of a list asked for in `?side=` (the audit log's older links say `?page=`): 1 when missing, not a
    number or below 1, and bounded so a silly number cannot make a silly database offset (or overflow an integer)."""
    return min(max(request.args.get(parameter, 1, type=int), 1), 100_000)
