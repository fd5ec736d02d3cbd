"""Time helpers: naive UTC everywhere, because SQLite drops time zones and mixing the two breaks comparisons."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Naive UTC now; the UI converts to Europe/Copenhagen when it shows a time."""
    return datetime.now(UTC).replace(tzinfo=None)
