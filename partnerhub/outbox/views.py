"""Staff read the outbox in development, where no real mail server is configured."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template
from flask_login import current_user

from partnerhub.audit.service import record
from partnerhub.extensions import db
from partnerhub.outbox.models import OutboxMessage
from partnerhub.outbox.service import displayed_body, recent_messages
from partnerhub.permissions import Role, role_required

bp = Blueprint("outbox", __name__)


def _require_visible_outbox() -> None:
    if not current_app.config["OUTBOX_VISIBLE_TO_STAFF"]:
        abort(404)


@bp.route("/medarbejder/udbakke")
@role_required(Role.STAFF, Role.ADMIN)
def index():
    _require_visible_outbox()
    return render_template("outbox/index.html", messages=recent_messages())


@bp.route("/medarbejder/udbakke/<id:message_id>")
@role_required(Role.STAFF, Role.ADMIN)
def show(message_id: int):
    _require_visible_outbox()
    message = db.get_or_404(OutboxMessage, message_id)
    record(current_user, "outbox_message_viewed", object_type="outbox_message", object_id=message.id,
           subject_user_id=message.recipient_user_id)
    return render_template("outbox/show.html", message=message, body=displayed_body(message, current_user))
