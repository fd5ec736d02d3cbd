"""Planning forms. Forms whose fields depend on the round (periods, days, questions) are built per request."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, Field, Form, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from partnerhub.companies.models import Company, PlanningPeriod
from partnerhub.forms import (
    NUMBER_BETWEEN,
    TIME_OF_DAY,
    WEEKDAYS,
    WRITE_A_NUMBER,
    DateTextField,
    LocalisedForm,
    MultiCheckboxField,
    WholeNumberField,
    choices,
    known_values,
    strip_text,
    validate_time,
)
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.planning.models import AttendanceKind, OutcomeKind, ProposalStatus
from partnerhub.planning.services import rounds as round_service
from partnerhub.planning.services.proposals import REJECT_CODES
from partnerhub.planning.services.review import ProposalRow
from partnerhub.planning.services.rounds import MAX_PERIODS, MAX_WEEKS
from partnerhub.reference import service as reference
from partnerhub.youth.models import Readiness, YouthProfile

TEXT_MAX = 2000


class RoundForm(LocalisedForm):
    name = StringField(_l("Navn på runden"), filters=[strip_text], validators=[DataRequired(_l("Skriv et navn.")),
                                                                                Length(max=120)],
                       description=_l("Fx 'Forår 2026'."))
    starts_on = DateTextField(_l("Første dag (en mandag)"), validators=[InputRequired(_l("Skriv en dato."))])
    period_count = WholeNumberField(_l("Antal perioder"), validators=[InputRequired(WRITE_A_NUMBER),
                                                                       NumberRange(1, MAX_PERIODS, NUMBER_BETWEEN)])
    period_weeks = WholeNumberField(_l("Uger pr. periode"), validators=[InputRequired(WRITE_A_NUMBER),
                                                                         NumberRange(1, MAX_WEEKS, NUMBER_BETWEEN)])
    rotation_k = WholeNumberField(_l("Højst antal virksomheder pr. ung"),
                                  validators=[InputRequired(WRITE_A_NUMBER),
                                              NumberRange(1, MAX_PERIODS, NUMBER_BETWEEN)],
                                  description=_l("En ung kommer aldrig to gange til samme virksomhed."))
    carry_capacity = BooleanField(_l("Brug virksomhedernes seneste kapacitet i nye perioder"), default=True)
    mode = RadioField(_l("Hvordan matcheren vælger"), default="lexicographic", choices=choices([
        ("lexicographic", _l("Flest unge i praktik, så flest hele forløb, så de bedste match")),
        ("diverse", _l("Det samme, men unge uden én fast retning får gerne fag fra mindst to hovedområder")),
    ]), validate_choice=False,
        description=_l("En ung uden én fast retning har valgt fag fra flere hovedområder eller ingen fag endnu."))
    participants = MultiCheckboxField(
        _l("Unge i runden"), validate_choice=False,
        description=_l("Alle aktive unge uden en igangværende praktik er valgt, undtagen dem, der er med i en anden "
                       "åben runde i de samme uger."))
    elsewhere: dict[int, str]  # young person id -> the other open round over the same days (set by round_form)

    def validate_starts_on(self, field: DateTextField) -> None:
        if field.data is not None and field.data.weekday() != 0:
            raise ValidationError(_l("Vælg en mandag."))
        if field.data is not None and field.data < round_service.today():
            raise ValidationError(round_service.past_start_message())

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

    @property
    def days_or_default(self) -> tuple[date, date] | None:
        """The first and last day of the round as typed so far; None until the dates are whole."""
        start, count, weeks = self.starts_on.data, self.period_count.data, self.period_weeks.data
        if not isinstance(start, date) or not isinstance(count, int) or not isinstance(weeks, int) or \
                not 1 <= count <= MAX_PERIODS or not 1 <= weeks <= MAX_WEEKS:
            return None
        return start, round_service.round_end(start, count, weeks)

    @property
    def weeks_or_default(self) -> int:
        """The period length typed so far, for the duration warnings; 4 until a whole number is typed."""
        return self.period_weeks.data if isinstance(self.period_weeks.data, int) else DEFAULT_WEEKS

    def round_values(self) -> dict[str, Any]:
        """The keyword arguments of rounds.create_round."""
        return {"name": self.name.data, "starts_on": self.starts_on.data, "period_count": self.period_count.data,
                "period_weeks": self.period_weeks.data, "rotation_k": self.rotation_k.data,
                "participant_ids": self.participant_ids, "carry_capacity": self.carry_capacity.data,
                "mode": self.mode.data}


DEFAULT_PERIODS, DEFAULT_WEEKS = 3, 4


def round_form(eligible: list[YouthProfile], starts_on: date) -> RoundForm:
    """Every eligible young person can be chosen; a new form has three 4-week periods and everyone chosen except
    those already in another open round over the same days."""
    form = RoundForm()
    if not form.is_submitted():
        form.starts_on.data, form.period_count.data, form.period_weeks.data = starts_on, DEFAULT_PERIODS, DEFAULT_WEEKS
        form.rotation_k.data = DEFAULT_PERIODS
    days = form.days_or_default
    busy = form.elsewhere = round_service.in_other_open_rounds(*days) if days else {}
    form.participants.choices = choices([
        (str(p.id), _l("%(name)s – er med i %(round)s", name=p.display_name, round=busy[p.id]) if p.id in busy
         else p.display_name) for p in eligible])
    if not form.is_submitted():
        form.participants.data = [str(p.id) for p in eligible if p.id not in busy]
    return form


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

    def drop_unknown(self) -> None:
        """A value that is not one of a filter's choices (an old link, a typo, a probe) is ignored, as if the filter
        were not set: the list shows, never a 500 from a value the database query cannot take."""
        for field in (self.readiness, self.trade_area, self.town, self.min_score, self.status, self.sort):
            if field.data and str(field.data) not in known_values(field):
                field.data = None

    def criteria(self) -> dict[str, Any]:
        """The keyword arguments of review.proposal_rows."""
        return {"readiness": self.readiness.data or "", "trade_area": self.trade_area.data or "",
                "town": self.town.data or "", "min_score": self.min_score_value, "status": self.status.data or "",
                "sort": self.sort.data or "score"}


def proposal_filter_form(args: MultiDict[str, str]) -> ProposalFilterForm:
    """The filters from the address; with no status asked for, the open proposals are shown."""
    form = ProposalFilterForm(args)
    form.readiness.choices = choices([("", _l("Alle"))] + [(r.value, r.label) for r in Readiness])
    form.trade_area.choices = choices([("", _l("Alle"))] + [(a.key, a.name) for a in reference.trade_areas()])
    form.town.choices = choices([("", _l("Alle"))] + [(str(t.id), t.name) for t in reference.towns()])
    form.status.choices = choices([(s.value, s.label) for s in ProposalStatus] + [("", _l("Alle"))])
    form.drop_unknown()
    if not form.status.data and args.get("status") != "":  # missing or unknown; only "" asks for every status
        form.status.data = ProposalStatus.PROPOSED.value
    return form


class BulkApproveForm(LocalisedForm):
    proposal_ids = MultiCheckboxField(_l("Vælg forslag"), validate_choice=False)

    @property
    def ids(self) -> list[int]:
        return [int(v) for v in self.proposal_ids.data or [] if str(v).isdigit() and len(str(v)) < 10]


def bulk_approve_form(rows: list[ProposalRow]) -> BulkApproveForm:
    form = BulkApproveForm()
    form.proposal_ids.choices = choices([(str(r.id), r.name) for r in rows])
    return form


class RejectForm(LocalisedForm):
    code = SelectField(_l("Hvorfor afvises forslaget?"), choices=choices([("", _l("Vælg en grund …"))] + [
        (key, label) for key, label in REJECT_CODES.items()]), validators=[DataRequired(_l("Vælg en grund."))])
    text = TextAreaField(_l("Uddybning (frivillig)"), filters=[strip_text], validators=[Optional(),
                                                                                         Length(max=TEXT_MAX)])


class CompanyChoiceForm(LocalisedForm):
    company = SelectField(_l("Virksomhed"), validate_choice=False, validators=[DataRequired(_l("Vælg en virksomhed."))])
    offered: dict[str, Company]

    def validate_company(self, field: SelectField) -> None:
        if str(field.data) not in self.offered:
            raise ValidationError(_l("Vælg en virksomhed fra listen."))

    @property
    def chosen(self) -> Company:
        return self.offered[str(self.company.data)]


def company_choice_form(offered: list[Company]) -> CompanyChoiceForm:
    """Only the companies offered on the page can be chosen."""
    form = CompanyChoiceForm()
    form.offered = {str(c.id): c for c in offered}
    form.company.choices = choices([("", _l("Vælg …"))] + [(str(c.id), c.name) for c in offered])
    return form


class ManualPlacementForm(LocalisedForm):
    youth = RadioField(_l("Den unge"), validate_choice=False, validators=[DataRequired(_l("Vælg en ung."))])
    period_fields: list[tuple[PlanningPeriod, SelectField]]

    def known(self, field: Field) -> int | None:
        value = str(field.data or "")
        return int(value) if value.isdigit() and value in {str(c.value) for c in field.choices or []} else None

    def validate_youth(self, field: RadioField) -> None:
        if self.known(field) is None:
            raise ValidationError(_l("Vælg en ung."))

    @property
    def wanted(self) -> dict[int, int]:
        """Period id -> company id for every period given a company from the list."""
        return {period.id: int(field.data) for period, field in self.period_fields if self.known(field) is not None}


def youth_label(profile: YouthProfile) -> str:
    """Enough to tell two young people with the same name apart."""
    facts = [str(x) for x in (profile.birth_year, profile.town.name if profile.town else None) if x]
    return f"{profile.display_name} ({', '.join(facts)})" if facts else profile.display_name


def manual_form(periods: list[PlanningPeriod], company_choices: list[tuple[str, str]],
                youth_options: list[YouthProfile], formdata: MultiDict[str, str] | None = None) -> ManualPlacementForm:
    """One radio button per young person found by the search, one company select per period of the round; an empty
    choice leaves the period out."""

    class Form_(ManualPlacementForm):
        pass

    for period in periods:
        setattr(Form_, f"period_{period.id}", SelectField(period.label, validate_choice=False))
    form = Form_(formdata=formdata) if formdata is not None else Form_()
    form.youth.choices = choices([(str(p.id), youth_label(p)) for p in youth_options])
    form.period_fields = []
    for period in periods:
        field = form[f"period_{period.id}"]
        field.choices = choices([("", _l("Ingen virksomhed i denne periode"))] + company_choices)
        form.period_fields.append((period, field))
    return form


class OfferAnswerForm(LocalisedForm):
    answer = RadioField(_l("Jeres svar"), choices=choices([("accept", _l("Ja, vi tager imod den unge")),
                                                          ("decline", _l("Nej, det passer ikke"))]),
                        validators=[InputRequired(_l("Vælg ja eller nej."))])
    reason = TextAreaField(_l("Hvis nej: hvorfor?"), filters=[strip_text], validators=[Optional(),
                                                                                      Length(max=TEXT_MAX)],
                           description=_l("Grunden hjælper Ungeenheden med at finde et bedre match."))

    def validate_reason(self, field: TextAreaField) -> None:
        if self.answer.data == "decline" and not field.data:
            raise ValidationError(_l("Skriv kort, hvorfor I siger nej."))


class StatementForm(LocalisedForm):
    employer = BooleanField(_l("Arbejdsgiveren har givet sin skriftlige udtalelse"))
    steward = BooleanField(_l("Tillidsrepræsentanten har givet sin skriftlige udtalelse (eller der er ingen)"))


def _text(label: Any, *, rows_max: int = TEXT_MAX, description: Any = None) -> TextAreaField:
    return TextAreaField(label, filters=[strip_text], description=description,
                         validators=[Length(max=rows_max, message=_l("Teksten må højst være %(max)d tegn.",
                                                                     max=rows_max))])


def _line(label: Any) -> StringField:
    return StringField(label, filters=[strip_text],
                       validators=[Length(max=200, message=_l("Teksten må højst være %(max)d tegn.", max=200))])


class AgreementForm(LocalisedForm):
    """The placement agreement staff write; 'approve' saves and approves in one go (and needs a purpose)."""

    purpose_youth = _text(_l("Formålet med den unges egne ord"),
                          description=_l("Skriv det sammen med den unge, fx 'Jeg vil se, om jeg kan lide at arbejde "
                                         "med dyr.'"))
    purpose_staff = _text(_l("Formålet med praktikken"),
                          description=_l("Skal udfyldes, før aftalen kan godkendes."))
    reasons = _text(_l("Begrundelse for afgørelsen"),
                    description=_l("Hvorfor Ungeenheden giver den unge denne praktik. Den unge kan læse den."))
    tasks = _text(_l("Arbejdsopgaver"))
    starts_on = DateTextField(_l("Første dag"), validators=[InputRequired(_l("Skriv den første dag."))])
    ends_on = DateTextField(_l("Sidste dag"), validators=[InputRequired(_l("Skriv den sidste dag."))])
    weekdays = MultiCheckboxField(_l("Hvilke ugedage?"), coerce=int, validate_choice=False,
                                  choices=choices([(d, label) for d, label in WEEKDAYS]),
                                  validators=[DataRequired(_l("Vælg mindst én ugedag."))])
    hours_from = StringField(_l("Fra kl."), filters=[strip_text], validators=[validate_time])
    hours_to = StringField(_l("Til kl."), filters=[strip_text], validators=[validate_time])
    company_contact = _line(_l("Kontaktperson i virksomheden (navn og telefon)"))
    unit_contact = _line(_l("Kontaktperson i Ungeenheden (navn og telefon)"))
    mentor = _line(_l("Mentor (kan udelades)"))
    absence_rule = _text(_l("Hvis den unge ikke kan komme"))
    change_reason = _text(_l("Hvorfor ændres datoer, dage eller tider?"),
                          description=_l("Kun når en godkendt aftale ændres. Den unge kan læse begrundelsen."))
    save = SubmitField(_l("Gem kladde"))
    approve = SubmitField(_l("Gem og godkend"))

    def validate_weekdays(self, field: MultiCheckboxField) -> None:
        if any(day not in range(1, 8) for day in field.data or []):
            raise ValidationError(_l("Vælg ugedage fra listen."))

    def validate_hours_to(self, field: StringField) -> None:
        if self.hours_from.data and field.data and TIME_OF_DAY.match(field.data) and field.data <= self.hours_from.data:
            raise ValidationError(_l("Sluttidspunktet skal være efter starttidspunktet."))

    def values(self) -> dict[str, Any]:
        return {name: self[name].data for name in (
            "purpose_youth", "purpose_staff", "reasons", "tasks", "starts_on", "ends_on", "weekdays", "hours_from",
            "hours_to", "company_contact", "unit_contact", "mentor", "absence_rule", "change_reason")}


class SignForm(LocalisedForm):
    confirm = BooleanField(_l("Jeg har læst aftalen og er enig"),
                           validators=[DataRequired(_l("Sæt kryds, hvis du er enig i aftalen."))])


class GuardianSignForm(LocalisedForm):
    """Staff record the signature of a guardian, who has no account, with the guardian's name."""

    guardian_name = StringField(_l("Forælderens eller værgens navn"), filters=[strip_text],
                                validators=[DataRequired(_l("Skriv navnet på forælderen eller værgen.")),
                                            Length(max=160)])
    confirm = BooleanField(_l("Forælderen eller værgen har læst aftalen og skrevet under"),
                           validators=[DataRequired(_l("Sæt kryds, når forælderen eller værgen har skrevet under."))])


