"""Planning services, one module per thing a newcomer looks for: rounds, seats, proposals, checks, alternatives,
placements, attendance, feedback, follow-up, outcomes, timeline and calendars.

Every function takes the acting user and flushes; the view or CLI commits once. Each workflow has one transition
function that reads its table in models.py and refuses any other move. This package imports nothing itself, so
importing one service loads only what that service needs.
"""
