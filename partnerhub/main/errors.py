"""Error pages in the user's language; a denial is written to the audit log."""

from __future__ import annotations

import logging
import threading

from flask import Flask, Response, current_app, render_template, request, session
from flask_babel import force_locale
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from partnerhub.audit.service import record_now
from partnerhub.extensions import db
from partnerhub.i18n import gettext as _
from partnerhub.privacy.cpr import CprNumberRefused

log = logging.getLogger(__name__)


class OutageLog:
    """Logs a database outage once when it starts and once when it ends, not once per refused request."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.refused = 0

    def failed(self, error: Exception) -> None:
        with self._lock:
            self.refused += 1
            first = self.refused == 1
        if first:
            log.error("Database unavailable; answering 503 until it is back: %s", error)

    def answered(self) -> None:
        with self._lock:
            refused, self.refused = self.refused, 0
        if refused:
            log.warning("Database answers again, after %d refused requests", refused)


def register_database_outage(app: Flask) -> None:
    """A database that does not answer is 503 with Retry-After and a page that needs no database, never a 500."""
    outage = OutageLog()

    @app.errorhandler(OperationalError)
    @app.errorhandler(PoolTimeout)
    def database_unavailable(error):
        db.session.rollback()
        outage.failed(error)
        language = session.get("lang")
        if language not in app.config["LANGUAGES"]:
            language = app.config["BABEL_DEFAULT_LOCALE"]
        # The session's language, and no context processors: both the usual ones read the user's row.
        with force_locale(language):
            page = app.jinja_env.get_template("errors/unavailable.html").render(current_locale=language)
        retry_after = str(current_app.config["DATABASE_OUTAGE_RETRY_AFTER_SECONDS"])
        return Response(page, status=503, headers={"Retry-After": retry_after})

    @app.after_request
    def database_answered(response: Response) -> Response:
        if outage.refused and response.status_code < 500 and request.endpoint not in (None, "static"):
            outage.answered()
        return response


def register(app: Flask) -> None:
    register_database_outage(app)
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