ATTENDANCE_CHOICES = [("", _l("Til stede")), (AttendanceKind.ABSENT.value, AttendanceKind.ABSENT.lazy_label),
                      (AttendanceKind.NO_SHOW.value, AttendanceKind.NO_SHOW.lazy_label)]


class AttendanceForm(LocalisedForm):
    day_fields: list[tuple[date, SelectField]]

    def values(self) -> dict[date, str]:
        """The choice per day: "" is present, otherwise an AttendanceKind value."""
        return {day: field.data or "" for day, field in self.day_fields}


def attendance_form(days: list[date], current: dict[date, str],
                    formdata: MultiDict[str, str] | None = None) -> AttendanceForm:
    """One select per working day, "present" by default: HR only marks the exceptions."""

    class Form_(AttendanceForm):
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


class FeedbackForm(LocalisedForm):
    question_fields: list[RadioField]
    question_keys: list[str]

    def answers(self) -> dict[str, int]:
        return {key: int(self[f"q_{key}"].data) for key in self.question_keys}


def feedback_form(questions: Mapping[str, object], formdata: MultiDict[str, str] | None = None) -> FeedbackForm:
    """One 1-to-5 radio group per question."""

    class Form_(FeedbackForm):
        comment = TextAreaField(_l("Kommentar (frivillig)"), filters=[strip_text],
                                validators=[Optional(), Length(max=TEXT_MAX)])

    scale = [(str(n), str(n)) for n in range(1, 6)]
    for key, label in questions.items():
        setattr(Form_, f"q_{key}", RadioField(label, choices=choices(scale),
                                              description=_l("1 = slet ikke, 5 = i høj grad"),
                                              validators=[InputRequired(_l("Vælg et tal fra 1 til 5."))]))
    form = Form_(formdata=formdata) if formdata is not None else Form_()
    form.question_keys = list(questions)
    form.question_fields = [form[f"q_{key}"] for key in questions]
    return form


