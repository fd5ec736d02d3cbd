"""The audit log and the admin's search in it."""
