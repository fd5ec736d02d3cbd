"""Pages everyone can see, and the home page that sends each role to its own start."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from partnerhub.accounts.sessions import safe_next_url
from partnerhub.extensions import db
from partnerhub.permissions import Role, public, role_required

bp = Blueprint("main", __name__)

HOME_ENDPOINTS = {
    Role.COMPANY: "companies.home",
    Role.YOUTH: "youth.home",
    Role.STAFF: "staff.home",
    Role.ADMIN: "admin.home",
    Role.MANAGEMENT: "reporting.dashboard",
    Role.COORDINATOR: "schools.coordinator_home",
    Role.PUPIL: "schools.pupil_home",
}


@bp.route("/")
@public
def index():
    return render_template("main/index.html")


@bp.route("/hjem")
@role_required(*Role)
def home():
    return redirect(url_for(HOME_ENDPOINTS[current_user.role]))


@bp.route("/sprog", methods=["POST"])
@public
def set_language():
    language = request.form.get("lang", "")
    if language in current_app.config["LANGUAGES"]:
        session["lang"] = language
        if current_user.is_authenticated:
            current_user.locale = language
            db.session.commit()
    return redirect(safe_next_url(request.form.get("next")) or url_for("main.index"))


@bp.route("/dine-data")
@public
def privacy():
    return render_template("main/privacy.html")


@bp.route("/tilgaengelighed")
@public
def accessibility():
    return render_template("main/accessibility.html")


@bp.route("/sundhed")
@public
def health():
    db.session.execute(db.text("SELECT 1"))
    return {"status": "ok"}
