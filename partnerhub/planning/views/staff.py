"""Staff pages: rounds and their matcher runs, the review of proposals, placements, follow-up, timeline and
outcome. Views validate, call a service, commit once and redirect."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from partnerhub.companies.models import PlanningPeriod
from partnerhub.eligibility.service import progress_warning
from partnerhub.extensions import db
from partnerhub.forms import EmptyForm, page_number
from partnerhub.i18n import gettext as _
from partnerhub.i18n import ngettext
from partnerhub.permissions import Role, role_required
from partnerhub.planning import engine_adapter as adapter
from partnerhub.planning import forms
from partnerhub.planning.models import (
    AgreementParty,
    FollowUpStatus,
    FollowUpTask,
    OutcomeKind,
    Placement,
    PlacementAgreement,
    PlanningRound,
    Proposal,
    RoundPeriod,
)
from partnerhub.planning.services import (
    agreements,
    alternatives,
    checks,
    feedback,
    followup,
    outcomes,
    placements,
    proposals,
    review,
    rounds,
    weekdays,
)
from partnerhub.planning.services import (
    timeline as timelines,
)
from partnerhub.planning.services.common import PlanningError, today
from partnerhub.planning.views.common import (
    Page,
    agreement_context,
    agreement_pdf_response,
    bp,
    fail,
    flash_all,
    saved,
    sign_agreement,
)
from partnerhub.reference import service as reference
from partnerhub.youth.models import YouthProfile

# A page staff can review: about a screen and a half on a laptop, and a third less CPU per page view than 50 rows
# (issue 19, session 8: 41–44 against 62–65 ms in-process, the rows being most of the work); filters and sorting
# narrow the rest.
PROPOSALS_PER_PAGE = 25
TASKS_PER_PAGE = 50


def _area_names() -> dict[str, str]:
    return {a.key: a.name for a in reference.trade_areas(include_retired=True)}


def _round_or_404(round_id: int) -> PlanningRound:
    return db.get_or_404(PlanningRound, round_id)


def _proposal_or_404(proposal_id: int) -> Proposal:
    return db.get_or_404(Proposal, proposal_id)


def _round_period_or_404(round_: PlanningRound, period_id: int) -> PlanningPeriod:
    period = next((rp.period for rp in round_.periods if rp.period_id == period_id), None)
    if period is None:
        abort(404)
    return period


# ---- rounds --------------------------------------------------------------------------------------------------------

@bp.route("/medarbejder/planlaegning", endpoint="rounds")
@role_required(Role.STAFF)
def round_list() -> str:
    return render_template("planning/rounds.html", rounds=rounds.rounds_with_participant_counts(),
                           my_tasks=followup.default_view_counts(current_user).open)


@bp.route("/medarbejder/planlaegning/ny", methods=["GET", "POST"])
@role_required(Role.STAFF)
def new_round() -> Page | Response:
    eligible = rounds.default_participants()
    form = forms.round_form(eligible, rounds.next_start())
    if form.validate_on_submit():
        try:
            round_ = rounds.create_round(current_user, **form.round_values())
        except PlanningError as error:
            db.session.rollback()
            form.name.errors.append(str(error))
        else:
            overlap = rounds.round_overlap_warning(round_)
            saved(ngettext("Runden '%(name)s' er oprettet med %(num)d ung.", "Runden '%(name)s' er oprettet med "
                           "%(num)d unge.", len(round_.participants), name=round_.name))
            flash_all(checks.duration_warnings(round_.period_weeks, rounds.participant_profiles(round_)), "warning")
            flash_all([overlap] if overlap else [], "warning")
            return redirect(url_for("planning.round_detail", round_id=round_.id))
    overlap = rounds.overlap_warning(form.elsewhere, eligible)
    if overlap and not form.is_submitted():
        overlap += " " + _("De er ikke valgt. Sæt flueben, hvis de også skal være med i denne runde.")
    warnings = checks.duration_warnings(form.weeks_or_default, eligible) + ([overlap] if overlap else [])
    return render_template("planning/round_form.html", form=form, warnings=warnings), (422 if form.errors else 200)


@bp.route("/medarbejder/planlaegning/<id:round_id>")
@role_required(Role.STAFF)
def round_detail(round_id: int) -> str:
    round_ = db.get_or_404(PlanningRound, round_id, options=[  # the periods with it: the list and overview use them
        joinedload(PlanningRound.periods).joinedload(RoundPeriod.period)])
    filters = forms.proposal_filter_form(request.args)
    page = page_number()
    rows, total = review.proposal_rows(round_, **filters.criteria(), page=page, per_page=PROPOSALS_PER_PAGE)
    overview = rounds.round_overview(current_user, round_)
    return render_template(
        "planning/round_detail.html", round=round_, rows=rows, total=total, page=page, filters=filters,
        pages=max(1, -(-total // PROPOSALS_PER_PAGE)), bulk=forms.bulk_approve_form(rows), run_form=EmptyForm(),
        job=overview.job, periods=overview.periods, participant_count=overview.participant_count,
        unplaced=overview.unplaced, warnings=overview.warnings, to_ring=overview.to_ring)


@bp.route("/medarbejder/planlaegning/<id:round_id>/uden-forslag")
@role_required(Role.STAFF)
def unplaced(round_id: int) -> str:
    """Every young person the last run left without a proposal; the round page names only the first few."""
    round_ = _round_or_404(round_id)
    page = page_number()
    found = rounds.view_unplaced(current_user, round_, page)
    return render_template("planning/unplaced.html", round=round_, unplaced=found, page=page,
                           pages=max(1, -(-found.total // rounds.UNPLACED_PER_PAGE)))


@bp.route("/medarbejder/planlaegning/<id:round_id>/koer", methods=["POST"])
@role_required(Role.STAFF)
def run(round_id: int) -> Response:
    round_ = _round_or_404(round_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        job = rounds.start_run(current_user, round_)
    except PlanningError as error:
        fail(error)
        return redirect(url_for("planning.round_detail", round_id=round_.id))
    db.session.commit()
    return redirect(url_for("planning.job", round_id=round_.id, job_id=job.id))


@bp.route("/medarbejder/planlaegning/<id:round_id>/koersel/<id:job_id>")
@role_required(Role.STAFF)
def job(round_id: int, job_id: int) -> str:
    round_ = _round_or_404(round_id)
    background = rounds.round_job(round_, job_id)
    if background is None:
        abort(404)
    return render_template("planning/job.html", round=round_, job=background)


def _say_approved(offered: list[Placement], approved: int | None = None) -> None:
    """Which companies got the offer in PartnerHub, and a warning naming those to ring."""
    done, call = proposals.approval_messages(offered, approved)
    flash(done, "success")
    flash_all([call] if call else [], "warning")


@bp.route("/medarbejder/planlaegning/<id:round_id>/godkend", methods=["POST"])
@role_required(Role.STAFF)
def approve_many(round_id: int) -> Response:
    """Each proposal is its own transaction: one rotation that lost its last seat does not stop the others."""
    round_ = _round_or_404(round_id)
    form = forms.BulkApproveForm()
    if not form.validate_on_submit():
        abort(400)
    approved, offered = 0, []
    for proposal_id in form.ids:
        proposal_ = db.session.get(Proposal, proposal_id)
        if proposal_ is None or proposal_.round_id != round_.id:
            continue
        try:
            placed = proposals.approve(current_user, proposal_)
        except PlanningError as error:
            fail(error)
        else:
            db.session.commit()
            approved += 1
            offered += placed
    if approved:
        _say_approved(offered, approved)
    elif not form.ids:
        flash(_("Vælg mindst ét forslag."), "error")
    return redirect(url_for("planning.round_detail", round_id=round_.id))


@bp.route("/medarbejder/planlaegning/<id:round_id>/luk", methods=["POST"])
@role_required(Role.STAFF)
def close_round(round_id: int) -> Response:
    round_ = _round_or_404(round_id)
    if EmptyForm().validate_on_submit():
        try:
            rounds.close_round(current_user, round_)
        except PlanningError as error:
            fail(error)
        else:
            saved(_("Runden er lukket."))
    return redirect(url_for("planning.round_detail", round_id=round_.id))


@bp.route("/medarbejder/planlaegning/<id:round_id>/manuel", methods=["GET", "POST"])
@role_required(Role.STAFF)
def manual(round_id: int) -> Page | Response:
    """Place one young person by hand: a name search (a GET form) finds them, the POST form makes the proposal."""
    round_ = _round_or_404(round_id)
    search = request.args.get("q", "").strip()[:80]
    found = proposals.youth_search(search, chosen=request.form.get("youth") or request.args.get("ung"))
    form = forms.manual_form(rounds.round_period_list(round_), proposals.bookable_company_choices(), found.options,
                             formdata=request.form if request.method == "POST" else None)
    if request.method == "GET" and found.chosen is not None:
        form.youth.data = str(found.chosen.id)
    if form.validate_on_submit() and found.chosen is not None:  # the form only knows young people that exist
        try:
            proposal_, check = proposals.manual_proposal(current_user, round_, found.chosen, form.wanted)
        except PlanningError as error:
            db.session.rollback()
            form.youth.errors.append(str(error))
        else:
            saved(_("Forslaget er lavet. Tjek advarslerne, og godkend det."))
            flash_all(check.warnings, "warning")
            return redirect(url_for("planning.proposal", proposal_id=proposal_.id))
    return render_template("planning/manual.html", round=round_, form=form, search=search,
                           found=found), (422 if form.errors else 200)


@bp.route("/medarbejder/planlaegning/<id:round_id>/unge/<id:profile_id>/vurdering")
@role_required(Role.STAFF)
def candidate_scores(round_id: int, profile_id: int) -> str:
    round_ = _round_or_404(round_id)
    profile = db.get_or_404(YouthProfile, profile_id)
    rows = alternatives.candidate_scores(current_user, round_, profile)
    return render_template("planning/candidate_scores.html", round=round_, profile=profile, rows=rows,
                           weights=alternatives.SCORE_WEIGHTS, ruled_out=alternatives.ruled_out(round_, profile))


# ---- proposals -----------------------------------------------------------------------------------------------------

@bp.route("/medarbejder/planlaegning/forslag/<id:proposal_id>")
@role_required(Role.STAFF)
def proposal(proposal_id: int) -> str:
    proposal_ = proposals.proposal_for_page(proposal_id) or abort(404)
    items = proposals.view_proposal(current_user, proposal_)
    return render_template(
        "planning/proposal.html", proposal=proposal_, profile=proposal_.profile, items=items,
        parts={item.id: alternatives.score_parts((item.explanation or {}).get("components")) for item, _w in items},
        days=weekdays.item_weekday_labels(proposal_.profile, [item for item, _w in items]),
        breadth=proposals.breadth_note(proposal_),
        open_periods=proposals.open_periods(proposal_), reject_form=forms.RejectForm(), empty=EmptyForm(),
        action_form=forms.PlacementActionForm(), area_names=reference.trade_area_names(),
        max_km=adapter.max_travel_km(proposal_.profile), youth_questions=feedback.YOUTH_QUESTIONS,
        company_questions=feedback.COMPANY_QUESTIONS, progress_warning=progress_warning(proposal_.profile))


@bp.route("/medarbejder/planlaegning/forslag/<id:proposal_id>/godkend", methods=["POST"])
@role_required(Role.STAFF)
def approve(proposal_id: int) -> Response:
    proposal_ = _proposal_or_404(proposal_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        offered = proposals.approve(current_user, proposal_)
    except PlanningError as error:
        fail(error)
    else:
        db.session.commit()
        _say_approved(offered)
    return redirect(url_for("planning.proposal", proposal_id=proposal_id))


@bp.route("/medarbejder/planlaegning/forslag/<id:proposal_id>/afvis", methods=["POST"])
@role_required(Role.STAFF)
def reject(proposal_id: int) -> Response:
    proposal_ = _proposal_or_404(proposal_id)
    form = forms.RejectForm()
    if form.validate_on_submit():
        try:
            proposals.reject(current_user, proposal_, form.code.data, form.text.data)
        except PlanningError as error:
            fail(error)
        else:
            saved(_("Forslaget er afvist."))
            return redirect(url_for("planning.round_detail", round_id=proposal_.round_id))
    else:
        flash_all((" ".join(str(e) for e in errors) for errors in form.errors.values()), "error")
    return redirect(url_for("planning.proposal", proposal_id=proposal_id))


@bp.route("/medarbejder/planlaegning/forslag/<id:proposal_id>/periode/<id:period_id>", methods=["GET", "POST"])
@role_required(Role.STAFF)
def proposal_period(proposal_id: int, period_id: int) -> Page | Response:
    """Swap or add a company in one period; the alternatives are ranked by score and checked when the page loads."""
    proposal_ = _proposal_or_404(proposal_id)
    period = _round_period_or_404(proposal_.round, period_id)
    current = alternatives.current_companies(proposal_)
    ranked = alternatives.alternatives(proposal_.round, proposal_.profile, period, current)
    form = forms.company_choice_form([a.company for a in ranked])
    if form.validate_on_submit():
        try:
            check = proposals.set_item(current_user, proposal_, period, form.chosen)
        except PlanningError as error:
            db.session.rollback()
            form.company.errors.append(str(error))
        else:
            saved(_("%(company)s er sat ind i %(period)s.", company=form.chosen.name, period=period.name))
            flash_all(check.warnings, "warning")
            return redirect(url_for("planning.proposal", proposal_id=proposal_.id))
    return render_template("planning/proposal_period.html", proposal=proposal_, period=period, ranked=ranked,
                           form=form, current=current.get(period.id)), (422 if form.errors else 200)


@bp.route("/medarbejder/planlaegning/forslag/<id:proposal_id>/periode/<id:period_id>/fjern", methods=["POST"])
@role_required(Role.STAFF)
def drop_period(proposal_id: int, period_id: int) -> Response:
    proposal_ = _proposal_or_404(proposal_id)
    period = db.get_or_404(PlanningPeriod, period_id)
    if EmptyForm().validate_on_submit():
        try:
            proposals.drop_item(current_user, proposal_, period)
        except PlanningError as error:
            fail(error)
        else:
            saved(_("%(period)s er fjernet fra forslaget.", period=period.name))
    return redirect(url_for("planning.proposal", proposal_id=proposal_.id))


@bp.route("/medarbejder/planlaegning/forslag/<id:proposal_id>/erstat-resten", methods=["POST"])
@role_required(Role.STAFF)
def replace_rest(proposal_id: int) -> Response:
    proposal_ = _proposal_or_404(proposal_id)
    if EmptyForm().validate_on_submit():
        count = placements.replace_rest(current_user, proposal_)
        saved(ngettext("%(num)d praktik, der ikke er startet, er trukket tilbage. Vælg en ny virksomhed.",
                       "%(num)d praktikker, der ikke er startet, er trukket tilbage. Vælg nye virksomheder.", count))
    return redirect(url_for("planning.proposal", proposal_id=proposal_.id))


@bp.route("/medarbejder/placeringer/<id:placement_id>", methods=["POST"])
@role_required(Role.STAFF)
def placement_action(placement_id: int) -> Response:
    placement = db.get_or_404(Placement, placement_id)
    form = forms.PlacementActionForm()
    if form.validate_on_submit():
        try:
            placements.staff_change_placement(current_user, placement, form.action.data, form.reason.data)
        except PlanningError as error:
            fail(error)
        else:
            saved(_("Praktikken hos %(company)s er nu: %(status)s.", company=placement.company.name,
                    status=placement.status.label))
    else:
        flash(_("Vælg en handling."), "error")
    return redirect(url_for("planning.proposal", proposal_id=placement.proposal_id))


# ---- the placement agreement ----------------------------------------------------------------------------------------

def _agreement_form_page(placement: Placement, form: forms.AgreementForm, error: str | None = None) -> Page:
    agreement = placement.agreement
    context = agreement_context(agreement) if agreement is not None else {}
    if agreement is not None:
        agreements.view_agreement(current_user, agreement)
    return render_template("planning/agreement_form.html", placement=placement, agreement=agreement, form=form,
                           error=error, guardian_form=forms.GuardianSignForm(), **context), \
        (422 if error or form.errors else 200)


@bp.route("/medarbejder/placeringer/<id:placement_id>/aftale", methods=["GET", "POST"])
@role_required(Role.STAFF)
def staff_agreement(placement_id: int) -> Page | Response:
    """Write the agreement and approve it; a refusal keeps everything typed."""
    placement = db.get_or_404(Placement, placement_id)
    form = forms.AgreementForm(data=agreements.form_values(current_user, placement))
    if not form.validate_on_submit():
        return _agreement_form_page(placement, form)
    try:
        agreements.save_agreement(current_user, placement, agreements.AgreementValues(**form.values()),
                                  approve=bool(form.approve.data))
    except PlanningError as error:
        db.session.rollback()
        return _agreement_form_page(placement, form, str(error))
    saved(_("Aftalen er godkendt. Parterne kan nu læse og skrive under.") if form.approve.data
          else _("Aftalen er gemt."))
    return redirect(url_for("planning.staff_agreement", placement_id=placement.id))


@bp.route("/medarbejder/placeringer/<id:placement_id>/aftale/underskriv", methods=["POST"])
@role_required(Role.STAFF)
def staff_sign_agreement(placement_id: int) -> Response:
    agreement = _agreement_or_404(placement_id)
    return sign_agreement(agreement, AgreementParty.STAFF,
                          url_for("planning.staff_agreement", placement_id=placement_id))


@bp.route("/medarbejder/placeringer/<id:placement_id>/aftale/vaerge", methods=["POST"])
@role_required(Role.STAFF)
def staff_guardian_sign(placement_id: int) -> Response:
    """Staff record the guardian's signature (a guardian has no account), with the guardian's name."""
    agreement = _agreement_or_404(placement_id)
    form = forms.GuardianSignForm()
    if not form.validate_on_submit():
        flash_all((" ".join(str(e) for e in errors) for errors in form.errors.values()), "error")
    else:
        try:
            agreements.sign(current_user, agreement, AgreementParty.GUARDIAN, guardian_name=form.guardian_name.data)
        except PlanningError as error:
            fail(error)
        else:
            saved(_("Forælderens eller værgens underskrift er gemt."))
    return redirect(url_for("planning.staff_agreement", placement_id=placement_id))


@bp.route("/medarbejder/placeringer/<id:placement_id>/aftale.pdf")
@role_required(Role.STAFF)
def staff_agreement_pdf(placement_id: int) -> Response:
    return agreement_pdf_response(_agreement_or_404(placement_id))


def _agreement_or_404(placement_id: int) -> PlacementAgreement:
    agreement = db.get_or_404(Placement, placement_id).agreement
    if agreement is None:
        abort(404)
    return agreement


# ---- follow-up, timeline, outcome ----------------------------------------------------------------------------------

def _filter_args() -> dict[str, Any]:
    """The follow-up page's filters and page, to keep them across a POST and its redirect."""
    return {key: value for key, value in request.args.items() if key in ("whose", "status", "side")}


