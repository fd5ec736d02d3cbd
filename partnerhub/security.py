"""Cross-cutting protections: headers on every response, bounded ids, session identity and idle timeout, the
allowed hosts, the trusted proxies and the links built from PUBLIC_URL."""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, flash, redirect, request, session, url_for
from flask_login import current_user, logout_user
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import BaseConverter, ValidationError
from werkzeug.wrappers import Response as Redirect

from partnerhub.extensions import db, login_manager
from partnerhub.i18n import gettext as _
from partnerhub.i18n import lazy_gettext as _l

log = logging.getLogger(__name__)

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
    max_age = current_app.config["HSTS_SECONDS"]
    if max_age > 0:
        # Sent on plain HTTP too (browsers ignore it there), so a proxy that hides the scheme cannot switch it off.
        subdomains = "; includeSubDomains" if current_app.config["HSTS_INCLUDE_SUBDOMAINS"] else ""
        response.headers["Strict-Transport-Security"] = f"max-age={max_age}{subdomains}"
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


# Reading preferences, not secrets: they outlive a login, a logout and an idle timeout.
KEPT_PREFERENCES = ("lang", "easy_read")


def fresh_session() -> None:
    """Empties the session (login, logout, idle timeout) but keeps the reading preferences (KEPT_PREFERENCES)."""
    kept = {key: session[key] for key in KEPT_PREFERENCES if session.get(key)}
    session.clear()
    session.update(kept)


def enforce_idle_timeout(app: Flask):  # noqa: ANN201
    def check() -> Redirect | None:
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


def public_url(endpoint: str, **values: Any) -> str:
    """An absolute link for a mail or QR code, from PUBLIC_URL alone: a forged Host header cannot redirect it."""
    base = urlsplit(current_app.config["PUBLIC_URL"])
    current_app.inject_url_defaults(endpoint, values)
    adapter = current_app.url_map.bind(base.netloc, url_scheme=base.scheme, script_name=base.path or "/")
    return adapter.build(endpoint, values, force_external=True)


# A DNS name (labels of 1-63 letters, digits, hyphens) or an IPv4/IPv6 literal, with an optional port.
_HOST_SYNTAX = re.compile(
    r"(?P<name>(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*"
    r"|\[[0-9a-f:.]{2,45}\])(?::(?P<port>[0-9]{1,5}))?"
)
BAD_HOST_PAGE = (
    '<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Forkert adresse</title></head><body>'
    "<h1>Forkert adresse</h1><p>Siden findes ikke på denne adresse. Tjek adressen, og prøv igen.</p>"
    '<p lang="en">Wrong address: this site is not served under that name.</p></body></html>'
).encode()


def host_allowed(host: str, allowed: Iterable[str]) -> bool:
    """True for a well-formed Host header naming an allowed host; '.example.dk' allows its subdomains."""
    match = _HOST_SYNTAX.fullmatch(host.lower())
    if match is None or (match["port"] and not 0 < int(match["port"]) < 65536):
        return False
    name = match["name"].strip("[]")
    return any(name == entry or (entry.startswith(".") and (name.endswith(entry) or name == entry[1:]))
               for entry in allowed)


class HostGuard:
    """WSGI middleware: a request for a host not in ALLOWED_HOSTS gets a plain 400 before the app sees it."""

    def __init__(self, wsgi_app: Callable, allowed: Iterable[str]) -> None:
        self.wsgi_app = wsgi_app
        self.allowed = tuple(entry.lower().strip("[]") for entry in allowed if entry)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        host = environ.get("HTTP_HOST", "")
        if host_allowed(host, self.allowed):
            return self.wsgi_app(environ, start_response)
        log.info("Refused a request for host %r", host[:100])
        start_response("400 Bad Request", [
            ("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(BAD_HOST_PAGE))),
            ("Content-Security-Policy", CONTENT_SECURITY_POLICY), ("X-Content-Type-Options", "nosniff"),
            ("Cache-Control", "no-store"),
        ])
        return [BAD_HOST_PAGE]


def guard_the_edge(app: Flask) -> None:
    """Trusts X-Forwarded-For/-Proto from exactly PROXY_TRUSTED_HOPS proxies; refuses hosts not allowed."""
    hops = app.config["PROXY_TRUSTED_HOPS"]
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]  # Flask's middleware idiom
    app.wsgi_app = HostGuard(app.wsgi_app, app.config["ALLOWED_HOSTS"])  # type: ignore[method-assign]


def init_app(app: Flask) -> None:
    guard_the_edge(app)
    app.url_map.converters["id"] = BoundedIdConverter
    app.after_request(set_security_headers)
    app.before_request(enforce_idle_timeout(app))
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Log ind for at se siden.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"


def token_digest(token: str) -> str:
    """What is stored of a mailed link's token (invitation, consent, referral): its SHA-256, so a database leak opens
    no link."""
    return hashlib.sha256(token.encode()).hexdigest()
