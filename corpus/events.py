"""The audit trail of codings (``coding_events``): its one writer.

Every change to a coding (added, removed, moved by a re-ingest, recoded by a rename or
merge, a memo edited) is one row saying who did it, when and what changed, so the history
of a passage reads back whole even after codings are removed. The trail lives in
``corpus`` (the schema's package) so that any module that changes a coding records it the
same way; today that is :mod:`coding.codings`, the one writer of codings.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlite_utils import Database


def record(db: Database, coding_id: str, action: str, coder: str, at: str, detail: dict) -> None:
    """One event: ``action`` is add, remove, move, edit or unplace; ``detail`` any JSON."""
    record_many(db, [(coding_id, action, coder, at, detail)])


def record_many(db: Database, events: Iterable[tuple[str, str, str, str, dict]]) -> None:
    """Many events in one statement: ``(coding_id, action, coder, at, detail)`` each."""
    db.conn.executemany(
        "INSERT INTO coding_events (coding_id, action, coder, at, detail) VALUES (?, ?, ?, ?, ?)",
        [
            (coding_id, action, coder, at, json.dumps(detail, ensure_ascii=False))
            for coding_id, action, coder, at, detail in events
        ],
    )
