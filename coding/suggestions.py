"""The one writer of stored suggestions and of each coder's decision on them.

Suggestions are written by ``telaah suggest`` (:mod:`coding.suggest.engine` computes them,
spaCy and all), decided by ``telaah review`` (:mod:`coding.review`) and follow their code
when it is renamed or merged (:mod:`coding.codebook`). Those three reach the tables only
through this small module, which imports nothing heavy, so reviewing or renaming never
loads spaCy.
"""

from __future__ import annotations

from sqlite_utils import Database


def store(db: Database, rows: list[dict], stamp: str, *, document_id: str | None) -> None:
    """Save a run's suggestions (``rows`` with stable ids): new ones pending, known ones
    refreshed, and ones this run no longer makes dropped unless a coder decided on them.
    The caller holds the write lock."""
    keep = {r["id"] for r in rows}
    existing = {
        r["id"]
        for r in db.query(
            "select id from suggestions" + (" where document_id = ?" if document_id else ""),
            [document_id] if document_id else [],
        )
    }
    for r in rows:
        if r["id"] in existing:
            db["suggestions"].update(r["id"], {k: v for k, v in r.items() if k != "id"})
        else:
            db["suggestions"].insert({**r, "status": "pending", "created_at": stamp})
    decided = {r[0] for r in db.execute("select distinct suggestion_id from suggestion_decisions")}
    for sid in existing - keep - decided:
        db.execute("delete from suggestions where id = ?", [sid])


def record_decision(
    db: Database,
    suggestion_id: str,
    coder: str,
    decision: str,
    *,
    coding_id: str | None,
    start: int | None,
    end: int | None,
    at: str,
) -> None:
    """One coder's decision (accepted, rejected, skipped) and the suggestion's latest status.
    The caller holds the write lock."""
    db["suggestion_decisions"].upsert(
        {
            "suggestion_id": suggestion_id,
            "coder": coder,
            "decision": decision,
            "coding_id": coding_id,
            "char_start": start,
            "char_end": end,
            "decided_at": at,
        },
        pk=("suggestion_id", "coder"),
    )
    db["suggestions"].update(
        suggestion_id, {"status": decision, "decided_by": coder, "decided_at": at}
    )


def recode(db: Database, old_id: str, new_id: str) -> None:
    """Suggestions of a renamed or merged code follow it. The caller holds the write lock."""
    db.execute("update suggestions set code_id = ? where code_id = ?", [new_id, old_id])
