"""Taster pages, one module per audience (company, school, pupil, and the pages they share with the guardian's
link) over one blueprint `tasters`."""

from partnerhub.tasters.views import company, pupil, school, shared
from partnerhub.tasters.views.common import bp

AUDIENCES = (company, school, pupil, shared)  # each module adds its routes to bp when imported

__all__ = ["AUDIENCES", "bp"]
