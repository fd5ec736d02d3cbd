"""The blueprint and what every taster page needs."""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user

from partnerhub.companies.models import Company

bp = Blueprint("tasters", __name__)


def own_company() -> Company:
    company = current_user.company
    if company is None:
        abort(403)
    return company
