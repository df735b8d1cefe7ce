"""Write transactions that two coders can run at once on one corpus file.

``db.atomic()`` opens a deferred ``BEGIN``: two processes may both read, then the second
to write fails at once with "database is locked" (SQLite cannot wait for a snapshot that
is already stale). ``BEGIN IMMEDIATE`` takes the write lock before the first read, so the
busy timeout makes the second writer wait its turn instead, and a check-then-insert (such
as "is this coding already there?") cannot race.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database


@contextmanager
def write_lock(db: Database) -> Iterator[Database]:
    """One transaction holding SQLite's write lock; nested calls become savepoints."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")
