"""Only admins search the audit log; the search itself is logged, since the log is personal data too."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from partnerhub.accounts.models import User
from partnerhub.audit.forms import AuditSearchForm
from partnerhub.audit.service import record, search
from partnerhub.extensions import db
from partnerhub.forms import page_number
from partnerhub.permissions import Role, role_required

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")
PAGE_SIZE = 100


@bp.route("/")
@role_required(Role.ADMIN)
def index():
    form = AuditSearchForm(request.args)
    valid = form.validate() if request.args else True
    filters = {}
    if valid:
        filters = {
            "action": form.action.data, "actor_email": form.actor.data, "subject_email": form.subject.data,
            "outcome": form.outcome.data, "date_from": form.date_from.data, "date_to": form.date_to.data,
        }
    page = db.paginate(search(**filters), page=page_number("page"), per_page=PAGE_SIZE, max_per_page=PAGE_SIZE,
                       error_out=False)
    people = {
        user.id: user for user in db.session.scalars(db.select(User).where(User.id.in_(
            {event.actor_id for event in page.items} | {event.subject_user_id for event in page.items}
        )))
    }
    if request.args:
        record(current_user, "audit_searched", detail={k: str(v) for k, v in filters.items() if v})
    args = {key: value for key, value in request.args.items() if key != "page"}
    return render_template("audit/index.html", page=page, form=form, people=people, args=args), 200 if valid else 422
