"""The public face: landing page, language switch, data information, error pages."""

from partnerhub.main.views import bp

__all__ = ["bp"]
