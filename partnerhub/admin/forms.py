"""Forms for admins creating staff, admin and management accounts."""

from __future__ import annotations

from wtforms import EmailField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, ValidationError

from partnerhub.accounts.service import email_taken
from partnerhub.forms import PICK_ONE, LocalisedForm, strip_text
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.permissions import Role


class CreateStaffUserForm(LocalisedForm):
    name = StringField(
        _l("Navn"), filters=[strip_text], validators=[DataRequired(_l("Skriv navnet.")), Length(max=120)]
    )
    email = EmailField(
        _l("E-mail"), filters=[strip_text],
        validators=[DataRequired(_l("Skriv e-mailen.")), Email(_l("Det ligner ikke en e-mailadresse – tjek den.")),
                    Length(max=254)],
    )
    role = SelectField(
        _l("Rolle"),
        choices=[SelectChoice(Role.STAFF.value, Role.STAFF.lazy_label),
                 SelectChoice(Role.ADMIN.value, Role.ADMIN.lazy_label),
                 SelectChoice(Role.MANAGEMENT.value, Role.MANAGEMENT.lazy_label)],
        description=_l("Ledelse ser kun resultater i tal – aldrig navne eller andre oplysninger om en person."),
        validators=[DataRequired(PICK_ONE)],
    )

    def validate_email(self, field: EmailField) -> None:
        if field.data and email_taken(field.data):
            raise ValidationError(_l("Der findes allerede en bruger med den e-mail."))