class YouthAnswerForm(LocalisedForm):
    answer = RadioField(_l("Hvad siger du til planen?"), choices=choices([
        ("accepted", _l("Ja, jeg vil gerne")), ("talk", _l("Jeg vil gerne tale med min kontaktperson først"))]),
        validators=[InputRequired(_l("Vælg et svar."))])
    comment = TextAreaField(_l("Vil du skrive noget? (frivilligt)"), filters=[strip_text],
                            validators=[Optional(), Length(max=TEXT_MAX)])


class PlacementActionForm(LocalisedForm):
    action = SelectField(_l("Hvad skal der ske?"), choices=choices([
        ("", _l("Vælg …")), ("company_yes", _l("Virksomheden sagde ja i telefonen")),
        ("company_no", _l("Virksomheden sagde nej i telefonen")), ("start", _l("Start praktikken")),
        ("pause", _l("Sæt på pause")),
        ("resume", _l("Fortsæt efter pause")), ("complete", _l("Marker som gennemført")),
        ("end", _l("Afslut før tid")), ("cancel", _l("Træk tilbuddet tilbage"))]),
        validators=[DataRequired(_l("Vælg en handling."))])
    reason = TextAreaField(_l("Grund"), filters=[strip_text], validators=[Optional(), Length(max=TEXT_MAX)],
                           description=_l("Skal udfyldes, når praktikken afsluttes før tid, eller "
                                          "virksomheden siger nej."))


