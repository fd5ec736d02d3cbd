"""Planning pages: staff run rounds and review proposals; HR answer offers and record attendance; the young
person sees and answers their plan. Views validate, call the service, commit once and redirect."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from partnerhub.audit.service import record
from partnerhub.companies.models import Company, CompanyCapacity, PlanningPeriod
from partnerhub.companies.service import capacity_summary
from partnerhub.extensions import db
from partnerhub.forms import EmptyForm, choices, page_number, parse_date
from partnerhub.jobs.models import BackgroundJob
from partnerhub.jobs.service import check_alive
from partnerhub.permissions import Role, role_required
from partnerhub.planning import forms, ics, service
from partnerhub.planning.models import (
    AttendanceKind,
    FeedbackAuthor,
    FollowUpStatus,
    FollowUpTask,
    OutcomeKind,
    Placement,
    PlacementStatus,
    PlanningRound,
    Proposal,
    ProposalStatus,
    YouthAnswer,
)
from partnerhub.reference import service as reference
from partnerhub.reference.models import TradeArea
from partnerhub.timeutil import utcnow
from partnerhub.youth.models import Readiness, YouthProfile
from partnerhub.youth.service import company_facing_summary, profile_for

bp = Blueprint("planning", __name__)
PROPOSALS_PER_PAGE = 50  # a page staff can review; filters and sorting narrow the rest


def _area_names() -> dict[str, str]:
    return {a.key: a.name for a in db.session.scalars(db.select(TradeArea))}


def _fail(error: Exception) -> None:
    db.session.rollback()
    flash(str(error), "error")


# ---- staff: rounds -------------------------------------------------------------------------------------------------

@bp.route("/medarbejder/planlaegning")
@role_required(Role.STAFF)
def rounds():
    return render_template("planning/rounds.html", rounds=service.rounds_with_participant_counts(),
                           my_tasks=len(service.open_tasks(current_user)))


def _next_monday() -> date:
    upcoming = db.session.scalar(db.select(PlanningPeriod.starts_on).where(PlanningPeriod.starts_on >= utcnow().date())
                                 .order_by(PlanningPeriod.starts_on))
    if upcoming is not None and upcoming.weekday() == 0:
        return upcoming
    today = utcnow().date()
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)


@bp.route("/medarbejder/planlaegning/ny", methods=["GET", "POST"])
@role_required(Role.STAFF)
def new_round():
    eligible = service.default_participants()
    form = forms.RoundForm()
    form.participants.choices = choices([(str(p.id), p.display_name) for p in eligible])
    if request.method == "GET":
        form.starts_on.data, form.period_count.data, form.period_weeks.data = _next_monday(), 3, 4
        form.rotation_k.data = 3
        form.participants.data = [str(p.id) for p in eligible]
    if form.validate_on_submit():
        try:
            round_ = service.create_round(
                current_user, name=form.name.data, starts_on=form.starts_on.data, period_count=form.period_count.data,
                period_weeks=form.period_weeks.data, rotation_k=form.rotation_k.data,
                participant_ids=form.participant_ids, carry_capacity=form.carry_capacity.data, mode=form.mode.data)
        except service.PlanningError as error:
            db.session.rollback()
            form.name.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Runden '%(name)s' er oprettet med %(n)d unge.", name=round_.name, n=len(round_.participants)),
                  "success")
            for warning in service.duration_warnings(round_.period_weeks, service.participant_profiles(round_)):
                flash(warning, "warning")
            return redirect(url_for("planning.round_detail", round_id=round_.id))
    weeks = form.period_weeks.data if isinstance(form.period_weeks.data, int) else 4
    warnings = service.duration_warnings(weeks, eligible)
    return render_template("planning/round_form.html", form=form, warnings=warnings), (422 if form.errors else 200)


def _round_or_404(round_id: int) -> PlanningRound:
    return db.get_or_404(PlanningRound, round_id)


@bp.route("/medarbejder/planlaegning/<id:round_id>")
@role_required(Role.STAFF)
def round_detail(round_id: int):
    round_ = _round_or_404(round_id)
    filters = forms.ProposalFilterForm(request.args)
    filters.readiness.choices = choices([("", _("Alle"))] + [(r.value, r.label) for r in Readiness])
    filters.trade_area.choices = choices([("", _("Alle"))] + [(a.key, a.name) for a in reference.trade_areas()])
    filters.town.choices = choices([("", _("Alle"))] + [(str(t.id), t.name) for t in reference.towns()])
    filters.status.choices = choices([(s.value, s.label) for s in ProposalStatus] + [("", _("Alle"))])
    if not filters.status.data and "status" not in request.args:
        filters.status.data = ProposalStatus.PROPOSED.value
    page = page_number()
    rows, total = service.proposal_rows(round_, readiness=filters.readiness.data or "",
                                        trade_area=filters.trade_area.data or "", town=filters.town.data or "",
                                        min_score=filters.min_score_value, status=filters.status.data or "",
                                        sort=filters.sort.data or "score", page=page, per_page=PROPOSALS_PER_PAGE)
    pages = max(1, -(-total // PROPOSALS_PER_PAGE))
    if filters.sort.data != "warnings":
        service.add_warnings(round_, rows)
    bulk = forms.BulkApproveForm()
    bulk.proposal_ids.choices = choices([(str(r.proposal.id), r.proposal.profile.display_name) for r in rows])
    job = db.session.get(BackgroundJob, round_.last_job_id) if round_.last_job_id else None
    capacities = capacity_summary([rp.period for rp in round_.periods])
    periods = [(rp.period, capacities[rp.period_id]) for rp in round_.periods]
    unplaced_ids = [int(pid) for pid in (round_.unplaced or {})]
    profiles = {str(p.id): p for p in db.session.scalars(
        db.select(YouthProfile).where(YouthProfile.id.in_(unplaced_ids)))} if unplaced_ids else {}
    unplaced = [(profiles.get(pid), code) for pid, code in (round_.unplaced or {}).items()]
    record(current_user, "planning_round_viewed", object_type="planning_round", object_id=round_.id)
    db.session.commit()
    return render_template(
        "planning/round_detail.html", round=round_, rows=rows, total=total, page=page, pages=pages, filters=filters,
        bulk=bulk, job=job, periods=periods, participant_count=service.participant_count(round_),
        unplaced=[(p, c) for p, c in unplaced if p is not None], run_form=EmptyForm(),
        warnings=service.round_duration_warnings(round_), area_names=_area_names())


@bp.route("/medarbejder/planlaegning/<id:round_id>/koer", methods=["POST"])
@role_required(Role.STAFF)
def run(round_id: int):
    round_ = _round_or_404(round_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        job = service.start_run(current_user, round_)
    except service.PlanningError as error:
        _fail(error)
        return redirect(url_for("planning.round_detail", round_id=round_.id))
    db.session.commit()
    return redirect(url_for("planning.job", round_id=round_.id, job_id=job.id))


@bp.route("/medarbejder/planlaegning/<id:round_id>/koersel/<id:job_id>")
@role_required(Role.STAFF)
def job(round_id: int, job_id: int):
    round_ = _round_or_404(round_id)
    background = db.get_or_404(BackgroundJob, job_id)
    if background.kind != service.JOB_KIND or background.payload.get("round_id") != round_.id:
        abort(404)
    return render_template("planning/job.html", round=round_, job=check_alive(background))


@bp.route("/medarbejder/planlaegning/<id:round_id>/godkend", methods=["POST"])
@role_required(Role.STAFF)
def approve_many(round_id: int):
    """Each proposal is its own transaction: one rotation that lost its last seat does not stop the others."""
    round_ = _round_or_404(round_id)
    form = forms.BulkApproveForm()
    if not form.validate_on_submit():
        abort(400)
    approved = 0
    for proposal_id in form.ids:
        proposal = db.session.get(Proposal, proposal_id)
        if proposal is None or proposal.round_id != round_.id:
            continue
        try:
            service.approve(current_user, proposal)
        except service.PlanningError as error:
            _fail(error)
        else:
            db.session.commit()
            approved += 1
    if approved:
        flash(_("%(n)d forslag er godkendt, og virksomhederne har fået tilbud.", n=approved), "success")
    elif not form.ids:
        flash(_("Vælg mindst ét forslag."), "error")
    return redirect(url_for("planning.round_detail", round_id=round_.id))


@bp.route("/medarbejder/planlaegning/<id:round_id>/luk", methods=["POST"])
@role_required(Role.STAFF)
def close_round(round_id: int):
    round_ = _round_or_404(round_id)
    if EmptyForm().validate_on_submit():
        try:
            service.close_round(current_user, round_)
        except service.PlanningError as error:
            _fail(error)
        else:
            db.session.commit()
            flash(_("Runden er lukket."), "success")
    return redirect(url_for("planning.round_detail", round_id=round_.id))


def _company_choices(period: PlanningPeriod | None = None) -> list[tuple[str, str]]:
    query = db.select(Company).join(CompanyCapacity).where(Company.status == "approved").order_by(Company.name)
    if period is not None:
        query = query.where(CompanyCapacity.period_id == period.id)
    return [(str(c.id), c.name) for c in db.session.scalars(query.distinct())]


@bp.route("/medarbejder/planlaegning/<id:round_id>/manuel", methods=["GET", "POST"])
@role_required(Role.STAFF)
def manual(round_id: int):
    round_ = _round_or_404(round_id)
    periods = service.round_period_list(round_)
    youth_choices = [(str(p.id), p.display_name) for p in db.session.scalars(
        db.select(YouthProfile).order_by(YouthProfile.first_name, YouthProfile.id))]
    form = forms.manual_form(periods, _company_choices(), youth_choices,
                             formdata=request.form if request.method == "POST" else None)
    if request.method == "GET" and request.args.get("ung", "").isdigit() and len(request.args["ung"]) < 10:
        form.youth.data = request.args["ung"]
    if form.validate_on_submit():
        profile_id = form.known(form.youth)
        wanted = {period.id: int(field.data) for period, field in form.period_fields
                  if form.known(field) is not None}
        profile = db.session.get(YouthProfile, profile_id) if profile_id else None
        if profile is None:
            form.youth.errors.append(_("Vælg en ung."))
        else:
            try:
                proposal, check = service.manual_proposal(current_user, round_, profile, wanted)
            except service.PlanningError as error:
                db.session.rollback()
                form.youth.errors.append(str(error))
            else:
                db.session.commit()
                flash(_("Forslaget er lavet. Tjek advarslerne, og godkend det."), "success")
                for warning in check.warnings:
                    flash(warning, "warning")
                return redirect(url_for("planning.proposal", proposal_id=proposal.id))
    return render_template("planning/manual.html", round=round_, form=form), (422 if form.errors else 200)


# ---- staff: proposals ----------------------------------------------------------------------------------------------

def _proposal_or_404(proposal_id: int) -> Proposal:
    return db.get_or_404(Proposal, proposal_id)


@bp.route("/medarbejder/planlaegning/<id:round_id>/unge/<id:profile_id>/vurdering")
@role_required(Role.STAFF)
def candidate_scores(round_id: int, profile_id: int):
    round_ = _round_or_404(round_id)
    profile = db.get_or_404(YouthProfile, profile_id)
    rows = service.candidate_scores(current_user, round_, profile)
    db.session.commit()
    return render_template("planning/candidate_scores.html", round=round_, profile=profile, rows=rows)


@bp.route("/medarbejder/planlaegning/forslag/<id:proposal_id>")
@role_required(Role.STAFF)
def proposal(proposal_id: int):
    proposal_ = _proposal_or_404(proposal_id)
    profile = proposal_.profile
    record(current_user, "proposal_viewed", object_type="proposal", object_id=proposal_.id,
           subject_user_id=profile.user_id)
    db.session.commit()
    items = [(item, service.item_warnings(profile, item.company, item.period,
                                          extra_seat=proposal_.status is ProposalStatus.PROPOSED))
             for item in proposal_.items]
    seat_holding = {p.period_id for p in proposal_.placements if p.status in service.SEAT_HOLDING}
    in_items = {i.period_id for i in proposal_.items}
    open_periods = [rp.period for rp in proposal_.round.periods
                    if (proposal_.status is ProposalStatus.PROPOSED and rp.period_id not in in_items)
                    or (proposal_.status is ProposalStatus.APPROVED and rp.period_id not in seat_holding)]
    return render_template(
        "planning/proposal.html", proposal=proposal_, profile=profile, items=items, open_periods=open_periods,
        reject_form=forms.RejectForm(), empty=EmptyForm(), action_form=forms.PlacementActionForm(),
        area_names=_area_names(), max_km=service.adapter.max_travel_km(profile),
        youth_questions=service.YOUTH_QUESTIONS, company_questions=service.COMPANY_QUESTIONS)


@bp.route("/medarbejder/planlaegning/forslag/<id:proposal_id>/godkend", methods=["POST"])
@role_required(Role.STAFF)
def approve(proposal_id: int):
    proposal_ = _proposal_or_404(proposal_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        service.approve(current_user, proposal_)
    except service.PlanningError as error:
        _fail(error)
    else:
        db.session.commit()
        flash(_("Forslaget er godkendt. Virksomhederne har fået et tilbud, og den unge kan se sin plan."), "success")
    return redirect(url_for("planning.proposal", proposal_id=proposal_id))


@bp.route("/medarbejder/planlaegning/forslag/<id:proposal_id>/afvis", methods=["POST"])
@role_required(Role.STAFF)
def reject(proposal_id: int):
    proposal_ = _proposal_or_404(proposal_id)
    form = forms.RejectForm()
    if form.validate_on_submit():
        try:
            service.reject(current_user, proposal_, form.code.data, form.text.data)
        except service.PlanningError as error:
            _fail(error)
        else:
            db.session.commit()
            flash(_("Forslaget er afvist."), "success")
            return redirect(url_for("planning.round_detail", round_id=proposal_.round_id))
    else:
        for errors in form.errors.values():
            flash(" ".join(str(e) for e in errors), "error")
    return redirect(url_for("planning.proposal", proposal_id=proposal_id))


@bp.route("/medarbejder/planlaegning/forslag/<id:proposal_id>/periode/<id:period_id>", methods=["GET", "POST"])
@role_required(Role.STAFF)
def proposal_period(proposal_id: int, period_id: int):
    """Swap or add a company in one period; the alternatives are ranked by score and checked when the page loads."""
    proposal_ = _proposal_or_404(proposal_id)
    period = db.get_or_404(PlanningPeriod, period_id)
    if period_id not in {rp.period_id for rp in proposal_.round.periods}:
        abort(404)
    current = {i.period_id: i.company_id for i in proposal_.items}
    if proposal_.status is ProposalStatus.APPROVED:
        current = {p.period_id: p.company_id for p in proposal_.placements if p.status in service.SEAT_HOLDING}
    ranked = service.alternatives(proposal_.round, proposal_.profile, period, current)
    form = forms.CompanyChoiceForm()
    form.company.choices = choices([("", _("Vælg …"))] + [(str(a.company.id), a.company.name) for a in ranked])
    if form.validate_on_submit():
        company = db.session.get(Company, form.company_id) if form.company_id else None
        if company is None:
            form.company.errors.append(_("Vælg en virksomhed fra listen."))
        else:
            try:
                check = service.set_item(current_user, proposal_, period, company)
            except service.PlanningError as error:
                db.session.rollback()
                form.company.errors.append(str(error))
            else:
                db.session.commit()
                flash(_("%(company)s er sat ind i %(period)s.", company=company.name, period=period.name), "success")
                for warning in check.warnings:
                    flash(warning, "warning")
                return redirect(url_for("planning.proposal", proposal_id=proposal_.id))
    return render_template("planning/proposal_period.html", proposal=proposal_, period=period, ranked=ranked,
                           form=form, current=current.get(period.id)), (422 if form.errors else 200)


@bp.route("/medarbejder/planlaegning/forslag/<id:proposal_id>/periode/<id:period_id>/fjern", methods=["POST"])
@role_required(Role.STAFF)
def drop_period(proposal_id: int, period_id: int):
    proposal_ = _proposal_or_404(proposal_id)
    period = db.get_or_404(PlanningPeriod, period_id)
    if EmptyForm().validate_on_submit():
        try:
            service.drop_item(current_user, proposal_, period)
        except service.PlanningError as error:
            _fail(error)
        else:
            db.session.commit()
            flash(_("%(period)s er fjernet fra forslaget.", period=period.name), "success")
    return redirect(url_for("planning.proposal", proposal_id=proposal_.id))


@bp.route("/medarbejder/planlaegning/forslag/<id:proposal_id>/erstat-resten", methods=["POST"])
@role_required(Role.STAFF)
def replace_rest(proposal_id: int):
    proposal_ = _proposal_or_404(proposal_id)
    if EmptyForm().validate_on_submit():
        count = service.replace_rest(current_user, proposal_)
        db.session.commit()
        flash(_("%(n)d praktikker, der ikke er startet, er trukket tilbage. Vælg nye virksomheder for perioderne.",
                n=count), "success")
    return redirect(url_for("planning.proposal", proposal_id=proposal_.id))


@bp.route("/medarbejder/placeringer/<id:placement_id>", methods=["POST"])
@role_required(Role.STAFF)
def placement_action(placement_id: int):
    placement = db.get_or_404(Placement, placement_id)
    form = forms.PlacementActionForm()
    if form.validate_on_submit():
        try:
            service.staff_change_placement(current_user, placement, form.action.data, form.reason.data)
        except service.PlanningError as error:
            _fail(error)
        else:
            db.session.commit()
            flash(_("Praktikken hos %(company)s er nu: %(status)s.", company=placement.company.name,
                    status=placement.status.label), "success")
    else:
        flash(_("Vælg en handling."), "error")
    return redirect(url_for("planning.proposal", proposal_id=placement.proposal_id))


# ---- staff: follow-up, timeline, outcome ---------------------------------------------------------------------------

@bp.route("/medarbejder/opfoelgning")
@role_required(Role.STAFF)
def follow_ups():
    everyone = request.args.get("alle") == "1"
    tasks = service.open_tasks(None if everyone else current_user)
    return render_template("planning/follow_ups.html", tasks=tasks, everyone=everyone, form=forms.TaskDoneForm(),
                           today=utcnow().date())


@bp.route("/medarbejder/opfoelgning/<id:task_id>", methods=["POST"])
@role_required(Role.STAFF)
def task_done(task_id: int):
    task = db.get_or_404(FollowUpTask, task_id)
    form = forms.TaskDoneForm()
    if form.validate_on_submit():
        try:
            service.transition_task(current_user, task, FollowUpStatus.DONE, form.note.data)
        except service.PlanningError as error:
            _fail(error)
        else:
            db.session.commit()
            flash(_("Opgaven er markeret som udført."), "success")
    return redirect(url_for("planning.follow_ups"))


@bp.route("/medarbejder/unge/<id:profile_id>/forloeb")
@role_required(Role.STAFF)
def timeline(profile_id: int):
    profile = db.get_or_404(YouthProfile, profile_id)
    events = service.timeline(current_user, profile)
    db.session.commit()
    return render_template("planning/timeline.html", profile=profile, events=events, form=forms.OutcomeForm())


@bp.route("/medarbejder/unge/<id:profile_id>/resultat", methods=["POST"])
@role_required(Role.STAFF)
def outcome(profile_id: int):
    profile = db.get_or_404(YouthProfile, profile_id)
    form = forms.OutcomeForm()
    if form.validate_on_submit():
        try:
            service.record_outcome(current_user, profile, OutcomeKind(form.kind.data), education=form.education.data,
                                   note=form.note.data)
        except service.PlanningError as error:
            db.session.rollback()
            form.kind.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Resultatet er gemt. Der kommer påmindelser om 3, 6 og 12 måneder."), "success")
            return redirect(url_for("planning.timeline", profile_id=profile.id))
    events = service.timeline(current_user, profile)
    db.session.commit()
    return render_template("planning/timeline.html", profile=profile, events=events, form=form), 422


# ---- company HR ----------------------------------------------------------------------------------------------------

def _company_id() -> int:
    if current_user.company_id is None:
        abort(403)
    return current_user.company_id


def _company_placement_or_404(placement_id: int) -> Placement:
    placement = service.company_placement(_company_id(), placement_id)
    if placement is None:
        abort(404)
    return placement


@bp.route("/virksomhed/tilbud")
@role_required(Role.COMPANY)
def company_offers():
    placements = service.company_placements(_company_id())
    waiting = [p for p in placements if p.status is PlacementStatus.OFFERED]
    others = [p for p in placements if p.status is not PlacementStatus.OFFERED]
    return render_template("planning/company_offers.html", waiting=waiting, others=others)


def _company_offer_page(placement: Placement, **forms_: object) -> str:
    summary = company_facing_summary(placement.profile)
    record(current_user, "placement_viewed_by_company", object_type="placement", object_id=placement.id,
           subject_user_id=placement.profile.user_id)
    db.session.commit()
    statement = forms_.pop("statement_form", None) or forms.StatementForm(
        employer=placement.statement_employer, steward=placement.statement_steward)
    return render_template("planning/company_offer.html", placement=placement, summary=summary,
                           answer_form=forms_.pop("answer_form", None) or forms.OfferAnswerForm(),
                           statement_form=statement, feedback_open=service.feedback_open(placement))


@bp.route("/virksomhed/tilbud/<id:placement_id>")
@role_required(Role.COMPANY)
def company_offer(placement_id: int):
    return _company_offer_page(_company_placement_or_404(placement_id))


@bp.route("/virksomhed/tilbud/<id:placement_id>/svar", methods=["POST"])
@role_required(Role.COMPANY)
def company_answer(placement_id: int):
    placement = _company_placement_or_404(placement_id)
    form = forms.OfferAnswerForm()
    if form.validate_on_submit():
        try:
            service.answer_offer(current_user, placement, accept=form.answer.data == "accept", reason=form.reason.data)
        except service.PlanningError as error:
            db.session.rollback()
            form.answer.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Tak for jeres svar.") if placement.status is PlacementStatus.ACCEPTED
                  else _("Tak. Ungeenheden finder en anden løsning for perioden."), "success")
            return redirect(url_for("planning.company_offer", placement_id=placement.id))
    return _company_offer_page(placement, answer_form=form), 422


@bp.route("/virksomhed/tilbud/<id:placement_id>/erklaering", methods=["POST"])
@role_required(Role.COMPANY)
def company_statement(placement_id: int):
    placement = _company_placement_or_404(placement_id)
    form = forms.StatementForm()
    if form.validate_on_submit():
        try:
            service.confirm_statement(current_user, placement, employer=form.employer.data, steward=form.steward.data)
        except service.PlanningError as error:
            _fail(error)
        else:
            db.session.commit()
            flash(_("Tjeklisten er gemt."), "success")
    return redirect(url_for("planning.company_offer", placement_id=placement.id))


def _week_start(text: str | None, placement: Placement) -> date:
    day = parse_date(text) if text else None
    if day is None:
        today = utcnow().date()
        day = min(max(today, placement.starts_on), placement.ends_on)
    return day - timedelta(days=day.weekday())


@bp.route("/virksomhed/tilbud/<id:placement_id>/fremmoede", methods=["GET", "POST"])
@role_required(Role.COMPANY)
def company_attendance(placement_id: int):
    placement = _company_placement_or_404(placement_id)
    monday = _week_start(request.args.get("uge") or request.form.get("week"), placement)
    capacity = db.session.scalar(db.select(CompanyCapacity).where(CompanyCapacity.company_id == placement.company_id,
                                                                  CompanyCapacity.period_id == placement.period_id))
    days = service.week_days(placement, monday, capacity.weekday_list if capacity else None)
    current = {a.day: a.kind.value for a in placement.attendance}
    form = forms.attendance_form(days, current, formdata=request.form if request.method == "POST" else None)
    error = None
    if form.validate_on_submit():
        marks = {}
        for day, field in form.day_fields:
            if day > utcnow().date() and not field.data:
                continue  # a future day shown (disabled) as "present": nothing to record yet
            value = field.data or ""
            marks[day] = AttendanceKind(value) if value in {k.value for k in AttendanceKind} else None
        try:
            tasks = service.record_attendance(current_user, placement, marks)
        except service.PlanningError as exc:
            db.session.rollback()
            error = str(exc)
        else:
            db.session.commit()
            flash(_("Fremmødet for ugen er gemt."), "success")
            if tasks:
                flash(_("Ungeenheden er bedt om at følge op med den unge."), "info")
            return redirect(url_for("planning.company_attendance", placement_id=placement.id,
                                    uge=monday.isoformat()))
    weeks = []
    week = placement.starts_on - timedelta(days=placement.starts_on.weekday())
    while week <= placement.ends_on:
        weeks.append(week)
        week += timedelta(weeks=1)
    return render_template("planning/company_attendance.html", placement=placement, form=form, monday=monday,
                           weeks=weeks, error=error, today=utcnow().date()), (422 if error or form.errors else 200)


def _feedback_page(placement: Placement, author: FeedbackAuthor, template: str, back: str):  # noqa: ANN202
    questions = service.COMPANY_QUESTIONS if author is FeedbackAuthor.COMPANY else service.YOUTH_QUESTIONS
    form = forms.feedback_form(questions, formdata=request.form if request.method == "POST" else None)
    error = None
    if form.validate_on_submit():
        try:
            service.give_feedback(current_user, placement, author, form.answers(), form.comment.data)
        except service.PlanningError as exc:
            db.session.rollback()
            error = str(exc)
        else:
            db.session.commit()
            flash(_("Tak for din feedback."), "success")
            return redirect(back)
    return render_template(template, placement=placement, form=form, error=error,
                           is_open=service.feedback_open(placement)), (422 if error or form.errors else 200)


@bp.route("/virksomhed/tilbud/<id:placement_id>/feedback", methods=["GET", "POST"])
@role_required(Role.COMPANY)
def company_feedback(placement_id: int):
    placement = _company_placement_or_404(placement_id)
    return _feedback_page(placement, FeedbackAuthor.COMPANY, "planning/feedback.html",
                          url_for("planning.company_offer", placement_id=placement.id))


def _ics_response(events: list[ics.CalendarEvent], name: str, filename: str) -> Response:
    body = ics.calendar(events, name=name, stamp=utcnow())
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/virksomhed/tilbud/kalender.ics")
@role_required(Role.COMPANY)
def company_calendar():
    placements = [p for p in service.company_placements(_company_id())
                  if p.status in (PlacementStatus.OFFERED, PlacementStatus.ACCEPTED, PlacementStatus.ACTIVE,
                                  PlacementStatus.PAUSED, PlacementStatus.COMPLETED)]
    events = [ics.CalendarEvent(
        uid=f"placement-{p.id}@partnerhub", starts_on=p.starts_on, ends_on=p.ends_on,
        summary=_("Praktik: %(name)s", name=p.profile.first_name), location=p.company.address or "",
        description=_("Praktik gennem Ungeenheden, %(period)s.", period=p.period.name)) for p in placements]
    record(current_user, "company_calendar_downloaded", object_type="company", object_id=_company_id())
    db.session.commit()
    return _ics_response(events, _("Praktikanter"), "praktikanter.ics")


# ---- the young person ----------------------------------------------------------------------------------------------

def _own_profile() -> YouthProfile:
    profile = profile_for(current_user)
    if profile is None:
        abort(403)
    return profile


def _visible(placement: Placement) -> bool:
    return placement.status not in (PlacementStatus.CANCELLED, PlacementStatus.DECLINED)


@bp.route("/ung/plan")
@role_required(Role.YOUTH)
def youth_plan():
    profile = _own_profile()
    plans = [(p, [pl for pl in p.placements if _visible(pl)]) for p in service.youth_proposals(profile)]
    capacities = {}
    for _proposal, placements in plans:
        for placement in placements:
            capacities[placement.id] = db.session.scalar(db.select(CompanyCapacity).where(
                CompanyCapacity.company_id == placement.company_id, CompanyCapacity.period_id == placement.period_id))
    return render_template("planning/youth_plan.html", plans=plans, capacities=capacities,
                           form=forms.YouthAnswerForm(), feedback_open=service.feedback_open)


@bp.route("/ung/plan/<id:proposal_id>/svar", methods=["POST"])
@role_required(Role.YOUTH)
def youth_answer(proposal_id: int):
    profile = _own_profile()
    proposal_ = db.session.get(Proposal, proposal_id)
    if proposal_ is None or proposal_.youth_profile_id != profile.id or proposal_.status is not ProposalStatus.APPROVED:
        abort(404)
    form = forms.YouthAnswerForm()
    if form.validate_on_submit():
        try:
            service.youth_answer(current_user, proposal_, YouthAnswer(form.answer.data), form.comment.data)
        except service.PlanningError as error:
            _fail(error)
        else:
            db.session.commit()
            flash(_("Tak! Du har sagt ja til planen.") if proposal_.youth_answer is YouthAnswer.ACCEPTED
                  else _("Tak. Din kontaktperson kontakter dig snart."), "success")
    else:
        flash(_("Vælg et svar."), "error")
    return redirect(url_for("planning.youth_plan"))


@bp.route("/ung/plan/kalender.ics")
@role_required(Role.YOUTH)
def youth_calendar():
    profile = _own_profile()
    events = []
    for proposal_ in service.youth_proposals(profile):
        for p in proposal_.placements:
            if not _visible(p):
                continue
            company = p.company
            where = ", ".join(x for x in (company.address, company.town.name if company.town else None) if x)
            events.append(ics.CalendarEvent(
                uid=f"placement-{p.id}@partnerhub", starts_on=p.starts_on, ends_on=p.ends_on,
                summary=_("Praktik hos %(company)s", company=company.name), location=where,
                description=_("Kontakt: %(contact)s %(phone)s\n%(tasks)s", contact=company.contact_name or "",
                              phone=company.contact_phone or "", tasks=company.tasks_description or "")))
    return _ics_response(events, _("Min praktikplan"), "min-plan.ics")


@bp.route("/ung/plan/praktik/<id:placement_id>/feedback", methods=["GET", "POST"])
@role_required(Role.YOUTH)
def youth_feedback(placement_id: int):
    placement = service.youth_placement(_own_profile(), placement_id)
    if placement is None:
        abort(404)
    return _feedback_page(placement, FeedbackAuthor.YOUTH, "planning/feedback.html", url_for("planning.youth_plan"))



