"""The taster forms: a company's slot, its answer, the allocation, the school's cancel, and the after-week answers."""

from __future__ import annotations

from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from partnerhub.forms import (
    TIME_OF_DAY,
    WEEKDAYS,
    DateTextField,
    LocalisedForm,
    MultiCheckboxField,
    WholeNumberField,
    choices,
    known_values,
    required,
    strip_text,
    validate_time,
)
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.tasters.models import HostAgain
from partnerhub.tasters.services.slots import MAX_PLACES, SlotInput

MIN_AGES = range(13, 18)


class SlotForm(LocalisedForm):
    title = StringField(_l("Navn på forløbet"), filters=[strip_text], description=_l("Fx 'En uge som tømrer'."),
                        validators=[DataRequired(_l("Giv forløbet et navn.")), Length(max=120)])
    starts_on = DateTextField(_l("Første dag"), validators=[InputRequired(_l("Skriv den første dag."))])
    ends_on = DateTextField(_l("Sidste dag"), description=_l("Samme dag som den første, hvis det er én dag."),
                            validators=[InputRequired(_l("Skriv den sidste dag."))])
    weekdays = MultiCheckboxField(_l("Hvilke ugedage?"), coerce=int, validate_choice=False,
                                  choices=choices([(d, label) for d, label in WEEKDAYS[:5]]),
                                  default=[1, 2, 3, 4, 5], validators=[DataRequired(_l("Vælg mindst én ugedag."))])
    places = WholeNumberField(
        _l("Hvor mange elever kan I tage?"), invalid_message=_l("Skriv antallet som et helt tal, fx 2."),
        validators=[InputRequired(_l("Skriv hvor mange elever I kan tage.")),
                    NumberRange(min=1, max=MAX_PLACES, message=_l("Antallet skal være mellem 1 og %(max)d.",
                                                                  max=MAX_PLACES))])
    hours_from = StringField(_l("Fra kl."), filters=[strip_text], default="08:00", validators=[validate_time])
    hours_to = StringField(_l("Til kl."), filters=[strip_text], default="14:00", validators=[validate_time])
    min_age = SelectField(_l("Mindstealder"), validate_choice=False, default="14",
                          choices=choices([(str(age), _l("%(age)d år", age=age)) for age in MIN_AGES]))
    tasks = TextAreaField(_l("Hvad skal eleven lave?"), filters=[strip_text],
                          validators=[DataRequired(_l("Skriv hvad eleven skal lave.")), Length(max=2000)])
    bring = TextAreaField(_l("Hvad skal eleven have med? (kan udelades)"), filters=[strip_text],
                          validators=[Length(max=1000)])
    contact_name = StringField(_l("Kontaktperson"), filters=[strip_text],
                               validators=[DataRequired(_l("Skriv navnet på kontaktpersonen.")), Length(max=120)])
    contact_phone = StringField(_l("Kontaktpersonens telefon"), filters=[strip_text],
                                validators=[DataRequired(_l("Skriv kontaktpersonens telefonnummer.")),
                                            Length(max=20)])
    risk_assessed = BooleanField(_l("Vi har lavet en risikovurdering af arbejdet for unge under 18"))
    tasks_suit_age = BooleanField(_l("Opgaverne passer til elevens alder (lette opgaver for 13–14-årige; aldrig "
                                     "farlige maskiner, kemikalier eller tunge løft)"))
    insurance_understood = BooleanField(_l("Vi ved, at eleven er forsikret gennem Statens Erstatningsordning, når "
                                           "praktiksedlen er afleveret til skolen, og at eleven ikke får løn"))

    def validate_min_age(self, field: SelectField) -> None:
        if field.data not in known_values(field):
            raise ValidationError(_l("Vælg en alder fra listen."))

    def validate_weekdays(self, field: MultiCheckboxField) -> None:
        if any(day not in range(1, 6) for day in field.data or []):
            raise ValidationError(_l("Vælg ugedage fra listen."))

    def validate_hours_to(self, field: StringField) -> None:
        if self.hours_from.data and field.data and TIME_OF_DAY.match(field.data) and \
                TIME_OF_DAY.match(self.hours_from.data) and field.data <= self.hours_from.data:
            raise ValidationError(_l("Sluttidspunktet skal være efter starttidspunktet."))

    def to_input(self) -> SlotInput:
        return SlotInput(
            title=self.title.data, starts_on=required(self.starts_on.data), ends_on=required(self.ends_on.data),
            weekdays=list(self.weekdays.data or []), places=required(self.places.data), hours_from=self.hours_from.data,
            hours_to=self.hours_to.data, min_age=int(self.min_age.data), tasks=self.tasks.data,
            bring=self.bring.data, contact_name=self.contact_name.data, contact_phone=self.contact_phone.data,
            risk_assessed=bool(self.risk_assessed.data), tasks_suit_age=bool(self.tasks_suit_age.data),
            insurance_understood=bool(self.insurance_understood.data))


