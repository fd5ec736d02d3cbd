"""Logging in and out, invitations and passwords."""
