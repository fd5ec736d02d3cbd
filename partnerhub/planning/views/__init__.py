"""Planning pages, one module per audience (staff, company HR, the young person) over one blueprint, so every URL
and every endpoint name (`planning.<view>`) is the same whichever module holds the view."""

from partnerhub.planning.views import company, staff, staff_seams, youth
from partnerhub.planning.views.common import bp

AUDIENCES = (staff, staff_seams, company, youth)  # each module adds its routes to bp when imported

__all__ = ["AUDIENCES", "bp"]
