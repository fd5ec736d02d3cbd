"""Forms for the young person's profile, and for staff creating a young person and keeping the staff-only record."""

from __future__ import annotations

from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from partnerhub.accounts.forms import validate_youth_birth_year
from partnerhub.accounts.service import email_taken
from partnerhub.companies.forms import TownMixin
from partnerhub.forms import (
    WEEKDAYS,
    DateTextField,
    LocalisedForm,
    MultiCheckboxField,
    WholeNumberField,
    choices,
    known_values,
    strip_text,
)
from partnerhub.guardians.forms import GuardianMixin, birth_month_field
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.reference import service as reference
from partnerhub.youth.models import Readiness, Transport, TravelUnit

TEXT_MAX = 1000


class StaffCreateYouthForm(GuardianMixin, LocalisedForm):
    first_name = StringField(_l("Fornavn"), filters=[strip_text],
                             validators=[DataRequired(_l("Skriv fornavnet.")), Length(max=60)])
    last_name = StringField(_l("Efternavn (kan udelades)"), filters=[strip_text], validators=[Length(max=80)])
    birth_year = WholeNumberField(_l("Fødselsår"), invalid_message=_l("Skriv fødselsåret som et tal, fx 2006."),
                                  validators=[Optional()])
    birth_month = birth_month_field()
    email = EmailField(
        _l("Den unges e-mail"),
        description=_l("Invitationen sendes hertil. Linket virker én gang og udløber efter 14 dage."),
        filters=[strip_text],
        validators=[DataRequired(_l("Skriv den unges e-mail.")),
                    Email(_l("Det ligner ikke en e-mailadresse – tjek den.")), Length(max=254)],
    )

    def validate_birth_year(self, field: WholeNumberField) -> None:
        validate_youth_birth_year(field.data, self.birth_month.data)

    def validate_email(self, field: EmailField) -> None:
        if field.data and email_taken(field.data):
            raise ValidationError(_l("Der findes allerede en bruger med den e-mail."))


class YouthProfileForm(GuardianMixin, TownMixin, LocalisedForm):
    first_name = StringField(_l("Fornavn"), filters=[strip_text],
                             validators=[DataRequired(_l("Skriv dit fornavn.")), Length(max=60)])
    last_name = StringField(_l("Efternavn (kan udelades)"), filters=[strip_text], validators=[Length(max=80)])
    birth_year = WholeNumberField(_l("Fødselsår"), invalid_message=_l("Skriv dit fødselsår som et tal, fx 2006."),
                                  validators=[InputRequired(_l("Skriv dit fødselsår som et tal, fx 2006."))])
    birth_month = birth_month_field()
    transport = SelectField(_l("Hvordan kommer du rundt?"), validate_choice=False,
                            choices=choices([("", _l("Vælg …"))] + [(t.value, t.lazy_label) for t in Transport]),
                            validators=[DataRequired(_l("Vælg hvordan du kommer rundt."))])
    max_travel = WholeNumberField(
        _l("Hvor langt vil du højst rejse hver vej?"), invalid_message=_l("Skriv et helt tal, fx 15."),
        validators=[InputRequired(_l("Skriv hvor langt du vil rejse, fx 15.")),
                    NumberRange(min=1, max=200, message=_l("Skriv et tal mellem 1 og 200."))],
    )
    max_travel_unit = SelectField(_l("Enhed"), validate_choice=False,
                                  choices=choices([(u.value, u.lazy_label) for u in TravelUnit]),
                                  default=TravelUnit.KM.value)
    interests = TextAreaField(
        _l("Hvad er du interesseret i?"),
        description=_l("Skriv med dine egne ord, fx: 'Jeg kan lide at skrue på knallerter og være udenfor.'"),
        filters=[strip_text],
        validators=[DataRequired(_l("Skriv lidt om, hvad du godt kan lide.")),
                    Length(max=TEXT_MAX, message=_l("Teksten må højst være %(max)d tegn.", max=TEXT_MAX))],
    )
    trade_areas = MultiCheckboxField(_l("Fagområder, du er nysgerrig på"), coerce=str, validate_choice=False)
    weekdays = MultiCheckboxField(_l("Hvilke dage kan du?"), coerce=int, validate_choice=False,
                                  choices=choices([(d, label) for d, label in WEEKDAYS]),
                                  validators=[DataRequired(_l("Vælg mindst én dag."))])
    earliest_start = DateTextField(_l("Hvornår kan du starte? (kan udelades)"), validators=[Optional()])
    accommodations = TextAreaField(
        _l("Er der noget, en arbejdsplads skal tage hensyn til? (kan udelades)"),
        description=_l("Fx at du har brug for ro, pauser eller en rampe. Virksomheden ser kun, at du har brug for "
                       "hensyn – ikke hvad du har skrevet – medmindre du siger ja nedenfor."),
        filters=[strip_text],
        validators=[Length(max=TEXT_MAX, message=_l("Teksten må højst være %(max)d tegn.", max=TEXT_MAX))],
    )
    share_accommodation_details = BooleanField(_l("Virksomheden må gerne læse, hvad jeg har skrevet om hensyn"))

    def setup(self) -> None:
        towns, trade_areas = reference.town_and_trade_area_choices()
        self.setup_towns(towns)
        self.trade_areas.choices = choices([(str(i), label) for i, label in trade_areas])

    def validate_birth_year(self, field: WholeNumberField) -> None:
        validate_youth_birth_year(field.data, self.birth_month.data)

    def validate_transport(self, field: SelectField) -> None:
        if field.data and field.data not in {t.value for t in Transport}:
            raise ValidationError(_l("Vælg fra listen."))

    def validate_max_travel_unit(self, field: SelectField) -> None:
        if field.data not in {u.value for u in TravelUnit}:
            raise ValidationError(_l("Vælg km eller minutter."))

    def validate_trade_areas(self, field: MultiCheckboxField) -> None:
        known = known_values(field)
        if any(value not in known for value in field.data or []):
            raise ValidationError(_l("Vælg fagområder fra listen."))

    def validate_weekdays(self, field: MultiCheckboxField) -> None:
        if any(day not in range(1, 8) for day in field.data or []):
            raise ValidationError(_l("Vælg dage fra listen."))

    @property
    def trade_area_ids(self) -> list[int]:
        return [int(v) for v in self.trade_areas.data or [] if str(v).isdigit()]


class StaffRecordForm(LocalisedForm):
    readiness = SelectField(_l("Målgruppe"), validate_choice=False,
                            choices=choices([("", _l("Ikke vurderet endnu"))]
                                            + [(r.value, r.lazy_label) for r in Readiness]))
    effort_focus = StringField(_l("Indsatsens fokus"), filters=[strip_text],
                               validators=[Length(max=300, message=_l("Højst 300 tegn."))])
    consultant = SelectField(_l("Kontaktperson i Ungeenheden"), validate_choice=False)
    notes = TextAreaField(_l("Noter"),
                          description=_l("Den unge kan læse noterne ord for ord under »Alt, vi har gemt om dig«. "
                                         "Virksomheder ser dem aldrig. Hver gang nogen ser noterne, logges det."),
                          filters=[strip_text],
                          validators=[Length(max=5000, message=_l("Noterne må højst være %(max)d tegn.", max=5000))])

    def validate_readiness(self, field: SelectField) -> None:
        if field.data and field.data not in {r.value for r in Readiness}:
            raise ValidationError(_l("Vælg fra listen."))

    def validate_consultant(self, field: SelectField) -> None:
        if field.data and field.data not in known_values(field):
            raise ValidationError(_l("Vælg en medarbejder fra listen."))
