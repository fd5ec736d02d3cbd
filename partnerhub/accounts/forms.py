"""Forms for logging in, registering and setting a password."""

from __future__ import annotations

from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, ValidationError

from partnerhub.accounts.service import PASSWORD_MAX_LENGTH, password_problem
from partnerhub.forms import LocalisedForm, WholeNumberField, normalise_cvr, strip_text, validate_cvr
from partnerhub.guardians.forms import GuardianMixin, birth_month_field
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.matching.young_workers import age_on
from partnerhub.reference.service import young_worker_rules
from partnerhub.timeutil import utcnow

YOUTH_MAX_AGE = 29


class LoginForm(LocalisedForm):
    email = EmailField(_l("E-mail"), filters=[strip_text], validators=[DataRequired(_l("Skriv din e-mail."))])
    password = PasswordField(_l("Adgangskode"), validators=[DataRequired(_l("Skriv din adgangskode."))])


class NewPasswordMixin:
    """A new password typed twice and checked against the policy, with the reason in plain words."""

    password = PasswordField(
        _l("Vælg en adgangskode"),
        description=_l("Mindst 12 tegn. Tre tilfældige ord er nemme at huske og svære at gætte."),
        validators=[DataRequired(_l("Vælg en adgangskode.")), Length(max=PASSWORD_MAX_LENGTH)],
    )
    password_confirm = PasswordField(
        _l("Gentag adgangskoden"),
        validators=[
            DataRequired(_l("Gentag adgangskoden.")),
            EqualTo("password", _l("De to adgangskoder er ikke ens.")),
        ],
    )

    def validate_password(self, field: PasswordField) -> None:
        email_field = getattr(self, "email", None)
        problem = password_problem(field.data or "", email=email_field.data if email_field else "")
        if problem:
            raise ValidationError(problem)


class NewAccountMixin(NewPasswordMixin):
    email = EmailField(
        _l("E-mail"),
        filters=[strip_text],
        validators=[
            DataRequired(_l("Skriv din e-mail.")),
            Email(_l("Det ligner ikke en e-mailadresse – tjek den.")),
            Length(max=254),
        ],
    )


class CompanyRegistrationForm(NewAccountMixin, LocalisedForm):
    page_order: tuple[str, ...] = ("company_name", "cvr", "name", "email", "password", "password_confirm")

    company_name = StringField(
        _l("Virksomhedens navn"),
        filters=[strip_text],
        validators=[DataRequired(_l("Skriv virksomhedens navn.")), Length(max=160)],
    )
    cvr = StringField(
        _l("CVR-nummer"),
        description=_l("8 cifre. Vi tjekker kontrolcifferet."),
        filters=[normalise_cvr],
        validators=[DataRequired(_l("Skriv virksomhedens CVR-nummer.")), validate_cvr],
    )
    name = StringField(
        _l("Dit navn"), filters=[strip_text], validators=[DataRequired(_l("Skriv dit navn.")), Length(max=120)]
    )


def privacy_read_field() -> BooleanField:
    """The tick a young person gives after the privacy notice, the same wherever their account begins."""
    return BooleanField(
        _l("Jeg har læst, hvad PartnerHub gemmer om mig, og hvorfor"),
        validators=[DataRequired(_l("Læs teksten om dine data, og sæt flueben."))],
    )


class YouthRegistrationForm(GuardianMixin, NewAccountMixin, LocalisedForm):
    page_order: tuple[str, ...] = ("first_name", "last_name", "birth_year", "birth_month", "guardian_name",
                                   "guardian_email", "guardian_phone", "email", "password", "password_confirm",
                                   "privacy_read")

    first_name = StringField(
        _l("Fornavn"), filters=[strip_text], validators=[DataRequired(_l("Skriv dit fornavn.")), Length(max=60)]
    )
    last_name = StringField(
        _l("Efternavn (kan udelades)"), filters=[strip_text], validators=[Length(max=80)]
    )
    birth_year = WholeNumberField(
        _l("Fødselsår"),
        invalid_message=_l("Skriv dit fødselsår som et tal, fx 2006."),
        description=_l("Fx 2006. PartnerHub er for unge fra 13 til 29 år."),
        validators=[InputRequired(_l("Skriv dit fødselsår som et tal, fx 2006."))],
    )
    birth_month = birth_month_field()
    privacy_read = privacy_read_field()

    def validate_birth_year(self, field: WholeNumberField) -> None:
        validate_youth_birth_year(field.data, self.birth_month.data)


def validate_youth_birth_year(birth_year: int | None, birth_month: str | int | None = None) -> None:
    """From the young-worker rules' lowest age (13 as shipped) to 29; with the month, the age today counts."""
    today = utcnow().date()
    if birth_year is None:
        return
    youngest = young_worker_rules().no_placement_under
    month = int(str(birth_month)) if str(birth_month or "").isdigit() and 1 <= int(birth_month or 0) <= 12 else None
    too_young = (age_on(birth_year, month, today) < youngest) if month else (today.year - birth_year < youngest)
    if too_young or birth_year < today.year - YOUTH_MAX_AGE - 1:
        raise ValidationError(
            _l(
                "Fødselsåret skal være mellem %(first)d og %(last)d – PartnerHub er for unge mellem %(low)d og "
                "%(high)d år.",
                first=today.year - YOUTH_MAX_AGE - 1,
                last=today.year - youngest,
                low=youngest,
                high=YOUTH_MAX_AGE,
            )
        )


class SetPasswordForm(NewPasswordMixin, LocalisedForm):
    pass


class YouthInvitationForm(NewPasswordMixin, LocalisedForm):
    """An invited young person reads the same privacy notice as one who registers, before choosing a password."""

    page_order: tuple[str, ...] = ("password", "password_confirm", "privacy_read")

    privacy_read = privacy_read_field()


class ForgotPasswordForm(LocalisedForm):
    email = EmailField(
        _l("E-mail"), filters=[strip_text], validators=[DataRequired(_l("Skriv din e-mail.")), Length(max=254)]
    )


class ChangePasswordForm(NewPasswordMixin, LocalisedForm):
    page_order: tuple[str, ...] = ("current_password", "password", "password_confirm")

    current_password = PasswordField(
        _l("Nuværende adgangskode"), validators=[DataRequired(_l("Skriv din nuværende adgangskode."))]
    )
