"""The youth unit's start page."""

from partnerhub.staff.views import bp

__all__ = ["bp"]
