"""Forms for the fair: curious marks, the booth editor, area texts, events and booth signups."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from partnerhub.companies.models import NeedKind
from partnerhub.fair.models import ICON_KEYS, CuriosityLevel
from partnerhub.forms import DateTextField, LocalisedForm, MultiCheckboxField, WholeNumberField, choices, strip_text
from partnerhub.i18n import lazy_gettext as _l

ICON_LABELS = {
    "heart": _l("Hjerte"), "blocks": _l("Byggeklodser"), "bag": _l("Indkøbspose"), "office": _l("Kontor"),
    "ball": _l("Bold"), "pot": _l("Gryde"), "leaf": _l("Blad"), "bed": _l("Seng"), "hammer": _l("Hammer"),
    "gear": _l("Tandhjul"), "truck": _l("Lastbil"), "plug": _l("Stik"), "brush": _l("Pensel"),
    "broom": _l("Kost"), "scissors": _l("Saks"), "star": _l("Stjerne"),
}


class CuriousForm(LocalisedForm):
    level = RadioField(
        _l("Hvor nysgerrig er du?"),
        choices=choices([(CuriosityLevel.CURIOUS.value, _l("Jeg er nysgerrig")),
                         (CuriosityLevel.WANT_TO_TRY.value, _l("Det vil jeg gerne prøve"))]),
        default=CuriosityLevel.CURIOUS.value,
        validators=[InputRequired(_l("Vælg en af de to."))],
    )
    reflection = TextAreaField(_l("Hvad fangede dig? (hvis du vil)"), filters=[strip_text],
                               description=_l("Skriv et par ord. Det hjælper os med at finde den rigtige praktik."),
                               validators=[Optional(), Length(max=500, message=_l("Skriv højst 500 tegn."))])


class EasyReadForm(LocalisedForm):
    """Only the CSRF token: the button's value says on or off."""


class SearchForm(LocalisedForm):
    """The hall's filters, sent by GET so a search can be bookmarked and shared."""

    class Meta:
        csrf = False

    q = StringField(_l("Søg"), filters=[strip_text], validators=[Optional(), Length(max=100)],
                    description=_l("Fx tømrer, kok, dyr eller butik. Stavefejl gør ikke noget."))
    omraade = SelectField(_l("Fagområde"), validate_choice=False)
    naer = BooleanField(_l("Tæt på mig (inden for min rejsetid)"))
    behov = MultiCheckboxField(_l("Det har jeg brug for"), coerce=str, choices=choices(NeedKind.choices()),
                               validate_choice=False,
                               description=_l("Vælg det, du har brug for. Så ser du kun steder, der kan give dig det."))
    undervisning = BooleanField(_l("Med undervisning"))

    @property
    def chosen_needs(self) -> frozenset[NeedKind]:
        """The kinds ticked; an unknown value (an old link's behov=y) is dropped, and the boxes show what applies."""
        known = {kind.value: kind for kind in NeedKind}
        return frozenset(known[value] for value in self.behov.data or [] if value in known)


class BoothForm(LocalisedForm):
    pitch = TextAreaField(_l("Jeres hilsen til de unge"), filters=[strip_text],
                          description=_l("Et par linjer om jer, skrevet til en ung på 15–29 år. Undgå krav og fagord."),
                          validators=[Optional(), Length(max=600)])
    tasks_description = TextAreaField(_l("Hvad laver en ung hos jer?"), filters=[strip_text],
                                      validators=[Optional(), Length(max=2000)])
    icon = SelectField(_l("Tegning, når I ikke har billeder"), validate_choice=False)

    def setup(self) -> None:
        self.icon.choices = choices([("", _l("Fagområdets tegning"))] + [(k, ICON_LABELS[k]) for k in ICON_KEYS])

    def validate_icon(self, field: SelectField) -> None:
        if field.data and field.data not in ICON_KEYS:
            raise ValidationError(_l("Vælg en tegning fra listen."))


class PhotoForm(LocalisedForm):
    photo = FileField(_l("Billede (PNG, JPEG eller WebP, højst 2 MB)"))
    alt_text = StringField(_l("Hvad viser billedet?"), filters=[strip_text],
                           description=_l("Teksten læses op for blinde og svagtseende, fx: To lærlinge bygger en "
                                          "terrasse."),
                           validators=[DataRequired(_l("Skriv, hvad billedet viser.")), Length(max=200)])

    def validate_photo(self, field: FileField) -> None:
        if not field.data:
            raise ValidationError(_l("Vælg et billede."))