class CompanyAnswerForm(LocalisedForm):
    answer = RadioField(_l("Jeres svar"), validate_choice=False,
                        choices=choices([("yes", _l("Ja, eleven er velkommen")), ("no", _l("Nej, vi kan ikke"))]))
    reason = TextAreaField(_l("Hvorfor ikke?"), description=_l("Skal udfyldes, hvis I siger nej."),
                           filters=[strip_text], validators=[Length(max=1000)])

    def validate_answer(self, field: RadioField) -> None:
        if field.data not in ("yes", "no"):
            raise ValidationError(_l("Vælg ja eller nej."))

    def validate_reason(self, field: TextAreaField) -> None:
        if self.answer.data == "no" and not field.data:
            raise ValidationError(_l("Skriv kort, hvorfor I siger nej, så skolen kan finde en anden plads."))


class AllocationForm(LocalisedForm):
    week = SelectField(_l("Praktikuge"), validate_choice=False, validators=[DataRequired(_l("Vælg en uge."))])
    school = SelectField(_l("Skole"), validate_choice=False)
    max_travel_km = WholeNumberField(
        _l("Højst så langt fra skolen (km, kan udelades)"), invalid_message=_l("Skriv afstanden som et helt tal."),
        validators=[Optional(), NumberRange(min=1, max=100, message=_l("Afstanden skal være mellem 1 og 100 km."))])
    seed = WholeNumberField(_l("Lodtrækningens tal (kan udelades)"),
                            description=_l("Det samme tal med de samme ønsker giver den samme fordeling."),
                            invalid_message=_l("Skriv et helt tal."),
                            validators=[Optional(), NumberRange(min=0, max=2**31 - 1,
                                                                message=_l("Skriv et tal fra 0 og op."))])

    def validate_week(self, field: SelectField) -> None:
        if field.data not in known_values(field):
            raise ValidationError(_l("Vælg en uge fra listen."))

    def validate_school(self, field: SelectField) -> None:
        if field.data not in known_values(field):
            raise ValidationError(_l("Vælg en skole fra listen."))


class CancelForm(LocalisedForm):
    reason = TextAreaField(_l("Hvorfor aflyses pladsen?"), filters=[strip_text],
                           validators=[DataRequired(_l("Skriv kort, hvorfor pladsen aflyses.")), Length(max=1000)])


class HostAgainForm(LocalisedForm):
    host_again = RadioField(_l("Vil I gerne have en elev igen?"), validate_choice=False,
                            choices=choices([(h.value, h.label) for h in HostAgain]))
    certificate = TextAreaField(_l("Kort udtalelse om eleven (kan udelades)"),
                                description=_l("Eleven og skolen kan læse den."), filters=[strip_text],
                                validators=[Length(max=2000)])

    def validate_host_again(self, field: RadioField) -> None:
        if field.data not in {h.value for h in HostAgain}:
            raise ValidationError(_l("Vælg et svar."))


class ReflectionForm(LocalisedForm):
    reflection = TextAreaField(_l("Hvad lærte du, og hvad tager du med dig?"), filters=[strip_text],
                               validators=[DataRequired(_l("Skriv et par linjer om din uge.")), Length(max=2000)])
