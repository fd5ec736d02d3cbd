"""Only admins search the audit log."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from partnerhub.audit.models import AuditEvent
from partnerhub.extensions import db
from partnerhub.permissions import Role, role_required

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")
PAGE_SIZE = 100


@bp.route("/")
@role_required(Role.ADMIN)
def index():
    query = db.select(AuditEvent).order_by(AuditEvent.id.desc())
    action = request.args.get("handling", "").strip()[:64]
    outcome = request.args.get("udfald", "").strip()[:16]
    if action:
        query = query.where(AuditEvent.action == action)
    if outcome:
        query = query.where(AuditEvent.outcome == outcome)
    page = db.paginate(query, per_page=PAGE_SIZE, max_per_page=PAGE_SIZE, error_out=False)
    return render_template("audit/index.html", page=page, action=action, outcome=outcome)
