"""Error pages in the user's language; a denial is written to the audit log."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from partnerhub.audit.service import record_now
from partnerhub.extensions import db
from partnerhub.privacy.cpr import CprNumberRefused


def register(app: Flask) -> None:
    @app.errorhandler(400)
    def bad_request(error):
        return render_template("errors/error.html", code=400, title=_("Noget i forespørgslen var forkert"),
                               message=_("Gå tilbage og prøv igen.")), 400

    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        return render_template(
            "errors/error.html", code=400, title=_("Siden var for gammel"),
            message=_("Af sikkerhedshensyn skal formularen sendes igen. Gå tilbage, genindlæs siden og prøv igen."),
        ), 400

    @app.errorhandler(403)
    def forbidden(error):
        db.session.rollback()
        record_now(current_user, "access_denied", outcome="denied",
                   detail={"path": request.path[:300], "method": request.method})
        return render_template("errors/error.html", code=403, title=_("Du har ikke adgang til siden"),
                               message=_("Siden hører til en anden bruger eller en anden rolle.")), 403

    @app.errorhandler(PermissionError)
    def service_refused(error):
        """A service refusing the acting user is the same answer as the edge refusing them: 403, logged."""
        return forbidden(error)

    @app.errorhandler(404)
    def not_found(error):
        return render_template("errors/error.html", code=404, title=_("Siden findes ikke"),
                               message=_("Tjek adressen, eller gå til forsiden.")), 404

    @app.errorhandler(405)
    def method_not_allowed(error):
        return render_template("errors/error.html", code=405, title=_("Det kan man ikke her"),
                               message=_("Gå tilbage og brug knapperne på siden.")), 405

    @app.errorhandler(429)
    def too_many_requests(error):
        return render_template("errors/error.html", code=429, title=_("For mange forsøg"),
                               message=_("Vent et øjeblik, og prøv så igen.")), 429

    @app.errorhandler(CprNumberRefused)
    def cpr_refused(error):
        db.session.rollback()
        return render_template(
            "errors/error.html", code=422, title=_("Det ligner et CPR-nummer"),
            message=_("PartnerHub må ikke gemme CPR-numre. Gå tilbage, fjern nummeret, og gem igen. "
                      "Det øvrige, du skrev, står der stadig, når du går tilbage."),
        ), 422

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return render_template("errors/error.html", code=500, title=_("Der skete en fejl hos os"),
                               message=_("Prøv igen om lidt. Det du skrev er ikke gemt.")), 500