def _follow_up_page(failed: tuple[FollowUpTask, forms.TaskDoneForm] | None = None) -> str:
    """The list as filtered in the address; a close form that failed is shown on its task with what was typed."""
    filters = forms.follow_up_filter_form(request.args)
    page = page_number()
    rows, total = followup.tasks(current_user, **filters.criteria, page=page, per_page=TASKS_PER_PAGE)
    if failed is not None and failed[0] not in rows:
        rows.insert(0, failed[0])
    return render_template(
        "planning/follow_ups.html", tasks=rows, total=total, page=page, filters=filters,
        pages=max(1, -(-total // TASKS_PER_PAGE)), form=forms.TaskDoneForm(formdata=None), take_form=EmptyForm(),
        failed_id=failed[0].id if failed else None, failed_form=failed[1] if failed else None,
        args=_filter_args(), today=today())


@bp.route("/medarbejder/opfoelgning")
@role_required(Role.STAFF)
def follow_ups() -> str:
    return _follow_up_page()


@bp.route("/medarbejder/opfoelgning/<id:task_id>", methods=["POST"])
@role_required(Role.STAFF)
def task_done(task_id: int) -> Page | Response:
    task = db.get_or_404(FollowUpTask, task_id)
    form = forms.TaskDoneForm()
    if form.validate_on_submit():
        try:
            followup.transition_task(current_user, task, FollowUpStatus.DONE, form.note.data)
        except PlanningError as error:
            fail(error)
        else:
            saved(_("Opgaven er markeret som udført."))
        return redirect(url_for("planning.follow_ups", **_filter_args()))
    if "csrf_token" in form.errors:
        abort(400)
    if not task.is_open:  # closed meanwhile (by a colleague): there is no form left to correct
        flash(_("Opgaven er allerede udført."), "error")
        return redirect(url_for("planning.follow_ups", **_filter_args()))
    return _follow_up_page(failed=(task, form)), 422


@bp.route("/medarbejder/opfoelgning/<id:task_id>/tag", methods=["POST"])
@role_required(Role.STAFF)
def take_task(task_id: int) -> Response:
    task = db.get_or_404(FollowUpTask, task_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        followup.take_task(current_user, task)
    except PlanningError as error:
        fail(error)
    else:
        saved(_("Opgaven om %(name)s er din nu.", name=task.profile.display_name))
    return redirect(url_for("planning.follow_ups", **_filter_args()))


@bp.route("/medarbejder/unge/<id:profile_id>/forloeb")
@role_required(Role.STAFF)
def timeline(profile_id: int) -> str:
    profile = db.get_or_404(YouthProfile, profile_id)
    events = timelines.timeline(current_user, profile)
    return render_template("planning/timeline.html", profile=profile, events=events, form=forms.OutcomeForm())


@bp.route("/medarbejder/unge/<id:profile_id>/resultat", methods=["POST"])
@role_required(Role.STAFF)
def outcome(profile_id: int) -> Page | Response:
    profile = db.get_or_404(YouthProfile, profile_id)
    form = forms.OutcomeForm()
    if form.validate_on_submit():
        try:
            outcomes.record_outcome(current_user, profile, OutcomeKind(form.kind.data), education=form.education.data,
                                    note=form.note.data)
        except PlanningError as error:
            db.session.rollback()
            form.kind.errors.append(str(error))
        else:
            saved(_("Resultatet er gemt. Der kommer påmindelser om 3, 6 og 12 måneder."))
            return redirect(url_for("planning.timeline", profile_id=profile.id))
    events = timelines.timeline(current_user, profile)
    return render_template("planning/timeline.html", profile=profile, events=events, form=form), 422
