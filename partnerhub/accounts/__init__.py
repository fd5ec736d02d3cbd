"""Logging in and out, invitations and passwords."""

from partnerhub.accounts.views import bp

__all__ = ["bp"]
