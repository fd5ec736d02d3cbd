"""Cross-cutting protections: headers on every response, bounded ids, session identity and idle timeout."""

from __future__ import annotations

import time

from flask import Flask, Response, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user
from werkzeug.routing import BaseConverter, ValidationError

from partnerhub.extensions import db, login_manager

# PostgreSQL integers stop at 2**31-1; a bigger id must be a 404, not a DataError (500).
MAX_ID = 2**31 - 1

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class BoundedIdConverter(BaseConverter):
    """`<id:company_id>`: 1–10 digits within PostgreSQL's integer range, else the route does not match (404)."""

    regex = r"[1-9][0-9]{0,9}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValidationError()
        return number

    def to_url(self, value: int) -> str:
        return str(int(value))


def set_security_headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    # same-origin keeps the Referer that Flask-WTF's CSRF check needs over HTTPS, and leaks nothing to others.
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if request.endpoint != "static":
        # Pages may show personal data; nothing outside static files is kept by browsers or proxies.
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    return response


@login_manager.user_loader
def load_user(identity: str):  # noqa: ANN201 - Flask-Login's hook
    """The identity is 'id:generation'; a cookie from before a logout carries an old generation and is refused."""
    from partnerhub.accounts.models import User

    user_id, _sep, generation = identity.partition(":")
    if not (user_id.isdigit() and generation.isdigit()) or int(user_id) > MAX_ID:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_generation != int(generation) or not user.active:
        return None
    return user


def fresh_session() -> None:
    """Empties the session (login, logout, idle timeout) but keeps the chosen language, which is not a secret."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language


def enforce_idle_timeout(app: Flask):  # noqa: ANN201
    def check() -> Response | None:
        if request.endpoint == "static" or not current_user.is_authenticated:
            return None
        now = int(time.time())
        last_seen = session.get("last_seen", now)
        if now - int(last_seen) > app.config["IDLE_TIMEOUT"].total_seconds():
            logout_user()
            fresh_session()
            flash(_("Du er blevet logget ud, fordi du ikke har brugt PartnerHub i et stykke tid."), "info")
            return redirect(url_for("accounts.login"))
        session["last_seen"] = now
        return None

    return check


def init_app(app: Flask) -> None:
    app.url_map.converters["id"] = BoundedIdConverter
    app.after_request(set_security_headers)
    app.before_request(enforce_idle_timeout(app))
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Log ind for at se siden.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
