"""The last employer (the young person's or staff's form) and a staff flag on a company, set and lifted."""

from __future__ import annotations

from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from partnerhub.forms import DateTextField, LocalisedForm, choices, known_values, strip_text
from partnerhub.i18n import lazy_gettext as _l


class LastEmployerForm(LocalisedForm):
    company = SelectField(_l("Arbejdsgiveren i PartnerHub"), validate_choice=False,
                          description=_l("Vælg virksomheden, hvis den er med i PartnerHub. Ellers skriv navnet "
                                         "herunder."))
    employer_name = StringField(_l("Eller arbejdsgiverens navn"), filters=[strip_text],
                                validators=[Length(max=160, message=_l("Højst 160 tegn."))])
    ended_on = DateTextField(_l("Hvornår sluttede jobbet? (tom: jobbet er ikke slut)"), validators=[Optional()])

    def setup(self, company_choices: list[tuple[str, str]]) -> None:
        self.company.choices = choices([("", _l("Ikke i PartnerHub"))] + company_choices)

    def validate_company(self, field: SelectField) -> None:
        if field.data and field.data not in known_values(field):
            raise ValidationError(_l("Vælg en virksomhed fra listen."))

    def validate_employer_name(self, field: StringField) -> None:
        if not field.data and not self.company.data:
            raise ValidationError(_l("Vælg virksomheden, eller skriv arbejdsgiverens navn."))


class FlagForm(LocalisedForm):
    reason = TextAreaField(_l("Hvorfor markeres virksomheden?"), filters=[strip_text],
                           description=_l("Fx en arbejdskonflikt eller misbrug af praktikanter. Kun Ungeenhedens "
                                          "medarbejdere ser begrundelsen."),
                           validators=[DataRequired(message=_l("Skriv hvorfor virksomheden markeres.")),
                                       Length(max=2000, message=_l("Højst %(max)d tegn.", max=2000))])


class LiftForm(LocalisedForm):
    note = TextAreaField(_l("Hvorfor ophæves markeringen?"), filters=[strip_text],
                         validators=[DataRequired(message=_l("Skriv hvorfor markeringen ophæves.")),
                                     Length(max=2000, message=_l("Højst %(max)d tegn.", max=2000))])
