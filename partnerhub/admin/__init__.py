"""Administration of user accounts."""

from partnerhub.admin.views import bp

__all__ = ["bp"]
