"""Forms for the seams of a rotation: the handover note, the first-week check-in and the re-plan (planning/forms.py
holds the rest of planning's forms)."""

from __future__ import annotations

from wtforms import HiddenField, RadioField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from partnerhub.forms import LocalisedForm, choices, strip_text
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.planning.services.checkins import HOW_CHOICES
from partnerhub.planning.services.handover import NOTE_MAX
from partnerhub.planning.services.replan import REASONS

TOO_LONG = _l("Skriv højst %(max)d tegn.", max=NOTE_MAX)


class HandoverForm(LocalisedForm):
    """The outgoing company's note. The hints say what the next company needs, and that the young person reads it."""

    did_well = TextAreaField(_l("Hvad har den unge gjort godt?"), filters=[strip_text],
                             validators=[DataRequired(_l("Skriv, hvad den unge har gjort godt.")),
                                         Length(max=NOTE_MAX, message=TOO_LONG)])
    helped = TextAreaField(_l("Hvad hjalp den unge?"), filters=[strip_text],
                           validators=[Optional(), Length(max=NOTE_MAX, message=TOO_LONG)],
                           description=_l("Fx faste opgaver, en fast makker, korte dage i starten."))
    watch = TextAreaField(_l("Hvad skal den næste virksomhed være opmærksom på?"), filters=[strip_text],
                          validators=[Optional(), Length(max=NOTE_MAX, message=TOO_LONG)],
                          description=_l("Skriv det, så den unge kan læse det. Den unge ser noten først."))


class YouthHandoverForm(LocalisedForm):
    """The young person's answer: the note's text, which they may change, and a yes or a no to passing it on."""

    did_well = TextAreaField(_l("Det har du gjort godt"), filters=[strip_text],
                             validators=[DataRequired(_l("Skriv, hvad du har gjort godt.")),
                                         Length(max=NOTE_MAX, message=TOO_LONG)])
    helped = TextAreaField(_l("Det hjalp dig"), filters=[strip_text],
                           validators=[Optional(), Length(max=NOTE_MAX, message=TOO_LONG)])
    watch = TextAreaField(_l("Det skal den næste virksomhed vide"), filters=[strip_text],
                          validators=[Optional(), Length(max=NOTE_MAX, message=TOO_LONG)])
    approve = SubmitField(_l("Ja, send den videre"))


class DeclineHandoverForm(LocalisedForm):
    decline = SubmitField(_l("Nej, send den ikke videre"))


class CheckInForm(LocalisedForm):
    how = RadioField(_l("Hvordan går det?"), choices=choices(HOW_CHOICES),
                     validators=[InputRequired(_l("Vælg, hvordan det går."))])
    wants_help = RadioField(_l("Er der noget, vi skal hjælpe med?"),
                            choices=choices([("no", _l("Nej")), ("yes", _l("Ja"))]),
                            validators=[InputRequired(_l("Vælg ja eller nej."))])
    help_text = TextAreaField(_l("Hvis ja: hvad?"), filters=[strip_text],
                              validators=[Optional(), Length(max=NOTE_MAX, message=TOO_LONG)])


class ReplanForm(LocalisedForm):
    """Which period changed and why; the signature ties "Gennemfør" to the preview staff saw."""

    period = SelectField(_l("Hvilken periode er ændret?"), validate_choice=False,
                         validators=[InputRequired(_l("Vælg en periode."))])
    reason = RadioField(_l("Hvad er sket?"), choices=choices(list(REASONS.items())),
                        validators=[InputRequired(_l("Vælg en grund."))])
    signature = HiddenField()
    preview = SubmitField(_l("Vis, hvad der ændres"))
    apply = SubmitField(_l("Gennemfør omplanlægningen"))
