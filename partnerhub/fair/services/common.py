"""What the fair's services share."""

from __future__ import annotations


class FairError(Exception):
    """A refusal with a translated message the view can show as it is."""
