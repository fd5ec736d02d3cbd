"""Company forms; registration itself lives in accounts.forms with the other new-account forms."""

from __future__ import annotations

from wtforms import BooleanField, EmailField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from partnerhub.accounts.forms import CompanyRegistrationForm
from partnerhub.accounts.service import email_taken
from partnerhub.companies.models import CompanyStatus, MinorWork, NeedKind
from partnerhub.forms import (
    PICK_ONE,
    TIME_OF_DAY,
    WEEKDAYS,
    DateTextField,
    LocalisedForm,
    MultiCheckboxField,
    WholeNumberField,
    choices,
    known_values,
    normalise_cvr,
    strip_text,
    validate_cvr,
    validate_time,
)
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.reference import service as reference

MAX_SEATS = 50
TEXT_MAX = 2000


class CompanyRegistrationWithFactsForm(CompanyRegistrationForm):
    """Registration with the facts the CVR register has, filled in by the "Hent oplysninger" step."""

    page_order = ("company_name", "cvr", "address", "employees", "name", "email", "password", "password_confirm")

    address = StringField(_l("Adresse"), filters=[strip_text], validators=[Optional(), Length(max=160)])
    employees = WholeNumberField(
        _l("Almindelige ansatte"), invalid_message=_l("Skriv antallet af ansatte som et helt tal, fx 12."),
        description=_l("Bruges til rimelighedskravet: hvor mange I må have i praktik."),
        validators=[Optional(), NumberRange(min=0, max=100000, message=_l("Skriv et tal mellem 0 og 100000."))],
    )


class CvrLookupForm(LocalisedForm):
    """The "Hent oplysninger" step: a GET form, so it works without JavaScript and changes nothing."""

    class Meta:
        csrf = False

    lookup_cvr = StringField(_l("CVR-nummer til opslag"),
                             description=_l("8 cifre. Vi henter navn, adresse og antal ansatte fra CVR-registret."),
                             filters=[normalise_cvr], validators=[DataRequired(_l("Skriv virksomhedens CVR-nummer.")),
                                                                  validate_cvr])


class CompanyDecisionForm(LocalisedForm):
    decision = SelectField(
        _l("Beslutning"),
        choices=[SelectChoice(CompanyStatus.APPROVED.value, _l("Godkend")),
                 SelectChoice(CompanyStatus.REJECTED.value, _l("Afvis"))],
        validators=[DataRequired(PICK_ONE)],
    )


def _ids(values: list | None) -> list[int]:
    return [int(v) for v in values or [] if str(v).isdigit()]


class TownMixin:
    """A town picked from the list, or a postcode that maps to one; anything else is refused in plain words."""

    town = SelectField(_l("By"), validate_choice=False)
    postcode = StringField(_l("… eller postnummer"), filters=[strip_text],
                           description=_l("Hvis din by ikke er på listen, så skriv dit postnummer."),
                           validators=[Optional(), Length(max=4)])

    def setup_towns(self, towns: list[tuple[int, str]] | None = None) -> None:
        """The town list: the towns given as (id, name), or else every town from the reference data."""
        if towns is None:
            towns = [(t.id, t.name) for t in reference.towns()]
        self.town.choices = choices([("", _l("Vælg by …"))] + [(str(i), name) for i, name in towns])

    def resolved_town_id(self) -> int | None:
        town_ids = known_values(self.town)
        if self.town.data in town_ids:
            return int(self.town.data)
        if self.postcode.data:
            town = reference.resolve_town(self.postcode.data)
            return town.id if town else None
        return None

    def validate_town(self, field: SelectField) -> None:
        known = known_values(field)
        if field.data and field.data not in known:
            raise ValidationError(_l("Den by kender vi ikke. Vælg en by fra listen."))
        if not field.data and not self.postcode.data:
            raise ValidationError(_l("Vælg en by, eller skriv et postnummer."))

    def validate_postcode(self, field: StringField) -> None:
        if not field.data:
            return
        if not (field.data.isdigit() and len(field.data) == 4):
            raise ValidationError(_l("Et postnummer er 4 cifre, fx 8722."))
        if reference.town_for_postcode(field.data) is None:
            raise ValidationError(_l("Postnummeret hører ikke til en by i Hedensted Kommune. Vælg byen på listen."))


