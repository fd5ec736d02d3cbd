"""Guardians of under-18s and their consent to a placement, given through a mailed, single-use link."""
