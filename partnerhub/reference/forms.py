"""Admin forms for the reference data."""

from __future__ import annotations

from wtforms import SelectField, StringField, TextAreaField, URLField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from partnerhub.forms import LocalisedForm, strip_text
from partnerhub.i18n import lazy_gettext as _l


class TradeAreaForm(LocalisedForm):
    name_da = StringField(_l("Navn på dansk"), filters=[strip_text],
                          validators=[DataRequired(_l("Skriv navnet på dansk.")), Length(max=120)])
    name_en = StringField(_l("Navn på engelsk"), filters=[strip_text],
                          validators=[DataRequired(_l("Skriv navnet på engelsk.")), Length(max=120)])
    main_area_code = SelectField(_l("Hovedområde (EUD)"), validators=[DataRequired(_l("Vælg et hovedområde."))])


class NetworkForm(LocalisedForm):
    name = StringField(_l("Navn"), filters=[strip_text],
                       validators=[DataRequired(_l("Skriv netværkets navn.")), Length(max=120)])
    description = TextAreaField(_l("Beskrivelse"), filters=[strip_text], validators=[Length(max=2000)])
    source_url = URLField(_l("Kilde (link)"), filters=[strip_text], validators=[Optional(), Length(max=300)])

    def validate_source_url(self, field: URLField) -> None:
        if field.data and not field.data.startswith(("https://", "http://")):
            raise ValidationError(_l("Et link starter med https://"))


class RuleForm(LocalisedForm):
    value = StringField(_l("Værdi"), filters=[strip_text],
                        validators=[DataRequired(_l("Skriv en værdi.")), Length(max=120)])
