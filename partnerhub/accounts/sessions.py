"""The browser session at login and the page to go to after it, shared by every feature that logs someone in."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import session
from flask_login import login_user

from partnerhub.accounts.models import User
from partnerhub.security import fresh_session


def safe_next_url(target: str | None) -> str | None:
    """Only same-site paths, so a crafted link cannot send someone to a look-alike site after login."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def start_session(user: User) -> None:
    """A fresh session at login, so a session fixed before login is worth nothing after it."""
    fresh_session()
    session.permanent = True
    session["last_seen"] = int(time.time())
    login_user(user)
