"""Planning rounds and placements: staff approve shared rotations, companies and young people answer."""

from partnerhub.planning.views import bp

__all__ = ["bp"]
