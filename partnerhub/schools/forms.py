"""The schools feature's forms: schools and coordinators (staff), classes, pupils, praktik weeks, the class-list
upload, the youth-unit flag and the guardian's answer."""

from __future__ import annotations

import re

from flask_wtf.file import FileField
from wtforms import EmailField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError

from partnerhub.extensions import db
from partnerhub.forms import PICK_ONE, DateTextField, LocalisedForm, WholeNumberField, choices, strip_text
from partnerhub.guardians.forms import birth_month_field, birth_month_value
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.privacy.cpr import looks_like_cpr
from partnerhub.reference import service as reference
from partnerhub.reference.models import Town
from partnerhub.security import MAX_ID
from partnerhub.timeutil import utcnow

__all__ = ["birth_month_value"]

_PHONE = re.compile(r"\+?[\d ]{8,16}")
NOT_A_CPR = _l("Det ligner et CPR-nummer. PartnerHub gemmer aldrig CPR-numre – skriv kun fødselsmåned og -år.")
BAD_EMAIL = _l("Det ligner ikke en e-mailadresse – tjek den.")


class NoCprForm(LocalisedForm):
    """Refuses a CPR-looking value in any text field, next to that field, keeping what was typed."""

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for field in self:
            if isinstance(field.data, str) and field.type not in ("CSRFTokenField", "HiddenField") \
                    and looks_like_cpr(field.data):
                field.errors = [*list(field.errors), NOT_A_CPR]
                ok = False
        return ok


class SchoolForm(NoCprForm):
    name = StringField(_l("Skolens navn"), filters=[strip_text],
                       validators=[DataRequired(_l("Skriv skolens navn.")), Length(max=120)])
    town = SelectField(_l("By"), validate_choice=False)

    def setup(self) -> None:
        self.town.choices = choices([("", _l("Vælg by …"))] + [(str(t.id), t.name) for t in reference.towns()])

    def validate_town(self, field: SelectField) -> None:
        text = str(field.data or "")
        town = db.session.get(Town, int(text)) if text.isdigit() and int(text) <= MAX_ID else None
        if town is None:
            raise ValidationError(PICK_ONE)


class CoordinatorForm(NoCprForm):
    name = StringField(_l("Navn"), filters=[strip_text],
                       validators=[DataRequired(_l("Skriv vejlederens navn.")), Length(max=120)])
    email = EmailField(_l("E-mail"), description=_l("Invitationen sendes hertil."), filters=[strip_text],
                       validators=[DataRequired(_l("Skriv vejlederens e-mail.")), Email(BAD_EMAIL),
                                   Length(max=254)])


def _year_choices() -> list:
    this = utcnow().year
    return choices([(str(year), f"{year}/{(year + 1) % 100:02d}") for year in (this - 1, this, this + 1)])


class ClassForm(NoCprForm):
    school_year = SelectField(_l("Skoleår"), validate_choice=False)
    grade = SelectField(_l("Klassetrin"), choices=choices([(str(g), _l("%(grade)d. klasse", grade=g))
                                                           for g in (7, 8, 9, 10)]), validate_choice=False)
    name = StringField(_l("Klassens navn"), description=_l("Fx 8.A"), filters=[strip_text],
                       validators=[DataRequired(_l("Skriv klassens navn, fx 8.A.")), Length(max=20)])

    def setup(self, current_year: int) -> None:
        self.school_year.choices = _year_choices()
        if not self.school_year.data:
            self.school_year.data = str(current_year)

    def validate_school_year(self, field: SelectField) -> None:
        if str(field.data) not in {str(choice.value) for choice in _year_choices()}:
            raise ValidationError(PICK_ONE)

    def validate_grade(self, field: SelectField) -> None:
        if str(field.data) not in {"7", "8", "9", "10"}:
            raise ValidationError(PICK_ONE)


