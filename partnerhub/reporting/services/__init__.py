"""Results services, one module per thing a newcomer looks for: the dashboard, outcomes, cost figures, the business
case, a company's partnership, the responsibility award and the placement list, over the filters in common.py.

This package imports nothing itself, so importing one service loads only what that service needs.
"""
