"""The mail outbox, readable by staff in development."""
