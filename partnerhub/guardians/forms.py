"""The guardian's details on the young person's forms, and the guardian's own answer and withdrawal."""

from __future__ import annotations

import re

from wtforms import EmailField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Email, Length, ValidationError

from partnerhub.forms import LocalisedForm, choices, strip_text
from partnerhub.guardians.service import is_minor
from partnerhub.i18n import lazy_gettext as _l

MONTHS = (_l("januar"), _l("februar"), _l("marts"), _l("april"), _l("maj"), _l("juni"), _l("juli"), _l("august"),
          _l("september"), _l("oktober"), _l("november"), _l("december"))
_PHONE = re.compile(r"\+?[\d ]{8,16}")


def birth_month_field(label: object = None) -> SelectField:
    """Month and year are enough to know the age on each day of a plan; PartnerHub never asks for a CPR number."""
    return SelectField(label or _l("Fødselsmåned"), validate_choice=False,
                       description=_l("Måned og år er nok. Vi spørger aldrig om CPR-nummer."),
                       choices=choices([("", _l("Vælg måned …"))] + [(str(i), m) for i, m in enumerate(MONTHS, 1)]))


def birth_month_value(form: LocalisedForm) -> int | None:
    value = form.birth_month.data
    return int(value) if value and str(value).isdigit() and 1 <= int(value) <= 12 else None


class GuardianMixin:
    """Name, e-mail and phone of the guardian, needed when the young person is under 18 (from birth month/year)."""

    birth_year: object
    birth_month: SelectField
    guardian_name = StringField(
        _l("Forælder eller værges navn"),
        description=_l("Kun hvis du er under 18. Din forælder eller værge skal sige ja, før en praktik kan starte."),
        filters=[strip_text], validators=[Length(max=120)])
    guardian_email = EmailField(_l("Forælder eller værges e-mail"), filters=[strip_text],
                                validators=[Length(max=254)])
    guardian_phone = StringField(_l("Forælder eller værges telefon"), filters=[strip_text],
                                 validators=[Length(max=20)])

    def validate_birth_month(self, field: SelectField) -> None:
        if field.data and not (str(field.data).isdigit() and 1 <= int(field.data) <= 12):
            raise ValidationError(_l("Vælg en måned fra listen."))

    def _needs_guardian(self) -> bool:
        year = getattr(self.birth_year, "data", None)
        return isinstance(year, int) and is_minor(year, birth_month_value(self))  # type: ignore[arg-type]

    def validate_guardian_name(self, field: StringField) -> None:
        if not field.data and (self._needs_guardian() or self.guardian_email.data or self.guardian_phone.data):
            raise ValidationError(_l("Under 18 år: skriv navnet på din forælder eller værge."))

    def validate_guardian_email(self, field: EmailField) -> None:
        if not field.data and (self._needs_guardian() or self.guardian_name.data or self.guardian_phone.data):
            raise ValidationError(_l("Under 18 år: skriv e-mailen på din forælder eller værge. Linket til at sige "
                                     "ja sendes dertil."))
        if field.data:
            Email(_l("Det ligner ikke en e-mailadresse – tjek den."))(self, field)

    def validate_guardian_phone(self, field: StringField) -> None:
        if not field.data and (self._needs_guardian() or self.guardian_name.data or self.guardian_email.data):
            raise ValidationError(_l("Under 18 år: skriv telefonnummeret på din forælder eller værge."))
        if field.data and not _PHONE.fullmatch(field.data):
            raise ValidationError(_l("Skriv telefonnummeret med 8 cifre, fx 75 12 34 56."))


class ConsentForm(LocalisedForm):
    answer = RadioField(_l("Dit svar"), choices=choices([("yes", _l("Ja, jeg giver samtykke til praktikken")),
                                                         ("no", _l("Nej, jeg siger nej til praktikken"))]),
                        validate_choice=False)
    reason = TextAreaField(_l("Hvorfor siger du nej?"), description=_l("Skal udfyldes, hvis du siger nej."),
                           filters=[strip_text], validators=[Length(max=1000)])

    def validate_answer(self, field: RadioField) -> None:
        if field.data not in ("yes", "no"):
            raise ValidationError(_l("Vælg ja eller nej."))

    def validate_reason(self, field: TextAreaField) -> None:
        if self.answer.data == "no" and not field.data:
            raise ValidationError(_l("Skriv kort, hvorfor du siger nej, så Ungeenheden kan tale med jer om det."))


class WithdrawForm(LocalisedForm):
    reason = TextAreaField(_l("Hvorfor trækker du samtykket tilbage?"), filters=[strip_text],
                           validators=[Length(max=1000)])

    def validate_reason(self, field: TextAreaField) -> None:
        if not field.data:
            raise ValidationError(_l("Skriv kort, hvorfor du trækker samtykket tilbage."))
