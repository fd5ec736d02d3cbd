"""The dashboard's filters (GET, validated so a bad date is explained), the cost-figure edit and commitments."""

from __future__ import annotations

from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from partnerhub.forms import NUMBER_BETWEEN, DateTextField, LocalisedForm, WholeNumberField, choices, strip_text
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.reporting.models import CommitmentKind
from partnerhub.reporting.services.common import DIMENSIONS
from partnerhub.youth.models import Readiness


class DashboardFilterForm(LocalisedForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    date_from = DateTextField(_l("Fra dato"), validators=[Optional()])
    date_to = DateTextField(_l("Til og med dato"), validators=[Optional()])
    trade_area = SelectField(_l("Fagområde"), validators=[Optional()], validate_choice=True)
    town = SelectField(_l("By"), validators=[Optional()], validate_choice=True)
    readiness = SelectField(_l("Parathedskategori"), validators=[Optional()], choices=choices(
        [("", _l("Alle")), *Readiness.choices(),
         ("none", _l("Ikke vurderet"))]))
    round = SelectField(_l("Planlægningsrunde"), validators=[Optional()], validate_choice=True)
    breakdown = SelectField(_l("Opdel efter"), validators=[Optional()], choices=choices(list(DIMENSIONS.items())))

    def validate_date_to(self, field: DateTextField) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("Til-datoen skal ligge efter fra-datoen."))


class CostFigureForm(LocalisedForm):
    value_low = StringField(_l("Lav værdi"), filters=[strip_text], validators=[Optional(), Length(max=30)],
                            description=_l("Et tal uden tusindtalsskilletegn, fx 7000000."))
    value_high = StringField(_l("Høj værdi"), filters=[strip_text], validators=[Optional(), Length(max=30)],
                             description=_l("Samme som den lave værdi, hvis tallet ikke er et spænd."))
    data_year = StringField(_l("År for data eller priser"), filters=[strip_text],
                            validators=[Optional(), Length(max=80)])
    confidence = SelectField(_l("Sikkerhed"), choices=choices(
        [("high", _l("høj")), ("medium", _l("middel")), ("low", _l("lav")), ("n/a", _l("ikke fundet"))]))
    caveat = TextAreaField(_l("Forbehold"), filters=[strip_text], validators=[Optional(), Length(max=2000)])
    reason = TextAreaField(_l("Hvorfor ændres tallet?"), filters=[strip_text],
                           validators=[DataRequired(_l("Skriv hvorfor – det står i historikken.")),
                                       Length(max=1000)])

    def _number(self, field: StringField) -> float | None:
        if not field.data:
            return None
        try:
            return float(field.data.replace(",", "."))
        except ValueError as error:
            raise ValidationError(_l("Skriv et tal, fx 7000000.")) from error

    def validate_value_low(self, field: StringField) -> None:
        self._number(field)

    def validate_value_high(self, field: StringField) -> None:
        high = self._number(field)
        try:
            low = self._number(self.value_low)
        except ValidationError:
            return
        if (low is None) != (high is None):
            raise ValidationError(_l("Udfyld både lav og høj værdi, eller ingen af dem."))
        if low is not None and high is not None and high < low:
            raise ValidationError(_l("Den høje værdi må ikke være mindre end den lave."))

    def values(self) -> dict[str, object]:
        return {"value_low": self._number(self.value_low), "value_high": self._number(self.value_high),
                "data_year": self.data_year.data or None, "confidence": self.confidence.data,
                "caveat": self.caveat.data or None}


class ScenarioForm(LocalisedForm):
    class Meta:
        csrf = False  # a GET calculation changes nothing

    people = WholeNumberField(_l("Hvor mange flere unge kommer i uddannelse?"),
                              validators=[Optional(), NumberRange(min=0, max=100000, message=NUMBER_BETWEEN)])


class CommitmentForm(LocalisedForm):
    year = WholeNumberField(_l("År"), validators=[InputRequired(_l("Skriv året.")),
                                                  NumberRange(min=2000, max=2100, message=NUMBER_BETWEEN)])
    kind = SelectField(_l("Forpligtelse"),
                       choices=choices(CommitmentKind.choices()))
    target = WholeNumberField(_l("Antal pr. år"), validators=[InputRequired(_l("Skriv et antal.")),
                                                             NumberRange(min=1, max=100000, message=NUMBER_BETWEEN)])
    achieved = WholeNumberField(_l("Opfyldt indtil nu"), validators=[Optional(),
                                                                        NumberRange(min=0, max=100000,
                                                                                    message=NUMBER_BETWEEN)],
                                description=_l("Kun for fleksjob og lønnede timer; praktikpladser tælles selv."))
