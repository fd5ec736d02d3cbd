"""Fair services, one module per thing a newcomer looks for: curious marks, area booths (the hall), finding
companies, company booths and fair events; FairError in common.py is the refusal every one of them may raise.

This package imports nothing itself, so importing one service loads only what that service needs.
"""
