"""The public face: landing page, language switch, data information, error pages."""
