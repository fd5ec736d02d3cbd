"""The mail outbox, readable by staff in development."""

from partnerhub.outbox.views import bp

__all__ = ["bp"]
