"""A short fingerprint of what a corpus holds, recorded with every saved finding.

A finding cites a query result; a reader checking it later needs to know whether the
corpus it ran on is the one they see. The version changes when a document is added,
re-ingested or re-described, when the codebook changes, and when any coding or
suggestion decision is made or undone. It is cheap enough to compute on every page view
at 500,000 passages: documents and codes are hashed row by row (thousands), codings and
decisions through counts and their latest timestamps and event ids (indexes, no text).
"""

from __future__ import annotations

import hashlib

from sqlite_utils import Database

VERSION_LENGTH = 12

_PARTS = (
    # metadata_updated_at joins the row only once set, so a corpus nobody re-described
    # keeps the version it had before the column existed.
    "select id, sha256, coalesce(extractor_version, ''), "
    "coalesce(ingested_at, '') || coalesce('\x1f' || metadata_updated_at, '') "
    "from documents order by id",
    "select id, coalesce(parent_id, ''), label_id from codes order by id",
    "select count(*), coalesce(max(updated_at), '') from codings",
    "select coalesce(max(id), 0) from coding_events",
    "select count(*), coalesce(max(created_at), '') from suggestions",
    "select count(*), coalesce(max(decided_at), '') from suggestion_decisions",
)


def corpus_version(db: Database) -> str:
    """Twelve hex digits that change whenever documents, codes or codings change."""
    digest = hashlib.sha256()
    for sql in _PARTS:
        for row in db.execute(sql):
            digest.update("\x1f".join(str(v) for v in row).encode("utf-8"))
            digest.update(b"\x1e")
        digest.update(b"\x1d")
    return digest.hexdigest()[:VERSION_LENGTH]
