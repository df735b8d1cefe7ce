"""Facts about the corpus as a publication (its DOI, title, licence, address, date),
recorded in the corpus itself (table ``corpus_publication``) so that every "cite this
corpus" entry, on a live site, a published copy or a static snapshot, carries them."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from .db import CorpusError, now

# The licence a published corpus carries unless its publisher names another (SPDX id).
DEFAULT_LICENSE = "CC-BY-4.0"

KEYS = ("doi", "title", "license", "base_url", "published_at")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


class BadPublication(CorpusError):
    pass


def normalise_doi(value: str) -> str:
    """``https://doi.org/10.5281/zenodo.123`` -> ``10.5281/zenodo.123``."""
    doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", value.strip(), flags=re.I)
    if not _DOI.match(doi):
        raise BadPublication(
            f'"{value}" is not a DOI; give it as 10.NNNN/suffix (e.g. 10.5281/zenodo.1234567)'
        )
    return doi


def get_publication(conn_or_db) -> dict[str, str]:
    """What is recorded, ``{}`` for a corpus never published (or older than the table)."""
    conn = getattr(conn_or_db, "conn", conn_or_db)
    try:
        return {k: v for k, v in conn.execute("select key, value from corpus_publication")}
    except sqlite3.OperationalError:  # a corpus not yet migrated
        return {}


def set_publication(db: Database, **values: str | None) -> dict[str, str]:
    """Record (or, with ``None``, forget) publication facts; returns all of them."""
    for key, value in values.items():
        if key not in KEYS:
            raise BadPublication(f'"{key}" is not a publication fact; one of {", ".join(KEYS)}')
        if value is None:
            db.execute("delete from corpus_publication where key = ?", [key])
        else:
            if key == "doi":
                value = normalise_doi(value)
            db["corpus_publication"].upsert({"key": key, "value": value, "set_at": now()}, pk="key")
    return get_publication(db)


def copy_corpus(
    source: sqlite3.Connection, target: str | Path, publication: dict[str, str | None]
) -> str:
    """Copy the corpus into one self-contained file (SQLite's backup API, so codings being
    written meanwhile are either wholly in or out), record ``publication`` facts in the
    copy only, and return the copy's corpus version (the same as the source's: versions
    are computed from documents, codes and codings, not from these facts)."""
    from .version import corpus_version

    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
    finally:
        dest.close()
    db = Database(target)
    try:
        db.execute("PRAGMA journal_mode = DELETE")  # one file, readable on a read-only disk
        with db.conn:
            set_publication(db, **publication)
        return corpus_version(db)
    finally:
        db.close()
