"""The one timestamp format every table stores, below every other corpus module so any of
them can stamp a row without importing the database layer."""

from __future__ import annotations

from datetime import datetime, timezone


def now() -> str:
    """UTC timestamp in ISO 8601 (seconds)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
