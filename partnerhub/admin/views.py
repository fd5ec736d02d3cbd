"""User administration: list, create staff, admins and management, deactivate."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from partnerhub.accounts.models import User
from partnerhub.admin import service
from partnerhub.admin.forms import CreateStaffUserForm
from partnerhub.extensions import db
from partnerhub.forms import EmptyForm
from partnerhub.i18n import gettext as _
from partnerhub.permissions import Role, role_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/")
@role_required(Role.ADMIN)
def home():
    role = request.args.get("rolle")
    selected = Role(role) if role in {r.value for r in Role} else None
    return render_template("admin/home.html", users=service.all_users(selected), selected_role=selected,
                           form=CreateStaffUserForm(), toggle_form=EmptyForm())


@bp.route("/brugere/ny", methods=["POST"])
@role_required(Role.ADMIN)
def create_user():
    form = CreateStaffUserForm()
    if form.validate_on_submit():
        user = service.create_staff_user(current_user, name=form.name.data, email=form.email.data,
                                         role=Role(form.role.data))
        db.session.commit()
        flash(_("%(name)s er oprettet og har fået en invitation.", name=user.name), "success")
        return redirect(url_for("admin.home"))
    return render_template("admin/home.html", users=service.all_users(), selected_role=None, form=form,
                           toggle_form=EmptyForm()), 422


@bp.route("/brugere/<id:user_id>/aktiv", methods=["POST"])
@role_required(Role.ADMIN)
def toggle_active(user_id: int):
    user = db.get_or_404(User, user_id)
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            service.set_active(current_user, user, not user.active)
        except service.AdminError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("%(name)s er nu aktiv.", name=user.name) if user.active
                  else _("%(name)s er nu deaktiveret og logget ud.", name=user.name), "success")
    return redirect(url_for("admin.home"))
