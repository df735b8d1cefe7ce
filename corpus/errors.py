"""The base of every error a corpus user can act on, below every other corpus module so
each can raise one without importing the database layer."""

from __future__ import annotations


class CorpusError(Exception):
    """Base class for errors a user can act on; the message says what to do next."""
