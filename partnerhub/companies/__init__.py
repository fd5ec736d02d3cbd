"""Companies: registration, the HR home page and staff approval."""

from partnerhub.companies.views import bp

__all__ = ["bp"]
