"""Young people: self-registration, their home page, and staff's list and invitations."""

from partnerhub.youth.views import bp

__all__ = ["bp"]