class OutcomeForm(LocalisedForm):
    kind = SelectField(_l("Resultat"), choices=choices([("", _l("Vælg …"))] + [(k.value, k.lazy_label)
                                                                                 for k in OutcomeKind]),
                       validators=[DataRequired(_l("Vælg et resultat."))])
    education = StringField(_l("Hvilken uddannelse?"), filters=[strip_text], validators=[Optional(), Length(max=160)])
    note = TextAreaField(_l("Note"), filters=[strip_text], validators=[Optional(), Length(max=TEXT_MAX)])

    def validate_education(self, field: StringField) -> None:
        if self.kind.data == OutcomeKind.EDUCATION.value and not field.data:
            raise ValidationError(_l("Skriv hvilken uddannelse."))


class TaskDoneForm(LocalisedForm):
    note = TextAreaField(_l("Hvad blev der gjort?"), filters=[strip_text], validators=[
        DataRequired(_l("Skriv, hvad der blev gjort, før du lukker opgaven.")), Length(max=TEXT_MAX)])


class FollowUpFilterForm(Form):
    """A GET form: whose tasks and which status. Anything unknown in the address falls back to the default view."""

    whose = SelectField(_l("Hvis opgaver"), validate_choice=False, choices=choices(
        [("mine", _l("Mine og ikke taget")), ("all", _l("Alle medarbejderes"))]))
    status = SelectField(_l("Status"), validate_choice=False, choices=choices(
        [("open", _l("Åbne")), ("done", _l("Udførte")), ("all", _l("Alle"))]))

    @property
    def criteria(self) -> dict[str, str]:
        """The keyword arguments of followup.tasks (follow_up_filter_form has put junk back to the default)."""
        return {"whose": self.whose.data, "status": self.status.data}

    @property
    def is_default(self) -> bool:
        return self.criteria == {"whose": "mine", "status": "open"}


def follow_up_filter_form(args: MultiDict[str, str]) -> FollowUpFilterForm:
    """The filters from the address; the old link `?alle=1` still means everyone's open tasks."""
    form = FollowUpFilterForm(args)
    if "whose" not in args and args.get("alle") == "1":
        form.whose.data = "all"
    for field in (form.whose, form.status):
        if field.data not in known_values(field):
            field.data = "mine" if field is form.whose else "open"
    return form
