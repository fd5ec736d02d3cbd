"""Staff pages for the seams of one rotation: each period boundary with its handover note and each period's
first-week check-in, and the re-plan of the later periods after a change (preview first, then applied at once)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from partnerhub.audit.service import record_now
from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.i18n import ngettext
from partnerhub.permissions import Role, role_required
from partnerhub.planning import seam_forms
from partnerhub.planning.models import Placement, Proposal
from partnerhub.planning.seam_models import HandoverNote
from partnerhub.planning.services import checkins, handover, replan
from partnerhub.planning.services.common import PlanningError, require_staff
from partnerhub.planning.views.common import Page, bp, saved


@dataclass
class Seam:
    """One boundary: the placement that ends, the one that follows, and the note between them."""

    outgoing: Placement
    incoming: Placement
    note: HandoverNote | None


def _proposal_or_404(proposal_id: int) -> Proposal:
    return db.get_or_404(Proposal, proposal_id)


def seams_of(proposal: Proposal) -> list[Seam]:
    live = sorted((p for p in proposal.placements if not p.called_off), key=lambda p: (p.starts_on, p.id))
    return [Seam(outgoing=a, incoming=b, note=handover.note_of(a)) for a, b in zip(live, live[1:], strict=False)]


@bp.route("/medarbejder/planlaegning/forslag/<id:proposal_id>/overgange")
@role_required(Role.STAFF)
def seams(proposal_id: int) -> str:
    proposal_ = _proposal_or_404(proposal_id)
    require_staff(current_user)
    record_now(current_user, "seams_viewed", object_type="proposal", object_id=proposal_.id,
               subject_user_id=proposal_.profile.user_id)
    live = sorted((p for p in proposal_.placements if not p.called_off), key=lambda p: (p.starts_on, p.id))
    return render_template("planning/seams.html", proposal=proposal_, profile=proposal_.profile,
                           seams=seams_of(proposal_), check_ins=[(p, checkins.status_of(p)) for p in live],
                           day=checkins.today(), state_labels=checkins.STATE_LABELS)


def _replan_form(proposal: Proposal) -> seam_forms.ReplanForm:
    form = seam_forms.ReplanForm()
    form.period.choices = [("", _("Vælg periode"))] + [(str(rp.period_id), rp.period.name)
                                                        for rp in proposal.round.periods]
    return form


@bp.route("/medarbejder/planlaegning/forslag/<id:proposal_id>/omplanlaeg", methods=["GET", "POST"])
@role_required(Role.STAFF)
def replan_rotation(proposal_id: int) -> Page | Response:
    """Pick the changed period and the reason, see what a re-plan changes, then apply it."""
    proposal_ = _proposal_or_404(proposal_id)
    form = _replan_form(proposal_)
    if request.method == "GET" and request.args.get("periode"):
        form.period.data = request.args["periode"]
    result, error = None, None
    if form.validate_on_submit():
        try:
            result = _preview_or_apply(proposal_, form)
        except PlanningError as exc:
            db.session.rollback()
            error = str(exc)
        else:
            if result is None:
                return redirect(url_for("planning.proposal", proposal_id=proposal_.id))
    elif request.method == "POST":
        flash(_("Vælg en periode og en grund."), "error")
    return render_template("planning/replan.html", proposal=proposal_, profile=proposal_.profile, form=form,
                           result=result, error=error), 422 if error or form.errors else 200


def _preview_or_apply(proposal: Proposal, form: seam_forms.ReplanForm) -> replan.Preview | None:
    """The preview to show, or None once the re-plan is applied and committed."""
    period = next((rp.period for rp in proposal.round.periods if str(rp.period_id) == form.period.data), None)
    if period is None:
        raise PlanningError(_("Vælg en periode."))
    if not form.apply.data:
        result = replan.preview(current_user, proposal, period, form.reason.data)
        form.signature.data = result.signature
        return result
    applied = replan.apply(current_user, proposal, period, form.reason.data, form.signature.data or "")
    saved(ngettext("Forløbet er planlagt om: %(num)d periode er ændret. Virksomhederne har fået besked.",
                   "Forløbet er planlagt om: %(num)d perioder er ændret. Virksomhederne har fået besked.",
                   len(applied.changes)))
    return None
