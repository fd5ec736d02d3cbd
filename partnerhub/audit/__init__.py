"""The audit log and the admin's search in it."""

from partnerhub.audit.views import bp

__all__ = ["bp"]
