"""Forms for staff creating a young person."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from partnerhub.accounts.forms import validate_youth_birth_year
from partnerhub.accounts.service import email_taken
from partnerhub.forms import WholeNumberField, strip_text


class StaffCreateYouthForm(FlaskForm):
    first_name = StringField(_l("Fornavn"), filters=[strip_text],
                             validators=[DataRequired(_l("Skriv fornavnet.")), Length(max=60)])
    last_name = StringField(_l("Efternavn (kan udelades)"), filters=[strip_text], validators=[Length(max=80)])
    birth_year = WholeNumberField(_l("Fødselsår"), invalid_message=_l("Skriv fødselsåret som et tal, fx 2006."),
                                  validators=[Optional()])
    email = EmailField(
        _l("Den unges e-mail"),
        description=_l("Invitationen sendes hertil. Linket virker én gang og udløber efter 14 dage."),
        filters=[strip_text],
        validators=[DataRequired(_l("Skriv den unges e-mail.")),
                    Email(_l("Det ligner ikke en e-mailadresse – tjek den.")), Length(max=254)],
    )

    def validate_birth_year(self, field: WholeNumberField) -> None:
        validate_youth_birth_year(field.data)

    def validate_email(self, field: EmailField) -> None:
        if field.data and email_taken(field.data):
            raise ValidationError(_l("Der findes allerede en bruger med den e-mail."))