class PupilForm(NoCprForm):
    first_name = StringField(_l("Fornavn"), filters=[strip_text],
                             validators=[DataRequired(_l("Skriv elevens fornavn.")), Length(max=60)])
    last_name = StringField(_l("Efternavn"), filters=[strip_text], validators=[Length(max=80)])
    birth_month = birth_month_field()
    birth_year = WholeNumberField(_l("Fødselsår"), invalid_message=_l("Skriv fødselsåret som et tal, fx 2012."),
                                  validators=[DataRequired(_l("Skriv fødselsåret, fx 2012."))])
    school_class = SelectField(_l("Klasse"), validate_choice=False)
    email = EmailField(_l("Elevens e-mail (kan udelades)"),
                       description=_l("Bruges kun til elevens invitation til PartnerHub."),
                       filters=[strip_text], validators=[Optional(), Email(BAD_EMAIL), Length(max=254)])
    guardian_name = StringField(_l("Forælders navn"), filters=[strip_text], validators=[Length(max=120)])
    guardian_email = EmailField(_l("Forælders e-mail"),
                                description=_l("Her sender vi links, når forælderen skal sige ja."),
                                filters=[strip_text],
                                validators=[DataRequired(_l("Skriv forælderens e-mail.")), Email(BAD_EMAIL),
                                            Length(max=254)])
    guardian_phone = StringField(_l("Forælders telefon"), filters=[strip_text], validators=[Length(max=20)])
    contact_needs = TextAreaField(_l("Det skal praktikstedet vide (kan udelades)"),
                                  description=_l("Fx allergi eller hjælp, eleven har brug for. Kun det nødvendige."),
                                  filters=[strip_text], validators=[Length(max=1000)])

    def setup(self, classes: list, selected: int | None) -> None:
        self.school_class.choices = choices([(str(c.id), f"{c.name} ({c.school_year_label})") for c in classes])
        self._class_ids = {str(c.id) for c in classes}
        if not self.school_class.data and selected:
            self.school_class.data = str(selected)

    def validate_school_class(self, field: SelectField) -> None:
        if str(field.data) not in getattr(self, "_class_ids", set()):
            raise ValidationError(PICK_ONE)

    def validate_birth_year(self, field: WholeNumberField) -> None:
        year = utcnow().year
        if field.data is not None and not year - 20 <= field.data <= year - 10:
            raise ValidationError(_l("Fødselsåret skal være mellem %(first)d og %(last)d.", first=year - 20,
                                     last=year - 10))

    def validate_birth_month(self, field: SelectField) -> None:
        if field.data and not (str(field.data).isdigit() and 1 <= int(field.data) <= 12):
            raise ValidationError(_l("Vælg en måned fra listen."))

    def validate_guardian_phone(self, field: StringField) -> None:
        if field.data and not _PHONE.fullmatch(field.data):
            raise ValidationError(_l("Skriv telefonnummeret med 8 cifre, fx 75 12 34 56."))

    def values(self) -> dict:
        return {"first_name": self.first_name.data, "last_name": self.last_name.data or None,
                "birth_year": self.birth_year.data, "birth_month": birth_month_value(self),
                "email": self.email.data or None, "guardian_name": self.guardian_name.data or None,
                "guardian_email": self.guardian_email.data or None,
                "guardian_phone": self.guardian_phone.data or None,
                "contact_needs": self.contact_needs.data or None}


class PraktikWeekForm(NoCprForm):
    week = WholeNumberField(_l("Uge"), description=_l("Ugenummer, fx 10. Eller skriv mandagens dato herunder."),
                            validators=[Optional(), NumberRange(1, 53, _l("Ugenummeret skal være 1 til 53."))])
    year = WholeNumberField(_l("År"), validators=[Optional(), NumberRange(2020, 2100, _l("Skriv året, fx 2027."))])
    monday = DateTextField(_l("Eller: mandag i ugen"), validators=[Optional()])
    days = WholeNumberField(_l("Antal dage"), description=_l("1 til 5 dage."),
                            validators=[DataRequired(_l("Skriv antal dage (1 til 5).")),
                                        NumberRange(1, 5, _l("En praktikuge har 1 til 5 dage."))])

    def validate_week(self, field: WholeNumberField) -> None:
        if field.data is None and self.monday.data is None and not self.monday.errors:
            raise ValidationError(_l("Skriv ugenummer og år, eller mandagens dato."))
        if field.data is not None and self.year.data is None:
            raise ValidationError(_l("Skriv også året."))
        if field.data is not None and self.year.data is not None:
            from datetime import date

            try:
                date.fromisocalendar(self.year.data, field.data, 1)
            except ValueError as error:
                raise ValidationError(_l("Året har ikke en uge %(week)d.", week=field.data)) from error


class ClassListUploadForm(LocalisedForm):
    school_year = SelectField(_l("Skoleår"), validate_choice=False)
    file = FileField(_l("CSV-fil med klasselisten"), description=_l(
        "Semikolon eller komma som skilletegn; Excel's 'CSV (semikolonsepareret)' virker. Første linje er "
        "kolonnenavnene."))

    def setup(self, current_year: int) -> None:
        self.school_year.choices = _year_choices()
        if not self.school_year.data:
            self.school_year.data = str(current_year)

    def validate_school_year(self, field: SelectField) -> None:
        if str(field.data) not in {str(choice.value) for choice in _year_choices()}:
            raise ValidationError(PICK_ONE)


class ClassListConfirmForm(LocalisedForm):
    school_year = HiddenField()
    csv_text = HiddenField()


class ReferralForm(NoCprForm):
    reason = TextAreaField(_l("Hvorfor kunne eleven have gavn af Ungeenheden?"),
                           description=_l("Forælderen og Ungeenheden ser det, du skriver. Skriv kort og sagligt."),
                           filters=[strip_text],
                           validators=[DataRequired(_l("Skriv en kort begrundelse.")), Length(max=1000)])


class StartProfileForm(NoCprForm):
    email = EmailField(_l("Den unges e-mail"), description=_l("Invitationen til Ungeenheden sendes hertil."),
                       filters=[strip_text], validators=[DataRequired(_l("Skriv den unges e-mail.")),
                                                         Email(BAD_EMAIL), Length(max=254)])


class ReferralAnswerForm(LocalisedForm):
    answer = RadioField(_l("Dit svar"), choices=choices([
        ("yes", _l("Ja, Ungeenheden må kontakte os")), ("no", _l("Nej tak"))]), validate_choice=False)
    reason = TextAreaField(_l("Vil du sige hvorfor? (kan udelades)"), filters=[strip_text],
                           validators=[Length(max=1000)])

    def validate_answer(self, field: RadioField) -> None:
        if field.data not in ("yes", "no"):
            raise ValidationError(_l("Vælg ja eller nej."))


class ReferralWithdrawForm(LocalisedForm):
    reason = TextAreaField(_l("Hvorfor trækker du samtykket tilbage?"), filters=[strip_text],
                           validators=[DataRequired(_l("Skriv kort, hvorfor du trækker samtykket tilbage.")),
                                       Length(max=1000)])
