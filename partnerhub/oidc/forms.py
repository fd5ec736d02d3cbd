"""Finishing a first provider login: link a password account, or create a new one from what the provider said."""

from __future__ import annotations

from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from partnerhub.accounts.forms import validate_youth_birth_year
from partnerhub.accounts.service import email_taken
from partnerhub.forms import LocalisedForm, WholeNumberField, strip_text
from partnerhub.guardians.forms import GuardianMixin, birth_month_field
from partnerhub.i18n import lazy_gettext as _l


class LinkAccountForm(LocalisedForm):
    page_order: tuple[str, ...] = ("link_email", "link_password")

    link_email = EmailField(_l("E-mail på din bruger i PartnerHub"), filters=[strip_text],
                            validators=[DataRequired(_l("Skriv din e-mail.")), Length(max=254)])
    link_password = PasswordField(_l("Din adgangskode i PartnerHub"),
                                  validators=[DataRequired(_l("Skriv din adgangskode."))])


class NewEmailMixin:
    email = EmailField(_l("E-mail"), filters=[strip_text],
                       description=_l("Vi skriver til dig her, fx om et praktiktilbud."),
                       validators=[DataRequired(_l("Skriv din e-mail.")),
                                   Email(_l("Det ligner ikke en e-mailadresse – tjek den.")), Length(max=254)])

    def validate_email(self, field: EmailField) -> None:
        if field.data and email_taken(field.data):
            raise ValidationError(_l("Der findes allerede en bruger med den e-mail. Kobl dit login til den bruger "
                                     "i stedet (længere nede)."))


class YouthSignupForm(GuardianMixin, NewEmailMixin, LocalisedForm):
    """As the sign-up with a password: an under-18 names a guardian, who is asked before any placement starts."""

    page_order: tuple[str, ...] = ("first_name", "last_name", "birth_year", "birth_month", "guardian_name",
                                   "guardian_email", "guardian_phone", "email", "privacy_read")

    first_name = StringField(_l("Fornavn"), filters=[strip_text],
                             validators=[DataRequired(_l("Skriv dit fornavn.")), Length(max=60)])
    last_name = StringField(_l("Efternavn (kan udelades)"), filters=[strip_text], validators=[Length(max=80)])
    birth_year = WholeNumberField(_l("Fødselsår"), invalid_message=_l("Skriv dit fødselsår som et tal, fx 2006."),
                                  description=_l("Fx 2006. PartnerHub er for unge fra 13 til 29 år."),
                                  validators=[InputRequired(_l("Skriv dit fødselsår som et tal, fx 2006."))])
    birth_month = birth_month_field()
    privacy_read = BooleanField(_l("Jeg har læst, hvad PartnerHub gemmer om mig, og hvorfor"),
                                validators=[DataRequired(_l("Læs teksten om dine data, og sæt flueben."))])

    def validate_birth_year(self, field: WholeNumberField) -> None:
        validate_youth_birth_year(field.data, self.birth_month.data)


class CompanyUserSignupForm(NewEmailMixin, LocalisedForm):
    """HR joining a company PartnerHub already knows: the CVR came from MitID Erhverv."""

    page_order: tuple[str, ...] = ("name", "email")

    name = StringField(_l("Dit navn"), filters=[strip_text],
                       validators=[DataRequired(_l("Skriv dit navn.")), Length(max=120)])


class CompanySignupForm(CompanyUserSignupForm):
    """A company's first MitID Erhverv login: its facts come from the CVR register where it has them."""

    page_order: tuple[str, ...] = ("company_name", "address", "employees", "name", "email")

    company_name = StringField(_l("Virksomhedens navn"), filters=[strip_text],
                               validators=[DataRequired(_l("Skriv virksomhedens navn.")), Length(max=160)])
    address = StringField(_l("Adresse"), filters=[strip_text], validators=[Optional(), Length(max=160)])
    employees = WholeNumberField(_l("Almindelige ansatte"),
                                 invalid_message=_l("Skriv antallet af ansatte som et helt tal, fx 12."),
                                 description=_l("Bruges til rimelighedskravet: hvor mange I må have i praktik."),
                                 validators=[Optional(), NumberRange(min=0, max=100000,
                                                                     message=_l("Skriv et tal mellem 0 og 100000."))])
