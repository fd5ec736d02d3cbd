"""The coordinator's and the pupil's pages, and staff's view of schools."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from partnerhub.permissions import Role, role_required
from partnerhub.schools import service

bp = Blueprint("schools", __name__)


@bp.route("/skole")
@role_required(Role.COORDINATOR)
def coordinator_home():
    return render_template("schools/coordinator_home.html", school_ids=service.coordinator_school_ids(current_user))


@bp.route("/elev")
@role_required(Role.PUPIL)
def pupil_home():
    return render_template("schools/pupil_home.html", pupil=service.pupil_for_user(current_user))
