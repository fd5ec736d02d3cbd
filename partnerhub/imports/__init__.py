"""Staff bulk import of companies and young people from CSV, with a dry run first."""

from partnerhub.imports.views import bp

__all__ = ["bp"]
