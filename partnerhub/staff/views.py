"""The staff home page: what needs doing today."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from partnerhub.companies.service import pending_count
from partnerhub.permissions import Role, role_required
from partnerhub.planning.services.followup import default_view_counts

bp = Blueprint("staff", __name__)


@bp.route("/medarbejder")
@role_required(Role.STAFF)
def home() -> str:
    return render_template("staff/home.html", pending_companies=pending_count(),
                           tasks=default_view_counts(current_user))
