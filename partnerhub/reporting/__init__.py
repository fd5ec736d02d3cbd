"""Results: the outcomes dashboard, the societal business case, the company partnership page and exports."""

from partnerhub.reporting.views import bp

__all__ = ["bp"]
