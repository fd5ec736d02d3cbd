"""The admin's audit search: every filter optional, all validated so a bad date is explained, not a 500."""

from __future__ import annotations

from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from partnerhub.audit.labels import AuditAction
from partnerhub.forms import DateTextField, LocalisedForm, choices, known_values, strip_text
from partnerhub.i18n import lazy_gettext as _l


class AuditSearchForm(LocalisedForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    # The actions in words: an admin picks "Sagsoplysninger set", never types a code such as youth_notes_viewed.
    action = SelectField(_l("Handling"), validate_choice=False, validators=[Optional()],
                         choices=choices([("", _l("Alle"))] + AuditAction.choices()))
    actor = StringField(_l("Hvem (e-mail)"), filters=[strip_text], validators=[Optional(), Length(max=254)])
    subject = StringField(_l("Hvis data (e-mail)"), filters=[strip_text], validators=[Optional(), Length(max=254)])
    outcome = SelectField(_l("Udfald"), choices=choices([("", _l("Alle")), ("ok", _l("Tilladt")),
                                                         ("denied", _l("Afvist"))]), validators=[Optional()])
    date_from = DateTextField(_l("Fra dato"), validators=[Optional()])
    date_to = DateTextField(_l("Til og med dato"), validators=[Optional()])

    def validate_action(self, field: SelectField) -> None:
        if field.data and field.data not in known_values(field):
            raise ValidationError(_l("Vælg en handling fra listen."))