class CompanyProfileForm(TownMixin, LocalisedForm):
    name = StringField(_l("Virksomhedens navn"), filters=[strip_text],
                       validators=[DataRequired(_l("Skriv virksomhedens navn.")), Length(max=160)])
    cvr = StringField(_l("CVR-nummer"), filters=[normalise_cvr],
                      validators=[DataRequired(_l("Skriv virksomhedens CVR-nummer.")), validate_cvr])
    p_number = StringField(_l("P-nummer (kan udelades)"), filters=[strip_text],
                           description=_l("10 cifre. Rimelighedskravet gælder pr. P-nummer."),
                           validators=[Optional(), Length(max=10)])
    address = StringField(_l("Adresse"), filters=[strip_text], validators=[Length(max=160)])
    employees = WholeNumberField(
        _l("Antal almindelige ansatte"), invalid_message=_l("Skriv antallet af ansatte som et helt tal, fx 12."),
        description=_l("Uden ansatte med løntilskud og unge under 18. Bruges til rimelighedskravet."),
        validators=[InputRequired(_l("Skriv antallet af ansatte.")),
                    NumberRange(min=0, max=100000, message=_l("Antallet af ansatte skal være 0 eller mere."))],
    )
    contact_name = StringField(_l("Kontaktperson"), filters=[strip_text],
                               validators=[DataRequired(_l("Skriv kontaktpersonens navn.")), Length(max=120)])
    contact_phone = StringField(_l("Telefon"), filters=[strip_text], validators=[Length(max=20)])
    contact_email = EmailField(_l("Kontaktpersonens e-mail"), filters=[strip_text],
                               validators=[Optional(), Email(_l("Det ligner ikke en e-mailadresse – tjek den.")),
                                           Length(max=254)])
    trade_areas = MultiCheckboxField(_l("Fagområder"), coerce=str, validate_choice=False,
                                     validators=[DataRequired(_l("Vælg mindst ét fagområde."))])
    tasks_description = TextAreaField(
        _l("Hvad laver en ung hos jer?"),
        description=_l("Skriv med almindelige ord, fx: 'Du hjælper på lageret, pakker ordrer og kører truck.'"),
        filters=[strip_text],
        validators=[DataRequired(_l("Fortæl, hvad en ung skal lave hos jer.")),
                    Length(max=TEXT_MAX, message=_l("Teksten må højst være %(max)d tegn.", max=TEXT_MAX))],
    )
    task_tags = StringField(_l("Opgaver som stikord"), filters=[strip_text],
                            description=_l("Adskil med komma, fx: lager, truck, kundeservice"),
                            validators=[Length(max=300, message=_l("Stikordene må højst fylde 300 tegn."))])
    offers_teaching = BooleanField(_l("Vi tilbyder indlagt undervisning under praktikken"))
    need_kinds = MultiCheckboxField(
        _l("Det kan vi tilbyde en ung, der har brug for det"), coerce=str, choices=choices(NeedKind.choices()),
        validate_choice=False,
        description=_l("De unge kan søge efter hver af dem på messen."))
    minor_work = SelectField(
        _l("Har I opgaver til unge under 18?"), validate_choice=False,
        description=_l("Unge under 18 må ikke arbejde med farlige maskiner, kemikalier eller tunge løft. Har I ikke "
                       "svaret, foreslår PartnerHub jer ikke til unge under 18."),
        choices=choices([("", _l("Ikke svaret endnu"))] + [(m.value, m.label) for m in MinorWork]))
    minor_tasks_ok = TextAreaField(_l("Opgaver, en ung under 18 må lave hos jer"), filters=[strip_text],
                                   description=_l("Fx: pakke varer, sætte på hylder, tage imod kunder."),
                                   validators=[Length(max=TEXT_MAX)])
    minor_tasks_not = TextAreaField(_l("Opgaver, en ung under 18 ikke må lave hos jer"), filters=[strip_text],
                                    description=_l("Fx: maskiner, kemikalier, tunge løft, kørsel med truck."),
                                    validators=[Length(max=TEXT_MAX)])
    networks = MultiCheckboxField(_l("Partnernetværk I er med i"), coerce=str, validate_choice=False)

    def validate_minor_work(self, field: SelectField) -> None:
        if field.data and field.data not in {m.value for m in MinorWork}:
            raise ValidationError(_l("Vælg fra listen."))

    def validate_minor_tasks_ok(self, field: TextAreaField) -> None:
        if self.minor_work.data in (MinorWork.YOUTH.value, MinorWork.LIGHT.value) and not field.data:
            raise ValidationError(_l("Skriv, hvilke opgaver en ung under 18 må lave hos jer."))

    def setup(self) -> None:
        self.setup_towns()
        self.trade_areas.choices = choices([(str(i), label) for i, label in reference.active_trade_area_choices()])
        self.networks.choices = choices([(str(n.id), n.name) for n in reference.networks()])

    def validate_p_number(self, field: StringField) -> None:
        if field.data and not (field.data.isdigit() and len(field.data) == 10):
            raise ValidationError(_l("Et P-nummer er 10 cifre."))

    def validate_trade_areas(self, field: MultiCheckboxField) -> None:
        known = known_values(field)
        if any(value not in known for value in field.data or []):
            raise ValidationError(_l("Vælg fagområder fra listen."))

    def validate_need_kinds(self, field: MultiCheckboxField) -> None:
        if any(value not in {kind.value for kind in NeedKind} for value in field.data or []):
            raise ValidationError(_l("Vælg det, I kan tilbyde, fra listen."))

    @property
    def chosen_need_kinds(self) -> list[NeedKind]:
        return [NeedKind(value) for value in self.need_kinds.data or []]

    def validate_networks(self, field: MultiCheckboxField) -> None:
        known = known_values(field)
        if any(value not in known for value in field.data or []):
            raise ValidationError(_l("Vælg netværk fra listen."))

    @property
    def trade_area_ids(self) -> list[int]:
        return _ids(self.trade_areas.data)

    @property
    def network_ids(self) -> list[int]:
        return _ids(self.networks.data)


