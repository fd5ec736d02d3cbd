"""Planning forms. Forms whose fields depend on the round (periods, days, questions) are built per request."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, Form, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from partnerhub.forms import DateTextField, MultiCheckboxField, WholeNumberField, choices, known_values, strip_text
from partnerhub.planning.models import AttendanceKind, OutcomeKind
from partnerhub.planning.service import MAX_PERIODS, MAX_WEEKS, REJECT_CODES

TEXT_MAX = 2000


class RoundForm(FlaskForm):
    name = StringField(_l("Navn på runden"), filters=[strip_text], validators=[DataRequired(), Length(max=120)],
                       description=_l("Fx 'Forår 2026'."))
    starts_on = DateTextField(_l("Første dag (en mandag)"), validators=[InputRequired()])
    period_count = WholeNumberField(_l("Antal perioder"), validators=[InputRequired(), NumberRange(1, MAX_PERIODS)])
    period_weeks = WholeNumberField(_l("Uger pr. periode"), validators=[InputRequired(), NumberRange(1, MAX_WEEKS)])
    rotation_k = WholeNumberField(_l("Højst antal virksomheder pr. ung"),
                                  validators=[InputRequired(), NumberRange(1, MAX_PERIODS)],
                                  description=_l("En ung kommer aldrig to gange til samme virksomhed."))
    carry_capacity = BooleanField(_l("Brug virksomhedernes seneste kapacitet i nye perioder"), default=True)
    mode = RadioField(_l("Hvordan matcheren vælger"), default="lexicographic", choices=choices([
        ("lexicographic", _l("Flest unge i praktik, så flest hele forløb, så de bedste match")),
        ("diverse", _l("Det samme, men unge uden én fast retning får gerne fag fra mindst to hovedområder")),
    ]), validate_choice=False,
        description=_l("En ung uden én fast retning har valgt fag fra flere hovedområder eller ingen fag endnu."))
    participants = MultiCheckboxField(_l("Unge i runden"), validate_choice=False,
                                      description=_l("Alle aktive unge uden en igangværende praktik er valgt."))

    def validate_starts_on(self, field: DateTextField) -> None:
        if field.data is not None and field.data.weekday() != 0:
            raise ValidationError(_l("Vælg en mandag."))

    def validate_mode(self, field: RadioField) -> None:
        if field.data not in known_values(field):
            raise ValidationError(_l("Vælg, hvordan matcheren skal vælge."))

    def validate_rotation_k(self, field: WholeNumberField) -> None:
        if field.data is not None and self.period_count.data is not None and field.data > self.period_count.data:
            raise ValidationError(_l("Højst lige så mange virksomheder som perioder."))

    @property
    def participant_ids(self) -> list[int]:
        known = {str(c.value) for c in self.participants.choices}
        return [int(v) for v in self.participants.data or [] if str(v) in known]


class ProposalFilterForm(Form):
    """A GET form: filters belong in the address, so a filtered list can be shared and reloaded."""

    readiness = SelectField(_l("Målgruppe"), validate_choice=False)
    trade_area = SelectField(_l("Fagområde"), validate_choice=False)
    town = SelectField(_l("By"), validate_choice=False)
    min_score = SelectField(_l("Mindste score"), validate_choice=False, choices=choices(
        [("", _l("Alle")), ("0.3", "0,3"), ("0.5", "0,5"), ("0.8", "0,8"), ("1.2", "1,2")]))
    status = SelectField(_l("Status"), validate_choice=False)
    sort = SelectField(_l("Sortér efter"), validate_choice=False, choices=choices(
        [("score", _l("Højeste score")), ("name", _l("Navn")), ("warnings", _l("Flest advarsler")),
         ("companies", _l("Flest virksomheder"))]))

    @property
    def min_score_value(self) -> float | None:
        try:
            return float(self.min_score.data) if self.min_score.data else None
        except ValueError:
            return None


class BulkApproveForm(FlaskForm):
    proposal_ids = MultiCheckboxField(_l("Vælg forslag"), validate_choice=False)

    @property
    def ids(self) -> list[int]:
        return [int(v) for v in self.proposal_ids.data or [] if str(v).isdigit() and len(str(v)) < 10]


class RejectForm(FlaskForm):
    code = SelectField(_l("Hvorfor afvises forslaget?"), choices=choices([("", _l("Vælg en grund …"))] + [
        (key, label) for key, label in REJECT_CODES.items()]), validators=[DataRequired(_l("Vælg en grund."))])
    text = TextAreaField(_l("Uddybning (frivillig)"), filters=[strip_text], validators=[Optional(),
                                                                                         Length(max=TEXT_MAX)])


class CompanyChoiceForm(FlaskForm):
    company = SelectField(_l("Virksomhed"), validate_choice=False, validators=[DataRequired(_l("Vælg en virksomhed."))])

    @property
    def company_id(self) -> int | None:
        value = str(self.company.data or "")
        known = {str(c.value) for c in self.company.choices or []}
        return int(value) if value in known and value.isdigit() else None


class ManualPlacementForm(FlaskForm):
    youth = SelectField(_l("Den unge"), validate_choice=False, validators=[DataRequired(_l("Vælg en ung."))])

    def known(self, field: SelectField) -> int | None:
        value = str(field.data or "")
        return int(value) if value.isdigit() and value in {str(c.value) for c in field.choices or []} else None


def manual_form(periods: list, company_choices: list, youth_choices: list, formdata=None) -> ManualPlacementForm:  # noqa: ANN001
    """One company select per period of the round; an empty choice leaves the period out."""

    class Form_(ManualPlacementForm):
        pass

    for period in periods:
        setattr(Form_, f"period_{period.id}", SelectField(period.label, validate_choice=False))
    form = Form_(formdata=formdata) if formdata is not None else Form_()
    form.youth.choices = choices([("", _l("Vælg en ung …"))] + youth_choices)
    form.period_fields = []
    for period in periods:
        field = form[f"period_{period.id}"]
        field.choices = choices([("", _l("Ingen virksomhed i denne periode"))] + company_choices)
        form.period_fields.append((period, field))
    return form


class OfferAnswerForm(FlaskForm):
    answer = RadioField(_l("Jeres svar"), choices=choices([("accept", _l("Ja, vi tager imod den unge")),
                                                          ("decline", _l("Nej, det passer ikke"))]),
                        validators=[InputRequired(_l("Vælg ja eller nej."))])
    reason = TextAreaField(_l("Hvis nej: hvorfor?"), filters=[strip_text], validators=[Optional(),
                                                                                      Length(max=TEXT_MAX)],
                           description=_l("Grunden hjælper Ungeenheden med at finde et bedre match."))

    def validate_reason(self, field: TextAreaField) -> None:
        if self.answer.data == "decline" and not field.data:
            raise ValidationError(_l("Skriv kort, hvorfor I siger nej."))


class StatementForm(FlaskForm):
    employer = BooleanField(_l("Arbejdsgiveren har givet sin skriftlige udtalelse"))
    steward = BooleanField(_l("Tillidsrepræsentanten har givet sin skriftlige udtalelse (eller der er ingen)"))


ATTENDANCE_CHOICES = [("", _l("Til stede")), (AttendanceKind.ABSENT.value, AttendanceKind.ABSENT.lazy_label),
                      (AttendanceKind.NO_SHOW.value, AttendanceKind.NO_SHOW.lazy_label)]


def attendance_form(days: list, current: dict, formdata=None) -> FlaskForm:  # noqa: ANN001
    """One select per working day, "present" by default: HR only marks the exceptions."""

    class Form_(FlaskForm):
        pass

    for day in days:
        setattr(Form_, f"day_{day:%Y%m%d}", SelectField(f"{day:%d.%m.%Y}", validate_choice=False))
    form = Form_(formdata=formdata) if formdata is not None else Form_()
    form.day_fields = []
    for day in days:
        field = form[f"day_{day:%Y%m%d}"]
        field.choices = choices(ATTENDANCE_CHOICES)
        if formdata is None:
            field.data = current.get(day, "")
        form.day_fields.append((day, field))
    return form


def feedback_form(questions: dict, formdata=None) -> FlaskForm:  # noqa: ANN001
    class Form_(FlaskForm):
        comment = TextAreaField(_l("Kommentar (frivillig)"), filters=[strip_text],
                                validators=[Optional(), Length(max=TEXT_MAX)])

    scale = [(str(n), str(n)) for n in range(1, 6)]
    for key, label in questions.items():
        setattr(Form_, f"q_{key}", RadioField(label, choices=choices(scale),
                                              description=_l("1 = slet ikke, 5 = i høj grad"),
                                              validators=[InputRequired(_l("Vælg et tal fra 1 til 5."))]))
    form = Form_(formdata=formdata) if formdata is not None else Form_()
    form.question_fields = [form[f"q_{key}"] for key in questions]
    form.answers = lambda: {key: int(form[f"q_{key}"].data) for key in questions}
    return form


class YouthAnswerForm(FlaskForm):
    answer = RadioField(_l("Hvad siger du til planen?"), choices=choices([
        ("accepted", _l("Ja, jeg vil gerne")), ("talk", _l("Jeg vil gerne tale med min kontaktperson først"))]),
        validators=[InputRequired(_l("Vælg et svar."))])
    comment = TextAreaField(_l("Vil du skrive noget? (frivilligt)"), filters=[strip_text],
                            validators=[Optional(), Length(max=TEXT_MAX)])


class PlacementActionForm(FlaskForm):
    action = SelectField(_l("Hvad skal der ske?"), choices=choices([
        ("", _l("Vælg …")), ("start", _l("Start praktikken")), ("pause", _l("Sæt på pause")),
        ("resume", _l("Fortsæt efter pause")), ("complete", _l("Marker som gennemført")),
        ("end", _l("Afslut før tid")), ("cancel", _l("Træk tilbuddet tilbage"))]),
        validators=[DataRequired(_l("Vælg en handling."))])
    reason = TextAreaField(_l("Grund"), filters=[strip_text], validators=[Optional(), Length(max=TEXT_MAX)],
                           description=_l("Skal udfyldes, når praktikken afsluttes før tid."))


class OutcomeForm(FlaskForm):
    kind = SelectField(_l("Resultat"), choices=choices([("", _l("Vælg …"))] + [(k.value, k.lazy_label)
                                                                                 for k in OutcomeKind]),
                       validators=[DataRequired(_l("Vælg et resultat."))])
    education = StringField(_l("Hvilken uddannelse?"), filters=[strip_text], validators=[Optional(), Length(max=160)])
    note = TextAreaField(_l("Note"), filters=[strip_text], validators=[Optional(), Length(max=TEXT_MAX)])

    def validate_education(self, field: StringField) -> None:
        if self.kind.data == OutcomeKind.EDUCATION.value and not field.data:
            raise ValidationError(_l("Skriv hvilken uddannelse."))


class TaskDoneForm(FlaskForm):
    note = TextAreaField(_l("Hvad blev der gjort?"), filters=[strip_text], validators=[Optional(),
                                                                                      Length(max=TEXT_MAX)])
