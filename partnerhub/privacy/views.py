"""Access export (HTML and JSON), erasure, consent withdrawal and the admin's retention settings."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from partnerhub.audit.service import record
from partnerhub.extensions import db
from partnerhub.forms import EmptyForm, required
from partnerhub.i18n import gettext as _
from partnerhub.i18n import lazy_gettext as _l
from partnerhub.jobs.service import submit
from partnerhub.outbox.service import send_mail
from partnerhub.permissions import Role, role_required
from partnerhub.privacy import service
from partnerhub.privacy.export import personal_data_export
from partnerhub.privacy.forms import AnonymiseForm, RetentionSettingsForm
from partnerhub.youth.models import YouthProfile
from partnerhub.youth.service import profile_for

bp = Blueprint("privacy", __name__)

FIELD_LABELS = {
    "first_name": _l("Fornavn"), "last_name": _l("Efternavn"), "birth_year": _l("Fødselsår"), "town": _l("By"),
    "transport": _l("Transport"), "max_travel": _l("Hvor langt du vil rejse"), "max_travel_unit": _l("Enhed"),
    "interests": _l("Interesser"), "trade_areas": _l("Fagområder"), "weekdays": _l("Ugedage"),
    "earliest_start": _l("Tidligste start"), "needs_adjustments": _l("Brug for hensyn"),
    "accommodations": _l("Hensyn"), "share_accommodation_details": _l("Virksomheder må se hensynene"),
    "readiness": _l("Målgruppe"), "effort_focus": _l("Indsatsens fokus"), "consultant": _l("Kontaktperson"),
    "notes": _l("Noter"),
}


# Stored as codes (and exported as codes in the JSON file); the page shows them in words.
def _own_profile() -> YouthProfile:
    profile = profile_for(current_user)
    if profile is None:
        abort(404)
    return profile


def _render_export(profile: YouthProfile, *, staff_view: bool, form, status: int = 200):
    """Shared by the young person's own view and staff's view on their behalf; both are logged exports."""
    data = personal_data_export(current_user, profile)
    return render_template("privacy/export.html", labels=FIELD_LABELS, data=data, profile=profile,
                           staff_view=staff_view, form=form), status


def _json_download(data: dict, profile: YouthProfile) -> Response:
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="partnerhub-data-{profile.id}.json"'})


@bp.route("/ung/mine-data")
@role_required(Role.YOUTH)
def own_export():
    return _render_export(_own_profile(), staff_view=False, form=EmptyForm())


@bp.route("/ung/mine-data.json")
@role_required(Role.YOUTH)
def own_export_json():
    profile = _own_profile()
    data = personal_data_export(current_user, profile)
    return _json_download(data, profile)


@bp.route("/ung/samtykke/tilbagekald", methods=["POST"])
@role_required(Role.YOUTH)
def withdraw_consent():
    if EmptyForm().validate_on_submit():
        service.withdraw_sharing_consent(current_user, _own_profile())
        db.session.commit()
        flash(_("Dit samtykke er trukket tilbage. Virksomheder ser nu kun, at du har brug for hensyn."), "success")
    return redirect(url_for("privacy.own_export"))


@bp.route("/ung/sletning", methods=["POST"])
@role_required(Role.YOUTH)
def request_erasure():
    profile = _own_profile()
    if EmptyForm().validate_on_submit():
        staff = profile.staff_record.consultant if profile.staff_record and profile.staff_record.consultant else None
        recipient = staff.email if staff else "ungeenheden@partnerhub.invalid"
        send_mail(recipient, _("Anmodning om sletning"),
                  _("%(name)s (ung nr. %(id)d) beder om at få sine oplysninger slettet i PartnerHub.",
                    name=profile.first_name, id=profile.id),
                  recipient_user_id=staff.id if staff else None)
        record(current_user, "erasure_requested", object_type="youth", object_id=profile.id,
               subject_user_id=profile.user_id)
        db.session.commit()
        flash(_("Vi har givet Ungeenheden besked. De kontakter dig, før noget bliver slettet."), "success")
    return redirect(url_for("privacy.own_export"))


@bp.route("/medarbejder/unge/<id:profile_id>/data")
@role_required(Role.STAFF)
def staff_export(profile_id: int):
    return _render_export(db.get_or_404(YouthProfile, profile_id), staff_view=True, form=AnonymiseForm())


@bp.route("/medarbejder/unge/<id:profile_id>/data.json")
@role_required(Role.STAFF)
def staff_export_json(profile_id: int):
    profile = db.get_or_404(YouthProfile, profile_id)
    data = personal_data_export(current_user, profile)
    return _json_download(data, profile)


@bp.route("/medarbejder/unge/<id:profile_id>/anonymiser", methods=["POST"])
@role_required(Role.STAFF)
def anonymise(profile_id: int):
    profile = db.get_or_404(YouthProfile, profile_id)
    form = AnonymiseForm()
    if not form.validate_on_submit():
        return _render_export(profile, staff_view=True, form=form, status=422)
    service.anonymise(current_user, profile, form.reason.data)
    db.session.commit()
    flash(_("Den unge er anonymiseret. Tal og statistik er bevaret."), "success")
    return redirect(url_for("youth.staff_list"))


@bp.route("/admin/privatliv", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def retention():
    settings = service.retention_settings()
    form = RetentionSettingsForm(obj=settings)
    if form.validate_on_submit():
        service.update_retention_settings(current_user, youth_inactive_days=required(form.youth_inactive_days.data),
                                          audit_retention_days=required(form.audit_retention_days.data))
        db.session.commit()
        flash(_("Reglerne for opbevaring er gemt."), "success")
        return redirect(url_for("privacy.retention"))
    report = service.run_retention(current_user, dry_run=True)
    status = 422 if form.errors else 200
    return render_template("privacy/retention.html", form=form, report=report, run_form=EmptyForm()), status


@bp.route("/admin/privatliv/koer", methods=["POST"])
@role_required(Role.ADMIN)
def run_retention_now():
    if EmptyForm().validate_on_submit():
        job = submit(current_user, "retention", {})
        flash(_("Oprydningen er startet (job %(id)d).", id=job.id), "success")
    return redirect(url_for("privacy.retention"))
