"""CSV import pages: upload and dry run, then import everything or nothing."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.i18n import ngettext
from partnerhub.imports import service
from partnerhub.imports.forms import KINDS, ConfirmForm, UploadForm
from partnerhub.permissions import Role, role_required

bp = Blueprint("imports", __name__, url_prefix="/medarbejder/import")


@bp.route("/", methods=["GET", "POST"])
@role_required(Role.STAFF)
def upload():
    """The dry run: nothing is saved here, only checked and shown."""
    form = UploadForm()
    if form.validate_on_submit():
        raw = form.file.data.read(current_app.config["CSV_IMPORT_MAX_BYTES"] + 1) if form.file.data else b""
        if not raw:
            form.file.errors.append(_("Vælg en CSV-fil."))
        elif len(raw) > current_app.config["CSV_IMPORT_MAX_BYTES"]:
            form.file.errors.append(_("Filen er for stor (højst 1 MB)."))
        else:
            text = service.decode(raw)
            parsed = service.parse(form.kind.data, text)
            confirm = ConfirmForm(kind=form.kind.data, csv_text=text)
            return render_template("imports/preview.html", parsed=parsed, confirm=confirm,
                                   kind_label=dict(KINDS)[form.kind.data]), (200 if parsed.ok else 422)
    return render_template("imports/upload.html", form=form, company_columns=service.COMPANY_COLUMNS,
                           youth_columns=service.YOUTH_COLUMNS), (422 if form.errors else 200)


@bp.route("/gennemfoer", methods=["POST"])
@role_required(Role.STAFF)
def confirm():
    form = ConfirmForm()
    if not form.validate_on_submit() or form.kind.data not in dict(KINDS):
        flash(_("Upload filen igen."), "error")
        return redirect(url_for("imports.upload"))
    text = form.csv_text.data or ""
    try:
        count = service.run_import(current_user, form.kind.data, text)
    except service.ImportRefused as error:
        db.session.rollback()
        parsed = service.parse(form.kind.data, text)
        flash(str(error), "error")
        return render_template("imports/preview.html", parsed=parsed, confirm=form,
                               kind_label=dict(KINDS)[form.kind.data]), 422
    db.session.commit()
    flash(ngettext("%(num)d række er importeret, og invitationen er sendt.",
                   "%(num)d rækker er importeret, og invitationerne er sendt.", count), "success")
    return redirect(url_for("companies.staff_list") if form.kind.data == "companies" else url_for("youth.staff_list"))