class CapacityForm(LocalisedForm):
    period = SelectField(_l("Periode"), validate_choice=False,
                         validators=[DataRequired(_l("Vælg en periode."))])
    seats = WholeNumberField(
        _l("Hvor mange unge kan I have på én gang?"),
        invalid_message=_l("Skriv antallet som et helt tal, fx 2."),
        validators=[InputRequired(_l("Skriv hvor mange unge I kan have på én gang.")),
                    NumberRange(min=0, max=MAX_SEATS,
                                message=_l("Antallet skal være mellem 0 og %(max)d.", max=MAX_SEATS))],
    )
    weekdays = MultiCheckboxField(_l("Hvilke ugedage?"), coerce=int, validate_choice=False,
                                  choices=choices([(d, label) for d, label in WEEKDAYS]),
                                  validators=[DataRequired(_l("Vælg mindst én ugedag."))])
    hours_from = StringField(_l("Fra kl."), filters=[strip_text], default="08:00", validators=[validate_time])
    hours_to = StringField(_l("Til kl."), filters=[strip_text], default="15:00", validators=[validate_time])
    note = StringField(_l("Bemærkning (kan udelades)"), filters=[strip_text],
                       validators=[Length(max=300, message=_l("Bemærkningen må højst være 300 tegn."))])

    def set_periods(self, periods: list) -> None:
        self.period.choices = choices([("", _l("Vælg periode …"))] + [(str(p.id), p.label) for p in periods])

    def validate_period(self, field: SelectField) -> None:
        if field.data not in known_values(field):
            raise ValidationError(_l("Vælg en periode fra listen."))

    def validate_weekdays(self, field: MultiCheckboxField) -> None:
        if any(day not in range(1, 8) for day in field.data or []):
            raise ValidationError(_l("Vælg ugedage fra listen."))

    def validate_hours_to(self, field: StringField) -> None:
        if self.hours_from.data and field.data and TIME_OF_DAY.match(field.data) and field.data <= self.hours_from.data:
            raise ValidationError(_l("Sluttidspunktet skal være efter starttidspunktet."))


