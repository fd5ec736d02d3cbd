"""Companies: registration, the HR home page and staff approval."""
