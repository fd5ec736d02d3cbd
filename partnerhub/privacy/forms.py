"""Forms for erasure and the retention settings."""

from __future__ import annotations

from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length, NumberRange

from partnerhub.forms import LocalisedForm, WholeNumberField, strip_text
from partnerhub.i18n import lazy_gettext as _l


class AnonymiseForm(LocalisedForm):
    reason = StringField(_l("Begrundelse"), description=_l("Fx: den unge har bedt om sletning."),
                         filters=[strip_text],
                         validators=[DataRequired(_l("Skriv en begrundelse.")), Length(max=200)])
    confirm = BooleanField(_l("Jeg forstår, at navn, kontaktoplysninger og fritekst slettes for altid"),
                           validators=[DataRequired(_l("Sæt flueben for at bekræfte."))])


class RetentionSettingsForm(LocalisedForm):
    youth_inactive_days = WholeNumberField(
        _l("Anonymisér unge, der har været inaktive i (dage)"),
        invalid_message=_l("Skriv antal dage som et helt tal."),
        validators=[NumberRange(min=90, max=3650, message=_l("Vælg mellem 90 og 3650 dage."))],
    )
    audit_retention_days = WholeNumberField(
        _l("Slet hændelser i audit-loggen efter (dage)"),
        invalid_message=_l("Skriv antal dage som et helt tal."),
        validators=[NumberRange(min=365, max=3650, message=_l("Vælg mellem 365 og 3650 dage."))],
    )
