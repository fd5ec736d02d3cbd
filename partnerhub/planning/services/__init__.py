"""Planning services, one module per thing a newcomer looks for: rounds, seats, proposals, review, checks,
alternatives, placements, attendance, feedback, follow-up, outcomes, timeline and calendars.

Every function takes the acting user and flushes; the view or CLI commits once. The one exception is a read of
personal data: it is logged with audit.record_now in its own commit, so a GET page never commits anything itself.
Each workflow has one transition function that reads its table in models.py and refuses any other move. A service
handed an object its actor does not own raises PermissionError; a loader scoped to its owner returns None (a 404).
This package imports nothing itself, so importing one service loads only what that service needs.
"""