class PostForm(LocalisedForm):
    title = StringField(_l("Titel"), filters=[strip_text],
                        validators=[DataRequired(_l("Giv praktikken en titel.")), Length(max=120)])
    trade_area = SelectField(_l("Fagområde"), validate_choice=False,
                             validators=[DataRequired(_l("Vælg et fagområde."))])
    description = TextAreaField(
        _l("Hvad laver man?"), filters=[strip_text],
        validators=[DataRequired(_l("Fortæl, hvad man laver i praktikken.")),
                    Length(max=TEXT_MAX, message=_l("Teksten må højst være %(max)d tegn.", max=TEXT_MAX))],
    )
    period = SelectField(_l("Periode (kan udelades)"), validate_choice=False, validators=[Optional()])
    seats = WholeNumberField(
        _l("Antal pladser"), invalid_message=_l("Skriv antallet som et helt tal, fx 2."), default=1,
        validators=[InputRequired(_l("Skriv antallet af pladser.")),
                    NumberRange(min=1, max=MAX_SEATS,
                                message=_l("Antallet skal være mellem 1 og %(max)d.", max=MAX_SEATS))],
    )
    open_for_sharing = BooleanField(_l("Åben for delte forløb, hvor den unge også er i praktik hos andre"),
                                    default=True)
    active = BooleanField(_l("Opslaget er aktivt"), default=True)

    def setup(self, periods: list) -> None:
        self.trade_area.choices = choices([("", _l("Vælg fagområde …"))] + [
            (str(i), label) for i, label in reference.active_trade_area_choices()])
        self.period.choices = choices([("", _l("Ingen bestemt periode"))] + [(str(p.id), p.label) for p in periods])

    def validate_trade_area(self, field: SelectField) -> None:
        if field.data not in known_values(field):
            raise ValidationError(_l("Vælg et fagområde fra listen."))

    def validate_period(self, field: SelectField) -> None:
        if field.data and field.data not in known_values(field):
            raise ValidationError(_l("Vælg en periode fra listen."))


class InviteHrForm(LocalisedForm):
    name = StringField(_l("Navn"), filters=[strip_text],
                       validators=[DataRequired(_l("Skriv kollegaens navn.")), Length(max=120)])
    email = EmailField(_l("E-mail"), filters=[strip_text],
                       validators=[DataRequired(_l("Skriv kollegaens e-mail.")),
                                   Email(_l("Det ligner ikke en e-mailadresse – tjek den.")), Length(max=254)])

    def validate_email(self, field: EmailField) -> None:
        if field.data and email_taken(field.data):
            raise ValidationError(_l("Der findes allerede en bruger med den e-mail."))


class PeriodForm(LocalisedForm):
    name = StringField(_l("Navn"), filters=[strip_text],
                       validators=[DataRequired(_l("Giv perioden et navn, fx 'Forår uge 10–13'.")), Length(max=80)])
    starts_on = DateTextField(_l("Første dag"), validators=[InputRequired(_l("Skriv første dag."))])
    ends_on = DateTextField(_l("Sidste dag"), validators=[InputRequired(_l("Skriv sidste dag."))])

    def validate_ends_on(self, field: DateTextField) -> None:
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("Sidste dag skal være efter første dag."))


class SharingForm(LocalisedForm):
    open_to_sharing = BooleanField(_l("Vi er åbne for at dele en ung med andre virksomheder"))
    partners = MultiCheckboxField(_l("Vi vil gerne dele med"), coerce=str, validate_choice=False)

    def validate_partners(self, field: MultiCheckboxField) -> None:
        known = known_values(field)
        if any(value not in known for value in field.data or []):
            raise ValidationError(_l("Vælg partnere fra listen."))

    @property
    def partner_ids(self) -> list[int]:
        return _ids(self.partners.data)