class AreaBoothForm(LocalisedForm):
    icon = SelectField(_l("Ikon"), validate_choice=False)
    work_da = TextAreaField(_l("Sådan er arbejdet (dansk)"), filters=[strip_text],
                            validators=[DataRequired(_l("Skriv teksten på dansk.")), Length(max=400)])
    work_en = TextAreaField(_l("Sådan er arbejdet (engelsk)"), filters=[strip_text],
                            validators=[DataRequired(_l("Skriv teksten på engelsk.")), Length(max=400)])
    day_da = TextAreaField(_l("En dag her kunne se sådan ud (dansk)"), filters=[strip_text],
                           validators=[DataRequired(_l("Skriv teksten på dansk.")), Length(max=600)])
    day_en = TextAreaField(_l("En dag her kunne se sådan ud (engelsk)"), filters=[strip_text],
                           validators=[DataRequired(_l("Skriv teksten på engelsk.")), Length(max=600)])
    easy_da = StringField(_l("Let at læse (dansk)"), filters=[strip_text],
                          description=_l("Én eller to korte sætninger."),
                          validators=[DataRequired(_l("Skriv teksten på dansk.")), Length(max=200)])
    easy_en = StringField(_l("Let at læse (engelsk)"), filters=[strip_text],
                          validators=[DataRequired(_l("Skriv teksten på engelsk.")), Length(max=200)])

    def setup(self) -> None:
        self.icon.choices = choices([(k, ICON_LABELS[k]) for k in ICON_KEYS])

    def validate_icon(self, field: SelectField) -> None:
        if field.data not in ICON_KEYS:
            raise ValidationError(_l("Vælg et ikon fra listen."))


class EventForm(LocalisedForm):
    name = StringField(_l("Navn"), filters=[strip_text],
                       validators=[DataRequired(_l("Skriv et navn, fx Uddannelsesmesse forår.")), Length(max=120)])
    held_on = DateTextField(_l("Dato"), validators=[DataRequired(_l("Skriv datoen."))])
    time_text = StringField(_l("Tidspunkt"), filters=[strip_text], description=_l("Fx kl. 10–14"),
                            validators=[DataRequired(_l("Skriv tidspunktet.")), Length(max=40)])
    place = StringField(_l("Sted"), filters=[strip_text],
                        validators=[DataRequired(_l("Skriv, hvor messen er.")), Length(max=200)])
    quiet_hour = StringField(_l("Rolig tid for unge med særlige behov"), filters=[strip_text],
                             description=_l("Fx kl. 9–10: færre mennesker, ingen musik"),
                             validators=[Optional(), Length(max=200)])
    description = TextAreaField(_l("Beskrivelse"), filters=[strip_text], validators=[Optional(), Length(max=2000)])
    areas = MultiCheckboxField(_l("Fagområder på messen"), coerce=str,
                               validators=[DataRequired(_l("Vælg mindst ét fagområde."))])

    @property
    def area_ids(self) -> list[int]:
        return [int(v) for v in self.areas.data or [] if str(v).isdigit()]


class SignupForm(LocalisedForm):
    booth_name = StringField(_l("Standens navn"), filters=[strip_text],
                             validators=[DataRequired(_l("Skriv standens navn.")), Length(max=120)])
    trade_area = SelectField(_l("Fagområde"), validate_choice=False,
                             validators=[DataRequired(_l("Vælg et fagområde."))])
    staff_count = WholeNumberField(_l("Hvor mange fra jer står på standen?"),
                                   validators=[InputRequired(_l("Skriv et antal.")),
                                               NumberRange(min=1, max=20, message=_l("Skriv et tal fra 1 til 20."))])
    needs = TextAreaField(_l("Hvad har I brug for?"), filters=[strip_text],
                          description=_l("Fx strøm, et bord, plads til en maskine"),
                          validators=[Optional(), Length(max=500)])

    def validate_trade_area(self, field: SelectField) -> None:
        if field.data not in {str(c.value) for c in field.choices if c.value}:
            raise ValidationError(_l("Vælg et af messens fagområder."))


class StaffRegisterForm(LocalisedForm):
    youth = SelectField(_l("Ung"), validate_choice=False, validators=[DataRequired(_l("Vælg en ung."))])
