"""The youth unit's start page."""
